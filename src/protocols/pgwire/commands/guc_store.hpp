#pragma once
// One PostgreSQL session's client settings: SET, SET LOCAL, RESET, SHOW, and their fate at transaction
// end as PostgreSQL has it (SET LOCAL ends with the transaction; a rolled-back transaction takes its
// SETs back). Knows nothing of DuckDB: the caller applies what a change means (see SettingChange).

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "protocols/pgwire/commands/guc_definitions.hpp"
#include "protocols/pgwire/commands/pg_command.hpp"

namespace duckwire::pgwire::commands {

struct SettingChange {
  std::string name;  // as PostgreSQL spells it ("TimeZone")
  std::string value;
  bool reported = false;  // the client hears of it in a ParameterStatus message
  bool operator==(const SettingChange&) const = default;
};

using SetOutcome = std::variant<SettingChange, CommandError>;

class GucStore {
 public:
  GucStore() = default;

  // A value the session starts with and RESET returns to: StartupMessage parameters (application_name,
  // DateStyle, `options=-c name=value` ...) and the server's own (server_version, session_authorization,
  // is_superuser), which SET cannot change.
  std::optional<CommandError> set_default(std::string_view name, std::string_view value);

  // The value SHOW prints, or nullopt for a name the session does not know (42704).
  std::optional<std::string> value(std::string_view name) const;
  SetOutcome set(const SetCommand& command);
  SetOutcome reset(std::string_view name);
  std::vector<SettingChange> reset_all();

  bool in_transaction() const { return transaction_.has_value(); }
  // transaction_isolation/transaction_read_only of the new transaction: its modes, else the defaults.
  void begin_transaction(const TransactionModes& modes);
  // SET TRANSACTION inside a transaction block.
  void set_transaction_modes(const TransactionModes& modes);
  // The settings whose values the transaction's end changed back.
  std::vector<SettingChange> end_transaction(bool committed);

  // Every setting, sorted by name, for SHOW ALL.
  std::vector<std::pair<std::string, std::string>> all() const;
  // The reported settings and their values, for the ParameterStatus messages after authentication.
  std::vector<SettingChange> reported() const;

 private:
  struct Transaction {
    std::map<std::string, std::string> session_before;  // session_ when the transaction began
    std::map<std::string, std::string> local;           // SET LOCAL and the transaction_* values
  };

  // The key of a setting: its definition's name, or the lower-cased placeholder name.
  static std::optional<std::string> key_of(std::string_view name);
  SetOutcome assign(const std::string& key, const SetCommand& command);
  SettingChange change_of(const std::string& key) const;
  std::string effective(const std::string& key) const;
  // Settings whose values differ between two snapshots of `effective`.
  std::vector<SettingChange> changes_since(const std::map<std::string, std::string>& before) const;
  std::map<std::string, std::string> snapshot() const;

  std::map<std::string, std::string> defaults_;  // the session's own defaults over the definitions'
  std::map<std::string, std::string> session_;   // SET values
  std::optional<Transaction> transaction_;
};

}  // namespace duckwire::pgwire::commands
