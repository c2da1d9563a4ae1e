#include "protocols/sqlrooms/http_reply_sink.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace duckwire::sqlrooms {

namespace asio = boost::asio;

http::HttpResponse http_error_response(int status, std::string_view message) {
  boost::json::object body{{"success", false}, {"error", boost::json::object{{"message", message}}}};
  return http::HttpResponse::json(status, boost::json::serialize(body));
}

http::HttpResponse HttpReplySink::with_headers(http::HttpResponse response) const {
  response.headers.insert(response.headers.end(), headers_.begin(), headers_.end());
  return response;
}

asio::awaitable<void> HttpReplySink::ok() {
  exchange_.stop_watching_for_close();
  co_await exchange_.respond(with_headers(http::HttpResponse::json(200, "{}")));
}

asio::awaitable<void> HttpReplySink::error(std::string_view message) {
  exchange_.stop_watching_for_close();
  co_await exchange_.respond(with_headers(http_error_response(400, message)));
}

asio::awaitable<bool> HttpReplySink::begin_result() {
  exchange_.stop_watching_for_close();
  http::HttpResponse head;
  head.content_type = type_ == QueryType::kArrow ? "application/vnd.apache.arrow.stream" : "application/json";
  co_return co_await exchange_.begin_stream(with_headers(std::move(head)));
}

asio::awaitable<bool> HttpReplySink::result_part(std::string encoded) {
  const bool sent = co_await exchange_.write_chunk(encoded);
  if (sent) metrics_.bytes_sent(Protocol::kSqlRooms, encoded.size());
  co_return sent;
}

asio::awaitable<bool> HttpReplySink::end_result() {
  co_return co_await exchange_.end_stream();
}

}  // namespace duckwire::sqlrooms
