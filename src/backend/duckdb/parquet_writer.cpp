#include "backend/duckdb/parquet_writer.hpp"

#include <optional>
#include <vector>

#include "backend/duckdb/arrow_import.hpp"
#include "backend/duckdb/arrow_schema_check.hpp"
#include "backend/duckdb/error_kind.hpp"
#include "backend/duckdb/handles.hpp"
#include "backend/duckdb/parquet_columns.hpp"
#include "backend/duckdb/server_sql.hpp"
#include "backend/duckdb/type_mapping.hpp"

namespace duckwire {

namespace {

using namespace duckwire::duckdb;

// The view each write scans its result through (a temporary view: one per connection).
constexpr const char* kResultView = "result_rows";

// The names and types DuckDB gives the columns of `sql`.
Result<std::vector<Column>> columns_of(duckdb_connection connection, const std::string& sql) {
  Prepared statement;
  if (duckdb_prepare(connection, sql.c_str(), statement.out()) == DuckDBError) {
    return make_error_from_message(duckdb_prepare_error(statement.get()));
  }
  std::vector<Column> columns;
  const idx_t count = duckdb_prepared_statement_column_count(statement.get());
  for (idx_t i = 0; i < count; ++i) {
    LogicalType type(duckdb_prepared_statement_column_logical_type(statement.get(), i));
    columns.push_back(
        Column{duckdb_prepared_statement_column_name(statement.get(), i), column_type_of(type.get())});
  }
  return columns;
}

std::string joined(const std::vector<std::string>& expressions) {
  std::string list;
  for (const std::string& expression : expressions) list += (list.empty() ? "" : ", ") + expression;
  return list;
}

// The columns of the scanned result in the result's own types (parquet_columns.hpp); as scanned where
// DuckDB cannot take the expression.
std::string select_list(duckdb_connection connection, const std::vector<Column>& columns) {
  const std::string from = std::string(" FROM ") + kResultView;
  auto scanned = columns_of(connection, "SELECT *" + from);
  if (!scanned) return "*";
  std::vector<std::string> expressions = parquet_column_expressions(columns, scanned.value());
  if (!columns_of(connection, "SELECT " + joined(expressions) + from)) {
    for (size_t i = 0; i < expressions.size(); ++i) {
      if (!columns_of(connection, "SELECT " + expressions[i] + from)) {
        expressions[i] = quote_identifier(scanned.value()[i].name);
      }
    }
  }
  return joined(expressions);
}

class DuckParquetWriter final : public ResultFileWriter {
 public:
  explicit DuckParquetWriter(Database database) : database_(std::move(database)) {}

  Result<void> write_parquet(const ResultSchema& schema, const ChunkSource& next,
                             const std::string& path) override {
    std::optional<Error> source_error;  // DuckDB's message would only wrap it
    BatchSource batches = [&]() -> Result<std::optional<arrow::OwnedArray>> {
      auto chunk = next();
      if (!chunk) {
        source_error = chunk.error();
        return chunk.error();
      }
      if (!chunk.value()) return std::optional<arrow::OwnedArray>();
      utc_time_of_day(*schema.arrow.get(), *chunk.value());
      return std::optional<arrow::OwnedArray>(std::move(chunk.value()->array));
    };
    ArrowBatchStream stream(*schema.arrow.get(), std::move(batches));
    // Declared after the stream: the connection, and its view of the stream, go first.
    Connection connection;
    if (duckdb_connect(database_.get(), connection.out()) == DuckDBError) {
      return Error{ErrorKind::kInternal, "cannot open a connection to the Parquet writer"};
    }
    if (auto checked = check_arrow_schema(connection.get(), *schema.arrow.get()); !checked)
      return checked.error();
    if (duckdb_arrow_scan(connection.get(), kResultView,
                          reinterpret_cast<duckdb_arrow_stream>(stream.get())) == DuckDBError) {
      return Error{ErrorKind::kInternal, "the Parquet writer cannot scan the result"};
    }
    const std::string copy = "COPY (SELECT " + select_list(connection.get(), schema.columns) + " FROM " +
                             kResultView + ") TO " + sql_literal(path) +
                             " (FORMAT parquet, USE_TMP_FILE false)";
    auto copied = run_statement(connection.get(), copy);
    if (!copied) return source_error ? *source_error : copied.error();
    return {};
  }

 private:
  Database database_;
};

}  // namespace

Result<std::unique_ptr<ResultFileWriter>> open_parquet_writer(const std::string& directory) {
  duckdb::Config config;
  if (duckdb_create_config(config.out()) == DuckDBError) {
    return Error{ErrorKind::kInternal, "cannot create a DuckDB configuration"};
  }
  // One thread: a write runs on the thread that asks for it, which also reads the result's chunks.
  duckdb_set_config(config.get(), "threads", "1");
  duckdb_set_config(config.get(), "custom_user_agent", "duckwire");
  Database database;
  char* open_error = nullptr;
  if (duckdb_open_ext(nullptr, database.out(), config.get(), &open_error) == DuckDBError) {
    DuckString owned(open_error);
    return Error{ErrorKind::kInternal,
                 std::string("cannot open the Parquet writer: ") + (owned ? owned.get() : "no reason given")};
  }
  Connection connection;
  if (duckdb_connect(database.get(), connection.out()) == DuckDBError) {
    return Error{ErrorKind::kInternal, "cannot open a connection to the Parquet writer"};
  }
  // JSON columns are cast back to DuckDB's JSON type (parquet_columns.hpp).
  for (const std::string& statement :
       {std::string("LOAD parquet"), std::string("LOAD json"),
        std::string("SET autoinstall_known_extensions = false"),
        std::string("SET autoload_known_extensions = false"),
        "SET allowed_directories = " + sql_list({directory}), std::string("SET temp_directory = ''"),
        std::string("SET enable_external_access = false"), std::string("SET lock_configuration = true")}) {
    if (auto done = run_statement(connection.get(), statement); !done) {
      return Error{done.error().kind, "setting up the Parquet writer: " + done.error().message};
    }
  }
  return std::unique_ptr<ResultFileWriter>(std::make_unique<DuckParquetWriter>(std::move(database)));
}

}  // namespace duckwire
