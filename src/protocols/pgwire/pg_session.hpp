#pragma once
// One authenticated PostgreSQL connection: the session state machine of protocol 3.0. A reading
// coroutine takes the client's messages as they come (pipelining), up to a backlog bounded in bytes,
// and notices a client that leaves (its running statement is interrupted); the serving coroutine
// answers them in order. Replies are buffered and written at Sync, Flush, the end of a Query, or
// when the buffer grows, and each write is awaited, so a client that stops reading stops its own
// query (out of admission while it waits). Statements run on the session's own engine session through the
// worker pool, in fair admission, under the statement timeout; CancelRequest reaches them through the
// CancelRegistry. The transaction status (I/T/E) is tracked here, with PostgreSQL's implicit transactions for
// multi-statement Query messages and pipelined Executes up to Sync.

#include <boost/asio/awaitable.hpp>

#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

#include "core/admission.hpp"
#include "core/async_event.hpp"
#include "core/connection_registry.hpp"
#include "core/pubsub.hpp"
#include "core/server_context.hpp"
#include "core/spool_allowance.hpp"
#include "core/statement_place.hpp"
#include "core/statement_timer.hpp"
#include "protocols/pgwire/cancel_registry.hpp"
#include "protocols/pgwire/command_context.hpp"
#include "protocols/pgwire/frontend_messages.hpp"
#include "protocols/pgwire/parameter_typing.hpp"
#include "protocols/pgwire/pg_options.hpp"
#include "protocols/pgwire/pg_stream.hpp"
#include "protocols/pgwire/portal.hpp"
#include "protocols/pgwire/statement_control.hpp"

namespace duckwire::pgwire {

// What a message read ahead costs besides its body.
inline constexpr size_t kInboundOverheadBytes = 64;
// Replies are written once this much is buffered, even before Sync.
inline constexpr size_t kOutboundBytes = 256 * 1024;
// Rows are encoded in pieces of about this size per worker trip, then written.
inline constexpr size_t kPieceBytes = 256 * 1024;

// The engine sessions of one PostgreSQL connection.
struct EngineSessions {
  // DuckDB's: every statement of a DuckDB backend; for a backend that takes the client's text
  // (SqlDialect::kClientText), the front door's own statements and the emulated catalog.
  std::unique_ptr<Session> duckdb;
  // kClientText backends: the client's statements, as sent.
  std::unique_ptr<Session> client_text;
  // kClientText backends: statements reading the PostgreSQL catalog go to `duckdb`.
  bool catalog_emulated = false;
};

class PgSession final : public CommandContext,
                        public CancelTarget,
                        public Subscriber,
                        public ClosableConnection,
                        public std::enable_shared_from_this<PgSession> {
 public:
  PgSession(const ServerContext& server, const PgOptions& options, CancelRegistry& cancels,
            std::unique_ptr<PgStream> stream, EngineSessions sessions, SessionSettings settings);
  ~PgSession() override;

  // Applies the settings of the StartupMessage (as SET would), sends ParameterStatus, BackendKeyData
  // and ReadyForQuery, then serves until the client leaves. Returns when everything of the session
  // has ended (its engine session closed on a worker).
  boost::asio::awaitable<void> run(std::vector<std::pair<std::string, std::string>> startup_settings);

  // CancelTarget, Subscriber, ClosableConnection: from any thread.
  void cancel_running_statement() override;
  void deliver(const std::string& channel, const std::string& payload_json, FanoutShare share) override;
  void drop_too_slow() override;
  void close_for_shutdown() override;

  // CommandContext.
  void send(std::string_view messages) override;
  boost::asio::awaitable<bool> flush() override;
  boost::asio::awaitable<Result<FrontendMessage>> read_message() override;
  Result<void> send_rows(const ResultSchema& schema, const Chunk& chunk) override;
  std::vector<int16_t> result_formats(size_t column_count) const override;
  boost::asio::awaitable<Result<SqlOutcome>> execute(std::string sql) override;
  boost::asio::awaitable<Result<void>> run_on_session(std::function<Result<void>(Session&)> work) override;
  boost::asio::awaitable<Result<void>> declare_cursor(std::string name, std::string sql,
                                                      CursorOptions options) override;
  boost::asio::awaitable<Result<std::vector<Column>>> cursor_columns(std::string_view name) override;
  boost::asio::awaitable<Result<int64_t>> fetch_cursor(std::string_view name, std::optional<int64_t> count,
                                                       bool send) override;
  boost::asio::awaitable<Result<int64_t>> move_cursor(std::string_view name, int64_t position) override;
  Result<int64_t> cursor_position(std::string_view name) override;
  Result<void> close_cursor(std::string_view name) override;
  void close_all_cursors() override;
  bool deallocate(std::string_view name) override;
  void deallocate_all() override;
  TransactionStatus transaction_status() const override;
  SessionSettings& settings() override { return settings_; }
  void report_setting(std::string_view name, std::string_view value) override;
  void set_statement_timeout(std::chrono::milliseconds timeout) override { statement_timeout_ = timeout; }
  int32_t process_id() const override { return cancel_registration_.key().process_id; }
  void listen(const std::string& channel) override;
  void unlisten(const std::string& channel) override;
  void unlisten_all() override;
  void notify(const std::string& channel, std::string_view payload) override;

 private:
  enum class Block { kNone, kImplicit, kExplicit };
  struct Notification {
    std::string channel;
    std::string payload;
    FanoutShare share;
  };
  // Holds the session's admission place and armed statement timeout for one statement.
  struct StatementTurn {
    std::shared_ptr<StatementPlace> place;
    StatementTimer::Armed deadline;
    std::optional<ActiveQueries::Registration> registration;
  };

  boost::asio::awaitable<std::optional<PgError>> apply_startup_settings(
      const std::vector<std::pair<std::string, std::string>>& startup_settings);

  // --- reading and writing
  boost::asio::awaitable<void> read_messages();
  boost::asio::awaitable<std::optional<FrontendMessage>> next_message();
  bool sync_follows_before_execute() const;
  boost::asio::awaitable<void> serve();
  boost::asio::awaitable<bool> dispatch(FrontendMessage message);
  void send_error(const PgError& error);
  void send_ready_for_query();
  void queue_notifications();
  boost::asio::awaitable<void> fail_connection(const PgError& error);

  // --- statements on the engine
  boost::asio::awaitable<Result<StatementTurn>> begin_statement();
  void end_statement(StatementTurn& turn);
  // Writes the replies buffered so far in the middle of a statement, out of admission while it waits.
  boost::asio::awaitable<Result<void>> flush_between_steps(StatementTurn& turn);
  boost::asio::awaitable<Result<void>> materialise_suspended(const Portal* except);
  boost::asio::awaitable<Result<void>> materialise(Portal& portal);
  // On a worker: runs the portal's statement (`in_transaction`: a block is open, so several rewritten
  // statements need no transaction of their own).
  Result<void> start_blocking(Portal& portal, bool in_transaction);
  // On a worker, before the session's next engine statement: current_setting()'s view of the settings.
  void publish_settings();
  // On a worker: starts the portal when it has not run yet, then appends up to `limit` rows (0: all) to
  // the replies; releases the engine's stream once the result is complete or failed.
  Result<RowsStep> portal_step(Portal& portal, int64_t limit, bool describe_rows, bool in_transaction);
  // Hands out up to `limit` rows (0: all); true when the portal is finished.
  // `describe_rows`: RowDescription once the statement started (simple protocol).
  boost::asio::awaitable<Result<bool>> run_portal(Portal& portal, int64_t limit, bool describe_rows);
  // The query_completed event of a portal that finished or failed (core/server_events.hpp).
  void publish_completed(const Portal& portal, const Result<bool>& outcome);
  // `bound` with the values Bind decoded as text (type left unspecified in `declared`) decoded by `types`.
  Result<Parameters> retyped_parameters(const Parameters& bound, const std::vector<uint32_t>& declared,
                                       const std::vector<uint32_t>& types) const;
  // The SQL cursor or named protocol portal `name`, or nullptr.
  Portal* find_cursor(std::string_view name);
  // A closed portal: released before the next statement (on a worker when its result still streams).
  void retire(std::unique_ptr<Portal> portal);
  boost::asio::awaitable<Result<SqlOutcome>> run_sql(std::string sql);
  boost::asio::awaitable<Result<void>> run_transaction_sql(std::string_view sql);
  encode::pg::TextSettings text_settings() const;
  // The error a client sees for an engine error: an interrupt says why (cancel, timeout, shutdown).
  Error describe_stop(Error error) const;

  // --- simple query
  boost::asio::awaitable<void> handle_query(std::string text);
  // False when the statement failed (its error is sent).
  boost::asio::awaitable<bool> run_simple_statement(const std::string& text, bool in_multi_statement);

  // --- extended query
  boost::asio::awaitable<void> handle_parse(ParseMessage parse);
  boost::asio::awaitable<void> handle_bind(BindMessage bind);
  boost::asio::awaitable<void> handle_describe(const DescribeMessage& describe);
  boost::asio::awaitable<void> handle_execute(const ExecuteMessage& execute);
  void handle_close(const CloseMessage& close);
  boost::asio::awaitable<void> handle_sync();

  // --- both
  // Runs one statement through its portal: the command, or the transaction verb's bookkeeping, or the
  // engine. `describe_rows` sends RowDescription first (simple protocol). Errors come back unsent.
  boost::asio::awaitable<Result<bool>> execute_statement(Portal& portal, int64_t limit, bool describe_rows);
  boost::asio::awaitable<Result<bool>> execute_command(Portal& portal, bool describe_rows);
  // Whether the statement may run now in a failed transaction; sends the 25P02 error otherwise.
  bool refused_in_failed_transaction(const PreparedSql& statement);
  // The transaction-block bookkeeping after a statement failed.
  boost::asio::awaitable<void> after_error();
  // `committed`: the block's work was kept (what commands deferred to COMMIT happens now).
  boost::asio::awaitable<void> end_transaction_block(bool committed);
  boost::asio::awaitable<Result<std::shared_ptr<PreparedSql>>> prepare(std::string text,
                                                                       const std::vector<uint32_t>& declared);
  // Whether a statement (not one the front door runs itself) goes to the backend as the client sent it.
  bool routes_to_client_text(std::string_view text) const;
  boost::asio::awaitable<Result<std::shared_ptr<PreparedSql>>> prepare_client_text(
      std::shared_ptr<PreparedSql> statement, const std::string& text);

  const ServerContext& server_;
  const PgOptions& options_;
  CancelRegistry& cancels_;
  std::unique_ptr<PgStream> stream_;
  std::unique_ptr<Session> session_;
  std::unique_ptr<Session> client_session_;  // see EngineSessions
  bool catalog_emulated_ = false;
  SessionSettings settings_;
  const std::string principal_;  // "user:NAME" for a user of the server's; empty otherwise
  std::shared_ptr<StatementControl> control_;
  CancelRegistry::Registration cancel_registration_;
  SpoolAllowance spool_allowance_;
  const AdmissionOwner owner_;
  std::chrono::milliseconds statement_timeout_{0};

  std::string out_;
  // The buffer of the last write, kept for its capacity while a result is written piece by piece.
  std::string spare_out_;
  std::deque<FrontendMessage> inbound_;
  size_t inbound_bytes_ = 0;
  AsyncEvent message_arrived_;  // also set by notifications and shutdown
  AsyncEvent message_taken_;
  bool client_gone_ = false;
  bool closing_ = false;
  bool shutting_down_ = false;
  std::optional<PgError> reader_failure_;  // a protocol violation the reader found

  std::mutex notifications_mutex_;
  std::deque<Notification> notifications_;
  bool too_slow_ = false;
  std::set<std::string> channels_;

  TypingCache typing_cache_;  // used on workers, one statement at a time
  std::map<std::string, std::shared_ptr<PreparedSql>, std::less<>> statements_;
  std::map<std::string, std::unique_ptr<Portal>, std::less<>> portals_;
  std::map<std::string, std::unique_ptr<Portal>, std::less<>> cursors_;
  std::vector<std::unique_ptr<Portal>> retired_;
  Portal* current_portal_ = nullptr;  // the portal whose statement runs now (for send_rows)

  Block block_ = Block::kNone;
  bool failed_ = false;
  bool skipping_to_sync_ = false;
  bool idle_ = false;  // the last message sent is ReadyForQuery
};

}  // namespace duckwire::pgwire
