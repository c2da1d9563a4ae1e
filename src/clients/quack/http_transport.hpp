#pragma once
// Synchronous HTTP/1.1 POSTs to one Quack endpoint over one keep-alive connection (TLS for https://),
// for QuackClient. Beast stays in the .cpp.
//
// A connection the server has dropped while it sat idle is replaced once: when a request on a reused
// connection fails before any byte of a reply arrived, it is sent again on a new connection (the server
// cannot have read it). Every failure is an Error of kind kUnavailable that names the endpoint.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "clients/quack/endpoint.hpp"
#include "util/error.hpp"

namespace duckwire::quack_client {

struct TransportOptions {
  // Verify a TLS server's certificate chain and host name (against the system's CAs, or ca_file).
  bool verify_peer = true;
  std::string ca_file;  // PEM; empty: the system's default paths
  std::chrono::seconds connect_timeout{30};
  std::chrono::seconds request_timeout{0};  // per request, until its reply is read; 0: none
  uint64_t max_reply_bytes = uint64_t{1} << 30;
  std::string user_agent = "duckwire-quack-client";
};

class HttpTransport {
 public:
  // Connects (and for TLS, shakes hands) right away, so a wrong address fails here.
  static Result<std::unique_ptr<HttpTransport>> open(const Endpoint& endpoint,
                                                     const TransportOptions& options);
  ~HttpTransport();
  HttpTransport(const HttpTransport&) = delete;
  HttpTransport& operator=(const HttpTransport&) = delete;

  // POSTs `body` and returns the reply's body; a reply other than 2xx is an error with its status and text.
  Result<std::string> post(std::string_view body);

  const Endpoint& endpoint() const;

 private:
  struct Impl;
  explicit HttpTransport(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace duckwire::quack_client
