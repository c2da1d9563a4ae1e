#pragma once
// JSON request parameters (the `p` of /sql over WebSocket and HTTP) as backend Parameters.
//
// null, booleans, numbers and strings map to the plain values; arrays to ListValue, objects to
// StructValue, except an object with exactly the keys "@value" and "@type": a JSON-LD typed value.
// Accepted types, as "xsd:T" or "http://www.w3.org/2001/XMLSchema#T":
//   date          "2020-02-29", "-0044-03-15" (astronomical years)               -> DateValue
//   dateTime      "2023-05-16T14:43:39.970062Z", "... 14:43:39+02:00", no zone   -> TimestampValue
//                 (a zone or offset means TIMESTAMPTZ, converted to UTC; no zone means TIMESTAMP)
//   time          "14:43:39.970062", "24:00:00" (end of day)                     -> TimeValue
//   duration      "P1Y2M3D", "PT12H30M5S", "PT0.5S", "P2W", "-P1D"               -> IntervalValue
//   base64Binary  "AAEC"                                                         -> BlobValue
//   integer       string or number; int64_t when it fits, else HugeIntValue (128-bit)
//   decimal       "-12.50" (string or number)                                    -> DecimalValue(4,2)
// Fractional seconds take up to 9 digits and are truncated to microseconds. Dates and times carry
// no time zone; a leap second (:60) is refused. Errors are kInvalidParameter and never a silent NULL.

#include <boost/json/value.hpp>

#include "backend/value.hpp"
#include "util/error.hpp"

namespace duckwire::jsonrpc {

// An array binds ? / $1.. in order; an object binds $name by its keys; null binds nothing. Errors
// read "invalid params: parameter 2: ..." or "invalid params: parameter \"name\": ...".
Result<Parameters> parameters_from_json(const boost::json::value& p);

// One value; its error message does not name a parameter.
Result<Value> value_from_json(const boost::json::value& v);

}  // namespace duckwire::jsonrpc
