#include "protocols/pgwire/catalog/pg_target_list.hpp"

#include <array>
#include <string_view>

namespace duckwire::pgwire::target_list {

namespace {

// Words that end a select list at its top level.
constexpr std::array<std::string_view, 14> kListEnd = {"into",   "from",  "where",     "group",  "having",
                                                       "window", "order", "limit",     "offset", "fetch",
                                                       "for",    "union", "intersect", "except"};

constexpr std::array<std::string_view, 8> kAfterParenthesizedQuery = {"union", "intersect", "except", "order",
                                                                      "limit", "offset",    "fetch",  "for"};

template <size_t N>
bool any_word(const SqlTokens& tokens, size_t i, const std::array<std::string_view, N>& words) {
  for (const std::string_view word : words) {
    if (tokens.word(i, word)) return true;
  }
  return false;
}

// Past the bracket group opening at `open`, or `last` when it does not close before `last`.
size_t past_group(const SqlTokens& tokens, size_t open, size_t last) {
  const size_t close = tokens.closing(open);
  return close < last ? close + 1 : last;
}

bool ends_list(const SqlTokens& tokens, size_t i) {
  if (tokens.symbol(i, ")") || tokens.symbol(i, ";")) return true;
  if (!any_word(tokens, i, kListEnd) || (i >= 1 && tokens.word(i - 1, "as"))) return false;
  if (tokens.word(i, "from") && i >= 2 && tokens.word(i - 1, "distinct") &&
      (tokens.word(i - 2, "is") || tokens.word(i - 2, "not")))
    return false;  // IS [NOT] DISTINCT FROM
  if (tokens.word(i, "group") && i >= 1 && tokens.word(i - 1, "within")) return false;
  if (tokens.word(i, "for") && i >= 1 && tokens.word(i - 1, "collation")) return false;
  return true;
}

bool is_star(const SqlTokens& tokens, size_t first, size_t last) {
  if (tokens.symbol(first, "*")) return true;
  if (tokens.word(first, "columns") && tokens.symbol(first + 1, "(")) return true;
  for (size_t at = first; at < last;) {
    if (tokens.symbol(at, "(") || tokens.symbol(at, "[")) {
      at = past_group(tokens, at, last);
    } else {
      if (at > first && tokens.symbol(at, "*") && tokens.symbol(at - 1, ".")) return true;
      ++at;
    }
  }
  return false;
}

TargetList items(const SqlTokens& tokens, size_t first, size_t last) {
  TargetList list;
  for (size_t at = first; at < last;) {
    const size_t end = tokens.item_end(at, last);
    list.items.push_back(Item{at, end, is_star(tokens, at, end)});
    at = end + 1;
  }
  return list;
}

std::optional<TargetList> select_list(const SqlTokens& tokens, size_t at, size_t last) {
  if (tokens.word(at, "all")) {
    ++at;
  } else if (tokens.word(at, "distinct")) {
    ++at;
    if (tokens.word(at, "on") && tokens.symbol(at + 1, "(")) at = past_group(tokens, at + 1, last);
  }
  size_t end = at;
  while (end < last && !ends_list(tokens, end)) {
    end = tokens.symbol(end, "(") || tokens.symbol(end, "[") ? past_group(tokens, end, last) : end + 1;
  }
  return items(tokens, at, end);
}

std::optional<TargetList> values_list(const SqlTokens& tokens, size_t at, size_t last) {
  if (!tokens.symbol(at, "(")) return std::nullopt;
  const size_t close = tokens.closing(at);
  if (close >= last) return std::nullopt;
  TargetList list;
  list.values = true;
  for (size_t item = at + 1; item < close; item = tokens.item_end(item, close) + 1) ++list.values_width;
  return list;
}

// Past the WITH clause starting at `at` (the word WITH), or nullopt when it is not read to its end.
std::optional<size_t> past_with(const SqlTokens& tokens, size_t at, size_t last) {
  ++at;
  if (tokens.word(at, "recursive")) ++at;
  while (at < last) {
    if (!tokens.identifier(at)) return std::nullopt;
    ++at;
    if (tokens.symbol(at, "(")) at = past_group(tokens, at, last);
    if (!tokens.word(at, "as")) return std::nullopt;
    ++at;
    if (tokens.word(at, "not")) ++at;
    if (tokens.word(at, "materialized")) ++at;
    if (!tokens.symbol(at, "(")) return std::nullopt;
    at = past_group(tokens, at, last);
    if (tokens.word(at, "search") || tokens.word(at, "cycle")) return std::nullopt;
    if (!tokens.symbol(at, ",")) return at;
    ++at;
  }
  return std::nullopt;
}

std::optional<TargetList> returning_list(const SqlTokens& tokens, size_t at, size_t last) {
  while (at < last && !tokens.word(at, "returning")) {
    at = tokens.symbol(at, "(") || tokens.symbol(at, "[") ? past_group(tokens, at, last) : at + 1;
  }
  if (at >= last) return std::nullopt;
  size_t end = at + 1;
  while (end < last && !tokens.symbol(end, ";")) {
    end = tokens.symbol(end, "(") || tokens.symbol(end, "[") ? past_group(tokens, end, last) : end + 1;
  }
  return items(tokens, at + 1, end);
}

}  // namespace

bool starts_query(const SqlTokens& tokens, size_t first, size_t last, int depth) {
  if (depth > kMaxDepth || first >= last) return false;
  if (tokens.word(first, "select") || tokens.word(first, "with") || tokens.word(first, "values") ||
      tokens.word(first, "table"))
    return true;
  if (!tokens.symbol(first, "(")) return false;
  const size_t close = tokens.closing(first);
  if (close >= last) return false;
  return (close + 1 == last || tokens.symbol(close + 1, ";") ||
          any_word(tokens, close + 1, kAfterParenthesizedQuery)) &&
         starts_query(tokens, first + 1, close, depth + 1);
}

std::optional<TargetList> read(const SqlTokens& tokens, size_t first, size_t last, int depth) {
  if (depth > kMaxDepth || first >= last) return std::nullopt;
  if (tokens.symbol(first, "(")) {
    if (!starts_query(tokens, first, last, depth)) return std::nullopt;
    return read(tokens, first + 1, tokens.closing(first), depth + 1);
  }
  if (tokens.word(first, "with")) {
    const std::optional<size_t> body = past_with(tokens, first, last);
    if (!body) return std::nullopt;
    return read(tokens, *body, last, depth + 1);
  }
  if (tokens.word(first, "select")) return select_list(tokens, first + 1, last);
  if (tokens.word(first, "values")) return values_list(tokens, first + 1, last);
  if (tokens.word(first, "insert") || tokens.word(first, "update") || tokens.word(first, "delete"))
    return returning_list(tokens, first + 1, last);
  return std::nullopt;
}

std::optional<std::string> first_column_name(const SqlTokens& tokens, size_t first, size_t last, int depth) {
  const std::optional<TargetList> list = read(tokens, first, last, depth + 1);
  if (!list) return std::nullopt;
  if (list->values) return std::string("column1");
  if (list->items.empty() || list->items[0].star) return std::nullopt;
  return item_name(tokens, list->items[0], depth + 1);
}

}  // namespace duckwire::pgwire::target_list
