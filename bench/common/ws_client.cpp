#include "common/ws_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket.hpp>

#include <stdexcept>

namespace bench {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
using tcp = asio::ip::tcp;

WsClient::WsClient(const std::string& host, uint16_t port, int receive_buffer_bytes, const std::string& path)
    : ws_(io_) {
  tcp::resolver resolver(io_);
  auto endpoints = resolver.resolve(host, std::to_string(port));
  auto& socket = ws_.next_layer();
  socket.open(endpoints.begin()->endpoint().protocol());
  if (receive_buffer_bytes > 0)
    socket.set_option(asio::socket_base::receive_buffer_size(receive_buffer_bytes));
  socket.connect(endpoints.begin()->endpoint());
  socket.set_option(tcp::no_delay(true));
  ws_.read_message_max(0);  // results may be hundreds of MB; they are read piece by piece anyway
  ws_.handshake(host + ":" + std::to_string(port), path);
}

WsClient::~WsClient() {
  beast::error_code ignored;
  ws_.close(websocket::close_code::normal, ignored);
}

void WsClient::send_text(std::string_view text) {
  ws_.text(true);
  ws_.write(asio::buffer(text.data(), text.size()));
}

ReplyInfo WsClient::read_message(const std::function<void(std::string_view)>& on_piece, size_t max_piece) {
  ReplyInfo info;
  do {
    ws_.read_some(buffer_, max_piece);
    const auto data = buffer_.cdata();
    on_piece(std::string_view(static_cast<const char*>(data.data()), data.size()));
    info.bytes += data.size();
    buffer_.consume(data.size());
  } while (!ws_.is_message_done());
  info.binary = ws_.got_binary();
  return info;
}

std::string WsClient::read_text() {
  buffer_.clear();
  ws_.read(buffer_);
  std::string text = beast::buffers_to_string(buffer_.cdata());
  buffer_.clear();
  return text;
}

void FramedArrowCheck::add(std::string_view piece) {
  if (header_end_ == 0 || total_ < header_end_) {
    head_.append(piece.substr(0, std::min<size_t>(piece.size(), 64 * 1024)));
    if (head_.size() >= 4 && header_end_ == 0) {
      const auto* b = reinterpret_cast<const unsigned char*>(head_.data());
      const uint64_t length = (uint64_t(b[0]) << 24) | (uint64_t(b[1]) << 16) | (uint64_t(b[2]) << 8) | b[3];
      header_end_ = 4 + length;
    }
    if (header_end_ != 0 && head_.size() >= header_end_ && header_.empty()) {
      header_ = head_.substr(4, header_end_ - 4);
    }
  }
  total_ += piece.size();
  tail_.append(piece.substr(piece.size() > 8 ? piece.size() - 8 : 0));
  if (tail_.size() > 8) tail_.erase(0, tail_.size() - 8);
}

uint64_t FramedArrowCheck::finish() const {
  if (header_.find("\"arrow\"") == std::string::npos) {
    throw std::runtime_error("not a framed arrow reply: " + head_.substr(0, 200));
  }
  static const std::string kEndOfStream("\xff\xff\xff\xff\0\0\0\0", 8);
  if (tail_ != kEndOfStream)
    throw std::runtime_error("arrow stream does not end with the end-of-stream marker");
  return total_ - header_end_;
}

void throw_if_error_reply(std::string_view reply) {
  if (reply.substr(0, 40).find("\"error\"") != std::string_view::npos) {
    throw std::runtime_error("server error: " + std::string(reply.substr(0, 300)));
  }
}

}  // namespace bench
