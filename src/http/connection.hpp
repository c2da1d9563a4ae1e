#pragma once
// Serves one accepted TCP connection: TLS handshake when configured, then HTTP/1.1 requests with
// keep-alive until the client leaves, a limit is hit or a handler upgrades to WebSocket.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>

#include "core/metrics.hpp"
#include "http/origin_policy.hpp"
#include "http/router.hpp"

namespace duckwire::http {

struct HttpLimits {
  size_t header_bytes = 16 * 1024;
  uint64_t body_bytes = 64ull << 20;
  std::chrono::milliseconds request_timeout{30'000};  // to receive a whole request once it started
  std::chrono::milliseconds idle_timeout{60'000};     // between requests on a kept-alive connection
};

struct ConnectionContext {
  // Swapped once, from the start-up router to the full one, when the database is open.
  const std::atomic<const Router*>& router;
  HttpLimits limits;
  Metrics& metrics;
  const OriginPolicy& origins;  // refuses foreign hosts and origins; sets the CORS answer
  Protocol protocol = Protocol::kHttp;  // the listener's label in the metrics
};

boost::asio::awaitable<void> serve_connection(boost::asio::ip::tcp::socket socket,
                                              boost::asio::ssl::context* tls,
                                              const ConnectionContext& context);

}  // namespace duckwire::http
