#include "protocols/jsonrpc/http_sql_replies.hpp"

namespace duckwire::jsonrpc {

http::HttpResponse plain(int status, std::string message) {
  if (!message.empty() && message.back() != '\n') message += '\n';
  return http::HttpResponse::text(status, std::move(message));
}

int status_of(const Error& error) {
  switch (error.kind) {
    case ErrorKind::kUnavailable:
      return 503;
    case ErrorKind::kInvalidParameter:
      return 422;
    case ErrorKind::kInternal:
    case ErrorKind::kOutOfMemory:
    case ErrorKind::kIo:
      return 500;
    // A statement stopped by its time limit is an execution error like any other SQL error (the spec's
    // 400): 408 says the request itself did not arrive in time, and 503/504 blame the server or a
    // gateway and invite automatic retries of a statement that would only time out again.
    case ErrorKind::kTimeout:
      return 400;
    default:
      return 400;
  }
}

boost::asio::awaitable<bool> stream_result(const ServerContext& server, http::HttpExchange& exchange,
                                           QueryJob& job, std::optional<std::string>& piece,
                                           encode::ResultFormat encoding) {
  while (piece) {
    const bool written = co_await exchange.write_chunk(*piece);
    if (!written) co_return false;
    server.metrics.bytes_sent(Protocol::kJsonRpc, piece->size());
    auto next = co_await job.next(encoding);
    if (!next) {
      exchange.abandon_stream();
      co_return false;
    }
    piece = std::move(next).value();
  }
  co_return true;
}

}  // namespace duckwire::jsonrpc
