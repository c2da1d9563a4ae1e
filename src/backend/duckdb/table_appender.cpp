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

class DuckTableAppender final : public TableAppender {
 public:
  // `input_types`: the DuckDB types of `columns` when the appender takes vectors; empty when it takes rows.
  DuckTableAppender(Appender appender, std::vector<Column> columns, std::vector<LogicalType> input_types)
      : appender_(std::move(appender)), columns_(std::move(columns)), input_types_(std::move(input_types)) {
    for (const Column& column : columns_) column_types_.push_back(column.type);
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

// An appender over "INSERT INTO target (columns) SELECT * FROM <the appended rows>", whose rows have
// `types`: the INSERT casts them to the table's columns.
Result<std::unique_ptr<TableAppender>> DuckSession::insert_appender(const std::string& target,
                                                                    std::vector<Column> columns,
                                                                    std::vector<LogicalType>& types,
                                                                    bool takes_vectors) {
  std::vector<duckdb_logical_type> raw_types;
  std::vector<const char*> names;
  std::vector<std::string> column_names;
  for (auto& column : columns) {
    names.push_back(column.name.c_str());
    column_names.push_back(column.name);
  }
  for (auto& type : types) raw_types.push_back(type.get());
  const std::string insert =
      "INSERT INTO " + target + " (" + joined_identifiers(column_names) + ") SELECT * FROM " + kAppendedRows;
  Appender appender;
  if (duckdb_appender_create_query(connection_.get(), insert.c_str(), raw_types.size(), raw_types.data(),
                                   kAppendedRows, names.data(), appender.out()) == DuckDBError) {
    if (appender) return appender_error(appender.get());
    return Error{ErrorKind::kInternal, "cannot append to " + target};
  }
  reusable_ = false;
  ++data_changing_statements_;
  return std::unique_ptr<TableAppender>(std::make_unique<DuckTableAppender>(
      std::move(appender), std::move(columns), takes_vectors ? std::move(types) : std::vector<LogicalType>{}));
}

Result<std::unique_ptr<TableAppender>> DuckSession::append_to(const std::vector<std::string>& table,
                                                              const std::vector<std::string>& columns) {
  if (auto refused = refuse_statement_type(DUCKDB_STATEMENT_TYPE_INSERT, policy_)) return *refused;
  if (table.empty()) return Error{ErrorKind::kInvalidInput, "no table to append to"};
  const std::string target = quoted_table(table);
  std::vector<LogicalType> types;
  auto described = table_columns(target, columns, types);
  if (!described) return described.error();
  return insert_appender(target, std::move(described).value(), types, false);
}

Result<std::unique_ptr<TableAppender>> DuckSession::append_vectors_to(const std::vector<std::string>& table,
                                                                      const std::vector<ColumnType>& input_types) {
  if (auto refused = refuse_statement_type(DUCKDB_STATEMENT_TYPE_INSERT, policy_)) return *refused;
  if (table.empty()) return Error{ErrorKind::kInvalidInput, "no table to append to"};
  const std::string target = quoted_table(table);
  std::vector<LogicalType> table_types;
  auto described = table_columns(target, {}, table_types);
  if (!described) return described.error();
  std::vector<Column> columns = std::move(described).value();
  if (input_types.size() != columns.size()) {
    return Error{ErrorKind::kInvalidInput, "cannot append " + std::to_string(input_types.size()) +
                                               " columns to " + target + ", which has " +
                                               std::to_string(columns.size())};
  }
  std::vector<LogicalType> types;
  for (size_t i = 0; i < columns.size(); ++i) {
    auto type = logical_type_of(input_types[i]);
    if (!type) return Error{type.error().kind, "column \"" + columns[i].name + "\": " + type.error().message};
    types.push_back(std::move(type).value());
    columns[i].type = input_types[i];
  }
  return insert_appender(target, std::move(columns), types, true);
}

}  // namespace duckwire::duckdb
