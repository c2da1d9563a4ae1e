#include "core/metrics.hpp"

#include <fmt/format.h>

namespace duckwire {

const char* protocol_label(Protocol protocol) {
  switch (protocol) {
    case Protocol::kHttp:
      return "http";
    case Protocol::kSqlRooms:
      return "sqlrooms";
    case Protocol::kJsonRpc:
      return "jsonrpc";
    case Protocol::kStream:
      return "stream";
    case Protocol::kPostgres:
      return "postgres";
    case Protocol::kQuack:
      return "quack";
    case Protocol::kScheduler:
      return "scheduler";
    case Protocol::kCount:
      break;
  }
  return "unknown";
}

void Metrics::query_finished(Protocol p, double seconds) {
  Histogram& histogram = durations_[static_cast<size_t>(p)];
  for (size_t i = 0; i < kDurationBuckets.size(); ++i) {
    if (seconds <= kDurationBuckets[i]) histogram.buckets[i]++;
  }
  histogram.count++;
  histogram.sum_micros += static_cast<uint64_t>(seconds * 1e6);
}

namespace {

template <class Values>
void render_family(std::string& out, const char* name, const char* type, const char* help,
                   const Values& values) {
  fmt::format_to(std::back_inserter(out), "# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
  for (size_t i = 0; i < values.size(); ++i) {
    fmt::format_to(std::back_inserter(out), "{}{{protocol=\"{}\"}} {}\n", name,
                   protocol_label(static_cast<Protocol>(i)), values[i].load());
  }
}

}  // namespace

std::string Metrics::render_prometheus() const {
  std::string out;
  render_family(out, "duckwire_open_connections", "gauge", "Open client connections.", open_connections_);
  render_family(out, "duckwire_queries_started_total", "counter", "Queries started.", queries_started_);
  render_family(out, "duckwire_queries_failed_total", "counter", "Queries that ended in an error.",
                queries_failed_);
  render_family(out, "duckwire_queries_cancelled_total", "counter",
                "Queries interrupted by a client or shutdown.", queries_cancelled_);
  render_family(out, "duckwire_bytes_sent_total", "counter", "Bytes of results and replies sent.",
                bytes_sent_);
  render_family(out, "duckwire_statements_queued", "gauge", "Statements waiting for their turn to run.",
                statements_queued_);
  render_family(out, "duckwire_statements_running", "gauge", "Statements admitted and running.",
                statements_running_);
  render_family(out, "duckwire_statement_timeouts_total", "counter",
                "Statements interrupted by the statement timeout.", statements_timed_out_);

  out += "# HELP duckwire_query_duration_seconds Time from query start to its last byte.\n";
  out += "# TYPE duckwire_query_duration_seconds histogram\n";
  for (size_t p = 0; p < kProtocols; ++p) {
    const char* label = protocol_label(static_cast<Protocol>(p));
    const Histogram& histogram = durations_[p];
    for (size_t i = 0; i < kDurationBuckets.size(); ++i) {
      fmt::format_to(std::back_inserter(out),
                     "duckwire_query_duration_seconds_bucket{{protocol=\"{}\",le=\"{}\"}} {}\n", label,
                     kDurationBuckets[i], histogram.buckets[i].load());
    }
    fmt::format_to(std::back_inserter(out),
                   "duckwire_query_duration_seconds_bucket{{protocol=\"{}\",le=\"+Inf\"}} {}\n"
                   "duckwire_query_duration_seconds_sum{{protocol=\"{}\"}} {}\n"
                   "duckwire_query_duration_seconds_count{{protocol=\"{}\"}} {}\n",
                   label, histogram.count.load(), label,
                   static_cast<double>(histogram.sum_micros.load()) / 1e6, label, histogram.count.load());
  }
  fmt::format_to(std::back_inserter(out),
                 "# HELP duckwire_cache_computations_total Results computed to fill the result cache.\n"
                 "# TYPE duckwire_cache_computations_total counter\nduckwire_cache_computations_total {}\n"
                 "# HELP duckwire_cache_hits_total Requests answered from the result cache.\n"
                 "# TYPE duckwire_cache_hits_total counter\nduckwire_cache_hits_total {}\n"
                 "# HELP duckwire_spool_file_bytes Bytes of computed results waiting in spool files.\n"
                 "# TYPE duckwire_spool_file_bytes gauge\nduckwire_spool_file_bytes {}\n",
                 cache_computations_.load(), cache_hits_.load(), spool_file_bytes_.load());
  return out;
}

}  // namespace duckwire
