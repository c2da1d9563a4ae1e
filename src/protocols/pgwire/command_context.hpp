#pragma once
// The seam between the session (pg-core) and the statements the front door runs itself
// (commands/: SET/SHOW/RESET, transaction forms, DISCARD, DEALLOCATE, LISTEN/NOTIFY, cursors, COPY).
// Every statement of a Query message (after splitting) and every Parse is first offered to
// commands::make_command(); a Command it returns is described and executed through a CommandContext,
// which the session implements. All calls happen on the session's strand.

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backend/backend.hpp"
#include "core/pubsub.hpp"
#include "protocols/pgwire/backend_messages.hpp"
#include "protocols/pgwire/session_settings.hpp"
#include "util/error.hpp"

namespace duckwire::pgwire {

// A whole result collected from the engine (for the small results commands need).
struct SqlOutcome {
  StatementKind kind = StatementKind::kOther;
  bool returns_rows = false;
  std::vector<Chunk> chunks;
  std::optional<int64_t> rows_changed;
  std::unique_ptr<ResultStream> result;  // read to its end: its schema() describes the chunks
  const ResultSchema& schema() const { return result->schema(); }
};

// One frontend message: its type byte and body (after the length word).
struct FrontendMessage {
  char type = 0;
  std::string body;
};

struct CursorOptions {
  bool binary = false;     // DECLARE ... BINARY CURSOR: rows in binary format
  bool with_hold = false;  // survives the end of its transaction
  bool scroll = false;     // DECLARE ... SCROLL: may move back (re-running its query, see move_cursor)
};

class CommandContext {
 public:
  virtual ~CommandContext() = default;

  // --- the client
  // Queues complete backend messages (built with backend_messages.hpp) for the client; they are
  // written at the next flush, the end of the statement or when the queue grows large.
  virtual void send(std::string_view messages) = 0;
  // Writes everything queued; false when the client is gone.
  virtual boost::asio::awaitable<bool> flush() = 0;
  // The next frontend message (COPY FROM STDIN: CopyData, CopyDone, CopyFail, and whatever else the
  // client sends), its length bounded by --pg-max-message-bytes. An Error when the client left.
  virtual boost::asio::awaitable<Result<FrontendMessage>> read_message() = 0;
  // DataRows for `chunk`'s rows in the formats the current statement's client asked for (Bind's
  // result formats; text in the simple protocol).
  virtual Result<void> send_rows(const ResultSchema& schema, const Chunk& chunk) = 0;
  // The DataRow format codes (0 text, 1 binary) of the current statement for `column_count` columns.
  virtual std::vector<int16_t> result_formats(size_t column_count) const = 0;

  // --- the engine
  // Runs one DuckDB statement on the session's engine session, on a worker, taking its turn in fair
  // admission, under the session's statement timeout; the whole result is collected. Also keeps the
  // transaction status truthful (a BEGIN run here opens a block).
  virtual boost::asio::awaitable<Result<SqlOutcome>> execute(std::string sql) = 0;
  // Runs `work` on a worker with the session's engine Session, as execute() runs SQL (suspended portals
  // materialised first, an admission turn, the statement timeout, CancelRequest): for commands that
  // drive the engine themselves (COPY streams a result or appends rows, a piece per call).
  virtual boost::asio::awaitable<Result<void>> run_on_session(std::function<Result<void>(Session&)> work) = 0;
  // SQL cursors: a portal named `name` opened on `sql` (a query), read `count` rows at a time. The
  // rows of FETCH go to the client as DataRows (text, or binary for a BINARY cursor); `send` false
  // skips them (MOVE). nullopt count: all the rest. Returns how many rows were fetched.
  virtual boost::asio::awaitable<Result<void>> declare_cursor(std::string name, std::string sql,
                                                              CursorOptions options) = 0;
  virtual boost::asio::awaitable<Result<std::vector<Column>>> cursor_columns(std::string_view name) = 0;
  virtual boost::asio::awaitable<Result<int64_t>> fetch_cursor(std::string_view name,
                                                               std::optional<int64_t> count, bool send) = 0;
  // Puts a SCROLL cursor at `position` (0: before the first row, n: on row n) and returns the position
  // reached (less at the end of the rows). Going back re-runs the cursor's query and skips to the
  // position: the rows are the same unless the data changed in between (PostgreSQL keeps them).
  virtual boost::asio::awaitable<Result<int64_t>> move_cursor(std::string_view name, int64_t position) = 0;
  // The position of cursor `name` (0: before the first row).
  virtual Result<int64_t> cursor_position(std::string_view name) = 0;
  virtual Result<void> close_cursor(std::string_view name) = 0;
  virtual void close_all_cursors() = 0;
  // Prepared statements of the extended protocol (DEALLOCATE); false when there is none of that name.
  virtual bool deallocate(std::string_view name) = 0;
  virtual void deallocate_all() = 0;

  // --- the session
  virtual TransactionStatus transaction_status() const = 0;
  virtual SessionSettings& settings() = 0;
  // Queues a ParameterStatus for a reported setting (see SessionSettings::is_reported).
  virtual void report_setting(std::string_view name, std::string_view value) = 0;
  // The session's own statement timeout (the statement_timeout GUC); zero: the server's alone. It can
  // only lower --statement-timeout.
  virtual void set_statement_timeout(std::chrono::milliseconds timeout) = 0;
  virtual int32_t process_id() const = 0;

  // --- LISTEN / NOTIFY over the server's pub/sub hub (NotificationResponse is delivered between
  // statements and while idle)
  virtual void listen(const std::string& channel) = 0;
  virtual void unlisten(const std::string& channel) = 0;
  virtual void unlisten_all() = 0;
  // Publishes to every subscriber of `channel` (this session too when it listens), as the JSON string
  // of `payload`, so that WebSocket subscribers see the text.
  virtual void notify(const std::string& channel, std::string_view payload) = 0;
};

// A statement the front door runs itself.
class Command {
 public:
  virtual ~Command() = default;
  // The columns its rows will have (RowDescription), nullopt when it answers without rows (NoData).
  // Called for Describe and, in the simple protocol, before execute().
  virtual boost::asio::awaitable<Result<std::optional<std::vector<Column>>>> describe(
      CommandContext& context) {
    (void)context;
    co_return std::optional<std::vector<Column>>();
  }
  // Runs the command: sends its DataRows (CommandContext::send_rows) and returns the CommandComplete
  // tag. An Error becomes an ErrorResponse (pg_error_from); its kind picks the SQLSTATE.
  virtual boost::asio::awaitable<Result<std::string>> execute(CommandContext& context) = 0;
  // False for statements PostgreSQL allows in a failed transaction (ROLLBACK, COMMIT forms).
  virtual bool refused_in_failed_transaction() const { return true; }
};

}  // namespace duckwire::pgwire
