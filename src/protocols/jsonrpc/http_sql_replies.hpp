#pragma once
// Pieces of /sql's HTTP answers shared by its one-result and one-part-per-statement responses.

#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string>

#include "core/query_job.hpp"
#include "core/server_context.hpp"
#include "http/http_exchange.hpp"

namespace duckwire::jsonrpc {

// A text/plain answer (an error), ending in a newline.
http::HttpResponse plain(int status, std::string message);
// The status of an error: 400 for SQL errors, 422 for parameters, 500/503 for the server's own.
int status_of(const Error& error);

// Sends `piece` and then the rest of the job's result in `encoding` (`piece` is used up). False when
// the client is gone or the result failed; a failed result abandons the stream (a truncated response,
// not a complete wrong one).
boost::asio::awaitable<bool> stream_result(const ServerContext& server, http::HttpExchange& exchange,
                                           QueryJob& job, std::optional<std::string>& piece,
                                           encode::ResultFormat encoding);

}  // namespace duckwire::jsonrpc
