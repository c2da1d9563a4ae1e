#include "core/result_spool.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "util/file_reads.hpp"

namespace duckwire {

namespace asio = boost::asio;
namespace fs = std::filesystem;

namespace {

Error io_error(std::string_view what) {
  return Error{ErrorKind::kIo,
               std::string("result spool: ") + std::string(what) + ": " + std::strerror(errno)};
}

// An unnamed file in `directory`; where O_TMPFILE is not supported, a named one removed at once.
int open_unnamed_file(const std::string& directory) {
  int fd = ::open(directory.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)) return fd;
  std::string path = directory + "/spool-" + std::string(6, 'X');  // mkostemp's pattern
  fd = ::mkostemp(path.data(), O_CLOEXEC);
  if (fd >= 0) ::unlink(path.c_str());
  return fd;
}

}  // namespace

ResultSpool::ResultSpool(std::string directory, SpoolAllowance& allowance)
    : directory_(std::move(directory)), allowance_(allowance) {}

ResultSpool::~ResultSpool() {
  for (const auto& piece : memory_) allowance_.memory().give_back(piece.size());
  allowance_.release(reserved_);
  if (fd_ >= 0) ::close(fd_);
}

bool ResultSpool::keep(std::string& piece) {
  if (piece.empty()) return true;  // an empty piece would read as the end
  if (fd_ >= 0 || !allowance_.memory().take(piece.size())) return false;
  memory_.push_back(std::move(piece));
  return true;
}

asio::awaitable<Result<void>> ResultSpool::reserve(uint64_t bytes, const StopCheck& stopped) {
  auto room = co_await allowance_.reserve(reserved_, bytes, stopped);
  if (room) reserved_ += bytes;
  co_return room;
}

Result<void> ResultSpool::spill(std::string_view piece) {
  if (fd_ < 0) {
    fd_ = open_unnamed_file(directory_);
    if (fd_ < 0) return io_error("cannot create a file in " + directory_);
  }
  while (!piece.empty()) {
    const ssize_t written = ::write(fd_, piece.data(), piece.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return io_error("cannot write");
    piece.remove_prefix(static_cast<size_t>(written));
    file_size_ += static_cast<uint64_t>(written);
  }
  return {};
}

std::string ResultSpool::take_from_memory() {
  std::string piece = std::move(memory_.front());
  memory_.pop_front();
  allowance_.memory().give_back(piece.size());
  return piece;
}

Result<std::string> ResultSpool::read_from_file(size_t max_bytes) {
  auto piece = read_at(fd_, read_offset_,
                       static_cast<size_t>(std::min<uint64_t>(max_bytes, file_size_ - read_offset_)));
  if (!piece) return Error{ErrorKind::kIo, "result spool: " + piece.error().message};
  read_offset_ += piece.value().size();
  return piece;
}

std::string spool_directory(const Config& config) {
  if (config.cache_dir) return (fs::path(*config.cache_dir) / "spool").string();
  if (config.db_path != ":memory:" && !config.db_path.empty())
    return config.db_path + ".duckwire-cache/spool";
  // Resolved once: asking the file system (TMPDIR, a stat) for every result showed in small-query profiles.
  static const std::string in_temp =
      (fs::temp_directory_path() / ("duckwire-spool-" + std::to_string(::getuid()))).string();
  return in_temp;
}

Result<void> prepare_spool_directory(const Config& config) {
  const fs::path directory = spool_directory(config);
  std::error_code ec;
  fs::create_directories(directory, ec);
  if (!ec) fs::permissions(directory, fs::perms::owner_all, fs::perm_options::replace, ec);
  for (auto it = fs::directory_iterator(directory, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    // Named spool files exist only for an instant (see open_unnamed_file); these were left by a crash.
    if (it->path().filename().string().starts_with("spool-")) fs::remove(it->path(), ec);
  }
  if (ec) {
    return Error{ErrorKind::kIo,
                 "cannot prepare spool directory " + directory.string() + ": " + ec.message()};
  }
  return {};
}

asio::awaitable<Result<std::unique_ptr<ResultSpool>>> spool_result(const ServerContext& server, QueryJob& job,
                                                                   encode::ResultFormat format,
                                                                   SpoolAllowance& allowance) {
  auto spool = std::make_unique<ResultSpool>(spool_directory(server.config), allowance);
  std::optional<AsyncLock::Guard> spill_turn;  // held from the first spill to the end of the result
  const StopCheck stopped = [&job] { return job.stop_error(); };
  while (true) {
    auto piece = co_await job.next(format);
    if (!piece) co_return piece.error();
    if (!piece.value()) break;
    if (spool->keep(*piece.value())) continue;
    if (!spill_turn) spill_turn.emplace(co_await allowance.spill_turn());
    auto room = co_await spool->reserve(piece.value()->size(), stopped);
    if (!room) {
      job.abandon(room.error());
      co_return room.error();
    }
    auto spilled = co_await server.workers.run([&] { return spool->spill(*piece.value()); });
    if (!spilled) {
      job.abandon(spilled.error());
      co_return spilled.error();
    }
  }
  co_return std::move(spool);
}

asio::awaitable<Result<std::string>> next_spooled_piece(const ServerContext& server, ResultSpool& spool) {
  // What one read from the file hands to the socket at a time.
  constexpr size_t kFilePieceBytes = 1 << 20;
  if (spool.next_in_memory()) co_return spool.take_from_memory();
  co_return co_await server.workers.run([&spool] { return spool.read_from_file(kFilePieceBytes); });
}

}  // namespace duckwire
