#pragma once
// What the PostgreSQL value encoders share: the wire format codes and the session settings that
// change how values print as text.

#include <cstdint>
#include <string>

#include "util/error.hpp"

namespace duckwire::encode::pg {

// A format code of Bind, RowDescription, CopyOutResponse: text (0) or binary (1).
enum class Format : int16_t { kText = 0, kBinary = 1 };

// A format code from the wire; other codes fail with PostgreSQL's "unsupported format code: 2"
// (ErrorKind::kInvalidInput; PostgreSQL answers it with SQLSTATE 22023).
Result<Format> format_from_code(int16_t code);

// The session settings that change text output (DateStyle is always ISO, IntervalStyle postgres:
// the front door refuses other values).
struct TextSettings {
  // The session's TimeZone: an IANA name ("Europe/Paris", case-insensitive as in PostgreSQL), "UTC",
  // or a POSIX-style offset ("UTC+3", "+05:30", which PostgreSQL reads as WEST of Greenwich). Used
  // for timestamptz text. See pg_time_zone.hpp.
  std::string time_zone = "UTC";
  // extra_float_digits: >= 1 (PostgreSQL 12+ default 1) prints floats shortest round-trip; 0 and below
  // print 6 + n (float4) / 15 + n (float8) significant digits, as PostgreSQL does.
  int extra_float_digits = 1;
};

}  // namespace duckwire::encode::pg
