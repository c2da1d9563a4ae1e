// Clauses DuckDB lacks or spells otherwise, each dropped only where PostgreSQL's effect does not
// apply to DuckDB (docs/protocols/pgwire-dialect.md says why for each).

#include <algorithm>
#include <array>

#include "protocols/pgwire/catalog/pg_rewrite_passes.hpp"

namespace duckwire::pgwire::rewrite {

namespace {

// Storage parameters that tune PostgreSQL's heap and index pages, vacuum and TOAST: DuckDB has none.
constexpr std::array<std::string_view, 14> kStorageParameters = {"fillfactor",
                                                                 "parallel_workers",
                                                                 "toast_tuple_target",
                                                                 "vacuum_index_cleanup",
                                                                 "vacuum_truncate",
                                                                 "log_autovacuum_min_duration",
                                                                 "deduplicate_items",
                                                                 "fastupdate",
                                                                 "gin_pending_list_limit",
                                                                 "buffering",
                                                                 "pages_per_range",
                                                                 "autosummarize",
                                                                 "oids",
                                                                 "user_catalog_table"};

bool is_statement(const SqlTokens& tokens, std::string_view head) {
  return tokens.word(0, head);
}

// OPERATOR(pg_catalog.~) → ~
void bare_operators(const SqlTokens& tokens, TextEdits& edits) {
  for (size_t i = 0; i + 2 < tokens.size(); ++i) {
    if (!tokens.word(i, "operator") || !tokens.symbol(i + 1, "(")) continue;
    size_t op = i + 2;
    while (tokens.identifier(op) && tokens.symbol(op + 1, ".")) op += 2;
    if (op >= tokens.size() || tokens[op].kind != core::SqlTokenKind::kOperator ||
        !tokens.symbol(op + 1, ")")) {
      continue;
    }
    edits.replace(tokens.begin_of(i), tokens[op + 1].end, std::string(tokens.text(op)));
  }
}

// COLLATE pg_catalog.default / "default" dropped (DuckDB compares as the database does by default);
// COLLATE pg_catalog."C" → COLLATE "C".
void collations(const SqlTokens& tokens, TextEdits& edits) {
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (!tokens.word(i, "collate") || !tokens.identifier(i + 1)) continue;
    const size_t end = tokens.name_end(i + 1);
    if (tokens.name(end - 1, "default")) {
      edits.erase(tokens.end_before(i), tokens[end - 1].end);
    } else if (end - (i + 1) == 3 && tokens.name(i + 1, "pg_catalog")) {
      edits.erase(tokens.begin_of(i + 1), tokens.begin_of(end - 1));
    }
  }
}

// SELECT ... FOR UPDATE | NO KEY UPDATE | SHARE | KEY SHARE [OF t, ...] [NOWAIT | SKIP LOCKED]:
// DuckDB has no row locks; its optimistic concurrency fails a conflicting write at commit instead.
void row_locks(const SqlTokens& tokens, TextEdits& edits) {
  const bool query = tokens.word(0, "select") || tokens.word(0, "with") || tokens.symbol(0, "(");
  if (!query) return;
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (!tokens.word(i, "for")) continue;
    size_t at = i + 1;
    if (tokens.word(at, "no") && tokens.word(at + 1, "key")) at += 2;
    if (tokens.word(at, "key") && tokens.word(at + 1, "share")) ++at;
    if (!tokens.word(at, "update") && !tokens.word(at, "share")) continue;
    ++at;
    if (tokens.word(at, "of")) {
      at = tokens.name_end(at + 1);
      while (tokens.symbol(at, ",") && tokens.identifier(at + 1)) at = tokens.name_end(at + 1);
    }
    if (tokens.word(at, "nowait")) ++at;
    if (tokens.word(at, "skip") && tokens.word(at + 1, "locked")) at += 2;
    edits.erase(tokens.end_before(i), tokens.end_before(at));
    i = at - 1;
  }
}

bool is_storage_parameter(const SqlTokens& tokens, size_t i) {
  if (tokens.name(i, "toast") && tokens.symbol(i + 1, ".")) return true;
  const std::string name = tokens.identifier(i) ? tokens.folded(i) : "";
  return name.starts_with("autovacuum_") ||
         std::find(kStorageParameters.begin(), kStorageParameters.end(), name) != kStorageParameters.end();
}

// CREATE TABLE/INDEX ... WITH (fillfactor = 100, ...) and WITHOUT OIDS: physical storage tuning.
void storage_parameters(const SqlTokens& tokens, TextEdits& edits) {
  if (!is_statement(tokens, "create")) return;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (tokens.word(i, "without") && tokens.word(i + 1, "oids"))
      edits.erase(tokens.end_before(i), tokens[i + 1].end);
    if (!tokens.word(i, "with") || !tokens.symbol(i + 1, "(")) continue;
    const size_t close = tokens.closing(i + 1);
    bool all_storage = close < tokens.size();
    for (size_t at = i + 2; at < close && all_storage; at = tokens.item_end(at, close) + 1) {
      all_storage = is_storage_parameter(tokens, at);
    }
    if (all_storage) edits.erase(tokens.end_before(i), tokens[close].end);
  }
}

// COPY ... WITH (FREEZE [on]): PostgreSQL's hint to skip later vacuum work; DuckDB has no vacuum.
void copy_freeze(const SqlTokens& tokens, TextEdits& edits) {
  if (!is_statement(tokens, "copy") || !tokens.symbol(tokens.size() - 1, ")")) return;
  const size_t close = tokens.size() - 1;
  const size_t open = tokens.opening(close);
  if (open >= tokens.size()) return;
  std::vector<std::pair<size_t, size_t>> options;  // [first, past last) of each
  for (size_t at = open + 1; at < close;) {
    const size_t end = tokens.item_end(at, close);
    options.emplace_back(at, end);
    at = end + 1;
  }
  for (size_t k = 0; k < options.size(); ++k) {
    const auto [first, end] = options[k];
    if (!tokens.word(first, "freeze")) continue;
    if (options.size() == 1) {
      const size_t from = tokens.word(open - 1, "with") ? open - 1 : open;
      edits.erase(tokens.end_before(from), tokens[close].end);
    } else if (k + 1 < options.size()) {
      edits.erase(tokens.begin_of(first), tokens.begin_of(options[k + 1].first));
    } else {
      edits.erase(tokens.end_before(options[k - 1].second), tokens.end_before(end));
    }
  }
}

// ON DELETE | ON UPDATE <action> of foreign keys: DuckDB refuses every action but its own NO ACTION.
// Without it, deleting a referenced row fails with a foreign key error instead of cascading.
void foreign_key_actions(const SqlTokens& tokens, TextEdits& edits) {
  if (!is_statement(tokens, "create") && !is_statement(tokens, "alter")) return;
  for (size_t i = 0; i + 2 < tokens.size(); ++i) {
    if (!tokens.word(i, "on") || !(tokens.word(i + 1, "delete") || tokens.word(i + 1, "update"))) continue;
    size_t at = i + 2;
    if (tokens.word(at, "cascade") || tokens.word(at, "restrict")) {
      ++at;
    } else if (tokens.word(at, "no") && tokens.word(at + 1, "action")) {
      at += 2;
    } else if (tokens.word(at, "set") && (tokens.word(at + 1, "null") || tokens.word(at + 1, "default"))) {
      at += 2;
      if (tokens.symbol(at, "(")) at = tokens.closing(at) + 1;
    } else {
      continue;
    }
    edits.erase(tokens.end_before(i), tokens.end_before(at));
  }
}

// VACUUM FULL / FREEZE / VERBOSE and (options): PostgreSQL's page and visibility maintenance and its
// report, which DuckDB's VACUUM has no counterpart for; ANALYZE stays.
void vacuum_options(const SqlTokens& tokens, TextEdits& edits) {
  const bool vacuum = is_statement(tokens, "vacuum");
  if (!vacuum && !is_statement(tokens, "analyze") && !is_statement(tokens, "analyse")) return;
  if (tokens.symbol(1, "(")) {
    const size_t close = tokens.closing(1);
    if (close >= tokens.size()) return;
    bool analyze = false;
    for (size_t at = 2; at < close; ++at) analyze |= tokens.word(at, "analyze") || tokens.word(at, "analyse");
    if (vacuum && analyze) {
      edits.replace(tokens.begin_of(1), tokens.end_before(close + 1), "(ANALYZE)");
    } else {
      edits.erase(tokens.end_before(1), tokens.end_before(close + 1));
    }
    return;
  }
  for (size_t at = 1; tokens.word(at, "full") || tokens.word(at, "freeze") || tokens.word(at, "verbose") ||
                      tokens.word(at, "analyze") || tokens.word(at, "analyse");
       ++at) {
    if (!tokens.word(at, "analyze") && !tokens.word(at, "analyse"))
      edits.erase(tokens.end_before(at), tokens[at].end);
  }
}

// CREATE INDEX ... USING btree (...): DuckDB's own index (ART) serves what a B-tree does.
void btree_indexes(const SqlTokens& tokens, TextEdits& edits) {
  if (!is_statement(tokens, "create")) return;
  for (size_t i = 1; i + 2 < tokens.size(); ++i) {
    if (tokens.word(i, "using") && tokens.name(i + 1, "btree") && tokens.symbol(i + 2, "(")) {
      edits.erase(tokens.end_before(i), tokens[i + 1].end);
    }
  }
}

// GENERATED ALWAYS AS (expr) STORED: PostgreSQL computes the value on write, DuckDB on read (its only
// kind); either way a query sees the expression's value.
void stored_generated_columns(const SqlTokens& tokens, TextEdits& edits) {
  if (!is_statement(tokens, "create") && !is_statement(tokens, "alter")) return;
  for (size_t i = 0; i + 4 < tokens.size(); ++i) {
    if (!tokens.word(i, "generated") || !tokens.word(i + 1, "always") || !tokens.word(i + 2, "as") ||
        !tokens.symbol(i + 3, "(")) {
      continue;
    }
    const size_t stored = tokens.closing(i + 3) + 1;
    if (tokens.word(stored, "stored")) edits.erase(tokens.end_before(stored), tokens[stored].end);
  }
}

// EXPLAIN VERBOSE and the options (VERBOSE, COSTS, BUFFERS, ...) of PostgreSQL's executor and
// planner reports DuckDB's EXPLAIN has no counterpart for; ANALYZE and FORMAT stay.
void explain_options(const SqlTokens& tokens, TextEdits& edits) {
  if (!is_statement(tokens, "explain")) return;
  static constexpr std::array<std::string_view, 7> kDropped = {"verbose", "costs",  "buffers", "timing",
                                                                "summary", "settings", "wal"};
  const auto dropped = [&](size_t at) {
    return std::any_of(kDropped.begin(), kDropped.end(), [&](std::string_view word) { return tokens.word(at, word); });
  };
  if (tokens.symbol(1, "(")) {
    const size_t close = tokens.closing(1);
    if (close >= tokens.size()) return;
    std::vector<std::pair<size_t, size_t>> kept;  // [first, past last) of each option kept
    for (size_t at = 2; at < close;) {
      const size_t end = tokens.item_end(at, close);
      if (!dropped(at)) kept.emplace_back(at, end);
      at = end + 1;
    }
    std::string options;
    for (const auto& [first, end] : kept) {
      options += (options.empty() ? "" : ", ") +
                 std::string(tokens.sql().substr(tokens.begin_of(first), tokens.end_before(end) - tokens.begin_of(first)));
    }
    if (options.empty()) {
      edits.erase(tokens.end_before(1), tokens[close].end);
    } else {
      edits.replace(tokens.begin_of(1), tokens[close].end, "(" + options + ")");
    }
    return;
  }
  for (size_t at = 1; tokens.word(at, "analyze") || tokens.word(at, "analyse") || tokens.word(at, "verbose"); ++at) {
    if (tokens.word(at, "verbose")) edits.erase(tokens.end_before(at), tokens[at].end);
  }
}

}  // namespace

void rewrite_clauses(const SqlTokens& tokens, TextEdits& edits) {
  if (tokens.size() == 0) return;
  bare_operators(tokens, edits);
  collations(tokens, edits);
  row_locks(tokens, edits);
  storage_parameters(tokens, edits);
  copy_freeze(tokens, edits);
  foreign_key_actions(tokens, edits);
  vacuum_options(tokens, edits);
  btree_indexes(tokens, edits);
  stored_generated_columns(tokens, edits);
  explain_options(tokens, edits);
}

}  // namespace duckwire::pgwire::rewrite
