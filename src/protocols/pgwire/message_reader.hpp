#pragma once
// Reads the fields of one frontend message body, never past its end: every read that would is a
// nullopt, which the caller turns into a protocol violation.

#include <cstdint>
#include <optional>
#include <string_view>

namespace duckwire::pgwire {

class MessageReader {
 public:
  explicit MessageReader(std::string_view body) : rest_(body) {}

  std::optional<uint8_t> byte();
  std::optional<int16_t> int16();
  std::optional<int32_t> int32();
  // Up to the next NUL, which is consumed.
  std::optional<std::string_view> cstring();
  std::optional<std::string_view> bytes(size_t count);

  size_t remaining() const { return rest_.size(); }
  bool at_end() const { return rest_.empty(); }

 private:
  std::string_view rest_;
};

// Big-endian int32 of 4 bytes.
int32_t read_int32(const char* bytes);

}  // namespace duckwire::pgwire
