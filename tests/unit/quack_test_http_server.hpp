#pragma once
// A small HTTP/1.1 server on 127.0.0.1 for the Quack client's tests: each request body goes to a
// handler whose reply says what to send (or to drop the connection without a reply). It runs on its own
// thread until destroyed.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

namespace duckwire::quack::testing {

class TestHttpServer {
 public:
  struct Reply {
    unsigned status = 200;
    std::string body;
    bool close = false;  // close the connection after this reply
    bool drop = false;   // close the connection instead of replying
  };
  using Handler = std::function<Reply(const std::string& body)>;

  explicit TestHttpServer(Handler handler) : handler_(std::move(handler)), acceptor_(io_) {
    using boost::asio::ip::tcp;
    const tcp::endpoint endpoint(boost::asio::ip::make_address("127.0.0.1"), 0);
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(tcp::acceptor::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
    accept();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~TestHttpServer() {
    io_.stop();
    thread_.join();
  }
  TestHttpServer(const TestHttpServer&) = delete;
  TestHttpServer& operator=(const TestHttpServer&) = delete;

  uint16_t port() const { return port_; }
  std::string target() const { return "quack:127.0.0.1:" + std::to_string(port_); }
  int connections() const { return connections_.load(); }

 private:
  struct Session : std::enable_shared_from_this<Session> {
    Session(boost::asio::ip::tcp::socket socket, Handler& handler)
        : stream(std::move(socket)), handler(handler) {}

    void read() {
      parser.emplace();
      parser->body_limit(uint64_t{1} << 30);
      boost::beast::http::async_read(stream, buffer, *parser,
                                     [self = shared_from_this()](boost::beast::error_code ec, size_t) {
                                       if (!ec) self->answer();
                                     });
    }

    void answer() {
      const auto request = parser->release();
      const Reply reply = handler(request.body());
      if (reply.drop) {
        boost::beast::error_code ignored;
        stream.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
        stream.socket().close(ignored);
        return;
      }
      response = {};
      response.version(11);
      response.result(reply.status);
      response.set(boost::beast::http::field::content_type, "application/vnd.duckdb");
      response.body() = reply.body;
      response.keep_alive(!reply.close && request.keep_alive());
      response.prepare_payload();
      boost::beast::http::async_write(
          stream, response, [self = shared_from_this()](boost::beast::error_code ec, size_t) {
            if (ec || !self->response.keep_alive()) {
              boost::beast::error_code ignored;
              self->stream.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
              return;
            }
            self->read();
          });
    }

    boost::beast::tcp_stream stream;
    Handler& handler;
    boost::beast::flat_buffer buffer;
    std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser;
    boost::beast::http::response<boost::beast::http::string_body> response;
  };

  void accept() {
    acceptor_.async_accept([this](boost::beast::error_code ec, boost::asio::ip::tcp::socket socket) {
      if (ec) return;
      ++connections_;
      std::make_shared<Session>(std::move(socket), handler_)->read();
      accept();
    });
  }

  Handler handler_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::thread thread_;
  uint16_t port_ = 0;
  std::atomic<int> connections_{0};
};

}  // namespace duckwire::quack::testing
