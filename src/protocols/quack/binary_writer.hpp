#pragma once
// DuckDB's BinarySerializer, writing side: field ids as little-endian uint16 before each value, ULEB128
// unsigned and SLEB128 signed integers, length-prefixed strings and lists, `ff ff` ending an object.
// Objects begin with nothing on the wire; the writer only appends what each call names.

#include <cstdint>
#include <string>
#include <string_view>

#include "util/int128.hpp"

namespace duckwire::quack {

inline constexpr uint16_t kObjectEndFieldId = 0xFFFF;

class BinaryWriter {
 public:
  // Appends to `out`, which must outlive the writer.
  explicit BinaryWriter(std::string& out) : out_(out) {}

  BinaryWriter& field(uint16_t id);
  BinaryWriter& uleb(uint64_t value);
  BinaryWriter& sleb(int64_t value);
  BinaryWriter& boolean(bool value);
  // A string or a blob: the ULEB length, then the bytes.
  BinaryWriter& string(std::string_view bytes);
  // The count of a list; its elements follow, each written by the caller.
  BinaryWriter& list(uint64_t count);
  // The presence byte of a unique_ptr/shared_ptr; when present the value follows.
  BinaryWriter& nullable(bool present);
  // A hugeint_t: SLEB of the upper half, then ULEB of the lower half.
  BinaryWriter& hugeint(int128_t value);
  // Raw bytes already in the serializer's encoding (an encoded object, a chunk).
  BinaryWriter& raw(std::string_view bytes);
  BinaryWriter& end_object();

  std::string& out() { return out_; }

 private:
  std::string& out_;
};

}  // namespace duckwire::quack
