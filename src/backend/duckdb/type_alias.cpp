#include "backend/duckdb/type_alias.hpp"

#include <string>

#include "backend/duckdb/handles.hpp"

namespace duckwire::duckdb {

namespace {

// A value of the alias is a value of its base type: the cast hands the same data on.
bool same_data(duckdb_function_info, idx_t, duckdb_vector input, duckdb_vector output) {
  duckdb_vector_reference_vector(output, input);
  return true;
}

using CastFunction = Handle<duckdb_cast_function, duckdb_destroy_cast_function>;

Result<LogicalType> base_type(duckdb_connection connection, const std::string& base) {
  QueryResult result;
  const std::string sql = "SELECT CAST(NULL AS " + base + ")";
  if (duckdb_query(connection, sql.c_str(), result.out()) == DuckDBError) {
    return Error{ErrorKind::kInvalidInput,
                 "type alias base " + base + ": " + duckdb_result_error(result.get())};
  }
  return LogicalType(duckdb_column_logical_type(result.get(), 0));
}

}  // namespace

Result<void> register_type_alias(duckdb_connection connection, const TypeAlias& alias) {
  auto base = base_type(connection, alias.base);
  if (!base) return base.error();
  auto aliased = base_type(connection, alias.base);
  if (!aliased) return aliased.error();
  duckdb_logical_type_set_alias(aliased.value().get(), alias.name.c_str());
  if (duckdb_register_logical_type(connection, aliased.value().get(), nullptr) == DuckDBError) {
    return Error{ErrorKind::kInternal, "cannot register the type " + alias.name};
  }
  CastFunction cast(duckdb_create_cast_function());
  duckdb_cast_function_set_source_type(cast.get(), aliased.value().get());
  duckdb_cast_function_set_target_type(cast.get(), base.value().get());
  duckdb_cast_function_set_implicit_cast_cost(cast.get(), 1);
  duckdb_cast_function_set_function(cast.get(), same_data);
  if (duckdb_register_cast_function(connection, cast.get()) == DuckDBError) {
    return Error{ErrorKind::kInternal, "cannot register the cast of " + alias.name + " to " + alias.base};
  }
  return {};
}

}  // namespace duckwire::duckdb
