#include "core/sql_lexer.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace duckwire::core {
namespace {

using Kind = SqlTokenKind;

std::vector<std::pair<Kind, std::string>> lex(std::string_view sql) {
  std::vector<std::pair<Kind, std::string>> tokens;
  SqlScanner scanner(sql);
  SqlToken token;
  while (scanner.next(token)) tokens.emplace_back(token.kind, std::string(token_text(sql, token)));
  return tokens;
}

TEST(SqlLexer, CutsOperatorsAsPostgresDoes) {
  EXPECT_EQ(lex("a=-1"),
            (std::vector<std::pair<Kind, std::string>>{
                {Kind::kWord, "a"}, {Kind::kOperator, "="}, {Kind::kOperator, "-"}, {Kind::kNumber, "1"}}));
  EXPECT_EQ(lex("a !~* b"), (std::vector<std::pair<Kind, std::string>>{
                                {Kind::kWord, "a"}, {Kind::kOperator, "!~*"}, {Kind::kWord, "b"}}));
  EXPECT_EQ(lex("x@-1"), (std::vector<std::pair<Kind, std::string>>{
                             {Kind::kWord, "x"}, {Kind::kOperator, "@-"}, {Kind::kNumber, "1"}}));
  EXPECT_EQ(
      lex("1<--c\n2"),
      (std::vector<std::pair<Kind, std::string>>{
          {Kind::kNumber, "1"}, {Kind::kOperator, "<"}, {Kind::kComment, "--c"}, {Kind::kNumber, "2"}}));
  EXPECT_EQ(lex("x::int[]"), (std::vector<std::pair<Kind, std::string>>{{Kind::kWord, "x"},
                                                                        {Kind::kSymbol, "::"},
                                                                        {Kind::kWord, "int"},
                                                                        {Kind::kSymbol, "["},
                                                                        {Kind::kSymbol, "]"}}));
}

TEST(SqlLexer, TellsStringsNamesCommentsAndParametersApart) {
  EXPECT_EQ(lex("E'it\\'s' 'a''b' \"q\"\"n\" $tag$ $$ x $tag$ $1 ? /* a /* nested */ comment */"),
            (std::vector<std::pair<Kind, std::string>>{{Kind::kEscapeString, "E'it\\'s'"},
                                                       {Kind::kString, "'a''b'"},
                                                       {Kind::kQuotedName, "\"q\"\"n\""},
                                                       {Kind::kString, "$tag$ $$ x $tag$"},
                                                       {Kind::kParameter, "$1"},
                                                       {Kind::kParameter, "?"},
                                                       {Kind::kComment, "/* a /* nested */ comment */"}}));
}

TEST(SqlLexer, QuotedTokensStandForTheirContent) {
  EXPECT_EQ(string_content("'it''s'"), "it's");
  EXPECT_EQ(string_content("\"My \"\"Table\"\"\""), "My \"Table\"");
  EXPECT_EQ(string_content("$fn$ a 'b' $fn$"), " a 'b' ");
  EXPECT_EQ(string_content("'open"), "open");
}

TEST(SqlLexer, WordsCompareWithoutRegardToCase) {
  EXPECT_TRUE(equals_word("PG_Catalog", "pg_catalog"));
  EXPECT_FALSE(equals_word("pg_catalogs", "pg_catalog"));
}

}  // namespace
}  // namespace duckwire::core
