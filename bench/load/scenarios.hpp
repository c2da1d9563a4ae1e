#pragma once
// The load scenarios of duckwire_wsload; each returns its figures as a JSON object.

#include <boost/json/object.hpp>

#include <sys/types.h>
#include <cstdint>
#include <string>

namespace bench {

struct LoadOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;
  pid_t server_pid = 0;
  // latency
  int iterations = 5000;
  int warmup = 500;
  std::string type = "json";  // json | arrow | notify (no database work)
  // throughput: `connections` connections of `door` send `sql` in a closed loop; with
  // large_connections, that many more SQLRooms connections fetch large_rows rows as Arrow meanwhile
  int connections = 32;
  double seconds = 5;
  std::string door = "sqlrooms";  // sqlrooms | jsonrpc | http-sql | quack (see load/door_client.hpp)
  uint16_t quack_port = 0;
  std::string sql = "SELECT 1";
  int large_connections = 0;
  int64_t large_rows = 1'000'000;
  // slow reader
  int64_t rows = 10'000'000;
  int receive_buffer = 16 * 1024;
  double read_mb_per_s = 50;
  // auth hammer: Basic credentials of a user the server knows
  std::string user = "bench";
  std::string password = "bench-password";
  // hostile
  std::string attack;  // unauth-flood | notify-flood | head-of-line
  std::string token;   // the server's --auth-token, for the healthy client
};

// SELECT 1 (or notify) round trips, one at a time on one connection.
boost::json::object run_latency(const LoadOptions& options);
// `sql` in a closed loop on `connections` connections of one door (one outstanding query each), with
// large results fetched on other connections meanwhile when asked; queries/s, latency percentiles and
// the server's and the client's CPU per query.
boost::json::object run_throughput(const LoadOptions& options);
// Streams `rows` rows as Arrow to a reader throttled to read_mb_per_s with a small receive buffer,
// sampling the server's VmRSS meanwhile.
boost::json::object run_slow_reader(const LoadOptions& options);
// A healthy client's authenticated GET /sql round trips alone, then while `connections` connections
// from the same address hammer wrong Basic passwords, for `seconds` each; the hammers' 401/429 counts.
boost::json::object run_auth_hammer(const LoadOptions& options);
// An attack (issue 7 items 4, 5, 9) for `seconds`, with the server's memory and a healthy client's
// SELECT 1 latency measured meanwhile (head-of-line: on the connection that receives a `rows` result).
boost::json::object run_hostile(const LoadOptions& options);

}  // namespace bench
