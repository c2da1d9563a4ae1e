#pragma once
// One SQL call of the /sql API, as JSON-RPC and HTTP requests give it: q (SQL), p (parameters: an
// array binds ? and $1.., an object binds :name), m (bulk: p lists one parameter set per run).

#include <boost/json/value.hpp>

#include <string>
#include <vector>

#include "backend/value.hpp"
#include "core/query_job.hpp"
#include "util/error.hpp"

namespace duckwire::jsonrpc {

struct SqlCall {
  std::string sql;  // :name already rewritten to $name
  // None: plain SQL, which may hold several statements. One: a parameterised statement. Bulk: one
  // set per run of the statement.
  std::vector<Parameters> parameter_sets;
  bool bulk = false;
};

// The call for q, p and m as a request gave them (p and m may be absent). Errors are
// kInvalidParameter, with a message for the client.
Result<SqlCall> make_sql_call(std::string q, const boost::json::value* p, const boost::json::value* m);

enum class CallAccess { kReadWrite, kReadOnly };

// The statements of a call run one after another on one session, each answering its own result:
// what a response with one part per statement needs (a bulk call is one part, its total count). With
// positional parameters each statement takes as many as it has placeholders, in order; named parameters go to
// the statements that use them. Parameters no statement took are an error once the last statement is reached.
class CallScript {
 public:
  // `call` must outlive the script.
  CallScript(const SqlCall& call, CallAccess access) : call_(call), access_(access) {}
  // Runs the next statement (splitting the SQL first); DML and DDL answer with their outcome row.
  Result<std::unique_ptr<ResultStream>> run_next(Session& session);
  // True once the last statement ran.
  bool finished() const { return bulk_done_ || (statements_ && next_ == statements_->size()); }

 private:
  Result<Parameters> parameters_for(const PreparedStatement& statement);
  Result<void> check_all_taken() const;

  const SqlCall& call_;
  CallAccess access_;
  std::unique_ptr<StatementList> statements_;
  size_t next_ = 0;
  bool bulk_done_ = false;
  size_t positional_taken_ = 0;
  std::vector<std::string> names_taken_;
};

// Runs the call on a session (on a worker). A statement without a result set answers with the
// one-row statement_outcome. Bulk runs all sets in one transaction (or in the client's open one).
// `changed_data`, when given, learns whether any statement of the call may have changed data; it
// must outlive the runner's run.
StatementRunner make_runner(SqlCall call, CallAccess access, bool* changed_data = nullptr);

}  // namespace duckwire::jsonrpc
