#include "encode/csv_writer.hpp"

#include <algorithm>

#include "encode/csv_field.hpp"
#include "encode/json_value_encoder.hpp"
#include "encode/time_tz_values.hpp"

namespace duckwire::encode {

namespace {

constexpr std::string_view kLineEnd = "\r\n";

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& out, unsigned code) {
  if (code < 0x80) {
    out.push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out.push_back(static_cast<char>(0xC0 | code >> 6));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | code >> 12));
    out.push_back(static_cast<char>(0x80 | (code >> 6 & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  }
}

// Undoes append_json_escaped, which escapes only '"', '\\' and control characters (as \n, \u0001, ...).
void append_json_unescaped(std::string& out, std::string_view escaped) {
  size_t i = 0;
  while (i < escaped.size()) {
    const size_t backslash = escaped.find('\\', i);
    out.append(escaped.substr(i, backslash - i));
    if (backslash == std::string_view::npos || backslash + 1 == escaped.size()) return;
    const char c = escaped[backslash + 1];
    i = backslash + 2;
    switch (c) {
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'b':
        out.push_back('\b');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'u': {
        unsigned code = 0;
        for (size_t digit = 0; digit < 4 && i < escaped.size(); ++digit, ++i) {
          code = code * 16 + static_cast<unsigned>(std::max(hex_digit(escaped[i]), 0));
        }
        append_utf8(out, code);
        break;
      }
      default:  // '"', '\\', '/'
        out.push_back(c);
        break;
    }
  }
}

}  // namespace

CsvWriter::CsvWriter(const ResultSchema& schema) {
  const ArrowSchema& arrow = *schema.arrow.get();
  const auto count = static_cast<size_t>(arrow.n_children);
  encoders_.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    const ColumnType* type = i < schema.columns.size() ? &schema.columns[i].type : nullptr;
    encoders_.emplace_back(*arrow.children[i], type, JsonValueStyle::kPlain);
    const char* arrow_name = arrow.children[i]->name != nullptr ? arrow.children[i]->name : "";
    names_.emplace_back(i < schema.columns.size() ? schema.columns[i].name : arrow_name);
  }
  scratch_.resize(count);
}

CsvWriter::~CsvWriter() = default;
CsvWriter::CsvWriter(CsvWriter&&) noexcept = default;
CsvWriter& CsvWriter::operator=(CsvWriter&&) noexcept = default;

void CsvWriter::begin(std::string& out) {
  for (size_t column = 0; column < names_.size(); ++column) {
    if (column != 0) out.push_back(',');
    append_csv_field(out, names_[column]);
  }
  out.append(kLineEnd);
}

void CsvWriter::write(const ArrowArray& chunk, std::string& out,
                      const std::vector<TimeZoneOffsets>& time_zone_offsets) {
  const int64_t rows = chunk.length;
  if (rows <= 0) return;
  const auto present_columns = std::min(encoders_.size(), static_cast<size_t>(chunk.n_children));
  size_t total = (encoders_.size() + kLineEnd.size()) * static_cast<size_t>(rows);
  for (size_t column = 0; column < present_columns; ++column) {
    ColumnText& text = scratch_[column];
    text.bytes.clear();
    text.ends.clear();
    if (const TimeZoneOffsets* offsets = time_zone_offsets_of(time_zone_offsets, column, rows)) {
      write_time_tz_column(*chunk.children[column], chunk.offset, rows, *offsets, JsonValueStyle::kPlain,
                           text.bytes, text.ends);
    } else {
      encoders_[column].write_column(*chunk.children[column], chunk.offset, rows, text.bytes, text.ends);
    }
    total += text.bytes.size();
  }
  out.reserve(out.size() + total);

  for (int64_t row = 0; row < rows; ++row) {
    for (size_t column = 0; column < encoders_.size(); ++column) {
      if (column != 0) out.push_back(',');
      if (column >= present_columns) continue;  // a column missing from the chunk reads as NULL
      const ColumnText& text = scratch_[column];
      const size_t begin = row == 0 ? 0 : text.ends[row - 1];
      const std::string_view json(text.bytes.data() + begin, text.ends[row] - begin);
      const ArrowArray& values = *chunk.children[column];
      append_value(values, values.offset + chunk.offset + row, column, json, out);
    }
    out.append(kLineEnd);
  }
  rows_written_ += rows;
}

void CsvWriter::append_value(const ArrowArray& column, int64_t physical, size_t index, std::string_view json,
                             std::string& out) {
  const ValueKind kind = encoders_[index].kind();
  if (kind == ValueKind::kJsonText) {
    // The JSON type's own text may be `null` or a string literal, so its NULLs come from the validity.
    if (is_valid_at(column, physical)) append_csv_field(out, json);
    return;
  }
  if (json == "null") return;
  if (!json.starts_with('"')) {  // numbers, booleans and nested values
    append_csv_field(out, json);
    return;
  }
  const std::string_view escaped = json.substr(1, json.size() - 2);
  if (escaped.find('\\') == std::string_view::npos) {
    append_csv_field(out, escaped);
    return;
  }
  unescaped_.clear();
  append_json_unescaped(unescaped_, escaped);
  append_csv_field(out, unescaped_);
}

void CsvWriter::finish(std::string&) {}

}  // namespace duckwire::encode
