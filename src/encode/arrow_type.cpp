#include "encode/arrow_type.hpp"

#include <charconv>

namespace duckwire::encode {
namespace {

[[noreturn]] void unsupported(std::string_view format) {
  throw ArrowIpcError("Arrow IPC: unsupported Arrow format string '" + std::string(format) + "'");
}

int32_t parse_int(std::string_view text, std::string_view format) {
  int32_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) unsupported(format);
  return value;
}

std::vector<int32_t> parse_int_list(std::string_view text, std::string_view format) {
  std::vector<int32_t> values;
  while (!text.empty()) {
    size_t comma = text.find(',');
    values.push_back(parse_int(text.substr(0, comma), format));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return values;
}

ArrowType make(ArrowTypeId id, int bit_width = 0) {
  ArrowType type;
  type.id = id;
  type.bit_width = bit_width;
  return type;
}

ArrowType make_int(int bit_width, bool is_signed) {
  ArrowType type = make(ArrowTypeId::kInt, bit_width);
  type.is_signed = is_signed;
  return type;
}

ArrowType make_unit(ArrowTypeId id, int bit_width, int16_t unit) {
  ArrowType type = make(id, bit_width);
  type.unit = unit;
  return type;
}

TimeUnit time_unit(char code, std::string_view format) {
  switch (code) {
    case 's':
      return TimeUnit::kSecond;
    case 'm':
      return TimeUnit::kMillisecond;
    case 'u':
      return TimeUnit::kMicrosecond;
    case 'n':
      return TimeUnit::kNanosecond;
    default:
      unsupported(format);
  }
}

ArrowType parse_single_character(std::string_view format) {
  switch (format[0]) {
    case 'n':
      return make(ArrowTypeId::kNull);
    case 'b':
      return make(ArrowTypeId::kBool, 1);
    case 'c':
      return make_int(8, true);
    case 'C':
      return make_int(8, false);
    case 's':
      return make_int(16, true);
    case 'S':
      return make_int(16, false);
    case 'i':
      return make_int(32, true);
    case 'I':
      return make_int(32, false);
    case 'l':
      return make_int(64, true);
    case 'L':
      return make_int(64, false);
    case 'e':
      return make(ArrowTypeId::kFloat, 16);
    case 'f':
      return make(ArrowTypeId::kFloat, 32);
    case 'g':
      return make(ArrowTypeId::kFloat, 64);
    case 'z':
      return make(ArrowTypeId::kBinary);
    case 'u':
      return make(ArrowTypeId::kUtf8);
    case 'Z':
      return make(ArrowTypeId::kLargeBinary);
    case 'U':
      return make(ArrowTypeId::kLargeUtf8);
    default:
      unsupported(format);
  }
}

ArrowType parse_decimal(std::string_view format) {
  std::vector<int32_t> parts = parse_int_list(format.substr(2), format);
  if (parts.size() < 2 || parts.size() > 3) unsupported(format);
  ArrowType type = make(ArrowTypeId::kDecimal, parts.size() == 3 ? parts[2] : 128);
  if (type.bit_width != 32 && type.bit_width != 64 && type.bit_width != 128 && type.bit_width != 256) {
    unsupported(format);
  }
  type.precision = parts[0];
  type.scale = parts[1];
  return type;
}

ArrowType parse_temporal(std::string_view format) {
  if (format.size() < 3) unsupported(format);
  const char kind = format[1];
  const char code = format[2];
  if (kind == 'd' && format.size() == 3) {
    if (code == 'D') return make_unit(ArrowTypeId::kDate, 32, static_cast<int16_t>(DateUnit::kDay));
    if (code == 'm') return make_unit(ArrowTypeId::kDate, 64, static_cast<int16_t>(DateUnit::kMillisecond));
  }
  if (kind == 't' && format.size() == 3) {
    TimeUnit unit = time_unit(code, format);
    int bits = unit == TimeUnit::kSecond || unit == TimeUnit::kMillisecond ? 32 : 64;
    return make_unit(ArrowTypeId::kTime, bits, static_cast<int16_t>(unit));
  }
  if (kind == 's' && format.size() >= 4 && format[3] == ':') {
    ArrowType type = make_unit(ArrowTypeId::kTimestamp, 64, static_cast<int16_t>(time_unit(code, format)));
    type.timezone = std::string(format.substr(4));
    return type;
  }
  if (kind == 'D' && format.size() == 3) {
    return make_unit(ArrowTypeId::kDuration, 64, static_cast<int16_t>(time_unit(code, format)));
  }
  if (kind == 'i' && format.size() == 3) {
    if (code == 'M')
      return make_unit(ArrowTypeId::kInterval, 32, static_cast<int16_t>(IntervalUnit::kYearMonth));
    if (code == 'D')
      return make_unit(ArrowTypeId::kInterval, 64, static_cast<int16_t>(IntervalUnit::kDayTime));
    if (code == 'n') {
      return make_unit(ArrowTypeId::kInterval, 128, static_cast<int16_t>(IntervalUnit::kMonthDayNano));
    }
  }
  unsupported(format);
}

ArrowType parse_nested(std::string_view format) {
  std::string_view rest = format.substr(1);
  if (rest == "l") return make(ArrowTypeId::kList);
  if (rest == "L") return make(ArrowTypeId::kLargeList);
  if (rest == "vl") return make(ArrowTypeId::kListView);
  if (rest == "vL") return make(ArrowTypeId::kLargeListView);
  if (rest == "s") return make(ArrowTypeId::kStruct);
  if (rest == "m") return make(ArrowTypeId::kMap);
  if (rest.starts_with("w:")) {
    ArrowType type = make(ArrowTypeId::kFixedSizeList);
    type.fixed_size = parse_int(rest.substr(2), format);
    if (type.fixed_size < 0) unsupported(format);
    return type;
  }
  if (rest.starts_with("us:") || rest.starts_with("ud:")) {
    ArrowType type = make(rest[1] == 's' ? ArrowTypeId::kSparseUnion : ArrowTypeId::kDenseUnion);
    type.union_type_ids = parse_int_list(rest.substr(3), format);
    return type;
  }
  unsupported(format);
}

}  // namespace

int ArrowType::fixed_byte_width() const {
  switch (id) {
    case ArrowTypeId::kInt:
    case ArrowTypeId::kFloat:
    case ArrowTypeId::kDecimal:
    case ArrowTypeId::kDate:
    case ArrowTypeId::kTime:
    case ArrowTypeId::kTimestamp:
    case ArrowTypeId::kDuration:
    case ArrowTypeId::kInterval:
      return bit_width / 8;
    case ArrowTypeId::kFixedSizeBinary:
      return fixed_size;
    default:
      return 0;
  }
}

ArrowType parse_arrow_format(std::string_view format) {
  if (format.empty()) unsupported(format);
  if (format.size() == 1) return parse_single_character(format);
  if (format == "vz") return make(ArrowTypeId::kBinaryView);
  if (format == "vu") return make(ArrowTypeId::kUtf8View);
  if (format.starts_with("d:")) return parse_decimal(format);
  if (format.starts_with("w:")) {
    ArrowType type = make(ArrowTypeId::kFixedSizeBinary);
    type.fixed_size = parse_int(format.substr(2), format);
    if (type.fixed_size < 0) unsupported(format);
    return type;
  }
  if (format[0] == 't') return parse_temporal(format);
  if (format[0] == '+') return parse_nested(format);
  unsupported(format);
}

}  // namespace duckwire::encode
