#include "util/network_range.hpp"

#include <boost/asio/ip/address.hpp>

#include <charconv>

namespace duckwire {

namespace {

struct ParsedAddress {
  std::array<uint8_t, 16> bytes{};
  bool v4 = false;
};

std::optional<ParsedAddress> parse_address(std::string_view text) {
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    address = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6());
  }
  ParsedAddress parsed;
  if (address.is_v4()) {
    parsed.v4 = true;
    const auto bytes = address.to_v4().to_bytes();
    std::copy(bytes.begin(), bytes.end(), parsed.bytes.begin());
  } else {
    parsed.bytes = address.to_v6().to_bytes();
  }
  return parsed;
}

}  // namespace

std::optional<NetworkRange> NetworkRange::parse(std::string_view text) {
  const size_t slash = text.find('/');
  const auto address = parse_address(text.substr(0, slash));
  if (!address) return std::nullopt;
  NetworkRange range;
  range.bytes_ = address->bytes;
  range.v4_ = address->v4;
  const int width = range.v4_ ? 32 : 128;
  range.prefix_ = width;
  if (slash != std::string_view::npos) {
    const std::string_view digits = text.substr(slash + 1);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), range.prefix_);
    if (ec != std::errc() || end != digits.data() + digits.size() || range.prefix_ < 0 ||
        range.prefix_ > width) {
      return std::nullopt;
    }
  }
  return range;
}

bool NetworkRange::contains(std::string_view text) const {
  const auto address = parse_address(text);
  if (!address || address->v4 != v4_) return false;
  for (int bit = 0; bit < prefix_; ++bit) {
    const uint8_t mask = static_cast<uint8_t>(0x80 >> (bit % 8));
    if ((address->bytes[bit / 8] & mask) != (bytes_[bit / 8] & mask)) return false;
  }
  return true;
}

}  // namespace duckwire
