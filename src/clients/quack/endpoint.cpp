#include "clients/quack/endpoint.hpp"

#include <charconv>

namespace duckwire::quack_client {
namespace {

Error invalid(std::string_view target, std::string_view why) {
  return Error{ErrorKind::kInvalidInput,
               "invalid target '" + std::string(target) + "': " + std::string(why) +
                   " (expected quack:HOST[:PORT], http://HOST[:PORT][/PATH] or https://HOST[:PORT][/PATH])"};
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

bool is_ipv6(std::string_view host) {
  return host.find(':') != std::string_view::npos;
}

// HOST[:PORT] or [IPV6][:PORT] into `endpoint`; an error message when it is not one.
std::string_view parse_authority(std::string_view authority, Endpoint& endpoint) {
  std::string_view port_text;
  if (authority.starts_with('[')) {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return "an IPv6 address without its closing ']'";
    endpoint.host = std::string(authority.substr(1, close - 1));
    const std::string_view rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (!rest.starts_with(':')) return "text after the IPv6 address";
      port_text = rest.substr(1);
      if (port_text.empty()) return "an empty port";
    }
  } else {
    const size_t colon = authority.find(':');
    endpoint.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return "an empty port";
      if (port_text.find(':') != std::string_view::npos) return "an IPv6 address must be in brackets";
    }
  }
  if (endpoint.host.empty()) return "no host";
  if (endpoint.host.find_first_of("/?#@ \t\r\n") != std::string::npos)
    return "a host with invalid characters";
  if (!port_text.empty()) {
    unsigned port = 0;
    const auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (error != std::errc{} || end != port_text.data() + port_text.size() || port == 0 || port > 65535) {
      return "the port must be a number from 1 to 65535";
    }
    endpoint.port = static_cast<uint16_t>(port);
  }
  return {};
}

}  // namespace

Result<Endpoint> parse_endpoint(std::string_view target) {
  for (const char c : target) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return invalid(target, "a control character");
  }
  Endpoint endpoint;
  std::string_view authority;
  if (starts_with_ignoring_case(target, "quack:")) {
    authority = target.substr(6);
    if (authority.starts_with("//")) authority.remove_prefix(2);
    if (authority.find('/') != std::string_view::npos) return invalid(target, "a quack: target has no path");
  } else if (starts_with_ignoring_case(target, "http://") || starts_with_ignoring_case(target, "https://")) {
    endpoint.tls = starts_with_ignoring_case(target, "https://");
    endpoint.port = endpoint.tls ? 443 : 80;
    const std::string_view rest = target.substr(endpoint.tls ? 8 : 7);
    const size_t slash = rest.find('/');
    authority = rest.substr(0, slash);
    if (slash != std::string_view::npos) {
      const std::string_view path = rest.substr(slash);
      if (path.find_first_of("?# \t\r\n") != std::string_view::npos) {
        return invalid(target, "the path may not hold a query, a fragment or white space");
      }
      if (path != "/") endpoint.path = std::string(path);
    }
    if (authority.find('@') != std::string_view::npos) {
      return invalid(target, "user information in the URL is not supported (use --token)");
    }
  } else {
    return invalid(target, "unknown scheme");
  }
  if (const std::string_view why = parse_authority(authority, endpoint); !why.empty())
    return invalid(target, why);
  return endpoint;
}

std::string host_header(const Endpoint& endpoint) {
  std::string host = is_ipv6(endpoint.host) ? "[" + endpoint.host + "]" : endpoint.host;
  const uint16_t default_port = endpoint.tls ? 443 : 80;
  if (endpoint.port != default_port) host += ":" + std::to_string(endpoint.port);
  return host;
}

std::string to_string(const Endpoint& endpoint) {
  const std::string host = is_ipv6(endpoint.host) ? "[" + endpoint.host + "]" : endpoint.host;
  return std::string(endpoint.tls ? "https://" : "http://") + host + ":" + std::to_string(endpoint.port) +
         endpoint.path;
}

}  // namespace duckwire::quack_client
