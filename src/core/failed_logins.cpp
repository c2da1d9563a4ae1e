#include "core/failed_logins.hpp"

#include <algorithm>

namespace duckwire {

FailedLogins::FailedLogins(FailedLoginLimits limits) : limits_(limits) {}

FailedLogins::Clock::duration FailedLogins::lockout(std::string_view address, Clock::time_point now) const {
  std::lock_guard lock(mutex_);
  const auto found = records_.find(std::string(address));
  if (found == records_.end() || found->second.locked_until <= now) return Clock::duration::zero();
  return found->second.locked_until - now;
}

void FailedLogins::failed(std::string_view address, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto found = records_.find(std::string(address));
  if (found == records_.end()) {
    make_room(now);
    found = records_.emplace(std::string(address), Record{}).first;
  }
  Record& record = found->second;
  if (now - record.last_failure > limits_.forgive_after) record.failures = 0;
  record.failures += 1;
  record.last_failure = now;
  if (record.failures <= limits_.free_failures) return;
  const unsigned doublings = std::min(record.failures - limits_.free_failures - 1, 20u);
  const auto lockout =
      std::min<Clock::duration>(limits_.first_lockout * (1u << doublings), limits_.max_lockout);
  record.locked_until = now + lockout;
}

void FailedLogins::succeeded(std::string_view address) {
  std::lock_guard lock(mutex_);
  records_.erase(std::string(address));
}

void FailedLogins::make_room(Clock::time_point now) {
  if (records_.size() < limits_.max_addresses) return;
  std::erase_if(records_, [&](const auto& entry) {
    return now - entry.second.last_failure > limits_.forgive_after && entry.second.locked_until <= now;
  });
  if (records_.size() < limits_.max_addresses) return;
  records_.erase(std::min_element(records_.begin(), records_.end(), [](const auto& a, const auto& b) {
    return a.second.last_failure < b.second.last_failure;
  }));
}

}  // namespace duckwire
