#pragma once
// `SELECT 1` straight through DuckDB's C API, without duckwire's backend: the engine's own floor for
// one small query, unprepared (parse, bind, plan, execute) and prepared once (execute only).

#include <benchmark/benchmark.h>

namespace bench {

void bm_raw_query_select1(benchmark::State& state);
void bm_raw_prepared_select1(benchmark::State& state);

}  // namespace bench
