// Quack's LogicalType objects: the spec's worked bytes, every kind both ways, the defaults DuckDB
// omits, UNION's hidden tag, the refusals, physical widths and the mapping to ColumnType.
#include <gtest/gtest.h>

#include <string>

#include "protocols/quack/logical_type.hpp"
#include "protocols/quack/type_mapping.hpp"
#include "quack_test_support.hpp"

namespace duckwire::quack {
namespace {

using testing::hex;
using testing::to_hex;
using Id = LogicalTypeId;

std::string decode_error(std::string_view bytes) {
  const auto decoded = decode_logical_type(bytes);
  return decoded ? std::string() : decoded.error().message;
}

struct WorkedType {
  LogicalType type;
  std::string bytes;
};

std::vector<WorkedType> worked_types() {
  return {
      {LogicalType::decimal(10, 2), "64 00 15 65 00 01 64 00 02 c8 00 0a c9 00 02 ff ff ff ff"},
      {LogicalType::list(LogicalType::of(Id::kInteger)),
       "64 00 65 65 00 01 64 00 04 c8 00 64 00 0d ff ff ff ff ff ff"},
      {LogicalType::array(LogicalType::of(Id::kInteger), 3),
       "64 00 6c 65 00 01 64 00 09 c8 00 64 00 0d ff ff c9 00 03 ff ff ff ff"},
  };
}

TEST(QuackLogicalType, WorkedBytesEncode) {
  for (const auto& worked : worked_types()) {
    EXPECT_EQ(to_hex(encode_logical_type(worked.type)), worked.bytes) << to_string(worked.type);
  }
}

TEST(QuackLogicalType, WorkedBytesDecode) {
  for (const auto& worked : worked_types()) {
    const auto decoded = decode_logical_type(hex(worked.bytes));
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_EQ(*decoded, worked.type) << to_string(worked.type);
  }
}

TEST(QuackLogicalType, ScalarTypesHaveNoTypeInfo) {
  EXPECT_EQ(to_hex(encode_logical_type(LogicalType::of(Id::kInteger))), "64 00 0d ff ff");
  EXPECT_EQ(to_hex(encode_logical_type(LogicalType::of(Id::kUuid))), "64 00 36 ff ff");
  // A null type_info pointer is the same as none.
  const auto decoded = decode_logical_type(hex("64 00 0d 65 00 00 ff ff"));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, LogicalType::of(Id::kInteger));
}

std::vector<LogicalType> every_kind() {
  std::vector<LogicalType> types;
  for (Id id : {Id::kSqlNull,   Id::kBoolean,     Id::kTinyInt,     Id::kSmallInt,     Id::kInteger,
                Id::kBigInt,    Id::kDate,        Id::kTime,        Id::kTimestampSec, Id::kTimestampMs,
                Id::kTimestamp, Id::kTimestampNs, Id::kFloat,       Id::kDouble,       Id::kChar,
                Id::kVarchar,   Id::kBlob,        Id::kInterval,    Id::kUTinyInt,     Id::kUSmallInt,
                Id::kUInteger,  Id::kUBigInt,     Id::kTimestampTz, Id::kTimeTz,       Id::kTimeNs,
                Id::kBit,       Id::kBigNum,      Id::kUHugeInt,    Id::kHugeInt,      Id::kUuid}) {
    types.push_back(LogicalType::of(id));
  }
  LogicalType json = LogicalType::of(Id::kVarchar);
  json.alias = "JSON";
  types.push_back(json);
  LogicalType collated = LogicalType::of(Id::kVarchar);
  collated.collation = "nocase";
  types.push_back(collated);
  types.push_back(LogicalType::decimal(4, 0));
  types.push_back(LogicalType::decimal(38, 38));
  LogicalType aliased_decimal = LogicalType::decimal(18, 3);
  aliased_decimal.alias = "money";
  types.push_back(aliased_decimal);
  types.push_back(LogicalType::enumeration({"sad", "ok", "happy"}));
  types.push_back(LogicalType::enumeration({}));
  types.push_back(LogicalType::list(LogicalType::of(Id::kVarchar)));
  types.push_back(LogicalType::array(LogicalType::decimal(9, 2), 100000));
  types.push_back(
      LogicalType::map(LogicalType::of(Id::kVarchar), LogicalType::list(LogicalType::of(Id::kDouble))));
  types.push_back(
      LogicalType::structure({{"a", LogicalType::of(Id::kInteger)}, {"", LogicalType::of(Id::kBlob)}}));
  types.push_back(LogicalType::structure({}));
  types.push_back(LogicalType::union_of(
      {{"num", LogicalType::of(Id::kInteger)}, {"str", LogicalType::of(Id::kVarchar)}}));
  types.push_back(LogicalType::list(LogicalType::structure(
      {{"tags", LogicalType::array(LogicalType::enumeration({"x", "y"}), 2)},
       {"m",
        LogicalType::map(LogicalType::of(Id::kInteger),
                         LogicalType::union_of({{"u", LogicalType::list(LogicalType::of(Id::kUuid))}}))}})));
  return types;
}

TEST(QuackLogicalType, EveryKindRoundTrips) {
  for (const auto& type : every_kind()) {
    const std::string bytes = encode_logical_type(type);
    const auto decoded = decode_logical_type(bytes);
    ASSERT_TRUE(decoded) << to_string(type) << ": " << decoded.error().message;
    EXPECT_EQ(*decoded, type) << to_string(type);
  }
}

TEST(QuackLogicalType, DefaultsAreOmittedAndAccepted) {
  // DECIMAL(4,0): scale 0 omitted.
  EXPECT_EQ(to_hex(encode_logical_type(LogicalType::decimal(4, 0))),
            "64 00 15 65 00 01 64 00 02 c8 00 04 ff ff ff ff");
  // An empty STRUCT: no member list.
  EXPECT_EQ(to_hex(encode_logical_type(LogicalType::structure({}))),
            "64 00 64 65 00 01 64 00 05 ff ff ff ff");
  // A STRING type info without a collation, and a GENERIC one with an alias and a null extension_info.
  const auto plain = decode_logical_type(hex("64 00 19 65 00 01 64 00 03 ff ff ff ff"));
  ASSERT_TRUE(plain) << plain.error().message;
  EXPECT_EQ(*plain, LogicalType::of(Id::kVarchar));
  const auto json =
      decode_logical_type(hex("64 00 19 65 00 01 64 00 01 65 00 04 4a 53 4f 4e 67 00 00 ff ff ff ff"));
  ASSERT_TRUE(json) << json.error().message;
  EXPECT_EQ(json->alias, "JSON");
  EXPECT_EQ(to_hex(encode_logical_type(*json)),
            "64 00 19 65 00 01 64 00 01 65 00 04 4a 53 4f 4e ff ff ff ff");
}

TEST(QuackLogicalType, UnionCarriesItsTagMemberOnTheWire) {
  const LogicalType type = LogicalType::union_of({{"n", LogicalType::of(Id::kInteger)}});
  EXPECT_EQ(to_hex(encode_logical_type(type)),
            "64 00 6b 65 00 01 64 00 05 c8 00 02 "
            "00 00 00 01 00 64 00 1c ff ff ff ff "
            "00 00 01 6e 01 00 64 00 0d ff ff ff ff "
            "ff ff ff ff");
  // Without the tag, or with a tag that is not UTINYINT, the UNION is malformed.
  EXPECT_EQ(decode_error(hex(
                "64 00 6b 65 00 01 64 00 05 c8 00 01 00 00 01 6e 01 00 64 00 0d ff ff ff ff ff ff ff ff")),
            "UNION without its UTINYINT tag member and 1 to 255 members");
}

TEST(QuackLogicalType, GeometryAndVariantAreRefusedByName) {
  EXPECT_EQ(decode_error(hex("64 00 3c ff ff")), "GEOMETRY columns are not supported");
  EXPECT_EQ(decode_error(hex("64 00 6d ff ff")), "VARIANT columns are not supported");
  EXPECT_EQ(decode_error(hex("64 00 02 ff ff")), "LogicalType id 2 is not supported (at byte 2)");
}

TEST(QuackLogicalType, TypeInfoMustFitTheType) {
  EXPECT_EQ(decode_error(hex("64 00 15 ff ff")), "DECIMAL without its type info");
  EXPECT_EQ(decode_error(hex("64 00 65 65 00 01 64 00 02 c8 00 0a ff ff ff ff")),
            "LIST with type info of kind 2");
  EXPECT_EQ(decode_error(hex("64 00 0d 65 00 01 64 00 03 ff ff ff ff")), "INTEGER with type info of kind 3");
  EXPECT_EQ(decode_error(hex("64 00 15 65 00 01 64 00 02 c8 00 28 ff ff ff ff")),
            "DECIMAL(40,0) is not a valid decimal type");
  EXPECT_EQ(decode_error(hex("64 00 6c 65 00 01 64 00 09 c8 00 64 00 0d ff ff ff ff ff ff")),
            "ARRAY of size 0");
  EXPECT_EQ(decode_error(hex("64 00 68 65 00 01 64 00 06 c8 00 02 c9 00 01 01 61 ff ff ff ff")),
            "ENUM declares 2 values and lists 1");
  EXPECT_EQ(decode_error(hex("64 00 0d 65 00 01 64 00 07 ff ff ff ff")),
            "type info of kind 7 is not supported (INTEGER)");
  EXPECT_EQ(decode_error(hex("64 00 19 65 00 01 64 00 01 67 00 01 ff ff ff ff")),
            "VARCHAR with extension type info is not supported");
  EXPECT_EQ(decode_error(hex("64 00 66 65 00 01 64 00 04 c8 00 64 00 0d ff ff ff ff ff ff")),
            "MAP of INTEGER (a STRUCT of key and value expected)");
}

TEST(QuackLogicalType, UnknownAndMisplacedFieldsAreErrors) {
  EXPECT_EQ(decode_error(hex("64 00 0d 66 00 01 ff ff")),
            "the end of the object expected, found field 102 at byte 3");
  EXPECT_EQ(decode_error(hex("65 00 00 64 00 0d ff ff")), "field 100 expected, found field 101 at byte 0");
  EXPECT_EQ(decode_error(hex("64 00 0d ff ff 00")), "1 byte after the end of the message at byte 5");
}

TEST(QuackLogicalType, DeepNestingIsAnErrorNotAStackOverflow) {
  std::string bytes;
  constexpr int kDepth = 10000;
  for (int i = 0; i < kDepth; ++i) bytes += hex("64 00 65 65 00 01 64 00 04 c8 00");
  bytes += hex("64 00 0d ff ff");
  for (int i = 0; i < kDepth; ++i) bytes += hex("ff ff ff ff");
  EXPECT_EQ(decode_error(bytes).substr(0, 27), "objects nested deeper than ");
  // Forty levels are fine.
  LogicalType type = LogicalType::of(Id::kInteger);
  for (int i = 0; i < 40; ++i) type = LogicalType::list(std::move(type));
  const auto decoded = decode_logical_type(encode_logical_type(type));
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(*decoded, type);
}

TEST(QuackLogicalType, VarIntOfElevenBytesIsAnError) {
  EXPECT_EQ(decode_error(hex("64 00 80 80 80 80 80 80 80 80 80 80 01 ff ff")),
            "ULEB128 integer longer than 10 bytes at byte 2");
}

TEST(QuackLogicalType, EveryTruncationIsAnError) {
  for (const auto& type : every_kind()) {
    const std::string bytes = encode_logical_type(type);
    for (size_t length = 0; length < bytes.size(); ++length) {
      EXPECT_FALSE(decode_logical_type(bytes.substr(0, length))) << to_string(type) << " cut at " << length;
    }
  }
}

TEST(QuackLogicalType, PhysicalWidths) {
  const auto width = [](LogicalType type) { return physical_width(type); };
  EXPECT_EQ(width(LogicalType::of(Id::kBoolean)), 1u);
  EXPECT_EQ(width(LogicalType::of(Id::kTinyInt)), 1u);
  EXPECT_EQ(width(LogicalType::of(Id::kUTinyInt)), 1u);
  EXPECT_EQ(width(LogicalType::of(Id::kSmallInt)), 2u);
  EXPECT_EQ(width(LogicalType::of(Id::kUSmallInt)), 2u);
  EXPECT_EQ(width(LogicalType::of(Id::kInteger)), 4u);
  EXPECT_EQ(width(LogicalType::of(Id::kUInteger)), 4u);
  EXPECT_EQ(width(LogicalType::of(Id::kDate)), 4u);
  EXPECT_EQ(width(LogicalType::of(Id::kFloat)), 4u);
  for (Id id : {Id::kBigInt, Id::kUBigInt, Id::kTime, Id::kTimeNs, Id::kTimeTz, Id::kTimestampSec,
                Id::kTimestampMs, Id::kTimestamp, Id::kTimestampNs, Id::kTimestampTz, Id::kDouble}) {
    EXPECT_EQ(width(LogicalType::of(id)), 8u) << type_name(id);
  }
  for (Id id : {Id::kHugeInt, Id::kUHugeInt, Id::kUuid, Id::kInterval}) {
    EXPECT_EQ(width(LogicalType::of(id)), 16u) << type_name(id);
  }
  EXPECT_EQ(width(LogicalType::decimal(4, 0)), 2u);
  EXPECT_EQ(width(LogicalType::decimal(9, 0)), 4u);
  EXPECT_EQ(width(LogicalType::decimal(18, 0)), 8u);
  EXPECT_EQ(width(LogicalType::decimal(38, 0)), 16u);
  EXPECT_EQ(enum_index_width(255), 1u);
  EXPECT_EQ(enum_index_width(256), 2u);
  EXPECT_EQ(enum_index_width(65535), 2u);
  EXPECT_EQ(enum_index_width(65536), 4u);
  for (Id id : {Id::kVarchar, Id::kChar, Id::kBlob, Id::kBit, Id::kBigNum, Id::kStruct, Id::kList}) {
    EXPECT_FALSE(width(LogicalType::of(id))) << type_name(id);
  }
}

TEST(QuackLogicalType, ColumnTypesMapBothWays) {
  for (const auto& type : every_kind()) {
    if (type.id == Id::kChar || !type.collation.empty()) continue;
    const ColumnType column = to_column_type(type);
    const auto back = to_logical_type(column);
    ASSERT_TRUE(back) << to_string(type) << ": " << back.error().message;
    EXPECT_EQ(*back, type) << to_string(type);
  }
  EXPECT_EQ(to_column_type(LogicalType::of(Id::kChar)).id, TypeId::kVarchar);
  const ColumnType map =
      to_column_type(LogicalType::map(LogicalType::of(Id::kVarchar), LogicalType::of(Id::kBigInt)));
  EXPECT_EQ(map.to_string(), "MAP(VARCHAR, BIGINT)");
  const ColumnType tagged = to_column_type(LogicalType::union_of({{"n", LogicalType::of(Id::kInteger)}}));
  EXPECT_EQ(tagged.to_string(), "UNION(\"n\" INTEGER)");
  ColumnType other;
  other.id = TypeId::kOther;
  EXPECT_FALSE(to_logical_type(other));
  ColumnType list_of_other;
  list_of_other.id = TypeId::kList;
  list_of_other.children.push_back({"", std::make_shared<const ColumnType>(other)});
  EXPECT_FALSE(to_logical_type(list_of_other));
}

TEST(QuackLogicalType, Spellings) {
  EXPECT_EQ(to_string(LogicalType::decimal(10, 2)), "DECIMAL(10,2)");
  EXPECT_EQ(to_string(LogicalType::array(LogicalType::of(Id::kInteger), 3)), "INTEGER[3]");
  EXPECT_EQ(to_string(LogicalType::list(LogicalType::of(Id::kTimestampTz))), "TIMESTAMP WITH TIME ZONE[]");
  EXPECT_EQ(to_string(LogicalType::map(LogicalType::of(Id::kVarchar), LogicalType::of(Id::kBigInt))),
            "MAP(VARCHAR, BIGINT)");
  EXPECT_EQ(to_string(LogicalType::enumeration({"a", "b"})), "ENUM('a', 'b')");
}

}  // namespace
}  // namespace duckwire::quack
