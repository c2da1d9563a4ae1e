#include "encode/pg_parameters.hpp"

#include <bit>

#include "encode/pg_binary.hpp"
#include "encode/pg_text_input.hpp"
#include "encode/pg_types.hpp"
#include "encode/time_tz_values.hpp"
#include "encode/value_text.hpp"
#include "util/ascii.hpp"
#include "util/calendar.hpp"
#include "util/utf8.hpp"

namespace duckwire::encode::pg {

namespace {

constexpr int kMaxArrayDimensions = 6;  // PostgreSQL's MAXDIM

Error insufficient_data() {
  return Error{ErrorKind::kConversion, "insufficient data left in message"};
}
Error incorrect_binary_format() {
  return Error{ErrorKind::kConversion, "incorrect binary data format"};
}

std::string_view sql_name_of(uint32_t type_oid) {
  const PgTypeInfo* info = find_type(type_oid);
  return info != nullptr ? info->sql_name : "unknown";
}

// PostgreSQL's report of invalid UTF-8: the bytes of the character that starts badly, as many as its
// first byte announces ("0xe2 0x28 0xa1").
Error invalid_utf8(std::string_view bytes) {
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  const auto* end = p + bytes.size();
  size_t invalid = 1;
  while (p < end) {
    const size_t valid = *p < 0x80 ? 1 : utf8_sequence_length(p, end, invalid);
    if (valid == 0) break;
    p += valid;
  }
  const uint8_t lead = p < end ? *p : 0;
  const size_t announced = (lead & 0xE0) == 0xC0   ? 2
                           : (lead & 0xF0) == 0xE0 ? 3
                           : (lead & 0xF8) == 0xF0 ? 4
                                                   : 1;
  std::string message = "invalid byte sequence for encoding \"UTF8\":";
  static constexpr char kHex[] = "0123456789abcdef";
  for (size_t i = 0; i < announced && p + i < end; ++i) {
    message += " 0x";
    message.push_back(kHex[p[i] >> 4]);
    message.push_back(kHex[p[i] & 15]);
  }
  return Error{ErrorKind::kConversion, std::move(message), "22021"};
}

Result<Value> text_value(std::string_view bytes) {
  if (!is_valid_utf8(bytes)) return invalid_utf8(bytes);
  return Value{std::string(bytes)};
}

Result<Value> decode_text(uint32_t type_oid, std::string_view text, const TextSettings& settings);
Result<Value> decode_binary(uint32_t type_oid, std::string_view bytes, const TextSettings& settings);

// ---- arrays in text: array_in ----

bool is_array_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

struct ArrayTextParser {
  std::string_view text;
  uint32_t element_oid;
  const TextSettings& settings;
  size_t at = 0;
  int depth = 0;

  Error malformed() const {
    return Error{ErrorKind::kConversion, "malformed array literal: \"" + std::string(text) + "\""};
  }
  void skip_spaces() {
    while (at < text.size() && is_array_space(text[at])) ++at;
  }

  // `{...}` at `at`, with nested braces as nested lists.
  Result<Value> parse_list() {
    if (at >= text.size() || text[at] != '{') return malformed();
    if (++depth > kMaxArrayDimensions) return malformed();
    ++at;
    ListValue list;
    skip_spaces();
    if (at < text.size() && text[at] == '}') {
      ++at;
      --depth;
      return Value{std::move(list)};
    }
    while (true) {
      skip_spaces();
      if (at >= text.size()) return malformed();
      if (text[at] == '{') {
        auto inner = parse_list();
        if (!inner.ok()) return inner.error();
        list.items.push_back(std::move(inner.value()));
      } else {
        auto element = parse_element();
        if (!element.ok()) return element.error();
        list.items.push_back(std::move(element.value()));
      }
      skip_spaces();
      if (at >= text.size()) return malformed();
      if (text[at] == ',') {
        ++at;
        continue;
      }
      if (text[at] == '}') {
        ++at;
        --depth;
        return Value{std::move(list)};
      }
      return malformed();
    }
  }

  Result<Value> parse_element() {
    std::string element;
    bool quoted = false;
    if (text[at] == '"') {
      quoted = true;
      ++at;
      while (true) {
        if (at >= text.size()) return malformed();
        const char c = text[at++];
        if (c == '"') break;
        if (c == '\\') {
          if (at >= text.size()) return malformed();
          element.push_back(text[at++]);
        } else {
          element.push_back(c);
        }
      }
    } else {
      // Unquoted: up to a delimiter or brace; backslashes escape; trailing white space dropped.
      size_t kept = 0;
      while (at < text.size() && text[at] != ',' && text[at] != '}' && text[at] != '{' && text[at] != '"') {
        const char c = text[at++];
        if (c == '\\') {
          if (at >= text.size()) return malformed();
          element.push_back(text[at++]);
          kept = element.size();
        } else {
          element.push_back(c);
          if (!is_array_space(c)) kept = element.size();
        }
      }
      element.resize(kept);
      if (element.empty()) return malformed();
    }
    if (!quoted && equals_ignoring_case(element, "NULL")) return Value{NullValue{}};
    return decode_text(element_oid, element, settings);
  }
};

Result<Value> decode_text_array(uint32_t element_oid, std::string_view text, const TextSettings& settings) {
  ArrayTextParser parser{text, element_oid, settings};
  parser.skip_spaces();
  // An explicit dimension decoration ("[1:3]={...}") is accepted and its bounds ignored.
  if (parser.at < text.size() && text[parser.at] == '[') {
    const size_t equals = text.find('=', parser.at);
    if (equals == std::string_view::npos) return parser.malformed();
    parser.at = equals + 1;
    parser.skip_spaces();
  }
  auto list = parser.parse_list();
  if (!list.ok()) return list;
  parser.skip_spaces();
  if (parser.at != text.size()) return parser.malformed();
  return list;
}

// ---- binary: the receive functions ----

struct Reader {
  std::string_view bytes;
  size_t at = 0;

  bool has(size_t n) const { return bytes.size() - at >= n; }
  template <class T>
  bool read(T& value) {
    if (!has(sizeof(T))) return false;
    value = load_big_endian<T>(bytes.data() + at);
    at += sizeof(T);
    return true;
  }
};

template <class T>
Result<T> read_exactly(std::string_view bytes) {
  if (bytes.size() < sizeof(T)) return insufficient_data();
  if (bytes.size() > sizeof(T)) return incorrect_binary_format();
  return load_big_endian<T>(bytes.data());
}

Result<Value> decode_binary_array(uint32_t array_oid, uint32_t element_oid, std::string_view bytes,
                                  const TextSettings& settings) {
  Reader in{bytes};
  int32_t dimensions = 0;
  int32_t flags = 0;
  uint32_t sent_element = 0;
  if (!in.read(dimensions) || !in.read(flags) || !in.read(sent_element)) return insufficient_data();
  if (dimensions < 0 || dimensions > kMaxArrayDimensions) {
    return Error{ErrorKind::kConversion, "invalid number of dimensions: " + std::to_string(dimensions)};
  }
  if (flags != 0 && flags != 1) return Error{ErrorKind::kConversion, "invalid array flags"};
  if (sent_element != element_oid) {
    return Error{ErrorKind::kConversion,
                 "binary data has array element type " + std::to_string(sent_element) + " (" +
                     std::string(sql_name_of(sent_element)) + ") instead of expected " +
                     std::to_string(element_oid) + " (" + std::string(sql_name_of(element_oid)) + ")"};
  }
  (void)array_oid;
  int32_t sizes[kMaxArrayDimensions] = {};
  int64_t total = dimensions > 0 ? 1 : 0;
  for (int32_t d = 0; d < dimensions; ++d) {
    int32_t lower_bound = 0;
    if (!in.read(sizes[d]) || !in.read(lower_bound)) return insufficient_data();
    if (sizes[d] < 0) return Error{ErrorKind::kConversion, "array size exceeds the maximum allowed"};
    total *= sizes[d];
    // Every element takes at least its 4-byte length: a count beyond the bytes left is a lie.
    if (total > static_cast<int64_t>(bytes.size() - in.at) / 4) return insufficient_data();
  }
  std::vector<Value> flat;
  flat.reserve(static_cast<size_t>(total));
  for (int64_t i = 0; i < total; ++i) {
    int32_t length = 0;
    if (!in.read(length)) return insufficient_data();
    if (length == -1) {
      flat.push_back(Value{NullValue{}});
      continue;
    }
    if (length < 0 || !in.has(static_cast<size_t>(length))) return insufficient_data();
    auto element = decode_binary(element_oid, bytes.substr(in.at, static_cast<size_t>(length)), settings);
    if (!element.ok()) return element.error();
    flat.push_back(std::move(element.value()));
    in.at += static_cast<size_t>(length);
  }
  if (in.at != bytes.size()) return incorrect_binary_format();
  if (dimensions == 0) return Value{ListValue{}};
  // Fold the flat elements into nested lists, innermost dimension first.
  for (int32_t d = dimensions - 1; d > 0; --d) {
    std::vector<Value> folded;
    const auto size = static_cast<size_t>(sizes[d]);
    for (size_t start = 0; start < flat.size(); start += size) {
      ListValue inner;
      for (size_t k = start; k < start + size; ++k) inner.items.push_back(std::move(flat[k]));
      folded.push_back(Value{std::move(inner)});
    }
    flat = std::move(folded);
  }
  return Value{ListValue{std::move(flat)}};
}

std::string time_tz_text(int64_t micros, int32_t seconds_west) {
  std::string text;
  append_time(text, micros, TimePrecision::kMicro);
  append_utc_offset_postgres(text, -seconds_west);
  return text;
}

std::string varbit_text(std::string_view bits, int32_t count) {
  std::string text;
  for (int32_t i = 0; i < count; ++i) {
    text.push_back((static_cast<uint8_t>(bits[static_cast<size_t>(i / 8)]) >> (7 - i % 8) & 1) != 0 ? '1'
                                                                                                    : '0');
  }
  return text;
}

Result<Value> decode_binary(uint32_t type_oid, std::string_view bytes, const TextSettings& settings) {
  switch (type_oid) {
    case oid::kBool: {
      auto byte = read_exactly<uint8_t>(bytes);
      if (!byte.ok()) return byte.error();
      return Value{byte.value() != 0};
    }
    case oid::kInt2: {
      auto value = read_exactly<int16_t>(bytes);
      if (!value.ok()) return value.error();
      return Value{int64_t{value.value()}};
    }
    case oid::kInt4: {
      auto value = read_exactly<int32_t>(bytes);
      if (!value.ok()) return value.error();
      return Value{int64_t{value.value()}};
    }
    case oid::kOid:
    case oid::kRegClass:
    case oid::kRegType:
    case oid::kRegProc:
    case oid::kRegNamespace:
    case oid::kXid:
    case oid::kCid: {
      auto value = read_exactly<uint32_t>(bytes);
      if (!value.ok()) return value.error();
      return Value{int64_t{value.value()}};
    }
    case oid::kInt8: {
      auto value = read_exactly<int64_t>(bytes);
      if (!value.ok()) return value.error();
      return Value{value.value()};
    }
    case oid::kFloat4: {
      auto bits = read_exactly<uint32_t>(bytes);
      if (!bits.ok()) return bits.error();
      return Value{static_cast<double>(std::bit_cast<float>(bits.value()))};
    }
    case oid::kFloat8: {
      auto bits = read_exactly<uint64_t>(bytes);
      if (!bits.ok()) return bits.error();
      return Value{std::bit_cast<double>(bits.value())};
    }
    case oid::kNumeric: {
      bool truncated = false;
      auto text = numeric_text_from_binary(bytes, truncated);
      if (truncated) return insufficient_data();
      if (!text) return Error{ErrorKind::kConversion, "invalid numeric in external \"numeric\" value"};
      const auto ndigits = static_cast<size_t>(load_big_endian<int16_t>(bytes.data()));
      if (bytes.size() != 8 + ndigits * 2) return incorrect_binary_format();
      if (*text == "NaN" || text->ends_with("Infinity")) return Value{*text};
      return numeric_value(*text);
    }
    case oid::kBytea:
      return Value{BlobValue{std::string(bytes)}};
    case oid::kDate: {
      auto days = read_exactly<int32_t>(bytes);
      if (!days.ok()) return days.error();
      if (days.value() == INT32_MAX) return Value{DateValue{kDateInfinity}};
      if (days.value() == INT32_MIN) return Value{DateValue{kDateNegativeInfinity}};
      int32_t shifted = 0;
      if (__builtin_add_overflow(days.value(), kPostgresEpochDays, &shifted) || shifted >= kDateInfinity) {
        return Error{ErrorKind::kOutOfRange, "date out of range"};
      }
      return Value{DateValue{shifted}};
    }
    case oid::kTime: {
      auto micros = read_exactly<int64_t>(bytes);
      if (!micros.ok()) return micros.error();
      if (micros.value() < 0 || micros.value() > kMicrosPerDay)
        return Error{ErrorKind::kOutOfRange, "time out of range"};
      return Value{TimeValue{micros.value()}};
    }
    case oid::kTimeTz: {
      if (bytes.size() < 12) return insufficient_data();
      if (bytes.size() > 12) return incorrect_binary_format();
      const auto micros = load_big_endian<int64_t>(bytes.data());
      const auto zone = load_big_endian<int32_t>(bytes.data() + 8);
      if (micros < 0 || micros > kMicrosPerDay) return Error{ErrorKind::kOutOfRange, "time out of range"};
      if (zone < -15 * 3600 - 59 * 60 - 59 || zone > 15 * 3600 + 59 * 60 + 59) {
        return Error{ErrorKind::kOutOfRange, "time zone displacement out of range"};
      }
      return Value{time_tz_text(micros, zone)};
    }
    case oid::kTimestamp:
    case oid::kTimestampTz: {
      const bool with_time_zone = type_oid == oid::kTimestampTz;
      auto micros = read_exactly<int64_t>(bytes);
      if (!micros.ok()) return micros.error();
      if (micros.value() == INT64_MAX) return Value{TimestampValue{kTimestampInfinity, with_time_zone}};
      if (micros.value() == INT64_MIN)
        return Value{TimestampValue{kTimestampNegativeInfinity, with_time_zone}};
      int64_t shifted = 0;
      if (__builtin_add_overflow(micros.value(), kPostgresEpochMicros, &shifted) ||
          is_infinite_timestamp(shifted)) {
        return Error{ErrorKind::kOutOfRange, "timestamp out of range"};
      }
      return Value{TimestampValue{shifted, with_time_zone}};
    }
    case oid::kInterval: {
      if (bytes.size() < 16) return insufficient_data();
      if (bytes.size() > 16) return incorrect_binary_format();
      return Value{IntervalValue{load_big_endian<int32_t>(bytes.data() + 12),
                                 load_big_endian<int32_t>(bytes.data() + 8),
                                 load_big_endian<int64_t>(bytes.data())}};
    }
    case oid::kUuid: {
      if (bytes.size() < 16) return insufficient_data();
      if (bytes.size() > 16) return incorrect_binary_format();
      std::string text;
      append_uuid(text, reinterpret_cast<const uint8_t*>(bytes.data()));
      return Value{text};
    }
    case oid::kBit:
    case oid::kVarbit: {
      Reader in{bytes};
      int32_t count = 0;
      if (!in.read(count)) return insufficient_data();
      if (count < 0) return Error{ErrorKind::kConversion, "invalid length in external bit string"};
      const size_t needed = (static_cast<size_t>(count) + 7) / 8;
      if (!in.has(needed)) return insufficient_data();
      if (bytes.size() - in.at > needed) return incorrect_binary_format();
      return Value{varbit_text(bytes.substr(in.at), count)};
    }
    case oid::kJsonb: {
      if (bytes.empty()) return insufficient_data();
      if (bytes[0] != 1)
        return Error{ErrorKind::kConversion, "unsupported jsonb version number " + std::to_string(bytes[0])};
      return text_value(bytes.substr(1));
    }
    default:
      break;
  }
  const PgTypeInfo* info = find_type(type_oid);
  if (info != nullptr && info->category == 'A' && info->element != 0 && type_oid != oid::kName) {
    return decode_binary_array(type_oid, info->element, bytes, settings);
  }
  // text, varchar, name, bpchar, char, json, xml, unknown, unspecified: the bytes are the text.
  return text_value(bytes);
}

Result<Value> decode_text(uint32_t type_oid, std::string_view text, const TextSettings& settings) {
  switch (type_oid) {
    case oid::kBool: {
      auto value = parse_boolean(text);
      if (!value.ok()) return value.error();
      return Value{value.value()};
    }
    case oid::kInt2:
    case oid::kInt4:
    case oid::kInt8: {
      const int bits = type_oid == oid::kInt2 ? 16 : type_oid == oid::kInt4 ? 32 : 64;
      auto value = parse_integer(text, bits, sql_name_of(type_oid));
      if (!value.ok()) return value.error();
      return Value{value.value()};
    }
    case oid::kOid: {
      auto value = parse_oid(text);
      if (!value.ok()) return value.error();
      return Value{value.value()};
    }
    case oid::kFloat4:
    case oid::kFloat8: {
      auto value = parse_float(text, type_oid == oid::kFloat4);
      if (!value.ok()) return value.error();
      return Value{value.value()};
    }
    case oid::kNumeric:
      return parse_numeric(text);
    case oid::kBytea: {
      auto bytes = parse_bytea(text);
      if (!bytes.ok()) return bytes.error();
      return Value{BlobValue{std::move(bytes.value())}};
    }
    case oid::kDate:
      if (auto date = parse_date(text)) return Value{*date};
      break;
    case oid::kTime:
      if (auto time = parse_time(text)) return Value{*time};
      break;
    case oid::kTimestamp:
    case oid::kTimestampTz:
      if (auto timestamp = parse_timestamp(text, type_oid == oid::kTimestampTz, settings))
        return Value{*timestamp};
      break;
    case oid::kInterval:
      if (auto interval = parse_interval(text)) return Value{*interval};
      break;
    default: {
      const PgTypeInfo* info = find_type(type_oid);
      if (info != nullptr && info->category == 'A' && info->element != 0 && type_oid != oid::kName &&
          type_oid != oid::kInt2Vector && type_oid != oid::kOidVector) {
        return decode_text_array(info->element, text, settings);
      }
      break;
    }
  }
  // Other spellings and types: the text itself, which DuckDB casts to the parameter's type.
  return text_value(text);
}

}  // namespace

Result<Value> decode_parameter(uint32_t type_oid, Format format, std::string_view bytes,
                               const TextSettings& settings) {
  if (format == Format::kText) return decode_text(type_oid, bytes, settings);
  return decode_binary(type_oid, bytes, settings);
}

}  // namespace duckwire::encode::pg
