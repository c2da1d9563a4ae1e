#include "encode/arrow_ipc_writer.hpp"

#include <algorithm>
#include <cstring>
#include <string_view>
#include <vector>

#include "encode/arrow_field_plan.hpp"
#include "encode/arrow_ipc_body.hpp"
#include "encode/arrow_ipc_metadata.hpp"
#include "encode/flatbuffer_builder.hpp"

namespace duckwire::encode {
namespace {

constexpr std::string_view kFileMagic("ARROW1\0\0", 8);  // magic padded to 8 bytes
constexpr uint32_t kContinuation = 0xFFFFFFFF;

void append_u32(std::string& out, uint32_t value) {
  out.append(reinterpret_cast<const char*>(&value), 4);
}

// Grows geometrically so a caller that never clears `out` still gets amortised appends.
void reserve_more(std::string& out, size_t extra) {
  if (out.capacity() - out.size() < extra) out.reserve(std::max(out.size() + extra, out.capacity() * 2));
}

struct DictionaryField {
  const ArrowFieldPlan* field;
  const ArrowArray* values;
};

void collect_dictionaries(const ArrowFieldPlan& field, const ArrowArray& array,
                          std::vector<DictionaryField>& found) {
  if (field.is_dictionary()) {
    if (array.dictionary == nullptr) {
      throw ArrowIpcError("Arrow IPC: dictionary-encoded field '" + field.name + "' has no dictionary");
    }
    found.push_back({&field, array.dictionary});
    return;
  }
  if (array.n_children != static_cast<int64_t>(field.children.size())) {
    throw ArrowIpcError("Arrow IPC: field '" + field.name +
                        "' has an array with a different number of children");
  }
  for (size_t i = 0; i < field.children.size(); ++i)
    collect_dictionaries(field.children[i], *array.children[i], found);
}

// What a dictionary encoded to, to tell an unchanged dictionary from a new one.
struct DictionaryContent {
  int64_t length = 0;
  std::string fingerprint;  // field nodes, buffer lengths and body bytes
};

std::string fingerprint(const IpcBody& body) {
  std::string bytes;
  bytes.reserve(static_cast<size_t>(body.size()) + body.nodes().size() * 16 + body.buffers().size() * 8);
  bytes.append(reinterpret_cast<const char*>(body.nodes().data()),
               body.nodes().size() * sizeof(IpcFieldNode));
  for (const IpcBuffer& buffer : body.buffers()) {
    bytes.append(reinterpret_cast<const char*>(&buffer.length), sizeof(buffer.length));
  }
  body.write(bytes);
  return bytes;
}

}  // namespace

struct ArrowIpcWriter::State {
  enum class Phase { kCreated, kStarted, kFinished };

  ArrowIpcFormat format;
  ArrowSchemaPlan schema;
  Phase phase = Phase::kCreated;
  FlatBufferBuilder builder;
  IpcBody body;
  IpcBody scratch_body;
  std::vector<DictionaryField> dictionary_fields;
  std::vector<DictionaryContent> dictionaries;  // by id; length -1 until first sent
  int64_t position = 0;
  std::vector<IpcBlock> dictionary_blocks;
  std::vector<IpcBlock> record_batch_blocks;

  void expect(Phase expected, const char* call) const {
    if (phase != expected) throw ArrowIpcError(std::string("Arrow IPC: ") + call + " called out of order");
  }

  // Appends one encapsulated message: marker, metadata length, padded flatbuffer, body.
  IpcBlock append_message(std::string_view metadata, const IpcBody& message_body, std::string& out) {
    const int64_t padded_metadata = (static_cast<int64_t>(metadata.size()) + 7) & ~int64_t{7};
    const int64_t body_size = message_body.size();
    reserve_more(out, static_cast<size_t>(8 + padded_metadata + body_size));
    const size_t start = out.size();
    append_u32(out, kContinuation);
    append_u32(out, static_cast<uint32_t>(padded_metadata));
    out.append(metadata);
    out.append(static_cast<size_t>(padded_metadata) - metadata.size(), '\0');
    message_body.write(out);
    IpcBlock block{position, static_cast<int32_t>(8 + padded_metadata), body_size};
    position += static_cast<int64_t>(out.size() - start);
    return block;
  }

  void append_dictionary(int64_t id, bool is_delta, int64_t length, const IpcBody& values, std::string& out) {
    auto metadata = build_dictionary_batch_message(builder, id, is_delta, length, values);
    IpcBlock block = append_message(metadata, values, out);
    if (format == ArrowIpcFormat::kFile) dictionary_blocks.push_back(block);
  }

  // Sends a dictionary the first time and whenever it changes: as a delta when the old one is a
  // prefix of the new one, otherwise as a replacement (which the file format does not allow).
  void write_dictionary(const ArrowFieldPlan& field, const ArrowArray& values, std::string& out) {
    DictionaryContent& sent = dictionaries[static_cast<size_t>(field.dictionary_id)];
    scratch_body.clear();
    scratch_body.add_dictionary_values(field, values, values.offset, values.length);
    std::string current = fingerprint(scratch_body);
    if (sent.length >= 0 && current == sent.fingerprint) return;

    if (sent.length >= 0 && values.length > sent.length) {
      scratch_body.clear();
      scratch_body.add_dictionary_values(field, values, values.offset, sent.length);
      if (fingerprint(scratch_body) == sent.fingerprint) {
        scratch_body.clear();
        scratch_body.add_dictionary_values(field, values, values.offset + sent.length,
                                           values.length - sent.length);
        append_dictionary(field.dictionary_id, true, values.length - sent.length, scratch_body, out);
        sent = {values.length, std::move(current)};
        return;
      }
    }
    if (sent.length >= 0 && format == ArrowIpcFormat::kFile) {
      throw ArrowIpcError("Arrow IPC: the dictionary of field '" + field.name +
                          "' changed; the file format cannot replace a dictionary");
    }
    scratch_body.clear();
    scratch_body.add_dictionary_values(field, values, values.offset, values.length);
    append_dictionary(field.dictionary_id, false, values.length, scratch_body, out);
    sent = {values.length, std::move(current)};
  }
};

ArrowIpcWriter::ArrowIpcWriter(const ArrowSchema& schema, ArrowIpcFormat format)
    : state_(std::make_unique<State>()) {
  state_->format = format;
  state_->schema = plan_arrow_schema(schema);
  state_->dictionaries.resize(static_cast<size_t>(state_->schema.dictionary_count),
                              DictionaryContent{-1, {}});
}

ArrowIpcWriter::~ArrowIpcWriter() = default;

int64_t ArrowIpcWriter::bytes_written() const {
  return state_->position;
}

void ArrowIpcWriter::begin(std::string& out) {
  State& s = *state_;
  s.expect(State::Phase::kCreated, "begin()");
  if (s.format == ArrowIpcFormat::kFile) {
    out.append(kFileMagic);
    s.position += static_cast<int64_t>(kFileMagic.size());
  }
  s.body.clear();
  s.append_message(build_schema_message(s.builder, s.schema), s.body, out);
  s.phase = State::Phase::kStarted;
}

void ArrowIpcWriter::write(const ArrowArray& batch, std::string& out) {
  State& s = *state_;
  s.expect(State::Phase::kStarted, "write()");
  if (batch.n_children != static_cast<int64_t>(s.schema.fields.size())) {
    throw ArrowIpcError("Arrow IPC: a batch has " + std::to_string(batch.n_children) +
                        " columns, the schema " + std::to_string(s.schema.fields.size()));
  }
  if (s.schema.dictionary_count > 0) {
    s.dictionary_fields.clear();
    for (size_t i = 0; i < s.schema.fields.size(); ++i) {
      collect_dictionaries(s.schema.fields[i], *batch.children[i], s.dictionary_fields);
    }
    for (const DictionaryField& found : s.dictionary_fields)
      s.write_dictionary(*found.field, *found.values, out);
  }

  // Columns of a struct array are read through its offset as well as their own.
  s.body.clear();
  for (size_t i = 0; i < s.schema.fields.size(); ++i) {
    const ArrowArray& column = *batch.children[i];
    s.body.add_column(s.schema.fields[i], column, column.offset + batch.offset, batch.length);
  }
  auto metadata = build_record_batch_message(s.builder, batch.length, s.body);
  IpcBlock block = s.append_message(metadata, s.body, out);
  if (s.format == ArrowIpcFormat::kFile) s.record_batch_blocks.push_back(block);
}

void ArrowIpcWriter::finish(std::string& out) {
  State& s = *state_;
  s.expect(State::Phase::kStarted, "finish()");
  append_u32(out, kContinuation);
  append_u32(out, 0);
  s.position += 8;
  if (s.format == ArrowIpcFormat::kFile) {
    std::string_view footer = build_footer(s.builder, s.schema, s.dictionary_blocks, s.record_batch_blocks);
    out.append(footer);
    append_u32(out, static_cast<uint32_t>(footer.size()));
    out.append(kFileMagic.substr(0, 6));
    s.position += static_cast<int64_t>(footer.size()) + 4 + 6;
  }
  s.phase = State::Phase::kFinished;
}

}  // namespace duckwire::encode
