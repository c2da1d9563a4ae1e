#include "clients/quack/csv_reader.hpp"

namespace duckwire::quack_client {

namespace {
constexpr int kEnd = -1;
}  // namespace

CsvReader::CsvReader(std::istream& in, size_t max_field_bytes) : in_(in), max_field_bytes_(max_field_bytes) {}

int CsvReader::peek() {
  if (position_ == filled_) {
    in_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    filled_ = static_cast<size_t>(in_.gcount());
    position_ = 0;
    if (filled_ == 0) return kEnd;
  }
  return static_cast<unsigned char>(buffer_[position_]);
}

int CsvReader::get() {
  const int c = peek();
  if (c != kEnd) ++position_;
  if (c == '\n') ++line_;
  return c;
}

Error CsvReader::malformed(std::string_view what) const {
  return Error{ErrorKind::kInvalidInput, "CSV line " + std::to_string(line_) + ": " + std::string(what)};
}

Result<bool> CsvReader::next(std::vector<CsvField>& record) {
  record.clear();
  if (!started_) {
    started_ = true;
    if (peek() == 0xEF) {
      // A byte order mark is three bytes; anything else starting with 0xEF is data.
      const std::string bom = "\xEF\xBB\xBF";
      size_t matched = 0;
      while (matched < 3 && peek() == static_cast<unsigned char>(bom[matched])) {
        get();
        ++matched;
      }
      if (matched != 3 && matched != 0) return malformed("a broken UTF-8 byte order mark");
    }
  }
  if (peek() == kEnd) return false;
  record_line_ = line_;
  CsvField field;
  while (true) {
    int c = get();
    if (c == '"' && field.text.empty() && !field.quoted) {
      field.quoted = true;
      while (true) {
        c = get();
        if (c == kEnd) return malformed("a quoted field is not closed at the end of the input");
        if (c == '"') {
          if (peek() != '"') break;
          get();
        }
        if (field.text.size() >= max_field_bytes_) return malformed("a field larger than the limit");
        field.text.push_back(static_cast<char>(c));
      }
      c = get();
      if (c == '\r' && peek() == '\n') c = get();
      if (c != ',' && c != '\n' && c != kEnd) return malformed("text after a closing quote");
    } else {
      while (c != ',' && c != '\n' && c != kEnd) {
        if (c == '\r' && (peek() == '\n' || peek() == kEnd)) {
          c = get();
          continue;
        }
        if (c == '"') return malformed("a quote inside an unquoted field (quote the whole field)");
        if (field.text.size() >= max_field_bytes_) return malformed("a field larger than the limit");
        field.text.push_back(static_cast<char>(c));
        c = get();
      }
    }
    record.push_back(std::move(field));
    field = CsvField{};
    if (c != ',') return true;
  }
}

}  // namespace duckwire::quack_client
