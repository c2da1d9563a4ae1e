// PgSession: the simple and extended query protocols, and the transaction-block bookkeeping.
#include <fmt/format.h>

#include <algorithm>

#include "encode/pg_parameters.hpp"
#include "encode/pg_types.hpp"
#include "protocols/pgwire/backend_messages.hpp"
#include "protocols/pgwire/catalog/catalog_reads.hpp"
#include "protocols/pgwire/catalog/pg_dialect.hpp"
#include "protocols/pgwire/commands/command_factory.hpp"
#include "protocols/pgwire/commands/transaction_hooks.hpp"
#include "protocols/pgwire/coroutine_warnings.hpp"
#include "protocols/pgwire/array_literals.hpp"
#include "protocols/pgwire/parameter_typing.hpp"
#include "protocols/pgwire/pg_session.hpp"
#include "util/utf8.hpp"

namespace duckwire::pgwire {

namespace asio = boost::asio;

namespace {

PgError warning(const char* code, std::string message) {
  return make_pg_error(code, std::move(message), "WARNING");
}

Error pg_failure(const char* code, std::string message) {
  return Error{ErrorKind::kInvalidInput, std::move(message), code};
}

std::string quoted(std::string_view name) {
  return "\"" + std::string(name) + "\"";
}

// PostgreSQL refuses statement text that is not UTF-8 (the only client_encoding duckwire speaks).
std::optional<PgError> invalid_utf8(std::string_view text) {
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    if (*p < 0x80) {
      ++p;
      continue;
    }
    size_t invalid_length = 0;
    const size_t length = utf8_sequence_length(p, end, invalid_length);
    if (length == 0) {
      std::string bytes;
      for (size_t i = 0; i < invalid_length && p + i < end; ++i) {
        bytes += fmt::format("{}0x{:02x}", i == 0 ? "" : " ", p[i]);
      }
      return make_pg_error(sqlstate::kCharacterNotInRepertoire,
                           "invalid byte sequence for encoding \"UTF8\": " + bytes);
    }
    p += length;
  }
  return std::nullopt;
}

}  // namespace

// --- shared by both protocols

bool PgSession::refused_in_failed_transaction(const PreparedSql& statement) {
  if (!failed_) return false;
  const bool allowed = statement.command ? !statement.command->refused_in_failed_transaction()
                                         : statement.verb == TransactionVerb::kCommit ||
                                               statement.verb == TransactionVerb::kRollback;
  if (allowed) return false;
  send_error(
      make_pg_error(sqlstate::kInFailedTransaction,
                    "current transaction is aborted, commands ignored until end of transaction block"));
  return true;
}

asio::awaitable<void> PgSession::after_error() {
  if (block_ == Block::kExplicit) {
    failed_ = true;
  } else if (block_ == Block::kImplicit) {
    (void)co_await run_transaction_sql("ROLLBACK");
    co_await end_transaction_block(false);
  }
}

asio::awaitable<void> PgSession::end_transaction_block(bool committed) {
  block_ = Block::kNone;
  co_await commands::transaction_ended(*this, committed);
  failed_ = false;
  for (auto& [name, portal] : portals_) retire(std::move(portal));
  portals_.clear();
  for (auto it = cursors_.begin(); it != cursors_.end();) {
    if (it->second->cursor.with_hold) {
      if (it->second->streaming()) (void)co_await materialise(*it->second);
      ++it;
    } else {
      retire(std::move(it->second));
      it = cursors_.erase(it);
    }
  }
}

asio::awaitable<Result<bool>> PgSession::execute_command(Portal& portal, bool describe_rows) {
  Command& command = *portal.statement->command;
  if (describe_rows) {
    auto columns = co_await command.describe(*this);
    if (!columns) co_return columns.error();
    if (columns.value()) append_row_description(out_, describe_fields(*columns.value(), {}));
  }
  auto tag = co_await command.execute(*this);
  if (!tag) co_return tag.error();
  portal.tag = std::move(tag).value();
  portal.finished = true;
  co_return true;
}

asio::awaitable<Result<bool>> PgSession::execute_statement(Portal& portal, int64_t limit,
                                                           bool describe_rows) {
  const PreparedSql& statement = *portal.statement;
  if (statement.command) co_return co_await execute_command(portal, describe_rows);
  const bool outside_block = block_ != Block::kExplicit;
  switch (statement.verb) {
    case TransactionVerb::kBegin:
      if (block_ != Block::kNone) {
        if (block_ == Block::kExplicit) {
          append_notice_response(
              out_, warning(sqlstate::kActiveTransaction, "there is already a transaction in progress"));
        }
        block_ = Block::kExplicit;  // an implicit block becomes an explicit one, as in PostgreSQL
        portal.tag = command_tag(statement.text, StatementKind::kTransaction, false, 0);
        portal.finished = true;
        co_return true;
      }
      break;
    case TransactionVerb::kCommit:
    case TransactionVerb::kRollback: {
      if (outside_block) {
        append_notice_response(
            out_, warning(sqlstate::kNoActiveTransaction, "there is no transaction in progress"));
      }
      const bool commit = statement.verb == TransactionVerb::kCommit && !failed_;
      if (block_ != Block::kNone) {
        auto ended = co_await run_transaction_sql(commit ? "COMMIT" : "ROLLBACK");
        co_await end_transaction_block(commit && ended.ok());
        if (!ended) co_return ended.error();
      }
      portal.tag = commit ? "COMMIT" : "ROLLBACK";
      portal.finished = true;
      co_return true;
    }
    case TransactionVerb::kNone:
      break;
  }
  auto finished = co_await run_portal(portal, limit, describe_rows);
  if (finished && statement.verb == TransactionVerb::kBegin) block_ = Block::kExplicit;
  co_return finished;
}

asio::awaitable<Result<std::shared_ptr<PreparedSql>>> PgSession::prepare(
    std::string text, const std::vector<uint32_t>& declared) {
  auto statement = std::make_shared<PreparedSql>();
  statement->verb = transaction_verb(text);
  statement->parameter_types = declared;
  if (auto command = commands::make_command(text)) {
    statement->command = std::move(command);
    statement->text = std::move(text);
    co_return statement;
  }
  if (leading_words(text, 1).empty()) {
    statement->text = std::move(text);
    co_return statement;  // an empty query: EmptyQueryResponse when executed
  }
  if (routes_to_client_text(text)) {
    auto client_text = co_await prepare_client_text(statement, text);
    if (client_text || client_text.error().kind != ErrorKind::kLeftToDuckDb) co_return client_text;
    statement->client_text = false;  // the backend leaves it to DuckDB: prepared as any other
    statement->prepared.reset();
    statement->parameter_types = declared;
  }
  // Parameters declared void leave the function calls they are arguments of; the engine sees the others.
  std::vector<bool> is_void(declared.size());
  for (size_t i = 0; i < declared.size(); ++i) is_void[i] = declared[i] == encode::pg::oid::kVoid;
  std::optional<std::string> without_void;
  if (std::find(is_void.begin(), is_void.end(), true) != is_void.end())
    without_void = drop_void_parameters(text, is_void);
  std::vector<uint32_t> engine_declared;
  if (without_void) {
    statement->dropped_parameters = is_void;
    for (size_t i = 0; i < declared.size(); ++i)
      if (!is_void[i]) engine_declared.push_back(declared[i]);
  }
  const ParameterCasts casts = parameter_casts(without_void ? *without_void : text);
  const std::vector<uint32_t>& engine_types = without_void ? engine_declared : declared;
  std::vector<uint32_t> written_types = engine_types;  // with the numeric casts taken off the text
  written_types.resize(std::max(written_types.size(), casts.numeric.size()));
  for (size_t i = 0; i < casts.numeric.size(); ++i)
    if (casts.numeric[i]) written_types[i] = encode::pg::oid::kNumeric;
  statement->rewritten = rewrite_statement(casts.text, written_types);
  statement->text = std::move(text);
  // A form DuckDB runs as several statements (DDL) is run whole at Execute, without parameters.
  if (statement->rewritten.size() != 1) co_return statement;
  if (auto freed = co_await materialise_suspended(nullptr); !freed) co_return freed.error();
  auto typed = co_await server_.workers.run([this, &statement, &casts, &engine_types] {
    publish_settings();
    return prepare_typed(*session_, with_array_literals(*session_, statement->rewritten[0]), casts, engine_types,
                         &typing_cache_);
  });
  if (!typed) co_return typed.error();
  statement->prepared = std::move(typed.value().prepared);
  statement->parameter_types = std::move(typed.value().parameter_types);
  for (size_t i = 0; i < statement->dropped_parameters.size(); ++i) {
    if (!statement->dropped_parameters[i]) continue;
    const auto at = statement->parameter_types.begin() +
                    static_cast<std::ptrdiff_t>(std::min(i, statement->parameter_types.size()));
    statement->parameter_types.insert(at, encode::pg::oid::kVoid);
  }
  statement->plan = explain_format(statement->rewritten[0]);
  if (statement->plan) {
    statement->columns = plan_columns(*statement->plan);
  } else if (!typed.value().columns.empty()) {
    statement->columns = with_postgres_names(statement->text, std::move(typed.value().columns));
  }
  co_return statement;
}

bool PgSession::routes_to_client_text(std::string_view text) const {
  // Transaction control stays the front door's (on DuckDB): it keeps the session's status truthful.
  return client_session_ != nullptr && transaction_verb(text) == TransactionVerb::kNone &&
         !(catalog_emulated_ && reads_postgres_catalog(text));
}

// The backend prepares the client's text itself: parameters it cannot type stand as text, and the
// result's columns are what the backend describes.
asio::awaitable<Result<std::shared_ptr<PreparedSql>>> PgSession::prepare_client_text(
    std::shared_ptr<PreparedSql> statement, const std::string& text) {
  statement->client_text = true;
  statement->rewritten = {text};
  statement->text = text;
  auto prepared = co_await server_.workers.run(
      [this, &statement]() -> Result<std::pair<std::unique_ptr<PreparedStatement>, std::vector<Column>>> {
        auto made = client_session_->prepare(statement->text);
        if (!made) return made.error();
        std::vector<Column> columns = made.value()->result_columns();
        return std::make_pair(std::move(made).value(), std::move(columns));
      });
  if (!prepared) co_return prepared.error();
  statement->prepared = std::move(prepared.value().first);
  const std::vector<ColumnType> inferred = statement->prepared->parameter_types();
  std::vector<uint32_t> types(inferred.size(), encode::pg::oid::kText);
  for (size_t i = 0; i < types.size(); ++i) {
    if (i < statement->parameter_types.size() && statement->parameter_types[i] != 0) {
      types[i] = statement->parameter_types[i];
    } else if (inferred[i].id != TypeId::kNull && inferred[i].id != TypeId::kOther) {
      types[i] = encode::pg::pg_type_of(inferred[i]).oid;
    }
  }
  statement->parameter_types = std::move(types);
  if (!prepared.value().second.empty()) statement->columns = std::move(prepared.value().second);
  co_return statement;
}

// --- simple query

asio::awaitable<void> PgSession::handle_query(std::string text) {
  if (auto invalid = invalid_utf8(text)) {
    send_error(*invalid);
    if (block_ == Block::kExplicit) failed_ = true;
    send_ready_for_query();
    co_return;
  }
  statements_.erase("");
  if (auto unnamed = portals_.find(""); unnamed != portals_.end()) {
    retire(std::move(unnamed->second));
    portals_.erase(unnamed);
  }
  const std::vector<std::string> statements = split_statements(text);
  if (statements.empty()) append_empty_query_response(out_);
  for (const std::string& statement : statements) {
    if (!co_await run_simple_statement(statement, statements.size() > 1) || closing_) break;
  }
  if (block_ == Block::kImplicit) {
    auto committed = co_await run_transaction_sql("COMMIT");
    co_await end_transaction_block(committed.ok());
    if (!committed) send_error(pg_error_from(committed.error()));
  }
  if (!closing_) send_ready_for_query();
}

asio::awaitable<bool> PgSession::run_simple_statement(const std::string& text, bool in_multi_statement) {
  auto statement = std::make_shared<PreparedSql>();
  statement->text = text;
  statement->verb = transaction_verb(text);
  statement->command = commands::make_command(text);
  if (!statement->command && routes_to_client_text(text)) {
    statement->client_text = true;
    statement->rewritten = {text};
  } else if (!statement->command) {
    statement->rewritten = rewrite_statement(text);
    if (statement->rewritten.size() == 1) statement->plan = explain_format(statement->rewritten[0]);
  }
  if (refused_in_failed_transaction(*statement)) co_return false;
  if (in_multi_statement && block_ == Block::kNone && statement->verb == TransactionVerb::kNone &&
      !statement->command) {
    if (auto begun = co_await run_transaction_sql("BEGIN TRANSACTION"); !begun) {
      send_error(pg_error_from(begun.error()));
      co_return false;
    }
    block_ = Block::kImplicit;
  }
  Portal portal;
  portal.statement = statement;
  current_portal_ = &portal;
  auto done = co_await execute_statement(portal, 0, true);
  current_portal_ = nullptr;
  if (!done) {
    const PgError error = pg_error_from(done.error(), text);
    send_error(error);
    if (error.fatal()) closing_ = true;
    co_await after_error();
    co_return false;
  }
  append_command_complete(out_, portal.tag);
  co_return true;
}

// --- extended query

asio::awaitable<void> PgSession::handle_parse(ParseMessage parse) {
  auto fail = [this](const PgError& error) {
    send_error(error);
    skipping_to_sync_ = true;
  };
  if (auto invalid = invalid_utf8(parse.query)) {
    fail(*invalid);
    co_await after_error();
    co_return;
  }
  if (!parse.statement.empty() && statements_.contains(parse.statement)) {
    fail(make_pg_error(sqlstate::kDuplicatePreparedStatement,
                       "prepared statement " + quoted(parse.statement) + " already exists"));
    co_return;
  }
  if (split_statements(parse.query).size() > 1) {
    fail(make_pg_error("42601", "cannot insert multiple commands into a prepared statement"));
    co_return;
  }
  const bool ends_transaction = transaction_verb(parse.query) != TransactionVerb::kNone;
  if (failed_ && !ends_transaction && !commands::make_command(parse.query)) {
    fail(make_pg_error(sqlstate::kInFailedTransaction,
                       "current transaction is aborted, commands ignored until end of transaction block"));
    co_return;
  }
  auto prepared = co_await prepare(parse.query, parse.parameter_types);
  if (!prepared) {
    fail(pg_error_from(prepared.error(), parse.query));
    co_await after_error();
    co_return;
  }
  statements_[parse.statement] = std::move(prepared).value();
  append_parse_complete(out_);
}

asio::awaitable<void> PgSession::handle_bind(BindMessage bind) {
  auto fail = [this](const Error& error) {
    send_error(pg_error_from(error));
    skipping_to_sync_ = true;
  };
  const auto found = statements_.find(bind.statement);
  if (found == statements_.end()) {
    fail(pg_failure(sqlstate::kInvalidStatementName,
                    "prepared statement " + quoted(bind.statement) + " does not exist"));
    co_return;
  }
  const std::shared_ptr<PreparedSql> statement = found->second;
  if (refused_in_failed_transaction(*statement)) {
    skipping_to_sync_ = true;
    co_return;
  }
  const size_t expected = statement->prepared ? statement->parameter_types.size() : bind.parameters.size();
  if (bind.parameters.size() != expected) {
    fail(pg_failure(sqlstate::kProtocolViolation,
                    "bind message supplies " + std::to_string(bind.parameters.size()) +
                        " parameters, but prepared statement " + quoted(bind.statement) + " requires " +
                        std::to_string(expected)));
    co_return;
  }
  const size_t count = bind.parameters.size();
  if (bind.parameter_formats.size() > 1 && bind.parameter_formats.size() != count) {
    fail(pg_failure(sqlstate::kProtocolViolation,
                    "bind message has " + std::to_string(bind.parameter_formats.size()) +
                        " parameter formats but " + std::to_string(count) + " parameters"));
    co_return;
  }
  auto portal = std::make_unique<Portal>();
  portal->statement = statement;
  for (size_t i = 0; i < count; ++i) {
    if (i < statement->dropped_parameters.size() && statement->dropped_parameters[i]) continue;
    const std::optional<std::string>& bytes = bind.parameters[i];
    if (!bytes) {
      portal->parameters.positional.push_back(Value{NullValue{}});
      continue;
    }
    const auto code = format_for(bind.parameter_formats, i, count);
    if (!code) {
      fail(pg_failure(sqlstate::kInvalidParameterValue,
                      "unsupported format code in bind parameter " + std::to_string(i + 1)));
      co_return;
    }
    const uint32_t type = i < statement->parameter_types.size() ? statement->parameter_types[i] : 0;
    auto value = encode::pg::decode_parameter(type, static_cast<encode::pg::Format>(*code), *bytes);
    if (!value) {
      fail(value.error());
      co_return;
    }
    portal->parameters.positional.push_back(std::move(value).value());
  }
  const size_t columns = statement->columns ? statement->columns->size() : 0;
  if (bind.result_formats.size() > 1 && bind.result_formats.size() != columns) {
    fail(pg_failure(sqlstate::kProtocolViolation,
                    "bind message has " + std::to_string(bind.result_formats.size()) +
                        " result formats but query has " + std::to_string(columns) + " columns"));
    co_return;
  }
  for (const int16_t code : bind.result_formats) {
    auto format = encode::pg::format_from_code(code);
    if (!format) {
      fail(Error{ErrorKind::kInvalidParameter, format.error().message, sqlstate::kInvalidParameterValue});
      co_return;
    }
    portal->formats.push_back(format.value());
  }
  if (const auto existing = portals_.find(bind.portal); existing != portals_.end()) {
    if (!bind.portal.empty()) {
      fail(pg_failure(sqlstate::kDuplicateCursor, "portal " + quoted(bind.portal) + " already exists"));
      co_return;
    }
    retire(std::move(existing->second));
    portals_.erase(existing);
  }
  portals_[bind.portal] = std::move(portal);
  append_bind_complete(out_);
}

asio::awaitable<void> PgSession::handle_describe(const DescribeMessage& describe) {
  const PreparedSql* statement = nullptr;
  Portal* portal = nullptr;
  if (describe.kind == 'S') {
    const auto found = statements_.find(describe.name);
    if (found != statements_.end()) statement = found->second.get();
  } else if (const auto found = portals_.find(describe.name); found != portals_.end()) {
    portal = found->second.get();
    statement = portal->statement.get();
  } else if (const auto cursor = cursors_.find(describe.name); cursor != cursors_.end()) {
    portal = cursor->second.get();  // a SQL cursor is a portal too (psycopg 3 describes its DECLAREd one)
    statement = portal->statement.get();
  }
  if (statement == nullptr) {
    send_error(describe.kind == 'S'
                   ? make_pg_error(sqlstate::kInvalidStatementName,
                                   "prepared statement " + quoted(describe.name) + " does not exist")
                   : make_pg_error(sqlstate::kInvalidCursorName,
                                   "portal " + quoted(describe.name) + " does not exist"));
    skipping_to_sync_ = true;
    co_return;
  }
  if (describe.kind == 'S') append_parameter_description(out_, statement->parameter_types);
  std::optional<std::vector<Column>> columns = statement->columns;
  if (statement->command) {
    Portal* previous = current_portal_;
    current_portal_ = portal;
    auto described = co_await statement->command->describe(*this);
    current_portal_ = previous;
    if (!described) {
      send_error(pg_error_from(described.error()));
      skipping_to_sync_ = true;
      co_return;
    }
    columns = std::move(described).value();
  }
  if (!columns) {
    append_no_data(out_);
    co_return;
  }
  const std::vector<int16_t> formats =
      portal != nullptr ? portal->format_codes(columns->size()) : std::vector<int16_t>(columns->size(), 0);
  append_row_description(out_, describe_fields(*columns, formats));
}

asio::awaitable<void> PgSession::handle_execute(const ExecuteMessage& execute) {
  const auto found = portals_.find(execute.portal);
  if (found == portals_.end()) {
    send_error(
        make_pg_error(sqlstate::kInvalidCursorName, "portal " + quoted(execute.portal) + " does not exist"));
    skipping_to_sync_ = true;
    co_return;
  }
  Portal& portal = *found->second;
  const PreparedSql& statement = *portal.statement;
  if (refused_in_failed_transaction(statement)) {
    skipping_to_sync_ = true;
    co_return;
  }
  if (statement.empty()) {
    append_empty_query_response(out_);
    co_return;
  }
  if (portal.finished) {
    append_command_complete(out_, command_tag(statement.text, portal.kind, portal.returns_rows, 0));
    co_return;
  }
  // Several Executes before one Sync share an implicit transaction, as in PostgreSQL; one alone
  // runs without.
  if (block_ == Block::kNone && statement.verb == TransactionVerb::kNone && !statement.command &&
      !sync_follows_before_execute()) {
    if (auto begun = co_await run_transaction_sql("BEGIN TRANSACTION"); !begun) {
      send_error(pg_error_from(begun.error()));
      skipping_to_sync_ = true;
      co_return;
    }
    block_ = Block::kImplicit;
  }
  current_portal_ = &portal;
  auto finished = co_await execute_statement(portal, execute.max_rows, false);
  current_portal_ = nullptr;
  if (!finished) {
    const PgError error = pg_error_from(finished.error(), statement.text);
    send_error(error);
    if (error.fatal()) closing_ = true;
    skipping_to_sync_ = true;
    co_await after_error();
    co_return;
  }
  if (finished.value()) {
    append_command_complete(out_, portal.tag);
  } else {
    append_portal_suspended(out_);
  }
}

void PgSession::handle_close(const CloseMessage& close) {
  if (close.kind == 'S') {
    statements_.erase(close.name);
  } else if (const auto found = portals_.find(close.name); found != portals_.end()) {
    retire(std::move(found->second));
    portals_.erase(found);
  }
  append_close_complete(out_);
}

asio::awaitable<void> PgSession::handle_sync() {
  skipping_to_sync_ = false;
  if (block_ == Block::kImplicit) {
    auto committed = co_await run_transaction_sql("COMMIT");
    co_await end_transaction_block(committed.ok());
    if (!committed) send_error(pg_error_from(committed.error()));
  } else if (block_ == Block::kNone) {
    for (auto& [name, portal] : portals_) retire(std::move(portal));
    portals_.clear();
  }
  send_ready_for_query();
}

}  // namespace duckwire::pgwire
