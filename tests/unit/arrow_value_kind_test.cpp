#include "encode/arrow_value_kind.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <vector>

#include "backend/duckdb/duckdb_backend.hpp"

namespace duckwire::encode {
namespace {

// Owns hand-built schemas and their child lists.
class Schemas {
 public:
  ArrowSchema& make(const char* format, std::vector<ArrowSchema*> children = {}) {
    ArrowSchema& schema = schemas_.emplace_back();
    schema.format = format;
    std::vector<ArrowSchema*>& list = children_.emplace_back(std::move(children));
    schema.n_children = static_cast<int64_t>(list.size());
    schema.children = list.empty() ? nullptr : list.data();
    return schema;
  }
  ArrowSchema& dictionary(const char* index_format, const char* values_format) {
    ArrowSchema& schema = make(index_format);
    schema.dictionary = &make(values_format);
    return schema;
  }

 private:
  std::deque<ArrowSchema> schemas_{};
  std::deque<std::vector<ArrowSchema*>> children_;
};

ColumnType of(TypeId id, std::string alias = "") {
  ColumnType type{id};
  type.alias = std::move(alias);
  return type;
}

ArrowValueKind classify(const ArrowSchema& schema, TypeId id = TypeId::kOther) {
  const ColumnType type = of(id);
  return arrow_value_kind(schema, &type);
}

// Each column type DuckDB sends, with the Arrow format it sends it in.
struct DuckDbColumn {
  const char* sql;
  const char* format;
  ValueKind kind;
};

constexpr DuckDbColumn kDuckDbColumns[] = {
    {"NULL", "i", ValueKind::kInt32},  // DuckDB types a bare NULL column INTEGER
    {"true", "b", ValueKind::kBoolean},
    {"1::TINYINT", "c", ValueKind::kInt8},
    {"1::SMALLINT", "s", ValueKind::kInt16},
    {"1::INTEGER", "i", ValueKind::kInt32},
    {"1::BIGINT", "l", ValueKind::kInt64},
    {"1::UTINYINT", "C", ValueKind::kUInt8},
    {"1::USMALLINT", "S", ValueKind::kUInt16},
    {"1::UINTEGER", "I", ValueKind::kUInt32},
    {"1::UBIGINT", "L", ValueKind::kUInt64},
    {"1::HUGEINT", "d:38,0", ValueKind::kInt128},
    {"1::UHUGEINT", "d:38,0", ValueKind::kUInt128},
    {"1::FLOAT", "f", ValueKind::kFloat},
    {"1::DOUBLE", "g", ValueKind::kDouble},
    {"1.5::DECIMAL(4,1)", "d:4,1,128", ValueKind::kDecimal},
    {"1.5::DECIMAL(38,1)", "d:38,1,128", ValueKind::kDecimal},
    {"'x'", "u", ValueKind::kString},
    {"'{}'::JSON", "u", ValueKind::kJsonText},
    {"gen_random_uuid()", "u", ValueKind::kUuidText},
    {"'x'::BLOB", "z", ValueKind::kBlob},
    {"'101'::BIT", "z", ValueKind::kBit},
    {"'1'::BIGNUM", "z", ValueKind::kBigNum},
    {"DATE '2020-01-01'", "tdD", ValueKind::kDate},
    {"TIME '01:02:03'", "ttu", ValueKind::kTime},
    {"TIMETZ '01:02:03+01'", "ttu", ValueKind::kTime},
    {"'01:02:03'::TIME_NS", "ttn", ValueKind::kTime},
    {"TIMESTAMP '2020-01-01'", "tsu:", ValueKind::kTimestamp},
    {"TIMESTAMP_S '2020-01-01'", "tss:", ValueKind::kTimestamp},
    {"TIMESTAMP_MS '2020-01-01'", "tsm:", ValueKind::kTimestamp},
    {"TIMESTAMP_NS '2020-01-01'", "tsn:", ValueKind::kTimestamp},
    {"TIMESTAMPTZ '2020-01-01'", "tsu:UTC", ValueKind::kTimestamp},
    {"INTERVAL 1 DAY", "tin", ValueKind::kInterval},
    {"'a'::ENUM('a', 'b')", "C", ValueKind::kDictionary},
    {"[1]", "+l", ValueKind::kList},
    {"[1, 2]::INTEGER[2]", "+w:2", ValueKind::kFixedList},
    {"{'a': 1}", "+s", ValueKind::kStruct},
    {"MAP {'k': 1}", "+m", ValueKind::kMap},
    {"union_value(n := 1)::UNION(n INTEGER, s VARCHAR)", "+us:0,1", ValueKind::kUnion},
};

TEST(ArrowValueKind, EveryColumnTypeDuckDbSends) {
  std::vector<std::string> warnings;
  auto backend = open_duckdb_backend(BackendOptions{}, warnings).value();
  auto session = backend->connect().value();
  for (const DuckDbColumn& column : kDuckDbColumns) {
    auto stream = session->execute(std::string("SELECT ") + column.sql + " AS v");
    ASSERT_TRUE(stream.ok()) << column.sql << ": " << stream.error().message;
    const ResultSchema& schema = stream.value()->schema();
    const ArrowSchema& arrow = *schema.arrow->children[0];
    EXPECT_STREQ(arrow.format, column.format) << column.sql;
    EXPECT_EQ(arrow_value_kind(arrow, &schema.columns[0].type).kind, column.kind) << column.sql;
  }
}

TEST(ArrowValueKind, Integers) {
  Schemas schemas;
  const std::pair<const char*, ValueKind> cases[] = {
      {"c", ValueKind::kInt8},   {"C", ValueKind::kUInt8},  {"s", ValueKind::kInt16},
      {"S", ValueKind::kUInt16}, {"i", ValueKind::kInt32},  {"I", ValueKind::kUInt32},
      {"l", ValueKind::kInt64},  {"L", ValueKind::kUInt64},
  };
  for (const auto& [format, kind] : cases) {
    EXPECT_EQ(classify(schemas.make(format)).kind, kind) << format;
    EXPECT_EQ(classify(schemas.make(format), TypeId::kNull).kind, ValueKind::kNull) << format;
  }
}

TEST(ArrowValueKind, BooleansAndFloats) {
  Schemas schemas;
  EXPECT_EQ(classify(schemas.make("b")).kind, ValueKind::kBoolean);
  EXPECT_EQ(classify(schemas.make("f")).kind, ValueKind::kFloat);
  EXPECT_EQ(classify(schemas.make("g")).kind, ValueKind::kDouble);
  EXPECT_EQ(classify(schemas.make("e")).kind, ValueKind::kNull);  // half floats: DuckDB has none
  EXPECT_EQ(classify(schemas.make("n")).kind, ValueKind::kNull);
}

TEST(ArrowValueKind, TextInEachStorage) {
  Schemas schemas;
  const std::pair<const char*, ValueStorage> cases[] = {
      {"u", ValueStorage::kOffsets32}, {"U", ValueStorage::kOffsets64}, {"vu", ValueStorage::kViews}};
  for (const auto& [format, storage] : cases) {
    const ArrowSchema& schema = schemas.make(format);
    const ArrowValueKind text = arrow_value_kind(schema, nullptr);
    EXPECT_EQ(text.kind, ValueKind::kString) << format;
    EXPECT_EQ(text.storage, storage) << format;
    const ColumnType json = of(TypeId::kVarchar, "JSON");
    EXPECT_EQ(arrow_value_kind(schema, &json).kind, ValueKind::kJsonText) << format;
    EXPECT_EQ(classify(schema, TypeId::kUuid).kind, ValueKind::kUuidText) << format;
  }
}

TEST(ArrowValueKind, BinaryInEachStorage) {
  Schemas schemas;
  const std::pair<const char*, ValueStorage> cases[] = {
      {"z", ValueStorage::kOffsets32}, {"Z", ValueStorage::kOffsets64}, {"vz", ValueStorage::kViews}};
  for (const auto& [format, storage] : cases) {
    const ArrowSchema& schema = schemas.make(format);
    EXPECT_EQ(classify(schema, TypeId::kBlob).kind, ValueKind::kBlob) << format;
    EXPECT_EQ(classify(schema, TypeId::kBlob).storage, storage) << format;
    EXPECT_EQ(classify(schema, TypeId::kBit).kind, ValueKind::kBit) << format;
    EXPECT_EQ(classify(schema, TypeId::kBigNum).kind, ValueKind::kBigNum) << format;
  }
}

TEST(ArrowValueKind, FixedSizeBinary) {
  Schemas schemas;
  const ArrowSchema& sixteen = schemas.make("w:16");
  EXPECT_EQ(classify(sixteen, TypeId::kUuid).kind, ValueKind::kUuid);
  EXPECT_EQ(classify(sixteen, TypeId::kHugeInt).kind, ValueKind::kInt128);
  EXPECT_EQ(classify(sixteen, TypeId::kUHugeInt).kind, ValueKind::kUInt128);
  EXPECT_EQ(classify(sixteen, TypeId::kBlob).kind, ValueKind::kBlob);
  EXPECT_EQ(classify(sixteen).byte_width, 16);
  const ArrowValueKind five = classify(schemas.make("w:5"), TypeId::kUuid);
  EXPECT_EQ(five.kind, ValueKind::kBlob);
  EXPECT_EQ(five.storage, ValueStorage::kFixed);
  EXPECT_EQ(five.byte_width, 5);
}

TEST(ArrowValueKind, Decimals) {
  Schemas schemas;
  EXPECT_EQ(classify(schemas.make("d:38,0"), TypeId::kHugeInt).kind, ValueKind::kInt128);
  EXPECT_EQ(classify(schemas.make("d:38,0"), TypeId::kUHugeInt).kind, ValueKind::kUInt128);
  const std::pair<const char*, uint8_t> widths[] = {
      {"d:9,2,32", 4}, {"d:18,2,64", 8}, {"d:38,2,128", 16}, {"d:38,2", 16}};
  for (const auto& [format, width] : widths) {
    const ArrowValueKind decimal = classify(schemas.make(format), TypeId::kDecimal);
    EXPECT_EQ(decimal.kind, ValueKind::kDecimal) << format;
    EXPECT_EQ(decimal.byte_width, width) << format;
    EXPECT_EQ(decimal.scale, 2) << format;
  }
  EXPECT_EQ(classify(schemas.make("d:9,2,32"), TypeId::kHugeInt).kind, ValueKind::kDecimal);
  EXPECT_EQ(classify(schemas.make("d:76,2,256"), TypeId::kDecimal).kind, ValueKind::kNull);
}

TEST(ArrowValueKind, DatesTimesAndIntervals) {
  Schemas schemas;
  EXPECT_EQ(classify(schemas.make("tdD")).kind, ValueKind::kDate);
  EXPECT_EQ(classify(schemas.make("tdm")).kind, ValueKind::kNull);
  const std::tuple<const char*, TimePrecision, uint8_t> times[] = {{"tts", TimePrecision::kSecond, 4},
                                                                   {"ttm", TimePrecision::kMilli, 4},
                                                                   {"ttu", TimePrecision::kMicro, 8},
                                                                   {"ttn", TimePrecision::kNano, 8}};
  for (const auto& [format, precision, width] : times) {
    const ArrowValueKind time = classify(schemas.make(format), TypeId::kTime);
    EXPECT_EQ(time.kind, ValueKind::kTime) << format;
    EXPECT_EQ(time.precision, precision) << format;
    EXPECT_EQ(time.byte_width, width) << format;
    EXPECT_FALSE(time.with_time_zone) << format;
  }
  EXPECT_TRUE(classify(schemas.make("ttu"), TypeId::kTimeTz).with_time_zone);
  EXPECT_EQ(classify(schemas.make("tin")).kind, ValueKind::kInterval);
  EXPECT_EQ(classify(schemas.make("tiM")).kind, ValueKind::kNull);
  EXPECT_EQ(classify(schemas.make("tiD")).kind, ValueKind::kNull);
  EXPECT_EQ(classify(schemas.make("tDu")).kind, ValueKind::kNull);
}

TEST(ArrowValueKind, Timestamps) {
  Schemas schemas;
  const std::pair<const char*, TimePrecision> units[] = {{"tss:", TimePrecision::kSecond},
                                                         {"tsm:", TimePrecision::kMilli},
                                                         {"tsu:", TimePrecision::kMicro},
                                                         {"tsn:", TimePrecision::kNano}};
  for (const auto& [format, precision] : units) {
    const ArrowValueKind timestamp = classify(schemas.make(format), TypeId::kTimestamp);
    EXPECT_EQ(timestamp.kind, ValueKind::kTimestamp) << format;
    EXPECT_EQ(timestamp.precision, precision) << format;
    EXPECT_FALSE(timestamp.with_time_zone) << format;
  }
  EXPECT_TRUE(classify(schemas.make("tsu:UTC"), TypeId::kTimestamp).with_time_zone);
  EXPECT_TRUE(classify(schemas.make("tsu:"), TypeId::kTimestampTz).with_time_zone);
}

TEST(ArrowValueKind, Dictionaries) {
  Schemas schemas;
  const std::tuple<const char*, uint8_t, bool> indices[] = {{"C", 1, false}, {"S", 2, false}, {"I", 4, false},
                                                            {"c", 1, true},  {"i", 4, true},  {"l", 8, true}};
  for (const auto& [format, width, is_signed] : indices) {
    const ArrowValueKind dictionary = classify(schemas.dictionary(format, "u"), TypeId::kEnum);
    EXPECT_EQ(dictionary.kind, ValueKind::kDictionary) << format;
    EXPECT_EQ(dictionary.byte_width, width) << format;
    EXPECT_EQ(dictionary.index_signed, is_signed) << format;
  }
  EXPECT_EQ(classify(schemas.dictionary("u", "u")).kind, ValueKind::kNull);
}

TEST(ArrowValueKind, Lists) {
  Schemas schemas;
  const std::pair<const char*, ValueStorage> cases[] = {{"+l", ValueStorage::kOffsets32},
                                                        {"+L", ValueStorage::kOffsets64},
                                                        {"+vl", ValueStorage::kListViews32},
                                                        {"+vL", ValueStorage::kListViews64}};
  for (const auto& [format, storage] : cases) {
    const ArrowValueKind list = classify(schemas.make(format, {&schemas.make("i")}), TypeId::kList);
    EXPECT_EQ(list.kind, ValueKind::kList) << format;
    EXPECT_EQ(list.storage, storage) << format;
    EXPECT_EQ(classify(schemas.make(format), TypeId::kList).kind, ValueKind::kNull) << format;
  }
  const ArrowValueKind fixed = classify(schemas.make("+w:3", {&schemas.make("i")}), TypeId::kArray);
  EXPECT_EQ(fixed.kind, ValueKind::kFixedList);
  EXPECT_EQ(fixed.list_size, 3);
  EXPECT_EQ(classify(schemas.make("+w:3"), TypeId::kArray).kind, ValueKind::kNull);
}

TEST(ArrowValueKind, StructsMapsAndUnions) {
  Schemas schemas;
  EXPECT_EQ(classify(schemas.make("+s", {&schemas.make("i"), &schemas.make("u")})).kind, ValueKind::kStruct);
  ArrowSchema& entries = schemas.make("+s", {&schemas.make("u"), &schemas.make("i")});
  const ArrowValueKind map = classify(schemas.make("+m", {&entries}), TypeId::kMap);
  EXPECT_EQ(map.kind, ValueKind::kMap);
  EXPECT_EQ(map.storage, ValueStorage::kOffsets32);
  EXPECT_EQ(classify(schemas.make("+m", {&schemas.make("+s", {&schemas.make("u")})})).kind, ValueKind::kNull);

  const ArrowValueKind sparse = classify(schemas.make("+us:0,1", {&schemas.make("i"), &schemas.make("u")}));
  EXPECT_EQ(sparse.kind, ValueKind::kUnion);
  EXPECT_FALSE(sparse.dense_union);
  EXPECT_EQ(sparse.type_ids, (std::vector<int32_t>{0, 1}));
  const ArrowValueKind dense = classify(schemas.make("+ud:5,7", {&schemas.make("i"), &schemas.make("u")}));
  EXPECT_EQ(dense.kind, ValueKind::kUnion);
  EXPECT_TRUE(dense.dense_union);
  EXPECT_EQ(dense.type_ids, (std::vector<int32_t>{5, 7}));
}

TEST(ArrowValueKind, FormatsItCannotReadAreNull) {
  Schemas schemas;
  for (const char* format : {"", "?", "d:x", "w:", "tsq:", "+q"}) {
    EXPECT_EQ(classify(schemas.make(format)).kind, ValueKind::kNull) << format;
  }
  ArrowSchema& missing = schemas.make("i");
  missing.format = nullptr;
  EXPECT_EQ(classify(missing).kind, ValueKind::kNull);
}

}  // namespace
}  // namespace duckwire::encode
