#pragma once
// One CSV field as RFC 4180 writes it: quoted when it is empty or holds a comma, quote, CR or LF, its
// quotes doubled. An empty field stays apart from NULL, which a writer leaves out (nothing between the
// commas).

#include <string>
#include <string_view>

namespace duckwire::encode {

void append_csv_field(std::string& out, std::string_view text);

}  // namespace duckwire::encode
