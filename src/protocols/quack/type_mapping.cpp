#include "protocols/quack/type_mapping.hpp"

#include <fmt/format.h>

#include <memory>
#include <optional>
#include <utility>

namespace duckwire::quack {
namespace {

struct TypePair {
  TypeId column;
  LogicalTypeId logical;
};

constexpr TypePair kTypePairs[] = {
    {TypeId::kNull, LogicalTypeId::kSqlNull},
    {TypeId::kBoolean, LogicalTypeId::kBoolean},
    {TypeId::kTinyInt, LogicalTypeId::kTinyInt},
    {TypeId::kSmallInt, LogicalTypeId::kSmallInt},
    {TypeId::kInteger, LogicalTypeId::kInteger},
    {TypeId::kBigInt, LogicalTypeId::kBigInt},
    {TypeId::kHugeInt, LogicalTypeId::kHugeInt},
    {TypeId::kUTinyInt, LogicalTypeId::kUTinyInt},
    {TypeId::kUSmallInt, LogicalTypeId::kUSmallInt},
    {TypeId::kUInteger, LogicalTypeId::kUInteger},
    {TypeId::kUBigInt, LogicalTypeId::kUBigInt},
    {TypeId::kUHugeInt, LogicalTypeId::kUHugeInt},
    {TypeId::kFloat, LogicalTypeId::kFloat},
    {TypeId::kDouble, LogicalTypeId::kDouble},
    {TypeId::kDecimal, LogicalTypeId::kDecimal},
    {TypeId::kVarchar, LogicalTypeId::kVarchar},
    {TypeId::kBlob, LogicalTypeId::kBlob},
    {TypeId::kBit, LogicalTypeId::kBit},
    {TypeId::kBigNum, LogicalTypeId::kBigNum},
    {TypeId::kDate, LogicalTypeId::kDate},
    {TypeId::kTime, LogicalTypeId::kTime},
    {TypeId::kTimeNs, LogicalTypeId::kTimeNs},
    {TypeId::kTimeTz, LogicalTypeId::kTimeTz},
    {TypeId::kTimestampSec, LogicalTypeId::kTimestampSec},
    {TypeId::kTimestampMs, LogicalTypeId::kTimestampMs},
    {TypeId::kTimestamp, LogicalTypeId::kTimestamp},
    {TypeId::kTimestampNs, LogicalTypeId::kTimestampNs},
    {TypeId::kTimestampTz, LogicalTypeId::kTimestampTz},
    {TypeId::kInterval, LogicalTypeId::kInterval},
    {TypeId::kUuid, LogicalTypeId::kUuid},
    {TypeId::kEnum, LogicalTypeId::kEnum},
    {TypeId::kList, LogicalTypeId::kList},
    {TypeId::kStruct, LogicalTypeId::kStruct},
    {TypeId::kMap, LogicalTypeId::kMap},
    {TypeId::kArray, LogicalTypeId::kArray},
    {TypeId::kUnion, LogicalTypeId::kUnion},
};

std::optional<LogicalTypeId> logical_id_of(TypeId id) {
  for (const auto& pair : kTypePairs) {
    if (pair.column == id) return pair.logical;
  }
  return std::nullopt;
}

TypeId column_id_of(LogicalTypeId id) {
  if (id == LogicalTypeId::kChar) return TypeId::kVarchar;
  for (const auto& pair : kTypePairs) {
    if (pair.logical == id) return pair.column;
  }
  return TypeId::kOther;
}

Result<LogicalType> child_logical_type(const ColumnType& parent, size_t index) {
  if (index >= parent.children.size() || !parent.children[index].type) {
    return Error{ErrorKind::kInternal, fmt::format("{} without its member types", parent.to_string())};
  }
  return to_logical_type(*parent.children[index].type);
}

Result<std::vector<LogicalType::Member>> logical_members(const ColumnType& type) {
  std::vector<LogicalType::Member> members;
  for (size_t i = 0; i < type.children.size(); ++i) {
    auto member = child_logical_type(type, i);
    if (!member) return member.error();
    members.push_back({type.children[i].name, std::move(member).value()});
  }
  return members;
}

ChildType column_child(std::string name, const LogicalType& type) {
  return ChildType{std::move(name), std::make_shared<const ColumnType>(to_column_type(type))};
}

}  // namespace

Result<LogicalType> to_logical_type(const ColumnType& type) {
  const auto id = logical_id_of(type.id);
  if (!id)
    return Error{ErrorKind::kInvalidInput, fmt::format("type {} cannot travel over Quack", type.to_string())};
  LogicalType out = LogicalType::of(*id);
  switch (type.id) {
    case TypeId::kDecimal:
      out = LogicalType::decimal(type.decimal_width, type.decimal_scale);
      break;
    case TypeId::kEnum:
      out = LogicalType::enumeration(type.enum_values);
      break;
    case TypeId::kList:
    case TypeId::kArray: {
      auto element = child_logical_type(type, 0);
      if (!element) return element.error();
      out = type.id == TypeId::kList
                ? LogicalType::list(std::move(element).value())
                : LogicalType::array(std::move(element).value(), static_cast<uint32_t>(type.array_size));
      break;
    }
    case TypeId::kMap: {
      auto key = child_logical_type(type, 0);
      if (!key) return key.error();
      auto value = child_logical_type(type, 1);
      if (!value) return value.error();
      out = LogicalType::map(std::move(key).value(), std::move(value).value());
      break;
    }
    case TypeId::kStruct:
    case TypeId::kUnion: {
      auto members = logical_members(type);
      if (!members) return members.error();
      out.children = std::move(members).value();
      break;
    }
    default:
      break;
  }
  out.alias = type.alias;
  return out;
}

ColumnType to_column_type(const LogicalType& type) {
  ColumnType out;
  out.id = column_id_of(type.id);
  out.alias = type.alias;
  switch (type.id) {
    case LogicalTypeId::kDecimal:
      out.decimal_width = type.decimal_width;
      out.decimal_scale = type.decimal_scale;
      break;
    case LogicalTypeId::kEnum:
      out.enum_values = type.enum_values;
      break;
    case LogicalTypeId::kList:
      out.children.push_back(column_child("", type.element()));
      break;
    case LogicalTypeId::kArray:
      out.array_size = type.array_size;
      out.children.push_back(column_child("", type.element()));
      break;
    case LogicalTypeId::kMap:
      for (const auto& member : type.element().children)
        out.children.push_back(column_child(member.name, member.type));
      break;
    case LogicalTypeId::kStruct:
    case LogicalTypeId::kUnion:
      for (const auto& member : type.children) out.children.push_back(column_child(member.name, member.type));
      break;
    default:
      break;
  }
  return out;
}

}  // namespace duckwire::quack
