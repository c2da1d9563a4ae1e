#include "protocols/pgwire/pg_listener.hpp"
#include "protocols/pgwire/coroutine_warnings.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include "protocols/pgwire/authentication.hpp"
#include "protocols/pgwire/startup.hpp"

namespace duckwire::pgwire {

namespace asio = boost::asio;

PgListener::PgListener(asio::io_context& accept_io, TcpListener::IoPicker pick_io,
                       const ServerContext& server, PgOptions options)
    : door_{server, std::move(options), {}},
      tcp_(accept_io, std::move(pick_io), [this](asio::ip::tcp::socket socket) {
        auto executor = socket.get_executor();
        asio::co_spawn(executor, serve_pg_connection(std::move(socket), door_), asio::detached);
      }) {}

PgOptions pg_options(const Config& config, bool has_users, std::shared_ptr<asio::ssl::context> tls) {
  std::optional<PgAuthMethod> chosen;
  if (config.pg_auth == "trust") chosen = PgAuthMethod::kTrust;
  if (config.pg_auth == "scram-sha-256") chosen = PgAuthMethod::kScramSha256;
  if (config.pg_auth == "md5") chosen = PgAuthMethod::kMd5;
  if (config.pg_auth == "password") chosen = PgAuthMethod::kPassword;
  PgOptions options;
  options.auth = effective_auth_method(chosen, has_users);
  options.require_tls = config.pg_require_tls;
  options.allow_cleartext_password = config.pg_allow_cleartext_password;
  options.max_message_bytes = config.pg_max_message_bytes;
  options.server_version = config.pg_server_version;
  options.startup_timeout = config.request_timeout;
  if (tls) select_postgresql_alpn(*tls);
  options.tls = std::move(tls);
  return options;
}

}  // namespace duckwire::pgwire
