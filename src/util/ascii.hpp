#pragma once
// ASCII case folding for protocol tokens (header names, schemes, media types), never for user text.

#include <string>
#include <string_view>

namespace duckwire {

char ascii_lower(char c);
std::string ascii_lower(std::string_view text);
std::string ascii_upper(std::string_view text);
bool equals_ignoring_case(std::string_view a, std::string_view b);
bool starts_with_ignoring_case(std::string_view text, std::string_view prefix);

}  // namespace duckwire
