#include "backend/duckdb/arrow_import.hpp"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <exception>
#include <memory>

namespace duckwire::duckdb {
namespace {

constexpr size_t kMaxIdentifierBytes = 255;
constexpr size_t kMaxNameParts = 3;

// Bytes of a C data interface metadata blob: int32 count, then length-prefixed keys and values.
size_t metadata_size(const char* metadata) {
  if (metadata == nullptr) return 0;
  auto read_int = [&](size_t at) {
    int32_t value;
    std::memcpy(&value, metadata + at, sizeof(value));
    return static_cast<size_t>(value);
  };
  const size_t pairs = read_int(0);
  size_t at = 4;
  for (size_t i = 0; i < 2 * pairs; ++i) at += 4 + read_int(at);
  return at;
}

struct SchemaCopy {
  SchemaCopy() = default;
  SchemaCopy(const SchemaCopy&) = delete;
  SchemaCopy& operator=(const SchemaCopy&) = delete;
  ~SchemaCopy() {
    for (ArrowSchema& child : children) {
      if (child.release != nullptr) child.release(&child);
    }
    if (dictionary.release != nullptr) dictionary.release(&dictionary);
  }

  std::string format;
  std::string name;
  std::string metadata;
  std::vector<ArrowSchema> children;
  std::vector<ArrowSchema*> child_pointers;
  ArrowSchema dictionary{};
};

void release_copy(ArrowSchema* schema) {
  std::unique_ptr<SchemaCopy> copy(static_cast<SchemaCopy*>(schema->private_data));
  schema->release = nullptr;
}

// Copies `source` with its children [first_child, first_child + child_count), or all when count < 0.
void copy_into(const ArrowSchema& source, ArrowSchema& out, int64_t first_child = 0,
               int64_t child_count = -1) {
  auto copy = std::make_unique<SchemaCopy>();
  copy->format = source.format != nullptr ? source.format : "";
  copy->name = source.name != nullptr ? source.name : "";
  if (source.metadata != nullptr) copy->metadata.assign(source.metadata, metadata_size(source.metadata));
  if (child_count < 0) child_count = source.n_children;
  copy->children.resize(static_cast<size_t>(child_count));
  for (size_t i = 0; i < copy->children.size(); ++i) {
    copy_into(*source.children[first_child + static_cast<int64_t>(i)], copy->children[i]);
  }
  if (source.dictionary != nullptr) copy_into(*source.dictionary, copy->dictionary);
  for (ArrowSchema& child : copy->children) copy->child_pointers.push_back(&child);
  out.format = copy->format.c_str();
  out.name = copy->name.c_str();
  out.metadata = copy->metadata.empty() ? nullptr : copy->metadata.data();
  out.flags = source.flags;
  out.n_children = child_count;
  out.children = copy->child_pointers.data();
  out.dictionary = copy->dictionary.release != nullptr ? &copy->dictionary : nullptr;
  out.release = release_copy;
  out.private_data = copy.release();
}

}  // namespace

arrow::OwnedSchema copy_schema(const ArrowSchema& schema) {
  arrow::OwnedSchema copy;
  copy_into(schema, *copy.out());
  return copy;
}

arrow::OwnedSchema copy_column_schema(const ArrowSchema& schema, int64_t column) {
  arrow::OwnedSchema copy;
  copy_into(schema, *copy.out(), column, 1);
  return copy;
}

ArrowBatchStream::ArrowBatchStream(const ArrowSchema& schema, std::vector<arrow::OwnedArray>& batches)
    : ArrowBatchStream(schema,
                       [&batches, next = size_t{0}]() mutable -> Result<std::optional<arrow::OwnedArray>> {
                         if (next == batches.size()) return std::optional<arrow::OwnedArray>();
                         return std::optional<arrow::OwnedArray>(std::move(batches[next++]));
                       }) {}

ArrowBatchStream::ArrowBatchStream(const ArrowSchema& schema, BatchSource next)
    : schema_(schema), next_(std::move(next)) {
  stream_.get_schema = get_schema;
  stream_.get_next = get_next;
  stream_.get_last_error = get_last_error;
  stream_.release = release;
  stream_.private_data = this;
}

// Consumers may call these through a copy of the stream struct: only private_data is used.
int ArrowBatchStream::get_schema(ArrowArrayStream* stream, ArrowSchema* out) {
  auto* self = static_cast<ArrowBatchStream*>(stream->private_data);
  try {
    self->schemas_given_.push_back(copy_schema(self->schema_));
    *out = *self->schemas_given_.back().get();
    out->release = [](ArrowSchema* schema) { schema->release = nullptr; };  // the stream frees the copy
    return 0;
  } catch (const std::exception& error) {
    self->last_error_ = error.what();
    return ENOMEM;
  }
}

int ArrowBatchStream::get_next(ArrowArrayStream* stream, ArrowArray* out) {
  auto* self = static_cast<ArrowBatchStream*>(stream->private_data);
  try {
    auto batch = self->next_();
    if (!batch) {
      self->last_error_ = batch.error().message;
      return EIO;
    }
    if (!batch.value()) {
      out->release = nullptr;  // the end of the stream
      return 0;
    }
    ArrowArray* given = batch.value()->get();
    *out = *given;
    given->release = nullptr;  // ownership moved to the consumer
    return 0;
  } catch (const std::exception& error) {
    self->last_error_ = error.what();
    return ENOMEM;
  }
}

const char* ArrowBatchStream::get_last_error(ArrowArrayStream* stream) {
  auto* self = static_cast<ArrowBatchStream*>(stream->private_data);
  return self->last_error_.empty() ? nullptr : self->last_error_.c_str();
}

void ArrowBatchStream::release(ArrowArrayStream* stream) {
  stream->release = nullptr;
}

std::string quote_identifier(std::string_view identifier) {
  std::string quoted = "\"";
  for (char c : identifier) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

Result<std::string> quote_table_name(std::string_view name) {
  std::string quoted;
  size_t parts = 0;
  while (true) {
    const size_t dot = name.find('.');
    const std::string_view part = name.substr(0, dot);
    if (part.empty()) return Error{ErrorKind::kInvalidInput, "invalid table name: empty name part"};
    if (part.size() > kMaxIdentifierBytes)
      return Error{ErrorKind::kInvalidInput, "invalid table name: too long"};
    if (part.find('\0') != std::string_view::npos) {
      return Error{ErrorKind::kInvalidInput, "invalid table name: contains a NUL byte"};
    }
    if (++parts > kMaxNameParts) {
      return Error{ErrorKind::kInvalidInput, "invalid table name: more than catalog.schema.table"};
    }
    if (!quoted.empty()) quoted += '.';
    quoted += quote_identifier(part);
    if (dot == std::string_view::npos) return quoted;
    name.remove_prefix(dot + 1);
  }
}

std::string unique_upload_view_name() {
  static std::atomic<uint64_t> next{0};
  return "__duckwire_arrow_upload_" + std::to_string(next++);
}

}  // namespace duckwire::duckdb
