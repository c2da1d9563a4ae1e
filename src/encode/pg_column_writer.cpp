#include "encode/pg_column_writer.hpp"

#include <bit>
#include <charconv>
#include <climits>
#include <cstring>
#include <limits>

#include "encode/json_value_encoder.hpp"
#include "encode/pg_binary.hpp"
#include "encode/pg_text.hpp"
#include "encode/pg_types.hpp"
#include "encode/value_text.hpp"
#include "util/unaligned.hpp"

namespace duckwire::encode::pg {

namespace {

constexpr const char* kDateOutOfRange = "date out of range";
constexpr const char* kTimestampOutOfRange = "timestamp out of range";

template <class T>
const T* values_of(const ArrowArray& array) {
  return static_cast<const T*>(array.buffers[1]);
}

template <class T>
void append_integer(std::string& out, T value) {
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, static_cast<size_t>(result.ptr - buffer));
}

const ColumnType& varchar_type() {
  static const ColumnType type{TypeId::kVarchar};
  return type;
}

CellKind integer_kind(char format) {
  switch (format) {
    case 'c':
      return CellKind::kInt8;
    case 'C':
      return CellKind::kUInt8;
    case 's':
      return CellKind::kInt16;
    case 'S':
      return CellKind::kUInt16;
    case 'i':
      return CellKind::kInt32;
    case 'I':
      return CellKind::kUInt32;
    case 'l':
      return CellKind::kInt64;
    case 'L':
      return CellKind::kUInt64;
    default:
      return CellKind::kNull;
  }
}

// The BIT storage's bits (after its padding-count byte) moved to the front, as varbit_send writes them.
void append_varbit_binary(std::string& out, std::string_view storage) {
  if (storage.empty()) {
    append_big_endian(out, int32_t{0});
    return;
  }
  const size_t padding = static_cast<uint8_t>(storage[0]);
  const std::string_view bits = storage.substr(1);
  const size_t bit_count = bits.size() * 8 - padding;
  append_big_endian(out, static_cast<int32_t>(bit_count));
  for (size_t byte = 0; byte < (bit_count + 7) / 8; ++byte) {
    uint8_t value = 0;
    for (size_t k = 0; k < 8; ++k) {
      const size_t source = padding + byte * 8 + k;
      const bool set =
          source < bits.size() * 8 && (static_cast<uint8_t>(bits[source / 8]) >> (7 - source % 8) & 1);
      value = static_cast<uint8_t>(value | (set ? 0x80 >> k : 0));
    }
    out.push_back(static_cast<char>(value));
  }
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 0;
}

// uuid_send of DuckDB's UUID text ("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"): its 16 bytes.
void append_uuid_binary(std::string& out, std::string_view text) {
  char bytes[16] = {};
  size_t n = 0;
  for (size_t i = 0; i + 1 < text.size() && n < 16; ++i) {
    if (text[i] == '-') continue;
    bytes[n++] = static_cast<char>(hex_value(text[i]) << 4 | hex_value(text[i + 1]));
    ++i;
  }
  out.append(bytes, 16);
}

// A date or timestamp counted from PostgreSQL's epoch, DuckDB's infinities (+-`infinity`) as
// PostgreSQL's (the type's maximum and minimum); false when it does not fit.
template <class T>
bool append_from_postgres_epoch(std::string& out, T value, T infinity, T epoch) {
  T shifted = 0;
  if (value >= infinity) {
    shifted = std::numeric_limits<T>::max();
  } else if (value <= -infinity) {
    shifted = std::numeric_limits<T>::min();
  } else if (__builtin_sub_overflow(value, epoch, &shifted) || shifted == std::numeric_limits<T>::min()) {
    return false;
  }
  append_big_endian(out, shifted);
  return true;
}

int64_t per_second(TimePrecision unit) {
  switch (unit) {
    case TimePrecision::kSecond:
      return 1;
    case TimePrecision::kMilli:
      return 1'000;
    case TimePrecision::kMicro:
      return 1'000'000;
    case TimePrecision::kNano:
      return 1'000'000'000;
  }
  return 1'000'000;
}

// Microseconds from a value in `unit`, rounded down; false on overflow.
bool to_micros(int64_t value, TimePrecision unit, int64_t& micros) {
  const int64_t scale = per_second(unit);
  if (scale >= 1'000'000) {
    const int64_t divisor = scale / 1'000'000;
    micros = value / divisor - (value % divisor < 0 ? 1 : 0);
    return true;
  }
  return !__builtin_mul_overflow(value, 1'000'000 / scale, &micros);
}

}  // namespace

ColumnWriter::ColumnWriter(ColumnWriter&&) noexcept = default;
ColumnWriter& ColumnWriter::operator=(ColumnWriter&&) noexcept = default;
ColumnWriter::~ColumnWriter() = default;

ColumnWriter::ColumnWriter(const ArrowSchema& schema, const ColumnType& type, Format format,
                           const TextSettings& settings, const TimeZone& zone)
    : format_(format), extra_float_digits_(settings.extra_float_digits) {
  const std::string_view arrow_format = schema.format != nullptr ? schema.format : "n";
  const PgType pg_type = pg_type_of(type);
  const TypeId logical = type.id;

  const bool nested = logical == TypeId::kStruct || logical == TypeId::kMap || logical == TypeId::kUnion ||
                      logical == TypeId::kList || logical == TypeId::kArray;
  if (pg_type.oid == oid::kJson && nested) {
    kind_ = CellKind::kJson;
    json_ = std::make_unique<JsonValueEncoder>(schema, &type, JsonValueStyle::kPlain);
    return;
  }
  if (schema.dictionary != nullptr) {
    kind_ = CellKind::kDictionary;
    byte_width_ = dictionary_index_width(arrow_format.empty() ? 'i' : arrow_format[0]);
    index_signed_ = !arrow_format.empty() && std::islower(static_cast<unsigned char>(arrow_format[0]));
    children_.emplace_back(*schema.dictionary, varchar_type(), format, settings, zone);
    return;
  }
  if (logical == TypeId::kList || logical == TypeId::kArray) {
    const auto element = array_element_of(pg_type);
    if (schema.n_children != 1 || type.children.size() != 1 || !element) return;
    kind_ = CellKind::kArray;
    element_oid_ = *element;
    if (arrow_format.starts_with("+w:")) {
      fixed_list_ = true;
      const auto numbers = numbers_after(arrow_format, 3);
      list_size_ = static_cast<int32_t>(numbers.empty() ? 0 : numbers[0]);
    } else {
      storage_ = arrow_format == "+L"    ? ValueStorage::kOffsets64
                 : arrow_format == "+vl" ? ValueStorage::kListViews32
                 : arrow_format == "+vL" ? ValueStorage::kListViews64
                                         : ValueStorage::kOffsets32;
    }
    children_.emplace_back(*schema.children[0], *type.children[0].type, format, settings, zone);
    return;
  }

  auto variable_bytes = [&](ValueStorage storage, bool is_text) {
    storage_ = storage;
    if (is_text) {
      kind_ = logical == TypeId::kUuid ? CellKind::kUuidText : CellKind::kBytes;
    } else if (logical == TypeId::kBit) {
      kind_ = CellKind::kBit;
    } else if (logical == TypeId::kBigNum) {
      kind_ = CellKind::kBigNum;
    } else {
      kind_ = CellKind::kBlob;
    }
  };

  if (arrow_format.size() == 1) {
    const char f = arrow_format[0];
    switch (f) {
      case 'b':
        kind_ = CellKind::kBoolean;
        break;
      case 'f':
        kind_ = CellKind::kFloat;
        break;
      case 'g':
        kind_ = CellKind::kDouble;
        break;
      case 'u':
      case 'U':
      case 'z':
      case 'Z':
        variable_bytes(f == 'u' || f == 'z' ? ValueStorage::kOffsets32 : ValueStorage::kOffsets64,
                       f == 'u' || f == 'U');
        break;
      default:
        kind_ = integer_kind(f);
        break;
    }
    if (logical == TypeId::kNull) kind_ = CellKind::kNull;
  } else if (arrow_format == "vu" || arrow_format == "vz") {
    variable_bytes(ValueStorage::kViews, arrow_format == "vu");
  } else if (arrow_format.starts_with("w:")) {
    const auto numbers = numbers_after(arrow_format, 2);
    byte_width_ = static_cast<uint8_t>(numbers.empty() ? 0 : numbers[0]);
    kind_ = byte_width_ == 16 && logical == TypeId::kUuid       ? CellKind::kUuid
            : byte_width_ == 16 && logical == TypeId::kHugeInt  ? CellKind::kInt128
            : byte_width_ == 16 && logical == TypeId::kUHugeInt ? CellKind::kUInt128
                                                                : CellKind::kBlob;
  } else if (arrow_format.starts_with("d:")) {
    const auto numbers = numbers_after(arrow_format, 2);
    const int64_t bits = numbers.size() >= 3 ? numbers[2] : 128;
    scale_ = static_cast<uint8_t>(numbers.size() >= 2 ? numbers[1] : 0);
    byte_width_ = static_cast<uint8_t>(bits / 8);
    if (bits == 128 && logical == TypeId::kHugeInt) {
      kind_ = CellKind::kInt128;
    } else if (bits == 128 && logical == TypeId::kUHugeInt) {
      kind_ = CellKind::kUInt128;
    } else if (bits == 32 || bits == 64 || bits == 128) {
      kind_ = CellKind::kDecimal;
    }
  } else if (arrow_format == "tdD") {
    kind_ = CellKind::kDate;
  } else if (arrow_format.starts_with("tt") && arrow_format.size() == 3) {
    kind_ = logical == TypeId::kTimeTz ? CellKind::kTimeTz : CellKind::kTime;
    precision_ = precision_of(arrow_format[2]);
    byte_width_ = arrow_format[2] == 's' || arrow_format[2] == 'm' ? 4 : 8;
  } else if (arrow_format.starts_with("ts") && arrow_format.size() >= 4 && arrow_format[3] == ':') {
    const bool with_time_zone = arrow_format.size() > 4 || logical == TypeId::kTimestampTz;
    kind_ = with_time_zone ? CellKind::kTimestampTz : CellKind::kTimestamp;
    precision_ = precision_of(arrow_format[2]);
    if (with_time_zone && format == Format::kText) zone_.emplace(zone);
  } else if (arrow_format == "tin") {
    kind_ = CellKind::kInterval;
  }

  integer_bytes_ = pg_type.oid == oid::kInt2 ? 2 : pg_type.oid == oid::kInt8 ? 8 : 4;
  as_numeric_ = pg_type.oid == oid::kNumeric;
}

bool ColumnWriter::is_null(const ArrowArray& array, int64_t physical) const {
  if (kind_ == CellKind::kNull) return true;
  if (kind_ == CellKind::kJson && json_->kind() == JsonValueKind::kUnion) return false;
  if (array.null_count == 0 || array.n_buffers == 0 || array.buffers[0] == nullptr) return false;
  return !bit_is_set(array.buffers[0], physical);
}

const char* ColumnWriter::failure() const {
  return failure_ != nullptr ? failure_ : "value out of range";
}

bool ColumnWriter::write(const ArrowArray& array, int64_t physical, std::string& out) const {
  if (kind_ == CellKind::kArray) return write_array(array, physical, out);
  return format_ == Format::kText ? write_text(array, physical, out) : write_binary(array, physical, out);
}

int64_t ColumnWriter::integer_at(const ArrowArray& array, int64_t physical) const {
  switch (kind_) {
    case CellKind::kInt8:
      return values_of<int8_t>(array)[physical];
    case CellKind::kInt16:
      return values_of<int16_t>(array)[physical];
    case CellKind::kInt32:
      return values_of<int32_t>(array)[physical];
    case CellKind::kUInt8:
      return values_of<uint8_t>(array)[physical];
    case CellKind::kUInt16:
      return values_of<uint16_t>(array)[physical];
    case CellKind::kUInt32:
      return values_of<uint32_t>(array)[physical];
    default:
      return values_of<int64_t>(array)[physical];
  }
}

bool ColumnWriter::is_numeric_kind() const {
  switch (kind_) {
    case CellKind::kInt128:
    case CellKind::kUInt128:
    case CellKind::kBigNum:
    case CellKind::kDecimal:
      return true;
    case CellKind::kUInt64:
      return as_numeric_;
    default:
      return false;
  }
}

// The decimal text of a numeric-typed value.
void ColumnWriter::decimal_text(const ArrowArray& array, int64_t physical, std::string& out) const {
  const char* address = static_cast<const char*>(array.buffers[1]);
  switch (kind_) {
    case CellKind::kUInt64:
      append_integer(out, values_of<uint64_t>(array)[physical]);
      return;
    case CellKind::kInt128:
      append_int128(out, load_unaligned<int128_t>(address + physical * 16));
      return;
    case CellKind::kUInt128:
      append_uint128(out, load_unaligned<uint128_t>(address + physical * 16));
      return;
    case CellKind::kBigNum:
      append_bignum(out, bytes_at(array, physical, storage_, byte_width_));
      return;
    default:
      break;
  }
  address += physical * byte_width_;
  if (byte_width_ == 4) {
    append_decimal(out, load_unaligned<int32_t>(address), scale_);
  } else if (byte_width_ == 8) {
    append_decimal(out, load_unaligned<int64_t>(address), scale_);
  } else {
    append_decimal(out, load_unaligned<int128_t>(address), scale_);
  }
}

int64_t ColumnWriter::timestamp_micros(int64_t value) const {
  int64_t micros = 0;
  if (is_infinite_timestamp(value)) return value < 0 ? kTimestampNegativeInfinity : kTimestampInfinity;
  if (!to_micros(value, precision_, micros)) {
    failure_ = kTimestampOutOfRange;
    return INT64_MIN;
  }
  return micros;
}

bool ColumnWriter::write_text(const ArrowArray& array, int64_t physical, std::string& out) const {
  switch (kind_) {
    case CellKind::kNull:
    case CellKind::kArray:
      return true;
    case CellKind::kBoolean:
      out.push_back(bit_is_set(array.buffers[1], physical) ? 't' : 'f');
      return true;
    case CellKind::kInt8:
    case CellKind::kInt16:
    case CellKind::kInt32:
    case CellKind::kInt64:
    case CellKind::kUInt8:
    case CellKind::kUInt16:
    case CellKind::kUInt32:
      append_integer(out, integer_at(array, physical));
      return true;
    case CellKind::kUInt64:
    case CellKind::kInt128:
    case CellKind::kUInt128:
    case CellKind::kBigNum:
    case CellKind::kDecimal:
      decimal_text(array, physical, out);
      return true;
    case CellKind::kFloat:
      append_float4(out, values_of<float>(array)[physical], extra_float_digits_);
      return true;
    case CellKind::kDouble:
      append_float8(out, values_of<double>(array)[physical], extra_float_digits_);
      return true;
    case CellKind::kBytes:
    case CellKind::kUuidText:
      out.append(bytes_at(array, physical, storage_, byte_width_));
      return true;
    case CellKind::kBlob:
      append_bytea_hex(out, bytes_at(array, physical, storage_, byte_width_));
      return true;
    case CellKind::kBit:
      append_bit_string(out, bytes_at(array, physical, storage_, byte_width_));
      return true;
    case CellKind::kUuid:
      append_uuid(out, static_cast<const uint8_t*>(array.buffers[1]) + physical * 16);
      return true;
    case CellKind::kDate:
      append_date_postgres(out, values_of<int32_t>(array)[physical]);
      return true;
    case CellKind::kTime:
    case CellKind::kTimeTz: {
      const int64_t value =
          byte_width_ == 4 ? values_of<int32_t>(array)[physical] : values_of<int64_t>(array)[physical];
      int64_t micros = 0;
      to_micros(value, precision_, micros);
      append_time(out, micros, TimePrecision::kMicro);
      if (kind_ == CellKind::kTimeTz) {
        append_utc_offset_postgres(
            out, time_zone_offsets_ != nullptr ? time_zone_offsets_[physical - array.offset] : 0);
      }
      return true;
    }
    case CellKind::kTimestamp:
    case CellKind::kTimestampTz: {
      const int64_t micros = timestamp_micros(values_of<int64_t>(array)[physical]);
      if (micros == INT64_MIN) return false;
      if (kind_ == CellKind::kTimestamp || is_infinite_timestamp(micros)) {
        append_timestamp_postgres(out, micros);
      } else {
        append_timestamptz_postgres(out, micros, zone_->utc_offset_at(micros));
      }
      return true;
    }
    case CellKind::kInterval: {
      const char* address = static_cast<const char*>(array.buffers[1]) + physical * 16;
      append_interval_postgres(
          out, Interval{load_unaligned<int32_t>(address), load_unaligned<int32_t>(address + 4),
                        load_unaligned<int64_t>(address + 8) / 1000});
      return true;
    }
    case CellKind::kDictionary:
    case CellKind::kJson:
      break;
  }
  if (kind_ == CellKind::kJson) {
    json_->write(array, physical - array.offset, out);
    return true;
  }
  // kDictionary
  const int64_t index = dictionary_index_at(array, physical, byte_width_, index_signed_);
  if (array.dictionary == nullptr || index < 0 || index >= array.dictionary->length) return true;
  return children_[0].write(*array.dictionary, array.dictionary->offset + index, out);
}

bool ColumnWriter::write_binary(const ArrowArray& array, int64_t physical, std::string& out) const {
  switch (kind_) {
    case CellKind::kBoolean:
      out.push_back(bit_is_set(array.buffers[1], physical) ? '\1' : '\0');
      return true;
    case CellKind::kInt8:
    case CellKind::kInt16:
    case CellKind::kInt32:
    case CellKind::kInt64:
    case CellKind::kUInt8:
    case CellKind::kUInt16:
    case CellKind::kUInt32: {
      const int64_t value = integer_at(array, physical);
      if (integer_bytes_ == 2) {
        append_big_endian(out, static_cast<int16_t>(value));
      } else if (integer_bytes_ == 4) {
        append_big_endian(out, static_cast<int32_t>(value));
      } else {
        append_big_endian(out, value);
      }
      return true;
    }
    case CellKind::kUInt64:
    case CellKind::kInt128:
    case CellKind::kUInt128:
    case CellKind::kBigNum:
    case CellKind::kDecimal:
      if (kind_ == CellKind::kUInt64 && !as_numeric_) {
        append_big_endian(out, values_of<int64_t>(array)[physical]);
        return true;
      }
      scratch_.clear();
      decimal_text(array, physical, scratch_);
      append_numeric_binary(out, scratch_);
      return true;
    case CellKind::kFloat:
      append_big_endian(out, std::bit_cast<uint32_t>(values_of<float>(array)[physical]));
      return true;
    case CellKind::kDouble:
      append_big_endian(out, std::bit_cast<uint64_t>(values_of<double>(array)[physical]));
      return true;
    case CellKind::kBit:
      append_varbit_binary(out, bytes_at(array, physical, storage_, byte_width_));
      return true;
    case CellKind::kUuid:
      out.append(static_cast<const char*>(array.buffers[1]) + physical * 16, 16);
      return true;
    case CellKind::kUuidText:
      append_uuid_binary(out, bytes_at(array, physical, storage_, byte_width_));
      return true;
    case CellKind::kDate:
      if (!append_from_postgres_epoch(out, values_of<int32_t>(array)[physical], kDateInfinity,
                                      kPostgresEpochDays)) {
        failure_ = kDateOutOfRange;
        return false;
      }
      return true;
    case CellKind::kTime:
    case CellKind::kTimeTz: {
      const int64_t value =
          byte_width_ == 4 ? values_of<int32_t>(array)[physical] : values_of<int64_t>(array)[physical];
      int64_t micros = 0;
      to_micros(value, precision_, micros);
      append_big_endian(out, micros);
      if (kind_ == CellKind::kTimeTz) {
        const int32_t east = time_zone_offsets_ != nullptr ? time_zone_offsets_[physical - array.offset] : 0;
        append_big_endian(out, -east);
      }
      return true;
    }
    case CellKind::kTimestamp:
    case CellKind::kTimestampTz: {
      const int64_t micros = timestamp_micros(values_of<int64_t>(array)[physical]);
      if (micros == INT64_MIN) return false;
      if (!append_from_postgres_epoch(out, micros, kTimestampInfinity, kPostgresEpochMicros)) {
        failure_ = kTimestampOutOfRange;
        return false;
      }
      return true;
    }
    case CellKind::kInterval: {
      const char* address = static_cast<const char*>(array.buffers[1]) + physical * 16;
      append_big_endian(out, load_unaligned<int64_t>(address + 8) / 1000);
      append_big_endian(out, load_unaligned<int32_t>(address + 4));
      append_big_endian(out, load_unaligned<int32_t>(address));
      return true;
    }
    case CellKind::kBlob:
    case CellKind::kBytes:
      out.append(bytes_at(array, physical, storage_, byte_width_));
      return true;
    default:
      return write_text(array, physical, out);  // NULL, dictionary labels and JSON: the same bytes
  }
}

bool ColumnWriter::write_array(const ArrowArray& array, int64_t physical, std::string& out) const {
  const auto [begin, end] =
      fixed_list_ ? std::pair<int64_t, int64_t>{physical * list_size_, (physical + 1) * list_size_}
                  : list_range(array, physical, storage_);
  const ArrowArray& elements = *array.children[0];
  const ColumnWriter& element = children_[0];
  auto fail = [&] {
    failure_ = element.failure();
    return false;
  };
  if (format_ == Format::kText) {
    out.push_back('{');
    for (int64_t i = begin; i < end; ++i) {
      if (i != begin) out.push_back(',');
      const int64_t at = elements.offset + i;
      if (element.is_null(elements, at)) {
        out.append("NULL");
        continue;
      }
      scratch_.clear();
      if (!element.write(elements, at, scratch_)) return fail();
      append_array_element(out, scratch_);
    }
    out.push_back('}');
    return true;
  }
  bool has_null = false;
  for (int64_t i = begin; i < end && !has_null; ++i)
    has_null = element.is_null(elements, elements.offset + i);
  append_big_endian(out, int32_t{end > begin ? 1 : 0});
  append_big_endian(out, int32_t{has_null ? 1 : 0});
  append_big_endian(out, element_oid_);
  if (end > begin) {
    append_big_endian(out, static_cast<int32_t>(end - begin));
    append_big_endian(out, int32_t{1});
  }
  for (int64_t i = begin; i < end; ++i) {
    const int64_t at = elements.offset + i;
    if (element.is_null(elements, at)) {
      append_big_endian(out, int32_t{-1});
      continue;
    }
    const size_t length_at = reserve_length(out);
    if (!element.write(elements, at, out)) return fail();
    fill_length(out, length_at);
  }
  return true;
}

}  // namespace duckwire::encode::pg
