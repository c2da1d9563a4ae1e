#include "protocols/pgwire/commands/setting_commands.hpp"
#include "protocols/pgwire/coroutine_warnings.hpp"

#include "protocols/pgwire/commands/command_support.hpp"
#include "protocols/pgwire/commands/guc_store.hpp"
#include "protocols/pgwire/commands/setting_effects.hpp"
#include "protocols/pgwire/pg_error.hpp"

namespace duckwire::pgwire::commands {

namespace asio = boost::asio;

namespace {

asio::awaitable<Result<std::string>> applied(CommandContext& context, const SetOutcome& outcome) {
  if (auto* error = std::get_if<CommandError>(&outcome)) co_return command_error(*error);
  if (auto done = co_await apply_setting(context, std::get<SettingChange>(outcome)); !done)
    co_return done.error();
  co_return std::string("SET");
}

class SetStatement final : public Command {
 public:
  explicit SetStatement(SetCommand set) : set_(std::move(set)) {}

  asio::awaitable<Result<std::string>> execute(CommandContext& context) override {
    if (set_.local && context.transaction_status() == TransactionStatus::kIdle) {
      send_warning(context, sqlstate::kNoActiveTransaction,
                   "SET LOCAL can only be used in transaction blocks");
      co_return std::string("SET");
    }
    co_return co_await applied(context, settings_store(context).set(set_));
  }

 private:
  SetCommand set_;
};

class ResetStatement final : public Command {
 public:
  explicit ResetStatement(ResetCommand reset) : reset_(std::move(reset)) {}

  asio::awaitable<Result<std::string>> execute(CommandContext& context) override {
    auto& store = settings_store(context);
    if (!reset_.name.empty()) {
      auto done = co_await applied(context, store.reset(reset_.name));
      if (!done) co_return done.error();
      co_return std::string("RESET");
    }
    for (const auto& change : store.reset_all()) {
      if (auto done = co_await apply_setting(context, change); !done) co_return done.error();
    }
    co_return std::string("RESET");
  }

 private:
  ResetCommand reset_;
};

class ShowStatement final : public Command {
 public:
  explicit ShowStatement(ShowCommand show) : show_(std::move(show)) {}

  asio::awaitable<Result<std::optional<std::vector<Column>>>> describe(CommandContext&) override {
    co_return std::optional<std::vector<Column>>(text_columns(column_names()));
  }

  asio::awaitable<Result<std::string>> execute(CommandContext& context) override {
    const auto& store = settings_store(context);
    std::vector<std::vector<std::string>> rows;
    if (show_.name == "all") {
      for (const auto& setting : store.all()) {
        const auto* definition = find_guc(setting.first);
        rows.push_back({setting.first, setting.second,
                        definition != nullptr ? std::string(definition->description) : std::string()});
      }
    } else {
      auto value = store.value(show_.name);
      if (!value)
        co_return command_error("42704", "unrecognized configuration parameter \"" + show_.name + "\"");
      rows.push_back({*value});
    }
    auto sent = co_await send_text_rows(context, column_names(), rows);
    if (!sent) co_return sent.error();
    co_return std::string("SHOW");
  }

 private:
  // PostgreSQL names the column after the setting as it spells it ("TimeZone").
  std::vector<std::string> column_names() const {
    if (show_.name == "all") return {"name", "setting", "description"};
    const auto* definition = find_guc(show_.name);
    return {definition != nullptr ? std::string(definition->name) : show_.name};
  }

  ShowCommand show_;
};

class SetConfigStatement final : public Command {
 public:
  explicit SetConfigStatement(SetConfigCommand set_config) : set_(std::move(set_config.set)) {}

  asio::awaitable<Result<std::optional<std::vector<Column>>>> describe(CommandContext&) override {
    co_return std::optional<std::vector<Column>>(text_columns(std::vector<std::string>{"set_config"}));
  }

  // Outside a transaction block a local value would end with the statement's own transaction: the
  // setting stays as it was, as in PostgreSQL.
  asio::awaitable<Result<std::string>> execute(CommandContext& context) override {
    auto& store = settings_store(context);
    if (!(set_.local && context.transaction_status() == TransactionStatus::kIdle)) {
      auto done = co_await applied(context, store.set(set_));
      if (!done) co_return done.error();
    }
    std::string value = store.value(set_.name).value_or("");
    if (set_.local && context.transaction_status() == TransactionStatus::kIdle && !set_.values.empty())
      value = set_.values.front();
    const std::vector<std::string> columns{"set_config"};
    const std::vector<std::vector<std::string>> rows{{value}};
    auto sent = co_await send_text_rows(context, columns, rows);
    if (!sent) co_return sent.error();
    co_return std::string("SELECT 1");
  }

 private:
  SetCommand set_;
};

SetCommand default_setting(const std::string& name, const std::string& value) {
  SetCommand set;
  set.name = name;
  set.values.push_back(value);
  set.quoted.push_back(true);
  return set;
}

class SetTransactionStatement final : public Command {
 public:
  explicit SetTransactionStatement(SetTransactionCommand set) : set_(std::move(set)) {}

  asio::awaitable<Result<std::string>> execute(CommandContext& context) override {
    auto& store = settings_store(context);
    const auto& modes = set_.modes;
    if (set_.session_characteristics) {
      std::vector<std::pair<std::string, std::string>> defaults;
      const auto on_off = [](bool on) { return std::string(on ? "on" : "off"); };
      if (modes.isolation) {
        defaults.emplace_back("default_transaction_isolation",
                              std::string(isolation_level_name(*modes.isolation)));
      }
      if (modes.read_only) defaults.emplace_back("default_transaction_read_only", on_off(*modes.read_only));
      if (modes.deferrable)
        defaults.emplace_back("default_transaction_deferrable", on_off(*modes.deferrable));
      for (const auto& setting : defaults) {
        const SetOutcome outcome = store.set(default_setting(setting.first, setting.second));
        auto done = co_await applied(context, outcome);
        if (!done) co_return done.error();
      }
      co_return std::string("SET");
    }
    if (context.transaction_status() == TransactionStatus::kIdle) {
      send_warning(context, sqlstate::kNoActiveTransaction,
                   "SET TRANSACTION can only be used in transaction blocks");
      co_return std::string("SET");
    }
    store.set_transaction_modes(modes);
    co_return std::string("SET");
  }

 private:
  SetTransactionCommand set_;
};

}  // namespace

std::unique_ptr<Command> make_set(SetCommand set) {
  return std::make_unique<SetStatement>(std::move(set));
}
std::unique_ptr<Command> make_reset(ResetCommand reset) {
  return std::make_unique<ResetStatement>(std::move(reset));
}
std::unique_ptr<Command> make_set_config(SetConfigCommand set_config) {
  return std::make_unique<SetConfigStatement>(std::move(set_config));
}
std::unique_ptr<Command> make_show(ShowCommand show) {
  return std::make_unique<ShowStatement>(std::move(show));
}
std::unique_ptr<Command> make_set_transaction(SetTransactionCommand set) {
  return std::make_unique<SetTransactionStatement>(std::move(set));
}

}  // namespace duckwire::pgwire::commands
