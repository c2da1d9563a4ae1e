#include "core/scheduler.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/serialize.hpp>

#include <fmt/format.h>

#include "core/query_job.hpp"

namespace duckwire {

namespace asio = boost::asio;

namespace {

// A schedule's result is not sent anywhere: its rows are only counted.
class RowCounter final : public encode::ResultEncoder {
 public:
  explicit RowCounter(std::shared_ptr<int64_t> rows) : rows_(std::move(rows)) {}
  Result<void> begin(std::string&) override { return {}; }
  Result<void> write(const Chunk& chunk, std::string&) override {
    *rows_ += chunk.rows();
    return {};
  }
  Result<void> finish(std::string&) override { return {}; }

 private:
  std::shared_ptr<int64_t> rows_;
};

void log_failure(std::exception_ptr failure, const char* what) {
  if (!failure) return;
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& error) {
    spdlog::error("schedules: {} failed: {}", what, error.what());
  }
}

}  // namespace

struct Scheduler::Entry {
  explicit Entry(ScheduleState state_) : state(std::move(state_)) {}
  // The timer lives in the tick coroutine, so that it goes with the I/O loop at shutdown; this points
  // to it while the coroutine waits. Used on the timers' executor only.
  asio::steady_timer* timer = nullptr;
  ScheduleState state;
  Clock::time_point next_due;
  bool removed = false;
};

Scheduler::Scheduler(const ServerContext& server, asio::any_io_executor timers)
    : server_(server),
      timers_(std::move(timers)),
      owner_(server.admission.new_owner()),
      store_(server.backend, server.config.read_only) {}

Scheduler::~Scheduler() {
  store_.close();
}

void Scheduler::start() {
  std::vector<ScheduleDefinition> stored = store_.load();
  std::lock_guard lock(mutex_);
  for (ScheduleDefinition& definition : stored) {
    next_id_ = std::max(next_id_, definition.id + 1);
    ScheduleState state;
    state.definition = std::move(definition);
    state.persisted = true;
    auto entry = std::make_shared<Entry>(std::move(state));
    entries_.emplace(entry->state.definition.id, entry);
    start_timer(entry);
  }
  if (!stored.empty()) spdlog::info("schedules: {} loaded from the database", stored.size());
}

Result<ScheduleState> Scheduler::create(ScheduleSpec spec, std::string principal) {
  if (auto invalid = invalid_schedule(spec)) return *invalid;
  ScheduleDefinition definition;
  {
    std::lock_guard lock(mutex_);
    if (closed_) return Error{ErrorKind::kUnavailable, "server is shutting down"};
    if (entries_.size() >= ScheduleLimits::kMaxSchedules) {
      return Error{ErrorKind::kOutOfRange,
                   fmt::format("the server holds {} schedules, the most it takes: delete one first",
                               ScheduleLimits::kMaxSchedules)};
    }
    definition = ScheduleDefinition{next_id_++, std::move(spec), std::move(principal)};
  }
  if (auto stored = store_.insert(definition); !stored) {
    spdlog::error("schedules: cannot store schedule {}: {}", definition.id, stored.error().message);
    return Error{stored.error().kind,
                 "cannot store the schedule in duckwire.schedules: " + stored.error().message};
  }
  ScheduleState state;
  state.definition = std::move(definition);
  state.persisted = store_.persists();
  std::lock_guard lock(mutex_);
  auto entry = std::make_shared<Entry>(std::move(state));
  entries_.emplace(entry->state.definition.id, entry);
  start_timer(entry);
  return snapshot(*entry);
}

Result<void> Scheduler::remove(int64_t id) {
  {
    std::lock_guard lock(mutex_);
    if (!entries_.contains(id)) return Error{ErrorKind::kCatalog, fmt::format("no schedule {}", id)};
  }
  if (auto removed = store_.remove(id); !removed) {
    spdlog::error("schedules: cannot delete schedule {} from the database: {}", id, removed.error().message);
    return Error{removed.error().kind,
                 "cannot delete the schedule from duckwire.schedules: " + removed.error().message};
  }
  std::shared_ptr<Entry> entry;
  {
    std::lock_guard lock(mutex_);
    auto found = entries_.find(id);
    if (found == entries_.end()) return Error{ErrorKind::kCatalog, fmt::format("no schedule {}", id)};
    entry = std::move(found->second);
    entries_.erase(found);
    entry->removed = true;
  }
  asio::post(timers_, [entry] { cancel_timer(*entry); });
  return {};
}

std::vector<ScheduleState> Scheduler::list() const {
  std::lock_guard lock(mutex_);
  std::vector<ScheduleState> states;
  states.reserve(entries_.size());
  for (const auto& [id, entry] : entries_) states.push_back(snapshot(*entry));
  return states;
}

std::optional<ScheduleState> Scheduler::find(int64_t id) const {
  std::lock_guard lock(mutex_);
  const auto found = entries_.find(id);
  if (found == entries_.end()) return std::nullopt;
  return snapshot(*found->second);
}

ScheduleState Scheduler::snapshot(const Entry& entry) const {
  ScheduleState state = entry.state;
  state.next_run_at =
      std::chrono::system_clock::now() +
      std::chrono::duration_cast<std::chrono::system_clock::duration>(entry.next_due - Clock::now());
  return state;
}

bool Scheduler::closed() const {
  return closed_ || server_.active.closed();
}

void Scheduler::start_timer(const std::shared_ptr<Entry>& entry) {
  entry->next_due = Clock::now() + std::chrono::seconds(entry->state.definition.spec.every_seconds);
  asio::co_spawn(timers_, tick(entry), [self = shared_from_this()](std::exception_ptr failure) {
    log_failure(failure, "a timer");
  });
}

void Scheduler::cancel_timer(Entry& entry) {
  if (entry.timer != nullptr) entry.timer->cancel();
}

asio::awaitable<void> Scheduler::tick(std::shared_ptr<Entry> entry) {
  const auto every = std::chrono::seconds(entry->state.definition.spec.every_seconds);
  asio::steady_timer timer(co_await asio::this_coro::executor);
  entry->timer = &timer;
  struct Unset {
    Entry& entry;
    ~Unset() { entry.timer = nullptr; }
  } unset{*entry};
  while (true) {
    {
      std::lock_guard lock(mutex_);
      if (closed() || entry->removed) co_return;
      timer.expires_at(entry->next_due);
    }
    co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    {
      std::lock_guard lock(mutex_);
      if (closed() || entry->removed) co_return;
      const auto now = Clock::now();
      if (now < entry->next_due) continue;  // woken early (a cancelled wait)
      // A fixed rate; ticks missed while the server was too busy to wake are not made up.
      entry->next_due += every;
      if (entry->next_due <= now) entry->next_due = now + every;
      if (entry->state.running) {
        entry->state.skipped_overlaps++;
        continue;
      }
      entry->state.running = true;
    }
    // Not awaited: the next tick must come while this run goes on, to find it running.
    asio::co_spawn(timers_, run_and_record(entry),
                   [self = shared_from_this()](std::exception_ptr failure, ScheduleRun) {
                     log_failure(failure, "a run");
                   });
  }
}

asio::awaitable<Result<ScheduleRun>> Scheduler::run_now(int64_t id) {
  std::shared_ptr<Entry> entry;
  {
    std::lock_guard lock(mutex_);
    if (closed()) co_return Error{ErrorKind::kUnavailable, "server is shutting down"};
    const auto found = entries_.find(id);
    if (found == entries_.end()) co_return Error{ErrorKind::kCatalog, fmt::format("no schedule {}", id)};
    entry = found->second;
    if (entry->state.running) {
      co_return Error{ErrorKind::kTransactionConflict,
                      "the schedule is running now: a schedule never overlaps itself"};
    }
    entry->state.running = true;
  }
  auto running = run_and_record(std::move(entry));
  ScheduleRun run = co_await std::move(running);
  co_return run;
}

asio::awaitable<ScheduleRun> Scheduler::run_and_record(std::shared_ptr<Entry> entry) {
  ScheduleDefinition definition;
  uint64_t run_number = 0;
  {
    std::lock_guard lock(mutex_);
    definition = entry->state.definition;
    run_number = entry->state.runs + 1;
  }
  auto executing = execute(std::move(definition), run_number);
  ScheduleRun run = co_await std::move(executing);
  {
    std::lock_guard lock(mutex_);
    ScheduleState& state = entry->state;
    state.running = false;
    state.runs++;
    if (!run.success) state.failures++;
    state.last_run = run;
    definition = state.definition;
  }
  if (!run.success)
    spdlog::debug("schedule {} ({}) failed: {}", definition.id, definition.spec.name, run.error);
  server_.events.publish(ServerEvents::kScheduleExecuted,
                         boost::json::serialize(schedule_executed_data(definition, run)));
  co_return run;
}

asio::awaitable<ScheduleRun> Scheduler::execute(ScheduleDefinition definition, uint64_t run_number) {
  ScheduleRun run;
  run.started_at = std::chrono::system_clock::now();
  const auto started = Clock::now();
  auto rows = std::make_shared<int64_t>(0);
  auto job = std::make_shared<QueryJob>(server_, Protocol::kScheduler, owner_, definition.spec.sql);
  job->identify({.query_id = fmt::format("schedule-{}-{}", definition.id, run_number),
                 .principal = definition.principal,
                 .sql = {}});
  job->encode_with([rows](const ResultSchema&) { return std::make_unique<RowCounter>(rows); });
  Result<void> outcome = co_await job->start();
  while (outcome) {
    auto piece = co_await job->next(encode::ResultFormat::kCsv);
    if (!piece) {
      outcome = piece.error();
    } else if (!piece.value()) {
      break;
    }
  }
  co_await job->close();
  run.success = outcome.ok();
  if (!outcome) run.error = outcome.error().message;
  run.rows_returned = *rows;
  run.execution_time_ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  co_return run;
}

void Scheduler::close_for_shutdown() {
  std::vector<std::shared_ptr<Entry>> entries;
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    for (const auto& [id, entry] : entries_) entries.push_back(entry);
  }
  asio::post(timers_, [entries = std::move(entries)] {
    for (const auto& entry : entries) cancel_timer(*entry);
  });
}

}  // namespace duckwire
