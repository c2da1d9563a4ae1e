#include "protocols/jsonrpc/requests.hpp"

#include <boost/json/serialize.hpp>

#include "core/requested_timeout.hpp"
#include "util/exact_json.hpp"

namespace duckwire::jsonrpc {

namespace json = boost::json;

namespace {

RpcFailure invalid_request(std::string id, std::string why) {
  return RpcFailure{std::move(id), kInvalidRequest, "Invalid Request: " + std::move(why)};
}

}  // namespace

std::variant<RpcRequest, RpcFailure> parse_rpc_request(std::string_view text) {
  const auto document = parse_exact_json(text, WideIntegers::kAsTypedInteger);
  if (!document) return RpcFailure{"null", kParseError, "Parse error: " + document.error().message};
  const json::value& parsed = document->value;
  if (!parsed.is_object()) return invalid_request("null", "expected a JSON object");
  const json::object& object = parsed.get_object();

  const json::value* id = object.if_contains("id");
  if (id == nullptr) return invalid_request("null", "missing id");
  if (!id->is_string() && !id->is_int64() && !id->is_uint64()) {
    return invalid_request("null", "id must be an integer or a string");
  }
  const std::string* id_literal = document->number_literal("id");
  std::string id_text = id->is_string() || id_literal == nullptr ? json::serialize(*id) : *id_literal;
  const json::value* version = object.if_contains("jsonrpc");
  if (version == nullptr || !version->is_string() || version->get_string() != "2.0") {
    return invalid_request(std::move(id_text), "jsonrpc must be \"2.0\"");
  }
  const json::value* method = object.if_contains("method");
  if (method == nullptr || !method->is_string()) return invalid_request(std::move(id_text), "missing method");
  if (method->get_string() != "sql") {
    return RpcFailure{std::move(id_text), kMethodNotFound,
                      "Method not found: " + std::string(method->get_string())};
  }

  const json::value* q = nullptr;
  const json::value* p = nullptr;
  const json::value* m = nullptr;
  const json::value* timeout = nullptr;
  const json::value* params = object.if_contains("params");
  if (params != nullptr && params->is_object()) {
    q = params->get_object().if_contains("q");
    p = params->get_object().if_contains("p");
    m = params->get_object().if_contains("m");
    timeout = params->get_object().if_contains("statementTimeoutMs");
  } else if (params != nullptr && params->is_array()) {
    const json::array& list = params->get_array();
    if (list.size() > 3)
      return RpcFailure{std::move(id_text), kInvalidParams, "Invalid params: expected [q, p, m]"};
    if (list.size() > 0) q = &list[0];
    if (list.size() > 1) p = &list[1];
    if (list.size() > 2) m = &list[2];
  } else {
    return RpcFailure{std::move(id_text), kInvalidParams,
                      "Invalid params: expected {\"q\": ...} or [q, p, m]"};
  }
  if (q == nullptr || !q->is_string()) {
    return RpcFailure{std::move(id_text), kInvalidParams, "Invalid params: q must be a string"};
  }
  std::optional<std::chrono::milliseconds> time_limit;
  if (timeout != nullptr) {
    time_limit = timeout->is_int64() ? requested_timeout(timeout->get_int64()) : std::nullopt;
    if (!time_limit) {
      return RpcFailure{
          std::move(id_text), kInvalidParams,
          "Invalid params: statementTimeoutMs must be a whole number of milliseconds in 1..86400000"};
    }
  }
  auto call = make_sql_call(std::string(q->get_string()), p, m);
  if (!call) return RpcFailure{std::move(id_text), kInvalidParams, "Invalid params: " + call.error().message};
  return RpcRequest{std::move(id_text), std::move(call).value(), time_limit};
}

}  // namespace duckwire::jsonrpc
