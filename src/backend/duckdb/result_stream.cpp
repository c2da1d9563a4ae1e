#include "backend/duckdb/result_stream.hpp"

#include <vector>

#include "backend/duckdb/error_kind.hpp"
#include "backend/duckdb/type_mapping.hpp"
#include "backend/duckdb/vector_views.hpp"

namespace duckwire::duckdb {

namespace {

Error take_error(ErrorData& error) {
  return make_error(duckdb_error_data_error_type(error.get()), duckdb_error_data_message(error.get()));
}

// The offsets of the TIMETZ columns of `chunk`, read from DuckDB's packed values.
std::vector<TimeZoneOffsets> time_zone_offsets(const ResultSchema& schema, duckdb_data_chunk chunk) {
  std::vector<TimeZoneOffsets> all;
  const idx_t rows = duckdb_data_chunk_get_size(chunk);
  for (size_t column = 0; column < schema.columns.size(); ++column) {
    if (schema.columns[column].type.id != TypeId::kTimeTz) continue;
    duckdb_vector vector = duckdb_data_chunk_get_vector(chunk, column);
    const auto* values = static_cast<const duckdb_time_tz*>(duckdb_vector_get_data(vector));
    TimeZoneOffsets offsets{column, std::vector<int32_t>(rows)};
    for (idx_t row = 0; row < rows; ++row) offsets.seconds[row] = duckdb_from_time_tz(values[row]).offset;
    all.push_back(std::move(offsets));
  }
  return all;
}

}  // namespace

DuckResultStream::DuckResultStream(std::unique_ptr<QueryResult> result, StatementKind kind)
    : result_(std::move(result)), kind_(kind) {}

Result<std::unique_ptr<ResultStream>> DuckResultStream::create(std::unique_ptr<QueryResult> result,
                                                               StatementKind kind) {
  auto stream = std::make_unique<DuckResultStream>(std::move(result), kind);
  if (auto described = stream->describe(); !described) return described.error();
  return std::unique_ptr<ResultStream>(std::move(stream));
}

Result<void> DuckResultStream::describe() {
  duckdb_result* raw = result_->get();
  const duckdb_result_type type = duckdb_result_return_type(*raw);
  if (type == DUCKDB_RESULT_TYPE_CHANGED_ROWS) {
    // DML answers one row holding the changed-row count; read it now so rows_changed() is cheap.
    DataChunk chunk(duckdb_fetch_chunk(*raw));
    rows_changed_ = 0;
    if (chunk && duckdb_data_chunk_get_size(chunk.get()) > 0) {
      auto* counts =
          static_cast<int64_t*>(duckdb_vector_get_data(duckdb_data_chunk_get_vector(chunk.get(), 0)));
      rows_changed_ = counts[0];
    }
    exhausted_ = true;
    return {};
  }
  if (type != DUCKDB_RESULT_TYPE_QUERY_RESULT) {
    exhausted_ = true;
    return {};
  }
  returns_rows_ = true;

  const idx_t count = duckdb_column_count(raw);
  std::vector<LogicalType> types;
  std::vector<duckdb_logical_type> raw_types;
  std::vector<const char*> names;
  for (idx_t i = 0; i < count; ++i) {
    types.emplace_back(duckdb_column_logical_type(raw, i));
    raw_types.push_back(types.back().get());
    names.push_back(duckdb_column_name(raw, i));
    schema_.columns.push_back(Column{names.back(), column_type_of(types.back().get())});
  }
  arrow_options_ = ArrowOptions(duckdb_result_get_arrow_options(raw));
  ErrorData error(duckdb_to_arrow_schema(arrow_options_.get(), raw_types.data(), names.data(), count,
                                         schema_.arrow.out()));
  if (error && duckdb_error_data_has_error(error.get())) return take_error(error);
  return {};
}

Result<std::optional<DataChunk>> DuckResultStream::fetch_rows() {
  while (!exhausted_) {
    DataChunk chunk(duckdb_fetch_chunk(*result_->get()));
    if (!chunk) {
      exhausted_ = true;
      if (const char* message = duckdb_result_error(result_->get()); message != nullptr) {
        return make_error(duckdb_result_error_type(result_->get()), message);
      }
      break;
    }
    if (duckdb_data_chunk_get_size(chunk.get()) > 0) return std::optional<DataChunk>(std::move(chunk));
  }
  return std::optional<DataChunk>();
}

Result<std::optional<Chunk>> DuckResultStream::next() {
  auto fetched = fetch_rows();
  if (!fetched) return fetched.error();
  if (!fetched.value()) return std::optional<Chunk>();
  DataChunk& chunk = *fetched.value();
  Chunk out;
  ErrorData error(duckdb_data_chunk_to_arrow(arrow_options_.get(), chunk.get(), out.array.out()));
  if (error && duckdb_error_data_has_error(error.get())) return take_error(error);
  out.time_zone_offsets = time_zone_offsets(schema_, chunk.get());
  return std::optional<Chunk>(std::move(out));
}

Result<std::optional<VectorChunk>> DuckResultStream::next_vectors() {
  auto fetched = fetch_rows();
  if (!fetched) return fetched.error();
  if (!fetched.value()) return std::optional<VectorChunk>();
  auto chunk = std::make_shared<DataChunk>(std::move(*fetched.value()));
  VectorChunk out;
  out.rows = duckdb_data_chunk_get_size(chunk->get());
  for (size_t column = 0; column < schema_.columns.size(); ++column) {
    out.columns.push_back(
        vector_view(duckdb_data_chunk_get_vector(chunk->get(), column), schema_.columns[column].type, out.rows));
  }
  out.keep_alive = std::move(chunk);
  return std::optional<VectorChunk>(std::move(out));
}

}  // namespace duckwire::duckdb
