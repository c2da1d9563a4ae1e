#pragma once
// What a changed client setting means beyond its value: DuckDB's TimeZone and search_path follow the
// session's, statement_timeout becomes the session's timeout, and reported settings reach the client
// as ParameterStatus.

#include <boost/asio/awaitable.hpp>

#include <string>
#include <string_view>

#include "protocols/pgwire/command_context.hpp"
#include "protocols/pgwire/commands/guc_store.hpp"

namespace duckwire::pgwire::commands {

boost::asio::awaitable<Result<void>> apply_setting(CommandContext& context, const SettingChange& change);

}  // namespace duckwire::pgwire::commands
