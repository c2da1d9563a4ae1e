#include "protocols/pgwire/parameter_typing.hpp"

#include <algorithm>
#include <span>
#include <string>

#include "encode/pg_types.hpp"

namespace duckwire::pgwire {

namespace {

namespace oid = encode::pg::oid;

// The types an untyped parameter is tried as, in order, and what it is then reported as.
struct Candidate {
  const char* duckdb_type;
  uint32_t type_oid;
};
constexpr Candidate kCandidates[] = {{"VARCHAR", oid::kText},          {"INTEGER", oid::kInt4},
                                     {"BIGINT", oid::kInt8},           {"DOUBLE", oid::kFloat8},
                                     {"TIMESTAMP", oid::kTimestamp}, {"INTERVAL", oid::kInterval},
                                     {"BOOLEAN", oid::kBool}};
// A numeric parameter typed by its value is described with this type (the widest DECIMAL).
constexpr const char* kDescribedNumeric = "DECIMAL(38,10)";

bool resolved(const ColumnType& type) {
  return type.id != TypeId::kNull && type.id != TypeId::kOther;
}

uint32_t reported_type(const ColumnType& type) {
  return resolved(type) ? encode::pg::pg_type_of(type).oid : oid::kText;
}

// DuckDB binds a statement whose parameters it cannot type only when it runs: its one result column
// is then "unknown".
bool deferred(const PreparedStatement& statement) {
  const std::vector<Column> columns = statement.result_columns();
  return columns.size() == 1 && columns[0].name == "unknown" && !resolved(columns[0].type);
}

bool binds_fully(const PreparedStatement& statement) {
  for (const ColumnType& type : statement.parameter_types()) {
    if (!resolved(type)) return false;
  }
  return !deferred(statement);
}

uint32_t entry(const std::vector<uint32_t>& types, size_t i) {
  return i < types.size() ? types[i] : 0;
}

// The statement with `casts` written in, when DuckDB binds it fully with them.
std::unique_ptr<PreparedStatement> prepared_fully(Session& session, std::string_view sql,
                                                  const std::vector<std::string>& casts) {
  auto probe = session.prepare(with_parameter_casts(sql, casts));
  if (!probe || !binds_fully(*probe.value())) return nullptr;
  return std::move(probe).value();
}

// Types the `untyped` parameters: all as text when the statement binds so, else the first
// candidate for one of them, the others text. Fills `casts` and `types`; nullptr when nothing binds.
std::unique_ptr<PreparedStatement> probe_untyped(Session& session, std::string_view sql,
                                                 const std::vector<size_t>& untyped,
                                                 std::vector<std::string>& casts, std::vector<uint32_t>& types) {
  for (const size_t i : untyped) {
    casts[i] = kCandidates[0].duckdb_type;
    types[i] = kCandidates[0].type_oid;
  }
  if (auto all_text = prepared_fully(session, sql, casts)) return all_text;
  for (const size_t i : untyped) {
    for (const Candidate& candidate : std::span(kCandidates).subspan(1)) {
      casts[i] = candidate.duckdb_type;
      if (auto found = prepared_fully(session, sql, casts)) {
        types[i] = candidate.type_oid;
        return found;
      }
    }
    casts[i] = kCandidates[0].duckdb_type;
  }
  for (const size_t i : untyped) casts[i].clear();
  return nullptr;
}

// The DuckDB type of every parameter, for a text that describes a deferred statement; empty when one
// has none.
std::vector<std::string> describing_types(const std::vector<std::string>& described,
                                          const std::vector<ColumnType>& inferred) {
  std::vector<std::string> types = described;
  for (size_t i = 0; i < types.size(); ++i) {
    if (!types[i].empty()) continue;
    if (!resolved(inferred[i])) return {};
    types[i] = inferred[i].to_string();
  }
  return types;
}

std::vector<std::string> type_names(const std::vector<ColumnType>& types) {
  std::vector<std::string> names;
  for (const ColumnType& type : types) names.push_back(type.to_string());
  return names;
}

std::string decision_key(std::string_view sql, const ParameterCasts& casts, const std::vector<uint32_t>& declared) {
  std::string key;
  for (const uint32_t type : declared) key += std::to_string(type) + ",";
  key += ";";
  for (size_t i = 0; i < casts.oids.size(); ++i) {
    key += std::to_string(casts.oids[i]) + (i < casts.numeric.size() && casts.numeric[i] ? "n," : ",");
  }
  key += ";";
  key += sql;
  return key;
}

Result<TypedStatement> decide(Session& session, std::string_view sql, const ParameterCasts& casts,
                              const std::vector<uint32_t>& declared, std::vector<std::string>& added) {
  auto first = session.prepare(sql);
  if (!first) return first.error();
  TypedStatement typed;
  const std::vector<ColumnType> inferred = first.value()->parameter_types();
  const size_t count = inferred.size();
  typed.parameter_types.assign(count, 0);
  added.assign(count, "");
  std::vector<size_t> untyped;
  std::vector<size_t> value_typed_numeric;
  for (size_t i = 0; i < count; ++i) {
    // PostgreSQL reads a declared unknown as unspecified.
    const uint32_t client = entry(declared, i) == oid::kUnknown ? 0 : entry(declared, i);
    const uint32_t cast = entry(casts.oids, i);
    uint32_t& type = typed.parameter_types[i];
    if (client != 0) {
      type = client;
      if (!resolved(inferred[i])) {
        if (auto duck = duckdb_parameter_type(client)) added[i] = *duck;
      }
    } else if (cast != 0) {
      type = cast;
    } else if (resolved(inferred[i])) {
      type = reported_type(inferred[i]);
    } else if (is_series_argument(sql, i + 1)) {
      type = oid::kInt4;
      added[i] = "INTEGER";
    } else {
      type = oid::kText;
      untyped.push_back(i);
    }
    const bool numeric_cast = i < casts.numeric.size() && casts.numeric[i];
    if (type == oid::kNumeric && !resolved(inferred[i]) && (numeric_cast || client != 0)) {
      value_typed_numeric.push_back(i);
    }
  }
  std::unique_ptr<PreparedStatement> chosen;
  if (!untyped.empty()) chosen = probe_untyped(session, sql, untyped, added, typed.parameter_types);
  const bool adds = std::any_of(added.begin(), added.end(), [](const auto& cast) { return !cast.empty(); });
  if (!chosen && adds) {
    if (auto cast = session.prepare(with_parameter_casts(sql, added))) chosen = std::move(cast).value();
  }
  typed.prepared = chosen ? std::move(chosen) : std::move(first).value();
  typed.columns = typed.prepared->result_columns();
  // Describing: numeric parameters typed by their values stand as the widest DECIMAL, and a statement
  // DuckDB binds only with its values is described with NULLs of the parameters' types.
  std::vector<std::string> described = added;
  for (const size_t i : value_typed_numeric) described[i] = kDescribedNumeric;
  const bool is_deferred = deferred(*typed.prepared);
  if (described != added || is_deferred) {
    const std::vector<std::string> nulls = is_deferred ? describing_types(described, inferred) : described;
    if (!nulls.empty()) {
      if (auto describing = session.prepare(with_parameter_casts(sql, nulls, is_deferred))) {
        typed.columns = describing.value()->result_columns();
      }
    }
  }
  return typed;
}

}  // namespace

const TypingDecision* TypingCache::find(const std::string& key) const {
  const auto found = decisions_.find(key);
  return found == decisions_.end() ? nullptr : &found->second;
}

void TypingCache::keep(std::string key, TypingDecision decision) {
  if (decisions_.size() >= kMaxDecisions) decisions_.clear();
  decisions_.insert_or_assign(std::move(key), std::move(decision));
}

Result<TypedStatement> prepare_typed(Session& session, std::string_view sql, const ParameterCasts& casts,
                                     const std::vector<uint32_t>& declared, TypingCache* cache) {
  const std::string key = cache != nullptr ? decision_key(sql, casts, declared) : std::string();
  if (const TypingDecision* decision = cache != nullptr ? cache->find(key) : nullptr) {
    auto prepared = session.prepare(with_parameter_casts(sql, decision->added));
    if (prepared && type_names(prepared.value()->parameter_types()) == decision->bound) {
      return TypedStatement{std::move(prepared).value(), decision->parameter_types, decision->columns};
    }
  }
  std::vector<std::string> added;
  auto typed = decide(session, sql, casts, declared, added);
  if (!typed || cache == nullptr) return typed;
  if (!typed.value().parameter_types.empty()) {
    cache->keep(key, TypingDecision{added, typed.value().parameter_types,
                                    type_names(typed.value().prepared->parameter_types()), typed.value().columns});
  }
  return typed;
}

}  // namespace duckwire::pgwire
