#include "python/arrow_from_python.hpp"

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "python/arrow_stream_capsule.hpp"
#include "python/python_columns.hpp"
#include "python/record_batch_reader.hpp"

namespace duckwire::python {
namespace py = pybind11;
using encode::ArrowColumn;
using encode::ArrowColumnType;
using encode::ArrowRecordBatch;

namespace {

std::string type_name(PyObject* value) {
  return py::str(py::type::handle_of(value).attr("__name__"));
}

// `value` as a list or tuple of its items; TypeError for str, bytes and what is not a sequence.
py::object fast_sequence(PyObject* value, const std::string& what, const char* expected) {
  if (!PySequence_Check(value) || PyUnicode_Check(value) || PyBytes_Check(value) ||
      PyByteArray_Check(value)) {
    throw py::type_error(what + ": expected " + expected + ", got " + type_name(value));
  }
  PyObject* items = PySequence_Fast(value, "");
  if (items == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(items);
}

std::span<PyObject* const> items_of(const py::object& sequence) {
  return {PySequence_Fast_ITEMS(sequence.ptr()),
          static_cast<size_t>(PySequence_Fast_GET_SIZE(sequence.ptr()))};
}

std::string str_of(PyObject* value, const std::string& what) {
  if (!PyUnicode_Check(value)) throw py::type_error(what + " must be a str, got " + type_name(value));
  return py::cast<std::string>(value);
}

struct ColumnSpec {
  std::string name;
  ArrowColumnType type;
};

ColumnSpec parse_column(PyObject* entry, size_t index) {
  const std::string where = "schema_desc[" + std::to_string(index) + "]";
  if (!PyDict_Check(entry)) {
    throw py::type_error(where + ": expected a dict {'name': ..., 'type': ...}, got " + type_name(entry));
  }
  PyObject* name = PyDict_GetItemString(entry, "name");
  if (name == nullptr) throw py::value_error(where + ": missing 'name'");
  ColumnSpec column{str_of(name, where + ": 'name'"), ArrowColumnType::kUtf8};
  const std::string prefix = "column '" + column.name + "': ";
  PyObject* type = PyDict_GetItemString(entry, "type");
  if (type == nullptr) throw py::value_error(prefix + "missing 'type'");
  const std::string type_text = str_of(type, prefix + "'type'");
  const std::optional<ArrowColumnType> known = column_type_named(type_text);
  if (!known) {
    throw py::value_error(prefix + "unknown type '" + type_text + "' (expected one of " + kColumnTypeNames +
                          ")");
  }
  column.type = *known;
  return column;
}

// Each row as a list or tuple of exactly `width` values.
std::vector<py::object> collect_rows(PyObject* rows, size_t width) {
  auto iterator = py::reinterpret_steal<py::object>(PyObject_GetIter(rows));
  if (!iterator) {
    PyErr_Clear();
    throw py::type_error("rows: expected an iterable of rows, got " + type_name(rows));
  }
  std::vector<py::object> collected;
  while (auto row = py::reinterpret_steal<py::object>(PyIter_Next(iterator.ptr()))) {
    const std::string where = "row " + std::to_string(collected.size());
    py::object values = fast_sequence(row.ptr(), where, "a sequence of values");
    const auto count = static_cast<size_t>(PySequence_Fast_GET_SIZE(values.ptr()));
    if (count != width) {
      throw py::value_error(where + ": expected " + std::to_string(width) + " values, got " +
                            std::to_string(count));
    }
    collected.push_back(std::move(values));
  }
  if (PyErr_Occurred()) throw py::error_already_set();
  return collected;
}

py::capsule to_arrow(const py::object& schema_desc, const py::object& rows) {
  const py::object entries =
      fast_sequence(schema_desc.ptr(), "schema_desc", "a list of {'name': ..., 'type': ...} dicts");
  std::vector<ColumnSpec> specs;
  for (PyObject* entry : items_of(entries)) specs.push_back(parse_column(entry, specs.size()));
  const std::vector<py::object> row_values = collect_rows(rows.ptr(), specs.size());

  std::vector<ArrowColumn> columns;
  std::vector<PyObject*> values(row_values.size());
  for (size_t column = 0; column < specs.size(); ++column) {
    for (size_t row = 0; row < row_values.size(); ++row) {
      values[row] = PySequence_Fast_GET_ITEM(row_values[row].ptr(), column);
    }
    columns.push_back(column_from_python(specs[column].name, specs[column].type, values));
  }
  return stream_capsule(std::make_shared<const ArrowRecordBatch>(std::move(columns)));
}

RecordBatchReader arrow_batch(const py::object& values, const py::object& names) {
  const py::object columns_in = fast_sequence(values.ptr(), "values", "a sequence of columns");
  const py::object names_in = fast_sequence(names.ptr(), "names", "a sequence of str");
  const std::span<PyObject* const> column_values = items_of(columns_in);
  const std::span<PyObject* const> column_names = items_of(names_in);
  if (column_names.size() != column_values.size()) {
    throw py::value_error("arrow_batch: " + std::to_string(column_values.size()) + " columns but " +
                          std::to_string(column_names.size()) + " names");
  }
  std::vector<ArrowColumn> columns;
  for (size_t i = 0; i < column_values.size(); ++i) {
    std::string name = str_of(column_names[i], "names[" + std::to_string(i) + "]");
    const std::string where = "column '" + name + "'";
    if (PyObject_HasAttrString(column_values[i], "__arrow_c_array__")) {
      throw py::type_error(where +
                           ": Arrow arrays (__arrow_c_array__) are not supported; pass a sequence of "
                           "Python values");
    }
    const py::object items = fast_sequence(column_values[i], where, "a sequence of values");
    const std::span<PyObject* const> cells = items_of(items);
    if (!columns.empty() && static_cast<int64_t>(cells.size()) != columns.front().array->length) {
      throw py::value_error(where + " has " + std::to_string(cells.size()) + " values but column '" +
                            columns.front().name + "' has " + std::to_string(columns.front().array->length));
    }
    const ArrowColumnType type = infer_column_type(name, cells);
    columns.push_back(column_from_python(std::move(name), type, cells));
  }
  return RecordBatchReader(std::make_shared<const ArrowRecordBatch>(std::move(columns)));
}

}  // namespace

void add_arrow_helpers(py::module_& module) {
  add_record_batch_reader(module);
  module.def("to_arrow", &to_arrow, py::arg("schema_desc"), py::arg("rows"),
             R"(Build an Arrow C stream from a schema and rows of Python values (riffq.helpers.to_arrow).

schema_desc: a list of {"name": str, "type": str} dicts. Types: int (aliases integer, bigint),
float (double), bool (boolean), str (string, text, varchar), date, datetime (timestamp).
rows: an iterable of sequences, each with one value per column; None is null.
A datetime column is naive ("tsu:"), or UTC ("tsu:UTC") when every value is timezone-aware.
Returns a PyCapsule named "arrow_array_stream" that yields one record batch.
Errors name the column and the row (counted from 0).)");
  module.def("arrow_batch", &arrow_batch, py::arg("values"), py::arg("names"),
             R"(Build a RecordBatchReader from columns of Python values (riffq's BaseConnection.arrow_batch).

values: a sequence of columns, each a sequence of values; names: one str per column.
Each column's type comes from its non-null values: bool, int, float (ints and floats mixed),
str, date or datetime; a column of only None is a str column. Arrow arrays
(__arrow_c_array__) are not supported.)");
}

}  // namespace duckwire::python
