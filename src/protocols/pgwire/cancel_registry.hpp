#pragma once
// The sessions a CancelRequest may reach, by BackendKeyData: a process id unique among live sessions
// and a random secret. A request whose secret does not match (compared in constant time) does
// nothing, as in PostgreSQL. Thread-safe.

#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <utility>

namespace duckwire::pgwire {

class CancelTarget {
 public:
  virtual ~CancelTarget() = default;
  // Interrupts the statement running now, if any (called from any thread).
  virtual void cancel_running_statement() = 0;
};

struct BackendKey {
  int32_t process_id = 0;
  int32_t secret = 0;
};

class CancelRegistry {
 public:
  // Removes its session from the registry when destroyed.
  class Registration {
   public:
    Registration() = default;
    Registration(CancelRegistry* registry, BackendKey key) : registry_(registry), key_(key) {}
    Registration(Registration&& other) noexcept
        : registry_(std::exchange(other.registry_, nullptr)), key_(other.key_) {}
    Registration& operator=(Registration&& other) noexcept;
    ~Registration();
    const BackendKey& key() const { return key_; }

   private:
    CancelRegistry* registry_ = nullptr;
    BackendKey key_;
  };

  Registration add(std::weak_ptr<CancelTarget> target);
  // True when a session had this key (it was asked to cancel).
  bool cancel(const BackendKey& key);

 private:
  struct Entry {
    int32_t secret;
    std::weak_ptr<CancelTarget> target;
  };
  void remove(int32_t process_id);

  std::mutex mutex_;
  std::unordered_map<int32_t, Entry> sessions_;
  int32_t next_process_id_ = 0;
};

}  // namespace duckwire::pgwire
