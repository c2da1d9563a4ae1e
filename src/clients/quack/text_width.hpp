#pragma once
// How many terminal columns a UTF-8 text takes: one per character, two for East Asian wide and
// fullwidth characters and emoji, none for combining marks and zero-width characters. Bytes that are not
// UTF-8 count one each.

#include <cstddef>
#include <string_view>

namespace duckwire::quack_client {

size_t display_width(std::string_view text);

}  // namespace duckwire::quack_client
