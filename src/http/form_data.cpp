#include "http/form_data.hpp"

#include <cctype>
#include <optional>

#include "http/content_negotiation.hpp"
#include "http/http_types.hpp"
#include "util/ascii.hpp"

namespace duckwire::http {

namespace {

Error invalid(std::string message) {
  return Error{ErrorKind::kInvalidInput, std::move(message)};
}

bool is_hex(char c) {
  return std::isxdigit(static_cast<unsigned char>(c)) != 0;
}

// The position of the first '%' not followed by two hex digits, or npos.
size_t invalid_escape(std::string_view text) {
  for (size_t pos = text.find('%'); pos != std::string_view::npos; pos = text.find('%', pos + 1)) {
    if (pos + 2 >= text.size() || !is_hex(text[pos + 1]) || !is_hex(text[pos + 2])) return pos;
  }
  return std::string_view::npos;
}

std::string_view trim(std::string_view text) {
  const size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  return text.substr(begin, text.find_last_not_of(" \t") + 1 - begin);
}

// RFC 2046 section 5.1.1: 1 to 70 of these characters, not ending in a space.
std::optional<std::string> boundary_problem(std::string_view boundary) {
  if (boundary.empty()) return "multipart/form-data needs a boundary parameter";
  if (boundary.size() > 70) return "the multipart boundary is longer than 70 characters";
  for (const char c : boundary) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 &&
        std::string_view("'()+_,-./:=? ").find(c) == std::string_view::npos) {
      return "the multipart boundary holds a character RFC 2046 does not allow";
    }
  }
  if (boundary.back() == ' ') return "the multipart boundary ends in a space";
  return std::nullopt;
}

struct Delimiter {
  size_t start;  // where the line break before the delimiter begins: the end of the previous part
  size_t end;    // after the delimiter line
  bool closing;  // "--boundary--": no part follows
};

// A delimiter line goes on after "--boundary" with "--" (closing), transport padding and CRLF; a line
// that only begins like one is part content. `pos` is just after "--boundary".
std::optional<Delimiter> delimiter_ending_at(std::string_view body, size_t start, size_t pos) {
  const bool closing = body.substr(pos, 2) == "--";
  if (closing) pos += 2;
  while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
  if (body.substr(pos, 2) == "\r\n") return Delimiter{start, pos + 2, closing};
  if (closing && pos == body.size()) return Delimiter{start, pos, closing};
  return std::nullopt;
}

// The next delimiter "\r\n--boundary" at or after `from`; the first may also open the body.
std::optional<Delimiter> next_delimiter(std::string_view body, std::string_view dash_boundary, size_t from) {
  if (from == 0 && body.starts_with(dash_boundary)) {
    if (auto delimiter = delimiter_ending_at(body, 0, dash_boundary.size())) return delimiter;
  }
  const std::string line_start = "\r\n" + std::string(dash_boundary);
  for (size_t pos = body.find(line_start, from); pos != std::string_view::npos;
       pos = body.find(line_start, pos + 1)) {
    if (auto delimiter = delimiter_ending_at(body, pos, pos + line_start.size())) return delimiter;
  }
  return std::nullopt;
}

// The field name from a part's header lines (CRLF-separated, without the blank line).
Result<std::string> part_name(std::string_view headers, size_t part) {
  const std::string which = "multipart part " + std::to_string(part);
  while (!headers.empty()) {
    const size_t line_end = headers.find("\r\n");
    const std::string_view line = headers.substr(0, line_end);
    headers.remove_prefix(line_end == std::string_view::npos ? headers.size() : line_end + 2);
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) return invalid(which + " has a header line without ':'");
    if (!equals_ignoring_case(trim(line.substr(0, colon)), "content-disposition")) continue;

    const std::string_view disposition = line.substr(colon + 1);
    const size_t semicolon = disposition.find(';');
    if (!equals_ignoring_case(trim(disposition.substr(0, semicolon)), "form-data")) {
      return invalid(which + " is not form-data");
    }
    const auto parameters =
        parse_header_parameters(semicolon == std::string_view::npos ? "" : disposition.substr(semicolon));
    if (!parameters) return invalid(which + " has a malformed Content-Disposition");
    for (const auto& [key, value] : *parameters) {
      if (key == "name") return value;
    }
    return invalid(which + " has no name");
  }
  return invalid(which + " has no Content-Disposition, so no name");
}

}  // namespace

Result<FormFields> parse_urlencoded(std::string_view text) {
  FormFields fields;
  while (!text.empty()) {
    const size_t end = text.find('&');
    const std::string_view field = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (field.empty()) continue;
    if (const size_t bad = invalid_escape(field); bad != std::string_view::npos) {
      return invalid("invalid percent-encoding in form data: '" + std::string(field.substr(bad, 3)) + "'");
    }
    const size_t equals = field.find('=');
    fields.emplace_back(
        percent_decode(field.substr(0, equals), true),
        equals == std::string_view::npos ? std::string() : percent_decode(field.substr(equals + 1), true));
  }
  return fields;
}

Result<FormFields> parse_multipart(std::string_view body, std::string_view boundary) {
  if (auto problem = boundary_problem(boundary)) return invalid(std::move(*problem));
  const std::string dash_boundary = "--" + std::string(boundary);
  auto delimiter = next_delimiter(body, dash_boundary, 0);
  if (!delimiter) return invalid("the multipart body holds no delimiter for its boundary");

  FormFields fields;
  while (!delimiter->closing) {
    if (fields.size() == kMaxMultipartParts) {
      return invalid("the multipart body has more than " + std::to_string(kMaxMultipartParts) + " parts");
    }
    const size_t part_start = delimiter->end;
    // A part may have no header lines: its blank line then follows the delimiter straight away.
    const size_t blank_line =
        body.substr(part_start, 2) == "\r\n" ? part_start : body.find("\r\n\r\n", part_start);
    if (blank_line == std::string_view::npos) return invalid("the multipart body ends inside part headers");
    auto name = part_name(body.substr(part_start, blank_line - part_start), fields.size() + 1);
    if (!name) return name.error();

    const size_t content_start = blank_line == part_start ? part_start + 2 : blank_line + 4;
    delimiter = next_delimiter(body, dash_boundary, content_start);
    if (!delimiter) return invalid("the multipart body ends before its closing delimiter");
    fields.emplace_back(std::move(name.value()),
                        std::string(body.substr(content_start, delimiter->start - content_start)));
  }
  return fields;
}

}  // namespace duckwire::http
