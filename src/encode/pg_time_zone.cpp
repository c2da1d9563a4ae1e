#include "encode/pg_time_zone.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <mutex>
#include <unordered_map>

#include "encode/pg_zone_rules.hpp"
#include "util/ascii.hpp"

namespace duckwire::encode::pg {

namespace {

std::filesystem::path zone_directory() {
  const char* configured = std::getenv("TZDIR");
  return configured != nullptr && *configured != '\0' ? configured : "/usr/share/zoneinfo";
}

// Every file under the zone directory, by lower-case name, with its own spelling ("america/new_york" →
// "America/New_York"), as PostgreSQL matches TimeZone names. The posix/ and right/ copies are left out.
const std::unordered_map<std::string, std::string>& zone_names() {
  static const std::unordered_map<std::string, std::string> names = [] {
    std::unordered_map<std::string, std::string> all;
    const std::filesystem::path root = zone_directory();
    std::error_code error;
    for (auto it = std::filesystem::recursive_directory_iterator(root, error);
         !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
      const std::string name = it->path().lexically_relative(root).generic_string();
      if (it->is_directory(error)) {
        if (name == "posix" || name == "right") it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file(error)) all.emplace(ascii_lower(name), name);
    }
    return all;
  }();
  return names;
}

// The rules of zone file `name`, read once per process.
std::shared_ptr<const ZoneRules> zone_file(const std::string& name) {
  static std::mutex mutex;
  static std::unordered_map<std::string, std::shared_ptr<const ZoneRules>> cache;
  std::lock_guard lock(mutex);
  if (auto cached = cache.find(name); cached != cache.end()) return cached->second;
  std::ifstream file(zone_directory() / name, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  auto rules = ZoneRules::parse(bytes);
  std::shared_ptr<const ZoneRules> shared =
      rules ? std::make_shared<const ZoneRules>(std::move(*rules)) : nullptr;
  cache.emplace(name, shared);
  return shared;
}

}  // namespace

struct TimeZone::State {
  std::string name;
  std::shared_ptr<const ZoneRules> rules;  // null: UTC
  // The offset found last and the UTC seconds [from, until) it holds for.
  mutable OffsetSpan span{0, std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::min()};
};

TimeZone::TimeZone(std::unique_ptr<State> state) : state_(std::move(state)) {}
TimeZone::TimeZone(const TimeZone& other) : state_(std::make_unique<State>(*other.state_)) {}
TimeZone& TimeZone::operator=(const TimeZone& other) {
  if (this != &other) state_ = std::make_unique<State>(*other.state_);
  return *this;
}
TimeZone::TimeZone(TimeZone&&) noexcept = default;
TimeZone& TimeZone::operator=(TimeZone&&) noexcept = default;
TimeZone::~TimeZone() = default;

TimeZone TimeZone::utc() {
  auto state = std::make_unique<State>();
  state->name = "UTC";
  return TimeZone(std::move(state));
}

Result<TimeZone> TimeZone::find(std::string_view name) {
  const std::string lower = ascii_lower(name);
  if (lower == "utc" || lower == "z" || lower == "zulu") {
    auto zone = utc();
    zone.state_->name = std::string(name);
    return zone;
  }
  const auto& names = zone_names();
  if (auto known = names.find(lower); known != names.end() && lower.find("..") == std::string::npos) {
    if (auto rules = zone_file(known->second)) {
      auto state = std::make_unique<State>();
      state->name = known->second;
      state->rules = std::move(rules);
      return TimeZone(std::move(state));
    }
  }
  if (auto rule = parse_posix_rule(name)) {
    auto state = std::make_unique<State>();
    state->name = std::string(name);
    state->rules = std::make_shared<const ZoneRules>(ZoneRules::of(*rule));
    return TimeZone(std::move(state));
  }
  return Error{ErrorKind::kInvalidParameter,
               "invalid value for parameter \"TimeZone\": \"" + std::string(name) + "\""};
}

const std::string& TimeZone::name() const {
  return state_->name;
}

bool TimeZone::is_utc() const {
  return state_->rules == nullptr;
}

int32_t TimeZone::utc_offset_at(int64_t utc_micros) const {
  if (state_->rules == nullptr) return 0;
  const int64_t seconds = utc_micros / 1'000'000 - (utc_micros % 1'000'000 < 0 ? 1 : 0);
  OffsetSpan& span = state_->span;
  if (seconds < span.from || seconds >= span.until) span = state_->rules->offset_at(seconds);
  return span.offset;
}

}  // namespace duckwire::encode::pg
