#include "suite/raw_capi_bench.hpp"

#include <duckdb.h>

namespace bench {

namespace {

// One in-memory database per benchmark run, closed at the end of the run.
class RawDatabase {
 public:
  RawDatabase() {
    if (duckdb_open(nullptr, &db_) == DuckDBSuccess) ok_ = duckdb_connect(db_, &connection_) == DuckDBSuccess;
  }
  ~RawDatabase() {
    duckdb_disconnect(&connection_);
    duckdb_close(&db_);
  }
  RawDatabase(const RawDatabase&) = delete;
  RawDatabase& operator=(const RawDatabase&) = delete;
  bool ok() const { return ok_; }
  duckdb_connection connection() const { return connection_; }

 private:
  duckdb_database db_ = nullptr;
  duckdb_connection connection_ = nullptr;
  bool ok_ = false;
};

}  // namespace

void bm_raw_query_select1(benchmark::State& state) {
  RawDatabase db;
  if (!db.ok()) return state.SkipWithError("cannot open DuckDB");
  for (auto _ : state) {
    duckdb_result result;
    if (duckdb_query(db.connection(), "SELECT 1", &result) != DuckDBSuccess)
      state.SkipWithError("query failed");
    duckdb_destroy_result(&result);
  }
}

void bm_raw_prepared_select1(benchmark::State& state) {
  RawDatabase db;
  if (!db.ok()) return state.SkipWithError("cannot open DuckDB");
  duckdb_prepared_statement statement;
  if (duckdb_prepare(db.connection(), "SELECT 1", &statement) != DuckDBSuccess) {
    duckdb_destroy_prepare(&statement);
    return state.SkipWithError("prepare failed");
  }
  for (auto _ : state) {
    duckdb_result result;
    if (duckdb_execute_prepared(statement, &result) != DuckDBSuccess) state.SkipWithError("execute failed");
    duckdb_destroy_result(&result);
  }
  duckdb_destroy_prepare(&statement);
}

}  // namespace bench
