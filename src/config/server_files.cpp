#include "config/server_files.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <filesystem>

#include "config/config.hpp"

namespace duckwire {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kInMemory = ":memory:";
constexpr std::string_view kPgCatalogPrefix = "duckwire-pg-catalog-";

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

void remove_stale_pg_catalog_files(const std::string& directory) {
  std::error_code error;
  for (fs::directory_iterator entry(directory, error), end; !error && entry != end; entry.increment(error)) {
    const std::string name = entry->path().filename().string();
    if (!name.starts_with(kPgCatalogPrefix)) continue;
    const char* digits = name.data() + kPgCatalogPrefix.size();
    const char* last = name.data() + name.size();
    pid_t pid = 0;
    const auto [after, parsed] = std::from_chars(digits, last, pid);
    const std::string_view suffix(after, static_cast<size_t>(last - after));
    if (parsed != std::errc() || pid <= 0 || (suffix != ".db" && suffix != ".db.wal")) continue;
    if (kill(pid, 0) == 0 || errno != ESRCH) continue;  // alive, or not ours to judge
    std::error_code ignored;
    fs::remove(entry->path(), ignored);
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
    paths.push_back(normalised(fs::temp_directory_path() / ("duckwire-cache-" + std::string(6, 'X'))));
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
