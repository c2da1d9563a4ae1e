#include "http/origin_policy.hpp"

#include <algorithm>

#include "config/host.hpp"
#include "util/ascii.hpp"

namespace duckwire::http {

namespace {

bool is_wildcard_address(std::string_view host) {
  return host == "0.0.0.0" || host == "::" || host.empty();
}

// "name", "name:port", "[v6]" or "[v6]:port" → lower-case name without brackets or port.
std::optional<std::string> host_name(std::string_view authority) {
  if (authority.starts_with('[')) {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    const std::string_view rest = authority.substr(close + 1);
    if (!rest.empty() && !rest.starts_with(':')) return std::nullopt;
    return ascii_lower(authority.substr(1, close - 1));
  }
  const size_t colon = authority.find(':');
  if (colon != std::string_view::npos && authority.find(':', colon + 1) != std::string_view::npos) {
    return ascii_lower(authority);  // a bare IPv6 address
  }
  std::string name = ascii_lower(authority.substr(0, colon));
  if (name.ends_with('.')) name.pop_back();  // "localhost." names the same host
  return name;
}

std::string normalized_origin(std::string_view origin) {
  std::string text = ascii_lower(origin);
  while (text.ends_with('/')) text.pop_back();
  return text;
}

// An origin served from a loopback host: http(s)://localhost|127.0.0.1|[::1] on any port.
bool is_loopback_origin(std::string_view origin) {
  std::string_view rest;
  if (origin.starts_with("http://")) {
    rest = origin.substr(7);
  } else if (origin.starts_with("https://")) {
    rest = origin.substr(8);
  } else {
    return false;
  }
  if (rest.find_first_of("/?#@") != std::string_view::npos) return false;
  const std::optional<std::string> name = host_name(rest);
  return name && (*name == "localhost" || *name == "127.0.0.1" || *name == "::1");
}

}  // namespace

OriginPolicy::OriginPolicy(OriginPolicyOptions options) {
  const std::string bound = ascii_lower(options.bound_host);
  any_host_ = is_wildcard_address(bound) && options.allowed_hosts.empty();
  if (is_loopback_host(bound) || is_wildcard_address(bound)) host_names_ = {"localhost", "127.0.0.1", "::1"};
  if (!is_wildcard_address(bound)) host_names_.push_back(strip_ipv6_brackets(bound));
  for (const std::string& name : options.allowed_hosts) {
    if (name == "*") any_host_ = true;
    if (auto parsed = host_name(name)) host_names_.push_back(*parsed);
  }
  for (const std::string& origin : options.cors_origins) {
    if (origin == "*") any_origin_ = true;
    origins_.push_back(normalized_origin(origin));
  }
}

bool OriginPolicy::host_allowed(std::string_view host_header) const {
  if (any_host_) return true;
  const std::optional<std::string> name = host_name(host_header);
  return name && std::find(host_names_.begin(), host_names_.end(), *name) != host_names_.end();
}

bool OriginPolicy::origin_allowed(std::string_view origin) const {
  if (any_origin_) return true;
  const std::string normalized = normalized_origin(origin);
  return is_loopback_origin(normalized) ||
         std::find(origins_.begin(), origins_.end(), normalized) != origins_.end();
}

std::optional<OriginRefusal> OriginPolicy::check(const HttpRequest& request) const {
  // Browsers always send Host; a request without one cannot come from a rebound name.
  if (auto host = request.header("host"); host && !host_allowed(*host)) {
    return OriginRefusal{"host not allowed: " + std::string(*host) +
                         " (start the server with --allowed-host NAME to reach it under this name)"};
  }
  if (auto origin = request.header("origin")) {
    if (!origin_allowed(*origin)) {
      return OriginRefusal{
          "origin not allowed: " + std::string(*origin) +
          " (start the server with --cors-origin ORIGIN to let pages from it use the server)"};
    }
    return std::nullopt;
  }
  // No Origin: a browser still tells where a request came from (an <img>, a link, a plain GET).
  if (auto site = request.header("sec-fetch-site"); site && (*site == "cross-site" || *site == "same-site")) {
    return OriginRefusal{"cross-site request without an Origin refused"};
  }
  return std::nullopt;
}

std::optional<std::string> OriginPolicy::allow_origin(const HttpRequest& request) const {
  auto origin = request.header("origin");
  if (!origin || !origin_allowed(*origin)) return std::nullopt;
  if (any_origin_) return std::string("*");
  return std::string(*origin);
}

}  // namespace duckwire::http
