#pragma once
// /sql answered as multipart/mixed (Endb's clients offer it): one application/ld+json part per
// statement, each streamed as it is made.

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <optional>

#include "core/server_context.hpp"
#include "http/http_exchange.hpp"
#include "protocols/jsonrpc/sql_call.hpp"

namespace duckwire::jsonrpc {

// `call` is used up. The statements run one job each on one pooled session, so each sees what the earlier
// ones did. The status goes out with the first part: 201 when the first statement changed data. An error
// before the first part is the usual text/plain error; a later one abandons the stream. `time_limit` is
// each statement's own statement timeout (X-Statement-Timeout-Ms).
boost::asio::awaitable<void> serve_parts(const ServerContext& server, http::HttpExchange& exchange,
                                         SqlCall& call, CallAccess access,
                                         std::optional<std::chrono::milliseconds> time_limit,
                                         const std::string& principal);

}  // namespace duckwire::jsonrpc
