#include "protocols/pgwire/statement_control.hpp"

namespace duckwire::pgwire {

void StatementControl::interrupt_sessions() {
  session_.interrupt();
  if (client_text_ != nullptr) client_text_->interrupt();
}

void StatementControl::clear_interrupts() {
  session_.clear_interrupt();
  if (client_text_ != nullptr) client_text_->clear_interrupt();
}

void StatementControl::begin(std::shared_ptr<StatementPlace> place) {
  std::lock_guard lock(mutex_);
  place_ = std::move(place);
  clear_interrupts();
  running_ = true;
  stopped_ = Stop::kNone;
  if (cancel_pending_) {
    cancel_pending_ = false;
    stopped_ = Stop::kCancel;
    interrupt_sessions();
    place_->stop();
  }
}

void StatementControl::end() {
  std::lock_guard lock(mutex_);
  running_ = false;
  place_.reset();
}

void StatementControl::stop(Stop reason) {
  std::lock_guard lock(mutex_);
  if (!running_) {
    if (reason == Stop::kCancel && !idle_) cancel_pending_ = true;
    return;
  }
  if (stopped_ != Stop::kNone) return;
  stopped_ = reason;
  interrupt_sessions();
  place_->stop();
}

void StatementControl::set_idle(bool idle) {
  std::lock_guard lock(mutex_);
  idle_ = idle;
  if (idle) cancel_pending_ = false;
}

Error StatementControl::describe(Error error) const {
  if (error.kind != ErrorKind::kInterrupted) return error;
  std::lock_guard lock(mutex_);
  if (stopped_ == Stop::kTimeout)
    return Error{ErrorKind::kTimeout, "canceling statement due to statement timeout"};
  if (stopped_ == Stop::kCancel)
    return Error{ErrorKind::kInterrupted, "canceling statement due to user request"};
  return error;
}

}  // namespace duckwire::pgwire
