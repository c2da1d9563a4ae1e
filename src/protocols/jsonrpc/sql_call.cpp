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

Error refused_in_read_only() {
  return Error{ErrorKind::kPermission,
               "this request may only read: statements other than SELECT are refused"};
}

Error parameter_count_mismatch(size_t expected, size_t given) {
  return invalid_params("expected " + std::to_string(expected) + " parameters, got " + std::to_string(given));
}

// Runs every statement of the call; the last one's result is the answer.
Result<std::unique_ptr<ResultStream>> run_script(Session& session, const SqlCall& call, CallAccess access) {
  CallScript script(call, access);
  while (true) {
    auto result = script.run_next(session);
    if (!result || script.finished()) return result;
    if (auto drained = drain(*result.value()); !drained) return drained.error();
  }
}

Result<std::unique_ptr<PreparedStatement>> prepare_one(Session& session, const std::string& sql) {
  auto statements = session.split(sql);
  if (!statements) return statements.error();
  if (statements.value()->size() != 1) return invalid_params("with m true, q must be exactly one statement");
  return statements.value()->prepare(0);
}

Result<std::unique_ptr<ResultStream>> run_bulk(Session& session, const SqlCall& call) {
  auto prepared = prepare_one(session, call.sql);
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
  if (call.bulk) return run_bulk(session, call);
  if (!call.parameter_sets.empty()) return run_script(session, call, access);
  if (access == CallAccess::kReadOnly) return session.execute(call.sql, StatementAccess::kQueriesOnly);
  return as_rows(session.execute(call.sql));
}

}  // namespace

Result<std::unique_ptr<ResultStream>> CallScript::run_next(Session& session) {
  if (call_.bulk) {
    bulk_done_ = true;
    return run_bulk(session, call_);
  }
  if (!statements_) {
    auto split = session.split(call_.sql);
    if (!split) return split.error();
    if (split.value()->size() == 0) return Error{ErrorKind::kInvalidInput, "no statement to execute"};
    statements_ = std::move(split).value();
  }
  if (finished()) return Error{ErrorKind::kInternal, "every statement already ran"};
  auto prepared = statements_->prepare(next_++);
  if (!prepared) return prepared.error();
  PreparedStatement& statement = *prepared.value();
  if (access_ == CallAccess::kReadOnly && statement.kind() != StatementKind::kQuery) {
    return refused_in_read_only();
  }
  auto parameters = parameters_for(statement);
  if (!parameters) return parameters.error();
  if (finished()) {
    if (auto all_taken = check_all_taken(); !all_taken) return all_taken.error();
  }
  return as_rows(session.execute(statement, parameters.value()));
}

Result<Parameters> CallScript::parameters_for(const PreparedStatement& statement) {
  Parameters taken;
  if (call_.parameter_sets.empty()) return taken;
  const Parameters& given = call_.parameter_sets[0];
  if (!given.positional.empty()) {
    const size_t count = statement.parameter_count();
    if (positional_taken_ + count > given.positional.size()) {
      return parameter_count_mismatch(positional_taken_ + count, given.positional.size());
    }
    const auto first = given.positional.begin() + static_cast<std::ptrdiff_t>(positional_taken_);
    taken.positional.assign(first, first + static_cast<std::ptrdiff_t>(count));
    positional_taken_ += count;
  }
  const std::vector<std::string> names = statement.parameter_names();
  for (const auto& [name, value] : given.named) {
    if (std::find(names.begin(), names.end(), name) == names.end()) continue;
    taken.named.emplace_back(name, value);
    names_taken_.push_back(name);
  }
  return taken;
}

Result<void> CallScript::check_all_taken() const {
  if (call_.parameter_sets.empty()) return {};
  const Parameters& given = call_.parameter_sets[0];
  if (positional_taken_ != given.positional.size()) {
    return parameter_count_mismatch(positional_taken_, given.positional.size());
  }
  for (const auto& [name, value] : given.named) {
    if (std::find(names_taken_.begin(), names_taken_.end(), name) == names_taken_.end()) {
      return invalid_params("unknown parameter: " + name);
    }
  }
  return {};
}

Result<SqlCall> make_sql_call(std::string q, const json::value* p, const json::value* m) {
  bool bulk = false;
  if (m != nullptr) {
    if (!m->is_bool()) return invalid_params("m must be a boolean");
    bulk = m->get_bool();
  }
  SqlCall call;
  call.bulk = bulk;
  const bool has_parameters = p != nullptr;
  if (has_parameters && !p->is_array() && !p->is_object())
    return invalid_params("p must be an array or an object");
  if (bulk) {
    if (!has_parameters || !p->is_array())
      return invalid_params("with m true, p must be an array of parameter sets");
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
