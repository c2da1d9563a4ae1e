#include "protocols/quack/data_chunk_writer.hpp"

#include <fmt/format.h>

#include <cstring>

#include "util/unaligned.hpp"

namespace duckwire::quack {
namespace {

constexpr size_t kDuckStringBytes = 16;
constexpr uint32_t kDuckStringInlineBytes = 12;
static_assert(sizeof(ListEntry) == 16, "ListEntry has duckdb_list_entry's layout");

bool row_is_valid(const uint64_t* validity, uint64_t row) {
  return validity == nullptr || ((validity[row / 64] >> (row % 64)) & 1) != 0;
}

bool has_null(const uint64_t* validity, uint64_t rows) {
  if (validity == nullptr) return false;
  for (uint64_t word = 0; word < rows / 64; ++word) {
    if (validity[word] != ~uint64_t{0}) return true;
  }
  const uint64_t tail = rows % 64;
  if (tail == 0) return false;
  const uint64_t mask = (uint64_t{1} << tail) - 1;
  return (validity[rows / 64] & mask) != mask;
}

std::string_view duck_string(const char* record) {
  const auto length = load_unaligned<uint32_t>(record);
  if (length <= kDuckStringInlineBytes) return {record + 4, length};
  return {load_unaligned<const char*>(record + 8), length};
}

Error bad_vector(const LogicalType& type, std::string_view problem) {
  return Error{ErrorKind::kInternal, fmt::format("{} vector {}", to_string(type), problem)};
}

Result<void> feed_vector(DataChunkWriter& writer, const LogicalType& type, const DecodedVector& vector,
                         uint64_t rows) {
  if (vector.count != rows)
    return bad_vector(type, fmt::format("of {} rows where {} belong", vector.count, rows));
  if (!vector.validity.empty() && vector.validity.size() != validity_words(rows)) {
    return bad_vector(type, "with validity of the wrong size");
  }
  const uint64_t* validity = vector.validity.empty() ? nullptr : vector.validity.data();
  const auto child_types = vector_children(type);
  if (vector.children.size() != child_types.size())
    return bad_vector(type, "with the wrong number of children");
  switch (vector_shape(type)) {
    case VectorShape::kFixed:
      if (vector.data.size() != rows * physical_width(type).value_or(0)) return bad_vector(type, "data size");
      writer.fixed_vector(vector.data.data(), validity);
      return {};
    case VectorShape::kString:
      if (vector.strings.size() != rows) return bad_vector(type, "string count");
      writer.string_vector(vector.strings, validity);
      return {};
    case VectorShape::kStruct:
      writer.begin_struct_vector(validity);
      for (size_t i = 0; i < child_types.size(); ++i) {
        if (auto fed = feed_vector(writer, *child_types[i], vector.children[i], rows); !fed) return fed;
      }
      break;
    case VectorShape::kList: {
      if (vector.entries.size() != rows) return bad_vector(type, "entry count");
      const uint64_t list_size = vector.children[0].count;
      writer.begin_list_vector(vector.entries.data(), list_size, validity);
      if (auto fed = feed_vector(writer, *child_types[0], vector.children[0], list_size); !fed) return fed;
      break;
    }
    case VectorShape::kArray:
      writer.begin_array_vector(validity);
      if (auto fed = feed_vector(writer, *child_types[0], vector.children[0], rows * type.array_size); !fed) {
        return fed;
      }
      break;
  }
  writer.end_vector();
  return {};
}

}  // namespace

void DataChunkWriter::begin(uint64_t row_count, std::span<const LogicalType> types) {
  if (begun_) return misuse("begin called twice");
  begun_ = true;
  BinaryWriter out(out_);
  out.field(100).uleb(row_count);
  out.field(101).list(types.size());
  Frame columns;
  columns.child_rows = row_count;
  for (const auto& type : types) {
    write_logical_type(out, type);
    columns.child_types.push_back(&type);
  }
  out.field(102).list(types.size());
  frames_.push_back(std::move(columns));
}

void DataChunkWriter::fixed_vector(const void* data, const uint64_t* validity) {
  const auto expected = start_vector(VectorShape::kFixed, "fixed_vector");
  if (!expected) return;
  const size_t width = physical_width(*expected->type).value_or(0);
  const uint64_t rows = expected->rows;
  write_validity(validity, rows);
  BinaryWriter(out_).field(102).uleb(width * rows);
  const size_t start = out_.size();
  if (rows != 0) out_.append(static_cast<const char*>(data), width * rows);
  if (validity != nullptr) {
    for (uint64_t row = 0; row < rows; ++row) {
      if (!row_is_valid(validity, row)) std::memset(out_.data() + start + row * width, 0, width);
    }
  }
  BinaryWriter(out_).end_object();
}

void DataChunkWriter::duckdb_string_vector(const void* records, const uint64_t* validity) {
  const auto expected = start_vector(VectorShape::kString, "duckdb_string_vector");
  if (!expected) return;
  write_validity(validity, expected->rows);
  BinaryWriter out(out_);
  out.field(102).list(expected->rows);
  const auto* bytes = static_cast<const char*>(records);
  for (uint64_t row = 0; row < expected->rows; ++row) {
    out.string(row_is_valid(validity, row) ? duck_string(bytes + row * kDuckStringBytes)
                                           : std::string_view());
  }
  out.end_object();
}

void DataChunkWriter::string_vector(std::span<const std::string_view> values, const uint64_t* validity) {
  const auto expected = start_vector(VectorShape::kString, "string_vector");
  if (!expected) return;
  if (values.size() != expected->rows) {
    return misuse(fmt::format("string_vector of {} values for {} rows", values.size(), expected->rows));
  }
  write_validity(validity, expected->rows);
  BinaryWriter out(out_);
  out.field(102).list(expected->rows);
  for (uint64_t row = 0; row < expected->rows; ++row) {
    out.string(row_is_valid(validity, row) ? values[row] : std::string_view());
  }
  out.end_object();
}

void DataChunkWriter::begin_struct_vector(const uint64_t* validity) {
  const auto expected = start_vector(VectorShape::kStruct, "begin_struct_vector");
  if (!expected) return;
  write_validity(validity, expected->rows);
  Frame members;
  members.child_types = vector_children(*expected->type);
  members.child_rows = expected->rows;
  BinaryWriter(out_).field(103).list(members.child_types.size());
  frames_.push_back(std::move(members));
}

void DataChunkWriter::begin_list_vector(const void* entries, uint64_t list_size, const uint64_t* validity) {
  const auto expected = start_vector(VectorShape::kList, "begin_list_vector");
  if (!expected) return;
  write_validity(validity, expected->rows);
  BinaryWriter out(out_);
  out.field(104).uleb(list_size);
  out.field(105).list(expected->rows);
  const auto* bytes = static_cast<const char*>(entries);
  for (uint64_t row = 0; row < expected->rows; ++row) {
    ListEntry entry;
    if (row_is_valid(validity, row)) {
      entry.offset = load_unaligned<uint64_t>(bytes + row * sizeof(ListEntry));
      entry.length = load_unaligned<uint64_t>(bytes + row * sizeof(ListEntry) + 8);
      if (entry.offset > list_size || entry.length > list_size - entry.offset) {
        return misuse(fmt::format("list entry ({}, {}) beyond a child of {} rows", entry.offset, entry.length,
                                  list_size));
      }
    }
    out.field(100).uleb(entry.offset).field(101).uleb(entry.length).end_object();
  }
  Frame child;
  child.child_types = vector_children(*expected->type);
  child.child_rows = list_size;
  child.child_field = 106;
  frames_.push_back(std::move(child));
}

void DataChunkWriter::begin_array_vector(const uint64_t* validity) {
  const auto expected = start_vector(VectorShape::kArray, "begin_array_vector");
  if (!expected) return;
  const uint64_t size = expected->type->array_size;
  write_validity(validity, expected->rows);
  BinaryWriter(out_).field(103).uleb(size);
  Frame child;
  child.child_types = vector_children(*expected->type);
  child.child_rows = expected->rows * size;
  child.child_field = 104;
  frames_.push_back(std::move(child));
}

void DataChunkWriter::end_vector() {
  if (error_) return;
  if (frames_.size() < 2) return misuse("end_vector without a nested vector");
  if (frames_.back().next != frames_.back().child_types.size()) {
    return misuse("end_vector before all child vectors were written");
  }
  frames_.pop_back();
  BinaryWriter(out_).end_object();
}

Result<void> DataChunkWriter::finish() {
  if (!begun_) misuse("finish before begin");
  if (!error_ && (frames_.size() != 1 || frames_.back().next != frames_.back().child_types.size())) {
    misuse("finish before all columns were written");
  }
  if (error_) return *error_;
  frames_.clear();
  BinaryWriter(out_).end_object();
  return {};
}

std::optional<DataChunkWriter::Expected> DataChunkWriter::start_vector(VectorShape shape,
                                                                       std::string_view call) {
  if (error_) return std::nullopt;
  if (frames_.empty()) {
    misuse(fmt::format("{} outside a chunk", call));
    return std::nullopt;
  }
  Frame& frame = frames_.back();
  if (frame.next >= frame.child_types.size()) {
    misuse(fmt::format("{}: no more vectors belong here", call));
    return std::nullopt;
  }
  const LogicalType* type = frame.child_types[frame.next++];
  if (vector_shape(*type) != shape) {
    misuse(fmt::format("{} given for a {} vector", call, to_string(*type)));
    return std::nullopt;
  }
  if (frame.child_field) BinaryWriter(out_).field(*frame.child_field);
  return Expected{type, frame.child_rows};
}

void DataChunkWriter::write_validity(const uint64_t* validity, uint64_t rows) {
  BinaryWriter out(out_);
  const bool any_null = has_null(validity, rows);
  out.field(100).boolean(any_null);
  if (!any_null) return;
  const uint64_t words = validity_words(rows);
  out.field(101).uleb(words * 8);
  for (uint64_t word = 0; word < words; ++word) {
    uint64_t bits = validity[word];
    const uint64_t tail = rows - word * 64;
    if (tail < 64) bits |= ~uint64_t{0} << tail;  // rows past the end are written valid, as DuckDB does
    out_.append(reinterpret_cast<const char*>(&bits), sizeof(bits));
  }
}

void DataChunkWriter::misuse(std::string message) {
  if (!error_) error_ = Error{ErrorKind::kInternal, "DataChunkWriter: " + std::move(message)};
}

Result<std::string> encode_data_chunk(const DecodedChunk& chunk) {
  if (chunk.columns.size() != chunk.types.size()) {
    return Error{ErrorKind::kInternal, "DecodedChunk with a column count unlike its type count"};
  }
  std::string out;
  DataChunkWriter writer(out);
  writer.begin(chunk.row_count, chunk.types);
  for (size_t i = 0; i < chunk.columns.size(); ++i) {
    if (auto fed = feed_vector(writer, chunk.types[i], chunk.columns[i], chunk.row_count); !fed)
      return fed.error();
  }
  if (auto finished = writer.finish(); !finished) return finished.error();
  return out;
}

}  // namespace duckwire::quack
