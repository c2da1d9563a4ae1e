#include "encode/pg_column_writer.hpp"

#include <bit>
#include <climits>
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

const ColumnType& varchar_type() {
  static const ColumnType type{TypeId::kVarchar};
  return type;
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
    : value_(arrow_value_kind(schema, &type)),
      format_(format),
      extra_float_digits_(settings.extra_float_digits) {
  const PgType pg_type = pg_type_of(type);
  const TypeId logical = type.id;

  const bool nested = logical == TypeId::kStruct || logical == TypeId::kMap || logical == TypeId::kUnion ||
                      logical == TypeId::kList || logical == TypeId::kArray;
  if (pg_type.oid == oid::kJson && nested) {
    json_ = std::make_unique<JsonValueEncoder>(schema, &type, JsonValueStyle::kPlain);
    return;
  }
  if (value_.kind == ValueKind::kDictionary) {
    children_.emplace_back(*schema.dictionary, varchar_type(), format, settings, zone);
    return;
  }
  if (logical == TypeId::kList || logical == TypeId::kArray) {
    const auto element = array_element_of(pg_type);
    array_ = (value_.kind == ValueKind::kList || value_.kind == ValueKind::kFixedList) &&
             type.children.size() == 1 && element;
    if (!array_) {
      value_.kind = ValueKind::kNull;
      return;
    }
    element_oid_ = *element;
    children_.emplace_back(*schema.children[0], *type.children[0].type, format, settings, zone);
    return;
  }
  switch (value_.kind) {
    case ValueKind::kList:
    case ValueKind::kFixedList:
    case ValueKind::kStruct:
    case ValueKind::kMap:
    case ValueKind::kUnion:
      value_.kind = ValueKind::kNull;  // nested data under a type PostgreSQL gets neither as JSON nor array
      break;
    case ValueKind::kTimestamp:
      if (value_.with_time_zone && format == Format::kText) zone_.emplace(zone);
      break;
    default:
      break;
  }
  integer_bytes_ = pg_type.oid == oid::kInt2 ? 2 : pg_type.oid == oid::kInt8 ? 8 : 4;
  as_numeric_ = pg_type.oid == oid::kNumeric;
}

bool ColumnWriter::is_null(const ArrowArray& array, int64_t physical) const {
  if (value_.kind == ValueKind::kNull) return true;
  if (value_.kind == ValueKind::kUnion) return false;  // a union's NULLs are its members'
  if (array.null_count == 0 || array.n_buffers == 0 || array.buffers[0] == nullptr) return false;
  return !bit_is_set(array.buffers[0], physical);
}

const char* ColumnWriter::failure() const {
  return failure_ != nullptr ? failure_ : "value out of range";
}

bool ColumnWriter::write(const ArrowArray& array, int64_t physical, std::string& out) const {
  if (array_) return write_array(array, physical, out);
  return format_ == Format::kText ? write_text(array, physical, out) : write_binary(array, physical, out);
}

int64_t ColumnWriter::integer_at(const ArrowArray& array, int64_t physical) const {
  switch (value_.kind) {
    case ValueKind::kInt8:
      return values_of<int8_t>(array)[physical];
    case ValueKind::kInt16:
      return values_of<int16_t>(array)[physical];
    case ValueKind::kInt32:
      return values_of<int32_t>(array)[physical];
    case ValueKind::kUInt8:
      return values_of<uint8_t>(array)[physical];
    case ValueKind::kUInt16:
      return values_of<uint16_t>(array)[physical];
    case ValueKind::kUInt32:
      return values_of<uint32_t>(array)[physical];
    default:
      return values_of<int64_t>(array)[physical];
  }
}

// The decimal text of a numeric-typed value.
void ColumnWriter::decimal_text(const ArrowArray& array, int64_t physical, std::string& out) const {
  const char* address = static_cast<const char*>(array.buffers[1]);
  switch (value_.kind) {
    case ValueKind::kUInt64:
      append_integer(out, values_of<uint64_t>(array)[physical]);
      return;
    case ValueKind::kInt128:
      append_int128(out, load_unaligned<int128_t>(address + physical * 16));
      return;
    case ValueKind::kUInt128:
      append_uint128(out, load_unaligned<uint128_t>(address + physical * 16));
      return;
    case ValueKind::kBigNum:
      append_bignum(out, bytes_at(array, physical, value_.storage, value_.byte_width));
      return;
    default:
      break;
  }
  append_decimal(out, address + physical * value_.byte_width, value_.byte_width, value_.scale);
}

int64_t ColumnWriter::time_micros(const ArrowArray& array, int64_t physical) const {
  int64_t micros = 0;
  to_micros(time_at(array, physical, value_.byte_width), value_.precision, micros);
  return micros;
}

int32_t ColumnWriter::utc_offset(const ArrowArray& array, int64_t physical) const {
  return time_zone_offsets_ != nullptr ? time_zone_offsets_[physical - array.offset] : 0;
}

int64_t ColumnWriter::timestamp_micros(int64_t value) const {
  int64_t micros = 0;
  if (is_infinite_timestamp(value)) return value < 0 ? kTimestampNegativeInfinity : kTimestampInfinity;
  if (!to_micros(value, value_.precision, micros)) {
    failure_ = kTimestampOutOfRange;
    return INT64_MIN;
  }
  return micros;
}

bool ColumnWriter::write_text(const ArrowArray& array, int64_t physical, std::string& out) const {
  switch (value_.kind) {
    case ValueKind::kNull:
      return true;
    case ValueKind::kBoolean:
      out.push_back(bit_is_set(array.buffers[1], physical) ? 't' : 'f');
      return true;
    case ValueKind::kInt8:
    case ValueKind::kInt16:
    case ValueKind::kInt32:
    case ValueKind::kInt64:
    case ValueKind::kUInt8:
    case ValueKind::kUInt16:
    case ValueKind::kUInt32:
      append_integer(out, integer_at(array, physical));
      return true;
    case ValueKind::kUInt64:
    case ValueKind::kInt128:
    case ValueKind::kUInt128:
    case ValueKind::kBigNum:
    case ValueKind::kDecimal:
      decimal_text(array, physical, out);
      return true;
    case ValueKind::kFloat:
      append_float4(out, values_of<float>(array)[physical], extra_float_digits_);
      return true;
    case ValueKind::kDouble:
      append_float8(out, values_of<double>(array)[physical], extra_float_digits_);
      return true;
    case ValueKind::kString:
    case ValueKind::kJsonText:
    case ValueKind::kUuidText:
      out.append(bytes_at(array, physical, value_.storage, value_.byte_width));
      return true;
    case ValueKind::kBlob:
      append_bytea_hex(out, bytes_at(array, physical, value_.storage, value_.byte_width));
      return true;
    case ValueKind::kBit:
      append_bit_string(out, bytes_at(array, physical, value_.storage, value_.byte_width));
      return true;
    case ValueKind::kUuid:
      append_uuid(out, static_cast<const uint8_t*>(array.buffers[1]) + physical * 16);
      return true;
    case ValueKind::kDate:
      append_date_postgres(out, values_of<int32_t>(array)[physical]);
      return true;
    case ValueKind::kTime:
      append_time(out, time_micros(array, physical), TimePrecision::kMicro);
      if (value_.with_time_zone) append_utc_offset_postgres(out, utc_offset(array, physical));
      return true;
    case ValueKind::kTimestamp: {
      const int64_t micros = timestamp_micros(values_of<int64_t>(array)[physical]);
      if (micros == INT64_MIN) return false;
      if (!value_.with_time_zone || is_infinite_timestamp(micros)) {
        append_timestamp_postgres(out, micros);
      } else {
        append_timestamptz_postgres(out, micros, zone_->utc_offset_at(micros));
      }
      return true;
    }
    case ValueKind::kInterval: {
      append_interval_postgres(out, interval_at(array, physical));
      return true;
    }
    case ValueKind::kDictionary: {
      const int64_t index = dictionary_index_at(array, physical, value_.byte_width, value_.index_signed);
      if (array.dictionary == nullptr || index < 0 || index >= array.dictionary->length) return true;
      return children_[0].write(*array.dictionary, array.dictionary->offset + index, out);
    }
    case ValueKind::kList:
    case ValueKind::kFixedList:
    case ValueKind::kStruct:
    case ValueKind::kMap:
    case ValueKind::kUnion:
      json_->write(array, physical - array.offset, out);
      return true;
  }
  return true;
}

bool ColumnWriter::write_binary(const ArrowArray& array, int64_t physical, std::string& out) const {
  switch (value_.kind) {
    case ValueKind::kBoolean:
      out.push_back(bit_is_set(array.buffers[1], physical) ? '\1' : '\0');
      return true;
    case ValueKind::kInt8:
    case ValueKind::kInt16:
    case ValueKind::kInt32:
    case ValueKind::kInt64:
    case ValueKind::kUInt8:
    case ValueKind::kUInt16:
    case ValueKind::kUInt32: {
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
    case ValueKind::kUInt64:
    case ValueKind::kInt128:
    case ValueKind::kUInt128:
    case ValueKind::kBigNum:
    case ValueKind::kDecimal:
      if (value_.kind == ValueKind::kUInt64 && !as_numeric_) {
        append_big_endian(out, values_of<int64_t>(array)[physical]);
        return true;
      }
      scratch_.clear();
      decimal_text(array, physical, scratch_);
      append_numeric_binary(out, scratch_);
      return true;
    case ValueKind::kFloat:
      append_big_endian(out, std::bit_cast<uint32_t>(values_of<float>(array)[physical]));
      return true;
    case ValueKind::kDouble:
      append_big_endian(out, std::bit_cast<uint64_t>(values_of<double>(array)[physical]));
      return true;
    case ValueKind::kBit:
      append_varbit_binary(out, bytes_at(array, physical, value_.storage, value_.byte_width));
      return true;
    case ValueKind::kUuid:
      out.append(static_cast<const char*>(array.buffers[1]) + physical * 16, 16);
      return true;
    case ValueKind::kUuidText:
      append_uuid_binary(out, bytes_at(array, physical, value_.storage, value_.byte_width));
      return true;
    case ValueKind::kDate:
      if (!append_from_postgres_epoch(out, values_of<int32_t>(array)[physical], kDateInfinity,
                                      kPostgresEpochDays)) {
        failure_ = kDateOutOfRange;
        return false;
      }
      return true;
    case ValueKind::kTime:
      append_big_endian(out, time_micros(array, physical));
      if (value_.with_time_zone) append_big_endian(out, -utc_offset(array, physical));
      return true;
    case ValueKind::kTimestamp: {
      const int64_t micros = timestamp_micros(values_of<int64_t>(array)[physical]);
      if (micros == INT64_MIN) return false;
      if (!append_from_postgres_epoch(out, micros, kTimestampInfinity, kPostgresEpochMicros)) {
        failure_ = kTimestampOutOfRange;
        return false;
      }
      return true;
    }
    case ValueKind::kInterval: {
      const Interval interval = interval_at(array, physical);
      append_big_endian(out, interval.micros);
      append_big_endian(out, interval.days);
      append_big_endian(out, interval.months);
      return true;
    }
    case ValueKind::kBlob:
    case ValueKind::kString:
    case ValueKind::kJsonText:
      out.append(bytes_at(array, physical, value_.storage, value_.byte_width));
      return true;
    default:
      return write_text(array, physical, out);  // NULL, dictionary labels and JSON: the same bytes
  }
}

bool ColumnWriter::write_array(const ArrowArray& array, int64_t physical, std::string& out) const {
  const auto [begin, end] =
      value_.kind == ValueKind::kFixedList
          ? std::pair<int64_t, int64_t>{physical * value_.list_size, (physical + 1) * value_.list_size}
          : list_range(array, physical, value_.storage);
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
