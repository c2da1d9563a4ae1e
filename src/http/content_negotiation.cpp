#include "http/content_negotiation.hpp"
#include "util/ascii.hpp"

#include <algorithm>
#include <cctype>

namespace duckwire::http {

namespace {

bool is_whitespace(char c) {
  return c == ' ' || c == '\t';
}

void skip_whitespace(std::string_view text, size_t& pos) {
  while (pos < text.size() && is_whitespace(text[pos])) ++pos;
}

std::string_view trim(std::string_view text) {
  size_t begin = 0;
  skip_whitespace(text, begin);
  size_t end = text.size();
  while (end > begin && is_whitespace(text[end - 1])) --end;
  return text.substr(begin, end - begin);
}

bool is_token_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

std::string_view read_token(std::string_view text, size_t& pos) {
  const size_t start = pos;
  while (pos < text.size() && is_token_char(text[pos])) ++pos;
  return text.substr(start, pos - start);
}

// An unquoted parameter value. Laxer than a token: clients send boundaries with '=', '/', ':' or '?'.
std::string_view read_bare_value(std::string_view text, size_t& pos) {
  const size_t start = pos;
  while (pos < text.size() && text[pos] != ';' && text[pos] != ',' && text[pos] != '"' &&
         !is_whitespace(text[pos])) {
    ++pos;
  }
  return text.substr(start, pos - start);
}

// A quoted-string starting at the opening quote, unescaped; nullopt when unterminated.
std::optional<std::string> read_quoted(std::string_view text, size_t& pos) {
  std::string value;
  for (++pos; pos < text.size(); ++pos) {
    if (text[pos] == '"') {
      ++pos;
      return value;
    }
    if (text[pos] == '\\' && pos + 1 < text.size()) ++pos;
    value.push_back(text[pos]);
  }
  return std::nullopt;
}

// The elements of a comma-separated header list; commas inside quoted strings do not split.
std::vector<std::string_view> split_list(std::string_view text) {
  std::vector<std::string_view> elements;
  size_t start = 0;
  bool quoted = false;
  for (size_t pos = 0; pos < text.size(); ++pos) {
    if (quoted && text[pos] == '\\') {
      ++pos;
    } else if (text[pos] == '"') {
      quoted = !quoted;
    } else if (!quoted && text[pos] == ',') {
      elements.push_back(text.substr(start, pos - start));
      start = pos + 1;
    }
  }
  elements.push_back(text.substr(std::min(start, text.size())));
  return elements;
}

// A qvalue ("0", "0.5", "1.000") in thousandths, or nullopt when malformed.
std::optional<int> parse_qvalue(std::string_view text) {
  if (text.empty() || (text[0] != '0' && text[0] != '1')) return std::nullopt;
  if (text.size() > 1 && (text[1] != '.' || text.size() > 5)) return std::nullopt;
  int thousandths = (text[0] - '0') * 1000;
  int scale = 100;
  for (size_t i = 2; i < text.size(); ++i, scale /= 10) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
    thousandths += (text[i] - '0') * scale;
  }
  if (thousandths > 1000) return std::nullopt;
  return thousandths;
}

struct MediaRange {
  std::string type;
  std::string subtype;
  int quality;      // thousandths
  int specificity;  // 3 for type/subtype, 2 for type/*, 1 for */*

  bool matches(const MediaType& offered) const {
    if (type == "*") return true;
    return type == offered.type && (subtype == "*" || subtype == offered.subtype);
  }
};

std::vector<MediaRange> parse_accept(std::string_view header) {
  std::vector<MediaRange> ranges;
  for (const std::string_view element : split_list(header)) {
    if (trim(element).empty()) continue;
    auto media = parse_media_type(element);
    if (!media || (media->type == "*" && media->subtype != "*")) continue;
    const auto q = media->parameter("q");
    const auto quality = q ? parse_qvalue(*q) : std::optional<int>(1000);
    if (!quality) continue;
    const int specificity = media->type == "*" ? 1 : media->subtype == "*" ? 2 : 3;
    ranges.push_back({std::move(media->type), std::move(media->subtype), *quality, specificity});
  }
  return ranges;
}

// The range deciding `offered`'s quality: the most specific match, and among those the highest q.
const MediaRange* deciding_range(const std::vector<MediaRange>& ranges, const MediaType& offered) {
  const MediaRange* best = nullptr;
  for (const MediaRange& range : ranges) {
    if (!range.matches(offered)) continue;
    if (best == nullptr || range.specificity > best->specificity ||
        (range.specificity == best->specificity && range.quality > best->quality)) {
      best = &range;
    }
  }
  return best;
}

}  // namespace

std::optional<std::string_view> MediaType::parameter(std::string_view name) const {
  for (const auto& [key, value] : parameters) {
    if (equals_ignoring_case(key, name)) return std::string_view(value);
  }
  return std::nullopt;
}

std::optional<std::vector<std::pair<std::string, std::string>>> parse_header_parameters(
    std::string_view text) {
  std::vector<std::pair<std::string, std::string>> parameters;
  size_t pos = 0;
  while (true) {
    skip_whitespace(text, pos);
    if (pos == text.size()) return parameters;
    if (text[pos] != ';') return std::nullopt;
    ++pos;
    skip_whitespace(text, pos);
    if (pos == text.size() || text[pos] == ';') continue;  // an empty parameter is allowed
    std::string name = ascii_lower(read_token(text, pos));
    if (name.empty() || pos >= text.size() || text[pos] != '=') return std::nullopt;
    ++pos;
    std::optional<std::string> value;
    if (pos < text.size() && text[pos] == '"') {
      value = read_quoted(text, pos);
    } else {
      const std::string_view bare = read_bare_value(text, pos);
      if (!bare.empty()) value = std::string(bare);
    }
    if (!value) return std::nullopt;
    parameters.emplace_back(std::move(name), std::move(*value));
  }
}

std::optional<MediaType> parse_media_type(std::string_view text) {
  text = trim(text);
  size_t pos = 0;
  MediaType media;
  media.type = ascii_lower(read_token(text, pos));
  if (media.type.empty() || pos >= text.size() || text[pos] != '/') return std::nullopt;
  ++pos;
  media.subtype = ascii_lower(read_token(text, pos));
  if (media.subtype.empty()) return std::nullopt;
  auto parameters = parse_header_parameters(text.substr(pos));
  if (!parameters) return std::nullopt;
  media.parameters = std::move(*parameters);
  return media;
}

std::optional<std::string> negotiate_media_type(std::string_view accept_header,
                                                const std::vector<std::string>& offered) {
  if (offered.empty()) return std::nullopt;
  const std::vector<MediaRange> ranges = parse_accept(accept_header);
  if (ranges.empty()) return offered.front();

  const std::string* chosen = nullptr;
  const MediaRange* chosen_range = nullptr;
  for (const std::string& candidate : offered) {
    const auto media = parse_media_type(candidate);
    if (!media) continue;
    const MediaRange* range = deciding_range(ranges, *media);
    if (range == nullptr || range->quality == 0) continue;
    if (chosen_range == nullptr || range->quality > chosen_range->quality ||
        (range->quality == chosen_range->quality && range->specificity > chosen_range->specificity)) {
      chosen = &candidate;
      chosen_range = range;
    }
  }
  if (chosen == nullptr) return std::nullopt;
  return *chosen;
}

std::string media_type_of(std::string_view content_type) {
  return ascii_lower(trim(content_type.substr(0, content_type.find(';'))));
}

std::optional<std::string> media_type_parameter(std::string_view content_type, std::string_view name) {
  const auto media = parse_media_type(content_type);
  if (!media) return std::nullopt;
  const auto value = media->parameter(name);
  if (!value) return std::nullopt;
  return std::string(*value);
}

}  // namespace duckwire::http
