#include "core/pubsub.hpp"

#include <algorithm>

namespace duckwire {

void PubSub::subscribe(const std::string& channel, const std::shared_ptr<Subscriber>& subscriber) {
  std::lock_guard lock(mutex_);
  auto& subscribers = channels_[channel];
  for (const auto& existing : subscribers) {
    if (existing.lock() == subscriber) return;
  }
  subscribers.push_back(subscriber);
}

void PubSub::unsubscribe(const std::string& channel, const Subscriber* subscriber) {
  std::lock_guard lock(mutex_);
  const auto found = channels_.find(channel);
  if (found == channels_.end()) return;
  std::erase_if(found->second, [subscriber](const std::weak_ptr<Subscriber>& weak) {
    const auto live = weak.lock();
    return !live || live.get() == subscriber;
  });
  if (found->second.empty()) channels_.erase(found);
}

void PubSub::unsubscribe_all(const Subscriber* subscriber) {
  std::lock_guard lock(mutex_);
  for (auto it = channels_.begin(); it != channels_.end();) {
    std::erase_if(it->second, [subscriber](const std::weak_ptr<Subscriber>& weak) {
      const auto live = weak.lock();
      return !live || live.get() == subscriber;
    });
    it = it->second.empty() ? channels_.erase(it) : std::next(it);
  }
}

bool PubSub::has_subscribers(const std::string& channel) {
  std::lock_guard lock(mutex_);
  return channels_.contains(channel);
}

void Subscriber::deliver_scoped(const std::string& channel, const ViewerScopedPayload& payload,
                                FanoutShare share) {
  deliver(channel, payload.others, std::move(share));
}

template <class PayloadFor>
size_t PubSub::fan_out(const std::string& channel, const Subscriber* except, PayloadFor payload_for,
                       const ViewerScopedPayload* scoped) {
  std::vector<std::shared_ptr<Subscriber>> targets;
  {
    std::lock_guard lock(mutex_);
    const auto found = channels_.find(channel);
    if (found == channels_.end()) return 0;
    for (const auto& weak : found->second) {
      if (auto live = weak.lock(); live && live.get() != except) targets.push_back(std::move(live));
    }
  }
  size_t delivered = 0;
  for (const auto& target : targets) {
    const bool whole = scoped != nullptr && target->takes_scoped_payloads();
    const std::string& payload_json = payload_for(*target);
    const uint64_t cost =
        (whole ? scoped->own.size() + scoped->others.size() : payload_json.size()) + kMessageOverheadBytes;
    if (in_use_.fetch_add(cost) + cost > max_queued_bytes_) {
      in_use_.fetch_sub(cost);
      target->drop_too_slow();
      continue;
    }
    if (whole) {
      target->deliver_scoped(channel, *scoped, FanoutShare(in_use_, cost));
    } else {
      target->deliver(channel, payload_json, FanoutShare(in_use_, cost));
    }
    delivered++;
  }
  return delivered;
}

size_t PubSub::publish(const std::string& channel, const std::string& payload_json,
                       const Subscriber* except) {
  return fan_out(channel, except,
                 [&payload_json](const Subscriber&) -> const std::string& { return payload_json; });
}

size_t PubSub::publish(const std::string& channel, const ViewerScopedPayload& payload) {
  return fan_out(
      channel, nullptr,
      [&payload](const Subscriber& target) -> const std::string& {
        const std::string_view viewer = target.viewer();
        return !payload.viewer.empty() && viewer == payload.viewer ? payload.own : payload.others;
      },
      &payload);
}

}  // namespace duckwire
