#pragma once
// An unrestricted in-process DuckDB that reads Parquet files back and writes the reference file
// (`COPY (query) TO ... (FORMAT parquet)`) a Parquet download is compared with.

#include <gtest/gtest.h>

#include <duckdb.h>

#include <string>
#include <vector>

#include "backend/duckdb/handles.hpp"
#include "backend/duckdb/server_sql.hpp"

namespace duckwire {

class ParquetReference {
 public:
  ParquetReference() {
    EXPECT_EQ(duckdb_open(nullptr, database_.out()), DuckDBSuccess);
    EXPECT_EQ(duckdb_connect(database_.get(), connection_.out()), DuckDBSuccess);
    run("SET TimeZone = 'UTC'");
  }

  void run(const std::string& sql) {
    auto done = duckdb::run_statement(connection_.get(), sql);
    ASSERT_TRUE(done) << done.error().message << " in: " << sql;
  }

  // The first column of every row `sql` answers, as text (NULL for NULL).
  std::vector<std::string> texts(const std::string& sql) {
    duckdb::QueryResult result;
    std::vector<std::string> out;
    if (duckdb_query(connection_.get(), sql.c_str(), result.out()) == DuckDBError) {
      ADD_FAILURE() << duckdb_result_error(result.get()) << " in: " << sql;
      return out;
    }
    for (idx_t row = 0; row < duckdb_row_count(result.get()); ++row) {
      duckdb::DuckString value(duckdb_value_varchar(result.get(), 0, row));
      out.emplace_back(value ? value.get() : "NULL");
    }
    return out;
  }

  // Each column's Parquet name, physical and logical type, as parquet_schema() reads them.
  std::vector<std::string> file_schema(const std::string& path) {
    return texts("SELECT concat_ws(' ', name, type, logical_type, converted_type) FROM parquet_schema(" +
                 sql_literal(path) + ")");
  }
  // The column names and types DuckDB reads from the file.
  std::vector<std::string> read_types(const std::string& path) {
    return texts("SELECT column_name || ' ' || column_type FROM (DESCRIBE SELECT * FROM read_parquet(" +
                 sql_literal(path) + "))");
  }
  // Each row as text, in file order.
  std::vector<std::string> rows(const std::string& path) {
    return texts("SELECT CAST(t AS VARCHAR) FROM read_parquet(" + sql_literal(path) + ") t");
  }
  // The row count and a checksum of every row, for results too large to compare row by row.
  std::string digest(const std::string& path) {
    auto found =
        texts("SELECT count(*) || ' ' || coalesce(sum(hash(CAST(t AS VARCHAR))), 0) FROM read_parquet(" +
              sql_literal(path) + ") t");
    return found.empty() ? "" : found.front();
  }

 private:
  duckdb::Database database_;
  duckdb::Connection connection_;
};

}  // namespace duckwire
