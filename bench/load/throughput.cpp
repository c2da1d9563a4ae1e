#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/ws_client.hpp"
#include "load/scenarios.hpp"
#include "common/stats.hpp"

namespace bench {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

struct Totals {
  int64_t queries = 0;
  int64_t errors = 0;
  std::vector<double> latencies_us;
};

// One connection: SELECT 1 queries back to back until the deadline.
asio::awaitable<void> drive(const LoadOptions& options, int index, Clock::time_point start_at,
                            Clock::time_point deadline, Totals& totals) {
  auto executor = co_await asio::this_coro::executor;
  websocket::stream<tcp::socket> ws(executor);
  tcp::resolver resolver(executor);
  auto endpoints =
      co_await resolver.async_resolve(options.host, std::to_string(options.port), asio::use_awaitable);
  co_await asio::async_connect(ws.next_layer(), endpoints, asio::use_awaitable);
  ws.next_layer().set_option(tcp::no_delay(true));
  co_await ws.async_handshake(options.host, "/", asio::use_awaitable);
  asio::steady_timer timer(executor, start_at);
  co_await timer.async_wait(asio::use_awaitable);  // every connection starts together
  beast::flat_buffer buffer;
  ws.text(true);
  for (int n = 0; Clock::now() < deadline; ++n) {
    const std::string request = "{\"type\":\"json\",\"queryId\":\"c" + std::to_string(index) + "_" +
                                std::to_string(n) + "\",\"sql\":\"SELECT 1\"}";
    const auto sent_at = Clock::now();
    co_await ws.async_write(asio::buffer(request), asio::use_awaitable);
    co_await ws.async_read(buffer, asio::use_awaitable);
    const auto data = buffer.cdata();
    const std::string_view reply(static_cast<const char*>(data.data()), data.size());
    if (reply.find("\"error\"") != std::string_view::npos) {
      ++totals.errors;
    } else {
      ++totals.queries;
      totals.latencies_us.push_back(
          std::chrono::duration<double, std::micro>(Clock::now() - sent_at).count());
    }
    buffer.consume(buffer.size());
  }
  auto [ec] = co_await ws.async_close(websocket::close_code::normal, asio::as_tuple(asio::use_awaitable));
  (void)ec;
}

}  // namespace

boost::json::object run_throughput(const LoadOptions& options) {
  asio::io_context io(1);
  Totals totals;
  const auto start_at = Clock::now() + std::chrono::milliseconds(500);
  const auto deadline =
      start_at + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.seconds));
  std::exception_ptr failure;
  for (int i = 0; i < options.connections; ++i) {
    asio::co_spawn(io, drive(options, i, start_at, deadline, totals), [&failure](std::exception_ptr e) {
      if (e && !failure) failure = e;
    });
  }
  io.run();
  const double elapsed = std::chrono::duration<double>(Clock::now() - start_at).count();
  if (failure) std::rethrow_exception(failure);
  const LatencySummary s = summarize(std::move(totals.latencies_us));
  return {{"scenario", "throughput"}, {"connections", options.connections},
          {"seconds", elapsed},       {"queries", totals.queries},
          {"errors", totals.errors},  {"queries_per_s", static_cast<double>(totals.queries) / elapsed},
          {"p50_us", s.p50_us},       {"p99_us", s.p99_us}};
}

}  // namespace bench
