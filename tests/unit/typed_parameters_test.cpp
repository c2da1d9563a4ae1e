// Typed parameter values (dates, times, intervals, 128-bit integers, decimals, lists, structs)
// bound through the DuckDB backend.

#include <gtest/gtest.h>

#include <cstring>
#include <limits>

#include "arrow_text_support.hpp"
#include "backend/duckdb/duckdb_backend.hpp"

namespace duckwire {
namespace {

constexpr int32_t kLeapDay2020 = 18321;                  // 2020-02-29
constexpr int64_t kMay16Micros = 1'684'248'219'970'062;  // 2023-05-16 14:43:39.970062 UTC

std::unique_ptr<Backend> open_memory() {
  std::vector<std::string> warnings;
  BackendOptions options;
  // Leaves the configuration unlocked, so that the tests can pin the session's time zone.
  options.restrict_file_access = false;
  auto backend = open_duckdb_backend(options, warnings);
  EXPECT_TRUE(backend.ok()) << (backend.ok() ? "" : backend.error().message);
  return std::move(backend).value();
}

Value list(std::vector<Value> items) {
  return Value{ListValue{std::move(items)}};
}

Value text(const char* s) {
  return Value{std::string(s)};
}

HugeIntValue huge(__int128 value) {
  return HugeIntValue{static_cast<int64_t>(value >> 64), static_cast<uint64_t>(value)};
}

DecimalValue decimal(uint8_t width, uint8_t scale, __int128 unscaled) {
  const HugeIntValue bits = huge(unscaled);
  return DecimalValue{width, scale, bits.upper, bits.lower};
}

__int128 huge_power_of_ten(int exponent) {
  __int128 value = 1;
  for (int i = 0; i < exponent; ++i) value *= 10;
  return value;
}

// What DuckDB makes of a bound value: the result column's type, typeof() and the VARCHAR cast.
struct Described {
  std::string column_type;
  std::string type_name;
  std::string text;
};

class TypedParameters : public ::testing::Test {
 protected:
  void SetUp() override {
    backend_ = open_memory();
    session_ = backend_->connect().value();
    auto utc = session_->execute("SET TimeZone = 'UTC'");
    ASSERT_TRUE(utc.ok()) << utc.error().message;
  }

  // The first row of `sql` as text; the query casts what it wants to read to VARCHAR.
  Result<std::vector<std::string>> first_row(std::string_view sql, const Parameters& parameters) {
    auto statement = session_->prepare(sql);
    if (!statement) return statement.error();
    auto stream = session_->execute(*statement.value(), parameters);
    if (!stream) return stream.error();
    last_schema_ = stream.value()->schema().columns;
    auto chunk = stream.value()->next();
    if (!chunk) return chunk.error();
    std::vector<std::string> texts;
    if (!chunk.value()) return texts;
    const ArrowArray& array = *chunk.value()->array.get();
    for (int64_t i = 0; i < array.n_children; ++i) {
      const char* format = stream.value()->schema().arrow->children[i]->format;
      texts.push_back(string_at(*array.children[i], format, 0));
    }
    return texts;
  }

  Described describe(const Value& value) {
    Parameters parameters;
    parameters.positional = {value};
    auto row = first_row("SELECT $1 AS v, typeof($1) AS t, $1::VARCHAR AS s", parameters);
    EXPECT_TRUE(row.ok()) << row.error().message;
    if (!row.ok() || row->size() != 3) return {};
    return Described{last_schema_[0].type.to_string(), (*row)[1], (*row)[2]};
  }

  Error bind_error(const Value& value) {
    Parameters parameters;
    parameters.positional = {value};
    auto row = first_row("SELECT $1::VARCHAR", parameters);
    EXPECT_FALSE(row.ok());
    return row.ok() ? Error{} : row.error();
  }

  std::unique_ptr<Backend> backend_;
  std::unique_ptr<Session> session_;
  std::vector<Column> last_schema_;
};

TEST_F(TypedParameters, BindsDates) {
  const Described date = describe(Value{DateValue{kLeapDay2020}});
  EXPECT_EQ(date.column_type, "DATE");
  EXPECT_EQ(date.type_name, "DATE");
  EXPECT_EQ(date.text, "2020-02-29");
  EXPECT_EQ(describe(Value{DateValue{-735'525}}).text, "0045-03-15 (BC)");
}

TEST_F(TypedParameters, BindsTimesOfDay) {
  const Described time = describe(Value{TimeValue{(14 * 3600 + 43 * 60 + 39) * 1'000'000LL + 970'062}});
  EXPECT_EQ(time.type_name, "TIME");
  EXPECT_EQ(time.text, "14:43:39.970062");
  EXPECT_EQ(describe(Value{TimeValue{86'400'000'000}}).text, "24:00:00");
  EXPECT_EQ(bind_error(Value{TimeValue{-1}}).kind, ErrorKind::kInvalidParameter);
}

TEST_F(TypedParameters, BindsTimestampsWithAndWithoutTimeZone) {
  const Described plain = describe(Value{TimestampValue{kMay16Micros, false}});
  EXPECT_EQ(plain.column_type, "TIMESTAMP");
  EXPECT_EQ(plain.type_name, "TIMESTAMP");
  EXPECT_EQ(plain.text, "2023-05-16 14:43:39.970062");
  const Described zoned = describe(Value{TimestampValue{kMay16Micros, true}});
  EXPECT_EQ(zoned.column_type, "TIMESTAMP WITH TIME ZONE");
  EXPECT_EQ(zoned.type_name, "TIMESTAMP WITH TIME ZONE");
  EXPECT_EQ(zoned.text, "2023-05-16 14:43:39.970062+00");
}

TEST_F(TypedParameters, BindsIntervals) {
  const int64_t micros = (4 * 3600 + 5 * 60 + 6) * 1'000'000LL;
  const Described interval = describe(Value{IntervalValue{14, 3, micros}});
  EXPECT_EQ(interval.type_name, "INTERVAL");
  EXPECT_EQ(interval.text, "1 year 2 months 3 days 04:05:06");
  EXPECT_EQ(describe(Value{IntervalValue{-1, 0, -500'000}}).text, "-1 month -00:00:00.5");
}

TEST_F(TypedParameters, BindsHugeIntegers) {
  constexpr __int128 kMax = ~(static_cast<__int128>(1) << 127);
  const Described max = describe(Value{huge(kMax)});
  EXPECT_EQ(max.column_type, "HUGEINT");
  EXPECT_EQ(max.type_name, "HUGEINT");
  EXPECT_EQ(max.text, "170141183460469231731687303715884105727");
  EXPECT_EQ(describe(Value{huge(-kMax - 1)}).text, "-170141183460469231731687303715884105728");
  EXPECT_EQ(describe(Value{huge(-5)}).text, "-5");
}

TEST_F(TypedParameters, BindsDecimals) {
  const Described positive = describe(Value{decimal(4, 2, 1250)});
  EXPECT_EQ(positive.column_type, "DECIMAL(4,2)");
  EXPECT_EQ(positive.type_name, "DECIMAL(4,2)");
  EXPECT_EQ(positive.text, "12.50");
  EXPECT_EQ(describe(Value{decimal(4, 2, -1250)}).text, "-12.50");
  const Described wide = describe(Value{DecimalValue{38, 10, 1, 0}});  // 2^64 unscaled
  EXPECT_EQ(wide.type_name, "DECIMAL(38,10)");
  EXPECT_EQ(wide.text, "1844674407.3709551616");
}

TEST_F(TypedParameters, RefusesDecimalsDuckDbCannotHold) {
  const Error too_wide = bind_error(Value{DecimalValue{39, 0, 0, 1}});
  EXPECT_EQ(too_wide.kind, ErrorKind::kInvalidParameter);
  EXPECT_EQ(too_wide.message, "parameter 1: invalid DECIMAL(39,0)");
  EXPECT_EQ(bind_error(Value{decimal(2, 3, 1)}).message, "parameter 1: invalid DECIMAL(2,3)");
  EXPECT_EQ(bind_error(Value{decimal(2, 0, 100)}).message, "parameter 1: value does not fit DECIMAL(2,0)");
  EXPECT_EQ(bind_error(Value{decimal(2, 0, -100)}).message, "parameter 1: value does not fit DECIMAL(2,0)");
}

TEST_F(TypedParameters, BindsListsOfOneType) {
  const Described numbers = describe(list({Value{int64_t{1}}, Value{int64_t{2}}, Value{int64_t{3}}}));
  EXPECT_EQ(numbers.column_type, "BIGINT[]");
  EXPECT_EQ(numbers.type_name, "BIGINT[]");
  EXPECT_EQ(numbers.text, "[1, 2, 3]");
  const Described with_null = describe(list({Value{NullValue{}}, text("a")}));
  EXPECT_EQ(with_null.type_name, "VARCHAR[]");
  EXPECT_EQ(with_null.text, "[NULL, a]");
  const Described dates = describe(list({Value{DateValue{kLeapDay2020}}, Value{DateValue{0}}}));
  EXPECT_EQ(dates.type_name, "DATE[]");
  EXPECT_EQ(dates.text, "[2020-02-29, 1970-01-01]");
}

TEST_F(TypedParameters, WidensMixedNumbersInLists) {
  const Described doubles = describe(list({Value{int64_t{1}}, Value{2.5}}));
  EXPECT_EQ(doubles.type_name, "DOUBLE[]");
  EXPECT_EQ(doubles.text, "[1.0, 2.5]");
  const Described huge_ints =
      describe(list({Value{int64_t{-1}}, Value{std::numeric_limits<uint64_t>::max()}}));
  EXPECT_EQ(huge_ints.type_name, "HUGEINT[]");
  EXPECT_EQ(huge_ints.text, "[-1, 18446744073709551615]");
  const Described decimals = describe(list({Value{decimal(4, 2, 1250)}, Value{decimal(4, 3, 3125)}}));
  EXPECT_EQ(decimals.type_name, "DECIMAL(5,3)[]");
  EXPECT_EQ(decimals.text, "[12.500, 3.125]");
  const Described with_integer = describe(list({Value{decimal(4, 2, 1250)}, Value{int64_t{7}}}));
  EXPECT_EQ(with_integer.type_name, "DECIMAL(21,2)[]");
  EXPECT_EQ(with_integer.text, "[12.50, 7.00]");
}

// Like DuckDB's literal [], an empty list has NULL elements and casts to any list type.
TEST_F(TypedParameters, BindsEmptyAndAllNullLists) {
  const Described empty = describe(list({}));
  EXPECT_EQ(empty.type_name, "\"NULL\"[]");
  EXPECT_EQ(empty.column_type, "INTEGER[]");
  EXPECT_EQ(empty.text, "[]");
  EXPECT_EQ(describe(list({Value{NullValue{}}, Value{NullValue{}}})).text, "[NULL, NULL]");
  const Described nested = describe(list({list({}), list({Value{int64_t{1}}})}));
  EXPECT_EQ(nested.type_name, "BIGINT[][]");
  EXPECT_EQ(nested.text, "[[], [1]]");
}

TEST_F(TypedParameters, RefusesListsWithoutACommonType) {
  const Error mixed = bind_error(list({Value{int64_t{1}}, text("a")}));
  EXPECT_EQ(mixed.kind, ErrorKind::kInvalidParameter);
  EXPECT_EQ(mixed.message, "parameter 1: list items have different types");
  EXPECT_EQ(bind_error(list({Value{TimestampValue{0, false}}, Value{TimestampValue{0, true}}})).message,
            "parameter 1: list items have different types");
  // DECIMAL(38,0) and DECIMAL(2,1) widen to DECIMAL(38,1), which cannot hold 38 integer digits.
  const __int128 ten_to_37 = huge_power_of_ten(37);
  const Error too_wide = bind_error(list({Value{decimal(38, 0, ten_to_37)}, Value{decimal(2, 1, 15)}}));
  EXPECT_EQ(too_wide.message, "parameter 1: list items cannot be converted to a common type");
}

TEST_F(TypedParameters, BindsNestedStructs) {
  StructValue meta{{{"day", Value{DateValue{kLeapDay2020}}}}};
  StructValue record{{{"label", text("duck")},
                      {"tags", list({Value{int64_t{1}}, Value{int64_t{2}}})},
                      {"meta", Value{std::move(meta)}}}};
  const Described described = describe(Value{std::move(record)});
  EXPECT_EQ(described.type_name, "STRUCT(\"label\" VARCHAR, tags BIGINT[], meta STRUCT(\"day\" DATE))");
  EXPECT_EQ(described.text, "{'label': duck, 'tags': [1, 2], 'meta': {'day': 2020-02-29}}");
}

TEST_F(TypedParameters, CombinesStructsInLists) {
  const Described described =
      describe(list({Value{StructValue{{{"a", Value{int64_t{1}}}}}}, Value{StructValue{{{"a", Value{2.5}}}}},
                     Value{StructValue{{{"a", Value{NullValue{}}}}}}}));
  EXPECT_EQ(described.type_name, "STRUCT(a DOUBLE)[]");
  EXPECT_EQ(described.text, "[{'a': 1.0}, {'a': 2.5}, {'a': NULL}]");
  const Error different_names = bind_error(
      list({Value{StructValue{{{"a", Value{int64_t{1}}}}}}, Value{StructValue{{{"b", Value{int64_t{1}}}}}}}));
  EXPECT_EQ(different_names.message, "parameter 1: list items have different types");
}

TEST_F(TypedParameters, RefusesStructsDuckDbCannotHold) {
  EXPECT_EQ(bind_error(Value{StructValue{}}).message, "parameter 1: a struct needs at least one member");
  EXPECT_EQ(bind_error(Value{StructValue{{{"", Value{int64_t{1}}}}}}).message,
            "parameter 1: struct member names cannot be empty");
  EXPECT_EQ(bind_error(Value{StructValue{{{"a", Value{int64_t{1}}}, {"A", Value{int64_t{2}}}}}}).message,
            "parameter 1: duplicate struct member \"A\"");
}

TEST_F(TypedParameters, BindsNamedParameters) {
  Parameters parameters;
  parameters.named = {{"since", Value{DateValue{kLeapDay2020}}}, {"amount", Value{decimal(4, 2, 1250)}}};
  auto row = first_row("SELECT typeof($since), $since::VARCHAR, $amount::VARCHAR", parameters);
  ASSERT_TRUE(row.ok()) << row.error().message;
  EXPECT_EQ(*row, (std::vector<std::string>{"DATE", "2020-02-29", "12.50"}));

  parameters.named = {{"since", list({Value{int64_t{1}}, text("x")})}, {"amount", Value{NullValue{}}}};
  auto failed = first_row("SELECT $since, $amount", parameters);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().message, "parameter \"since\": list items have different types");
}

TEST_F(TypedParameters, BindsQuestionMarkParameters) {
  Parameters parameters;
  parameters.positional = {Value{TimestampValue{kMay16Micros, true}}, Value{IntervalValue{0, 1, 0}}};
  auto row = first_row("SELECT (? + ?)::VARCHAR", parameters);
  ASSERT_TRUE(row.ok()) << row.error().message;
  EXPECT_EQ(*row, (std::vector<std::string>{"2023-05-17 14:43:39.970062+00"}));
}

TEST_F(TypedParameters, FillTableColumns) {
  ASSERT_TRUE(session_
                  ->execute("CREATE TABLE t (d DATE, ts TIMESTAMPTZ, amount DECIMAL(10,2), tags VARCHAR[], "
                            "big HUGEINT, pair STRUCT(x INTEGER, y VARCHAR))")
                  .ok());
  Parameters only_date;
  only_date.positional = {Value{DateValue{kLeapDay2020}}};
  ASSERT_TRUE(first_row("INSERT INTO t(d) VALUES (?)", only_date).ok());

  Parameters all;
  all.positional = {Value{DateValue{0}},
                    Value{TimestampValue{kMay16Micros, true}},
                    Value{decimal(4, 2, 1250)},
                    list({}),
                    Value{huge(static_cast<__int128>(1) << 100)},
                    Value{StructValue{{{"x", Value{int64_t{7}}}, {"y", text("seven")}}}}};
  ASSERT_TRUE(first_row("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)", all).ok());

  auto first = first_row("SELECT d::VARCHAR, typeof(d) FROM t ORDER BY d DESC LIMIT 1", {});
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(*first, (std::vector<std::string>{"2020-02-29", "DATE"}));
  auto second = first_row(
      "SELECT d::VARCHAR, ts::VARCHAR, amount::VARCHAR, tags::VARCHAR, big::VARCHAR, "
      "pair::VARCHAR FROM t WHERE d = ?",
      Parameters{{Value{DateValue{0}}}, {}});
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(*second, (std::vector<std::string>{"1970-01-01", "2023-05-16 14:43:39.970062+00", "12.50", "[]",
                                               "1267650600228229401496703205376", "{'x': 7, 'y': seven}"}));
}

// A value is made in the number type DuckDB gave the parameter, so the statement keeps its plan and
// its result types (a BIGINT value would re-plan `i + $1` as BIGINT).
TEST_F(TypedParameters, IntegersBindInTheParameterType) {
  ASSERT_TRUE(session_->execute("CREATE TABLE narrow (i INTEGER, f FLOAT)").ok());
  ASSERT_TRUE(session_->execute("INSERT INTO narrow VALUES (1, 0.5)").ok());
  Parameters parameters;
  parameters.positional = {Value{int64_t{1}}, Value{0.5}};
  auto row = first_row("SELECT (i + $1)::VARCHAR, (f + $2)::VARCHAR, typeof(i + $1) FROM narrow WHERE i = $1 AND f = $2",
                       parameters);
  ASSERT_TRUE(row.ok()) << row.error().message;
  EXPECT_EQ(row.value(), (std::vector<std::string>{"2", "1.0", "INTEGER"}));
  parameters.positional = {Value{int64_t{1} << 40}, Value{0.5}};
  EXPECT_TRUE(first_row("SELECT i FROM narrow WHERE i = $1 AND f = $2", parameters).ok());
}

}  // namespace
}  // namespace duckwire
