#include "python/python_answers.hpp"

#include <pybind11/stl.h>

#include <utility>

namespace duckwire::python {

namespace {

constexpr const char* kStreamCapsule = "arrow_array_stream";

// duckwire.DUCKDB: the answer that leaves a statement to the server's DuckDB.
struct LeaveToDuckDb {};
PyObject* duckdb_marker = nullptr;

arrow::OwnedStream take_stream(const py::handle& capsule) {
  if (!PyCapsule_IsValid(capsule.ptr(), kStreamCapsule)) {
    throw py::type_error("expected a PyCapsule named \"arrow_array_stream\"");
  }
  auto* source = static_cast<ArrowArrayStream*>(PyCapsule_GetPointer(capsule.ptr(), kStreamCapsule));
  if (source == nullptr || source->release == nullptr) {
    throw py::value_error("the Arrow C stream in this capsule was already consumed");
  }
  arrow::OwnedStream stream;
  *stream.out() = *source;
  source->release = nullptr;  // moved: the capsule's destructor leaves it alone
  return stream;
}

arrow::OwnedStream stream_of(const py::object& result) {
  if (PyCapsule_CheckExact(result.ptr())) return take_stream(result);
  if (py::hasattr(result, "__arrow_c_stream__")) return take_stream(result.attr("__arrow_c_stream__")());
  if (py::isinstance<py::bytes>(result)) {
    throw py::type_error("Arrow IPC bytes are not read: answer with an Arrow C stream (riffq.helpers.to_arrow, "
                         "or a reader's __arrow_c_stream__())");
  }
  if ((py::isinstance<py::tuple>(result) || py::isinstance<py::list>(result)) && py::len(result) == 2) {
    const py::module_ native = py::module_::import("duckwire._duckwire");
    return take_stream(native.attr("to_arrow")(result[py::int_(0)], result[py::int_(1)]));
  }
  throw py::type_error("a query answer is an Arrow C stream capsule, an object with __arrow_c_stream__, a "
                       "(schema_desc, rows) pair, a tag with is_tag=True or an error with is_error=True; got " +
                       std::string(py::str(py::type::of(result).attr("__name__"))));
}

Error error_of_answer(const py::object& result) {
  if (PyExceptionInstance_Check(result.ptr())) {
    return Error{ErrorKind::kInternal, std::string(py::str(result))};
  }
  if (py::isinstance<py::tuple>(result) && py::len(result) == 3) {
    // (severity, sqlstate, message), as riffq takes it.
    return Error{ErrorKind::kInternal, std::string(py::str(result[py::int_(2)])),
                 std::string(py::str(result[py::int_(1)]))};
  }
  return Error{ErrorKind::kInternal, std::string(py::str(result))};
}

}  // namespace

void QueryCallback::call(const py::object& result, bool is_tag, bool is_error) {
  QueryAnswer answer;
  try {
    if (is_tag) {
      answer.tag = std::string(py::str(result));
    } else if (is_error) {
      answer.error = error_of_answer(result);
    } else if (result.ptr() == duckdb_marker) {
      answer.left_to_duckdb = true;
    } else if (result.is_none()) {
      answer.tag = std::string();  // no rows and no tag of its own: the statement's usual tag
    } else if (PyExceptionInstance_Check(result.ptr())) {
      answer.error = error_of_answer(result);
    } else {
      answer.rows = stream_of(result);
    }
  } catch (py::error_already_set& raised) {
    answer = QueryAnswer{};
    answer.error = error_of_exception(raised);
  }
  slot_->give(std::move(answer));
}

void VerdictCallback::call(const py::object& result, const std::optional<std::string>& message,
                           const std::optional<std::string>& severity, const std::optional<std::string>& sqlstate) {
  (void)severity;  // a refused login is always FATAL in PostgreSQL
  VerdictAnswer answer;
  const int truth = PyObject_IsTrue(result.ptr());
  if (truth < 0) PyErr_Clear();
  answer.allowed = truth == 1;
  if (!answer.allowed) answer.refusal = Error{ErrorKind::kPermission, message.value_or(""), sqlstate.value_or("")};
  slot_->give(std::move(answer));
}

Error error_of_exception(const py::error_already_set& raised) {
  const std::string type = py::str(raised.type().attr("__name__"));
  const std::string message = py::str(raised.value());
  return Error{ErrorKind::kInternal, message.empty() ? type : type + ": " + message};
}

void add_answer_types(py::module_& module) {
  py::class_<QueryCallback>(module, "QueryCallback",
                            "Delivers a query handler's answer: callback(result, *, is_tag=False, is_error=False)")
      .def("__call__", &QueryCallback::call, py::arg("result"), py::kw_only(), py::arg("is_tag") = false,
           py::arg("is_error") = false);
  py::class_<VerdictCallback>(module, "VerdictCallback",
                              "Delivers an auth or connect verdict: callback(allowed, message=None, "
                              "severity=None, sqlstate=None)")
      .def("__call__", &VerdictCallback::call, py::arg("result"), py::arg("message") = py::none(),
           py::arg("severity") = py::none(), py::arg("sqlstate") = py::none());
  py::class_<LeaveToDuckDb>(module, "_LeaveToDuckDb")
      .def("__repr__", [](const LeaveToDuckDb&) { return std::string("duckwire.DUCKDB"); });
  py::object marker = py::cast(LeaveToDuckDb{});
  duckdb_marker = marker.ptr();
  module.attr("DUCKDB") = marker;
}

}  // namespace duckwire::python
