#pragma once
// Which of a running query's progress readings (Session::progress, polled every kProgressInterval)
// become query_progress messages: a known value (not -1) that moved forward since the last one sent,
// so that clients see it rise and never fall back.

#include <chrono>
#include <optional>

#include "backend/backend.hpp"

namespace duckwire::stream {

inline constexpr std::chrono::milliseconds kProgressInterval{100};

class ProgressThrottle {
 public:
  // The reading to send, or nullopt to send nothing for it.
  std::optional<Progress> next(const Progress& reading);

 private:
  double last_percentage_ = -1;
  uint64_t last_rows_ = 0;
};

}  // namespace duckwire::stream
