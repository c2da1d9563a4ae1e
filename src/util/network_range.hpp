#pragma once
// An IP network in CIDR notation ("10.0.0.0/8", "::1/128"; a bare address is the one host), and
// whether an address lies in it.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace duckwire {

class NetworkRange {
 public:
  // nullopt for text that is not an address with an optional /prefix within its family's width.
  static std::optional<NetworkRange> parse(std::string_view text);
  // False for text that is not an address; an IPv4-mapped IPv6 address matches IPv4 ranges.
  bool contains(std::string_view address) const;

 private:
  std::array<uint8_t, 16> bytes_{};
  bool v4_ = false;
  int prefix_ = 0;
};

}  // namespace duckwire
