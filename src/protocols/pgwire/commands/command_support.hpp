#pragma once
// What the front door's own statements share: their errors as the session reports them, warnings,
// and small text results (SHOW) built by the engine so they encode like any other result.

#include <boost/asio/awaitable.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "protocols/pgwire/command_context.hpp"
#include "protocols/pgwire/commands/guc_store.hpp"
#include "protocols/pgwire/commands/pg_command.hpp"

namespace duckwire::pgwire::commands {

// An Error carrying the command's SQLSTATE.
Error command_error(const CommandError& error);
Error command_error(std::string sqlstate, std::string message);

// The session's settings store, told of the transaction block the session is in (the store learns of
// a block's end from transaction_ended(); its start shows at the first command inside it).
GucStore& settings_store(CommandContext& context);

// Queues a WARNING NoticeResponse.
void send_warning(CommandContext& context, const char* sqlstate, std::string message);

// Text columns with these names (RowDescription of SHOW and the like).
std::vector<Column> text_columns(const std::vector<std::string>& names);

// Sends `rows` of text values as DataRows (one vector per row, one value per column); returns how many.
boost::asio::awaitable<Result<int64_t>> send_text_rows(CommandContext& context,
                                                       const std::vector<std::string>& names,
                                                       const std::vector<std::vector<std::string>>& rows);

}  // namespace duckwire::pgwire::commands
