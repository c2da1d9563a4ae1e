// How `duckwire query` prints results: the table box, CSV and JSON, from hand-built chunks.
#include "clients/quack/result_printer.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "quack_vector_builders.hpp"

namespace duckwire::quack_client {
namespace {

using quack::DecodedChunk;
using quack::LogicalType;
using quack::testing::strings;
using quack::testing::values;
using Id = quack::LogicalTypeId;

const std::vector<std::string> kNames = {"i", "s"};
const std::vector<LogicalType> kTypes = {LogicalType::of(Id::kInteger), LogicalType::of(Id::kVarchar)};

DecodedChunk rows(int32_t first, int32_t count) {
  std::vector<std::optional<int32_t>> numbers;
  std::vector<std::optional<std::string_view>> texts;
  static const std::vector<std::string> kWords = {"a", "bb", "ccc"};
  for (int32_t i = 0; i < count; ++i) {
    numbers.push_back(first + i);
    texts.push_back(kWords[(first + i) % 3]);
  }
  return DecodedChunk{static_cast<uint64_t>(count), kTypes, {values<int32_t>(numbers), strings(texts)}};
}

std::string print(OutputFormat format, const std::vector<DecodedChunk>& chunks, PrintOptions options = {},
                  const std::vector<std::string>& names = kNames,
                  const std::vector<LogicalType>& types = kTypes) {
  std::ostringstream out;
  auto printer = make_result_printer(format, out, options);
  printer->begin(names, types);
  for (const DecodedChunk& chunk : chunks) printer->add(chunk);
  printer->finish();
  return out.str();
}

TEST(QuackClientPrinter, TablesAlignNumbersRightAndTextLeft) {
  DecodedChunk chunk{
      3, kTypes, {values<int32_t>({1, std::nullopt, -250}), strings({"x", "two\nlines", std::nullopt})}};
  EXPECT_EQ(print(OutputFormat::kTable, {chunk}),
            "┌───────┬────────────┐\n"
            "│   i   │     s      │\n"
            "│ int32 │  varchar   │\n"
            "├───────┼────────────┤\n"
            "│     1 │ x          │\n"
            "│  NULL │ two\\nlines │\n"
            "│  -250 │ NULL       │\n"
            "└───────┴────────────┘\n");
}

TEST(QuackClientPrinter, TablesOfNoRowsSaySo) {
  EXPECT_EQ(print(OutputFormat::kTable, {}),
            "┌───────┬─────────┐\n"
            "│   i   │    s    │\n"
            "│ int32 │ varchar │\n"
            "├───────┴─────────┤\n"
            "│     0 rows      │\n"
            "└─────────────────┘\n");
}

TEST(QuackClientPrinter, LongTablesShowTheirFirstAndLastRows) {
  // 2 chunks of 30 rows: 60 rows, more than max_rows + 3.
  EXPECT_EQ(print(OutputFormat::kTable, {rows(0, 30), rows(30, 30)}, PrintOptions{6}),
            "┌───────┬─────────┐\n"
            "│   i   │    s    │\n"
            "│ int32 │ varchar │\n"
            "├───────┼─────────┤\n"
            "│     0 │ a       │\n"
            "│     1 │ bb      │\n"
            "│     2 │ ccc     │\n"
            "│     · │ ·       │\n"
            "│     · │ ·       │\n"
            "│     · │ ·       │\n"
            "│    57 │ a       │\n"
            "│    58 │ bb      │\n"
            "│    59 │ ccc     │\n"
            "├───────┴─────────┤\n"
            "│     60 rows     │\n"
            "│    (6 shown)    │\n"
            "└─────────────────┘\n");
  // Up to max_rows + 3 rows are all shown; from 10 rows on the footer counts rows and columns.
  const std::string nine = print(OutputFormat::kTable, {rows(0, 9)}, PrintOptions{6});
  EXPECT_EQ(nine.find("·"), std::string::npos);
  EXPECT_EQ(nine.find("rows"), std::string::npos);
  const std::string ten =
      print(OutputFormat::kTable, {rows(100, 10)}, PrintOptions{40}, {"a_long_column_name", "s"}, kTypes);
  EXPECT_NE(ten.find("│ 10 rows            2 columns │\n"), std::string::npos) << ten;
  // One row shown: the first, then the dots.
  const std::string one = print(OutputFormat::kTable, {rows(0, 10)}, PrintOptions{1});
  EXPECT_NE(one.find("│     0 │ a       │\n│     · │ ·       │\n"), std::string::npos) << one;
  EXPECT_NE(one.find("(1 shown)"), std::string::npos) << one;
  // max_rows 0 shows everything.
  const std::string all = print(OutputFormat::kTable, {rows(0, 100)}, PrintOptions{0});
  EXPECT_NE(all.find("│    50 │"), std::string::npos);
}

TEST(QuackClientPrinter, DividerDotsSitInTheMiddleOfTheValues) {
  const std::vector<LogicalType> types = {LogicalType::of(Id::kBigInt), LogicalType::of(Id::kVarchar)};
  DecodedChunk chunk{50, types, {values<int64_t>(std::vector<std::optional<int64_t>>(50, 123456789)), {}}};
  chunk.columns[1] = strings(std::vector<std::optional<std::string_view>>(50, "abcdefghi"));
  const std::string text = print(OutputFormat::kTable, {chunk}, PrintOptions{4}, {"n", "t"}, types);
  EXPECT_NE(text.find("│     ·     │     ·     │\n"), std::string::npos) << text;
}

TEST(QuackClientPrinter, WideCharactersTakeTwoColumns) {
  DecodedChunk chunk{1, kTypes, {values<int32_t>({1}), strings({"日本"})}};
  EXPECT_EQ(print(OutputFormat::kTable, {chunk}),
            "┌───────┬─────────┐\n"
            "│   i   │    s    │\n"
            "│ int32 │ varchar │\n"
            "├───────┼─────────┤\n"
            "│     1 │ 日本    │\n"
            "└───────┴─────────┘\n");
}

TEST(QuackClientPrinter, CsvQuotesWhatNeedsQuotingAndLeavesNullEmpty) {
  DecodedChunk chunk{
      4, kTypes, {values<int32_t>({1, std::nullopt, 3, 4}), strings({"plain", "a,b", "", std::nullopt})}};
  EXPECT_EQ(print(OutputFormat::kCsv, {chunk}, {}, {"i", "say \"s\""}),
            "i,\"say \"\"s\"\"\"\r\n"
            "1,plain\r\n"
            ",\"a,b\"\r\n"
            "3,\"\"\r\n"
            "4,\r\n");
  const LogicalType list = LogicalType::list(LogicalType::of(Id::kInteger));
  DecodedChunk nested{1, {list}, {quack::testing::lists({quack::ListEntry{0, 2}}, values<int32_t>({1, 2}))}};
  EXPECT_EQ(print(OutputFormat::kCsv, {nested}, {}, {"l"}, {list}), "l\r\n\"[1, 2]\"\r\n");
}

TEST(QuackClientPrinter, JsonIsAnArrayOfObjectsOnePerLine) {
  DecodedChunk chunk{2, kTypes, {values<int32_t>({1, std::nullopt}), strings({"x", "y\"z"})}};
  EXPECT_EQ(print(OutputFormat::kJson, {chunk, chunk}),
            "[{\"i\":1,\"s\":\"x\"},\n"
            "{\"i\":null,\"s\":\"y\\\"z\"},\n"
            "{\"i\":1,\"s\":\"x\"},\n"
            "{\"i\":null,\"s\":\"y\\\"z\"}]\n");
  EXPECT_EQ(print(OutputFormat::kJson, {}), "[]\n");
}

}  // namespace
}  // namespace duckwire::quack_client
