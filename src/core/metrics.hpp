#pragma once
// Server-wide counters rendered in the Prometheus text format at /metrics.

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

namespace duckwire {

enum class Protocol { kHttp, kSqlRooms, kJsonRpc, kStream, kPostgres, kQuack, kScheduler, kCount };

const char* protocol_label(Protocol protocol);

class Metrics {
 public:
  void connection_opened(Protocol p) { at(open_connections_, p)++; }
  void connection_closed(Protocol p) { at(open_connections_, p)--; }
  void query_started(Protocol p) { at(queries_started_, p)++; }
  void query_failed(Protocol p) { at(queries_failed_, p)++; }
  void query_cancelled(Protocol p) { at(queries_cancelled_, p)++; }
  void query_finished(Protocol p, double seconds);
  void statement_queued(Protocol p, int64_t change) { at(statements_queued_, p) += change; }
  void statement_running(Protocol p, int64_t change) { at(statements_running_, p) += change; }
  void statement_timed_out(Protocol p) { at(statements_timed_out_, p)++; }
  void bytes_sent(Protocol p, uint64_t bytes) { at(bytes_sent_, p) += bytes; }
  void cache_computed() { cache_computations_++; }
  void cache_hit() { cache_hits_++; }
  void spool_file_bytes(int64_t change) { spool_file_bytes_ += change; }

  std::string render_prometheus() const;

  static constexpr std::array<double, 12> kDurationBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                              0.05,   0.1,   0.25,   1,     5,    30};

 private:
  static constexpr size_t kProtocols = static_cast<size_t>(Protocol::kCount);
  template <class T>
  using PerProtocol = std::array<std::atomic<T>, kProtocols>;
  template <class T>
  static std::atomic<T>& at(PerProtocol<T>& values, Protocol p) {
    return values[static_cast<size_t>(p)];
  }

  struct Histogram {
    std::array<std::atomic<uint64_t>, kDurationBuckets.size()> buckets{};
    std::atomic<uint64_t> count{0};
    std::atomic<uint64_t> sum_micros{0};
  };

  PerProtocol<int64_t> open_connections_{};
  PerProtocol<uint64_t> queries_started_{};
  PerProtocol<uint64_t> queries_failed_{};
  PerProtocol<uint64_t> queries_cancelled_{};
  PerProtocol<uint64_t> bytes_sent_{};
  PerProtocol<int64_t> statements_queued_{};
  PerProtocol<int64_t> statements_running_{};
  PerProtocol<uint64_t> statements_timed_out_{};
  std::array<Histogram, kProtocols> durations_{};
  std::atomic<uint64_t> cache_computations_{0};
  std::atomic<uint64_t> cache_hits_{0};
  std::atomic<int64_t> spool_file_bytes_{0};
};

}  // namespace duckwire
