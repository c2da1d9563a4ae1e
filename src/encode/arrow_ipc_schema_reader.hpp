#pragma once
// Reads the Schema table of an Arrow IPC Schema message (format/Schema.fbs) into fields, checking
// that every type is one the reader can decode and that its parameters are consistent.

#include "encode/arrow_ipc_model.hpp"
#include "encode/flatbuffer_reader.hpp"

namespace duckwire::encode::ipc {

// Throws IpcReadError or FlatBufferError.
Schema read_schema(const FlatTable& schema, const ReadLimits& limits);

}  // namespace duckwire::encode::ipc
