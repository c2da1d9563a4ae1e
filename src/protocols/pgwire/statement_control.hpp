#pragma once
// Who may stop the statement a PostgreSQL session runs, from other threads: the client's
// CancelRequest and the statement timeout. An interrupt reaches the engine only while a statement
// runs, so a cancel that arrives between statements does not hit the next one (as in PostgreSQL).

#include <chrono>
#include <mutex>
#include <optional>

#include "backend/backend.hpp"

namespace duckwire::pgwire {

class StatementControl {
 public:
  enum class Stop { kNone, kCancel, kTimeout };

  explicit StatementControl(Session& session) : session_(session) {}

  // Around each statement (its first worker trip to its last).
  void begin();
  void end();
  void stop(Stop reason);

  // The error to report when the engine says the statement was interrupted: 57014 with
  // PostgreSQL's words for a cancel or a timeout; other errors unchanged.
  Error describe(Error error) const;

 private:
  Session& session_;
  mutable std::mutex mutex_;
  bool running_ = false;
  Stop stopped_ = Stop::kNone;
};

}  // namespace duckwire::pgwire
