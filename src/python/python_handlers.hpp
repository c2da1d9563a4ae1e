#pragma once
// The Python callables a program answers clients with, and how the server calls them: with the GIL
// held only while Python runs, each call's answer awaited (GIL released) until its callback delivers
// it, the deadline passes, or the statement is cancelled.

#include <pybind11/pybind11.h>

#include <chrono>
#include <memory>
#include <mutex>

#include "python/python_answers.hpp"

namespace duckwire::python {

namespace py = pybind11;

class PythonHandlers {
 public:
  // Each may be None. They are called as riffq's RiffqServer calls its connection objects:
  // auth(connection_id, user, password, host, database=..., callback=...),
  // query(sql, callback, connection_id=..., do_describe=..., [query_args=[...]]),
  // connect(connection_id, ip, port, callback=...), disconnect(connection_id, ip, port, callback=...).
  PythonHandlers(py::object auth, py::object query, py::object connect, py::object disconnect,
                 std::chrono::milliseconds answer_timeout);
  ~PythonHandlers();  // takes the GIL to let go of the callables
  PythonHandlers(const PythonHandlers&) = delete;
  PythonHandlers& operator=(const PythonHandlers&) = delete;

  bool has_auth() const { return has_auth_; }
  bool has_query() const { return has_query_; }
  bool has_connect() const { return has_connect_; }
  bool has_disconnect() const { return has_disconnect_; }

  // Calls the handler (args and kwargs are built with the GIL held) and waits for its answer. A handler
  // that raises answers with its exception; one that does not answer in time, with a timeout error.
  QueryAnswer ask_query(const std::function<py::tuple()>& args, const std::function<py::dict()>& kwargs,
                        const std::shared_ptr<AnswerSlot<QueryAnswer>>& slot);
  VerdictAnswer ask_auth(const std::function<py::tuple()>& args, const std::function<py::dict()>& kwargs);
  VerdictAnswer ask_connect(const std::function<py::tuple()>& args);
  void tell_disconnect(const std::function<py::tuple()>& args);

 private:
  template <class Answer, class Callback>
  Answer ask(const py::object& handler, const std::function<py::tuple()>& args,
             const std::function<py::dict()>& kwargs, const std::shared_ptr<AnswerSlot<Answer>>& slot,
             const char* what);

  py::object auth_;
  py::object query_;
  py::object connect_;
  py::object disconnect_;
  bool has_auth_;
  bool has_query_;
  bool has_connect_;
  bool has_disconnect_;
  std::chrono::milliseconds answer_timeout_;
};

}  // namespace duckwire::python
