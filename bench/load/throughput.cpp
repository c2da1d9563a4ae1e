#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <exception>
#include <string>
#include <vector>

#include "common/proc_status.hpp"
#include "common/queries.hpp"
#include "common/stats.hpp"
#include "load/door_client.hpp"
#include "load/scenarios.hpp"

namespace bench {

namespace {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

struct Totals {
  int64_t queries = 0;
  int64_t errors = 0;
  uint64_t bytes = 0;
  std::vector<double> latencies_us;
};

// One connection: `sql` round trips back to back until the deadline. Only replies that begin and end
// between start_at and deadline are counted.
asio::awaitable<void> drive(DoorTarget target, std::string sql, Clock::time_point start_at,
                            Clock::time_point deadline, Totals& totals) {
  auto executor = co_await asio::this_coro::executor;
  auto client = make_door_client(executor, target);
  co_await client->connect();
  co_await client->query(sql);  // warm: the session, the statement cache, the connection's buffers
  asio::steady_timer timer(executor, start_at);
  co_await timer.async_wait(asio::use_awaitable);  // every connection starts together
  while (Clock::now() < deadline) {
    const auto sent_at = Clock::now();
    try {
      totals.bytes += co_await client->query(sql);
    } catch (const std::runtime_error&) {
      ++totals.errors;
      continue;
    }
    if (Clock::now() > deadline) break;
    ++totals.queries;
    totals.latencies_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - sent_at).count());
  }
  co_await client->close();
}

boost::json::object latency_figures(Totals& totals, double seconds) {
  const LatencySummary s = summarize(std::move(totals.latencies_us));
  return {{"queries", totals.queries},
          {"errors", totals.errors},
          {"queries_per_s", static_cast<double>(totals.queries) / seconds},
          {"reply_mb_per_s", static_cast<double>(totals.bytes) / seconds / 1e6},
          {"p50_us", s.p50_us},
          {"p90_us", s.p90_us},
          {"p99_us", s.p99_us},
          {"max_us", s.max_us}};
}

}  // namespace

boost::json::object run_throughput(const LoadOptions& options) {
  asio::io_context io(1);
  DoorTarget small{options.door, options.type, options.host, options.door == "quack" ? options.quack_port : options.port};
  DoorTarget large{"sqlrooms", "arrow", options.host, options.port};
  Totals small_totals, large_totals;
  const auto start_at = Clock::now() + std::chrono::milliseconds(500 + 20 * (options.connections + options.large_connections));
  const auto deadline =
      start_at + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.seconds));
  std::exception_ptr failure;
  const auto remember = [&failure](std::exception_ptr e) {
    if (e && !failure) failure = e;
  };
  for (int i = 0; i < options.connections; ++i) {
    asio::co_spawn(io, drive(small, options.sql, start_at, deadline, small_totals), remember);
  }
  for (int i = 0; i < options.large_connections; ++i) {
    asio::co_spawn(io, drive(large, rows_query(options.large_rows), start_at, deadline, large_totals), remember);
  }
  // Figures from the moment every connection starts; the set-up before it is not counted.
  asio::steady_timer at_start(io, start_at);
  SchedulingStatus server_before;
  double client_before = 0;
  at_start.async_wait([&](boost::system::error_code) {
    if (options.server_pid > 0) server_before = read_scheduling_status(options.server_pid);
    client_before = own_cpu_seconds();
  });
  SchedulingStatus server_after;
  double client_after = 0;
  asio::steady_timer at_deadline(io, deadline);
  at_deadline.async_wait([&](boost::system::error_code) {
    if (options.server_pid > 0) server_after = read_scheduling_status(options.server_pid);
    client_after = own_cpu_seconds();
  });
  io.run();
  if (failure) std::rethrow_exception(failure);
  const double seconds = options.seconds;
  const double queries = static_cast<double>(std::max<int64_t>(1, small_totals.queries + large_totals.queries));
  boost::json::object result{{"scenario", "throughput"},
                             {"door", options.door},
                             {"sql", options.sql},
                             {"connections", options.connections},
                             {"seconds", seconds},
                             {"client_cpu_us_per_query", (client_after - client_before) * 1e6 / queries}};
  for (auto& [key, value] : latency_figures(small_totals, seconds)) result[key] = value;
  if (options.server_pid > 0) {
    result["server_cpu_us_per_query"] = (server_after.cpu_seconds - server_before.cpu_seconds) * 1e6 / queries;
    result["server_cpu_cores"] = (server_after.cpu_seconds - server_before.cpu_seconds) / seconds;
    result["server_context_switches_per_query"] =
        static_cast<double>(server_after.context_switches - server_before.context_switches) / queries;
  }
  if (options.large_connections > 0) {
    boost::json::object large_figures = latency_figures(large_totals, seconds);
    large_figures["connections"] = options.large_connections;
    large_figures["rows"] = options.large_rows;
    result["large"] = std::move(large_figures);
  }
  return result;
}

}  // namespace bench
