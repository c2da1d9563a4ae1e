#pragma once
// What the Arrow IPC reader decodes into before it exports C data: a schema of fields and arrays
// whose buffers are private, aligned, zero-padded copies of the message body, already validated.

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "encode/arrow_field_plan.hpp"  // KeyValueList
#include "encode/arrow_type.hpp"

namespace duckwire::encode::ipc {

// Thrown inside the reader for input it refuses; the reader's entry point returns it as an error value.
class IpcReadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

[[noreturn]] inline void refuse(const std::string& what) {
  throw IpcReadError(what);
}

// Bounds on what one stream may ask the reader to build.
struct ReadLimits {
  int64_t max_array_length = int64_t{1} << 28;  // slots in any one array
  int64_t max_rows = int64_t{1} << 28;          // rows in all record batches together
  int max_nesting = 64;                         // depth of nested types
  int64_t max_fields = 10'000;                  // fields in the schema, nested ones included
  // Bytes the decoded arrays may occupy; 0: four times the input size plus 64 MiB.
  int64_t max_decoded_bytes = 0;
};

struct DictionaryEncoding {
  int64_t id = 0;
  ArrowType index_type;
  bool ordered = false;
};

struct Field {
  std::string name;
  bool nullable = true;
  ArrowType type;  // for a dictionary-encoded field: the type of the values
  // Decoded into another type than the wire's, for consumers that misread the original:
  // float16 becomes float32 (DuckDB cannot read float16), day-time intervals become
  // month-day-nano intervals (DuckDB reads a day-time pair as one count of milliseconds).
  enum class WireType { kSame, kHalfFloat, kDayTimeInterval };
  WireType wire_type = WireType::kSame;
  bool map_keys_sorted = false;
  KeyValueList metadata;
  std::vector<Field> children;  // for a dictionary-encoded field: the values' children
  std::optional<DictionaryEncoding> dictionary;
};

struct Schema {
  std::vector<Field> fields;
  KeyValueList metadata;
};

// What is left of ReadLimits::max_decoded_bytes; every allocation of decoded data is charged to it.
class ByteBudget {
 public:
  explicit ByteBudget(int64_t bytes) : remaining_(bytes) {}
  void charge(int64_t bytes) {
    if (bytes > remaining_) throw IpcReadError("the stream decodes to more data than allowed");
    remaining_ -= bytes;
  }

 private:
  int64_t remaining_;
};

// Immutable bytes with at least 8-byte alignment, zero-padded to a multiple of 64 bytes so that
// consumers reading whole words never leave the allocation.
class Buffer {
 public:
  explicit Buffer(size_t size) : words_((size + 63) / 64 * 8 + 8, 0), size_(size) {}
  const uint8_t* data() const { return reinterpret_cast<const uint8_t*>(words_.data()); }
  uint8_t* data() { return reinterpret_cast<uint8_t*>(words_.data()); }
  size_t size() const { return size_; }

 private:
  std::vector<uint64_t> words_;
  size_t size_;
};
using BufferPtr = std::shared_ptr<const Buffer>;

// One array in C data interface buffer order, offset 0. A null validity buffer means no nulls.
struct Array {
  int64_t length = 0;
  int64_t null_count = 0;
  std::vector<BufferPtr> buffers;
  std::vector<std::shared_ptr<const Array>> children;
  std::shared_ptr<const Array> dictionary;  // the values of a dictionary-encoded array
};
using ArrayPtr = std::shared_ptr<const Array>;

}  // namespace duckwire::encode::ipc
