#include "protocols/pgwire/commands/cursor_commands.hpp"

#include <algorithm>

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
                                                    CursorOptions{declare_.binary, declare_.hold, declare_.scroll});
    if (!declared) co_return declared.error();
    co_return std::string("DECLARE CURSOR");
  }

 private:
  DeclareCursorCommand declare_;
};

// Cursors read their result as it streams, forward; a SCROLL cursor also goes to absolute and relative
// positions (back by re-running its query).
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
      co_return co_await to_position(context);
    }
    auto rows = co_await context.fetch_cursor(fetch_.cursor, count, !fetch_.move);
    if (!rows) co_return rows.error();
    co_return std::string(fetch_.move ? "MOVE " : "FETCH ") + std::to_string(rows.value());
  }

 private:
  // ABSOLUTE n and RELATIVE n: to row n (counted from the start, or from the current row); FETCH
  // returns that row.
  asio::awaitable<Result<std::string>> to_position(CommandContext& context) {
    int64_t target = fetch_.count;
    if (fetch_.direction == FetchCommand::Direction::kRelative) {
      auto current = context.cursor_position(fetch_.cursor);
      if (!current) co_return current.error();
      target += current.value();
    }
    if (fetch_.direction == FetchCommand::Direction::kAbsolute && fetch_.count < 0) {
      co_return command_error(sqlstate::kFeatureNotSupported,
                              "duckwire cursors count absolute positions from the start only");
    }
    target = std::max<int64_t>(target, 0);
    const int64_t before_row = fetch_.move ? target : std::max<int64_t>(target - 1, 0);
    auto reached = co_await context.move_cursor(fetch_.cursor, before_row);
    if (!reached) co_return reached.error();
    if (fetch_.move) co_return std::string("MOVE ") + (target > 0 && reached.value() == target ? "1" : "0");
    if (target == 0 || reached.value() != before_row) co_return std::string("FETCH 0");
    auto rows = co_await context.fetch_cursor(fetch_.cursor, int64_t{1}, true);
    if (!rows) co_return rows.error();
    co_return "FETCH " + std::to_string(rows.value());
  }

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
