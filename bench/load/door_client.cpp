#include "load/door_client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <stdexcept>
#include <string_view>

namespace bench {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace websocket = boost::beast::websocket;
using tcp = asio::ip::tcp;

asio::awaitable<void> connect_socket(tcp::socket& socket, const DoorTarget& target) {
  tcp::resolver resolver(socket.get_executor());
  auto endpoints =
      co_await resolver.async_resolve(target.host, std::to_string(target.port), asio::use_awaitable);
  co_await asio::async_connect(socket, endpoints, asio::use_awaitable);
  socket.set_option(tcp::no_delay(true));
}

std::string json_string(const std::string& text) {
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

// SQLRooms (`/`) and JSON-RPC (`/sql`) over one WebSocket. A reply is read piece by piece and dropped,
// so a large result costs the client no more memory than a small one.
class WebSocketDoor final : public DoorClient {
 public:
  WebSocketDoor(asio::any_io_executor executor, DoorTarget target)
      : target_(std::move(target)), ws_(executor) {}

  asio::awaitable<void> connect() override {
    co_await connect_socket(ws_.next_layer(), target_);
    co_await ws_.async_handshake(target_.host, target_.door == "jsonrpc" ? "/sql" : "/", asio::use_awaitable);
    ws_.text(true);
    ws_.read_message_max(0);  // no limit: large results are read piece by piece and dropped
  }

  asio::awaitable<uint64_t> query(const std::string& sql) override {
    const std::string id = std::to_string(next_id_++);
    if (target_.type == "notify") {
      // No database work (the SQL is ignored): the server echoes the notify to its sender, then acks it.
      const std::string request = R"({"type":"notify","channel":"bench","payload":)" + id + "}";
      co_await ws_.async_write(asio::buffer(request), asio::use_awaitable);
      const uint64_t echo = co_await read_reply();
      co_return echo + co_await read_reply();
    }
    const std::string request =
        target_.door == "jsonrpc"
            ? R"({"jsonrpc":"2.0","id":)" + id + R"(,"method":"sql","params":{"q":)" + json_string(sql) + "}}"
            : R"({"type":")" + target_.type + R"(","queryId":"q)" + id + R"(","sql":)" + json_string(sql) + "}";
    co_await ws_.async_write(asio::buffer(request), asio::use_awaitable);
    co_return co_await read_reply();
  }

  asio::awaitable<void> close() override {
    auto [ec] = co_await ws_.async_close(websocket::close_code::normal, asio::as_tuple(asio::use_awaitable));
    (void)ec;
  }

 private:
  asio::awaitable<uint64_t> read_reply() {
    uint64_t bytes = 0;
    std::string head;  // the reply's first bytes, enough to tell an error from a result
    do {
      const size_t n = co_await ws_.async_read_some(buffer_, 1 << 20, asio::use_awaitable);
      if (head.size() < 256) {
        const auto data = buffer_.cdata();
        head.append(static_cast<const char*>(data.data()), std::min<size_t>(data.size(), 256 - head.size()));
      }
      bytes += n;
      buffer_.consume(buffer_.size());
    } while (!ws_.is_message_done());
    const bool failed = target_.door == "jsonrpc" ? head.find("\"result\"") == std::string::npos
                                                  : ws_.got_text() && head.find("\"error\"") != std::string::npos;
    if (failed) throw std::runtime_error(target_.door + " error reply: " + head);
    co_return bytes;
  }

  DoorTarget target_;
  websocket::stream<tcp::socket> ws_;
  beast::flat_buffer buffer_;
  uint64_t next_id_ = 0;
};

// A request/response exchange on one kept-alive HTTP/1.1 connection.
class HttpConnection {
 public:
  explicit HttpConnection(asio::any_io_executor executor) : socket_(executor) {}
  tcp::socket& socket() { return socket_; }

  asio::awaitable<http::response<http::string_body>> post(const DoorTarget& target, const std::string& path,
                                                          std::string content_type, std::string body) {
    http::request<http::string_body> request{http::verb::post, path, 11};
    request.set(http::field::host, target.host);
    if (!content_type.empty()) request.set(http::field::content_type, content_type);
    request.keep_alive(true);
    request.body() = std::move(body);
    request.prepare_payload();
    co_await http::async_write(socket_, request, asio::use_awaitable);
    http::response_parser<http::string_body> parser;
    parser.body_limit(boost::none);
    co_await http::async_read(socket_, buffer_, parser, asio::use_awaitable);
    co_return parser.release();
  }

  void close() {
    boost::system::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
  }

 private:
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

class HttpSqlDoor final : public DoorClient {
 public:
  HttpSqlDoor(asio::any_io_executor executor, DoorTarget target)
      : target_(std::move(target)), http_(executor) {}

  asio::awaitable<void> connect() override { co_await connect_socket(http_.socket(), target_); }

  asio::awaitable<uint64_t> query(const std::string& sql) override {
    auto response = co_await http_.post(target_, "/sql", "application/sql", sql);
    if (response.result_int() != 200) {
      throw std::runtime_error("/sql answered " + std::to_string(response.result_int()) + ": " + response.body());
    }
    co_return response.body().size();
  }

  asio::awaitable<void> close() override {
    http_.close();
    co_return;
  }

 private:
  DoorTarget target_;
  HttpConnection http_;
};

// Quack's BinarySerializer, just what CONNECTION_REQUEST and PREPARE_REQUEST need
// (../shared/specs/quack.md): field ids as little-endian u16, ULEB128 integers, length-prefixed strings.
class QuackWriter {
 public:
  QuackWriter& field(uint16_t id) {
    out_ += static_cast<char>(id & 0xff);
    out_ += static_cast<char>(id >> 8);
    return *this;
  }
  QuackWriter& uleb(uint64_t value) {
    do {
      uint8_t byte = value & 0x7f;
      value >>= 7;
      if (value != 0) byte |= 0x80;
      out_ += static_cast<char>(byte);
    } while (value != 0);
    return *this;
  }
  QuackWriter& string(std::string_view text) {
    uleb(text.size());
    out_ += text;
    return *this;
  }
  QuackWriter& end() { return field(0xffff); }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

constexpr uint64_t kConnectionRequest = 1, kConnectionResponse = 2, kPrepareRequest = 3,
                   kPrepareResponse = 4, kNoQueryId = ~uint64_t{0};

class QuackReader {
 public:
  explicit QuackReader(std::string_view in) : in_(in) {}
  bool field(uint16_t id) {
    if (in_.size() < 2 || (static_cast<uint8_t>(in_[0]) | static_cast<uint8_t>(in_[1]) << 8) != id) return false;
    in_.remove_prefix(2);
    return true;
  }
  uint64_t uleb() {
    uint64_t value = 0;
    for (int shift = 0; !in_.empty() && shift < 70; shift += 7) {
      const auto byte = static_cast<uint8_t>(in_.front());
      in_.remove_prefix(1);
      value |= uint64_t{byte & 0x7fu} << shift;
      if ((byte & 0x80) == 0) return value;
    }
    throw std::runtime_error("truncated Quack integer");
  }
  std::string string() {
    const uint64_t size = uleb();
    if (size > in_.size()) throw std::runtime_error("truncated Quack string");
    std::string text(in_.substr(0, size));
    in_.remove_prefix(size);
    return text;
  }

 private:
  std::string_view in_;
};

class QuackDoor final : public DoorClient {
 public:
  QuackDoor(asio::any_io_executor executor, DoorTarget target) : target_(std::move(target)), http_(executor) {}

  asio::awaitable<void> connect() override {
    co_await connect_socket(http_.socket(), target_);
    std::string request = QuackWriter().field(1).uleb(kConnectionRequest).field(3).uleb(kNoQueryId).end().end().take();
    const std::string reply = co_await exchange(std::move(request), kConnectionResponse);
    QuackReader header(reply);
    header.field(1);
    header.uleb();
    if (!header.field(2)) throw std::runtime_error("Quack CONNECTION_RESPONSE without a connection id");
    connection_id_ = header.string();
  }

  asio::awaitable<uint64_t> query(const std::string& sql) override {
    std::string request = QuackWriter()
                              .field(1).uleb(kPrepareRequest)
                              .field(2).string(connection_id_)
                              .field(3).uleb(kNoQueryId)
                              .end()
                              .field(1).string(sql)
                              .end()
                              .take();
    const std::string reply = co_await exchange(std::move(request), kPrepareResponse);
    co_return reply.size();
  }

  asio::awaitable<void> close() override {
    http_.close();
    co_return;
  }

 private:
  asio::awaitable<std::string> exchange(std::string request, uint64_t expected_type) {
    auto response = co_await http_.post(target_, "/quack", "", std::move(request));
    if (response.result_int() != 200) {
      throw std::runtime_error("/quack answered " + std::to_string(response.result_int()));
    }
    QuackReader header(response.body());
    if (!header.field(1)) throw std::runtime_error("Quack reply without a message type");
    if (const uint64_t type = header.uleb(); type != expected_type) {
      throw std::runtime_error("Quack reply of type " + std::to_string(type) + ": " + response.body());
    }
    co_return std::move(response.body());
  }

  DoorTarget target_;
  HttpConnection http_;
  std::string connection_id_;
};

}  // namespace

std::unique_ptr<DoorClient> make_door_client(asio::any_io_executor executor, const DoorTarget& target) {
  if (target.door == "sqlrooms" || target.door == "jsonrpc") return std::make_unique<WebSocketDoor>(executor, target);
  if (target.door == "http-sql") return std::make_unique<HttpSqlDoor>(executor, target);
  if (target.door == "quack") return std::make_unique<QuackDoor>(executor, target);
  throw std::invalid_argument("unknown door: " + target.door + " (sqlrooms, jsonrpc, http-sql or quack)");
}

}  // namespace bench
