#pragma once
// A parameter value bound to a prepared statement. Front doors translate their own parameter
// representations into these; the backend binds them without splicing anything into SQL text.

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace duckwire {

struct NullValue {
  bool operator==(const NullValue&) const = default;
};

struct BlobValue {
  std::string bytes;
  bool operator==(const BlobValue&) const = default;
};

// Days since 1970-01-01.
struct DateValue {
  int32_t days;
  bool operator==(const DateValue&) const = default;
};

// Microseconds since midnight.
struct TimeValue {
  int64_t micros;
  bool operator==(const TimeValue&) const = default;
};

// Microseconds since 1970-01-01 00:00:00 UTC; with_time_zone binds a TIMESTAMPTZ, else a TIMESTAMP.
struct TimestampValue {
  int64_t micros;
  bool with_time_zone;
  bool operator==(const TimestampValue&) const = default;
};

struct IntervalValue {
  int32_t months;
  int32_t days;
  int64_t micros;
  bool operator==(const IntervalValue&) const = default;
};

// A signed 128-bit integer: upper * 2^64 + lower.
struct HugeIntValue {
  int64_t upper;
  uint64_t lower;
  bool operator==(const HugeIntValue&) const = default;
};

// An unsigned 128-bit integer: upper * 2^64 + lower.
struct UHugeIntValue {
  uint64_t upper;
  uint64_t lower;
  bool operator==(const UHugeIntValue&) const = default;
};

// The widest DECIMAL: 38 digits, all that a signed 128-bit integer always holds.
inline constexpr int kMaxDecimalWidth = 38;

// DECIMAL(width, scale) holding the unscaled 128-bit integer upper * 2^64 + lower; width <= 38.
struct DecimalValue {
  uint8_t width;
  uint8_t scale;
  int64_t upper;
  uint64_t lower;
  bool operator==(const DecimalValue&) const = default;
};

struct Value;

// Binds a LIST whose element type is the common type of the non-null items
// (see backend/duckdb/common_type.hpp).
struct ListValue {
  std::vector<Value> items;
  bool operator==(const ListValue&) const = default;
};

struct StructValue {
  std::vector<std::pair<std::string, Value>> members;
  bool operator==(const StructValue&) const = default;
};

struct Value {
  std::variant<NullValue, bool, int64_t, uint64_t, double, std::string, BlobValue, DateValue, TimeValue,
               TimestampValue, IntervalValue, HugeIntValue, UHugeIntValue, DecimalValue, ListValue,
               StructValue>
      v;
  bool operator==(const Value&) const = default;
};

// Positional ($1, $2, ...) or named ($name) parameters.
struct Parameters {
  std::vector<Value> positional;
  std::vector<std::pair<std::string, Value>> named;
  bool empty() const { return positional.empty() && named.empty(); }
};

}  // namespace duckwire
