#include "protocols/sqlrooms/replies.hpp"

#include <fmt/format.h>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

namespace duckwire::sqlrooms {

namespace {

std::string quoted(std::string_view text) {
  return boost::json::serialize(boost::json::string(text));
}

}  // namespace

std::string ok_reply(const std::string& query_id) {
  return fmt::format(R"({{"type":"ok","queryId":{}}})", query_id);
}

std::string error_reply(const std::optional<std::string>& query_id, std::string_view message) {
  if (!query_id) return fmt::format(R"({{"type":"error","error":{}}})", quoted(message));
  return fmt::format(R"({{"type":"error","queryId":{},"error":{}}})", *query_id, quoted(message));
}

std::string mosaic_error_reply(std::string_view message) {
  return fmt::format(R"({{"error":{}}})", quoted(message));
}

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
  return fmt::format(R"({{"type":"uploadAck","queryId":{},"tableName":{},"rows":{}}})", query_id,
                     quoted(table), rows);
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

}  // namespace duckwire::sqlrooms
