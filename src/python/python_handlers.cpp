#include "python/python_handlers.hpp"

#include <string>

namespace duckwire::python {

PythonHandlers::PythonHandlers(py::object auth, py::object query, py::object connect, py::object disconnect,
                               std::chrono::milliseconds answer_timeout)
    : auth_(std::move(auth)),
      query_(std::move(query)),
      connect_(std::move(connect)),
      disconnect_(std::move(disconnect)),
      has_auth_(!auth_.is_none()),
      has_query_(!query_.is_none()),
      has_connect_(!connect_.is_none()),
      has_disconnect_(!disconnect_.is_none()),
      answer_timeout_(answer_timeout) {}

PythonHandlers::~PythonHandlers() {
  py::gil_scoped_acquire gil;
  auth_ = py::object();
  query_ = py::object();
  connect_ = py::object();
  disconnect_ = py::object();
}

template <class Answer, class Callback>
Answer PythonHandlers::ask(const py::object& handler, const std::function<py::tuple()>& args,
                           const std::function<py::dict()>& kwargs,
                           const std::shared_ptr<AnswerSlot<Answer>>& slot, const char* what) {
  {
    py::gil_scoped_acquire gil;
    try {
      py::dict keywords = kwargs ? kwargs() : py::dict();
      keywords["callback"] = py::cast(Callback(slot));
      handler(*args(), **keywords);
    } catch (py::error_already_set& raised) {
      Answer failed{};
      if constexpr (std::is_same_v<Answer, QueryAnswer>) {
        failed.error = error_of_exception(raised);
      } else {
        failed.refusal = error_of_exception(raised);
      }
      slot->give(std::move(failed));
    }
  }
  auto answer = slot->wait_until(std::chrono::steady_clock::now() + answer_timeout_);
  if (answer) return std::move(*answer);
  Answer late{};
  const Error timeout{ErrorKind::kTimeout, std::string("the ") + what + " handler did not answer within " +
                                               std::to_string(answer_timeout_.count()) + " ms"};
  if constexpr (std::is_same_v<Answer, QueryAnswer>) {
    late.error = timeout;
  } else {
    late.refusal = timeout;
  }
  return late;
}

QueryAnswer PythonHandlers::ask_query(const std::function<py::tuple()>& args,
                                      const std::function<py::dict()>& kwargs,
                                      const std::shared_ptr<AnswerSlot<QueryAnswer>>& slot) {
  return ask<QueryAnswer, QueryCallback>(query_, args, kwargs, slot, "query");
}

VerdictAnswer PythonHandlers::ask_auth(const std::function<py::tuple()>& args,
                                       const std::function<py::dict()>& kwargs) {
  return ask<VerdictAnswer, VerdictCallback>(auth_, args, kwargs, std::make_shared<AnswerSlot<VerdictAnswer>>(),
                                             "auth");
}

VerdictAnswer PythonHandlers::ask_connect(const std::function<py::tuple()>& args) {
  return ask<VerdictAnswer, VerdictCallback>(connect_, args, nullptr, std::make_shared<AnswerSlot<VerdictAnswer>>(),
                                             "connect");
}

void PythonHandlers::tell_disconnect(const std::function<py::tuple()>& args) {
  py::gil_scoped_acquire gil;
  try {
    py::dict keywords;
    keywords["callback"] = py::cast(VerdictCallback(std::make_shared<AnswerSlot<VerdictAnswer>>()));
    disconnect_(*args(), **keywords);
  } catch (py::error_already_set& raised) {
    raised.discard_as_unraisable("duckwire: the disconnect handler");
  }
}

}  // namespace duckwire::python
