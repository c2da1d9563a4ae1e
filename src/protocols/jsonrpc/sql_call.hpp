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

// Runs the call on a session (on a worker). A statement without a result set answers with the
// one-row statement_outcome. Bulk runs all sets in one transaction (or in the client's open one).
// `changed_data`, when given, learns whether any statement of the call may have changed data; it
// must outlive the runner's run.
StatementRunner make_runner(SqlCall call, CallAccess access, bool* changed_data = nullptr);

}  // namespace duckwire::jsonrpc
