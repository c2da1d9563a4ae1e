#include "backend/duckdb/type_mapping.hpp"

#include <memory>
#include <optional>
#include <vector>

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

namespace {

Result<std::vector<LogicalType>> children_types(const ColumnType& type) {
  std::vector<LogicalType> types;
  for (const ChildType& child : type.children) {
    auto made = logical_type_of(*child.type);
    if (!made) return made.error();
    types.push_back(std::move(made).value());
  }
  return types;
}

std::optional<duckdb_type> scalar_type(TypeId id) {
  for (int raw = DUCKDB_TYPE_INVALID; raw <= DUCKDB_TYPE_TIME_NS; ++raw) {
    const auto candidate = static_cast<duckdb_type>(raw);
    if (scalar_id(candidate) == id && id != TypeId::kOther) return candidate;
  }
  return std::nullopt;
}

}  // namespace

Result<LogicalType> logical_type_of(const ColumnType& type) {
  switch (type.id) {
    case TypeId::kDecimal:
      return LogicalType(duckdb_create_decimal_type(type.decimal_width, type.decimal_scale));
    case TypeId::kEnum: {
      std::vector<const char*> values;
      for (const std::string& value : type.enum_values) values.push_back(value.c_str());
      return LogicalType(duckdb_create_enum_type(values.data(), values.size()));
    }
    case TypeId::kList:
    case TypeId::kArray:
    case TypeId::kMap:
    case TypeId::kStruct:
    case TypeId::kUnion:
      break;
    default: {
      const std::optional<duckdb_type> id = scalar_type(type.id);
      if (!id) return Error{ErrorKind::kInvalidInput, "type " + type.to_string() + " has no DuckDB type here"};
      return LogicalType(duckdb_create_logical_type(*id));
    }
  }
  auto children = children_types(type);
  if (!children) return children.error();
  std::vector<LogicalType>& members = children.value();
  if ((type.id == TypeId::kList || type.id == TypeId::kArray) && members.size() != 1) {
    return Error{ErrorKind::kInvalidInput, "a list type needs one element type"};
  }
  if (type.id == TypeId::kList) return LogicalType(duckdb_create_list_type(members[0].get()));
  if (type.id == TypeId::kArray) return LogicalType(duckdb_create_array_type(members[0].get(), type.array_size));
  if (type.id == TypeId::kMap) {
    if (members.size() != 2) return Error{ErrorKind::kInvalidInput, "a map type needs a key and a value type"};
    return LogicalType(duckdb_create_map_type(members[0].get(), members[1].get()));
  }
  std::vector<duckdb_logical_type> raw;
  std::vector<const char*> names;
  for (size_t i = 0; i < members.size(); ++i) {
    raw.push_back(members[i].get());
    names.push_back(type.children[i].name.c_str());
  }
  if (type.id == TypeId::kStruct) return LogicalType(duckdb_create_struct_type(raw.data(), names.data(), raw.size()));
  return LogicalType(duckdb_create_union_type(raw.data(), names.data(), raw.size()));
}

}  // namespace duckwire::duckdb
