#pragma once
// What the result spools may hold: memory and file bytes per WebSocket connection, and file bytes
// for the whole server. A connection's spools spill to their files one at a time (the spill turn), and
// the spool holding the turn waits while the connection's spooled-but-unsent bytes leave no room, until
// the client reads (back-pressure). Waiting never deadlocks: the bytes it waits for belong to complete
// results being sent, and when there are none (the result alone is over --spool-max-bytes, or the
// server's total is held by other connections) the result fails with an error naming the limit.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "core/async_event.hpp"
#include "core/metrics.hpp"
#include "util/error.hpp"

namespace duckwire {

// Why the query filling a spool was stopped; nullopt while it runs.
using StopCheck = std::function<std::optional<Error>()>;

// Bytes of spooled results one connection may keep in memory; the rest of its results wait in files.
class SpoolBudget {
 public:
  explicit SpoolBudget(uint64_t bytes) : available_(bytes) {}
  bool take(uint64_t bytes);
  void give_back(uint64_t bytes) { available_ += bytes; }

 private:
  uint64_t available_;
};

// File bytes of every spool of the server (--spool-max-total-bytes); thread-safe.
class SpoolFileTotal {
 public:
  SpoolFileTotal(uint64_t max_bytes, Metrics& metrics) : max_bytes_(max_bytes), metrics_(metrics) {}
  bool take(uint64_t bytes);
  void give_back(uint64_t bytes);
  uint64_t used() const { return used_.load(); }
  uint64_t max_bytes() const { return max_bytes_; }

 private:
  const uint64_t max_bytes_;
  Metrics& metrics_;
  std::atomic<uint64_t> used_{0};
};

// The spool allowance of one connection; use from the connection's strand only.
class SpoolAllowance {
 public:
  SpoolAllowance(boost::asio::any_io_executor executor, uint64_t memory_bytes, uint64_t file_bytes,
                 SpoolFileTotal& total, size_t max_producers = 2);

  // A result being produced into a spool (from before its query starts until its spool is complete).
  // Each holds a piece or two beyond the memory budget while it waits for room, so their number is
  // bounded (the connection's running-statement limit).
  class Producer {
   public:
    explicit Producer(SpoolAllowance* allowance) : allowance_(allowance) {}
    Producer(Producer&& other) noexcept : allowance_(std::exchange(other.allowance_, nullptr)) {}
    Producer& operator=(Producer&&) = delete;
    ~Producer();

   private:
    SpoolAllowance* allowance_;
  };
  // Waits for a producer's place; an error when `stopped` gives one meanwhile.
  boost::asio::awaitable<Result<Producer>> producer(const StopCheck& stopped);
  SpoolAllowance(const SpoolAllowance&) = delete;
  SpoolAllowance& operator=(const SpoolAllowance&) = delete;

  SpoolBudget& memory() { return memory_; }

  // The right to append to a spool file; hold it until the spool is complete or abandoned.
  boost::asio::awaitable<AsyncLock::Guard> spill_turn() { return spill_turn_.acquire(); }
  // Room for `bytes` more in the file of the spool holding the spill turn, which holds `own` file bytes
  // already. Waits while other (complete) spools of the connection take the room; an error when the
  // room cannot come, or the error `stopped` gives (the query was cancelled or timed out meanwhile).
  boost::asio::awaitable<Result<void>> reserve(uint64_t own, uint64_t bytes, const StopCheck& stopped);
  // File bytes a spool no longer holds (read to be sent, or the spool destroyed).
  void release(uint64_t bytes);
  // Lets waiting spools look again at their queries; waker() does so from a handler posted to the
  // connection's strand (a query stopped from another thread), also after the allowance is gone.
  void wake() { waiters_->wake_all(); }
  std::function<void()> waker() const {
    return [waiters = waiters_] { waiters->wake_all(); };
  }

  uint64_t file_bytes() const { return file_bytes_; }

 private:
  Result<void> refusal(uint64_t needed) const;

  SpoolBudget memory_;
  const uint64_t max_file_bytes_;
  const size_t max_producers_;
  size_t producers_ = 0;
  SpoolFileTotal& total_;
  AsyncLock spill_turn_;
  // Coroutines waiting for room or a producer's place; each has its own event, so that one waiter
  // going back to sleep cannot swallow another's wake-up.
  struct Waiters {
    boost::asio::any_io_executor executor;
    std::vector<std::shared_ptr<AsyncEvent>> events;
    boost::asio::awaitable<void> wait();
    void wake_all();
  };
  std::shared_ptr<Waiters> waiters_;
  uint64_t file_bytes_ = 0;  // held by this connection's spools
};

}  // namespace duckwire
