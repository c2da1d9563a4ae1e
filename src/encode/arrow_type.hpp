#pragma once
// Arrow data types as described by C data interface format strings ("i", "tsu:UTC", "+l", ...).

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace duckwire::encode {

// Thrown for data the Arrow IPC writer cannot encode (unsupported or malformed formats).
class ArrowIpcError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class ArrowTypeId {
  kNull,
  kBool,
  kInt,
  kFloat,
  kDecimal,
  kDate,
  kTime,
  kTimestamp,
  kDuration,
  kInterval,
  kFixedSizeBinary,
  kBinary,
  kUtf8,
  kLargeBinary,
  kLargeUtf8,
  kBinaryView,
  kUtf8View,
  kList,
  kLargeList,
  kListView,
  kLargeListView,
  kFixedSizeList,
  kStruct,
  kMap,
  kSparseUnion,
  kDenseUnion,
};

// Unit enums carry the values of the Arrow flatbuffer schema.
enum class DateUnit : int16_t { kDay = 0, kMillisecond = 1 };
enum class TimeUnit : int16_t { kSecond = 0, kMillisecond = 1, kMicrosecond = 2, kNanosecond = 3 };
enum class IntervalUnit : int16_t { kYearMonth = 0, kDayTime = 1, kMonthDayNano = 2 };

struct ArrowType {
  ArrowTypeId id = ArrowTypeId::kNull;
  // Bits per value for ints, floats, decimals, dates, times, timestamps, durations, intervals.
  int bit_width = 0;
  bool is_signed = false;
  int precision = 0;
  int scale = 0;
  int16_t unit = 0;        // a DateUnit, TimeUnit or IntervalUnit
  std::string timezone;    // timestamps; empty: naive
  int32_t fixed_size = 0;  // bytes of a fixed-size binary, items of a fixed-size list
  std::vector<int32_t> union_type_ids;

  // Bytes per value of types stored in one fixed-width data buffer, 0 for the others.
  int fixed_byte_width() const;
};

ArrowType parse_arrow_format(std::string_view format);

}  // namespace duckwire::encode
