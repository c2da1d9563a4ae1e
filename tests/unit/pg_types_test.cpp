#include "encode/pg_types.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <set>

namespace duckwire::encode::pg {
namespace {

ColumnType simple(TypeId id) {
  ColumnType type;
  type.id = id;
  return type;
}

ColumnType list_of(ColumnType element) {
  ColumnType type;
  type.id = TypeId::kList;
  type.children.push_back({"element", std::make_shared<const ColumnType>(std::move(element))});
  return type;
}

TEST(PgTypes, ScalarTypesMapToTheSpecOids) {
  EXPECT_EQ(pg_type_of(simple(TypeId::kBoolean)).oid, 16u);
  EXPECT_EQ(pg_type_of(simple(TypeId::kTinyInt)).oid, 21u);
  EXPECT_EQ(pg_type_of(simple(TypeId::kUSmallInt)).oid, 23u);
  EXPECT_EQ(pg_type_of(simple(TypeId::kUInteger)).oid, 20u);
  EXPECT_EQ(pg_type_of(simple(TypeId::kUBigInt)).oid, 1700u);
  EXPECT_EQ(pg_type_of(simple(TypeId::kHugeInt)).oid, 1700u);
  EXPECT_EQ(pg_type_of(simple(TypeId::kFloat)).oid, 700u);
  EXPECT_EQ(pg_type_of(simple(TypeId::kDouble)).oid, 701u);
  EXPECT_EQ(pg_type_of(simple(TypeId::kVarchar)).oid, 25u);
  EXPECT_EQ(pg_type_of(simple(TypeId::kBlob)).oid, 17u);
  EXPECT_EQ(pg_type_of(simple(TypeId::kTimestampNs)).oid, 1114u);
  EXPECT_EQ(pg_type_of(simple(TypeId::kTimestampTz)).oid, 1184u);
  EXPECT_EQ(pg_type_of(simple(TypeId::kTimeTz)).oid, 1266u);
  EXPECT_EQ(pg_type_of(simple(TypeId::kInterval)).oid, 1186u);
  EXPECT_EQ(pg_type_of(simple(TypeId::kUuid)).oid, 2950u);
  EXPECT_EQ(pg_type_of(simple(TypeId::kBit)).oid, 1562u);
  EXPECT_EQ(pg_type_of(simple(TypeId::kStruct)).oid, 114u);
  EXPECT_EQ(pg_type_of(simple(TypeId::kInteger)).length, 4);
  EXPECT_EQ(pg_type_of(simple(TypeId::kVarchar)).length, -1);
}

TEST(PgTypes, DecimalCarriesPrecisionAndScaleInItsTypmod) {
  ColumnType decimal = simple(TypeId::kDecimal);
  decimal.decimal_width = 10;
  decimal.decimal_scale = 2;
  const PgType type = pg_type_of(decimal);
  EXPECT_EQ(type.oid, 1700u);
  EXPECT_EQ(type.typmod, 655366);  // what PostgreSQL reports for numeric(10,2)
  EXPECT_EQ(pg_type_of(simple(TypeId::kInteger)).typmod, -1);
}

TEST(PgTypes, AliasesNamingBuiltinTypesReportThem) {
  ColumnType json = simple(TypeId::kVarchar);
  json.alias = "JSON";
  EXPECT_EQ(pg_type_of(json).oid, 114u);
  ColumnType name = simple(TypeId::kVarchar);
  name.alias = "name";
  EXPECT_EQ(pg_type_of(name).oid, 19u);
  ColumnType object_id = simple(TypeId::kUInteger);
  object_id.alias = "oid";
  EXPECT_EQ(pg_type_of(object_id).oid, 26u);
  ColumnType shown_regclass = simple(TypeId::kVarchar);
  shown_regclass.alias = "pg_regclass_text";  // a regclass held as its relation's name
  EXPECT_EQ(pg_type_of(shown_regclass).oid, 2205u);
  ColumnType unknown = simple(TypeId::kInteger);
  unknown.alias = "my_domain";
  EXPECT_EQ(pg_type_of(unknown).oid, 23u);
}

TEST(PgTypes, ListsAreArraysOfTheirElementType) {
  EXPECT_EQ(pg_type_of(list_of(simple(TypeId::kInteger))).oid, 1007u);
  EXPECT_EQ(pg_type_of(list_of(simple(TypeId::kBigInt))).oid, 1016u);
  EXPECT_EQ(pg_type_of(list_of(simple(TypeId::kVarchar))).oid, 1009u);
  EXPECT_EQ(pg_type_of(list_of(simple(TypeId::kDouble))).oid, 1022u);
  EXPECT_EQ(pg_type_of(list_of(simple(TypeId::kBoolean))).oid, 1000u);
  EXPECT_EQ(pg_type_of(list_of(simple(TypeId::kDate))).oid, 1182u);
  EXPECT_EQ(pg_type_of(list_of(simple(TypeId::kTimestamp))).oid, 1115u);
  EXPECT_EQ(pg_type_of(list_of(simple(TypeId::kTimestampTz))).oid, 1185u);
  EXPECT_EQ(pg_type_of(list_of(simple(TypeId::kUuid))).oid, 2951u);
  EXPECT_EQ(pg_type_of(list_of(simple(TypeId::kHugeInt))).oid, 1231u);
  EXPECT_EQ(pg_type_of(list_of(list_of(simple(TypeId::kInteger)))).oid, 114u);
  EXPECT_EQ(array_element_of(pg_type_of(list_of(simple(TypeId::kInteger)))), 23u);
  EXPECT_EQ(array_element_of(pg_type_of(simple(TypeId::kInteger))), std::nullopt);
}

TEST(PgTypes, TheTableHasEachOidOnceAndArraysPointBack) {
  std::set<uint32_t> seen;
  for (const PgTypeInfo& info : builtin_types()) {
    EXPECT_TRUE(seen.insert(info.oid).second) << info.oid;
    if (info.array != 0) {
      const PgTypeInfo* array = find_type(info.array);
      ASSERT_NE(array, nullptr) << info.name;
      EXPECT_EQ(array->element, info.oid);
      EXPECT_EQ(array->name, "_" + std::string(info.name));
    }
  }
  EXPECT_EQ(find_type_by_name("_INT4")->oid, 1007u);
  EXPECT_EQ(find_type(1009)->sql_name, "text[]");
  EXPECT_EQ(find_type(1184)->sql_name, "timestamp with time zone");
  EXPECT_EQ(find_type(424242), nullptr);
}

}  // namespace
}  // namespace duckwire::encode::pg
