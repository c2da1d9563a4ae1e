#include "protocols/pgwire/commands/copy_commands.hpp"
#include "protocols/pgwire/coroutine_warnings.hpp"

#include "encode/pg_parameters.hpp"
#include "encode/pg_types.hpp"
#include "protocols/pgwire/catalog/pg_dialect.hpp"
#include "protocols/pgwire/commands/command_support.hpp"
#include "protocols/pgwire/commands/copy_binary_in_parser.hpp"
#include "protocols/pgwire/commands/copy_in_parser.hpp"
#include "protocols/pgwire/commands/copy_messages.hpp"
#include "protocols/pgwire/commands/duckdb_names.hpp"
#include "protocols/pgwire/pg_error.hpp"

namespace duckwire::pgwire::commands {

namespace asio = boost::asio;
using encode::pg::Format;

namespace {

// The bytes of CopyData gathered (or encoded) per trip to a worker.
constexpr size_t kPieceBytes = 1 << 20;
// The longest row COPY FROM accepts; PostgreSQL's own bound is 1 GB.
constexpr size_t kMaxRowBytes = 64 << 20;

// PostgreSQL's CONTEXT of a failed row: `COPY t, line 3, column x: "abc"`, `COPY t, line 3: "1,2,3"`;
// binary rows name no text.
std::string copy_context(const std::string& table, const CopyInputError& failure, bool binary) {
  std::string context = "COPY " + table + ", line " + std::to_string(failure.line);
  if (!failure.column.empty()) context += ", column " + failure.column;
  if (binary) return context;
  return context + ": \"" + (failure.column.empty() ? failure.line_text : failure.value) + "\"";
}

class CopyOutStatement final : public Command {
 public:
  explicit CopyOutStatement(CopyCommand copy) : copy_(std::move(copy)) {}

  asio::awaitable<Result<std::string>> execute(CommandContext& context) override {
    std::string sql;
    if (copy_.query.empty()) {
      std::string columns;
      for (const auto& column : copy_.columns)
        columns += (columns.empty() ? "" : ", ") + quoted_identifier(column);
      sql = "SELECT " + (columns.empty() ? std::string("*") : columns) + " FROM " +
            quoted_name(duckdb_table_name(copy_.table));
    } else {
      auto rewritten = rewrite_statement(copy_.query);
      if (rewritten.size() != 1)
        co_return command_error(sqlstate::kFeatureNotSupported, "COPY needs a single query");
      sql = std::move(rewritten.front());
    }
    const auto settings = context.settings().text_settings();
    std::string piece;
    auto started = co_await context.run_on_session([&](Session& session) -> Result<void> {
      auto stream = session.execute(sql);
      if (!stream) return stream.error();
      stream_ = std::move(stream).value();
      auto encoder = encode::pg::CopyEncoder::make(stream_->schema(), copy_.options, settings);
      if (!encoder) return encoder.error();
      encoder_.emplace(std::move(encoder).value());
      append_copy_out_response(piece, encoder_->format(), encoder_->column_formats());
      encoder_->begin(piece);
      return fill(piece);
    });
    if (!started) co_return co_await failed(context, started.error());
    while (true) {
      context.send(piece);
      piece.clear();
      if (!co_await context.flush())
        co_return co_await failed(context, Error{ErrorKind::kIo, "the client left"});
      if (!stream_) break;
      auto more = co_await context.run_on_session([&](Session&) { return fill(piece); });
      if (!more) co_return co_await failed(context, more.error());
    }
    encoder_->finish(piece);
    append_copy_done(piece);
    context.send(piece);
    co_return "COPY " + std::to_string(encoder_->rows_written());
  }

 private:
  // Encodes chunks until a piece is full or the result ends (the stream is released then). On a worker.
  Result<void> fill(std::string& piece) {
    while (piece.size() < kPieceBytes) {
      auto chunk = stream_->next();
      if (!chunk) return chunk.error();
      if (!chunk.value()) {
        stream_.reset();
        return {};
      }
      if (auto appended = encoder_->append_rows(*chunk.value(), piece); !appended) return appended.error();
    }
    return {};
  }

  // The engine's result is released on a worker before the error goes out.
  asio::awaitable<Error> failed(CommandContext& context, Error error) {
    if (stream_) {
      (void)co_await context.run_on_session([&](Session&) -> Result<void> {
        stream_.reset();
        return {};
      });
    }
    co_return error;
  }

  CopyCommand copy_;
  std::unique_ptr<ResultStream> stream_;
  std::optional<encode::pg::CopyEncoder> encoder_;
};

class CopyInStatement final : public Command {
 public:
  explicit CopyInStatement(CopyCommand copy) : copy_(std::move(copy)), table_name_(copy_.table.back()) {}

  asio::awaitable<Result<std::string>> execute(CommandContext& context) override {
    own_transaction_ = context.transaction_status() == TransactionStatus::kIdle;
    const auto table = duckdb_table_name(copy_.table);
    auto opened = co_await context.run_on_session([&](Session& session) -> Result<void> {
      if (own_transaction_) {
        if (auto begun = run_to_end(session, "BEGIN TRANSACTION"); !begun) return begun;
      }
      auto appender = session.append_to(table, copy_.columns);
      if (!appender) return appender.error();
      appender_ = std::move(appender).value();
      return {};
    });
    if (!opened) co_return co_await failed(context, opened.error());
    prepare_columns();

    std::string out;
    const Format format = copy_.options.format == CopyFormat::kBinary ? Format::kBinary : Format::kText;
    append_copy_in_response(out, format, std::vector<Format>(types_.size(), format));
    context.send(out);
    if (!co_await context.flush())
      co_return co_await failed(context, Error{ErrorKind::kIo, "the client left"});

    std::string pending;
    while (true) {
      auto message = co_await context.read_message();
      if (!message) co_return co_await failed(context, message.error());
      const char type = message->type;
      if (type == 'd') {
        pending += message->body;
        if (pending.size() < kPieceBytes) continue;
        auto fed = co_await context.run_on_session([&](Session&) { return feed(pending, false); });
        pending.clear();
        if (!fed) co_return co_await failed(context, fed.error());
      } else if (type == 'c') {
        auto done = co_await context.run_on_session([&](Session& session) -> Result<void> {
          if (auto fed = feed(pending, true); !fed) return fed;
          if (auto finished = appender_->finish(); !finished) return finished;
          appender_.reset();
          if (own_transaction_) return run_to_end(session, "COMMIT");
          return {};
        });
        if (!done) co_return co_await failed(context, done.error());
        co_return "COPY " + std::to_string(rows_);
      } else if (type == 'f') {
        std::string reason = message->body;
        if (!reason.empty() && reason.back() == '\0') reason.pop_back();
        co_return co_await failed(
            context, command_error(sqlstate::kQueryCanceled, "COPY from stdin failed: " + reason));
      } else if (type != 'H' && type != 'S') {
        co_return co_await failed(
            context,
            command_error(sqlstate::kProtocolViolation,
                          std::string("unexpected message type 0x") + "0123456789ABCDEF"[(type >> 4) & 0xf] +
                              "0123456789ABCDEF"[type & 0xf] + " during COPY from stdin"));
      }
    }
  }

 private:
  static Result<void> run_to_end(Session& session, const char* sql) {
    auto stream = session.execute(sql);
    if (!stream) return stream.error();
    while (true) {
      auto chunk = stream.value()->next();
      if (!chunk) return chunk.error();
      if (!chunk.value()) return {};
    }
  }

  void prepare_columns() {
    for (const auto& column : appender_->columns()) {
      names_.push_back(column.name);
      types_.push_back(encode::pg::pg_type_of(column.type).oid);
    }
    values_.resize(types_.size());
    if (copy_.options.format == CopyFormat::kBinary) {
      binary_.emplace(types_.size(), kMaxRowBytes);
    } else {
      text_.emplace(copy_.options, names_, copy_.force_not_null, copy_.force_null, kMaxRowBytes);
    }
  }

  // Parses `bytes` and appends the rows they complete. On a worker.
  Result<void> feed(const std::string& bytes, bool at_end) {
    const CopyInParser::RowSink sink = [this](const std::vector<CopyField>& fields, int64_t line) {
      return append(fields, line);
    };
    std::optional<CopyInputError> failure;
    if (binary_) {
      failure = binary_->feed(bytes, sink);
      if (!failure && at_end) failure = binary_->finish(sink);
    } else {
      failure = text_->feed(bytes, sink);
      if (!failure && at_end) failure = text_->finish(sink);
    }
    if (!failure) return {};
    Error error = command_error(failure->sqlstate, failure->message);
    error.context = copy_context(table_name_, *failure, binary_.has_value());
    return error;
  }

  std::optional<CopyInputError> append(const std::vector<CopyField>& fields, int64_t line) {
    const Format format = binary_ ? Format::kBinary : Format::kText;
    for (size_t i = 0; i < fields.size(); ++i) {
      if (fields[i].null) {
        values_[i] = Value{NullValue{}};
        continue;
      }
      auto value = encode::pg::decode_parameter(types_[i], format, fields[i].value);
      if (!value) return field_error(value.error(), line, i, fields[i]);
      values_[i] = std::move(value).value();
    }
    size_t failed_column = 0;
    if (auto appended = appender_->append_row(values_, &failed_column); !appended) {
      return field_error(appended.error(), line, failed_column, fields[failed_column]);
    }
    ++rows_;
    return std::nullopt;
  }

  CopyInputError field_error(const Error& error, int64_t line, size_t column, const CopyField& field) const {
    std::string sqlstate = error.code;
    if (sqlstate.empty()) sqlstate = sqlstate_of(error.kind, error.message);
    CopyInputError failure{std::move(sqlstate), error.message, line, {}};
    failure.column = names_[column];
    failure.value = binary_ ? std::string() : field.value;
    return failure;
  }

  // Rolls back what the COPY appended (its own transaction; inside the client's, the block fails).
  asio::awaitable<Error> failed(CommandContext& context, Error error) {
    (void)co_await context.run_on_session([&](Session& session) -> Result<void> {
      appender_.reset();
      if (own_transaction_) (void)run_to_end(session, "ROLLBACK");
      return {};
    });
    co_return error;
  }

  CopyCommand copy_;
  std::string table_name_;
  bool own_transaction_ = false;
  std::unique_ptr<TableAppender> appender_;
  std::vector<std::string> names_;
  std::vector<uint32_t> types_;
  std::vector<Value> values_;
  std::optional<CopyInParser> text_;
  std::optional<CopyBinaryInParser> binary_;
  int64_t rows_ = 0;
};

}  // namespace

std::unique_ptr<Command> make_copy(CopyCommand copy) {
  if (copy.from_stdin) return std::make_unique<CopyInStatement>(std::move(copy));
  return std::make_unique<CopyOutStatement>(std::move(copy));
}

}  // namespace duckwire::pgwire::commands
