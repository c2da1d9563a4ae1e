#pragma once
// One interface over the result encoders, so that query plumbing can stream any format.

#include <memory>
#include <string>

#include "backend/backend.hpp"

namespace duckwire::encode {

enum class ResultFormat {
  kArrowStream,
  kArrowFile,
  kJsonRecords,
  kJsonRecordsInString,  // the records escaped as the body of a JSON string (SQLRooms' "data")
  kJsonRows,
  kNdjson,
  kJsonLd,
  kCsv,
};

class ResultEncoder {
 public:
  virtual ~ResultEncoder() = default;
  // Each call appends to `out`. Errors (a type the format cannot carry) come back as values.
  virtual Result<void> begin(std::string& out) = 0;
  virtual Result<void> write(const Chunk& chunk, std::string& out) = 0;
  virtual Result<void> finish(std::string& out) = 0;
};

std::unique_ptr<ResultEncoder> make_result_encoder(ResultFormat format, const ResultSchema& schema);

}  // namespace duckwire::encode
