#include "encode/csv_field.hpp"

namespace duckwire::encode {

void append_csv_field(std::string& out, std::string_view text) {
  if (!text.empty() && text.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(text);
    return;
  }
  out.push_back('"');
  size_t start = 0;
  for (size_t quote = text.find('"'); quote != std::string_view::npos; quote = text.find('"', quote + 1)) {
    out.append(text.substr(start, quote + 1 - start));
    out.push_back('"');
    start = quote + 1;
  }
  out.append(text.substr(start));
  out.push_back('"');
}

}  // namespace duckwire::encode
