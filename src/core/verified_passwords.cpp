#include "core/verified_passwords.hpp"

#include <algorithm>
#include <string>

namespace duckwire {

VerifiedPasswords::VerifiedPasswords(Clock::duration ttl, size_t capacity) : ttl_(ttl), capacity_(capacity) {
  const std::vector<uint8_t> key = random_bytes(process_key_.size());
  std::copy(key.begin(), key.end(), process_key_.begin());
}

Sha256Digest VerifiedPasswords::key_of(std::string_view user, std::string_view password) const {
  // The user name cannot hold a NUL (it comes before the colon of a Basic credential), so the
  // separator keeps ("ab", "c") and ("a", "bc") apart.
  std::string input;
  input.reserve(user.size() + 1 + password.size());
  input.append(user).push_back('\0');
  input.append(password);
  const Sha256Digest key = hmac_sha256(process_key_, as_bytes(input));
  secure_wipe(input);
  return key;
}

bool VerifiedPasswords::contains(std::string_view user, std::string_view password,
                                 Clock::time_point now) const {
  const Sha256Digest key = key_of(user, password);
  std::lock_guard lock(mutex_);
  const auto found = expiry_.find(key);
  return found != expiry_.end() && found->second > now;
}

void VerifiedPasswords::remember(std::string_view user, std::string_view password, Clock::time_point now) {
  const Sha256Digest key = key_of(user, password);
  std::lock_guard lock(mutex_);
  if (expiry_.size() >= capacity_ && !expiry_.contains(key)) {
    std::erase_if(expiry_, [now](const auto& entry) { return entry.second <= now; });
    if (expiry_.size() >= capacity_) {
      expiry_.erase(std::min_element(expiry_.begin(), expiry_.end(),
                                     [](const auto& a, const auto& b) { return a.second < b.second; }));
    }
  }
  expiry_[key] = now + ttl_;
}

}  // namespace duckwire
