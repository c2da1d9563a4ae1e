#include "protocols/pgwire/commands/transaction_hooks.hpp"
#include "protocols/pgwire/coroutine_warnings.hpp"

#include "protocols/pgwire/commands/setting_effects.hpp"

namespace duckwire::pgwire::commands {

boost::asio::awaitable<void> transaction_ended(CommandContext& context, bool committed) {
  auto& settings = context.settings();
  settings.savepoints().clear();
  for (const auto& notification : settings.take_notifications()) {
    if (committed) context.notify(notification.first, notification.second);
  }
  for (const auto& change : settings.store().end_transaction(committed)) {
    // The transaction is over: a setting DuckDB refuses now stays as the client last saw it.
    (void)co_await apply_setting(context, change);
  }
}

}  // namespace duckwire::pgwire::commands
