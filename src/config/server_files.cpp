#include "config/server_files.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <filesystem>
#include <optional>
#include <string_view>

#include "config/config.hpp"

namespace duckwire {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kInMemory = ":memory:";
constexpr std::string_view kPgCatalogPrefix = "duckwire-pg-catalog-";
constexpr std::string_view kCachePrefix = "duckwire-cache-";

std::string normalised(const fs::path& path) {
  std::error_code error;
  const fs::path absolute = fs::absolute(path, error);
  const fs::path canonical = fs::weakly_canonical(absolute, error);
  return (error ? absolute.lexically_normal() : canonical).string();
}

}  // namespace

std::string duckdb_temp_directory(const Config& config) {
  if (config.db_path != kInMemory) return normalised(config.db_path + ".tmp");
  return normalised(fs::temp_directory_path() / ("duckwire-" + std::to_string(getpid()) + ".tmp"));
}

std::string pg_catalog_file(const Config& config) {
  if (config.db_path != kInMemory) return normalised(config.db_path + ".pg-catalog");
  return normalised(fs::temp_directory_path() /
                    (std::string(kPgCatalogPrefix) + std::to_string(getpid()) + ".db"));
}

std::string temporary_cache_pattern() {
  return (fs::temp_directory_path() / (std::string(kCachePrefix) + std::to_string(getpid()) + "-XXXXXX"))
      .string();
}

namespace {

// The process a server file's `name` belongs to: `prefix`, the pid, then a suffix `fits`.
template <class Fits>
std::optional<pid_t> owner_of(std::string_view name, std::string_view prefix, Fits fits) {
  if (!name.starts_with(prefix)) return std::nullopt;
  pid_t pid = 0;
  const auto [after, parsed] = std::from_chars(name.data() + prefix.size(), name.data() + name.size(), pid);
  if (parsed != std::errc() || pid <= 0 ||
      !fits(std::string_view(after, name.data() + name.size() - after))) {
    return std::nullopt;
  }
  return pid;
}

bool gone(pid_t pid) {
  return kill(pid, 0) != 0 && errno == ESRCH;  // EPERM: alive, another user's
}

}  // namespace

void remove_stale_server_files(const std::string& directory) {
  const auto catalog_suffix = [](std::string_view suffix) { return suffix == ".db" || suffix == ".db.wal"; };
  const auto cache_suffix = [](std::string_view suffix) { return suffix.size() == 7 && suffix[0] == '-'; };
  std::error_code error;
  for (fs::directory_iterator entry(directory, error), end; !error && entry != end; entry.increment(error)) {
    const std::string name = entry->path().filename().string();
    std::error_code ignored;
    if (auto pid = owner_of(name, kPgCatalogPrefix, catalog_suffix); pid && gone(*pid)) {
      fs::remove(entry->path(), ignored);
    } else if (auto owner = owner_of(name, kCachePrefix, cache_suffix);
               owner && gone(*owner) && entry->is_directory(ignored) && !entry->is_symlink(ignored)) {
      fs::remove_all(entry->path(), ignored);
    }
  }
}

std::vector<std::string> server_owned_paths(const Config& config) {
  std::vector<std::string> paths;
  if (config.db_path != kInMemory) {
    paths.push_back(normalised(config.db_path));
    paths.push_back(normalised(config.db_path + ".wal"));
  }
  paths.push_back(duckdb_temp_directory(config));
  paths.push_back(pg_catalog_file(config));
  // Where the SQLRooms result cache lives (protocols/sqlrooms/routes.cpp, make_result_cache).
  if (config.cache_dir) {
    paths.push_back(normalised(*config.cache_dir));
  } else if (config.db_path != kInMemory) {
    paths.push_back(normalised(config.db_path + ".duckwire-cache"));
  } else {
    paths.push_back(normalised(temporary_cache_pattern()));
  }
  if (config.tls) {
    paths.push_back(normalised(config.tls->cert_path));
    paths.push_back(normalised(config.tls->key_path));
  }
  return paths;
}

bool path_within(const std::string& path, const std::string& directory) {
  if (path == directory) return true;
  const std::string prefix = directory.ends_with('/') ? directory : directory + "/";
  return path.starts_with(prefix);
}

}  // namespace duckwire
