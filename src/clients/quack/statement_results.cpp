#include "clients/quack/statement_results.hpp"

#include "core/sql_lexer.hpp"

namespace duckwire::quack_client {

namespace {

bool is_query(std::string_view statement) {
  core::SqlScanner scanner(statement);
  core::SqlToken token;
  while (scanner.next(token)) {
    if (token.kind == core::SqlTokenKind::kComment) continue;
    if (token.kind == core::SqlTokenKind::kSymbol) return core::token_text(statement, token) == "(";
    if (token.kind != core::SqlTokenKind::kWord) return false;
    for (const std::string_view word : {"select", "with", "from", "values", "table", "show", "describe",
                                        "summarize", "explain", "call", "pivot", "unpivot"}) {
      if (core::is_word(statement, token, word)) return true;
    }
    return false;
  }
  return false;
}

bool is_statement_status(const std::vector<std::string>& names,
                         const std::vector<quack::LogicalType>& types) {
  if (names.size() != 1 || types.size() != 1) return false;
  return (names[0] == "Count" && types[0].id == quack::LogicalTypeId::kBigInt) ||
         (names[0] == "Success" && types[0].id == quack::LogicalTypeId::kBoolean);
}

}  // namespace

bool is_printed_result(std::string_view statement, const std::vector<std::string>& names,
                       const std::vector<quack::LogicalType>& types) {
  return !is_statement_status(names, types) || is_query(statement);
}

}  // namespace duckwire::quack_client
