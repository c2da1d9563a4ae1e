#include "protocols/pgwire/commands/copy_in_parser.hpp"

#include <gtest/gtest.h>

namespace duckwire::pgwire::commands {
namespace {

using encode::pg::CopyOptions;

CopyOptions text_options() {
  CopyOptions options;
  options.delimiter = '\t';
  options.null = "\\N";
  return options;
}

CopyOptions csv_options() {
  CopyOptions options;
  options.format = encode::pg::CopyFormat::kCsv;
  options.delimiter = ',';
  options.null = "";
  options.quote = '"';
  options.escape = '"';
  return options;
}

// Rows as "a|b" strings with NULL written as <null>, plus the first error.
struct Collected {
  std::vector<std::string> rows;
  std::vector<int64_t> lines;
  std::optional<CopyInputError> error;
};

Collected parse(const CopyOptions& options, std::vector<std::string> columns,
                const std::vector<std::string>& messages, std::vector<std::string> force_not_null = {},
                std::vector<std::string> force_null = {}, size_t max_row_bytes = 1 << 20) {
  Collected collected;
  CopyInParser parser(options, std::move(columns), force_not_null, force_null, max_row_bytes);
  const auto sink = [&](const std::vector<CopyField>& fields, int64_t line) -> std::optional<CopyInputError> {
    std::string row;
    for (const auto& field : fields) row += (row.empty() ? "" : "|") + (field.null ? "<null>" : field.value);
    collected.rows.push_back(row);
    collected.lines.push_back(line);
    return std::nullopt;
  };
  for (const auto& message : messages) {
    collected.error = parser.feed(message, sink);
    if (collected.error) return collected;
  }
  collected.error = parser.finish(sink);
  return collected;
}

TEST(CopyInParserTest, TextRowsSplitAcrossMessages) {
  auto got = parse(text_options(), {"a", "b"}, {"1\tx\n2\t", "\\N\n3", "\tlast"});
  ASSERT_FALSE(got.error) << got.error->message;
  EXPECT_EQ(got.rows, (std::vector<std::string>{"1|x", "2|<null>", "3|last"}));
  EXPECT_EQ(got.lines, (std::vector<int64_t>{1, 2, 3}));
}

TEST(CopyInParserTest, TextEscapes) {
  auto got = parse(text_options(), {"a"}, {"tab\\there\\nnew\\\\back\\x41\\101\\.\n\\N\n\\\\N\n"});
  ASSERT_FALSE(got.error);
  EXPECT_EQ(got.rows, (std::vector<std::string>{"tab\there\nnew\\backAA.", "<null>", "\\N"}));
}

TEST(CopyInParserTest, TextDelimiterEscapedInAField) {
  CopyOptions options = text_options();
  options.delimiter = ',';
  auto got = parse(options, {"a", "b"}, {"x\\,y,z\r\n"});
  ASSERT_FALSE(got.error);
  EXPECT_EQ(got.rows, (std::vector<std::string>{"x,y|z"}));
}

TEST(CopyInParserTest, EndMarkerAndHeader) {
  CopyOptions options = text_options();
  options.header = true;
  auto got = parse(options, {"a"}, {"name\n1\n\\.\nignored\n"});
  ASSERT_FALSE(got.error);
  EXPECT_EQ(got.rows, (std::vector<std::string>{"1"}));
  EXPECT_EQ(got.lines, (std::vector<int64_t>{2}));
}

TEST(CopyInParserTest, ColumnCountErrorsNameTheLine) {
  auto got = parse(text_options(), {"a", "b"}, {"1\tx\n2\n"});
  ASSERT_TRUE(got.error);
  EXPECT_EQ(got.error->sqlstate, "22P04");
  EXPECT_EQ(got.error->message, "missing data for column \"b\"");
  EXPECT_EQ(got.error->line, 2);
  EXPECT_EQ(got.error->line_text, "2");
  got = parse(text_options(), {"a", "b"}, {"1\tx\tz\n"});
  ASSERT_TRUE(got.error);
  EXPECT_EQ(got.error->message, "extra data after last expected column");
  EXPECT_EQ(got.error->line_text, "1\tx\tz");
}

TEST(CopyInParserTest, CsvQuotingNullsAndEmbeddedNewlines) {
  auto got =
      parse(csv_options(), {"a", "b", "c"}, {"1,\"x,\"\"y\"\"\",\n", "2,\"multi\nline\",\"\"\n3,,plain"});
  ASSERT_FALSE(got.error) << got.error->message;
  EXPECT_EQ(got.rows, (std::vector<std::string>{"1|x,\"y\"|<null>", "2|multi\nline|", "3|<null>|plain"}));
  EXPECT_EQ(got.lines, (std::vector<int64_t>{1, 3, 4}));
}

TEST(CopyInParserTest, CsvQuoteSplitBetweenMessages) {
  auto got = parse(csv_options(), {"a", "b"}, {"1,\"a", "b\"", "\"c\"\n2,d\n"});
  ASSERT_FALSE(got.error);
  EXPECT_EQ(got.rows, (std::vector<std::string>{"1|ab\"c", "2|d"}));
}

TEST(CopyInParserTest, CsvEscapeDifferentFromQuote) {
  CopyOptions options = csv_options();
  options.escape = '\\';
  auto got = parse(options, {"a"}, {"\"a\\\"b\\", "\\c\"\n"});
  ASSERT_FALSE(got.error);
  EXPECT_EQ(got.rows, (std::vector<std::string>{"a\"b\\c"}));
}

TEST(CopyInParserTest, CsvForceNotNullAndForceNull) {
  CopyOptions options = csv_options();
  options.null = "NULL";
  auto got = parse(options, {"a", "b"}, {"NULL,\"NULL\"\n"}, {"a"}, {"b"});
  ASSERT_FALSE(got.error);
  EXPECT_EQ(got.rows, (std::vector<std::string>{"NULL|<null>"}));
}

TEST(CopyInParserTest, CsvUnterminatedQuote) {
  auto got = parse(csv_options(), {"a", "b"}, {"1,\"x\n"});
  ASSERT_TRUE(got.error);
  EXPECT_EQ(got.error->message, "unterminated CSV quoted field");
  EXPECT_EQ(got.error->line, 1);
}

TEST(CopyInParserTest, PartialRowIsBounded) {
  auto got = parse(text_options(), {"a"}, {std::string(100, 'x'), std::string(100, 'y')}, {}, {}, 150);
  ASSERT_TRUE(got.error);
  EXPECT_EQ(got.error->sqlstate, "54000");
  EXPECT_TRUE(got.rows.empty());
}

}  // namespace
}  // namespace duckwire::pgwire::commands
