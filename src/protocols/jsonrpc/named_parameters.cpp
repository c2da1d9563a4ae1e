#include "protocols/jsonrpc/named_parameters.hpp"

#include <algorithm>

namespace duckwire::jsonrpc {

namespace {

bool is_identifier_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool is_identifier_char(char c) {
  return is_identifier_start(c) || (c >= '0' && c <= '9');
}

// Each skip_* returns the index just past the construct that starts at `i`.

size_t skip_quoted(std::string_view sql, size_t i, char quote, bool backslash_escapes) {
  for (++i; i < sql.size(); ++i) {
    if (backslash_escapes && sql[i] == '\\') {
      ++i;
    } else if (sql[i] == quote) {
      if (i + 1 < sql.size() && sql[i + 1] == quote) {
        ++i;  // a doubled quote stands for itself
      } else {
        return i + 1;
      }
    }
  }
  return sql.size();
}

size_t skip_line_comment(std::string_view sql, size_t i) {
  const size_t end = sql.find('\n', i);
  return end == std::string_view::npos ? sql.size() : end + 1;
}

size_t skip_block_comment(std::string_view sql, size_t i) {
  int depth = 0;
  while (i < sql.size()) {
    if (sql.compare(i, 2, "/*") == 0) {
      ++depth;
      i += 2;
    } else if (sql.compare(i, 2, "*/") == 0) {
      i += 2;
      if (--depth == 0) return i;
    } else {
      ++i;
    }
  }
  return sql.size();
}

// $tag$ ... $tag$ (the tag may be empty); npos when `i` does not start a dollar quote.
size_t skip_dollar_quoted(std::string_view sql, size_t i) {
  size_t tag_end = i + 1;
  while (tag_end < sql.size() && is_identifier_char(sql[tag_end])) ++tag_end;
  if (tag_end >= sql.size() || sql[tag_end] != '$') return std::string_view::npos;
  if (tag_end > i + 1 && !is_identifier_start(sql[i + 1])) return std::string_view::npos;  // $1 parameter
  const std::string_view tag = sql.substr(i, tag_end - i + 1);
  const size_t close = sql.find(tag, tag_end + 1);
  return close == std::string_view::npos ? sql.size() : close + tag.size();
}

}  // namespace

std::string rewrite_named_parameters(std::string_view sql, const std::vector<std::string>& names) {
  std::string out;
  out.reserve(sql.size());
  size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    size_t next = i + 1;
    if (c == '\'') {
      const bool escapes =
          i > 0 && (sql[i - 1] == 'e' || sql[i - 1] == 'E') && (i == 1 || !is_identifier_char(sql[i - 2]));
      next = skip_quoted(sql, i, '\'', escapes);
    } else if (c == '"') {
      next = skip_quoted(sql, i, '"', false);
    } else if (sql.compare(i, 2, "--") == 0) {
      next = skip_line_comment(sql, i);
    } else if (sql.compare(i, 2, "/*") == 0) {
      next = skip_block_comment(sql, i);
    } else if (c == '$') {
      const size_t end = skip_dollar_quoted(sql, i);
      if (end != std::string_view::npos) next = end;
    } else if (c == ':' && i + 1 < sql.size() && sql[i + 1] == ':') {
      next = i + 2;
    } else if (c == ':' && i + 1 < sql.size() && is_identifier_start(sql[i + 1])) {
      size_t end = i + 1;
      while (end < sql.size() && is_identifier_char(sql[end])) ++end;
      const std::string_view name = sql.substr(i + 1, end - i - 1);
      if (std::find(names.begin(), names.end(), name) != names.end()) {
        out += '$';
        out += name;
        i = end;
        continue;
      }
      next = end;
    } else if (is_identifier_char(c)) {
      // A word, `a$b` included (a `$` inside a word starts no dollar quote).
      while (next < sql.size() && (is_identifier_char(sql[next]) || sql[next] == '$')) ++next;
    }
    out.append(sql.substr(i, next - i));
    i = next;
  }
  return out;
}

}  // namespace duckwire::jsonrpc
