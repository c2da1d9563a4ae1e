#pragma once
// The scenarios of duckwire_pgload (libpq against duckwire's PostgreSQL front door or PostgreSQL
// itself); each returns its figures as a JSON object.

#include <boost/json/object.hpp>

#include <sys/types.h>
#include <cstdint>
#include <string>

namespace bench::pg {

struct PgOptions {
  std::string dsn;  // libpq connection string
  std::string sql;  // the query of a fetch or slow reader
  // The server process whose figures are read from /proc; 0 = the session's backend (PostgreSQL's
  // per-connection process, PQbackendPID).
  pid_t server_pid = 0;
  // latency
  int iterations = 2000;
  int warmup = 200;
  // slow reader
  double read_mb_per_s = 50;
};

// Runs `sql` as a simple query with text results read row by row (single-row mode: the client's memory
// stays flat, and it was faster than one whole PGresult), touching every value; times send to last row.
boost::json::object run_fetch_text(const PgOptions& options);
// Runs `COPY (sql) TO STDOUT (FORMAT binary)` and reads every CopyData message.
// Both fetches also report the CPU seconds the client and the server (server_pid) spent meanwhile.
boost::json::object run_fetch_copy(const PgOptions& options);
// A prepared `SELECT 1` (extended protocol: Bind/Describe/Execute/Sync) executed one at a time.
boost::json::object run_latency(const PgOptions& options);
// Reads `sql` row by row throttled to read_mb_per_s, sampling the server's memory meanwhile. The
// socket keeps its default receive buffer: libpq connects before a smaller one could be set, and
// shrinking it on an established connection makes the kernel drop segments (retransmission stalls).
boost::json::object run_slow_reader(const PgOptions& options);

}  // namespace bench::pg
