#pragma once
// Exports decoded Arrow data as C data interface structs. Each exported struct owns what it points
// to (shared buffers are reference-counted) and frees it in its release callback.

#include <string>
#include <vector>

#include "arrow/c_data.hpp"
#include "encode/arrow_ipc_model.hpp"

namespace duckwire::encode {

// The C data interface format string of a type ("i", "tsu:UTC", "+us:0,1", ...).
std::string format_string(const ArrowType& type);

namespace ipc {

// A struct schema with one child per field.
arrow::OwnedSchema export_schema(const Schema& schema);
// A struct array of `length` rows with one child per column.
arrow::OwnedArray export_batch(int64_t length, const std::vector<ArrayPtr>& columns);

}  // namespace ipc
}  // namespace duckwire::encode
