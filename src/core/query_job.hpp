#pragma once
// One statement: runs it on a worker, either on a session borrowed for this request alone (retrying
// once on a transaction conflict) or on a connection's own session, and hands out its result encoded
// piece by piece. Each piece is fetched and encoded only when the caller asks for it, so a slow client
// slows its own query and nothing else. Call from one strand; cancel() may come from anywhere.

#include <boost/asio/awaitable.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <memory>
#include <optional>
#include <string>

#include "core/server_context.hpp"
#include "encode/result_encoder.hpp"

namespace duckwire {

// Runs the job's statement on a session (on a worker thread); the stream is the job's result.
using StatementRunner = std::function<Result<std::unique_ptr<ResultStream>>(Session&)>;

class QueryJob : public std::enable_shared_from_this<QueryJob> {
 public:
  // Runs `sql` on a pooled session.
  QueryJob(const ServerContext& server, Protocol protocol, std::string sql);
  // Runs `runner` on a pooled session.
  QueryJob(const ServerContext& server, Protocol protocol, StatementRunner runner);
  // Runs `runner` on `own_session`, a session that outlives the job and that nothing else uses
  // meanwhile (a connection's own); no retry, since the session may be inside a transaction.
  QueryJob(const ServerContext& server, Protocol protocol, StatementRunner runner, Session& own_session);
  ~QueryJob();
  QueryJob(const QueryJob&) = delete;
  QueryJob& operator=(const QueryJob&) = delete;

  // Runs the statement. An error here means nothing was produced. With `prefetch`, the first piece of
  // the result in that format is made in the same trip to the worker (a small result then needs no
  // further trip).
  boost::asio::awaitable<Result<void>> start(std::optional<encode::ResultFormat> prefetch = std::nullopt);
  // start(format), then the first piece: what a caller needs before it answers. An error means
  // nothing was produced.
  boost::asio::awaitable<Result<std::optional<std::string>>> start_and_take_first(encode::ResultFormat format);
  bool returns_rows() const;

  // The next encoded bytes of the result in `format`: the opening, then the rows, then the closing.
  // nullopt once everything was handed out. While the caller sends a piece, a worker already makes
  // the next one (at most one piece ahead). Create jobs with make_shared: that work keeps the job alive.
  boost::asio::awaitable<Result<std::optional<std::string>>> next(encode::ResultFormat format);
  // Releases the result and the session on a worker (the DuckDB calls may block).
  boost::asio::awaitable<void> close();

  // Interrupts the statement; it then fails with "Query was cancelled".
  void cancel();

 private:
  struct Running;
  using Piece = Result<std::optional<std::string>>;
  struct ReadAhead;
  Result<void> start_blocking(std::optional<encode::ResultFormat> prefetch);
  void read_ahead(encode::ResultFormat format, boost::asio::any_io_executor home);
  void release();
  Result<std::optional<std::string>> next_blocking(encode::ResultFormat format);
  Error describe(Error error) const;
  void fail(const Error& error);

  const ServerContext& server_;
  Protocol protocol_;
  StatementRunner runner_;
  Session* own_session_ = nullptr;
  std::unique_ptr<Running> running_;
  std::mutex session_mutex_;
  Session* session_ = nullptr;  // the session while the job holds it; cancel() interrupts it
  std::atomic<bool> cancelled_{false};
  bool failed_ = false;
  bool returns_rows_ = false;
  std::optional<Piece> prefetched_;
  std::shared_ptr<ReadAhead> ahead_;  // the piece a worker is making now
  std::chrono::steady_clock::time_point started_at_;
};

// The error text a client sees when its own cancel interrupted the query.
inline constexpr const char* kCancelledMessage = "Query was cancelled";

}  // namespace duckwire
