#pragma once
// Decoded vectors built from row values for the Quack codec's tests, in the form decoding gives
// them: NULL rows zero or empty, validity words only when a row is NULL, rows past the end valid.

#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>
#include <vector>

#include "protocols/quack/data_chunk.hpp"

namespace duckwire::quack::testing {

// Validity words for the rows' flags; empty when all are valid.
inline std::vector<uint64_t> validity_of(const std::vector<bool>& valid) {
  std::vector<uint64_t> words(validity_words(valid.size()), ~uint64_t{0});
  bool any_null = false;
  for (size_t row = 0; row < valid.size(); ++row) {
    if (valid[row]) continue;
    words[row / 64] &= ~(uint64_t{1} << (row % 64));
    any_null = true;
  }
  if (!any_null) words.clear();
  return words;
}

// A fixed-width vector whose valid rows hold a byte pattern from `seed` and NULL rows zeros.
inline DecodedVector fixed_rows(size_t width, const std::vector<bool>& valid, uint8_t seed) {
  DecodedVector vector;
  vector.count = valid.size();
  vector.validity = validity_of(valid);
  vector.data.assign(width * valid.size(), '\0');
  for (size_t row = 0; row < valid.size(); ++row) {
    if (!valid[row]) continue;
    for (size_t i = 0; i < width; ++i)
      vector.data[row * width + i] = static_cast<char>(seed + row * 31 + i * 7);
  }
  return vector;
}

template <class T>
DecodedVector values(const std::vector<std::optional<T>>& rows) {
  DecodedVector vector;
  vector.count = rows.size();
  std::vector<bool> valid;
  vector.data.assign(sizeof(T) * rows.size(), '\0');
  for (size_t row = 0; row < rows.size(); ++row) {
    valid.push_back(rows[row].has_value());
    if (rows[row]) std::memcpy(vector.data.data() + row * sizeof(T), &*rows[row], sizeof(T));
  }
  vector.validity = validity_of(valid);
  return vector;
}

inline DecodedVector strings(const std::vector<std::optional<std::string_view>>& rows) {
  DecodedVector vector;
  vector.count = rows.size();
  std::vector<bool> valid;
  for (const auto& row : rows) {
    valid.push_back(row.has_value());
    vector.strings.push_back(row.value_or(std::string_view()));
  }
  vector.validity = validity_of(valid);
  return vector;
}

inline DecodedVector nested(const std::vector<bool>& valid, std::vector<DecodedVector> children) {
  DecodedVector vector;
  vector.count = valid.size();
  vector.validity = validity_of(valid);
  vector.children = std::move(children);
  return vector;
}

inline DecodedVector lists(const std::vector<std::optional<ListEntry>>& rows, DecodedVector child) {
  DecodedVector vector;
  vector.count = rows.size();
  std::vector<bool> valid;
  for (const auto& row : rows) {
    valid.push_back(row.has_value());
    vector.entries.push_back(row.value_or(ListEntry{}));
  }
  vector.validity = validity_of(valid);
  vector.children.push_back(std::move(child));
  return vector;
}

}  // namespace duckwire::quack::testing
