#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

#include "common/proc_status.hpp"
#include "common/queries.hpp"
#include "common/ws_client.hpp"
#include "load/scenarios.hpp"

namespace bench {

namespace {

using Clock = std::chrono::steady_clock;
constexpr size_t kReadPieceBytes = 64 * 1024;
constexpr auto kSampleEvery = std::chrono::milliseconds(20);

}  // namespace

boost::json::object run_slow_reader(const LoadOptions& options) {
  if (options.server_pid <= 0) throw std::runtime_error("slow-reader needs --pid");
  WsClient client(options.host, options.port, options.receive_buffer);
  // Warm the connection and the query path so that the baseline includes their fixed costs.
  client.send_text(sqlrooms_request("arrow", rows_query(10'000), "warm"));
  client.read_message([](std::string_view) {});
  std::this_thread::sleep_for(std::chrono::milliseconds(300));

  const MemoryStatus before = read_memory_status(options.server_pid);
  std::atomic<bool> done{false};
  std::atomic<int64_t> peak_rss_kb{before.rss_kb};
  std::thread sampler([&] {
    while (!done.load()) {
      const MemoryStatus now = read_memory_status(options.server_pid);
      if (now.rss_kb > peak_rss_kb.load()) peak_rss_kb.store(now.rss_kb);
      std::this_thread::sleep_for(kSampleEvery);
    }
  });

  const auto start = Clock::now();
  const double bytes_per_s = options.read_mb_per_s * 1e6;
  uint64_t read_bytes = 0;
  FramedArrowCheck check;
  try {
    client.send_text(sqlrooms_request("arrow", rows_query(options.rows), "slow"));
    client.read_message(
        [&](std::string_view piece) {
          check.add(piece);
          read_bytes += piece.size();
          // Throttle: never get ahead of the target rate.
          std::this_thread::sleep_until(start + std::chrono::duration_cast<Clock::duration>(
                                                    std::chrono::duration<double>(read_bytes / bytes_per_s)));
        },
        kReadPieceBytes);
    check.finish();
  } catch (...) {
    done = true;
    sampler.join();
    throw;
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  done = true;
  sampler.join();
  const MemoryStatus after = read_memory_status(options.server_pid);
  const int64_t peak = std::max(peak_rss_kb.load(), after.hwm_kb);
  return {{"scenario", "slow_reader"},
          {"rows", options.rows},
          {"bytes", read_bytes},
          {"seconds", seconds},
          {"read_mb_per_s", read_bytes / seconds / 1e6},
          {"receive_buffer", options.receive_buffer},
          {"rss_before_kb", before.rss_kb},
          {"hwm_before_kb", before.hwm_kb},
          {"peak_rss_sampled_kb", peak_rss_kb.load()},
          {"rss_after_kb", after.rss_kb},
          {"hwm_after_kb", after.hwm_kb},
          {"rss_growth_mb", static_cast<double>(peak - before.rss_kb) / 1024.0}};
}

}  // namespace bench
