#pragma once
// The chunks of an open Quack result read ahead of the FETCHes that take them, so that the engine keeps
// producing while the client reads. One reader at a time fills it, under its connection's turn (it calls
// the engine); a FETCH takes ready chunks without the turn, waiting while the reader runs until a batch
// is ready. The chunks are the engine's own, encoded by the FETCH that takes them. Thread-safe.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <vector>

#include "backend/vector_chunk.hpp"
#include "util/error.hpp"

namespace duckwire::quack {

class ChunksAhead {
 public:
  // What a take() hands out: chunks, or the error that ended the result, or nothing more.
  struct Taken {
    std::vector<VectorChunk> chunks;
    std::optional<Error> error;  // the result failed after the chunks taken before: it is closed now
    bool closed = false;         // the result was closed before this take
    bool last = false;           // no rows follow these
    uint64_t rows_taken = 0;     // by every take so far, these included
    uint64_t batch_index = 0;    // of these chunks: 0 for the first take, then 1, 2, ...
  };

  // The reader's side. A reader is marked on its way (true) unless one is, the result ended, or `limit`
  // bytes are ready; the caller must then start one, which calls reader_running() and, when it stops
  // or cannot start, reader_stopped().
  bool schedule_reader(size_t limit);
  void reader_running();
  void reader_stopped();
  void add(VectorChunk chunk, size_t bytes);
  // The result has no more rows: it ended, or failed with `error` after the chunks added.
  void end(std::optional<Error> error);
  size_t ready_bytes() const;
  bool ended() const;

  // The FETCH's side. Takes the ready chunks that fit `budget` bytes (at least one); with
  // `wait_for_reader`, first waits while a reader runs and fewer than `budget` bytes are ready. Nothing
  // (nullopt) when fewer are ready, no reader runs, and the result goes on: read under the turn first.
  std::optional<Taken> take(size_t budget, bool wait_for_reader);
  // No FETCH takes more; a waiting one gets `closed`.
  void close();

 private:
  enum class Reader { kNone, kScheduled, kRunning };
  struct Ready {
    VectorChunk chunk;
    size_t bytes = 0;
  };

  bool batch_ready(size_t budget) const;
  Taken take_ready(size_t budget);

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Ready> ready_;
  size_t ready_bytes_ = 0;
  std::optional<Error> error_;
  bool ended_ = false;
  bool closed_ = false;
  Reader reader_ = Reader::kNone;
  uint64_t rows_taken_ = 0;
  uint64_t takes_ = 0;
};

}  // namespace duckwire::quack
