#include "protocols/jsonrpc/json_params.hpp"

#include <boost/json/serialize.hpp>

#include <array>
#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "protocols/jsonrpc/xsd_values.hpp"

namespace duckwire::jsonrpc {

namespace {

std::string truncated_json(const boost::json::value& v) {
  constexpr size_t kMaxShown = 80;
  std::string text = boost::json::serialize(v);
  if (text.size() > kMaxShown) text = text.substr(0, kMaxShown) + "...";
  return text;
}

Error invalid(std::string message) {
  return Error{ErrorKind::kInvalidParameter, std::move(message)};
}

Error not_valid(const boost::json::value& v, XsdType type, std::string_view why = {}) {
  std::string message = truncated_json(v) + " is not a valid " + xsd_short_name(type);
  if (!why.empty()) message += " (" + std::string(why) + ")";
  return invalid(std::move(message));
}

// A JSON number as decimal text: doubles in their shortest fixed-point form that reads back the same.
std::optional<std::string> number_text(const boost::json::value& v) {
  if (v.is_int64()) return std::to_string(v.get_int64());
  if (v.is_uint64()) return std::to_string(v.get_uint64());
  if (!v.is_double()) return std::nullopt;
  std::array<char, 512> buffer;
  const auto [end, ec] =
      std::to_chars(buffer.data(), buffer.data() + buffer.size(), v.get_double(), std::chars_format::fixed);
  if (ec != std::errc{}) return std::nullopt;
  return std::string(buffer.data(), end);
}

// The text `@value` gives a value of `type`: a string, or for xsd:integer also an integer and for
// xsd:decimal any number.
Result<std::string> lexical_form(const boost::json::value& v, XsdType type) {
  if (v.is_string()) return std::string(v.get_string());
  if (type == XsdType::kInteger) {
    if (v.is_int64() || v.is_uint64()) return number_text(v).value();
    return not_valid(v, type, "@value must be a string or an integer");
  }
  if (type == XsdType::kDecimal) {
    if (auto text = number_text(v)) return std::move(*text);
    return not_valid(v, type, "@value must be a string or a number");
  }
  return not_valid(v, type, "@value must be a string");
}

Result<Value> typed_value(const boost::json::value& value, const boost::json::value& type_iri) {
  if (!type_iri.is_string()) return invalid("@type must be a string, got " + truncated_json(type_iri));
  const auto type = xsd_type_named(type_iri.get_string());
  if (!type) return invalid("unknown @type " + truncated_json(type_iri));
  auto text = lexical_form(value, *type);
  if (!text) return text.error();
  auto parsed = parse_xsd_value(*type, *text);
  if (!parsed) return not_valid(value, *type, parsed.error().message);
  return parsed;
}

bool is_typed_value(const boost::json::object& object) {
  return object.size() == 2 && object.contains("@value") && object.contains("@type");
}

Result<Value> list_from_json(const boost::json::array& array) {
  ListValue list;
  for (const boost::json::value& item : array) {
    auto value = value_from_json(item);
    if (!value) return value.error();
    list.items.push_back(std::move(value).value());
  }
  return Value{std::move(list)};
}

Result<Value> struct_from_json(const boost::json::object& object) {
  if (is_typed_value(object)) return typed_value(object.at("@value"), object.at("@type"));
  StructValue record;
  for (const auto& member : object) {
    auto value = value_from_json(member.value());
    if (!value) return value.error();
    record.members.emplace_back(std::string(member.key()), std::move(value).value());
  }
  return Value{std::move(record)};
}

Error invalid_params(const std::string& parameter, const Error& error) {
  return invalid(parameter + ": " + error.message);
}

}  // namespace

Result<Value> value_from_json(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null:
      return Value{NullValue{}};
    case boost::json::kind::bool_:
      return Value{v.get_bool()};
    case boost::json::kind::int64:
      return Value{v.get_int64()};
    case boost::json::kind::uint64:
      return Value{v.get_uint64()};
    case boost::json::kind::double_:
      return Value{v.get_double()};
    case boost::json::kind::string:
      return Value{std::string(v.get_string())};
    case boost::json::kind::array:
      return list_from_json(v.get_array());
    case boost::json::kind::object:
      return struct_from_json(v.get_object());
  }
  return invalid("unsupported JSON value");
}

Result<Parameters> parameters_from_json(const boost::json::value& p) {
  Parameters parameters;
  if (p.is_array()) {
    const boost::json::array& values = p.get_array();
    for (size_t i = 0; i < values.size(); ++i) {
      auto value = value_from_json(values[i]);
      if (!value) return invalid_params("parameter " + std::to_string(i + 1), value.error());
      parameters.positional.push_back(std::move(value).value());
    }
  } else if (p.is_object()) {
    for (const auto& member : p.get_object()) {
      const std::string name(member.key());
      auto value = value_from_json(member.value());
      if (!value) return invalid_params("parameter \"" + name + "\"", value.error());
      parameters.named.emplace_back(name, std::move(value).value());
    }
  } else if (!p.is_null()) {
    return invalid("parameters must be an array or an object, got " + truncated_json(p));
  }
  return parameters;
}

}  // namespace duckwire::jsonrpc
