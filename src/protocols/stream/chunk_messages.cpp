#include "protocols/stream/chunk_messages.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

#include <algorithm>

#include "protocols/stream/replies.hpp"

namespace duckwire::stream {

namespace json = boost::json;

namespace {

// The offsets of rows first..first+rows of each TIMETZ column.
std::vector<TimeZoneOffsets> slice_offsets(const std::vector<TimeZoneOffsets>& offsets, int64_t first,
                                           int64_t rows) {
  std::vector<TimeZoneOffsets> slice;
  slice.reserve(offsets.size());
  for (const TimeZoneOffsets& column : offsets) {
    const auto begin = column.seconds.begin() + std::min<int64_t>(first, std::ssize(column.seconds));
    const auto end = column.seconds.begin() + std::min<int64_t>(first + rows, std::ssize(column.seconds));
    slice.push_back(TimeZoneOffsets{column.column, std::vector<int32_t>(begin, end)});
  }
  return slice;
}

}  // namespace

ChunkMessageEncoder::ChunkMessageEncoder(const ResultSchema& schema, std::string query_id, size_t chunk_rows,
                                         std::chrono::steady_clock::time_point started_at)
    : schema_(schema),
      query_id_(std::move(query_id)),
      chunk_rows_(std::max<size_t>(chunk_rows, 1)),
      started_at_(started_at) {}

ChunkMessageEncoder::~ChunkMessageEncoder() = default;

Result<void> ChunkMessageEncoder::begin(std::string&) {
  return {};
}

Result<void> ChunkMessageEncoder::write(const Chunk& chunk, std::string& out) {
  const ArrowArray& array = *chunk.array.get();
  int64_t done = 0;
  while (done < array.length) {
    const auto room = static_cast<int64_t>(chunk_rows_ - rows_in_message_);
    const int64_t rows = std::min(room, array.length - done);
    write_rows(array, done, rows, chunk.time_zone_offsets);
    done += rows;
    if (rows_in_message_ == chunk_rows_) end_message(out);
  }
  return {};
}

void ChunkMessageEncoder::write_rows(const ArrowArray& chunk, int64_t first, int64_t rows,
                                     const std::vector<TimeZoneOffsets>& time_zone_offsets) {
  if (!rows_writer_) {
    rows_writer_.emplace(schema_, encode::JsonLayout::kRowArrays, encode::JsonValueStyle::kPlain);
    rows_writer_->begin(rows_);
  }
  // A view of the rows: the same buffers, its own offset and length, nothing to release.
  ArrowArray slice = chunk;
  slice.offset = chunk.offset + first;
  slice.length = rows;
  slice.release = nullptr;
  if (time_zone_offsets.empty() || (first == 0 && rows == chunk.length)) {
    rows_writer_->write(slice, rows_, time_zone_offsets);
  } else {
    rows_writer_->write(slice, rows_, slice_offsets(time_zone_offsets, first, rows));
  }
  rows_in_message_ += static_cast<size_t>(rows);
}

void ChunkMessageEncoder::end_message(std::string& out) {
  if (!rows_writer_) {
    rows_writer_.emplace(schema_, encode::JsonLayout::kRowArrays, encode::JsonValueStyle::kPlain);
    rows_writer_->begin(rows_);
  }
  rows_writer_->finish(rows_);
  ++chunks_sent_;
  out += R"({"type":"result_chunk","data":{"query_id":)";
  out += json::serialize(json::string(query_id_));
  out += R"(,"chunk":)";
  out += std::to_string(chunks_sent_);
  if (chunks_sent_ == 1) {
    json::array names;
    json::array types;
    for (const Column& column : schema_.columns) {
      names.emplace_back(column.name);
      types.emplace_back(column.type.to_string());
    }
    out += R"(,"columns":)";
    out += json::serialize(names);
    out += R"(,"types":)";
    out += json::serialize(types);
  }
  out += R"(,"rows":)";
  out += rows_;
  out += "}}\n";
  total_rows_ += static_cast<int64_t>(rows_in_message_);
  rows_.clear();
  rows_writer_.reset();
  rows_in_message_ = 0;
}

Result<void> ChunkMessageEncoder::finish(std::string& out) {
  if (rows_in_message_ > 0 || chunks_sent_ == 0) end_message(out);
  const std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now() - started_at_;
  out += result_complete(query_id_, total_rows_, chunks_sent_, elapsed.count());
  out += '\n';
  return {};
}

std::vector<std::string_view> split_messages(std::string_view piece) {
  std::vector<std::string_view> messages;
  while (!piece.empty()) {
    const size_t end = piece.find('\n');
    messages.push_back(piece.substr(0, end));
    if (end == std::string_view::npos) break;
    piece.remove_prefix(end + 1);
  }
  return messages;
}

}  // namespace duckwire::stream
