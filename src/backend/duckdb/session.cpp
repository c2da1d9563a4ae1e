#include "backend/duckdb/session.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "backend/duckdb/arrow_import.hpp"
#include "backend/duckdb/arrow_schema_check.hpp"
#include "backend/duckdb/error_kind.hpp"
#include "backend/duckdb/result_stream.hpp"
#include "backend/duckdb/statement_list.hpp"
#include "backend/duckdb/type_mapping.hpp"
#include "backend/duckdb/value_binding.hpp"

namespace duckwire::duckdb {

namespace {

Error interrupted_error() {
  return Error{ErrorKind::kInterrupted, "INTERRUPT Error: Interrupted!"};
}

// DuckDB reads SQL as a C string: text after a NUL would silently not run.
std::optional<Error> refuse_nul(std::string_view sql) {
  if (sql.find('\0') == std::string_view::npos) return std::nullopt;
  return Error{ErrorKind::kInvalidInput, "SQL text must not contain NUL characters"};
}

// INSERT, UPDATE and DELETE with RETURNING answer rows, not a count.
bool changes_data(StatementKind kind) {
  return kind == StatementKind::kInsert || kind == StatementKind::kUpdate || kind == StatementKind::kDelete ||
         kind == StatementKind::kDdl;
}

// Statements after which the session is as it was for the next client (their effects are on the
// database, not on this connection).
// Statements after which a kept plan may give other results: DuckDB folds getvariable(), settings
// (current_setting, TimeZone in casts of literals) and loaded functions into plans when it binds them.
bool changes_how_statements_bind(duckdb_statement_type type) {
  switch (type) {
    case DUCKDB_STATEMENT_TYPE_SET:
    case DUCKDB_STATEMENT_TYPE_VARIABLE_SET:
    case DUCKDB_STATEMENT_TYPE_PRAGMA:
    case DUCKDB_STATEMENT_TYPE_ATTACH:
    case DUCKDB_STATEMENT_TYPE_DETACH:
    case DUCKDB_STATEMENT_TYPE_LOAD:
      return true;
    default:
      return false;
  }
}

bool leaves_session_as_it_was(duckdb_statement_type type) {
  switch (type) {
    case DUCKDB_STATEMENT_TYPE_SELECT:
    case DUCKDB_STATEMENT_TYPE_INSERT:
    case DUCKDB_STATEMENT_TYPE_UPDATE:
    case DUCKDB_STATEMENT_TYPE_DELETE:
    case DUCKDB_STATEMENT_TYPE_EXPLAIN:
    case DUCKDB_STATEMENT_TYPE_COPY:
    case DUCKDB_STATEMENT_TYPE_EXPORT:
    case DUCKDB_STATEMENT_TYPE_ANALYZE:
    case DUCKDB_STATEMENT_TYPE_VACUUM:
      return true;
    default:
      return false;
  }
}

}  // namespace

StatementKind statement_kind_of(duckdb_statement_type type) {
  switch (type) {
    case DUCKDB_STATEMENT_TYPE_SELECT:
      return StatementKind::kQuery;
    case DUCKDB_STATEMENT_TYPE_INSERT:
      return StatementKind::kInsert;
    case DUCKDB_STATEMENT_TYPE_UPDATE:
      return StatementKind::kUpdate;
    case DUCKDB_STATEMENT_TYPE_DELETE:
      return StatementKind::kDelete;
    case DUCKDB_STATEMENT_TYPE_CREATE:
    case DUCKDB_STATEMENT_TYPE_DROP:
    case DUCKDB_STATEMENT_TYPE_ALTER:
      return StatementKind::kDdl;
    case DUCKDB_STATEMENT_TYPE_TRANSACTION:
      return StatementKind::kTransaction;
    default:
      return StatementKind::kOther;
  }
}

size_t DuckPreparedStatement::parameter_count() const {
  return duckdb_nparams(handle_.get());
}

std::vector<std::string> DuckPreparedStatement::parameter_names() const {
  std::vector<std::string> names;
  for (idx_t i = 1; i <= duckdb_nparams(handle_.get()); ++i) {
    DuckString name(const_cast<char*>(duckdb_parameter_name(handle_.get(), i)));
    names.emplace_back(name ? name.get() : "");
  }
  return names;
}

StatementKind DuckPreparedStatement::kind() const {
  return statement_kind_of(duckdb_prepared_statement_type(handle_.get()));
}

std::vector<ColumnType> DuckPreparedStatement::parameter_types() const {
  std::vector<ColumnType> types;
  for (idx_t i = 1; i <= duckdb_nparams(handle_.get()); ++i) {
    LogicalType type(duckdb_param_logical_type(handle_.get(), i));
    types.push_back(type ? column_type_of(type.get()) : ColumnType{});
  }
  return types;
}

std::vector<Column> DuckPreparedStatement::result_columns() const {
  std::vector<Column> columns;
  const StatementKind statement_kind = kind();
  if (statement_kind == StatementKind::kDdl || statement_kind == StatementKind::kTransaction) return columns;
  for (idx_t i = 0; i < duckdb_prepared_statement_column_count(handle_.get()); ++i) {
    LogicalType column_type(duckdb_prepared_statement_column_logical_type(handle_.get(), i));
    DuckString name(const_cast<char*>(duckdb_prepared_statement_column_name(handle_.get(), i)));
    columns.push_back(
        Column{name ? name.get() : "", column_type ? column_type_of(column_type.get()) : ColumnType{}});
  }
  // A statement that changes rows without RETURNING describes its one changed-row count column,
  // which its result does not carry as rows.
  const bool changed_row_count = statement_kind != StatementKind::kQuery && columns.size() == 1 &&
                                 columns[0].name == "Count" && columns[0].type.id == TypeId::kBigInt;
  if (changed_row_count) columns.clear();
  return columns;
}

Result<std::unique_ptr<ResultStream>> DuckSession::execute(std::string_view sql, StatementAccess access) {
  if (auto refused = refuse_nul(sql)) return *refused;
  if (statements_stale_) {
    statements_.clear();
    statements_stale_ = false;
  }
  if (duckdb_prepared_statement cached = statements_.find(sql)) return run(cached, access);
  if (auto refused = refuse_sql_text(sql, policy_)) return *refused;
  const std::string text(sql);
  ExtractedStatements extracted;
  const idx_t count = duckdb_extract_statements(connection_.get(), text.c_str(), extracted.out());
  if (count == 0) {
    const char* message = duckdb_extract_statements_error(extracted.get());
    if (message != nullptr) return make_error_from_message(message);
    return Error{ErrorKind::kInvalidInput, "no statement to execute"};
  }
  for (idx_t i = 0; i < count; ++i) {
    Prepared statement;
    if (duckdb_prepare_extracted_statement(connection_.get(), extracted.get(), i, statement.out()) ==
        DuckDBError) {
      return make_error_from_message(duckdb_prepare_error(statement.get()));
    }
    if (count == 1) return run(statements_.keep(sql, std::move(statement)), access);
    auto result = run(statement.get(), access);
    if (!result || i + 1 == count) return result;
    // Earlier statements run to completion; only the last one streams to the caller.
    while (true) {
      auto chunk = result.value()->next();
      if (!chunk) return chunk.error();
      if (!chunk.value()) break;
    }
  }
  return Error{ErrorKind::kInternal, "unreachable"};
}

Result<std::unique_ptr<PreparedStatement>> DuckSession::prepare(std::string_view sql) {
  if (auto refused = refuse_nul(sql)) return *refused;
  if (auto refused = refuse_sql_text(sql, policy_)) return *refused;
  const std::string text(sql);
  Prepared statement;
  if (duckdb_prepare(connection_.get(), text.c_str(), statement.out()) == DuckDBError) {
    return make_error_from_message(duckdb_prepare_error(statement.get()));
  }
  if (auto refused = refuse_statement_type(duckdb_prepared_statement_type(statement.get()), policy_)) {
    return *refused;
  }
  return std::unique_ptr<PreparedStatement>(std::make_unique<DuckPreparedStatement>(std::move(statement)));
}

Result<std::unique_ptr<StatementList>> DuckSession::split(std::string_view sql) {
  if (auto refused = refuse_nul(sql)) return *refused;
  return split_statements(connection_.get(), sql);
}

Result<std::unique_ptr<ResultStream>> DuckSession::execute(PreparedStatement& statement,
                                                           const Parameters& parameters) {
  auto& prepared = dynamic_cast<DuckPreparedStatement&>(statement);
  if (auto bound = bind_parameters(prepared.get(), parameters); !bound) return bound.error();
  return run(prepared.get());
}

Result<bool> DuckSession::in_transaction() {
  // Outside a transaction every statement gets a transaction of its own.
  auto first = run_scalar("SELECT txid_current()");
  if (!first) return first.error();
  auto second = run_scalar("SELECT txid_current()");
  if (!second) return second.error();
  return first.value() == second.value();
}

Result<int64_t> DuckSession::run_scalar(std::string_view sql) {
  auto result = execute(sql);
  if (!result) return result.error();
  auto chunk = result.value()->next();
  if (!chunk) return chunk.error();
  if (!chunk.value() || chunk.value()->rows() == 0 || chunk.value()->array->n_children != 1) {
    return Error{ErrorKind::kInternal, "expected one value from: " + std::string(sql)};
  }
  const ArrowArray& column = *chunk.value()->array->children[0];
  return static_cast<const int64_t*>(column.buffers[1])[column.offset];
}

Result<std::unique_ptr<ResultStream>> DuckSession::run(duckdb_prepared_statement statement,
                                                       StatementAccess access) {
  const duckdb_statement_type type = duckdb_prepared_statement_type(statement);
  if (access == StatementAccess::kQueriesOnly && type != DUCKDB_STATEMENT_TYPE_SELECT) {
    return Error{ErrorKind::kPermission,
                 "this request may only read: statements other than SELECT are refused"};
  }
  if (auto refused = refuse_statement_type(type, policy_)) return *refused;
  if (!leaves_session_as_it_was(type)) reusable_ = false;
  if (changes_how_statements_bind(type)) statements_stale_ = true;
  Pending pending;
  if (duckdb_pending_prepared_streaming(statement, pending.out()) == DuckDBError) {
    return make_error_from_message(duckdb_pending_error(pending.get()));
  }
  // Drive execution on this worker thread one task at a time; duckdb_interrupt from another thread
  // makes the next task fail. When DuckDB's own threads hold the remaining tasks, block in
  // duckdb_execute_pending instead of spinning.
  duckdb_pending_state state = DUCKDB_PENDING_RESULT_NOT_READY;
  while (state == DUCKDB_PENDING_RESULT_NOT_READY) {
    if (interrupted_) return interrupted_error();
    state = duckdb_pending_execute_task(pending.get());
  }
  if (state == DUCKDB_PENDING_ERROR) return make_error_from_message(duckdb_pending_error(pending.get()));
  auto result = std::make_unique<QueryResult>();
  if (duckdb_execute_pending(pending.get(), result->out()) == DuckDBError) {
    return make_error(duckdb_result_error_type(result->get()), duckdb_result_error(result->get()));
  }
  auto stream = DuckResultStream::create(std::move(result), statement_kind_of(type));
  if (stream && (stream.value()->rows_changed() || changes_data(stream.value()->kind()))) {
    ++data_changing_statements_;
  }
  return stream;
}

Result<void> DuckSession::run_to_end(const std::string& sql) {
  Prepared statement;
  if (duckdb_prepare(connection_.get(), sql.c_str(), statement.out()) == DuckDBError) {
    return make_error_from_message(duckdb_prepare_error(statement.get()));
  }
  auto result = run(statement.get());
  if (!result) return result.error();
  while (true) {
    auto chunk = result.value()->next();
    if (!chunk) return chunk.error();
    if (!chunk.value()) return {};
  }
}

// DuckDB scans the batches through a view named for this upload alone (duckdb_arrow_scan takes
// no schema), created, read and dropped inside the transaction that creates the table.
Result<int64_t> DuckSession::create_table_from_arrow(const std::string& table_name, const ArrowSchema& schema,
                                                     std::vector<arrow::OwnedArray>& batches) {
  auto target = quote_table_name(table_name);
  if (!target) return target.error();
  if (schema.n_children == 0) return Error{ErrorKind::kInvalidInput, "cannot create a table without columns"};
  if (auto checked = check_arrow_schema(connection_.get(), schema); !checked) return checked.error();
  // The scan's view would fail in a read-only database without saying why.
  auto read_only =
      execute("SELECT 1 FROM duckdb_databases() WHERE database_name = current_database() AND readonly");
  if (!read_only) return read_only.error();
  auto read_only_row = read_only.value()->next();
  if (!read_only_row) return read_only_row.error();
  if (read_only_row.value() && read_only_row.value()->rows() > 0) {
    return Error{ErrorKind::kPermission, "cannot create a table: the database is opened read-only"};
  }
  read_only.value().reset();
  int64_t rows = 0;
  for (const arrow::OwnedArray& batch : batches) rows += batch->length;

  if (auto begun = run_to_end("BEGIN TRANSACTION"); !begun) return begun.error();
  ArrowBatchStream stream(schema, batches);
  const std::string view = unique_upload_view_name();
  auto created = [&]() -> Result<void> {
    if (duckdb_arrow_scan(connection_.get(), view.c_str(),
                          reinterpret_cast<duckdb_arrow_stream>(stream.get())) == DuckDBError) {
      return Error{ErrorKind::kInvalidInput, "DuckDB could not scan the Arrow data"};
    }
    if (auto filled = run_to_end("CREATE OR REPLACE TABLE " + target.value() + " AS SELECT * FROM " +
                                 quote_identifier(view));
        !filled) {
      return filled.error();
    }
    if (auto dropped = run_to_end("DROP VIEW " + quote_identifier(view)); !dropped) return dropped.error();
    return run_to_end("COMMIT");
  }();
  if (!created) {
    QueryResult rollback;
    duckdb_query(connection_.get(), "ROLLBACK", rollback.out());
    return created.error();
  }
  return rows;
}

void DuckSession::interrupt() {
  interrupted_ = true;
  duckdb_interrupt(connection_.get());
}

// DuckDB counts progress only with its progress bar on, and then prints it on stdout unless told not
// to; progress_bar_time 0 counts from the statement's start (a session setting clients may change too).
Result<void> DuckSession::report_progress() {
  for (const char* statement :
       {"PRAGMA enable_progress_bar", "PRAGMA disable_print_progress_bar", "SET progress_bar_time = 0"}) {
    QueryResult result;
    if (duckdb_query(connection_.get(), statement, result.out()) == DuckDBError) {
      return make_error(duckdb_result_error_type(result.get()), duckdb_result_error(result.get()));
    }
  }
  return {};
}

Progress DuckSession::progress() {
  const duckdb_query_progress_type raw = duckdb_query_progress(connection_.get());
  return Progress{raw.percentage, raw.rows_processed, raw.total_rows_to_process};
}

}  // namespace duckwire::duckdb
