#pragma once
// Checks the credentials an HTTP request or upgrade carries without stalling an I/O thread: a
// password is derived (PBKDF2) on the worker pool, a password verified a moment ago is accepted from
// a cache, and an address that keeps failing is locked out for longer and longer.

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/auth.hpp"
#include "core/failed_logins.hpp"
#include "core/verified_passwords.hpp"
#include "core/worker_pool.hpp"

namespace duckwire {

struct CredentialVerdict {
  enum class Kind { kGranted, kDenied, kLockedOut };
  Kind kind = Kind::kDenied;
  // Who, when granted: "user:NAME" or "token:N" (its place among the configured tokens).
  std::string principal;
  std::chrono::seconds retry_after{0};  // when locked out
};

// The refusal text for an address that is locked out, the same at every door.
std::string lockout_message(std::chrono::seconds retry_after);

class CredentialChecker {
 public:
  CredentialChecker(const Authenticator& auth, WorkerPool& workers, FailedLoginLimits limits = {});

  const Authenticator& authenticator() const { return auth_; }

  // `address` is the client's network address, the unit of the lockout.
  boost::asio::awaitable<CredentialVerdict> check(HttpCredential credential, std::string address);
  // check() for a caller already on a worker thread: a password is derived on this thread.
  CredentialVerdict check_here(const HttpCredential& credential, std::string_view address);
  // A bearer token sent in-band (SQLRooms' auth message), checked at once (one SHA-256) and counted
  // in the same per-address lockout as the credentials of HTTP requests.
  CredentialVerdict check_token(std::string token, std::string_view address);

  // The refusal while `address` is locked out, and the outcome of a check a door made itself (SCRAM and
  // md5 exchanges), counted for or against `address`.
  std::optional<CredentialVerdict> lockout_of(std::string_view address);
  void record_outcome(bool valid, std::string_view address);

  // For a door that slows a failing address down instead of refusing it (PostgreSQL): how much of its
  // lockout is left, and a check that is never refused unchecked, counted for or against `address`.
  FailedLogins::Clock::duration lockout_left(std::string_view address) const;
  boost::asio::awaitable<CredentialVerdict> check_despite_lockout(HttpCredential credential, std::string address);

 private:
  bool verify(const HttpCredential& credential);
  // The verdict on a checked credential, counted for or against `address`.
  CredentialVerdict settle(bool valid, const HttpCredential& credential, std::string_view address);

  const Authenticator& auth_;
  WorkerPool& workers_;
  VerifiedPasswords verified_;
  FailedLogins failures_;
};

}  // namespace duckwire
