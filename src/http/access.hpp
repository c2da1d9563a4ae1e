#pragma once
// Who is asking: the credentials an HTTP request (or WebSocket upgrade) carries, checked by the
// server's CredentialChecker (off the I/O thread, with a lockout for addresses that keep failing).
// Shared by every front door on the HTTP port.

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <string>

#include "core/credential_checker.hpp"
#include "http/http_types.hpp"

namespace duckwire::http {

enum class Access {
  kGranted,    // no credentials needed, or valid ones given
  kMissing,    // credentials needed and none given
  kDenied,     // credentials given and wrong
  kLockedOut,  // too many wrong ones from this address lately: not checked
};

struct AccessCheck {
  Access access = Access::kMissing;
  std::string principal;                // who, when granted with credentials; empty otherwise
  std::chrono::seconds retry_after{0};  // when locked out
};

// Checks a credential the caller found itself (e.g. in a WebSocket subprotocol).
boost::asio::awaitable<AccessCheck> check_credential(CredentialChecker& checker, HttpCredential credential,
                                                     const HttpRequest& request);

// Looks at `Authorization: Bearer|Basic` and the `token` query parameter.
boost::asio::awaitable<AccessCheck> check_access(CredentialChecker& checker, const HttpRequest& request);

// 401 with a WWW-Authenticate challenge.
HttpResponse unauthorized_response(std::string body, std::string content_type,
                                   std::string challenge = "Basic realm=\"duckwire\", Bearer");

// What a refusal says: "unauthorized", or when to try again after a lockout.
std::string refusal_message(const AccessCheck& check);

// The refusal of a request that was not granted: 429 with Retry-After when locked out, else 401.
HttpResponse refusal_response(const AccessCheck& check, std::string body, std::string content_type,
                              std::string challenge = "Basic realm=\"duckwire\", Bearer");

}  // namespace duckwire::http
