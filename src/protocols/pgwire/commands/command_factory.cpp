#include "protocols/pgwire/commands/command_factory.hpp"
#include "protocols/pgwire/coroutine_warnings.hpp"

#include "protocols/pgwire/commands/command_support.hpp"
#include "protocols/pgwire/commands/copy_commands.hpp"
#include "protocols/pgwire/commands/cursor_commands.hpp"
#include "protocols/pgwire/commands/pg_command.hpp"
#include "protocols/pgwire/commands/session_commands.hpp"
#include "protocols/pgwire/commands/setting_commands.hpp"
#include "protocols/pgwire/commands/transaction_commands.hpp"

namespace duckwire::pgwire::commands {

namespace {

// A statement claimed but refused as written: it fails when run, as PostgreSQL's parser would.
class RefusedStatement final : public Command {
 public:
  explicit RefusedStatement(CommandError error) : error_(std::move(error)) {}
  boost::asio::awaitable<Result<std::string>> execute(CommandContext&) override {
    co_return command_error(error_);
  }

 private:
  CommandError error_;
};

template <class... Handlers>
struct Overloaded : Handlers... {
  using Handlers::operator()...;
};
template <class... Handlers>
Overloaded(Handlers...) -> Overloaded<Handlers...>;

std::unique_ptr<Command> make(ParsedCommand parsed) {
  return std::visit(Overloaded{
                        [](SetCommand c) { return make_set(std::move(c)); },
                        [](ResetCommand c) { return make_reset(std::move(c)); },
                        [](ShowCommand c) { return make_show(std::move(c)); },
                        [](SetConfigCommand c) { return make_set_config(std::move(c)); },
                        [](SetTransactionCommand c) { return make_set_transaction(std::move(c)); },
                        [](BeginCommand c) { return make_begin(std::move(c)); },
                        [](SavepointCommand c) { return make_savepoint(std::move(c)); },
                        [](DiscardCommand c) { return make_discard(c); },
                        [](DeallocateCommand c) { return make_deallocate(std::move(c)); },
                        [](ListenCommand c) { return make_listen(std::move(c)); },
                        [](UnlistenCommand c) { return make_unlisten(std::move(c)); },
                        [](NotifyCommand c) { return make_notify(std::move(c)); },
                        [](DeclareCursorCommand c) { return make_declare(std::move(c)); },
                        [](FetchCommand c) { return make_fetch(std::move(c)); },
                        [](CloseCommand c) { return make_close(std::move(c)); },
                        [](CopyCommand c) { return make_copy(std::move(c)); },
                    },
                    std::move(parsed));
}

}  // namespace

std::unique_ptr<Command> make_command(std::string_view statement) {
  auto classified = classify(statement);
  if (!classified) return nullptr;
  if (auto* error = std::get_if<CommandError>(&*classified))
    return std::make_unique<RefusedStatement>(std::move(*error));
  return make(std::get<ParsedCommand>(std::move(*classified)));
}

}  // namespace duckwire::pgwire::commands
