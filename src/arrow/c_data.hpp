#pragma once
// The Arrow C data and C stream interfaces: a fixed ABI shared by every producer and consumer of Arrow data.
// DuckDB only forward-declares these structs; this is the one definition in duckwire.

#include <cstdint>
#include <utility>

#ifndef ARROW_C_DATA_INTERFACE
#define ARROW_C_DATA_INTERFACE

#define ARROW_FLAG_DICTIONARY_ORDERED 1
#define ARROW_FLAG_NULLABLE 2
#define ARROW_FLAG_MAP_KEYS_SORTED 4

struct ArrowSchema {
  const char* format;
  const char* name;
  const char* metadata;
  int64_t flags;
  int64_t n_children;
  struct ArrowSchema** children;
  struct ArrowSchema* dictionary;
  void (*release)(struct ArrowSchema*);
  void* private_data;
};

struct ArrowArray {
  int64_t length;
  int64_t null_count;
  int64_t offset;
  int64_t n_buffers;
  int64_t n_children;
  const void** buffers;
  struct ArrowArray** children;
  struct ArrowArray* dictionary;
  void (*release)(struct ArrowArray*);
  void* private_data;
};

#endif  // ARROW_C_DATA_INTERFACE

#ifndef ARROW_C_STREAM_INTERFACE
#define ARROW_C_STREAM_INTERFACE
// The Arrow C stream interface: a fixed ABI, like the structs above.
struct ArrowArrayStream {
  int (*get_schema)(struct ArrowArrayStream*, struct ArrowSchema* out);
  int (*get_next)(struct ArrowArrayStream*, struct ArrowArray* out);
  const char* (*get_last_error)(struct ArrowArrayStream*);
  void (*release)(struct ArrowArrayStream*);
  void* private_data;
};
#endif  // ARROW_C_STREAM_INTERFACE

namespace duckwire::arrow {

// Owns a C data struct and calls its release callback once.
template <class T>
class Owned {
 public:
  Owned() { raw_.release = nullptr; }
  Owned(const Owned&) = delete;
  Owned& operator=(const Owned&) = delete;
  Owned(Owned&& other) noexcept : raw_(other.raw_) { other.raw_.release = nullptr; }
  Owned& operator=(Owned&& other) noexcept {
    if (this != &other) {
      reset();
      raw_ = other.raw_;
      other.raw_.release = nullptr;
    }
    return *this;
  }
  ~Owned() { reset(); }

  void reset() {
    if (raw_.release != nullptr) raw_.release(&raw_);
    raw_.release = nullptr;
  }
  bool valid() const { return raw_.release != nullptr; }
  T* get() { return &raw_; }
  const T* get() const { return &raw_; }
  T* operator->() { return &raw_; }
  const T* operator->() const { return &raw_; }
  // For producers that fill the struct in place.
  T* out() {
    reset();
    return &raw_;
  }

 private:
  T raw_{};
};

using OwnedSchema = Owned<ArrowSchema>;
using OwnedArray = Owned<ArrowArray>;
using OwnedStream = Owned<ArrowArrayStream>;

}  // namespace duckwire::arrow
