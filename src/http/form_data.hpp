#pragma once
// The fields of HTML form submissions: application/x-www-form-urlencoded bodies (and query strings)
// and multipart/form-data bodies.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/error.hpp"

namespace duckwire::http {

using FormFields = std::vector<std::pair<std::string, std::string>>;

inline constexpr size_t kMaxMultipartParts = 1000;

// Fields of an application/x-www-form-urlencoded body or URL query string: '+' is a space, %XX a byte,
// a field without '=' has an empty value, empty fields ("a=1&&b=2") are skipped. Repeated names keep
// all their values, in order. A '%' not followed by two hex digits is an ErrorKind::kInvalidInput.
Result<FormFields> parse_urlencoded(std::string_view text);

// Fields of a multipart/form-data body (RFC 7578) with the given boundary (the Content-Type's boundary
// parameter, unquoted): each part's name from its Content-Disposition (`form-data; name="q"`, a
// filename allowed and ignored), its body as the value, byte for byte. Names are taken as sent: browsers
// and undici write '"' in a name as %22, which stays %22. The preamble and epilogue are ignored.
// ErrorKind::kInvalidInput for a missing or invalid boundary, a missing delimiter, a part that is not
// form-data or has no name, a truncated body, and more than kMaxMultipartParts parts.
Result<FormFields> parse_multipart(std::string_view body, std::string_view boundary);

}  // namespace duckwire::http
