#pragma once
// Numbers for client connections, unique in the process across every front door (ClientInfo's
// connection_id), starting at 1.

#include <atomic>
#include <cstdint>

namespace duckwire {

inline uint64_t next_client_connection_id() {
  static std::atomic<uint64_t> next{0};
  return next.fetch_add(1) + 1;
}

}  // namespace duckwire
