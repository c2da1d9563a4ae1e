#include "suite/inprocess_bench.hpp"

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "backend/duckdb/duckdb_backend.hpp"
#include "common/queries.hpp"

namespace bench {

namespace {

using duckwire::Backend;
using duckwire::ResultStream;
using duckwire::Session;

// The server's query job hands pieces of about this size to the socket.
constexpr size_t kPieceBytes = 1024 * 1024;

std::unique_ptr<Backend>& backend() {
  static std::unique_ptr<Backend> instance;
  return instance;
}

std::unique_ptr<ResultStream> execute(Session& session, int64_t rows) {
  auto stream = session.execute(rows_query(rows));
  if (!stream) throw std::runtime_error(stream.error().message);
  return std::move(stream).value();
}

}  // namespace

void open_inprocess_backend() {
  std::vector<std::string> warnings;
  duckwire::BackendOptions options;
  options.restrict_file_access = false;
  auto opened = duckwire::open_duckdb_backend(options, warnings);
  if (!opened) throw std::runtime_error(opened.error().message);
  backend() = std::move(opened).value();
}

duckwire::Backend& inprocess_backend() {
  return *backend();
}

namespace {

// Runs the query and counts the rows of every chunk `next_rows` takes from its stream (nullopt at the
// end), dropping them.
template <class NextRows>
void fetch_floor(benchmark::State& state, int64_t rows, NextRows next_rows) {
  auto session = backend()->connect();
  if (!session) return state.SkipWithError(session.error().message.c_str());
  int64_t seen = 0;
  for (auto _ : state) {
    auto stream = execute(*session.value(), rows);
    seen = 0;
    while (true) {
      auto chunk_rows = next_rows(*stream);
      if (!chunk_rows) return state.SkipWithError(chunk_rows.error().message.c_str());
      if (!chunk_rows.value()) break;
      seen += *chunk_rows.value();
    }
  }
  if (seen != rows) return state.SkipWithError("row count mismatch");
  state.counters["rows"] = static_cast<double>(seen);
  state.SetItemsProcessed(state.iterations() * seen);
}

}  // namespace

void bm_capi_floor(benchmark::State& state, int64_t rows) {
  fetch_floor(state, rows, [](duckwire::ResultStream& stream) -> duckwire::Result<std::optional<int64_t>> {
    auto chunk = stream.next();
    if (!chunk) return chunk.error();
    if (!chunk.value()) return std::optional<int64_t>();
    return std::optional<int64_t>(chunk.value()->rows());
  });
}

void bm_vectors_floor(benchmark::State& state, int64_t rows) {
  fetch_floor(state, rows, [](duckwire::ResultStream& stream) -> duckwire::Result<std::optional<int64_t>> {
    auto chunk = stream.next_vectors();
    if (!chunk) return chunk.error();
    if (!chunk.value()) return std::optional<int64_t>();
    return std::optional<int64_t>(static_cast<int64_t>(chunk.value()->rows));
  });
}

void bm_encode(benchmark::State& state, int64_t rows, duckwire::encode::ResultFormat format) {
  auto session = backend()->connect();
  if (!session) return state.SkipWithError(session.error().message.c_str());
  uint64_t bytes = 0;
  std::string out;
  out.reserve(2 * kPieceBytes);
  for (auto _ : state) {
    auto stream = execute(*session.value(), rows);
    auto encoder = duckwire::encode::make_result_encoder(format, stream->schema());
    bytes = 0;
    out.clear();
    if (!encoder->begin(out)) return state.SkipWithError("encoder begin failed");
    while (true) {
      auto chunk = stream->next();
      if (!chunk) return state.SkipWithError(chunk.error().message.c_str());
      if (!chunk.value()) break;
      if (!encoder->write(*chunk.value(), out)) return state.SkipWithError("encoder write failed");
      if (out.size() >= kPieceBytes) {
        bytes += out.size();
        benchmark::DoNotOptimize(out.data());
        out.clear();
      }
    }
    if (!encoder->finish(out)) return state.SkipWithError("encoder finish failed");
    bytes += out.size();
  }
  state.counters["rows"] = static_cast<double>(rows);
  state.counters["bytes"] = static_cast<double>(bytes);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(bytes));
}

void bm_select1(benchmark::State& state) {
  auto session = backend()->connect();
  if (!session) return state.SkipWithError(session.error().message.c_str());
  std::string out;
  for (auto _ : state) {
    auto stream = session.value()->execute("SELECT 1");
    if (!stream) return state.SkipWithError(stream.error().message.c_str());
    auto encoder = duckwire::encode::make_result_encoder(duckwire::encode::ResultFormat::kJsonRecords,
                                                         stream.value()->schema());
    out.clear();
    if (!encoder->begin(out)) return state.SkipWithError("encoder begin failed");
    while (true) {
      auto chunk = stream.value()->next();
      if (!chunk) return state.SkipWithError(chunk.error().message.c_str());
      if (!chunk.value()) break;
      if (!encoder->write(*chunk.value(), out)) return state.SkipWithError("encoder write failed");
    }
    if (!encoder->finish(out)) return state.SkipWithError("encoder finish failed");
    benchmark::DoNotOptimize(out.data());
  }
}

}  // namespace bench
