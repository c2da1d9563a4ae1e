#include "encode/pg_copy_encoder.hpp"

#include <algorithm>
#include <cstring>

#include "encode/pg_binary.hpp"
#include "encode/pg_column_writer.hpp"
#include "encode/pg_time_zone.hpp"
#include "encode/time_tz_values.hpp"

namespace duckwire::encode::pg {

namespace {

constexpr std::string_view kBinarySignature{"PGCOPY\n\377\r\n\0", 11};

Error invalid(std::string message) {
  return Error{ErrorKind::kInvalidInput, std::move(message)};
}

// The options with PostgreSQL's per-format defaults filled in, or PostgreSQL's error for options it
// refuses for COPY TO.
Result<CopyOptions> resolve(const CopyOptions& given) {
  CopyOptions options = given;
  const bool csv = options.format == CopyFormat::kCsv;
  if (options.format == CopyFormat::kBinary) {
    if (options.delimiter) return invalid("cannot specify DELIMITER in BINARY mode");
    if (options.null) return invalid("cannot specify NULL in BINARY mode");
    if (options.header) return invalid("cannot specify HEADER in BINARY mode");
  }
  if (!csv && options.quote) return invalid("COPY quote available only in CSV mode");
  if (!csv && options.escape) return invalid("COPY escape available only in CSV mode");
  if (!csv && (options.force_quote_all || !options.force_quote.empty())) {
    return invalid("COPY force quote available only in CSV mode");
  }
  if (!options.delimiter) options.delimiter = csv ? ',' : '\t';
  if (!options.null) options.null = csv ? "" : "\\N";
  if (!options.quote) options.quote = '"';
  if (!options.escape) options.escape = *options.quote;
  if (options.format == CopyFormat::kBinary) return options;

  const char delimiter = *options.delimiter;
  if (delimiter == '\n' || delimiter == '\r')
    return invalid("COPY delimiter cannot be newline or carriage return");
  if (options.null->find_first_of("\r\n") != std::string::npos) {
    return invalid("COPY null representation cannot use newline or carriage return");
  }
  if (!csv &&
      std::string_view("\\.abcdefghijklmnopqrstuvwxyz0123456789").find(delimiter) != std::string_view::npos) {
    return invalid(std::string("COPY delimiter cannot be \"") + delimiter + "\"");
  }
  if (csv && delimiter == *options.quote) return invalid("COPY delimiter and quote must be different");
  if (options.null->find(delimiter) != std::string::npos) {
    return invalid("COPY delimiter must not appear in the NULL specification");
  }
  if (csv && options.null->find(*options.quote) != std::string::npos) {
    return invalid("CSV quote character must not appear in the NULL specification");
  }
  return options;
}

}  // namespace

struct CopyEncoder::Impl {
  CopyOptions options;
  std::vector<std::string> names;
  std::vector<ColumnWriter> writers;
  std::vector<bool> force_quote;
  std::string pending_signature;  // binary: written before the next message's tuple
  std::string value;              // one value's text before escaping

  void append_text_field(std::string_view text, std::string& out) const {
    const char delimiter = *options.delimiter;
    size_t run = 0;
    for (size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      char escaped = 0;
      switch (c) {
        case '\\':
          escaped = '\\';
          break;
        case '\b':
          escaped = 'b';
          break;
        case '\f':
          escaped = 'f';
          break;
        case '\n':
          escaped = 'n';
          break;
        case '\r':
          escaped = 'r';
          break;
        case '\t':
          escaped = 't';
          break;
        case '\v':
          escaped = 'v';
          break;
        default:
          if (c == delimiter) escaped = c;
          break;
      }
      if (escaped == 0) continue;
      out.append(text.substr(run, i - run));
      out.push_back('\\');
      out.push_back(escaped);
      run = i + 1;
    }
    out.append(text.substr(run));
  }

  void append_csv_field(std::string_view text, bool quote_always, std::string& out) const {
    const char delimiter = *options.delimiter;
    const char quote = *options.quote;
    const char escape = *options.escape;
    bool use_quote = quote_always || text == *options.null || (names.size() == 1 && text == "\\.");
    if (!use_quote) {
      use_quote = std::any_of(text.begin(), text.end(),
                              [&](char c) { return c == delimiter || c == quote || c == '\n' || c == '\r'; });
    }
    if (!use_quote) {
      out.append(text);
      return;
    }
    out.push_back(quote);
    for (char c : text) {
      if (c == quote || c == escape) out.push_back(escape);
      out.push_back(c);
    }
    out.push_back(quote);
  }

  void append_field(std::string_view text, size_t column, std::string& out) const {
    if (options.format == CopyFormat::kCsv) {
      append_csv_field(text, force_quote[column], out);
    } else {
      append_text_field(text, out);
    }
  }
};

CopyEncoder::CopyEncoder() = default;
CopyEncoder::CopyEncoder(CopyEncoder&&) noexcept = default;
CopyEncoder& CopyEncoder::operator=(CopyEncoder&&) noexcept = default;
CopyEncoder::~CopyEncoder() = default;

Result<CopyEncoder> CopyEncoder::make(const ResultSchema& schema, const CopyOptions& options,
                                      const TextSettings& settings) {
  auto resolved = resolve(options);
  if (!resolved.ok()) return resolved.error();
  auto zone = TimeZone::find(settings.time_zone);
  if (!zone.ok()) return zone.error();
  const size_t columns = schema.columns.size();
  if (schema.arrow->n_children != static_cast<int64_t>(columns)) {
    return Error{ErrorKind::kInternal, "result schema and its Arrow schema disagree"};
  }
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(resolved.value());
  impl->force_quote.assign(columns, impl->options.force_quote_all);
  for (const std::string& name : impl->options.force_quote) {
    bool found = false;
    for (size_t i = 0; i < columns; ++i) {
      if (schema.columns[i].name == name) impl->force_quote[i] = found = true;
    }
    if (!found) return invalid("FORCE_QUOTE column \"" + name + "\" not referenced by COPY");
  }
  const Format format = impl->options.format == CopyFormat::kBinary ? Format::kBinary : Format::kText;
  for (size_t i = 0; i < columns; ++i) {
    impl->names.push_back(schema.columns[i].name);
    impl->writers.emplace_back(*schema.arrow->children[i], schema.columns[i].type, format, settings,
                               zone.value());
  }
  CopyEncoder encoder;
  encoder.impl_ = std::move(impl);
  return encoder;
}

Format CopyEncoder::format() const {
  return impl_->options.format == CopyFormat::kBinary ? Format::kBinary : Format::kText;
}

std::vector<Format> CopyEncoder::column_formats() const {
  return std::vector<Format>(impl_->writers.size(), format());
}

void CopyEncoder::begin(std::string& out) {
  Impl& impl = *impl_;
  if (impl.options.format == CopyFormat::kBinary) {
    impl.pending_signature.assign(kBinarySignature);
    append_big_endian(impl.pending_signature, int32_t{0});  // flags
    append_big_endian(impl.pending_signature, int32_t{0});  // header extension length
    return;
  }
  if (!impl.options.header) return;
  out.push_back('d');
  const size_t message = reserve_length(out);
  for (size_t i = 0; i < impl.names.size(); ++i) {
    if (i != 0) out.push_back(*impl.options.delimiter);
    impl.append_field(impl.names[i], i, out);
  }
  out.push_back('\n');
  fill_message_length(out, message);
}

Result<void> CopyEncoder::append_rows(const Chunk& chunk, std::string& out) {
  Impl& impl = *impl_;
  const ArrowArray& rows = *chunk.array.get();
  const size_t columns = impl.writers.size();
  if (rows.n_children != static_cast<int64_t>(columns)) {
    return Error{ErrorKind::kInternal, "chunk does not match the result schema"};
  }
  for (size_t c = 0; c < columns; ++c) {
    const TimeZoneOffsets* offsets = time_zone_offsets_of(chunk.time_zone_offsets, c, rows.length);
    impl.writers[c].use_time_zone_offsets(offsets != nullptr ? offsets->seconds.data() : nullptr);
  }
  const bool binary = impl.options.format == CopyFormat::kBinary;
  const size_t start = out.size();
  for (int64_t row = 0; row < rows.length; ++row) {
    out.push_back('d');
    const size_t message = reserve_length(out);
    if (binary) {
      out.append(impl.pending_signature);
      impl.pending_signature.clear();
      append_big_endian(out, static_cast<int16_t>(columns));
    }
    for (size_t c = 0; c < columns; ++c) {
      const ArrowArray& column = *rows.children[c];
      const int64_t physical = column.offset + rows.offset + row;
      const ColumnWriter& writer = impl.writers[c];
      if (!binary && c != 0) out.push_back(*impl.options.delimiter);
      if (writer.is_null(column, physical)) {
        if (binary) {
          append_big_endian(out, int32_t{-1});
        } else {
          out.append(*impl.options.null);
        }
        continue;
      }
      if (binary) {
        const size_t value = reserve_length(out);
        if (!writer.write(column, physical, out)) {
          out.resize(start);
          return Error{ErrorKind::kOutOfRange, writer.failure()};
        }
        fill_length(out, value);
        continue;
      }
      impl.value.clear();
      if (!writer.write(column, physical, impl.value)) {
        out.resize(start);
        return Error{ErrorKind::kOutOfRange, writer.failure()};
      }
      impl.append_field(impl.value, c, out);
    }
    if (!binary) out.push_back('\n');
    fill_message_length(out, message);
  }
  rows_written_ += rows.length;
  return {};
}

void CopyEncoder::finish(std::string& out) {
  Impl& impl = *impl_;
  if (impl.options.format != CopyFormat::kBinary) return;
  out.push_back('d');
  const size_t message = reserve_length(out);
  out.append(impl.pending_signature);
  impl.pending_signature.clear();
  append_big_endian(out, int16_t{-1});
  fill_message_length(out, message);
}

}  // namespace duckwire::encode::pg
