#pragma once
// A PostgreSQL client's session on a Python handler (riffq's BaseConnection.handle_query): each
// statement is the client's text, answered by the handler with an Arrow C stream that DuckDB reads
// back as a result, so that its rows leave through the same encoders as DuckDB's own.

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "backend/backend.hpp"
#include "python/python_handlers.hpp"

namespace duckwire::python {

class PythonSession final : public Session {
 public:
  // `duckdb`: a session of the server's DuckDB, which reads the handler's streams.
  PythonSession(std::shared_ptr<PythonHandlers> handlers, std::unique_ptr<Session> duckdb, uint64_t connection_id);

  using Session::execute;
  Result<std::unique_ptr<ResultStream>> execute(std::string_view sql, StatementAccess access) override;
  // Asks the handler to describe the statement (do_describe=True) and keeps its columns.
  Result<std::unique_ptr<PreparedStatement>> prepare(std::string_view sql) override;
  Result<std::unique_ptr<StatementList>> split(std::string_view sql) override;
  Result<std::unique_ptr<ResultStream>> execute(PreparedStatement& statement, const Parameters& parameters) override;
  Result<bool> in_transaction() override { return false; }
  bool reusable() const override { return false; }
  uint64_t data_changing_statements() const override { return 0; }
  void interrupt() override;
  void clear_interrupt() override { interrupted_ = false; }
  Progress progress() override { return Progress{}; }
  Result<std::unique_ptr<ResultStream>> read_arrow_stream(arrow::OwnedStream stream) override;
  Result<int64_t> create_table_from_arrow(const std::string& table_name, const ArrowSchema& schema,
                                          std::vector<arrow::OwnedArray>& batches) override;
  Result<std::unique_ptr<TableAppender>> append_to(const std::vector<std::string>& table,
                                                   const std::vector<std::string>& columns) override;

 private:
  // The handler's answer to `sql` as a result; parameters null: none sent (query_args left out).
  Result<std::unique_ptr<ResultStream>> ask(const std::string& sql, const Parameters* parameters, bool describe);

  std::shared_ptr<PythonHandlers> handlers_;
  std::unique_ptr<Session> duckdb_;
  const uint64_t connection_id_;
  std::atomic<bool> interrupted_{false};
  std::mutex pending_mutex_;
  std::shared_ptr<AnswerSlot<QueryAnswer>> pending_;  // the answer being waited for
};

}  // namespace duckwire::python
