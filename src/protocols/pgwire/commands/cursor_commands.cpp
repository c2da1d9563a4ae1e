#include "protocols/pgwire/commands/cursor_commands.hpp"
#include "protocols/pgwire/coroutine_warnings.hpp"

#include "protocols/pgwire/commands/command_support.hpp"
#include "protocols/pgwire/pg_error.hpp"

namespace duckwire::pgwire::commands {

namespace asio = boost::asio;

namespace {

class DeclareStatement final : public Command {
 public:
  explicit DeclareStatement(DeclareCursorCommand declare) : declare_(std::move(declare)) {}

  asio::awaitable<Result<std::string>> execute(CommandContext& context) override {
    if (!declare_.hold && context.transaction_status() == TransactionStatus::kIdle) {
      co_return command_error(sqlstate::kNoActiveTransaction,
                              "DECLARE CURSOR can only be used in transaction blocks");
    }
    auto declared = co_await context.declare_cursor(declare_.name, declare_.query,
                                                    CursorOptions{declare_.binary, declare_.hold});
    if (!declared) co_return declared.error();
    co_return std::string("DECLARE CURSOR");
  }

 private:
  DeclareCursorCommand declare_;
};

// Cursors read their result as it streams: forward only, as PostgreSQL's NO SCROLL cursors.
class FetchStatement final : public Command {
 public:
  explicit FetchStatement(FetchCommand fetch) : fetch_(std::move(fetch)) {}

  asio::awaitable<Result<std::optional<std::vector<Column>>>> describe(CommandContext& context) override {
    if (fetch_.move) co_return std::optional<std::vector<Column>>();
    auto columns = co_await context.cursor_columns(fetch_.cursor);
    if (!columns) co_return columns.error();
    co_return std::optional<std::vector<Column>>(std::move(columns).value());
  }

  asio::awaitable<Result<std::string>> execute(CommandContext& context) override {
    using Direction = FetchCommand::Direction;
    std::optional<int64_t> count = fetch_.count;
    if (fetch_.all) count.reset();
    const bool backward = fetch_.direction == Direction::kBackward ||
                          (fetch_.direction == Direction::kForward && !fetch_.all && fetch_.count < 0);
    if (backward) {
      co_return command_error("55000", "cursor can only scan forward");
    }
    if (fetch_.direction == Direction::kAbsolute || fetch_.direction == Direction::kRelative) {
      co_return command_error(sqlstate::kFeatureNotSupported,
                              "duckwire cursors move forward only: use FETCH/MOVE [FORWARD] n or ALL");
    }
    auto rows = co_await context.fetch_cursor(fetch_.cursor, count, !fetch_.move);
    if (!rows) co_return rows.error();
    co_return std::string(fetch_.move ? "MOVE " : "FETCH ") + std::to_string(rows.value());
  }

 private:
  FetchCommand fetch_;
};

class CloseStatement final : public Command {
 public:
  explicit CloseStatement(CloseCommand close) : close_(std::move(close)) {}

  asio::awaitable<Result<std::string>> execute(CommandContext& context) override {
    if (close_.cursor.empty()) {
      context.close_all_cursors();
      co_return std::string("CLOSE CURSOR ALL");
    }
    if (auto closed = context.close_cursor(close_.cursor); !closed) co_return closed.error();
    co_return std::string("CLOSE CURSOR");
  }

 private:
  CloseCommand close_;
};

}  // namespace

std::unique_ptr<Command> make_declare(DeclareCursorCommand declare) {
  return std::make_unique<DeclareStatement>(std::move(declare));
}
std::unique_ptr<Command> make_fetch(FetchCommand fetch) {
  return std::make_unique<FetchStatement>(std::move(fetch));
}
std::unique_ptr<Command> make_close(CloseCommand close) {
  return std::make_unique<CloseStatement>(std::move(close));
}

}  // namespace duckwire::pgwire::commands
