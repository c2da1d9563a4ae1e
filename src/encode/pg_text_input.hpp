#pragma once
// PostgreSQL's text input forms of the scalar types, parsed as its input functions read them (the
// forms clients send; the rarer spellings are left to DuckDB's casts: see pg_parameters.hpp).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "backend/value.hpp"
#include "encode/pg_format.hpp"
#include "util/error.hpp"

namespace duckwire::encode::pg {

// `invalid input syntax for type <sql_name>: "<text>"` (ErrorKind::kConversion).
Error invalid_syntax(std::string_view sql_name, std::string_view text);

// boolin: t/true/y/yes/on/1 and f/false/n/no/off/0 (and their unambiguous prefixes), any case.
Result<bool> parse_boolean(std::string_view text);
// int2in/int4in/int8in/oidin: optional sign and decimal digits, surrounding white space allowed.
Result<int64_t> parse_integer(std::string_view text, int bits, std::string_view sql_name);
Result<int64_t> parse_oid(std::string_view text);
// float4in/float8in: decimal or exponent notation, NaN, Infinity, inf, any case.
Result<double> parse_float(std::string_view text, bool single_precision);
// numeric_in: DecimalValue when the value fits 38 digits, else its normalized text ("NaN",
// "-1234...5678.5").
Result<Value> parse_numeric(std::string_view text);
// The Value of a numeric's decimal text (digits with an optional sign and point), as parse_numeric.
Value numeric_value(std::string_view decimal_text);
// byteain: "\x0a0b" hex or the escape format ("a\\b\001").
Result<std::string> parse_bytea(std::string_view text);

// date_in, time_in, timestamp_in, timestamptz_in for ISO 8601 forms ("2024-01-31", "12:00:00.5",
// "2024-01-31 12:00:00+05:30", "...T...Z", " BC", infinity, epoch); nullopt for other spellings.
// A timestamptz without an offset is local time in `settings.time_zone`.
std::optional<DateValue> parse_date(std::string_view text);
std::optional<TimeValue> parse_time(std::string_view text);
std::optional<TimestampValue> parse_timestamp(std::string_view text, bool with_time_zone,
                                              const TextSettings& settings);
// interval_in for PostgreSQL's own output styles ("1 year 2 mons -3 days +04:05:06.5", "1 day ago",
// "00:00:01"); nullopt for other spellings (ISO 8601 "P1D", SQL "1-2").
std::optional<IntervalValue> parse_interval(std::string_view text);

}  // namespace duckwire::encode::pg
