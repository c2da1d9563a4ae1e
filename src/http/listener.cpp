#include "http/listener.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

namespace duckwire::http {

namespace asio = boost::asio;

HttpListener::HttpListener(asio::io_context& accept_io, IoPicker pick_io,
                           std::shared_ptr<asio::ssl::context> tls, ConnectionContext context)
    : tls_(std::move(tls)),
      context_(std::move(context)),
      tcp_(accept_io, std::move(pick_io), [this](asio::ip::tcp::socket socket) {
        auto executor = socket.get_executor();
        asio::co_spawn(executor, serve_connection(std::move(socket), tls_.get(), context_), asio::detached);
      }) {}

}  // namespace duckwire::http
