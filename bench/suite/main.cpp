// duckwire_bench: the in-process baseline and, when DUCKWIRE_BENCH_PORT names a running duckwire,
// the same queries over its WebSocket, in rounds (see register_round).
//
// Environment: DUCKWIRE_BENCH_PORT (wire benchmarks; unset: in-process only), DUCKWIRE_BENCH_QUACK_PORT
// (the same server's Quack port: Quack fetch and APPEND),
// DUCKWIRE_BENCH_REPS_SMALL / _LARGE (rounds of 1M / 10M-row runs, default 5 / 3),
// DUCKWIRE_BENCH_ITERATIONS_SMALL (queries per 1M-row measurement, averaged; default 3),
// DUCKWIRE_BENCH_SMALL_ROWS / _LARGE_ROWS (default 1000000 / 10000000).

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <functional>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "suite/inprocess_bench.hpp"
#include "suite/pg_encode_bench.hpp"
#include "suite/quack_bench.hpp"
#include "suite/raw_capi_bench.hpp"
#include "suite/wire_bench.hpp"

namespace {

int64_t env_int(const char* name, int64_t fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::stoll(value) : fallback;
}

// Google Benchmark runs benchmarks in registration order, so registering one repetition of every
// variant per round, round after round, puts the variants being compared next to each other in time:
// report.py pairs them by round ("round:R" in the name) and takes the median of per-round ratios.
// The order within a round rotates so that no variant always runs first.
void register_round(
    const std::vector<std::pair<std::string, std::function<void(benchmark::State&)>>>& variants, int round,
    int iterations) {
  for (size_t k = 0; k < variants.size(); ++k) {
    const auto& [name, run] = variants[(k + static_cast<size_t>(round)) % variants.size()];
    const std::string full = name + "/round:" + std::to_string(round);
    benchmark::RegisterBenchmark(full.c_str(), [run](benchmark::State& state) { run(state); })
        ->Iterations(iterations)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
  }
}

void register_all() {
  using duckwire::encode::ResultFormat;
  const int64_t small = env_int("DUCKWIRE_BENCH_SMALL_ROWS", 1'000'000);
  const int64_t large = env_int("DUCKWIRE_BENCH_LARGE_ROWS", 10'000'000);
  const int rounds_small = static_cast<int>(env_int("DUCKWIRE_BENCH_REPS_SMALL", 5));
  const int rounds_large = static_cast<int>(env_int("DUCKWIRE_BENCH_REPS_LARGE", 3));
  const int iterations_small = static_cast<int>(env_int("DUCKWIRE_BENCH_ITERATIONS_SMALL", 3));
  const int64_t port = env_int("DUCKWIRE_BENCH_PORT", 0);
  const bench::ServerAddress server{"127.0.0.1", static_cast<uint16_t>(port)};
  const int64_t quack_port = env_int("DUCKWIRE_BENCH_QUACK_PORT", 0);
  const bench::ServerAddress quack{"127.0.0.1", static_cast<uint16_t>(quack_port)};

  for (const auto& [name, run] : {std::pair{"inproc_select1", &bench::bm_select1},
                                  std::pair{"capi_query_select1", &bench::bm_raw_query_select1},
                                  std::pair{"capi_prepared_select1", &bench::bm_raw_prepared_select1}}) {
    benchmark::RegisterBenchmark(name, run)->MinTime(0.2)->Repetitions(3)->UseRealTime()->Unit(
        benchmark::kMicrosecond);
  }
  for (const int64_t rows : {small, large}) {
    const std::string n = "/" + std::to_string(rows);
    std::vector<std::pair<std::string, std::function<void(benchmark::State&)>>> variants = {
        {"inproc_capi" + n, [rows](benchmark::State& s) { bench::bm_capi_floor(s, rows); }},
        {"inproc_vectors" + n, [rows](benchmark::State& s) { bench::bm_vectors_floor(s, rows); }},
        {"inproc_arrow" + n,
         [rows](benchmark::State& s) { bench::bm_encode(s, rows, ResultFormat::kArrowStream); }},
        {"inproc_json" + n,
         [rows](benchmark::State& s) { bench::bm_encode(s, rows, ResultFormat::kJsonRecords); }},
        {"inproc_pg_text" + n,
         [rows](benchmark::State& s) {
           bench::bm_pg_data_rows(s, rows, duckwire::encode::pg::Format::kText);
         }},
        {"inproc_pg_binary" + n,
         [rows](benchmark::State& s) {
           bench::bm_pg_data_rows(s, rows, duckwire::encode::pg::Format::kBinary);
         }},
    };
    if (port != 0) {
      variants.emplace_back("ws_arrow" + n,
                            [server, rows](benchmark::State& s) { bench::bm_ws_arrow(s, server, rows); });
      if (rows == small) {
        variants.emplace_back("ws_json" + n,
                              [server, rows](benchmark::State& s) { bench::bm_ws_json(s, server, rows); });
        variants.emplace_back("ws_jsonld" + n,
                              [server, rows](benchmark::State& s) { bench::bm_ws_jsonld(s, server, rows); });
      }
    }
    if (quack_port != 0) {
      variants.emplace_back("quack_fetch" + n,
                            [quack, rows](benchmark::State& s) { bench::bm_quack_fetch(s, quack, rows); });
      if (rows == small) {
        variants.emplace_back("inproc_append" + n,
                              [rows](benchmark::State& s) { bench::bm_inproc_append(s, rows); });
        variants.emplace_back("quack_append" + n,
                              [quack, rows](benchmark::State& s) { bench::bm_quack_append(s, quack, rows); });
      }
    }
    const bool is_small = rows == small;
    for (int round = 0; round < (is_small ? rounds_small : rounds_large); ++round) {
      register_round(variants, round, is_small ? iterations_small : 1);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  try {
    bench::open_inprocess_backend();
  } catch (const std::exception& e) {
    std::cerr << "cannot open DuckDB: " << e.what() << "\n";
    return 1;
  }
  register_all();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
