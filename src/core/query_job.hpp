#pragma once
// One statement: runs it on a worker, either on a session borrowed for this request alone (retrying
// once on a transaction conflict) or on a connection's own session, and hands out its result encoded
// piece by piece. Each piece is fetched and encoded only when the caller asks for it, so a slow client
// slows its own query and nothing else. The statement holds a place in fair admission only while a
// worker works for it (core/statement_place.hpp): while the caller is busy with a piece (a client
// that stops reading), others run; a statement timeout, when set, interrupts it however far it got.
// Call from one strand; cancel() may come from anywhere.

#include <boost/asio/awaitable.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "backend/result_file_writer.hpp"
#include "core/async_event.hpp"
#include "core/server_context.hpp"
#include "core/statement_place.hpp"
#include "encode/result_encoder.hpp"

namespace duckwire {

// Runs the job's statement on a session (on a worker thread); the stream is the job's result.
using StatementRunner = std::function<Result<std::unique_ptr<ResultStream>>(Session&)>;
// Makes the encoder of a result with this schema, for a front door whose pieces are its own messages.
using EncoderFactory = std::function<std::unique_ptr<encode::ResultEncoder>(const ResultSchema&)>;
// Reads a whole result itself, on a worker: its schema, then its chunks pulled from the source.
using ChunkConsumer = std::function<Result<void>(const ResultSchema&, const ChunkSource&)>;

// What names a statement in its query_completed event (core/server_events.hpp).
struct QueryIdentity {
  std::string query_id;   // the client's; empty: the event numbers it
  std::string principal;  // who ran it ("user:NAME", "token:N"); empty when not known
  std::string sql;        // empty: the SQL the job was made with
};

class QueryJob : public std::enable_shared_from_this<QueryJob> {
 public:
  // `owner` is the client connection the statement belongs to (Admission::new_owner()).
  // Runs `sql` on a pooled session.
  QueryJob(const ServerContext& server, Protocol protocol, AdmissionOwner owner, std::string sql);
  // Runs `runner` on a pooled session.
  QueryJob(const ServerContext& server, Protocol protocol, AdmissionOwner owner, StatementRunner runner);
  // Runs `runner` on `own_session`, a session that outlives the job and that nothing else uses
  // meanwhile (a connection's own); no retry, since the session may be inside a transaction.
  QueryJob(const ServerContext& server, Protocol protocol, AdmissionOwner owner, StatementRunner runner,
           Session& own_session);
  ~QueryJob();
  QueryJob(const QueryJob&) = delete;
  QueryJob& operator=(const QueryJob&) = delete;

  // A client's own time limit for this statement; it can only lower the server's --statement-timeout.
  // Call before start().
  void limit_time(std::chrono::milliseconds requested);

  // Names the statement in the query_completed event published when the job ends (with its outcome,
  // rows and time). Call before start().
  void identify(QueryIdentity identity);
  // The result's pieces are made by encoders from `factory`, whatever format next() is given. Call
  // before start().
  void encode_with(EncoderFactory factory);

  // Waits for the owner's turn, then runs the statement. An error here means nothing was produced. With
  // `prefetch`, the first piece of the result in that format is made in the same trip to the worker (a small
  // result then needs no further trip).
  boost::asio::awaitable<Result<void>> start(std::optional<encode::ResultFormat> prefetch = std::nullopt);
  // start(format), then the first piece: what a caller needs before it answers. An error means
  // nothing was produced.
  boost::asio::awaitable<Result<std::optional<std::string>>> start_and_take_first(
      encode::ResultFormat format);
  bool returns_rows() const;

  // The next encoded bytes of the result in `format`: the opening, then the rows, then the closing.
  // nullopt once everything was handed out. While the caller sends a piece, a worker already makes
  // the next one (at most one piece ahead). Create jobs with make_shared: that work keeps the job alive.
  boost::asio::awaitable<Result<std::optional<std::string>>> next(encode::ResultFormat format);
  // Instead of next(): hands the result to `consumer` on one trip to a worker, for a consumer that pulls
  // the chunks itself (a file writer); the statement keeps its admission place meanwhile. A consumer's
  // error is the job's outcome, as a failing result's is. A statement that returns no rows is an error.
  boost::asio::awaitable<Result<void>> consume(ChunkConsumer consumer);
  // Releases the result and the session on a worker (the DuckDB calls may block).
  boost::asio::awaitable<void> close();

  // Interrupts the statement (or takes it out of the queue); it then fails with "Query was cancelled".
  void cancel();
  // The caller gives up on the result because of `error` (counted as the query's outcome) and stops it.
  void abandon(const Error& error);
  // Why the job was stopped (its cancel or its timeout); nullopt while it was not.
  std::optional<Error> stop_error() const;
  // `wake` is posted to `where` when the job is stopped after this call, for a caller that waits on
  // something else than the job meanwhile.
  void on_stop(boost::asio::any_io_executor where, std::function<void()> wake);

 private:
  struct Running;
  using Piece = Result<std::optional<std::string>>;
  struct ReadAhead;
  enum class StopReason { kNone, kCancel, kTimeout };
  boost::asio::awaitable<Result<void>> wait_for_turn();
  boost::asio::awaitable<Result<void>> take_place();
  void stop(StopReason reason);
  Error stopped_error() const;
  Result<void> start_blocking(std::optional<encode::ResultFormat> prefetch);
  void read_ahead(encode::ResultFormat format, boost::asio::any_io_executor home);
  void release();
  Result<std::optional<std::string>> next_blocking(encode::ResultFormat format);
  Result<std::optional<Chunk>> pull_blocking();
  // next_blocking(), then the place goes back until the caller asks for more.
  Result<std::optional<std::string>> step_blocking(encode::ResultFormat format);
  Error describe(Error error) const;
  void fail(const Error& error);
  void publish_outcome();

  const ServerContext& server_;
  Protocol protocol_;
  AdmissionOwner owner_;
  StatementRunner runner_;
  QueryIdentity identity_;
  EncoderFactory encoder_factory_;
  Session* own_session_ = nullptr;
  std::unique_ptr<Running> running_;
  std::chrono::milliseconds timeout_;  // zero: none
  std::mutex session_mutex_;           // guards session_ and on_stop_ against stop()
  Session* session_ = nullptr;         // the session while the job holds it; stop() interrupts it
  StatementPlace place_;               // held while a worker works for the statement
  boost::asio::any_io_executor on_stop_executor_;
  std::function<void()> on_stop_;
  StatementTimer::Armed deadline_;
  std::atomic<StopReason> stop_reason_{StopReason::kNone};
  bool failed_ = false;
  std::string failure_;     // the message of the error counted as the outcome
  bool completed_ = false;  // the result was read to its end (or the statement returns no rows)
  int64_t rows_returned_ = 0;
  bool returns_rows_ = false;
  std::optional<Piece> prefetched_;
  std::shared_ptr<ReadAhead> ahead_;  // the piece a worker is making now
  std::chrono::steady_clock::time_point started_at_;
};

// The error text a client sees when its own cancel interrupted the query.
inline constexpr const char* kCancelledMessage = "Query was cancelled";
// The start of the error text when the statement timeout interrupted it.
inline constexpr const char* kStatementTimeoutMessage = "statement timeout";

}  // namespace duckwire
