#include "protocols/pgwire/commands/setting_effects.hpp"
#include "protocols/pgwire/coroutine_warnings.hpp"

#include <chrono>

#include "protocols/pgwire/catalog/sql_text.hpp"
#include "protocols/pgwire/commands/duckdb_names.hpp"

namespace duckwire::pgwire::commands {

namespace asio = boost::asio;

asio::awaitable<Result<void>> apply_setting(CommandContext& context, const SettingChange& change) {
  if (change.name == "TimeZone") {
    // DuckDB knows the IANA names; PostgreSQL's POSIX offsets ("+05:30") only shape timestamptz text.
    const bool named_zone = change.value.find_first_of("0123456789") == std::string::npos ||
                            change.value.find('/') != std::string::npos;
    if (named_zone) {
      auto set = co_await context.execute("SET TimeZone = " + catalog::sql_literal(change.value));
      if (!set) co_return set.error();
    }
  } else if (change.name == "search_path") {
    auto schemas = co_await context.execute("SELECT DISTINCT schema_name FROM duckdb_schemas()");
    if (!schemas) co_return schemas.error();
    std::vector<std::string> existing;
    for (const auto& chunk : schemas->chunks) {
      const ArrowArray* column = chunk.array->children[0];
      const auto* offsets = static_cast<const int32_t*>(column->buffers[1]);
      const auto* data = static_cast<const char*>(column->buffers[2]);
      for (int64_t row = 0; row < column->length; ++row) {
        const int64_t at = row + column->offset;
        existing.emplace_back(data + offsets[at], offsets[at + 1] - offsets[at]);
      }
    }
    auto set = co_await context.execute("SET search_path = " +
                                        catalog::sql_literal(duckdb_search_path(change.value, existing)));
    if (!set) co_return set.error();
  } else if (change.name == "statement_timeout") {
    context.set_statement_timeout(std::chrono::milliseconds(timeout_milliseconds(change.value)));
  }
  if (change.reported) context.report_setting(change.name, change.value);
  context.settings().mark_changed();
  co_return Result<void>{};
}

}  // namespace duckwire::pgwire::commands
