#pragma once
// SET, RESET, SHOW and SET TRANSACTION: the session's client settings (GUCs).

#include <memory>

#include "protocols/pgwire/command_context.hpp"
#include "protocols/pgwire/commands/pg_command.hpp"

namespace duckwire::pgwire::commands {

std::unique_ptr<Command> make_set(SetCommand set);
std::unique_ptr<Command> make_reset(ResetCommand reset);
std::unique_ptr<Command> make_show(ShowCommand show);
std::unique_ptr<Command> make_set_config(SetConfigCommand set_config);
std::unique_ptr<Command> make_set_transaction(SetTransactionCommand set);

}  // namespace duckwire::pgwire::commands
