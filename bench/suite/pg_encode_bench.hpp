#pragma once
// The PostgreSQL front door's encoders in process: a query's rows turned into DataRow messages, text or
// binary, as a portal's Execute does.

#include <benchmark/benchmark.h>

#include <cstdint>

#include "encode/pg_format.hpp"

namespace bench {

// N rows of (int8, float8, text, date, timestamp) fetched and encoded as DataRow messages in `format`.
// Needs open_inprocess_backend().
void bm_pg_data_rows(benchmark::State& state, int64_t rows, duckwire::encode::pg::Format format);

}  // namespace bench
