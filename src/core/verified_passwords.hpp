#pragma once
// Passwords verified a moment ago, so that a client sending the same Basic credentials with every
// request pays the deliberately slow PBKDF2 derivation once per TTL, not once per request.
//
// Entries are keyed by HMAC-SHA-256(user, password) under a key drawn at start for this process: a
// password is never kept, and a wrong password has another key, so it can never hit the cache.
// Bounded in entries; the one expiring first makes room.

#include <chrono>
#include <map>
#include <mutex>
#include <string_view>

#include "core/crypto.hpp"

namespace duckwire {

class VerifiedPasswords {
 public:
  using Clock = std::chrono::steady_clock;

  VerifiedPasswords(Clock::duration ttl, size_t capacity);

  bool contains(std::string_view user, std::string_view password, Clock::time_point now) const;
  void remember(std::string_view user, std::string_view password, Clock::time_point now);

 private:
  Sha256Digest key_of(std::string_view user, std::string_view password) const;

  const Clock::duration ttl_;
  const size_t capacity_;
  Sha256Digest process_key_{};
  mutable std::mutex mutex_;
  std::map<Sha256Digest, Clock::time_point> expiry_;
};

}  // namespace duckwire
