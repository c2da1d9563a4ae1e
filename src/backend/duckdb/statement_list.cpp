#include "backend/duckdb/statement_list.hpp"

#include <string>

#include "backend/duckdb/error_kind.hpp"
#include "backend/duckdb/session.hpp"

namespace duckwire::duckdb {

namespace {

class DuckStatementList final : public StatementList {
 public:
  DuckStatementList(duckdb_connection connection, ExtractedStatements extracted, size_t count)
      : connection_(connection), extracted_(std::move(extracted)), count_(count) {}

  size_t size() const override { return count_; }

  Result<std::unique_ptr<PreparedStatement>> prepare(size_t index) override {
    if (index >= count_) return Error{ErrorKind::kInternal, "no statement " + std::to_string(index)};
    Prepared statement;
    if (duckdb_prepare_extracted_statement(connection_, extracted_.get(), index, statement.out()) ==
        DuckDBError) {
      return make_error_from_message(duckdb_prepare_error(statement.get()));
    }
    return std::unique_ptr<PreparedStatement>(std::make_unique<DuckPreparedStatement>(std::move(statement)));
  }

 private:
  duckdb_connection connection_;
  ExtractedStatements extracted_;
  size_t count_;
};

}  // namespace

Result<std::unique_ptr<StatementList>> split_statements(duckdb_connection connection, std::string_view sql) {
  const std::string text(sql);
  ExtractedStatements extracted;
  const idx_t count = duckdb_extract_statements(connection, text.c_str(), extracted.out());
  if (count == 0) {
    if (const char* message = duckdb_extract_statements_error(extracted.get()); message != nullptr) {
      return make_error_from_message(message);
    }
  }
  return std::unique_ptr<StatementList>(
      std::make_unique<DuckStatementList>(connection, std::move(extracted), count));
}

}  // namespace duckwire::duckdb
