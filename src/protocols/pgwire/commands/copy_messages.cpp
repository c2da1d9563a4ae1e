#include "protocols/pgwire/commands/copy_messages.hpp"

namespace duckwire::pgwire::commands {

namespace {

void append_int16(std::string& out, int16_t value) {
  out += static_cast<char>((value >> 8) & 0xff);
  out += static_cast<char>(value & 0xff);
}

void append_int32(std::string& out, int32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((value >> shift) & 0xff);
}

void append_copy_response(std::string& out, char type, encode::pg::Format format,
                          const std::vector<encode::pg::Format>& columns) {
  out += type;
  append_int32(out, static_cast<int32_t>(4 + 1 + 2 + 2 * columns.size()));
  out += static_cast<char>(format);
  append_int16(out, static_cast<int16_t>(columns.size()));
  for (const auto column : columns) append_int16(out, static_cast<int16_t>(column));
}

}  // namespace

void append_copy_in_response(std::string& out, encode::pg::Format format,
                             const std::vector<encode::pg::Format>& columns) {
  append_copy_response(out, 'G', format, columns);
}

void append_copy_out_response(std::string& out, encode::pg::Format format,
                              const std::vector<encode::pg::Format>& columns) {
  append_copy_response(out, 'H', format, columns);
}

void append_copy_done(std::string& out) {
  out += 'c';
  append_int32(out, 4);
}

}  // namespace duckwire::pgwire::commands
