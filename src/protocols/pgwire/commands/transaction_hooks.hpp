#pragma once
// What the front door's statements leave for the end of a transaction block: SET LOCAL values end,
// a rolled-back transaction takes its SETs back, and NOTIFYs sent inside it are delivered at COMMIT
// (dropped at ROLLBACK), as in PostgreSQL. The session calls this as a block ends; the settings store
// notices a block's start at the first command inside it (command_support.hpp).

#include <boost/asio/awaitable.hpp>

#include "protocols/pgwire/command_context.hpp"

namespace duckwire::pgwire::commands {

boost::asio::awaitable<void> transaction_ended(CommandContext& context, bool committed);

}  // namespace duckwire::pgwire::commands
