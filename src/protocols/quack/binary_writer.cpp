#include "protocols/quack/binary_writer.hpp"

namespace duckwire::quack {

BinaryWriter& BinaryWriter::field(uint16_t id) {
  out_.push_back(static_cast<char>(id & 0xFF));
  out_.push_back(static_cast<char>(id >> 8));
  return *this;
}

BinaryWriter& BinaryWriter::uleb(uint64_t value) {
  do {
    uint8_t byte = value & 0x7F;
    value >>= 7;
    if (value != 0) byte |= 0x80;
    out_.push_back(static_cast<char>(byte));
  } while (value != 0);
  return *this;
}

BinaryWriter& BinaryWriter::sleb(int64_t value) {
  while (true) {
    const uint8_t byte = value & 0x7F;
    value >>= 7;  // arithmetic shift: the sign stays
    const bool sign_bit_set = (byte & 0x40) != 0;
    if ((value == 0 && !sign_bit_set) || (value == -1 && sign_bit_set)) {
      out_.push_back(static_cast<char>(byte));
      return *this;
    }
    out_.push_back(static_cast<char>(byte | 0x80));
  }
}

BinaryWriter& BinaryWriter::boolean(bool value) {
  out_.push_back(value ? 1 : 0);
  return *this;
}

BinaryWriter& BinaryWriter::string(std::string_view bytes) {
  uleb(bytes.size());
  out_.append(bytes);
  return *this;
}

BinaryWriter& BinaryWriter::list(uint64_t count) {
  return uleb(count);
}

BinaryWriter& BinaryWriter::nullable(bool present) {
  return boolean(present);
}

BinaryWriter& BinaryWriter::hugeint(int128_t value) {
  const Int128Halves halves = split_halves(value);
  sleb(halves.upper);
  return uleb(halves.lower);
}

BinaryWriter& BinaryWriter::raw(std::string_view bytes) {
  out_.append(bytes);
  return *this;
}

BinaryWriter& BinaryWriter::end_object() {
  return field(kObjectEndFieldId);
}

}  // namespace duckwire::quack
