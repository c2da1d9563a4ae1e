#include "encode/arrow_ipc_schema_reader.hpp"

#include <algorithm>
#include <map>
#include <string>

#include "encode/arrow_c_export.hpp"
#include "encode/arrow_ipc_format.hpp"

namespace duckwire::encode::ipc {
namespace {

using enum ipc_format::TypeTag;

ArrowType make(ArrowTypeId id, int bit_width = 0) {
  ArrowType type;
  type.id = id;
  type.bit_width = bit_width;
  return type;
}

ArrowType read_int(const FlatTable& table) {
  ArrowType type = make(ArrowTypeId::kInt, table.scalar<int32_t>(0, 0));
  type.is_signed = table.scalar<uint8_t>(1, 0) != 0;
  if (type.bit_width != 8 && type.bit_width != 16 && type.bit_width != 32 && type.bit_width != 64) {
    refuse("Int type of " + std::to_string(type.bit_width) + " bits");
  }
  return type;
}

int16_t read_time_unit(const FlatTable& table, int16_t fallback) {
  const int16_t unit = table.scalar<int16_t>(0, fallback);
  if (unit < 0 || unit > 3) refuse("unknown time unit " + std::to_string(unit));
  return unit;
}

ArrowType read_decimal(const FlatTable& table) {
  ArrowType type = make(ArrowTypeId::kDecimal, table.scalar<int32_t>(2, 128));
  type.precision = table.scalar<int32_t>(0, 0);
  type.scale = table.scalar<int32_t>(1, 0);
  if (type.bit_width != 32 && type.bit_width != 64 && type.bit_width != 128 && type.bit_width != 256) {
    refuse("Decimal type of " + std::to_string(type.bit_width) + " bits");
  }
  if (type.precision < 1 || type.precision > 76)
    refuse("Decimal precision " + std::to_string(type.precision));
  return type;
}

ArrowType read_time(const FlatTable& table) {
  const int16_t unit = read_time_unit(table, 1);
  const int32_t bit_width = table.scalar<int32_t>(1, 32);
  const bool wide_unit = unit >= static_cast<int16_t>(TimeUnit::kMicrosecond);
  if (bit_width != (wide_unit ? 64 : 32)) refuse("Time type whose bit width does not match its unit");
  ArrowType type = make(ArrowTypeId::kTime, bit_width);
  type.unit = unit;
  return type;
}

ArrowType read_timestamp(const FlatTable& table) {
  ArrowType type = make(ArrowTypeId::kTimestamp, 64);
  type.unit = read_time_unit(table, 0);
  type.timezone = std::string(table.string(1));
  if (type.timezone.find('\0') != std::string::npos) refuse("time zone contains a NUL byte");
  return type;
}

ArrowType read_interval(const FlatTable& table) {
  static constexpr int kBitsPerUnit[] = {32, 64, 128};  // year-month, day-time, month-day-nano
  const int16_t unit = table.scalar<int16_t>(0, 0);
  if (unit < 0 || unit > 2) refuse("unknown interval unit " + std::to_string(unit));
  ArrowType type = make(ArrowTypeId::kInterval, kBitsPerUnit[unit]);
  type.unit = unit;
  return type;
}

ArrowType read_union(const FlatTable& table, size_t child_count) {
  const int16_t mode = table.scalar<int16_t>(0, 0);
  if (mode != ipc_format::kSparseUnion && mode != ipc_format::kDenseUnion)
    refuse("unknown union mode " + std::to_string(mode));
  ArrowType type =
      make(mode == ipc_format::kSparseUnion ? ArrowTypeId::kSparseUnion : ArrowTypeId::kDenseUnion);
  const FlatVector ids = table.vector(1, sizeof(int32_t));
  if (ids.size == 0) {
    for (size_t i = 0; i < child_count; ++i) type.union_type_ids.push_back(static_cast<int32_t>(i));
  } else {
    for (uint32_t i = 0; i < ids.size; ++i) {
      int32_t id;
      std::memcpy(&id, ids.data + 4 * i, 4);
      type.union_type_ids.push_back(id);
    }
  }
  if (child_count == 0) refuse("union without children");
  if (type.union_type_ids.size() != child_count) refuse("union type ids do not match its children");
  std::vector<int32_t> sorted = type.union_type_ids;
  std::sort(sorted.begin(), sorted.end());
  if (sorted.front() < 0 || sorted.back() > 127 ||
      std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
    refuse("union type ids must be distinct and within 0..127");
  }
  return type;
}

ArrowType read_type(uint8_t tag, const FlatTable& table, size_t child_count) {
  switch (tag) {
    case kNullTag:
      return make(ArrowTypeId::kNull);
    case kIntTag:
      return read_int(table);
    case kFloatingPointTag: {
      const int16_t precision = table.scalar<int16_t>(0, 0);
      if (precision < ipc_format::kHalfPrecision || precision > ipc_format::kDoublePrecision)
        refuse("unknown floating point precision");
      return make(ArrowTypeId::kFloat, precision == ipc_format::kHalfPrecision     ? 16
                                       : precision == ipc_format::kSinglePrecision ? 32
                                                                                   : 64);
    }
    case kBinaryTag:
      return make(ArrowTypeId::kBinary);
    case kUtf8Tag:
      return make(ArrowTypeId::kUtf8);
    case kLargeBinaryTag:
      return make(ArrowTypeId::kLargeBinary);
    case kLargeUtf8Tag:
      return make(ArrowTypeId::kLargeUtf8);
    case kBoolTag:
      return make(ArrowTypeId::kBool, 1);
    case kDecimalTag:
      return read_decimal(table);
    case kDateTag: {
      const int16_t unit = table.scalar<int16_t>(0, 1);
      if (unit != 0 && unit != 1) refuse("unknown date unit");
      ArrowType type = make(ArrowTypeId::kDate, unit == 0 ? 32 : 64);
      type.unit = unit;
      return type;
    }
    case kTimeTag:
      return read_time(table);
    case kTimestampTag:
      return read_timestamp(table);
    case kDurationTag: {
      ArrowType type = make(ArrowTypeId::kDuration, 64);
      type.unit = read_time_unit(table, 1);
      return type;
    }
    case kIntervalTag:
      return read_interval(table);
    case kFixedSizeBinaryTag: {
      ArrowType type = make(ArrowTypeId::kFixedSizeBinary);
      type.fixed_size = table.scalar<int32_t>(0, 0);
      if (type.fixed_size < 1) refuse("fixed-size binary of width " + std::to_string(type.fixed_size));
      return type;
    }
    case kListTag:
      return make(ArrowTypeId::kList);
    case kLargeListTag:
      return make(ArrowTypeId::kLargeList);
    case kFixedSizeListTag: {
      ArrowType type = make(ArrowTypeId::kFixedSizeList);
      type.fixed_size = table.scalar<int32_t>(0, 0);
      if (type.fixed_size < 1) refuse("fixed-size list of size " + std::to_string(type.fixed_size));
      return type;
    }
    case kStructTag:
      return make(ArrowTypeId::kStruct);
    case kMapTag:
      return make(ArrowTypeId::kMap);
    case kUnionTag:
      return read_union(table, child_count);
    case kRunEndEncodedTag:
      refuse("run-end encoded columns are not supported");
    case kBinaryViewTag:
    case kUtf8ViewTag:
      refuse("string and binary view columns are not supported");
    case kListViewTag:
    case kLargeListViewTag:
      refuse("list view columns are not supported");
    default:
      refuse("unknown type tag " + std::to_string(tag));
  }
}

void check_children(const Field& field) {
  const size_t count = field.children.size();
  auto expect = [&](bool ok, const char* what) {
    if (!ok) refuse("field '" + field.name + "': " + what);
  };
  switch (field.type.id) {
    case ArrowTypeId::kList:
    case ArrowTypeId::kLargeList:
    case ArrowTypeId::kFixedSizeList:
      return expect(count == 1, "a list needs exactly one child");
    case ArrowTypeId::kMap:
      expect(count == 1 && field.children[0].type.id == ArrowTypeId::kStruct &&
                 field.children[0].children.size() == 2 && !field.children[0].dictionary,
             "a map needs one struct child of key and value");
      return;
    case ArrowTypeId::kStruct:
      return expect(count > 0, "a struct needs at least one child");
    case ArrowTypeId::kSparseUnion:
    case ArrowTypeId::kDenseUnion:
      return;  // checked with the type ids
    default:
      return expect(count == 0, "a primitive type cannot have children");
  }
}

// The whole type of a dictionary's values, nested dictionary encodings included.
std::string value_type_signature(const Field& field) {
  std::string signature = format_string(field.type) + "(";
  for (const Field& child : field.children) {
    if (child.dictionary) {
      signature += "dictionary " + std::to_string(child.dictionary->id) + " " +
                   format_string(child.dictionary->index_type) + " ";
    }
    signature += value_type_signature(child) + ",";
  }
  return signature + ")";
}

KeyValueList read_key_values(const FlatTable& owner, uint16_t field_id) {
  KeyValueList pairs;
  const FlatVector entries = owner.vector(field_id, 4);
  for (uint32_t i = 0; i < entries.size; ++i) {
    const FlatTable entry = owner.table_at(entries, i);
    pairs.emplace_back(std::string(entry.string(0)), std::string(entry.string(1)));
  }
  return pairs;
}

class SchemaReader {
 public:
  explicit SchemaReader(const ReadLimits& limits) : limits_(limits) {}

  Field read_field(const FlatTable& table, int depth) {
    if (depth > limits_.max_nesting)
      refuse("types nested deeper than " + std::to_string(limits_.max_nesting));
    if (++field_count_ > limits_.max_fields)
      refuse("more than " + std::to_string(limits_.max_fields) + " fields");
    Field field;
    field.name = std::string(table.string(0));
    if (field.name.find('\0') != std::string::npos) refuse("field name contains a NUL byte");
    field.nullable = table.scalar<uint8_t>(1, 0) != 0;
    const FlatVector children = table.vector(5, 4);
    for (uint32_t i = 0; i < children.size; ++i)
      field.children.push_back(read_field(table.table_at(children, i), depth + 1));
    if (!table.has(3)) refuse("field '" + field.name + "' has no type");
    const FlatTable type_table = table.table(3);
    field.type = read_type(table.scalar<uint8_t>(2, 0), type_table, field.children.size());
    if (field.type.id == ArrowTypeId::kMap) field.map_keys_sorted = type_table.scalar<uint8_t>(0, 0) != 0;
    if (field.type.id == ArrowTypeId::kFloat && field.type.bit_width == 16) {
      field.type.bit_width = 32;
      field.wire_type = Field::WireType::kHalfFloat;
    }
    if (field.type.id == ArrowTypeId::kInterval &&
        field.type.unit == static_cast<int16_t>(IntervalUnit::kDayTime)) {
      field.type.unit = static_cast<int16_t>(IntervalUnit::kMonthDayNano);
      field.type.bit_width = 128;
      field.wire_type = Field::WireType::kDayTimeInterval;
    }
    check_children(field);
    field.metadata = read_key_values(table, 6);
    if (table.has(4)) field.dictionary = read_dictionary(table.table(4), field);
    return field;
  }

 private:
  DictionaryEncoding read_dictionary(const FlatTable& table, const Field& field) {
    DictionaryEncoding encoding;
    encoding.id = table.scalar<int64_t>(0, 0);
    if (table.has(1)) {
      encoding.index_type = read_int(table.table(1));
    } else {
      encoding.index_type = make(ArrowTypeId::kInt, 32);
      encoding.index_type.is_signed = true;
    }
    encoding.ordered = table.scalar<uint8_t>(2, 0) != 0;
    // Fields sharing a dictionary must agree on its type, or one would read another's values.
    const std::string value_type = value_type_signature(field);
    auto [known, inserted] = value_types_.emplace(encoding.id, value_type);
    if (!inserted && known->second != value_type) {
      refuse("dictionary " + std::to_string(encoding.id) + " is used with different value types");
    }
    return encoding;
  }

  const ReadLimits& limits_;
  int64_t field_count_ = 0;
  std::map<int64_t, std::string> value_types_;
};

}  // namespace

Schema read_schema(const FlatTable& table, const ReadLimits& limits) {
  if (table.scalar<int16_t>(0, 0) != ipc_format::kLittleEndian)
    refuse("big-endian Arrow data is not supported");
  Schema schema;
  SchemaReader reader(limits);
  const FlatVector fields = table.vector(1, 4);
  for (uint32_t i = 0; i < fields.size; ++i)
    schema.fields.push_back(reader.read_field(table.table_at(fields, i), 1));
  schema.metadata = read_key_values(table, 2);
  return schema;
}

}  // namespace duckwire::encode::ipc
