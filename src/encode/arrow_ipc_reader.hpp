#pragma once
// Arrow IPC stream reader for data sent by clients (apache-arrow JS, pyarrow, duckwire's own writer).
// Accepts the stream format with or without continuation markers (pre-0.15 framing), and the file
// format read front to back; metadata V4 and V5, little-endian, uncompressed bodies. The input is
// untrusted: every length, offset and index is checked, and a malformed stream is an error value.
//
// The result is Arrow C data that owns private, aligned copies of the buffers, so it outlives the input.

#include <cstdint>
#include <string_view>
#include <vector>

#include "arrow/c_data.hpp"
#include "encode/arrow_ipc_model.hpp"
#include "util/error.hpp"

namespace duckwire::encode {

using ArrowIpcReadLimits = ipc::ReadLimits;

struct ArrowIpcTable {
  arrow::OwnedSchema schema;               // a struct schema with one child per column
  std::vector<arrow::OwnedArray> batches;  // struct arrays with one child per column
  int64_t rows = 0;
};

// Errors are ErrorKind::kInvalidInput (kOutOfMemory when an allocation fails).
Result<ArrowIpcTable> read_arrow_ipc_stream(std::string_view bytes, const ArrowIpcReadLimits& limits = {});

}  // namespace duckwire::encode
