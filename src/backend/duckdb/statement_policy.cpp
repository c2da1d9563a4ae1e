#include "backend/duckdb/statement_policy.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <utility>
#include <vector>

#include "backend/duckdb/sql_tokens.hpp"

namespace duckwire::duckdb {

namespace {

constexpr std::string_view kLogging =
    "logging is the server's: it would record every client's SQL and write files";
constexpr std::string_view kProfiling =
    "profiling is the server's: it writes output outside the query's result";
constexpr std::string_view kParser = "it changes the SQL parser for every client";
constexpr std::string_view kCheckpoint =
    "checkpoints are the server's to run (a forced one aborts other clients' transactions)";
constexpr std::string_view kServerSetting = "it changes a setting of the whole server";
constexpr std::string_view kReadOnly =
    "the server is read-only (--read-only): no statement may write a file or a table";

constexpr std::array<std::pair<std::string_view, std::string_view>, 18> kRefusedNames{{
    {"enable_logging", kLogging},
    {"disable_logging", kLogging},
    {"truncate_duckdb_logs", kLogging},
    {"enable_profiling", kProfiling},
    {"disable_profiling", kProfiling},
    {"enable_profile", kProfiling},
    {"disable_profile", kProfiling},
    {"enable_peg_parser", kParser},
    {"disable_peg_parser", kParser},
    {"checkpoint", kCheckpoint},
    {"force_checkpoint", kCheckpoint},
    {"enable_checkpoint_on_shutdown", kServerSetting},
    {"disable_checkpoint_on_shutdown", kServerSetting},
    {"enable_object_cache", kServerSetting},
    {"disable_object_cache", kServerSetting},
    {"json_execute_serialized_sql", "it runs a serialized plan the server cannot inspect"},
    {"copy_database", "it writes into another database"},
    {"import_database", "it creates tables from files (refused on a read-only server)"},
}};

// Statement heads that only read, for statements another one wraps (EXPLAIN ANALYZE, PREPARE).
constexpr std::array<std::string_view, 11> kQueryHeads{
    "select", "with", "from", "values", "table", "pivot", "unpivot", "summarize", "describe", "show", "("};
constexpr std::array<std::string_view, 4> kDataChangeHeads{"insert", "update", "delete", "merge"};
constexpr std::array<std::string_view, 4> kSecretModifiers{"or", "replace", "persistent", "temporary"};

constexpr int kMaxNestedQueries = 8;

template <size_t N>
bool one_of(std::string_view word, const std::array<std::string_view, N>& words) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

Error refusal(std::string_view what, std::string_view why) {
  return Error{ErrorKind::kPermission,
               "Permission Error: " + std::string(what) + " is refused: " + std::string(why)};
}

std::optional<Error> refused_name(const std::string& name, const StatementPolicy& policy) {
  for (const auto& [refused, reason] : kRefusedNames) {
    if (name != refused) continue;
    if (name == "import_database" && !policy.read_only) return std::nullopt;
    return refusal(name, reason);
  }
  return std::nullopt;
}

bool is_symbol(const Token& token, std::string_view symbol) {
  return token.kind == TokenKind::kSymbol && token.text == symbol;
}

// A word or a quoted name, compared the way DuckDB finds functions: without regard to case.
std::string name_of(const Token& token) {
  if (token.kind == TokenKind::kWord) return token.text;
  if (token.kind != TokenKind::kQuotedName) return "";
  std::string lowered = token.text;
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lowered;
}

class TextCheck {
 public:
  TextCheck(const StatementPolicy& policy, int depth) : policy_(policy), depth_(depth) {}

  std::optional<Error> check(std::string_view sql) {
    const std::vector<Token> tokens = tokenize_sql(sql);
    std::vector<Token> code;
    for (const Token& token : tokens) {
      if (auto refused = check_token(sql, token)) return refused;
      if (token.kind != TokenKind::kComment) code.push_back(token);
    }
    size_t begin = 0;
    for (size_t i = 0; i <= code.size(); ++i) {
      if (i < code.size() && !is_symbol(code[i], ";")) continue;
      if (auto refused = check_statement(std::vector<Token>(code.begin() + begin, code.begin() + i))) {
        return refused;
      }
      begin = i + 1;
    }
    return std::nullopt;
  }

 private:
  std::optional<Error> check_token(std::string_view sql, const Token& token) {
    if (token.kind == TokenKind::kEscapeString && (sql[token.begin] == 'u' || sql[token.begin] == 'U')) {
      return refusal("U& escaped text", "names and strings with Unicode escapes could hide what runs");
    }
    // Strings and comments are data: SQL inside a string runs only through query(), checked below.
    if (token.kind != TokenKind::kWord && token.kind != TokenKind::kQuotedName) return std::nullopt;
    for (const std::string& run : identifier_runs(token.text)) {
      if (auto refused = refused_name(run, policy_)) return refused;
    }
    return std::nullopt;
  }

  std::optional<Error> check_statement(const std::vector<Token>& code) {
    if (code.empty()) return std::nullopt;
    for (size_t i = 0; i < code.size(); ++i) {
      const std::string name = name_of(code[i]);
      if (name == "query" && i + 1 < code.size() && is_symbol(code[i + 1], "(")) {
        if (auto refused = check_query_call(code, i + 2)) return refused;
      }
      if ((name == "create" || name == "drop") && names_a_secret(code, i + 1)) {
        return refusal(name == "create" ? "CREATE SECRET" : "DROP SECRET",
                       "secrets are shared by every client of the server");
      }
    }
    return check_head(code);
  }

  // query('...') runs the SQL in its argument: only one literal, which is checked in turn.
  std::optional<Error> check_query_call(const std::vector<Token>& code, size_t argument) {
    const bool literal = argument + 1 < code.size() && code[argument].kind == TokenKind::kString &&
                         is_symbol(code[argument + 1], ")");
    if (!literal || depth_ >= kMaxNestedQueries) {
      return refusal("query() with SQL that is not one string literal",
                     "the server must see the SQL it runs");
    }
    return TextCheck(policy_, depth_ + 1).check(code[argument].text);
  }

  static bool names_a_secret(const std::vector<Token>& code, size_t at) {
    while (at < code.size() && (one_of(code[at].text, kSecretModifiers) || code[at].text == "temp")) ++at;
    return at < code.size() && code[at].kind == TokenKind::kWord && code[at].text == "secret";
  }

  // EXPLAIN ANALYZE and PREPARE run (or will run) the statement they wrap, which DuckDB then reports
  // as theirs: the wrapped statement must be one that only reads, or changes table data.
  std::optional<Error> check_head(const std::vector<Token>& code) {
    size_t at = 0;
    const std::string head = code[at].text;
    if (policy_.read_only && head == "import") return refusal("IMPORT DATABASE", kReadOnly);
    if ((head == "set" || head == "reset") && code.size() > 1 && code[1].text == "global") {
      return refusal(head == "set" ? "SET GLOBAL" : "RESET GLOBAL",
                     "it changes the setting for every client (SET without GLOBAL changes this session)");
    }
    bool wraps = false;
    if (head == "explain") {
      ++at;
      if (at < code.size() && is_symbol(code[at], "(")) {
        while (at < code.size() && !is_symbol(code[at], ")")) wraps |= is_analyze(code[at++]);
        ++at;
      }
      while (at < code.size() && (is_analyze(code[at]) || code[at].text == "verbose"))
        wraps |= is_analyze(code[at++]);
    } else if (head == "prepare") {
      wraps = true;
      at += 2;  // PREPARE name
      if (at < code.size() && is_symbol(code[at], "(")) {
        while (at < code.size() && !is_symbol(code[at], ")")) ++at;
        ++at;
      }
      if (at < code.size() && code[at].text == "as") ++at;
    }
    if (!wraps) return std::nullopt;
    const std::string inner = at < code.size() ? code[at].text : "";
    if (one_of(inner, kQueryHeads) || (!policy_.read_only && one_of(inner, kDataChangeHeads)))
      return std::nullopt;
    return refusal(
        head == "explain" ? "EXPLAIN ANALYZE of this statement" : "PREPARE of this statement",
        policy_.read_only ? kReadOnly : "only queries and INSERT, UPDATE, DELETE or MERGE may be wrapped");
  }

  static bool is_analyze(const Token& token) {
    return token.kind == TokenKind::kWord && (token.text == "analyze" || token.text == "analyse");
  }

  const StatementPolicy& policy_;
  int depth_;
};

std::string_view type_name(duckdb_statement_type type) {
  switch (type) {
    case DUCKDB_STATEMENT_TYPE_INSERT:
      return "INSERT";
    case DUCKDB_STATEMENT_TYPE_UPDATE:
      return "UPDATE";
    case DUCKDB_STATEMENT_TYPE_DELETE:
      return "DELETE";
    case DUCKDB_STATEMENT_TYPE_CREATE:
    case DUCKDB_STATEMENT_TYPE_CREATE_FUNC:
      return "CREATE";
    case DUCKDB_STATEMENT_TYPE_ALTER:
      return "ALTER";
    case DUCKDB_STATEMENT_TYPE_DROP:
      return "DROP";
    case DUCKDB_STATEMENT_TYPE_COPY:
      return "COPY";
    case DUCKDB_STATEMENT_TYPE_EXPORT:
      return "EXPORT DATABASE";
    case DUCKDB_STATEMENT_TYPE_ANALYZE:
      return "ANALYZE";
    case DUCKDB_STATEMENT_TYPE_VACUUM:
      return "VACUUM";
    default:
      return "this statement";
  }
}

bool only_reads(duckdb_statement_type type) {
  switch (type) {
    case DUCKDB_STATEMENT_TYPE_SELECT:
    case DUCKDB_STATEMENT_TYPE_EXPLAIN:
    case DUCKDB_STATEMENT_TYPE_PREPARE:
    case DUCKDB_STATEMENT_TYPE_EXECUTE:
    case DUCKDB_STATEMENT_TYPE_TRANSACTION:
    case DUCKDB_STATEMENT_TYPE_VARIABLE_SET:
    case DUCKDB_STATEMENT_TYPE_PRAGMA:
    case DUCKDB_STATEMENT_TYPE_CALL:
    case DUCKDB_STATEMENT_TYPE_SET:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::optional<Error> refuse_sql_text(std::string_view sql, const StatementPolicy& policy) {
  return TextCheck(policy, 0).check(sql);
}

const std::vector<std::string_view>& session_settings() {
  static const std::vector<std::string_view> settings{"TimeZone",
                                                      "Calendar",
                                                      "search_path",
                                                      "schema",
                                                      "integer_division",
                                                      "explain_output",
                                                      "max_expression_depth",
                                                      "ordered_aggregate_threshold",
                                                      "late_materialization_max_rows",
                                                      "scalar_subquery_error_on_multiple_rows",
                                                      "perfect_ht_threshold",
                                                      "pivot_limit",
                                                      "order_by_non_integer_literal",
                                                      "ieee_floating_point_ops",
                                                      "lambda_syntax",
                                                      "progress_bar_time"};
  return settings;
}

std::optional<Error> refuse_statement_type(duckdb_statement_type type, const StatementPolicy& policy) {
  switch (type) {
    case DUCKDB_STATEMENT_TYPE_ATTACH:
    case DUCKDB_STATEMENT_TYPE_DETACH:
      return refusal(type == DUCKDB_STATEMENT_TYPE_ATTACH ? "ATTACH" : "DETACH",
                     "attached databases are shared by every client of the server");
    case DUCKDB_STATEMENT_TYPE_LOAD:
      return refusal(
          "INSTALL or LOAD",
          "extensions are shared by every client of the server (it loads them at start: --extensions)");
    case DUCKDB_STATEMENT_TYPE_EXTENSION:
    case DUCKDB_STATEMENT_TYPE_LOGICAL_PLAN:
      return refusal("this statement type", "the server cannot tell what it changes");
    default:
      break;
  }
  if (policy.read_only && !only_reads(type)) return refusal(type_name(type), kReadOnly);
  return std::nullopt;
}

}  // namespace duckwire::duckdb
