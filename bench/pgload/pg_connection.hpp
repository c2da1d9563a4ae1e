#pragma once
// A libpq connection for the benchmarks: connects or throws, checks result statuses, frees results.

#include <libpq-fe.h>
#include <sys/types.h>

#include <memory>
#include <string>
#include <string_view>

namespace bench::pg {

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

class Connection {
 public:
  // `dsn` is a libpq connection string; the password comes from PGPASSWORD like for psql.
  explicit Connection(const std::string& dsn);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  PGconn* get() const { return conn_; }
  // Takes ownership of `result`; throws with the server's message unless its status is `expected`.
  ResultPtr expect(PGresult* result, ExecStatusType expected, std::string_view what) const;
  // Throws with the connection's error message unless `ok` (a libpq call's success flag).
  void check(int ok, std::string_view what) const;
  pid_t backend_pid() const { return PQbackendPID(conn_); }

 private:
  PGconn* conn_;
};

}  // namespace bench::pg
