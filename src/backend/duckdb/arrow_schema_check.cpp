#include "backend/duckdb/arrow_schema_check.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>

#include "backend/duckdb/arrow_import.hpp"
#include "backend/duckdb/error_kind.hpp"
#include "backend/duckdb/handles.hpp"

namespace duckwire::duckdb {

namespace {

using ArrowConvertedSchema = Handle<duckdb_arrow_converted_schema, duckdb_destroy_arrow_converted_schema>;

// The error DuckDB reports for an Arrow schema it cannot take, if any. Its message may be a JSON
// object ({"exception_type":...,"exception_message":...}); it is turned into the usual text.
std::optional<Error> arrow_schema_error(duckdb_connection connection, arrow::OwnedSchema schema) {
  ArrowConvertedSchema converted;
  ErrorData error(duckdb_schema_from_arrow(connection, schema.get(), converted.out()));
  if (!error || !duckdb_error_data_has_error(error.get())) return std::nullopt;
  std::string message = duckdb_error_data_message(error.get());
  boost::system::error_code ec;
  const boost::json::value parsed = boost::json::parse(message, ec);
  if (!ec && parsed.is_object()) {
    const auto* type = parsed.get_object().if_contains("exception_type");
    const auto* text = parsed.get_object().if_contains("exception_message");
    if (type != nullptr && type->is_string() && text != nullptr && text->is_string()) {
      message = std::string(type->get_string()) + " Error: " + std::string(text->get_string());
    }
  }
  return make_error(duckdb_error_data_error_type(error.get()), message.c_str());
}

}  // namespace

Result<void> check_arrow_schema(duckdb_connection connection, const ArrowSchema& schema) {
  auto error = arrow_schema_error(connection, copy_schema(schema));
  if (!error) return {};
  for (int64_t i = 0; i < schema.n_children; ++i) {
    if (auto column_error = arrow_schema_error(connection, copy_column_schema(schema, i))) {
      const char* name = schema.children[i]->name != nullptr ? schema.children[i]->name : "";
      column_error->message = "cannot import column \"" + std::string(name) + "\": " + column_error->message;
      return *column_error;
    }
  }
  return *error;
}

}  // namespace duckwire::duckdb
