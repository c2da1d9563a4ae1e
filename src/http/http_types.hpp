#pragma once
// Plain request/response values handed to route handlers, so handlers do not depend on Beast.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace duckwire::http {

struct HttpRequest {
  std::string method;                                        // "GET", "POST", ...
  std::string target;                                        // path and query as sent
  std::string path;                                          // target without the query string
  std::string query;                                         // after '?', still percent-encoded
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string remote_address;
  bool keep_alive = true;

  // The first header with this (lower-case) name.
  std::optional<std::string_view> header(std::string_view name) const;
  // A query-string parameter, percent-decoded.
  std::optional<std::string> query_parameter(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  static HttpResponse text(int status, std::string body);
  static HttpResponse json(int status, std::string body);
  // 204 to a browser's CORS preflight: the methods and request headers a page may use (the allowed
  // origin is the connection's to add), and for how long the browser may remember it (0: not said).
  static HttpResponse preflight(std::string methods, std::string headers, int max_age_seconds = 0);
};

std::string percent_decode(std::string_view text, bool plus_as_space);

}  // namespace duckwire::http
