#include "protocols/jsonrpc/sql_call.hpp"

#include <algorithm>

#include "backend/statement_outcome.hpp"
#include "protocols/jsonrpc/json_params.hpp"
#include "protocols/jsonrpc/named_parameters.hpp"

namespace duckwire::jsonrpc {

namespace json = boost::json;

namespace {

Error invalid_params(std::string why) {
  return Error{ErrorKind::kInvalidParameter, std::move(why)};
}

std::vector<std::string> parameter_names(const std::vector<Parameters>& sets) {
  std::vector<std::string> names;
  for (const Parameters& set : sets) {
    for (const auto& [name, value] : set.named) {
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    }
  }
  return names;
}

Result<void> drain(ResultStream& stream) {
  while (true) {
    auto chunk = stream.next();
    if (!chunk) return chunk.error();
    if (!chunk.value()) return {};
  }
}

// DML and DDL answer with their outcome row; queries stream their own rows.
Result<std::unique_ptr<ResultStream>> as_rows(Result<std::unique_ptr<ResultStream>> executed) {
  if (!executed || executed.value()->returns_rows()) return executed;
  ResultStream& stream = *executed.value();
  if (auto drained = drain(stream); !drained) return drained.error();
  return statement_outcome(stream.kind(), stream.rows_changed());
}

Result<std::unique_ptr<ResultStream>> run_read_only(Session& session, const SqlCall& call) {
  if (call.parameter_sets.empty()) return session.execute(call.sql, StatementAccess::kQueriesOnly);
  auto prepared = session.prepare(call.sql);
  if (!prepared) return prepared.error();
  if (prepared.value()->kind() != StatementKind::kQuery) {
    return Error{ErrorKind::kPermission, "this request may only read: statements other than SELECT are refused"};
  }
  return session.execute(*prepared.value(), call.parameter_sets[0]);
}

Result<std::unique_ptr<ResultStream>> run_bulk(Session& session, const SqlCall& call) {
  auto prepared = session.prepare(call.sql);
  if (!prepared) return prepared.error();
  // Inside the client's own transaction the bulk joins it; otherwise it gets one of its own.
  auto in_transaction = session.in_transaction();
  if (!in_transaction) return in_transaction.error();
  const bool own_transaction = !in_transaction.value();
  if (own_transaction) {
    if (auto begun = session.execute("BEGIN TRANSACTION"); !begun) return begun.error();
  }
  int64_t changed = 0;  // a bulk always answers with its count
  for (const Parameters& set : call.parameter_sets) {
    auto executed = session.execute(*prepared.value(), set);
    Result<void> done = executed ? drain(*executed.value()) : Result<void>(executed.error());
    if (!done) {
      if (own_transaction) {
        session.clear_interrupt();  // the bulk ends here either way; its transaction must not stay open
        (void)session.execute("ROLLBACK");
      }
      return done.error();
    }
    changed += executed.value()->rows_changed().value_or(0);
  }
  if (own_transaction) {
    if (auto committed = session.execute("COMMIT"); !committed) return committed.error();
  }
  return statement_outcome(prepared.value()->kind(), changed);
}

Result<std::unique_ptr<ResultStream>> run_call(Session& session, const SqlCall& call, CallAccess access) {
  if (access == CallAccess::kReadOnly) return run_read_only(session, call);
  if (call.bulk) return run_bulk(session, call);
  if (call.parameter_sets.empty()) return as_rows(session.execute(call.sql));
  auto prepared = session.prepare(call.sql);
  if (!prepared) return prepared.error();
  return as_rows(session.execute(*prepared.value(), call.parameter_sets[0]));
}

}  // namespace

Result<SqlCall> make_sql_call(std::string q, const json::value* p, const json::value* m) {
  bool bulk = false;
  if (m != nullptr) {
    if (!m->is_bool()) return invalid_params("m must be a boolean");
    bulk = m->get_bool();
  }
  SqlCall call;
  call.bulk = bulk;
  const bool has_parameters = p != nullptr;
  if (has_parameters && !p->is_array() && !p->is_object()) return invalid_params("p must be an array or an object");
  if (bulk) {
    if (!has_parameters || !p->is_array()) return invalid_params("with m true, p must be an array of parameter sets");
    for (const json::value& set : p->get_array()) {
      if (!set.is_array() && !set.is_object()) {
        return invalid_params("with m true, each parameter set must be an array or an object");
      }
      auto parameters = parameters_from_json(set);
      if (!parameters) return parameters.error();
      call.parameter_sets.push_back(std::move(parameters).value());
    }
  } else if (has_parameters && !(p->is_array() && p->get_array().empty()) &&
             !(p->is_object() && p->get_object().empty())) {
    auto parameters = parameters_from_json(*p);
    if (!parameters) return parameters.error();
    call.parameter_sets.push_back(std::move(parameters).value());
  }
  const std::vector<std::string> names = parameter_names(call.parameter_sets);
  call.sql = names.empty() ? std::move(q) : rewrite_named_parameters(q, names);
  return call;
}

StatementRunner make_runner(SqlCall call, CallAccess access, bool* changed_data) {
  return [call = std::move(call), access, changed_data](Session& session) {
    const uint64_t changes_before = session.data_changing_statements();
    auto result = run_call(session, call, access);
    if (changed_data != nullptr) *changed_data = session.data_changing_statements() > changes_before;
    return result;
  };
}

}  // namespace duckwire::jsonrpc
