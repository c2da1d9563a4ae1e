#include "protocols/quack/logical_type.hpp"

#include <fmt/format.h>

#include <utility>

namespace duckwire::quack {
namespace {

struct TypeIdName {
  LogicalTypeId id;
  std::string_view name;
};

constexpr TypeIdName kTypeNames[] = {
    {LogicalTypeId::kSqlNull, "NULL"},
    {LogicalTypeId::kBoolean, "BOOLEAN"},
    {LogicalTypeId::kTinyInt, "TINYINT"},
    {LogicalTypeId::kSmallInt, "SMALLINT"},
    {LogicalTypeId::kInteger, "INTEGER"},
    {LogicalTypeId::kBigInt, "BIGINT"},
    {LogicalTypeId::kDate, "DATE"},
    {LogicalTypeId::kTime, "TIME"},
    {LogicalTypeId::kTimestampSec, "TIMESTAMP_S"},
    {LogicalTypeId::kTimestampMs, "TIMESTAMP_MS"},
    {LogicalTypeId::kTimestamp, "TIMESTAMP"},
    {LogicalTypeId::kTimestampNs, "TIMESTAMP_NS"},
    {LogicalTypeId::kDecimal, "DECIMAL"},
    {LogicalTypeId::kFloat, "FLOAT"},
    {LogicalTypeId::kDouble, "DOUBLE"},
    {LogicalTypeId::kChar, "CHAR"},
    {LogicalTypeId::kVarchar, "VARCHAR"},
    {LogicalTypeId::kBlob, "BLOB"},
    {LogicalTypeId::kInterval, "INTERVAL"},
    {LogicalTypeId::kUTinyInt, "UTINYINT"},
    {LogicalTypeId::kUSmallInt, "USMALLINT"},
    {LogicalTypeId::kUInteger, "UINTEGER"},
    {LogicalTypeId::kUBigInt, "UBIGINT"},
    {LogicalTypeId::kTimestampTz, "TIMESTAMP WITH TIME ZONE"},
    {LogicalTypeId::kTimeTz, "TIME WITH TIME ZONE"},
    {LogicalTypeId::kTimeNs, "TIME_NS"},
    {LogicalTypeId::kBit, "BIT"},
    {LogicalTypeId::kBigNum, "BIGNUM"},
    {LogicalTypeId::kUHugeInt, "UHUGEINT"},
    {LogicalTypeId::kHugeInt, "HUGEINT"},
    {LogicalTypeId::kUuid, "UUID"},
    {LogicalTypeId::kStruct, "STRUCT"},
    {LogicalTypeId::kList, "LIST"},
    {LogicalTypeId::kMap, "MAP"},
    {LogicalTypeId::kEnum, "ENUM"},
    {LogicalTypeId::kUnion, "UNION"},
    {LogicalTypeId::kArray, "ARRAY"},
};

std::optional<LogicalTypeId> known_type_id(uint64_t value) {
  for (const auto& entry : kTypeNames) {
    if (static_cast<uint64_t>(entry.id) == value) return entry.id;
  }
  return std::nullopt;
}

// The ExtraTypeInfo kind a type carries its own facts in; nullopt when only an alias needs one.
std::optional<TypeInfoKind> own_type_info(LogicalTypeId id) {
  switch (id) {
    case LogicalTypeId::kDecimal:
      return TypeInfoKind::kDecimal;
    case LogicalTypeId::kList:
    case LogicalTypeId::kMap:
      return TypeInfoKind::kList;
    case LogicalTypeId::kStruct:
    case LogicalTypeId::kUnion:
      return TypeInfoKind::kStruct;
    case LogicalTypeId::kEnum:
      return TypeInfoKind::kEnum;
    case LogicalTypeId::kArray:
      return TypeInfoKind::kArray;
    default:
      return std::nullopt;
  }
}

bool is_string_type(LogicalTypeId id) {
  return id == LogicalTypeId::kVarchar || id == LogicalTypeId::kChar;
}

std::optional<TypeInfoKind> type_info_kind(const LogicalType& type) {
  if (const auto own = own_type_info(type.id)) return own;
  if (is_string_type(type.id) && !type.collation.empty()) return TypeInfoKind::kString;
  if (!type.alias.empty()) return TypeInfoKind::kGeneric;
  return std::nullopt;
}

LogicalType union_tag() {
  return LogicalType::of(LogicalTypeId::kUTinyInt);
}

void write_members(BinaryWriter& out, const std::vector<LogicalType::Member>& members, bool with_union_tag) {
  const size_t count = members.size() + (with_union_tag ? 1 : 0);
  if (count == 0) return;  // DuckDB omits an empty member list
  out.field(200).list(count);
  const auto write_member = [&](std::string_view name, const LogicalType& type) {
    out.field(0).string(name);
    out.field(1);
    write_logical_type(out, type);
    out.end_object();
  };
  if (with_union_tag) write_member("", union_tag());
  for (const auto& member : members) write_member(member.name, member.type);
}

void write_type_info(BinaryWriter& out, const LogicalType& type, TypeInfoKind kind) {
  out.field(100).uleb(static_cast<uint64_t>(kind));
  if (!type.alias.empty()) out.field(101).string(type.alias);
  switch (kind) {
    case TypeInfoKind::kGeneric:
      break;
    case TypeInfoKind::kDecimal:
      if (type.decimal_width != 0) out.field(200).uleb(type.decimal_width);
      if (type.decimal_scale != 0) out.field(201).uleb(type.decimal_scale);
      break;
    case TypeInfoKind::kString:
      out.field(200).string(type.collation);
      break;
    case TypeInfoKind::kList:
      out.field(200);
      write_logical_type(out, type.element());
      break;
    case TypeInfoKind::kStruct:
      write_members(out, type.children, type.id == LogicalTypeId::kUnion);
      break;
    case TypeInfoKind::kEnum:
      out.field(200).uleb(type.enum_values.size());
      out.field(201).list(type.enum_values.size());
      for (const auto& value : type.enum_values) out.string(value);
      break;
    case TypeInfoKind::kArray:
      out.field(200);
      write_logical_type(out, type.element());
      if (type.array_size != 0) out.field(201).uleb(type.array_size);
      break;
  }
  out.end_object();
}

// The smallest LogicalType object: field 100, a one-byte id, `ff ff`.
constexpr size_t kMinLogicalTypeBytes = 5;
// The smallest struct member object: field 1 with the smallest LogicalType, `ff ff`.
constexpr size_t kMinMemberBytes = 2 + kMinLogicalTypeBytes + 2;
constexpr uint8_t kMaxDecimalWidth = 38;
constexpr size_t kMaxUnionMembers = 255;

std::vector<LogicalType::Member> read_members(BinaryReader& in) {
  std::vector<LogicalType::Member> members;
  if (!in.optional_field(200)) return members;
  const uint64_t count = in.list(kMinMemberBytes);
  members.reserve(count);
  for (uint64_t i = 0; i < count && !in.failed(); ++i) {
    in.begin_object();
    LogicalType::Member member;
    if (in.optional_field(0)) member.name = in.string();
    in.field(1);
    member.type = read_logical_type(in);
    in.end_object();
    members.push_back(std::move(member));
  }
  return members;
}

void read_enum_values(BinaryReader& in, LogicalType& type) {
  const uint64_t declared = in.optional_field(200) ? in.uleb() : 0;
  uint64_t count = 0;
  if (in.optional_field(201)) count = in.list(1);
  if (in.failed()) return;
  if (count != declared) {
    in.fail(fmt::format("ENUM declares {} values and lists {}", declared, count));
    return;
  }
  if (count > UINT32_MAX) {
    in.fail(fmt::format("ENUM of {} values", count));
    return;
  }
  type.enum_values.reserve(count);
  for (uint64_t i = 0; i < count && !in.failed(); ++i) type.enum_values.emplace_back(in.string());
}

// Reads the ExtraTypeInfo object into `type`; returns its kind.
std::optional<TypeInfoKind> read_type_info(BinaryReader& in, LogicalType& type) {
  in.begin_object();
  in.field(100);
  const uint64_t kind = in.uleb_at_most(UINT8_MAX, "type info kind");
  if (in.optional_field(101)) type.alias = in.string();
  if (in.optional_field(103) && in.nullable()) {
    in.fail(fmt::format("{} with extension type info is not supported", type_name(type.id)));
  }
  if (in.failed()) return std::nullopt;
  switch (static_cast<TypeInfoKind>(kind)) {
    case TypeInfoKind::kGeneric:
      break;
    case TypeInfoKind::kDecimal:
      if (in.optional_field(200))
        type.decimal_width = static_cast<uint8_t>(in.uleb_at_most(255, "DECIMAL width"));
      if (in.optional_field(201))
        type.decimal_scale = static_cast<uint8_t>(in.uleb_at_most(255, "DECIMAL scale"));
      break;
    case TypeInfoKind::kString:
      if (in.optional_field(200)) type.collation = in.string();
      break;
    case TypeInfoKind::kList:
      in.field(200);
      type.children.push_back({"", read_logical_type(in)});
      break;
    case TypeInfoKind::kStruct:
      type.children = read_members(in);
      break;
    case TypeInfoKind::kEnum:
      read_enum_values(in, type);
      break;
    case TypeInfoKind::kArray:
      in.field(200);
      type.children.push_back({"", read_logical_type(in)});
      if (in.optional_field(201))
        type.array_size = static_cast<uint32_t>(in.uleb_at_most(UINT32_MAX, "ARRAY size"));
      break;
    default:
      in.fail(fmt::format("type info of kind {} is not supported ({})", kind, type_name(type.id)));
      return std::nullopt;
  }
  in.end_object();
  return static_cast<TypeInfoKind>(kind);
}

// The checks DuckDB's own constructors make, and the removal of a UNION's tag member.
void check_type(BinaryReader& in, LogicalType& type, std::optional<TypeInfoKind> info) {
  if (in.failed()) return;
  const auto own = own_type_info(type.id);
  const std::string_view name = type_name(type.id);
  if (own && info != own) {
    in.fail(info ? fmt::format("{} with type info of kind {}", name, static_cast<int>(*info))
                 : fmt::format("{} without its type info", name));
    return;
  }
  if (!own && info && *info != TypeInfoKind::kGeneric &&
      !(*info == TypeInfoKind::kString && is_string_type(type.id))) {
    in.fail(fmt::format("{} with type info of kind {}", name, static_cast<int>(*info)));
    return;
  }
  switch (type.id) {
    case LogicalTypeId::kDecimal:
      if (type.decimal_width < 1 || type.decimal_width > kMaxDecimalWidth ||
          type.decimal_scale > type.decimal_width) {
        in.fail(fmt::format("DECIMAL({},{}) is not a valid decimal type", type.decimal_width,
                            type.decimal_scale));
      }
      break;
    case LogicalTypeId::kMap: {
      const LogicalType& entry = type.element();
      if (entry.id != LogicalTypeId::kStruct || entry.children.size() != 2) {
        in.fail(fmt::format("MAP of {} (a STRUCT of key and value expected)", to_string(entry)));
      }
      break;
    }
    case LogicalTypeId::kUnion:
      if (type.children.size() < 2 || type.children.size() > kMaxUnionMembers + 1 ||
          type.children.front().type != union_tag()) {
        in.fail("UNION without its UTINYINT tag member and 1 to 255 members");
        return;
      }
      type.children.erase(type.children.begin());
      break;
    case LogicalTypeId::kArray:
      if (type.array_size == 0) in.fail("ARRAY of size 0");
      break;
    default:
      break;
  }
}

std::string member_list(const std::vector<LogicalType::Member>& members) {
  std::string out;
  for (const auto& member : members) {
    if (!out.empty()) out += ", ";
    out += fmt::format("\"{}\" {}", member.name, to_string(member.type));
  }
  return out;
}

}  // namespace

LogicalType LogicalType::of(LogicalTypeId id) {
  LogicalType type;
  type.id = id;
  return type;
}

LogicalType LogicalType::decimal(uint8_t width, uint8_t scale) {
  LogicalType type = of(LogicalTypeId::kDecimal);
  type.decimal_width = width;
  type.decimal_scale = scale;
  return type;
}

LogicalType LogicalType::list(LogicalType element) {
  LogicalType type = of(LogicalTypeId::kList);
  type.children.push_back({"", std::move(element)});
  return type;
}

LogicalType LogicalType::array(LogicalType element, uint32_t size) {
  LogicalType type = of(LogicalTypeId::kArray);
  type.array_size = size;
  type.children.push_back({"", std::move(element)});
  return type;
}

LogicalType LogicalType::map(LogicalType key, LogicalType value) {
  LogicalType type = of(LogicalTypeId::kMap);
  type.children.push_back({"", structure({{"key", std::move(key)}, {"value", std::move(value)}})});
  return type;
}

LogicalType LogicalType::structure(std::vector<Member> members) {
  LogicalType type = of(LogicalTypeId::kStruct);
  type.children = std::move(members);
  return type;
}

LogicalType LogicalType::union_of(std::vector<Member> members) {
  LogicalType type = of(LogicalTypeId::kUnion);
  type.children = std::move(members);
  return type;
}

LogicalType LogicalType::enumeration(std::vector<std::string> values) {
  LogicalType type = of(LogicalTypeId::kEnum);
  type.enum_values = std::move(values);
  return type;
}

const LogicalType& LogicalType::element() const {
  return children.at(0).type;
}

std::string_view type_name(LogicalTypeId id) {
  for (const auto& entry : kTypeNames) {
    if (entry.id == id) return entry.name;
  }
  return "UNKNOWN";
}

std::string to_string(const LogicalType& type) {
  if (!type.alias.empty()) return type.alias;
  switch (type.id) {
    case LogicalTypeId::kDecimal:
      return fmt::format("DECIMAL({},{})", type.decimal_width, type.decimal_scale);
    case LogicalTypeId::kList:
      return to_string(type.element()) + "[]";
    case LogicalTypeId::kArray:
      return fmt::format("{}[{}]", to_string(type.element()), type.array_size);
    case LogicalTypeId::kMap: {
      const auto& entry = type.element().children;
      if (entry.size() != 2) return "MAP";
      return fmt::format("MAP({}, {})", to_string(entry[0].type), to_string(entry[1].type));
    }
    case LogicalTypeId::kStruct:
      return "STRUCT(" + member_list(type.children) + ")";
    case LogicalTypeId::kUnion:
      return "UNION(" + member_list(type.children) + ")";
    case LogicalTypeId::kEnum: {
      std::string out = "ENUM(";
      for (size_t i = 0; i < type.enum_values.size(); ++i) {
        if (i > 0) out += ", ";
        out += "'" + type.enum_values[i] + "'";
      }
      return out + ")";
    }
    default:
      return std::string(type_name(type.id));
  }
}

VectorShape vector_shape(const LogicalType& type) {
  switch (type.id) {
    case LogicalTypeId::kChar:
    case LogicalTypeId::kVarchar:
    case LogicalTypeId::kBlob:
    case LogicalTypeId::kBit:
    case LogicalTypeId::kBigNum:
      return VectorShape::kString;
    case LogicalTypeId::kStruct:
    case LogicalTypeId::kUnion:
      return VectorShape::kStruct;
    case LogicalTypeId::kList:
    case LogicalTypeId::kMap:
      return VectorShape::kList;
    case LogicalTypeId::kArray:
      return VectorShape::kArray;
    default:
      return VectorShape::kFixed;
  }
}

std::vector<const LogicalType*> vector_children(const LogicalType& type) {
  static const LogicalType kUnionTag = union_tag();
  std::vector<const LogicalType*> children;
  switch (vector_shape(type)) {
    case VectorShape::kStruct:
      if (type.id == LogicalTypeId::kUnion) children.push_back(&kUnionTag);
      for (const auto& member : type.children) children.push_back(&member.type);
      break;
    case VectorShape::kList:
    case VectorShape::kArray:
      if (!type.children.empty()) children.push_back(&type.element());
      break;
    default:
      break;
  }
  return children;
}

size_t decimal_physical_width(uint8_t width) {
  if (width <= 4) return 2;
  if (width <= 9) return 4;
  if (width <= 18) return 8;
  return 16;
}

size_t enum_index_width(size_t value_count) {
  if (value_count <= UINT8_MAX) return 1;
  if (value_count <= UINT16_MAX) return 2;
  return 4;
}

std::optional<size_t> physical_width(const LogicalType& type) {
  switch (type.id) {
    case LogicalTypeId::kBoolean:
    case LogicalTypeId::kTinyInt:
    case LogicalTypeId::kUTinyInt:
      return 1;
    case LogicalTypeId::kSmallInt:
    case LogicalTypeId::kUSmallInt:
      return 2;
    case LogicalTypeId::kSqlNull:  // DuckDB stores NULL-typed vectors as INTEGER
    case LogicalTypeId::kInteger:
    case LogicalTypeId::kUInteger:
    case LogicalTypeId::kDate:
    case LogicalTypeId::kFloat:
      return 4;
    case LogicalTypeId::kBigInt:
    case LogicalTypeId::kUBigInt:
    case LogicalTypeId::kTime:
    case LogicalTypeId::kTimeNs:
    case LogicalTypeId::kTimeTz:
    case LogicalTypeId::kTimestampSec:
    case LogicalTypeId::kTimestampMs:
    case LogicalTypeId::kTimestamp:
    case LogicalTypeId::kTimestampNs:
    case LogicalTypeId::kTimestampTz:
    case LogicalTypeId::kDouble:
      return 8;
    case LogicalTypeId::kHugeInt:
    case LogicalTypeId::kUHugeInt:
    case LogicalTypeId::kUuid:
    case LogicalTypeId::kInterval:
      return 16;
    case LogicalTypeId::kDecimal:
      return decimal_physical_width(type.decimal_width);
    case LogicalTypeId::kEnum:
      return enum_index_width(type.enum_values.size());
    default:
      return std::nullopt;
  }
}

void write_logical_type(BinaryWriter& out, const LogicalType& type) {
  out.field(100).uleb(static_cast<uint64_t>(type.id));
  if (const auto kind = type_info_kind(type)) {
    out.field(101).nullable(true);
    write_type_info(out, type, *kind);
  }
  out.end_object();
}

std::string encode_logical_type(const LogicalType& type) {
  std::string out;
  BinaryWriter writer(out);
  write_logical_type(writer, type);
  return out;
}

LogicalType read_logical_type(BinaryReader& in) {
  LogicalType type;
  in.begin_object();
  in.field(100);
  const size_t id_at = in.offset();
  const uint64_t id = in.uleb();
  if (in.failed()) return type;
  if (id == kGeometryTypeId || id == kVariantTypeId) {
    in.fail(fmt::format("{} columns are not supported", id == kGeometryTypeId ? "GEOMETRY" : "VARIANT"));
    return type;
  }
  const auto known = known_type_id(id);
  if (!known) {
    in.fail(fmt::format("LogicalType id {} is not supported (at byte {})", id, id_at));
    return type;
  }
  type.id = *known;
  std::optional<TypeInfoKind> info;
  if (in.optional_field(101) && in.nullable()) info = read_type_info(in, type);
  in.end_object();
  check_type(in, type, info);
  return type;
}

Result<LogicalType> decode_logical_type(std::string_view bytes) {
  BinaryReader in(bytes);
  LogicalType type = read_logical_type(in);
  in.expect_end();
  if (auto status = in.status(); !status) return status.error();
  return type;
}

}  // namespace duckwire::quack
