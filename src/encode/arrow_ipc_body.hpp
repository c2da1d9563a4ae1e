#pragma once
// The body of one Arrow IPC RecordBatch or DictionaryBatch: the field nodes and buffers of its
// columns in depth-first order. Planned first without touching the data (the metadata must precede
// the body), then written in one pass: each buffer is copied once, straight into the output.

#include <cstdint>
#include <string>
#include <vector>

#include "arrow/c_data.hpp"
#include "encode/arrow_field_plan.hpp"

namespace duckwire::encode {

struct IpcFieldNode {
  int64_t length;
  int64_t null_count;
};

struct IpcBuffer {
  int64_t offset;  // from the start of the body, a multiple of 8
  int64_t length;  // unpadded
};

class IpcBody {
 public:
  void clear();

  // Adds one column: `length` slots of `array` starting at physical slot `offset`.
  // A dictionary-encoded column is added as its indices.
  void add_column(const ArrowFieldPlan& field, const ArrowArray& array, int64_t offset, int64_t length);
  // Adds slots of a dictionary-encoded field's dictionary (the values, not the indices).
  void add_dictionary_values(const ArrowFieldPlan& field, const ArrowArray& dictionary, int64_t offset,
                             int64_t length);

  const std::vector<IpcFieldNode>& nodes() const { return nodes_; }
  const std::vector<IpcBuffer>& buffers() const { return buffers_; }
  // One entry per view-typed field (Utf8View, BinaryView); empty when there is none.
  const std::vector<int64_t>& variadic_buffer_counts() const { return variadic_counts_; }
  int64_t size() const { return size_; }  // bytes, padding included

  // Appends exactly size() bytes.
  void write(std::string& out) const;

 private:
  enum class PartKind { kCopy, kBitmap, kShiftedBitmap, kRebasedOffsets32, kRebasedOffsets64, kZeros };
  struct Part {
    PartKind kind;
    const uint8_t* data;
    int64_t bytes;
    int64_t shift_or_base;  // bit shift of a bitmap, or the value subtracted from offsets
    int64_t bits;           // bitmaps: the bits that matter (the rest of the last byte is cleared)
  };

  void add_array(const ArrowType& type, const std::vector<ArrowFieldPlan>& children, const ArrowArray& array,
                 int64_t offset, int64_t length);
  void add_validity(const ArrowArray& array, int64_t offset, int64_t length, int64_t null_count);
  void add_bitmap(const void* bitmap, int64_t offset, int64_t length);
  void add_fixed(const void* data, int64_t offset, int64_t length, int64_t byte_width);
  // Adds a rebased offsets buffer and returns the [first, last) range of the values it covers.
  template <class OffsetType>
  std::pair<int64_t, int64_t> add_offsets(const void* data, int64_t offset, int64_t length);
  void add_view_buffers(const ArrowArray& array, int64_t offset, int64_t length);
  void add_part(PartKind kind, const void* data, int64_t bytes, int64_t shift_or_base = 0, int64_t bits = 0);

  std::vector<IpcFieldNode> nodes_;
  std::vector<IpcBuffer> buffers_;
  std::vector<int64_t> variadic_counts_;
  std::vector<Part> parts_;
  int64_t size_ = 0;
};

// Number of clear bits in [offset, offset + length) of a validity bitmap.
int64_t count_nulls(const uint8_t* bitmap, int64_t offset, int64_t length);

}  // namespace duckwire::encode
