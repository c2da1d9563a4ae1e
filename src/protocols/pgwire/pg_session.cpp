#include "protocols/pgwire/pg_session.hpp"
#include "protocols/pgwire/coroutine_warnings.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

#include <algorithm>
#include <cctype>

#include "protocols/pgwire/backend_messages.hpp"
#include "protocols/pgwire/commands/command_factory.hpp"
#include "protocols/pgwire/frontend_io.hpp"
#include "protocols/pgwire/message_reader.hpp"
#include "util/utf8.hpp"

namespace duckwire::pgwire {

namespace asio = boost::asio;

namespace {

// Messages read ahead of the one being answered, in bytes: past it the reader waits (TCP
// back-pressure). One message larger than this is still taken whole.
constexpr size_t kInboundBytes = 1 << 20;
// Notifications waiting for one session.
constexpr size_t kMaxNotifications = 10'000;

// The text of a pub/sub payload: a JSON string's contents, any other JSON as it is.
std::string payload_text(const std::string& payload_json) {
  boost::system::error_code ec;
  const boost::json::value parsed = boost::json::parse(payload_json, ec);
  if (!ec && parsed.is_string()) return std::string(parsed.get_string());
  return payload_json;
}

}  // namespace

namespace {

// Who the session's events are attributed to: the user it logged in as, when that is one of the server's.
std::string principal_of(const Authenticator& auth, const SessionSettings& settings) {
  const std::string user = settings.get("session_authorization").value_or("");
  return auth.find_user(user) != nullptr ? "user:" + user : std::string();
}

}  // namespace

PgSession::PgSession(const ServerContext& server, const PgOptions& options, CancelRegistry& cancels,
                     std::unique_ptr<PgStream> stream, EngineSessions sessions, SessionSettings settings)
    : server_(server),
      options_(options),
      cancels_(cancels),
      stream_(std::move(stream)),
      session_(std::move(sessions.duckdb)),
      client_session_(std::move(sessions.client_text)),
      catalog_emulated_(sessions.catalog_emulated),
      settings_(std::move(settings)),
      principal_(principal_of(server.auth, settings_)),
      control_(std::make_shared<StatementControl>(*session_, client_session_.get())),
      spool_allowance_(stream_->executor(), server.config.spool_memory_bytes, server.config.spool_max_bytes,
                       server.spool_files),
      owner_(server.admission.new_owner()),
      message_arrived_(stream_->executor()),
      message_taken_(stream_->executor()) {
  server_.metrics.connection_opened(Protocol::kPostgres);
}

PgSession::~PgSession() {
  server_.metrics.connection_closed(Protocol::kPostgres);
}

asio::awaitable<void> PgSession::run(std::vector<std::pair<std::string, std::string>> startup_settings) {
  cancel_registration_ = cancels_.add(weak_from_this());
  if (auto refused = co_await apply_startup_settings(startup_settings)) {
    send_error(*refused);
    co_await flush();
    closing_ = true;
  } else {
    for (const auto& [name, value] : settings_.reported()) append_parameter_status(out_, name, value);
    append_backend_key_data(out_, cancel_registration_.key().process_id, cancel_registration_.key().secret);
    send_ready_for_query();
  }
  const bool welcomed = !closing_ && co_await flush();
  if (welcomed) {
    auto self = shared_from_this();
    asio::co_spawn(stream_->executor(), read_messages(), [self](std::exception_ptr) {
      self->client_gone_ = true;
      self->message_arrived_.set();
    });
    co_await serve();
  }
  closing_ = true;
  message_taken_.set();
  server_.pubsub.unsubscribe_all(this);
  control_->stop(StatementControl::Stop::kCancel);
  // The reader ends once the socket is closed; wait for it before the session goes.
  stream_->close();
  while (welcomed && !client_gone_) {
    message_arrived_.reset();
    co_await message_arrived_.wait();
  }
  // Closing the engine session (and what still streams on it) rolls back an open transaction.
  co_await server_.workers.run([this] {
    retired_.clear();
    portals_.clear();
    cursors_.clear();
    statements_.clear();
    session_.reset();
  });
}

asio::awaitable<std::optional<PgError>> PgSession::apply_startup_settings(
    const std::vector<std::pair<std::string, std::string>>& startup_settings) {
  for (const auto& [name, value] : startup_settings) {
    const bool plain_name = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
    });
    if (!plain_name)
      co_return make_pg_error("42704", "unrecognized configuration parameter \"" + name + "\"", "FATAL");
    std::string literal = "'";
    for (const char c : value) literal += c == '\'' ? std::string("''") : std::string(1, c);
    literal += "'";
    // A startup value is what RESET returns to (as in PostgreSQL); the SET the commands layer runs then
    // applies it as a client's SET would.
    const auto* definition = commands::find_guc(name);
    if (definition != nullptr && definition->normalize != nullptr) (void)settings_.store().set_default(name, value);
    if (auto command = commands::make_command("SET " + name + " = " + literal)) {
      auto applied = co_await command->execute(*this);
      if (!applied) {
        PgError error = pg_error_from(applied.error());
        error.severity = "FATAL";
        co_return error;
      }
    } else {
      settings_.set(name, value);
    }
  }
  // Every reported setting follows in the welcome, once.
  out_.clear();
  co_return std::nullopt;
}

asio::awaitable<void> PgSession::read_messages() {
  while (!closing_) {
    while (inbound_bytes_ >= kInboundBytes && !closing_) {
      message_taken_.reset();
      co_await message_taken_.wait();
    }
    if (closing_) break;
    ReadOutcome read = co_await read_frontend_message(*stream_, options_.max_message_bytes);
    if (!read.message) {
      reader_failure_ = std::move(read.violation);
      break;
    }
    inbound_bytes_ += read.message->body.size() + kInboundOverheadBytes;
    const bool terminate = read.message->type == 'X';
    inbound_.push_back(std::move(*read.message));
    control_->set_idle(false);
    message_arrived_.set();
    if (terminate) break;
  }
  client_gone_ = true;
  // Nobody is left to read the answer of a statement still running.
  if (!reader_failure_ && (inbound_.empty() || inbound_.back().type != 'X')) {
    control_->stop(StatementControl::Stop::kCancel);
  }
  message_arrived_.set();
}

asio::awaitable<std::optional<FrontendMessage>> PgSession::next_message() {
  while (inbound_.empty() || shutting_down_) {
    if (client_gone_ || closing_ || shutting_down_) co_return std::nullopt;
    message_arrived_.reset();
    co_await message_arrived_.wait();
    if (idle_) queue_notifications();
    if (!out_.empty() && !co_await flush()) co_return std::nullopt;
  }
  FrontendMessage message = std::move(inbound_.front());
  inbound_.pop_front();
  inbound_bytes_ -= message.body.size() + kInboundOverheadBytes;
  message_taken_.set();
  co_return message;
}

bool PgSession::sync_follows_before_execute() const {
  for (const FrontendMessage& message : inbound_) {
    if (message.type == 'E') return false;
    if (message.type == 'S') return true;
  }
  // The Sync has not come yet: a pipelining client may still send more Executes before it.
  return false;
}

asio::awaitable<void> PgSession::serve() {
  while (!closing_) {
    auto message = co_await next_message();
    if (!message) {
      if (reader_failure_) {
        co_await fail_connection(*reader_failure_);
      } else if (shutting_down_ && !client_gone_) {
        co_await fail_connection(make_pg_error(
            sqlstate::kAdminShutdown, "terminating connection due to administrator command", "FATAL"));
      }
      co_return;
    }
    if (!co_await dispatch(std::move(*message))) co_return;
    if (out_.size() >= kOutboundBytes && !co_await flush()) co_return;
  }
}

asio::awaitable<bool> PgSession::dispatch(FrontendMessage message) {
  idle_ = false;
  if (message.type == 'X') co_return false;
  if (skipping_to_sync_ && message.type != 'S') co_return true;
  switch (message.type) {
    case 'Q': {
      auto query = parse_query(message.body);
      if (!query) break;
      co_await handle_query(std::move(query).value());
      co_return co_await flush();
    }
    case 'P': {
      auto parse = parse_parse(message.body);
      if (!parse) break;
      co_await handle_parse(std::move(parse).value());
      co_return true;
    }
    case 'B': {
      auto bind = parse_bind(message.body);
      if (!bind) break;
      co_await handle_bind(std::move(bind).value());
      co_return true;
    }
    case 'D': {
      auto describe = parse_describe(message.body);
      if (!describe) break;
      co_await handle_describe(describe.value());
      co_return true;
    }
    case 'E': {
      auto execute = parse_execute(message.body);
      if (!execute) break;
      co_await handle_execute(execute.value());
      co_return true;
    }
    case 'C': {
      auto close = parse_close(message.body);
      if (!close) break;
      handle_close(close.value());
      co_return true;
    }
    case 'S':
      if (!message.body.empty()) break;
      co_await handle_sync();
      co_return co_await flush();
    case 'H':
      if (!message.body.empty()) break;
      co_return co_await flush();
    case 'd':
    case 'c':
    case 'f':
      co_return true;  // COPY messages outside COPY are ignored, as PostgreSQL does
    default:
      co_await fail_connection(protocol_violation("invalid frontend message type " +
                                                  std::to_string(static_cast<uint8_t>(message.type))));
      co_return false;
  }
  co_await fail_connection(protocol_violation("invalid message format"));
  co_return false;
}

void PgSession::send(std::string_view messages) {
  out_.append(messages);
}

asio::awaitable<bool> PgSession::flush() {
  if (out_.empty()) co_return stream_->is_open();
  std::string pending = std::exchange(out_, std::exchange(spare_out_, {}));
  out_.clear();
  const bool written = co_await stream_->write(pending);
  if (written) server_.metrics.bytes_sent(Protocol::kPostgres, pending.size());
  // An idle session holds no buffer; a streaming one reuses its pieces' memory.
  if (!idle_ && pending.capacity() <= 2 * kOutboundBytes) {
    pending.clear();
    spare_out_ = std::move(pending);
  } else if (idle_) {
    spare_out_ = std::string();
  }
  co_return written;
}

void PgSession::send_error(const PgError& error) {
  append_error_response(out_, error);
}

void PgSession::send_ready_for_query() {
  if (transaction_status() == TransactionStatus::kIdle) queue_notifications();
  append_ready_for_query(out_, transaction_status());
  idle_ = true;
  if (inbound_.empty()) control_->set_idle(true);
}

asio::awaitable<void> PgSession::fail_connection(const PgError& error) {
  send_error(error);
  co_await flush();
  closing_ = true;
}

TransactionStatus PgSession::transaction_status() const {
  if (failed_) return TransactionStatus::kFailed;
  return block_ == Block::kExplicit ? TransactionStatus::kInBlock : TransactionStatus::kIdle;
}

// --- notifications

void PgSession::deliver(const std::string& channel, const std::string& payload_json, FanoutShare share) {
  {
    std::lock_guard lock(notifications_mutex_);
    if (notifications_.size() >= kMaxNotifications) return;  // the share returns its bytes as it goes
    notifications_.push_back(Notification{channel, payload_text(payload_json), std::move(share)});
  }
  asio::post(stream_->executor(), [self = weak_from_this()] {
    if (auto session = self.lock()) session->message_arrived_.set();
  });
}

void PgSession::drop_too_slow() {
  std::lock_guard lock(notifications_mutex_);
  too_slow_ = true;
}

void PgSession::queue_notifications() {
  std::deque<Notification> ready;
  {
    std::lock_guard lock(notifications_mutex_);
    ready.swap(notifications_);
  }
  for (const Notification& notification : ready) {
    append_notification_response(out_, process_id(), notification.channel, notification.payload);
  }
}

void PgSession::listen(const std::string& channel) {
  channels_.insert(channel);
  server_.pubsub.subscribe(channel, shared_from_this());
}

void PgSession::unlisten(const std::string& channel) {
  channels_.erase(channel);
  server_.pubsub.unsubscribe(channel, this);
}

void PgSession::unlisten_all() {
  channels_.clear();
  server_.pubsub.unsubscribe_all(this);
}

void PgSession::notify(const std::string& channel, std::string_view payload) {
  server_.pubsub.publish(channel, boost::json::serialize(boost::json::string(payload)), nullptr);
}

void PgSession::report_setting(std::string_view name, std::string_view value) {
  append_parameter_status(out_, name, value);
}

// --- cancel and shutdown

void PgSession::cancel_running_statement() {
  control_->stop(StatementControl::Stop::kCancel);
}

void PgSession::close_for_shutdown() {
  asio::post(stream_->executor(), [self = shared_from_this()] {
    self->shutting_down_ = true;
    self->control_->stop(StatementControl::Stop::kShutdown);
    self->message_arrived_.set();
  });
}

}  // namespace duckwire::pgwire
