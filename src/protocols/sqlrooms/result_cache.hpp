#pragma once
// The disk-backed result cache: encoded results stored as files named by SHA-256(sql) + "." + type,
// written atomically (temporary file, then rename), bounded in total size with least-recently-used
// eviction. Concurrent requests for the same key compute it once. File operations block: call
// them on a worker. lead_computation/end_computation may be called from any strand.

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/async_event.hpp"
#include "util/error.hpp"

namespace duckwire::sqlrooms {

class CacheEntryReader {
 public:
  CacheEntryReader(std::ifstream file, uint64_t size) : file_(std::move(file)), remaining_(size) {}
  // The next bytes of the entry; empty at the end.
  Result<std::string> read_piece();

 private:
  std::ifstream file_;
  uint64_t remaining_;
};

class CacheEntryWriter {
 public:
  CacheEntryWriter(std::string key, std::filesystem::path temp_path, std::ofstream file);
  Result<void> append(std::string_view bytes);
  void abandon();

 private:
  friend class ResultCache;
  std::string key_;
  std::filesystem::path temp_path_;
  std::ofstream file_;
  uint64_t size_ = 0;
};

class ResultCache {
 public:
  // `remove_on_exit`: the directory is a private temporary one, deleted with the cache.
  ResultCache(std::filesystem::path directory, uint64_t max_bytes, bool remove_on_exit);
  ~ResultCache();
  // The private temporary directory deleted with the cache; empty for a kept one.
  std::string temporary_directory() const { return remove_on_exit_ ? directory_.string() : std::string(); }

  static std::string key_for(std::string_view sql, std::string_view type);

  // Cheap, in memory: false means there is certainly no entry.
  bool may_hold(const std::string& key) const;
  // No entry at all: a query that does not ask to persist need not compute its key.
  bool holds_nothing() const;
  // Null on a miss; a corrupt or partial entry is removed and counts as a miss.
  std::unique_ptr<CacheEntryReader> open(const std::string& key);
  Result<std::unique_ptr<CacheEntryWriter>> begin_entry(const std::string& key);
  // Publishes the entry and returns a reader of it (valid even if it is evicted right away).
  Result<std::unique_ptr<CacheEntryReader>> commit(CacheEntryWriter& entry);
  void clear();

  // True: the caller computes `key` and must call end_computation. False: another request was
  // computing it and has finished now.
  boost::asio::awaitable<bool> lead_computation(const std::string& key);
  void end_computation(const std::string& key);

 private:
  struct Entry {
    uint64_t bytes = 0;
    std::list<std::string>::iterator recency;
  };
  struct Waiter {
    boost::asio::any_io_executor executor;
    std::shared_ptr<AsyncEvent> done;
  };

  std::filesystem::path path_of(const std::string& key) const;
  void load_index();
  void forget(const std::string& key);
  void evict_beyond_limit();

  std::filesystem::path directory_;
  uint64_t max_bytes_;
  bool remove_on_exit_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> recency_;  // most recent first
  uint64_t total_bytes_ = 0;
  uint64_t next_temp_ = 0;
  std::map<std::string, std::vector<Waiter>> computing_;
};

}  // namespace duckwire::sqlrooms
