#include "http/form_data.hpp"

#include <gtest/gtest.h>

#include "http/content_negotiation.hpp"

namespace duckwire::http {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

Fields urlencoded(std::string_view text) {
  auto fields = parse_urlencoded(text);
  EXPECT_TRUE(fields.ok()) << text << ": " << (fields.ok() ? "" : fields.error().message);
  return fields.ok() ? fields.value() : Fields{};
}

// The error message, or "<ok>" when the input parsed.
std::string urlencoded_error(std::string_view text) {
  auto fields = parse_urlencoded(text);
  if (fields.ok()) return "<ok>";
  EXPECT_EQ(fields.error().kind, ErrorKind::kInvalidInput);
  return fields.error().message;
}

constexpr std::string_view kBoundary = "----formdata-undici-068374873365";

Fields multipart(std::string_view body, std::string_view boundary = kBoundary) {
  auto fields = parse_multipart(body, boundary);
  EXPECT_TRUE(fields.ok()) << (fields.ok() ? "" : fields.error().message);
  return fields.ok() ? fields.value() : Fields{};
}

std::string multipart_error(std::string_view body, std::string_view boundary = kBoundary) {
  auto fields = parse_multipart(body, boundary);
  if (fields.ok()) return "<ok>";
  EXPECT_EQ(fields.error().kind, ErrorKind::kInvalidInput);
  return fields.error().message;
}

// A part as undici writes it: the delimiter line, the headers, a blank line and the value.
std::string part(std::string_view headers, std::string_view value) {
  return "--" + std::string(kBoundary) + "\r\n" + std::string(headers) + "\r\n\r\n" + std::string(value) +
         "\r\n";
}

std::string field(std::string_view name, std::string_view value) {
  return part("Content-Disposition: form-data; name=\"" + std::string(name) + "\"", value);
}

const std::string kClose = "--" + std::string(kBoundary) + "--\r\n";

TEST(UrlencodedForm, DecodesPlusAndPercentEscapes) {
  EXPECT_EQ(urlencoded("q=SELECT+1+AS+%22x%22%3B&p=%5B%5D&m=false"),
            (Fields{{"q", "SELECT 1 AS \"x\";"}, {"p", "[]"}, {"m", "false"}}));
  EXPECT_EQ(urlencoded("a%2Bb=1%2b1&caf%C3%A9=%e9t%C3%A9"),
            (Fields{{"a+b", "1+1"}, {"café", "\xe9t\xc3\xa9"}}));
  EXPECT_EQ(urlencoded("nl=a%0D%0Ab"), (Fields{{"nl", "a\r\nb"}}));
}

TEST(UrlencodedForm, RepeatedNamesKeepEveryValueInOrder) {
  EXPECT_EQ(urlencoded("a=1&b=2&a=3&a=1"), (Fields{{"a", "1"}, {"b", "2"}, {"a", "3"}, {"a", "1"}}));
}

TEST(UrlencodedForm, EmptyAndValuelessFields) {
  EXPECT_EQ(urlencoded(""), Fields{});
  EXPECT_EQ(urlencoded("&&"), Fields{});
  EXPECT_EQ(urlencoded("a=&b&=c&&d=e=f&"), (Fields{{"a", ""}, {"b", ""}, {"", "c"}, {"d", "e=f"}}));
  EXPECT_EQ(urlencoded("="), (Fields{{"", ""}}));
}

TEST(UrlencodedForm, InvalidEscapesAreErrors) {
  EXPECT_EQ(urlencoded_error("a=%"), "invalid percent-encoding in form data: '%'");
  EXPECT_EQ(urlencoded_error("a=%4"), "invalid percent-encoding in form data: '%4'");
  EXPECT_EQ(urlencoded_error("q=100%25&r=100%"), "invalid percent-encoding in form data: '%'");
  EXPECT_EQ(urlencoded_error("a=%zz"), "invalid percent-encoding in form data: '%zz'");
  EXPECT_EQ(urlencoded_error("%G1=1"), "invalid percent-encoding in form data: '%G1'");
  EXPECT_EQ(urlencoded_error("a=%41"), "<ok>");
}

TEST(MultipartForm, BodyExactlyAsNode20FetchSendsIt) {
  // new Request(url, {method: 'POST', body: formData}).text() in Node v20.20.2 (undici).
  const std::string body =
      "------formdata-undici-068374873365\r\nContent-Disposition: form-data; name=\"q\"\r\n\r\nSELECT 1\r\n"
      "------formdata-undici-068374873365\r\nContent-Disposition: form-data; name=\"p\"\r\n\r\n[]\r\n"
      "------formdata-undici-068374873365\r\nContent-Disposition: form-data; name=\"m\"\r\n\r\nfalse\r\n"
      "------formdata-undici-068374873365\r\nContent-Disposition: form-data; name=\"multi\"\r\n\r\n"
      "line1\r\nline2\r\n--not-a-boundary\r\n"
      "------formdata-undici-068374873365\r\nContent-Disposition: form-data; name=\"we%22ird%0D%0Aname\"\r\n"
      "\r\nx\r\n"
      "------formdata-undici-068374873365\r\nContent-Disposition: form-data; name=\"file\"; "
      "filename=\"data.csv\"\r\nContent-Type: text/csv\r\n\r\na,b\r\n1,2\r\n"
      "------formdata-undici-068374873365--\r\n";
  const auto boundary =
      media_type_parameter("multipart/form-data; boundary=----formdata-undici-068374873365", "boundary");
  ASSERT_TRUE(boundary.has_value());
  EXPECT_EQ(multipart(body, *boundary), (Fields{{"q", "SELECT 1"},
                                                {"p", "[]"},
                                                {"m", "false"},
                                                {"multi", "line1\r\nline2\r\n--not-a-boundary"},
                                                {"we%22ird%0D%0Aname", "x"},
                                                {"file", "a,b\r\n1,2"}}));
}

TEST(MultipartForm, ValuesKeepLineBreaksAndTextThatOnlyLooksLikeTheBoundary) {
  const std::string tricky = "a\r\n--" + std::string(kBoundary) + "x\r\n--" + std::string(kBoundary) +
                             "-\r\n--" + std::string(kBoundary) + "--more\r\n\r\n";
  EXPECT_EQ(multipart(field("q", tricky) + field("p", "\r\n") + kClose),
            (Fields{{"q", tricky}, {"p", "\r\n"}}));
  EXPECT_EQ(multipart(field("q", "") + field("q", "--" + std::string(kBoundary)) + kClose),
            (Fields{{"q", ""}, {"q", "--" + std::string(kBoundary)}}));
  const std::string binary("\0\xff\r\n\0", 5);
  EXPECT_EQ(multipart(field("b", binary) + kClose), (Fields{{"b", binary}}));
}

TEST(MultipartForm, QuotedUnquotedAndEscapedNames) {
  const std::string body =
      part("content-disposition: FORM-DATA; NAME=q", "1") +
      part("Content-Disposition:form-data;name=\"a b;c\"", "2") +
      part("Content-Disposition: form-data; name=\"say \\\"hi\\\"\"", "3") +
      part("Content-Disposition: form-data; filename=\"x.sql\"; name=\"f\"", "4") +
      part("Content-Type: text/plain\r\nContent-Disposition: form-data; name=\"\"", "5") + kClose;
  EXPECT_EQ(multipart(body),
            (Fields{{"q", "1"}, {"a b;c", "2"}, {"say \"hi\"", "3"}, {"f", "4"}, {"", "5"}}));
}

TEST(MultipartForm, PreambleEpiloguePaddingAndAMissingFinalLineBreak) {
  const std::string body = "preamble, ignored\r\n--" + std::string(kBoundary) +
                           " \t\r\nContent-Disposition: form-data; name=\"q\"\r\n\r\nSELECT 1\r\n--" +
                           std::string(kBoundary) + "--";
  EXPECT_EQ(multipart(body), (Fields{{"q", "SELECT 1"}}));
  EXPECT_EQ(multipart(field("q", "1") + kClose + "epilogue\r\n--" + std::string(kBoundary) + "\r\n"),
            (Fields{{"q", "1"}}));
  EXPECT_EQ(multipart(kClose), Fields{});
}

TEST(MultipartForm, OtherBoundaries) {
  EXPECT_EQ(multipart("--AaB03x\r\nContent-Disposition: form-data; name=\"q\"\r\n\r\nx\r\n--AaB03x--\r\n",
                      "AaB03x"),
            (Fields{{"q", "x"}}));
  EXPECT_EQ(multipart("--a'()+_,-./:=? b\r\nContent-Disposition: form-data; name=q\r\n\r\ny\r\n"
                      "--a'()+_,-./:=? b--\r\n",
                      "a'()+_,-./:=? b"),
            (Fields{{"q", "y"}}));
}

TEST(MultipartForm, BadBoundaries) {
  const std::string body = field("q", "1") + kClose;
  EXPECT_EQ(multipart_error(body, ""), "multipart/form-data needs a boundary parameter");
  EXPECT_EQ(multipart_error(body, std::string(71, 'a')),
            "the multipart boundary is longer than 70 characters");
  EXPECT_EQ(multipart_error(body, "a\"b"),
            "the multipart boundary holds a character RFC 2046 does not allow");
  EXPECT_EQ(multipart_error(body, "a\r\nb"),
            "the multipart boundary holds a character RFC 2046 does not allow");
  EXPECT_EQ(multipart_error(body, "ab "), "the multipart boundary ends in a space");
  EXPECT_EQ(multipart_error(body, "other-boundary"),
            "the multipart body holds no delimiter for its boundary");
  EXPECT_EQ(multipart_error(body, std::string(kBoundary.substr(0, 20))),
            "the multipart body holds no delimiter for its boundary");
  EXPECT_EQ(multipart_error(""), "the multipart body holds no delimiter for its boundary");
}

TEST(MultipartForm, PartsWithoutANameAreErrors) {
  EXPECT_EQ(
      multipart_error(field("q", "1") + part("Content-Disposition: form-data; filename=\"a\"", "2") + kClose),
      "multipart part 2 has no name");
  EXPECT_EQ(multipart_error(part("Content-Type: text/plain", "1") + kClose),
            "multipart part 1 has no Content-Disposition, so no name");
  EXPECT_EQ(multipart_error("--" + std::string(kBoundary) + "\r\n\r\nvalue\r\n" + kClose),
            "multipart part 1 has no Content-Disposition, so no name");
  EXPECT_EQ(multipart_error(part("Content-Disposition: attachment; name=\"q\"", "1") + kClose),
            "multipart part 1 is not form-data");
  EXPECT_EQ(multipart_error(part("Content-Disposition: form-data; name=\"q", "1") + kClose),
            "multipart part 1 has a malformed Content-Disposition");
  EXPECT_EQ(multipart_error(part("Content-Disposition form-data; name=q", "1") + kClose),
            "multipart part 1 has a header line without ':'");
}

TEST(MultipartForm, TruncatedBodiesAreErrors) {
  const std::string whole = field("q", "SELECT 1") + field("p", "[]") + kClose;
  EXPECT_EQ(multipart_error(whole.substr(0, whole.size() - 4)),
            "the multipart body ends before its closing delimiter");
  EXPECT_EQ(multipart_error(field("q", "SELECT 1")), "the multipart body ends before its closing delimiter");
  EXPECT_EQ(multipart_error(field("q", "SELECT 1") + "--" + std::string(kBoundary)),
            "the multipart body ends before its closing delimiter");
  EXPECT_EQ(multipart_error("--" + std::string(kBoundary) + "\r\nContent-Disposition: form-data; na"),
            "the multipart body ends inside part headers");
  EXPECT_EQ(multipart_error("--" + std::string(kBoundary) + "\r\n"),
            "the multipart body ends inside part headers");
}

TEST(MultipartForm, AtMostAThousandParts) {
  std::string body;
  for (size_t i = 0; i < kMaxMultipartParts; ++i) body += field("p" + std::to_string(i), std::to_string(i));
  const Fields fields = multipart(body + kClose);
  ASSERT_EQ(fields.size(), kMaxMultipartParts);
  EXPECT_EQ(fields.back(), (std::pair<std::string, std::string>{"p999", "999"}));
  EXPECT_EQ(multipart_error(body + field("one", "too many") + kClose),
            "the multipart body has more than 1000 parts");
}

}  // namespace
}  // namespace duckwire::http
