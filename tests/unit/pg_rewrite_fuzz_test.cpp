// Split and rewrite take any text: random sequences of the fragments the passes look for (unbalanced,
// truncated, nested) neither throw nor read outside the text (the sanitizer build checks the latter).

#include <gtest/gtest.h>

#include <array>
#include <random>
#include <string>

#include "protocols/pgwire/catalog/pg_dialect.hpp"

namespace duckwire::pgwire {
namespace {

constexpr std::array<const char*, 85> kFragments = {"SELECT",      " ",          "(",
                                                    ")",           "[",          "]",
                                                    "::",          ":",          "regclass",
                                                    "pg_catalog",  ".",          "public",
                                                    "'",           "'{1,2}'",    "'\\x0f'",
                                                    "\"",          "$$",         "$1",
                                                    "$a$",         "~",          "!~*",
                                                    "OPERATOR",    "COLLATE",    "default",
                                                    "cast",        "as",         "int[]",
                                                    "bytea",       "jsonb",      "CREATE",
                                                    "TABLE",       "t",          ",",
                                                    "serial",      "GENERATED",  "ALWAYS",
                                                    "BY",          "DEFAULT",    "IDENTITY",
                                                    "FUNCTION",    "RETURNS",    "LANGUAGE",
                                                    "sql",         "DROP",       "TRUNCATE",
                                                    "with",        "fillfactor", "=",
                                                    "copy",        "freeze",     "for",
                                                    "update",      "vacuum",     "full",
                                                    "analyze",     "ON",         "DELETE",
                                                    "CASCADE",     "--",         "/*",
                                                    "*/",          "\n",         ";",
                                                    "E'",          "\\",         "case",
                                                    "end",         "array",      "6",
                                                    "timestamptz", "STORED",     "USING",
                                                    "btree",       "INDEX",      "ALTER",
                                                    "ADD",         "COLUMN",     "\"char\"",
                                                    "oid",         "name",       "information_schema",
                                                    "x",           "SET",        "NULL",
                                                    "regtype"};

TEST(PgRewriteFuzz, AnyTextIsSplitAndRewrittenWithoutReadingPastIt) {
  std::mt19937 random(8);  // fixed: the same texts on every run
  for (int round = 0; round < 20000; ++round) {
    std::string sql;
    for (size_t n = random() % 60; n > 0; --n) sql += kFragments[random() % kFragments.size()];
    ASSERT_NO_THROW({
      for (const std::string& statement : split_statements(sql)) rewrite_statement(statement);
    }) << sql;
  }
}

}  // namespace
}  // namespace duckwire::pgwire
