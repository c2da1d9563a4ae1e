// Attacks of issue 7 (items 4, 5, 9) with a healthy client measured meanwhile: what the attack costs the
// server in memory (VmRSS sampled, VmHWM) and what it costs the healthy client in SELECT 1 latency.
//   unauth-flood   {} frames from a connection that never authenticates nor reads (server with --auth-token)
//   notify-flood   4 MiB notify messages from a publisher that never reads, to a subscriber that never reads
//   head-of-line   a 10M-row result on the healthy client's own connection while it sends SELECT 1 probes

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "common/proc_status.hpp"
#include "common/queries.hpp"
#include "common/ws_client.hpp"
#include "load/raw_flooder.hpp"
#include "load/scenarios.hpp"
#include "common/stats.hpp"

namespace bench {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kSampleEvery = std::chrono::milliseconds(20);

// Samples the server's VmRSS until stopped; the peak also counts VmHWM.
class MemorySampler {
 public:
  explicit MemorySampler(pid_t pid) : pid_(pid), before_(read_memory_status(pid)), peak_kb_(before_.rss_kb) {
    thread_ = std::thread([this] {
      while (!done_.load()) {
        const int64_t rss = read_memory_status(pid_).rss_kb;
        if (rss > peak_kb_.load()) peak_kb_.store(rss);
        std::this_thread::sleep_for(kSampleEvery);
      }
    });
  }
  ~MemorySampler() { stop(); }
  void stop() {
    done_ = true;
    if (thread_.joinable()) thread_.join();
  }
  boost::json::object figures() {
    stop();
    // Memory the server gives back once the attacker is gone.
    std::this_thread::sleep_for(std::chrono::seconds(1));
    const MemoryStatus after = read_memory_status(pid_);
    const int64_t peak = std::max(peak_kb_.load(), after.hwm_kb > before_.hwm_kb ? after.hwm_kb : 0);
    return {{"rss_before_mb", before_.rss_kb / 1024.0},
            {"rss_peak_growth_mb", (peak - before_.rss_kb) / 1024.0},
            {"rss_after_growth_mb", (after.rss_kb - before_.rss_kb) / 1024.0}};
  }

 private:
  pid_t pid_;
  MemoryStatus before_;
  std::atomic<int64_t> peak_kb_;
  std::atomic<bool> done_{false};
  std::thread thread_;
};

void add_latency(boost::json::object& result, std::vector<double> samples) {
  const LatencySummary s = summarize(std::move(samples));
  result["healthy_queries"] = s.count;
  result["healthy_p50_us"] = s.p50_us;
  result["healthy_p99_us"] = s.p99_us;
  result["healthy_max_us"] = s.max_us;
}

// SELECT 1 round trips on a connection of its own until `until`.
std::vector<double> healthy_round_trips(const LoadOptions& options, const std::string& path,
                                        Clock::time_point until) {
  WsClient client(options.host, options.port, 0, path);
  std::vector<double> samples;
  for (int n = 0; Clock::now() < until; ++n) {
    const auto start = Clock::now();
    client.send_text(sqlrooms_request("json", "SELECT 1", "h" + std::to_string(n)));
    throw_if_error_reply(client.read_text());
    samples.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return samples;
}

boost::json::object flood_with_healthy_client(const LoadOptions& options, const std::string& attack) {
  const auto until = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(options.seconds));
  const std::string token_query = options.token.empty() ? "" : "?token=" + options.token;
  MemorySampler memory(options.server_pid);
  FloodStats stats;
  std::thread attacker([&] {
    if (attack == "unauth-flood") {
      RawFlooder flooder(options.host, options.port, "/");
      stats = flooder.flood("{}", 1000, until);
      return;
    }
    RawFlooder subscriber(options.host, options.port, "/" + token_query);
    subscriber.send_one(R"({"type":"subscribe","channel":"bench-flood"})");
    RawFlooder publisher(options.host, options.port, "/" + token_query);
    const std::string payload =
        R"({"type":"notify","channel":"bench-flood","payload":")" + std::string(4 << 20, 'x') + "\"}";
    stats = publisher.flood(payload, 1, until);
  });
  std::vector<double> samples = healthy_round_trips(options, "/" + token_query, until);
  attacker.join();
  boost::json::object result{{"scenario", "hostile"},
                             {"attack", attack},
                             {"seconds", options.seconds},
                             {"attack_frames_sent", stats.frames_sent},
                             {"attack_stalled_seconds", stats.stalled_seconds},
                             {"attack_closed_by_server", stats.closed_by_server}};
  add_latency(result, std::move(samples));
  for (auto& [key, value] : memory.figures()) result[key] = value;
  return result;
}

// The big result and the probes share one connection, as SQLRooms' connector does.
boost::json::object head_of_line(const LoadOptions& options) {
  MemorySampler memory(options.server_pid);
  WsClient client(options.host, options.port, 0, options.token.empty() ? "/" : "/?token=" + options.token);
  const auto start = Clock::now();
  client.send_text(sqlrooms_request("arrow", rows_query(options.rows), "big"));
  std::vector<double> samples;
  double big_seconds = 0;
  uint64_t big_bytes = 0;
  for (int n = 0; big_bytes == 0; ++n) {
    const auto sent = Clock::now();
    client.send_text(sqlrooms_request("json", "SELECT 1", "p" + std::to_string(n)));
    // Read until this probe's reply; the big result may come first.
    while (true) {
      FramedArrowCheck check;
      std::string text;
      const ReplyInfo reply = client.read_message([&](std::string_view piece) {
        check.add(piece);
        if (text.size() < 4096) text.append(piece);
      });
      if (!reply.binary) {
        throw_if_error_reply(text);
        samples.push_back(std::chrono::duration<double, std::micro>(Clock::now() - sent).count());
        break;
      }
      check.finish();
      big_bytes = reply.bytes;
      big_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  boost::json::object result{{"scenario", "hostile"},
                             {"attack", "head-of-line"},
                             {"rows", options.rows},
                             {"big_bytes", big_bytes},
                             {"big_seconds", big_seconds}};
  add_latency(result, std::move(samples));
  for (auto& [key, value] : memory.figures()) result[key] = value;
  return result;
}

}  // namespace

boost::json::object run_hostile(const LoadOptions& options) {
  if (options.server_pid <= 0) throw std::runtime_error("hostile needs --pid");
  if (options.attack == "head-of-line") return head_of_line(options);
  if (options.attack == "unauth-flood" || options.attack == "notify-flood")
    return flood_with_healthy_client(options, options.attack);
  throw std::runtime_error("unknown --attack " + options.attack);
}

}  // namespace bench
