#pragma once
// Values from the lexical forms of the XML Schema types that JSON-LD typed values name; the forms
// accepted are listed in json_params.hpp.

#include <optional>
#include <string>
#include <string_view>

#include "backend/value.hpp"
#include "util/error.hpp"

namespace duckwire::jsonrpc {

enum class XsdType { kDate, kDateTime, kTime, kDuration, kBase64Binary, kInteger, kDecimal };

// The type an IRI names, "xsd:date" or "http://www.w3.org/2001/XMLSchema#date"; nullopt for types
// not listed in XsdType.
std::optional<XsdType> xsd_type_named(std::string_view iri);

// "xsd:date".
std::string xsd_short_name(XsdType type);

// The value `text` stands for. A refusal is kInvalidInput; its message is a reason such as "out of
// the 128-bit range", or empty when `text` is simply not of the type's form.
Result<Value> parse_xsd_value(XsdType type, std::string_view text);

}  // namespace duckwire::jsonrpc
