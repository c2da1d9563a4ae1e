// duckwire_bench: the in-process baseline and, when DUCKWIRE_BENCH_PORT names a running duckwire,
// the same queries over its WebSocket. Run with --benchmark_enable_random_interleaving=true so the
// repetitions of all variants are interleaved and their ratios come from the same minutes.
//
// Environment: DUCKWIRE_BENCH_PORT (wire benchmarks; unset: in-process only),
// DUCKWIRE_BENCH_REPS_SMALL / _LARGE (repetitions of 1M / 10M-row runs, default 5 / 3),
// DUCKWIRE_BENCH_SMALL_ROWS / _LARGE_ROWS (default 1000000 / 10000000).

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>
#include <string>

#include "suite/inprocess_bench.hpp"
#include "suite/wire_bench.hpp"

namespace {

int64_t env_int(const char* name, int64_t fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::stoll(value) : fallback;
}

void configure(benchmark::internal::Benchmark* b, int repetitions) {
  b->Iterations(1)->Repetitions(repetitions)->UseRealTime()->Unit(benchmark::kMillisecond);
}

void register_all() {
  using duckwire::encode::ResultFormat;
  const int64_t small = env_int("DUCKWIRE_BENCH_SMALL_ROWS", 1'000'000);
  const int64_t large = env_int("DUCKWIRE_BENCH_LARGE_ROWS", 10'000'000);
  const int reps_small = static_cast<int>(env_int("DUCKWIRE_BENCH_REPS_SMALL", 5));
  const int reps_large = static_cast<int>(env_int("DUCKWIRE_BENCH_REPS_LARGE", 3));
  const int64_t port = env_int("DUCKWIRE_BENCH_PORT", 0);
  const bench::ServerAddress server{"127.0.0.1", static_cast<uint16_t>(port)};

  benchmark::RegisterBenchmark("inproc_select1", bench::bm_select1)
      ->MinTime(0.2)
      ->Repetitions(reps_small)
      ->UseRealTime()
      ->Unit(benchmark::kMicrosecond);
  for (const int64_t rows : {small, large}) {
    const int reps = rows == small ? reps_small : reps_large;
    const std::string n = std::to_string(rows);
    configure(benchmark::RegisterBenchmark(("inproc_capi/" + n).c_str(), bench::bm_capi_floor, rows), reps);
    configure(benchmark::RegisterBenchmark(("inproc_arrow/" + n).c_str(), bench::bm_encode, rows,
                                           ResultFormat::kArrowStream),
              reps);
    configure(benchmark::RegisterBenchmark(("inproc_json/" + n).c_str(), bench::bm_encode, rows,
                                           ResultFormat::kJsonRecords),
              reps);
    if (port == 0) continue;
    configure(benchmark::RegisterBenchmark(("ws_arrow/" + n).c_str(), bench::bm_ws_arrow, server, rows), reps);
    if (rows == small) {
      configure(benchmark::RegisterBenchmark(("ws_json/" + n).c_str(), bench::bm_ws_json, server, rows), reps);
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
