#include "protocols/pgwire/pg_stream.hpp"
#include "protocols/pgwire/coroutine_warnings.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

namespace duckwire::pgwire {

namespace asio = boost::asio;

namespace {

constexpr size_t kReadBytes = 64 * 1024;
constexpr size_t kMaxReadBytes = 1024 * 1024;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

std::string address_of(const asio::ip::tcp::socket& socket) {
  boost::system::error_code ec;
  const auto endpoint = socket.remote_endpoint(ec);
  return ec ? std::string("unknown") : endpoint.address().to_string();
}

}  // namespace

PgStream::PgStream(asio::ip::tcp::socket socket)
    : stream_(std::in_place_type<PlainStream>, std::move(socket)) {
  remote_address_ = address_of(std::get<PlainStream>(stream_).socket());
  boost::system::error_code ec;
  const auto endpoint = std::get<PlainStream>(stream_).socket().remote_endpoint(ec);
  if (!ec) remote_port_ = endpoint.port();
}

asio::any_io_executor PgStream::executor() {
  return lowest().get_executor();
}

boost::beast::tcp_stream& PgStream::lowest() {
  if (auto* tls = std::get_if<TlsStream>(&stream_)) return tls->next_layer();
  return std::get<PlainStream>(stream_);
}

asio::awaitable<std::optional<uint8_t>> PgStream::peek_first_byte() {
  if (buffered() > 0) co_return static_cast<uint8_t>(buffer_[start_]);
  uint8_t first = 0;
  auto [ec, count] = co_await lowest().socket().async_receive(asio::buffer(&first, 1),
                                                              asio::socket_base::message_peek, kNoThrow);
  if (ec || count == 0) co_return std::nullopt;
  co_return first;
}

asio::awaitable<Result<void>> PgStream::start_tls(asio::ssl::context& context) {
  if (buffered() > 0) {
    co_return Error{ErrorKind::kInvalidInput, "received unencrypted data after SSL request"};
  }
  PlainStream plain = std::move(std::get<PlainStream>(stream_));
  stream_.emplace<TlsStream>(std::move(plain), context);
  auto [ec] = co_await std::get<TlsStream>(stream_).async_handshake(asio::ssl::stream_base::server, kNoThrow);
  if (ec) {
    open_ = false;
    co_return Error{ErrorKind::kIo, "TLS handshake failed: " + ec.message()};
  }
  co_return Result<void>{};
}

asio::awaitable<bool> PgStream::read_exact(size_t count, std::string& out) {
  while (buffered() < count && open_) {
    if (start_ > 0 && start_ == buffer_.size()) {
      buffer_.clear();
      start_ = 0;
    } else if (start_ > kReadBytes) {
      buffer_.erase(0, start_);
      start_ = 0;
    }
    // The buffer grows with what arrives, never ahead of it by more than one read: a declared length
    // alone allocates nothing.
    const size_t old_size = buffer_.size();
    const size_t want = std::max(kReadBytes, std::min(count - buffered(), kMaxReadBytes));
    buffer_.resize(old_size + want);
    const auto target = asio::buffer(buffer_.data() + old_size, want);
    boost::system::error_code ec;
    size_t got = 0;
    if (auto* tls = std::get_if<TlsStream>(&stream_)) {
      auto [read_error, read] = co_await tls->async_read_some(target, kNoThrow);
      ec = read_error;
      got = read;
    } else {
      auto [read_error, read] = co_await std::get<PlainStream>(stream_).async_read_some(target, kNoThrow);
      ec = read_error;
      got = read;
    }
    buffer_.resize(old_size + got);
    if (ec) open_ = false;
  }
  if (buffered() < count) co_return false;
  out.assign(buffer_, start_, count);
  start_ += count;
  co_return true;
}

asio::awaitable<bool> PgStream::write(std::string_view data) {
  if (!open_) co_return false;
  if (auto* tls = std::get_if<TlsStream>(&stream_)) {
    auto [ec, written] = co_await asio::async_write(*tls, asio::buffer(data), kNoThrow);
    if (ec) open_ = false;
    co_return !ec;
  }
  auto [ec, written] =
      co_await asio::async_write(std::get<PlainStream>(stream_), asio::buffer(data), kNoThrow);
  if (ec) open_ = false;
  co_return !ec;
}

void PgStream::set_deadline(std::chrono::steady_clock::duration after) {
  lowest().expires_after(after);
}

void PgStream::clear_deadline() {
  lowest().expires_never();
}

void PgStream::close() {
  open_ = false;
  boost::system::error_code ignored;
  lowest().socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  lowest().socket().close(ignored);
}

}  // namespace duckwire::pgwire
