// XML Schema lexical forms read without JSON around them; json_params_test.cpp covers the forms
// themselves through JSON-LD typed values.

#include "protocols/jsonrpc/xsd_values.hpp"

#include <gtest/gtest.h>

#include "util/int128.hpp"

namespace duckwire::jsonrpc {
namespace {

TEST(XsdValues, NamesTypesInBothSpellings) {
  EXPECT_EQ(xsd_type_named("xsd:dateTime"), XsdType::kDateTime);
  EXPECT_EQ(xsd_type_named("http://www.w3.org/2001/XMLSchema#base64Binary"), XsdType::kBase64Binary);
  EXPECT_EQ(xsd_type_named("xsd:float"), std::nullopt);
  EXPECT_EQ(xsd_type_named("XSD:date"), std::nullopt);
  EXPECT_EQ(xsd_type_named("date"), std::nullopt);
  for (XsdType type : {XsdType::kDate, XsdType::kDateTime, XsdType::kTime, XsdType::kDuration,
                       XsdType::kBase64Binary, XsdType::kInteger, XsdType::kDecimal}) {
    EXPECT_EQ(xsd_type_named(xsd_short_name(type)), type);
  }
  EXPECT_EQ(xsd_short_name(XsdType::kDecimal), "xsd:decimal");
}

Value read(XsdType type, std::string_view text) {
  auto value = parse_xsd_value(type, text);
  EXPECT_TRUE(value.ok()) << text;
  return value.ok() ? value.value() : Value{NullValue{}};
}

TEST(XsdValues, ReadsEachType) {
  const Int128Halves two_to_64 = split_halves(int128_t{1} << 64);
  const Int128Halves minus_150 = split_halves(-150);
  EXPECT_EQ(read(XsdType::kDate, "2020-02-29"), Value{DateValue{18321}});
  EXPECT_EQ(read(XsdType::kDateTime, "1970-01-01T00:00:01+00:00"), (Value{TimestampValue{1'000'000, true}}));
  EXPECT_EQ(read(XsdType::kTime, "00:00:01.5"), Value{TimeValue{1'500'000}});
  EXPECT_EQ(read(XsdType::kDuration, "-P1M"), (Value{IntervalValue{-1, 0, 0}}));
  EXPECT_EQ(read(XsdType::kBase64Binary, "AAE="), Value{BlobValue{std::string("\0\1", 2)}});
  EXPECT_EQ(read(XsdType::kInteger, "-7"), Value{int64_t{-7}});
  EXPECT_EQ(read(XsdType::kInteger, "18446744073709551616"),
            (Value{HugeIntValue{two_to_64.upper, two_to_64.lower}}));
  EXPECT_EQ(read(XsdType::kDecimal, "-1.50"), (Value{DecimalValue{3, 2, minus_150.upper, minus_150.lower}}));
}

TEST(XsdValues, RefusalsGiveAReasonOnlyWhenTheFormIsRight) {
  const auto malformed = parse_xsd_value(XsdType::kDate, "2020-02-30");
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(malformed.error().message, "");
  const auto too_big = parse_xsd_value(XsdType::kInteger, "340282366920938463463374607431768211456");
  ASSERT_FALSE(too_big.ok());
  EXPECT_EQ(too_big.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(too_big.error().message, "out of the range of UHUGEINT (at most 2^128 - 1)");
  const auto too_small = parse_xsd_value(XsdType::kInteger, "-170141183460469231731687303715884105729");
  ASSERT_FALSE(too_small.ok());
  EXPECT_EQ(too_small.error().message, "out of the range of HUGEINT (at least -2^127)");
  const auto too_wide = parse_xsd_value(XsdType::kDecimal, "1.000000000000000000000000000000000000000");
  ASSERT_FALSE(too_wide.ok());
  EXPECT_EQ(too_wide.error().message, "more than 38 digits");
}

TEST(XsdValues, RefusesTheInfinitiesDuckDbReserves) {
  EXPECT_TRUE(parse_xsd_value(XsdType::kDate, "5881580-07-10").ok());
  EXPECT_FALSE(parse_xsd_value(XsdType::kDate, "5881580-07-11").ok());
  EXPECT_TRUE(parse_xsd_value(XsdType::kDateTime, "294247-01-10T04:00:54.775806Z").ok());
  EXPECT_FALSE(parse_xsd_value(XsdType::kDateTime, "294247-01-10T04:00:54.775807Z").ok());
}

}  // namespace
}  // namespace duckwire::jsonrpc
