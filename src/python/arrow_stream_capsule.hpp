#pragma once
// Arrow C streams handed to Python as PyCapsules, after the Arrow PyCapsule interface: a capsule
// named "arrow_array_stream" holds an ArrowArrayStream*; a consumer takes the stream by moving the
// struct out and setting its release to NULL, and the capsule's destructor releases whatever is left
// and frees the struct.

#include <pybind11/pybind11.h>

#include <memory>

#include "encode/arrow_builder.hpp"

namespace duckwire::python {

inline constexpr const char* kArrowStreamCapsuleName = "arrow_array_stream";

// A capsule holding a new stream that yields `batch`, sharing its buffers.
pybind11::capsule stream_capsule(std::shared_ptr<const encode::ArrowRecordBatch> batch);

}  // namespace duckwire::python
