#pragma once
// The callbacks a Python handler answers through, as riffq defines them:
// - queries: callback(result, *, is_tag=False, is_error=False). `result` is an Arrow C stream capsule
//   ("arrow_array_stream"), an object with __arrow_c_stream__, a (schema_desc, rows) pair for to_arrow,
//   a command tag string (is_tag), a (severity, sqlstate, message) triple or an exception (is_error), or
//   duckwire.DUCKDB to leave the statement to the server's DuckDB.
// - auth and connect: callback(allowed, message=None, severity=None, sqlstate=None).

#include <pybind11/pybind11.h>

#include <memory>
#include <optional>
#include <string>

#include "arrow/c_data.hpp"
#include "python/answer_slot.hpp"
#include "util/error.hpp"

namespace duckwire::python {

namespace py = pybind11;

struct QueryAnswer {
  std::optional<arrow::OwnedStream> rows;
  std::optional<std::string> tag;
  std::optional<Error> error;
  bool left_to_duckdb = false;
};

struct VerdictAnswer {
  bool allowed = false;
  Error refusal;  // message empty: the caller's own words
};

class QueryCallback {
 public:
  explicit QueryCallback(std::shared_ptr<AnswerSlot<QueryAnswer>> slot) : slot_(std::move(slot)) {}
  void call(const py::object& result, bool is_tag, bool is_error);

 private:
  std::shared_ptr<AnswerSlot<QueryAnswer>> slot_;
};

class VerdictCallback {
 public:
  explicit VerdictCallback(std::shared_ptr<AnswerSlot<VerdictAnswer>> slot) : slot_(std::move(slot)) {}
  void call(const py::object& result, const std::optional<std::string>& message,
            const std::optional<std::string>& severity, const std::optional<std::string>& sqlstate);

 private:
  std::shared_ptr<AnswerSlot<VerdictAnswer>> slot_;
};

// The error a Python exception stands for (its type and message), with the GIL held.
Error error_of_exception(const py::error_already_set& raised);

// Registers QueryCallback, VerdictCallback and the DUCKDB marker on the module.
void add_answer_types(py::module_& module);

}  // namespace duckwire::python
