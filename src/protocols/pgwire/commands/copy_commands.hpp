#pragma once
// COPY ... TO STDOUT and COPY ... FROM STDIN: rows streamed to the client as CopyData, or read from its
// CopyData messages and appended to the table in batches, all or nothing.

#include <memory>

#include "protocols/pgwire/command_context.hpp"
#include "protocols/pgwire/commands/pg_command.hpp"

namespace duckwire::pgwire::commands {

std::unique_ptr<Command> make_copy(CopyCommand copy);

}  // namespace duckwire::pgwire::commands
