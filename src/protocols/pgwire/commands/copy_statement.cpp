#include "protocols/pgwire/commands/copy_statement.hpp"

#include <set>

#include "util/ascii.hpp"

namespace duckwire::pgwire::commands {

namespace {

CommandError syntax(const TokenReader& tokens) {
  return CommandError{"42601", tokens.syntax_error()};
}

CommandError redundant() {
  return CommandError{"42601", "conflicting or redundant options"};
}

CommandError unsupported(std::string message) {
  return CommandError{"0A000", std::move(message)};
}

// A comma-separated list of identifiers, with or without parentheses around it.
std::optional<std::vector<std::string>> identifier_list(TokenReader& tokens, bool parenthesized) {
  if (parenthesized && !tokens.accept_symbol('(')) return std::nullopt;
  std::vector<std::string> names;
  do {
    auto name = tokens.accept_identifier();
    if (!name) return std::nullopt;
    names.push_back(std::move(*name));
  } while (tokens.accept_symbol(','));
  if (parenthesized && !tokens.accept_symbol(')')) return std::nullopt;
  return names;
}

// The options as given, before checking them against each other.
struct GivenOptions {
  std::optional<CopyFormat> format;
  std::optional<std::string> delimiter;
  std::optional<std::string> null_string;
  std::optional<bool> header;
  bool header_match = false;
  std::optional<std::string> quote;
  std::optional<std::string> escape;
  std::optional<std::vector<std::string>> force_quote;  // empty with force_quote_all
  bool force_quote_all = false;
  std::optional<std::vector<std::string>> force_not_null;
  std::optional<std::vector<std::string>> force_null;
  std::optional<std::string> encoding;
  bool freeze_given = false;
};

template <class T>
std::optional<CommandError> assign(std::optional<T>& slot, T value) {
  if (slot) return redundant();
  slot = std::move(value);
  return std::nullopt;
}

std::optional<CommandError> set_format(GivenOptions& given, std::string_view name) {
  const std::string format = ascii_lower(name);
  if (format == "text") return assign(given.format, CopyFormat::kText);
  if (format == "csv") return assign(given.format, CopyFormat::kCsv);
  if (format == "binary") return assign(given.format, CopyFormat::kBinary);
  return CommandError{"22023", "COPY format \"" + std::string(name) + "\" not recognized"};
}

std::optional<bool> boolean_word(std::string_view text) {
  const std::string value = ascii_lower(text);
  if (value == "true" || value == "on" || value == "1") return true;
  if (value == "false" || value == "off" || value == "0") return false;
  return std::nullopt;
}

// A value of the parenthesized option list: a string, an identifier, a number or nothing.
std::optional<std::string> option_value(TokenReader& tokens) {
  if (tokens.done() || tokens.peek_symbol(',') || tokens.peek_symbol(')')) return std::nullopt;
  return tokens.accept_value();
}

// WITH ( name [value], ... ), PostgreSQL 9.0's form.
std::optional<CommandError> parse_option_list(TokenReader& tokens, GivenOptions& given) {
  do {
    auto name = tokens.accept_identifier();
    if (!name) return syntax(tokens);
    const std::string option = ascii_lower(*name);
    if (option == "force_quote" || option == "force_not_null" || option == "force_null") {
      std::vector<std::string> columns;
      bool all = false;
      if (tokens.accept_symbol('*')) {
        all = true;
      } else {
        auto list = identifier_list(tokens, true);
        if (!list) return syntax(tokens);
        columns = std::move(*list);
      }
      if (option == "force_quote") {
        given.force_quote_all = all;
        if (auto error = assign(given.force_quote, std::move(columns))) return error;
      } else if (all) {
        return CommandError{"42601", "argument to option \"" + option + "\" must be a list of column names"};
      } else if (auto error = assign(option == "force_null" ? given.force_null : given.force_not_null,
                                     std::move(columns))) {
        return error;
      }
      continue;
    }
    const auto value = option_value(tokens);
    if (option == "format") {
      if (!value) return CommandError{"42601", "syntax error: FORMAT needs a value"};
      if (auto error = set_format(given, *value)) return error;
    } else if (option == "delimiter" || option == "null" || option == "quote" || option == "escape" ||
               option == "encoding") {
      if (!value) return CommandError{"42601", "argument to option \"" + option + "\" must be a string"};
      auto& slot = option == "delimiter" ? given.delimiter
                   : option == "null"    ? given.null_string
                   : option == "quote"   ? given.quote
                   : option == "escape"  ? given.escape
                                         : given.encoding;
      if (auto error = assign(slot, *value)) return error;
    } else if (option == "header") {
      const bool match = value && ascii_lower(*value) == "match";
      const auto flag =
          value ? (match ? std::optional<bool>(true) : boolean_word(*value)) : std::optional<bool>(true);
      if (!flag) return CommandError{"22023", "header requires a Boolean value or \"match\""};
      given.header_match = match;
      if (auto error = assign(given.header, *flag)) return error;
    } else if (option == "freeze") {
      if (given.freeze_given) return redundant();
      given.freeze_given = true;  // DuckDB has no frozen tuples: accepted, nothing to do
    } else {
      return CommandError{"42601", "option \"" + *name + "\" not recognized"};
    }
  } while (tokens.accept_symbol(','));
  if (!tokens.accept_symbol(')')) return syntax(tokens);
  return std::nullopt;
}

// [WITH] BINARY | CSV | HEADER | DELIMITER [AS] 'x' | NULL [AS] 'x' | QUOTE [AS] 'x' | ESCAPE [AS] 'x' |
// FORCE QUOTE cols|* | FORCE NOT NULL cols | FORCE NULL cols | ENCODING 'x' | FREEZE: the old form psql,
// pgbench and older drivers send.
std::optional<CommandError> parse_old_options(TokenReader& tokens, GivenOptions& given) {
  while (!tokens.done() && !tokens.peek_symbol(';')) {
    const auto string_after = [&](std::optional<std::string>& slot) -> std::optional<CommandError> {
      tokens.accept_keyword("as");
      auto value = tokens.accept_string();
      if (!value) return syntax(tokens);
      return assign(slot, std::move(*value));
    };
    std::optional<CommandError> error;
    if (tokens.accept_keyword("binary")) {
      error = set_format(given, "binary");
    } else if (tokens.accept_keyword("csv")) {
      error = set_format(given, "csv");
    } else if (tokens.accept_keyword("header")) {
      error = assign(given.header, true);
    } else if (tokens.accept_keyword("delimiter")) {
      error = string_after(given.delimiter);
    } else if (tokens.accept_keyword("null")) {
      error = string_after(given.null_string);
    } else if (tokens.accept_keyword("quote")) {
      error = string_after(given.quote);
    } else if (tokens.accept_keyword("escape")) {
      error = string_after(given.escape);
    } else if (tokens.accept_keyword("encoding")) {
      error = string_after(given.encoding);
    } else if (tokens.accept_keyword("freeze")) {
      given.freeze_given = true;
    } else if (tokens.accept_keywords({"force", "quote"})) {
      if (tokens.accept_symbol('*')) {
        given.force_quote_all = true;
        error = assign(given.force_quote, std::vector<std::string>{});
      } else if (auto list = identifier_list(tokens, false)) {
        error = assign(given.force_quote, std::move(*list));
      } else {
        error = syntax(tokens);
      }
    } else if (tokens.accept_keywords({"force", "not", "null"})) {
      auto list = identifier_list(tokens, false);
      error = list ? assign(given.force_not_null, std::move(*list)) : syntax(tokens);
    } else if (tokens.accept_keywords({"force", "null"})) {
      auto list = identifier_list(tokens, false);
      error = list ? assign(given.force_null, std::move(*list)) : syntax(tokens);
    } else {
      return syntax(tokens);
    }
    if (error) return error;
  }
  return std::nullopt;
}

std::optional<CommandError> single_byte(const std::optional<std::string>& value, std::string_view what) {
  if (value && value->size() != 1) {
    return unsupported("COPY " + std::string(what) + " must be a single one-byte character");
  }
  return std::nullopt;
}

// PostgreSQL's checks of the options against each other; fills in its defaults per format.
std::optional<CommandError> resolve(const GivenOptions& given, CopyCommand& copy) {
  const bool from_stdin = copy.from_stdin;
  auto& options = copy.options;
  options.format = given.format.value_or(CopyFormat::kText);
  const bool csv = options.format == CopyFormat::kCsv;
  if (options.format == CopyFormat::kBinary) {
    if (given.delimiter) return unsupported("cannot specify DELIMITER in BINARY mode");
    if (given.null_string) return unsupported("cannot specify NULL in BINARY mode");
    if (given.header) return unsupported("cannot specify HEADER in BINARY mode");
  }
  if (!csv && given.quote) return unsupported("COPY quote available only in CSV mode");
  if (!csv && given.escape) return unsupported("COPY escape available only in CSV mode");
  if (given.force_quote && (!csv || from_stdin)) {
    return unsupported(!csv ? "COPY force quote available only in CSV mode"
                            : "COPY force quote only available using COPY TO");
  }
  if (given.force_not_null && (!csv || !from_stdin)) {
    return unsupported(!csv ? "COPY force not null available only in CSV mode"
                            : "COPY force not null only available using COPY FROM");
  }
  if (given.force_null && (!csv || !from_stdin)) {
    return unsupported(!csv ? "COPY force null available only in CSV mode"
                            : "COPY force null only available using COPY FROM");
  }
  if (given.header_match && !from_stdin) return unsupported("cannot use \"match\" with HEADER in COPY TO");
  if (auto error = single_byte(given.delimiter, "delimiter")) return error;
  if (auto error = single_byte(given.quote, "quote")) return error;
  if (auto error = single_byte(given.escape, "escape")) return error;
  if (given.encoding) {
    const std::string encoding = ascii_lower(*given.encoding);
    if (encoding != "utf8" && encoding != "utf-8" && encoding != "unicode") {
      return unsupported("COPY encoding \"" + *given.encoding +
                         "\" is not supported: duckwire speaks UTF8 only");
    }
  }
  // Binary has no delimiter, null string or header: the COPY TO encoder refuses them when set.
  if (options.format == CopyFormat::kBinary) return std::nullopt;
  options.delimiter = given.delimiter ? (*given.delimiter)[0] : (csv ? ',' : '\t');
  options.null = given.null_string.value_or(csv ? "" : "\\N");
  options.header = given.header.value_or(false);
  if (csv) {
    options.quote = given.quote ? (*given.quote)[0] : '"';
    options.escape = given.escape ? (*given.escape)[0] : *options.quote;
  }
  options.force_quote_all = given.force_quote_all;
  options.force_quote = given.force_quote.value_or(std::vector<std::string>{});
  copy.force_not_null = given.force_not_null.value_or(std::vector<std::string>{});
  copy.force_null = given.force_null.value_or(std::vector<std::string>{});
  if (options.delimiter == '\n' || options.delimiter == '\r') {
    return CommandError{"22023", "COPY delimiter cannot be newline or carriage return"};
  }
  if (options.null->find_first_of("\r\n") != std::string::npos) {
    return CommandError{"22023", "COPY null representation cannot use newline or carriage return"};
  }
  if (csv && options.delimiter == options.quote) {
    return CommandError{"22023", "COPY delimiter and quote must be different"};
  }
  if (options.format == CopyFormat::kText && options.delimiter == '\\') {
    return CommandError{"22023", "COPY delimiter cannot be \"\\\""};
  }
  return std::nullopt;
}

}  // namespace

std::optional<Classified> parse_copy_statement(TokenReader& tokens) {
  CopyCommand copy;
  GivenOptions given;
  if (tokens.accept_keyword("binary")) given.format = CopyFormat::kBinary;
  if (auto query = tokens.accept_parenthesized()) {
    copy.query = std::string(*query);
  } else {
    do {
      auto part = tokens.accept_identifier();
      if (!part) return std::nullopt;
      copy.table.push_back(std::move(*part));
    } while (tokens.accept_symbol('.'));
    if (tokens.peek_symbol('(')) {
      auto columns = identifier_list(tokens, true);
      if (!columns) return Classified{syntax(tokens)};
      copy.columns = std::move(*columns);
    }
  }
  if (tokens.accept_keyword("from")) {
    copy.from_stdin = true;
    if (!tokens.accept_keyword("stdin")) return std::nullopt;
  } else if (tokens.accept_keyword("to")) {
    if (!tokens.accept_keyword("stdout")) return std::nullopt;
  } else {
    return std::nullopt;
  }
  if (copy.from_stdin && !copy.query.empty()) {
    return Classified{CommandError{"42601", "COPY FROM STDIN needs a table, not a query"}};
  }
  tokens.accept_keyword("with");
  std::optional<CommandError> error;
  if (tokens.accept_symbol('(')) {
    error = parse_option_list(tokens, given);
  } else {
    error = parse_old_options(tokens, given);
  }
  if (!error && tokens.accept_keyword("where")) {
    error = unsupported("COPY FROM STDIN ... WHERE is not supported by duckwire");
  }
  if (!error) {
    tokens.accept_symbol(';');
    if (!tokens.done()) error = syntax(tokens);
  }
  if (!error) error = resolve(given, copy);
  if (error) return Classified{*error};
  return Classified{ParsedCommand{std::move(copy)}};
}

bool operator==(const CopyCommand& a, const CopyCommand& b) {
  const auto& x = a.options;
  const auto& y = b.options;
  const bool same_options = x.format == y.format && x.delimiter == y.delimiter && x.null == y.null &&
                            x.header == y.header && x.quote == y.quote && x.escape == y.escape &&
                            x.force_quote_all == y.force_quote_all && x.force_quote == y.force_quote;
  return same_options && a.from_stdin == b.from_stdin && a.table == b.table && a.columns == b.columns &&
         a.query == b.query && a.force_not_null == b.force_not_null && a.force_null == b.force_null;
}

}  // namespace duckwire::pgwire::commands
