#include "encode/arrow_ipc_concat.hpp"

#include <cstring>
#include <limits>
#include <string>

#include "encode/arrow_ipc_body_reader.hpp"
#include "util/unaligned.hpp"

namespace duckwire::encode::ipc {
namespace {

// `count` slots of `array` from slot `start`.
struct Range {
  const Array* array;
  int64_t start;
  int64_t count;
};

template <class T>
void store(uint8_t* at, T value) {
  std::memcpy(at, &value, sizeof(T));
}

bool get_bit(const uint8_t* bits, int64_t index) {
  return (bits[index / 8] >> (index % 8)) & 1;
}
void set_bit(uint8_t* bits, int64_t index) {
  bits[index / 8] = static_cast<uint8_t>(bits[index / 8] | (1 << (index % 8)));
}

class Concatenator {
 public:
  Concatenator(const ReadLimits& limits, ByteBudget& budget) : limits_(limits), budget_(budget) {}

  ArrayPtr build(const Field& field, bool encoded, const std::vector<Range>& ranges) {
    budget_.charge(sizeof(Array) + 64);
    auto out = std::make_shared<Array>();
    for (const Range& range : ranges) out->length += range.count;
    if (out->length > limits_.max_array_length)
      throw IpcReadError("dictionary grows beyond the array length limit");
    const ArrowType& type = field.type;
    const bool is_union = type.id == ArrowTypeId::kSparseUnion || type.id == ArrowTypeId::kDenseUnion;
    if (type.id == ArrowTypeId::kNull && !encoded) {
      out->null_count = out->length;
      return out;
    }
    if (!is_union || encoded) out->buffers.push_back(validity(ranges, out->length, out->null_count));
    if (encoded) {
      auto indices = fixed(ranges, 1, field.dictionary->index_type.bit_width / 8, out->length);
      out->dictionary = ranges.back().array->dictionary;
      check_dictionary_indices(*out, *indices, field.dictionary->index_type, out->dictionary->length);
      out->buffers.push_back(std::move(indices));
      return out;
    }
    switch (type.id) {
      case ArrowTypeId::kBool:
        out->buffers.push_back(bits(ranges, out->length));
        break;
      case ArrowTypeId::kBinary:
      case ArrowTypeId::kUtf8:
        binary<int32_t>(ranges, *out);
        break;
      case ArrowTypeId::kLargeBinary:
      case ArrowTypeId::kLargeUtf8:
        binary<int64_t>(ranges, *out);
        break;
      case ArrowTypeId::kList:
      case ArrowTypeId::kMap:
        add_child(field.children[0], list<int32_t>(ranges, *out), *out);
        break;
      case ArrowTypeId::kLargeList:
        add_child(field.children[0], list<int64_t>(ranges, *out), *out);
        break;
      case ArrowTypeId::kFixedSizeList: {
        std::vector<Range> values;
        for (const Range& r : ranges) {
          const int64_t size = type.fixed_size;
          values.push_back({r.array->children[0].get(), r.start * size, r.count * size});
        }
        add_child(field.children[0], values, *out);
        break;
      }
      case ArrowTypeId::kStruct:
      case ArrowTypeId::kSparseUnion:
        if (is_union) out->buffers.push_back(fixed(ranges, 0, 1, out->length));
        for (size_t i = 0; i < field.children.size(); ++i)
          add_child(field.children[i], child_ranges(ranges, i), *out);
        break;
      case ArrowTypeId::kDenseUnion:
        dense_union(field, ranges, *out);
        break;
      default:
        out->buffers.push_back(fixed(ranges, 1, type.fixed_byte_width(), out->length));
        break;
    }
    return out;
  }

 private:
  void add_child(const Field& child, const std::vector<Range>& ranges, Array& out) {
    out.children.push_back(build(child, child.dictionary.has_value(), ranges));
  }

  static std::vector<Range> child_ranges(const std::vector<Range>& ranges, size_t child) {
    std::vector<Range> out;
    for (const Range& r : ranges) out.push_back({r.array->children[child].get(), r.start, r.count});
    return out;
  }

  BufferPtr validity(const std::vector<Range>& ranges, int64_t length, int64_t& null_count) {
    null_count = 0;
    bool any = false;
    for (const Range& r : ranges) any = any || r.array->buffers[0] != nullptr;
    if (!any) return nullptr;
    auto bitmap = new_buffer(static_cast<size_t>((length + 7) / 8));
    int64_t at = 0;
    for (const Range& r : ranges) {
      const Buffer* source = r.array->buffers[0].get();
      for (int64_t i = 0; i < r.count; ++i, ++at) {
        if (source == nullptr || get_bit(source->data(), r.start + i)) {
          set_bit(bitmap->data(), at);
        } else {
          ++null_count;
        }
      }
    }
    return null_count == 0 ? nullptr : bitmap;
  }

  std::shared_ptr<Buffer> fixed(const std::vector<Range>& ranges, size_t buffer, int64_t width,
                                int64_t length) {
    auto out = new_buffer(static_cast<size_t>(length * width));
    uint8_t* at = out->data();
    for (const Range& r : ranges) {
      const size_t bytes = static_cast<size_t>(r.count * width);
      if (bytes > 0) std::memcpy(at, r.array->buffers[buffer]->data() + r.start * width, bytes);
      at += bytes;
    }
    return out;
  }

  BufferPtr bits(const std::vector<Range>& ranges, int64_t length) {
    auto out = new_buffer(static_cast<size_t>((length + 7) / 8));
    int64_t at = 0;
    for (const Range& r : ranges) {
      for (int64_t i = 0; i < r.count; ++i, ++at) {
        if (get_bit(r.array->buffers[1]->data(), r.start + i)) set_bit(out->data(), at);
      }
    }
    return out;
  }

  // Writes rebased offsets into `out` and returns, per range, the range of values they cover.
  template <class Offset>
  std::vector<Range> offsets(const std::vector<Range>& ranges, int64_t length, Array& out) {
    auto offsets = new_buffer(static_cast<size_t>((length + 1) * sizeof(Offset)));
    std::vector<Range> values;
    int64_t total = 0;
    int64_t at = 0;
    for (const Range& r : ranges) {
      const uint8_t* source = r.array->buffers[1]->data();
      const auto first = static_cast<int64_t>(load_unaligned<Offset>(source + r.start * sizeof(Offset)));
      for (int64_t i = 0; i < r.count; ++i) {
        const auto end =
            static_cast<int64_t>(load_unaligned<Offset>(source + (r.start + i + 1) * sizeof(Offset)));
        const int64_t rebased = total + end - first;
        if (rebased > std::numeric_limits<Offset>::max()) throw IpcReadError("dictionary offsets overflow");
        store<Offset>(offsets->data() + (++at) * sizeof(Offset), static_cast<Offset>(rebased));
      }
      const auto last =
          static_cast<int64_t>(load_unaligned<Offset>(source + (r.start + r.count) * sizeof(Offset)));
      values.push_back({r.array, first, last - first});
      total += last - first;
    }
    out.buffers.push_back(std::move(offsets));
    return values;
  }

  template <class Offset>
  void binary(const std::vector<Range>& ranges, Array& out) {
    const std::vector<Range> values = offsets<Offset>(ranges, out.length, out);
    int64_t bytes = 0;
    for (const Range& v : values) bytes += v.count;
    auto data = new_buffer(static_cast<size_t>(bytes));
    uint8_t* at = data->data();
    for (const Range& v : values) {
      if (v.count > 0) std::memcpy(at, v.array->buffers[2]->data() + v.start, static_cast<size_t>(v.count));
      at += v.count;
    }
    out.buffers.push_back(std::move(data));
  }

  template <class Offset>
  std::vector<Range> list(const std::vector<Range>& ranges, Array& out) {
    std::vector<Range> values = offsets<Offset>(ranges, out.length, out);
    for (Range& v : values) v.array = v.array->children[0].get();
    return values;
  }

  // Keeps every child whole and shifts each range's offsets past the earlier ranges' children.
  void dense_union(const Field& field, const std::vector<Range>& ranges, Array& out) {
    out.buffers.push_back(fixed(ranges, 0, 1, out.length));
    auto offsets = new_buffer(static_cast<size_t>(out.length * 4));
    std::vector<int64_t> base(field.children.size(), 0);
    std::vector<std::vector<Range>> children(field.children.size());
    int8_t child_of_type[128];
    for (size_t i = 0; i < field.type.union_type_ids.size(); ++i) {
      child_of_type[field.type.union_type_ids[i]] = static_cast<int8_t>(i);
    }
    int64_t at = 0;
    for (const Range& r : ranges) {
      for (int64_t i = 0; i < r.count; ++i, ++at) {
        const auto type_id = static_cast<int8_t>(r.array->buffers[0]->data()[r.start + i]);
        const size_t child = static_cast<size_t>(child_of_type[type_id]);
        const int64_t shifted =
            base[child] + load_unaligned<int32_t>(r.array->buffers[1]->data() + 4 * (r.start + i));
        if (shifted > std::numeric_limits<int32_t>::max())
          throw IpcReadError("dictionary union offsets overflow");
        store<int32_t>(offsets->data() + 4 * at, static_cast<int32_t>(shifted));
      }
      for (size_t c = 0; c < children.size(); ++c) {
        const Array* child = r.array->children[c].get();
        children[c].push_back({child, 0, child->length});
        base[c] += child->length;
      }
    }
    out.buffers.push_back(std::move(offsets));
    for (size_t c = 0; c < children.size(); ++c) add_child(field.children[c], children[c], out);
  }

  std::shared_ptr<Buffer> new_buffer(size_t bytes) {
    budget_.charge(static_cast<int64_t>(bytes) + 64);
    return std::make_shared<Buffer>(bytes);
  }

  const ReadLimits& limits_;
  ByteBudget& budget_;
};

}  // namespace

ArrayPtr concatenate(const Field& field, const Array& first, const Array& second, const ReadLimits& limits,
                     ByteBudget& budget) {
  return Concatenator(limits, budget)
      .build(field, false, {{&first, 0, first.length}, {&second, 0, second.length}});
}

}  // namespace duckwire::encode::ipc
