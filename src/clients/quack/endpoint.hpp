#pragma once
// Where a Quack server listens, as `duckwire query` and QuackClient take it: `quack:HOST[:PORT]` (plain
// HTTP, port 9494 by default, as DuckDB's ATTACH 'quack:...' spells it), or an `http://` or `https://`
// URL whose path, when it has one, replaces `/quack`. IPv6 hosts go in brackets: `quack:[::1]:9494`.

#include <cstdint>
#include <string>
#include <string_view>

#include "util/error.hpp"

namespace duckwire::quack_client {

inline constexpr uint16_t kDefaultQuackPort = 9494;
inline constexpr std::string_view kDefaultQuackPath = "/quack";

struct Endpoint {
  bool tls = false;
  std::string host;  // without brackets
  uint16_t port = kDefaultQuackPort;
  std::string path{kDefaultQuackPath};

  bool operator==(const Endpoint&) const = default;
};

// kInvalidInput with a message that says what is wrong with `target`.
Result<Endpoint> parse_endpoint(std::string_view target);

// "http://127.0.0.1:9494/quack", "https://[::1]:443/quack".
std::string to_string(const Endpoint& endpoint);
// The Host header: the host (bracketed when IPv6) and the port when it is not the scheme's default.
std::string host_header(const Endpoint& endpoint);

}  // namespace duckwire::quack_client
