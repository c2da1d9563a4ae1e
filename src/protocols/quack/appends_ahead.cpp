#include "protocols/quack/appends_ahead.hpp"

namespace duckwire::quack {

void AppendsAhead::accept(std::vector<std::string> table, std::vector<LogicalType> types) {
  std::lock_guard lock(mutex_);
  table_ = std::move(table);
  types_ = std::move(types);
}

void AppendsAhead::stop() {
  std::lock_guard lock(mutex_);
  table_.reset();
  types_.clear();
}

std::optional<TakenAppend> AppendsAhead::next() {
  std::lock_guard lock(mutex_);
  if (taken_.empty()) {
    writer_ = false;
    return std::nullopt;
  }
  TakenAppend oldest = std::move(taken_.front().first);
  bytes_ -= taken_.front().second;
  taken_.pop_front();
  return oldest;
}

void AppendsAhead::discard() {
  std::lock_guard lock(mutex_);
  taken_.clear();
  bytes_ = 0;
}

bool AppendsAhead::accepting() {
  std::lock_guard lock(mutex_);
  return table_.has_value();
}

bool AppendsAhead::take(TakenAppend& append, const std::vector<std::string>& table, size_t bytes,
                        bool& start_writer) {
  std::lock_guard lock(mutex_);
  const DecodedAppendRequest& request = append.request;
  if (!table_ || *table_ != table || !request.chunk || request.chunk->types != types_) return false;
  if (!taken_.empty() && bytes_ + bytes > max_bytes_) return false;
  bytes_ += bytes;
  taken_.emplace_back(std::move(append), bytes);
  start_writer = !writer_;
  writer_ = true;
  return true;
}

}  // namespace duckwire::quack
