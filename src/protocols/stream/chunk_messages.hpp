#pragma once
// A query's result as /ws messages: result_chunk messages of `chunk_rows` rows each (the columns and
// their DuckDB types on the first alone), then result_complete with the totals. A result without rows
// still sends one result_chunk (with its columns and no rows). Rows are re-cut from the engine's chunks
// as they arrive, so a message goes out as soon as its rows were fetched; values are written by
// encode::JsonWriter in the plain style of /sql's application/json.
//
// Each message ends with a newline ('\n' never occurs inside one: JSON text escapes it), so that a
// piece of several messages (QueryJob::next) is cut back into its messages by split_messages.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "encode/json_writer.hpp"
#include "encode/result_encoder.hpp"

namespace duckwire::stream {

class ChunkMessageEncoder final : public encode::ResultEncoder {
 public:
  // `started_at`: when the query was accepted, for result_complete's execution_time_ms.
  ChunkMessageEncoder(const ResultSchema& schema, std::string query_id, size_t chunk_rows,
                      std::chrono::steady_clock::time_point started_at);
  ~ChunkMessageEncoder() override;

  Result<void> begin(std::string& out) override;
  Result<void> write(const Chunk& chunk, std::string& out) override;
  Result<void> finish(std::string& out) override;

 private:
  void write_rows(const ArrowArray& chunk, int64_t first, int64_t rows,
                  const std::vector<TimeZoneOffsets>& time_zone_offsets);
  void end_message(std::string& out);

  const ResultSchema& schema_;
  const std::string query_id_;
  const size_t chunk_rows_;
  const std::chrono::steady_clock::time_point started_at_;
  std::optional<encode::JsonWriter> rows_writer_;  // the rows of the message being filled
  std::string rows_;
  size_t rows_in_message_ = 0;
  int64_t total_rows_ = 0;
  int64_t chunks_sent_ = 0;
};

// The messages of a piece made of ChunkMessageEncoder's output, without their newlines.
std::vector<std::string_view> split_messages(std::string_view piece);

}  // namespace duckwire::stream
