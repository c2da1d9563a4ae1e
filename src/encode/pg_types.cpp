#include "encode/pg_types.hpp"

#include <array>

#include "util/ascii.hpp"

namespace duckwire::encode::pg {
namespace {

// Base types: oid, typname, format_type name, typlen, typbyval, typtype, typcategory, typalign,
// typelem, typarray. Values as PostgreSQL 15's pg_type holds them.
constexpr PgTypeInfo kBase[] = {
    {16, "bool", "boolean", 1, true, 'b', 'B', 'c', 0, 1000},
    {17, "bytea", "bytea", -1, false, 'b', 'U', 'i', 0, 1001},
    {18, "char", "\"char\"", 1, true, 'b', 'Z', 'c', 0, 1002},
    {19, "name", "name", 64, false, 'b', 'S', 'c', 18, 1003},
    {20, "int8", "bigint", 8, true, 'b', 'N', 'd', 0, 1016},
    {21, "int2", "smallint", 2, true, 'b', 'N', 's', 0, 1005},
    {22, "int2vector", "int2vector", -1, false, 'b', 'A', 'i', 21, 1006},
    {23, "int4", "integer", 4, true, 'b', 'N', 'i', 0, 1007},
    {24, "regproc", "regproc", 4, true, 'b', 'N', 'i', 0, 1008},
    {25, "text", "text", -1, false, 'b', 'S', 'i', 0, 1009},
    {26, "oid", "oid", 4, true, 'b', 'N', 'i', 0, 1028},
    {27, "tid", "tid", 6, false, 'b', 'U', 's', 0, 1010},
    {28, "xid", "xid", 4, true, 'b', 'U', 'i', 0, 1011},
    {29, "cid", "cid", 4, true, 'b', 'U', 'i', 0, 1012},
    {30, "oidvector", "oidvector", -1, false, 'b', 'A', 'i', 26, 1013},
    {114, "json", "json", -1, false, 'b', 'U', 'i', 0, 199},
    {142, "xml", "xml", -1, false, 'b', 'U', 'i', 0, 143},
    {194, "pg_node_tree", "pg_node_tree", -1, false, 'b', 'Z', 'i', 0, 0},
    {700, "float4", "real", 4, true, 'b', 'N', 'i', 0, 1021},
    {701, "float8", "double precision", 8, true, 'b', 'N', 'd', 0, 1022},
    {705, "unknown", "unknown", -2, false, 'p', 'X', 'c', 0, 0},
    {790, "money", "money", 8, true, 'b', 'N', 'd', 0, 791},
    {869, "inet", "inet", -1, false, 'b', 'I', 'i', 0, 1041},
    {1033, "aclitem", "aclitem", 12, false, 'b', 'U', 'i', 0, 1034},
    {1042, "bpchar", "character", -1, false, 'b', 'S', 'i', 0, 1014},
    {1043, "varchar", "character varying", -1, false, 'b', 'S', 'i', 0, 1015},
    {1082, "date", "date", 4, true, 'b', 'D', 'i', 0, 1182},
    {1083, "time", "time without time zone", 8, true, 'b', 'D', 'd', 0, 1183},
    {1114, "timestamp", "timestamp without time zone", 8, true, 'b', 'D', 'd', 0, 1115},
    {1184, "timestamptz", "timestamp with time zone", 8, true, 'b', 'D', 'd', 0, 1185},
    {1186, "interval", "interval", 16, false, 'b', 'T', 'd', 0, 1187},
    {1266, "timetz", "time with time zone", 12, false, 'b', 'D', 'd', 0, 1270},
    {1560, "bit", "bit", -1, false, 'b', 'V', 'i', 0, 1561},
    {1562, "varbit", "bit varying", -1, false, 'b', 'V', 'i', 0, 1563},
    {1700, "numeric", "numeric", -1, false, 'b', 'N', 'i', 0, 1231},
    {1790, "refcursor", "refcursor", -1, false, 'b', 'U', 'i', 0, 2201},
    {2202, "regprocedure", "regprocedure", 4, true, 'b', 'N', 'i', 0, 2207},
    {2203, "regoper", "regoper", 4, true, 'b', 'N', 'i', 0, 2208},
    {2204, "regoperator", "regoperator", 4, true, 'b', 'N', 'i', 0, 2209},
    {2205, "regclass", "regclass", 4, true, 'b', 'N', 'i', 0, 2210},
    {2206, "regtype", "regtype", 4, true, 'b', 'N', 'i', 0, 2211},
    {2249, "record", "record", -1, false, 'p', 'P', 'd', 0, 2287},
    {2275, "cstring", "cstring", -2, false, 'p', 'P', 'c', 0, 1263},
    {2276, "any", "\"any\"", 4, true, 'p', 'P', 'i', 0, 0},
    {2277, "anyarray", "anyarray", -1, false, 'p', 'P', 'd', 0, 0},
    {2278, "void", "void", 4, true, 'p', 'P', 'i', 0, 0},
    {2279, "trigger", "trigger", 4, true, 'p', 'P', 'i', 0, 0},
    {2281, "internal", "internal", 8, true, 'p', 'P', 'd', 0, 0},
    {2283, "anyelement", "anyelement", 4, true, 'p', 'P', 'i', 0, 0},
    {2950, "uuid", "uuid", 16, false, 'b', 'U', 'c', 0, 2951},
    {3802, "jsonb", "jsonb", -1, false, 'b', 'U', 'i', 0, 3807},
    {4089, "regnamespace", "regnamespace", 4, true, 'b', 'N', 'i', 0, 4090},
    {4096, "regrole", "regrole", 4, true, 'b', 'N', 'i', 0, 4097},
};

constexpr size_t kBaseCount = std::size(kBase);

constexpr size_t count_arrays() {
  size_t n = 0;
  for (const auto& t : kBase) n += t.array != 0 ? 1 : 0;
  return n;
}

// The array type of every base type that has one: "_name", "name[]", varlena, category 'A'.
struct ArrayNames {
  std::array<std::array<char, 32>, count_arrays()> type_names{};
  std::array<std::array<char, 48>, count_arrays()> sql_names{};
};

std::string_view copy_into(std::array<char, 32>& buffer, char prefix, std::string_view text) {
  size_t n = 0;
  if (prefix != 0) buffer[n++] = prefix;
  for (char c : text) buffer[n++] = c;
  return {buffer.data(), n};
}

std::string_view copy_into(std::array<char, 48>& buffer, std::string_view text, std::string_view suffix) {
  size_t n = 0;
  for (char c : text) buffer[n++] = c;
  for (char c : suffix) buffer[n++] = c;
  return {buffer.data(), n};
}

struct TypeTable {
  ArrayNames names;
  std::array<PgTypeInfo, kBaseCount + count_arrays()> rows{};

  TypeTable() {
    size_t next = 0;
    for (const auto& base : kBase) rows[next++] = base;
    size_t array_index = 0;
    for (const auto& base : kBase) {
      if (base.array == 0) continue;
      PgTypeInfo array = base;
      array.oid = base.array;
      array.name = copy_into(names.type_names[array_index], '_', base.name);
      array.sql_name = copy_into(names.sql_names[array_index], base.sql_name, "[]");
      array.length = -1;
      array.by_value = false;
      array.kind = 'b';
      array.category = 'A';
      array.alignment = base.alignment == 'd' ? 'd' : 'i';
      array.element = base.oid;
      array.array = 0;
      rows[next++] = array;
      ++array_index;
    }
  }
};

const TypeTable& table() {
  static const TypeTable instance;
  return instance;
}

PgType of_oid(uint32_t type_oid, int32_t typmod = -1) {
  const PgTypeInfo* info = find_type(type_oid);
  return {type_oid, typmod, info != nullptr ? info->length : int16_t{-1}};
}

// The PostgreSQL type an alias stands for: a built-in type's name ("jsonb"), also prefixed "pg_" as
// the emulated catalog registers its types ("pg_oid", "pg_pg_node_tree"), or JSON.
std::optional<uint32_t> aliased_type(const std::string& alias) {
  if (alias.empty()) return std::nullopt;
  if (equals_ignoring_case(alias, "json")) return oid::kJson;
  constexpr std::string_view kCatalogPrefix = "pg_";
  if (alias.starts_with(kCatalogPrefix)) {
    const std::string_view name = std::string_view(alias).substr(kCatalogPrefix.size());
    if (const PgTypeInfo* info = find_type_by_name(name)) return info->oid;
    // "pg_regclass_text": a reg* value held as the name of its object, the text PostgreSQL prints.
    constexpr std::string_view kTextSuffix = "_text";
    if (name.starts_with("reg") && name.ends_with(kTextSuffix)) {
      if (const PgTypeInfo* info = find_type_by_name(name.substr(0, name.size() - kTextSuffix.size()))) {
        return info->oid;
      }
    }
  }
  if (const PgTypeInfo* info = find_type_by_name(alias)) return info->oid;
  return std::nullopt;
}

int32_t numeric_typmod(int precision, int scale) {
  return ((precision << 16) | scale) + 4;
}

}  // namespace

std::span<const PgTypeInfo> builtin_types() {
  return table().rows;
}

const PgTypeInfo* find_type(uint32_t type_oid) {
  for (const auto& row : table().rows) {
    if (row.oid == type_oid) return &row;
  }
  return nullptr;
}

const PgTypeInfo* find_type_by_name(std::string_view name) {
  for (const auto& row : table().rows) {
    if (equals_ignoring_case(row.name, name)) return &row;
  }
  return nullptr;
}

PgType pg_type_of(const ColumnType& type) {
  if (auto aliased = aliased_type(type.alias)) return of_oid(*aliased);
  switch (type.id) {
    case TypeId::kBoolean:
      return of_oid(oid::kBool);
    case TypeId::kTinyInt:
    case TypeId::kSmallInt:
    case TypeId::kUTinyInt:
      return of_oid(oid::kInt2);
    case TypeId::kInteger:
    case TypeId::kUSmallInt:
      return of_oid(oid::kInt4);
    case TypeId::kBigInt:
    case TypeId::kUInteger:
      return of_oid(oid::kInt8);
    case TypeId::kUBigInt:
    case TypeId::kHugeInt:
    case TypeId::kUHugeInt:
    case TypeId::kBigNum:
      return of_oid(oid::kNumeric);
    case TypeId::kDecimal:
      return of_oid(oid::kNumeric, numeric_typmod(type.decimal_width, type.decimal_scale));
    case TypeId::kFloat:
      return of_oid(oid::kFloat4);
    case TypeId::kDouble:
      return of_oid(oid::kFloat8);
    case TypeId::kVarchar:
    case TypeId::kEnum:
    case TypeId::kNull:
      return of_oid(oid::kText);
    case TypeId::kBlob:
      return of_oid(oid::kBytea);
    case TypeId::kBit:
      return of_oid(oid::kVarbit);
    case TypeId::kDate:
      return of_oid(oid::kDate);
    case TypeId::kTime:
    case TypeId::kTimeNs:
      return of_oid(oid::kTime);
    case TypeId::kTimeTz:
      return of_oid(oid::kTimeTz);
    case TypeId::kTimestampSec:
    case TypeId::kTimestampMs:
    case TypeId::kTimestamp:
    case TypeId::kTimestampNs:
      return of_oid(oid::kTimestamp);
    case TypeId::kTimestampTz:
      return of_oid(oid::kTimestampTz);
    case TypeId::kInterval:
      return of_oid(oid::kInterval);
    case TypeId::kUuid:
      return of_oid(oid::kUuid);
    case TypeId::kList:
    case TypeId::kArray: {
      const ColumnType& element = *type.children.at(0).type;
      if (element.id == TypeId::kList || element.id == TypeId::kArray) return of_oid(oid::kJson);
      const PgType inner = pg_type_of(element);
      const PgTypeInfo* info = find_type(inner.oid);
      if (info == nullptr || info->array == 0) return of_oid(oid::kJson);
      return of_oid(info->array, inner.typmod);
    }
    case TypeId::kStruct:
    case TypeId::kMap:
    case TypeId::kUnion:
      return of_oid(oid::kJson);
    case TypeId::kOther:
      return of_oid(oid::kText);
  }
  return of_oid(oid::kText);
}

std::optional<uint32_t> array_element_of(const PgType& type) {
  const PgTypeInfo* info = find_type(type.oid);
  if (info == nullptr || info->category != 'A' || info->element == 0) return std::nullopt;
  return info->element;
}

}  // namespace duckwire::encode::pg
