#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/proc_status.hpp"
#include "common/ws_client.hpp"
#include "load/scenarios.hpp"
#include "common/stats.hpp"

namespace bench {

namespace {

void round_trip(WsClient& client, const std::string& type, int n) {
  if (type == "jsonrpc") {
    // The /sql API: a JSON-RPC request, answered with a binary JSON-LD reply.
    client.send_text(R"({"jsonrpc":"2.0","id":)" + std::to_string(n) +
                     R"(,"method":"sql","params":{"q":"SELECT 1"}})");
    const std::string reply = client.read_text();
    if (reply.find("\"result\"") == std::string::npos) throw std::runtime_error("JSON-RPC error: " + reply);
    return;
  }
  if (type == "notify") {
    // No database work: the server echoes the notify to its sender, then acknowledges it.
    client.send_text("{\"type\":\"notify\",\"channel\":\"bench\",\"payload\":" + std::to_string(n) + "}");
    throw_if_error_reply(client.read_text());
    throw_if_error_reply(client.read_text());
    return;
  }
  const std::string id = "l" + std::to_string(n);
  client.send_text("{\"type\":\"" + type + "\",\"queryId\":\"" + id + "\",\"sql\":\"SELECT 1\"}");
  if (type == "arrow") {
    FramedArrowCheck check;
    client.read_message([&check](std::string_view piece) { check.add(piece); });
    check.finish();
  } else {
    throw_if_error_reply(client.read_text());
  }
}

}  // namespace

boost::json::object run_latency(const LoadOptions& options) {
  WsClient client(options.host, options.port, 0, options.type == "jsonrpc" ? "/sql" : "/");
  for (int i = 0; i < options.warmup; ++i) round_trip(client, options.type, i);
  std::vector<double> samples;
  samples.reserve(options.iterations);
  const SchedulingStatus before =
      options.server_pid > 0 ? read_scheduling_status(options.server_pid) : SchedulingStatus{};
  for (int i = 0; i < options.iterations; ++i) {
    const auto start = std::chrono::steady_clock::now();
    round_trip(client, options.type, options.warmup + i);
    const std::chrono::duration<double, std::micro> elapsed = std::chrono::steady_clock::now() - start;
    samples.push_back(elapsed.count());
  }
  const LatencySummary s = summarize(std::move(samples));
  boost::json::object result{{"scenario", "latency"}, {"type", options.type}, {"iterations", s.count},
                             {"p50_us", s.p50_us},    {"p90_us", s.p90_us},   {"p99_us", s.p99_us},
                             {"mean_us", s.mean_us},  {"min_us", s.min_us},   {"max_us", s.max_us}};
  if (options.server_pid > 0) {
    // What one round trip costs the server: CPU time (1/CLK_TCK resolution, fine over thousands of
    // queries) and context switches, summed over all its threads.
    const SchedulingStatus after = read_scheduling_status(options.server_pid);
    const double n = static_cast<double>(options.iterations);
    result["server_cpu_us_per_query"] = (after.cpu_seconds - before.cpu_seconds) * 1e6 / n;
    result["server_context_switches_per_query"] =
        static_cast<double>(after.context_switches - before.context_switches) / n;
    result["server_threads"] = after.threads;
  }
  return result;
}

}  // namespace bench
