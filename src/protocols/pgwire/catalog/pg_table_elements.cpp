// Where CREATE TABLE and ALTER TABLE ... ADD COLUMN define columns.

#include "protocols/pgwire/catalog/pg_rewrite_passes.hpp"

namespace duckwire::pgwire::rewrite {

namespace {

bool starts_constraint(const SqlTokens& tokens, size_t i) {
  for (const std::string_view word :
       {"constraint", "primary", "unique", "check", "foreign", "exclude", "like"}) {
    if (tokens.word(i, word)) return true;
  }
  return false;
}

void add_column(const SqlTokens& tokens, size_t first, size_t end, std::vector<ColumnDefinition>& columns) {
  if (starts_constraint(tokens, first) || !tokens.identifier(first) || !tokens.identifier(first + 1)) return;
  columns.push_back({first, first + 1, end});
}

// ALTER TABLE [IF EXISTS] [ONLY] name ADD [COLUMN] [IF NOT EXISTS] column type ..., ADD ...
void alter_table_columns(const SqlTokens& tokens, std::vector<ColumnDefinition>& columns) {
  for (size_t at = 2; at < tokens.size(); ++at) {
    if (!tokens.word(at, "add") || !(tokens.symbol(at - 1, ",") || tokens.identifier(at - 1))) continue;
    size_t first = at + 1;
    if (tokens.word(first, "column")) ++first;
    if (tokens.word(first, "if") && tokens.word(first + 1, "not") && tokens.word(first + 2, "exists"))
      first += 3;
    const size_t end = tokens.item_end(first, tokens.size());
    add_column(tokens, first, end, columns);
    at = end;
  }
}

}  // namespace

size_t table_elements_open(const SqlTokens& tokens) {
  size_t at = 0;
  if (!tokens.word(at++, "create")) return tokens.size();
  if (tokens.word(at, "or") && tokens.word(at + 1, "replace")) at += 2;
  if (tokens.word(at, "global") || tokens.word(at, "local")) ++at;
  if (tokens.word(at, "temp") || tokens.word(at, "temporary") || tokens.word(at, "unlogged")) ++at;
  if (!tokens.word(at++, "table")) return tokens.size();
  if (tokens.word(at, "if") && tokens.word(at + 1, "not") && tokens.word(at + 2, "exists")) at += 3;
  if (!tokens.identifier(at)) return tokens.size();
  at = tokens.name_end(at);
  return tokens.symbol(at, "(") ? at : tokens.size();
}

std::vector<ColumnDefinition> column_definitions(const SqlTokens& tokens) {
  std::vector<ColumnDefinition> columns;
  if (tokens.word(0, "alter") && tokens.word(1, "table")) {
    alter_table_columns(tokens, columns);
    return columns;
  }
  const size_t open = table_elements_open(tokens);
  if (open >= tokens.size()) return columns;
  const size_t close = tokens.closing(open);
  for (size_t at = open + 1; at < close;) {
    const size_t end = tokens.item_end(at, close);
    add_column(tokens, at, end, columns);
    at = end + 1;
  }
  return columns;
}

}  // namespace duckwire::pgwire::rewrite
