#pragma once
// Test support for the Arrow IPC writer and reader: C data arrays and schemas built from plain values,
// streams written from them, and a small reader of the IPC framing and flatbuffer metadata to check
// what the writer produced.

#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "arrow/c_data.hpp"
#include "encode/arrow_ipc_writer.hpp"
#include "util/unaligned.hpp"

namespace duckwire::ipc_test {

// ---- C data built from values (owned by the test; release callbacks are never needed) ----

struct TestSchema {
  std::string format;
  std::string name;
  std::string metadata;  // C data interface encoding, empty for none
  int64_t flags = ARROW_FLAG_NULLABLE;
  std::vector<std::unique_ptr<TestSchema>> children;
  std::unique_ptr<TestSchema> dictionary;
  std::vector<ArrowSchema*> child_pointers;
  ArrowSchema schema{};

  const ArrowSchema& get() {
    child_pointers.clear();
    for (auto& child : children) child_pointers.push_back(const_cast<ArrowSchema*>(&child->get()));
    schema.format = format.c_str();
    schema.name = name.c_str();
    schema.metadata = metadata.empty() ? nullptr : metadata.data();
    schema.flags = flags;
    schema.n_children = static_cast<int64_t>(children.size());
    schema.children = child_pointers.data();
    schema.dictionary = dictionary ? const_cast<ArrowSchema*>(&dictionary->get()) : nullptr;
    schema.release = nullptr;
    return schema;
  }
};

inline std::unique_ptr<TestSchema> field(std::string format, std::string name,
                                         std::vector<std::unique_ptr<TestSchema>> children = {}) {
  auto schema = std::make_unique<TestSchema>();
  schema->format = std::move(format);
  schema->name = std::move(name);
  schema->children = std::move(children);
  return schema;
}

inline std::string encode_metadata(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::string out;
  auto put = [&](int32_t value) { out.append(reinterpret_cast<const char*>(&value), 4); };
  put(static_cast<int32_t>(pairs.size()));
  for (const auto& [key, value] : pairs) {
    put(static_cast<int32_t>(key.size()));
    out += key;
    put(static_cast<int32_t>(value.size()));
    out += value;
  }
  return out;
}

struct TestArray {
  std::vector<std::string> storage;
  std::vector<bool> present;  // false: a null buffer pointer
  std::vector<const void*> pointers;
  std::vector<std::unique_ptr<TestArray>> children;
  std::vector<ArrowArray*> child_pointers;
  std::unique_ptr<TestArray> dictionary;
  int64_t length = 0;
  int64_t null_count = 0;
  int64_t offset = 0;
  ArrowArray array{};

  void add_buffer(std::string bytes, bool is_present = true) {
    storage.push_back(std::move(bytes));
    present.push_back(is_present);
  }

  const ArrowArray& get() {
    pointers.clear();
    for (size_t i = 0; i < storage.size(); ++i) pointers.push_back(present[i] ? storage[i].data() : nullptr);
    child_pointers.clear();
    for (auto& child : children) child_pointers.push_back(const_cast<ArrowArray*>(&child->get()));
    array.length = length;
    array.null_count = null_count;
    array.offset = offset;
    array.n_buffers = static_cast<int64_t>(pointers.size());
    array.n_children = static_cast<int64_t>(children.size());
    array.buffers = pointers.data();
    array.children = child_pointers.data();
    array.dictionary = dictionary ? const_cast<ArrowArray*>(&dictionary->get()) : nullptr;
    array.release = nullptr;
    return array;
  }
};

// A validity bitmap for `valid`, or an absent buffer when every value is valid.
inline void add_validity(TestArray& array, const std::vector<bool>& valid) {
  std::string bitmap((valid.size() + 7) / 8 + 1, '\0');
  int64_t nulls = 0;
  for (size_t i = 0; i < valid.size(); ++i) {
    if (valid[i]) {
      bitmap[i / 8] = static_cast<char>(bitmap[i / 8] | (1 << (i % 8)));
    } else {
      ++nulls;
    }
  }
  array.null_count = nulls;
  array.add_buffer(nulls > 0 ? bitmap : std::string(), nulls > 0);
}

template <class T>
std::unique_ptr<TestArray> primitive_array(const std::vector<std::optional<T>>& values) {
  auto array = std::make_unique<TestArray>();
  array->length = static_cast<int64_t>(values.size());
  std::vector<bool> valid;
  std::string data;
  for (const auto& value : values) {
    valid.push_back(value.has_value());
    T raw = value.value_or(T{});
    data.append(reinterpret_cast<const char*>(&raw), sizeof(T));
  }
  add_validity(*array, valid);
  array->add_buffer(std::move(data));
  return array;
}

inline std::unique_ptr<TestArray> utf8_array(const std::vector<std::optional<std::string>>& values) {
  auto array = std::make_unique<TestArray>();
  array->length = static_cast<int64_t>(values.size());
  std::vector<bool> valid;
  std::string offsets;
  std::string data;
  auto put = [&](int32_t offset) { offsets.append(reinterpret_cast<const char*>(&offset), 4); };
  put(0);
  for (const auto& value : values) {
    valid.push_back(value.has_value());
    data += value.value_or("");
    put(static_cast<int32_t>(data.size()));
  }
  add_validity(*array, valid);
  array->add_buffer(std::move(offsets));
  array->add_buffer(std::move(data));
  return array;
}

inline std::unique_ptr<TestArray> struct_array(int64_t length,
                                               std::vector<std::unique_ptr<TestArray>> children) {
  auto array = std::make_unique<TestArray>();
  array->length = length;
  array->add_buffer(std::string(), false);
  array->children = std::move(children);
  return array;
}

inline std::unique_ptr<TestSchema> struct_schema(std::vector<std::unique_ptr<TestSchema>> children) {
  auto schema = field("+s", "", std::move(children));
  schema->flags = 0;
  return schema;
}

// ---- writing and reading what the writer produced ----

inline std::string write_stream(const ArrowSchema& schema, const std::vector<const ArrowArray*>& batches,
                                encode::ArrowIpcFormat format = encode::ArrowIpcFormat::kStream) {
  encode::ArrowIpcWriter writer(schema, format);
  std::string out;
  writer.begin(out);
  for (const ArrowArray* batch : batches) writer.write(*batch, out);
  writer.finish(out);
  return out;
}

inline std::string write_stream(TestSchema& schema, const std::vector<TestArray*>& batches) {
  std::vector<const ArrowArray*> arrays;
  for (TestArray* batch : batches) arrays.push_back(&batch->get());
  return write_stream(schema.get(), arrays);
}

class FbTable {
 public:
  explicit FbTable(const uint8_t* table) : table_(table) {}
  static FbTable root(const uint8_t* buffer) { return FbTable(buffer + load_unaligned<uint32_t>(buffer)); }

  bool has(int id) const { return field_offset(id) != 0; }
  template <class T>
  T scalar(int id, T fallback = T{}) const {
    uint16_t at = field_offset(id);
    return at == 0 ? fallback : load_unaligned<T>(table_ + at);
  }
  FbTable table(int id) const { return FbTable(target(id)); }
  std::string_view string(int id) const {
    const uint8_t* at = target(id);
    return {reinterpret_cast<const char*>(at + 4), load_unaligned<uint32_t>(at)};
  }
  uint32_t vector_size(int id) const { return has(id) ? load_unaligned<uint32_t>(target(id)) : 0; }
  const uint8_t* vector_data(int id) const { return target(id) + 4; }
  FbTable table_at(int id, uint32_t index) const {
    const uint8_t* slot = vector_data(id) + 4 * index;
    return FbTable(slot + load_unaligned<uint32_t>(slot));
  }
  const uint8_t* address() const { return table_; }

 private:
  uint16_t field_offset(int id) const {
    const uint8_t* vtable = table_ - load_unaligned<int32_t>(table_);
    uint16_t vtable_size = load_unaligned<uint16_t>(vtable);
    size_t at = 4 + 2 * static_cast<size_t>(id);
    return at < vtable_size ? load_unaligned<uint16_t>(vtable + at) : 0;
  }
  const uint8_t* target(int id) const {
    uint16_t at = field_offset(id);
    if (at == 0) throw std::runtime_error("flatbuffer field " + std::to_string(id) + " is absent");
    return table_ + at + load_unaligned<uint32_t>(table_ + at);
  }
  const uint8_t* table_;
};

enum HeaderType : uint8_t { kSchema = 1, kDictionaryBatch = 2, kRecordBatch = 3 };

struct Message {
  size_t position = 0;  // of the continuation marker
  int32_t metadata_length = 0;
  const uint8_t* metadata = nullptr;
  std::string_view body;

  FbTable table() const { return FbTable::root(metadata); }
  uint8_t header_type() const { return table().scalar<uint8_t>(1); }
  FbTable header() const { return table().table(2); }
  // The RecordBatch table of a record batch or dictionary batch.
  FbTable record_batch() const { return header_type() == kRecordBatch ? header() : header().table(1); }
  int64_t node_count() const { return record_batch().vector_size(1); }
  std::pair<int64_t, int64_t> node(uint32_t index) const {
    const uint8_t* at = record_batch().vector_data(1) + 16 * index;
    return {load_unaligned<int64_t>(at), load_unaligned<int64_t>(at + 8)};
  }
  int64_t buffer_count() const { return record_batch().vector_size(2); }
  std::pair<int64_t, int64_t> buffer_range(uint32_t index) const {
    const uint8_t* at = record_batch().vector_data(2) + 16 * index;
    return {load_unaligned<int64_t>(at), load_unaligned<int64_t>(at + 8)};
  }
  std::string_view buffer(uint32_t index) const {
    auto [offset, length] = buffer_range(index);
    return body.substr(static_cast<size_t>(offset), static_cast<size_t>(length));
  }
};

// Reads encapsulated messages from `position` up to and including the end-of-stream marker,
// checking the framing rules on the way; returns the position after the marker.
inline size_t read_messages(std::string_view data, size_t position, std::vector<Message>& messages) {
  auto fail = [&](const std::string& what) {
    throw std::runtime_error(what + " at byte " + std::to_string(position));
  };
  while (true) {
    if (position % 8 != 0) fail("message not 8-byte aligned");
    if (position + 8 > data.size()) fail("truncated message prefix");
    if (load_unaligned<uint32_t>(data.data() + position) != 0xFFFFFFFF) fail("missing continuation marker");
    int32_t length = load_unaligned<int32_t>(data.data() + position + 4);
    if (length == 0) return position + 8;
    if (length % 8 != 0) fail("metadata length not a multiple of 8");
    Message message;
    message.position = position;
    message.metadata_length = length;
    message.metadata = reinterpret_cast<const uint8_t*>(data.data() + position + 8);
    if (position + 8 + length > data.size()) fail("truncated metadata");
    if (message.table().scalar<int16_t>(0) != 4) fail("metadata version is not V5");
    int64_t body_length = message.table().scalar<int64_t>(3);
    if (body_length % 8 != 0) fail("body length not a multiple of 8");
    size_t body_start = position + 8 + static_cast<size_t>(length);
    if (body_start + body_length > data.size()) fail("truncated body");
    message.body = data.substr(body_start, static_cast<size_t>(body_length));
    messages.push_back(message);
    position = body_start + static_cast<size_t>(body_length);
  }
}

inline std::vector<Message> read_stream(std::string_view data) {
  std::vector<Message> messages;
  size_t end = read_messages(data, 0, messages);
  if (end != data.size()) throw std::runtime_error("bytes after the end-of-stream marker");
  return messages;
}

}  // namespace duckwire::ipc_test
