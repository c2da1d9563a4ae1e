#pragma once
// JSON parsing that loses no number. Boost.JSON turns an integer literal beyond 64 bits into a
// double (2^70 + 1 becomes 1.1805916207174113e21) and an exponent beyond the double range into
// infinity, which serializes as the non-JSON "Infinity". Here:
//  - an integer literal that fits int64 or uint64 is that integer, as with Boost.JSON;
//  - a wider integer literal is, by choice, refused or the JSON-LD typed value
//    {"@value":"<the literal>","@type":"xsd:integer"} (what the /sql API means by an exact integer);
//  - any other number is a double, and one beyond the double range is refused;
//  - the literal text of each number that is a member of the top-level object is kept, so that an id
//    can be echoed exactly as it came.

#include <boost/json/value.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/error.hpp"

namespace duckwire {

enum class WideIntegers { kRefuse, kAsTypedInteger };

struct ExactJson {
  boost::json::value value;
  // (key, literal) of the numbers among the top-level object's members, in document order.
  std::vector<std::pair<std::string, std::string>> top_level_numbers;

  // The literal of top-level member `key` when it is a number (the last one of a repeated key).
  const std::string* number_literal(std::string_view key) const;
};

// Errors: kInvalidInput with Boost.JSON's message for malformed JSON; kOutOfRange "number out of
// range: <literal>" for a number refused above.
Result<ExactJson> parse_exact_json(std::string_view text, WideIntegers wide_integers);

}  // namespace duckwire
