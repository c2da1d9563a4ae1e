#include "backend/column_type.hpp"

#include <gtest/gtest.h>

namespace duckwire {
namespace {

std::shared_ptr<const ColumnType> make(TypeId id) {
  auto type = std::make_shared<ColumnType>();
  type->id = id;
  return type;
}

TEST(ColumnType, SpellsTypesAsDuckDBDoes) {
  ColumnType decimal{.id = TypeId::kDecimal, .decimal_width = 18, .decimal_scale = 3};
  EXPECT_EQ(decimal.to_string(), "DECIMAL(18,3)");

  ColumnType list{.id = TypeId::kList, .children = {{"", make(TypeId::kInteger)}}};
  EXPECT_EQ(list.to_string(), "INTEGER[]");

  ColumnType array{.id = TypeId::kArray, .array_size = 3, .children = {{"", make(TypeId::kDouble)}}};
  EXPECT_EQ(array.to_string(), "DOUBLE[3]");

  ColumnType map{.id = TypeId::kMap,
                 .children = {{"key", make(TypeId::kVarchar)}, {"value", make(TypeId::kBigInt)}}};
  EXPECT_EQ(map.to_string(), "MAP(VARCHAR, BIGINT)");

  ColumnType row{.id = TypeId::kStruct,
                 .children = {{"a", make(TypeId::kInteger)}, {"b", make(TypeId::kVarchar)}}};
  EXPECT_EQ(row.to_string(), "STRUCT(\"a\" INTEGER, \"b\" VARCHAR)");

  ColumnType mood{.id = TypeId::kEnum, .enum_values = {"sad", "ok"}};
  EXPECT_EQ(mood.to_string(), "ENUM('sad', 'ok')");

  ColumnType json{.id = TypeId::kVarchar, .alias = "JSON"};
  EXPECT_EQ(json.to_string(), "JSON");
}

}  // namespace
}  // namespace duckwire
