#include "protocols/sqlrooms/messages.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "core/requested_timeout.hpp"
#include "util/exact_json.hpp"

namespace duckwire::sqlrooms {

namespace json = boost::json;

namespace {

InvalidMessage invalid(std::string why) {
  return InvalidMessage{"invalid message: " + std::move(why)};
}

std::optional<std::string> string_field(const json::object& object, std::string_view name) {
  const json::value* value = object.if_contains(name);
  if (value == nullptr || !value->is_string()) return std::nullopt;
  return std::string(value->get_string());
}

// queryId may be a string or a number (kept as its literal); anything else is treated as absent by
// the original server, but a client sending an object there has a bug worth telling it about.
std::variant<std::optional<std::string>, InvalidMessage> query_id_of(const ExactJson& message) {
  const json::value* value = message.value.get_object().if_contains("queryId");
  if (value == nullptr || value->is_null()) return std::optional<std::string>();
  if (value->is_string()) return std::optional<std::string>(json::serialize(*value));
  const std::string* literal = message.number_literal("queryId");
  if (!value->is_number() || literal == nullptr) return invalid("queryId must be a string or a number");
  return std::optional<std::string>(*literal);
}

ClientMessage parse_query(const ExactJson& message, QueryType type) {
  const json::object& object = message.value.get_object();
  const json::value* sql = object.if_contains("sql");
  if (sql == nullptr) return invalid("missing sql");
  if (!sql->is_string()) return invalid("sql must be a string");
  auto id = query_id_of(message);
  if (auto* bad = std::get_if<InvalidMessage>(&id)) return *bad;
  QueryRequest request;
  request.type = type;
  request.sql = std::string(sql->get_string());
  request.query_id = std::get<std::optional<std::string>>(id);
  if (const json::value* persist = object.if_contains("persist"))
    request.persist = persist->is_bool() && persist->get_bool();
  if (const json::value* timeout = object.if_contains("statementTimeoutMs")) {
    const auto* millis = timeout->if_int64();
    request.statement_timeout = millis == nullptr ? std::nullopt : requested_timeout(*millis);
    if (!request.statement_timeout)
      return invalid("statementTimeoutMs must be a whole number of milliseconds in 1..86400000");
  }
  return request;
}

ClientMessage parse_channel_message(const json::object& object, const std::string& type) {
  auto channel = string_field(object, "channel");
  if (!channel) return invalid("missing channel");
  if (type == "subscribe") return SubscribeRequest{*channel};
  if (type == "unsubscribe") return UnsubscribeRequest{*channel};
  const json::value* payload = object.if_contains("payload");
  return NotifyRequest{*channel, payload == nullptr ? std::string("null") : json::serialize(*payload)};
}

std::variant<CancelRequest, InvalidMessage> parse_cancel(const ExactJson& message) {
  auto id = query_id_of(message);
  if (auto* bad = std::get_if<InvalidMessage>(&id)) return *bad;
  const auto& query_id = std::get<std::optional<std::string>>(id);
  if (!query_id) return invalid("missing queryId");
  return CancelRequest{*query_id};
}

// Messages carry no parameters, so an integer wider than 64 bits has no exact meaning here.
std::variant<ExactJson, InvalidMessage> parse_object(std::string_view text) {
  auto parsed = parse_exact_json(text, WideIntegers::kRefuse);
  if (!parsed) {
    if (parsed.error().kind == ErrorKind::kOutOfRange) return invalid(parsed.error().message);
    return InvalidMessage{"invalid json"};
  }
  if (!parsed->value.is_object()) return invalid("expected a JSON object");
  return std::move(*parsed);
}

}  // namespace

ClientMessage parse_client_message(std::string_view text) {
  auto message = parse_object(text);
  if (auto* bad = std::get_if<InvalidMessage>(&message)) return *bad;
  const ExactJson* parsed = &std::get<ExactJson>(message);
  const json::object& object = parsed->value.get_object();
  const json::value* type_value = object.if_contains("type");
  if (type_value == nullptr) return invalid("missing type");
  if (!type_value->is_string()) return invalid("type must be a string");
  const std::string type(type_value->get_string());

  if (type == "arrow") return parse_query(*parsed, QueryType::kArrow);
  if (type == "json") return parse_query(*parsed, QueryType::kJson);
  if (type == "exec") return parse_query(*parsed, QueryType::kExec);
  if (type == "subscribe" || type == "unsubscribe" || type == "notify")
    return parse_channel_message(object, type);
  if (type == "cancel") {
    auto cancel = parse_cancel(*parsed);
    if (auto* bad = std::get_if<InvalidMessage>(&cancel)) return *bad;
    return std::get<CancelRequest>(cancel);
  }
  if (type == "auth") {
    auto token = string_field(object, "token");
    if (!token) return invalid("missing token");
    return AuthRequest{*token};
  }
  return invalid("unknown type " + json::serialize(*type_value));
}

std::variant<CancelRequest, InvalidMessage> parse_cancel_body(std::string_view text) {
  auto message = parse_object(text);
  if (auto* bad = std::get_if<InvalidMessage>(&message)) return *bad;
  return parse_cancel(std::get<ExactJson>(message));
}

}  // namespace duckwire::sqlrooms
