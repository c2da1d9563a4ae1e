#include "backend/duckdb/vector_views.hpp"

namespace duckwire::duckdb {

VectorView vector_view(duckdb_vector vector, const ColumnType& type, uint64_t rows) {
  VectorView view;
  view.rows = rows;
  view.validity = duckdb_vector_get_validity(vector);
  view.data = duckdb_vector_get_data(vector);
  switch (type.id) {
    case TypeId::kList:
      view.child_rows = duckdb_list_vector_get_size(vector);
      view.children.push_back(
          vector_view(duckdb_list_vector_get_child(vector), *type.children.at(0).type, view.child_rows));
      break;
    case TypeId::kMap: {
      view.child_rows = duckdb_list_vector_get_size(vector);
      duckdb_vector entries = duckdb_list_vector_get_child(vector);
      VectorView entry;
      entry.rows = view.child_rows;
      entry.validity = duckdb_vector_get_validity(entries);
      for (idx_t member = 0; member < 2; ++member) {
        entry.children.push_back(vector_view(duckdb_struct_vector_get_child(entries, member),
                                             *type.children.at(member).type, view.child_rows));
      }
      view.children.push_back(std::move(entry));
      break;
    }
    case TypeId::kArray:
      view.child_rows = rows * type.array_size;
      view.children.push_back(
          vector_view(duckdb_array_vector_get_child(vector), *type.children.at(0).type, view.child_rows));
      break;
    case TypeId::kStruct:
      for (idx_t member = 0; member < type.children.size(); ++member) {
        view.children.push_back(
            vector_view(duckdb_struct_vector_get_child(vector, member), *type.children[member].type, rows));
      }
      break;
    case TypeId::kUnion: {
      // DuckDB keeps a union as a struct whose first member is the tag.
      static const ColumnType kTag{TypeId::kUTinyInt};
      view.children.push_back(vector_view(duckdb_struct_vector_get_child(vector, 0), kTag, rows));
      for (idx_t member = 0; member < type.children.size(); ++member) {
        view.children.push_back(
            vector_view(duckdb_struct_vector_get_child(vector, member + 1), *type.children[member].type, rows));
      }
      break;
    }
    default:
      break;
  }
  return view;
}

}  // namespace duckwire::duckdb
