#pragma once
// The in-process baseline: a query run through the DuckDB backend (the C API floor), and the same
// query also pushed through a result encoder, exactly as the server's query job does.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <optional>

#include "backend/backend.hpp"
#include "encode/result_encoder.hpp"

namespace bench {

// Opens the shared in-memory backend once (same defaults as the server: DuckDB picks the threads).
void open_inprocess_backend();
// The backend open_inprocess_backend() opened.
duckwire::Backend& inprocess_backend();

// Fetches every chunk of the query and drops it.
void bm_capi_floor(benchmark::State& state, int64_t rows);

// Fetches every chunk in DuckDB's own vector layout (next_vectors, no Arrow): the floor of the Quack door.
void bm_vectors_floor(benchmark::State& state, int64_t rows);

// Fetches every chunk and encodes it, in pieces of about 512 KiB like the server's query job.
void bm_encode(benchmark::State& state, int64_t rows, duckwire::encode::ResultFormat format);

// `SELECT 1` executed and encoded as JSON records: the in-process floor of one small round trip.
void bm_select1(benchmark::State& state);

}  // namespace bench
