#pragma once
// DuckDB's BinarySerializer, reading side, for bytes from untrusted peers. Every read is checked
// against the end of the message; a count is checked against the bytes left before anything is
// sized by it; fields must come in ascending id order, and one the caller does not ask for is an
// error. The first violation is kept and every later read returns a neutral default (0, empty,
// false), so a decoder reads straight through and asks `status()` at the end.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.hpp"
#include "util/int128.hpp"

namespace duckwire::quack {

class BinaryReader {
 public:
  static constexpr size_t kMaxObjectDepth = 128;
  static constexpr size_t kMaxVarIntBytes = 10;

  explicit BinaryReader(std::string_view message) : message_(message) {}

  // An object begins with nothing on the wire: begin_object starts the field order of a nested
  // object (and bounds the nesting); end_object reads the `ff ff` that ends it.
  void begin_object();
  void end_object();

  // The next field must be `id`.
  void field(uint16_t id);
  // Consumes field `id` when it comes next; false leaves the next field to a later call.
  bool optional_field(uint16_t id);

  uint64_t uleb() {
    if (!failed() && offset_ < message_.size() && static_cast<uint8_t>(message_[offset_]) < 0x80) {
      return static_cast<uint8_t>(message_[offset_++]);
    }
    return multi_byte_uleb();
  }
  int64_t sleb();
  // A ULEB that must not exceed `max`; `what` names it in the error.
  uint64_t uleb_at_most(uint64_t max, std::string_view what);
  bool boolean();
  // A string or blob, viewing the message's bytes.
  std::string_view string() {
    if (!failed() && offset_ < message_.size()) {
      const auto length = static_cast<uint8_t>(message_[offset_]);
      if (length < 0x80 && length < message_.size() - offset_) {
        const std::string_view bytes(message_.data() + offset_ + 1, length);
        offset_ += 1 + length;
        return bytes;
      }
    }
    return long_string();
  }
  // The count of a list whose elements take at least `min_element_bytes` each on the wire.
  uint64_t list(size_t min_element_bytes = 1);
  // The presence byte of a nullable pointer.
  bool nullable();
  int128_t hugeint();

  // Records `message` as the error unless one is already recorded.
  void fail(std::string message);
  // Fails unless every byte of the message has been read.
  void expect_end();

  bool failed() const { return error_.has_value(); }
  Result<void> status() const;
  size_t offset() const { return offset_; }
  size_t remaining() const { return message_.size() - offset_; }
  size_t depth() const { return last_field_ids_.size(); }

 private:
  // The id of the next field, consumed only by the callers above; nullopt at the end of the message.
  std::optional<uint16_t> peek_field_id() const;
  void consume_field_id(uint16_t id);
  void fail_unexpected_field(uint16_t found, std::string_view expected);
  std::optional<uint8_t> byte(std::string_view what);
  // uleb() and string() beyond their one-byte fast paths.
  uint64_t multi_byte_uleb();
  std::string_view long_string();

  std::string_view message_;
  size_t offset_ = 0;
  // Per open object, the last field id read (-1: none yet).
  std::vector<int32_t> last_field_ids_;
  std::optional<Error> error_;
};

}  // namespace duckwire::quack
