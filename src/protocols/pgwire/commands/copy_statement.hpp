#pragma once
// Reads COPY statements: the claimed forms are those with STDIN or STDOUT; COPY with a file is DuckDB's.

#include <optional>

#include "protocols/pgwire/commands/pg_command.hpp"
#include "protocols/pgwire/commands/token_reader.hpp"

namespace duckwire::pgwire::commands {

// `tokens` is positioned after the COPY keyword.
std::optional<Classified> parse_copy_statement(TokenReader& tokens);

}  // namespace duckwire::pgwire::commands
