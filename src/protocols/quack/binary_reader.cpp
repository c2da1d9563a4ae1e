#include "protocols/quack/binary_reader.hpp"

#include <fmt/format.h>

#include "protocols/quack/binary_writer.hpp"

namespace duckwire::quack {

void BinaryReader::begin_object() {
  if (failed()) return;
  if (last_field_ids_.size() >= kMaxObjectDepth) {
    fail(fmt::format("objects nested deeper than {} at byte {}", kMaxObjectDepth, offset_));
    return;
  }
  last_field_ids_.push_back(-1);
}

void BinaryReader::end_object() {
  if (failed()) return;
  const auto found = peek_field_id();
  if (!found) {
    fail(fmt::format("the end of an object expected, found the end of the message at byte {}", offset_));
  } else if (*found != kObjectEndFieldId) {
    fail_unexpected_field(*found, "the end of the object");
  } else {
    offset_ += 2;
    if (!last_field_ids_.empty()) last_field_ids_.pop_back();
  }
}

void BinaryReader::field(uint16_t id) {
  if (failed()) return;
  const auto found = peek_field_id();
  if (!found) {
    fail(fmt::format("field {} expected, found the end of the message at byte {}", id, offset_));
  } else if (*found == kObjectEndFieldId) {
    fail(fmt::format("field {} expected, found the end of the object at byte {}", id, offset_));
  } else if (*found != id) {
    fail_unexpected_field(*found, fmt::format("field {}", id));
  } else {
    consume_field_id(id);
  }
}

bool BinaryReader::optional_field(uint16_t id) {
  if (failed() || peek_field_id() != id) return false;
  if (!last_field_ids_.empty() && last_field_ids_.back() >= id) {
    fail_unexpected_field(id, "a later field");
    return false;
  }
  consume_field_id(id);
  return true;
}

uint64_t BinaryReader::multi_byte_uleb() {
  if (failed()) return 0;
  const size_t start = offset_;
  uint64_t value = 0;
  for (size_t i = 0; i < kMaxVarIntBytes; ++i) {
    const auto next = byte("a ULEB128 integer");
    if (!next) return 0;
    const uint64_t group = *next & 0x7F;
    if (i == kMaxVarIntBytes - 1 && group > 1) {
      fail(fmt::format("ULEB128 integer beyond 64 bits at byte {}", start));
      return 0;
    }
    value |= group << (7 * i);
    if ((*next & 0x80) == 0) return value;
  }
  fail(fmt::format("ULEB128 integer longer than {} bytes at byte {}", kMaxVarIntBytes, start));
  return 0;
}

int64_t BinaryReader::sleb() {
  if (failed()) return 0;
  const size_t start = offset_;
  uint64_t value = 0;
  for (size_t i = 0; i < kMaxVarIntBytes; ++i) {
    const auto next = byte("an SLEB128 integer");
    if (!next) return 0;
    value |= static_cast<uint64_t>(*next & 0x7F) << (7 * i);
    if ((*next & 0x80) == 0) {
      const size_t bits = 7 * (i + 1);
      if (bits < 64 && (*next & 0x40) != 0) value |= ~uint64_t{0} << bits;  // sign extension
      return static_cast<int64_t>(value);
    }
  }
  fail(fmt::format("SLEB128 integer longer than {} bytes at byte {}", kMaxVarIntBytes, start));
  return 0;
}

uint64_t BinaryReader::uleb_at_most(uint64_t max, std::string_view what) {
  const size_t start = offset_;
  const uint64_t value = uleb();
  if (value > max) {
    fail(fmt::format("{} of {} beyond its maximum {} at byte {}", what, value, max, start));
    return 0;
  }
  return value;
}

bool BinaryReader::boolean() {
  const size_t start = offset_;
  const auto value = byte("a bool");
  if (!value) return false;
  if (*value > 1) {
    fail(fmt::format("bool of value {} (0 or 1 expected) at byte {}", *value, start));
    return false;
  }
  return *value == 1;
}

std::string_view BinaryReader::long_string() {
  const size_t start = offset_;
  const uint64_t length = uleb();
  if (failed()) return {};
  if (length > remaining()) {
    fail(fmt::format("string of {} bytes beyond the end of the message at byte {}", length, start));
    return {};
  }
  const std::string_view bytes = message_.substr(offset_, length);
  offset_ += length;
  return bytes;
}

uint64_t BinaryReader::list(size_t min_element_bytes) {
  const size_t start = offset_;
  const uint64_t count = uleb();
  if (failed()) return 0;
  if (min_element_bytes == 0) min_element_bytes = 1;
  if (count > remaining() / min_element_bytes) {
    fail(fmt::format("list of {} elements beyond the end of the message at byte {}", count, start));
    return 0;
  }
  return count;
}

bool BinaryReader::nullable() {
  return boolean();
}

int128_t BinaryReader::hugeint() {
  const int64_t upper = sleb();
  const uint64_t lower = uleb();
  return join_halves(upper, lower);
}

void BinaryReader::fail(std::string message) {
  if (!error_) error_ = Error{ErrorKind::kInvalidInput, std::move(message)};
}

void BinaryReader::expect_end() {
  if (failed() || remaining() == 0) return;
  fail(fmt::format("{} {} after the end of the message at byte {}", remaining(),
                   remaining() == 1 ? "byte" : "bytes", offset_));
}

Result<void> BinaryReader::status() const {
  if (error_) return *error_;
  return {};
}

std::optional<uint16_t> BinaryReader::peek_field_id() const {
  if (remaining() < 2) return std::nullopt;
  return static_cast<uint16_t>(static_cast<uint8_t>(message_[offset_]) |
                               (static_cast<uint8_t>(message_[offset_ + 1]) << 8));
}

void BinaryReader::consume_field_id(uint16_t id) {
  offset_ += 2;
  if (!last_field_ids_.empty()) last_field_ids_.back() = id;
}

void BinaryReader::fail_unexpected_field(uint16_t found, std::string_view expected) {
  const int32_t last = last_field_ids_.empty() ? -1 : last_field_ids_.back();
  if (found <= last) {
    fail(fmt::format("field {} out of order after field {} at byte {}", found, last, offset_));
  } else {
    fail(fmt::format("{} expected, found field {} at byte {}", expected, found, offset_));
  }
}

std::optional<uint8_t> BinaryReader::byte(std::string_view what) {
  if (failed()) return std::nullopt;
  if (remaining() == 0) {
    fail(fmt::format("the message ends inside {} at byte {}", what, offset_));
    return std::nullopt;
  }
  return static_cast<uint8_t>(message_[offset_++]);
}

}  // namespace duckwire::quack
