// JSON parsing that keeps every number exact (util/exact_json.hpp).

#include "util/exact_json.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

namespace duckwire {
namespace {

std::string parsed(std::string_view text, WideIntegers wide = WideIntegers::kAsTypedInteger) {
  auto document = parse_exact_json(text, wide);
  if (!document) return "error: " + document.error().message;
  return boost::json::serialize(document->value);
}

TEST(ExactJson, ParsesLikeBoostJson) {
  EXPECT_EQ(parsed(R"({"a":[1,-2,18446744073709551615,0.5,"s\u00e9",true,null,{}]})"),
            R"({"a":[1,-2,18446744073709551615,5E-1,"sé",true,null,{}]})");
  EXPECT_EQ(parsed("  [1, 2]  "), "[1,2]");
}

TEST(ExactJson, KeepsWideIntegersAsTypedIntegers) {
  EXPECT_EQ(parsed("[1180591620717411303425]"),
            R"([{"@value":"1180591620717411303425","@type":"xsd:integer"}])");
  EXPECT_EQ(parsed(R"({"p":-1180591620717411303425})"),
            R"({"p":{"@value":"-1180591620717411303425","@type":"xsd:integer"}})");
}

TEST(ExactJson, RefusesWideIntegersWhenAsked) {
  EXPECT_EQ(parsed("[1180591620717411303425]", WideIntegers::kRefuse),
            "error: number out of range: 1180591620717411303425");
  EXPECT_EQ(parse_exact_json("[1180591620717411303425]", WideIntegers::kRefuse).error().kind,
            ErrorKind::kOutOfRange);
}

TEST(ExactJson, RefusesNumbersBeyondTheDoubleRange) {
  EXPECT_EQ(parsed(R"({"queryId":1e999999})"), "error: number out of range: 1e999999");
  EXPECT_EQ(parsed("[-1E400]"), "error: number out of range: -1E400");
  EXPECT_EQ(parsed("[1e308]"), "[1E308]");
}

TEST(ExactJson, RefusesMalformedJson) {
  for (const char* bad : {"", "{", "[1,]", "[1] x", "01", "{'a':1}", "[NaN]", "[Infinity]"}) {
    auto document = parse_exact_json(bad, WideIntegers::kAsTypedInteger);
    ASSERT_FALSE(document) << bad;
    EXPECT_EQ(document.error().kind, ErrorKind::kInvalidInput) << bad;
  }
}

TEST(ExactJson, KeepsTheLiteralsOfTopLevelNumbers) {
  auto document =
      parse_exact_json(R"({"id":1.50,"nested":{"id":2},"n":-0,"big":2e3,"id2":7})", WideIntegers::kRefuse);
  ASSERT_TRUE(document);
  ASSERT_NE(document->number_literal("id"), nullptr);
  EXPECT_EQ(*document->number_literal("id"), "1.50");
  EXPECT_EQ(*document->number_literal("n"), "-0");
  EXPECT_EQ(*document->number_literal("big"), "2e3");
  EXPECT_EQ(*document->number_literal("id2"), "7");
  EXPECT_EQ(document->number_literal("nested"), nullptr);
  EXPECT_EQ(document->number_literal("missing"), nullptr);
}

}  // namespace
}  // namespace duckwire
