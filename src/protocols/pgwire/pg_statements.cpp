// PgSession: running statements on the engine (admission, timeout, cancel), portals and their
// materialisation, and the engine side of the CommandContext.
#include <boost/asio/this_coro.hpp>

#include <algorithm>
#include <charconv>

#include "encode/pg_parameters.hpp"
#include "protocols/pgwire/backend_messages.hpp"
#include "protocols/pgwire/coroutine_warnings.hpp"
#include "protocols/pgwire/pg_session.hpp"
#include "protocols/pgwire/catalog/pg_dialect.hpp"

namespace duckwire::pgwire {

namespace asio = boost::asio;

namespace {

Result<void> drain(ResultStream& stream, SqlOutcome* keep) {
  while (true) {
    auto chunk = stream.next();
    if (!chunk) return chunk.error();
    if (!chunk.value()) return {};
    if (keep != nullptr) keep->chunks.push_back(std::move(*chunk.value()));
  }
}

}  // namespace

// Values Bind decoded as text because the client left their type unspecified, decoded again by the
// type the statement gives them.
Result<Parameters> PgSession::retyped_parameters(const Parameters& bound, const std::vector<uint32_t>& declared,
                                                 const std::vector<uint32_t>& types) const {
  Parameters parameters = bound;
  for (size_t i = 0; i < parameters.positional.size() && i < types.size(); ++i) {
    const auto* text = std::get_if<std::string>(&parameters.positional[i].v);
    if (text == nullptr || (i < declared.size() && declared[i] != 0)) continue;
    auto value = encode::pg::decode_parameter(types[i], encode::pg::Format::kText, *text, text_settings());
    if (!value) return value.error();
    parameters.positional[i] = std::move(value).value();
  }
  return parameters;
}

Error PgSession::describe_stop(Error error) const {
  error = control_->describe(std::move(error));
  // Shutdown interrupts every running statement before it says goodbye to the sessions.
  if (error.kind == ErrorKind::kInterrupted && server_.active.closed()) {
    return Error{ErrorKind::kUnavailable, "terminating connection due to administrator command"};
  }
  return error;
}

encode::pg::TextSettings PgSession::text_settings() const {
  return settings_.text_settings();
}

asio::awaitable<Result<PgSession::StatementTurn>> PgSession::begin_statement() {
  StatementTurn turn;
  turn.place = std::make_shared<StatementPlace>(server_.admission, owner_, Protocol::kPostgres);
  // The statement's time, and what a CancelRequest stops, include its wait for a place.
  control_->begin(turn.place);
  std::chrono::milliseconds timeout = server_.config.statement_timeout;
  if (statement_timeout_.count() > 0 && (timeout.count() == 0 || statement_timeout_ < timeout)) {
    timeout = statement_timeout_;
  }
  if (timeout.count() > 0) {
    turn.deadline = server_.statement_timer.arm(timeout, [control = std::weak_ptr(control_)] {
      if (auto live = control.lock()) live->stop(StatementControl::Stop::kTimeout);
    });
  }
  Result<void> ready = co_await turn.place->take();
  if (!ready) {
    ready = describe_stop(ready.error());
  } else if (client_gone_ || shutting_down_) {
    // A client that left while its statement waited for its turn gets nothing run for it.
    ready = Error{ErrorKind::kInterrupted, "the client left"};
  } else if (turn.registration = server_.active.add(*session_); !turn.registration) {
    ready = Error{ErrorKind::kUnavailable, "server is shutting down"};
  }
  if (!ready) {
    end_statement(turn);
    co_return ready.error();
  }
  server_.metrics.query_started(Protocol::kPostgres);
  co_return turn;
}

asio::awaitable<Result<void>> PgSession::flush_between_steps(StatementTurn& turn) {
  // A client that stops reading holds up only itself: waiting on its socket needs no worker, so the
  // statement's admission place goes to others meanwhile and is taken again for the next rows.
  turn.place->step_aside();
  if (!co_await flush()) co_return Error{ErrorKind::kIo, "the client left"};
  if (auto taken = co_await turn.place->take(); !taken) co_return describe_stop(taken.error());
  co_return Result<void>{};
}

void PgSession::end_statement(StatementTurn& turn) {
  turn.deadline.disarm();
  control_->end();
  turn.place->leave();
  turn.registration.reset();
}

asio::awaitable<Result<void>> PgSession::materialise_suspended(const Portal* except) {
  const bool streams =
      std::any_of(retired_.begin(), retired_.end(), [](const auto& portal) { return portal->streaming(); });
  if (streams) {
    co_await server_.workers.run([this] { retired_.clear(); });
  } else {
    retired_.clear();
  }
  for (auto* portals : {&portals_, &cursors_}) {
    for (auto& [name, portal] : *portals) {
      if (portal.get() == except || !portal->streaming()) continue;
      if (auto done = co_await materialise(*portal); !done) co_return done;
    }
  }
  co_return Result<void>{};
}

// The rest of a suspended portal's rows go into a spool, so that the session's one stream is free.
asio::awaitable<Result<void>> PgSession::materialise(Portal& portal) {
  auto turn = co_await begin_statement();
  if (!turn) co_return turn.error();
  portal.spool = std::make_unique<ResultSpool>(spool_directory(server_.config), spool_allowance_);
  std::optional<AsyncLock::Guard> spill_turn;
  const StopCheck stopped = [] { return std::optional<Error>(); };
  Result<void> outcome;
  while (true) {
    auto piece = co_await server_.workers.run([&portal]() -> Result<std::pair<std::string, bool>> {
      std::string out;
      auto step = stream_rows(portal, 0, kPieceBytes, out);
      if (!step) return step.error();
      return std::pair{std::move(out), step.value().exhausted};
    });
    if (!piece) {
      outcome = describe_stop(piece.error());
      break;
    }
    auto& [bytes, exhausted] = piece.value();
    if (!bytes.empty() && !portal.spool->keep(bytes)) {
      if (!spill_turn) spill_turn.emplace(co_await spool_allowance_.spill_turn());
      if (auto room = co_await portal.spool->reserve(bytes.size(), stopped); !room) {
        outcome = room.error();
        break;
      }
      if (auto spilled = co_await server_.workers.run([&] { return portal.spool->spill(bytes); }); !spilled) {
        outcome = spilled.error();
        break;
      }
    }
    if (exhausted) break;
  }
  end_statement(turn.value());
  co_await server_.workers.run([&portal] {
    portal.chunk.reset();
    portal.stream.reset();
  });
  co_return outcome;
}

void PgSession::publish_settings() {
  const auto update = settings_.duckdb_variable_update();
  if (!update) return;
  auto executed = session_->execute(*update);
  // In a failed DuckDB transaction it cannot be set: the next statement tries again.
  if (!executed || !drain(*executed.value(), nullptr)) settings_.mark_changed();
}

Result<void> PgSession::start_blocking(Portal& portal, bool in_transaction) {
  publish_settings();
  const PreparedSql& statement = *portal.statement;
  Session& engine = statement.client_text ? *client_session_ : *session_;
  auto executed = statement.prepared ? engine.execute(*statement.prepared, portal.parameters)
                                     : run_rewritten(engine, statement.rewritten, in_transaction);
  if (!executed && executed.error().kind == ErrorKind::kLeftToDuckDb) {
    // The backend leaves the statement to DuckDB as it runs: the front door's DuckDB path runs it.
    if (!portal.parameters.empty())
      return Error{ErrorKind::kInvalidInput, "a statement with parameters can be left to DuckDB only when prepared"};
    executed = run_rewritten(*session_, rewrite_statement(statement.text), in_transaction);
  }
  if (executed && statement.plan) executed = plan_rows(*session_, std::move(executed).value(), *statement.plan);
  if (!executed) return executed.error();
  portal.started = true;
  portal.stream = std::move(executed).value();
  portal.kind = portal.stream->kind();
  portal.returns_rows = portal.stream->returns_rows();
  portal.rows_changed = portal.stream->rows_changed();
  portal.engine_tag = portal.stream->command_tag();
  if (!portal.returns_rows) return {};
  auto encoder = encode::pg::RowEncoder::make(portal.stream->schema(), portal.formats, text_settings());
  if (!encoder) return encoder.error();
  portal.encoder.emplace(std::move(encoder).value());
  return {};
}

Result<RowsStep> PgSession::portal_step(Portal& portal, int64_t limit, bool describe_rows,
                                        bool in_transaction) {
  Result<RowsStep> step = RowsStep{};
  if (!portal.started) {
    if (auto started = start_blocking(portal, in_transaction); !started) step = started.error();
    // The simple protocol describes the rows once the statement runs (with the engine's own types).
    if (step && describe_rows && portal.returns_rows) {
      const auto& engine_columns = portal.stream->schema().columns;
      const auto columns = portal.statement->client_text
                               ? engine_columns
                               : with_postgres_names(portal.statement->text, engine_columns);
      append_row_description(out_, describe_fields(columns, portal.format_codes(columns.size())));
    }
  }
  if (step && portal.returns_rows) {
    step = stream_rows(portal, limit, kPieceBytes, out_);
  } else if (step) {
    step.value().exhausted = true;
  }
  // The session's one stream is free again as soon as the result is complete or failed.
  if (!step || step.value().exhausted) {
    portal.chunk.reset();
    portal.stream.reset();
  }
  return step;
}

asio::awaitable<Result<bool>> PgSession::run_portal(Portal& portal, int64_t limit, bool describe_rows) {
  Result<bool> outcome = false;
  const int64_t rows_before = portal.rows;
  if (!portal.started) {
    if (auto freed = co_await materialise_suspended(&portal); !freed) co_return freed.error();
  }
  if (!portal.started) portal.started_at = std::chrono::steady_clock::now();
  if (!portal.started || portal.streaming()) {
    auto turn = co_await begin_statement();
    if (!turn) co_return turn.error();
    const bool in_transaction = block_ != Block::kNone;
    int64_t handed = 0;
    bool exhausted = false;
    do {
      // A small result takes one trip to a worker: the statement starts and its rows come in the same.
      auto step = co_await server_.workers.run([&]() {
        return portal_step(portal, limit == 0 ? 0 : limit - handed, describe_rows, in_transaction);
      });
      if (!step) {
        outcome = describe_stop(step.error());
        break;
      }
      handed += step.value().rows;
      portal.rows += step.value().rows;
      exhausted = step.value().exhausted;
      outcome = exhausted;
      if (out_.size() >= kOutboundBytes) {
        if (auto written = co_await flush_between_steps(turn.value()); !written) {
          outcome = written.error();
          break;
        }
      }
    } while (!exhausted && (limit == 0 || handed < limit));
    end_statement(turn.value());
  } else {
    // Materialised: the rows come from the spool.
    int64_t handed = 0;
    while (limit == 0 || handed < limit) {
      const RowsStep step = take_spooled_rows(portal, limit == 0 ? 0 : limit - handed, out_);
      handed += step.rows;
      portal.rows += step.rows;
      if (step.exhausted) {
        outcome = true;
        break;
      }
      if (limit != 0 && handed >= limit) break;
      if (portal.spool_drained) {
        outcome = true;
        break;
      }
      auto more = co_await next_spooled_piece(server_, *portal.spool);
      if (!more) co_return more.error();
      if (more.value().empty()) {
        portal.spool_drained = true;
      } else {
        portal.spooled += more.value();
      }
      if (out_.size() >= kOutboundBytes && !co_await flush())
        co_return Error{ErrorKind::kIo, "the client left"};
    }
  }
  if (outcome && outcome.value()) {
    portal.finished = true;
    // Like PostgreSQL, the rows of this Execute (all of them when the statement ran in one).
    const int64_t count = portal.returns_rows ? portal.rows - rows_before : portal.rows_changed.value_or(0);
    portal.tag = portal.engine_tag ? *portal.engine_tag
                                   : command_tag(portal.statement->text, portal.kind, portal.returns_rows, count);
  }
  if (!outcome || outcome.value()) publish_completed(portal, outcome);
  co_return outcome;
}

void PgSession::publish_completed(const Portal& portal, const Result<bool>& outcome) {
  if (!server_.events.has_subscribers(ServerEvents::kQueryCompleted)) return;
  const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - portal.started_at;
  server_.events.query_completed({.sql = portal.statement->text,
                                  .principal = principal_,
                                  .protocol = Protocol::kPostgres,
                                  .success = outcome.ok(),
                                  .rows_returned = portal.returns_rows ? portal.rows : 0,
                                  .execution_time_ms = took.count(),
                                  .error = outcome.ok() ? std::string() : outcome.error().message});
}

void PgSession::retire(std::unique_ptr<Portal> portal) {
  if (portal) retired_.push_back(std::move(portal));
}

asio::awaitable<Result<SqlOutcome>> PgSession::run_sql(std::string sql) {
  if (auto freed = co_await materialise_suspended(nullptr); !freed) co_return freed.error();
  auto turn = co_await begin_statement();
  if (!turn) co_return turn.error();
  auto outcome = co_await server_.workers.run([this, &sql]() -> Result<SqlOutcome> {
    publish_settings();
    auto executed = session_->execute(sql);
    if (!executed) return executed.error();
    ResultStream& stream = *executed.value();
    SqlOutcome result;
    result.kind = stream.kind();
    result.returns_rows = stream.returns_rows();
    result.rows_changed = stream.rows_changed();
    if (auto drained = drain(stream, result.returns_rows ? &result : nullptr); !drained)
      return drained.error();
    result.result = std::move(executed).value();
    return result;
  });
  end_statement(turn.value());
  if (!outcome) co_return describe_stop(outcome.error());
  co_return outcome;
}

asio::awaitable<Result<void>> PgSession::run_transaction_sql(std::string_view sql) {
  auto outcome = co_await run_sql(std::string(sql));
  if (!outcome) co_return outcome.error();
  co_return Result<void>{};
}

// --- CommandContext: the engine

asio::awaitable<Result<void>> PgSession::run_on_session(std::function<Result<void>(Session&)> work) {
  if (auto freed = co_await materialise_suspended(nullptr); !freed) co_return freed.error();
  auto turn = co_await begin_statement();
  if (!turn) co_return turn.error();
  auto done = co_await server_.workers.run([this, &work] {
    publish_settings();
    return work(*session_);
  });
  end_statement(turn.value());
  if (!done) co_return control_->describe(done.error());
  co_return done;
}

asio::awaitable<Result<SqlOutcome>> PgSession::execute(std::string sql) {
  const TransactionVerb verb = transaction_verb(sql);
  auto outcome = co_await run_sql(std::move(sql));
  if (outcome) {
    if (verb == TransactionVerb::kBegin) block_ = Block::kExplicit;
    if (verb == TransactionVerb::kCommit || verb == TransactionVerb::kRollback) {
      co_await end_transaction_block(verb == TransactionVerb::kCommit);
    }
  }
  co_return outcome;
}

Result<void> PgSession::send_rows(const ResultSchema& schema, const Chunk& chunk) {
  std::vector<encode::pg::Format> formats;
  for (const int16_t code : result_formats(schema.columns.size())) {
    formats.push_back(static_cast<encode::pg::Format>(code));
  }
  auto encoder = encode::pg::RowEncoder::make(schema, formats, text_settings());
  if (!encoder) return encoder.error();
  return encoder.value().append_data_rows(chunk, out_);
}

std::vector<int16_t> PgSession::result_formats(size_t column_count) const {
  if (current_portal_ == nullptr) return std::vector<int16_t>(column_count, 0);
  return current_portal_->format_codes(column_count);
}

asio::awaitable<Result<FrontendMessage>> PgSession::read_message() {
  if (!out_.empty() && !co_await flush()) co_return Error{ErrorKind::kIo, "the client left"};
  while (inbound_.empty()) {
    if (reader_failure_) co_return Error{ErrorKind::kInvalidInput, reader_failure_->message};
    if (client_gone_ || closing_) co_return Error{ErrorKind::kIo, "the client left"};
    message_arrived_.reset();
    co_await message_arrived_.wait();
  }
  FrontendMessage message = std::move(inbound_.front());
  inbound_.pop_front();
  inbound_bytes_ -= message.body.size() + kInboundOverheadBytes;
  message_taken_.set();
  co_return message;
}

asio::awaitable<Result<void>> PgSession::declare_cursor(std::string name, std::string sql,
                                                        CursorOptions options) {
  if (cursors_.contains(name)) {
    co_return Error{ErrorKind::kInvalidInput, "cursor \"" + name + "\" already exists",
                    sqlstate::kDuplicateCursor};
  }
  // DECLARE sent through the extended protocol carries the parameters of its query.
  const Portal* declaring = current_portal_;
  const std::vector<uint32_t> declared =
      declaring != nullptr ? declaring->statement->parameter_types : std::vector<uint32_t>{};
  auto prepared = co_await prepare(std::move(sql), declared);
  if (!prepared) co_return prepared.error();
  auto portal = std::make_unique<Portal>();
  portal->statement = std::move(prepared).value();
  if (declaring != nullptr) {
    auto parameters = retyped_parameters(declaring->parameters, declared, portal->statement->parameter_types);
    if (!parameters) co_return parameters.error();
    portal->parameters = std::move(parameters).value();
  }
  portal->cursor = options;
  if (options.binary) portal->formats = {encode::pg::Format::kBinary};
  cursors_.emplace(std::move(name), std::move(portal));
  co_return Result<void>{};
}

Portal* PgSession::find_cursor(std::string_view name) {
  if (const auto found = cursors_.find(name); found != cursors_.end()) return found->second.get();
  // As in PostgreSQL, a named portal of the extended protocol is a cursor too (asyncpg MOVEs in one).
  if (const auto found = portals_.find(name); !name.empty() && found != portals_.end()) return found->second.get();
  return nullptr;
}

asio::awaitable<Result<std::vector<Column>>> PgSession::cursor_columns(std::string_view name) {
  const Portal* portal = find_cursor(name);
  if (portal == nullptr) {
    co_return Error{ErrorKind::kInvalidInput, "cursor \"" + std::string(name) + "\" does not exist",
                    sqlstate::kInvalidCursorName};
  }
  co_return portal->statement->columns.value_or(std::vector<Column>{});
}

asio::awaitable<Result<int64_t>> PgSession::fetch_cursor(std::string_view name, std::optional<int64_t> count,
                                                         bool send) {
  Portal* found = find_cursor(name);
  if (found == nullptr) {
    co_return Error{ErrorKind::kInvalidInput, "cursor \"" + std::string(name) + "\" does not exist",
                    sqlstate::kInvalidCursorName};
  }
  Portal& portal = *found;
  if (portal.finished || (count && *count <= 0)) co_return int64_t{0};
  const int64_t before = portal.rows;
  const size_t kept = out_.size();
  Portal* previous = current_portal_;
  current_portal_ = &portal;
  auto done = co_await run_portal(portal, count.value_or(0), false);
  current_portal_ = previous;
  if (!send) out_.resize(kept);
  if (!done) co_return done.error();
  co_return portal.rows - before;
}

Result<int64_t> PgSession::cursor_position(std::string_view name) {
  const Portal* portal = find_cursor(name);
  if (portal == nullptr) {
    return Error{ErrorKind::kInvalidInput, "cursor \"" + std::string(name) + "\" does not exist",
                 sqlstate::kInvalidCursorName};
  }
  return portal->rows;
}

asio::awaitable<Result<int64_t>> PgSession::move_cursor(std::string_view name, int64_t position) {
  const auto found = cursors_.find(name);
  if (found == cursors_.end()) {
    co_return Error{ErrorKind::kInvalidInput, "cursor \"" + std::string(name) + "\" does not exist",
                    sqlstate::kInvalidCursorName};
  }
  if (position < found->second->rows) {
    if (!found->second->cursor.scroll) {
      co_return Error{ErrorKind::kInvalidInput, "cursor can only scan forward", "55000"};
    }
    auto again = std::make_unique<Portal>();
    again->statement = found->second->statement;
    again->parameters = found->second->parameters;
    again->formats = found->second->formats;
    again->cursor = found->second->cursor;
    retire(std::move(found->second));
    found->second = std::move(again);
  }
  const int64_t skip = position - found->second->rows;
  if (skip > 0) {
    auto skipped = co_await fetch_cursor(name, skip, false);
    if (!skipped) co_return skipped.error();
  }
  co_return found->second->rows;
}

Result<void> PgSession::close_cursor(std::string_view name) {
  const auto found = cursors_.find(name);
  if (const auto portal = portals_.find(name); found == cursors_.end() && !name.empty() && portal != portals_.end()) {
    retire(std::move(portal->second));
    portals_.erase(portal);
    return {};
  }
  if (found == cursors_.end()) {
    return Error{ErrorKind::kInvalidInput, "cursor \"" + std::string(name) + "\" does not exist",
                 sqlstate::kInvalidCursorName};
  }
  retire(std::move(found->second));
  cursors_.erase(found);
  return {};
}

void PgSession::close_all_cursors() {
  while (!cursors_.empty()) (void)close_cursor(cursors_.begin()->first);
}

bool PgSession::deallocate(std::string_view name) {
  const auto found = statements_.find(name);
  if (found == statements_.end()) return false;
  statements_.erase(found);
  return true;
}

void PgSession::deallocate_all() {
  statements_.clear();
}

}  // namespace duckwire::pgwire
