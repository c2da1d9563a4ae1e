#include "protocols/pgwire/commands/session_commands.hpp"
#include "protocols/pgwire/coroutine_warnings.hpp"

#include "protocols/pgwire/commands/command_support.hpp"
#include "protocols/pgwire/commands/duckdb_names.hpp"
#include "protocols/pgwire/commands/setting_effects.hpp"
#include "protocols/pgwire/pg_error.hpp"

namespace duckwire::pgwire::commands {

namespace asio = boost::asio;

namespace {

// PostgreSQL's bound on a NOTIFY payload.
constexpr size_t kMaxPayloadBytes = 7999;

// Drops the session's temporary tables and views, as DISCARD TEMP does.
asio::awaitable<Result<void>> drop_temporary_objects(CommandContext& context) {
  auto found = co_await context.execute(
      "SELECT 'TABLE', table_name FROM duckdb_tables() WHERE temporary UNION ALL "
      "SELECT 'VIEW', view_name FROM duckdb_views() WHERE temporary AND NOT internal");
  if (!found) co_return found.error();
  std::vector<std::string> drops;
  for (const auto& chunk : found->chunks) {
    for (int64_t row = 0; row < chunk.rows(); ++row) {
      std::string cells[2];
      for (int column = 0; column < 2; ++column) {
        const ArrowArray* array = chunk.array->children[column];
        const auto* offsets = static_cast<const int32_t*>(array->buffers[1]);
        const auto* data = static_cast<const char*>(array->buffers[2]);
        const int64_t at = row + array->offset;
        cells[column].assign(data + offsets[at], offsets[at + 1] - offsets[at]);
      }
      drops.push_back("DROP " + cells[0] + " IF EXISTS temp.main." + quoted_identifier(cells[1]));
    }
  }
  for (const auto& drop : drops) {
    if (auto dropped = co_await context.execute(drop); !dropped) co_return dropped.error();
  }
  co_return Result<void>{};
}

class DiscardStatement final : public Command {
 public:
  explicit DiscardStatement(DiscardCommand discard) : discard_(discard) {}

  asio::awaitable<Result<std::string>> execute(CommandContext& context) override {
    using Target = DiscardCommand::Target;
    switch (discard_.target) {
      case Target::kPlans:
        co_return std::string("DISCARD PLANS");  // DuckDB plans each execution afresh
      case Target::kSequences:
        co_return std::string("DISCARD SEQUENCES");  // no per-session sequence caches in DuckDB
      case Target::kTemp: {
        if (auto dropped = co_await drop_temporary_objects(context); !dropped) co_return dropped.error();
        co_return std::string("DISCARD TEMP");
      }
      case Target::kAll:
        break;
    }
    if (context.transaction_status() != TransactionStatus::kIdle) {
      co_return command_error(sqlstate::kActiveTransaction,
                              "DISCARD ALL cannot run inside a transaction block");
    }
    context.close_all_cursors();
    context.deallocate_all();
    context.unlisten_all();
    for (const auto& change : settings_store(context).reset_all()) {
      if (auto done = co_await apply_setting(context, change); !done) co_return done.error();
    }
    if (auto dropped = co_await drop_temporary_objects(context); !dropped) co_return dropped.error();
    co_return std::string("DISCARD ALL");
  }

 private:
  DiscardCommand discard_;
};

class DeallocateStatement final : public Command {
 public:
  explicit DeallocateStatement(DeallocateCommand deallocate) : deallocate_(std::move(deallocate)) {}

  asio::awaitable<Result<std::string>> execute(CommandContext& context) override {
    if (deallocate_.name.empty()) {
      context.deallocate_all();
      co_return std::string("DEALLOCATE ALL");
    }
    if (!context.deallocate(deallocate_.name)) {
      co_return command_error(sqlstate::kInvalidStatementName,
                              "prepared statement \"" + deallocate_.name + "\" does not exist");
    }
    co_return std::string("DEALLOCATE");
  }

 private:
  DeallocateCommand deallocate_;
};

class ListenStatement final : public Command {
 public:
  explicit ListenStatement(ListenCommand listen) : listen_(std::move(listen)) {}
  asio::awaitable<Result<std::string>> execute(CommandContext& context) override {
    context.listen(listen_.channel);
    co_return std::string("LISTEN");
  }

 private:
  ListenCommand listen_;
};

class UnlistenStatement final : public Command {
 public:
  explicit UnlistenStatement(UnlistenCommand unlisten) : unlisten_(std::move(unlisten)) {}
  asio::awaitable<Result<std::string>> execute(CommandContext& context) override {
    if (unlisten_.channel.empty()) {
      context.unlisten_all();
    } else {
      context.unlisten(unlisten_.channel);
    }
    co_return std::string("UNLISTEN");
  }

 private:
  UnlistenCommand unlisten_;
};

// Inside a transaction block the notification waits for COMMIT (transaction_hooks.cpp), as in
// PostgreSQL; a rollback drops it.
class NotifyStatement final : public Command {
 public:
  explicit NotifyStatement(NotifyCommand notify) : notify_(std::move(notify)) {}
  asio::awaitable<Result<std::string>> execute(CommandContext& context) override {
    if (notify_.payload.size() > kMaxPayloadBytes) {
      co_return command_error(sqlstate::kInvalidParameterValue, "payload string too long");
    }
    if (context.transaction_status() == TransactionStatus::kIdle) {
      context.notify(notify_.channel, notify_.payload);
    } else {
      context.settings().queue_notification(notify_.channel, notify_.payload);
    }
    co_return std::string("NOTIFY");
  }

 private:
  NotifyCommand notify_;
};

}  // namespace

std::unique_ptr<Command> make_discard(DiscardCommand discard) {
  return std::make_unique<DiscardStatement>(discard);
}
std::unique_ptr<Command> make_deallocate(DeallocateCommand deallocate) {
  return std::make_unique<DeallocateStatement>(std::move(deallocate));
}
std::unique_ptr<Command> make_listen(ListenCommand listen) {
  return std::make_unique<ListenStatement>(std::move(listen));
}
std::unique_ptr<Command> make_unlisten(UnlistenCommand unlisten) {
  return std::make_unique<UnlistenStatement>(std::move(unlisten));
}
std::unique_ptr<Command> make_notify(NotifyCommand notify) {
  return std::make_unique<NotifyStatement>(std::move(notify));
}

}  // namespace duckwire::pgwire::commands
