#pragma once
// TIMETZ values in the text formats (JSON, JSON-LD, CSV). Their Arrow form (time64) holds the time of
// day alone; the backend hands each row's UTC offset alongside (TimeZoneOffsets), and the text gets it
// back: "14:43:39+02:00". Arrow formats cannot carry the offset.

#include <cstdint>
#include <string>
#include <vector>

#include "arrow/c_data.hpp"
#include "backend/backend.hpp"
#include "encode/json_writer.hpp"

namespace duckwire::encode {

// Whether the value at `physical` (the array's own offset included) is not NULL.
bool is_valid_at(const ArrowArray& array, int64_t physical);

// "14:43:39.970062+02:00", "23:00:00-05:30", "00:00:00+00:00" (seconds of an offset only when present).
void append_time_tz(std::string& out, int64_t micros, int32_t offset_seconds);

// The offsets of column `column` among a chunk's, when they cover its `rows` rows.
const TimeZoneOffsets* time_zone_offsets_of(const std::vector<TimeZoneOffsets>& all, size_t column,
                                            int64_t rows);

// Writes rows first .. first + rows - 1 of a TIMETZ column (time64 in microseconds) as JSON values, a
// string or a typed xsd:time, pushing out.size() onto `ends` after each.
void write_time_tz_column(const ArrowArray& column, int64_t first, int64_t rows,
                          const TimeZoneOffsets& offsets, JsonValueStyle style, std::string& out,
                          std::vector<size_t>& ends);

}  // namespace duckwire::encode
