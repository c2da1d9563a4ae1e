#include "http/content_negotiation.hpp"

#include <gtest/gtest.h>

namespace duckwire::http {
namespace {

const std::vector<std::string> kSqlFormats = {
    "application/json",
    "application/ld+json",
    "application/x-ndjson",
    "text/csv",
    "application/vnd.apache.arrow.stream",
    "application/vnd.apache.arrow.file",
};

std::optional<std::string> pick(std::string_view accept) {
  return negotiate_media_type(accept, kSqlFormats);
}

TEST(ContentNegotiation, MissingOrEmptyHeaderAcceptsTheFirstOffer) {
  EXPECT_EQ(pick(""), "application/json");
  EXPECT_EQ(pick("   "), "application/json");
  EXPECT_EQ(pick(" , ,"), "application/json");
  EXPECT_EQ(negotiate_media_type("", {}), std::nullopt);
  EXPECT_EQ(negotiate_media_type("*/*", {}), std::nullopt);
}

TEST(ContentNegotiation, ExactTypes) {
  EXPECT_EQ(pick("text/csv"), "text/csv");
  EXPECT_EQ(pick("application/vnd.apache.arrow.stream"), "application/vnd.apache.arrow.stream");
  EXPECT_EQ(pick("application/x-ndjson"), "application/x-ndjson");
  EXPECT_EQ(pick("image/png"), std::nullopt);
}

TEST(ContentNegotiation, WildcardsGiveTheFirstMatchingOffer) {
  EXPECT_EQ(pick("*/*"), "application/json");
  EXPECT_EQ(pick("text/*"), "text/csv");
  EXPECT_EQ(pick("application/*"), "application/json");
  EXPECT_EQ(pick("image/*"), std::nullopt);
}

TEST(ContentNegotiation, QValuesAreHonoured) {
  EXPECT_EQ(pick("application/json;q=0.5, text/csv"), "text/csv");
  EXPECT_EQ(pick("application/json; q=0.9, text/csv; q=0.1"), "application/json");
  EXPECT_EQ(pick("text/csv;q=0.2, */*;q=0.1"), "text/csv");
  EXPECT_EQ(pick("text/csv;q=0.2, */*;q=0.3"), "application/json");
  EXPECT_EQ(pick("text/csv;q=1.000, application/json;q=0.999"), "text/csv");
  EXPECT_EQ(pick("text/csv;q=0.001"), "text/csv");
}

TEST(ContentNegotiation, QZeroMeansNotAcceptable) {
  EXPECT_EQ(pick("text/csv;q=0"), std::nullopt);
  EXPECT_EQ(pick("*/*;q=0"), std::nullopt);
  EXPECT_EQ(pick("*/*;q=0.0, text/csv;q=0.000"), std::nullopt);
  // The most specific range decides a type's quality, so a wildcard cannot revive a refused type.
  EXPECT_EQ(pick("application/json;q=0, */*"), "application/ld+json");
  EXPECT_EQ(pick("text/*, text/csv;q=0"), std::nullopt);
  EXPECT_EQ(negotiate_media_type("text/*;q=0, text/csv", {"text/plain", "text/csv"}), "text/csv");
}

TEST(ContentNegotiation, AtEqualQualityTheMoreSpecificRangeWins) {
  EXPECT_EQ(pick("*/*, text/csv"), "text/csv");
  EXPECT_EQ(pick("application/*, text/csv"), "text/csv");
  EXPECT_EQ(pick("*/*, application/*"), "application/json");
  EXPECT_EQ(pick("text/*, application/x-ndjson"), "application/x-ndjson");
  EXPECT_EQ(pick("*/*;q=0.8, text/*;q=0.8"), "text/csv");
  // A higher q still beats specificity.
  EXPECT_EQ(pick("*/*, text/csv;q=0.5"), "application/json");
}

TEST(ContentNegotiation, EqualRangesFallBackToTheOfferedOrder) {
  EXPECT_EQ(pick("text/csv, application/json"), "application/json");
  EXPECT_EQ(pick("application/x-ndjson, application/ld+json"), "application/ld+json");
  EXPECT_EQ(negotiate_media_type("text/csv, application/json", {"text/csv", "application/json"}), "text/csv");
}

TEST(ContentNegotiation, TypesAreCaseInsensitiveAndTheOfferIsReturnedAsGiven) {
  EXPECT_EQ(pick("Text/CSV"), "text/csv");
  EXPECT_EQ(pick("APPLICATION/*;Q=0.5"), "application/json");
  EXPECT_EQ(negotiate_media_type("text/csv", {"Text/Csv"}), "Text/Csv");
}

TEST(ContentNegotiation, OtherParametersAreIgnored) {
  EXPECT_EQ(pick("application/json;charset=utf-8"), "application/json");
  EXPECT_EQ(pick("text/csv;header=present;q=0.7;ext=\"a,b\", application/json;q=0.6"), "text/csv");
  EXPECT_EQ(pick("text/csv ; q=0.5 , application/x-ndjson ; q=0.4"), "text/csv");
}

TEST(ContentNegotiation, MalformedEntriesAreSkipped) {
  EXPECT_EQ(pick("garbage, text/csv"), "text/csv");
  EXPECT_EQ(pick("*/csv, text/csv;q=0.5"), "text/csv");
  EXPECT_EQ(pick("text/csv;q=2, application/x-ndjson"), "application/x-ndjson");
  EXPECT_EQ(pick("text/csv;q=abc, application/x-ndjson;q=0.5"), "application/x-ndjson");
  EXPECT_EQ(pick("text/csv;q=0.5000, application/x-ndjson;q=0.1"), "application/x-ndjson");
  EXPECT_EQ(pick("text/csv;q=, application/x-ndjson;q=0.1"), "application/x-ndjson");
  EXPECT_EQ(pick("text/, /csv, text/csv;q=\"unterminated"), "application/json");
  // Nothing well-formed: as if there were no header at all.
  EXPECT_EQ(pick("garbage"), "application/json");
  EXPECT_EQ(pick("*"), "application/json");
}

TEST(ContentNegotiation, BrowserAndToolDefaults) {
  EXPECT_EQ(pick("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"), "application/json");
  EXPECT_EQ(pick("application/json, text/plain, */*"), "application/json");
  EXPECT_EQ(pick("application/vnd.apache.arrow.file, application/json;q=0.1"),
            "application/vnd.apache.arrow.file");
}

TEST(ContentNegotiation, MediaTypeOfAContentType) {
  EXPECT_EQ(media_type_of("application/json"), "application/json");
  EXPECT_EQ(media_type_of("Application/JSON; charset=utf-8"), "application/json");
  EXPECT_EQ(media_type_of("  multipart/form-data ; boundary=x"), "multipart/form-data");
  EXPECT_EQ(media_type_of(""), "");
}

TEST(ContentNegotiation, ContentTypeParameters) {
  EXPECT_EQ(
      media_type_parameter("multipart/form-data; boundary=----formdata-undici-012345678901", "boundary"),
      "----formdata-undici-012345678901");
  EXPECT_EQ(media_type_parameter("multipart/form-data; BOUNDARY=\"a b;c\\\"d\"", "boundary"), "a b;c\"d");
  EXPECT_EQ(media_type_parameter("multipart/form-data;boundary=abc=def:/?", "Boundary"), "abc=def:/?");
  EXPECT_EQ(media_type_parameter("text/plain; charset=UTF-8", "charset"), "UTF-8");
  EXPECT_EQ(media_type_parameter("text/plain; charset=UTF-8", "boundary"), std::nullopt);
  EXPECT_EQ(media_type_parameter("multipart/form-data; boundary", "boundary"), std::nullopt);
  EXPECT_EQ(media_type_parameter("multipart/form-data; boundary=\"open", "boundary"), std::nullopt);
  EXPECT_EQ(media_type_parameter("form-data; boundary=x", "boundary"), std::nullopt);
}

TEST(ContentNegotiation, ParseMediaType) {
  const auto media = parse_media_type(" Text/CSV ; Header=present;; q=0.5 ");
  ASSERT_TRUE(media.has_value());
  EXPECT_EQ(media->type, "text");
  EXPECT_EQ(media->subtype, "csv");
  EXPECT_EQ(media->essence(), "text/csv");
  ASSERT_EQ(media->parameters.size(), 2u);
  EXPECT_EQ(media->parameters[0], (std::pair<std::string, std::string>{"header", "present"}));
  EXPECT_EQ(media->parameter("Q"), "0.5");
  EXPECT_FALSE(parse_media_type("text").has_value());
  EXPECT_FALSE(parse_media_type("text/csv junk").has_value());
  EXPECT_FALSE(parse_media_type("te xt/csv").has_value());
}

TEST(ContentNegotiation, HeaderParameters) {
  const auto parameters = parse_header_parameters("; name=\"q\"; filename=\"a.sql\"");
  ASSERT_TRUE(parameters.has_value());
  EXPECT_EQ(*parameters,
            (std::vector<std::pair<std::string, std::string>>{{"name", "q"}, {"filename", "a.sql"}}));
  EXPECT_EQ(parse_header_parameters("")->size(), 0u);
  EXPECT_FALSE(parse_header_parameters("name=q").has_value());
  EXPECT_FALSE(parse_header_parameters("; =q").has_value());
}

}  // namespace
}  // namespace duckwire::http
