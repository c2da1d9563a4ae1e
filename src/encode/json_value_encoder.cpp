#include "encode/json_value_encoder.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <string_view>

#include "util/base64.hpp"
#include "util/unaligned.hpp"

namespace duckwire::encode {

namespace {

constexpr int64_t kMaxSafeInteger = 9'007'199'254'740'991;  // 2^53 - 1: exact in a JavaScript number

void open_typed(std::string& out) {
  out.append("{\"@value\":\"");
}

void close_typed(std::string& out, std::string_view xsd_type) {
  out.append("\",\"@type\":\"xsd:");
  out.append(xsd_type);
  out.append("\"}");
}

void append_quoted_infinity(std::string& out, bool negative) {
  out.append(negative ? "\"-infinity\"" : "\"infinity\"");
}

template <class T>
void append_float(std::string& out, T value, bool json_ld) {
  if (std::isfinite(value)) {
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr - buffer);
    return;
  }
  const char* text = std::isnan(value) ? "NaN" : (value > 0 ? "Infinity" : "-Infinity");
  if (json_ld) {
    open_typed(out);
    out.append(text);
    close_typed(out, "double");
  } else {
    out.push_back('"');
    out.append(text);
    out.push_back('"');
  }
}

// Raw JSON text, kept on one line: CR and LF can only be whitespace in valid JSON.
void append_raw_json(std::string& out, std::string_view text) {
  if (text.empty()) {
    out.append("null");
    return;
  }
  const size_t start = out.size();
  out.append(text);
  for (size_t i = start; i < out.size(); ++i) {
    if (out[i] == '\n' || out[i] == '\r') out[i] = ' ';
  }
}

const ColumnType* child_type(const ColumnType* type, size_t index, size_t expected_children) {
  if (type == nullptr || type->children.size() != expected_children) return nullptr;
  return type->children[index].type.get();
}

}  // namespace

JsonValueEncoder::JsonValueEncoder(const ArrowSchema& schema, const ColumnType* type, JsonValueStyle style)
    : value_(arrow_value_kind(schema, type)), json_ld_(style == JsonValueStyle::kJsonLd) {
  union_child_of_type_.fill(-1);
  switch (value_.kind) {
    case ValueKind::kDictionary:
      children_.emplace_back(*schema.dictionary, nullptr, style);
      return;
    case ValueKind::kList:
    case ValueKind::kFixedList:
      children_.emplace_back(*schema.children[0], child_type(type, 0, 1), style);
      return;
    case ValueKind::kStruct: {
      const auto count = static_cast<size_t>(schema.n_children);
      for (size_t i = 0; i < count; ++i) {
        const ArrowSchema& member = *schema.children[i];
        children_.emplace_back(member, child_type(type, i, count), style);
        std::string key;
        append_json_string(key, member.name != nullptr ? member.name : "");
        key.push_back(':');
        member_keys_.push_back(std::move(key));
      }
      return;
    }
    case ValueKind::kMap: {
      const ArrowSchema& entries = *schema.children[0];
      children_.emplace_back(*entries.children[0], child_type(type, 0, 2), style);
      children_.emplace_back(*entries.children[1], child_type(type, 1, 2), style);
      return;
    }
    case ValueKind::kUnion: {
      const auto count = static_cast<size_t>(schema.n_children);
      for (size_t i = 0; i < count; ++i) {
        children_.emplace_back(*schema.children[i], child_type(type, i, count), style);
        const int64_t type_id = i < value_.type_ids.size() ? value_.type_ids[i] : static_cast<int64_t>(i);
        if (type_id >= 0 && type_id < 128) union_child_of_type_[type_id] = static_cast<int8_t>(i);
      }
      return;
    }
    default:
      return;
  }
}

void JsonValueEncoder::write(const ArrowArray& array, int64_t index, std::string& out) const {
  const int64_t physical = array.offset + index;
  const bool has_validity = value_.kind != ValueKind::kUnion && array.null_count != 0 &&
                            array.n_buffers > 0 && array.buffers[0] != nullptr;
  if (value_.kind == ValueKind::kNull || (has_validity && !bit_is_set(array.buffers[0], physical))) {
    out.append("null");
    return;
  }
  write_present(array, physical, out);
}

void JsonValueEncoder::type_if_beyond_safe_integer(std::string& out, size_t digits_start) const {
  if (!json_ld_) return;
  const std::string_view digits(out.data() + digits_start, out.size() - digits_start);
  const std::string_view magnitude = digits.starts_with('-') ? digits.substr(1) : digits;
  const bool safe = magnitude.size() < 16 || (magnitude.size() == 16 && magnitude <= "9007199254740991");
  if (safe) return;
  out.insert(digits_start, "{\"@value\":\"");
  close_typed(out, "integer");
}

void JsonValueEncoder::write_present(const ArrowArray& array, int64_t physical, std::string& out) const {
  switch (value_.kind) {
    case ValueKind::kNull:
      out.append("null");
      return;
    case ValueKind::kBoolean:
      out.append(bit_is_set(array.buffers[1], physical) ? "true" : "false");
      return;
    case ValueKind::kInt8:
      append_integer(out, values_of<int8_t>(array)[physical]);
      return;
    case ValueKind::kInt16:
      append_integer(out, values_of<int16_t>(array)[physical]);
      return;
    case ValueKind::kInt32:
      append_integer(out, values_of<int32_t>(array)[physical]);
      return;
    case ValueKind::kUInt8:
      append_integer(out, values_of<uint8_t>(array)[physical]);
      return;
    case ValueKind::kUInt16:
      append_integer(out, values_of<uint16_t>(array)[physical]);
      return;
    case ValueKind::kUInt32:
      append_integer(out, values_of<uint32_t>(array)[physical]);
      return;
    case ValueKind::kInt64: {
      const int64_t value = values_of<int64_t>(array)[physical];
      if (json_ld_ && (value > kMaxSafeInteger || value < -kMaxSafeInteger)) {
        open_typed(out);
        append_integer(out, value);
        close_typed(out, "integer");
      } else {
        append_integer(out, value);
      }
      return;
    }
    case ValueKind::kUInt64: {
      const uint64_t value = values_of<uint64_t>(array)[physical];
      if (json_ld_ && value > static_cast<uint64_t>(kMaxSafeInteger)) {
        open_typed(out);
        append_integer(out, value);
        close_typed(out, "integer");
      } else {
        append_integer(out, value);
      }
      return;
    }
    case ValueKind::kInt128: {
      const size_t start = out.size();
      append_int128(out,
                    load_unaligned<int128_t>(static_cast<const char*>(array.buffers[1]) + physical * 16));
      type_if_beyond_safe_integer(out, start);
      return;
    }
    case ValueKind::kUInt128: {
      const size_t start = out.size();
      append_uint128(out,
                     load_unaligned<uint128_t>(static_cast<const char*>(array.buffers[1]) + physical * 16));
      type_if_beyond_safe_integer(out, start);
      return;
    }
    case ValueKind::kBigNum: {
      const size_t start = out.size();
      append_bignum(out, bytes_at(array, physical, value_.storage, value_.byte_width));
      type_if_beyond_safe_integer(out, start);
      return;
    }
    case ValueKind::kFloat:
      append_float(out, values_of<float>(array)[physical], json_ld_);
      return;
    case ValueKind::kDouble:
      append_float(out, values_of<double>(array)[physical], json_ld_);
      return;
    case ValueKind::kDecimal: {
      if (json_ld_) open_typed(out);
      const char* address = static_cast<const char*>(array.buffers[1]) + physical * value_.byte_width;
      append_decimal(out, address, value_.byte_width, value_.scale);
      if (json_ld_) close_typed(out, "decimal");
      return;
    }
    case ValueKind::kString:
    case ValueKind::kUuidText:
      append_json_string(out, bytes_at(array, physical, value_.storage, value_.byte_width));
      return;
    case ValueKind::kJsonText:
      append_raw_json(out, bytes_at(array, physical, value_.storage, value_.byte_width));
      return;
    case ValueKind::kBlob:
      if (json_ld_) {
        open_typed(out);
        append_base64(out, bytes_at(array, physical, value_.storage, value_.byte_width));
        close_typed(out, "base64Binary");
      } else {
        out.push_back('"');
        append_base64(out, bytes_at(array, physical, value_.storage, value_.byte_width));
        out.push_back('"');
      }
      return;
    case ValueKind::kBit:
      out.push_back('"');
      append_bit_string(out, bytes_at(array, physical, value_.storage, value_.byte_width));
      out.push_back('"');
      return;
    case ValueKind::kUuid:
      out.push_back('"');
      append_uuid(out, static_cast<const uint8_t*>(array.buffers[1]) + physical * 16);
      out.push_back('"');
      return;
    case ValueKind::kDate: {
      const int32_t days = values_of<int32_t>(array)[physical];
      if (is_infinite_date(days)) {
        append_quoted_infinity(out, days < 0);
      } else if (json_ld_) {
        open_typed(out);
        append_date_iso(out, days);
        close_typed(out, "date");
      } else {
        out.push_back('"');
        append_date(out, days);
        out.push_back('"');
      }
      return;
    }
    case ValueKind::kTime: {
      const int64_t value = time_at(array, physical, value_.byte_width);
      if (json_ld_) {
        open_typed(out);
        append_time(out, value, value_.precision);
        close_typed(out, "time");
      } else {
        out.push_back('"');
        append_time(out, value, value_.precision);
        out.push_back('"');
      }
      return;
    }
    case ValueKind::kTimestamp: {
      const int64_t value = values_of<int64_t>(array)[physical];
      if (is_infinite_timestamp(value)) {
        append_quoted_infinity(out, value < 0);
      } else if (json_ld_) {
        open_typed(out);
        append_timestamp_rfc3339(out, value, value_.precision);
        close_typed(out, "dateTime");
      } else {
        out.push_back('"');
        if (value_.with_time_zone) {
          append_timestamp_rfc3339(out, value, value_.precision);
        } else {
          append_timestamp(out, value, value_.precision);
        }
        out.push_back('"');
      }
      return;
    }
    case ValueKind::kInterval: {
      const Interval interval = interval_at(array, physical);
      if (json_ld_) {
        open_typed(out);
        append_interval_iso8601(out, interval);
        close_typed(out, "duration");
      } else {
        out.push_back('"');
        append_interval_iso8601(out, interval);
        out.push_back('"');
      }
      return;
    }
    case ValueKind::kDictionary: {
      if (array.dictionary == nullptr) {
        out.append("null");
        return;
      }
      const int64_t index = dictionary_index_at(array, physical, value_.byte_width, value_.index_signed);
      if (index < 0 || index >= array.dictionary->length) {
        out.append("null");
        return;
      }
      children_[0].write(*array.dictionary, index, out);
      return;
    }
    case ValueKind::kList:
    case ValueKind::kFixedList: {
      const auto [begin, end] =
          value_.kind == ValueKind::kList
              ? list_range(array, physical, value_.storage)
              : std::pair<int64_t, int64_t>{physical * value_.list_size, (physical + 1) * value_.list_size};
      out.push_back('[');
      for (int64_t element = begin; element < end; ++element) {
        if (element != begin) out.push_back(',');
        children_[0].write(*array.children[0], element, out);
      }
      out.push_back(']');
      return;
    }
    case ValueKind::kStruct:
      out.push_back('{');
      for (size_t member = 0; member < children_.size(); ++member) {
        if (member != 0) out.push_back(',');
        out.append(member_keys_[member]);
        children_[member].write(*array.children[member], physical, out);
      }
      out.push_back('}');
      return;
    case ValueKind::kMap:
      write_map(array, physical, out);
      return;
    case ValueKind::kUnion:
      write_union(array, physical, out);
      return;
  }
}

bool JsonValueEncoder::writes_string_keys() const {
  if (value_.kind == ValueKind::kString || value_.kind == ValueKind::kUuidText) return true;
  return value_.kind == ValueKind::kDictionary && children_[0].value_.kind == ValueKind::kString;
}

void JsonValueEncoder::write_map(const ArrowArray& array, int64_t physical, std::string& out) const {
  const auto [begin, end] = list_range(array, physical, value_.storage);
  const ArrowArray& entries = *array.children[0];
  const ArrowArray& keys = *entries.children[0];
  const ArrowArray& values = *entries.children[1];
  const JsonValueEncoder& key_encoder = children_[0];
  const JsonValueEncoder& value_encoder = children_[1];
  const bool as_object = key_encoder.writes_string_keys();
  out.push_back(as_object ? '{' : '[');
  for (int64_t entry = begin; entry < end; ++entry) {
    if (entry != begin) out.push_back(',');
    // A struct's position is shared by its members.
    const int64_t position = entries.offset + entry;
    if (as_object) {
      const size_t key_start = out.size();
      key_encoder.write(keys, position, out);
      if (out.compare(key_start, std::string::npos, "null") == 0) out.replace(key_start, 4, "\"\"");
      out.push_back(':');
    } else {
      out.append("{\"key\":");
      key_encoder.write(keys, position, out);
      out.append(",\"value\":");
    }
    value_encoder.write(values, position, out);
    if (!as_object) out.push_back('}');
  }
  out.push_back(as_object ? '}' : ']');
}

void JsonValueEncoder::write_union(const ArrowArray& array, int64_t physical, std::string& out) const {
  const int8_t type_id = static_cast<const int8_t*>(array.buffers[0])[physical];
  const int8_t child = type_id >= 0 ? union_child_of_type_[type_id] : -1;
  if (child < 0 || child >= array.n_children) {
    out.append("null");
    return;
  }
  const int64_t position =
      value_.dense_union ? static_cast<const int32_t*>(array.buffers[1])[physical] : physical;
  children_[child].write(*array.children[child], position, out);
}

namespace {

template <class WritePresent>
void for_each_value(const ArrowArray& array, int64_t first, int64_t rows, std::string& out,
                    std::vector<size_t>& ends, WritePresent&& write_present) {
  const void* validity = array.null_count != 0 && array.n_buffers > 0 ? array.buffers[0] : nullptr;
  const int64_t begin = array.offset + first;
  for (int64_t physical = begin; physical < begin + rows; ++physical) {
    if (validity != nullptr && !bit_is_set(validity, physical)) {
      out.append("null", 4);
    } else {
      write_present(physical);
    }
    ends.push_back(out.size());
  }
}

// Numbers are formatted straight into space reserved for the longest value.
template <class T, class Format>
void write_numbers(const ArrowArray& array, int64_t first, int64_t rows, size_t longest, std::string& out,
                   std::vector<size_t>& ends, Format&& format) {
  const T* values = values_of<T>(array);
  const void* validity = array.null_count != 0 && array.n_buffers > 0 ? array.buffers[0] : nullptr;
  const int64_t begin = array.offset + first;
  const size_t start = out.size();
  out.resize(start + longest * static_cast<size_t>(rows));
  char* const base = out.data();
  char* p = base + start;
  for (int64_t physical = begin; physical < begin + rows; ++physical) {
    if (validity != nullptr && !bit_is_set(validity, physical)) {
      std::memcpy(p, "null", 4);
      p += 4;
    } else {
      p = format(p, values[physical]);
    }
    ends.push_back(static_cast<size_t>(p - base));
  }
  out.resize(static_cast<size_t>(p - base));
}

template <class T>
void write_integers(const ArrowArray& array, int64_t first, int64_t rows, std::string& out,
                    std::vector<size_t>& ends) {
  write_numbers<T>(array, first, rows, 24, out, ends,
                   [](char* p, T value) { return std::to_chars(p, p + 24, value).ptr; });
}

template <class T>
void write_plain_floats(const ArrowArray& array, int64_t first, int64_t rows, std::string& out,
                        std::vector<size_t>& ends) {
  write_numbers<T>(array, first, rows, 32, out, ends, [](char* p, T value) {
    if (std::isfinite(value)) return std::to_chars(p, p + 32, value).ptr;
    const std::string_view text =
        std::isnan(value) ? "\"NaN\"" : (value > 0 ? "\"Infinity\"" : "\"-Infinity\"");
    std::memcpy(p, text.data(), text.size());
    return p + text.size();
  });
}

}  // namespace

void JsonValueEncoder::write_column(const ArrowArray& array, int64_t first, int64_t rows, std::string& out,
                                    std::vector<size_t>& ends) const {
  // The common scalar types get loops of their own; everything else goes through write_present.
  switch (value_.kind) {
    case ValueKind::kNull:
    case ValueKind::kUnion:
      for (int64_t row = 0; row < rows; ++row) {
        write(array, first + row, out);
        ends.push_back(out.size());
      }
      return;
    case ValueKind::kInt8:
      write_integers<int8_t>(array, first, rows, out, ends);
      return;
    case ValueKind::kInt16:
      write_integers<int16_t>(array, first, rows, out, ends);
      return;
    case ValueKind::kInt32:
      write_integers<int32_t>(array, first, rows, out, ends);
      return;
    case ValueKind::kUInt8:
      write_integers<uint8_t>(array, first, rows, out, ends);
      return;
    case ValueKind::kUInt16:
      write_integers<uint16_t>(array, first, rows, out, ends);
      return;
    case ValueKind::kUInt32:
      write_integers<uint32_t>(array, first, rows, out, ends);
      return;
    case ValueKind::kInt64:
      if (!json_ld_) {
        write_integers<int64_t>(array, first, rows, out, ends);
        return;
      }
      break;
    case ValueKind::kUInt64:
      if (!json_ld_) {
        write_integers<uint64_t>(array, first, rows, out, ends);
        return;
      }
      break;
    case ValueKind::kFloat:
      if (!json_ld_) {
        write_plain_floats<float>(array, first, rows, out, ends);
        return;
      }
      break;
    case ValueKind::kDouble:
      if (!json_ld_) {
        write_plain_floats<double>(array, first, rows, out, ends);
        return;
      }
      break;
    case ValueKind::kString:
    case ValueKind::kUuidText:
      if (value_.storage == ValueStorage::kOffsets32) {
        const auto* offsets = static_cast<const int32_t*>(array.buffers[1]);
        const auto* data = static_cast<const char*>(array.buffers[2]);
        for_each_value(array, first, rows, out, ends, [&](int64_t physical) {
          append_json_string(out, {data + offsets[physical],
                                   static_cast<size_t>(offsets[physical + 1] - offsets[physical])});
        });
        return;
      }
      break;
    default:
      break;
  }
  for_each_value(array, first, rows, out, ends,
                 [&](int64_t physical) { write_present(array, physical, out); });
}

}  // namespace duckwire::encode
