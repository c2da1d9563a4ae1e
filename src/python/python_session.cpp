#include "python/python_session.hpp"

#include <charconv>
#include <set>

#include "core/sql_lexer.hpp"
#include "python/python_values.hpp"

namespace duckwire::python {

namespace {

// A handler's command tag: no rows.
class TagResult final : public ResultStream {
 public:
  explicit TagResult(std::string tag) : tag_(std::move(tag)) {}
  const ResultSchema& schema() const override { return schema_; }
  bool returns_rows() const override { return false; }
  StatementKind kind() const override { return StatementKind::kOther; }
  std::optional<int64_t> rows_changed() const override { return std::nullopt; }
  Result<std::optional<Chunk>> next() override { return std::optional<Chunk>(); }
  std::optional<std::string> command_tag() const override {
    return tag_.empty() ? std::nullopt : std::optional<std::string>(tag_);
  }

 private:
  std::string tag_;
  ResultSchema schema_;
};

// The highest $n of the statement: how many parameters it takes.
size_t parameter_count_of(std::string_view sql) {
  size_t highest = 0;
  core::SqlScanner scanner(sql);
  core::SqlToken token;
  while (scanner.next(token)) {
    if (token.kind != core::SqlTokenKind::kParameter) continue;
    const std::string_view text = core::token_text(sql, token);
    size_t number = 0;
    if (text.size() > 1 && text[0] == '$' &&
        std::from_chars(text.data() + 1, text.data() + text.size(), number).ec == std::errc()) {
      highest = std::max(highest, number);
    }
  }
  return highest;
}

class PythonStatement final : public PreparedStatement {
 public:
  PythonStatement(std::string sql, std::vector<Column> columns)
      : sql_(std::move(sql)), columns_(std::move(columns)), parameters_(parameter_count_of(sql_)) {}
  const std::string& sql() const { return sql_; }
  size_t parameter_count() const override { return parameters_; }
  std::vector<std::string> parameter_names() const override { return {}; }
  StatementKind kind() const override { return StatementKind::kOther; }
  std::vector<ColumnType> parameter_types() const override { return std::vector<ColumnType>(parameters_); }
  std::vector<Column> result_columns() const override { return columns_; }

 private:
  std::string sql_;
  std::vector<Column> columns_;
  size_t parameters_;
};

Error not_for_python(const char* what) {
  return Error{ErrorKind::kInvalidInput, std::string(what) + " is not available on a Python query handler"};
}

}  // namespace

PythonSession::PythonSession(std::shared_ptr<PythonHandlers> handlers, std::unique_ptr<Session> duckdb,
                             uint64_t connection_id)
    : handlers_(std::move(handlers)), duckdb_(std::move(duckdb)), connection_id_(connection_id) {}

Result<std::unique_ptr<ResultStream>> PythonSession::ask(const std::string& sql, const Parameters* parameters,
                                                         bool describe) {
  if (interrupted_) return Error{ErrorKind::kInterrupted, "canceling statement due to user request"};
  auto slot = std::make_shared<AnswerSlot<QueryAnswer>>();
  {
    std::lock_guard lock(pending_mutex_);
    pending_ = slot;
  }
  QueryAnswer answer = handlers_->ask_query(
      [&sql] { return py::make_tuple(py::str(sql)); },
      [this, parameters, describe] {
        py::dict keywords;
        keywords["connection_id"] = connection_id_;
        keywords["do_describe"] = describe;
        if (parameters != nullptr) {
          py::list values;
          for (const Value& value : parameters->positional) values.append(python_value(value));
          keywords["query_args"] = values;
        }
        return keywords;
      },
      slot);
  {
    std::lock_guard lock(pending_mutex_);
    pending_.reset();
  }
  if (answer.error) return *answer.error;
  if (answer.left_to_duckdb) return Error{ErrorKind::kLeftToDuckDb, "left to DuckDB"};
  if (answer.tag) return std::unique_ptr<ResultStream>(std::make_unique<TagResult>(*answer.tag));
  return duckdb_->read_arrow_stream(std::move(*answer.rows));
}

Result<std::unique_ptr<ResultStream>> PythonSession::execute(std::string_view sql, StatementAccess access) {
  (void)access;
  return ask(std::string(sql), nullptr, false);
}

Result<std::unique_ptr<PreparedStatement>> PythonSession::prepare(std::string_view sql) {
  auto described = ask(std::string(sql), nullptr, true);
  if (!described) return described.error();
  std::vector<Column> columns;
  if (described.value()->returns_rows()) columns = described.value()->schema().columns;
  return std::unique_ptr<PreparedStatement>(std::make_unique<PythonStatement>(std::string(sql), std::move(columns)));
}

Result<std::unique_ptr<ResultStream>> PythonSession::execute(PreparedStatement& statement,
                                                             const Parameters& parameters) {
  return ask(dynamic_cast<PythonStatement&>(statement).sql(), &parameters, false);
}

Result<std::unique_ptr<StatementList>> PythonSession::split(std::string_view sql) {
  (void)sql;
  return not_for_python("splitting statements");
}

void PythonSession::interrupt() {
  interrupted_ = true;
  std::lock_guard lock(pending_mutex_);
  if (pending_) {
    QueryAnswer cancelled;
    cancelled.error = Error{ErrorKind::kInterrupted, "canceling statement due to user request"};
    pending_->give(std::move(cancelled));
  }
}

Result<std::unique_ptr<ResultStream>> PythonSession::read_arrow_stream(arrow::OwnedStream stream) {
  return duckdb_->read_arrow_stream(std::move(stream));
}

Result<int64_t> PythonSession::create_table_from_arrow(const std::string& table_name, const ArrowSchema& schema,
                                                       std::vector<arrow::OwnedArray>& batches) {
  (void)table_name;
  (void)schema;
  (void)batches;
  return not_for_python("creating tables");
}

Result<std::unique_ptr<TableAppender>> PythonSession::append_to(const std::vector<std::string>& table,
                                                                const std::vector<std::string>& columns) {
  (void)table;
  (void)columns;
  return not_for_python("COPY FROM STDIN");
}

}  // namespace duckwire::python
