#include "core/admission.hpp"

#include <algorithm>
#include <string>
#include <utility>

namespace duckwire {

struct Admission::Ticket {
  AdmissionOwner owner;
  Protocol protocol;
  std::function<void()> on_running;
  enum class State { kWaiting, kRunning, kLeft } state = State::kWaiting;
};

Admission::Admission(AdmissionLimits limits, Metrics& metrics) : limits_(limits), metrics_(metrics) {}

AdmissionOwner Admission::new_owner() {
  std::lock_guard lock(mutex_);
  return next_owner_++;
}

Admission::Place& Admission::Place::operator=(Place&& other) noexcept {
  if (this != &other) {
    leave();
    admission_ = std::exchange(other.admission_, nullptr);
    ticket_ = std::move(other.ticket_);
  }
  return *this;
}

bool Admission::Place::running() const {
  if (admission_ == nullptr) return false;
  std::lock_guard lock(admission_->mutex_);
  return ticket_->state == Ticket::State::kRunning;
}

void Admission::Place::leave() {
  if (admission_ == nullptr) return;
  std::exchange(admission_, nullptr)->leave(ticket_);
  ticket_.reset();
}

Result<Admission::Place> Admission::enter(AdmissionOwner owner, Protocol protocol,
                                          std::function<void()> on_running) {
  auto ticket = std::make_shared<Ticket>(Ticket{owner, protocol, std::move(on_running)});
  std::lock_guard lock(mutex_);
  Owner& state = owners_[owner];
  if (state.waiting.empty() && state.running < limits_.running_per_owner &&
      running_ < limits_.running_total) {
    start(state, *ticket);
    return Place(this, std::move(ticket));
  }
  if (state.waiting.size() >= limits_.queued_per_owner) {
    return Error{ErrorKind::kUnavailable, "too many queries: this connection already has " +
                                              std::to_string(state.waiting.size()) +
                                              " waiting for their turn; wait for some to finish"};
  }
  if (state.waiting.empty()) turns_.push_back(owner);
  state.waiting.push_back(ticket);
  queued_++;
  metrics_.statement_queued(protocol, +1);
  return Place(this, std::move(ticket));
}

void Admission::start(Owner& owner, Ticket& ticket) {
  ticket.state = Ticket::State::kRunning;
  owner.running++;
  running_++;
  metrics_.statement_running(ticket.protocol, +1);
}

void Admission::leave(const std::shared_ptr<Ticket>& ticket) {
  std::vector<std::function<void()>> wake;
  {
    std::lock_guard lock(mutex_);
    const auto found = owners_.find(ticket->owner);
    Owner& owner = found->second;
    if (ticket->state == Ticket::State::kRunning) {
      owner.running--;
      running_--;
      metrics_.statement_running(ticket->protocol, -1);
    } else if (ticket->state == Ticket::State::kWaiting) {
      owner.waiting.erase(std::find(owner.waiting.begin(), owner.waiting.end(), ticket));
      queued_--;
      metrics_.statement_queued(ticket->protocol, -1);
      if (owner.waiting.empty()) turns_.erase(std::find(turns_.begin(), turns_.end(), ticket->owner));
    }
    ticket->state = Ticket::State::kLeft;
    if (owner.running == 0 && owner.waiting.empty()) owners_.erase(found);
    wake = admit_waiting();
  }
  for (auto& on_running : wake) on_running();
}

std::vector<std::function<void()>> Admission::admit_waiting() {
  std::vector<std::function<void()>> wake;
  while (running_ < limits_.running_total) {
    // The owner with the fewest statements running goes next, the earliest in turn among equals: a
    // client with nothing running is served before one that already runs something.
    auto next = turns_.end();
    size_t fewest = limits_.running_per_owner;
    for (auto it = turns_.begin(); it != turns_.end(); ++it) {
      const size_t running = owners_.at(*it).running;
      if (running < fewest) {
        fewest = running;
        next = it;
      }
    }
    if (next == turns_.end()) break;  // every waiting owner runs as much as it may
    const AdmissionOwner id = *next;
    turns_.erase(next);
    Owner& owner = owners_.at(id);
    std::shared_ptr<Ticket> ticket = std::move(owner.waiting.front());
    owner.waiting.pop_front();
    queued_--;
    metrics_.statement_queued(ticket->protocol, -1);
    start(owner, *ticket);
    wake.push_back(std::move(ticket->on_running));
    if (!owner.waiting.empty()) turns_.push_back(id);
  }
  return wake;
}

size_t Admission::running() const {
  std::lock_guard lock(mutex_);
  return running_;
}

size_t Admission::queued() const {
  std::lock_guard lock(mutex_);
  return queued_;
}

}  // namespace duckwire
