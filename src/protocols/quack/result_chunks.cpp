#include "protocols/quack/result_chunks.hpp"

#include "protocols/quack/data_chunk_writer.hpp"
#include "protocols/quack/type_mapping.hpp"

namespace duckwire::quack {

namespace {

void write_vector(DataChunkWriter& writer, const VectorView& view, const LogicalType& type) {
  switch (vector_shape(type)) {
    case VectorShape::kFixed:
      writer.fixed_vector(view.data, view.validity);
      return;
    case VectorShape::kString:
      writer.duckdb_string_vector(view.data, view.validity);
      return;
    case VectorShape::kStruct:
      writer.begin_struct_vector(view.validity);
      break;
    case VectorShape::kList:
      writer.begin_list_vector(view.data, view.child_rows, view.validity);
      break;
    case VectorShape::kArray:
      writer.begin_array_vector(view.validity);
      break;
  }
  const std::vector<const LogicalType*> children = vector_children(type);
  for (size_t i = 0; i < children.size() && i < view.children.size(); ++i) {
    write_vector(writer, view.children[i], *children[i]);
  }
  writer.end_vector();
}

// Per row: a STRING's length, a LIST entry's field ids and numbers.
constexpr size_t kStringOverhead = 2;
constexpr size_t kListEntryOverhead = 6;

size_t approximate_bytes(const VectorView& view, const LogicalType& type) {
  size_t bytes = view.rows / 8;  // validity
  switch (vector_shape(type)) {
    case VectorShape::kFixed:
      return bytes + view.rows * physical_width(type).value_or(0);
    case VectorShape::kString:
      for (uint64_t row = 0; row < view.rows; ++row) {
        bytes += kStringOverhead + (view.valid(row) ? string_at(view, row).size() : 0);
      }
      return bytes;
    case VectorShape::kList:
      bytes += view.rows * kListEntryOverhead;
      break;
    case VectorShape::kStruct:
    case VectorShape::kArray:
      break;
  }
  const std::vector<const LogicalType*> children = vector_children(type);
  for (size_t i = 0; i < children.size() && i < view.children.size(); ++i) {
    bytes += approximate_bytes(view.children[i], *children[i]);
  }
  return bytes;
}

}  // namespace

size_t approximate_encoded_bytes(const VectorChunk& chunk, const std::vector<LogicalType>& types) {
  size_t bytes = 0;
  for (size_t column = 0; column < types.size() && column < chunk.columns.size(); ++column) {
    bytes += approximate_bytes(chunk.columns[column], types[column]);
  }
  return bytes;
}

Result<std::vector<LogicalType>> result_types(const std::vector<Column>& columns) {
  std::vector<LogicalType> types;
  types.reserve(columns.size());
  for (const Column& column : columns) {
    auto type = to_logical_type(column.type);
    if (!type) {
      return Error{ErrorKind::kInvalidInput, "column \"" + column.name + "\": " + type.error().message};
    }
    types.push_back(std::move(type).value());
  }
  return types;
}

Result<EncodedChunk> encode_chunk(const VectorChunk& chunk, const std::vector<LogicalType>& types) {
  EncodedChunk out;
  DataChunkWriter writer(out);
  writer.begin(chunk.rows, types);
  for (size_t column = 0; column < types.size() && column < chunk.columns.size(); ++column) {
    write_vector(writer, chunk.columns[column], types[column]);
  }
  if (auto finished = writer.finish(); !finished) return finished.error();
  return out;
}

}  // namespace duckwire::quack
