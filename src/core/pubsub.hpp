#pragma once
// Channels and their subscribers, shared by every front door that speaks pub/sub (SQLRooms
// notify, /ws events, PostgreSQL LISTEN/NOTIFY). Publishing never waits for a subscriber. What waits
// to be written to subscribers is bounded in bytes twice: per subscriber (the subscriber's own
// bound, kMaxQueuedBytesPerSubscriber) and in total (the fan-out budget given to PubSub): a
// subscriber that would pass either bound is dropped instead.

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace duckwire {

// A queued notification's share of the server-wide fan-out budget, handed back when destroyed.
class FanoutShare {
 public:
  FanoutShare() = default;
  FanoutShare(std::atomic<uint64_t>& in_use, uint64_t bytes) : in_use_(&in_use), bytes_(bytes) {}
  FanoutShare(FanoutShare&& other) noexcept
      : in_use_(std::exchange(other.in_use_, nullptr)), bytes_(std::exchange(other.bytes_, 0)) {}
  FanoutShare& operator=(FanoutShare&&) = delete;
  FanoutShare(const FanoutShare&) = delete;
  ~FanoutShare() {
    if (in_use_ != nullptr) in_use_->fetch_sub(bytes_);
  }

 private:
  std::atomic<uint64_t>* in_use_ = nullptr;
  uint64_t bytes_ = 0;
};

struct ViewerScopedPayload;

class Subscriber {
 public:
  virtual ~Subscriber() = default;
  // Called from any thread; must return at once (queue the message, never write here). The
  // subscriber keeps `share` until the message is written or discarded.
  virtual void deliver(const std::string& channel, const std::string& payload_json, FanoutShare share) = 0;
  // The server-wide budget cannot hold a message for this subscriber: it is too far behind.
  virtual void drop_too_slow() = 0;
  // Who reads this subscriber's messages ("user:NAME", "token:N"), for messages that read differently
  // for their owner (ViewerScopedPayload); empty when not known. Must not change once subscribed.
  virtual std::string_view viewer() const { return {}; }
  // A subscriber that hands messages on to several viewers (the replay backlog of Server-Sent Events)
  // takes a ViewerScopedPayload whole, through deliver_scoped(), instead of the text for its viewer.
  virtual bool takes_scoped_payloads() const { return false; }
  virtual void deliver_scoped(const std::string& channel, const ViewerScopedPayload& payload,
                              FanoutShare share);
};

// A message whose text depends on who receives it: subscribers whose viewer() is `viewer` (not empty)
// get `own`, every other subscriber gets `others`.
struct ViewerScopedPayload {
  std::string viewer;
  std::string own;
  std::string others;
};

class PubSub {
 public:
  // What one queued notification costs besides its payload (message text around it, bookkeeping).
  static constexpr uint64_t kMessageOverheadBytes = 1024;
  // Bytes of notifications waiting for one subscriber. One message is always accepted when nothing
  // waits, so a payload larger than the bound still reaches a subscriber that keeps up.
  static constexpr uint64_t kMaxQueuedBytesPerSubscriber = uint64_t{16} << 20;
  static constexpr uint64_t kDefaultMaxQueuedBytes = uint64_t{256} << 20;

  explicit PubSub(uint64_t max_queued_bytes = kDefaultMaxQueuedBytes) : max_queued_bytes_(max_queued_bytes) {}

  void subscribe(const std::string& channel, const std::shared_ptr<Subscriber>& subscriber);
  void unsubscribe(const std::string& channel, const Subscriber* subscriber);
  void unsubscribe_all(const Subscriber* subscriber);
  // Delivers to every live subscriber of `channel` except `except`; returns how many got it.
  size_t publish(const std::string& channel, const std::string& payload_json, const Subscriber* except);
  // Delivers to every live subscriber of `channel` the payload its viewer may see; returns how many got it.
  size_t publish(const std::string& channel, const ViewerScopedPayload& payload);

  // Whether `channel` has subscribers now (so a publisher can skip building a message nobody reads).
  bool has_subscribers(const std::string& channel);

  uint64_t queued_bytes() const { return in_use_.load(); }

 private:
  template <class PayloadFor>
  size_t fan_out(const std::string& channel, const Subscriber* except, PayloadFor payload_for,
                 const ViewerScopedPayload* scoped = nullptr);

  std::mutex mutex_;
  std::map<std::string, std::vector<std::weak_ptr<Subscriber>>> channels_;
  const uint64_t max_queued_bytes_;
  std::atomic<uint64_t> in_use_{0};
};

}  // namespace duckwire
