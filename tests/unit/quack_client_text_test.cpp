// Values of Quack results as text (DuckDB's CAST(x AS VARCHAR)) and as JSON: every type DuckDB sends,
// compared with DuckDB's own text of the same values, and the nested quoting rules case by case.
#include <gtest/gtest.h>

#include <cstring>

#include "clients/quack/duckdb_json.hpp"
#include "clients/quack/duckdb_text.hpp"
#include "clients/quack/quack_client.hpp"
#include "clients/quack/table_printer.hpp"
#include "clients/quack/text_width.hpp"
#include "quack_test_service_server.hpp"
#include "quack_vector_builders.hpp"

namespace duckwire::quack_client {
namespace {

using quack::DecodedChunk;
using quack::DecodedVector;
using quack::ListEntry;
using quack::LogicalType;
using quack::testing::kTestToken;
using quack::testing::QuackServiceServer;
using Id = quack::LogicalTypeId;

class QuackClientTextVsDuckdb : public ::testing::Test {
 protected:
  void SetUp() override {
    auto client = QuackClient::connect(parse_endpoint(server_.target()).value(), kTestToken);
    ASSERT_TRUE(client.ok()) << client.error().message;
    client_.emplace(std::move(client).value());
    run("SET TimeZone = 'UTC'");
  }

  void run(const std::string& sql) {
    auto result = client_->query(sql);
    ASSERT_TRUE(result.ok()) << sql << ": " << result.error().message;
    while (result->next_chunk().value() != nullptr) {
    }
  }

  // Runs `SELECT v, v::VARCHAR FROM (SELECT <value> AS v)` for each value and checks that the text of v
  // is DuckDB's, and that its JSON can be made. Returns the number of values compared.
  size_t compare(const std::vector<std::string>& values) {
    size_t compared = 0;
    for (const std::string& value : values)
      compared += compare_query("SELECT v, v::VARCHAR FROM (SELECT " + value + " AS v)");
    return compared;
  }

  size_t compare_query(const std::string& sql) {
    auto result = client_->query(sql);
    EXPECT_TRUE(result.ok()) << sql << ": " << (result.ok() ? "" : result.error().message);
    if (!result.ok()) return 0;
    size_t compared = 0;
    while (true) {
      auto chunk = result->next_chunk();
      EXPECT_TRUE(chunk.ok()) << (chunk.ok() ? "" : chunk.error().message);
      if (!chunk.ok() || chunk.value() == nullptr) break;
      const DecodedChunk& rows = *chunk.value();
      for (uint64_t row = 0; row < rows.row_count; ++row) {
        const std::string ours = duckdb_text(rows.columns[0], rows.types[0], row);
        if (rows.columns[1].is_valid(row)) {
          EXPECT_EQ(ours, rows.columns[1].strings[row])
              << sql << " row " << compared << " of type " << quack::to_string(rows.types[0]);
        } else {
          EXPECT_EQ(ours, "NULL");
        }
        std::string json;
        append_json_value(json, rows.columns[0], rows.types[0], row);
        EXPECT_FALSE(json.empty());
        ++compared;
      }
    }
    return compared;
  }

  QuackServiceServer server_;
  std::optional<QuackClient> client_;
};

TEST_F(QuackClientTextVsDuckdb, IntegersOfEveryWidth) {
  EXPECT_EQ(compare({"true", "false", "NULL::BOOLEAN"}), 3u);
  EXPECT_EQ(compare({"(-128)::TINYINT", "127::TINYINT", "0::TINYINT"}), 3u);
  EXPECT_EQ(compare({"(-32768)::SMALLINT", "32767::SMALLINT"}), 2u);
  EXPECT_EQ(compare({"(-2147483648)::INTEGER", "2147483647::INTEGER", "NULL::INTEGER"}), 3u);
  EXPECT_EQ(compare({"(-9223372036854775808)::BIGINT", "9223372036854775807::BIGINT"}), 2u);
  EXPECT_EQ(
      compare({"255::UTINYINT", "65535::USMALLINT", "4294967295::UINTEGER", "18446744073709551615::UBIGINT"}),
      4u);
  EXPECT_EQ(compare({"(-170141183460469231731687303715884105728)::HUGEINT",
                     "170141183460469231731687303715884105727::HUGEINT", "(-1)::HUGEINT", "0::HUGEINT"}),
            4u);
  EXPECT_EQ(compare({"340282366920938463463374607431768211455::UHUGEINT", "0::UHUGEINT",
                     "18446744073709551616::UHUGEINT"}),
            3u);
  EXPECT_EQ(compare({"'123456789012345678901234567890123456789012'::BIGNUM", "(-5)::BIGNUM", "0::BIGNUM"}),
            3u);
}

TEST_F(QuackClientTextVsDuckdb, FloatsAndDecimals) {
  EXPECT_EQ(compare({"1.5::DOUBLE", "100::DOUBLE", "1e20::DOUBLE", "1e16::DOUBLE", "1e15::DOUBLE",
                     "0.0001::DOUBLE", "0.00001::DOUBLE", "'nan'::DOUBLE", "'-nan'::DOUBLE", "'inf'::DOUBLE",
                     "'-inf'::DOUBLE", "'-0'::DOUBLE", "5e-324::DOUBLE", "1.7976931348623157e308::DOUBLE",
                     "123456789012345678::DOUBLE", "-1.5e-7::DOUBLE"}),
            16u);
  EXPECT_EQ(compare({"0.1::FLOAT", "3.4e38::FLOAT", "1e-7::FLOAT", "100::FLOAT", "16777216::FLOAT",
                     "'-0'::FLOAT", "'nan'::FLOAT", "123456.7::FLOAT", "1e15::FLOAT", "1e16::FLOAT"}),
            10u);
  // Doubles over the whole range, and floats made from them.
  EXPECT_EQ(
      compare_query("SELECT d, d::VARCHAR FROM (SELECT (i * 1.37e-3) ** (i % 17 - 8) * (1 - 2 * (i % 2)) "
                    "AS d FROM range(1, 3000) r(i))"),
      2999u);
  EXPECT_EQ(
      compare_query("SELECT f, f::VARCHAR FROM (SELECT ((i * 1.37e-3) ** (i % 11 - 5))::FLOAT AS f FROM "
                    "range(1, 3000) r(i))"),
      2999u);
  EXPECT_EQ(compare({"1.5::DECIMAL(4,1)", "(-999.9)::DECIMAL(4,1)", "1234567.89::DECIMAL(9,2)",
                     "(-0.000001)::DECIMAL(18,6)", "12345678901234567890.1234567890::DECIMAL(38,10)",
                     "0.001::DECIMAL(3,3)", "(-0.001)::DECIMAL(3,3)", "0::DECIMAL(3,3)", "0.5::DECIMAL(1,1)",
                     "0.1::DECIMAL(38,38)", "0.123::DECIMAL(18,18)", "42::DECIMAL(18,0)"}),
            12u);
}

TEST_F(QuackClientTextVsDuckdb, StringsBlobsBitsAndUuids) {
  EXPECT_EQ(compare({"'plain'", "''", "'héllo wörld ✓'", "'tab\there'", "chr(10) || 'x'", "'a,b'",
                     "NULL::VARCHAR", "'x'::CHAR(3)", "'{\"a\": [1, 2]}'::JSON"}),
            9u);
  EXPECT_EQ(
      compare_query("SELECT b, b::VARCHAR FROM (SELECT unhex(lpad(to_hex(i), 2, '0') || 'ff5c2722') AS b "
                    "FROM range(0, 256) r(i))"),
      256u);
  EXPECT_EQ(compare({"''::BLOB", "'abc'::BLOB"}), 2u);
  EXPECT_EQ(compare({"'101'::BIT", "'1'::BIT", "'00000000111'::BIT", "'0101010101010101010101'::BIT"}), 4u);
  EXPECT_EQ(
      compare({"'00000000-0000-0000-0000-000000000000'::UUID", "'ffffffff-ffff-ffff-ffff-ffffffffffff'::UUID",
               "'47183823-2574-4bfd-b411-99ed177d3e43'::UUID",
               "'7fffffff-ffff-ffff-0000-000000000001'::UUID"}),
      4u);
}

TEST_F(QuackClientTextVsDuckdb, DatesTimesAndTimestampsOfEveryKind) {
  EXPECT_EQ(compare({"DATE '2024-02-29'", "DATE '0001-01-01'", "DATE '0044-03-15 (BC)'", "'infinity'::DATE",
                     "'-infinity'::DATE", "DATE '1969-12-31'"}),
            6u);
  EXPECT_EQ(compare({"TIME '00:00:00'", "TIME '23:59:59.999999'", "TIME '12:30:00.5'", "TIME '24:00:00'"}),
            4u);
  EXPECT_EQ(compare({"TIME_NS '12:00:00.123456789'", "'12:00:00'::TIME_NS", "'00:00:00.000000001'::TIME_NS"}),
            3u);
  EXPECT_EQ(compare({"'14:30:00+05:30'::TIMETZ", "'14:30:00.5-02'::TIMETZ", "'00:00:00+00'::TIMETZ",
                     "'23:59:59-15:59'::TIMETZ", "'12:00:00+15:59:59'::TIMETZ"}),
            5u);
  for (const char* type : {"TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP", "TIMESTAMP_NS", "TIMESTAMPTZ"}) {
    const std::string t(type);
    const std::string early =
        t == "TIMESTAMP_NS" ? "'1677-09-22 00:00:00.123456789'" : "'0044-03-15 (BC) 10:00:00'";
    EXPECT_EQ(
        compare({"'2023-05-16 14:43:39.970062'::" + t, "'1969-12-31 23:59:59.999'::" + t, early + "::" + t,
                 "'infinity'::" + t, "'-infinity'::" + t, "'2262-04-11 23:47:16'::" + t}),
        6u)
        << type;
  }
  EXPECT_EQ(compare({"INTERVAL '1 year 2 months 3 days 04:05:06'", "INTERVAL '-1 day 3 hours'",
                     "INTERVAL '-3 hours'", "INTERVAL '1 year -2 months'", "INTERVAL '0 seconds'",
                     "INTERVAL '1.5 seconds'", "INTERVAL '-1 month'", "INTERVAL '1000000 hours'"}),
            8u);
}

TEST_F(QuackClientTextVsDuckdb, EnumsOfEveryIndexWidth) {
  run("CREATE TYPE mood AS ENUM ('sad', 'ok', 'a,b')");
  EXPECT_EQ(compare({"'sad'::mood", "'a,b'::mood", "NULL::mood"}), 3u);
  run("CREATE TYPE wide AS ENUM (SELECT 'v' || range FROM range(300))");
  EXPECT_EQ(
      compare_query(
          "SELECT e, e::VARCHAR FROM (SELECT ('v' || (i * 7 % 300))::wide AS e FROM range(0, 600) r(i))"),
      600u);
  run("CREATE TYPE wider AS ENUM (SELECT 'w' || range FROM range(70000))");
  EXPECT_EQ(compare_query("SELECT e, e::VARCHAR FROM (SELECT ('w' || (i * 7919 % 70000))::wider AS e FROM "
                          "range(0, 100) r(i))"),
            100u);
}

TEST_F(QuackClientTextVsDuckdb, ListsQuoteTheScalarsThatNeedIt) {
  EXPECT_EQ(
      compare({R"(['a', 'b c', 'a,b', '', ' x', 'x ', 'NULL', 'null', 'it''s', 'x"y', NULL, 'back\slash',
                       'a:b', 'a=b', '(x)', '[', ']', '{', '}', 'é', 'tab' || chr(9) || 'x'])",
               "[]::VARCHAR[]", "NULL::VARCHAR[]", "[[1], [2, NULL], []]", "[[['x y', 'a,b']]]",
               "[1.5::DOUBLE, 100.0, 'nan'::DOUBLE]", "[true, false]",
               "[TIMESTAMP '2023-01-01 00:00:00', NULL]", "[TIME '12:00:00']",
               "[INTERVAL '1 day', INTERVAL '2 hours']", "[DATE '2023-01-01', DATE '0044-03-15 (BC)']",
               "[from_hex('00FF5C27'), ' ~'::BLOB]", R"(['{"a":1}'::JSON])", "['14:30:00+05:30'::TIMETZ]",
               "[12345678901234567890123456789::HUGEINT]", "[1.5::DECIMAL(20,3), (-0.001)::DECIMAL(3,3)]"}),
      16u);
}

TEST_F(QuackClientTextVsDuckdb, StructsMapsArraysAndUnions) {
  EXPECT_EQ(compare({"{'a': 'x', 'b c': 1, 'k''q': NULL}", "{'a': [1, 2], 'b': {'c': 'x y', 'd': 'a,b'}}",
                     "row(1, 'a,b')", "[row(1, 'x')]", R"({'j': '{"a":1}'::JSON})", "NULL::STRUCT(a INTEGER)",
                     "{'t': TIMESTAMPTZ '2023-01-01 00:00:00'}"}),
            7u);
  EXPECT_EQ(compare({"MAP {'k': 'v', 'a=b': 'c d', 'n': NULL, '': ''}", "MAP {'a': [1, 2]}",
                     "MAP {[1]: {'x': 'a b'}}", "[MAP {'a': 1}]", "MAP {}::MAP(VARCHAR, INTEGER)",
                     "MAP {'k': 'NULL'}"}),
            6u);
  EXPECT_EQ(compare({"[' a', 'null', '']::VARCHAR[3]", "[NULL, 'x,y']::VARCHAR[2]",
                     "[TIME '12:00:00', NULL]::TIME[2]"}),
            3u);
  EXPECT_EQ(compare({"[[1, 2]::INTEGER[2], NULL]", "{'a': ['x,y']::VARCHAR[1]}", "[[['a,b']::VARCHAR[1]]]"}),
            3u);
  EXPECT_EQ(compare({"union_value(num := 2)::UNION(num INTEGER, s VARCHAR)",
                     "'a,b'::UNION(num INTEGER, s VARCHAR)", "NULL::UNION(num INTEGER, s VARCHAR)"}),
            3u);
  EXPECT_EQ(
      compare({"['a,b'::UNION(s VARCHAR, i INTEGER), 1::UNION(s VARCHAR, i INTEGER)]",
               "{'u': 'a,b'::UNION(s VARCHAR, i INTEGER)}", "MAP {'k': 'a,b'::UNION(s VARCHAR, i INTEGER)}"}),
      3u);
}

// The JSON of values, from hand-built vectors.
std::string json_of(const DecodedVector& vector, const LogicalType& type, uint64_t row = 0) {
  std::string out;
  append_json_value(out, vector, type, row);
  return out;
}

TEST(QuackClientJson, ScalarsAreJsonNumbersBooleansOrStrings) {
  using quack::testing::strings;
  using quack::testing::values;
  EXPECT_EQ(json_of(values<int32_t>({-7}), LogicalType::of(Id::kInteger)), "-7");
  EXPECT_EQ(json_of(values<uint64_t>({UINT64_MAX}), LogicalType::of(Id::kUBigInt)), "18446744073709551615");
  EXPECT_EQ(json_of(values<uint8_t>({1}), LogicalType::of(Id::kBoolean)), "true");
  EXPECT_EQ(json_of(values<double>({100.0}), LogicalType::of(Id::kDouble)), "100.0");
  EXPECT_EQ(json_of(values<double>({1e300}), LogicalType::of(Id::kDouble)), "1e+300");
  EXPECT_EQ(json_of(values<double>({std::numeric_limits<double>::infinity()}), LogicalType::of(Id::kDouble)),
            R"("inf")");
  EXPECT_EQ(json_of(values<float>({std::nanf("")}), LogicalType::of(Id::kFloat)), R"("nan")");
  EXPECT_EQ(json_of(values<int16_t>({-1}), LogicalType::decimal(3, 3)), "-0.001");
  EXPECT_EQ(json_of(values<int16_t>({5}), LogicalType::decimal(1, 1)), "0.5");
  EXPECT_EQ(json_of(values<int32_t>({std::nullopt}), LogicalType::of(Id::kInteger)), "null");
  EXPECT_EQ(json_of(strings({"say \"hi\"\n"}), LogicalType::of(Id::kVarchar)), R"("say \"hi\"\n")");
  EXPECT_EQ(json_of(strings({std::string_view("\x00\xff", 2)}), LogicalType::of(Id::kBlob)),
            R"("\\x00\\xFF")");
  EXPECT_EQ(json_of(values<int32_t>({19000}), LogicalType::of(Id::kDate)), R"("2022-01-08")");
  LogicalType json = LogicalType::of(Id::kVarchar);
  json.alias = "JSON";
  EXPECT_EQ(json_of(strings({R"({"a": [1, 2]})"}), json), R"({"a": [1, 2]})");
  EXPECT_EQ(json_of(strings({"not json"}), json), R"("not json")");
}

TEST(QuackClientJson, NestedValuesAreArraysAndObjects) {
  using quack::testing::lists;
  using quack::testing::nested;
  using quack::testing::strings;
  using quack::testing::values;
  const LogicalType list = LogicalType::list(LogicalType::of(Id::kInteger));
  EXPECT_EQ(json_of(lists({ListEntry{0, 3}}, values<int32_t>({1, std::nullopt, 3})), list), "[1,null,3]");
  const LogicalType structure =
      LogicalType::structure({{"a", LogicalType::of(Id::kInteger)}, {"b", LogicalType::of(Id::kVarchar)}});
  EXPECT_EQ(json_of(nested({true}, {values<int32_t>({1}), strings({"x"})}), structure), R"({"a":1,"b":"x"})");
  const LogicalType map = LogicalType::map(LogicalType::of(Id::kInteger), LogicalType::of(Id::kVarchar));
  EXPECT_EQ(json_of(lists({ListEntry{0, 2}},
                          nested({true, true}, {values<int32_t>({1, 2}), strings({"a", std::nullopt})})),
                    map),
            R"({"1":"a","2":null})");
  const LogicalType array = LogicalType::array(LogicalType::of(Id::kInteger), 2);
  EXPECT_EQ(json_of(nested({true, true}, {values<int32_t>({1, 2, 3, 4})}), array, 1), "[3,4]");
  const LogicalType union_type =
      LogicalType::union_of({{"n", LogicalType::of(Id::kInteger)}, {"s", LogicalType::of(Id::kVarchar)}});
  EXPECT_EQ(json_of(nested({true}, {values<uint8_t>({1}), values<int32_t>({std::nullopt}), strings({"x"})}),
                    union_type),
            R"("x")");
}

TEST(QuackClientText, BoxTypeNamesAreDuckdbClis) {
  EXPECT_EQ(box_type_name(LogicalType::of(Id::kInteger)), "int32");
  EXPECT_EQ(box_type_name(LogicalType::of(Id::kUHugeInt)), "uint128");
  EXPECT_EQ(box_type_name(LogicalType::of(Id::kVarchar)), "varchar");
  EXPECT_EQ(box_type_name(LogicalType::of(Id::kTimestampTz)), "timestamp with time zone");
  EXPECT_EQ(box_type_name(LogicalType::decimal(10, 2)), "decimal(10,2)");
  EXPECT_EQ(box_type_name(LogicalType::list(LogicalType::list(LogicalType::of(Id::kBigInt)))), "int64[][]");
  EXPECT_EQ(box_type_name(LogicalType::array(LogicalType::of(Id::kInteger), 3)), "integer[3]");
  EXPECT_EQ(box_type_name(LogicalType::structure({{"a", LogicalType::of(Id::kInteger)}})),
            "struct(a integer)");
  LogicalType json = LogicalType::of(Id::kVarchar);
  json.alias = "JSON";
  EXPECT_EQ(box_type_name(json), "json");
}

TEST(QuackClientText, DisplayWidthCountsTerminalColumns) {
  EXPECT_EQ(display_width(""), 0u);
  EXPECT_EQ(display_width("abc"), 3u);
  EXPECT_EQ(display_width("héllo"), 5u);
  EXPECT_EQ(display_width("日本語"), 6u);
  EXPECT_EQ(display_width("e\xCC\x81"), 1u);  // e and a combining acute accent
  EXPECT_EQ(display_width("\xFF\xFE"), 2u);   // not UTF-8: a column per byte
}

}  // namespace
}  // namespace duckwire::quack_client
