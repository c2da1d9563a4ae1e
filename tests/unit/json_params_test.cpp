// JSON request parameters, JSON-LD typed values included, converted to backend Parameters.

#include "protocols/jsonrpc/json_params.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <cstdint>
#include <limits>
#include <string>

#include "backend/duckdb/duckdb_backend.hpp"

namespace duckwire::jsonrpc {
namespace {

constexpr int64_t kMay16Micros = 1'684'248'219'970'062;  // 2023-05-16 14:43:39.970062 UTC
constexpr int64_t kMicrosPerSecond = 1'000'000;
constexpr int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;
constexpr const char* kPrefixes[] = {"xsd:", "http://www.w3.org/2001/XMLSchema#"};

Result<Value> from_json(std::string_view json) {
  return value_from_json(boost::json::parse(json));
}

Result<Value> typed(std::string_view type, boost::json::value value) {
  return value_from_json(boost::json::object{{"@value", std::move(value)}, {"@type", type}});
}

// The value of `@value` read as `xsd:<type>`, which must parse in both spellings of the type.
Value parsed(std::string_view type, boost::json::value value) {
  auto short_form = typed("xsd:" + std::string(type), value);
  auto full_form = typed("http://www.w3.org/2001/XMLSchema#" + std::string(type), value);
  EXPECT_TRUE(short_form.ok()) << short_form.error().message;
  EXPECT_TRUE(full_form.ok()) << full_form.error().message;
  if (!short_form.ok() || !full_form.ok()) return Value{NullValue{}};
  EXPECT_EQ(short_form.value(), full_form.value());
  return short_form.value();
}

// The error of reading `@value` as `xsd:<type>`.
std::string refusal(std::string_view type, boost::json::value value) {
  auto result = typed("xsd:" + std::string(type), std::move(value));
  EXPECT_FALSE(result.ok());
  if (result.ok()) return "(accepted)";
  EXPECT_EQ(result.error().kind, ErrorKind::kInvalidParameter);
  return result.error().message;
}

bool refused(std::string_view type, std::string_view text) {
  return !typed("xsd:" + std::string(type), boost::json::string(text)).ok();
}

HugeIntValue huge(__int128 value) {
  return HugeIntValue{static_cast<int64_t>(value >> 64), static_cast<uint64_t>(value)};
}

DecimalValue decimal(uint8_t width, uint8_t scale, __int128 unscaled) {
  const HugeIntValue bits = huge(unscaled);
  return DecimalValue{width, scale, bits.upper, bits.lower};
}

Value interval(int32_t months, int32_t days, int64_t micros) {
  return Value{IntervalValue{months, days, micros}};
}

Value timestamp(int64_t micros, bool with_time_zone) {
  return Value{TimestampValue{micros, with_time_zone}};
}

TEST(JsonParams, MapsPlainJsonValues) {
  EXPECT_EQ(from_json("null").value(), Value{NullValue{}});
  EXPECT_EQ(from_json("true").value(), Value{true});
  EXPECT_EQ(from_json("-42").value(), Value{int64_t{-42}});
  EXPECT_EQ(from_json("18446744073709551615").value(), Value{std::numeric_limits<uint64_t>::max()});
  EXPECT_EQ(from_json("2.5").value(), Value{2.5});
  EXPECT_EQ(from_json("\"duck\"").value(), Value{std::string("duck")});
}

TEST(JsonParams, MapsArraysToListsAndObjectsToStructs) {
  const Value expected{StructValue{{
      {"name", Value{std::string("duck")}},
      {"tags", Value{ListValue{{Value{int64_t{1}}, Value{ListValue{}}, Value{NullValue{}}}}}},
      {"born", Value{DateValue{18321}}},
      {"inner", Value{StructValue{{{"@value", Value{int64_t{1}}}}}}},
  }}};
  auto value =
      from_json(R"({"name":"duck","tags":[1,[],null],"born":{"@value":"2020-02-29","@type":"xsd:date"},)"
                R"("inner":{"@value":1}})");
  ASSERT_TRUE(value.ok()) << value.error().message;
  EXPECT_EQ(value.value(), expected);
}

TEST(JsonParams, TypedValuesNeedExactlyTwoKeys) {
  auto three_keys = from_json(R"({"@value":"2020-02-29","@type":"xsd:date","x":1})");
  ASSERT_TRUE(three_keys.ok());
  ASSERT_TRUE(std::holds_alternative<StructValue>(three_keys->v));
  EXPECT_EQ(std::get<StructValue>(three_keys->v).members.size(), 3u);
}

TEST(JsonParams, ReadsDates) {
  EXPECT_EQ(parsed("date", "2020-02-29"), Value{DateValue{18321}});
  EXPECT_EQ(parsed("date", "1970-01-01"), Value{DateValue{0}});
  EXPECT_EQ(parsed("date", "1969-12-31"), Value{DateValue{-1}});
  EXPECT_EQ(parsed("date", "2000-02-29"), Value{DateValue{11016}});
  EXPECT_EQ(parsed("date", "0000-01-01"), Value{DateValue{-719528}});
  EXPECT_EQ(parsed("date", "-0044-03-15"), Value{DateValue{-735525}});
  EXPECT_EQ(parsed("date", "10000-01-01"), Value{DateValue{2932897}});
  for (const char* bad :
       {"2019-02-29", "1900-02-29", "2020-02-30", "2020-04-31", "2020-13-01", "2020-00-10", "2020-01-00",
        "2020-1-01", "20-01-01", "20200101", "2020-01-01Z", "2020-01-01T00:00:00", "+2020-01-01",
        "-0000-01-01", "02020-01-01", "99999999-01-01", " 2020-01-01", ""}) {
    EXPECT_TRUE(refused("date", bad)) << bad;
  }
}

TEST(JsonParams, ReadsDateTimes) {
  const Value utc = timestamp(kMay16Micros, true);
  EXPECT_EQ(parsed("dateTime", "2023-05-16T14:43:39.970062Z"), utc);
  EXPECT_EQ(parsed("dateTime", "2023-05-16T16:43:39.970062+02:00"), utc);
  EXPECT_EQ(parsed("dateTime", "2023-05-16T16:43:39.970062+0200"), utc);
  EXPECT_EQ(parsed("dateTime", "2023-05-16T09:13:39.970062-05:30"), utc);
  EXPECT_EQ(parsed("dateTime", "2023-05-16t14:43:39.970062z"), utc);
  EXPECT_EQ(parsed("dateTime", "2023-05-16 14:43:39.970062-00:00"), utc);
  // JavaScript's Date.prototype.toISOString().
  EXPECT_EQ(parsed("dateTime", "2023-05-16T14:43:39.970Z"), timestamp(kMay16Micros - 62, true));
  EXPECT_EQ(parsed("dateTime", "2023-05-16T14:43:39.970062999Z"), utc);
  EXPECT_EQ(parsed("dateTime", "2023-05-16T14:43:39.9700629+00:00"), utc);
  EXPECT_EQ(parsed("dateTime", "2023-05-16T14:43:39.970062"), timestamp(kMay16Micros, false));
  EXPECT_EQ(parsed("dateTime", "2023-05-16 14:43:39"), timestamp(kMay16Micros - 970062, false));
  EXPECT_EQ(parsed("dateTime", "1969-12-31T23:59:59.5Z"), timestamp(-500'000, true));
  EXPECT_EQ(parsed("dateTime", "2023-05-16T24:00:00"), timestamp(19494 * kMicrosPerDay, false));
  EXPECT_EQ(parsed("dateTime", "-0044-03-15T12:00:00Z"),
            timestamp(-735525 * kMicrosPerDay + kMicrosPerDay / 2, true));
  for (const char* bad : {"2023-05-16", "2023-05-16T", "2023-05-16T14:43", "2023-05-16T14:43:39.",
                          "2023-05-16T14:43:39.9700629999Z", "2023-05-16T25:00:00Z", "2023-05-16T14:60:00Z",
                          "2023-05-16T23:59:60Z", "2023-05-16T24:00:01", "2023-05-16T14:43:39+24:00",
                          "2023-05-16T14:43:39+02", "2023-05-16T14:43:39+02:60", "2023-05-16T14:43:39 Z",
                          "2023-05-16T14:43:39ZZ", "2023-05-16X14:43:39", "2023-02-29T00:00:00Z"}) {
    EXPECT_TRUE(refused("dateTime", bad)) << bad;
  }
}

TEST(JsonParams, ReadsTimesOfDay) {
  EXPECT_EQ(parsed("time", "14:43:39.970062"),
            Value{TimeValue{(14 * 3600 + 43 * 60 + 39) * kMicrosPerSecond + 970062}});
  EXPECT_EQ(parsed("time", "00:00:00"), Value{TimeValue{0}});
  EXPECT_EQ(parsed("time", "00:00:00.123456789"), Value{TimeValue{123456}});
  EXPECT_EQ(parsed("time", "24:00:00"), Value{TimeValue{kMicrosPerDay}});
  EXPECT_EQ(parsed("time", "24:00:00.000"), Value{TimeValue{kMicrosPerDay}});
  for (const char* bad : {"24:00:00.1", "24:00:01", "23:60:00", "23:59:60", "14:43", "14:43:39Z",
                          "14:43:39+02:00", "1:02:03", "14:43:39.", "T14:43:39"}) {
    EXPECT_TRUE(refused("time", bad)) << bad;
  }
}

TEST(JsonParams, ReadsDurations) {
  const int64_t hour = 3600 * kMicrosPerSecond;
  EXPECT_EQ(parsed("duration", "P1Y2M3D"), interval(14, 3, 0));
  EXPECT_EQ(parsed("duration", "PT12H30M5S"), interval(0, 0, 12 * hour + 1805 * kMicrosPerSecond));
  EXPECT_EQ(parsed("duration", "PT0.5S"), interval(0, 0, 500'000));
  EXPECT_EQ(parsed("duration", "PT0,000001999S"), interval(0, 0, 1));
  EXPECT_EQ(parsed("duration", "P2W"), interval(0, 14, 0));
  EXPECT_EQ(parsed("duration", "P1W1D"), interval(0, 8, 0));
  EXPECT_EQ(parsed("duration", "P1M"), interval(1, 0, 0));
  EXPECT_EQ(parsed("duration", "PT1M"), interval(0, 0, 60 * kMicrosPerSecond));
  EXPECT_EQ(parsed("duration", "PT36H"), interval(0, 0, 36 * hour));
  EXPECT_EQ(parsed("duration", "P0D"), interval(0, 0, 0));
  EXPECT_EQ(parsed("duration", "-P1Y2M3DT4H5M6.5S"),
            interval(-14, -3, -(4 * hour + 306 * kMicrosPerSecond + 500'000)));
  // Parts that differ in sign, as PostgreSQL and duckwire's encoder write them.
  EXPECT_EQ(parsed("duration", "P1M-1D"), interval(1, -1, 0));
  EXPECT_EQ(parsed("duration", "PT-1H30M"), interval(0, 0, -hour + 30 * 60 * kMicrosPerSecond));
  EXPECT_EQ(parsed("duration", "P-1DT-0.5S"), interval(0, -1, -500'000));
  for (const char* bad :
       {"P",     "PT",    "-P",     "P1DT", "P1S",   "PT1D",           "P1M2Y",        "PT1S2M",
        "P1Y1Y", "P1.5D", "PT1.5H", "p1d",  "1D",    "P--1D",          "P-D",          "PT-.5S",
        "P1D ",  "PT1.S", "PT.5S",  "P1",   "P1T1H", "P999999999999Y", "P9999999999D", "PT9999999999999999H",
        ""}) {
    EXPECT_TRUE(refused("duration", bad)) << bad;
  }
}

TEST(JsonParams, ReadsBase64) {
  EXPECT_EQ(parsed("base64Binary", "AAEC/w=="), Value{BlobValue{std::string("\x00\x01\x02\xff", 4)}});
  EXPECT_EQ(parsed("base64Binary", ""), Value{BlobValue{}});
  EXPECT_TRUE(refused("base64Binary", "A"));
  EXPECT_TRUE(refused("base64Binary", "AA=A"));
  EXPECT_TRUE(refused("base64Binary", "AA AA"));
  EXPECT_EQ(refusal("base64Binary", "!!!!"), "\"!!!!\" is not a valid xsd:base64Binary");
}

TEST(JsonParams, ReadsIntegers) {
  constexpr __int128 kMax = ~(static_cast<__int128>(1) << 127);
  EXPECT_EQ(parsed("integer", "42"), Value{int64_t{42}});
  EXPECT_EQ(parsed("integer", "+42"), Value{int64_t{42}});
  EXPECT_EQ(parsed("integer", "-0042"), Value{int64_t{-42}});
  EXPECT_EQ(parsed("integer", 42), Value{int64_t{42}});
  EXPECT_EQ(parsed("integer", "9223372036854775807"), Value{std::numeric_limits<int64_t>::max()});
  EXPECT_EQ(parsed("integer", "-9223372036854775808"), Value{std::numeric_limits<int64_t>::min()});
  // The narrowest exact type: BIGINT, UBIGINT, HUGEINT, UHUGEINT.
  EXPECT_EQ(parsed("integer", "9223372036854775808"), Value{uint64_t{1} << 63});
  EXPECT_EQ(parsed("integer", "-9223372036854775809"), Value{huge(-(__int128{1} << 63) - 1)});
  EXPECT_EQ(parsed("integer", std::numeric_limits<uint64_t>::max()), Value{~uint64_t{0}});
  EXPECT_EQ(parsed("integer", "18446744073709551616"), Value{huge(__int128{1} << 64)});
  EXPECT_EQ(parsed("integer", "170141183460469231731687303715884105727"), Value{huge(kMax)});
  EXPECT_EQ(parsed("integer", "-170141183460469231731687303715884105728"), Value{huge(-kMax - 1)});
  EXPECT_EQ(parsed("integer", "170141183460469231731687303715884105728"),
            (Value{UHugeIntValue{uint64_t{1} << 63, 0}}));
  EXPECT_EQ(parsed("integer", "340282366920938463463374607431768211455"),
            (Value{UHugeIntValue{~uint64_t{0}, ~uint64_t{0}}}));
  EXPECT_EQ(refusal("integer", "340282366920938463463374607431768211456"),
            "\"340282366920938463463374607431768211456\" is not a valid xsd:integer "
            "(out of the range of UHUGEINT (at most 2^128 - 1))");
  EXPECT_TRUE(refused("integer", "-170141183460469231731687303715884105729"));
  EXPECT_TRUE(refused("integer", "1000000000000000000000000000000000000000000"));
  for (const char* bad : {"", "-", "+", "12.5", "1e3", " 1", "0x10", "--1"})
    EXPECT_TRUE(refused("integer", bad)) << bad;
  EXPECT_EQ(refusal("integer", 1.5),
            "1.5E0 is not a valid xsd:integer (@value must be a string or an integer)");
  EXPECT_TRUE(refusal("integer", true).ends_with("(@value must be a string or an integer)"));
}

TEST(JsonParams, ReadsDecimals) {
  EXPECT_EQ(parsed("decimal", "-12.50"), Value{decimal(4, 2, -1250)});
  EXPECT_EQ(parsed("decimal", "+12.50"), Value{decimal(4, 2, 1250)});
  EXPECT_EQ(parsed("decimal", "007.10"), Value{decimal(3, 2, 710)});
  EXPECT_EQ(parsed("decimal", "0.5"), Value{decimal(2, 1, 5)});
  EXPECT_EQ(parsed("decimal", ".5"), Value{decimal(2, 1, 5)});
  EXPECT_EQ(parsed("decimal", "5."), Value{decimal(1, 0, 5)});
  EXPECT_EQ(parsed("decimal", "0"), Value{decimal(1, 0, 0)});
  EXPECT_EQ(parsed("decimal", "-0.00"), Value{decimal(3, 2, 0)});
  EXPECT_EQ(parsed("decimal", 12.5), Value{decimal(3, 1, 125)});
  EXPECT_EQ(parsed("decimal", 0.1), Value{decimal(2, 1, 1)});
  EXPECT_EQ(parsed("decimal", -42), Value{decimal(2, 0, -42)});
  const __int128 ten_to_18 = 1'000'000'000'000'000'000;
  const __int128 thirty_eight_nines = ten_to_18 * ten_to_18 * 100 - 1;
  EXPECT_EQ(parsed("decimal", "99999999999999999999999999999999999999"),
            Value{decimal(38, 0, thirty_eight_nines)});
  EXPECT_EQ(parsed("decimal", "-9999999999999999999999999999.9999999999"),
            Value{decimal(38, 10, -thirty_eight_nines)});
  EXPECT_EQ(refusal("decimal", "999999999999999999999999999999999999999"),
            "\"999999999999999999999999999999999999999\" is not a valid xsd:decimal (more than 38 digits)");
  EXPECT_TRUE(refused("decimal", "0.00000000000000000000000000000000000001"));
  for (const char* bad : {"", ".", "-", "1e5", "1.2.3", "abc", " 1", "1,5", "--1"}) {
    EXPECT_TRUE(refused("decimal", bad)) << bad;
  }
  EXPECT_TRUE(refusal("decimal", 1e300).ends_with("(more than 38 digits)"));
  EXPECT_EQ(refusal("decimal", nullptr),
            "null is not a valid xsd:decimal (@value must be a string or a number)");
}

TEST(JsonParams, RefusesUnknownTypesAndWrongKinds) {
  EXPECT_EQ(typed("xsd:float", "1.5").error().message, "unknown @type \"xsd:float\"");
  EXPECT_EQ(typed("date", "2020-02-29").error().message, "unknown @type \"date\"");
  EXPECT_EQ(typed("http://www.w3.org/2001/XMLSchema#Date", "2020-02-29").error().message,
            "unknown @type \"http://www.w3.org/2001/XMLSchema#Date\"");
  EXPECT_EQ(from_json(R"({"@value":"2020-02-29","@type":7})").error().message,
            "@type must be a string, got 7");
  for (std::string_view type : {"date", "dateTime", "time", "duration", "base64Binary"}) {
    EXPECT_EQ(refusal(type, 20200229),
              "20200229 is not a valid xsd:" + std::string(type) + " (@value must be a string)");
    if (type != "base64Binary") {
      EXPECT_TRUE(refused(type, "")) << type;
    }
  }
  EXPECT_EQ(refusal("date", boost::json::array{2020, 2, 29}),
            "[2020,2,29] is not a valid xsd:date (@value must be a string)");
}

TEST(JsonParams, ShortensLongValuesInMessages) {
  const std::string message = refusal("date", boost::json::string(200, 'x'));
  EXPECT_EQ(message, "\"" + std::string(79, 'x') + "... is not a valid xsd:date");
}

TEST(JsonParams, BindsArraysPositionallyAndObjectsByName) {
  auto positional =
      parameters_from_json(boost::json::parse(R"([1, "a", {"@value":"P1D","@type":"xsd:duration"}])"));
  ASSERT_TRUE(positional.ok()) << positional.error().message;
  EXPECT_EQ(positional->positional,
            (std::vector<Value>{Value{int64_t{1}}, Value{std::string("a")}, interval(0, 1, 0)}));
  EXPECT_TRUE(positional->named.empty());

  auto named = parameters_from_json(boost::json::parse(R"({"b": 2, "a": [true]})"));
  ASSERT_TRUE(named.ok()) << named.error().message;
  EXPECT_TRUE(named->positional.empty());
  ASSERT_EQ(named->named.size(), 2u);
  EXPECT_EQ(named->named[0].first, "b");
  EXPECT_EQ(named->named[0].second, Value{int64_t{2}});
  EXPECT_EQ(named->named[1].first, "a");
  EXPECT_EQ(named->named[1].second, Value{ListValue{{Value{true}}}});

  auto none = parameters_from_json(nullptr);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  EXPECT_TRUE(parameters_from_json(boost::json::array{}).value().empty());
}

TEST(JsonParams, NamesTheParameterInErrors) {
  auto positional =
      parameters_from_json(boost::json::parse(R"([1, {"@value":"2020-13-01","@type":"xsd:date"}])"));
  ASSERT_FALSE(positional.ok());
  EXPECT_EQ(positional.error().kind, ErrorKind::kInvalidParameter);
  EXPECT_EQ(positional.error().message, "parameter 2: \"2020-13-01\" is not a valid xsd:date");

  auto named =
      parameters_from_json(boost::json::parse(R"({"ok": 1, "when": {"@value":"x","@type":"xsd:time"}})"));
  ASSERT_FALSE(named.ok());
  EXPECT_EQ(named.error().message, "parameter \"when\": \"x\" is not a valid xsd:time");

  auto nested = parameters_from_json(
      boost::json::parse(R"([{"list": [1, {"@value":"1.2.3","@type":"xsd:decimal"}]}])"));
  ASSERT_FALSE(nested.ok());
  EXPECT_EQ(nested.error().message, "parameter 1: \"1.2.3\" is not a valid xsd:decimal");

  auto unknown = parameters_from_json(boost::json::parse(R"({"x": {"@value":"1","@type":"xsd:byte"}})"));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().message, "parameter \"x\": unknown @type \"xsd:byte\"");

  auto scalar = parameters_from_json(boost::json::parse("42"));
  ASSERT_FALSE(scalar.ok());
  EXPECT_EQ(scalar.error().message, "parameters must be an array or an object, got 42");
}

// From request JSON to DuckDB values, end to end.
TEST(JsonParams, BindsThroughTheBackend) {
  std::vector<std::string> warnings;
  BackendOptions options;
  options.restrict_file_access = false;
  auto backend = open_duckdb_backend(options, warnings).value();
  auto session = backend->connect().value();
  ASSERT_TRUE(session->execute("SET TimeZone = 'UTC'").ok());
  auto parameters = parameters_from_json(boost::json::parse(R"([
    {"@value":"2020-02-29","@type":"xsd:date"},
    {"@value":"2023-05-16T16:43:39.970062+02:00","@type":"http://www.w3.org/2001/XMLSchema#dateTime"},
    {"@value":"P1Y2M3DT4H5M6S","@type":"xsd:duration"},
    {"@value":"170141183460469231731687303715884105727","@type":"xsd:integer"},
    {"@value":"-12.50","@type":"xsd:decimal"},
    {"tags":[1,2.5],"when":{"@value":"24:00:00","@type":"xsd:time"}}
  ])"));
  ASSERT_TRUE(parameters.ok()) << parameters.error().message;
  auto statement = session
                       ->prepare(
                           "SELECT concat_ws(' | ', typeof($1), $1, typeof($2), $2, $3, typeof($4), $4, "
                           "typeof($5), $5, typeof($6), $6::VARCHAR)")
                       .value();
  auto stream = session->execute(*statement, parameters.value());
  ASSERT_TRUE(stream.ok()) << stream.error().message;
  auto chunk = stream.value()->next().value();
  ASSERT_TRUE(chunk);
  const ArrowArray& column = *chunk->array->children[0];
  ASSERT_STREQ(stream.value()->schema().arrow->children[0]->format, "u");
  const auto* offsets = static_cast<const int32_t*>(column.buffers[1]);
  const std::string text(static_cast<const char*>(column.buffers[2]) + offsets[0], offsets[1] - offsets[0]);
  EXPECT_EQ(text,
            "DATE | 2020-02-29 | TIMESTAMP WITH TIME ZONE | 2023-05-16 14:43:39.970062+00 | "
            "1 year 2 months 3 days 04:05:06 | HUGEINT | 170141183460469231731687303715884105727 | "
            "DECIMAL(4,2) | -12.50 | STRUCT(tags DOUBLE[], \"when\" TIME) | "
            "{'tags': [1.0, 2.5], 'when': '24:00:00'}");
}

}  // namespace
}  // namespace duckwire::jsonrpc
