#include "protocols/pgwire/commands/guc_definitions.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <climits>

#include "encode/pg_time_zone.hpp"
#include "protocols/pgwire/catalog/pg_sql_tokens.hpp"
#include "util/ascii.hpp"

namespace duckwire::pgwire::commands {

namespace {

CommandError invalid_value(std::string_view name, std::string_view value, std::string_view why = {}) {
  std::string message =
      "invalid value for parameter \"" + std::string(name) + "\": \"" + std::string(value) + "\"";
  if (!why.empty()) message += " (" + std::string(why) + ")";
  return CommandError{"22023", std::move(message)};
}

// Most settings take one value; PostgreSQL refuses a list for them.
NormalizedValue single(std::string_view name, const SetValues& set) {
  if (set.values.size() != 1) {
    return CommandError{"22023", "SET " + std::string(name) + " takes only one argument"};
  }
  return set.values.front();
}

NormalizedValue any_text(std::string_view name, const SetValues& set) {
  return single(name, set);
}

// on/off and their spellings (true, yes, 1, ...), written back as on/off.
std::optional<bool> parse_bool(std::string_view text) {
  const std::string value = ascii_lower(text);
  if (value == "on" || value == "true" || value == "yes" || value == "1" || value == "t" || value == "y")
    return true;
  if (value == "off" || value == "false" || value == "no" || value == "0" || value == "f" || value == "n")
    return false;
  return std::nullopt;
}

NormalizedValue boolean(std::string_view name, const SetValues& set) {
  auto value = single(name, set);
  if (auto* error = std::get_if<CommandError>(&value)) return *error;
  const auto parsed = parse_bool(std::get<std::string>(value));
  if (!parsed) {
    return CommandError{"22023", "parameter \"" + std::string(name) + "\" requires a Boolean value"};
  }
  return std::string(*parsed ? "on" : "off");
}

NormalizedValue only_on(std::string_view name, const SetValues& set) {
  auto value = boolean(name, set);
  if (std::holds_alternative<std::string>(value) && std::get<std::string>(value) != "on") {
    return invalid_value(name, set.values.front(), "duckwire supports only on");
  }
  return value;
}

// One of `choices` (case-insensitive), written as listed.
template <const std::string_view* Choices, size_t Count>
NormalizedValue one_of(std::string_view name, const SetValues& set) {
  auto value = single(name, set);
  if (auto* error = std::get_if<CommandError>(&value)) return *error;
  const std::string wanted = ascii_lower(std::get<std::string>(value));
  for (size_t i = 0; i < Count; ++i) {
    if (ascii_lower(Choices[i]) == wanted) return std::string(Choices[i]);
  }
  return invalid_value(name, std::get<std::string>(value));
}

NormalizedValue client_encoding(std::string_view name, const SetValues& set) {
  auto value = single(name, set);
  if (auto* error = std::get_if<CommandError>(&value)) return *error;
  // PostgreSQL compares encoding names by their letters and digits only ("'utf-8'" is UTF8).
  std::string wanted;
  for (const char c : ascii_lower(std::get<std::string>(value))) {
    if (std::isalnum(static_cast<unsigned char>(c))) wanted += c;
  }
  if (wanted == "utf8" || wanted == "unicode") return std::string("UTF8");
  return invalid_value(name, std::get<std::string>(value), "duckwire speaks UTF8 only");
}

// A zone PostgreSQL knows (IANA names in any case, UTC, POSIX offsets), written as SHOW prints it.
NormalizedValue time_zone(std::string_view name, const SetValues& set) {
  auto value = single(name, set);
  if (auto* error = std::get_if<CommandError>(&value)) return *error;
  auto zone = encode::pg::TimeZone::find(std::get<std::string>(value));
  if (!zone) return invalid_value(name, std::get<std::string>(value));
  return zone->name();
}

NormalizedValue interval_style(std::string_view name, const SetValues& set) {
  auto value = single(name, set);
  if (auto* error = std::get_if<CommandError>(&value)) return *error;
  if (ascii_lower(std::get<std::string>(value)) == "postgres") return std::string("postgres");
  return invalid_value(name, std::get<std::string>(value),
                       "duckwire writes intervals in the postgres style only");
}

NormalizedValue bytea_output(std::string_view name, const SetValues& set) {
  auto value = single(name, set);
  if (auto* error = std::get_if<CommandError>(&value)) return *error;
  if (ascii_lower(std::get<std::string>(value)) == "hex") return std::string("hex");
  return invalid_value(name, std::get<std::string>(value), "duckwire writes bytea in hex only");
}

// DateStyle: an output style (only ISO here) and a field order, each optional; PostgreSQL keeps the
// part a SET leaves out.
NormalizedValue date_style(std::string_view name, const SetValues& set) {
  std::string order;
  const auto comma = set.current.find(',');
  if (comma != std::string_view::npos) order = std::string(set.current.substr(comma + 2));
  bool style_given = false;
  for (const auto& value : set.values) {
    std::string word;
    for (size_t i = 0; i <= value.size(); ++i) {
      if (i < value.size() && value[i] != ',' && value[i] != ' ') {
        word += static_cast<char>(ascii_lower(value[i]));
        continue;
      }
      if (word.empty()) continue;
      if (word == "iso") {
        style_given = true;
      } else if (word == "mdy" || word == "us" || word == "noneuropean" || word == "noneuro") {
        order = "MDY";
      } else if (word == "dmy" || word == "euro" || word == "european") {
        order = "DMY";
      } else if (word == "ymd") {
        order = "YMD";
      } else if (word == "sql" || word == "postgres" || word == "german") {
        return invalid_value(name, value, "duckwire writes dates in the ISO style only");
      } else {
        return invalid_value(name, value);
      }
      word.clear();
    }
  }
  (void)style_given;
  return "ISO, " + (order.empty() ? std::string("MDY") : order);
}

NormalizedValue integer_in_range(std::string_view name, const SetValues& set, int64_t low, int64_t high) {
  auto value = single(name, set);
  if (auto* error = std::get_if<CommandError>(&value)) return *error;
  const std::string& text = std::get<std::string>(value);
  int64_t number = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc() || end != text.data() + text.size()) {
    return CommandError{"22P02",
                        "invalid value for parameter \"" + std::string(name) + "\": \"" + text + "\""};
  }
  if (number < low || number > high) {
    return CommandError{"22023", text + " is outside the valid range for parameter \"" + std::string(name) +
                                     "\" (" + std::to_string(low) + " .. " + std::to_string(high) + ")"};
  }
  return text;
}

NormalizedValue extra_float_digits(std::string_view name, const SetValues& set) {
  return integer_in_range(name, set, -15, 3);
}

struct TimeUnit {
  std::string_view name;
  int64_t microseconds;
};
constexpr std::array<TimeUnit, 6> kTimeUnits{{{"d", 86'400'000'000},
                                              {"h", 3'600'000'000},
                                              {"min", 60'000'000},
                                              {"s", 1'000'000},
                                              {"ms", 1'000},
                                              {"us", 1}}};

// A time in milliseconds: a number with an optional unit (us, ms, s, min, h, d), PostgreSQL's way.
std::optional<int64_t> parse_milliseconds(std::string_view text) {
  size_t at = 0;
  while (at < text.size() && (std::isdigit(static_cast<unsigned char>(text[at])) || text[at] == '.' ||
                              (at == 0 && (text[at] == '-' || text[at] == '+')))) {
    ++at;
  }
  double number = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + at, number);
  if (at == 0 || error != std::errc() || end != text.data() + at) return std::nullopt;
  while (at < text.size() && text[at] == ' ') ++at;
  const std::string unit = ascii_lower(text.substr(at));
  int64_t microseconds = 1000;
  if (!unit.empty()) {
    const auto* found =
        std::find_if(kTimeUnits.begin(), kTimeUnits.end(), [&](const TimeUnit& u) { return u.name == unit; });
    if (found == kTimeUnits.end()) return std::nullopt;
    microseconds = found->microseconds;
  }
  const double milliseconds = number * static_cast<double>(microseconds) / 1000.0;
  if (milliseconds > static_cast<double>(INT64_MAX / 2) ||
      milliseconds < -static_cast<double>(INT64_MAX / 2)) {
    return INT64_MAX / 2;
  }
  return static_cast<int64_t>(milliseconds + (milliseconds >= 0 ? 0.5 : -0.5));
}

// The way SHOW writes a time: the largest unit that divides it.
std::string format_milliseconds(int64_t milliseconds) {
  if (milliseconds == 0) return "0";
  for (const auto& unit : kTimeUnits) {
    const int64_t per_unit = unit.microseconds / 1000;
    if (per_unit > 0 && milliseconds % per_unit == 0)
      return std::to_string(milliseconds / per_unit) + std::string(unit.name);
  }
  return std::to_string(milliseconds) + "ms";
}

NormalizedValue timeout(std::string_view name, const SetValues& set) {
  auto value = single(name, set);
  if (auto* error = std::get_if<CommandError>(&value)) return *error;
  const auto milliseconds = parse_milliseconds(std::get<std::string>(value));
  if (!milliseconds) return invalid_value(name, std::get<std::string>(value));
  if (*milliseconds < 0 || *milliseconds > INT32_MAX) {
    return CommandError{"22023", std::to_string(*milliseconds) +
                                     " ms is outside the valid range for parameter \"" + std::string(name) +
                                     "\" (0 .. 2147483647)"};
  }
  return format_milliseconds(*milliseconds);
}

// search_path: a list of schema names. A string value holds a list itself ('a, b'), as PostgreSQL reads it.
NormalizedValue search_path(std::string_view, const SetValues& set) {
  std::string out;
  for (size_t i = 0; i < set.values.size(); ++i) {
    const std::string& value = set.values[i];
    if (!out.empty()) out += ", ";
    out += set.quoted[i] ? quote_identifier(value) : value;  // as PostgreSQL writes a list back
  }
  return out;
}

constexpr std::array<std::string_view, 4> kIsolationLevels{"read uncommitted", "read committed",
                                                           "repeatable read", "serializable"};
constexpr std::array<std::string_view, 11> kMessageLevels{
    "debug5", "debug4", "debug3", "debug2", "debug1", "log", "notice", "warning", "error", "info", "debug"};

constexpr std::array<GucDefinition, 34> kDefinitions{{
    {"application_name", "", true, any_text,
     "Sets the application name to be reported in statistics and logs."},
    {"bytea_output", "hex", false, bytea_output, "Sets the output format for bytea."},
    {"client_encoding", "UTF8", true, client_encoding, "Sets the client's character set encoding."},
    {"client_min_messages", "notice", false, one_of<kMessageLevels.data(), kMessageLevels.size()>,
     "Sets the message levels that are sent to the client."},
    {"DateStyle", "ISO, MDY", true, date_style, "Sets the display format for date and time values."},
    {"default_transaction_deferrable", "off", false, boolean,
     "Sets the default deferrable status of new transactions."},
    {"default_transaction_isolation", "read committed", false,
     one_of<kIsolationLevels.data(), kIsolationLevels.size()>,
     "Sets the transaction isolation level of each new transaction."},
    {"default_transaction_read_only", "off", true, boolean,
     "Sets the default read-only status of new transactions."},
    {"extra_float_digits", "1", false, extra_float_digits,
     "Sets the number of digits displayed for floating-point values."},
    {"idle_in_transaction_session_timeout", "0", false, timeout,
     "Sets the maximum allowed idle time between queries, when in a transaction."},
    {"in_hot_standby", "off", true, nullptr, "Shows whether hot standby is currently active."},
    {"integer_datetimes", "on", true, nullptr, "Shows whether datetimes are integer based."},
    {"IntervalStyle", "postgres", true, interval_style, "Sets the display format for interval values."},
    {"is_superuser", "off", true, nullptr, "Shows whether the current user is a superuser."},
    {"jit", "off", false, boolean, "Allow JIT compilation."},
    {"lc_messages", "C.UTF-8", false, any_text, "Sets the language in which messages are displayed."},
    {"lc_monetary", "C.UTF-8", false, any_text, "Sets the locale for formatting monetary amounts."},
    {"lc_numeric", "C.UTF-8", false, any_text, "Sets the locale for formatting numbers."},
    {"lc_time", "C.UTF-8", false, any_text, "Sets the locale for formatting date and time values."},
    {"lock_timeout", "0", false, timeout, "Sets the maximum allowed duration of any wait for a lock."},
    {"max_identifier_length", "63", false, nullptr, "Shows the maximum identifier length."},
    {"row_security", "on", false, boolean, "Enable row security."},
    {"search_path", "\"$user\", public", false, search_path,
     "Sets the schema search order for names that are not schema-qualified."},
    {"server_encoding", "UTF8", true, nullptr, "Shows the server (database) character set encoding."},
    {"server_version", "15.0", true, nullptr, "Shows the server version."},
    {"server_version_num", "150000", false, nullptr, "Shows the server version as an integer."},
    {"session_authorization", "", true, nullptr, "Sets the session user name."},
    {"standard_conforming_strings", "on", true, only_on,
     "Causes '...' strings to treat backslashes literally."},
    {"statement_timeout", "0", false, timeout, "Sets the maximum allowed duration of any statement."},
    {"synchronous_commit", "on", false, any_text, "Sets the current transaction's synchronization level."},
    {"TimeZone", "UTC", true, time_zone, "Sets the time zone for displaying and interpreting time stamps."},
    {"transaction_deferrable", "off", false, boolean,
     "Whether to defer a read-only serializable transaction until it can be executed with no possible "
     "serialization failures."},
    {"transaction_isolation", "read committed", false,
     one_of<kIsolationLevels.data(), kIsolationLevels.size()>,
     "Sets the current transaction's isolation level."},
    {"transaction_read_only", "off", false, boolean, "Sets the current transaction's read-only status."},
}};

}  // namespace

std::span<const GucDefinition> guc_definitions() {
  return kDefinitions;
}

const GucDefinition* find_guc(std::string_view name) {
  const std::string wanted = ascii_lower(name);
  for (const auto& definition : kDefinitions) {
    if (ascii_lower(definition.name) == wanted) return &definition;
  }
  return nullptr;
}

bool is_placeholder_name(std::string_view name) {
  const auto dot = name.find('.');
  return dot != std::string_view::npos && dot > 0 && dot + 1 < name.size();
}

int64_t timeout_milliseconds(std::string_view value) {
  return parse_milliseconds(value).value_or(0);
}

IsolationLevel isolation_level_of(std::string_view value) {
  const std::string text = ascii_lower(value);
  for (size_t i = 0; i < kIsolationLevels.size(); ++i) {
    if (kIsolationLevels[i] == text) return static_cast<IsolationLevel>(i);
  }
  return IsolationLevel::kReadCommitted;
}

std::string_view isolation_level_name(IsolationLevel level) {
  return kIsolationLevels[static_cast<size_t>(level)];
}

}  // namespace duckwire::pgwire::commands
