#pragma once
// Files built into the binary (the web console's, from src/ui/; cmake/embed_files.cmake writes the list),
// so the server serves them with no file on disk and no network.

#include <span>
#include <string_view>

namespace duckwire::http {

struct EmbeddedFile {
  std::string_view path;  // below src/ui/, e.g. "app.js"
  std::string_view bytes;
};

std::span<const EmbeddedFile> embedded_files();

}  // namespace duckwire::http
