#pragma once
// A parameter value bound to a prepared statement. Front doors translate their own parameter
// representations into these; the backend binds them without splicing anything into SQL text.

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace duckwire {

struct NullValue {};

struct BlobValue {
  std::string bytes;
};

struct Value {
  std::variant<NullValue, bool, int64_t, uint64_t, double, std::string, BlobValue> v;
};

// Positional ($1, $2, ...) or named ($name) parameters.
struct Parameters {
  std::vector<Value> positional;
  std::vector<std::pair<std::string, Value>> named;
  bool empty() const { return positional.empty() && named.empty(); }
};

}  // namespace duckwire
