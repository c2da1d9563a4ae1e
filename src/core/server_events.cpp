#include "core/server_events.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace duckwire {

namespace json = boost::json;

namespace {

std::string query_completed_json(const QueryCompleted& event, const std::string& query_id, bool with_sql) {
  json::object data;
  data["query_id"] = query_id;
  if (with_sql) {
    data["sql"] = sql_preview(event.sql);
  } else {
    data["sql"] = nullptr;
  }
  data["success"] = event.success;
  data["rows_returned"] = event.rows_returned;
  data["execution_time_ms"] = event.execution_time_ms;
  data["protocol"] = protocol_label(event.protocol);
  if (!event.success && !event.error.empty()) data["error"] = event.error;
  return json::serialize(data);
}

}  // namespace

std::string sql_preview(std::string_view sql) {
  size_t characters = 0;
  size_t end = 0;
  while (end < sql.size() && characters < ServerEvents::kSqlPreviewChars) {
    ++end;
    // Continuation bytes (10xxxxxx) belong to the character before them.
    while (end < sql.size() && (static_cast<unsigned char>(sql[end]) & 0xC0) == 0x80) ++end;
    ++characters;
  }
  return std::string(sql.substr(0, end));
}

ServerEvents::ServerEvents(bool sql_private, uint64_t max_queued_bytes)
    : sql_private_(sql_private), hub_(max_queued_bytes) {}

bool ServerEvents::is_event_type(std::string_view type) {
  return type == kQueryCompleted || type == kScheduleExecuted;
}

void ServerEvents::subscribe(std::string_view type, const std::shared_ptr<Subscriber>& subscriber) {
  hub_.subscribe(std::string(type), subscriber);
}

void ServerEvents::unsubscribe(std::string_view type, const Subscriber* subscriber) {
  hub_.unsubscribe(std::string(type), subscriber);
}

void ServerEvents::unsubscribe_all(const Subscriber* subscriber) {
  hub_.unsubscribe_all(subscriber);
}

bool ServerEvents::has_subscribers(std::string_view type) {
  return hub_.has_subscribers(std::string(type));
}

void ServerEvents::query_completed(const QueryCompleted& event) {
  if (!has_subscribers(kQueryCompleted)) return;
  const std::string query_id = event.query_id.empty() ? make_query_id() : event.query_id;
  if (!sql_private_) {
    publish(kQueryCompleted, query_completed_json(event, query_id, true));
    return;
  }
  ViewerScopedPayload payload{event.principal, {}, query_completed_json(event, query_id, false)};
  if (!event.principal.empty()) payload.own = query_completed_json(event, query_id, true);
  publish(kQueryCompleted, payload);
}

void ServerEvents::publish(std::string_view type, const std::string& data_json) {
  hub_.publish(std::string(type), data_json, nullptr);
}

void ServerEvents::publish(std::string_view type, const ViewerScopedPayload& data_json) {
  hub_.publish(std::string(type), data_json);
}

std::string ServerEvents::make_query_id() {
  return "q-" + std::to_string(next_query_id_.fetch_add(1));
}

}  // namespace duckwire
