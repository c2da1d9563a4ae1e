#pragma once
// Text forms of raw column values, shared by the JSON, CSV and PostgreSQL text encoders.
// Every function appends to `out` and allocates nothing beyond the growth of `out`.
//
// DuckDB conventions these follow (checked against DuckDB v1.5.6's CAST(x AS VARCHAR)):
// - DATE is days since 1970-01-01; INT32_MAX is infinity and -INT32_MAX is -infinity.
// - TIMESTAMP_* are units since the epoch; INT64_MAX is infinity and -INT64_MAX -infinity, in
//   every unit (the raw value, not scaled).
// - Years before 1 AD print with a " (BC)" suffix in DuckDB's text ("0045-03-15 (BC)" is 45 BC);
//   the ISO 8601/XSD forms use astronomical years instead: 1 BC is "0000", 45 BC is "-0044".

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

#include "util/calendar.hpp"
#include "util/int128.hpp"
#include "util/unaligned.hpp"

namespace duckwire::encode {

inline constexpr int32_t kDateInfinity = INT32_MAX;
inline constexpr int32_t kDateNegativeInfinity = -INT32_MAX;
inline constexpr int64_t kTimestampInfinity = INT64_MAX;
inline constexpr int64_t kTimestampNegativeInfinity = -INT64_MAX;

enum class TimePrecision { kSecond, kMilli, kMicro, kNano };

// DuckDB text: "2001-01-01", "0045-03-15 (BC)", "infinity", "-infinity".
void append_date(std::string& out, int32_t days);
// ISO 8601 / XSD: "2001-01-01", "-0044-03-15" (year 0 is 1 BC); the infinities as DuckDB spells them.
void append_date_iso(std::string& out, int32_t days);

// PostgreSQL's DateStyle ISO: "2001-01-01", "0045-03-15 BC", "infinity", "-infinity".
void append_date_postgres(std::string& out, int32_t days);

// Time of day: "14:43:39.970062"; the fraction has its trailing zeros trimmed, "24:00:00" is kept.
void append_time(std::string& out, int64_t value, TimePrecision unit);

// DuckDB text: "2023-05-16 14:43:39.970062", "0001-12-31 (BC) 23:59:59", "infinity".
void append_timestamp(std::string& out, int64_t value, TimePrecision unit);
// DuckDB's TIMESTAMPTZ text in a UTC session (also PostgreSQL's): "2023-05-16 14:43:39.970062+00".
void append_timestamp_utc_offset(std::string& out, int64_t value, TimePrecision unit);
// PostgreSQL's timestamp text (DateStyle ISO) of microseconds since 1970: "2023-05-16 14:43:39.97",
// "0001-12-31 23:59:59.5 BC", "infinity".
void append_timestamp_postgres(std::string& out, int64_t micros);
// PostgreSQL's timestamptz text of an instant shown `utc_offset_seconds` east of UTC:
// "2024-07-01 17:30:00+05:30", "1849-12-31 19:03:58-04:56:02", "0001-12-31 23:59:59.5+00 BC".
void append_timestamptz_postgres(std::string& out, int64_t utc_micros, int32_t utc_offset_seconds);
// PostgreSQL's UTC offsets: "+05:30", "-08", "+00", "-04:56:02".
void append_utc_offset_postgres(std::string& out, int32_t seconds);
// RFC 3339 / XSD dateTime in UTC: "2023-05-16T14:43:39.970062Z"; years outside 0..9999 use the XSD
// expanded form ("-0044-03-15T00:00:00Z", "294247-01-10T04:00:54.775806Z").
void append_timestamp_rfc3339(std::string& out, int64_t value, TimePrecision unit);
// True for the raw values DuckDB uses as +-infinity timestamps.
inline bool is_infinite_timestamp(int64_t value) {
  return value >= kTimestampInfinity || value <= kTimestampNegativeInfinity;
}
inline bool is_infinite_date(int32_t days) {
  return days >= kDateInfinity || days <= kDateNegativeInfinity;
}

struct Interval {
  int32_t months = 0;
  int32_t days = 0;
  int64_t micros = 0;
};
// ISO 8601 duration: "P1Y2M3DT4H5M6.5S", "PT0S"; all-negative intervals as "-P1D", mixed signs
// per component ("P1M-3D").
void append_interval_iso8601(std::string& out, const Interval& interval);
// PostgreSQL's default IntervalStyle: "1 year 2 mons 3 days 04:05:06", "-1 days +03:00:00".
void append_interval_postgres(std::string& out, const Interval& interval);
// DuckDB's text: "1 year 2 months 3 days 04:05:06", "-1 day 03:00:00", "2 days".
void append_interval_duckdb(std::string& out, const Interval& interval);

// An integer of up to 64 bits.
template <class T>
void append_integer(std::string& out, T value) {
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, static_cast<size_t>(result.ptr - buffer));
}
void append_int128(std::string& out, int128_t value);
void append_uint128(std::string& out, uint128_t value);

// An unscaled decimal value with `scale` digits after the point: (1250, 2) -> "12.50".
void append_decimal(std::string& out, int16_t value, uint8_t scale);
void append_decimal(std::string& out, int32_t value, uint8_t scale);
void append_decimal(std::string& out, int64_t value, uint8_t scale);
void append_decimal(std::string& out, int128_t value, uint8_t scale);
// A decimal stored at `address` in `width` bytes: 4, 8 or 16.
inline void append_decimal(std::string& out, const char* address, uint8_t width, uint8_t scale) {
  if (width == 4) {
    append_decimal(out, load_unaligned<int32_t>(address), scale);
  } else if (width == 8) {
    append_decimal(out, load_unaligned<int64_t>(address), scale);
  } else {
    append_decimal(out, load_unaligned<int128_t>(address), scale);
  }
}

// The shortest digits std::to_chars found for a float, in scientific form ("-1.2345e-05"), in fixed
// notation when the decimal exponent is in [-4, fixed_below) ("-0.000012345", "100"), else as they are.
void append_shortest_digits(std::string& out, std::string_view scientific, int fixed_below);
// DuckDB's text of a DOUBLE or FLOAT: the shortest digits that read back as the same value, in fixed
// notation for decimal exponents in [-4, 16) with ".0" after whole numbers ("100.0", "0.0001", "-0.0"),
// else "1e+16", "1.5e-05"; "nan", "-nan", "inf", "-inf".
void append_double_duckdb(std::string& out, double value);
void append_float_duckdb(std::string& out, float value);

// DuckDB's BLOB text: printable ASCII as it is, except '\\', '\'' and '"', and every other byte as "\xAB".
void append_blob_duckdb(std::string& out, std::string_view bytes);

// 16 big-endian bytes as "00000000-0000-0000-0000-000000000001".
void append_uuid(std::string& out, const uint8_t* bytes);

// DuckDB's BIT storage (a padding-count byte, then the bits with the padding leading) as "1010".
void append_bit_string(std::string& out, std::string_view storage);

// DuckDB's BIGNUM storage (a 3-byte header with sign and length, then big-endian magnitude bytes,
// all inverted when negative) as decimal digits. Values wider than 16 bytes allocate scratch.
void append_bignum(std::string& out, std::string_view storage);

// JSON string literal, quotes included. Escapes '"', '\\' and control characters; invalid UTF-8
// becomes U+FFFD (one per maximal invalid subsequence). Never fails.
void append_json_string(std::string& out, std::string_view text);
// The same without the surrounding quotes.
void append_json_escaped(std::string& out, std::string_view text);

}  // namespace duckwire::encode
