#pragma once
// A statement's claim on fair admission (core/admission.hpp) over its whole life. It holds a
// server-wide place while a worker works for it and steps aside while it waits on its client: a client
// that stops reading needs no worker, so it must not keep one of the places every other client needs.
// Stepped aside, it still counts against its owner's limit (it holds a session and a piece of its
// result), and it takes a place again for its next piece, in turn with everyone else. stop() (a
// cancel, a timeout, the client leaving) ends a wait for a place and refuses every later one.
// take() and try_take() from the statement's strand; step_aside(), leave() and stop() from any thread.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <memory>
#include <mutex>

#include "core/admission.hpp"
#include "core/async_event.hpp"

namespace duckwire {

class StatementPlace {
 public:
  StatementPlace(Admission& admission, AdmissionOwner owner, Protocol protocol)
      : admission_(admission), owner_(owner), protocol_(protocol) {}
  StatementPlace(const StatementPlace&) = delete;
  StatementPlace& operator=(const StatementPlace&) = delete;

  // Waits for a place (at once when one is free). An error when the owner already has too many
  // statements waiting, or kInterrupted when the statement was stopped.
  boost::asio::awaitable<Result<void>> take();
  // A place now, or false without waiting (also when stopped).
  bool try_take();
  // Gives the server-wide place back and keeps the owner's share until the next take().
  void step_aside();
  // Gives everything back (the statement is over); nothing while a take() waits.
  void leave();
  void stop();
  bool stopped() const;

 private:
  Admission& admission_;
  const AdmissionOwner owner_;
  const Protocol protocol_;
  mutable std::mutex mutex_;
  Admission::Place place_;
  std::shared_ptr<AsyncEvent> turn_;  // while take() waits: set on its strand when the place runs
  boost::asio::any_io_executor home_;
  bool stopped_ = false;
};

}  // namespace duckwire
