#pragma once
// PostgreSQL's backslash escapes (\n, \t, \x41, \101, \\ ...), shared by E'...' strings and COPY's text
// format.

#include <cstddef>
#include <string>
#include <string_view>

namespace duckwire::pgwire::commands {

// Decodes the escape whose backslash is at raw[at] (a character follows it) onto `out`; returns the
// index of the escape's last character.
size_t decode_backslash_escape(std::string_view raw, size_t at, std::string& out);

}  // namespace duckwire::pgwire::commands
