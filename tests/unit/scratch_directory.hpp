#pragma once
// A directory of the test's own under the system's temporary directory, removed with its contents.

#include <stdlib.h>

#include <filesystem>
#include <string>
#include <system_error>

namespace duckwire {

struct ScratchDirectory {
  ScratchDirectory() {
    std::string pattern = (std::filesystem::temp_directory_path() / "duckwire-test-XXXXXX").string();
    path = ::mkdtemp(pattern.data());
  }
  ~ScratchDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;
  std::string path;
};

}  // namespace duckwire
