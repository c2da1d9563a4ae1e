// Decoding of DataChunk objects (data_chunk.hpp).
#include <fmt/format.h>

#include <cstring>
#include <utility>

#include "protocols/quack/data_chunk.hpp"
#include "protocols/quack/vector_expansion.hpp"
#include "util/unaligned.hpp"
#include "util/utf8.hpp"

namespace duckwire::quack {
namespace {

enum VectorForm : uint64_t { kFlat = 0, kConstant = 2, kDictionary = 3, kSequence = 4 };

// A list entry object: field 100, a ULEB, field 101, a ULEB, `ff ff`.
constexpr size_t kMinListEntryBytes = 8;
// A Vector object: field 100, a bool, `ff ff`.
constexpr size_t kMinVectorBytes = 5;

void clear_null_rows(DecodedVector& vector, size_t width) {
  for (uint64_t row = 0; row < vector.count; ++row) {
    if (vector.is_valid(row)) continue;
    if (width != 0 && !vector.data.empty()) std::memset(vector.data.data() + row * width, 0, width);
    if (!vector.strings.empty()) vector.strings[row] = {};
    if (!vector.entries.empty()) vector.entries[row] = {};
  }
}

class ChunkReader {
 public:
  ChunkReader(BinaryReader& in, const DecodeLimits& limits) : in_(in), budget_(limits.max_expanded_bytes) {}

  // The fields of a Vector object of `count` rows (the caller reads the object's start and end).
  DecodedVector vector_fields(const LogicalType& type, uint64_t count) {
    if (!in_.optional_field(90)) return flat(type, count);
    const size_t form_at = in_.offset();
    const uint64_t form = in_.uleb();
    switch (form) {
      case kFlat:
        return flat(type, count);
      case kConstant: {
        DecodedVector one = flat(type, 1);
        if (in_.failed()) return {};
        return expanded(repeat_row(std::move(one), type, count, budget_));
      }
      case kDictionary:
        return dictionary(type, count);
      case kSequence: {
        in_.field(91);
        const int64_t start = in_.sleb();
        in_.field(92);
        const int64_t increment = in_.sleb();
        if (in_.failed()) return {};
        return expanded(sequence_vector(type, start, increment, count, budget_));
      }
      default:
        in_.fail(fmt::format("vector type {} is not supported at byte {}", form, form_at));
        return {};
    }
  }

 private:
  DecodedVector expanded(Result<DecodedVector> vector) {
    if (in_.failed()) return {};
    if (!vector) {
      in_.fail(vector.error().message);
      return {};
    }
    return std::move(vector).value();
  }

  DecodedVector dictionary(const LogicalType& type, uint64_t count) {
    in_.field(91);
    const size_t selection_at = in_.offset();
    const std::string_view selection = in_.string();
    in_.field(92);
    const uint64_t dictionary_count = in_.uleb();
    if (in_.failed()) return {};
    if (count > selection.size() / sizeof(uint32_t) || selection.size() != count * sizeof(uint32_t)) {
      in_.fail(fmt::format("DICTIONARY selection of {} bytes for {} rows at byte {}", selection.size(), count,
                           selection_at));
      return {};
    }
    DecodedVector values = flat(type, dictionary_count);
    if (in_.failed()) return {};
    std::vector<uint64_t> rows(count);
    for (uint64_t i = 0; i < count; ++i) {
      rows[i] = load_unaligned<uint32_t>(selection.data() + i * sizeof(uint32_t));
      if (rows[i] >= dictionary_count) {
        in_.fail(fmt::format("DICTIONARY index {} beyond its {} values at byte {}", rows[i], dictionary_count,
                             selection_at));
        return {};
      }
    }
    return expanded(gather_rows(std::move(values), type, rows, budget_));
  }

  DecodedVector flat(const LogicalType& type, uint64_t count) {
    DecodedVector vector;
    vector.count = count;
    read_validity(vector);
    switch (vector_shape(type)) {
      case VectorShape::kFixed:
        read_fixed(type, vector);
        break;
      case VectorShape::kString:
        read_strings(type, vector);
        break;
      case VectorShape::kStruct:
        read_struct(type, vector);
        break;
      case VectorShape::kList:
        read_list(type, vector);
        break;
      case VectorShape::kArray:
        read_array(type, vector);
        break;
    }
    if (in_.failed()) return {};
    clear_null_rows(vector, physical_width(type).value_or(0));
    return vector;
  }

  void read_validity(DecodedVector& vector) {
    in_.field(100);
    if (!in_.boolean()) return;
    in_.field(101);
    const size_t at = in_.offset();
    const std::string_view mask = in_.string();
    if (in_.failed()) return;
    const uint64_t words = validity_words(vector.count);
    if (mask.size() / 8 != words || mask.size() % 8 != 0) {
      in_.fail(fmt::format("validity of {} bytes for {} rows ({} expected) at byte {}", mask.size(),
                           vector.count, words * 8, at));
      return;
    }
    if (words == 0) return;
    vector.validity.resize(words);
    std::memcpy(vector.validity.data(), mask.data(), mask.size());
    const uint64_t tail = vector.count % 64;
    if (tail != 0) vector.validity.back() |= ~uint64_t{0} << tail;  // rows past the end count as valid
    bool all_valid = true;
    for (const uint64_t word : vector.validity) all_valid = all_valid && word == ~uint64_t{0};
    if (all_valid) vector.validity.clear();
  }

  void read_fixed(const LogicalType& type, DecodedVector& vector) {
    const size_t width = physical_width(type).value_or(0);
    in_.field(102);
    const size_t at = in_.offset();
    const std::string_view data = in_.string();
    if (in_.failed()) return;
    if (vector.count > data.size() / width || data.size() != vector.count * width) {
      in_.fail(fmt::format("{} data of {} bytes for {} rows at byte {}", to_string(type), data.size(),
                           vector.count, at));
      return;
    }
    vector.data.assign(data);
    if (type.id == LogicalTypeId::kEnum) check_enum_indexes(type, vector, width);
  }

  void check_enum_indexes(const LogicalType& type, const DecodedVector& vector, size_t width) {
    for (uint64_t row = 0; row < vector.count; ++row) {
      if (!vector.is_valid(row)) continue;
      uint32_t index = 0;
      std::memcpy(&index, vector.data.data() + row * width, width);  // little-endian: the low bytes
      if (index >= type.enum_values.size()) {
        in_.fail(fmt::format("ENUM index {} beyond its {} values", index, type.enum_values.size()));
        return;
      }
    }
  }

  void read_strings(const LogicalType& type, DecodedVector& vector) {
    in_.field(102);
    const uint64_t count = in_.list(1);
    if (in_.failed()) return;
    if (count != vector.count) {
      in_.fail(fmt::format("{} strings for {} rows at byte {}", count, vector.count, in_.offset()));
      return;
    }
    const bool text = type.id == LogicalTypeId::kVarchar || type.id == LogicalTypeId::kChar;
    vector.strings.reserve(count);
    for (uint64_t row = 0; row < count && !in_.failed(); ++row) {
      const size_t at = in_.offset();
      const std::string_view value = in_.string();
      if (text && vector.is_valid(row) && !is_valid_utf8(value)) {
        in_.fail(fmt::format("invalid UTF-8 in a {} value at byte {}", type_name(type.id), at));
      }
      vector.strings.push_back(value);
    }
  }

  void read_struct(const LogicalType& type, DecodedVector& vector) {
    const auto child_types = vector_children(type);
    in_.field(103);
    const size_t at = in_.offset();
    const uint64_t count = in_.list(kMinVectorBytes);
    if (in_.failed()) return;
    if (count != child_types.size()) {
      in_.fail(fmt::format("{} child vectors for {} at byte {}", count, to_string(type), at));
      return;
    }
    vector.children.reserve(count);
    for (const LogicalType* child_type : child_types) {
      vector.children.push_back(child_object(*child_type, vector.count));
      if (in_.failed()) return;
    }
    if (type.id == LogicalTypeId::kUnion) check_union_tags(type, vector);
  }

  void check_union_tags(const LogicalType& type, const DecodedVector& vector) {
    const DecodedVector& tags = vector.children.front();
    for (uint64_t row = 0; row < vector.count; ++row) {
      if (!vector.is_valid(row)) continue;
      const auto tag = static_cast<uint8_t>(tags.data[row]);
      if (!tags.is_valid(row) || tag >= type.children.size()) {
        in_.fail(fmt::format("UNION row {} without a valid tag", row));
        return;
      }
    }
  }

  void read_list(const LogicalType& type, DecodedVector& vector) {
    in_.field(104);
    const uint64_t list_size = in_.uleb();
    in_.field(105);
    const size_t at = in_.offset();
    const uint64_t count = in_.list(kMinListEntryBytes);
    if (in_.failed()) return;
    if (count != vector.count) {
      in_.fail(fmt::format("{} list entries for {} rows at byte {}", count, vector.count, at));
      return;
    }
    vector.entries.reserve(count);
    for (uint64_t row = 0; row < count && !in_.failed(); ++row) {
      in_.begin_object();
      in_.field(100);
      const uint64_t offset = in_.uleb();
      in_.field(101);
      const uint64_t length = in_.uleb();
      in_.end_object();
      if (vector.is_valid(row) && (offset > list_size || length > list_size - offset)) {
        in_.fail(fmt::format("list entry ({}, {}) beyond the {} elements of its child", offset, length,
                             list_size));
      }
      vector.entries.push_back({offset, length});
    }
    in_.field(106);
    vector.children.push_back(child_object(type.element(), list_size));
  }

  void read_array(const LogicalType& type, DecodedVector& vector) {
    in_.field(103);
    const size_t at = in_.offset();
    const uint64_t size = in_.uleb();
    if (in_.failed()) return;
    if (size != type.array_size) {
      in_.fail(fmt::format("array size {} for {} at byte {}", size, to_string(type), at));
      return;
    }
    if (size != 0 && vector.count > UINT64_MAX / size) {
      in_.fail(fmt::format("{} rows of {} overflow", vector.count, to_string(type)));
      return;
    }
    in_.field(104);
    vector.children.push_back(child_object(type.element(), vector.count * size));
  }

  DecodedVector child_object(const LogicalType& type, uint64_t count) {
    in_.begin_object();
    DecodedVector child = vector_fields(type, count);
    in_.end_object();
    return child;
  }

  BinaryReader& in_;
  ExpansionBudget budget_;
};

// The smallest LogicalType object.
constexpr size_t kMinTypeBytes = 5;

}  // namespace

DecodedChunk read_data_chunk(BinaryReader& in, const DecodeLimits& limits) {
  DecodedChunk chunk;
  in.begin_object();
  in.field(100);
  chunk.row_count = in.uleb_at_most(UINT32_MAX, "DataChunk row count");
  in.field(101);
  const uint64_t type_count = in.list(kMinTypeBytes);
  chunk.types.reserve(type_count);
  for (uint64_t i = 0; i < type_count && !in.failed(); ++i) chunk.types.push_back(read_logical_type(in));
  if (!in.failed() && type_count == 0) in.fail("DataChunk without columns");
  in.field(102);
  const size_t columns_at = in.offset();
  const uint64_t column_count = in.list(kMinVectorBytes);
  if (!in.failed() && column_count != type_count) {
    in.fail(fmt::format("{} columns for {} types at byte {}", column_count, type_count, columns_at));
  }
  ChunkReader reader(in, limits);
  for (uint64_t i = 0; i < column_count && !in.failed(); ++i) {
    in.begin_object();
    chunk.columns.push_back(reader.vector_fields(chunk.types[i], chunk.row_count));
    in.end_object();
  }
  in.end_object();
  if (in.failed()) return {};
  return chunk;
}

Result<DecodedChunk> decode_data_chunk(std::string_view bytes, const DecodeLimits& limits) {
  BinaryReader in(bytes);
  DecodedChunk chunk = read_data_chunk(in, limits);
  in.expect_end();
  if (auto status = in.status(); !status) return status.error();
  return chunk;
}

}  // namespace duckwire::quack
