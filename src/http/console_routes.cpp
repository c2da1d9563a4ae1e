#include "http/console_routes.hpp"

#include <string>

#include "http/embedded_files.hpp"

namespace duckwire::http {

namespace {

std::string content_type_of(std::string_view path) {
  if (path.ends_with(".html")) return "text/html; charset=utf-8";
  if (path.ends_with(".js")) return "text/javascript; charset=utf-8";
  if (path.ends_with(".css")) return "text/css; charset=utf-8";
  if (path.ends_with(".svg")) return "image/svg+xml";
  return "application/octet-stream";
}

HttpResponse file_response(const EmbeddedFile& file) {
  HttpResponse response;
  response.content_type = content_type_of(file.path);
  response.body = std::string(file.bytes);
  response.headers = {
      {"Cache-Control", "no-cache"},
      {"X-Content-Type-Options", "nosniff"},
      // Only the server's own scripts, styles and connections; no page may frame the console.
      {"Content-Security-Policy",
       "default-src 'self'; connect-src 'self'; img-src 'self' data: blob:; frame-ancestors 'none'"},
  };
  return response;
}

}  // namespace

void add_console_routes(Router& router) {
  for (const EmbeddedFile& file : embedded_files()) {
    Handler serve = [&file](HttpExchange& exchange) -> boost::asio::awaitable<void> {
      co_await exchange.respond(file_response(file));
    };
    router.add("/ui/" + std::string(file.path), {"GET", "HEAD"}, serve);
    if (file.path == "index.html") {
      router.add("/ui", {"GET", "HEAD"}, serve);
      router.add("/ui/", {"GET", "HEAD"}, serve);
    }
  }
}

}  // namespace duckwire::http
