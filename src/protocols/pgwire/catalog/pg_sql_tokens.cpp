#include "protocols/pgwire/catalog/pg_sql_tokens.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace duckwire::pgwire {

namespace {

using core::SqlTokenKind;

// Reserved words that can stand right before an operand or a parenthesis but are never one.
constexpr std::array<std::string_view, 36> kReserved = {
    "all",    "and",       "any",    "as",   "between", "by",    "case",  "distinct", "do",
    "else",   "end",       "exists", "from", "having",  "ilike", "in",    "into",     "is",
    "join",   "like",      "limit",  "not",  "offset",  "on",    "or",    "order",    "over",
    "return", "returning", "select", "set",  "some",    "then",  "using", "when",     "where"};

// Words that open a clause of a query or statement (clause_before).
constexpr std::array<std::string_view, 12> kClauses = {
    "select", "from", "where", "by", "having", "values", "set", "returning", "into", "limit", "offset", "window"};

bool is_value(SqlTokenKind kind) {
  return kind == SqlTokenKind::kString || kind == SqlTokenKind::kEscapeString ||
         kind == SqlTokenKind::kNumber || kind == SqlTokenKind::kParameter;
}

bool plain_name(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
           c == '_';
  });
}

}  // namespace

SqlTokens::SqlTokens(std::string_view sql) : sql_(sql) {
  core::SqlScanner scanner(sql);
  core::SqlToken token;
  while (scanner.next(token)) {
    if (token.kind != SqlTokenKind::kComment) code_.push_back(token);
  }
  partner_.assign(code_.size(), code_.size());
  std::vector<size_t> open;
  for (size_t i = 0; i < code_.size(); ++i) {
    if (symbol(i, "(") || symbol(i, "[")) {
      open.push_back(i);
    } else if ((symbol(i, ")") || symbol(i, "]")) && !open.empty()) {
      partner_[i] = open.back();
      partner_[open.back()] = i;
      open.pop_back();
    }
  }
  // The clause each token is in: one entry per open bracket, the last clause word met at that level.
  clause_.assign(code_.size(), code_.size());
  depth_.assign(code_.size(), 0);
  std::vector<size_t> clauses{code_.size()};
  for (size_t i = 0; i < code_.size(); ++i) {
    clause_[i] = clauses.back();
    depth_[i] = clauses.size() - 1;
    if (symbol(i, "(") || symbol(i, "[")) {
      clauses.push_back(code_.size());
    } else if (symbol(i, ")") || symbol(i, "]")) {
      if (clauses.size() > 1) clauses.pop_back();
    } else if (std::any_of(kClauses.begin(), kClauses.end(), [&](std::string_view c) { return word(i, c); })) {
      clauses.back() = i;
    }
  }
}

bool SqlTokens::word(size_t i, std::string_view word) const {
  return i < size() && core::is_word(sql_, code_[i], word);
}

bool SqlTokens::name(size_t i, std::string_view name) const {
  if (word(i, name)) return true;
  return i < size() && code_[i].kind == SqlTokenKind::kQuotedName && text(i).size() == name.size() + 2 &&
         text(i).substr(1, name.size()) == name;
}

bool SqlTokens::identifier(size_t i) const {
  return i < size() && (code_[i].kind == SqlTokenKind::kWord || code_[i].kind == SqlTokenKind::kQuotedName);
}

bool SqlTokens::symbol(size_t i, std::string_view symbol) const {
  return i < size() && (code_[i].kind == SqlTokenKind::kSymbol || code_[i].kind == SqlTokenKind::kOperator) &&
         text(i) == symbol;
}

std::string SqlTokens::folded(size_t i) const {
  if (code_[i].kind == SqlTokenKind::kQuotedName) return core::string_content(text(i));
  std::string out(text(i));
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

size_t SqlTokens::item_end(size_t first, size_t limit) const {
  size_t at = first;
  while (at < limit && !symbol(at, ",")) {
    if (symbol(at, "(") || symbol(at, "[")) at = closing(at);
    ++at;
  }
  return std::min(at, limit);
}

size_t SqlTokens::closing(size_t open) const {
  return open < size() ? partner_[open] : size();
}

size_t SqlTokens::opening(size_t close) const {
  return close < size() ? partner_[close] : size();
}

size_t SqlTokens::name_end(size_t first) const {
  size_t at = first + 1;
  while (symbol(at, ".") && identifier(at + 1)) at += 2;
  return at;
}

size_t SqlTokens::type_end(size_t first) const {
  if (!identifier(first)) return first;
  size_t at = name_end(first);
  if (word(first, "double") && word(at, "precision")) ++at;
  if ((word(first, "character") || word(first, "char") || word(first, "bit")) && word(at, "varying")) ++at;
  if ((word(first, "timestamp") || word(first, "time")) && symbol(at, "(")) at = closing(at) + 1;
  if ((word(at, "with") || word(at, "without")) && word(at + 1, "time") && word(at + 2, "zone")) at += 3;
  if (symbol(at, "(")) at = closing(at) + 1;
  while (symbol(at, "[")) at = closing(at) + 1;
  return std::min(at, size());
}

bool SqlTokens::is_keyword(size_t i) const {
  if (i >= size() || code_[i].kind != SqlTokenKind::kWord) return false;
  const std::string_view raw = text(i);
  return std::any_of(kReserved.begin(), kReserved.end(),
                     [&](std::string_view keyword) { return core::equals_word(raw, keyword); });
}

size_t SqlTokens::operand_start(size_t end) const {
  if (end == 0) return end;
  size_t last = end - 1;
  while (true) {
    size_t start;
    if (symbol(last, ")") || symbol(last, "]")) {
      const size_t open = opening(last);
      if (open >= size()) return end;
      if (symbol(open, "[") && !word(open - 1, "array")) {
        if (open == 0) return end;
        last = open - 1;  // a subscript: its base comes before
        continue;
      }
      start = open;
      if (open > 0 && identifier(open - 1) && !is_keyword(open - 1)) start = open - 1;  // a call
    } else if (identifier(last) && !is_keyword(last)) {
      start = last;
    } else if (last < size() && is_value(code_[last].kind)) {
      start = last;
    } else {
      return end;
    }
    if (start >= 2 && symbol(start - 1, ".")) {
      last = start - 2;  // a qualified name or a field selection
    } else if (start >= 2 && symbol(start - 1, "::")) {
      last = start - 2;  // the operand of a cast
    } else {
      return start;
    }
  }
}

size_t SqlTokens::primary_end(size_t first) const {
  if (first >= size()) return first;
  if (word(first, "array") && (symbol(first + 1, "[") || symbol(first + 1, "(")))
    return closing(first + 1) + 1;
  if (word(first, "case")) {
    int depth = 0;
    for (size_t at = first; at < size(); ++at) {
      if (word(at, "case")) ++depth;
      if (word(at, "end") && --depth == 0) return at + 1;
    }
    return first;
  }
  if (identifier(first) && !is_keyword(first)) {
    const size_t at = name_end(first);
    return symbol(at, "(") ? closing(at) + 1 : at;
  }
  if (is_value(code_[first].kind)) return first + 1;
  if (symbol(first, "(")) return closing(first) + 1;
  return first;
}

size_t SqlTokens::operand_end(size_t first) const {
  size_t at = first;
  while (symbol(at, "-") || symbol(at, "+")) ++at;
  const size_t primary = primary_end(at);
  if (primary == at) return first;
  at = std::min(primary, size());
  while (at < size()) {
    if (symbol(at, "[")) {
      at = closing(at) + 1;
    } else if (symbol(at, "::") && identifier(at + 1)) {
      at = type_end(at + 1);
    } else if (symbol(at, ".") && identifier(at + 1)) {
      at += 2;
    } else if (word(at, "collate") && identifier(at + 1)) {
      at = name_end(at + 1);
    } else {
      break;
    }
  }
  return std::min(at, size());
}

std::string TextEdits::apply(std::string_view sql) const {
  std::vector<const Edit*> order;
  for (const Edit& edit : edits_) order.push_back(&edit);
  std::stable_sort(order.begin(), order.end(),
                   [](const Edit* a, const Edit* b) { return a->begin < b->begin; });
  std::string out;
  out.reserve(sql.size() + 64);
  size_t at = 0;
  for (const Edit* edit : order) {
    if (edit->begin < at) continue;  // overlapping: the first edit wins
    out.append(sql.substr(at, edit->begin - at));
    out.append(edit->text);
    at = edit->end;
  }
  out.append(sql.substr(at));
  return out;
}

std::string quote_identifier(std::string_view name) {
  if (plain_name(name)) return std::string(name);
  std::string out = "\"";
  for (const char c : name) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

}  // namespace duckwire::pgwire
