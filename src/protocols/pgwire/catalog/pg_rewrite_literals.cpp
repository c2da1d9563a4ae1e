// String literals whose text PostgreSQL reads another way than DuckDB, where a cast names their type.

#include <cctype>
#include <optional>
#include <string>

#include "protocols/pgwire/catalog/pg_rewrite_passes.hpp"

namespace duckwire::pgwire::rewrite {

std::string list_text(std::string_view literal) {
  std::string out(literal);
  bool quoted = false;
  for (size_t at = 0; at < out.size(); ++at) {
    if (quoted && out[at] == '\\') {
      ++at;
    } else if (out[at] == '"') {
      quoted = !quoted;
    } else if (!quoted && out[at] == '{') {
      out[at] = '[';
    } else if (!quoted && out[at] == '}') {
      out[at] = ']';
    }
  }
  return out;
}

namespace {

// PostgreSQL's bytea hex text '\x00ff' (pairs may be separated by white space) is DuckDB's '\x00\xff';
// DuckDB would read '\x00ff' as the byte 0 and the characters "ff".
std::optional<std::string> blob_text(std::string_view literal) {
  const std::string_view content = literal.substr(1, literal.size() - 2);
  if (!content.starts_with("\\x")) return std::nullopt;
  std::string out = "'";
  std::string pair;
  for (const char c : content.substr(2)) {
    if (std::isspace(static_cast<unsigned char>(c))) continue;
    if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
    pair += c;
    if (pair.size() == 2) {
      out += "\\x" + pair;
      pair.clear();
    }
  }
  if (!pair.empty()) return std::nullopt;
  return out + "'";
}

bool is_plain_string(const SqlTokens& tokens, size_t i) {
  return i < tokens.size() && tokens[i].kind == core::SqlTokenKind::kString && tokens.text(i).size() >= 2 &&
         tokens.text(i).front() == '\'' && tokens.text(i).back() == '\'';
}

// The first token of the type the literal at i is cast to (lit::type, CAST(lit AS type)), or size().
size_t cast_type(const SqlTokens& tokens, size_t i) {
  if (tokens.symbol(i + 1, "::")) return i + 2;
  if (i >= 2 && tokens.word(i - 2, "cast") && tokens.symbol(i - 1, "(") && tokens.word(i + 1, "as"))
    return i + 2;
  return tokens.size();
}

}  // namespace

void rewrite_typed_literals(const SqlTokens& tokens, TextEdits& edits) {
  for (size_t i = 0; i + 2 < tokens.size(); ++i) {
    if (!is_plain_string(tokens, i)) continue;
    const size_t type = cast_type(tokens, i);
    if (type >= tokens.size()) continue;
    const size_t type_end = tokens.type_end(type);
    const bool array = type_end > type && tokens.symbol(type_end - 1, "]");
    const std::string_view literal = tokens.text(i);
    if (array && literal.find_first_not_of(" \t\r\n", 1) == literal.find('{')) {
      edits.replace(tokens.begin_of(i), tokens[i].end, list_text(literal));
    } else if (!array && tokens.word(type, "bytea")) {
      if (const auto blob = blob_text(literal)) edits.replace(tokens.begin_of(i), tokens[i].end, *blob);
    }
  }
}

}  // namespace duckwire::pgwire::rewrite
