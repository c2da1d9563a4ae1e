#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "common/proc_status.hpp"
#include "pgload/pg_connection.hpp"
#include "pgload/scenarios.hpp"

namespace bench::pg {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kSampleEvery = std::chrono::milliseconds(20);
constexpr auto kMaxAhead = std::chrono::milliseconds(2);

// Reads every row of `sql` one at a time (single-row mode); `on_row` gets each row's bytes.
template <typename OnRow>
int64_t read_rows(const Connection& conn, const std::string& sql, OnRow on_row) {
  conn.check(PQsendQuery(conn.get(), sql.c_str()), "send query");
  conn.check(PQsetSingleRowMode(conn.get()), "single-row mode");
  int64_t rows = 0;
  while (PGresult* next = PQgetResult(conn.get())) {
    const bool row = PQresultStatus(next) == PGRES_SINGLE_TUPLE;
    const ResultPtr result = conn.expect(next, row ? PGRES_SINGLE_TUPLE : PGRES_TUPLES_OK, "fetch");
    if (!row) continue;
    int64_t bytes = 0;
    for (int field = 0; field < PQnfields(result.get()); ++field)
      bytes += PQgetlength(result.get(), 0, field);
    on_row(bytes);
    ++rows;
  }
  return rows;
}

}  // namespace

boost::json::object run_slow_reader(const PgOptions& options) {
  Connection conn(options.dsn);
  const pid_t server = options.server_pid > 0 ? options.server_pid : conn.backend_pid();
  // Warm the connection and the query path so that the baseline includes their fixed costs.
  read_rows(conn, "SELECT * FROM (" + options.sql + ") AS warm LIMIT 10000", [](int64_t) {});
  std::this_thread::sleep_for(std::chrono::milliseconds(300));

  const bool peak_reset = reset_peak_memory(server);
  const MemoryStatus before = read_memory_status(server);
  std::atomic<bool> done{false};
  std::atomic<int64_t> peak_rss_kb{before.rss_kb};
  std::atomic<int64_t> peak_anon_kb{before.anon_kb};
  std::thread sampler([&] {
    while (!done.load()) {
      const MemoryStatus now = read_memory_status(server);
      peak_rss_kb.store(std::max(peak_rss_kb.load(), now.rss_kb));
      peak_anon_kb.store(std::max(peak_anon_kb.load(), now.anon_kb));
      std::this_thread::sleep_for(kSampleEvery);
    }
  });

  const auto start = Clock::now();
  const double bytes_per_s = options.read_mb_per_s * 1e6;
  int64_t read_bytes = 0;
  int64_t rows = 0;
  try {
    rows = read_rows(conn, options.sql, [&](int64_t bytes) {
      read_bytes += bytes;
      // Throttle: never get ahead of the target rate by more than kMaxAhead. Rows are small, so
      // sleeping after each one would cost a timer wake-up (~60 µs) per row instead of the rate.
      const auto due = start + std::chrono::duration_cast<Clock::duration>(
                                   std::chrono::duration<double>(read_bytes / bytes_per_s));
      if (due - Clock::now() > kMaxAhead) std::this_thread::sleep_until(due);
    });
  } catch (...) {
    done = true;
    sampler.join();
    throw;
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  done = true;
  sampler.join();
  const MemoryStatus after = read_memory_status(server);
  // VmHWM counts only when it was restarted before the query; otherwise it may hold older peaks.
  const int64_t peak = peak_reset ? std::max(peak_rss_kb.load(), after.hwm_kb) : peak_rss_kb.load();
  return {{"scenario", "slow_reader"},
          {"rows", rows},
          {"value_bytes", read_bytes},
          {"seconds", seconds},
          {"read_mb_per_s", read_bytes / seconds / 1e6},
          {"peak_reset", peak_reset},
          {"rss_before_kb", before.rss_kb},
          {"anon_before_kb", before.anon_kb},
          {"shmem_before_kb", before.shmem_kb},
          {"peak_rss_sampled_kb", peak_rss_kb.load()},
          {"peak_anon_sampled_kb", peak_anon_kb.load()},
          {"rss_after_kb", after.rss_kb},
          {"hwm_after_kb", after.hwm_kb},
          {"shmem_after_kb", after.shmem_kb},
          {"rss_growth_mb", static_cast<double>(peak - before.rss_kb) / 1024.0},
          {"anon_growth_mb", static_cast<double>(peak_anon_kb.load() - before.anon_kb) / 1024.0}};
}

}  // namespace bench::pg
