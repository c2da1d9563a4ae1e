#include "protocols/quack/quack_service.hpp"

#include <algorithm>
#include <cstring>

#include "core/crypto.hpp"
#include "protocols/quack/data_chunk_writer.hpp"
#include "protocols/quack/decoded_values.hpp"
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

// Chunks of `stream` while they fit the budget (at least one); `exhausted` when the stream ended.
Result<std::vector<EncodedChunk>> next_chunks(ResultStream& stream, const std::vector<LogicalType>& types,
                                              size_t budget, bool& exhausted) {
  std::vector<EncodedChunk> chunks;
  size_t bytes = 0;
  while (chunks.empty() || bytes < budget) {
    auto chunk = stream.next_vectors();
    if (!chunk) return chunk.error();
    if (!chunk.value()) {
      exhausted = true;
      break;
    }
    auto encoded = encode_chunk(*chunk.value(), types);
    if (!encoded) return encoded.error();
    bytes += encoded.value().size();
    chunks.push_back(std::move(encoded).value());
  }
  return chunks;
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

Result<std::string> QuackService::answer(std::string_view body, Clock::time_point now) {
  auto request = decode(body);
  if (!request) {
    auto header = decode_header(body);
    if (!header) return Error{ErrorKind::kInvalidInput, "not a Quack message: " + header.error().message};
    return encode(error_message(header.value().header, request.error().message));
  }
  const Header& header = request.value().header;
  if (const auto* connection = std::get_if<ConnectionRequest>(&request.value().body)) {
    return encode(connect(header, *connection, now));
  }
  const std::shared_ptr<QuackConnection> connection = sessions_.find(header.connection_id, now);
  if (!connection) return encode(error_message(header, "Invalid connection id"));
  std::lock_guard busy(connection->busy);
  Message reply = std::visit(
      [&](const auto& body) -> Message {
        using Body = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<Body, PrepareRequest>) {
          return prepare(header, *connection, body);
        } else if constexpr (std::is_same_v<Body, FetchRequest>) {
          return fetch(header, *connection, body);
        } else if constexpr (std::is_same_v<Body, DecodedAppendRequest>) {
          return append(header, *connection, body);
        } else if constexpr (std::is_same_v<Body, DisconnectMessage>) {
          connection->result.reset();
          sessions_.remove(header.connection_id);
          return Message{answer_header(header), SuccessResponse{}};
        } else {
          return error_message(header, std::string(kUnsupportedMessageType));
        }
      },
      request.value().body);
  return encode(reply);
}

Message QuackService::connect(const Header& header, const ConnectionRequest& request, Clock::time_point now) {
  if (!options_.tokens.empty() &&
      std::find(options_.tokens.begin(), options_.tokens.end(), request.auth_string) == options_.tokens.end()) {
    return error_message(header, "Authentication failed");
  }
  if (request.min_supported_quack_version > kQuackVersion) {
    return error_message(header, "Quack versions [" + std::to_string(request.min_supported_quack_version) + ", " +
                                     std::to_string(request.max_supported_quack_version) +
                                     "] not supported: the server speaks version " + std::to_string(kQuackVersion));
  }
  auto session = backend_.connect();
  if (!session) return error_message(header, session.error().message);
  auto id = sessions_.add(std::move(session).value(), now);
  if (!id) return error_message(header, id.error().message);
  return Message{Header{id.value(), header.client_query_id},
                 ConnectionResponse{options_.server_version, options_.platform, kQuackVersion}};
}

Message QuackService::prepare(const Header& header, QuackConnection& connection, const PrepareRequest& request) {
  connection.result.reset();  // a new PREPARE closes the previous result
  auto stream = connection.session->execute(request.sql);
  if (!stream) return error_message(header, raw_message(stream.error().message));
  if (!stream.value()->returns_rows()) {
    return Message{answer_header(header), count_response(stream.value()->rows_changed())};
  }
  auto types = result_types(stream.value()->schema().columns);
  if (!types) return error_message(header, types.error().message);
  PrepareResponse response;
  response.result_types = types.value();
  for (const Column& column : stream.value()->schema().columns) response.result_names.push_back(column.name);
  bool exhausted = false;
  auto chunks = next_chunks(*stream.value(), types.value(), options_.response_bytes, exhausted);
  if (!chunks) return error_message(header, raw_message(chunks.error().message));
  response.results = std::move(chunks).value();
  response.needs_more_fetch = !exhausted;
  response.result_uuid = new_result_uuid();
  OpenResult open;
  open.uuid = response.result_uuid;
  open.types = std::move(types).value();
  open.exhausted = exhausted;
  if (!exhausted) open.stream = std::move(stream).value();
  connection.result = std::move(open);
  return Message{answer_header(header), std::move(response)};
}

Message QuackService::fetch(const Header& header, QuackConnection& connection, const FetchRequest& request) {
  if (!connection.result || connection.result->uuid != request.result_uuid) {
    return error_message(header, "Result has been closed");
  }
  OpenResult& open = *connection.result;
  FetchResponse response;
  if (!open.exhausted) {
    auto chunks = next_chunks(*open.stream, open.types, options_.response_bytes, open.exhausted);
    if (!chunks) {
      connection.result.reset();
      return error_message(header, raw_message(chunks.error().message));
    }
    response.results = std::move(chunks).value();
    if (open.exhausted) open.stream.reset();
  }
  response.batch_index = response.results.empty() ? kInvalidIndex : open.next_batch++;
  return Message{answer_header(header), std::move(response)};
}

Message QuackService::append(const Header& header, QuackConnection& connection,
                             const DecodedAppendRequest& request) {
  connection.result.reset();
  std::vector<std::string> table;
  if (!request.schema_name.empty()) table.push_back(request.schema_name);
  table.push_back(request.table_name);
  Session& session = *connection.session;
  auto in_transaction = session.in_transaction();
  if (!in_transaction) return error_message(header, raw_message(in_transaction.error().message));
  const bool own_transaction = !in_transaction.value();
  if (own_transaction) {
    if (auto begun = session.execute("BEGIN TRANSACTION"); !begun) return error_message(header, begun.error().message);
  }
  auto appended = [&]() -> Result<void> {
    auto appender = session.append_to(table, {});
    if (!appender) return appender.error();
    if (!request.chunk) return appender.value()->finish();
    const DecodedChunk& chunk = *request.chunk;
    if (chunk.columns.size() != appender.value()->columns().size()) {
      return Error{ErrorKind::kInvalidInput, "APPEND of " + std::to_string(chunk.columns.size()) +
                                                 " columns to a table of " +
                                                 std::to_string(appender.value()->columns().size())};
    }
    std::vector<Value> row(chunk.columns.size());
    for (uint64_t r = 0; r < chunk.row_count; ++r) {
      for (size_t c = 0; c < chunk.columns.size(); ++c) {
        auto value = decoded_value(chunk.columns[c], chunk.types[c], r);
        if (!value) return value.error();
        row[c] = std::move(value).value();
      }
      size_t failed_column = 0;
      if (auto added = appender.value()->append_row(row, &failed_column); !added) return added.error();
    }
    return appender.value()->finish();
  }();
  if (!appended) {
    if (own_transaction) {
      session.clear_interrupt();
      (void)session.execute("ROLLBACK");
    }
    return error_message(header, raw_message(appended.error().message));
  }
  if (own_transaction) {
    if (auto committed = session.execute("COMMIT"); !committed) {
      return error_message(header, raw_message(committed.error().message));
    }
  }
  return Message{answer_header(header), SuccessResponse{}};
}

}  // namespace duckwire::quack
