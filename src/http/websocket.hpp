#pragma once
// A server-side WebSocket connection, independent of the transport (plain TCP or TLS).
// All members must be called from the connection's own executor (its strand).

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace duckwire::http {

struct WsMessage {
  std::string data;
  bool binary = false;
};

enum class WsReadStatus { kMessage, kClosed, kTooBig, kError };

struct WsReadResult {
  WsReadStatus status = WsReadStatus::kError;
  WsMessage message;
};

// Close codes used by duckwire (RFC 6455 section 7.4).
enum class WsCloseCode : uint16_t {
  kNormal = 1000,
  kGoingAway = 1001,
  kProtocolError = 1002,
  kPolicyViolation = 1008,
  kTooBig = 1009,
  kInternalError = 1011,
  kTryAgainLater = 1013,
};

class WebSocket {
 public:
  virtual ~WebSocket() = default;
  virtual boost::asio::any_io_executor executor() = 0;
  virtual boost::asio::awaitable<WsReadResult> read() = 0;
  // Writes one whole message. Only one write may be outstanding at a time: callers serialise.
  virtual boost::asio::awaitable<bool> write(std::string_view data, bool binary) = 0;
  // Writes part of a message; the message ends with last = true. Lets a large result go out
  // chunk by chunk as one message.
  virtual boost::asio::awaitable<bool> write_part(std::string_view data, bool binary, bool last) = 0;
  virtual boost::asio::awaitable<void> close(WsCloseCode code, std::string_view reason) = 0;
  // Closes the transport at once, without a closing handshake (from the connection's executor).
  virtual void abort() = 0;
  virtual bool is_open() const = 0;
};

}  // namespace duckwire::http
