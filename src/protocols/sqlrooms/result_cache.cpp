#include "protocols/sqlrooms/result_cache.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>

#include <cstring>

#include "core/crypto.hpp"

namespace duckwire::sqlrooms {

namespace fs = std::filesystem;

namespace {

// Entry file layout: magic, payload size (u64, little-endian), payload.
constexpr char kMagic[8] = {'D', 'W', 'C', 'A', 'C', 'H', 'E', '1'};
constexpr size_t kHeaderBytes = sizeof(kMagic) + sizeof(uint64_t);
constexpr size_t kPieceBytes = 512 * 1024;
constexpr std::string_view kEntrySuffix = ".entry";

std::string hex(const Sha256Digest& digest) {
  std::string out;
  for (uint8_t byte : digest) out += fmt::format("{:02x}", byte);
  return out;
}

void write_header(std::ofstream& file, uint64_t size) {
  file.write(kMagic, sizeof(kMagic));
  char bytes[8];
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((size >> (8 * i)) & 0xff);
  file.write(bytes, sizeof(bytes));
}

// The payload size when the file holds a complete entry.
std::optional<uint64_t> read_header(std::ifstream& file, uint64_t file_size) {
  char header[kHeaderBytes];
  if (file_size < kHeaderBytes || !file.read(header, kHeaderBytes)) return std::nullopt;
  if (std::memcmp(header, kMagic, sizeof(kMagic)) != 0) return std::nullopt;
  uint64_t size = 0;
  for (int i = 0; i < 8; ++i) size |= uint64_t{static_cast<unsigned char>(header[8 + i])} << (8 * i);
  if (size != file_size - kHeaderBytes) return std::nullopt;
  return size;
}

}  // namespace

Result<std::string> CacheEntryReader::read_piece() {
  const uint64_t size = std::min<uint64_t>(remaining_, kPieceBytes);
  std::string piece(size, '\0');
  if (size > 0 && !file_.read(piece.data(), static_cast<std::streamsize>(size))) {
    return Error{ErrorKind::kIo, "cannot read a result cache entry"};
  }
  remaining_ -= size;
  return piece;
}

CacheEntryWriter::CacheEntryWriter(std::string key, fs::path temp_path, std::ofstream file)
    : key_(std::move(key)), temp_path_(std::move(temp_path)), file_(std::move(file)) {}

Result<void> CacheEntryWriter::append(std::string_view bytes) {
  if (!file_.write(bytes.data(), static_cast<std::streamsize>(bytes.size()))) {
    return Error{ErrorKind::kIo, "cannot write the result cache entry: " + temp_path_.string()};
  }
  size_ += bytes.size();
  return {};
}

void CacheEntryWriter::abandon() {
  file_.close();
  std::error_code ignored;
  fs::remove(temp_path_, ignored);
}

ResultCache::ResultCache(fs::path directory, uint64_t max_bytes, bool remove_on_exit)
    : directory_(std::move(directory)), max_bytes_(max_bytes), remove_on_exit_(remove_on_exit) {
  std::error_code ec;
  fs::create_directories(directory_, ec);
  if (ec) spdlog::warn("result cache directory {}: {}", directory_.string(), ec.message());
  load_index();
}

ResultCache::~ResultCache() {
  if (!remove_on_exit_) return;
  std::error_code ignored;
  fs::remove_all(directory_, ignored);
}

std::string ResultCache::key_for(std::string_view sql, std::string_view type) {
  return hex(sha256(as_bytes(sql))) + "." + std::string(type);
}

fs::path ResultCache::path_of(const std::string& key) const {
  return directory_ / (key + std::string(kEntrySuffix));
}

void ResultCache::load_index() {
  std::error_code ec;
  for (const auto& file : fs::directory_iterator(directory_, ec)) {
    const std::string name = file.path().filename().string();
    if (name.ends_with(".tmp")) {
      fs::remove(file.path(), ec);  // left by a crash mid-write
      continue;
    }
    if (!name.ends_with(kEntrySuffix)) continue;
    const std::string key = name.substr(0, name.size() - kEntrySuffix.size());
    recency_.push_back(key);
    const uint64_t bytes = file.file_size(ec);
    entries_[key] = Entry{bytes, std::prev(recency_.end())};
    total_bytes_ += bytes;
  }
  evict_beyond_limit();
}

bool ResultCache::may_hold(const std::string& key) const {
  std::lock_guard lock(mutex_);
  return entries_.contains(key);
}

bool ResultCache::holds_nothing() const {
  std::lock_guard lock(mutex_);
  return entries_.empty();
}

std::unique_ptr<CacheEntryReader> ResultCache::open(const std::string& key) {
  {
    std::lock_guard lock(mutex_);
    const auto found = entries_.find(key);
    if (found == entries_.end()) return nullptr;
    recency_.splice(recency_.begin(), recency_, found->second.recency);
  }
  const fs::path path = path_of(key);
  std::error_code ec;
  const uint64_t file_size = fs::file_size(path, ec);
  std::ifstream file(path, std::ios::binary);
  const auto size = ec || !file ? std::nullopt : read_header(file, file_size);
  if (!size) {
    spdlog::warn("result cache entry {} is incomplete or corrupt: removed", path.string());
    fs::remove(path, ec);
    std::lock_guard lock(mutex_);
    forget(key);
    return nullptr;
  }
  return std::make_unique<CacheEntryReader>(std::move(file), *size);
}

Result<std::unique_ptr<CacheEntryWriter>> ResultCache::begin_entry(const std::string& key) {
  uint64_t serial = 0;
  {
    std::lock_guard lock(mutex_);
    serial = next_temp_++;
  }
  fs::path temp = directory_ / fmt::format("{}.{}.tmp", key, serial);
  std::ofstream file(temp, std::ios::binary | std::ios::trunc);
  if (!file) return Error{ErrorKind::kIo, "cannot create a result cache entry in " + directory_.string()};
  write_header(file, 0);
  return std::make_unique<CacheEntryWriter>(key, std::move(temp), std::move(file));
}

Result<std::unique_ptr<CacheEntryReader>> ResultCache::commit(CacheEntryWriter& entry) {
  entry.file_.seekp(0);
  write_header(entry.file_, entry.size_);
  entry.file_.close();
  if (!entry.file_) {
    entry.abandon();
    return Error{ErrorKind::kIo, "cannot finish the result cache entry"};
  }
  std::ifstream reader(entry.temp_path_, std::ios::binary);
  reader.seekg(static_cast<std::streamoff>(kHeaderBytes));
  std::error_code ec;
  fs::rename(entry.temp_path_, path_of(entry.key_), ec);
  if (ec) {
    entry.abandon();
    return Error{ErrorKind::kIo, "cannot publish the result cache entry: " + ec.message()};
  }
  {
    std::lock_guard lock(mutex_);
    forget(entry.key_);
    recency_.push_front(entry.key_);
    const uint64_t bytes = entry.size_ + kHeaderBytes;
    entries_[entry.key_] = Entry{bytes, recency_.begin()};
    total_bytes_ += bytes;
    evict_beyond_limit();
  }
  return std::make_unique<CacheEntryReader>(std::move(reader), entry.size_);
}

void ResultCache::forget(const std::string& key) {
  const auto found = entries_.find(key);
  if (found == entries_.end()) return;
  total_bytes_ -= found->second.bytes;
  recency_.erase(found->second.recency);
  entries_.erase(found);
}

void ResultCache::evict_beyond_limit() {
  while (total_bytes_ > max_bytes_ && !recency_.empty()) {
    const std::string victim = recency_.back();
    std::error_code ignored;
    fs::remove(path_of(victim), ignored);
    forget(victim);
  }
}

void ResultCache::clear() {
  std::lock_guard lock(mutex_);
  while (!recency_.empty()) {
    const std::string victim = recency_.back();
    std::error_code ignored;
    fs::remove(path_of(victim), ignored);
    forget(victim);
  }
}

boost::asio::awaitable<bool> ResultCache::lead_computation(const std::string& key) {
  auto executor = co_await boost::asio::this_coro::executor;
  std::shared_ptr<AsyncEvent> done;
  {
    std::lock_guard lock(mutex_);
    auto found = computing_.find(key);
    if (found == computing_.end()) {
      computing_.emplace(key, std::vector<Waiter>{});
      co_return true;
    }
    done = std::make_shared<AsyncEvent>(executor);
    found->second.push_back(Waiter{executor, done});
  }
  co_await done->wait();
  co_return false;
}

void ResultCache::end_computation(const std::string& key) {
  std::vector<Waiter> waiters;
  {
    std::lock_guard lock(mutex_);
    auto found = computing_.find(key);
    if (found == computing_.end()) return;
    waiters = std::move(found->second);
    computing_.erase(found);
  }
  // Each waiter's event belongs to its own strand: set it there.
  for (auto& waiter : waiters) boost::asio::post(waiter.executor, [done = waiter.done] { done->set(); });
}

}  // namespace duckwire::sqlrooms
