#pragma once
// Results written as files for clients to download (Parquet), by an engine of the server's own that
// no client SQL ever reaches and that writes only in the directory the server gave it.

#include <functional>
#include <optional>
#include <string>

#include "backend/backend.hpp"

namespace duckwire {

// The next chunk of a result, read when asked for (blocking); nullopt at its end.
using ChunkSource = std::function<Result<std::optional<Chunk>>()>;

class ResultFileWriter {
 public:
  virtual ~ResultFileWriter() = default;
  // Writes the chunks `next` gives, all of `schema`, as a new Parquet file at `path`, with the column
  // names and types DuckDB's COPY ... (FORMAT parquet) gives a result of `schema.columns`. Blocks; the
  // chunks are read as the file is written. An error from `next` ends the writing with that error; the
  // file may then be left partly written.
  virtual Result<void> write_parquet(const ResultSchema& schema, const ChunkSource& next,
                                     const std::string& path) = 0;
};

}  // namespace duckwire
