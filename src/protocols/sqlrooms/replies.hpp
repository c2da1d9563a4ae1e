#pragma once
// Reply texts of the SQLRooms / Mosaic protocol. Query ids are passed serialized (see messages.hpp).

#include <optional>
#include <string>
#include <string_view>

namespace duckwire::sqlrooms {

std::string ok_reply(const std::string& query_id);
std::string error_reply(const std::optional<std::string>& query_id, std::string_view message);
std::string mosaic_error_reply(std::string_view message);
std::string cancel_ack(const std::string& query_id, bool cancelled);
std::string channel_reply(std::string_view type, std::string_view channel);
std::string notify_message(std::string_view channel, std::string_view payload_json);
std::string upload_ack(const std::string& query_id, std::string_view table, int64_t rows);

// The prefix of a framed binary Arrow reply: 4-byte big-endian length, then the header JSON.
std::string arrow_frame_prefix(const std::string& query_id);
// The start and end around a json reply's "data" string; the records between are escaped as a
// JSON string body (encode::ResultFormat::kJsonRecordsInString).
std::string json_reply_prefix(const std::string& query_id);
inline constexpr std::string_view kJsonReplySuffix = "\"}";

}  // namespace duckwire::sqlrooms
