#pragma once
// Runs the schedules (core/schedule.hpp): each one every `every_seconds`, never overlapping itself (a
// run still going when the next is due is skipped and counted). A run is a QueryJob of the scheduler's
// own admission owner, so schedules take turns with clients' statements and obey --statement-timeout;
// its outcome is recorded and published as a `schedule_executed` event (ServerEvents). Definitions
// are kept in the database (core/schedule_store.hpp) and read back at start. Shutdown (the server's
// ConnectionRegistry) cancels every timer; a run in progress is interrupted with the other statements.
// Thread-safe; the timers run on the executor given.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "core/connection_registry.hpp"
#include "core/schedule.hpp"
#include "core/schedule_store.hpp"
#include "core/server_context.hpp"

namespace duckwire {

class Scheduler : public ClosableConnection, public std::enable_shared_from_this<Scheduler> {
 public:
  Scheduler(const ServerContext& server, boost::asio::any_io_executor timers);
  ~Scheduler() override;

  // Reads the stored schedules and starts their timers. Blocking (call at start, before serving).
  void start();
  // Whether new schedules outlive the server (false: read-only server, memory only).
  bool persists() const { return store_.persists(); }

  // A new schedule, stored first. Blocking: call on a worker. kInvalidInput for an invalid spec,
  // kOutOfRange at ScheduleLimits::kMaxSchedules, kUnavailable during shutdown, the store's error when
  // it cannot be stored.
  Result<ScheduleState> create(ScheduleSpec spec, std::string principal);
  // Forgets a schedule (its run in progress, if any, ends as it would). Blocking: call on a worker.
  // kCatalog when there is no such schedule.
  Result<void> remove(int64_t id);
  std::vector<ScheduleState> list() const;
  std::optional<ScheduleState> find(int64_t id) const;
  // Runs the schedule now (recorded and published as a timed run is): its outcome. kCatalog when there
  // is no such schedule, kTransactionConflict when it is running now, kUnavailable during shutdown.
  boost::asio::awaitable<Result<ScheduleRun>> run_now(int64_t id);

  void close_for_shutdown() override;

 private:
  struct Entry;
  using Clock = std::chrono::steady_clock;

  void start_timer(const std::shared_ptr<Entry>& entry);
  static void cancel_timer(Entry& entry);
  boost::asio::awaitable<void> tick(std::shared_ptr<Entry> entry);
  // Runs an entry whose `running` the caller set, records and publishes the outcome.
  boost::asio::awaitable<ScheduleRun> run_and_record(std::shared_ptr<Entry> entry);
  boost::asio::awaitable<ScheduleRun> execute(ScheduleDefinition definition, uint64_t run_number);
  ScheduleState snapshot(const Entry& entry) const;
  bool closed() const;

  const ServerContext& server_;
  boost::asio::any_io_executor timers_;
  const AdmissionOwner owner_;
  ScheduleStore store_;
  mutable std::mutex mutex_;
  std::map<int64_t, std::shared_ptr<Entry>> entries_;
  int64_t next_id_ = 1;
  bool closed_ = false;
};

}  // namespace duckwire
