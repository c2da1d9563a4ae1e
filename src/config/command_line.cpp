// parse_command_line: CLI11 reads the command line, then DUCKWIRE_* variables fill in every option
// the command line left out, then config_from_options validates.

#include <CLI/CLI.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "config/options.hpp"

namespace duckwire {
namespace {

constexpr std::string_view kDescription =
    "duckwire serves one DuckDB database over HTTP/WebSocket, the PostgreSQL protocol and DuckDB's Quack "
    "protocol.";
constexpr std::string_view kFooter =
    "Every option can also be set with an environment variable DUCKWIRE_<OPTION> (upper case, '-' as '_'),\n"
    "e.g. DUCKWIRE_PORT=5000; repeatable options take a comma-separated list there, flags a boolean.\n"
    "An option on the command line wins over its environment variable.";

std::string without_trailing_newlines(std::string text) {
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

std::string first_line(std::string_view text) {
  return std::string(text.substr(0, text.find('\n')));
}

ParseOutcome failure(const std::string& message) {
  return ParseOutcome{std::nullopt, 2, "duckwire: " + message};
}

std::vector<std::string> split_on_commas(std::string_view text) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    parts.emplace_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return parts;
}

// Options are bound to raw strings; all conversion and checking happens in config_from_options so
// that values from the command line and from the environment go through the same rules.
struct CommandLine {
  CLI::App app{std::string(kDescription), "duckwire"};
  std::map<std::string, std::vector<std::string>> raw;
  std::map<std::string, CLI::Option*> options;

  explicit CommandLine(std::string_view version_text) {
    app.allow_extras();
    app.footer(std::string(kFooter));
    app.get_formatter()->column_width(36);
    app.set_version_flag("--version", std::string(version_text), "Print the version and exit");
    for (const OptionSpec& spec : option_specs()) {
      const std::string name(spec.name);
      const std::string flag = "--" + name;
      CLI::Option* option = nullptr;
      if (spec.arity == OptionArity::kFlag) {
        option = app.add_flag(flag)->description(std::string(spec.help));
      } else {
        option = app.add_option(flag, raw[name], std::string(spec.help))
                     ->type_name(std::string(spec.value_name))
                     ->expected(1)
                     ->allow_extra_args(false)
                     ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
      }
      options[name] = option;
    }
  }
};

}  // namespace

ParseOutcome parse_command_line(int argc, const char* const argv[], std::string_view version_text,
                                const GetEnv& getenv) {
  CommandLine command_line(version_text);
  try {
    command_line.app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    return ParseOutcome{std::nullopt, 0, without_trailing_newlines(command_line.app.help())};
  } catch (const CLI::CallForVersion&) {
    return ParseOutcome{std::nullopt, 0, std::string(version_text)};
  } catch (const CLI::ArgumentMismatch& error) {
    const std::string message = first_line(error.what());
    const bool missing_value =
        message.find(" required ") != std::string::npos && message.ends_with(" missing");
    return failure(missing_value ? message.substr(0, message.find(':')) + ": needs a value" : message);
  } catch (const CLI::ParseError& error) {
    return failure(first_line(error.what()));
  }

  for (const std::string& extra : command_line.app.remaining()) {
    if (extra.starts_with("-"))
      return failure(extra.substr(0, extra.find('=')) + ": unknown option (see --help)");
    return failure("'" + extra + "': unexpected argument (see --help)");
  }

  OptionValues values;
  for (const OptionSpec& spec : option_specs()) {
    const std::string name(spec.name);
    const CLI::Option* option = command_line.options.at(name);
    if (option->count() > 0) {
      values[name] = OptionValue{
          spec.arity == OptionArity::kFlag ? option->results() : command_line.raw.at(name), "--" + name};
      continue;
    }
    const std::string variable = env_var_name(spec.name);
    const char* text = getenv(variable.c_str());
    if (text == nullptr || *text == '\0') continue;
    values[name] = OptionValue{
        spec.arity == OptionArity::kRepeated ? split_on_commas(text) : std::vector<std::string>{text},
        variable + " (--" + name + ")"};
  }

  Result<Config> config = config_from_options(values);
  if (!config) return failure(config.error().message);
  return ParseOutcome{std::move(config).value(), 0, ""};
}

}  // namespace duckwire
