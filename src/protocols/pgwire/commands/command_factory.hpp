#pragma once
// Where the session meets the statements the front door runs itself (contract 3 of the PostgreSQL
// team plan). The session offers every statement to make_command() first (each statement of a Query
// message after splitting, and the text of every Parse), before any rewriting; a Command it returns
// is described and executed through the session's CommandContext (../command_context.hpp). Owned by
// the commands/ work: the first version here claims nothing, so every statement runs on DuckDB.

#include <memory>
#include <string_view>

#include "protocols/pgwire/command_context.hpp"

namespace duckwire::pgwire::commands {

// The command for one statement as the client wrote it, or nullptr when DuckDB runs it.
std::unique_ptr<Command> make_command(std::string_view statement);

}  // namespace duckwire::pgwire::commands
