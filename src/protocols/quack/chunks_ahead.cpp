#include "protocols/quack/chunks_ahead.hpp"

namespace duckwire::quack {

bool ChunksAhead::schedule_reader(size_t limit) {
  std::lock_guard lock(mutex_);
  if (reader_ != Reader::kNone || ended_ || closed_ || ready_bytes_ >= limit) return false;
  reader_ = Reader::kScheduled;
  return true;
}

void ChunksAhead::reader_running() {
  std::lock_guard lock(mutex_);
  reader_ = Reader::kRunning;
}

void ChunksAhead::reader_stopped() {
  {
    std::lock_guard lock(mutex_);
    reader_ = Reader::kNone;
  }
  changed_.notify_all();
}

void ChunksAhead::add(VectorChunk chunk, size_t bytes) {
  {
    std::lock_guard lock(mutex_);
    ready_bytes_ += bytes;
    ready_.push_back(Ready{std::move(chunk), bytes});
  }
  changed_.notify_all();
}

void ChunksAhead::end(std::optional<Error> error) {
  {
    std::lock_guard lock(mutex_);
    ended_ = true;
    error_ = std::move(error);
  }
  changed_.notify_all();
}

size_t ChunksAhead::ready_bytes() const {
  std::lock_guard lock(mutex_);
  return ready_bytes_;
}

bool ChunksAhead::ended() const {
  std::lock_guard lock(mutex_);
  return ended_;
}

void ChunksAhead::close() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    ready_.clear();
    ready_bytes_ = 0;
  }
  changed_.notify_all();
}

bool ChunksAhead::batch_ready(size_t budget) const {
  return closed_ || ended_ || ready_bytes_ >= budget;
}

std::optional<ChunksAhead::Taken> ChunksAhead::take(size_t budget, bool wait_for_reader) {
  std::unique_lock lock(mutex_);
  if (wait_for_reader) {
    changed_.wait(lock, [&] { return batch_ready(budget) || reader_ != Reader::kRunning; });
  }
  if (!batch_ready(budget)) return std::nullopt;
  return take_ready(budget);
}

ChunksAhead::Taken ChunksAhead::take_ready(size_t budget) {
  Taken taken;
  if (closed_) {
    taken.closed = true;
    return taken;
  }
  size_t bytes = 0;
  while (!ready_.empty() && (taken.chunks.empty() || bytes + ready_.front().bytes <= budget)) {
    Ready& next = ready_.front();
    bytes += next.bytes;
    rows_taken_ += next.chunk.rows;
    taken.chunks.push_back(std::move(next.chunk));
    ready_.pop_front();
  }
  ready_bytes_ -= bytes;
  taken.rows_taken = rows_taken_;
  if (taken.chunks.empty() && error_) {
    taken.error = std::move(error_);
    error_.reset();
    closed_ = true;
    return taken;
  }
  taken.last = ended_ && ready_.empty() && !error_;
  if (!taken.chunks.empty()) taken.batch_index = takes_++;
  return taken;
}

}  // namespace duckwire::quack
