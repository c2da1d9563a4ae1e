#pragma once
// RAII owners for DuckDB C API handles: each is destroyed exactly once, on every path.

#include <duckdb.h>

#include <memory>
#include <utility>

namespace duckwire::duckdb {

// Owns a pointer-like handle `H` destroyed by `Destroy(&h)`.
template <class H, void (*Destroy)(H*)>
class Handle {
 public:
  Handle() = default;
  explicit Handle(H raw) : raw_(raw) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& other) noexcept : raw_(std::exchange(other.raw_, nullptr)) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      raw_ = std::exchange(other.raw_, nullptr);
    }
    return *this;
  }
  ~Handle() { reset(); }

  void reset() {
    if (raw_ != nullptr) Destroy(&raw_);
    raw_ = nullptr;
  }
  H get() const { return raw_; }
  H* out() {
    reset();
    return &raw_;
  }
  explicit operator bool() const { return raw_ != nullptr; }

 private:
  H raw_ = nullptr;
};

using Database = Handle<duckdb_database, duckdb_close>;
using Connection = Handle<duckdb_connection, duckdb_disconnect>;
using Config = Handle<duckdb_config, duckdb_destroy_config>;
using Prepared = Handle<duckdb_prepared_statement, duckdb_destroy_prepare>;
using Pending = Handle<duckdb_pending_result, duckdb_destroy_pending>;
using DataChunk = Handle<duckdb_data_chunk, duckdb_destroy_data_chunk>;
using LogicalType = Handle<duckdb_logical_type, duckdb_destroy_logical_type>;
using ArrowOptions = Handle<duckdb_arrow_options, duckdb_destroy_arrow_options>;
using ExtractedStatements = Handle<duckdb_extracted_statements, duckdb_destroy_extracted>;
using ErrorData = Handle<duckdb_error_data, duckdb_destroy_error_data>;
using ValueHandle = Handle<duckdb_value, duckdb_destroy_value>;

// duckdb_result is a struct, not a pointer; it is destroyed through its address.
class QueryResult {
 public:
  QueryResult() = default;
  QueryResult(const QueryResult&) = delete;
  QueryResult& operator=(const QueryResult&) = delete;
  ~QueryResult() {
    if (filled_) duckdb_destroy_result(&raw_);
  }
  // DuckDB fills the struct even when the call fails, so it is always destroyed after this.
  duckdb_result* out() {
    filled_ = true;
    return &raw_;
  }
  duckdb_result* get() { return &raw_; }
  const duckdb_result* get() const { return &raw_; }

 private:
  duckdb_result raw_{};
  bool filled_ = false;
};

// Frees strings DuckDB allocates for the caller (names, aliases, enum values).
struct DuckFree {
  void operator()(void* p) const { duckdb_free(p); }
};
using DuckString = std::unique_ptr<char, DuckFree>;

}  // namespace duckwire::duckdb
