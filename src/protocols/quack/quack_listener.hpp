#pragma once
// The Quack front door's listener (--quack-port on --host): HTTP/1.1 with keep-alive, HTTPS with the
// server's certificate. POST /quack takes one message and answers one; GET / identifies the endpoint;
// OPTIONS /quack answers browsers' preflights. Idle Quack connections are swept on a timer.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <memory>
#include <string>

#include "core/server_context.hpp"
#include "http/listener.hpp"
#include "http/origin_policy.hpp"
#include "http/router.hpp"

namespace duckwire::quack {

struct QuackDoor;

class QuackListener {
 public:
  QuackListener(boost::asio::io_context& accept_io, TcpListener::IoPicker pick_io, const ServerContext& server,
                std::shared_ptr<boost::asio::ssl::context> tls);
  ~QuackListener();

  Result<void> open(const std::string& host, uint16_t port) { return http_.open(host, port); }
  uint16_t port() const { return http_.port(); }
  // Accepts until the I/O context stops, and sweeps idle connections meanwhile.
  void start();

 private:
  void sweep_later();

  std::shared_ptr<QuackDoor> door_;  // also held by each request's worker task
  http::Router router_;
  std::atomic<const http::Router*> current_router_;
  http::OriginPolicy origins_;
  http::HttpListener http_;
  boost::asio::steady_timer sweep_timer_;
};

// Which browser pages may use the Quack port: with a token or users configured any page may (the token
// guards it, as DuckDB's own server allows every origin); without, the HTTP port's policy applies.
http::OriginPolicyOptions quack_origin_options(const Config& config, bool has_credentials);

}  // namespace duckwire::quack
