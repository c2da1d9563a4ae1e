#include "backend/vector_chunk.hpp"

namespace duckwire {

size_t vector_value_width(const ColumnType& type) {
  switch (type.id) {
    case TypeId::kBoolean:
    case TypeId::kTinyInt:
    case TypeId::kUTinyInt:
      return 1;
    case TypeId::kSmallInt:
    case TypeId::kUSmallInt:
      return 2;
    case TypeId::kInteger:
    case TypeId::kUInteger:
    case TypeId::kDate:
    case TypeId::kFloat:
      return 4;
    case TypeId::kBigInt:
    case TypeId::kUBigInt:
    case TypeId::kDouble:
    case TypeId::kTime:
    case TypeId::kTimeNs:
    case TypeId::kTimeTz:
    case TypeId::kTimestampSec:
    case TypeId::kTimestampMs:
    case TypeId::kTimestamp:
    case TypeId::kTimestampNs:
    case TypeId::kTimestampTz:
      return 8;
    case TypeId::kHugeInt:
    case TypeId::kUHugeInt:
    case TypeId::kUuid:
    case TypeId::kInterval:
      return 16;
    case TypeId::kDecimal:
      return type.decimal_width <= 4 ? 2 : type.decimal_width <= 9 ? 4 : type.decimal_width <= 18 ? 8 : 16;
    case TypeId::kEnum:
      return type.enum_values.size() <= 0xFF ? 1 : type.enum_values.size() <= 0xFFFF ? 2 : 4;
    default:
      return 0;
  }
}

}  // namespace duckwire
