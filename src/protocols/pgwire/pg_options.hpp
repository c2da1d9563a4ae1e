#pragma once
// The PostgreSQL front door's settings (the --pg-* flags), as a connection needs them.

#include <boost/asio/ssl/context.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace duckwire::pgwire {

enum class PgAuthMethod { kTrust, kScramSha256, kMd5, kPassword };

struct PgOptions {
  PgAuthMethod auth = PgAuthMethod::kTrust;
  bool require_tls = false;
  bool allow_cleartext_password = false;
  uint64_t max_message_bytes = (uint64_t{1} << 30) - 1;
  std::string server_version = "15.0";
  std::chrono::milliseconds startup_timeout{30'000};
  std::shared_ptr<boost::asio::ssl::context> tls;  // null: no TLS
};

}  // namespace duckwire::pgwire
