#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/proc_status.hpp"
#include "common/stats.hpp"
#include "pgload/pg_connection.hpp"
#include "pgload/scenarios.hpp"

namespace bench::pg {

namespace {

constexpr char kStatement[] = "select_one";

void execute_prepared(const Connection& conn) {
  const ResultPtr result = conn.expect(
      PQexecPrepared(conn.get(), kStatement, 0, nullptr, nullptr, nullptr, 0), PGRES_TUPLES_OK, "execute");
  if (PQntuples(result.get()) != 1 || std::string(PQgetvalue(result.get(), 0, 0)) != "1") {
    throw std::runtime_error("SELECT 1 did not answer 1");
  }
}

}  // namespace

boost::json::object run_latency(const PgOptions& options) {
  Connection conn(options.dsn);
  conn.expect(PQprepare(conn.get(), kStatement, "SELECT 1", 0, nullptr), PGRES_COMMAND_OK, "prepare");
  const pid_t server = options.server_pid > 0 ? options.server_pid : conn.backend_pid();
  for (int i = 0; i < options.warmup; ++i) execute_prepared(conn);
  std::vector<double> samples;
  samples.reserve(options.iterations);
  const SchedulingStatus before = read_scheduling_status(server);
  for (int i = 0; i < options.iterations; ++i) {
    const auto start = std::chrono::steady_clock::now();
    execute_prepared(conn);
    const std::chrono::duration<double, std::micro> elapsed = std::chrono::steady_clock::now() - start;
    samples.push_back(elapsed.count());
  }
  // What one round trip costs the server (all its threads; 1/CLK_TCK resolution, fine over thousands).
  const SchedulingStatus after = read_scheduling_status(server);
  const double n = static_cast<double>(options.iterations);
  boost::json::array raw;
  for (double sample : samples) raw.push_back(sample);
  const LatencySummary s = summarize(std::move(samples));
  return {{"scenario", "latency"},
          {"iterations", s.count},
          {"p50_us", s.p50_us},
          {"p99_us", s.p99_us},
          {"mean_us", s.mean_us},
          {"server_cpu_us_per_query", (after.cpu_seconds - before.cpu_seconds) * 1e6 / n},
          {"server_context_switches_per_query",
           static_cast<double>(after.context_switches - before.context_switches) / n},
          {"samples_us", std::move(raw)}};
}

}  // namespace bench::pg
