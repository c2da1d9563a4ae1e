#pragma once
// The types of a statement's parameters, as PostgreSQL infers them, for DuckDB. In order: the type the
// client declared in Parse, the type of an explicit `$n::T` cast, the type DuckDB infers from the
// statement; a parameter DuckDB cannot type (`abalance + $1`, `SELECT $1`) is tried as text, then as
// integer, bigint, double, timestamp, interval and boolean, and takes the first type the statement
// binds with (text where any type does, as PostgreSQL's unknown literals). The chosen type is written
// into the DuckDB text as CAST($n AS T), so that DuckDB plans the statement once with it and a value
// bound later never re-plans it as a string literal.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "backend/backend.hpp"
#include "protocols/pgwire/parameter_casts.hpp"

namespace duckwire::pgwire {

struct TypedStatement {
  std::unique_ptr<PreparedStatement> prepared;  // what Execute runs
  std::vector<uint32_t> parameter_types;        // PostgreSQL OIDs: ParameterDescription, Bind's decoding
  std::vector<Column> columns;                  // the result's columns; empty when it has none
};

// What typing a statement text decided, so that the next Parse of the same text (pgbench -M extended
// parses every statement again) prepares once instead of probing.
struct TypingDecision {
  std::vector<std::string> added;         // the casts written into the text
  std::vector<uint32_t> parameter_types;  // as TypedStatement's
  std::vector<std::string> bound;         // DuckDB's parameter types of the text with the casts
  std::vector<Column> columns;
};

// One session's decisions by statement; forgets them all past a bound.
class TypingCache {
 public:
  const TypingDecision* find(const std::string& key) const;
  void keep(std::string key, TypingDecision decision);

 private:
  static constexpr size_t kMaxDecisions = 256;
  std::unordered_map<std::string, TypingDecision> decisions_;
};

// On a worker: prepares the DuckDB text `sql` of a PostgreSQL statement whose explicit parameter casts
// are `casts`, with the client's `declared` types (0: unspecified). A decision in `cache` is taken again
// when the statement still binds its parameters as it did then (the tables may have changed).
Result<TypedStatement> prepare_typed(Session& session, std::string_view sql, const ParameterCasts& casts,
                                     const std::vector<uint32_t>& declared, TypingCache* cache = nullptr);

}  // namespace duckwire::pgwire
