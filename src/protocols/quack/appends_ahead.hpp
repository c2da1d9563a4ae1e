#pragma once
// APPENDs answered before their rows are appended. While a client's transaction appends to one table
// through the connection's open appender, an APPEND of the same columns is taken without waiting for the
// connection's turn (which may be busy appending earlier rows: DuckDB writes an appender's rows out every
// 100 chunks), answered, and appended in order by a writer in the next turn. Rows going into an open
// appender cannot fail on their own; a failure is the answer to the client's next request. Bounded in
// bytes; thread-safe.

#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "protocols/quack/logical_type.hpp"
#include "protocols/quack/messages.hpp"

namespace duckwire::quack {

// A taken APPEND: its decoded request and the message it views.
struct TakenAppend {
  std::shared_ptr<const std::string> message;
  DecodedAppendRequest request;
};

class AppendsAhead {
 public:
  explicit AppendsAhead(size_t max_bytes) : max_bytes_(max_bytes) {}

  // Under the turn. From now on, APPENDs to `table` of chunks of `types` are taken (until stop()).
  void accept(std::vector<std::string> table, std::vector<LogicalType> types);
  // No more are taken; those taken stay until next() or discard().
  void stop();
  // The oldest taken APPEND; nullopt when none is left, which also marks the writer stopped.
  std::optional<TakenAppend> next();
  void discard();

  // Without the turn. Whether APPENDs are taken at all now.
  bool accepting();
  // Takes the APPEND (true) when accepted for its table and columns and within the
  // bound; `start_writer` tells whether the caller must start a writer (none is on its way or running).
  bool take(TakenAppend& append, const std::vector<std::string>& table, size_t bytes, bool& start_writer);

 private:
  const size_t max_bytes_;
  std::mutex mutex_;
  std::optional<std::vector<std::string>> table_;  // accepted, with `types_`
  std::vector<LogicalType> types_;
  std::deque<std::pair<TakenAppend, size_t>> taken_;  // with their bytes
  size_t bytes_ = 0;
  bool writer_ = false;
};

}  // namespace duckwire::quack
