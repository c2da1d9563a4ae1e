#include "http/access.hpp"

namespace duckwire::http {

Access check_access(const Authenticator& auth, const HttpRequest& request) {
  if (!auth.enabled()) return Access::kGranted;
  if (auto header = request.header("authorization")) {
    auto credential = parse_authorization_header(*header);
    return credential && auth.check(*credential) ? Access::kGranted : Access::kDenied;
  }
  if (auto token = request.query_parameter("token")) {
    return auth.check_token(*token) ? Access::kGranted : Access::kDenied;
  }
  return Access::kMissing;
}

HttpResponse unauthorized_response(std::string body, std::string content_type, std::string challenge) {
  HttpResponse response;
  response.status = 401;
  response.content_type = std::move(content_type);
  response.body = std::move(body);
  response.headers.emplace_back("WWW-Authenticate", std::move(challenge));
  return response;
}

}  // namespace duckwire::http
