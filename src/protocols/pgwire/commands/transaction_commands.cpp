#include "protocols/pgwire/commands/transaction_commands.hpp"
#include "protocols/pgwire/coroutine_warnings.hpp"

#include <algorithm>
#include <iterator>

#include "protocols/pgwire/commands/command_support.hpp"
#include "protocols/pgwire/pg_error.hpp"

namespace duckwire::pgwire::commands {

namespace asio = boost::asio;

namespace {

// DuckDB runs every transaction under snapshot isolation, which is at least as strong as each level a
// client asks for (serializable is DuckDB's conflict checking on writes): every level is accepted.
class BeginStatement final : public Command {
 public:
  explicit BeginStatement(BeginCommand begin) : begin_(std::move(begin)) {}

  asio::awaitable<Result<std::string>> execute(CommandContext& context) override {
    const std::string tag = begin_.start_transaction ? "START TRANSACTION" : "BEGIN";
    if (context.transaction_status() != TransactionStatus::kIdle) {
      send_warning(context, sqlstate::kActiveTransaction, "there is already a transaction in progress");
      co_return tag;
    }
    auto& store = settings_store(context);
    const bool read_only =
        begin_.modes.read_only.value_or(store.value("default_transaction_read_only") == "on");
    auto begun = co_await context.execute(read_only ? "BEGIN TRANSACTION READ ONLY" : "BEGIN TRANSACTION");
    if (!begun) co_return begun.error();
    store.begin_transaction(begin_.modes);
    co_return tag;
  }

 private:
  BeginCommand begin_;
};

// DuckDB transactions have no savepoints. SAVEPOINT and RELEASE keep PostgreSQL's names and errors
// (nested ORM blocks that succeed use only these); ROLLBACK TO, which would undo part of a
// transaction, is refused and leaves the block failed, so nothing the client meant to undo commits.
class SavepointStatement final : public Command {
 public:
  explicit SavepointStatement(SavepointCommand savepoint) : savepoint_(std::move(savepoint)) {}

  asio::awaitable<Result<std::string>> execute(CommandContext& context) override {
    using Action = SavepointCommand::Action;
    if (context.transaction_status() == TransactionStatus::kIdle) {
      co_return command_error(sqlstate::kNoActiveTransaction, verb() + " can only be used in transaction blocks");
    }
    auto& savepoints = context.settings().savepoints();
    if (savepoint_.action == Action::kDefine) {
      savepoints.push_back(savepoint_.name);
      co_return std::string("SAVEPOINT");
    }
    const auto found = std::find(savepoints.rbegin(), savepoints.rend(), savepoint_.name);
    if (found == savepoints.rend()) {
      co_return command_error(sqlstate::kInvalidSavepoint, "savepoint \"" + savepoint_.name + "\" does not exist");
    }
    if (savepoint_.action == Action::kRollbackTo) {
      co_return command_error(sqlstate::kFeatureNotSupported,
                              "ROLLBACK TO SAVEPOINT is not supported: DuckDB transactions have no savepoints, "
                              "so the transaction can only be rolled back whole");
    }
    savepoints.erase(std::prev(found.base()), savepoints.end());
    co_return std::string("RELEASE");
  }

  // ROLLBACK TO is how a client leaves a failed block to its savepoint: it gets the real reason.
  bool refused_in_failed_transaction() const override {
    return savepoint_.action != SavepointCommand::Action::kRollbackTo;
  }

 private:
  std::string verb() const {
    using Action = SavepointCommand::Action;
    return savepoint_.action == Action::kDefine    ? "SAVEPOINT"
           : savepoint_.action == Action::kRelease ? "RELEASE SAVEPOINT"
                                                   : "ROLLBACK TO SAVEPOINT";
  }

  SavepointCommand savepoint_;
};

}  // namespace

std::unique_ptr<Command> make_begin(BeginCommand begin) {
  return std::make_unique<BeginStatement>(std::move(begin));
}
std::unique_ptr<Command> make_savepoint(SavepointCommand savepoint) {
  return std::make_unique<SavepointStatement>(std::move(savepoint));
}

}  // namespace duckwire::pgwire::commands
