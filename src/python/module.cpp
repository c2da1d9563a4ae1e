#include <pybind11/pybind11.h>

PYBIND11_MODULE(_duckwire, module) {
  module.doc() = "duckwire's native part: the riffq-compatible server and the embedded duckwire server";
}
