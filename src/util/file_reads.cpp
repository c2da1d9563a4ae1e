#include "util/file_reads.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace duckwire {

Result<std::string> read_at(int fd, uint64_t offset, size_t bytes) {
  std::string piece(bytes, '\0');
  size_t filled = 0;
  while (filled < piece.size()) {
    const ssize_t got =
        ::pread(fd, piece.data() + filled, piece.size() - filled, static_cast<off_t>(offset + filled));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return Error{ErrorKind::kIo, std::string("cannot read: ") + std::strerror(errno)};
    if (got == 0) return Error{ErrorKind::kIo, "cannot read: the file ended early"};
    filled += static_cast<size_t>(got);
  }
  return piece;
}

}  // namespace duckwire
