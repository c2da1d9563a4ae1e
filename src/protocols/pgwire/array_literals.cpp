#include "protocols/pgwire/array_literals.hpp"

#include <vector>

#include "protocols/pgwire/catalog/pg_rewrite_passes.hpp"

namespace duckwire::pgwire {

namespace {

// A bare literal and the column it goes to: its index in `columns`, or in the table's columns when
// the statement names none.
struct Target {
  size_t literal;
  size_t column;
};

struct Assignments {
  std::string table;
  std::vector<std::string> columns;  // empty: the table's columns in order
  std::vector<Target> targets;
};

bool is_array_text(const SqlTokens& tokens, size_t i) {
  if (i >= tokens.size() || tokens[i].kind != core::SqlTokenKind::kString) return false;
  const std::string_view text = tokens.text(i);
  return text.size() >= 4 && text.starts_with("'{") && text.ends_with("}'");
}

std::string text_of(const SqlTokens& tokens, size_t first, size_t end) {
  return std::string(tokens.sql().substr(tokens.begin_of(first), tokens.end_before(end) - tokens.begin_of(first)));
}

// INSERT INTO table [(columns)] VALUES (...), (...)
bool insert_targets(const SqlTokens& tokens, Assignments& found) {
  if (!tokens.word(0, "insert") || !tokens.word(1, "into") || !tokens.identifier(2)) return false;
  size_t at = tokens.name_end(2);
  found.table = text_of(tokens, 2, at);
  if (tokens.symbol(at, "(")) {
    const size_t close = tokens.closing(at);
    if (close >= tokens.size()) return false;
    for (size_t item = at + 1; item < close;) {
      const size_t end = tokens.item_end(item, close);
      if (!tokens.identifier(item) || tokens.name_end(item) != end) return false;
      found.columns.push_back(text_of(tokens, item, end));
      item = end < close ? end + 1 : end;
    }
    at = close + 1;
  }
  if (!tokens.word(at, "values")) return false;
  for (++at; tokens.symbol(at, "(");) {
    const size_t close = tokens.closing(at);
    if (close >= tokens.size()) return false;
    size_t column = 0;
    for (size_t item = at + 1; item < close; ++column) {
      const size_t end = tokens.item_end(item, close);
      if (end == item + 1 && is_array_text(tokens, item)) found.targets.push_back({item, column});
      item = end < close ? end + 1 : end;
    }
    at = close + 1;
    if (!tokens.symbol(at, ",")) break;
    ++at;
  }
  return true;
}

// UPDATE table SET column = value, ...
bool update_targets(const SqlTokens& tokens, Assignments& found) {
  if (!tokens.word(0, "update") || !tokens.identifier(1)) return false;
  size_t at = tokens.name_end(1);
  found.table = text_of(tokens, 1, at);
  if (!tokens.word(at, "set")) return false;
  for (size_t item = at + 1; item < tokens.size();) {
    const size_t end = tokens.item_end(item, tokens.size());
    if (tokens.identifier(item) && tokens.text(item + 1) == "=" && is_array_text(tokens, item + 2)) {
      found.targets.push_back({item + 2, found.columns.size()});
      found.columns.push_back(text_of(tokens, item, item + 1));
    }
    if (end >= tokens.size()) break;
    item = end + 1;
  }
  return true;
}

bool is_list(const ColumnType& type) {
  return type.id == TypeId::kList || type.id == TypeId::kArray;
}

}  // namespace

std::string with_array_literals(Session& session, std::string_view sql) {
  if (sql.find("'{") == std::string_view::npos) return std::string(sql);
  const SqlTokens tokens(sql);
  Assignments found;
  if (!insert_targets(tokens, found) && !update_targets(tokens, found)) return std::string(sql);
  if (found.targets.empty()) return std::string(sql);
  std::string probe = "SELECT ";
  if (found.columns.empty()) probe += "*";
  for (size_t i = 0; i < found.columns.size(); ++i) probe += (i == 0 ? "" : ", ") + found.columns[i];
  probe += " FROM " + found.table + " LIMIT 0";
  auto prepared = session.prepare(probe);
  if (!prepared) return std::string(sql);
  const std::vector<Column> columns = prepared.value()->result_columns();
  TextEdits edits;
  for (const Target& target : found.targets) {
    if (target.column >= columns.size() || !is_list(columns[target.column].type)) continue;
    edits.replace(tokens.begin_of(target.literal), tokens[target.literal].end,
                  rewrite::list_text(tokens.text(target.literal)));
  }
  return edits.empty() ? std::string(sql) : edits.apply(sql);
}

}  // namespace duckwire::pgwire
