#pragma once
// Fair admission of statements. Each statement belongs to an owner (a client connection); at most
// `running_per_owner` of an owner's statements execute at once and at most `running_total` in all, so
// one client can never take every worker. The rest wait in a queue per owner, and a freed place goes to
// the waiting owner with the fewest statements running (round-robin among equals), not to the oldest
// request, so a client with one query is not stuck behind another's hundred. Thread-safe.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/metrics.hpp"
#include "util/error.hpp"

namespace duckwire {

struct AdmissionLimits {
  size_t running_total = 12;
  size_t running_per_owner = 2;
  size_t queued_per_owner = 256;
};

// Whose statement it is: every connection takes one from Admission::new_owner().
using AdmissionOwner = uint64_t;

class Admission {
  struct Ticket;

 public:
  Admission(AdmissionLimits limits, Metrics& metrics);
  Admission(const Admission&) = delete;
  Admission& operator=(const Admission&) = delete;

  AdmissionOwner new_owner();
  const AdmissionLimits& limits() const { return limits_; }

  // A statement's place: waiting, then running. Leaving (destruction) frees the place for the next
  // owner in turn; a place given up while waiting just leaves the queue.
  class Place {
   public:
    Place() = default;
    Place(Admission* admission, std::shared_ptr<Ticket> ticket)
        : admission_(admission), ticket_(std::move(ticket)) {}
    Place(Place&& other) noexcept
        : admission_(std::exchange(other.admission_, nullptr)), ticket_(std::move(other.ticket_)) {}
    Place& operator=(Place&& other) noexcept;
    ~Place() { leave(); }

    bool running() const;
    // Entered and not left: waiting, running or paused.
    bool held() const { return admission_ != nullptr; }
    // Frees the place now.
    void leave();
    // A running statement that waits on its client: it frees its server-wide place but keeps its
    // owner's share (the owner's limit still counts it, so an owner cannot start more meanwhile).
    void pause();
    // A paused statement wants its server-wide place back: true when it runs at once; otherwise it waits,
    // ahead of its owner's other statements, and `on_running` is called as for enter().
    bool resume(std::function<void()> on_running);
    // resume() only when it can run at once; otherwise it stays paused.
    bool try_resume();

   private:
    Admission* admission_ = nullptr;
    std::shared_ptr<Ticket> ticket_;
  };

  // Asks for a place for one of `owner`'s statements. The place is running at once when the limits
  // allow it; otherwise it waits and `on_running` is called (on the thread that freed a place, with no
  // lock held) once it runs. An error when the owner already has `queued_per_owner` statements waiting.
  Result<Place> enter(AdmissionOwner owner, Protocol protocol, std::function<void()> on_running);
  // A running place when the limits allow one now, else nothing (never queues).
  std::optional<Place> try_enter(AdmissionOwner owner, Protocol protocol);

  size_t running() const;
  size_t queued() const;

 private:
  struct Owner {
    size_t running = 0;
    size_t paused = 0;  // running statements that wait on their client: no server-wide place
    std::deque<std::shared_ptr<Ticket>> waiting;
    size_t share() const { return running + paused; }
  };

  void leave(const std::shared_ptr<Ticket>& ticket);
  void pause(const std::shared_ptr<Ticket>& ticket);
  bool resume(const std::shared_ptr<Ticket>& ticket, std::function<void()> on_running, bool may_wait);
  // Starts waiting statements while places are free; returns their wake-ups to call unlocked.
  std::vector<std::function<void()>> admit_waiting();
  bool may_start_now(const Owner& owner) const;
  void start(Owner& owner, Ticket& ticket);

  const AdmissionLimits limits_;
  Metrics& metrics_;
  mutable std::mutex mutex_;
  uint64_t next_owner_ = 1;
  size_t running_ = 0;
  size_t queued_ = 0;
  std::unordered_map<AdmissionOwner, Owner> owners_;  // only owners with something running or waiting
  std::deque<AdmissionOwner> turns_;                  // owners with statements waiting, next turn first
};

}  // namespace duckwire
