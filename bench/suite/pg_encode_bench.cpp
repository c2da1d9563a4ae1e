#include "suite/pg_encode_bench.hpp"

#include <memory>
#include <string>

#include "encode/pg_row_encoder.hpp"
#include "suite/inprocess_bench.hpp"

namespace bench {

namespace {

constexpr size_t kPieceBytes = 1024 * 1024;

std::string pg_rows_query(int64_t rows) {
  return "SELECT range::BIGINT AS i, range * 0.5 AS d, 'row' || range AS s, "
         "DATE '2020-01-01' + (range % 1000)::INTEGER AS dt, "
         "TIMESTAMP '2020-01-01 00:00:00' + to_microseconds(range * 1000003) AS ts FROM range(" +
         std::to_string(rows) + ")";
}

}  // namespace

void bm_pg_data_rows(benchmark::State& state, int64_t rows, duckwire::encode::pg::Format format) {
  auto session = inprocess_backend().connect();
  if (!session) return state.SkipWithError(session.error().message.c_str());
  uint64_t bytes = 0;
  std::string out;
  out.reserve(2 * kPieceBytes);
  for (auto _ : state) {
    auto stream = session.value()->execute(pg_rows_query(rows));
    if (!stream) return state.SkipWithError(stream.error().message.c_str());
    auto encoder = duckwire::encode::pg::RowEncoder::make(stream.value()->schema(), {format}, {});
    if (!encoder) return state.SkipWithError(encoder.error().message.c_str());
    bytes = 0;
    out.clear();
    while (true) {
      auto chunk = stream.value()->next();
      if (!chunk) return state.SkipWithError(chunk.error().message.c_str());
      if (!chunk.value()) break;
      auto appended = encoder->append_data_rows(*chunk.value(), out);
      if (!appended.ok()) return state.SkipWithError(appended.error().message.c_str());
      if (out.size() >= kPieceBytes) {
        bytes += out.size();
        benchmark::DoNotOptimize(out.data());
        out.clear();
      }
    }
    bytes += out.size();
  }
  state.counters["rows"] = static_cast<double>(rows);
  state.counters["bytes"] = static_cast<double>(bytes);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(bytes));
}

}  // namespace bench
