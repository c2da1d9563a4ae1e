#include "load/raw_flooder.hpp"

#include <netdb.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

namespace bench {

namespace {

using Clock = std::chrono::steady_clock;

// A masked text frame with mask key 0 (the payload goes as is).
std::string client_frame(const std::string& payload) {
  std::string frame(1, static_cast<char>(0x81));
  const uint64_t size = payload.size();
  if (size < 126) {
    frame += static_cast<char>(0x80 | size);
  } else if (size < (1 << 16)) {
    frame += static_cast<char>(0x80 | 126);
    for (int shift = 8; shift >= 0; shift -= 8) frame += static_cast<char>((size >> shift) & 0xff);
  } else {
    frame += static_cast<char>(0x80 | 127);
    for (int shift = 56; shift >= 0; shift -= 8) frame += static_cast<char>((size >> shift) & 0xff);
  }
  frame.append(4, '\0');
  return frame + payload;
}

}  // namespace

RawFlooder::RawFlooder(const std::string& host, uint16_t port, const std::string& path_and_query) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0 || found == nullptr)
    throw std::runtime_error("cannot resolve " + host);
  fd_ = ::socket(found->ai_family, SOCK_STREAM, 0);
  const int connected = fd_ < 0 ? -1 : ::connect(fd_, found->ai_addr, found->ai_addrlen);
  freeaddrinfo(found);
  if (connected != 0) throw std::runtime_error("cannot connect");
  const std::string request =
      "GET " + path_and_query + " HTTP/1.1\r\nHost: " + host + ":" + std::to_string(port) +
      "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
  if (::send(fd_, request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size()))
    throw std::runtime_error("cannot send the upgrade");
  std::string response;
  char byte = 0;
  while (response.find("\r\n\r\n") == std::string::npos && ::recv(fd_, &byte, 1, 0) == 1) response += byte;
  if (response.rfind("HTTP/1.1 101", 0) != 0) throw std::runtime_error("upgrade refused: " + response);
  timeval timeout{0, 100'000};
  ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
}

RawFlooder::~RawFlooder() {
  if (fd_ >= 0) ::close(fd_);
}

void RawFlooder::send_one(const std::string& payload) {
  FloodStats ignored;
  if (!write(client_frame(payload), Clock::now() + std::chrono::seconds(5), ignored))
    throw std::runtime_error("cannot send a frame");
}

bool RawFlooder::write(std::string_view data, Clock::time_point until, FloodStats& stats) {
  while (!data.empty()) {
    if (Clock::now() >= until) return false;
    const auto before = Clock::now();
    const ssize_t sent = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
      stats.stalled_seconds += std::chrono::duration<double>(Clock::now() - before).count();
      continue;
    }
    if (sent <= 0) {
      stats.closed_by_server = true;
      return false;
    }
    data.remove_prefix(static_cast<size_t>(sent));
  }
  return true;
}

FloodStats RawFlooder::flood(const std::string& payload, size_t frames_per_batch, Clock::time_point until) {
  const std::string frame = client_frame(payload);
  std::string batch;
  for (size_t i = 0; i < frames_per_batch; ++i) batch += frame;
  FloodStats stats;
  while (write(batch, until, stats)) stats.frames_sent += frames_per_batch;
  return stats;
}

}  // namespace bench
