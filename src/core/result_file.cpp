#include "core/result_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "core/crypto.hpp"
#include "core/result_spool.hpp"
#include "util/file_reads.hpp"

namespace duckwire {

namespace asio = boost::asio;

namespace {

// What one read from the file hands to the socket at a time.
constexpr size_t kFilePieceBytes = 1 << 20;

Error io_error(const std::string& what) {
  return Error{ErrorKind::kIo, "result file: " + what + ": " + std::strerror(errno)};
}

// A new name in the spool directory, starting as spool files do (see prepare_spool_directory).
std::string new_spool_path(const Config& config, const std::string& extension) {
  return (std::filesystem::absolute(spool_directory(config)) / ("spool-" + random_hex(16) + extension))
      .string();
}

}  // namespace

ResultFile::ResultFile(std::string path, uint64_t max_bytes, SpoolFileTotal& total)
    : path_(std::move(path)), max_bytes_(max_bytes), total_(total) {}

ResultFile::~ResultFile() {
  if (fd_ >= 0) ::close(fd_);
  ::unlink(path_.c_str());  // the writer may have made it after the last look
  total_.give_back(size_);
}

Result<void> ResultFile::track() {
  if (fd_ < 0) {
    fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) return errno == ENOENT ? Result<void>() : io_error("cannot open " + path_);
    if (::unlink(path_.c_str()) != 0) return io_error("cannot remove " + path_);
  }
  struct stat status {};
  if (::fstat(fd_, &status) != 0) return io_error("cannot read the size of " + path_);
  const auto now = static_cast<uint64_t>(status.st_size);
  if (now <= size_) return {};
  if (now > max_bytes_) {
    return Error{ErrorKind::kOutOfMemory,
                 fmt::format("result too large: its file exceeds the {} bytes one result may spool "
                             "(--spool-max-bytes)",
                             max_bytes_)};
  }
  if (!total_.take(now - size_)) {
    return Error{ErrorKind::kOutOfMemory,
                 fmt::format("the server's result spool is full ({} bytes, --spool-max-total-bytes); try "
                             "again later",
                             total_.max_bytes())};
  }
  size_ = now;
  return {};
}

Result<void> ResultFile::finish() {
  if (auto tracked = track(); !tracked) return tracked;
  if (fd_ < 0) return Error{ErrorKind::kIo, "result file: the writer made no file"};
  return {};
}

Result<std::string> ResultFile::read(size_t max_bytes) {
  auto piece =
      read_at(fd_, read_offset_, static_cast<size_t>(std::min<uint64_t>(max_bytes, size_ - read_offset_)));
  if (!piece) return Error{ErrorKind::kIo, "result file: " + piece.error().message};
  read_offset_ += piece.value().size();
  return piece;
}

asio::awaitable<Result<std::unique_ptr<ResultFile>>> write_parquet_file(const ServerContext& server,
                                                                        QueryJob& job) {
  if (auto started = co_await job.start(); !started) co_return started.error();
  auto file = std::make_unique<ResultFile>(new_spool_path(server.config, ".parquet"),
                                           server.config.spool_max_bytes, server.spool_files);
  ChunkConsumer write = [file = file.get(), &writer = server.file_writer](
                            const ResultSchema& schema, const ChunkSource& next) -> Result<void> {
    const ChunkSource tracked = [file, &next]() -> Result<std::optional<Chunk>> {
      if (auto within = file->track(); !within) return within.error();
      return next();
    };
    if (auto written = writer.write_parquet(schema, tracked, file->path()); !written) return written;
    return file->finish();
  };
  auto written = co_await job.consume(std::move(write));
  if (!written) {
    close_on_worker(server, std::move(file));
    co_return written.error();
  }
  co_return std::move(file);
}

asio::awaitable<Result<std::string>> next_file_piece(const ServerContext& server, ResultFile& file) {
  co_return co_await server.workers.run([&file] { return file.read(kFilePieceBytes); });
}

void close_on_worker(const ServerContext& server, std::unique_ptr<ResultFile> file) {
  server.workers.post(WorkerTask([file = std::move(file)]() mutable { file.reset(); }));
}

}  // namespace duckwire
