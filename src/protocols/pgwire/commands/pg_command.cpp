#include "protocols/pgwire/commands/pg_command.hpp"

#include <algorithm>

#include "protocols/pgwire/commands/copy_statement.hpp"
#include "protocols/pgwire/commands/guc_definitions.hpp"
#include "protocols/pgwire/commands/token_reader.hpp"
#include "util/ascii.hpp"

namespace duckwire::pgwire::commands {

namespace {

using Parsed = std::optional<Classified>;

Parsed syntax_error(const TokenReader& tokens) {
  return Classified{CommandError{"42601", tokens.syntax_error()}};
}

// The statement must end here (a trailing semicolon allowed).
Parsed finish(TokenReader& tokens, ParsedCommand command) {
  tokens.accept_symbol(';');
  if (!tokens.done()) return syntax_error(tokens);
  return Classified{std::move(command)};
}

bool accept_work_or_transaction(TokenReader& tokens) {
  return tokens.accept_keyword("work") || tokens.accept_keyword("transaction");
}

// ISOLATION LEVEL ..., READ ONLY | READ WRITE, [NOT] DEFERRABLE, in any order, commas optional.
bool parse_transaction_modes(TokenReader& tokens, TransactionModes& modes) {
  bool first = true;
  while (!tokens.done() && !tokens.peek_symbol(';')) {
    if (!first) tokens.accept_symbol(',');
    first = false;
    if (tokens.accept_keywords({"isolation", "level"})) {
      if (tokens.accept_keyword("serializable")) {
        modes.isolation = IsolationLevel::kSerializable;
      } else if (tokens.accept_keywords({"repeatable", "read"})) {
        modes.isolation = IsolationLevel::kRepeatableRead;
      } else if (tokens.accept_keywords({"read", "committed"})) {
        modes.isolation = IsolationLevel::kReadCommitted;
      } else if (tokens.accept_keywords({"read", "uncommitted"})) {
        modes.isolation = IsolationLevel::kReadUncommitted;
      } else {
        return false;
      }
    } else if (tokens.accept_keywords({"read", "only"})) {
      modes.read_only = true;
    } else if (tokens.accept_keywords({"read", "write"})) {
      modes.read_only = false;
    } else if (tokens.accept_keyword("deferrable")) {
      modes.deferrable = true;
    } else if (tokens.accept_keywords({"not", "deferrable"})) {
      modes.deferrable = false;
    } else {
      return false;
    }
  }
  return true;
}

Parsed parse_modes_command(TokenReader& tokens, auto command) {
  if (!parse_transaction_modes(tokens, command.modes)) return syntax_error(tokens);
  return finish(tokens, std::move(command));
}

// A setting's name: an identifier, or a dotted placeholder name (`myapp.user_id`).
std::optional<std::string> setting_name(TokenReader& tokens) {
  auto name = tokens.accept_identifier();
  while (name && tokens.accept_symbol('.')) {
    auto part = tokens.accept_identifier();
    if (!part) return std::nullopt;
    *name += "." + *part;
  }
  return name;
}

bool claimed_setting(std::string_view name) {
  return find_guc(name) != nullptr || is_placeholder_name(name);
}

Parsed parse_set_values(TokenReader& tokens, SetCommand set) {
  if (tokens.accept_keyword("default")) return finish(tokens, std::move(set));
  do {
    bool quoted = false;
    auto value = tokens.accept_value(&quoted);
    if (!value) return syntax_error(tokens);
    set.values.push_back(std::move(*value));
    set.quoted.push_back(quoted);
  } while (tokens.accept_symbol(','));
  return finish(tokens, std::move(set));
}

Parsed parse_set(TokenReader& tokens) {
  SetCommand set;
  if (tokens.accept_keyword("local")) {
    set.local = true;
  } else if (tokens.accept_keywords({"session", "characteristics", "as", "transaction"})) {
    return parse_modes_command(tokens, SetTransactionCommand{true, {}});
  } else {
    tokens.accept_keyword("session");
  }
  if (tokens.accept_keyword("transaction")) {
    if (tokens.peek_keyword("snapshot")) return std::nullopt;
    return parse_modes_command(tokens, SetTransactionCommand{false, {}});
  }
  if (tokens.accept_keywords({"time", "zone"})) {
    set.name = "timezone";
    if (tokens.accept_keyword("local")) return finish(tokens, std::move(set));
    return parse_set_values(tokens, std::move(set));
  }
  if (tokens.accept_keyword("names")) {
    set.name = "client_encoding";
    return parse_set_values(tokens, std::move(set));
  }
  if (tokens.accept_keyword("schema")) {
    set.name = "search_path";
    return parse_set_values(tokens, std::move(set));
  }
  auto name = setting_name(tokens);
  if (!name || !claimed_setting(*name)) return std::nullopt;
  set.name = std::move(*name);
  if (!tokens.accept_keyword("to") && !tokens.accept_symbol('=')) return syntax_error(tokens);
  return parse_set_values(tokens, std::move(set));
}

Parsed parse_reset(TokenReader& tokens) {
  if (tokens.accept_keyword("all")) return finish(tokens, ResetCommand{});
  if (tokens.accept_keywords({"time", "zone"})) return finish(tokens, ResetCommand{"timezone"});
  auto name = setting_name(tokens);
  if (!name || !claimed_setting(*name)) return std::nullopt;
  return finish(tokens, ResetCommand{std::move(*name)});
}

Parsed parse_show(TokenReader& tokens) {
  if (tokens.accept_keyword("all")) return finish(tokens, ShowCommand{"all"});
  if (tokens.accept_keywords({"transaction", "isolation", "level"})) {
    return finish(tokens, ShowCommand{"transaction_isolation"});
  }
  if (tokens.accept_keywords({"time", "zone"})) return finish(tokens, ShowCommand{"timezone"});
  auto name = setting_name(tokens);
  if (!name || !claimed_setting(*name)) return std::nullopt;
  return finish(tokens, ShowCommand{std::move(*name)});
}

// ROLLBACK [WORK|TRANSACTION] TO [SAVEPOINT] name; other ROLLBACK forms are the session's.
Parsed parse_rollback_to(TokenReader& tokens) {
  accept_work_or_transaction(tokens);
  if (!tokens.accept_keyword("to")) return std::nullopt;
  tokens.accept_keyword("savepoint");
  auto name = tokens.accept_identifier();
  if (!name) return syntax_error(tokens);
  return finish(tokens, SavepointCommand{SavepointCommand::Action::kRollbackTo, std::move(*name)});
}

// BEGIN or START TRANSACTION with modes; without any, the session's own.
Parsed parse_begin(TokenReader& tokens, bool start_transaction) {
  BeginCommand begin;
  begin.start_transaction = start_transaction;
  if (!parse_transaction_modes(tokens, begin.modes)) return syntax_error(tokens);
  if (begin.modes == TransactionModes{}) return std::nullopt;
  return finish(tokens, std::move(begin));
}

Parsed parse_savepoint(TokenReader& tokens, SavepointCommand::Action action) {
  if (action == SavepointCommand::Action::kRelease) tokens.accept_keyword("savepoint");
  auto name = tokens.accept_identifier();
  if (!name) return syntax_error(tokens);
  return finish(tokens, SavepointCommand{action, std::move(*name)});
}

Parsed parse_discard(TokenReader& tokens) {
  using Target = DiscardCommand::Target;
  if (tokens.accept_keyword("all")) return finish(tokens, DiscardCommand{Target::kAll});
  if (tokens.accept_keyword("plans")) return finish(tokens, DiscardCommand{Target::kPlans});
  if (tokens.accept_keyword("sequences")) return finish(tokens, DiscardCommand{Target::kSequences});
  if (tokens.accept_keyword("temp") || tokens.accept_keyword("temporary")) {
    return finish(tokens, DiscardCommand{Target::kTemp});
  }
  return syntax_error(tokens);
}

Parsed parse_deallocate(TokenReader& tokens) {
  tokens.accept_keyword("prepare");
  if (tokens.accept_keyword("all")) return finish(tokens, DeallocateCommand{});
  auto name = tokens.accept_identifier();
  if (!name) return syntax_error(tokens);
  return finish(tokens, DeallocateCommand{std::move(*name)});
}

Parsed parse_listen(TokenReader& tokens) {
  auto channel = tokens.accept_identifier();
  if (!channel) return syntax_error(tokens);
  return finish(tokens, ListenCommand{std::move(*channel)});
}

Parsed parse_unlisten(TokenReader& tokens) {
  if (tokens.accept_symbol('*')) return finish(tokens, UnlistenCommand{});
  auto channel = tokens.accept_identifier();
  if (!channel) return syntax_error(tokens);
  return finish(tokens, UnlistenCommand{std::move(*channel)});
}

Parsed parse_notify(TokenReader& tokens) {
  NotifyCommand notify;
  auto channel = tokens.accept_identifier();
  if (!channel) return syntax_error(tokens);
  notify.channel = std::move(*channel);
  if (tokens.accept_symbol(',')) {
    auto payload = tokens.accept_string();
    if (!payload) return syntax_error(tokens);
    notify.payload = std::move(*payload);
  }
  return finish(tokens, std::move(notify));
}

Parsed parse_declare(TokenReader& tokens) {
  DeclareCursorCommand declare;
  auto name = tokens.accept_identifier();
  if (!name) return syntax_error(tokens);
  declare.name = std::move(*name);
  while (!tokens.accept_keyword("cursor")) {
    if (tokens.accept_keyword("binary")) {
      declare.binary = true;
    } else if (tokens.accept_keyword("asensitive") || tokens.accept_keyword("insensitive")) {
    } else if (tokens.accept_keywords({"no", "scroll"})) {
      declare.scroll = false;
    } else if (tokens.accept_keyword("scroll")) {
      declare.scroll = true;
    } else {
      return syntax_error(tokens);
    }
  }
  if (tokens.accept_keywords({"with", "hold"})) {
    declare.hold = true;
  } else {
    tokens.accept_keywords({"without", "hold"});
  }
  if (!tokens.accept_keyword("for") || tokens.done()) return syntax_error(tokens);
  declare.query = std::string(tokens.rest());
  return Classified{ParsedCommand{std::move(declare)}};
}

// FETCH/MOVE's direction; false when the next word is no direction (FETCH cursor_name).
bool parse_direction(TokenReader& tokens, FetchCommand& fetch) {
  using Direction = FetchCommand::Direction;
  const auto count_or_all = [&](Direction direction) {
    fetch.direction = direction;
    if (tokens.accept_keyword("all")) {
      fetch.all = true;
    } else if (auto count = tokens.accept_integer()) {
      fetch.count = *count;
    }
    return true;
  };
  if (tokens.accept_keyword("next")) return true;
  if (tokens.accept_keyword("prior")) return fetch.direction = Direction::kBackward, true;
  if (tokens.accept_keyword("first")) return fetch.direction = Direction::kAbsolute, true;
  if (tokens.accept_keyword("last")) return fetch.direction = Direction::kAbsolute, fetch.count = -1, true;
  if (tokens.accept_keyword("forward")) return count_or_all(Direction::kForward);
  if (tokens.accept_keyword("backward")) return count_or_all(Direction::kBackward);
  if (tokens.accept_keyword("all")) return fetch.all = true, true;
  const bool absolute = tokens.accept_keyword("absolute");
  if (absolute || tokens.accept_keyword("relative")) {
    fetch.direction = absolute ? Direction::kAbsolute : Direction::kRelative;
    auto count = tokens.accept_integer();
    if (!count) return false;
    fetch.count = *count;
    return true;
  }
  if (auto count = tokens.accept_integer()) {
    fetch.count = *count;
    return true;
  }
  return true;
}

Parsed parse_fetch(TokenReader& tokens, bool move) {
  FetchCommand fetch;
  fetch.move = move;
  if (!parse_direction(tokens, fetch)) return syntax_error(tokens);
  if (!tokens.accept_keyword("from")) tokens.accept_keyword("in");
  auto name = tokens.accept_identifier();
  if (!name) return syntax_error(tokens);
  fetch.cursor = std::move(*name);
  return finish(tokens, std::move(fetch));
}

Parsed parse_close(TokenReader& tokens) {
  if (tokens.accept_keyword("all")) return finish(tokens, CloseCommand{});
  auto name = tokens.accept_identifier();
  if (!name) return syntax_error(tokens);
  return finish(tokens, CloseCommand{std::move(*name)});
}

}  // namespace

std::optional<bool> accept_boolean(TokenReader& tokens) {
  if (tokens.accept_keyword("true")) return true;
  if (tokens.accept_keyword("false")) return false;
  const auto text = tokens.accept_string();
  if (!text) return std::nullopt;
  const std::string word = ascii_lower(*text);
  if (word == "t" || word == "true" || word == "on" || word == "1" || word == "y" || word == "yes") return true;
  if (word == "f" || word == "false" || word == "off" || word == "0" || word == "n" || word == "no") return false;
  return std::nullopt;
}

// set_config's value is read as a configuration file reads it: search_path's is a list of names.
SetCommand set_config_as_set(std::string name, const std::string& value, bool local) {
  SetCommand set{local, std::move(name), {}, {}};
  if (ascii_lower(set.name) != "search_path") {
    set.values.push_back(value);
    set.quoted.push_back(true);
    return set;
  }
  size_t start = 0;
  while (start <= value.size()) {
    const size_t comma = std::min(value.find(',', start), value.size());
    std::string item(value.substr(start, comma - start));
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    const bool quoted = item.size() >= 2 && item.front() == '"' && item.back() == '"';
    if (!item.empty()) {
      set.values.push_back(quoted ? item.substr(1, item.size() - 2) : ascii_lower(item));
      set.quoted.push_back(quoted);
    }
    start = comma + 1;
  }
  return set;
}

std::optional<Classified> classify_set_config(std::string_view statement) {
  TokenReader tokens(statement);
  if (!tokens.accept_keyword("select")) return std::nullopt;
  if (tokens.accept_keyword("pg_catalog") && !tokens.accept_symbol('.')) return std::nullopt;
  if (!tokens.accept_keyword("set_config") || !tokens.accept_symbol('(')) return std::nullopt;
  const auto name = tokens.accept_string();
  if (!name || !tokens.accept_symbol(',')) return std::nullopt;
  const auto value = tokens.accept_string();
  if (!value || !tokens.accept_symbol(',')) return std::nullopt;
  const auto local = accept_boolean(tokens);
  if (!local || !tokens.accept_symbol(')')) return std::nullopt;
  tokens.accept_symbol(';');
  if (!tokens.done() || !claimed_setting(*name)) return std::nullopt;
  return Classified{ParsedCommand{SetConfigCommand{set_config_as_set(*name, *value, *local)}}};
}

std::optional<Classified> classify(std::string_view statement) {
  if (auto set_config = classify_set_config(statement)) return set_config;
  TokenReader tokens(statement);
  if (tokens.accept_keyword("set")) return parse_set(tokens);
  if (tokens.accept_keyword("reset")) return parse_reset(tokens);
  if (tokens.accept_keyword("show")) return parse_show(tokens);
  if (tokens.accept_keyword("begin")) {
    accept_work_or_transaction(tokens);
    return parse_begin(tokens, false);
  }
  if (tokens.accept_keywords({"start", "transaction"})) return parse_begin(tokens, true);
  if (tokens.accept_keyword("rollback") || tokens.accept_keyword("abort")) return parse_rollback_to(tokens);
  if (tokens.accept_keyword("savepoint")) return parse_savepoint(tokens, SavepointCommand::Action::kDefine);
  if (tokens.accept_keyword("release")) return parse_savepoint(tokens, SavepointCommand::Action::kRelease);
  if (tokens.accept_keyword("discard")) return parse_discard(tokens);
  if (tokens.accept_keyword("deallocate")) return parse_deallocate(tokens);
  if (tokens.accept_keyword("listen")) return parse_listen(tokens);
  if (tokens.accept_keyword("unlisten")) return parse_unlisten(tokens);
  if (tokens.accept_keyword("notify")) return parse_notify(tokens);
  if (tokens.accept_keyword("declare")) return parse_declare(tokens);
  if (tokens.accept_keyword("fetch")) return parse_fetch(tokens, false);
  if (tokens.accept_keyword("move")) return parse_fetch(tokens, true);
  if (tokens.accept_keyword("close")) return parse_close(tokens);
  if (tokens.accept_keyword("copy")) return parse_copy_statement(tokens);
  return std::nullopt;
}

}  // namespace duckwire::pgwire::commands
