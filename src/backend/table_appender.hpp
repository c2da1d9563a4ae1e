#pragma once
// Rows appended to one table in bulk (PostgreSQL's COPY FROM STDIN, Quack's APPEND): faster than one
// INSERT per row, and a value that does not fit its column fails on its own row.

#include <vector>

#include "backend/column_type.hpp"
#include "backend/value.hpp"
#include "backend/vector_chunk.hpp"
#include "util/error.hpp"

namespace duckwire {

class TableAppender {
 public:
  virtual ~TableAppender() = default;
  // The appended columns, in the order append_row takes their values.
  virtual const std::vector<Column>& columns() const = 0;
  // Appends one row, each value cast to its column's type; an error names the failing column's index
  // in `failed_column` when it knows it.
  virtual Result<void> append_row(const std::vector<Value>& values, size_t* failed_column) = 0;
  // Appends a chunk of the input types the appender was made for (Session::append_vectors_to). VARCHAR
  // values must be valid UTF-8 (the caller checked them).
  virtual Result<void> append_vectors(const VectorChunk& chunk) {
    (void)chunk;
    return Error{ErrorKind::kInvalidInput, "this appender takes rows, not vectors"};
  }
  // Whether finish() may still refuse rows already appended: the table's constraints (NOT NULL, CHECK,
  // keys) or casts are checked there. True when the engine cannot tell.
  virtual bool may_refuse_at_finish() { return true; }
  // Writes the rows still buffered into the table (constraints are checked here at the latest). Rows
  // are part of the session's transaction: the caller commits or rolls back.
  virtual Result<void> finish() = 0;
};

}  // namespace duckwire
