#include "protocols/stream/messages.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/server_events.hpp"

namespace duckwire::stream {

namespace json = boost::json;

namespace {

InvalidMessage invalid(std::string error, std::optional<std::string> query_id = std::nullopt) {
  return InvalidMessage{std::move(error), std::move(query_id)};
}

// A string member as it is; a number as its JSON text; nullopt when absent or null.
std::variant<std::monostate, std::string, InvalidMessage> id_field(const json::object& data,
                                                                   std::string_view key) {
  const json::value* value = data.if_contains(key);
  if (value == nullptr || value->is_null()) return std::monostate{};
  if (value->is_string()) return std::string(value->get_string());
  if (value->is_number()) return json::serialize(*value);
  return invalid(fmt::format("{} must be a string or a number", key));
}

std::optional<std::string> string_field(const json::object& data, std::string_view key) {
  const json::value* value = data.if_contains(key);
  if (value == nullptr || !value->is_string()) return std::nullopt;
  return std::string(value->get_string());
}

ClientMessage parse_auth(const json::object& data) {
  AuthMessage auth;
  if (auto token = string_field(data, "token")) {
    auth.token = std::move(token);
  } else if (auto session = string_field(data, "session_id")) {
    auth.token = std::move(session);
  } else if (auto user = string_field(data, "user")) {
    auth.user = std::move(user);
    auth.password = string_field(data, "password").value_or("");
  } else {
    return invalid("auth needs a token (\"token\" or \"session_id\") or a \"user\" and \"password\"");
  }
  return auth;
}

ClientMessage parse_query(const json::object& data) {
  QueryMessage query;
  auto id = id_field(data, "query_id");
  if (auto* bad = std::get_if<InvalidMessage>(&id)) return std::move(*bad);
  if (auto* given = std::get_if<std::string>(&id)) query.query_id = std::move(*given);
  const json::value* sql = data.if_contains("sql");
  if (sql == nullptr || sql->is_null()) {
    if (data.contains("question")) {
      return invalid("natural-language questions are not supported: send the SQL to run as \"sql\"",
                     query.query_id);
    }
    return invalid("query needs \"sql\"", query.query_id);
  }
  if (!sql->is_string()) return invalid("sql must be a string", query.query_id);
  query.sql = std::string(sql->get_string());
  auto chunk_rows = chunk_rows_from_json(data.if_contains("chunk_rows"));
  if (auto* error = std::get_if<std::string>(&chunk_rows)) return invalid(std::move(*error), query.query_id);
  query.chunk_rows = std::get<size_t>(chunk_rows);
  const json::value* params = data.if_contains("params");
  if (params != nullptr && params->is_null()) params = nullptr;
  if (params != nullptr && !params->is_array() && !params->is_object()) {
    return invalid("params must be an array (or an object of named parameters)", query.query_id);
  }
  auto call = jsonrpc::make_sql_call(query.sql, params, nullptr);
  if (!call) return invalid(call.error().message, query.query_id);
  query.call = std::move(call).value();
  return query;
}

ClientMessage parse_cancel(const json::object& data) {
  auto id = id_field(data, "query_id");
  if (auto* bad = std::get_if<InvalidMessage>(&id)) return std::move(*bad);
  if (auto* given = std::get_if<std::string>(&id)) return CancelMessage{std::move(*given)};
  return invalid("cancel needs a query_id");
}

ClientMessage parse_subscription(const json::object& data, bool subscribe) {
  const json::value* events = data.if_contains("events");
  if (events == nullptr || !events->is_array()) return invalid("events must be an array of event names");
  SubscriptionMessage message{subscribe, {}};
  for (const json::value& event : events->get_array()) {
    if (!event.is_string()) return invalid("events must be an array of event names");
    std::string name(event.get_string());
    if (!ServerEvents::is_event_type(name)) {
      return invalid(fmt::format("unknown event: {} (known: {}, {})", name, ServerEvents::kQueryCompleted,
                                 ServerEvents::kScheduleExecuted));
    }
    message.events.push_back(std::move(name));
  }
  return message;
}

ClientMessage parse_batch(const json::object& data) {
  const json::value* messages = data.if_contains("messages");
  if (messages == nullptr || !messages->is_array()) return invalid("batch needs \"messages\", an array");
  const json::array& list = messages->get_array();
  if (list.size() > kMaxBatchMessages) {
    return invalid(fmt::format("batch too large: {} messages (at most {})", list.size(), kMaxBatchMessages));
  }
  BatchMessage batch;
  batch.messages.reserve(list.size());
  for (const json::value& message : list) {
    const json::object* object = message.if_object();
    const json::value* type = object != nullptr ? object->if_contains("type") : nullptr;
    if (type != nullptr && type->is_string() && type->get_string() == "batch") {
      return invalid("a batch cannot hold another batch");
    }
    batch.messages.push_back(message);
  }
  return batch;
}

}  // namespace

std::variant<size_t, std::string> chunk_rows_from_json(const json::value* value) {
  if (value == nullptr) return kDefaultChunkRows;
  double rows = 0;
  if (value->is_int64()) {
    rows = static_cast<double>(value->get_int64());
  } else if (value->is_uint64()) {
    rows = static_cast<double>(value->get_uint64());
  } else if (value->is_double()) {
    rows = std::trunc(value->get_double());
  } else {
    return std::string("chunk_rows must be a number (rows per result_chunk, 1 to 100000)");
  }
  if (rows < 1) return size_t{1};
  if (rows > static_cast<double>(kMaxChunkRows)) return kMaxChunkRows;
  return static_cast<size_t>(rows);
}

ClientMessage parse_client_message(std::string_view text) {
  boost::system::error_code ec;
  json::value message = json::parse(text, ec);
  if (ec) return invalid("invalid JSON: " + ec.message());
  return read_client_message(message);
}

ClientMessage read_client_message(const json::value& message) {
  const json::object* object = message.if_object();
  if (object == nullptr) return invalid("a message must be a JSON object {\"type\": ..., \"data\": {...}}");
  const json::value* type_value = object->if_contains("type");
  if (type_value == nullptr || !type_value->is_string()) return invalid("message has no \"type\"");
  const std::string type(type_value->get_string());
  const json::value* data_value = object->if_contains("data");
  if (type == "ping" && (data_value == nullptr || data_value->is_null())) return PingMessage{};
  static const std::vector<std::string_view> known = {"auth",        "query", "cancel", "subscribe",
                                                      "unsubscribe", "batch", "ping"};
  if (std::find(known.begin(), known.end(), type) == known.end()) {
    return invalid(fmt::format("unknown message type: {}", type));
  }
  if (data_value == nullptr || !data_value->is_object()) {
    return invalid(fmt::format("{} message has no \"data\" object", type));
  }
  const json::object& data = data_value->get_object();
  if (type == "auth") return parse_auth(data);
  if (type == "query") return parse_query(data);
  if (type == "cancel") return parse_cancel(data);
  if (type == "subscribe") return parse_subscription(data, true);
  if (type == "unsubscribe") return parse_subscription(data, false);
  if (type == "batch") return parse_batch(data);
  return PingMessage{};
}

}  // namespace duckwire::stream
