#pragma once
// Slows down an address that keeps sending wrong credentials: after a few free failures every further
// one locks the address out for twice as long as the last (up to a ceiling), and while it is locked
// out its attempts are refused without being checked. A success, or a quiet spell, forgives.
// Bounded in addresses: when full, the address that failed longest ago is forgotten.

#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace duckwire {

struct FailedLoginLimits {
  unsigned free_failures = 5;
  std::chrono::milliseconds first_lockout{500};
  std::chrono::milliseconds max_lockout{60'000};
  std::chrono::milliseconds forgive_after{600'000};  // of no failure
  size_t max_addresses = 4096;
};

class FailedLogins {
 public:
  using Clock = std::chrono::steady_clock;

  explicit FailedLogins(FailedLoginLimits limits = {});

  // How long `address` must still wait; zero when it may try now.
  Clock::duration lockout(std::string_view address, Clock::time_point now) const;
  void failed(std::string_view address, Clock::time_point now);
  void succeeded(std::string_view address);

 private:
  struct Record {
    unsigned failures = 0;
    Clock::time_point last_failure;
    Clock::time_point locked_until;
  };
  void make_room(Clock::time_point now);

  const FailedLoginLimits limits_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Record> records_;
};

}  // namespace duckwire
