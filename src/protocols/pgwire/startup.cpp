#include "protocols/pgwire/startup.hpp"
#include "protocols/pgwire/coroutine_warnings.hpp"

#include <openssl/ssl.h>

#include "protocols/pgwire/backend_messages.hpp"
#include "protocols/pgwire/message_reader.hpp"

namespace duckwire::pgwire {

namespace asio = boost::asio;

namespace {

constexpr uint8_t kTlsHandshakeRecord = 0x16;

StartupOutcome failed(PgError error) {
  StartupOutcome outcome;
  outcome.failure = std::move(error);
  return outcome;
}

// The body of the next startup packet (after its length word); nullopt when the client left.
asio::awaitable<Result<std::optional<std::string>>> read_startup_packet(PgStream& stream) {
  std::string length_word;
  if (!co_await stream.read_exact(4, length_word)) co_return std::optional<std::string>();
  const int32_t length = read_int32(length_word.data());
  if (length < 8 || length > kMaxStartupPacketBytes) {
    co_return Error{ErrorKind::kInvalidInput, "invalid length of startup packet"};
  }
  std::string body;
  if (!co_await stream.read_exact(static_cast<size_t>(length) - 4, body))
    co_return std::optional<std::string>();
  co_return std::optional<std::string>(std::move(body));
}

asio::awaitable<bool> write_byte(PgStream& stream, char answer) {
  co_return co_await stream.write(std::string_view(&answer, 1));
}

}  // namespace

std::vector<std::string> protocol_extensions(const StartupMessage& startup) {
  std::vector<std::string> names;
  for (const auto& [name, value] : startup.parameters) {
    if (name.starts_with("_pq_.")) names.push_back(name);
  }
  return names;
}

asio::awaitable<StartupOutcome> negotiate_startup(PgStream& stream, const PgOptions& options) {
  if (options.tls) {
    const auto first = co_await stream.peek_first_byte();
    if (!first) co_return StartupOutcome{};
    if (*first == kTlsHandshakeRecord) {
      if (auto started = co_await stream.start_tls(*options.tls); !started) co_return StartupOutcome{};
    }
  }
  while (true) {
    auto body = co_await read_startup_packet(stream);
    if (!body) co_return failed(protocol_violation(body.error().message));
    if (!body.value()) co_return StartupOutcome{};
    auto packet = parse_startup_packet(*body.value());
    if (!packet) {
      const bool version = packet.error().message.starts_with("unsupported frontend protocol");
      co_return failed(version
                           ? make_pg_error(sqlstate::kFeatureNotSupported, packet.error().message, "FATAL")
                           : protocol_violation(packet.error().message));
    }
    if (std::holds_alternative<SslRequest>(packet.value())) {
      if (stream.is_tls())
        co_return failed(protocol_violation("SSL request after the connection is encrypted"));
      if (!co_await write_byte(stream, options.tls ? 'S' : 'N')) co_return StartupOutcome{};
      if (options.tls) {
        auto started = co_await stream.start_tls(*options.tls);
        if (!started) {
          if (started.error().kind == ErrorKind::kInvalidInput)
            co_return failed(protocol_violation(started.error().message));
          co_return StartupOutcome{};
        }
      }
      continue;
    }
    if (std::holds_alternative<GssEncRequest>(packet.value())) {
      if (!co_await write_byte(stream, 'N')) co_return StartupOutcome{};
      continue;
    }
    if (auto* cancel = std::get_if<CancelRequest>(&packet.value())) {
      StartupOutcome outcome;
      outcome.packet = *cancel;
      co_return outcome;
    }
    StartupMessage startup = std::get<StartupMessage>(std::move(packet).value());
    const std::vector<std::string> extensions = protocol_extensions(startup);
    if (startup.minor > 0 || !extensions.empty()) {
      std::string reply;
      append_negotiate_protocol_version(reply, 0, extensions);
      if (!co_await stream.write(reply)) co_return StartupOutcome{};
    }
    StartupOutcome outcome;
    outcome.packet = std::move(startup);
    co_return outcome;
  }
}

// ALPN for direct TLS: a client that offers protocols must offer "postgresql".
void select_postgresql_alpn(asio::ssl::context& context) {
  SSL_CTX_set_alpn_select_cb(
      context.native_handle(),
      [](SSL*, const unsigned char** out, unsigned char* out_length, const unsigned char* in,
         unsigned int in_length, void*) -> int {
        static constexpr unsigned char kPostgresql[] = "\x0apostgresql";
        unsigned char* selected = nullptr;
        if (SSL_select_next_proto(&selected, out_length, kPostgresql, sizeof(kPostgresql) - 1, in,
                                  in_length) != OPENSSL_NPN_NEGOTIATED) {
          return SSL_TLSEXT_ERR_ALERT_FATAL;
        }
        *out = selected;
        return SSL_TLSEXT_ERR_OK;
      },
      nullptr);
}

}  // namespace duckwire::pgwire
