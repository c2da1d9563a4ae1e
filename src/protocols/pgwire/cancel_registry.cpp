#include "protocols/pgwire/cancel_registry.hpp"

#include <cstring>

#include "core/crypto.hpp"

namespace duckwire::pgwire {

namespace {

constexpr int32_t kFirstProcessId = 1000;

int32_t random_secret() {
  const auto bytes = random_bytes(sizeof(int32_t));
  int32_t secret = 0;
  std::memcpy(&secret, bytes.data(), sizeof(secret));
  return secret;
}

}  // namespace

CancelRegistry::Registration& CancelRegistry::Registration::operator=(Registration&& other) noexcept {
  if (this != &other) {
    if (registry_ != nullptr) registry_->remove(key_.process_id);
    registry_ = std::exchange(other.registry_, nullptr);
    key_ = other.key_;
  }
  return *this;
}

CancelRegistry::Registration::~Registration() {
  if (registry_ != nullptr) registry_->remove(key_.process_id);
}

CancelRegistry::Registration CancelRegistry::add(std::weak_ptr<CancelTarget> target) {
  std::lock_guard lock(mutex_);
  int32_t process_id = 0;
  do {
    if (next_process_id_ < kFirstProcessId || next_process_id_ == INT32_MAX)
      next_process_id_ = kFirstProcessId;
    process_id = next_process_id_++;
  } while (sessions_.contains(process_id));
  const BackendKey key{process_id, random_secret()};
  sessions_.emplace(process_id, Entry{key.secret, std::move(target)});
  return Registration(this, key);
}

bool CancelRegistry::cancel(const BackendKey& key) {
  std::shared_ptr<CancelTarget> target;
  {
    std::lock_guard lock(mutex_);
    const auto found = sessions_.find(key.process_id);
    if (found == sessions_.end()) return false;
    const int32_t expected = found->second.secret;
    const bool matches =
        constant_time_equal(std::span(reinterpret_cast<const uint8_t*>(&expected), sizeof(expected)),
                            std::span(reinterpret_cast<const uint8_t*>(&key.secret), sizeof(key.secret)));
    if (!matches) return false;
    target = found->second.target.lock();
  }
  if (target) target->cancel_running_statement();
  return target != nullptr;
}

void CancelRegistry::remove(int32_t process_id) {
  std::lock_guard lock(mutex_);
  sessions_.erase(process_id);
}

}  // namespace duckwire::pgwire
