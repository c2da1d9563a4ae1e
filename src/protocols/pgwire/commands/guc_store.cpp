#include "protocols/pgwire/commands/guc_store.hpp"

#include <algorithm>

#include "util/ascii.hpp"

namespace duckwire::pgwire::commands {

namespace {

CommandError unrecognized(std::string_view name) {
  return CommandError{"42704", "unrecognized configuration parameter \"" + std::string(name) + "\""};
}

CommandError cannot_change(std::string_view name) {
  return CommandError{"55P02", "parameter \"" + std::string(name) + "\" cannot be changed"};
}

// The transaction_* settings live as long as their transaction; outside one they show the defaults.
std::optional<std::string_view> transaction_default_of(std::string_view key) {
  if (key == "transaction_isolation") return "default_transaction_isolation";
  if (key == "transaction_read_only") return "default_transaction_read_only";
  if (key == "transaction_deferrable") return "default_transaction_deferrable";
  return std::nullopt;
}

std::string joined(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& value : values) out += (out.empty() ? "" : ", ") + value;
  return out;
}

}  // namespace

std::optional<std::string> GucStore::key_of(std::string_view name) {
  if (const auto* definition = find_guc(name)) return std::string(definition->name);
  if (is_placeholder_name(name)) return ascii_lower(name);
  return std::nullopt;
}

std::optional<CommandError> GucStore::set_default(std::string_view name, std::string_view value) {
  const auto key = key_of(name);
  if (!key) return unrecognized(name);
  const auto* definition = find_guc(*key);
  if (definition == nullptr || definition->normalize == nullptr) {
    defaults_[*key] = std::string(value);
    return std::nullopt;
  }
  const std::vector<std::string> values{std::string(value)};
  const std::vector<bool> quoted{true};
  auto normalized = definition->normalize(definition->name, SetValues{values, quoted, effective(*key)});
  if (auto* error = std::get_if<CommandError>(&normalized)) return *error;
  defaults_[*key] = std::get<std::string>(std::move(normalized));
  return std::nullopt;
}

std::string GucStore::effective(const std::string& key) const {
  if (transaction_) {
    if (auto found = transaction_->local.find(key); found != transaction_->local.end()) return found->second;
  }
  if (const auto fallback = transaction_default_of(key)) return effective(std::string(*fallback));
  if (auto found = session_.find(key); found != session_.end()) return found->second;
  if (auto found = defaults_.find(key); found != defaults_.end()) return found->second;
  const auto* definition = find_guc(key);
  return definition != nullptr ? std::string(definition->default_value) : std::string();
}

std::optional<std::string> GucStore::value(std::string_view name) const {
  const auto key = key_of(name);
  if (!key) return std::nullopt;
  const bool known = find_guc(*key) != nullptr || session_.count(*key) > 0 || defaults_.count(*key) > 0 ||
                     (transaction_ && transaction_->local.count(*key) > 0);
  if (!known) return std::nullopt;
  return effective(*key);
}

SettingChange GucStore::change_of(const std::string& key) const {
  const auto* definition = find_guc(key);
  return SettingChange{key, effective(key), definition != nullptr && definition->reported};
}

SetOutcome GucStore::assign(const std::string& key, const SetCommand& command) {
  const auto* definition = find_guc(key);
  if (definition != nullptr && definition->normalize == nullptr) return cannot_change(definition->name);
  std::string value;
  if (command.values.empty()) {
    auto found = defaults_.find(key);
    value = found != defaults_.end() ? found->second
            : definition != nullptr  ? std::string(definition->default_value)
                                     : std::string();
  } else if (definition == nullptr) {
    value = joined(command.values);
  } else {
    auto normalized =
        definition->normalize(definition->name, SetValues{command.values, command.quoted, effective(key)});
    if (auto* error = std::get_if<CommandError>(&normalized)) return *error;
    value = std::get<std::string>(std::move(normalized));
  }
  const bool transaction_scoped = command.local || transaction_default_of(key).has_value();
  if (transaction_scoped) {
    if (transaction_) transaction_->local[key] = std::move(value);
  } else {
    session_[key] = std::move(value);
    if (transaction_) transaction_->local.erase(key);
  }
  return change_of(key);
}

SetOutcome GucStore::set(const SetCommand& command) {
  const auto key = key_of(command.name);
  if (!key) return unrecognized(command.name);
  return assign(*key, command);
}

SetOutcome GucStore::reset(std::string_view name) {
  const auto key = key_of(name);
  if (!key) return unrecognized(name);
  return assign(*key, SetCommand{false, std::string(name), {}, {}});
}

std::map<std::string, std::string> GucStore::snapshot() const {
  std::map<std::string, std::string> values;
  for (const auto& definition : guc_definitions()) {
    const std::string key(definition.name);
    values[key] = effective(key);
  }
  for (const auto& entry : session_) values[entry.first] = effective(entry.first);
  if (transaction_) {
    for (const auto& entry : transaction_->local) values[entry.first] = effective(entry.first);
  }
  return values;
}

std::vector<SettingChange> GucStore::changes_since(const std::map<std::string, std::string>& before) const {
  std::vector<SettingChange> changes;
  const auto now = snapshot();
  for (const auto& [key, value] : now) {
    auto old = before.find(key);
    if (old == before.end() || old->second != value) changes.push_back(change_of(key));
  }
  return changes;
}

std::vector<SettingChange> GucStore::reset_all() {
  const auto before = snapshot();
  for (auto it = session_.begin(); it != session_.end();) {
    const auto* definition = find_guc(it->first);
    if (definition == nullptr) {
      it->second.clear();  // a placeholder stays defined, empty, as in PostgreSQL
      ++it;
    } else {
      it = session_.erase(it);
    }
  }
  if (transaction_) {
    std::erase_if(transaction_->local,
                  [](const auto& entry) { return !transaction_default_of(entry.first); });
  }
  return changes_since(before);
}

void GucStore::begin_transaction(const TransactionModes& modes) {
  transaction_ = Transaction{session_, {}};
  set_transaction_modes(modes);
}

void GucStore::set_transaction_modes(const TransactionModes& modes) {
  if (!transaction_) return;
  if (modes.isolation) {
    transaction_->local["transaction_isolation"] = std::string(isolation_level_name(*modes.isolation));
  }
  if (modes.read_only) transaction_->local["transaction_read_only"] = *modes.read_only ? "on" : "off";
  if (modes.deferrable) transaction_->local["transaction_deferrable"] = *modes.deferrable ? "on" : "off";
}

std::vector<SettingChange> GucStore::end_transaction(bool committed) {
  if (!transaction_) return {};
  const auto before = snapshot();
  if (!committed) session_ = std::move(transaction_->session_before);
  transaction_.reset();
  auto changes = changes_since(before);
  // Placeholders first set in a rolled-back transaction are gone; report none of them.
  std::erase_if(changes, [&](const SettingChange& change) { return !value(change.name).has_value(); });
  return changes;
}

std::vector<std::pair<std::string, std::string>> GucStore::all() const {
  std::vector<std::pair<std::string, std::string>> settings;
  for (const auto& [key, value] : snapshot()) settings.emplace_back(key, value);
  std::sort(settings.begin(), settings.end(),
            [](const auto& a, const auto& b) { return ascii_lower(a.first) < ascii_lower(b.first); });
  return settings;
}

std::vector<SettingChange> GucStore::reported() const {
  std::vector<SettingChange> settings;
  for (const auto& definition : guc_definitions()) {
    if (definition.reported) settings.push_back(change_of(std::string(definition.name)));
  }
  return settings;
}

}  // namespace duckwire::pgwire::commands
