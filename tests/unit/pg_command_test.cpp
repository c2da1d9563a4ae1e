#include "protocols/pgwire/commands/pg_command.hpp"

#include <gtest/gtest.h>

namespace duckwire::pgwire::commands {
namespace {

ParsedCommand command_of(std::string_view sql) {
  auto classified = classify(sql);
  EXPECT_TRUE(classified.has_value()) << sql;
  if (!classified) return {};
  if (auto* error = std::get_if<CommandError>(&*classified)) {
    ADD_FAILURE() << sql << ": " << error->message;
    return {};
  }
  return std::get<ParsedCommand>(*classified);
}

CommandError error_of(std::string_view sql) {
  auto classified = classify(sql);
  EXPECT_TRUE(classified.has_value()) << sql;
  if (!classified || !std::holds_alternative<CommandError>(*classified)) {
    ADD_FAILURE() << sql << " was not refused";
    return {};
  }
  return std::get<CommandError>(*classified);
}

TEST(PgCommandTest, LeavesOrdinaryStatementsToDuckDB) {
  EXPECT_FALSE(classify("SELECT 1"));
  EXPECT_FALSE(classify("INSERT INTO t VALUES (1)"));
  EXPECT_FALSE(classify("SET threads = 4"));  // a DuckDB setting, not a client GUC
  EXPECT_FALSE(classify("SHOW TABLES"));
  EXPECT_FALSE(classify("COPY t TO 'file.csv'"));
  EXPECT_FALSE(classify("COPY t FROM 'file.csv' (FORMAT csv)"));
  EXPECT_FALSE(classify("COMMIT PREPARED 'x'"));
  EXPECT_FALSE(classify(""));
}

TEST(PgCommandTest, SetForms) {
  EXPECT_EQ(command_of("SET extra_float_digits = 3"),
            ParsedCommand(SetCommand{false, "extra_float_digits", {"3"}, {false}}));
  EXPECT_EQ(command_of("SET application_name = 'pgjdbc'"),
            ParsedCommand(SetCommand{false, "application_name", {"pgjdbc"}, {true}}));
  EXPECT_EQ(command_of("set SESSION statement_timeout TO '5s';"),
            ParsedCommand(SetCommand{false, "statement_timeout", {"5s"}, {true}}));
  EXPECT_EQ(command_of("SET LOCAL search_path = public, \"Sales\""),
            ParsedCommand(SetCommand{true, "search_path", {"public", "Sales"}, {false, true}}));
  EXPECT_EQ(command_of("SET TimeZone TO DEFAULT"), ParsedCommand(SetCommand{false, "timezone", {}, {}}));
  EXPECT_EQ(command_of("SET TIME ZONE 'Europe/Paris'"),
            ParsedCommand(SetCommand{false, "timezone", {"Europe/Paris"}, {true}}));
  EXPECT_EQ(command_of("SET TIME ZONE LOCAL"), ParsedCommand(SetCommand{false, "timezone", {}, {}}));
  EXPECT_EQ(command_of("SET NAMES 'UTF8'"),
            ParsedCommand(SetCommand{false, "client_encoding", {"UTF8"}, {true}}));
  EXPECT_EQ(command_of("SET SCHEMA 'sales'"),
            ParsedCommand(SetCommand{false, "search_path", {"sales"}, {true}}));
  EXPECT_EQ(command_of("SET lock_timeout = -1"),
            ParsedCommand(SetCommand{false, "lock_timeout", {"-1"}, {false}}));
  EXPECT_EQ(command_of("SET myapp.user_id = 42"),
            ParsedCommand(SetCommand{false, "myapp.user_id", {"42"}, {false}}));
  EXPECT_EQ(command_of("SET application_name = E'a\\tb'"),
            ParsedCommand(SetCommand{false, "application_name", {"a\tb"}, {true}}));
  EXPECT_EQ(error_of("SET statement_timeout 5").sqlstate, "42601");
}

TEST(PgCommandTest, ResetAndShow) {
  EXPECT_EQ(command_of("RESET ALL"), ParsedCommand(ResetCommand{}));
  EXPECT_EQ(command_of("reset statement_timeout"), ParsedCommand(ResetCommand{"statement_timeout"}));
  EXPECT_EQ(command_of("RESET TIME ZONE"), ParsedCommand(ResetCommand{"timezone"}));
  EXPECT_EQ(command_of("SHOW ALL"), ParsedCommand(ShowCommand{"all"}));
  EXPECT_EQ(command_of("show transaction isolation level"),
            ParsedCommand(ShowCommand{"transaction_isolation"}));
  EXPECT_EQ(command_of("show standard_conforming_strings"),
            ParsedCommand(ShowCommand{"standard_conforming_strings"}));
  EXPECT_EQ(command_of("SHOW \"TimeZone\""), ParsedCommand(ShowCommand{"TimeZone"}));
  EXPECT_EQ(command_of("SHOW a.b"), ParsedCommand(ShowCommand{"a.b"}));
}

TEST(PgCommandTest, TransactionForms) {
  EXPECT_FALSE(classify("BEGIN"));  // plain transaction statements are the session's
  EXPECT_FALSE(classify("begin;"));
  EXPECT_FALSE(classify("START TRANSACTION"));
  EXPECT_FALSE(classify("END;"));
  EXPECT_FALSE(classify("COMMIT AND NO CHAIN"));
  EXPECT_FALSE(classify("rollback"));
  EXPECT_EQ(command_of("begin isolation level serializable"),
            ParsedCommand(BeginCommand{{IsolationLevel::kSerializable, std::nullopt, std::nullopt}, false}));
  EXPECT_EQ(command_of("START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY, NOT DEFERRABLE"),
            ParsedCommand(BeginCommand{{IsolationLevel::kRepeatableRead, true, false}, true}));
  EXPECT_EQ(command_of("BEGIN WORK READ WRITE"),
            ParsedCommand(BeginCommand{{std::nullopt, false, std::nullopt}, false}));
  EXPECT_EQ(command_of("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE"),
            ParsedCommand(
                SetTransactionCommand{true, {IsolationLevel::kSerializable, std::nullopt, std::nullopt}}));
  EXPECT_EQ(command_of("SET TRANSACTION READ ONLY"),
            ParsedCommand(SetTransactionCommand{false, {std::nullopt, true, std::nullopt}}));
  EXPECT_EQ(error_of("BEGIN ISOLATION LEVEL CHAOS").sqlstate, "42601");
}

TEST(PgCommandTest, Savepoints) {
  using Action = SavepointCommand::Action;
  EXPECT_EQ(command_of("SAVEPOINT sp1"), ParsedCommand(SavepointCommand{Action::kDefine, "sp1"}));
  EXPECT_EQ(command_of("RELEASE \"_pg3_2\""), ParsedCommand(SavepointCommand{Action::kRelease, "_pg3_2"}));
  EXPECT_EQ(command_of("RELEASE SAVEPOINT a"), ParsedCommand(SavepointCommand{Action::kRelease, "a"}));
  EXPECT_EQ(command_of("ROLLBACK TO SAVEPOINT JDBC_SAVEPOINT_0"),
            ParsedCommand(SavepointCommand{Action::kRollbackTo, "jdbc_savepoint_0"}));
  EXPECT_EQ(command_of("ROLLBACK TO __asyncpg_savepoint_12__;"),
            ParsedCommand(SavepointCommand{Action::kRollbackTo, "__asyncpg_savepoint_12__"}));
}

TEST(PgCommandTest, SessionHousekeeping) {
  EXPECT_EQ(command_of("DISCARD ALL"), ParsedCommand(DiscardCommand{DiscardCommand::Target::kAll}));
  EXPECT_EQ(command_of("discard temporary"), ParsedCommand(DiscardCommand{DiscardCommand::Target::kTemp}));
  EXPECT_EQ(command_of("DEALLOCATE ALL"), ParsedCommand(DeallocateCommand{}));
  EXPECT_EQ(command_of("DEALLOCATE PREPARE \"S_1\""), ParsedCommand(DeallocateCommand{"S_1"}));
  EXPECT_EQ(error_of("DISCARD everything").sqlstate, "42601");
}

TEST(PgCommandTest, ListenNotify) {
  EXPECT_EQ(command_of("LISTEN Events"), ParsedCommand(ListenCommand{"events"}));
  EXPECT_EQ(command_of("LISTEN \"Events\""), ParsedCommand(ListenCommand{"Events"}));
  EXPECT_EQ(command_of("UNLISTEN *;"), ParsedCommand(UnlistenCommand{}));
  EXPECT_EQ(command_of("UNLISTEN ch"), ParsedCommand(UnlistenCommand{"ch"}));
  EXPECT_EQ(command_of("NOTIFY ch"), ParsedCommand(NotifyCommand{"ch", ""}));
  EXPECT_EQ(command_of("NOTIFY ch, 'it''s here'"), ParsedCommand(NotifyCommand{"ch", "it's here"}));
  EXPECT_EQ(error_of("NOTIFY ch, 42").sqlstate, "42601");
}

TEST(PgCommandTest, Cursors) {
  EXPECT_EQ(command_of("DECLARE \"hold_cur\" CURSOR WITH HOLD FOR SELECT id FROM customers ORDER BY id"),
            ParsedCommand(DeclareCursorCommand{"hold_cur", false, false, true,
                                               "SELECT id FROM customers ORDER BY id"}));
  EXPECT_EQ(command_of("DECLARE c BINARY NO SCROLL CURSOR WITHOUT HOLD FOR select 1"),
            ParsedCommand(DeclareCursorCommand{"c", true, false, false, "select 1"}));
  EXPECT_EQ(command_of("DECLARE \"s\" SCROLL CURSOR FOR SELECT $1"),
            ParsedCommand(DeclareCursorCommand{"s", false, true, false, "SELECT $1"}));
  using Direction = FetchCommand::Direction;
  EXPECT_EQ(command_of("FETCH FORWARD 2 FROM \"orders_cur\""),
            ParsedCommand(FetchCommand{Direction::kForward, false, false, 2, "orders_cur"}));
  EXPECT_EQ(command_of("FETCH c"), ParsedCommand(FetchCommand{Direction::kForward, false, false, 1, "c"}));
  EXPECT_EQ(command_of("fetch next in c"),
            ParsedCommand(FetchCommand{Direction::kForward, false, false, 1, "c"}));
  EXPECT_EQ(command_of("FETCH ALL FROM c"),
            ParsedCommand(FetchCommand{Direction::kForward, false, true, 1, "c"}));
  EXPECT_EQ(command_of("FETCH FORWARD ALL FROM c"),
            ParsedCommand(FetchCommand{Direction::kForward, false, true, 1, "c"}));
  EXPECT_EQ(command_of("FETCH 10 c"),
            ParsedCommand(FetchCommand{Direction::kForward, false, false, 10, "c"}));
  EXPECT_EQ(command_of("FETCH PRIOR FROM c"),
            ParsedCommand(FetchCommand{Direction::kBackward, false, false, 1, "c"}));
  EXPECT_EQ(command_of("MOVE FORWARD 5 __asyncpg_portal_17__"),
            ParsedCommand(FetchCommand{Direction::kForward, true, false, 5, "__asyncpg_portal_17__"}));
  EXPECT_EQ(command_of("MOVE ABSOLUTE 0 FROM \"scroll_cur\""),
            ParsedCommand(FetchCommand{Direction::kAbsolute, true, false, 0, "scroll_cur"}));
  EXPECT_EQ(command_of("FETCH LAST FROM c"),
            ParsedCommand(FetchCommand{Direction::kAbsolute, false, false, -1, "c"}));
  EXPECT_EQ(command_of("CLOSE \"orders_cur\""), ParsedCommand(CloseCommand{"orders_cur"}));
  EXPECT_EQ(command_of("CLOSE ALL;"), ParsedCommand(CloseCommand{}));
  EXPECT_EQ(error_of("DECLARE c CURSOR").sqlstate, "42601");
}

CopyCommand copy_of(std::string_view sql) {
  auto command = command_of(sql);
  if (!std::holds_alternative<CopyCommand>(command)) return {};
  return std::get<CopyCommand>(command);
}

TEST(PgCommandTest, CopyTargetsAndDefaults) {
  auto copy = copy_of("COPY \"sales\".\"order_items\" FROM STDIN (FORMAT binary)");
  EXPECT_TRUE(copy.from_stdin);
  EXPECT_EQ(copy.table, (std::vector<std::string>{"sales", "order_items"}));
  EXPECT_EQ(copy.options.format, CopyFormat::kBinary);

  copy = copy_of("COPY orders (id, customer_id, status, total) TO STDOUT");
  EXPECT_FALSE(copy.from_stdin);
  EXPECT_EQ(copy.columns, (std::vector<std::string>{"id", "customer_id", "status", "total"}));
  EXPECT_EQ(copy.options.delimiter, '\t');
  EXPECT_EQ(copy.options.null, "\\N");
  EXPECT_FALSE(copy.options.quote);

  copy = copy_of("COPY  ( SELECT id, email FROM customers ORDER BY id ) TO STDOUT ");
  EXPECT_TRUE(copy.table.empty());
  EXPECT_EQ(copy.query, " SELECT id, email FROM customers ORDER BY id ");

  copy =
      copy_of("COPY (SELECT id, email FROM customers WHERE id > '0') TO STDOUT (FORMAT 'csv', HEADER True)");
  EXPECT_EQ(copy.options.format, CopyFormat::kCsv);
  EXPECT_TRUE(copy.options.header);
  EXPECT_EQ(copy.options.delimiter, ',');
  EXPECT_EQ(copy.options.null, "");
  EXPECT_EQ(copy.options.quote, '"');
  EXPECT_EQ(copy.options.escape, '"');
}

TEST(PgCommandTest, CopyOldSyntax) {
  auto copy = copy_of("COPY orders (id, customer_id, status, total) TO STDOUT WITH CSV HEADER");
  EXPECT_EQ(copy.options.format, CopyFormat::kCsv);
  EXPECT_TRUE(copy.options.header);
  copy =
      copy_of("COPY \"products\"(\"id\",\"sku\",\"price\") TO stdout WITH DELIMITER AS '\t' NULL AS '\\N'");
  EXPECT_EQ(copy.options.delimiter, '\t');
  EXPECT_EQ(copy.options.null, "\\N");
  copy = copy_of("copy pgbench_accounts from stdin with (freeze on)");
  EXPECT_EQ(copy.table, (std::vector<std::string>{"pgbench_accounts"}));
  EXPECT_EQ(copy.options.format, CopyFormat::kText);
  copy = copy_of("COPY t TO STDOUT CSV QUOTE AS '''' FORCE QUOTE *");
  EXPECT_EQ(copy.options.quote, '\'');
  EXPECT_EQ(copy.options.escape, '\'');
  EXPECT_TRUE(copy.options.force_quote_all);
  copy = copy_of("COPY t FROM STDIN CSV FORCE NOT NULL a, b ENCODING 'utf8'");
  EXPECT_EQ(copy.force_not_null, (std::vector<std::string>{"a", "b"}));
  copy = copy_of("COPY BINARY t TO STDOUT");
  EXPECT_EQ(copy.options.format, CopyFormat::kBinary);
  EXPECT_FALSE(copy.options.delimiter);
  EXPECT_FALSE(copy.options.null);
  EXPECT_FALSE(copy.options.header);
}

TEST(PgCommandTest, CopyRefusals) {
  EXPECT_EQ(error_of("copy t to stdout (format xml)").message, "COPY format \"xml\" not recognized");
  EXPECT_EQ(error_of("copy t to stdout (format xml)").sqlstate, "22023");
  EXPECT_EQ(error_of("copy t to stdout (delimiter 'ab')").sqlstate, "0A000");
  EXPECT_EQ(error_of("copy t to stdout (bogus 1)").message, "option \"bogus\" not recognized");
  EXPECT_EQ(error_of("copy t to stdout (format binary, header)").message,
            "cannot specify HEADER in BINARY mode");
  EXPECT_EQ(error_of("copy t to stdout (format text, quote '\"')").message,
            "COPY quote available only in CSV mode");
  EXPECT_EQ(error_of("copy t to stdout (delimiter ',', delimiter ';')").message,
            "conflicting or redundant options");
  EXPECT_EQ(error_of("copy t from stdin (format csv, force_quote (a))").message,
            "COPY force quote only available using COPY TO");
  EXPECT_EQ(error_of("copy t to stdout (format csv, delimiter '\"')").message,
            "COPY delimiter and quote must be different");
  EXPECT_EQ(error_of("copy t to stdout (format csv, header match)").sqlstate, "0A000");
  EXPECT_EQ(error_of("copy t from stdin (encoding 'latin1')").sqlstate, "0A000");
  EXPECT_EQ(error_of("copy (select 1) from stdin").sqlstate, "42601");
  EXPECT_EQ(error_of("copy t to stdout garbage").sqlstate, "42601");
}

}  // namespace
}  // namespace duckwire::pgwire::commands
