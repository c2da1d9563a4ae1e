#pragma once
// Where schedules live between server runs: the table duckwire.schedules of the served database, in its
// default catalog (created with the first schedule, so a database nobody schedules on stays as it was).
// Nothing is written on a read-only server or for a backend that does not speak DuckDB's SQL: schedules are
// kept in memory only there (persists() is false), though a read-only server still runs the ones the table
// holds. SQL clients can reach the table: a row that is not a valid schedule is skipped with an error in the
// log, and a table that was dropped is created again on the next write; one altered beyond use makes the
// write fail with a clear error. Blocking: call from a worker thread (or at start).

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "backend/backend.hpp"
#include "core/schedule.hpp"

namespace duckwire {

class ScheduleStore {
 public:
  ScheduleStore(Backend& backend, bool read_only);

  // The stored schedules, in id order (at most ScheduleLimits::kMaxSchedules; the rest are logged).
  std::vector<ScheduleDefinition> load();
  bool persists() const { return persists_; }
  Result<void> insert(const ScheduleDefinition& schedule);
  Result<void> remove(int64_t id);
  // Drops the store's own session (before the backend closes).
  void close();

 private:
  Result<Session*> session();
  Result<void> ensure_table(Session& session);
  // Runs `statement` (its `{}` the table's name), creating the table first when it is missing.
  Result<void> write(std::string_view statement, const Parameters& parameters);

  Backend& backend_;
  const bool persists_;
  std::mutex mutex_;
  std::unique_ptr<Session> session_;
  std::string table_;  // "catalog".duckwire.schedules, quoted
};

}  // namespace duckwire
