// A healthy client's authenticated HTTP round trips, first alone, then while `connections` other
// connections from the same address send wrong Basic passwords as fast as the server answers them.

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/detail/base64.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "load/scenarios.hpp"
#include "common/stats.hpp"

namespace bench {

namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;

std::string basic(const std::string& user, const std::string& password) {
  const std::string plain = user + ":" + password;
  std::string encoded(boost::beast::detail::base64::encoded_size(plain.size()), '\0');
  encoded.resize(boost::beast::detail::base64::encode(encoded.data(), plain.data(), plain.size()));
  return "Basic " + encoded;
}

// One kept-alive HTTP connection; reconnects when the server closes it.
class HttpClient {
 public:
  HttpClient(std::string host, uint16_t port) : host_(std::move(host)), port_(port), socket_(io_) {}

  unsigned get(const std::string& target, const std::string& authorization) {
    if (!socket_.is_open()) {
      asio::ip::tcp::resolver resolver(io_);
      asio::connect(socket_, resolver.resolve(host_, std::to_string(port_)));
    }
    http::request<http::empty_body> request{http::verb::get, target, 11};
    request.set(http::field::host, host_);
    request.set(http::field::authorization, authorization);
    http::write(socket_, request);
    http::response<http::string_body> response;
    http::read(socket_, buffer_, response);
    if (!response.keep_alive()) {
      boost::system::error_code ignored;
      socket_.close(ignored);
      buffer_.clear();
    }
    return response.result_int();
  }

 private:
  std::string host_;
  uint16_t port_;
  asio::io_context io_;
  asio::ip::tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
};

// Round trips of the healthy client for `seconds`: latencies of the successful ones, and failures.
std::pair<std::vector<double>, int> healthy_round_trips(const LoadOptions& options,
                                                        const std::string& authorization) {
  HttpClient client(options.host, options.port);
  std::vector<double> samples;
  int failures = 0;
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(options.seconds);
  while (std::chrono::steady_clock::now() < end) {
    const auto start = std::chrono::steady_clock::now();
    const unsigned status = client.get("/sql?q=SELECT+1", authorization);
    const std::chrono::duration<double, std::micro> elapsed = std::chrono::steady_clock::now() - start;
    if (status == 200)
      samples.push_back(elapsed.count());
    else
      ++failures;
  }
  return {std::move(samples), failures};
}

boost::json::object summary_json(const std::vector<double>& samples, int failures) {
  const LatencySummary s = summarize(samples);
  return {{"ok", s.count},      {"failed", failures}, {"p50_us", s.p50_us},
          {"p90_us", s.p90_us}, {"p99_us", s.p99_us}, {"max_us", s.max_us}};
}

}  // namespace

boost::json::object run_auth_hammer(const LoadOptions& options) {
  const std::string good = basic(options.user, options.password);
  auto [alone, alone_failures] = healthy_round_trips(options, good);

  std::atomic<bool> stop{false};
  std::atomic<uint64_t> refused_401{0}, refused_429{0}, other{0};
  std::vector<std::thread> hammers;
  for (int n = 0; n < options.connections; ++n) {
    hammers.emplace_back([&, n] {
      HttpClient client(options.host, options.port);
      for (uint64_t attempt = 0; !stop.load(); ++attempt) {
        const unsigned status =
            client.get("/sql?q=SELECT+1",
                       basic(options.user, "guess-" + std::to_string(n) + "-" + std::to_string(attempt)));
        (status == 401 ? refused_401 : status == 429 ? refused_429 : other).fetch_add(1);
      }
    });
  }
  auto [attacked, attacked_failures] = healthy_round_trips(options, good);
  stop = true;
  for (auto& hammer : hammers) hammer.join();
  if (other.load() != 0) throw std::runtime_error("a wrong password was answered with neither 401 nor 429");

  return {{"scenario", "auth-hammer"},
          {"hammer_connections", options.connections},
          {"seconds", options.seconds},
          {"healthy_alone", summary_json(alone, alone_failures)},
          {"healthy_under_attack", summary_json(attacked, attacked_failures)},
          {"hammer_401", refused_401.load()},
          {"hammer_429", refused_429.load()}};
}

}  // namespace bench
