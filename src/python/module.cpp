#include <pybind11/pybind11.h>

#include "python/arrow_from_python.hpp"
#include "python/native_server.hpp"
#include "python/python_answers.hpp"

PYBIND11_MODULE(_duckwire, module) {
  module.doc() = "duckwire's native part: the server run in-process, the callbacks its Python handlers answer "
                 "through, and Arrow results built from Python values";
  duckwire::python::add_arrow_helpers(module);
  duckwire::python::add_answer_types(module);
  duckwire::python::add_native_server(module);
}
