// DuckSession::append_to: a DuckDB appender over an INSERT of the appended rows, so the table name
// resolves through the session's search path and omitted columns get their defaults.

#include <memory>
#include <string>
#include <vector>

#include "backend/duckdb/arrow_import.hpp"
#include "backend/duckdb/error_kind.hpp"
#include "backend/duckdb/session.hpp"
#include "backend/duckdb/type_mapping.hpp"
#include "backend/duckdb/value_binding.hpp"

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

class DuckTableAppender final : public TableAppender {
 public:
  DuckTableAppender(Appender appender, std::vector<Column> columns)
      : appender_(std::move(appender)), columns_(std::move(columns)) {}

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

  Result<void> finish() override {
    if (duckdb_appender_close(appender_.get()) == DuckDBError) return appender_error(appender_.get());
    return {};
  }

 private:
  Appender appender_;
  std::vector<Column> columns_;
};

}  // namespace

Result<std::unique_ptr<TableAppender>> DuckSession::append_to(const std::vector<std::string>& table,
                                                              const std::vector<std::string>& columns) {
  if (auto refused = refuse_statement_type(DUCKDB_STATEMENT_TYPE_INSERT, policy_)) return *refused;
  if (table.empty()) return Error{ErrorKind::kInvalidInput, "no table to append to"};
  std::string target;
  for (const auto& part : table) target += (target.empty() ? "" : ".") + quote_identifier(part);

  // The columns as a query sees them: checks the table and the column names, and gives their types.
  const std::string probe = "SELECT " + (columns.empty() ? std::string("*") : joined_identifiers(columns)) +
                            " FROM " + target + " LIMIT 0";
  Prepared statement;
  if (duckdb_prepare(connection_.get(), probe.c_str(), statement.out()) == DuckDBError) {
    return make_error_from_message(duckdb_prepare_error(statement.get()));
  }
  const idx_t count = duckdb_prepared_statement_column_count(statement.get());
  std::vector<Column> described;
  std::vector<LogicalType> types;
  std::vector<duckdb_logical_type> raw_types;
  std::vector<const char*> names;
  for (idx_t i = 0; i < count; ++i) {
    std::unique_ptr<char, DuckFree> name(
        const_cast<char*>(duckdb_prepared_statement_column_name(statement.get(), i)));
    types.emplace_back(duckdb_prepared_statement_column_logical_type(statement.get(), i));
    described.push_back(Column{name ? name.get() : "", column_type_of(types.back().get())});
  }
  for (auto& column : described) names.push_back(column.name.c_str());
  for (auto& type : types) raw_types.push_back(type.get());
  std::vector<std::string> column_names;
  for (const auto& column : described) column_names.push_back(column.name);

  const std::string insert =
      "INSERT INTO " + target + " (" + joined_identifiers(column_names) + ") SELECT * FROM " + kAppendedRows;
  Appender appender;
  if (duckdb_appender_create_query(connection_.get(), insert.c_str(), count, raw_types.data(), kAppendedRows,
                                   names.data(), appender.out()) == DuckDBError) {
    if (appender) return appender_error(appender.get());
    return Error{ErrorKind::kInternal, "cannot append to " + target};
  }
  reusable_ = false;
  ++data_changing_statements_;
  return std::unique_ptr<TableAppender>(
      std::make_unique<DuckTableAppender>(std::move(appender), std::move(described)));
}

}  // namespace duckwire::duckdb
