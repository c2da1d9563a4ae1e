#include "backend/column_type.hpp"

#include <fmt/format.h>

namespace duckwire {

namespace {

const char* scalar_name(TypeId id) {
  switch (id) {
    case TypeId::kNull:
      return "NULL";
    case TypeId::kBoolean:
      return "BOOLEAN";
    case TypeId::kTinyInt:
      return "TINYINT";
    case TypeId::kSmallInt:
      return "SMALLINT";
    case TypeId::kInteger:
      return "INTEGER";
    case TypeId::kBigInt:
      return "BIGINT";
    case TypeId::kHugeInt:
      return "HUGEINT";
    case TypeId::kUTinyInt:
      return "UTINYINT";
    case TypeId::kUSmallInt:
      return "USMALLINT";
    case TypeId::kUInteger:
      return "UINTEGER";
    case TypeId::kUBigInt:
      return "UBIGINT";
    case TypeId::kUHugeInt:
      return "UHUGEINT";
    case TypeId::kFloat:
      return "FLOAT";
    case TypeId::kDouble:
      return "DOUBLE";
    case TypeId::kVarchar:
      return "VARCHAR";
    case TypeId::kBlob:
      return "BLOB";
    case TypeId::kBit:
      return "BIT";
    case TypeId::kBigNum:
      return "BIGNUM";
    case TypeId::kDate:
      return "DATE";
    case TypeId::kTime:
      return "TIME";
    case TypeId::kTimeNs:
      return "TIME_NS";
    case TypeId::kTimeTz:
      return "TIME WITH TIME ZONE";
    case TypeId::kTimestampSec:
      return "TIMESTAMP_S";
    case TypeId::kTimestampMs:
      return "TIMESTAMP_MS";
    case TypeId::kTimestamp:
      return "TIMESTAMP";
    case TypeId::kTimestampNs:
      return "TIMESTAMP_NS";
    case TypeId::kTimestampTz:
      return "TIMESTAMP WITH TIME ZONE";
    case TypeId::kInterval:
      return "INTERVAL";
    case TypeId::kUuid:
      return "UUID";
    default:
      return "OTHER";
  }
}

std::string member_list(const std::vector<ChildType>& children) {
  std::string out;
  for (const auto& child : children) {
    if (!out.empty()) out += ", ";
    out += fmt::format("\"{}\" {}", child.name, child.type->to_string());
  }
  return out;
}

}  // namespace

std::string ColumnType::to_string() const {
  if (!alias.empty()) return alias;
  switch (id) {
    case TypeId::kDecimal:
      return fmt::format("DECIMAL({},{})", decimal_width, decimal_scale);
    case TypeId::kList:
      return children.at(0).type->to_string() + "[]";
    case TypeId::kArray:
      return fmt::format("{}[{}]", children.at(0).type->to_string(), array_size);
    case TypeId::kMap:
      return fmt::format("MAP({}, {})", children.at(0).type->to_string(), children.at(1).type->to_string());
    case TypeId::kStruct:
      return "STRUCT(" + member_list(children) + ")";
    case TypeId::kUnion:
      return "UNION(" + member_list(children) + ")";
    case TypeId::kEnum: {
      std::string out = "ENUM(";
      for (size_t i = 0; i < enum_values.size(); ++i) {
        if (i > 0) out += ", ";
        out += "'" + enum_values[i] + "'";
      }
      return out + ")";
    }
    default:
      return scalar_name(id);
  }
}

}  // namespace duckwire
