#pragma once
// Who is asking: the credentials an HTTP request (or WebSocket upgrade) carries, checked against
// the server's Authenticator. Shared by every front door on the HTTP port.

#include "core/auth.hpp"
#include "http/http_types.hpp"

namespace duckwire::http {

enum class Access {
  kGranted,  // no credentials needed, or valid ones given
  kMissing,  // credentials needed and none given
  kDenied,   // credentials given and wrong
};

// Looks at `Authorization: Bearer|Basic` and the `token` query parameter.
Access check_access(const Authenticator& auth, const HttpRequest& request);

// 401 with a WWW-Authenticate challenge.
HttpResponse unauthorized_response(std::string body, std::string content_type,
                                   std::string challenge = "Basic realm=\"duckwire\", Bearer");

}  // namespace duckwire::http
