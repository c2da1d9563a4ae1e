#include "core/sql_statements.hpp"

#include <cctype>
#include <string>
#include <vector>

#include "core/sql_lexer.hpp"

namespace duckwire::core {

namespace {

// The statement's text without the white space around it; nothing when it holds no code.
void add_statement(std::string_view sql, size_t begin, size_t end, bool has_code,
                   std::vector<std::string>& out) {
  if (!has_code) return;
  while (begin < end && std::isspace(static_cast<unsigned char>(sql[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(sql[end - 1]))) --end;
  out.emplace_back(sql.substr(begin, end - begin));
}

}  // namespace

std::vector<std::string> split_statements(std::string_view sql) {
  std::vector<std::string> statements;
  SqlScanner scanner(sql);
  SqlToken token;
  size_t begin = 0;
  bool has_code = false;
  while (scanner.next(token)) {
    if (token.kind == SqlTokenKind::kSymbol && token_text(sql, token) == ";") {
      add_statement(sql, begin, token.begin, has_code, statements);
      begin = token.end;
      has_code = false;
    } else if (token.kind != SqlTokenKind::kComment) {
      has_code = true;
    }
  }
  add_statement(sql, begin, sql.size(), has_code, statements);
  return statements;
}

}  // namespace duckwire::core
