#pragma once
// Helpers for importing Arrow C data into DuckDB: batches presented as an ArrowArrayStream for
// DuckDB's arrow scan, deep copies of schemas, and safe quoting of client-supplied table names.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "arrow/c_data.hpp"
#include "util/error.hpp"

namespace duckwire::duckdb {

// A deep copy of `schema` that owns its strings and children and releases them itself.
arrow::OwnedSchema copy_schema(const ArrowSchema& schema);
// A deep copy of a struct schema keeping only its child `column`.
arrow::OwnedSchema copy_column_schema(const ArrowSchema& schema, int64_t column);

// The next batch of a stream, made when asked for; nullopt at the end.
using BatchSource = std::function<Result<std::optional<arrow::OwnedArray>>()>;

// Hands batches out one by one as a consumer asks for them. Every consumer that asks for the schema
// gets its own copy, which the stream keeps and frees: DuckDB never releases the schemas it asks for.
// The schema (and the batches) must outlive the stream.
class ArrowBatchStream {
 public:
  // Moves each of `batches` out of the vector in turn.
  ArrowBatchStream(const ArrowSchema& schema, std::vector<arrow::OwnedArray>& batches);
  // Asks `next` for each batch; its error ends the stream with that message.
  ArrowBatchStream(const ArrowSchema& schema, BatchSource next);
  ArrowBatchStream(const ArrowBatchStream&) = delete;
  ArrowBatchStream& operator=(const ArrowBatchStream&) = delete;

  ArrowArrayStream* get() { return &stream_; }

 private:
  static int get_schema(ArrowArrayStream* stream, ArrowSchema* out);
  static int get_next(ArrowArrayStream* stream, ArrowArray* out);
  static const char* get_last_error(ArrowArrayStream* stream);
  static void release(ArrowArrayStream* stream);

  const ArrowSchema& schema_;
  BatchSource next_;
  std::vector<arrow::OwnedSchema> schemas_given_;
  std::string last_error_;
  ArrowArrayStream stream_{};
};

// `name`, `schema.name` or `catalog.schema.name`, each part quoted as an identifier. Dots always
// separate parts; a part cannot be empty, contain a NUL byte or exceed 255 bytes.
Result<std::string> quote_table_name(std::string_view name);

std::string quote_identifier(std::string_view identifier);

// A view name no other upload in this process uses.
std::string unique_upload_view_name();

}  // namespace duckwire::duckdb
