#include <chrono>
#include <string>
#include <vector>

#include "common/ws_client.hpp"
#include "load/scenarios.hpp"
#include "load/stats.hpp"

namespace bench {

namespace {

void round_trip(WsClient& client, const std::string& type, int n) {
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
  WsClient client(options.host, options.port);
  for (int i = 0; i < options.warmup; ++i) round_trip(client, options.type, i);
  std::vector<double> samples;
  samples.reserve(options.iterations);
  for (int i = 0; i < options.iterations; ++i) {
    const auto start = std::chrono::steady_clock::now();
    round_trip(client, options.type, options.warmup + i);
    const std::chrono::duration<double, std::micro> elapsed = std::chrono::steady_clock::now() - start;
    samples.push_back(elapsed.count());
  }
  const LatencySummary s = summarize(std::move(samples));
  return {{"scenario", "latency"}, {"type", options.type},   {"iterations", s.count},
          {"p50_us", s.p50_us},    {"p90_us", s.p90_us},     {"p99_us", s.p99_us},
          {"mean_us", s.mean_us},  {"min_us", s.min_us},     {"max_us", s.max_us}};
}

}  // namespace bench
