#pragma once
// Arrow IPC writer over Arrow C data: the streaming format and the file format, metadata version V5,
// little-endian, 8-byte aligned. Bytes are appended to the caller's string, so a result can be sent
// chunk by chunk; the writer keeps only what the file footer and dictionary deltas need.

#include <memory>
#include <string>

#include "arrow/c_data.hpp"
#include "encode/arrow_type.hpp"  // ArrowIpcError

namespace duckwire::encode {

enum class ArrowIpcFormat { kStream, kFile };

// Every method throws ArrowIpcError on data it cannot encode (the constructor checks the whole
// schema, so unsupported types fail before any byte is written).
class ArrowIpcWriter {
 public:
  // schema: a struct schema with one child per column, as DuckDB exports it. Copied: the caller
  // need not keep it alive.
  ArrowIpcWriter(const ArrowSchema& schema, ArrowIpcFormat format);
  ~ArrowIpcWriter();
  ArrowIpcWriter(const ArrowIpcWriter&) = delete;
  ArrowIpcWriter& operator=(const ArrowIpcWriter&) = delete;

  // Appends the file magic (file format) and the Schema message.
  void begin(std::string& out);
  // Appends dictionary batches when a dictionary is new or has changed, then one RecordBatch.
  // `batch` is a struct array with one child per column.
  void write(const ArrowArray& batch, std::string& out);
  // Appends the end-of-stream marker; for the file format also the footer and the closing magic.
  void finish(std::string& out);

  // Bytes appended so far.
  int64_t bytes_written() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace duckwire::encode
