#pragma once
// Media types in HTTP headers (RFC 9110 sections 8.3 and 12.5.1): reading a Content-Type and choosing a
// response type from an Accept header; also the `; name=value` parameters those and Content-Disposition
// share.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace duckwire::http {

struct MediaType {
  std::string type;                                             // lower-cased; "*" in an Accept media range
  std::string subtype;                                          // lower-cased; "*" in an Accept media range
  std::vector<std::pair<std::string, std::string>> parameters;  // names lower-cased, values unquoted

  std::string essence() const { return type + "/" + subtype; }
  // The value of the first parameter with this name (case-insensitive).
  std::optional<std::string_view> parameter(std::string_view name) const;
};

// The parameters after a media type or disposition type, `; a=b; c="d \"e\""`: names lower-cased,
// values unquoted, nullopt when malformed. Unquoted values may hold any character but
// whitespace, ';', ',' and '"' (clients send multipart boundaries with '=', '/' or ':').
std::optional<std::vector<std::pair<std::string, std::string>>> parse_header_parameters(
    std::string_view text);

// `type/subtype` and its parameters, or nullopt when malformed.
std::optional<MediaType> parse_media_type(std::string_view text);

// The offered media type the Accept header prefers, or nullopt when none is acceptable. At equal q an
// exact match beats type/*, which beats */*; then `offered`'s order decides (the header's order carries
// no meaning). The most specific range matching a type sets its q, so "text/*, text/csv;q=0" refuses
// text/csv. Parameters other than q are ignored, malformed entries skipped, and a header that is
// missing, empty or holds no well-formed entry accepts anything (offered[0]).
std::optional<std::string> negotiate_media_type(std::string_view accept_header,
                                                const std::vector<std::string>& offered);

// The media type of a Content-Type header, lower-cased, without parameters:
// "Application/JSON; charset=utf-8" -> "application/json".
std::string media_type_of(std::string_view content_type);
// A parameter of a Content-Type header, unquoted ("boundary" of multipart/form-data); nullopt when absent
// or when the header is malformed.
std::optional<std::string> media_type_parameter(std::string_view content_type, std::string_view name);

}  // namespace duckwire::http
