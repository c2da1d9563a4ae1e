#include "protocols/quack/append_vectors.hpp"

#include <array>
#include <cstring>
#include <memory>

#include "protocols/quack/type_mapping.hpp"

namespace duckwire::quack {

namespace {

using StringRecord = std::array<char, 16>;
using RecordStore = std::vector<std::vector<StringRecord>>;

// DuckDB's string_t: the length, then up to 12 bytes inline, or a 4-byte prefix and a pointer.
StringRecord string_record(std::string_view text) {
  StringRecord record{};
  const auto length = static_cast<uint32_t>(text.size());
  std::memcpy(record.data(), &length, sizeof length);
  if (text.size() <= 12) {
    if (!text.empty()) std::memcpy(record.data() + 4, text.data(), text.size());  // a NULL row's data is null
  } else {
    std::memcpy(record.data() + 4, text.data(), 4);
    const char* pointer = text.data();
    std::memcpy(record.data() + 8, &pointer, sizeof pointer);
  }
  return record;
}

VectorView view_of(const DecodedVector& vector, RecordStore& records) {
  VectorView view;
  view.rows = vector.count;
  view.validity = vector.validity.empty() ? nullptr : vector.validity.data();
  if (!vector.strings.empty()) {
    std::vector<StringRecord>& strings = records.emplace_back();
    strings.reserve(vector.strings.size());
    for (const std::string_view text : vector.strings) strings.push_back(string_record(text));
    view.data = strings.data();
  } else if (!vector.entries.empty()) {
    static_assert(sizeof(ListEntry) == 16, "a list entry is DuckDB's {offset, length}");
    view.data = vector.entries.data();
  } else {
    view.data = vector.data.data();
  }
  for (const DecodedVector& child : vector.children) view.children.push_back(view_of(child, records));
  if (!view.children.empty()) view.child_rows = vector.children[0].count;
  return view;
}

}  // namespace

std::vector<ColumnType> append_vector_types(const DecodedChunk& chunk) {
  std::vector<ColumnType> types;
  for (size_t column = 0; column < chunk.columns.size(); ++column) types.push_back(to_column_type(chunk.types.at(column)));
  return types;
}

VectorChunk append_vectors(const DecodedChunk& chunk) {
  VectorChunk out;
  auto records = std::make_shared<RecordStore>();
  out.rows = chunk.row_count;
  for (const DecodedVector& column : chunk.columns) out.columns.push_back(view_of(column, *records));
  out.keep_alive = std::move(records);
  return out;
}

}  // namespace duckwire::quack
