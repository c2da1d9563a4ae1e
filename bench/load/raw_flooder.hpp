#pragma once
// A hostile WebSocket client for the attack scenarios: it completes the handshake, then writes frames
// and never reads a byte. Writes give up after a short time so the attack can stop on schedule even
// when the server applies back-pressure.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace bench {

struct FloodStats {
  uint64_t frames_sent = 0;
  double stalled_seconds = 0;  // time writes waited on a full socket (the server stopped reading)
  bool closed_by_server = false;
};

class RawFlooder {
 public:
  RawFlooder(const std::string& host, uint16_t port, const std::string& path_and_query);
  RawFlooder(const RawFlooder&) = delete;
  RawFlooder& operator=(const RawFlooder&) = delete;
  ~RawFlooder();

  // Writes `frames_per_batch` copies of the masked client frame of `payload` at a time until `until`
  // (or until the server closes the connection).
  FloodStats flood(const std::string& payload, size_t frames_per_batch,
                   std::chrono::steady_clock::time_point until);
  // Writes one frame (blocking; for a message before the flood, e.g. a subscribe).
  void send_one(const std::string& payload);

 private:
  // False when `until` passed first or the server closed the connection.
  bool write(std::string_view data, std::chrono::steady_clock::time_point until, FloodStats& stats);

  int fd_ = -1;
};

}  // namespace bench
