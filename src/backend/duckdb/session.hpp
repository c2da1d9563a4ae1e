#pragma once

#include <atomic>

#include "backend/backend.hpp"
#include "backend/duckdb/handles.hpp"
#include "backend/duckdb/statement_cache.hpp"
#include "backend/duckdb/statement_policy.hpp"

namespace duckwire::duckdb {

class DuckPreparedStatement final : public PreparedStatement {
 public:
  explicit DuckPreparedStatement(Prepared handle) : handle_(std::move(handle)) {}
  size_t parameter_count() const override;
  std::vector<std::string> parameter_names() const override;
  StatementKind kind() const override;
  std::vector<ColumnType> parameter_types() const override;
  std::vector<Column> result_columns() const override;
  duckdb_prepared_statement get() const { return handle_.get(); }

 private:
  Prepared handle_;
};

// One DuckDB connection. Statements run through the pending-result API so that interrupt() and
// progress() can reach them from another thread. Client SQL passes the statement policy first.
class DuckSession final : public Session {
 public:
  DuckSession(Connection connection, StatementPolicy policy)
      : connection_(std::move(connection)), policy_(policy) {}

  using Session::execute;
  Result<std::unique_ptr<ResultStream>> execute(std::string_view sql, StatementAccess access) override;
  Result<std::unique_ptr<PreparedStatement>> prepare(std::string_view sql) override;
  Result<std::unique_ptr<StatementList>> split(std::string_view sql) override;
  Result<std::unique_ptr<ResultStream>> execute(PreparedStatement& statement,
                                                const Parameters& parameters) override;
  Result<bool> in_transaction() override;
  bool reusable() const override { return reusable_; }
  uint64_t data_changing_statements() const override { return data_changing_statements_; }
  void interrupt() override;
  void clear_interrupt() override { interrupted_ = false; }
  Progress progress() override;
  Result<void> report_progress() override;
  Result<std::unique_ptr<ResultStream>> read_arrow_stream(arrow::OwnedStream stream) override;
  Result<int64_t> create_table_from_arrow(const std::string& table_name, const ArrowSchema& schema,
                                          std::vector<arrow::OwnedArray>& batches) override;
  // In table_appender.cpp.
  Result<std::unique_ptr<TableAppender>> append_to(const std::vector<std::string>& table,
                                                   const std::vector<std::string>& columns) override;
  Result<std::unique_ptr<TableAppender>> append_vectors_to(const std::vector<std::string>& table,
                                                           const std::vector<ColumnType>& input_types) override;

 private:
  Result<std::unique_ptr<ResultStream>> run(duckdb_prepared_statement statement,
                                            StatementAccess access = StatementAccess::kAny);
  // The single BIGINT a query answers.
  Result<int64_t> run_scalar(std::string_view sql);
  // Runs one statement to completion without resetting an interrupt that already arrived.
  Result<void> run_to_end(const std::string& sql);
  // In table_appender.cpp.
  Result<std::vector<Column>> table_columns(const std::string& target, const std::vector<std::string>& columns,
                                            std::vector<LogicalType>& types);
  // `table_name`: the last part of `target`, unquoted.
  enum class AppendedRows { kRowsOfNamedColumns, kVectorsOfEveryColumn };
  Result<std::unique_ptr<TableAppender>> insert_appender(const std::string& target, const std::string& table_name,
                                                         std::vector<Column> columns, std::vector<LogicalType> types,
                                                         AppendedRows appended);

  Connection connection_;
  StatementPolicy policy_;
  StatementCache statements_;
  std::atomic<bool> interrupted_{false};
  bool reusable_ = true;
  bool statements_stale_ = false;  // the cache is cleared before the next statement
  uint64_t data_changing_statements_ = 0;
};

StatementKind statement_kind_of(duckdb_statement_type type);

}  // namespace duckwire::duckdb
