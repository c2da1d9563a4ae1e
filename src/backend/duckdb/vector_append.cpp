#include "backend/duckdb/vector_append.hpp"

#include <algorithm>
#include <cstring>

#include "backend/duckdb/error_kind.hpp"

namespace duckwire::duckdb {

namespace {

struct ListEntry {
  uint64_t offset;
  uint64_t length;
};

const ColumnType& member_type(const ColumnType& type, size_t index) {
  return *type.children.at(index).type;
}

class VectorCopy {
 public:
  // Copies rows [from, from + count) of `view` into `target` from row `to` on.
  Result<void> rows(const VectorView& view, const ColumnType& type, uint64_t from, uint64_t count,
                    duckdb_vector target, uint64_t to) {
    if (from + count > view.rows) return Error{ErrorKind::kInvalidInput, "a vector holds fewer rows than its chunk"};
    copy_validity(view, from, count, target, to);
    switch (type.id) {
      case TypeId::kVarchar:
      case TypeId::kBlob:
        strings(view, from, count, target, to);
        return {};
      case TypeId::kBit:
      case TypeId::kBigNum:
        for (uint64_t row = 0; row < count; ++row) {
          if (!view.valid(from + row)) continue;
          const std::string_view text = string_at(view, from + row);
          duckdb_vector_assign_string_element_len(target, to + row, text.data(), text.size());
        }
        return {};
      case TypeId::kList:
      case TypeId::kMap:
        return list(view, type, from, count, target, to);
      case TypeId::kArray: {
        if (view.children.size() != 1) return missing_children(type);
        const uint64_t size = type.array_size;
        return rows(view.children[0], member_type(type, 0), from * size, count * size,
                    duckdb_array_vector_get_child(target), to * size);
      }
      case TypeId::kStruct:
        return members(view, type, from, count, target, to, 0);
      case TypeId::kUnion: {
        if (view.children.empty()) return missing_children(type);
        static const ColumnType kTag{TypeId::kUTinyInt};
        if (auto tags = rows(view.children[0], kTag, from, count, duckdb_struct_vector_get_child(target, 0), to); !tags) {
          return tags;
        }
        return members(view, type, from, count, target, to, 1);
      }
      case TypeId::kNull:
        return {};
      default:
        break;
    }
    const size_t width = vector_value_width(type);
    if (width == 0) return Error{ErrorKind::kInvalidInput, "cannot append values of type " + type.to_string()};
    if (count == 0) return {};
    std::memcpy(static_cast<char*>(duckdb_vector_get_data(target)) + to * width,
                static_cast<const char*>(view.data) + from * width, count * width);
    return {};
  }

 private:
  static Error missing_children(const ColumnType& type) {
    return Error{ErrorKind::kInvalidInput, "a vector of type " + type.to_string() + " lacks its children"};
  }

  // The records are DuckDB's own string layout: a short string's record holds its bytes and is copied as
  // it is; a longer one's bytes are copied into the target's heap.
  static void strings(const VectorView& view, uint64_t from, uint64_t count, duckdb_vector target, uint64_t to) {
    static_assert(sizeof(duckdb_string_t) == 16, "DuckDB's string record");
    auto* records = static_cast<duckdb_string_t*>(duckdb_vector_get_data(target)) + to;
    std::memcpy(records, static_cast<const char*>(view.data) + from * 16, count * 16);
    for (uint64_t row = 0; row < count; ++row) {
      if (records[row].value.inlined.length <= 12) continue;
      if (!view.valid(from + row)) {
        records[row] = duckdb_string_t{};
        continue;
      }
      const std::string_view text = string_at(view, from + row);
      duckdb_vector_assign_string_element_len(target, to + row, text.data(), text.size());
    }
  }

  static void copy_validity(const VectorView& view, uint64_t from, uint64_t count, duckdb_vector target,
                            uint64_t to) {
    if (view.validity == nullptr) return;
    uint64_t* validity = nullptr;
    for (uint64_t row = 0; row < count; ++row) {
      if (view.valid(from + row)) continue;
      if (validity == nullptr) {
        duckdb_vector_ensure_validity_writable(target);
        validity = duckdb_vector_get_validity(target);
      }
      duckdb_validity_set_row_invalid(validity, to + row);
    }
  }

  // STRUCT members, or UNION members after the tag (`first` = 1).
  Result<void> members(const VectorView& view, const ColumnType& type, uint64_t from, uint64_t count,
                       duckdb_vector target, uint64_t to, size_t first) {
    if (view.children.size() != type.children.size() + first) return missing_children(type);
    for (size_t member = 0; member < type.children.size(); ++member) {
      auto copied = rows(view.children[member + first], member_type(type, member), from, count,
                         duckdb_struct_vector_get_child(target, member + first), to);
      if (!copied) return copied;
    }
    return {};
  }

  // Each row's elements are copied after the target's current elements; a MAP's elements are the
  // STRUCT of key and value.
  Result<void> list(const VectorView& view, const ColumnType& type, uint64_t from, uint64_t count,
                    duckdb_vector target, uint64_t to) {
    if (view.children.size() != 1) return missing_children(type);
    ColumnType element;
    if (type.id == TypeId::kMap) {
      element.id = TypeId::kStruct;
      element.children = type.children;
    }
    const ColumnType& element_type = type.id == TypeId::kMap ? element : member_type(type, 0);
    const auto* entries = static_cast<const ListEntry*>(view.data);
    uint64_t total = duckdb_list_vector_get_size(target);
    uint64_t needed = total;
    for (uint64_t row = 0; row < count; ++row) {
      if (view.valid(from + row)) needed += entries[from + row].length;
    }
    if (duckdb_list_vector_reserve(target, needed) == DuckDBError) {
      return Error{ErrorKind::kOutOfMemory, "cannot reserve " + std::to_string(needed) + " list elements"};
    }
    duckdb_vector child = duckdb_list_vector_get_child(target);
    auto* target_entries = static_cast<ListEntry*>(duckdb_vector_get_data(target));
    for (uint64_t row = 0; row < count; ++row) {
      const ListEntry entry = view.valid(from + row) ? entries[from + row] : ListEntry{0, 0};
      target_entries[to + row] = ListEntry{total, entry.length};
      if (entry.length == 0) continue;
      if (entry.offset > view.child_rows || entry.length > view.child_rows - entry.offset) {
        return Error{ErrorKind::kInvalidInput, "a list entry points past its child vector"};
      }
      if (auto copied = rows(view.children[0], element_type, entry.offset, entry.length, child, total); !copied) {
        return copied;
      }
      total += entry.length;
    }
    duckdb_list_vector_set_size(target, total);
    return {};
  }
};

}  // namespace

Result<void> append_vector_chunk(duckdb_appender appender, const std::vector<ColumnType>& types,
                                 std::vector<LogicalType>& logical_types, const VectorChunk& chunk) {
  if (chunk.columns.size() != types.size()) {
    return Error{ErrorKind::kInvalidInput, "a chunk of " + std::to_string(chunk.columns.size()) +
                                               " columns for an appender of " + std::to_string(types.size())};
  }
  std::vector<duckdb_logical_type> raw_types;
  for (LogicalType& type : logical_types) raw_types.push_back(type.get());
  const uint64_t slice_rows = duckdb_vector_size();
  for (uint64_t from = 0; from < chunk.rows; from += slice_rows) {
    const uint64_t count = std::min(slice_rows, chunk.rows - from);
    DataChunk slice(duckdb_create_data_chunk(raw_types.data(), raw_types.size()));
    VectorCopy copy;
    for (size_t column = 0; column < types.size(); ++column) {
      auto copied = copy.rows(chunk.columns[column], types[column], from, count,
                              duckdb_data_chunk_get_vector(slice.get(), column), 0);
      if (!copied) return copied;
    }
    duckdb_data_chunk_set_size(slice.get(), count);
    if (duckdb_append_data_chunk(appender, slice.get()) == DuckDBError) {
      ErrorData data(duckdb_appender_error_data(appender));
      return make_error(duckdb_error_data_error_type(data.get()), duckdb_error_data_message(data.get()));
    }
  }
  return {};
}

}  // namespace duckwire::duckdb
