#pragma once
// Finds a value too large to send: one string or blob (also inside a list, struct or map) of more
// than a byte limit. Checked on each chunk before it is encoded, so a huge value is refused before
// the encoders, the pieces and the socket make their own copies of it.

#include <cstdint>
#include <optional>

#include "arrow/c_data.hpp"
#include "util/error.hpp"

namespace duckwire::encode {

// An error naming the column of the first value of `chunk` (a struct array with one child per
// column, described by `schema`) larger than `limit` bytes; nullopt when every value fits.
std::optional<Error> find_oversized_value(const ArrowSchema& schema, const ArrowArray& chunk, uint64_t limit);

}  // namespace duckwire::encode
