#include "protocols/pgwire/commands/command_support.hpp"
#include "protocols/pgwire/coroutine_warnings.hpp"

#include "protocols/pgwire/backend_messages.hpp"
#include "protocols/pgwire/catalog/sql_text.hpp"
#include "protocols/pgwire/commands/duckdb_names.hpp"

namespace duckwire::pgwire::commands {

namespace asio = boost::asio;

Error command_error(const CommandError& error) {
  return command_error(error.sqlstate, error.message);
}

Error command_error(std::string sqlstate, std::string message) {
  return Error{ErrorKind::kInvalidInput, std::move(message), std::move(sqlstate)};
}

GucStore& settings_store(CommandContext& context) {
  GucStore& store = context.settings().store();
  if (context.transaction_status() != TransactionStatus::kIdle && !store.in_transaction()) {
    store.begin_transaction({});
  }
  return store;
}

void send_warning(CommandContext& context, const char* sqlstate, std::string message) {
  std::string out;
  append_notice_response(out, make_pg_error(sqlstate, std::move(message), "WARNING"));
  context.send(out);
}

std::vector<Column> text_columns(const std::vector<std::string>& names) {
  std::vector<Column> columns;
  for (const auto& name : names) columns.push_back(Column{name, ColumnType{TypeId::kVarchar}});
  return columns;
}

asio::awaitable<Result<int64_t>> send_text_rows(CommandContext& context,
                                                const std::vector<std::string>& names,
                                                const std::vector<std::vector<std::string>>& rows) {
  std::string sql = "SELECT * FROM (VALUES ";
  for (size_t r = 0; r < rows.size(); ++r) {
    sql += r == 0 ? "(" : ", (";
    for (size_t c = 0; c < rows[r].size(); ++c)
      sql += (c == 0 ? "" : ", ") + catalog::sql_literal(rows[r][c]) + "::VARCHAR";
    sql += ")";
  }
  sql += ") AS t(";
  for (size_t c = 0; c < names.size(); ++c) sql += (c == 0 ? "" : ", ") + quoted_identifier(names[c]);
  sql += ")";
  auto outcome = co_await context.execute(sql);
  if (!outcome) co_return outcome.error();
  int64_t sent = 0;
  for (const auto& chunk : outcome->chunks) {
    if (auto rows_sent = context.send_rows(outcome->schema(), chunk); !rows_sent) co_return rows_sent.error();
    sent += chunk.rows();
  }
  co_return sent;
}

}  // namespace duckwire::pgwire::commands
