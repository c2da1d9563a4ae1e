#pragma once
// Bind parameter values (and binary COPY FROM fields) from PostgreSQL's text or binary wire form into
// backend Values. `type_oid` is the type the client declared in Parse (0 = unspecified).

#include <cstdint>
#include <string_view>

#include "backend/value.hpp"
#include "encode/pg_format.hpp"
#include "util/error.hpp"

namespace duckwire::encode::pg {

// Text: OID 0, text/varchar/name/bpchar/json/jsonb/unknown and any type not in pg_types.hpp bind as
// the string itself (DuckDB casts it to the parameter's type); the other built-in types are parsed
// here (bool, int2/4/8, oid, float4/8, numeric, bytea, date, time, timetz, timestamp, timestamptz,
// interval, uuid, arrays "{...}") so malformed input fails as PostgreSQL words it.
// Binary: every type of pg_types.hpp's mapping, arrays included; OID 0 reads the bytes as text.
// Results: int2/4/8 → int64, float → double, numeric → DecimalValue when it fits 38 digits (else its
// text), bytea → BlobValue, date/time/timestamp(tz)/interval → Date/Time/Timestamp/IntervalValue,
// uuid/timetz/varbit → their text, arrays → ListValue.
// Errors: ErrorKind::kConversion with PostgreSQL's message: `invalid input syntax for type integer:
// "x"`, `value "99999" is out of range for type smallint`, "insufficient data left in message" for a
// short binary value, "incorrect binary data format" for bytes left over (PostgreSQL adds " in bind
// parameter N": the front door may append it). Never reads past `bytes`.
// `settings.time_zone` places a timestamptz text without an offset (local time there, as PostgreSQL).
Result<Value> decode_parameter(uint32_t type_oid, Format format, std::string_view bytes,
                               const TextSettings& settings = {});

}  // namespace duckwire::encode::pg
