#pragma once
// Replies to a query made over plain HTTP (Mosaic's restConnector and curl users): results stream
// with chunked transfer encoding; errors are 400 {"success":false,"error":{"message":...}}.

#include <string>
#include <utility>
#include <vector>

#include "core/metrics.hpp"
#include "http/http_exchange.hpp"
#include "protocols/sqlrooms/query_reply.hpp"

namespace duckwire::sqlrooms {

class HttpReplySink final : public ReplySink {
 public:
  // `headers` go on every response (CORS, X-Query-ID).
  HttpReplySink(http::HttpExchange& exchange, QueryType type,
                std::vector<std::pair<std::string, std::string>> headers, Metrics& metrics)
      : exchange_(exchange), type_(type), headers_(std::move(headers)), metrics_(metrics) {}

  boost::asio::awaitable<void> ok() override;
  boost::asio::awaitable<void> error(std::string_view message) override;
  boost::asio::awaitable<bool> begin_result() override;
  boost::asio::awaitable<bool> result_part(std::string encoded) override;
  boost::asio::awaitable<bool> end_result() override;
  void mark_broken() override { exchange_.abandon_stream(); }

 private:
  http::HttpResponse with_headers(http::HttpResponse response) const;

  http::HttpExchange& exchange_;
  QueryType type_;
  std::vector<std::pair<std::string, std::string>> headers_;
  Metrics& metrics_;
};

// 400 {"success":false,"error":{"message":...}}
http::HttpResponse http_error_response(int status, std::string_view message);

}  // namespace duckwire::sqlrooms
