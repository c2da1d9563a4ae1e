#pragma once
// The error answers of the HTTP routes of protocols/stream (/schedules, /events): {"error": "..."}.

#include <string>

#include "http/access.hpp"
#include "http/http_types.hpp"

namespace duckwire::stream {

http::HttpResponse json_error(int status, const std::string& message);
// 401 (or 429 after too many failed logins) for a request whose credentials were not granted.
http::HttpResponse json_refusal(const http::AccessCheck& access);

}  // namespace duckwire::stream
