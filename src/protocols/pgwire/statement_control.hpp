#pragma once
// Who may stop the statement a PostgreSQL session runs, from other threads: the client's
// CancelRequest and the statement timeout. A stop reaches the engine and the statement's wait for an
// admission place while a statement is under way. A cancel that arrives while the session is idle does
// not hit the next statement (as in PostgreSQL); one that arrives after the client sent a statement the
// session has not started yet stops that statement as it starts (PostgreSQL would be running it).

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>

#include "backend/backend.hpp"
#include "core/statement_place.hpp"

namespace duckwire::pgwire {

class StatementControl {
 public:
  enum class Stop { kNone, kCancel, kTimeout, kShutdown };

  // `client_text`: a backend session of the client's own statements (Backend::dialect), stopped too.
  explicit StatementControl(Session& session, Session* client_text = nullptr)
      : session_(session), client_text_(client_text) {}

  // Around each statement (from its wait for a place to its last worker trip).
  void begin(std::shared_ptr<StatementPlace> place);
  void end();
  void stop(Stop reason);
  // The session has answered everything it received (ReadyForQuery, nothing queued), or not.
  void set_idle(bool idle);

  // The error to report when the engine says the statement was interrupted: 57014 with
  // PostgreSQL's words for a cancel or a timeout, the server's shutdown as kUnavailable (FATAL 57P01);
  // other errors unchanged.
  Error describe(Error error) const;

 private:
  void interrupt_sessions();
  void clear_interrupts();

  Session& session_;
  Session* client_text_;
  mutable std::mutex mutex_;
  std::shared_ptr<StatementPlace> place_;
  bool running_ = false;
  Stop stopped_ = Stop::kNone;
  bool idle_ = true;
  bool cancel_pending_ = false;  // a cancel for a received statement that had not started
};

}  // namespace duckwire::pgwire
