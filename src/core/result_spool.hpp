#pragma once
// A result produced whole before its reply begins, so that computing it never holds a connection:
// its first bytes are kept in memory up to the connection's budget, the rest (within the connection's
// SpoolAllowance, which may make it wait) go to an unnamed
// temporary file (O_TMPFILE) in the server's spool directory, which no SQL statement can name and
// which disappears with its descriptor, also when the process dies. Then the reply is sent from
// the spool at the reader's pace. A spool belongs to one strand; file reads and writes block, so
// spool_result() and next_spooled_piece() run them on the worker pool.

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <deque>
#include <memory>
#include <string>

#include "core/query_job.hpp"
#include "core/server_context.hpp"
#include "core/spool_allowance.hpp"
#include "util/error.hpp"

namespace duckwire {

class ResultSpool {
 public:
  ResultSpool(std::string directory, SpoolAllowance& allowance);
  ~ResultSpool();
  ResultSpool(const ResultSpool&) = delete;
  ResultSpool& operator=(const ResultSpool&) = delete;

  // Keeps `piece` in memory when the budget allows and nothing went to the file yet; false otherwise
  // (then spill() it).
  bool keep(std::string& piece);
  // Takes room for `bytes` more in the file from the allowance (see SpoolAllowance::reserve).
  boost::asio::awaitable<Result<void>> reserve(uint64_t bytes, const StopCheck& stopped);
  // Appends `piece` to the file (blocking); reserve() its room first.
  Result<void> spill(std::string_view piece);

  // Reading, once the result is complete: memory first, then the file. An empty piece is the end.
  bool next_in_memory() const { return !memory_.empty(); }
  std::string take_from_memory();
  Result<std::string> read_from_file(size_t max_bytes);  // blocking

 private:
  std::string directory_;
  SpoolAllowance& allowance_;
  std::deque<std::string> memory_;
  int fd_ = -1;
  uint64_t file_size_ = 0;
  uint64_t read_offset_ = 0;
  uint64_t reserved_ = 0;  // file bytes taken from the allowance, given back when the file goes
};

// Where spool files go: `spool/` in the result cache directory, or in the system's temporary
// directory without one. Created empty at startup (leftovers of a crashed run are removed).
std::string spool_directory(const Config& config);
Result<void> prepare_spool_directory(const Config& config);

// Runs `job` to its end into a new spool; an error means the query failed or its result found no
// room within the allowance (nothing was sent).
boost::asio::awaitable<Result<std::unique_ptr<ResultSpool>>> spool_result(const ServerContext& server,
                                                                          QueryJob& job,
                                                                          encode::ResultFormat format,
                                                                          SpoolAllowance& allowance);
// The next piece of a complete spool; empty at the end.
boost::asio::awaitable<Result<std::string>> next_spooled_piece(const ServerContext& server,
                                                               ResultSpool& spool);

}  // namespace duckwire
