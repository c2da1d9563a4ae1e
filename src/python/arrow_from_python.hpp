#pragma once
// riffq's result helpers without pyarrow, on the module:
//   to_arrow(schema_desc, rows) -> PyCapsule "arrow_array_stream"
//   arrow_batch(values, names) -> RecordBatchReader (with __arrow_c_stream__)

#include <pybind11/pybind11.h>

namespace duckwire::python {

void add_arrow_helpers(pybind11::module_& module);

}  // namespace duckwire::python
