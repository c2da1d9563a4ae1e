#pragma once
// /sql answered as a Parquet file: the query's result is written whole into a file by the server's own
// writer (core/result_file.hpp), then sent as an attachment. Every error, the query's or the file's
// size bound (507), comes before the first byte, in /sql's usual text/plain shape.

#include <boost/asio/awaitable.hpp>

#include <memory>
#include <string>

#include "core/query_job.hpp"
#include "core/server_context.hpp"
#include "http/http_exchange.hpp"

namespace duckwire::jsonrpc {

// Runs `job` (not started; its cancel on disconnect already watched for) and sends its result as a
// Parquet file in `media_type`: 201 when `changed_data` says the call changed data, else 200.
boost::asio::awaitable<void> send_parquet(const ServerContext& server, http::HttpExchange& exchange,
                                          const std::shared_ptr<QueryJob>& job, const bool& changed_data,
                                          const std::string& media_type);

}  // namespace duckwire::jsonrpc
