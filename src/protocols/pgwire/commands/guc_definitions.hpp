#pragma once
// The client settings (GUCs) a PostgreSQL session has on duckwire: names as PostgreSQL spells them,
// defaults, whether a change is reported (ParameterStatus), and how a SET value is checked and written.

#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "protocols/pgwire/commands/pg_command.hpp"

namespace duckwire::pgwire::commands {

// A SET's values as the classifier read them.
struct SetValues {
  const std::vector<std::string>& values;
  const std::vector<bool>& quoted;
  std::string_view current;  // the setting's value now (DateStyle keeps the part a SET leaves out)
};

using NormalizedValue = std::variant<std::string, CommandError>;
using Normalizer = NormalizedValue (*)(std::string_view name, const SetValues& set);

struct GucDefinition {
  std::string_view name;  // as SHOW ALL and ParameterStatus write it
  std::string_view default_value;
  bool reported;         // a change is sent to the client as ParameterStatus
  Normalizer normalize;  // nullptr: read only ("parameter ... cannot be changed")
  std::string_view description;
};

std::span<const GucDefinition> guc_definitions();
// Case-insensitive; nullptr when duckwire has no such setting.
const GucDefinition* find_guc(std::string_view name);
// A dotted name (`myapp.user_id`) is a placeholder variable any session may set, as in PostgreSQL.
bool is_placeholder_name(std::string_view name);

// The milliseconds of a time setting's value as `statement_timeout` stores it (e.g. "5s" → 5000).
int64_t timeout_milliseconds(std::string_view value);
// The isolation level a transaction_isolation value names.
IsolationLevel isolation_level_of(std::string_view value);
std::string_view isolation_level_name(IsolationLevel level);

}  // namespace duckwire::pgwire::commands
