#include "core/admission.hpp"

#include <algorithm>
#include <string>
#include <utility>

namespace duckwire {

struct Admission::Ticket {
  AdmissionOwner owner;
  Protocol protocol;
  std::function<void()> on_running;
  enum class State { kWaiting, kRunning, kPaused, kLeft } state = State::kWaiting;
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

void Admission::Place::pause() {
  if (admission_ != nullptr) admission_->pause(ticket_);
}

bool Admission::Place::resume(std::function<void()> on_running) {
  return admission_ != nullptr && admission_->resume(ticket_, std::move(on_running), true);
}

bool Admission::Place::try_resume() {
  return admission_ != nullptr && admission_->resume(ticket_, nullptr, false);
}

Result<Admission::Place> Admission::enter(AdmissionOwner owner, Protocol protocol,
                                          std::function<void()> on_running) {
  auto ticket = std::make_shared<Ticket>(Ticket{owner, protocol, std::move(on_running)});
  std::lock_guard lock(mutex_);
  Owner& state = owners_[owner];
  if (may_start_now(state)) {
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

std::optional<Admission::Place> Admission::try_enter(AdmissionOwner owner, Protocol protocol) {
  std::lock_guard lock(mutex_);
  const auto found = owners_.find(owner);
  if (!may_start_now(found == owners_.end() ? Owner{} : found->second)) return std::nullopt;
  auto ticket = std::make_shared<Ticket>(Ticket{owner, protocol, nullptr});
  start(owners_[owner], *ticket);
  return Place(this, std::move(ticket));
}

bool Admission::may_start_now(const Owner& owner) const {
  return owner.waiting.empty() && owner.share() < limits_.running_per_owner &&
         running_ < limits_.running_total;
}

void Admission::pause(const std::shared_ptr<Ticket>& ticket) {
  std::vector<std::function<void()>> wake;
  {
    std::lock_guard lock(mutex_);
    if (ticket->state != Ticket::State::kRunning) return;
    Owner& owner = owners_.at(ticket->owner);
    ticket->state = Ticket::State::kPaused;
    owner.running--;
    owner.paused++;
    running_--;
    metrics_.statement_running(ticket->protocol, -1);
    wake = admit_waiting();
  }
  for (auto& on_running : wake) on_running();
}

bool Admission::resume(const std::shared_ptr<Ticket>& ticket, std::function<void()> on_running,
                       bool may_wait) {
  std::lock_guard lock(mutex_);
  if (ticket->state == Ticket::State::kRunning) return true;
  if (ticket->state != Ticket::State::kPaused) return false;
  Owner& owner = owners_.at(ticket->owner);
  if (running_ < limits_.running_total) {
    owner.paused--;
    start(owner, *ticket);
    return true;
  }
  if (!may_wait) return false;
  owner.paused--;
  ticket->state = Ticket::State::kWaiting;
  ticket->on_running = std::move(on_running);
  if (owner.waiting.empty()) turns_.push_back(ticket->owner);
  owner.waiting.push_front(ticket);  // its owner's share is its own: it goes before the owner's others
  queued_++;
  metrics_.statement_queued(ticket->protocol, +1);
  return false;
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
    } else if (ticket->state == Ticket::State::kPaused) {
      owner.paused--;
    } else if (ticket->state == Ticket::State::kWaiting) {
      owner.waiting.erase(std::find(owner.waiting.begin(), owner.waiting.end(), ticket));
      queued_--;
      metrics_.statement_queued(ticket->protocol, -1);
      if (owner.waiting.empty()) turns_.erase(std::find(turns_.begin(), turns_.end(), ticket->owner));
    }
    ticket->state = Ticket::State::kLeft;
    if (owner.share() == 0 && owner.waiting.empty()) owners_.erase(found);
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
      const size_t running = owners_.at(*it).share();
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
