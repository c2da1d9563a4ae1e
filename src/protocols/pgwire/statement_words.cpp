#include "protocols/pgwire/statement_words.hpp"

#include <algorithm>
#include <array>

#include "util/ascii.hpp"

namespace duckwire::pgwire {

namespace {

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Skips whitespace and comments from `at`.
size_t skip_blank(std::string_view sql, size_t at) {
  while (at < sql.size()) {
    const char c = sql[at];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++at;
    } else if (sql.substr(at, 2) == "--") {
      const size_t end = sql.find('\n', at);
      at = end == std::string_view::npos ? sql.size() : end + 1;
    } else if (sql.substr(at, 2) == "/*") {
      int depth = 0;
      do {
        if (sql.substr(at, 2) == "/*") {
          ++depth;
          at += 2;
        } else if (sql.substr(at, 2) == "*/") {
          --depth;
          at += 2;
        } else {
          ++at;
        }
      } while (depth > 0 && at < sql.size());
    } else {
      break;
    }
  }
  return at;
}

bool one_of(const std::string& word, std::initializer_list<std::string_view> words) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

// CREATE/DROP/ALTER and the kind of object they act on, modifiers skipped: "CREATE INDEX".
std::string object_tag(const std::vector<std::string>& words) {
  std::string tag = words[0];
  for (size_t i = 1; i < words.size(); ++i) {
    const std::string& word = words[i];
    if (one_of(word, {"OR", "REPLACE", "TEMP", "TEMPORARY", "UNIQUE", "UNLOGGED", "GLOBAL", "LOCAL",
                      "PERSISTENT", "CONCURRENTLY"})) {
      continue;
    }
    if (word == "MACRO") return tag + " FUNCTION";
    if (word == "MATERIALIZED" && i + 1 < words.size()) return tag + " MATERIALIZED " + words[i + 1];
    return tag + " " + word;
  }
  return tag;
}

}  // namespace

std::vector<std::string> leading_words(std::string_view sql, size_t count) {
  std::vector<std::string> words;
  size_t at = 0;
  while (words.size() < count) {
    at = skip_blank(sql, at);
    if (at >= sql.size()) break;
    if (sql[at] == '(') {
      words.emplace_back("(");
      ++at;
      continue;
    }
    const size_t start = at;
    while (at < sql.size() && is_word_char(sql[at])) ++at;
    if (at == start) break;
    words.push_back(ascii_upper(sql.substr(start, at - start)));
  }
  return words;
}

TransactionVerb transaction_verb(std::string_view sql) {
  const auto words = leading_words(sql, 2);
  if (words.empty()) return TransactionVerb::kNone;
  const std::string& first = words[0];
  if (first == "BEGIN") return TransactionVerb::kBegin;
  if (first == "START" && words.size() > 1 && words[1] == "TRANSACTION") return TransactionVerb::kBegin;
  if (first == "COMMIT" || first == "END") {
    return words.size() > 1 && words[1] == "PREPARED" ? TransactionVerb::kNone : TransactionVerb::kCommit;
  }
  if (first == "ROLLBACK" || first == "ABORT") {
    return words.size() > 1 && (words[1] == "TO" || words[1] == "PREPARED") ? TransactionVerb::kNone
                                                                            : TransactionVerb::kRollback;
  }
  return TransactionVerb::kNone;
}

std::string command_tag(std::string_view sql, StatementKind kind, bool returned_rows, int64_t rows) {
  const std::string count = std::to_string(rows);
  const auto words = leading_words(sql, 6);
  // DuckDB runs TRUNCATE as a DELETE; PostgreSQL's tag has no count.
  if (!words.empty() && words[0] == "TRUNCATE") return "TRUNCATE TABLE";
  switch (kind) {
    case StatementKind::kInsert:
      return "INSERT 0 " + count;
    case StatementKind::kUpdate:
      return "UPDATE " + count;
    case StatementKind::kDelete:
      return "DELETE " + count;
    default:
      break;
  }
  if (words.empty()) return returned_rows ? "SELECT " + count : "";
  const std::string& first = words[0];
  switch (transaction_verb(sql)) {
    case TransactionVerb::kBegin:
      return first == "START" ? "START TRANSACTION" : "BEGIN";
    case TransactionVerb::kCommit:
      return "COMMIT";
    case TransactionVerb::kRollback:
      return "ROLLBACK";
    case TransactionVerb::kNone:
      break;
  }
  if (first == "COPY") return "COPY " + count;
  if (first == "EXPLAIN") return "EXPLAIN";
  if (first == "MERGE") return "MERGE " + count;
  if (first == "CREATE" || first == "DROP" || first == "ALTER") {
    std::string tag = object_tag(words);
    // CREATE TABLE ... AS SELECT reports the rows it stored, as SELECT does.
    if (tag == "CREATE TABLE" && !returned_rows && rows > 0) return "SELECT " + count;
    return tag;
  }
  if (first == "DISCARD" && words.size() > 1) return "DISCARD " + words[1];
  if (returned_rows) return "SELECT " + count;
  return first;
}

}  // namespace duckwire::pgwire
