#include "protocols/pgwire/commands/copy_binary_in_parser.hpp"

#include <cstring>

namespace duckwire::pgwire::commands {

namespace {

constexpr std::string_view kSignature("PGCOPY\n\377\r\n\0", 11);
constexpr size_t kHeaderFixedBytes = 11 + 4 + 4;  // signature, flags, header extension length

uint32_t read_u32(std::string_view bytes, size_t at) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data() + at);
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

int16_t read_i16(std::string_view bytes, size_t at) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data() + at);
  return static_cast<int16_t>((p[0] << 8) | p[1]);
}

}  // namespace

CopyBinaryInParser::CopyBinaryInParser(size_t column_count, size_t max_row_bytes)
    : column_count_(column_count), max_row_bytes_(max_row_bytes), fields_(column_count) {}

CopyInputError CopyBinaryInParser::error(std::string message) const {
  return CopyInputError{"22P04", std::move(message), tuple_, {}};
}

std::optional<CopyInputError> CopyBinaryInParser::feed(std::string_view bytes,
                                                       const CopyInParser::RowSink& sink) {
  if (trailer_read_) {
    if (!bytes.empty()) return error("received copy data after EOF marker");
    return std::nullopt;
  }
  buffer_.append(bytes);
  return drain(sink);
}

std::optional<CopyInputError> CopyBinaryInParser::finish(const CopyInParser::RowSink& sink) {
  if (auto failed = drain(sink)) return failed;
  if (!header_read_ && buffer_.empty()) return std::nullopt;  // no data at all: nothing copied
  if (!trailer_read_) return error("unexpected EOF in COPY data");
  return std::nullopt;
}

std::optional<CopyInputError> CopyBinaryInParser::drain(const CopyInParser::RowSink& sink) {
  size_t at = 0;
  const std::string_view data(buffer_);
  if (!header_read_) {
    if (data.size() < kHeaderFixedBytes) {
      if (data.substr(0, std::min(data.size(), kSignature.size())) !=
          kSignature.substr(0, std::min(data.size(), kSignature.size()))) {
        return error("COPY file signature not recognized");
      }
      return std::nullopt;
    }
    if (data.substr(0, kSignature.size()) != kSignature) return error("COPY file signature not recognized");
    const uint32_t flags = read_u32(data, 11);
    if ((flags & (1u << 16)) != 0) return error("invalid COPY file header (WITH OIDS)");
    if ((flags >> 17) != 0) return error("unrecognized critical flags in COPY file header");
    const uint32_t extension = read_u32(data, 15);
    if (extension > max_row_bytes_) return error("invalid COPY file header (wrong length)");
    if (data.size() < kHeaderFixedBytes + extension) return std::nullopt;
    at = kHeaderFixedBytes + extension;
    header_read_ = true;
  }
  while (!trailer_read_ && data.size() - at >= 2) {
    const int16_t count = read_i16(data, at);
    if (count == -1) {
      trailer_read_ = true;
      at += 2;
      if (at != data.size()) return error("received copy data after EOF marker");
      break;
    }
    ++tuple_;
    if (count < 0 || static_cast<size_t>(count) != column_count_) {
      return error("row field count is " + std::to_string(count) + ", expected " +
                   std::to_string(column_count_));
    }
    // Check that the whole tuple is here before decoding any field of it.
    size_t end = at + 2;
    bool complete = true;
    for (int16_t i = 0; i < count; ++i) {
      if (data.size() - end < 4) {
        complete = false;
        break;
      }
      const int32_t length = static_cast<int32_t>(read_u32(data, end));
      end += 4;
      if (length < -1) return error("invalid field size");
      if (length <= 0) continue;
      if (static_cast<size_t>(length) > max_row_bytes_)
        return error("field of " + std::to_string(length) + " bytes is too long");
      if (data.size() - end < static_cast<size_t>(length)) {
        complete = false;
        break;
      }
      end += static_cast<size_t>(length);
    }
    if (!complete) {
      --tuple_;
      if (data.size() - at > max_row_bytes_)
        return error("COPY row is longer than " + std::to_string(max_row_bytes_) + " bytes");
      break;
    }
    size_t field_at = at + 2;
    for (auto& field : fields_) {
      const int32_t length = static_cast<int32_t>(read_u32(data, field_at));
      field_at += 4;
      field.null = length == -1;
      field.value.assign(data.data() + field_at, length > 0 ? static_cast<size_t>(length) : 0);
      field_at += length > 0 ? static_cast<size_t>(length) : 0;
    }
    at = end;
    if (auto failed = sink(fields_, tuple_)) return failed;
  }
  buffer_.erase(0, at);
  return std::nullopt;
}

}  // namespace duckwire::pgwire::commands
