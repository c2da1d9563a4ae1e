#pragma once
// DISCARD, DEALLOCATE and LISTEN / UNLISTEN / NOTIFY: a session's housekeeping and its channels on the
// server's pub/sub hub.

#include <memory>

#include "protocols/pgwire/command_context.hpp"
#include "protocols/pgwire/commands/pg_command.hpp"

namespace duckwire::pgwire::commands {

std::unique_ptr<Command> make_discard(DiscardCommand discard);
std::unique_ptr<Command> make_deallocate(DeallocateCommand deallocate);
std::unique_ptr<Command> make_listen(ListenCommand listen);
std::unique_ptr<Command> make_unlisten(UnlistenCommand unlisten);
std::unique_ptr<Command> make_notify(NotifyCommand notify);

}  // namespace duckwire::pgwire::commands
