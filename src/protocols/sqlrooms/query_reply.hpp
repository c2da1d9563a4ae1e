#pragma once
// Answers one query request: from the result cache when it holds the result, else by running the
// query (filling the cache first for `persist` requests), in the reply shape the request asked for.

#include <boost/asio/awaitable.hpp>

#include <string_view>

#include "core/query_job.hpp"
#include "core/result_spool.hpp"
#include "protocols/sqlrooms/messages.hpp"

namespace duckwire::sqlrooms {

class ResultCache;

// Where a query's reply goes: a WebSocket message or an HTTP response.
class ReplySink {
 public:
  virtual ~ReplySink() = default;
  virtual boost::asio::awaitable<void> ok() = 0;
  virtual boost::asio::awaitable<void> error(std::string_view message) = 0;
  // A result: begin, any number of encoded parts, end. False when the client is gone.
  virtual boost::asio::awaitable<bool> begin_result() = 0;
  virtual boost::asio::awaitable<bool> result_part(std::string encoded) = 0;
  virtual boost::asio::awaitable<bool> end_result() = 0;
  // The result failed after it had started going out: the client cannot be told in-band.
  virtual void mark_broken() = 0;
  // JSON results are wanted escaped as the body of a JSON string (SQLRooms wraps them in "data").
  virtual bool json_in_string() const { return false; }
  // Where a computed result is spooled whole before its reply begins; null: it streams as computed.
  virtual SpoolAllowance* spool_allowance() { return nullptr; }
};

boost::asio::awaitable<void> answer(const ServerContext& server, ResultCache& cache,
                                    const QueryRequest& request, QueryJob& job, ReplySink& writer);

}  // namespace duckwire::sqlrooms
