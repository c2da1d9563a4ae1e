#pragma once
// The option table shared by the command line, the environment and validation, and the raw values
// collected from them before validation.

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "util/error.hpp"

namespace duckwire {

enum class OptionArity {
  kFlag,      // no value on the command line (or =true/=false); a boolean in the environment
  kSingle,    // one value; the last occurrence wins
  kRepeated,  // any number of values; comma-separated in the environment
};

struct OptionSpec {
  std::string_view name;  // without the leading "--"
  OptionArity arity;
  std::string_view value_name;
  std::string_view help;
};

std::span<const OptionSpec> option_specs();

// "db-path" → "DUCKWIRE_DB_PATH".
std::string env_var_name(std::string_view option_name);

struct OptionValue {
  std::vector<std::string> values;
  std::string origin;  // what error messages name: "--port", or "DUCKWIRE_PORT (--port)"
};

// Keyed by option name; holds only options that were given.
using OptionValues = std::map<std::string, OptionValue, std::less<>>;

// Validates and converts. The error message is one line starting with the origin of the bad value.
Result<Config> config_from_options(const OptionValues& options);

}  // namespace duckwire
