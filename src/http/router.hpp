#pragma once
// Maps request paths to handlers; where every front door on the HTTP port plugs in.

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "http/http_exchange.hpp"

namespace duckwire::http {

using Handler = std::function<boost::asio::awaitable<void>(HttpExchange&)>;

struct Route {
  std::vector<std::string> methods;  // allowed methods; a request with another gets 405
  Handler handler;
};

class Router {
 public:
  void add(std::string path, std::vector<std::string> methods, Handler handler);
  // Every path that starts with `prefix` (e.g. "/schedules/") and has no route of its own; the handler
  // checks the method itself (the paths under one prefix may take different ones).
  void add_prefix(std::string prefix, Handler handler);
  // Answers every path without a route (default: 404).
  void set_fallback(Handler handler) { fallback_ = std::move(handler); }
  // Answers 404/405 itself; otherwise runs the route's handler.
  boost::asio::awaitable<void> dispatch(HttpExchange& exchange) const;

 private:
  std::map<std::string, Route, std::less<>> routes_;
  std::vector<std::pair<std::string, Handler>> prefixes_;
  Handler fallback_;
};

}  // namespace duckwire::http
