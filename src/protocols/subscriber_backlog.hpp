#pragma once
// What waits to be written to one WebSocket subscriber (SQLRooms notify, /ws events), bounded in bytes:
// each message costs its text plus PubSub::kMessageOverheadBytes until it is written or discarded. One
// message is always taken when nothing waits, so a message larger than the bound still reaches a
// subscriber that keeps up; past the bound the subscriber is too far behind and is dropped. Any thread.

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <utility>

#include "core/pubsub.hpp"

namespace duckwire {

class SubscriberBacklog {
 public:
  // A waiting message's share of the backlog, handed back when destroyed.
  class Entry {
   public:
    Entry(std::shared_ptr<std::atomic<uint64_t>> queued, uint64_t cost)
        : queued_(std::move(queued)), cost_(cost) {}
    Entry(Entry&& other) noexcept : queued_(std::move(other.queued_)), cost_(std::exchange(other.cost_, 0)) {}
    Entry& operator=(Entry&&) = delete;
    Entry(const Entry&) = delete;
    ~Entry() {
      if (queued_) queued_->fetch_sub(cost_);
    }

   private:
    std::shared_ptr<std::atomic<uint64_t>> queued_;  // shared: an entry may outlive its subscriber
    uint64_t cost_;
  };

  explicit SubscriberBacklog(uint64_t max_bytes) : max_bytes_(max_bytes) {}

  // The entry of a message of `text_bytes`; nullopt when the subscriber is too far behind.
  std::optional<Entry> take(uint64_t text_bytes) {
    const uint64_t cost = text_bytes + PubSub::kMessageOverheadBytes;
    const uint64_t queued = queued_->fetch_add(cost);
    if (queued > 0 && queued + cost > max_bytes_) {
      queued_->fetch_sub(cost);
      return std::nullopt;
    }
    return Entry(queued_, cost);
  }

 private:
  std::shared_ptr<std::atomic<uint64_t>> queued_ = std::make_shared<std::atomic<uint64_t>>(0);
  const uint64_t max_bytes_;
};

}  // namespace duckwire
