#pragma once
// The Quack door measured: the benchmark rows fetched from a running duckwire's Quack port with
// duckwire's Quack client (PREPARE, then FETCH until the result ends), and the same rows APPENDed
// through it in one transaction, next to DuckDB's in-process appender fed the same chunks.

#include <benchmark/benchmark.h>

#include <cstdint>

#include "suite/wire_bench.hpp"

namespace bench {

void bm_quack_fetch(benchmark::State& state, ServerAddress server, int64_t rows);
void bm_quack_append(benchmark::State& state, ServerAddress server, int64_t rows);
// DuckDB's appender in this process, given the query's own data chunks (the floor of APPEND).
void bm_inproc_append(benchmark::State& state, int64_t rows);

}  // namespace bench
