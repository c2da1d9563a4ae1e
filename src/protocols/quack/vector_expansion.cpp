#include "protocols/quack/vector_expansion.hpp"

#include <fmt/format.h>

#include <cstring>
#include <utility>
#include <vector>

namespace duckwire::quack {
namespace {

// What one row of a vector of this shape costs in memory, not counting its children.
uint64_t row_bytes(const LogicalType& type) {
  switch (vector_shape(type)) {
    case VectorShape::kFixed:
      return physical_width(type).value_or(0);
    case VectorShape::kString:
      return sizeof(std::string_view);
    case VectorShape::kList:
      return sizeof(ListEntry);
    default:
      return 0;
  }
}

Result<void> charge_rows(ExpansionBudget& budget, const LogicalType& type, uint64_t rows,
                         bool with_validity) {
  const uint64_t per_row = row_bytes(type);
  if (per_row != 0 && rows > UINT64_MAX / per_row) return budget.take(UINT64_MAX);
  return budget.take(rows * per_row + (with_validity ? validity_words(rows) * 8 : 0));
}

std::vector<uint64_t> gather_validity(const DecodedVector& source, std::span<const uint64_t> rows) {
  if (source.validity.empty()) return {};
  std::vector<uint64_t> validity(validity_words(rows.size()), ~uint64_t{0});
  bool any_null = false;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (source.is_valid(rows[i])) continue;
    validity[i / 64] &= ~(uint64_t{1} << (i % 64));
    any_null = true;
  }
  if (!any_null) validity.clear();
  return validity;
}

Result<DecodedVector> gather_array_child(DecodedVector&& child, const LogicalType& type,
                                         std::span<const uint64_t> rows, ExpansionBudget& budget) {
  const uint64_t size = type.array_size;
  if (size != 0 && rows.size() > UINT64_MAX / size / sizeof(uint64_t)) {
    if (auto taken = budget.take(UINT64_MAX); !taken) return taken.error();
  }
  if (auto taken = budget.take(rows.size() * size * sizeof(uint64_t)); !taken) return taken.error();
  std::vector<uint64_t> child_rows;
  child_rows.reserve(rows.size() * size);
  for (const uint64_t row : rows) {
    for (uint64_t j = 0; j < size; ++j) child_rows.push_back(row * size + j);
  }
  return gather_rows(std::move(child), type.element(), child_rows, budget);
}

}  // namespace

Result<void> ExpansionBudget::take(uint64_t bytes) {
  if (bytes > left_) {
    return Error{ErrorKind::kInvalidInput,
                 fmt::format("compressed vectors of the chunk expand beyond {} bytes", limit_)};
  }
  left_ -= bytes;
  return {};
}

Result<DecodedVector> gather_rows(DecodedVector&& source, const LogicalType& type,
                                  std::span<const uint64_t> rows, ExpansionBudget& budget) {
  if (auto charged = charge_rows(budget, type, rows.size(), !source.validity.empty()); !charged) {
    return charged.error();
  }
  DecodedVector out;
  out.count = rows.size();
  out.validity = gather_validity(source, rows);
  switch (vector_shape(type)) {
    case VectorShape::kFixed: {
      const size_t width = physical_width(type).value_or(0);
      out.data.resize(rows.size() * width);
      for (size_t i = 0; i < rows.size(); ++i) {
        std::memcpy(out.data.data() + i * width, source.data.data() + rows[i] * width, width);
      }
      break;
    }
    case VectorShape::kString:
      out.strings.reserve(rows.size());
      for (const uint64_t row : rows) out.strings.push_back(source.strings[row]);
      break;
    case VectorShape::kList:
      out.entries.reserve(rows.size());
      for (const uint64_t row : rows) out.entries.push_back(source.entries[row]);
      out.children = std::move(source.children);
      break;
    case VectorShape::kStruct: {
      const auto child_types = vector_children(type);
      for (size_t i = 0; i < child_types.size(); ++i) {
        auto child = gather_rows(std::move(source.children[i]), *child_types[i], rows, budget);
        if (!child) return child.error();
        out.children.push_back(std::move(child).value());
      }
      break;
    }
    case VectorShape::kArray: {
      auto child = gather_array_child(std::move(source.children[0]), type, rows, budget);
      if (!child) return child.error();
      out.children.push_back(std::move(child).value());
      break;
    }
  }
  return out;
}

Result<DecodedVector> repeat_row(DecodedVector&& one, const LogicalType& type, uint64_t count,
                                 ExpansionBudget& budget) {
  if (count > UINT64_MAX / sizeof(uint64_t)) {
    if (auto taken = budget.take(UINT64_MAX); !taken) return taken.error();
  }
  if (auto taken = budget.take(count * sizeof(uint64_t)); !taken) return taken.error();
  const std::vector<uint64_t> rows(count, 0);
  return gather_rows(std::move(one), type, rows, budget);
}

Result<DecodedVector> sequence_vector(const LogicalType& type, int64_t start, int64_t increment,
                                      uint64_t count, ExpansionBudget& budget) {
  switch (type.id) {
    case LogicalTypeId::kTinyInt:
    case LogicalTypeId::kSmallInt:
    case LogicalTypeId::kInteger:
    case LogicalTypeId::kBigInt:
    case LogicalTypeId::kUTinyInt:
    case LogicalTypeId::kUSmallInt:
    case LogicalTypeId::kUInteger:
    case LogicalTypeId::kUBigInt:
      break;
    default:
      return Error{ErrorKind::kInvalidInput, fmt::format("SEQUENCE vector of type {}", to_string(type))};
  }
  if (auto charged = charge_rows(budget, type, count, false); !charged) return charged.error();
  const size_t width = physical_width(type).value_or(0);
  DecodedVector out;
  out.count = count;
  out.data.resize(count * width);
  uint64_t value = static_cast<uint64_t>(start);
  for (uint64_t i = 0; i < count; ++i) {
    std::memcpy(out.data.data() + i * width, &value, width);  // the low bytes: little-endian
    value += static_cast<uint64_t>(increment);
  }
  return out;
}

}  // namespace duckwire::quack
