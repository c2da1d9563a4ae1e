#include "protocols/quack/quack_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cstring>

#include "core/client_ids.hpp"
#include "core/crypto.hpp"
#include "core/query_job.hpp"
#include "protocols/quack/data_chunk_writer.hpp"
#include "protocols/quack/append_vectors.hpp"
#include "protocols/quack/result_chunks.hpp"

namespace duckwire::quack {

namespace {

Header answer_header(const Header& request) {
  return Header{request.connection_id, request.client_query_id};
}

// DuckDB's message without its "Binder Error: " style prefix, as DuckDB's server sends it.
std::string raw_message(const std::string& message) {
  const size_t colon = message.find(": ");
  if (colon == std::string::npos || colon < 6) return message;
  const std::string_view kind(message.data(), colon);
  const bool prefix = kind.ends_with(" Error") &&
                      std::all_of(kind.begin(), kind.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == ' '; });
  return prefix ? message.substr(colon + 2) : message;
}

int128_t new_result_uuid() {
  const std::vector<uint8_t> bytes = random_bytes(16);
  uint128_t value = 0;
  std::memcpy(&value, bytes.data(), sizeof value);
  return static_cast<int128_t>(value);
}

Result<std::vector<EncodedChunk>> encode_chunks(const std::vector<VectorChunk>& chunks,
                                               const std::vector<LogicalType>& types) {
  std::vector<EncodedChunk> encoded;
  encoded.reserve(chunks.size());
  for (const VectorChunk& chunk : chunks) {
    auto bytes = encode_chunk(chunk, types);
    if (!bytes) return bytes.error();
    encoded.push_back(std::move(bytes).value());
  }
  return encoded;
}

// Batches an open result's reader reads ahead of its FETCHes.
constexpr size_t kBatchesAhead = 2;

// An open appender's rows have grown past this many bytes: it flushes.
constexpr size_t kAppendFlushBytes = size_t{32} << 20;

size_t decoded_bytes(const DecodedVector& vector) {
  size_t bytes = vector.data.size() + vector.validity.size() * 8 + vector.entries.size() * sizeof(ListEntry);
  for (const std::string_view value : vector.strings) bytes += value.size() + sizeof value;
  for (const DecodedVector& child : vector.children) bytes += decoded_bytes(child);
  return bytes;
}

// Appends `chunk`'s rows to `open`, counting their bytes.
Result<void> add_rows(OpenAppender& open, const DecodedChunk& chunk) {
  if (auto added = open.appender->append_vectors(append_vectors(chunk)); !added) return added.error();
  for (const DecodedVector& column : chunk.columns) open.bytes += decoded_bytes(column);
  return {};
}

std::vector<std::string> table_of(const DecodedAppendRequest& request) {
  std::vector<std::string> table;
  if (!request.schema_name.empty()) table.push_back(request.schema_name);
  table.push_back(request.table_name);
  return table;
}

// The message of a failure that reaches the client after its APPENDs were answered.
constexpr std::string_view kAppendFailed = "APPEND to ";

std::string failed_append(const std::vector<std::string>& table, const std::string& message) {
  std::string name;
  for (const std::string& part : table) name += (name.empty() ? "" : ".") + part;
  return std::string(kAppendFailed) + name + " failed: " + raw_message(message);
}

// Flushes and closes the connection's open appender; a failure names the APPENDs it failed.
Result<void> finish_appending(QuackConnection& connection) {
  if (!connection.appending) return {};
  OpenAppender open = std::move(*connection.appending);
  connection.appending.reset();
  if (auto finished = open.appender->finish(); !finished) {
    connection.in_transaction.reset();
    return Error{finished.error().kind, failed_append(open.table, finished.error().message)};
  }
  return {};
}

Result<void> run_to_end(ResultStream& stream) {
  while (true) {
    auto chunk = stream.next();
    if (!chunk) return chunk.error();
    if (!chunk.value()) return {};
  }
}

// A statement without rows answers as DuckDB does: one BIGINT "Count" of the changed rows.
PrepareResponse count_response(std::optional<int64_t> changed) {
  PrepareResponse response;
  response.result_types = {LogicalType::of(LogicalTypeId::kBigInt)};
  response.result_names = {"Count"};
  const int64_t count = changed.value_or(0);
  EncodedChunk chunk;
  DataChunkWriter writer(chunk);
  writer.begin(1, response.result_types);
  writer.fixed_vector(&count, nullptr);
  if (writer.finish()) response.results.push_back(std::move(chunk));
  response.result_uuid = new_result_uuid();
  return response;
}

}  // namespace

Message error_message(const Header& header, std::string message) {
  return Message{answer_header(header), ErrorResponse{std::move(message)}};
}

Result<QuackAnswer> QuackService::answer(std::string body, const QuackCaller& caller) {
  QuackAnswer answer;
  Message reply;
  const auto message = std::make_shared<const std::string>(std::move(body));
  auto request = decode(*message);
  if (!request) {
    auto header = decode_header(*message);
    if (!header) return Error{ErrorKind::kInvalidInput, "not a Quack message: " + header.error().message};
    answer.type = header.value().type;
    reply = error_message(header.value().header, request.error().message);
  } else {
    const Header& header = request.value().header;
    answer.type = message_type(request.value().body);
    if (const auto* prepare_request = std::get_if<PrepareRequest>(&request.value().body)) {
      answer.sql = prepare_request->sql;
    }
    reply = respond(header, Received{message, request.value().body}, caller, answer);
  }
  answer.connection_id = reply.header.connection_id;
  answer.client_query_id = reply.header.client_query_id;
  if (const auto* error = std::get_if<ErrorResponse>(&reply.body)) answer.error = error->message;
  answer.bytes = encode(reply);
  return answer;
}

std::optional<QuackAnswer> QuackService::answer_append_ahead(std::string& body, const QuackCaller& caller) {
  auto header = decode_header(body);
  if (!header || header.value().type != MessageType::kAppendRequest) return std::nullopt;
  const std::shared_ptr<QuackConnection> connection = sessions_.find(header.value().header.connection_id, caller.now);
  if (!connection || !connection->appends_ahead.accepting()) return std::nullopt;
  const auto message = std::make_shared<std::string>(std::move(body));
  auto request = decode(*message);
  QuackAnswer answer;
  auto* append = request ? std::get_if<DecodedAppendRequest>(&request.value().body) : nullptr;
  if (append == nullptr || !take_append(*connection, *append, message, answer)) {
    body = std::move(*message);
    return std::nullopt;
  }
  const Message reply{answer_header(request.value().header), SuccessResponse{}};
  answer.type = MessageType::kAppendRequest;
  answer.connection_id = reply.header.connection_id;
  answer.client_query_id = reply.header.client_query_id;
  answer.bytes = encode(reply);
  return answer;
}

// One request's turn on its connection: the connection locked for it, its session registered so that
// shutdown interrupts it, the statement timer armed; all undone when the turn ends.
class QuackService::Turn {
 public:
  Turn(QuackService& service, std::shared_ptr<QuackConnection> connection)
      : service_(service), connection_(std::move(connection)), busy_(wait_for(*connection_)) {
    Session& session = *connection_->session;
    session.clear_interrupt();
    const QuackServiceOptions& options = service.options_;
    if (options.active != nullptr) {
      running_ = options.active->add(session);
      if (!running_) return;
    }
    if (options.timer != nullptr && options.statement_timeout.count() > 0) {
      deadline_ = options.timer->arm(options.statement_timeout, [weak = std::weak_ptr(connection_), timed_out = timed_out_] {
        timed_out->store(true);
        if (auto alive = weak.lock()) alive->session->interrupt();
      });
    }
  }
  Turn(const Turn&) = delete;
  Turn& operator=(const Turn&) = delete;
  ~Turn() {
    deadline_.disarm();
    service_.sessions_.release(*connection_, Clock::now());
  }

  bool shutting_down() const { return service_.options_.active != nullptr && !running_; }
  // A request waits for the connection.
  bool wanted() const { return connection_->waiting.load() > 0; }
  // What a failed step answers: the statement timeout's message when the timer interrupted it.
  std::string failure(std::string message) {
    deadline_.disarm();
    if (!timed_out_->load()) return message;
    return fmt::format("{}: the statement did not finish within {} ms", kStatementTimeoutMessage,
                       service_.options_.statement_timeout.count());
  }

 private:
  QuackService& service_;
  std::shared_ptr<QuackConnection> connection_;
  static std::unique_lock<std::mutex> wait_for(QuackConnection& connection) {
    connection.waiting.fetch_add(1);
    std::unique_lock<std::mutex> lock(connection.busy);
    connection.waiting.fetch_sub(1);
    return lock;
  }

  std::unique_lock<std::mutex> busy_;
  std::optional<ActiveQueries::Registration> running_;
  std::shared_ptr<std::atomic<bool>> timed_out_ = std::make_shared<std::atomic<bool>>(false);
  StatementTimer::Armed deadline_;
};

Message QuackService::respond(const Header& header, Received received, const QuackCaller& caller,
                              QuackAnswer& answer) {
  RequestBody& body = received.body;
  if (const auto* connection = std::get_if<ConnectionRequest>(&body)) return connect(header, *connection, caller);
  const std::shared_ptr<QuackConnection> connection = sessions_.find(header.connection_id, caller.now);
  if (!connection) return error_message(header, "Invalid connection id");
  if (const auto* request = std::get_if<FetchRequest>(&body)) {
    if (auto reply = fetch_read_ahead(header, *connection, *request, answer)) return std::move(reply).value();
  }
  if (auto* request = std::get_if<DecodedAppendRequest>(&body)) {
    if (take_append(*connection, *request, received.message, answer)) {
      return Message{answer_header(header), SuccessResponse{}};
    }
  }
  Turn turn(*this, connection);
  if (turn.shutting_down()) return error_message(header, "the server is shutting down");
  connection->appends_ahead.stop();
  if (std::holds_alternative<DisconnectMessage>(body)) {
    connection->appends_ahead.discard();
  } else {
    while (append_taken(*connection, turn)) {
    }
    if (connection->append_failure) {
      const std::string message = std::move(connection->append_failure->message);
      connection->append_failure.reset();
      return error_message(header, message);
    }
  }
  if (!std::holds_alternative<DecodedAppendRequest>(body) && !std::holds_alternative<DisconnectMessage>(body)) {
    if (auto flushed = finish_appending(*connection); !flushed) {
      return error_message(header, turn.failure(raw_message(flushed.error().message)));
    }
  }
  Message reply = std::visit(
      [&](auto& request) -> Message {
        using Body = std::decay_t<decltype(request)>;
        if constexpr (std::is_same_v<Body, PrepareRequest>) {
          connection->in_transaction.reset();
          return prepare(header, *connection, request, turn);
        } else if constexpr (std::is_same_v<Body, FetchRequest>) {
          return fetch(header, *connection, request, turn);
        } else if constexpr (std::is_same_v<Body, DecodedAppendRequest>) {
          return append(header, *connection, request);
        } else if constexpr (std::is_same_v<Body, DisconnectMessage>) {
          return disconnect(header, *connection);
        } else {
          return error_message(header, std::string(kUnsupportedMessageType));
        }
      },
      body);
  if (auto* error = std::get_if<ErrorResponse>(&reply.body)) error->message = turn.failure(std::move(error->message));
  schedule_reader(*connection, answer);
  if (connection->ended) {
    if (auto* error = std::get_if<ErrorResponse>(&reply.body)) connection->ended->error = error->message;
    answer.statement_end = std::move(connection->ended);
    connection->ended.reset();
    answer.principal = connection->client.user;
  }
  return reply;
}

void QuackService::schedule_reader(const QuackConnection& connection, QuackAnswer& answer) {
  const std::shared_ptr<OpenResult> result = connection.result();
  if (result && result->ahead.schedule_reader(kBatchesAhead * options_.response_bytes)) answer.read_ahead = result->uuid;
}

void QuackService::read_ahead(const std::string& connection_id, int128_t result_uuid) {
  const std::shared_ptr<QuackConnection> connection = sessions_.find(connection_id, Clock::now());
  const std::shared_ptr<OpenResult> result = connection ? connection->result() : nullptr;
  if (!result || result->uuid != result_uuid) return;  // a result that replaced it has a reader of its own
  struct Stopped {
    ChunksAhead& ahead;
    ~Stopped() { ahead.reader_stopped(); }
  } stopped{result->ahead};
  const size_t limit = kBatchesAhead * options_.response_bytes;
  // A turn per batch: each under the statement timeout.
  while (true) {
    Turn turn(*this, connection);
    if (turn.shutting_down() || connection->result() != result || !result->stream) return;
    result->ahead.reader_running();
    read_chunks(*result, ReadUntil{.ready = limit, .read = options_.response_bytes, .give_way = true}, turn);
    if (!result->stream || result->ahead.ready_bytes() >= limit || turn.wanted()) return;
  }
}

void QuackService::read_ahead_refused(const std::string& connection_id, int128_t result_uuid) {
  const std::shared_ptr<QuackConnection> connection = sessions_.find(connection_id, Clock::now());
  const std::shared_ptr<OpenResult> result = connection ? connection->result() : nullptr;
  if (result && result->uuid == result_uuid) result->ahead.reader_stopped();
}

// Reads chunks of `result`'s stream until the stream ends or fails or `until` says. The stream is let go
// once it ends.
void QuackService::read_chunks(OpenResult& result, ReadUntil until, Turn& turn) {
  size_t read = 0;
  while (result.stream && result.ahead.ready_bytes() < until.ready && read < until.read) {
    if (until.give_way && turn.wanted()) return;
    auto chunk = result.stream->next_vectors();
    if (!chunk || !chunk.value()) {
      result.stream.reset();
      if (!chunk) {
        result.ahead.end(Error{chunk.error().kind, turn.failure(raw_message(chunk.error().message))});
      } else {
        result.ahead.end(std::nullopt);
      }
      return;
    }
    const size_t bytes = approximate_encoded_bytes(*chunk.value(), result.types);
    read += bytes;
    result.ahead.add(std::move(*chunk.value()), bytes);
  }
}

size_t QuackService::close_idle(Clock::time_point now) {
  // Destroying a session rolls back its open transaction.
  return sessions_.take_idle(now).size();
}

Message QuackService::connect(const Header& header, const ConnectionRequest& request, const QuackCaller& caller) {
  std::string principal;
  if (options_.check_token) {
    auto checked = options_.check_token(request.auth_string, caller.address);
    if (!checked) return error_message(header, checked.error().message);
    principal = std::move(checked).value();
  }
  if (request.min_supported_quack_version > kQuackVersion) {
    return error_message(header, "Quack versions [" + std::to_string(request.min_supported_quack_version) + ", " +
                                     std::to_string(request.max_supported_quack_version) +
                                     "] not supported: the server speaks version " + std::to_string(kQuackVersion));
  }
  auto connection = std::make_shared<QuackConnection>();
  connection->client = ClientInfo{caller.address, principal, "", request.client_platform, caller.port,
                                  next_client_connection_id()};
  connection->owner = caller.admission_owner;
  auto session = backend_.connect_client(connection->client);
  if (!session) return error_message(header, session.error().message);
  connection->session = std::move(session).value();
  auto id = sessions_.add(std::move(connection), caller.now);
  if (!id) return error_message(header, id.error().message);
  return Message{Header{id.value(), header.client_query_id},
                 ConnectionResponse{options_.server_version, options_.platform, kQuackVersion}};
}

Message QuackService::disconnect(const Header& header, QuackConnection& connection) {
  connection.close_result();
  sessions_.remove(header.connection_id);
  return Message{answer_header(header), SuccessResponse{}};
}

Message QuackService::prepare(const Header& header, QuackConnection& connection, const PrepareRequest& request,
                             Turn& turn) {
  connection.close_result();  // a new PREPARE closes the previous result
  const Clock::time_point started = Clock::now();
  connection.ended = StatementEnd{request.sql, false, 0, started, ""};
  auto stream = run_authorized(connection, request.sql);
  if (!stream) return error_message(header, raw_message(stream.error().message));
  if (!stream.value()->returns_rows()) {
    connection.ended = StatementEnd{request.sql, true, 1, started, ""};
    return Message{answer_header(header), count_response(stream.value()->rows_changed())};
  }
  auto types = result_types(stream.value()->schema().columns);
  if (!types) return error_message(header, types.error().message);
  auto result = std::make_shared<OpenResult>();
  result->sql = request.sql;
  result->started = started;
  result->uuid = new_result_uuid();
  result->types = std::move(types).value();
  result->stream = std::move(stream).value();
  PrepareResponse response;
  response.result_types = result->types;
  for (const Column& column : result->stream->schema().columns) response.result_names.push_back(column.name);
  response.result_uuid = result->uuid;
  read_chunks(*result, ReadUntil{.ready = options_.response_bytes}, turn);
  auto taken = result->ahead.take(options_.response_bytes, false);
  auto encoded = taken->error ? Result<std::vector<EncodedChunk>>(*taken->error) : encode_chunks(taken->chunks, result->types);
  if (!encoded) return error_message(header, encoded.error().message);
  response.results = std::move(encoded).value();
  response.needs_more_fetch = !taken->last;
  if (taken->last) {
    connection.ended = StatementEnd{request.sql, true, taken->rows_taken, started, ""};
  } else {
    connection.ended.reset();
  }
  connection.set_result(std::move(result));
  return Message{answer_header(header), std::move(response)};
}

// Without an authorizing backend the statements run as one call (the engine's fast path); with one,
// each statement is prepared, shown to the backend, and run in turn, the last one streaming.
Result<std::unique_ptr<ResultStream>> QuackService::run_authorized(QuackConnection& connection,
                                                                   std::string_view sql) {
  Session& session = *connection.session;
  if (!backend_.authorizes_statements()) return session.execute(sql);
  auto statements = session.split(sql);
  if (!statements) return statements.error();
  if (statements.value()->size() == 0) return Error{ErrorKind::kInvalidInput, "no statement to execute"};
  std::unique_ptr<ResultStream> result;
  for (size_t i = 0; i < statements.value()->size(); ++i) {
    if (result) {
      if (auto drained = run_to_end(*result); !drained) return drained.error();
      result.reset();
    }
    auto statement = statements.value()->prepare(i);
    if (!statement) return statement.error();
    const StatementToAuthorize asked{sql, i, statement.value()->kind()};
    if (auto allowed = backend_.authorize(connection.client, asked); !allowed) return allowed.error();
    auto ran = session.execute(*statement.value(), Parameters{});
    if (!ran) return ran.error();
    result = std::move(ran).value();
  }
  return result;
}

std::optional<Message> QuackService::fetch_read_ahead(const Header& header, QuackConnection& connection,
                                                     const FetchRequest& request, QuackAnswer& answer) {
  const std::shared_ptr<OpenResult> result = connection.result();
  if (!result || result->uuid != request.result_uuid) return std::nullopt;
  auto taken = result->ahead.take(options_.response_bytes, true);
  if (!taken) return std::nullopt;
  std::optional<StatementEnd> ended;
  Message reply = fetch_reply(header, *result, std::move(taken).value(), ended);
  if (ended) {
    answer.statement_end = std::move(ended);
    answer.principal = connection.client.user;
  }
  schedule_reader(connection, answer);
  return reply;
}

Message QuackService::fetch(const Header& header, QuackConnection& connection, const FetchRequest& request,
                           Turn& turn) {
  const std::shared_ptr<OpenResult> result = connection.result();
  if (!result || result->uuid != request.result_uuid) return error_message(header, "Result has been closed");
  read_chunks(*result, ReadUntil{.ready = options_.response_bytes}, turn);
  auto taken = result->ahead.take(options_.response_bytes, false);
  if (taken->closed || taken->error) connection.close_result();
  return fetch_reply(header, *result, std::move(taken).value(), connection.ended);
}

Message QuackService::fetch_reply(const Header& header, OpenResult& result, ChunksAhead::Taken taken,
                                 std::optional<StatementEnd>& ended) {
  if (taken.closed) return error_message(header, "Result has been closed");
  auto encoded = taken.error ? Result<std::vector<EncodedChunk>>(*taken.error) : encode_chunks(taken.chunks, result.types);
  if (!encoded) {
    result.ahead.close();
    ended = StatementEnd{result.sql, false, taken.rows_taken, result.started, encoded.error().message};
    return error_message(header, encoded.error().message);
  }
  FetchResponse response;
  response.results = std::move(encoded).value();
  if (!response.results.empty() && taken.last) {
    ended = StatementEnd{result.sql, true, taken.rows_taken, result.started, ""};
  }
  response.batch_index = response.results.empty() ? kInvalidIndex : taken.batch_index;
  return Message{answer_header(header), std::move(response)};
}

void QuackService::finish_append(const std::string& connection_id) {
  const std::shared_ptr<QuackConnection> connection = sessions_.find(connection_id, Clock::now());
  if (!connection) return;
  // A turn per APPEND: each under the statement timeout.
  while (true) {
    Turn turn(*this, connection);
    if (turn.shutting_down() || !append_taken(*connection, turn)) return;
  }
}

bool QuackService::take_append(QuackConnection& connection, DecodedAppendRequest& request,
                               const std::shared_ptr<const std::string>& message, QuackAnswer& answer) {
  TakenAppend append{message, std::move(request)};
  const std::vector<std::string> table = table_of(append.request);
  bool start_writer = false;
  if (!connection.appends_ahead.take(append, table, message->size(), start_writer)) {
    request = std::move(append.request);
    return false;
  }
  answer.append_later = start_writer;
  return true;
}

bool QuackService::append_taken(QuackConnection& connection, Turn& turn) {
  if (connection.append_failure) return false;
  std::optional<TakenAppend> taken = connection.appends_ahead.next();
  if (!taken) return false;
  const std::vector<std::string> table = table_of(taken->request);
  auto appended = [&]() -> Result<void> {
    // Taken while the rows of `table` went into the open appender; it may have been flushed since.
    if (auto opened = open_appender(connection, table, *taken->request.chunk); !opened) return opened.error();
    return add_rows(*connection.appending, *taken->request.chunk);
  }();
  if (appended && connection.appending->bytes > kAppendFlushBytes) appended = finish_appending(connection);
  if (!appended) {
    connection.appends_ahead.stop();
    connection.appends_ahead.discard();
    connection.appending.reset();
    connection.in_transaction.reset();
    const std::string& message = appended.error().message;
    connection.append_failure = Error{appended.error().kind,
                                      turn.failure(message.starts_with(kAppendFailed) ? message
                                                                                      : failed_append(table, message))};
    return false;
  }
  return true;
}

Message QuackService::append(const Header& header, QuackConnection& connection, const DecodedAppendRequest& request) {
  connection.close_result();
  const std::vector<std::string> table = table_of(request);
  auto appended = [&]() -> Result<void> {
    if (request.chunk) return append_chunk(connection, table, *request.chunk);
    // No chunk: only the table is checked.
    if (auto flushed = finish_appending(connection); !flushed) return flushed.error();
    auto appender = connection.session->append_to(table, {});
    if (!appender) return appender.error();
    return appender.value()->finish();
  }();
  if (!appended) {
    connection.appending.reset();
    connection.in_transaction.reset();
    return error_message(header, raw_message(appended.error().message));
  }
  return Message{answer_header(header), SuccessResponse{}};
}

// Outside a transaction each chunk is flushed before the answer: DuckDB runs the flush in a transaction of
// its own, so a failing APPEND adds nothing. Inside one, the rows wait in the connection's open appender
// (OpenAppender), the transaction making them all or nothing at COMMIT, unless the flush may refuse rows
// (the table's constraints, casts): then each APPEND is flushed, so that the APPEND whose rows are refused
// is the one that fails.
Result<void> QuackService::append_chunk(QuackConnection& connection, const std::vector<std::string>& table,
                                        const DecodedChunk& chunk) {
  if (!connection.in_transaction) {
    auto in_transaction = connection.session->in_transaction();
    if (!in_transaction) return in_transaction.error();
    connection.in_transaction = in_transaction.value();
  }
  if (connection.appending && (connection.appending->table != table || connection.appending->types != chunk.types)) {
    if (auto flushed = finish_appending(connection); !flushed) return flushed.error();
  }
  if (auto opened = open_appender(connection, table, chunk); !opened) return opened.error();
  if (auto added = add_rows(*connection.appending, chunk); !added) return added.error();
  if (!*connection.in_transaction || connection.appending->bytes > kAppendFlushBytes ||
      connection.appending->appender->may_refuse_at_finish()) {
    return finish_appending(connection);
  }
  connection.appends_ahead.accept(table, chunk.types);
  return {};
}

Result<void> QuackService::open_appender(QuackConnection& connection, const std::vector<std::string>& table,
                                         const DecodedChunk& chunk) {
  if (connection.appending) return {};
  auto appender = connection.session->append_vectors_to(table, append_vector_types(chunk));
  if (!appender) return appender.error();
  connection.appending = OpenAppender{table, chunk.types, std::move(appender).value(), 0};
  return {};
}

}  // namespace duckwire::quack
