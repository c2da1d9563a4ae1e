// PostgreSQL statements DuckDB runs as several statements, or as another kind of statement.

#include <algorithm>
#include <cctype>
#include <optional>

#include "protocols/pgwire/catalog/pg_rewrite_passes.hpp"

namespace duckwire::pgwire::rewrite {

namespace {

std::string_view slice(const SqlTokens& tokens, size_t begin, size_t end) {
  return tokens.sql().substr(begin, end - begin);
}

// DROP <kind> [IF EXISTS] a, b [CASCADE] and TRUNCATE [TABLE] [ONLY] a, b ...: the first name's token.
size_t first_listed_name(const SqlTokens& tokens) {
  size_t at = 1;
  if (tokens.word(0, "drop")) {
    if (tokens.word(at, "materialized")) ++at;
    for (const std::string_view kind : {"table", "view", "index", "sequence", "type", "schema", "macro"}) {
      if (tokens.word(at, kind))
        return tokens.word(at + 1, "if") && tokens.word(at + 2, "exists") ? at + 3 : at + 1;
    }
    return tokens.size();
  }
  if (!tokens.word(0, "truncate")) return tokens.size();
  if (tokens.word(at, "table")) ++at;
  if (tokens.word(at, "only")) ++at;
  return at;
}

// One statement per listed object: DuckDB drops and truncates one at a time.
std::optional<std::vector<std::string>> one_per_object(const SqlTokens& tokens) {
  const size_t first = first_listed_name(tokens);
  if (!tokens.identifier(first)) return std::nullopt;
  std::vector<std::pair<size_t, size_t>> names;  // token ranges
  size_t at = first;
  while (tokens.identifier(at)) {
    size_t end = tokens.name_end(at);
    if (tokens.symbol(end, "*")) ++end;
    names.emplace_back(at, end);
    if (!tokens.symbol(end, ",")) break;
    at = end + 1;
  }
  if (names.size() < 2) return std::nullopt;
  const std::string_view head = slice(tokens, 0, tokens.begin_of(first));
  const std::string_view tail = slice(tokens, tokens.end_before(names.back().second), tokens.sql().size());
  std::vector<std::string> statements;
  for (const auto& [name_first, name_end] : names) {
    statements.push_back(
        std::string(head) +
        std::string(slice(tokens, tokens.begin_of(name_first), tokens.end_before(name_end))) +
        std::string(tail));
  }
  return statements;
}

// PostgreSQL's serial types: the integer type of the column that takes the sequence's values.
std::string_view serial_integer(const SqlTokens& tokens, size_t type) {
  if (tokens.word(type, "serial") || tokens.word(type, "serial4")) return "integer";
  if (tokens.word(type, "bigserial") || tokens.word(type, "serial8")) return "bigint";
  if (tokens.word(type, "smallserial") || tokens.word(type, "serial2")) return "smallint";
  return {};
}

// GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY [( sequence options )] within [from, end): its token
// range and the options' token range (empty when none).
struct Identity {
  size_t first;
  size_t end;
  size_t options_first;
  size_t options_end;
};

std::optional<Identity> find_identity(const SqlTokens& tokens, size_t from, size_t end) {
  for (size_t at = from; at < end; ++at) {
    if (!tokens.word(at, "generated")) continue;
    size_t next = at + 1;
    if (tokens.word(next, "always")) {
      ++next;
    } else if (tokens.word(next, "by") && tokens.word(next + 1, "default")) {
      next += 2;
    } else {
      continue;
    }
    if (!tokens.word(next, "as") || !tokens.word(next + 1, "identity")) continue;
    next += 2;
    if (tokens.symbol(next, "(")) {
      const size_t close = tokens.closing(next);
      return Identity{at, close + 1, next + 1, close};
    }
    return Identity{at, next, next, next};
  }
  return std::nullopt;
}

// The sequence PostgreSQL would create for table.column: same schema, named table_column_seq.
std::string sequence_name(const SqlTokens& tokens, size_t table_first, size_t table_end, size_t column) {
  std::string schema;
  if (table_end - table_first >= 3) {
    schema = tokens.folded(table_end - 3);
    if (schema == "public") schema = "main";
  }
  const std::string name = tokens.folded(table_end - 1) + "_" + tokens.folded(column) + "_seq";
  return (schema.empty() ? "" : quote_identifier(schema) + ".") + quote_identifier(name);
}

std::string string_literal(std::string_view text) {
  std::string out = "'";
  for (const char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

// serial columns and identity columns: a sequence and a DEFAULT nextval(...) of it.
std::optional<std::vector<std::string>> sequence_columns(const SqlTokens& tokens) {
  const size_t open = table_elements_open(tokens);
  if (open >= tokens.size()) return std::nullopt;
  size_t table_first = open - 1;
  while (table_first >= 2 && tokens.symbol(table_first - 1, ".")) table_first -= 2;
  std::vector<std::string> statements;
  TextEdits edits;
  for (const ColumnDefinition& column : column_definitions(tokens)) {
    const std::string sequence = sequence_name(tokens, table_first, open, column.name);
    const std::string default_clause = " DEFAULT nextval(" + string_literal(sequence) + ")";
    const std::string_view integer = serial_integer(tokens, column.type);
    if (!integer.empty()) {
      edits.replace(tokens.begin_of(column.type), tokens[column.type].end,
                    std::string(integer) + default_clause);
      statements.push_back("CREATE SEQUENCE IF NOT EXISTS " + sequence);
    } else if (const auto identity = find_identity(tokens, column.type, column.end)) {
      edits.replace(tokens.end_before(identity->first), tokens.end_before(identity->end), default_clause);
      std::string create = "CREATE SEQUENCE IF NOT EXISTS " + sequence;
      if (identity->options_end > identity->options_first) {
        create += " " + std::string(slice(tokens, tokens.begin_of(identity->options_first),
                                          tokens.end_before(identity->options_end)));
      }
      statements.push_back(std::move(create));
    }
  }
  if (statements.empty()) return std::nullopt;
  statements.push_back(edits.apply(tokens.sql()));
  return statements;
}

// The argument names of a function's parameter list (open paren at `open`); nothing when one has no
// name (its body would use $n, which a macro cannot).
std::optional<std::vector<std::string>> argument_names(const SqlTokens& tokens, size_t open) {
  const size_t close = tokens.closing(open);
  std::vector<std::string> names;
  for (size_t at = open + 1; at < close;) {
    const size_t end = tokens.item_end(at, close);
    size_t name = at;
    if (tokens.word(name, "in")) ++name;
    if (!tokens.identifier(name) || !tokens.identifier(name + 1) || tokens.word(name, "out") ||
        tokens.word(name, "inout") || tokens.word(name, "variadic")) {
      return std::nullopt;
    }
    names.push_back(std::string(tokens.text(name)));
    at = end + 1;
  }
  return names;
}

// CREATE [OR REPLACE] FUNCTION f(a type, ...) RETURNS type LANGUAGE sql ... AS 'one query' →
// CREATE [OR REPLACE] MACRO f(a, ...) AS (CAST((query) AS type)), and a table macro of the same name
// for calls in FROM (SELECT * FROM f(1): one row, its column named f, as in PostgreSQL);
// RETURNS SETOF/TABLE → only the table macro, AS TABLE query.
std::optional<std::vector<std::string>> sql_function(const SqlTokens& tokens) {
  size_t at = 1;
  const bool replace = tokens.word(at, "or") && tokens.word(at + 1, "replace");
  if (replace) at += 2;
  if (!tokens.word(0, "create") || !tokens.word(at, "function") || !tokens.identifier(at + 1))
    return std::nullopt;
  const size_t name_first = at + 1;
  const size_t open = tokens.name_end(name_first);
  if (!tokens.symbol(open, "(")) return std::nullopt;
  const auto arguments = argument_names(tokens, open);
  if (!arguments) return std::nullopt;
  bool sql_language = false;
  std::optional<size_t> body;
  std::optional<std::pair<size_t, size_t>> returns;
  bool returns_set = false;
  for (size_t i = tokens.closing(open) + 1; i < tokens.size(); ++i) {
    if (tokens.word(i, "language")) sql_language = tokens.name(i + 1, "sql");
    if (tokens.word(i, "as") && i + 1 < tokens.size() && tokens[i + 1].kind == core::SqlTokenKind::kString)
      body = i + 1;
    if (tokens.word(i, "returns") && !tokens.word(i + 1, "null")) {
      size_t type = i + 1;
      returns_set = tokens.word(type, "setof") || tokens.word(type, "table");
      if (tokens.word(type, "setof")) ++type;
      returns = std::make_pair(type, tokens.type_end(type));
    }
  }
  if (!sql_language || !body || !returns) return std::nullopt;
  std::string query = core::string_content(tokens.text(*body));
  query.erase(0, query.find_first_not_of(" \t\r\n"));
  while (!query.empty() && (std::isspace(static_cast<unsigned char>(query.back())) || query.back() == ';')) {
    query.pop_back();
  }
  if (query.find(';') != std::string::npos) return std::nullopt;  // several statements
  std::string macro = replace ? "CREATE OR REPLACE MACRO " : "CREATE MACRO ";
  macro += std::string(slice(tokens, tokens.begin_of(name_first), tokens.end_before(open))) + "(";
  for (size_t i = 0; i < arguments->size(); ++i) macro += (i ? ", " : "") + (*arguments)[i];
  if (returns_set) return std::vector<std::string>{macro + ") AS TABLE " + query};
  const std::string value =
      "CAST((" + query + ") AS " +
      std::string(slice(tokens, tokens.begin_of(returns->first), tokens.end_before(returns->second))) + ")";
  return std::vector<std::string>{
      macro + ") AS (" + value + ")",
      macro + ") AS TABLE SELECT " + value + " AS " + quote_identifier(tokens.folded(open - 1))};
}

}  // namespace

std::vector<std::string> expand_statement(std::string_view sql) {
  const SqlTokens tokens(sql);
  if (auto statements = one_per_object(tokens)) return std::move(*statements);
  if (auto statements = sequence_columns(tokens)) return std::move(*statements);
  if (auto statements = sql_function(tokens)) return std::move(*statements);
  return {std::string(sql)};
}

}  // namespace duckwire::pgwire::rewrite
