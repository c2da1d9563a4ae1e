#include "protocols/pgwire/frontend_messages.hpp"

#include <fmt/format.h>

#include "protocols/pgwire/message_reader.hpp"

namespace duckwire::pgwire {

namespace {

Error violation(std::string message) {
  return Error{ErrorKind::kInvalidInput, std::move(message)};
}

Error malformed(std::string_view what) {
  return violation(fmt::format("invalid {} message format", what));
}

// The int16 count of a list whose items take at least `item_bytes` each, checked against the bytes left.
std::optional<size_t> checked_count(MessageReader& reader, size_t item_bytes) {
  const auto count = reader.int16();
  if (!count || *count < 0) return std::nullopt;
  if (static_cast<size_t>(*count) * item_bytes > reader.remaining()) return std::nullopt;
  return static_cast<size_t>(*count);
}

std::optional<std::vector<int16_t>> read_formats(MessageReader& reader) {
  const auto count = checked_count(reader, 2);
  if (!count) return std::nullopt;
  std::vector<int16_t> formats;
  formats.reserve(*count);
  for (size_t i = 0; i < *count; ++i) formats.push_back(*reader.int16());
  return formats;
}

}  // namespace

const std::string* StartupMessage::find(std::string_view name) const {
  for (const auto& [key, value] : parameters) {
    if (key == name) return &value;
  }
  return nullptr;
}

Result<StartupPacket> parse_startup_packet(std::string_view body) {
  MessageReader reader(body);
  const auto code = reader.int32();
  if (!code) return violation("invalid length of startup packet");
  if (*code == kSslRequestCode && reader.at_end()) return StartupPacket{SslRequest{}};
  if (*code == kGssEncRequestCode && reader.at_end()) return StartupPacket{GssEncRequest{}};
  if (*code == kCancelRequestCode) {
    const auto process_id = reader.int32();
    const auto secret = reader.int32();
    if (!process_id || !secret || !reader.at_end())
      return violation("invalid length of cancel request packet");
    return StartupPacket{CancelRequest{*process_id, *secret}};
  }
  StartupMessage startup;
  startup.major = static_cast<int>(static_cast<uint32_t>(*code) >> 16);
  startup.minor = *code & 0xffff;
  if (startup.major != 3) {
    return violation(fmt::format("unsupported frontend protocol {}.{}: server supports 3.0 to 3.0",
                                 startup.major, startup.minor));
  }
  while (true) {
    const auto name = reader.cstring();
    if (!name) return violation("invalid startup packet layout: expected terminator as last byte");
    if (name->empty()) break;
    const auto value = reader.cstring();
    if (!value) return violation("invalid startup packet layout: expected terminator as last byte");
    startup.parameters.emplace_back(std::string(*name), std::string(*value));
  }
  if (!reader.at_end()) return violation("invalid startup packet layout: expected terminator as last byte");
  return StartupPacket{std::move(startup)};
}

Result<std::string> parse_query(std::string_view body) {
  MessageReader reader(body);
  const auto text = reader.cstring();
  if (!text || !reader.at_end()) return malformed("Query");
  return std::string(*text);
}

Result<ParseMessage> parse_parse(std::string_view body) {
  MessageReader reader(body);
  ParseMessage parse;
  const auto name = reader.cstring();
  const auto query = name ? reader.cstring() : std::nullopt;
  const auto count = query ? checked_count(reader, 4) : std::nullopt;
  if (!count) return malformed("Parse");
  parse.statement = *name;
  parse.query = *query;
  parse.parameter_types.reserve(*count);
  for (size_t i = 0; i < *count; ++i) parse.parameter_types.push_back(static_cast<uint32_t>(*reader.int32()));
  if (!reader.at_end()) return malformed("Parse");
  return parse;
}

Result<BindMessage> parse_bind(std::string_view body) {
  MessageReader reader(body);
  BindMessage bind;
  const auto portal = reader.cstring();
  const auto statement = portal ? reader.cstring() : std::nullopt;
  auto formats = statement ? read_formats(reader) : std::nullopt;
  // Each parameter takes at least its 4-byte length.
  const auto count = formats ? checked_count(reader, 4) : std::nullopt;
  if (!count) return malformed("Bind");
  bind.portal = *portal;
  bind.statement = *statement;
  bind.parameter_formats = std::move(*formats);
  bind.parameters.reserve(*count);
  for (size_t i = 0; i < *count; ++i) {
    const auto length = reader.int32();
    if (!length || *length < -1) return malformed("Bind");
    if (*length == -1) {
      bind.parameters.emplace_back();
      continue;
    }
    const auto value = reader.bytes(static_cast<size_t>(*length));
    if (!value) return violation("insufficient data left in message");
    bind.parameters.emplace_back(std::string(*value));
  }
  auto results = read_formats(reader);
  if (!results || !reader.at_end()) return malformed("Bind");
  bind.result_formats = std::move(*results);
  return bind;
}

Result<DescribeMessage> parse_describe(std::string_view body) {
  MessageReader reader(body);
  const auto kind = reader.byte();
  const auto name = kind ? reader.cstring() : std::nullopt;
  if (!name || !reader.at_end()) return malformed("Describe");
  if (*kind != 'S' && *kind != 'P')
    return violation(fmt::format("invalid DESCRIBE message subtype {}", *kind));
  return DescribeMessage{static_cast<char>(*kind), std::string(*name)};
}

Result<ExecuteMessage> parse_execute(std::string_view body) {
  MessageReader reader(body);
  const auto portal = reader.cstring();
  const auto rows = portal ? reader.int32() : std::nullopt;
  if (!rows || !reader.at_end()) return malformed("Execute");
  return ExecuteMessage{std::string(*portal), *rows < 0 ? 0 : *rows};
}

Result<CloseMessage> parse_close(std::string_view body) {
  MessageReader reader(body);
  const auto kind = reader.byte();
  const auto name = kind ? reader.cstring() : std::nullopt;
  if (!name || !reader.at_end()) return malformed("Close");
  if (*kind != 'S' && *kind != 'P') return violation(fmt::format("invalid CLOSE message subtype {}", *kind));
  return CloseMessage{static_cast<char>(*kind), std::string(*name)};
}

Result<SaslInitialResponse> parse_sasl_initial_response(std::string_view body) {
  MessageReader reader(body);
  const auto mechanism = reader.cstring();
  const auto length = mechanism ? reader.int32() : std::nullopt;
  if (!length || *length < -1) return malformed("SASLInitialResponse");
  SaslInitialResponse response{std::string(*mechanism), std::nullopt};
  if (*length >= 0) {
    const auto data = reader.bytes(static_cast<size_t>(*length));
    if (!data) return malformed("SASLInitialResponse");
    response.data = std::string(*data);
  }
  if (!reader.at_end()) return malformed("SASLInitialResponse");
  return response;
}

Result<std::string> parse_password(std::string_view body) {
  MessageReader reader(body);
  const auto password = reader.cstring();
  if (!password || !reader.at_end()) return malformed("password");
  return std::string(*password);
}

std::optional<int16_t> format_for(const std::vector<int16_t>& formats, size_t index, size_t total) {
  int16_t code = 0;
  if (formats.size() == 1) {
    code = formats[0];
  } else if (!formats.empty()) {
    if (formats.size() != total || index >= formats.size()) return std::nullopt;
    code = formats[index];
  }
  if (code != 0 && code != 1) return std::nullopt;
  return code;
}

}  // namespace duckwire::pgwire
