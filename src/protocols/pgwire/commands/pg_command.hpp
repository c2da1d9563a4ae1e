#pragma once
// The PostgreSQL-only statements the front door answers itself instead of DuckDB: settings (SET, SHOW,
// RESET), transaction forms, DISCARD, DEALLOCATE, LISTEN/UNLISTEN/NOTIFY, SQL cursors and COPY with
// STDIN/STDOUT. classify() reads one statement's tokens; everything it does not claim runs on DuckDB.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "protocols/pgwire/commands/copy_options.hpp"

namespace duckwire::pgwire::commands {

enum class IsolationLevel { kReadUncommitted, kReadCommitted, kRepeatableRead, kSerializable };

// The transaction modes of BEGIN, START TRANSACTION and SET [SESSION CHARACTERISTICS AS] TRANSACTION.
struct TransactionModes {
  std::optional<IsolationLevel> isolation;
  std::optional<bool> read_only;
  std::optional<bool> deferrable;
  bool operator==(const TransactionModes&) const = default;
};

// SET [SESSION|LOCAL] name {TO|=} value[, ...] | DEFAULT, and the special forms SET TIME ZONE, SET NAMES,
// SET SCHEMA. `name` is lower-cased; `values` are flattened as PostgreSQL does (identifiers folded,
// strings unquoted, numbers as written). No values: SET ... TO DEFAULT.
struct SetCommand {
  bool local = false;
  std::string name;
  std::vector<std::string> values;
  // Whether each value was written as a quoted identifier or string (search_path keeps the case).
  std::vector<bool> quoted;
  bool operator==(const SetCommand&) const = default;
};
// RESET name | RESET ALL (name empty).
struct ResetCommand {
  std::string name;
  bool operator==(const ResetCommand&) const = default;
};
// SHOW name | SHOW ALL ("all"); SHOW TRANSACTION ISOLATION LEVEL is SHOW transaction_isolation.
struct ShowCommand {
  std::string name;
  bool operator==(const ShowCommand&) const = default;
};
// SELECT [pg_catalog.]set_config('name', 'value', is_local) on its own: the SET it means, answered with
// the setting's new value in a row.
struct SetConfigCommand {
  SetCommand set;
  bool operator==(const SetConfigCommand&) const = default;
};
// SET TRANSACTION modes (this transaction) or SET SESSION CHARACTERISTICS AS TRANSACTION modes.
struct SetTransactionCommand {
  bool session_characteristics = false;
  TransactionModes modes;
  bool operator==(const SetTransactionCommand&) const = default;
};
// BEGIN [WORK|TRANSACTION] modes | START TRANSACTION modes, claimed only with modes: the session keeps
// plain BEGIN, COMMIT and ROLLBACK (and their spellings END, ABORT, AND NO CHAIN) itself.
struct BeginCommand {
  TransactionModes modes;
  bool start_transaction = false;  // spelled START TRANSACTION (its tag)
  bool operator==(const BeginCommand&) const = default;
};
// SAVEPOINT name | RELEASE [SAVEPOINT] name | ROLLBACK [WORK|TRANSACTION] TO [SAVEPOINT] name.
struct SavepointCommand {
  enum class Action { kDefine, kRelease, kRollbackTo } action = Action::kDefine;
  std::string name;
  bool operator==(const SavepointCommand&) const = default;
};
// DISCARD ALL | PLANS | SEQUENCES | TEMP | TEMPORARY.
struct DiscardCommand {
  enum class Target { kAll, kPlans, kSequences, kTemp } target = Target::kAll;
  bool operator==(const DiscardCommand&) const = default;
};
// DEALLOCATE [PREPARE] name | ALL (name empty).
struct DeallocateCommand {
  std::string name;
  bool operator==(const DeallocateCommand&) const = default;
};
// LISTEN channel.
struct ListenCommand {
  std::string channel;
  bool operator==(const ListenCommand&) const = default;
};
// UNLISTEN channel | * (channel empty).
struct UnlistenCommand {
  std::string channel;
  bool operator==(const UnlistenCommand&) const = default;
};
// NOTIFY channel [, 'payload'].
struct NotifyCommand {
  std::string channel;
  std::string payload;
  bool operator==(const NotifyCommand&) const = default;
};
// DECLARE name [BINARY] [ASENSITIVE|INSENSITIVE] [[NO] SCROLL] CURSOR [WITH|WITHOUT HOLD] FOR query.
struct DeclareCursorCommand {
  std::string name;
  bool binary = false;
  bool scroll = false;
  bool hold = false;
  std::string query;  // the statement text after FOR
  bool operator==(const DeclareCursorCommand&) const = default;
};
// FETCH or MOVE [direction] [FROM|IN] name. Directions are reduced to where they go: forward by `count`
// rows (NEXT, FORWARD n, n, ALL), backward (PRIOR, BACKWARD n), or to an absolute position.
struct FetchCommand {
  enum class Direction { kForward, kBackward, kAbsolute, kRelative } direction = Direction::kForward;
  bool move = false;
  bool all = false;   // FORWARD ALL / ALL / BACKWARD ALL
  int64_t count = 1;  // rows, or the position for kAbsolute (FIRST = 1, LAST = -1)
  std::string cursor;
  bool operator==(const FetchCommand&) const = default;
};
// CLOSE name | ALL (name empty).
struct CloseCommand {
  std::string cursor;
  bool operator==(const CloseCommand&) const = default;
};

using ParsedCommand =
    std::variant<SetCommand, ResetCommand, ShowCommand, SetConfigCommand, SetTransactionCommand, BeginCommand, SavepointCommand,
                 DiscardCommand, DeallocateCommand, ListenCommand, UnlistenCommand, NotifyCommand,
                 DeclareCursorCommand, FetchCommand, CloseCommand, CopyCommand>;

// A statement the front door claims but refuses as written (a syntax error, an unknown COPY option ...).
struct CommandError {
  std::string sqlstate;
  std::string message;
  bool operator==(const CommandError&) const = default;
};

using Classified = std::variant<ParsedCommand, CommandError>;

// The front door's reading of one statement (already split from its Query message): nullopt when DuckDB
// runs it as it is.
std::optional<Classified> classify(std::string_view statement);

}  // namespace duckwire::pgwire::commands
