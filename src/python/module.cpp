#include <pybind11/pybind11.h>

#include "python/arrow_from_python.hpp"

PYBIND11_MODULE(_duckwire, module) {
  module.doc() = "duckwire's native part: the riffq-compatible server and the embedded duckwire server";
  duckwire::python::add_arrow_helpers(module);
}
