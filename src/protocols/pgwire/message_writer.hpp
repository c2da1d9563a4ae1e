#pragma once
// Backend messages as bytes: a type byte, a big-endian int32 length that counts itself, the body.

#include <cstdint>
#include <string>
#include <string_view>

namespace duckwire::pgwire {

// Appends one message to `out`; the length is filled in when the writer is destroyed.
class MessageWriter {
 public:
  MessageWriter(std::string& out, char type);
  ~MessageWriter();
  MessageWriter(const MessageWriter&) = delete;
  MessageWriter& operator=(const MessageWriter&) = delete;

  MessageWriter& byte(uint8_t value);
  MessageWriter& int16(int16_t value);
  MessageWriter& int32(int32_t value);
  // The text and its NUL terminator.
  MessageWriter& cstring(std::string_view text);
  MessageWriter& bytes(std::string_view data);

 private:
  std::string& out_;
  size_t length_at_;
};

// Big-endian integers appended to a byte string (also used inside DataRow cells).
void append_int16(std::string& out, int16_t value);
void append_int32(std::string& out, int32_t value);

}  // namespace duckwire::pgwire
