#pragma once
// The server's own events, published for live feeds (the /ws `subscribe` of protocols/stream; any
// other feed, such as Server-Sent Events, subscribes the same way). Each event type is a channel of a
// pub/sub hub of its own, apart from the channels clients publish on (SQLRooms notify, PostgreSQL
// NOTIFY): a client can neither forge an event nor LISTEN to one. A payload is the event's `data`
// object as JSON; the feed wraps it in its own framing ({"type": T, "data": ...} on /ws).
//
// Who sees what: on a server with authentication (tokens or users), an event's SQL text is shown only
// to subscribers of the principal that ran it; others get the event with "sql": null. An event whose
// principal is not known shows its SQL to nobody there.

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/metrics.hpp"
#include "core/pubsub.hpp"

namespace duckwire {

// One statement's outcome, from whichever front door ran it.
struct QueryCompleted {
  std::string query_id;   // the client's, when it gave one; empty: ServerEvents numbers it
  std::string sql;        // as sent; the event carries its first kSqlPreviewChars characters
  std::string principal;  // "user:NAME" / "token:N"; empty when not known (or no authentication)
  Protocol protocol = Protocol::kHttp;
  bool success = false;
  int64_t rows_returned = 0;
  double execution_time_ms = 0;
  std::string error;  // why it failed, when it did
};

class ServerEvents {
 public:
  static constexpr std::string_view kQueryCompleted = "query_completed";
  static constexpr std::string_view kScheduleExecuted = "schedule_executed";
  static constexpr size_t kSqlPreviewChars = 200;

  // `sql_private`: the server authenticates clients, so SQL text is shown to its own principal alone.
  explicit ServerEvents(bool sql_private, uint64_t max_queued_bytes = PubSub::kDefaultMaxQueuedBytes);

  // Whether `type` names an event a client may subscribe to.
  static bool is_event_type(std::string_view type);

  void subscribe(std::string_view type, const std::shared_ptr<Subscriber>& subscriber);
  void unsubscribe(std::string_view type, const Subscriber* subscriber);
  void unsubscribe_all(const Subscriber* subscriber);

  // Whether anyone listens to `type` now, so that a publisher can skip gathering an event nobody reads.
  bool has_subscribers(std::string_view type);

  void query_completed(const QueryCompleted& event);
  // An event whose data reads the same for every subscriber (its JSON object text).
  void publish(std::string_view type, const std::string& data_json);
  // An event whose data reads differently for its owner (see ViewerScopedPayload).
  void publish(std::string_view type, const ViewerScopedPayload& data_json);

  // A query id for a statement its client did not name: "q-1", "q-2", ... unique in the process.
  std::string make_query_id();

 private:
  const bool sql_private_;
  PubSub hub_;
  std::atomic<uint64_t> next_query_id_{1};
};

// The first kSqlPreviewChars characters of `sql` (UTF-8 code points, never a split character).
std::string sql_preview(std::string_view sql);

}  // namespace duckwire
