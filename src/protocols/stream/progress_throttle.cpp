#include "protocols/stream/progress_throttle.hpp"

#include <algorithm>

namespace duckwire::stream {

std::optional<Progress> ProgressThrottle::next(const Progress& reading) {
  if (reading.percentage < 0) return std::nullopt;
  const double percentage = std::min(reading.percentage, 100.0);
  if (percentage <= last_percentage_) return std::nullopt;
  last_percentage_ = percentage;
  Progress sent = reading;
  sent.percentage = percentage;
  // Rows processed never go back either (DuckDB counts per pipeline).
  sent.rows_processed = std::max(reading.rows_processed, last_rows_);
  last_rows_ = sent.rows_processed;
  return sent;
}

}  // namespace duckwire::stream
