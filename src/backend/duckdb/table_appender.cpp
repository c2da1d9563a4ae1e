// DuckSession::append_to: a DuckDB appender over an INSERT of the appended rows, so the table name
// resolves through the session's search path and omitted columns get their defaults.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "backend/duckdb/arrow_import.hpp"
#include "backend/duckdb/error_kind.hpp"
#include "backend/duckdb/session.hpp"
#include "backend/duckdb/type_mapping.hpp"
#include "backend/duckdb/value_binding.hpp"
#include "backend/duckdb/vector_append.hpp"

namespace duckwire::duckdb {

namespace {

void destroy_appender(duckdb_appender* appender) {
  duckdb_appender_destroy(appender);
}
using Appender = Handle<duckdb_appender, destroy_appender>;

constexpr const char* kAppendedRows = "duckwire_appended_rows";

Error appender_error(duckdb_appender appender) {
  ErrorData data(duckdb_appender_error_data(appender));
  return make_error(duckdb_error_data_error_type(data.get()), duckdb_error_data_message(data.get()));
}

std::string joined_identifiers(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + quote_identifier(name);
  return out;
}

// Whether any table named `table` (in any schema, so whichever one the name resolves to) has a
// constraint; true when that cannot be asked.
bool any_table_so_named_has_constraints(duckdb_connection connection, const std::string& table) {
  Prepared statement;
  if (duckdb_prepare(connection, "SELECT count(*) FROM duckdb_constraints() WHERE lower(table_name) = lower($1)",
                     statement.out()) == DuckDBError ||
      duckdb_bind_varchar(statement.get(), 1, table.c_str()) == DuckDBError) {
    return true;
  }
  duckdb_result result;
  if (duckdb_execute_prepared(statement.get(), &result) == DuckDBError) {
    duckdb_destroy_result(&result);
    return true;
  }
  const int64_t count = duckdb_value_int64(&result, 0, 0);
  duckdb_destroy_result(&result);
  return count != 0;
}

class DuckTableAppender final : public TableAppender {
 public:
  // `input_types`: the DuckDB types of `columns` when the appender takes vectors; empty when it takes rows.
  // `connection` and `table` (its name's last part) answer may_refuse_at_finish(); the connection outlives
  // the appender. `inserts`: rows go through an INSERT at finish(), which casts them then.
  DuckTableAppender(Appender appender, std::vector<Column> columns, std::vector<LogicalType> input_types,
                    duckdb_connection connection, std::string table, bool inserts)
      : appender_(std::move(appender)),
        columns_(std::move(columns)),
        input_types_(std::move(input_types)),
        connection_(connection),
        table_(std::move(table)),
        inserts_(inserts) {
    for (const Column& column : columns_) column_types_.push_back(column.type);
  }

  bool may_refuse_at_finish() override {
    if (inserts_) return true;
    if (!has_constraints_) has_constraints_ = any_table_so_named_has_constraints(connection_, table_);
    return *has_constraints_;
  }

  const std::vector<Column>& columns() const override { return columns_; }

  Result<void> append_row(const std::vector<Value>& values, size_t* failed_column) override {
    if (values.size() != columns_.size()) {
      return Error{ErrorKind::kInvalidInput, "expected " + std::to_string(columns_.size()) + " values, got " +
                                                 std::to_string(values.size())};
    }
    for (size_t i = 0; i < values.size(); ++i) {
      duckdb_state state = DuckDBSuccess;
      if (std::holds_alternative<NullValue>(values[i].v)) {
        state = duckdb_append_null(appender_.get());
      } else {
        auto value = to_duckdb_value(values[i]);
        if (!value) {
          if (failed_column != nullptr) *failed_column = i;
          return value.error();
        }
        state = duckdb_append_value(appender_.get(), value->get());
      }
      if (state == DuckDBError) {
        if (failed_column != nullptr) *failed_column = i;
        return appender_error(appender_.get());
      }
    }
    if (duckdb_appender_end_row(appender_.get()) == DuckDBError) return appender_error(appender_.get());
    return {};
  }

  Result<void> append_vectors(const VectorChunk& chunk) override {
    if (input_types_.empty()) return TableAppender::append_vectors(chunk);
    return append_vector_chunk(appender_.get(), column_types_, input_types_, chunk);
  }

  Result<void> finish() override {
    if (duckdb_appender_close(appender_.get()) == DuckDBError) return appender_error(appender_.get());
    return {};
  }

 private:
  Appender appender_;
  std::vector<Column> columns_;
  std::vector<ColumnType> column_types_;
  std::vector<LogicalType> input_types_;
  duckdb_connection connection_;
  std::string table_;
  bool inserts_;
  std::optional<bool> has_constraints_;
};

std::string quoted_table(const std::vector<std::string>& table) {
  std::string target;
  for (const auto& part : table) target += (target.empty() ? "" : ".") + quote_identifier(part);
  return target;
}

}  // namespace

// The columns as a query sees them: checks the table and the column names, and gives their types.
Result<std::vector<Column>> DuckSession::table_columns(const std::string& target,
                                                      const std::vector<std::string>& columns,
                                                      std::vector<LogicalType>& types) {
  const std::string probe = "SELECT " + (columns.empty() ? std::string("*") : joined_identifiers(columns)) +
                            " FROM " + target + " LIMIT 0";
  Prepared statement;
  if (duckdb_prepare(connection_.get(), probe.c_str(), statement.out()) == DuckDBError) {
    return make_error_from_message(duckdb_prepare_error(statement.get()));
  }
  std::vector<Column> described;
  for (idx_t i = 0; i < duckdb_prepared_statement_column_count(statement.get()); ++i) {
    std::unique_ptr<char, DuckFree> name(
        const_cast<char*>(duckdb_prepared_statement_column_name(statement.get(), i)));
    types.emplace_back(duckdb_prepared_statement_column_logical_type(statement.get(), i));
    described.push_back(Column{name ? name.get() : "", column_type_of(types.back().get())});
  }
  return described;
}

// An appender over "INSERT INTO target [(columns)] SELECT * FROM <the appended rows>" of the columns'
// `types`. Rows name their columns (others get their defaults); vectors are every column in table order,
// in `types`, each cast by the INSERT.
Result<std::unique_ptr<TableAppender>> DuckSession::insert_appender(const std::string& target,
                                                                    const std::string& table_name,
                                                                    std::vector<Column> columns,
                                                                    std::vector<LogicalType> types,
                                                                    AppendedRows appended) {
  std::vector<duckdb_logical_type> raw_types;
  std::vector<const char*> names;
  std::vector<std::string> column_names;
  for (auto& column : columns) {
    names.push_back(column.name.c_str());
    column_names.push_back(column.name);
  }
  for (auto& type : types) raw_types.push_back(type.get());
  const std::string column_list =
      appended == AppendedRows::kRowsOfNamedColumns ? " (" + joined_identifiers(column_names) + ")" : "";
  const std::string insert = "INSERT INTO " + target + column_list + " SELECT * FROM " + kAppendedRows;
  Appender appender;
  if (duckdb_appender_create_query(connection_.get(), insert.c_str(), raw_types.size(), raw_types.data(),
                                   kAppendedRows, names.data(), appender.out()) == DuckDBError) {
    if (appender) return appender_error(appender.get());
    return Error{ErrorKind::kInternal, "cannot append to " + target};
  }
  reusable_ = false;
  ++data_changing_statements_;
  if (appended == AppendedRows::kRowsOfNamedColumns) types.clear();
  return std::unique_ptr<TableAppender>(std::make_unique<DuckTableAppender>(
      std::move(appender), std::move(columns), std::move(types), connection_.get(), table_name, true));
}

Result<std::unique_ptr<TableAppender>> DuckSession::append_to(const std::vector<std::string>& table,
                                                              const std::vector<std::string>& columns) {
  if (auto refused = refuse_statement_type(DUCKDB_STATEMENT_TYPE_INSERT, policy_)) return *refused;
  if (table.empty()) return Error{ErrorKind::kInvalidInput, "no table to append to"};
  const std::string target = quoted_table(table);
  std::vector<LogicalType> types;
  auto described = table_columns(target, columns, types);
  if (!described) return described.error();
  return insert_appender(target, table.back(), std::move(described).value(), std::move(types),
                         AppendedRows::kRowsOfNamedColumns);
}

// A table appender when every input type is its column's type: chunks go straight into the table's
// storage (no INSERT runs per chunk). Otherwise an INSERT appender, which casts as an INSERT does. An
// unqualified name is looked up as a query would (TEMP tables first).
Result<std::unique_ptr<TableAppender>> DuckSession::append_vectors_to(const std::vector<std::string>& table,
                                                                      const std::vector<ColumnType>& input_types) {
  if (auto refused = refuse_statement_type(DUCKDB_STATEMENT_TYPE_INSERT, policy_)) return *refused;
  if (table.empty() || table.size() > 3) return Error{ErrorKind::kInvalidInput, "no table to append to"};
  const char* catalog = table.size() == 3 ? table[0].c_str() : nullptr;
  const char* schema = table.size() >= 2 ? table[table.size() - 2].c_str() : nullptr;
  Appender appender;
  if (duckdb_appender_create_ext(connection_.get(), catalog, schema, table.back().c_str(), appender.out()) ==
      DuckDBError) {
    Error error = appender ? appender_error(appender.get()) : Error{ErrorKind::kCatalog, ""};
    if (error.kind != ErrorKind::kCatalog) return error;
    // DuckDB says 'Table ".main.t" could not be found'; a Quack server says it so.
    return Error{ErrorKind::kCatalog, "Table " + std::string(schema != nullptr ? schema : "main") + "." +
                                          table.back() + " does not exist"};
  }
  const idx_t count = duckdb_appender_column_count(appender.get());
  if (input_types.size() != count) {
    return Error{ErrorKind::kInvalidInput, "cannot append " + std::to_string(input_types.size()) +
                                               " columns to " + quoted_table(table) + ", which has " +
                                               std::to_string(count)};
  }
  std::vector<Column> columns;
  std::vector<LogicalType> types;
  bool table_types = true;
  for (size_t i = 0; i < input_types.size(); ++i) {
    auto type = logical_type_of(input_types[i]);
    if (!type) return Error{type.error().kind, "column " + std::to_string(i + 1) + ": " + type.error().message};
    types.push_back(std::move(type).value());
    columns.push_back(Column{"#" + std::to_string(i + 1), input_types[i]});
    const LogicalType column_type(duckdb_appender_column_type(appender.get(), i));
    table_types = table_types && column_type_of(column_type.get()).to_string() == input_types[i].to_string();
  }
  if (!table_types) {
    appender.reset();
    return insert_appender(quoted_table(table), table.back(), std::move(columns), std::move(types),
                           AppendedRows::kVectorsOfEveryColumn);
  }
  reusable_ = false;
  ++data_changing_statements_;
  return std::unique_ptr<TableAppender>(std::make_unique<DuckTableAppender>(
      std::move(appender), std::move(columns), std::move(types), connection_.get(), table.back(), false));
}

}  // namespace duckwire::duckdb
