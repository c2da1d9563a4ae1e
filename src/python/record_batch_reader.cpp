#include "python/record_batch_reader.hpp"

#include "python/arrow_stream_capsule.hpp"

namespace duckwire::python {
namespace py = pybind11;

py::capsule RecordBatchReader::arrow_c_stream(const py::object&) const {
  return stream_capsule(batch_);
}

py::list RecordBatchReader::column_names() const {
  py::list names;
  for (const encode::ArrowColumn& column : batch_->columns()) names.append(py::str(column.name));
  return names;
}

void add_record_batch_reader(py::module_& module) {
  py::class_<RecordBatchReader>(module, "RecordBatchReader",
                                "One Arrow record batch, read through the Arrow PyCapsule interface "
                                "(__arrow_c_stream__). Made by arrow_batch().")
      .def(
          "__arrow_c_stream__", &RecordBatchReader::arrow_c_stream, py::arg("requested_schema") = py::none(),
          "A PyCapsule 'arrow_array_stream' holding a new ArrowArrayStream that yields the batch. Every call "
          "makes a new stream over the same data; requested_schema is ignored.")
      .def_property_readonly("column_names", &RecordBatchReader::column_names, "The column names, in order.")
      .def_property_readonly("num_rows", &RecordBatchReader::num_rows, "The number of rows.")
      .def("__repr__", [](const RecordBatchReader& reader) {
        return "<RecordBatchReader " + py::repr(reader.column_names()).cast<std::string>() + ", " +
               std::to_string(reader.num_rows()) + " rows>";
      });
}

}  // namespace duckwire::python
