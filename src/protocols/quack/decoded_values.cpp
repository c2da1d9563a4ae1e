#include "protocols/quack/decoded_values.hpp"

#include <cstring>

#include "protocols/quack/physical_values.hpp"

namespace duckwire::quack {

namespace {

template <class T>
T load(const DecodedVector& vector, uint64_t row) {
  T value;
  std::memcpy(&value, vector.data.data() + row * sizeof(T), sizeof(T));
  return value;
}

std::string uuid_text(const UuidBytes& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text;
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text += '-';
    text += kDigits[bytes[i] >> 4];
    text += kDigits[bytes[i] & 15];
  }
  return text;
}

Value decimal_value(const DecodedVector& vector, const LogicalType& type, uint64_t row) {
  int128_t unscaled = 0;
  switch (decimal_physical_width(type.decimal_width)) {
    case 2:
      unscaled = load<int16_t>(vector, row);
      break;
    case 4:
      unscaled = load<int32_t>(vector, row);
      break;
    case 8:
      unscaled = load<int64_t>(vector, row);
      break;
    default:
      unscaled = load_hugeint(vector.data.data() + row * 16);
      break;
  }
  const auto bits = static_cast<uint128_t>(unscaled);
  return Value{DecimalValue{type.decimal_width, type.decimal_scale, static_cast<int64_t>(bits >> 64),
                            static_cast<uint64_t>(bits)}};
}

uint64_t enum_index(const DecodedVector& vector, const LogicalType& type, uint64_t row) {
  switch (enum_index_width(type.enum_values.size())) {
    case 1:
      return load<uint8_t>(vector, row);
    case 2:
      return load<uint16_t>(vector, row);
    default:
      return load<uint32_t>(vector, row);
  }
}

Result<Value> list_of(const DecodedVector& child, const LogicalType& element, uint64_t first, uint64_t count) {
  ListValue list;
  for (uint64_t i = 0; i < count; ++i) {
    auto item = decoded_value(child, element, first + i);
    if (!item) return item.error();
    list.items.push_back(std::move(item).value());
  }
  return Value{std::move(list)};
}

Error not_appendable(const LogicalType& type) {
  return Error{ErrorKind::kInvalidInput, "APPEND cannot take values of type " + to_string(type)};
}

}  // namespace

Result<Value> decoded_value(const DecodedVector& vector, const LogicalType& type, uint64_t row) {
  if (!vector.is_valid(row)) return Value{NullValue{}};
  switch (type.id) {
    case LogicalTypeId::kSqlNull:
      return Value{NullValue{}};
    case LogicalTypeId::kBoolean:
      return Value{load<uint8_t>(vector, row) != 0};
    case LogicalTypeId::kTinyInt:
      return Value{int64_t{load<int8_t>(vector, row)}};
    case LogicalTypeId::kSmallInt:
      return Value{int64_t{load<int16_t>(vector, row)}};
    case LogicalTypeId::kInteger:
      return Value{int64_t{load<int32_t>(vector, row)}};
    case LogicalTypeId::kBigInt:
      return Value{load<int64_t>(vector, row)};
    case LogicalTypeId::kUTinyInt:
      return Value{uint64_t{load<uint8_t>(vector, row)}};
    case LogicalTypeId::kUSmallInt:
      return Value{uint64_t{load<uint16_t>(vector, row)}};
    case LogicalTypeId::kUInteger:
      return Value{uint64_t{load<uint32_t>(vector, row)}};
    case LogicalTypeId::kUBigInt:
      return Value{load<uint64_t>(vector, row)};
    case LogicalTypeId::kFloat:
      return Value{double{load<float>(vector, row)}};
    case LogicalTypeId::kDouble:
      return Value{load<double>(vector, row)};
    case LogicalTypeId::kDecimal:
      return decimal_value(vector, type, row);
    case LogicalTypeId::kHugeInt: {
      const auto bits = static_cast<uint128_t>(load_hugeint(vector.data.data() + row * 16));
      return Value{HugeIntValue{static_cast<int64_t>(bits >> 64), static_cast<uint64_t>(bits)}};
    }
    case LogicalTypeId::kUHugeInt: {
      const uint128_t bits = load_uhugeint(vector.data.data() + row * 16);
      return Value{UHugeIntValue{static_cast<uint64_t>(bits >> 64), static_cast<uint64_t>(bits)}};
    }
    case LogicalTypeId::kChar:
    case LogicalTypeId::kVarchar:
      return Value{std::string(vector.strings[row])};
    case LogicalTypeId::kBlob:
      return Value{BlobValue{std::string(vector.strings[row])}};
    case LogicalTypeId::kDate:
      return Value{DateValue{load<int32_t>(vector, row)}};
    case LogicalTypeId::kTime:
      return Value{TimeValue{load<int64_t>(vector, row)}};
    case LogicalTypeId::kTimestampSec:
      return Value{TimestampValue{load<int64_t>(vector, row) * 1'000'000, false}};
    case LogicalTypeId::kTimestampMs:
      return Value{TimestampValue{load<int64_t>(vector, row) * 1'000, false}};
    case LogicalTypeId::kTimestamp:
      return Value{TimestampValue{load<int64_t>(vector, row), false}};
    case LogicalTypeId::kTimestampNs:
      return Value{TimestampValue{load<int64_t>(vector, row) / 1'000, false}};
    case LogicalTypeId::kTimestampTz:
      return Value{TimestampValue{load<int64_t>(vector, row), true}};
    case LogicalTypeId::kInterval: {
      const Interval interval = load_interval(vector.data.data() + row * 16);
      return Value{IntervalValue{interval.months, interval.days, interval.micros}};
    }
    case LogicalTypeId::kUuid:
      return Value{uuid_text(load_uuid(vector.data.data() + row * 16))};
    case LogicalTypeId::kEnum: {
      const uint64_t index = enum_index(vector, type, row);
      if (index >= type.enum_values.size()) return Error{ErrorKind::kInvalidInput, "ENUM index out of range"};
      return Value{type.enum_values[index]};
    }
    case LogicalTypeId::kList:
    case LogicalTypeId::kMap: {
      const ListEntry& entry = vector.entries[row];
      return list_of(vector.children.at(0), type.element(), entry.offset, entry.length);
    }
    case LogicalTypeId::kArray:
      return list_of(vector.children.at(0), type.element(), row * type.array_size, type.array_size);
    case LogicalTypeId::kStruct: {
      StructValue members;
      for (size_t i = 0; i < type.children.size(); ++i) {
        auto member = decoded_value(vector.children.at(i), type.children[i].type, row);
        if (!member) return member.error();
        members.members.emplace_back(type.children[i].name, std::move(member).value());
      }
      return Value{std::move(members)};
    }
    case LogicalTypeId::kUnion: {
      const uint8_t tag = load<uint8_t>(vector.children.at(0), row);
      if (tag >= type.children.size()) return Error{ErrorKind::kInvalidInput, "UNION tag out of range"};
      return decoded_value(vector.children.at(tag + 1), type.children[tag].type, row);
    }
    case LogicalTypeId::kTimeTz:
    case LogicalTypeId::kTimeNs:
    case LogicalTypeId::kBit:
    case LogicalTypeId::kBigNum:
      break;
  }
  return not_appendable(type);
}

}  // namespace duckwire::quack
