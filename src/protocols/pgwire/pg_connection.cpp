#include "protocols/pgwire/pg_connection.hpp"
#include "protocols/pgwire/coroutine_warnings.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <sstream>

#include "core/client_ids.hpp"
#include "protocols/pgwire/authentication.hpp"
#include "protocols/pgwire/backend_messages.hpp"
#include "protocols/pgwire/catalog/catalog_setup.hpp"
#include "protocols/pgwire/commands/duckdb_names.hpp"
#include "protocols/pgwire/pg_session.hpp"
#include "protocols/pgwire/startup.hpp"
#include "util/utf8.hpp"

namespace duckwire::pgwire {

namespace asio = boost::asio;

namespace {

asio::awaitable<void> refuse(PgStream& stream, const PgError& error) {
  std::string out;
  append_error_response(out, error);
  co_await stream.write(out);
  stream.close();
}

PgError fatal(const char* code, std::string message) {
  return make_pg_error(code, std::move(message), "FATAL");
}

// The engine sessions of a new PostgreSQL connection: the backend's for the client's statements and,
// for a backend that takes the client's text, its catalog engine's for the front door's own; the
// dialect's session setup runs on the DuckDB one.
Result<EngineSessions> open_session(Backend& backend, const ClientInfo& client) {
  EngineSessions sessions;
  Backend* catalog = backend.dialect() == SqlDialect::kClientText ? backend.catalog_engine() : &backend;
  if (catalog == nullptr) return Error{ErrorKind::kInternal, "the backend has no catalog engine"};
  auto session = catalog == &backend ? backend.connect_client(client) : catalog->connect();
  if (!session) return session.error();
  // A program's registered database of that name holds the catalog the client sees (none: the main one);
  // first, as USE resets the search path.
  if (catalog != &backend) (void)session.value()->execute("USE " + commands::quoted_identifier(client.database));
  for (const std::string& sql : session_setup_statements(client.user)) {
    auto ran = session.value()->execute(sql);
    if (!ran) return ran.error();
  }
  sessions.duckdb = std::move(session).value();
  if (catalog != &backend) {
    auto client_session = backend.connect_client(client);
    if (!client_session) return client_session.error();
    sessions.client_text = std::move(client_session).value();
    sessions.catalog_emulated = backend.emulates_catalog();
  }
  return sessions;
}

// The settings a client sends in its StartupMessage (user and database aside), "-c name=value" of
// `options` included.
std::vector<std::pair<std::string, std::string>> startup_settings(const StartupMessage& startup) {
  std::vector<std::pair<std::string, std::string>> settings;
  for (const auto& [name, value] : startup.parameters) {
    if (name == "user" || name == "database" || name == "replication" || name.starts_with("_pq_.")) continue;
    if (name != "options") {
      settings.emplace_back(name, value);
      continue;
    }
    std::istringstream words(value);
    std::string word;
    while (words >> word) {
      if (word == "-c" && words >> word) {
      } else if (word.starts_with("-c")) {
        word = word.substr(2);
      } else if (word.starts_with("--")) {
        word = word.substr(2);
      } else {
        continue;
      }
      const size_t equals = word.find('=');
      if (equals != std::string::npos) settings.emplace_back(word.substr(0, equals), word.substr(equals + 1));
    }
  }
  return settings;
}

}  // namespace

asio::awaitable<void> serve_pg_connection(asio::ip::tcp::socket socket, PgFrontDoor& door) {
  const ServerContext& server = door.server;
  auto stream = std::make_unique<PgStream>(std::move(socket));
  // A client gets --request-timeout for everything up to its first ReadyForQuery.
  auto deadline = std::make_shared<asio::steady_timer>(stream->executor(), door.options.startup_timeout);
  PgStream* raw_stream = stream.get();
  auto startup_done = std::make_shared<bool>(false);
  deadline->async_wait([raw_stream, startup_done](const boost::system::error_code& ec) {
    if (!ec && !*startup_done) raw_stream->close();
  });
  struct DeadlineGuard {
    std::shared_ptr<asio::steady_timer> timer;
    std::shared_ptr<bool> done;
    ~DeadlineGuard() {
      *done = true;
      timer->cancel();
    }
  } guard{deadline, startup_done};

  StartupOutcome startup = co_await negotiate_startup(*stream, door.options);
  if (startup.failure) co_return co_await refuse(*stream, *startup.failure);
  if (auto* cancel = std::get_if<CancelRequest>(&startup.packet)) {
    door.cancels.cancel(BackendKey{cancel->process_id, cancel->secret});
    stream->close();
    co_return;
  }
  auto* message = std::get_if<StartupMessage>(&startup.packet);
  if (message == nullptr) co_return;
  if (door.options.require_tls && !stream->is_tls()) {
    co_return co_await refuse(*stream, fatal(sqlstate::kInvalidAuthorization,
                                             "this server requires TLS: connect with sslmode=require"));
  }
  for (const auto& [name, value] : message->parameters) {
    if (!is_valid_utf8(name) || !is_valid_utf8(value)) {
      co_return co_await refuse(*stream, fatal(sqlstate::kCharacterNotInRepertoire,
                                               "invalid byte sequence for encoding \"UTF8\" in startup packet"));
    }
  }
  const std::string* user = message->find("user");
  if (user == nullptr || user->empty()) {
    co_return co_await refuse(*stream, fatal(sqlstate::kInvalidAuthorization,
                                             "no PostgreSQL user name specified in startup packet"));
  }
  if (!server.ready) {
    co_return co_await refuse(*stream, fatal("57P03", "the database system is starting up"));
  }
  const std::string* database = message->find("database");
  const std::string* application = message->find("application_name");
  const ClientInfo client{stream->remote_address(), *user, database != nullptr ? *database : *user,
                          application != nullptr ? *application : "", stream->remote_port(),
                          next_client_connection_id()};
  // The backend hears of the connection before its authentication (a program may refuse addresses).
  auto allowed = co_await server.workers.run([&server, &client] { return server.backend.on_connect(client); });
  if (!allowed) {
    co_return co_await refuse(*stream, fatal(sqlstate::kInvalidAuthorization, allowed.error().message));
  }
  struct DisconnectGuard {
    Backend& backend;
    const ClientInfo& client;
    ~DisconnectGuard() { backend.on_disconnect(client); }
  } disconnect_guard{server.backend, client};
  if (auto failure = co_await authenticate(*stream, server, door.options, client)) {
    co_return co_await refuse(*stream, *failure);
  }
  auto opened =
      co_await server.workers.run([&server, &client] { return open_session(server.backend, client); });
  if (!opened) {
    co_return co_await refuse(*stream, fatal(sqlstate::kInternalError,
                                             "cannot open a database session: " + opened.error().message));
  }
  SessionSettings settings(door.options.server_version);
  settings.set("session_authorization", *user);
  std::string ok;
  append_authentication_ok(ok);
  if (!co_await stream->write(ok)) co_return;
  auto session = std::make_shared<PgSession>(server, door.options, door.cancels, std::move(stream),
                                             std::move(opened).value(), std::move(settings));
  *startup_done = true;
  server.connections.add(session);
  co_await session->run(startup_settings(*message));
}

}  // namespace duckwire::pgwire
