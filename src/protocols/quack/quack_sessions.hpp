#pragma once
// The Quack connections a server holds: each a DuckDB session of its own (TEMP tables and transactions
// are per Quack connection), found by an unguessable id the client echoes, used by one request at a time,
// and closed (rolled back) when idle longer than the timeout. The number of connections is bounded.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "backend/backend.hpp"
#include "protocols/quack/appends_ahead.hpp"
#include "protocols/quack/chunks_ahead.hpp"
#include "protocols/quack/logical_type.hpp"
#include "protocols/quack/messages.hpp"
#include "util/int128.hpp"

namespace duckwire::quack {

using Clock = std::chrono::steady_clock;

// How a statement ended (its result fetched to the end, or failed), for the server's query_completed.
struct StatementEnd {
  std::string sql;
  bool success = false;
  uint64_t rows = 0;
  Clock::time_point started;
  std::string error;
};

// A result a client fetches batch by batch.
struct OpenResult {
  std::string sql;
  Clock::time_point started;
  int128_t uuid = 0;
  std::vector<LogicalType> types;
  std::unique_ptr<ResultStream> stream;  // used under the connection's turn only; null once it ended
  ChunksAhead ahead;                     // its chunks read, not yet fetched
};

// Inside a client's transaction, the APPENDs to one table share one appender, flushed once (DuckDB's
// flush per chunk costs more than the append): before any other request, at another table, or when
// `bytes` grow past a bound.
struct OpenAppender {
  std::vector<std::string> table;
  std::vector<LogicalType> types;  // of the chunks it takes
  std::unique_ptr<TableAppender> appender;
  size_t bytes = 0;  // appended since the last flush
};

// The APPEND messages a connection may hold, answered and not yet appended (AppendsAhead).
constexpr size_t kAppendsAheadBytes = size_t{8} << 20;

struct QuackConnection {
  QuackConnection() = default;
  QuackConnection(const QuackConnection&) = delete;
  QuackConnection& operator=(const QuackConnection&) = delete;
  ~QuackConnection() { close_result(); }

  std::unique_ptr<Session> session;
  ClientInfo client;        // for the backend's hooks
  uint64_t owner = 0;       // its turns in fair admission (AdmissionOwner)
  std::optional<bool> in_transaction;  // as last asked; unknown again after a PREPARE or a failure
  std::optional<OpenAppender> appending;  // destroyed before the session it appends through
  AppendsAhead appends_ahead{kAppendsAheadBytes};
  std::optional<Error> append_failure;  // of an APPEND taken ahead: the answer to the next request
  std::optional<StatementEnd> ended;      // by the request being answered
  Clock::time_point last_used;  // guarded by QuackSessions
  std::mutex busy;              // one request at a time
  std::atomic<int> waiting{0};  // requests waiting for `busy`: reading ahead gives way to them

  // The current PREPARE's result, until the next PREPARE, APPEND or DISCONNECT. A FETCH reads it
  // without the turn; set_result() and close_result() are called under it.
  std::shared_ptr<OpenResult> result() const;
  void set_result(std::shared_ptr<OpenResult> result);
  // Ends the current result's stream (the engine call) and its FETCHes, also one waiting for chunks.
  void close_result();

 private:
  mutable std::mutex result_mutex_;
  std::shared_ptr<OpenResult> result_;
};

class QuackSessions {
 public:
  QuackSessions(size_t max_connections, std::chrono::milliseconds idle_timeout)
      : max_connections_(max_connections), idle_timeout_(idle_timeout) {}

  // Keeps `connection` under a new id; an Error when the server holds max_connections already.
  Result<std::string> add(std::shared_ptr<QuackConnection> connection, Clock::time_point now);
  // The connection of `id`, marked used at `now`; null when there is none (never was, closed, timed out).
  std::shared_ptr<QuackConnection> find(const std::string& id, Clock::time_point now);
  // Takes the connection out; null when there was none.
  std::shared_ptr<QuackConnection> remove(const std::string& id);
  // Takes every connection out (at shutdown).
  std::vector<std::shared_ptr<QuackConnection>> take_all();
  // Marks the end of a request on `connection`: its idle time counts from `now`.
  void release(QuackConnection& connection, Clock::time_point now);
  // Takes out the connections idle for longer than the timeout, not those a request is using: the
  // caller closes them (off the lock).
  std::vector<std::shared_ptr<QuackConnection>> take_idle(Clock::time_point now);
  size_t size() const;

 private:
  const size_t max_connections_;
  const std::chrono::milliseconds idle_timeout_;
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<QuackConnection>, std::less<>> connections_;
};

// 128 random bits as 32 lower-case hex digits.
std::string new_connection_id();

}  // namespace duckwire::quack
