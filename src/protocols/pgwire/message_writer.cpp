#include "protocols/pgwire/message_writer.hpp"

namespace duckwire::pgwire {

void append_int16(std::string& out, int16_t value) {
  const auto bits = static_cast<uint16_t>(value);
  out.push_back(static_cast<char>(bits >> 8));
  out.push_back(static_cast<char>(bits & 0xff));
}

void append_int32(std::string& out, int32_t value) {
  const auto bits = static_cast<uint32_t>(value);
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((bits >> shift) & 0xff));
}

MessageWriter::MessageWriter(std::string& out, char type) : out_(out) {
  out_.push_back(type);
  length_at_ = out_.size();
  out_.append(4, '\0');
}

MessageWriter::~MessageWriter() {
  const auto length = static_cast<uint32_t>(out_.size() - length_at_);
  for (int i = 0; i < 4; ++i) out_[length_at_ + i] = static_cast<char>((length >> (24 - 8 * i)) & 0xff);
}

MessageWriter& MessageWriter::byte(uint8_t value) {
  out_.push_back(static_cast<char>(value));
  return *this;
}

MessageWriter& MessageWriter::int16(int16_t value) {
  append_int16(out_, value);
  return *this;
}

MessageWriter& MessageWriter::int32(int32_t value) {
  append_int32(out_, value);
  return *this;
}

MessageWriter& MessageWriter::cstring(std::string_view text) {
  out_.append(text);
  out_.push_back('\0');
  return *this;
}

MessageWriter& MessageWriter::bytes(std::string_view data) {
  out_.append(data);
  return *this;
}

}  // namespace duckwire::pgwire
