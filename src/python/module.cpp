#include <pybind11/pybind11.h>

#include "python/native_server.hpp"
#include "python/python_answers.hpp"

PYBIND11_MODULE(_duckwire, module) {
  module.doc() = "duckwire's native part: the server run in-process, and the callbacks its Python handlers answer through";
  duckwire::python::add_answer_types(module);
  duckwire::python::add_native_server(module);
}
