#pragma once
// One statement for a stateless request: borrows a session, runs the SQL on a worker (retrying once
// on a transaction conflict), and hands out its result encoded piece by piece. Each piece is fetched
// and encoded only when the caller asks for it, so a slow client slows its own query and nothing
// else. Call from one strand; cancel() may come from anywhere.

#include <boost/asio/awaitable.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "core/server_context.hpp"
#include "encode/result_encoder.hpp"

namespace duckwire {

class QueryJob : public std::enable_shared_from_this<QueryJob> {
 public:
  QueryJob(const ServerContext& server, Protocol protocol, std::string sql);
  ~QueryJob();
  QueryJob(const QueryJob&) = delete;
  QueryJob& operator=(const QueryJob&) = delete;

  // Runs the statement. An error here means nothing was produced. With `prefetch`, the first piece of
  // the result in that format is made in the same trip to the worker (a small result then needs no
  // further trip).
  boost::asio::awaitable<Result<void>> start(std::optional<encode::ResultFormat> prefetch = std::nullopt);
  bool returns_rows() const;
  int64_t rows_changed() const;

  // The next encoded bytes of the result in `format`: the opening, then the rows, then the closing.
  // nullopt once everything was handed out. While the caller sends a piece, a worker already makes
  // the next one (at most one piece ahead). Create jobs with make_shared: that work keeps the job alive.
  boost::asio::awaitable<Result<std::optional<std::string>>> next(encode::ResultFormat format);
  // Releases the result and the session on a worker (the DuckDB calls may block).
  boost::asio::awaitable<void> close();

  // Interrupts the statement; it then fails with "Query was cancelled".
  void cancel();

  // Bytes the caller sent for this job, for the metrics.
  void count_sent(uint64_t bytes) { sent_bytes_ += bytes; }

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
  std::string sql_;
  std::unique_ptr<Running> running_;
  std::atomic<Session*> session_{nullptr};
  std::atomic<bool> cancelled_{false};
  bool failed_ = false;
  bool returns_rows_ = false;
  int64_t rows_changed_ = 0;
  std::optional<Piece> prefetched_;
  std::shared_ptr<ReadAhead> ahead_;  // the piece a worker is making now
  uint64_t sent_bytes_ = 0;
  std::chrono::steady_clock::time_point started_at_;
};

// The error text a client sees when its own cancel interrupted the query.
inline constexpr const char* kCancelledMessage = "Query was cancelled";

}  // namespace duckwire
