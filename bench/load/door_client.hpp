#pragma once
// One client connection of a front door, driven by a coroutine: connects, then runs one query round trip
// at a time, the way that door's real clients send it. Used by the closed-loop throughput and mixed
// scenarios, so every door is measured by the same loop.
//
//   sqlrooms  WebSocket `/`, {"type":"json"|"arrow","queryId",…,"sql"} (Mosaic, SQLRooms)
//   jsonrpc   WebSocket `/sql`, a JSON-RPC 2.0 "sql" request
//   http-sql  HTTP/1.1 keep-alive `POST /sql` with an `application/sql` body (curl, fetch)
//   quack     HTTP/1.1 keep-alive `POST /quack`: CONNECTION_REQUEST once, then a PREPARE_REQUEST per
//             query (what DuckDB's quack client sends for a query on an attached server)

#include <boost/asio/awaitable.hpp>
#include <boost/asio/any_io_executor.hpp>

#include <cstdint>
#include <memory>
#include <string>

namespace bench {

struct DoorTarget {
  std::string door = "sqlrooms";  // sqlrooms | jsonrpc | http-sql | quack
  std::string type = "json";      // sqlrooms: json | arrow | notify (a round trip without the database)
  std::string host = "127.0.0.1";
  uint16_t port = 0;  // the door's port (quack: the Quack port)
};

class DoorClient {
 public:
  virtual ~DoorClient() = default;
  virtual boost::asio::awaitable<void> connect() = 0;
  // Sends `sql` and reads its whole reply; returns the reply's size in bytes. Throws on a transport
  // failure or a reply that is the door's error shape.
  virtual boost::asio::awaitable<uint64_t> query(const std::string& sql) = 0;
  virtual boost::asio::awaitable<void> close() = 0;
};

// Throws std::invalid_argument for an unknown door.
std::unique_ptr<DoorClient> make_door_client(boost::asio::any_io_executor executor, const DoorTarget& target);

}  // namespace bench
