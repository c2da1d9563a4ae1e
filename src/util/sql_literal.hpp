#pragma once
// A text as an SQL string literal: in single quotes, each quote doubled.

#include <string>
#include <string_view>

namespace duckwire {

std::string sql_literal(std::string_view text);

}  // namespace duckwire
