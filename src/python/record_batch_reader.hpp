#pragma once
// The RecordBatchReader that arrow_batch() returns: one record batch behind the Arrow PyCapsule
// interface's __arrow_c_stream__, which any number of consumers may call.

#include <pybind11/pybind11.h>

#include <memory>
#include <utility>

#include "encode/arrow_builder.hpp"

namespace duckwire::python {

class RecordBatchReader {
 public:
  explicit RecordBatchReader(std::shared_ptr<const encode::ArrowRecordBatch> batch)
      : batch_(std::move(batch)) {}

  // A new stream over the batch on every call. `requested_schema` is accepted and ignored: the
  // interface lets a producer that does not cast return its own schema.
  pybind11::capsule arrow_c_stream(const pybind11::object& requested_schema) const;
  pybind11::list column_names() const;
  int64_t num_rows() const { return batch_->num_rows(); }

 private:
  std::shared_ptr<const encode::ArrowRecordBatch> batch_;
};

void add_record_batch_reader(pybind11::module_& module);

}  // namespace duckwire::python
