#pragma once
// The compressed vector forms made flat: a DICTIONARY's or CONSTANT's rows gathered from the vector
// they select from, a SEQUENCE's values computed. What they produce is charged to a byte budget
// first, so a few bytes on the wire cannot ask for gigabytes.

#include <cstdint>
#include <span>

#include "protocols/quack/data_chunk.hpp"
#include "protocols/quack/logical_type.hpp"
#include "util/error.hpp"

namespace duckwire::quack {

class ExpansionBudget {
 public:
  explicit ExpansionBudget(uint64_t bytes) : limit_(bytes), left_(bytes) {}
  // An error, taking nothing, when `bytes` more would exceed the budget.
  Result<void> take(uint64_t bytes);

 private:
  uint64_t limit_;
  uint64_t left_;
};

// Rows `rows` of `source` (each < source.count), which is consumed: its LIST children move over whole.
Result<DecodedVector> gather_rows(DecodedVector&& source, const LogicalType& type,
                                  std::span<const uint64_t> rows, ExpansionBudget& budget);
// The CONSTANT vector `one` (one row) repeated `count` times.
Result<DecodedVector> repeat_row(DecodedVector&& one, const LogicalType& type, uint64_t count,
                                 ExpansionBudget& budget);
// start, start + increment, ... in the width of an integer type, wrapping as DuckDB's cast does.
Result<DecodedVector> sequence_vector(const LogicalType& type, int64_t start, int64_t increment,
                                      uint64_t count, ExpansionBudget& budget);

}  // namespace duckwire::quack
