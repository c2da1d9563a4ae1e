#pragma once
// The server's own in-memory DuckDB that writes results as Parquet files. No client SQL reaches it: its
// only statements are the server's COPY of a result handed over as an Arrow stream, and it may write
// only in one directory (file access otherwise off, its configuration locked).

#include <memory>
#include <string>

#include "backend/result_file_writer.hpp"

namespace duckwire {

// A writer whose files go to `directory` (the server's spool directory) and nowhere else.
Result<std::unique_ptr<ResultFileWriter>> open_parquet_writer(const std::string& directory);

}  // namespace duckwire
