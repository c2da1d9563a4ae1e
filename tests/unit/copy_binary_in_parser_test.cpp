#include "protocols/pgwire/commands/copy_binary_in_parser.hpp"

#include <gtest/gtest.h>

namespace duckwire::pgwire::commands {
namespace {

std::string header() {
  return std::string("PGCOPY\n\377\r\n\0", 11) + std::string(8, '\0');
}

std::string i16(int16_t v) {
  return {static_cast<char>((v >> 8) & 0xff), static_cast<char>(v & 0xff)};
}

std::string i32(int32_t v) {
  return {static_cast<char>((v >> 24) & 0xff), static_cast<char>((v >> 16) & 0xff),
          static_cast<char>((v >> 8) & 0xff), static_cast<char>(v & 0xff)};
}

struct Collected {
  std::vector<std::vector<std::optional<std::string>>> rows;
  std::optional<CopyInputError> error;
};

Collected parse(size_t columns, const std::string& input, size_t piece) {
  Collected collected;
  CopyBinaryInParser parser(columns, 1 << 20);
  const auto sink = [&](const std::vector<CopyField>& fields, int64_t) -> std::optional<CopyInputError> {
    std::vector<std::optional<std::string>> row;
    for (const auto& field : fields)
      row.push_back(field.null ? std::nullopt : std::optional<std::string>(field.value));
    collected.rows.push_back(row);
    return std::nullopt;
  };
  for (size_t at = 0; at < input.size(); at += piece) {
    collected.error = parser.feed(std::string_view(input).substr(at, piece), sink);
    if (collected.error) return collected;
  }
  collected.error = parser.finish(sink);
  return collected;
}

TEST(CopyBinaryInParserTest, TuplesInAnyPieces) {
  const std::string input =
      header() + i16(2) + i32(4) + i32(7) + i32(-1) + i16(2) + i32(2) + "hi" + i32(0) + i16(-1);
  for (size_t piece : {1, 3, 7, 1000}) {
    auto got = parse(2, input, piece);
    ASSERT_FALSE(got.error) << got.error->message;
    ASSERT_EQ(got.rows.size(), 2u);
    EXPECT_EQ(got.rows[0][0], i32(7));
    EXPECT_EQ(got.rows[0][1], std::nullopt);
    EXPECT_EQ(got.rows[1][0], "hi");
    EXPECT_EQ(got.rows[1][1], "");
  }
}

TEST(CopyBinaryInParserTest, RefusesBadInputAsPostgreSQLDoes) {
  EXPECT_EQ(parse(1, "NOTCOPY", 100).error->message, "COPY file signature not recognized");
  EXPECT_EQ(parse(2, header() + i16(1) + i32(1) + "x" + i16(-1), 100).error->message,
            "row field count is 1, expected 2");
  EXPECT_EQ(parse(1, header() + i16(1) + i32(5) + "ab", 100).error->message, "unexpected EOF in COPY data");
  EXPECT_EQ(parse(1, header() + i16(-1) + "junk", 100).error->message, "received copy data after EOF marker");
  auto empty = parse(1, "", 100);
  EXPECT_FALSE(empty.error);
  EXPECT_TRUE(empty.rows.empty());
}

}  // namespace
}  // namespace duckwire::pgwire::commands
