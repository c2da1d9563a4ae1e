#include "protocols/pgwire/commands/transaction_commands.hpp"
#include "protocols/pgwire/coroutine_warnings.hpp"

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

class SavepointStatement final : public Command {
 public:
  explicit SavepointStatement(SavepointCommand savepoint) : savepoint_(std::move(savepoint)) {}

  asio::awaitable<Result<std::string>> execute(CommandContext& context) override {
    using Action = SavepointCommand::Action;
    const std::string what = savepoint_.action == Action::kDefine    ? "SAVEPOINT"
                             : savepoint_.action == Action::kRelease ? "RELEASE SAVEPOINT"
                                                                     : "ROLLBACK TO SAVEPOINT";
    if (context.transaction_status() == TransactionStatus::kIdle) {
      co_return command_error(sqlstate::kNoActiveTransaction,
                              what + " can only be used in transaction blocks");
    }
    co_return command_error(sqlstate::kFeatureNotSupported,
                            what + " is not supported: DuckDB transactions have no savepoints");
  }

 private:
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
