#include "protocols/sqlrooms/replies.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <fmt/format.h>

namespace duckwire::sqlrooms {

namespace {

std::string quoted(std::string_view text) { return boost::json::serialize(boost::json::string(text)); }

}  // namespace

std::string ok_reply(const std::string& query_id) {
  return fmt::format(R"({{"type":"ok","queryId":{}}})", query_id);
}

std::string error_reply(const std::optional<std::string>& query_id, std::string_view message) {
  if (!query_id) return fmt::format(R"({{"type":"error","error":{}}})", quoted(message));
  return fmt::format(R"({{"type":"error","queryId":{},"error":{}}})", *query_id, quoted(message));
}

std::string mosaic_error_reply(std::string_view message) { return fmt::format(R"({{"error":{}}})", quoted(message)); }

std::string cancel_ack(const std::string& query_id, bool cancelled) {
  return fmt::format(R"({{"type":"cancelAck","queryId":{},"cancelled":{}}})", query_id, cancelled);
}

std::string channel_reply(std::string_view type, std::string_view channel) {
  return fmt::format(R"({{"type":{},"channel":{}}})", quoted(type), quoted(channel));
}

std::string notify_message(std::string_view channel, std::string_view payload_json) {
  return fmt::format(R"({{"type":"notify","channel":{},"payload":{}}})", quoted(channel), payload_json);
}

std::string upload_ack(const std::string& query_id, std::string_view table, int64_t rows) {
  return fmt::format(R"({{"type":"uploadAck","queryId":{},"tableName":{},"rows":{}}})", query_id, quoted(table),
                     rows);
}

std::string arrow_frame_prefix(const std::string& query_id) {
  const std::string header = fmt::format(R"({{"type":"arrow","queryId":{}}})", query_id);
  const uint32_t length = static_cast<uint32_t>(header.size());
  std::string out;
  out.reserve(4 + header.size());
  out += static_cast<char>((length >> 24) & 0xff);
  out += static_cast<char>((length >> 16) & 0xff);
  out += static_cast<char>((length >> 8) & 0xff);
  out += static_cast<char>(length & 0xff);
  out += header;
  return out;
}

std::string json_reply_prefix(const std::string& query_id) {
  return fmt::format(R"({{"type":"json","queryId":{},"data":")", query_id);
}

void escape_into_json_string(std::string_view text, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.reserve(out.size() + text.size() + text.size() / 8);
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += "\\u00";
          out += kHex[(c >> 4) & 0xf];
          out += kHex[c & 0xf];
        } else {
          out += c;
        }
    }
  }
}

}  // namespace duckwire::sqlrooms
