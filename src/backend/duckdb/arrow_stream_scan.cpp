// DuckSession::read_arrow_stream: DuckDB scans a program's Arrow C stream through a temporary view of
// its own, and the rows come back as any query's do. DuckDB asks the stream for its schema more than
// once and never releases what it gets, so a proxy hands out copies of one schema and frees them.

#include <functional>
#include <string>
#include <vector>

#include "backend/duckdb/arrow_import.hpp"
#include "backend/duckdb/arrow_schema_check.hpp"
#include "backend/duckdb/handles.hpp"
#include "backend/duckdb/error_kind.hpp"
#include "backend/duckdb/session.hpp"

namespace duckwire::duckdb {

namespace {

class StreamProxy {
 public:
  explicit StreamProxy(arrow::OwnedStream source) : source_(std::move(source)) {
    proxy_.get_schema = get_schema;
    proxy_.get_next = get_next;
    proxy_.get_last_error = get_last_error;
    proxy_.release = [](ArrowArrayStream* stream) { stream->release = nullptr; };
    proxy_.private_data = this;
  }
  StreamProxy(const StreamProxy&) = delete;
  StreamProxy& operator=(const StreamProxy&) = delete;

  ArrowArrayStream* get() { return &proxy_; }
  // The source's schema, read once; an Error when it has none.
  Result<const ArrowSchema*> schema() {
    if (!schema_.valid()) {
      if (source_->get_schema(source_.get(), schema_.out()) != 0 || !schema_.valid()) {
        return Error{ErrorKind::kInvalidInput, "the result's Arrow stream has no schema: " + source_error()};
      }
    }
    return static_cast<const ArrowSchema*>(schema_.get());
  }

 private:
  std::string source_error() {
    const char* message = source_->get_last_error != nullptr ? source_->get_last_error(source_.get()) : nullptr;
    return message != nullptr ? message : "no reason given";
  }
  static int get_schema(ArrowArrayStream* stream, ArrowSchema* out) {
    auto* self = static_cast<StreamProxy*>(stream->private_data);
    auto schema = self->schema();
    if (!schema) {
      self->last_error_ = schema.error().message;
      return 22;  // EINVAL
    }
    self->copies_.push_back(copy_schema(*schema.value()));
    *out = *self->copies_.back().get();
    out->release = [](ArrowSchema* given) { given->release = nullptr; };  // the proxy frees the copy
    return 0;
  }
  static int get_next(ArrowArrayStream* stream, ArrowArray* out) {
    auto* self = static_cast<StreamProxy*>(stream->private_data);
    const int failed = self->source_->get_next(self->source_.get(), out);
    if (failed != 0) self->last_error_ = self->source_error();
    return failed;
  }
  static const char* get_last_error(ArrowArrayStream* stream) {
    auto* self = static_cast<StreamProxy*>(stream->private_data);
    return self->last_error_.empty() ? nullptr : self->last_error_.c_str();
  }

  arrow::OwnedStream source_;
  arrow::OwnedSchema schema_;
  std::vector<arrow::OwnedSchema> copies_;
  std::string last_error_;
  ArrowArrayStream proxy_{};
};

// The scan's result; the view and the stream go when it does.
class ScannedResult final : public ResultStream {
 public:
  ScannedResult(std::unique_ptr<StreamProxy> proxy, std::unique_ptr<PreparedStatement> statement,
                std::unique_ptr<ResultStream> rows, std::function<void()> drop_view)
      : proxy_(std::move(proxy)),
        statement_(std::move(statement)),
        rows_(std::move(rows)),
        drop_view_(std::move(drop_view)) {}
  ~ScannedResult() override {
    rows_.reset();
    statement_.reset();
    drop_view_();
  }
  const ResultSchema& schema() const override { return rows_->schema(); }
  bool returns_rows() const override { return true; }
  StatementKind kind() const override { return StatementKind::kQuery; }
  std::optional<int64_t> rows_changed() const override { return std::nullopt; }
  Result<std::optional<Chunk>> next() override { return rows_->next(); }

 private:
  std::unique_ptr<StreamProxy> proxy_;
  std::unique_ptr<PreparedStatement> statement_;
  std::unique_ptr<ResultStream> rows_;
  std::function<void()> drop_view_;
};

}  // namespace

Result<std::unique_ptr<ResultStream>> DuckSession::read_arrow_stream(arrow::OwnedStream stream) {
  if (!stream.valid()) return Error{ErrorKind::kInvalidInput, "the result's Arrow stream was already released"};
  auto proxy = std::make_unique<StreamProxy>(std::move(stream));
  auto schema = proxy->schema();
  if (!schema) return schema.error();
  if (schema.value()->n_children == 0) return Error{ErrorKind::kInvalidInput, "the result has no columns"};
  if (auto checked = check_arrow_schema(connection_.get(), *schema.value()); !checked) return checked.error();
  const std::string view = unique_upload_view_name();
  if (duckdb_arrow_scan(connection_.get(), view.c_str(), reinterpret_cast<duckdb_arrow_stream>(proxy->get())) ==
      DuckDBError) {
    return Error{ErrorKind::kInvalidInput, "DuckDB could not scan the result's Arrow stream"};
  }
  auto drop_view = [this, view] {
    QueryResult dropped;
    duckdb_query(connection_.get(), ("DROP VIEW IF EXISTS " + quote_identifier(view)).c_str(), dropped.out());
  };
  auto statement = prepare("SELECT * FROM " + quote_identifier(view));
  if (!statement) {
    drop_view();
    return statement.error();
  }
  auto rows = execute(*statement.value(), Parameters{});
  if (!rows) {
    drop_view();
    return rows.error();
  }
  return std::unique_ptr<ResultStream>(std::make_unique<ScannedResult>(
      std::move(proxy), std::move(statement).value(), std::move(rows).value(), std::move(drop_view)));
}

}  // namespace duckwire::duckdb
