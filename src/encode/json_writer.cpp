#include "encode/json_writer.hpp"

#include <cstring>

#include "encode/json_value_encoder.hpp"
#include "encode/time_tz_values.hpp"
#include "encode/value_text.hpp"

namespace duckwire::encode {

JsonWriter::JsonWriter(const ResultSchema& schema, JsonLayout layout, JsonValueStyle style)
    : layout_(layout), style_(style) {
  const ArrowSchema& arrow = *schema.arrow.get();
  const bool objects = layout != JsonLayout::kRowArrays;
  const auto count = static_cast<size_t>(arrow.n_children);
  encoders_.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    const ColumnType* type = i < schema.columns.size() ? &schema.columns[i].type : nullptr;
    encoders_.emplace_back(*arrow.children[i], type, style);
    std::string prefix = i == 0 ? (objects ? "{" : "[") : ",";
    if (objects) {
      const char* arrow_name = arrow.children[i]->name != nullptr ? arrow.children[i]->name : "";
      append_json_string(prefix, i < schema.columns.size() ? schema.columns[i].name : arrow_name);
      prefix.push_back(':');
    }
    prefixes_.push_back(std::move(prefix));
  }
  // With no columns, the row's opening bracket has no prefix to carry it.
  if (count == 0) row_close_.push_back(objects ? '{' : '[');
  row_close_.push_back(objects ? '}' : ']');
  if (layout == JsonLayout::kNdjson) row_close_.push_back('\n');
  scratch_.resize(count);
}

JsonWriter::~JsonWriter() = default;
JsonWriter::JsonWriter(JsonWriter&&) noexcept = default;
JsonWriter& JsonWriter::operator=(JsonWriter&&) noexcept = default;

void JsonWriter::begin(std::string& out) {
  if (layout_ != JsonLayout::kNdjson) out.push_back('[');
}

void JsonWriter::write(const ArrowArray& chunk, std::string& out,
                       const std::vector<TimeZoneOffsets>& time_zone_offsets) {
  const int64_t rows = chunk.length;
  if (rows <= 0) return;
  const bool separate_rows = layout_ != JsonLayout::kNdjson;
  size_t total = (row_close_.size() + (separate_rows ? 1 : 0)) * static_cast<size_t>(rows);
  for (size_t column = 0; column < encoders_.size(); ++column) {
    ColumnText& text = scratch_[column];
    text.bytes.clear();
    text.ends.clear();
    if (column < static_cast<size_t>(chunk.n_children)) {
      write_column(*chunk.children[column], chunk.offset, rows, column, time_zone_offsets, text);
    } else {
      for (int64_t row = 0; row < rows; ++row) {
        text.bytes.append("null");
        text.ends.push_back(text.bytes.size());
      }
    }
    total += text.bytes.size() + prefixes_[column].size() * static_cast<size_t>(rows);
  }

  // Interleave the columns' values into rows, writing straight into the space reserved for them.
  const size_t start = out.size();
  out.resize(start + total);
  char* p = out.data() + start;
  auto copy = [&p](const char* bytes, size_t size) {
    std::memcpy(p, bytes, size);
    p += size;
  };
  for (int64_t row = 0; row < rows; ++row) {
    if (separate_rows && rows_written_ + row > 0) *p++ = ',';
    for (size_t column = 0; column < encoders_.size(); ++column) {
      const ColumnText& text = scratch_[column];
      const size_t begin = row == 0 ? 0 : text.ends[row - 1];
      copy(prefixes_[column].data(), prefixes_[column].size());
      copy(text.bytes.data() + begin, text.ends[row] - begin);
    }
    copy(row_close_.data(), row_close_.size());
  }
  out.resize(static_cast<size_t>(p - out.data()));
  rows_written_ += rows;
}

void JsonWriter::write_column(const ArrowArray& values, int64_t first, int64_t rows, size_t column,
                              const std::vector<TimeZoneOffsets>& time_zone_offsets, ColumnText& text) const {
  if (const TimeZoneOffsets* offsets = time_zone_offsets_of(time_zone_offsets, column, rows)) {
    write_time_tz_column(values, first, rows, *offsets, style_, text.bytes, text.ends);
  } else {
    encoders_[column].write_column(values, first, rows, text.bytes, text.ends);
  }
}

void JsonWriter::finish(std::string& out) {
  if (layout_ != JsonLayout::kNdjson) out.push_back(']');
}

}  // namespace duckwire::encode
