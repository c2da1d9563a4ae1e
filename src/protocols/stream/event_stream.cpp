#include "protocols/stream/event_stream.hpp"
// GCC 12 reports the coroutine frame of EventFeed::run, inlined here, as a mismatched delete (a false
// positive).
#include "protocols/pgwire/coroutine_warnings.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <deque>
#include <string>
#include <vector>

#include "http/access.hpp"
#include "protocols/stream/json_errors.hpp"
#include "protocols/stream/sse_frames.hpp"
#include "protocols/subscriber_backlog.hpp"

namespace duckwire::stream {

namespace asio = boost::asio;

namespace {

constexpr std::chrono::seconds kKeepAlive{15};
constexpr int64_t kMaxKeepAliveSeconds = 300;
// Events written to the socket in one go, at most (more wait for the next write).
constexpr size_t kWriteBytes = 64 * 1024;

// One client's stream: events queue here (bounded in bytes) until the writing coroutine takes them.
// on_event and close_for_shutdown come from any thread; everything else runs on the connection's executor.
class EventFeed final : public EventListener,
                        public ClosableConnection,
                        public std::enable_shared_from_this<EventFeed> {
 public:
  EventFeed(asio::any_io_executor executor, std::vector<std::string> types, std::string viewer)
      : executor_(executor),
        alarm_(executor),
        types_(std::move(types)),
        viewer_(std::move(viewer)),
        queued_(kMaxQueuedBytes) {}

  bool wants(const RecordedEvent& event) const {
    return std::find(types_.begin(), types_.end(), event.type) != types_.end();
  }

  void on_event(const EventPointer& event) override {
    if (!wants(*event) || dropped_) return;
    auto entry = queued_.take(event->data_for(viewer_).size());
    if (!entry) {
      dropped_ = true;
      asio::post(executor_, [self = weak_from_this()] {
        if (auto feed = self.lock()) feed->cut_off();
      });
      return;
    }
    asio::post(executor_, [self = weak_from_this(), event, entry = std::move(*entry)]() mutable {
      auto feed = self.lock();
      if (!feed) return;
      feed->waiting_.push_back(Waiting{std::move(event), std::move(entry)});
      feed->alarm_.cancel();
    });
  }

  void close_for_shutdown() override {
    asio::post(executor_, [self = weak_from_this()] {
      if (auto feed = self.lock()) {
        feed->closing_ = true;
        feed->alarm_.cancel();
      }
    });
  }

  // Writes `replay` (the events missed since Last-Event-ID), then every event as it comes, until the
  // client goes, falls too far behind, or the server shuts down.
  asio::awaitable<void> run(http::HttpExchange& exchange, std::vector<EventPointer> replay,
                            std::chrono::seconds keep_alive) {
    exchange_ = &exchange;
    struct Done {
      EventFeed& feed;
      ~Done() { feed.exchange_ = nullptr; }
    } done{*this};
    std::string text = sse_comment("duckwire events");
    for (const EventPointer& event : replay) {
      if (wants(*event)) append(text, *event);
    }
    if (!co_await exchange.write_chunk(text)) co_return;
    while (true) {
      if (waiting_.empty() && !closing_ && !dropped_) {
        alarm_.expires_after(keep_alive);
        co_await alarm_.async_wait(asio::as_tuple(asio::use_awaitable));
      }
      if (dropped_) {
        cut_off();
        co_return;
      }
      if (closing_) {
        co_await exchange.end_stream();
        co_return;
      }
      text.clear();
      std::vector<SubscriberBacklog::Entry> written;
      while (!waiting_.empty() && text.size() < kWriteBytes) {
        append(text, *waiting_.front().event);
        written.push_back(std::move(waiting_.front().entry));
        waiting_.pop_front();
      }
      if (text.empty()) text = sse_comment("keep-alive");
      if (!co_await exchange.write_chunk(text)) co_return;
    }
  }

 private:
  // The client is too far behind: its connection closes now, even in the middle of a write that waits
  // for it to read.
  void cut_off() {
    alarm_.cancel();
    if (exchange_ == nullptr) return;
    spdlog::info("events: a client at {} stopped reading and was cut off",
                 exchange_->request().remote_address);
    exchange_->close_now();
    exchange_ = nullptr;
  }

  struct Waiting {
    EventPointer event;
    SubscriberBacklog::Entry entry;  // its share of the bound, until written
  };

  void append(std::string& text, const RecordedEvent& event) const {
    text += sse_event(event.id, event.type, event.data_for(viewer_));
  }

  asio::any_io_executor executor_;
  asio::steady_timer alarm_;  // the keep-alive interval; cancelled to wake the writer
  const std::vector<std::string> types_;
  const std::string viewer_;
  SubscriberBacklog queued_;
  std::atomic<bool> dropped_{false};
  bool closing_ = false;
  std::deque<Waiting> waiting_;
  http::HttpExchange* exchange_ = nullptr;  // while run() writes
};

Result<std::chrono::seconds> keep_alive_of(const http::HttpRequest& request) {
  const auto asked = request.query_parameter("keepalive");
  if (!asked) return kKeepAlive;
  int64_t seconds = 0;
  const auto [end, ec] = std::from_chars(asked->data(), asked->data() + asked->size(), seconds);
  if (ec != std::errc() || end != asked->data() + asked->size() || seconds < 1 ||
      seconds > kMaxKeepAliveSeconds) {
    return Error{ErrorKind::kInvalidInput, "keepalive must be a whole number of seconds from 1 to " +
                                               std::to_string(kMaxKeepAliveSeconds)};
  }
  return std::chrono::seconds(seconds);
}

asio::awaitable<void> serve_events(const ServerContext& server, EventBacklog& backlog,
                                   http::HttpExchange& exchange) {
  const http::HttpRequest& request = exchange.request();
  const http::AccessCheck access = co_await check_access(server.credentials, request);
  if (access.access != http::Access::kGranted) {
    co_await exchange.respond(json_refusal(access));
    co_return;
  }
  auto types = parse_event_filter(request.query_parameter("events"));
  auto keep_alive = keep_alive_of(request);
  std::optional<uint64_t> last_seen;
  std::optional<Error> refused;
  if (auto header = request.header("last-event-id")) {
    auto id = parse_last_event_id(*header);
    if (id) {
      last_seen = id.value();
    } else {
      refused = id.error();
    }
  }
  if (!types) refused = types.error();
  if (!keep_alive) refused = keep_alive.error();
  if (refused) {
    co_await exchange.respond(json_error(400, refused->message));
    co_return;
  }
  if (server.active.closed()) {
    co_await exchange.respond(json_error(503, "server is shutting down"));
    co_return;
  }
  const asio::any_io_executor executor = co_await asio::this_coro::executor;
  auto feed = std::make_shared<EventFeed>(executor, std::move(types).value(), access.principal);
  http::HttpResponse head;
  head.content_type = "text/event-stream; charset=utf-8";
  head.headers = {{"Cache-Control", "no-cache"}, {"X-Accel-Buffering", "no"}};
  if (!co_await exchange.begin_stream(std::move(head))) co_return;
  server.connections.add(feed);
  std::vector<EventPointer> replay = backlog.listen(feed, last_seen);
  auto streaming = feed->run(exchange, std::move(replay), keep_alive.value());
  co_await std::move(streaming);
  backlog.forget(feed.get());
}

}  // namespace

void add_event_stream_routes(http::Router& router, const ServerContext& server,
                             std::shared_ptr<EventBacklog> backlog) {
  router.add("/events", {"GET"}, [&server, backlog](http::HttpExchange& exchange) -> asio::awaitable<void> {
    co_await serve_events(server, *backlog, exchange);
  });
}

}  // namespace duckwire::stream
