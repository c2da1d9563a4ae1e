#pragma once
// SQL cursors: DECLARE, FETCH, MOVE and CLOSE over the session's portals.

#include <memory>

#include "protocols/pgwire/command_context.hpp"
#include "protocols/pgwire/commands/pg_command.hpp"

namespace duckwire::pgwire::commands {

std::unique_ptr<Command> make_declare(DeclareCursorCommand declare);
std::unique_ptr<Command> make_fetch(FetchCommand fetch);
std::unique_ptr<Command> make_close(CloseCommand close);

}  // namespace duckwire::pgwire::commands
