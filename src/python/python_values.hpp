#pragma once
// Parameter values as the Python objects a query handler gets in query_args (GIL held).

#include <pybind11/pybind11.h>

#include "backend/value.hpp"

namespace duckwire::python {

pybind11::object python_value(const Value& value);

}  // namespace duckwire::python
