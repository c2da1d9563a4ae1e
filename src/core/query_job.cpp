#include "core/query_job.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>

#include <thread>

#include <fmt/format.h>

#include "core/async_event.hpp"
#include "encode/value_size_check.hpp"

namespace duckwire {

namespace {

// Pieces handed to the caller grow to about this size before a write, to keep per-write overhead low.
constexpr size_t kPieceBytes = 1024 * 1024;
constexpr auto kConflictRetryPause = std::chrono::milliseconds(50);

}  // namespace

struct QueryJob::Running {
  explicit Running(SessionPool::Lease lease_) : lease(std::move(lease_)), session(lease->get()) {}
  explicit Running(Session& own) : session(&own) {}
  std::optional<SessionPool::Lease> lease;  // empty for a connection's own session
  Session* session;
  std::optional<ActiveQueries::Registration> registration;
  std::unique_ptr<ResultStream> stream;
  std::unique_ptr<encode::ResultEncoder> encoder;
  bool begun = false;
};

QueryJob::QueryJob(const ServerContext& server, Protocol protocol, AdmissionOwner owner, std::string sql)
    : QueryJob(server, protocol, owner, [sql](Session& session) { return session.execute(sql); }) {
  identity_.sql = std::move(sql);
}

QueryJob::QueryJob(const ServerContext& server, Protocol protocol, AdmissionOwner owner,
                   StatementRunner runner, Session& own_session)
    : QueryJob(server, protocol, owner, std::move(runner)) {
  own_session_ = &own_session;
}

QueryJob::QueryJob(const ServerContext& server, Protocol protocol, AdmissionOwner owner,
                   StatementRunner runner)
    : server_(server),
      protocol_(protocol),
      owner_(owner),
      runner_(std::move(runner)),
      timeout_(server.config.statement_timeout),
      place_(server.admission, owner, protocol),
      started_at_(std::chrono::steady_clock::now()) {
  server_.metrics.query_started(protocol_);
}

QueryJob::~QueryJob() {
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started_at_;
  server_.metrics.query_finished(protocol_, elapsed.count());
  publish_outcome();
  deadline_.disarm();
  running_.reset();
}

void QueryJob::publish_outcome() {
  const std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now() - started_at_;
  QueryCompleted event;
  event.query_id = std::move(identity_.query_id);
  event.sql = std::move(identity_.sql);
  event.principal = std::move(identity_.principal);
  event.protocol = protocol_;
  event.success = completed_ && !failed_;
  event.rows_returned = rows_returned_;
  event.execution_time_ms = elapsed.count();
  if (!event.success) event.error = failed_ ? failure_ : std::string("the client stopped reading the result");
  server_.events.query_completed(event);
}

void QueryJob::identify(QueryIdentity identity) {
  if (identity.sql.empty()) identity.sql = std::move(identity_.sql);
  identity_ = std::move(identity);
}

void QueryJob::encode_with(EncoderFactory factory) {
  encoder_factory_ = std::move(factory);
}

void QueryJob::limit_time(std::chrono::milliseconds requested) {
  if (requested.count() > 0 && (timeout_.count() == 0 || requested < timeout_)) timeout_ = requested;
}

void QueryJob::cancel() {
  stop(StopReason::kCancel);
}

void QueryJob::stop(StopReason reason) {
  StopReason none = StopReason::kNone;
  stop_reason_.compare_exchange_strong(none, reason);  // the first reason is the one reported
  place_.stop();
  std::lock_guard lock(session_mutex_);
  if (session_ != nullptr) session_->interrupt();
  if (on_stop_) boost::asio::post(on_stop_executor_, on_stop_);
}

void QueryJob::abandon(const Error& error) {
  fail(error);
  cancel();
}

void QueryJob::on_stop(boost::asio::any_io_executor where, std::function<void()> wake) {
  std::lock_guard lock(session_mutex_);
  on_stop_executor_ = std::move(where);
  on_stop_ = std::move(wake);
}

std::optional<Error> QueryJob::stop_error() const {
  if (stop_reason_ == StopReason::kNone) return std::nullopt;
  return stopped_error();
}

Error QueryJob::stopped_error() const {
  if (stop_reason_ == StopReason::kTimeout) {
    return Error{ErrorKind::kTimeout, fmt::format("{}: the statement did not finish within {} ms",
                                                  kStatementTimeoutMessage, timeout_.count())};
  }
  return Error{ErrorKind::kInterrupted, kCancelledMessage};
}

Error QueryJob::describe(Error error) const {
  if (error.kind == ErrorKind::kInterrupted) {
    if (stop_reason_ != StopReason::kNone) return stopped_error();
    if (server_.active.closed())
      return Error{ErrorKind::kUnavailable, "server is shutting down: query interrupted"};
  }
  return error;
}

void QueryJob::fail(const Error& error) {
  if (failed_) return;
  failed_ = true;
  failure_ = error.message;
  if (error.kind == ErrorKind::kInterrupted) {
    server_.metrics.query_cancelled(protocol_);
  } else {
    if (error.kind == ErrorKind::kTimeout) server_.metrics.statement_timed_out(protocol_);
    server_.metrics.query_failed(protocol_);
  }
}

boost::asio::awaitable<Result<void>> QueryJob::start(std::optional<encode::ResultFormat> prefetch) {
  Result<void> started = co_await wait_for_turn();
  if (started) {
    started = co_await server_.workers.run([this, prefetch] {
      auto outcome = start_blocking(prefetch);
      place_.step_aside();
      return outcome;
    });
  }
  if (!started) fail(started.error());
  co_return started;
}

boost::asio::awaitable<Result<void>> QueryJob::wait_for_turn() {
  if (timeout_.count() > 0) {
    deadline_ = server_.statement_timer.arm(timeout_, [job = weak_from_this()] {
      if (auto self = job.lock()) self->stop(StopReason::kTimeout);
    });
  }
  co_return co_await take_place();
}

boost::asio::awaitable<Result<void>> QueryJob::take_place() {
  auto taken = co_await place_.take();
  if (!taken && stop_reason_ != StopReason::kNone) co_return stopped_error();
  co_return taken;
}

boost::asio::awaitable<Result<std::optional<std::string>>> QueryJob::start_and_take_first(
    encode::ResultFormat format) {
  auto started = co_await start(format);
  if (!started) co_return started.error();
  co_return co_await next(format);
}

Result<void> QueryJob::start_blocking(std::optional<encode::ResultFormat> prefetch) {
  if (stop_reason_ != StopReason::kNone) return stopped_error();
  if (own_session_ != nullptr) {
    running_ = std::make_unique<Running>(*own_session_);
  } else {
    auto lease = server_.sessions.acquire();
    if (!lease) return lease.error();
    running_ = std::make_unique<Running>(std::move(lease).value());
  }
  Session& session = *running_->session;
  session.clear_interrupt();
  running_->registration = server_.active.add(session);
  if (!running_->registration) return Error{ErrorKind::kUnavailable, "server is shutting down"};
  {
    std::lock_guard lock(session_mutex_);
    session_ = &session;
  }
  if (stop_reason_ != StopReason::kNone) return stopped_error();

  const uint64_t changes_before = session.data_changing_statements();
  auto executed = runner_(session);
  // A retry runs the whole call again: only safe when its first run changed nothing (the conflict hit
  // its first data-changing statement) and no transaction of the client's is involved.
  const bool retry = !executed && executed.error().kind == ErrorKind::kTransactionConflict &&
                     stop_reason_ == StopReason::kNone && own_session_ == nullptr &&
                     session.data_changing_statements() == changes_before;
  if (retry) {
    spdlog::debug("transaction conflict, retrying once: {}", executed.error().message);
    std::this_thread::sleep_for(kConflictRetryPause);
    executed = runner_(session);
  }
  if (!executed) return describe(executed.error());
  running_->stream = std::move(executed).value();
  returns_rows_ = running_->stream->returns_rows();
  if (!returns_rows_) {
    completed_ = true;
    release();
  } else if (prefetch) {
    prefetched_ = next_blocking(*prefetch);
  }
  return {};
}

// Gives the session back as soon as the result is complete (on the worker that finished it).
void QueryJob::release() {
  {
    std::lock_guard lock(session_mutex_);
    session_ = nullptr;
  }
  running_.reset();
  deadline_.disarm();
  place_.leave();
}

bool QueryJob::returns_rows() const {
  return returns_rows_;
}

struct QueryJob::ReadAhead {
  explicit ReadAhead(boost::asio::any_io_executor home) : done(std::move(home)) {}
  AsyncEvent done;  // set on the caller's strand
  std::optional<Piece> piece;
};

void QueryJob::read_ahead(encode::ResultFormat format, boost::asio::any_io_executor home) {
  ahead_ = std::make_shared<ReadAhead>(home);
  server_.workers.post(WorkerTask([self = shared_from_this(), ahead = ahead_, format, home] {
    Piece piece = self->step_blocking(format);
    boost::asio::post(home, [ahead, piece = std::move(piece)]() mutable {
      ahead->piece = std::move(piece);
      ahead->done.set();
    });
  }));
}

boost::asio::awaitable<QueryJob::Piece> QueryJob::next(encode::ResultFormat format) {
  std::optional<Piece> piece;
  if (prefetched_) {
    piece = std::move(prefetched_);
    prefetched_.reset();
  } else if (ahead_) {
    co_await ahead_->done.wait();
    piece = std::move(ahead_->piece);
    ahead_.reset();
  } else if (running_) {
    if (auto taken = co_await take_place(); !taken) {
      piece = taken.error();
    } else {
      piece = co_await server_.workers.run([this, format] { return step_blocking(format); });
    }
  } else {
    co_return std::optional<std::string>();
  }
  if (!*piece) {
    fail(piece->error());
  } else if (running_ && piece->value() && place_.try_take()) {
    // Only with a place free now: otherwise the next call waits for one.
    read_ahead(format, co_await boost::asio::this_coro::executor);
  }
  co_return std::move(*piece);
}

Result<std::optional<std::string>> QueryJob::next_blocking(encode::ResultFormat format) {
  if (!running_) return std::optional<std::string>();
  if (stop_reason_ != StopReason::kNone) return stopped_error();
  Running& run = *running_;
  std::string out;
  if (!run.begun) {
    run.encoder = encoder_factory_ ? encoder_factory_(run.stream->schema())
                                   : encode::make_result_encoder(format, run.stream->schema());
    if (auto begun = run.encoder->begin(out); !begun) return begun.error();
    run.begun = true;
  }
  while (out.size() < kPieceBytes) {
    auto chunk = pull_blocking();
    if (!chunk) return chunk.error();
    if (!chunk.value()) {
      if (auto finished = run.encoder->finish(out); !finished) return finished.error();
      release();
      break;
    }
    if (auto written = run.encoder->write(*chunk.value(), out); !written) return written.error();
  }
  return std::optional<std::string>(std::move(out));
}

Result<std::optional<Chunk>> QueryJob::pull_blocking() {
  if (stop_reason_ != StopReason::kNone) return stopped_error();
  auto chunk = running_->stream->next();
  if (!chunk) return describe(chunk.error());
  if (!chunk.value()) {
    completed_ = true;
    return chunk;
  }
  if (auto too_large =
          encode::find_oversized_value(*running_->stream->schema().arrow.get(), *chunk.value()->array.get(),
                                       server_.config.max_result_value_bytes)) {
    return *too_large;
  }
  rows_returned_ += chunk.value()->rows();
  return chunk;
}

boost::asio::awaitable<Result<void>> QueryJob::consume(ChunkConsumer consumer) {
  if (!running_) {
    const Error no_rows{ErrorKind::kInvalidInput, "the statement returns no rows"};
    fail(no_rows);
    co_return no_rows;
  }
  if (auto taken = co_await take_place(); !taken) {
    fail(taken.error());
    co_return taken.error();
  }
  auto work = [this, consumer = std::move(consumer)]() -> Result<void> {
    const ChunkSource next = [this] { return pull_blocking(); };
    auto consumed = consumer(running_->stream->schema(), next);
    if (completed_) {
      release();
    } else {
      place_.step_aside();
    }
    return consumed;
  };
  auto consumed = co_await server_.workers.run(std::move(work));
  if (!consumed) fail(consumed.error());
  co_return consumed;
}

QueryJob::Piece QueryJob::step_blocking(encode::ResultFormat format) {
  Piece piece = next_blocking(format);
  place_.step_aside();
  return piece;
}

boost::asio::awaitable<void> QueryJob::close() {
  if (ahead_) co_await ahead_->done.wait();
  ahead_.reset();
  if (!running_) {
    release();  // nothing of the engine's to release: only the admission place and the deadline
    co_return;
  }
  co_await server_.workers.run([this] { release(); });
}

}  // namespace duckwire
