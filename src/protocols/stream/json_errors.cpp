#include "protocols/stream/json_errors.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace duckwire::stream {

namespace {

std::string error_body(const std::string& message) {
  return boost::json::serialize(boost::json::object{{"error", message}});
}

}  // namespace

http::HttpResponse json_error(int status, const std::string& message) {
  return http::HttpResponse::json(status, error_body(message));
}

http::HttpResponse json_refusal(const http::AccessCheck& access) {
  return http::refusal_response(access, error_body(http::refusal_message(access)), "application/json");
}

}  // namespace duckwire::stream
