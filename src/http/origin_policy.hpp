#pragma once
// Which browser pages may use the server, and under which names it may be reached: the defence
// against cross-site requests and DNS rebinding, checked on every request before it is routed.
//
// Host: a request must name the server by a name it is known under. Bound to loopback, that is
// `localhost`, `127.0.0.1`, `[::1]` and the bound address (any port); bound to another address, that
// address; bound to a wildcard address (0.0.0.0, ::), any name. `--allowed-host` adds names, `*` any.
//
// Origin: a browser names the page that sent a request. Pages served from a loopback host (any
// scheme http/https, any port) and the origins of `--cors-origin` are allowed (`*`: every origin);
// requests without an Origin come from non-browser clients and are allowed, unless the browser's
// Sec-Fetch-Site says another site sent them. Every other request is refused before routing, so a
// foreign page can neither upgrade to WebSocket nor run SQL, not even with a "simple" POST.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/http_types.hpp"

namespace duckwire::http {

struct OriginPolicyOptions {
  std::string bound_host;                  // as listened on, IPv6 without brackets
  std::vector<std::string> allowed_hosts;  // extra Host names; "*" for any
  std::vector<std::string> cors_origins;   // extra origins, e.g. "https://app.example"; "*" for any
};

// Why a request is refused, as a plain-text 403 body; nullopt when it may proceed.
struct OriginRefusal {
  std::string reason;
};

class OriginPolicy {
 public:
  explicit OriginPolicy(OriginPolicyOptions options);

  // Host and Origin checks for a request about to be routed.
  std::optional<OriginRefusal> check(const HttpRequest& request) const;

  // The Access-Control-Allow-Origin value for a request's Origin ("*" when every origin is allowed),
  // nullopt when the request has no allowed Origin.
  std::optional<std::string> allow_origin(const HttpRequest& request) const;

  bool host_allowed(std::string_view host_header) const;
  bool origin_allowed(std::string_view origin) const;

 private:
  bool any_host_ = false;
  bool any_origin_ = false;
  std::vector<std::string> host_names_;  // lower case, IPv6 without brackets
  std::vector<std::string> origins_;     // lower case, no trailing slash
};

}  // namespace duckwire::http
