// PostgreSQL's FigureColname (parse_target.c) over tokens: the name of an unaliased select-list item.
#include <algorithm>
#include <array>
#include <string_view>

#include "protocols/pgwire/catalog/pg_target_list.hpp"
#include "protocols/pgwire/catalog/pg_type_names.hpp"

namespace duckwire::pgwire::target_list {

namespace {

using core::SqlTokenKind;

// A figured name and how sure PostgreSQL is of it: 0 none ("?column?"), 1 a type's name (a cast of a
// constant, a CASE), 2 a real name (a column, a function, ...). nullopt: the text was not followed.
struct Figured {
  std::string name;
  int strength = 0;
};
using MaybeFigured = std::optional<Figured>;

// Where reading stopped and what it figured; `end == first` when nothing was read.
struct Read {
  size_t end = 0;
  MaybeFigured figured;
};

constexpr std::array<std::string_view, 11> kValueFunctions = {
    "current_date",   "current_time",    "current_timestamp", "localtime",
    "localtimestamp", "current_role",    "current_user",      "session_user",
    "user",           "current_catalog", "current_schema"};

constexpr std::array<std::string_view, 4> kNormalForms = {"nfc", "nfd", "nfkc", "nfkd"};

constexpr std::array<std::string_view, 6> kTestedValues = {"null",    "true",     "false",
                                                           "unknown", "document", "normalized"};

// Words joining two operands, each alone or before a second word (NOT LIKE, SIMILAR TO).
constexpr std::array<std::string_view, 8> kBinaryWords = {"and",    "or",      "like", "ilike",
                                                          "escape", "between", "in",   "similar"};

// Reserved words a select item can meet that never name a column.
constexpr std::array<std::string_view, 50> kReserved = {
    "all",      "and",        "any",       "as",     "asc",      "between", "both",      "cast",  "check",
    "collate",  "constraint", "default",   "desc",   "distinct", "do",      "else",      "end",   "except",
    "fetch",    "for",        "from",      "group",  "having",   "in",      "intersect", "into",  "is",
    "leading",  "limit",      "not",       "offset", "on",       "only",    "or",        "order", "placing",
    "select",   "some",       "symmetric", "table",  "then",     "to",      "trailing",  "union", "using",
    "variadic", "when",       "where",     "window", "with"};

template <size_t N>
bool any_word(const SqlTokens& tokens, size_t i, const std::array<std::string_view, N>& words) {
  for (const std::string_view word : words) {
    if (tokens.word(i, word)) return true;
  }
  return false;
}

bool is_value(const SqlTokens& tokens, size_t i) {
  if (i >= tokens.size()) return false;
  const SqlTokenKind kind = tokens[i].kind;
  return kind == SqlTokenKind::kNumber || kind == SqlTokenKind::kString ||
         kind == SqlTokenKind::kEscapeString || kind == SqlTokenKind::kParameter;
}

bool is_string(const SqlTokens& tokens, size_t i) {
  return i < tokens.size() &&
         (tokens[i].kind == SqlTokenKind::kString || tokens[i].kind == SqlTokenKind::kEscapeString);
}

// The closing bracket of the group opening at `open` when it closes before `last`, else `last`.
size_t closing_before(const SqlTokens& tokens, size_t open, size_t last) {
  const size_t close = tokens.closing(open);
  return close < last ? close : last;
}

// A cast keeps its operand's name unless that is only a type's name or none: then the type's.
MaybeFigured cast(const MaybeFigured& operand, std::string type) {
  if (!operand) return std::nullopt;
  if (operand->strength > 1) return operand;
  return Figured{std::move(type), 1};
}

Read expression(const SqlTokens& tokens, size_t first, size_t last, int depth);

// The expression filling [first, last) whole, or nullopt.
MaybeFigured whole_expression(const SqlTokens& tokens, size_t first, size_t last, int depth) {
  const Read read = expression(tokens, first, last, depth);
  if (read.end != last || first == last) return std::nullopt;
  return read.figured;
}

// CASE ... END starting at `first`: named by its ELSE result when that has a real name, else "case".
Read case_expression(const SqlTokens& tokens, size_t first, size_t last, int depth) {
  int nesting = 0;
  size_t otherwise = last;
  for (size_t at = first; at < last; ++at) {
    if (tokens.symbol(at, "(") || tokens.symbol(at, "[")) {
      at = closing_before(tokens, at, last);
    } else if (tokens.word(at, "case")) {
      ++nesting;
    } else if (tokens.word(at, "else") && nesting == 1) {
      otherwise = at;
    } else if (tokens.word(at, "end") && --nesting == 0) {
      if (otherwise == last) return {at + 1, Figured{"case", 1}};
      const MaybeFigured result = whole_expression(tokens, otherwise + 1, at, depth + 1);
      if (!result) return {first, std::nullopt};
      return {at + 1, result->strength > 1 ? result : Figured{"case", 1}};
    }
  }
  return {first, std::nullopt};
}

// CAST(x AS type) with `open` its parenthesis.
Read cast_call(const SqlTokens& tokens, size_t open, size_t last, int depth) {
  const size_t close = tokens.closing(open);
  if (close >= last) return {open, std::nullopt};
  size_t as = open + 1;
  while (as < close && !tokens.word(as, "as")) {
    as = tokens.symbol(as, "(") || tokens.symbol(as, "[") ? closing_before(tokens, as, close) + 1 : as + 1;
  }
  const std::optional<TypeName> type = type_name(tokens, as + 1, close);
  if (as >= close || !type || type->end != close) return {open, std::nullopt};
  return {close + 1, cast(whole_expression(tokens, open + 1, as, depth + 1), type->name)};
}

std::string trim_name(const SqlTokens& tokens, size_t open) {
  if (tokens.word(open + 1, "leading")) return "ltrim";
  if (tokens.word(open + 1, "trailing")) return "rtrim";
  return "btrim";
}

// Past a function call's WITHIN GROUP (...), FILTER (...) and OVER (...) / OVER name.
size_t past_call_clauses(const SqlTokens& tokens, size_t at, size_t last) {
  while (at < last) {
    if (tokens.word(at, "within") && tokens.word(at + 1, "group") && tokens.symbol(at + 2, "(")) {
      at = closing_before(tokens, at + 2, last) + 1;
    } else if ((tokens.word(at, "filter") || tokens.word(at, "over")) && tokens.symbol(at + 1, "(")) {
      at = closing_before(tokens, at + 1, last) + 1;
    } else if (tokens.word(at, "over") && tokens.identifier(at + 1)) {
      at += 2;
    } else {
      break;
    }
  }
  return std::min(at, last);
}

// A parenthesized expression, row or scalar subquery at `open`.
Read parenthesized(const SqlTokens& tokens, size_t open, size_t last, int depth) {
  const size_t close = tokens.closing(open);
  if (close >= last) return {open, std::nullopt};
  if (starts_query(tokens, open + 1, close, depth + 1)) {
    const std::optional<std::string> name = first_column_name(tokens, open + 1, close, depth + 1);
    if (!name) return {close + 1, std::nullopt};
    return {close + 1, Figured{*name, 2}};
  }
  if (tokens.item_end(open + 1, close) < close) return {close + 1, Figured{"row", 2}};
  const MaybeFigured inner = whole_expression(tokens, open + 1, close, depth + 1);
  if (!inner) return {open, std::nullopt};
  return {close + 1, inner};
}

// A word-led primary: keywords with their own syntax, typed literals, calls and column references.
Read word_primary(const SqlTokens& tokens, size_t at, size_t last, int depth) {
  const bool bare = tokens[at].kind == SqlTokenKind::kWord;
  const bool call = tokens.symbol(at + 1, "(");
  const size_t call_end = call ? closing_before(tokens, at + 1, last) + 1 : at + 1;
  if (bare) {
    if (tokens.word(at, "null") || tokens.word(at, "true") || tokens.word(at, "false"))
      return {at + 1, Figured{}};
    if (tokens.word(at, "case")) return case_expression(tokens, at, last, depth);
    if (tokens.word(at, "array") && tokens.symbol(at + 1, "[")) {
      return {closing_before(tokens, at + 1, last) + 1, Figured{"array", 2}};
    }
    if (call && (tokens.word(at, "array") || tokens.word(at, "row") || tokens.word(at, "exists"))) {
      return {call_end, Figured{tokens.folded(at), 2}};
    }
    if (call && tokens.word(at, "cast")) return cast_call(tokens, at + 1, last, depth);
    if (call && tokens.word(at, "trim")) return {call_end, Figured{trim_name(tokens, at + 1), 2}};
    if (tokens.word(at, "collation") && tokens.word(at + 1, "for") && tokens.symbol(at + 2, "(")) {
      return {closing_before(tokens, at + 2, last) + 1, Figured{"pg_collation_for", 2}};
    }
    if (any_word(tokens, at, kValueFunctions)) return {call_end, Figured{tokens.folded(at), 2}};
  }
  if (const std::optional<TypeName> type = type_name(tokens, at, last);
      type && is_string(tokens, type->end)) {
    return {past_interval_fields(tokens, type->end + 1, last, type->name), Figured{type->name, 1}};
  }
  const size_t name_end = tokens.name_end(at);
  if (tokens.symbol(name_end, "(")) {
    const size_t end = past_call_clauses(tokens, closing_before(tokens, name_end, last) + 1, last);
    return {end, Figured{tokens.folded(name_end - 1), 2}};
  }
  if (bare && any_word(tokens, at, kReserved)) return {at, std::nullopt};
  return {std::min(name_end, last), Figured{tokens.folded(name_end - 1), 2}};
}

// An operand with its postfix casts, subscripts, field selections and COLLATE clauses.
Read operand(const SqlTokens& tokens, size_t first, size_t last, int depth) {
  if (depth > kMaxDepth || first >= last) return {first, std::nullopt};
  Read read{first, std::nullopt};
  if (is_value(tokens, first)) {
    read = {first + 1, Figured{}};
  } else if (tokens.symbol(first, "(")) {
    read = parenthesized(tokens, first, last, depth);
  } else if (tokens.identifier(first)) {
    read = word_primary(tokens, first, last, depth);
  }
  if (read.end == first) return read;
  size_t at = read.end;
  while (at < last) {
    if (tokens.symbol(at, "::")) {
      const std::optional<TypeName> type = type_name(tokens, at + 1, last);
      if (!type) return {first, std::nullopt};
      read.figured = cast(read.figured, type->name);
      at = type->end;
    } else if (tokens.symbol(at, "[")) {
      at = closing_before(tokens, at, last) + 1;
    } else if (tokens.symbol(at, ".") && tokens.identifier(at + 1)) {
      read.figured = Figured{tokens.folded(at + 1), 2};
      at += 2;
    } else if (tokens.word(at, "collate") && tokens.identifier(at + 1)) {
      at = tokens.name_end(at + 1);
    } else {
      break;
    }
  }
  read.end = std::min(at, last);
  return read;
}

// Past the operator or operator word at `at` that joins two operands, or `at` when there is none.
size_t past_binary(const SqlTokens& tokens, size_t at, size_t last) {
  if (at >= last) return at;
  if (tokens.word(at, "operator") && tokens.symbol(at + 1, "("))
    return closing_before(tokens, at + 1, last) + 1;
  if (at < last && tokens[at].kind == SqlTokenKind::kOperator) return at + 1;
  size_t word = at;
  if (tokens.word(word, "not")) ++word;
  if (!any_word(tokens, word, kBinaryWords)) return at;
  if (tokens.word(word, "similar") && tokens.word(word + 1, "to")) return word + 2;
  if (tokens.word(word, "between") &&
      (tokens.word(word + 1, "symmetric") || tokens.word(word + 1, "asymmetric")))
    return word + 2;
  return word + 1;
}

// Past an IS test (IS [NOT] NULL, ISNULL, IS [NOT] DISTINCT FROM, ...) at `at`; `joins` when an operand
// follows. `at` when there is none.
size_t past_test(const SqlTokens& tokens, size_t at, size_t last, bool& joins, bool& normalized) {
  joins = false;
  normalized = false;
  if (at >= last) return at;
  if (tokens.word(at, "isnull") || tokens.word(at, "notnull")) return at + 1;
  if (!tokens.word(at, "is")) return at;
  size_t word = at + 1;
  const bool negated = tokens.word(word, "not");
  if (negated) ++word;
  if (any_word(tokens, word, kNormalForms) && tokens.word(word + 1, "normalized")) ++word;
  if (tokens.word(word, "normalized")) normalized = !negated;
  if (any_word(tokens, word, kTestedValues)) return word + 1;
  if (tokens.word(word, "distinct") && tokens.word(word + 1, "from")) {
    joins = true;
    return word + 2;
  }
  if (tokens.word(word, "of") && tokens.symbol(word + 1, "("))
    return closing_before(tokens, word + 1, last) + 1;
  return at;
}

// Prefix operators: a run of NOT, operators (-, +, ~, ...) and OPERATOR(...).
size_t past_prefixes(const SqlTokens& tokens, size_t at, size_t last) {
  while (at < last) {
    if (tokens.word(at, "not") || tokens[at].kind == SqlTokenKind::kOperator) {
      ++at;
    } else if (tokens.word(at, "operator") && tokens.symbol(at + 1, "(")) {
      at = closing_before(tokens, at + 1, last) + 1;
    } else {
      break;
    }
  }
  return at;
}

// An expression from `first` as far as it reads; an operator expression has no name ("?column?"),
// except the forms PostgreSQL makes function calls of: AT TIME ZONE (timezone), IS NORMALIZED.
Read expression(const SqlTokens& tokens, size_t first, size_t last, int depth) {
  if (depth > kMaxDepth) return {first, std::nullopt};
  Read single;
  int operands = 0;
  bool only_operand = true;
  bool only_time_zones = true;
  bool normalized_test = false;
  size_t at = first;
  while (true) {
    const size_t start = past_prefixes(tokens, at, last);
    if (start != at) only_operand = false;
    const Read read = operand(tokens, start, last, depth + 1);
    if (read.end == start) return {first, std::nullopt};
    if (++operands == 1) single = read;
    at = read.end;
    bool joins = false;
    while (at < last) {
      bool normalized = false;
      const size_t tested = past_test(tokens, at, last, joins, normalized);
      if (tested == at) break;
      normalized_test = normalized && only_operand && operands == 1 && tested == last;
      only_operand = false;
      only_time_zones = false;
      at = tested;
      if (joins) break;
    }
    if (joins) continue;
    if (at < last && tokens.word(at, "at") && tokens.word(at + 1, "time") && tokens.word(at + 2, "zone")) {
      at += 3;
      continue;
    }
    const size_t joined = past_binary(tokens, at, last);
    if (joined == at) break;
    only_time_zones = false;
    at = joined;
  }
  if (normalized_test) return {at, Figured{"is_normalized", 2}};
  if (only_operand && operands == 1) return {at, single.figured};
  if (only_operand && only_time_zones) return {at, Figured{"timezone", 2}};
  return {at, Figured{}};
}

}  // namespace

std::optional<std::string> item_name(const SqlTokens& tokens, const Item& item, int depth) {
  const size_t first = item.first;
  size_t last = item.last;
  if (first >= last || last > tokens.size() || depth > kMaxDepth) return std::nullopt;
  if (last - first >= 3 && tokens.word(last - 2, "as") && tokens.identifier(last - 1)) {
    return tokens.folded(last - 1);
  }
  const Read read = expression(tokens, first, last, depth + 1);
  if (read.end == first) return std::nullopt;
  if (read.end + 1 == last && tokens.identifier(last - 1)) return tokens.folded(last - 1);
  if (read.end != last || !read.figured) return std::nullopt;
  return read.figured->strength == 0 ? std::string("?column?") : read.figured->name;
}

}  // namespace duckwire::pgwire::target_list
