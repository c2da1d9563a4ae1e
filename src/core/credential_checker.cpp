#include "core/credential_checker.hpp"

namespace duckwire {

namespace {

constexpr auto kVerifiedTtl = std::chrono::seconds(60);
constexpr size_t kVerifiedCapacity = 1024;

std::string principal_of(const Authenticator& auth, const HttpCredential& credential) {
  if (const auto* basic = std::get_if<BasicCredentials>(&credential)) return "user:" + basic->user;
  return "token:" + std::to_string(auth.find_token(std::get<BearerToken>(credential).token).value_or(0));
}

}  // namespace

std::string lockout_message(std::chrono::seconds retry_after) {
  return "too many failed logins from this address: retry after " + std::to_string(retry_after.count()) +
         " s";
}

CredentialChecker::CredentialChecker(const Authenticator& auth, WorkerPool& workers, FailedLoginLimits limits)
    : auth_(auth), workers_(workers), verified_(kVerifiedTtl, kVerifiedCapacity), failures_(limits) {}

boost::asio::awaitable<CredentialVerdict> CredentialChecker::check(HttpCredential credential,
                                                                   std::string address) {
  const auto* basic = std::get_if<BasicCredentials>(&credential);
  const auto now = VerifiedPasswords::Clock::now();
  // A verified password passes even while its address is locked out: the cache holds no wrong ones.
  if (basic != nullptr && verified_.contains(basic->user, basic->password, now)) {
    co_return CredentialVerdict{CredentialVerdict::Kind::kGranted, principal_of(auth_, credential), {}};
  }
  if (auto refusal = lockout_of(address)) co_return *refusal;
  co_return co_await check_despite_lockout(std::move(credential), std::move(address));
}

boost::asio::awaitable<CredentialVerdict> CredentialChecker::check_despite_lockout(HttpCredential credential,
                                                                                   std::string address) {
  bool valid = false;
  const auto* basic = std::get_if<BasicCredentials>(&credential);
  if (basic != nullptr && verified_.contains(basic->user, basic->password, VerifiedPasswords::Clock::now())) {
    valid = true;
  } else if (basic != nullptr) {
    valid = co_await workers_.run([&] { return verify(credential); });
  } else {
    valid = verify(credential);  // a token costs one SHA-256: no hop needed
  }
  co_return settle(valid, credential, address);
}

FailedLogins::Clock::duration CredentialChecker::lockout_left(std::string_view address) const {
  return failures_.lockout(address, FailedLogins::Clock::now());
}

CredentialVerdict CredentialChecker::check_here(const HttpCredential& credential, std::string_view address) {
  const auto* basic = std::get_if<BasicCredentials>(&credential);
  if (basic != nullptr && verified_.contains(basic->user, basic->password, VerifiedPasswords::Clock::now())) {
    return CredentialVerdict{CredentialVerdict::Kind::kGranted, principal_of(auth_, credential), {}};
  }
  if (auto refusal = lockout_of(address)) return *refusal;
  return settle(verify(credential), credential, address);
}

CredentialVerdict CredentialChecker::check_token(std::string token, std::string_view address) {
  return check_here(BearerToken{std::move(token)}, address);
}

std::optional<CredentialVerdict> CredentialChecker::lockout_of(std::string_view address) {
  const auto wait = failures_.lockout(address, FailedLogins::Clock::now());
  if (wait.count() <= 0) return std::nullopt;
  const auto seconds = std::chrono::ceil<std::chrono::seconds>(wait);
  return CredentialVerdict{CredentialVerdict::Kind::kLockedOut, {}, seconds};
}

void CredentialChecker::record_outcome(bool valid, std::string_view address) {
  if (valid) {
    failures_.succeeded(address);
  } else {
    failures_.failed(address, FailedLogins::Clock::now());
  }
}

CredentialVerdict CredentialChecker::settle(bool valid, const HttpCredential& credential,
                                            std::string_view address) {
  record_outcome(valid, address);
  if (!valid) return CredentialVerdict{};
  return CredentialVerdict{CredentialVerdict::Kind::kGranted, principal_of(auth_, credential), {}};
}

bool CredentialChecker::verify(const HttpCredential& credential) {
  if (!auth_.check(credential)) return false;
  if (const auto* basic = std::get_if<BasicCredentials>(&credential))
    verified_.remember(basic->user, basic->password, VerifiedPasswords::Clock::now());
  return true;
}

}  // namespace duckwire
