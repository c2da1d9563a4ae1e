#pragma once
// The HTTP side of /sql (../shared/specs/jsonrpc-sql.md): GET (read-only) and POST with q, p, m from
// JSON, SQL, form or multipart bodies and the query string; the response format follows Accept.
// Each request runs on a pooled session, so no transaction outlives it.

#include <boost/asio/awaitable.hpp>

#include "core/server_context.hpp"
#include "http/http_exchange.hpp"

namespace duckwire::jsonrpc {

// Called for GET and POST once access was granted; `principal` is who was granted (empty without
// authentication), whom the statements' query_completed events are attributed to.
boost::asio::awaitable<void> serve_http_sql(const ServerContext& server, http::HttpExchange& exchange,
                                            const std::string& principal);

}  // namespace duckwire::jsonrpc
