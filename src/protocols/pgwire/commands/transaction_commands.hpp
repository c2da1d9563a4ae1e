#pragma once
// BEGIN / START TRANSACTION with transaction modes, and savepoints (which DuckDB lacks). Plain BEGIN,
// COMMIT and ROLLBACK are the session's own bookkeeping (pg_query.cpp).

#include <memory>

#include "protocols/pgwire/command_context.hpp"
#include "protocols/pgwire/commands/pg_command.hpp"

namespace duckwire::pgwire::commands {

std::unique_ptr<Command> make_begin(BeginCommand begin);
std::unique_ptr<Command> make_savepoint(SavepointCommand savepoint);

}  // namespace duckwire::pgwire::commands
