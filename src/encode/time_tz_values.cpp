#include "encode/time_tz_values.hpp"

#include <cstdlib>

#include "encode/value_text.hpp"

namespace duckwire::encode {

namespace {

void append_two_digits(std::string& out, int32_t value) {
  out.push_back(static_cast<char>('0' + value / 10));
  out.push_back(static_cast<char>('0' + value % 10));
}

}  // namespace

bool is_valid_at(const ArrowArray& array, int64_t physical) {
  if (array.null_count == 0 || array.n_buffers == 0 || array.buffers[0] == nullptr) return true;
  return (static_cast<const uint8_t*>(array.buffers[0])[physical >> 3] >> (physical & 7) & 1) != 0;
}

const TimeZoneOffsets* time_zone_offsets_of(const std::vector<TimeZoneOffsets>& all, size_t column,
                                            int64_t rows) {
  for (const TimeZoneOffsets& offsets : all) {
    if (offsets.column == column && offsets.seconds.size() >= static_cast<size_t>(rows)) return &offsets;
  }
  return nullptr;
}

void append_time_tz(std::string& out, int64_t micros, int32_t offset_seconds) {
  append_time(out, micros, TimePrecision::kMicro);
  out.push_back(offset_seconds < 0 ? '-' : '+');
  const int32_t magnitude = std::abs(offset_seconds);
  append_two_digits(out, magnitude / 3600);
  out.push_back(':');
  append_two_digits(out, magnitude / 60 % 60);
  if (magnitude % 60 != 0) {
    out.push_back(':');
    append_two_digits(out, magnitude % 60);
  }
}

void write_time_tz_column(const ArrowArray& column, int64_t first, int64_t rows,
                          const TimeZoneOffsets& offsets, JsonValueStyle style, std::string& out,
                          std::vector<size_t>& ends) {
  const auto* micros = static_cast<const int64_t*>(column.buffers[1]);
  for (int64_t row = 0; row < rows; ++row) {
    const int64_t physical = column.offset + first + row;
    if (!is_valid_at(column, physical)) {
      out.append("null");
    } else {
      if (style == JsonValueStyle::kJsonLd) out.append(R"({"@value":)");
      out.push_back('"');
      append_time_tz(out, micros[physical], offsets.seconds[static_cast<size_t>(row)]);
      out.push_back('"');
      if (style == JsonValueStyle::kJsonLd) out.append(R"(,"@type":"xsd:time"})");
    }
    ends.push_back(out.size());
  }
}

}  // namespace duckwire::encode
