#pragma once

#include <memory>

#include "backend/backend.hpp"
#include "backend/duckdb/handles.hpp"

namespace duckwire::duckdb {

// A streaming DuckDB result, converted to Arrow C data chunk by chunk.
class DuckResultStream final : public ResultStream {
 public:
  static Result<std::unique_ptr<ResultStream>> create(std::unique_ptr<QueryResult> result,
                                                      StatementKind kind);
  DuckResultStream(std::unique_ptr<QueryResult> result, StatementKind kind);

  const ResultSchema& schema() const override { return schema_; }
  bool returns_rows() const override { return returns_rows_; }
  StatementKind kind() const override { return kind_; }
  std::optional<int64_t> rows_changed() const override { return rows_changed_; }
  Result<std::optional<Chunk>> next() override;
  Result<std::optional<VectorChunk>> next_vectors() override;

 private:
  Result<void> describe();
  // The next chunk of at least one row, or null at the end (error: the result's).
  Result<std::optional<DataChunk>> fetch_rows();

  std::unique_ptr<QueryResult> result_;
  ArrowOptions arrow_options_;
  ResultSchema schema_;
  StatementKind kind_;
  bool returns_rows_ = false;
  bool exhausted_ = false;
  std::optional<int64_t> rows_changed_;
};

}  // namespace duckwire::duckdb
