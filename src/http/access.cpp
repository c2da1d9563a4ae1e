#include "http/access.hpp"

namespace duckwire::http {

boost::asio::awaitable<AccessCheck> check_credential(CredentialChecker& checker, HttpCredential credential,
                                                     const HttpRequest& request) {
  std::string address = request.remote_address;
  const CredentialVerdict verdict = co_await checker.check(std::move(credential), std::move(address));
  switch (verdict.kind) {
    case CredentialVerdict::Kind::kGranted:
      co_return AccessCheck{Access::kGranted, verdict.principal, {}};
    case CredentialVerdict::Kind::kLockedOut:
      co_return AccessCheck{Access::kLockedOut, {}, verdict.retry_after};
    case CredentialVerdict::Kind::kDenied:
      break;
  }
  co_return AccessCheck{Access::kDenied, {}, {}};
}

boost::asio::awaitable<AccessCheck> check_access(CredentialChecker& checker, const HttpRequest& request) {
  if (!checker.authenticator().enabled()) co_return AccessCheck{Access::kGranted, {}, {}};
  std::optional<HttpCredential> credential;
  if (auto header = request.header("authorization")) {
    credential = parse_authorization_header(*header);
    if (!credential) co_return AccessCheck{Access::kDenied, {}, {}};
  } else if (auto token = request.query_parameter("token")) {
    credential = BearerToken{std::move(*token)};
  } else {
    co_return AccessCheck{Access::kMissing, {}, {}};
  }
  AccessCheck check = co_await check_credential(checker, std::move(*credential), request);
  co_return check;
}

HttpResponse unauthorized_response(std::string body, std::string content_type, std::string challenge) {
  HttpResponse response;
  response.status = 401;
  response.content_type = std::move(content_type);
  response.body = std::move(body);
  response.headers.emplace_back("WWW-Authenticate", std::move(challenge));
  return response;
}

std::string refusal_message(const AccessCheck& check) {
  if (check.access != Access::kLockedOut) return "unauthorized";
  return lockout_message(check.retry_after);
}

HttpResponse refusal_response(const AccessCheck& check, std::string body, std::string content_type,
                              std::string challenge) {
  if (check.access != Access::kLockedOut) {
    return unauthorized_response(std::move(body), std::move(content_type), std::move(challenge));
  }
  HttpResponse response;
  response.status = 429;
  response.content_type = std::move(content_type);
  response.body = std::move(body);
  response.headers.emplace_back("Retry-After", std::to_string(check.retry_after.count()));
  return response;
}

}  // namespace duckwire::http
