#include "protocols/pgwire/commands/copy_in_parser.hpp"

#include <algorithm>
#include <cstring>

namespace duckwire::pgwire::commands {

namespace {

using encode::pg::CopyFormat;

std::vector<bool> column_flags(const std::vector<std::string>& columns,
                               const std::vector<std::string>& named) {
  std::vector<bool> flags(columns.size(), false);
  for (size_t i = 0; i < columns.size(); ++i) {
    flags[i] = std::find(named.begin(), named.end(), columns[i]) != named.end();
  }
  return flags;
}

int octal_digit(char c) {
  return c >= '0' && c <= '7' ? c - '0' : -1;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A text-format field with its backslash escapes resolved, as PostgreSQL's COPY reads them.
void decode_text_field(std::string_view raw, std::string& out) {
  out.clear();
  for (size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c != '\\' || i + 1 >= raw.size()) {
      out += c;
      continue;
    }
    const char e = raw[++i];
    switch (e) {
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      case 'x':
        if (i + 1 < raw.size() && hex_digit(raw[i + 1]) >= 0) {
          int value = hex_digit(raw[++i]);
          if (i + 1 < raw.size() && hex_digit(raw[i + 1]) >= 0) value = value * 16 + hex_digit(raw[++i]);
          out += static_cast<char>(value);
        } else {
          out += 'x';
        }
        break;
      default:
        if (octal_digit(e) >= 0) {
          int value = octal_digit(e);
          for (int n = 1; n < 3 && i + 1 < raw.size() && octal_digit(raw[i + 1]) >= 0; ++n) {
            value = value * 8 + octal_digit(raw[++i]);
          }
          out += static_cast<char>(value);
        } else {
          out += e;
        }
    }
  }
}

}  // namespace

CopyInParser::CopyInParser(const encode::pg::CopyOptions& options, std::vector<std::string> columns,
                           const std::vector<std::string>& force_not_null,
                           const std::vector<std::string>& force_null, size_t max_row_bytes)
    : options_(options),
      columns_(std::move(columns)),
      force_not_null_(column_flags(columns_, force_not_null)),
      force_null_(column_flags(columns_, force_null)),
      max_row_bytes_(max_row_bytes),
      header_pending_(options.header),
      fields_(columns_.size()) {}

CopyInputError CopyInParser::error(std::string sqlstate, std::string message, std::string_view text) const {
  return CopyInputError{std::move(sqlstate), std::move(message), line_, std::string(text)};
}

std::optional<CopyInputError> CopyInParser::feed(std::string_view bytes, const RowSink& sink) {
  if (ended_) return std::nullopt;
  buffer_.append(bytes);
  return drain(sink, false);
}

std::optional<CopyInputError> CopyInParser::finish(const RowSink& sink) {
  return drain(sink, true);
}

std::optional<CopyInputError> CopyInParser::drain(const RowSink& sink, bool at_end) {
  const bool csv = options_.format == CopyFormat::kCsv;
  const char quote = options_.quote.value_or('"');
  const char escape = options_.escape.value_or(quote);
  size_t start = 0;
  while (!ended_) {
    size_t end = std::string::npos;
    if (!csv) {
      const void* found = std::memchr(buffer_.data() + scanned_, '\n', buffer_.size() - scanned_);
      if (found != nullptr) end = static_cast<const char*>(found) - buffer_.data();
      scanned_ = end == std::string::npos ? buffer_.size() : end;
    } else {
      size_t at = scanned_;
      for (; at < buffer_.size(); ++at) {
        const char c = buffer_[at];
        if (in_quotes_ && c == escape && escape != quote) {
          if (at + 1 >= buffer_.size()) break;  // the next message says what it escapes
          if (buffer_[at + 1] == quote || buffer_[at + 1] == escape) ++at;
        } else if (c == quote) {
          in_quotes_ = !in_quotes_;
        } else if (c == '\n') {
          ++row_lines_;
          if (!in_quotes_) {
            end = at;
            break;
          }
        }
      }
      scanned_ = at;
    }
    if (end == std::string::npos) break;
    std::string_view text(buffer_.data() + start, end - start);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    line_ += csv ? row_lines_ : 1;
    row_lines_ = 0;
    in_quotes_ = false;
    start = end + 1;
    scanned_ = start;
    if (auto failed = row(text, sink)) return failed;
  }
  buffer_.erase(0, start);
  scanned_ -= std::min(scanned_, start);
  if (at_end && !ended_ && !buffer_.empty()) {
    ++line_;
    if (in_quotes_) return error("22P04", "unterminated CSV quoted field", buffer_);
    std::string rest = std::move(buffer_);
    buffer_.clear();
    scanned_ = 0;
    if (!rest.empty() && rest.back() == '\r') rest.pop_back();
    return row(rest, sink);
  }
  if (buffer_.size() > max_row_bytes_) {
    return error("54000", "COPY row is longer than " + std::to_string(max_row_bytes_) + " bytes",
                 std::string_view(buffer_).substr(0, 64));
  }
  return std::nullopt;
}

std::optional<CopyInputError> CopyInParser::row(std::string_view text, const RowSink& sink) {
  if (header_pending_) {
    header_pending_ = false;
    return std::nullopt;
  }
  if (text == "\\.") {
    ended_ = true;
    return std::nullopt;
  }
  auto failed = options_.format == CopyFormat::kCsv ? split_csv(text) : split_text(text);
  if (failed) return failed;
  return sink(fields_, line_);
}

std::optional<CopyInputError> CopyInParser::check_field_count(size_t count, std::string_view text) const {
  if (count > columns_.size()) return error("22P04", "extra data after last expected column", text);
  if (count < columns_.size()) {
    return error("22P04", "missing data for column \"" + columns_[count] + "\"", text);
  }
  return std::nullopt;
}

std::optional<CopyInputError> CopyInParser::split_text(std::string_view text) {
  const char delimiter = options_.delimiter.value_or('\t');
  const std::string& null_string = *options_.null;
  size_t count = 0;
  size_t field_start = 0;
  for (size_t at = 0; at <= text.size(); ++at) {
    if (at < text.size() && text[at] == '\\') {
      ++at;
      continue;
    }
    if (at < text.size() && text[at] != delimiter) continue;
    if (count >= columns_.size()) return check_field_count(count + 1, text);
    const std::string_view raw = text.substr(field_start, at - field_start);
    CopyField& field = fields_[count++];
    field.null = raw == null_string;
    if (!field.null) decode_text_field(raw, field.value);
    field_start = at + 1;
  }
  return check_field_count(count, text);
}

std::optional<CopyInputError> CopyInParser::split_csv(std::string_view text) {
  const char delimiter = options_.delimiter.value_or(',');
  const char quote = options_.quote.value_or('"');
  const char escape = options_.escape.value_or(quote);
  const std::string& null_string = *options_.null;
  size_t count = 0;
  size_t at = 0;
  while (true) {
    if (count >= columns_.size()) return check_field_count(count + 1, text);
    CopyField& field = fields_[count];
    field.value.clear();
    bool quoted = false;
    const size_t field_start = at;
    while (at < text.size() && text[at] != delimiter) {
      if (text[at] != quote) {
        field.value += text[at++];
        continue;
      }
      quoted = true;
      ++at;
      while (true) {
        if (at >= text.size()) return error("22P04", "unterminated CSV quoted field", text);
        const char c = text[at];
        if (c == escape && at + 1 < text.size() && (text[at + 1] == quote || text[at + 1] == escape) &&
            (escape != quote || text[at + 1] == quote)) {
          field.value += text[at + 1];
          at += 2;
        } else if (c == quote) {
          ++at;
          break;
        } else {
          field.value += c;
          ++at;
        }
      }
    }
    const bool matches_null = !quoted && text.substr(field_start, at - field_start) == null_string;
    field.null = (matches_null && !force_not_null_[count]) ||
                 (quoted && force_null_[count] && field.value == null_string);
    ++count;
    if (at >= text.size()) break;
    ++at;  // the delimiter
  }
  return check_field_count(count, text);
}

}  // namespace duckwire::pgwire::commands
