#pragma once
// What a Quack server answers to each request (one message in, one message out), over the server's
// backend and its Quack connections. Engine calls block: run answer() on a worker. Every protocol
// failure is an ERROR_RESPONSE; only bytes that are not a Quack message at all are an Error (HTTP 400).

#include <string>
#include <string_view>
#include <vector>

#include "backend/backend.hpp"
#include "protocols/quack/messages.hpp"
#include "protocols/quack/quack_sessions.hpp"

namespace duckwire::quack {

struct QuackServiceOptions {
  std::vector<std::string> tokens;  // any of them is accepted; empty: none asked for
  std::string server_version;       // e.g. "v1.5.6"
  std::string platform = "linux_amd64";
  // Encoded chunks a PREPARE_RESPONSE (and each FETCH_RESPONSE) carries: at least one, then more while
  // they fit this many bytes.
  size_t response_bytes = size_t{1} << 20;
};

class QuackService {
 public:
  QuackService(Backend& backend, QuackSessions& sessions, QuackServiceOptions options)
      : backend_(backend), sessions_(sessions), options_(std::move(options)) {}

  Result<std::string> answer(std::string_view body, Clock::time_point now);

 private:
  Message connect(const Header& header, const ConnectionRequest& request, Clock::time_point now);
  Message prepare(const Header& header, QuackConnection& connection, const PrepareRequest& request);
  Message fetch(const Header& header, QuackConnection& connection, const FetchRequest& request);
  Message append(const Header& header, QuackConnection& connection, const DecodedAppendRequest& request);

  Backend& backend_;
  QuackSessions& sessions_;
  QuackServiceOptions options_;
};

// An ERROR_RESPONSE answering `header`'s request.
Message error_message(const Header& header, std::string message);

}  // namespace duckwire::quack
