#pragma once
// duckwire's Quack request service over an in-memory DuckDB, behind the test HTTP server: a real Quack
// server for the client's tests, without the server's listener. Every request it answers is kept
// (decoded) for tests of what the client sends.

#include <mutex>
#include <string>
#include <vector>

#include "duckdb_test_support.hpp"
#include "protocols/quack/quack_service.hpp"
#include "quack_test_http_server.hpp"

namespace duckwire::quack::testing {

inline constexpr const char* kTestToken = "s3cret";

struct SeenRequest {
  MessageType type = MessageType::kErrorResponse;
  Header header;
};

class QuackServiceServer {
 public:
  // `response_bytes`: the service's budget of chunk bytes per reply (1: one chunk per reply).
  explicit QuackServiceServer(size_t response_bytes = size_t{1} << 20)
      : sessions_(16, std::chrono::seconds(60)),
        service_(*engine_.backend, sessions_, options(response_bytes)),
        http_([this](const std::string& body) { return answer(body); }) {}

  std::string target() const { return http_.target(); }
  const TestHttpServer& http() const { return http_; }
  std::vector<SeenRequest> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  static QuackServiceOptions options(size_t response_bytes) {
    QuackServiceOptions options;
    options.check_token = [](const std::string& token, const std::string&) -> Result<std::string> {
      if (token == kTestToken) return std::string("token:0");
      return Error{ErrorKind::kPermission, "Authentication failed"};
    };
    options.server_version = "v1.5.6";
    options.response_bytes = response_bytes;
    return options;
  }

  TestHttpServer::Reply answer(const std::string& body) {
    if (auto header = decode_header(body)) {
      std::lock_guard lock(mutex_);
      requests_.push_back(SeenRequest{header.value().type, header.value().header});
    }
    auto answered = service_.answer(body, QuackCaller{"127.0.0.1", 0, 1, Clock::now()});
    if (!answered) return TestHttpServer::Reply{400, answered.error().message};
    return TestHttpServer::Reply{200, std::move(answered).value().bytes};
  }

  TestEngine engine_;
  QuackSessions sessions_;
  QuackService service_;
  std::mutex mutex_;
  std::vector<SeenRequest> requests_;
  TestHttpServer http_;  // last: it stops before the service goes
};

}  // namespace duckwire::quack::testing
