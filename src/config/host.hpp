#pragma once

#include <string>
#include <string_view>

namespace duckwire {

// "[::1]" → "::1"; other hosts unchanged.
std::string strip_ipv6_brackets(std::string_view host);

// True for "localhost", 127.0.0.0/8, ::1 and IPv4-mapped loopback. Any other name counts as
// reachable from elsewhere.
bool is_loopback_host(std::string_view host);

}  // namespace duckwire
