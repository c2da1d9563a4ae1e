#pragma once
// A result written whole as a file (Parquet) by the server's ResultFileWriter before its reply begins,
// then sent at the reader's pace. The writer creates the file under a random name in the spool
// directory; as soon as it exists the server opens it and removes the name, so the file goes with its
// descriptor, also when the process dies (a name left by a crash is removed at the next start, as
// spool files are). While it is written and until it is closed, its bytes count against
// --spool-max-bytes (this result alone) and, with every spool of the server, --spool-max-total-bytes:
// a file that outgrows them fails with an error naming the flag (ErrorKind::kOutOfMemory, as a spool's).

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <memory>
#include <string>

#include "core/query_job.hpp"
#include "core/server_context.hpp"
#include "core/spool_allowance.hpp"
#include "util/error.hpp"

namespace duckwire {

class ResultFile {
 public:
  // A file to be made at `path`, of at most `max_bytes`, its bytes also taken from `total`.
  ResultFile(std::string path, uint64_t max_bytes, SpoolFileTotal& total);
  ~ResultFile();
  ResultFile(const ResultFile&) = delete;
  ResultFile& operator=(const ResultFile&) = delete;

  const std::string& path() const { return path_; }
  // While the file is written (blocking): opens it once it exists, removing its name, and takes the
  // bytes it grew by from the bounds; an error once it is over them.
  Result<void> track();
  // Once it is written: track() a last time; an error when no file was made.
  Result<void> finish();
  uint64_t size() const { return size_; }
  // The next bytes, at most `max_bytes` (blocking); empty at the end.
  Result<std::string> read(size_t max_bytes);

 private:
  std::string path_;
  uint64_t max_bytes_;
  SpoolFileTotal& total_;
  int fd_ = -1;
  uint64_t size_ = 0;  // as last seen, and taken from total_
  uint64_t read_offset_ = 0;
};

// Starts `job` and writes its whole result as a Parquet file with the server's ResultFileWriter, on the
// job's worker; an error means the query failed or its file was too large (nothing was sent).
boost::asio::awaitable<Result<std::unique_ptr<ResultFile>>> write_parquet_file(const ServerContext& server,
                                                                               QueryJob& job);
// The next piece of the file (read on a worker); empty at the end.
boost::asio::awaitable<Result<std::string>> next_file_piece(const ServerContext& server, ResultFile& file);
// Closes the file on a worker: freeing a large file's blocks takes a while.
void close_on_worker(const ServerContext& server, std::unique_ptr<ResultFile> file);

}  // namespace duckwire
