#include "config/value_parsers.hpp"
#include "util/ascii.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <utility>

namespace duckwire {
namespace {

Error invalid(std::string message) {
  return Error{ErrorKind::kInvalidInput, std::move(message)};
}

std::string in_quotes(std::string_view text) {
  return "'" + std::string(text) + "'";
}

bool is_control(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte < 0x20 || byte == 0x7f;
}

bool is_identifier(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isalnum(c) || c == '_'; });
}

}  // namespace

Result<uint64_t> parse_unsigned(std::string_view text) {
  uint64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, status] = std::from_chars(text.data(), end, value);
  if (text.empty() || status == std::errc::invalid_argument || stop != end) {
    return invalid(in_quotes(text) + " is not a whole number");
  }
  if (status == std::errc::result_out_of_range) return invalid(in_quotes(text) + " is too large");
  return value;
}

Result<int64_t> parse_integer_in_range(std::string_view text, int64_t min, int64_t max) {
  int64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, status] = std::from_chars(text.data(), end, value);
  if (text.empty() || status == std::errc::invalid_argument || stop != end) {
    return invalid(in_quotes(text) + " is not a whole number");
  }
  if (status == std::errc::result_out_of_range || value < min || value > max) {
    return invalid(std::string(text) + " is not in " + std::to_string(min) + ".." + std::to_string(max));
  }
  return value;
}

Result<bool> parse_bool(std::string_view text) {
  const std::string word = ascii_lower(text);
  if (word == "1" || word == "true" || word == "yes" || word == "on") return true;
  if (word == "0" || word == "false" || word == "no" || word == "off") return false;
  return invalid(in_quotes(text) + " is not a boolean (true/false, 1/0, yes/no, on/off)");
}

Result<uint64_t> parse_byte_size(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, uint64_t>, 10> kUnits{{
      {"", 1},
      {"b", 1},
      {"kb", 1000},
      {"mb", 1000'000},
      {"gb", 1000'000'000},
      {"tb", 1000'000'000'000},
      {"kib", uint64_t{1} << 10},
      {"mib", uint64_t{1} << 20},
      {"gib", uint64_t{1} << 30},
      {"tib", uint64_t{1} << 40},
  }};

  const size_t digits_end = text.find_first_not_of("0123456789");
  const std::string_view digits = text.substr(0, digits_end);
  const std::string unit = ascii_lower(digits_end == std::string_view::npos ? "" : text.substr(digits_end));
  const std::string problem = in_quotes(text) + " is not a byte size (e.g. 1048576, 512MiB, 1GiB, 10MB)";
  if (digits.empty()) return invalid(problem);
  Result<uint64_t> number = parse_unsigned(digits);
  if (!number) return invalid(problem);

  uint64_t multiplier = 0;
  for (const auto& [name, factor] : kUnits) {
    if (unit == name) multiplier = factor;
  }
  if (multiplier == 0) return invalid(problem);
  if (*number > std::numeric_limits<uint64_t>::max() / multiplier)
    return invalid(in_quotes(text) + " is too large");
  return *number * multiplier;
}

Result<std::chrono::milliseconds> parse_seconds(std::string_view text) {
  constexpr double kMaxSeconds = 24 * 60 * 60;
  double seconds = 0;
  const char* end = text.data() + text.size();
  const auto [stop, status] = std::from_chars(text.data(), end, seconds, std::chars_format::fixed);
  if (text.empty() || status != std::errc() || stop != end || !std::isfinite(seconds)) {
    return invalid(in_quotes(text) + " is not a number of seconds");
  }
  if (seconds < 0 || seconds > kMaxSeconds) return invalid(std::string(text) + " is not in 0..86400 seconds");
  return std::chrono::milliseconds(static_cast<int64_t>(std::llround(seconds * 1000)));
}

Result<UserCredential> parse_user(std::string_view text) {
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos) return invalid("expected NAME:PASSWORD");
  const std::string_view name = text.substr(0, colon);
  const std::string_view password = text.substr(colon + 1);
  if (name.empty()) return invalid("expected NAME:PASSWORD, the name is empty");
  if (password.empty())
    return invalid("expected NAME:PASSWORD, the password of '" + std::string(name) + "' is empty");
  if (std::any_of(name.begin(), name.end(), is_control))
    return invalid("the user name contains control characters");
  return UserCredential{std::string(name), std::string(password)};
}

Result<std::vector<ExtensionRequest>> parse_extensions(std::string_view text) {
  std::vector<ExtensionRequest> extensions;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    const std::string_view item = text.substr(start, comma - start);
    const size_t at = item.find('@');
    const std::string_view name = item.substr(0, at);
    const std::string_view repository = at == std::string_view::npos ? "" : item.substr(at + 1);
    if (item.empty()) return invalid("empty extension name in " + in_quotes(text));
    if (!is_identifier(name)) {
      return invalid(in_quotes(name) + " is not an extension name (letters, digits and '_')");
    }
    if (at != std::string_view::npos) {
      const bool bad_repository =
          repository.empty() || std::any_of(repository.begin(), repository.end(), [](char c) {
            return is_control(c) || c == ' ' || c == '\'' || c == '"' || c == '\\' || c == '@';
          });
      if (bad_repository) return invalid(in_quotes(repository) + " is not a repository name or URL");
    }
    extensions.push_back(ExtensionRequest{std::string(name), std::string(repository)});
    start = comma + 1;
  }
  return extensions;
}

Result<std::string> parse_token(std::string_view text) {
  if (text.empty()) return invalid("the token is empty");
  const bool printable = std::all_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte > 0x20 && byte < 0x7f;
  });
  if (!printable) return invalid("a token must be printable ASCII without spaces");
  return std::string(text);
}

}  // namespace duckwire
