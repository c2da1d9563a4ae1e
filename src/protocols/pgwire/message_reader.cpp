#include "protocols/pgwire/message_reader.hpp"

namespace duckwire::pgwire {

int32_t read_int32(const char* bytes) {
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i) value = (value << 8) | static_cast<uint8_t>(bytes[i]);
  return static_cast<int32_t>(value);
}

std::optional<uint8_t> MessageReader::byte() {
  if (rest_.empty()) return std::nullopt;
  const auto value = static_cast<uint8_t>(rest_.front());
  rest_.remove_prefix(1);
  return value;
}

std::optional<int16_t> MessageReader::int16() {
  if (rest_.size() < 2) return std::nullopt;
  const auto value =
      static_cast<uint16_t>((static_cast<uint8_t>(rest_[0]) << 8) | static_cast<uint8_t>(rest_[1]));
  rest_.remove_prefix(2);
  return static_cast<int16_t>(value);
}

std::optional<int32_t> MessageReader::int32() {
  if (rest_.size() < 4) return std::nullopt;
  const int32_t value = read_int32(rest_.data());
  rest_.remove_prefix(4);
  return value;
}

std::optional<std::string_view> MessageReader::cstring() {
  const size_t end = rest_.find('\0');
  if (end == std::string_view::npos) return std::nullopt;
  const std::string_view text = rest_.substr(0, end);
  rest_.remove_prefix(end + 1);
  return text;
}

std::optional<std::string_view> MessageReader::bytes(size_t count) {
  if (rest_.size() < count) return std::nullopt;
  const std::string_view data = rest_.substr(0, count);
  rest_.remove_prefix(count);
  return data;
}

}  // namespace duckwire::pgwire
