#include "protocols/pgwire/authentication.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <array>
#include <chrono>

#include "core/crypto.hpp"
#include "protocols/pgwire/backend_messages.hpp"
#include "protocols/pgwire/coroutine_warnings.hpp"
#include "protocols/pgwire/frontend_io.hpp"
#include "protocols/pgwire/frontend_messages.hpp"
#include "protocols/pgwire/scram_exchange.hpp"

namespace duckwire::pgwire {

namespace asio = boost::asio;

namespace {

// Password and SASL messages are small.
constexpr uint64_t kMaxAuthMessageBytes = 8192;
constexpr size_t kMd5SaltBytes = 4;
constexpr std::array<std::string_view, 1> kSaslMechanisms{"SCRAM-SHA-256"};
// The longest an attempt from a failing address waits before its exchange starts.
constexpr auto kMaxAuthDelay = std::chrono::seconds(1);

PgError password_failed(const std::string& user) {
  return make_pg_error(sqlstate::kInvalidPassword, "password authentication failed for user \"" + user + "\"",
                       "FATAL");
}

// The body of the client's next password message ('p'); nullopt with `failure` unset when it left.
struct PasswordRead {
  std::optional<std::string> body;
  std::optional<PgError> failure;
};

asio::awaitable<PasswordRead> read_password_message(PgStream& stream) {
  ReadOutcome read = co_await read_frontend_message(stream, kMaxAuthMessageBytes);
  if (!read.message) co_return PasswordRead{std::nullopt, std::move(read.violation)};
  if (read.message->type != 'p') {
    co_return PasswordRead{std::nullopt,
                           protocol_violation("expected password response, got message type " +
                                              std::to_string(static_cast<uint8_t>(read.message->type)))};
  }
  co_return PasswordRead{std::move(read.message->body), std::nullopt};
}

asio::awaitable<std::optional<PgError>> scram(PgStream& stream, const ServerContext& server,
                                              const std::string& user, bool& proven) {
  const UserRecord* record = server.auth.find_user(user);
  ScramSecret secret = server.auth.mock_scram_secret(user);
  if (record != nullptr) secret = record->scram;
  ScramServerExchange exchange(std::move(secret), make_scram_nonce());
  std::string out;
  append_authentication_sasl(out, kSaslMechanisms);
  if (!co_await stream.write(out)) co_return std::nullopt;
  PasswordRead first = co_await read_password_message(stream);
  if (!first.body) co_return first.failure;
  auto initial = parse_sasl_initial_response(*first.body);
  if (!initial) co_return protocol_violation(initial.error().message);
  if (initial.value().mechanism != kSaslMechanisms[0]) {
    co_return protocol_violation("client selected an invalid SASL authentication mechanism");
  }
  if (!initial.value().data) co_return protocol_violation("malformed SCRAM message (empty message)");
  auto server_first = exchange.server_first(*initial.value().data);
  if (!server_first) {
    if (server_first.error().kind == ErrorKind::kPermission) {
      co_return make_pg_error(sqlstate::kInvalidAuthorization, server_first.error().message, "FATAL");
    }
    co_return protocol_violation(server_first.error().message);
  }
  out.clear();
  append_authentication_sasl_continue(out, server_first.value());
  if (!co_await stream.write(out)) co_return std::nullopt;
  PasswordRead final_message = co_await read_password_message(stream);
  if (!final_message.body) co_return final_message.failure;
  auto server_final = exchange.server_final(*final_message.body);
  if (!server_final) {
    if (server_final.error().kind == ErrorKind::kPermission) co_return password_failed(user);
    co_return protocol_violation(server_final.error().message);
  }
  if (record == nullptr) co_return password_failed(user);
  out.clear();
  append_authentication_sasl_final(out, server_final.value());
  if (!co_await stream.write(out)) co_return std::nullopt;
  proven = true;
  co_return std::nullopt;
}

asio::awaitable<std::optional<PgError>> md5(PgStream& stream, const ServerContext& server,
                                            const std::string& user, bool& proven) {
  const std::vector<uint8_t> salt = random_bytes(kMd5SaltBytes);
  std::string out;
  append_authentication_md5(out, salt);
  if (!co_await stream.write(out)) co_return std::nullopt;
  PasswordRead read = co_await read_password_message(stream);
  if (!read.body) co_return read.failure;
  auto answer = parse_password(*read.body);
  if (!answer) co_return protocol_violation(answer.error().message);
  const UserRecord* record = server.auth.find_user(user);
  // An unknown user is compared with a hash no password gives, in the same time.
  const std::string stored = record != nullptr ? record->md5_hash : "md5" + std::string(32, '-');
  const std::string expected =
      "md5" +
      md5_hex(stored.substr(3) + std::string(reinterpret_cast<const char*>(salt.data()), salt.size()));
  const bool matches = constant_time_equal(as_bytes(expected), as_bytes(answer.value()));
  if (!matches || record == nullptr) co_return password_failed(user);
  proven = true;
  co_return std::nullopt;
}

// The client's password asked for in cleartext (only over TLS unless allowed): the password, or nullopt
// with `failure` set (unset when the client simply left).
asio::awaitable<std::optional<std::string>> cleartext_password(PgStream& stream, const PgOptions& options,
                                                               std::optional<PgError>& failure) {
  if (!stream.is_tls() && !options.allow_cleartext_password) {
    failure = make_pg_error(sqlstate::kInvalidAuthorization,
                            "password authentication without TLS is refused: connect with sslmode=require "
                            "(or start the server with --pg-allow-cleartext-password)",
                            "FATAL");
    co_return std::nullopt;
  }
  std::string out;
  append_authentication_cleartext(out);
  if (!co_await stream.write(out)) co_return std::nullopt;
  PasswordRead read = co_await read_password_message(stream);
  if (!read.body) {
    failure = std::move(read.failure);
    co_return std::nullopt;
  }
  auto password = parse_password(*read.body);
  if (!password) {
    failure = protocol_violation(password.error().message);
    co_return std::nullopt;
  }
  co_return std::move(password).value();
}

asio::awaitable<std::optional<PgError>> cleartext(PgStream& stream, const ServerContext& server,
                                                  const PgOptions& options, const std::string& user,
                                                  bool& proven) {
  std::optional<PgError> failure;
  auto password = co_await cleartext_password(stream, options, failure);
  if (!password) co_return failure;
  const CredentialVerdict verdict = co_await server.credentials.check_despite_lockout(
      BasicCredentials{user, std::move(*password)}, stream.remote_address());
  if (verdict.kind != CredentialVerdict::Kind::kGranted) co_return password_failed(user);
  proven = true;
  co_return std::nullopt;
}

// The backend checks the password itself (a program's own users): asked for in cleartext, as it
// needs the password, and checked on a worker, as the check may take its time.
asio::awaitable<std::optional<PgError>> backend_check(PgStream& stream, const ServerContext& server,
                                                      const PgOptions& options, const ClientInfo& client,
                                                      bool& proven) {
  std::optional<PgError> failure;
  auto password = co_await cleartext_password(stream, options, failure);
  if (!password) co_return failure;
  auto checked = co_await server.workers.run(
      [&server, &client, &password] { return server.backend.check_password(client, *password); });
  if (checked) {
    proven = true;
    co_return std::nullopt;
  }
  if (checked.error().message.empty()) co_return password_failed(client.user);
  const std::string code = checked.error().code.empty() ? sqlstate::kInvalidPassword : checked.error().code;
  co_return make_pg_error(code, checked.error().message, "FATAL");
}

// PostgreSQL has no lockout (its answer to guessing is auth_delay): an address that keeps failing
// is slowed down, right and wrong passwords alike, so a flood cannot lock its own user out.
asio::awaitable<void> wait_out_lockout(PgStream& stream, const ServerContext& server) {
  const auto left = server.credentials.lockout_left(stream.remote_address());
  if (left <= std::chrono::steady_clock::duration::zero()) co_return;
  asio::steady_timer timer(stream.executor(), std::min<std::chrono::steady_clock::duration>(left, kMaxAuthDelay));
  co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
}

}  // namespace

PgAuthMethod effective_auth_method(std::optional<PgAuthMethod> chosen, bool has_users) {
  if (chosen) return *chosen;
  return has_users ? PgAuthMethod::kScramSha256 : PgAuthMethod::kTrust;
}

asio::awaitable<std::optional<PgError>> authenticate(PgStream& stream, const ServerContext& server,
                                                     const PgOptions& options, const ClientInfo& client) {
  const std::string& user = client.user;
  if (server.backend.checks_passwords()) {
    co_await wait_out_lockout(stream, server);
    bool proven = false;
    std::optional<PgError> failure = co_await backend_check(stream, server, options, client, proven);
    server.credentials.record_outcome(proven, stream.remote_address());
    if (!proven && !failure) failure = password_failed(user);
    co_return proven ? std::nullopt : failure;
  }
  if (options.auth == PgAuthMethod::kTrust) co_return std::nullopt;
  co_await wait_out_lockout(stream, server);
  if (options.auth == PgAuthMethod::kPassword) {
    bool proven = false;
    co_return co_await cleartext(stream, server, options, user, proven);
  }
  bool proven = false;
  std::optional<PgError> failure;
  if (options.auth == PgAuthMethod::kMd5) {
    failure = co_await md5(stream, server, user, proven);
  } else {
    failure = co_await scram(stream, server, user, proven);
  }
  // A client that left or broke the protocol mid-exchange counts as a failed attempt too.
  server.credentials.record_outcome(proven, stream.remote_address());
  if (proven) co_return std::nullopt;
  if (!failure) failure = password_failed(user);
  co_return failure;
}

}  // namespace duckwire::pgwire
