#include "python/arrow_stream_capsule.hpp"

#include <utility>

namespace duckwire::python {
namespace {

struct StreamDeleter {
  void operator()(ArrowArrayStream* stream) const {
    if (stream->release != nullptr) stream->release(stream);
    delete stream;
  }
};
using StreamPtr = std::unique_ptr<ArrowArrayStream, StreamDeleter>;

void release_stream_capsule(PyObject* capsule) {
  auto* stream = static_cast<ArrowArrayStream*>(PyCapsule_GetPointer(capsule, kArrowStreamCapsuleName));
  if (stream == nullptr) {
    PyErr_WriteUnraisable(capsule);
    return;
  }
  StreamDeleter()(stream);
}

}  // namespace

pybind11::capsule stream_capsule(std::shared_ptr<const encode::ArrowRecordBatch> batch) {
  StreamPtr stream(new ArrowArrayStream{});
  encode::export_stream({std::move(batch)}, *stream);
  pybind11::capsule capsule(stream.get(), kArrowStreamCapsuleName, release_stream_capsule);
  stream.release();
  return capsule;
}

}  // namespace duckwire::python
