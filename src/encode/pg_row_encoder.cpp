#include "encode/pg_row_encoder.hpp"

#include "encode/pg_binary.hpp"
#include "encode/pg_column_writer.hpp"
#include "encode/pg_time_zone.hpp"
#include "encode/time_tz_values.hpp"

namespace duckwire::encode::pg {

Result<Format> format_from_code(int16_t code) {
  if (code == 0) return Format::kText;
  if (code == 1) return Format::kBinary;
  return Error{ErrorKind::kInvalidInput, "unsupported format code: " + std::to_string(code)};
}

RowEncoder::RowEncoder() = default;
RowEncoder::RowEncoder(RowEncoder&&) noexcept = default;
RowEncoder& RowEncoder::operator=(RowEncoder&&) noexcept = default;
RowEncoder::~RowEncoder() = default;

Result<RowEncoder> RowEncoder::make(const ResultSchema& schema, const std::vector<Format>& column_formats,
                                    const TextSettings& settings) {
  const size_t columns = schema.columns.size();
  if (column_formats.size() > 1 && column_formats.size() != columns) {
    return Error{ErrorKind::kInvalidInput, "bind message has " + std::to_string(column_formats.size()) +
                                               " result formats but query has " + std::to_string(columns) +
                                               " columns"};
  }
  auto zone = TimeZone::find(settings.time_zone);
  if (!zone.ok()) return zone.error();
  if (schema.arrow->n_children != static_cast<int64_t>(columns)) {
    return Error{ErrorKind::kInternal, "result schema and its Arrow schema disagree"};
  }
  RowEncoder encoder;
  for (size_t i = 0; i < columns; ++i) {
    const Format format = column_formats.empty()       ? Format::kText
                          : column_formats.size() == 1 ? column_formats[0]
                                                       : column_formats[i];
    encoder.formats_.push_back(format);
    encoder.types_.push_back(pg_type_of(schema.columns[i].type));
    encoder.writers_.push_back(std::make_unique<ColumnWriter>(
        *schema.arrow->children[i], schema.columns[i].type, format, settings, zone.value()));
  }
  return encoder;
}

Result<void> RowEncoder::append_data_rows(const Chunk& chunk, int64_t first, int64_t count,
                                          std::string& out) {
  const ArrowArray& rows = *chunk.array.get();
  const size_t columns = writers_.size();
  if (rows.n_children != static_cast<int64_t>(columns) || first < 0 || count < 0 ||
      first + count > rows.length) {
    return Error{ErrorKind::kInternal, "chunk does not match the result schema"};
  }
  for (size_t c = 0; c < columns; ++c) {
    const TimeZoneOffsets* offsets = time_zone_offsets_of(chunk.time_zone_offsets, c, rows.length);
    writers_[c]->use_time_zone_offsets(offsets != nullptr ? offsets->seconds.data() : nullptr);
  }
  const size_t start = out.size();
  for (int64_t row = first; row < first + count; ++row) {
    out.push_back('D');
    const size_t message = reserve_length(out);
    append_big_endian(out, static_cast<int16_t>(columns));
    for (size_t c = 0; c < columns; ++c) {
      const ArrowArray& column = *rows.children[c];
      const int64_t physical = column.offset + rows.offset + row;
      const ColumnWriter& writer = *writers_[c];
      if (writer.is_null(column, physical)) {
        append_big_endian(out, int32_t{-1});
        continue;
      }
      const size_t value = reserve_length(out);
      if (!writer.write(column, physical, out)) {
        out.resize(start);
        return Error{ErrorKind::kOutOfRange, writer.failure()};
      }
      fill_length(out, value);
    }
    fill_message_length(out, message);
  }
  return {};
}

}  // namespace duckwire::encode::pg
