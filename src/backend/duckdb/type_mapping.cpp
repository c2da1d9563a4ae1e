#include "backend/duckdb/type_mapping.hpp"

#include <memory>

#include "backend/duckdb/handles.hpp"

namespace duckwire::duckdb {

namespace {

TypeId scalar_id(duckdb_type type) {
  switch (type) {
    case DUCKDB_TYPE_BOOLEAN:
      return TypeId::kBoolean;
    case DUCKDB_TYPE_TINYINT:
      return TypeId::kTinyInt;
    case DUCKDB_TYPE_SMALLINT:
      return TypeId::kSmallInt;
    case DUCKDB_TYPE_INTEGER:
      return TypeId::kInteger;
    case DUCKDB_TYPE_BIGINT:
      return TypeId::kBigInt;
    case DUCKDB_TYPE_HUGEINT:
      return TypeId::kHugeInt;
    case DUCKDB_TYPE_UTINYINT:
      return TypeId::kUTinyInt;
    case DUCKDB_TYPE_USMALLINT:
      return TypeId::kUSmallInt;
    case DUCKDB_TYPE_UINTEGER:
      return TypeId::kUInteger;
    case DUCKDB_TYPE_UBIGINT:
      return TypeId::kUBigInt;
    case DUCKDB_TYPE_UHUGEINT:
      return TypeId::kUHugeInt;
    case DUCKDB_TYPE_FLOAT:
      return TypeId::kFloat;
    case DUCKDB_TYPE_DOUBLE:
      return TypeId::kDouble;
    case DUCKDB_TYPE_DECIMAL:
      return TypeId::kDecimal;
    case DUCKDB_TYPE_VARCHAR:
      return TypeId::kVarchar;
    case DUCKDB_TYPE_BLOB:
      return TypeId::kBlob;
    case DUCKDB_TYPE_BIT:
      return TypeId::kBit;
    case DUCKDB_TYPE_BIGNUM:
      return TypeId::kBigNum;
    case DUCKDB_TYPE_DATE:
      return TypeId::kDate;
    case DUCKDB_TYPE_TIME:
      return TypeId::kTime;
    case DUCKDB_TYPE_TIME_NS:
      return TypeId::kTimeNs;
    case DUCKDB_TYPE_TIME_TZ:
      return TypeId::kTimeTz;
    case DUCKDB_TYPE_TIMESTAMP_S:
      return TypeId::kTimestampSec;
    case DUCKDB_TYPE_TIMESTAMP_MS:
      return TypeId::kTimestampMs;
    case DUCKDB_TYPE_TIMESTAMP:
      return TypeId::kTimestamp;
    case DUCKDB_TYPE_TIMESTAMP_NS:
      return TypeId::kTimestampNs;
    case DUCKDB_TYPE_TIMESTAMP_TZ:
      return TypeId::kTimestampTz;
    case DUCKDB_TYPE_INTERVAL:
      return TypeId::kInterval;
    case DUCKDB_TYPE_UUID:
      return TypeId::kUuid;
    case DUCKDB_TYPE_ENUM:
      return TypeId::kEnum;
    case DUCKDB_TYPE_LIST:
      return TypeId::kList;
    case DUCKDB_TYPE_STRUCT:
      return TypeId::kStruct;
    case DUCKDB_TYPE_MAP:
      return TypeId::kMap;
    case DUCKDB_TYPE_ARRAY:
      return TypeId::kArray;
    case DUCKDB_TYPE_UNION:
      return TypeId::kUnion;
    case DUCKDB_TYPE_SQLNULL:
      return TypeId::kNull;
    default:
      return TypeId::kOther;
  }
}

std::string take(char* text) {
  DuckString owned(text);
  return owned ? std::string(owned.get()) : std::string();
}

ChildType child(std::string name, duckdb_logical_type raw_type) {
  LogicalType type(raw_type);
  return ChildType{std::move(name), std::make_shared<const ColumnType>(column_type_of(type.get()))};
}

}  // namespace

ColumnType column_type_of(duckdb_logical_type type) {
  ColumnType out;
  out.id = scalar_id(duckdb_get_type_id(type));
  out.alias = take(duckdb_logical_type_get_alias(type));
  switch (out.id) {
    case TypeId::kDecimal:
      out.decimal_width = duckdb_decimal_width(type);
      out.decimal_scale = duckdb_decimal_scale(type);
      break;
    case TypeId::kEnum: {
      const uint32_t size = duckdb_enum_dictionary_size(type);
      out.enum_values.reserve(size);
      for (uint32_t i = 0; i < size; ++i)
        out.enum_values.push_back(take(duckdb_enum_dictionary_value(type, i)));
      break;
    }
    case TypeId::kList:
      out.children.push_back(child("", duckdb_list_type_child_type(type)));
      break;
    case TypeId::kArray:
      out.array_size = duckdb_array_type_array_size(type);
      out.children.push_back(child("", duckdb_array_type_child_type(type)));
      break;
    case TypeId::kMap:
      out.children.push_back(child("key", duckdb_map_type_key_type(type)));
      out.children.push_back(child("value", duckdb_map_type_value_type(type)));
      break;
    case TypeId::kStruct:
      for (idx_t i = 0; i < duckdb_struct_type_child_count(type); ++i) {
        out.children.push_back(
            child(take(duckdb_struct_type_child_name(type, i)), duckdb_struct_type_child_type(type, i)));
      }
      break;
    case TypeId::kUnion:
      for (idx_t i = 0; i < duckdb_union_type_member_count(type); ++i) {
        out.children.push_back(
            child(take(duckdb_union_type_member_name(type, i)), duckdb_union_type_member_type(type, i)));
      }
      break;
    default:
      break;
  }
  return out;
}

}  // namespace duckwire::duckdb
