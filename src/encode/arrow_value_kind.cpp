#include "encode/arrow_value_kind.hpp"

#include <string_view>

#include "encode/arrow_type.hpp"

namespace duckwire::encode {

namespace {

ValueKind integer_kind(const ArrowType& arrow) {
  switch (arrow.bit_width) {
    case 8:
      return arrow.is_signed ? ValueKind::kInt8 : ValueKind::kUInt8;
    case 16:
      return arrow.is_signed ? ValueKind::kInt16 : ValueKind::kUInt16;
    case 32:
      return arrow.is_signed ? ValueKind::kInt32 : ValueKind::kUInt32;
    default:
      return arrow.is_signed ? ValueKind::kInt64 : ValueKind::kUInt64;
  }
}

ValueKind variable_bytes_kind(bool is_text, const ColumnType* type) {
  const TypeId logical = type != nullptr ? type->id : TypeId::kOther;
  if (is_text) {
    if (logical == TypeId::kUuid) return ValueKind::kUuidText;
    return type != nullptr && type->alias == "JSON" ? ValueKind::kJsonText : ValueKind::kString;
  }
  if (logical == TypeId::kBit) return ValueKind::kBit;
  if (logical == TypeId::kBigNum) return ValueKind::kBigNum;
  return ValueKind::kBlob;
}

ValueKind fixed_bytes_kind(uint8_t width, TypeId logical) {
  if (width != 16) return ValueKind::kBlob;
  switch (logical) {
    case TypeId::kUuid:
      return ValueKind::kUuid;
    case TypeId::kHugeInt:
      return ValueKind::kInt128;
    case TypeId::kUHugeInt:
      return ValueKind::kUInt128;
    default:
      return ValueKind::kBlob;
  }
}

ValueKind decimal_kind(int bit_width, TypeId logical) {
  if (bit_width == 128 && logical == TypeId::kHugeInt) return ValueKind::kInt128;
  if (bit_width == 128 && logical == TypeId::kUHugeInt) return ValueKind::kUInt128;
  return bit_width == 32 || bit_width == 64 || bit_width == 128 ? ValueKind::kDecimal : ValueKind::kNull;
}

TimePrecision precision_of(int16_t unit) {
  switch (static_cast<TimeUnit>(unit)) {
    case TimeUnit::kSecond:
      return TimePrecision::kSecond;
    case TimeUnit::kMillisecond:
      return TimePrecision::kMilli;
    case TimeUnit::kNanosecond:
      return TimePrecision::kNano;
    default:
      return TimePrecision::kMicro;
  }
}

ValueStorage storage_of(ArrowTypeId id) {
  switch (id) {
    case ArrowTypeId::kLargeUtf8:
    case ArrowTypeId::kLargeBinary:
    case ArrowTypeId::kLargeList:
      return ValueStorage::kOffsets64;
    case ArrowTypeId::kUtf8View:
    case ArrowTypeId::kBinaryView:
      return ValueStorage::kViews;
    case ArrowTypeId::kListView:
      return ValueStorage::kListViews32;
    case ArrowTypeId::kLargeListView:
      return ValueStorage::kListViews64;
    default:
      return ValueStorage::kOffsets32;
  }
}

}  // namespace

ArrowValueKind arrow_value_kind(const ArrowSchema& schema, const ColumnType* type) {
  ArrowValueKind value;
  const std::string_view format = schema.format != nullptr ? schema.format : "n";
  ArrowType arrow;
  try {
    arrow = parse_arrow_format(format);
  } catch (const ArrowIpcError&) {
    return value;
  }
  if (schema.dictionary != nullptr) {
    if (arrow.id == ArrowTypeId::kInt) {
      value.kind = ValueKind::kDictionary;
      value.byte_width = static_cast<uint8_t>(arrow.bit_width / 8);
      value.index_signed = arrow.is_signed;
    }
    return value;
  }

  const TypeId logical = type != nullptr ? type->id : TypeId::kOther;
  switch (arrow.id) {
    case ArrowTypeId::kBool:
      value.kind = ValueKind::kBoolean;
      break;
    case ArrowTypeId::kInt:
      value.kind = integer_kind(arrow);
      break;
    case ArrowTypeId::kFloat:
      value.kind = arrow.bit_width == 32   ? ValueKind::kFloat
                   : arrow.bit_width == 64 ? ValueKind::kDouble
                                           : ValueKind::kNull;
      break;
    case ArrowTypeId::kUtf8:
    case ArrowTypeId::kLargeUtf8:
    case ArrowTypeId::kUtf8View:
    case ArrowTypeId::kBinary:
    case ArrowTypeId::kLargeBinary:
    case ArrowTypeId::kBinaryView: {
      const bool is_text = arrow.id == ArrowTypeId::kUtf8 || arrow.id == ArrowTypeId::kLargeUtf8 ||
                           arrow.id == ArrowTypeId::kUtf8View;
      value.kind = variable_bytes_kind(is_text, type);
      value.storage = storage_of(arrow.id);
      break;
    }
    case ArrowTypeId::kFixedSizeBinary:
      value.byte_width = static_cast<uint8_t>(arrow.fixed_size);
      value.kind = fixed_bytes_kind(value.byte_width, logical);
      break;
    case ArrowTypeId::kDecimal:
      value.byte_width = static_cast<uint8_t>(arrow.bit_width / 8);
      value.scale = static_cast<uint8_t>(arrow.scale);
      value.kind = decimal_kind(arrow.bit_width, logical);
      break;
    case ArrowTypeId::kDate:
      if (arrow.unit == static_cast<int16_t>(DateUnit::kDay)) value.kind = ValueKind::kDate;
      break;
    case ArrowTypeId::kTime:
      value.kind = ValueKind::kTime;
      value.precision = precision_of(arrow.unit);
      value.byte_width = static_cast<uint8_t>(arrow.bit_width / 8);
      value.with_time_zone = logical == TypeId::kTimeTz;
      break;
    case ArrowTypeId::kTimestamp:
      value.kind = ValueKind::kTimestamp;
      value.precision = precision_of(arrow.unit);
      value.with_time_zone = !arrow.timezone.empty() || logical == TypeId::kTimestampTz;
      break;
    case ArrowTypeId::kInterval:
      if (arrow.unit == static_cast<int16_t>(IntervalUnit::kMonthDayNano)) value.kind = ValueKind::kInterval;
      break;
    case ArrowTypeId::kList:
    case ArrowTypeId::kLargeList:
    case ArrowTypeId::kListView:
    case ArrowTypeId::kLargeListView:
      if (schema.n_children == 1) value.kind = ValueKind::kList;
      value.storage = storage_of(arrow.id);
      break;
    case ArrowTypeId::kFixedSizeList:
      if (schema.n_children == 1) value.kind = ValueKind::kFixedList;
      value.list_size = arrow.fixed_size;
      break;
    case ArrowTypeId::kStruct:
      value.kind = ValueKind::kStruct;
      break;
    case ArrowTypeId::kMap:
      if (schema.n_children == 1 && schema.children[0]->n_children == 2) value.kind = ValueKind::kMap;
      value.storage = ValueStorage::kOffsets32;
      break;
    case ArrowTypeId::kSparseUnion:
    case ArrowTypeId::kDenseUnion:
      value.kind = ValueKind::kUnion;
      value.dense_union = arrow.id == ArrowTypeId::kDenseUnion;
      value.type_ids = std::move(arrow.union_type_ids);
      break;
    default:  // null, durations
      break;
  }
  // A NULL-typed column holds only NULLs, whatever scalar format carries them.
  if (logical == TypeId::kNull && format.size() == 1) value.kind = ValueKind::kNull;
  return value;
}

}  // namespace duckwire::encode
