#pragma once
// SQLRooms `uploadArrow`: a binary frame [u32 big-endian header length][header JSON
// {"type":"uploadArrow","queryId":Q,"tableName":T}][Arrow IPC stream] creates or replaces table T.

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <string>
#include <string_view>

#include "core/server_context.hpp"

namespace duckwire::sqlrooms {

// True when the binary frame carries an uploadArrow header (other binary frames are JSON text).
bool is_upload_frame(std::string_view frame);

struct UploadOutcome {
  bool ok = false;
  std::string query_id;  // serialized JSON, as in messages.hpp; empty when the header had none
  std::string table;
  int64_t rows = 0;
  std::string error;  // when !ok
};

// The table is created on a worker once `owner` (the uploading connection) has a place in fair
// admission, so a connection's uploads take turns with its queries and with other connections.
boost::asio::awaitable<UploadOutcome> upload_arrow_frame(const ServerContext& server, AdmissionOwner owner,
                                                         std::string frame);

}  // namespace duckwire::sqlrooms
