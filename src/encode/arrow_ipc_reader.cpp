#include "encode/arrow_ipc_reader.hpp"

#include <cstring>
#include <map>
#include <new>
#include <optional>
#include <string>

#include "encode/arrow_c_export.hpp"
#include "encode/arrow_ipc_body_reader.hpp"
#include "encode/arrow_ipc_concat.hpp"
#include "encode/arrow_ipc_format.hpp"
#include "encode/arrow_ipc_schema_reader.hpp"
#include "encode/flatbuffer_reader.hpp"
#include "util/unaligned.hpp"

namespace duckwire::encode {
namespace {

using ipc::refuse;

constexpr uint32_t kContinuationMarker = 0xFFFFFFFF;
constexpr std::string_view kFileMagic("ARROW1\0\0", 8);
using enum ipc_format::MessageHeader;
using ipc_format::kMetadataV4;
using ipc_format::kMetadataV5;

class StreamReader {
 public:
  StreamReader(std::string_view bytes, const ipc::ReadLimits& limits)
      : bytes_(bytes), limits_(limits), budget_(decoded_byte_budget(bytes, limits)) {}

  ArrowIpcTable read() {
    if (bytes_.starts_with(kFileMagic)) position_ = kFileMagic.size();
    while (read_message()) {
    }
    if (!schema_) refuse("the stream has no schema message");
    ArrowIpcTable table;
    table.schema = ipc::export_schema(*schema_);
    table.batches = std::move(batches_);
    table.rows = rows_;
    return table;
  }

  size_t position() const { return position_; }

 private:
  static ipc::ByteBudget decoded_byte_budget(std::string_view bytes, const ipc::ReadLimits& limits) {
    if (limits.max_decoded_bytes > 0) return ipc::ByteBudget(limits.max_decoded_bytes);
    return ipc::ByteBudget(4 * static_cast<int64_t>(bytes.size()) + (int64_t{64} << 20));
  }

  std::string_view take(size_t count, const char* what) {
    if (bytes_.size() - position_ < count) refuse(std::string("truncated ") + what);
    std::string_view taken = bytes_.substr(position_, count);
    position_ += count;
    return taken;
  }

  // False at the end of the stream.
  bool read_message() {
    if (position_ == bytes_.size()) return false;  // some writers omit the end-of-stream marker
    int32_t length = load_unaligned<int32_t>(take(4, "message length").data());
    if (static_cast<uint32_t>(length) == kContinuationMarker)
      length = load_unaligned<int32_t>(take(4, "message length").data());
    if (length == 0) return false;
    if (length < 0) refuse("negative message length");
    const std::string_view metadata = take(static_cast<size_t>(length), "message metadata");
    const auto message =
        FlatTable::root({reinterpret_cast<const uint8_t*>(metadata.data()), metadata.size()});
    const int16_t version = message.scalar<int16_t>(0, 0);
    if (version != kMetadataV4 && version != kMetadataV5) {
      refuse("unsupported metadata version " + std::to_string(version) + " (V4 and V5 are supported)");
    }
    const int64_t body_length = message.scalar<int64_t>(3, 0);
    if (body_length < 0 || static_cast<uint64_t>(body_length) > bytes_.size() - position_) {
      refuse("truncated message body");
    }
    const std::string_view body = take(static_cast<size_t>(body_length), "message body");
    const std::span<const uint8_t> body_bytes(reinterpret_cast<const uint8_t*>(body.data()), body.size());
    const uint8_t header_type = message.scalar<uint8_t>(1, 0);
    if (header_type != kSchemaHeader && !schema_) refuse("the first message is not a schema");
    switch (header_type) {
      case kSchemaHeader:
        read_schema(message.table(2));
        break;
      case kDictionaryBatchHeader:
        read_dictionary(message.table(2), body_bytes, version);
        break;
      case kRecordBatchHeader:
        read_record_batch(message.table(2), body_bytes, version);
        break;
      default:
        refuse("unsupported message type " + std::to_string(header_type));
    }
    return true;
  }

  void read_schema(const FlatTable& table) {
    if (schema_) refuse("a second schema message");
    schema_ = ipc::read_schema(table, limits_);
    if (schema_->fields.empty()) refuse("the schema has no columns");
    for (const ipc::Field& field : schema_->fields) index_dictionaries(field);
  }

  void index_dictionaries(const ipc::Field& field) {
    if (field.dictionary) dictionary_fields_.emplace(field.dictionary->id, &field);
    for (const ipc::Field& child : field.children) index_dictionaries(child);
  }

  void read_dictionary(const FlatTable& table, std::span<const uint8_t> body, int16_t version) {
    const int64_t id = table.scalar<int64_t>(0, 0);
    auto field = dictionary_fields_.find(id);
    if (field == dictionary_fields_.end())
      refuse("dictionary batch for unknown dictionary " + std::to_string(id));
    const bool is_delta = table.scalar<uint8_t>(2, 0) != 0;
    ipc::BodyReader reader(table.table(1), body, version, dictionaries_, limits_, budget_);
    ipc::ArrayPtr values = reader.read_dictionary_values(*field->second);
    auto existing = dictionaries_.find(id);
    if (is_delta && existing != dictionaries_.end()) {
      values = ipc::concatenate(*field->second, *existing->second, *values, limits_, budget_);
    }
    dictionaries_[id] = std::move(values);
  }

  void read_record_batch(const FlatTable& table, std::span<const uint8_t> body, int16_t version) {
    ipc::BodyReader reader(table, body, version, dictionaries_, limits_, budget_);
    if (reader.length() > limits_.max_rows - rows_) refuse("more rows than allowed");
    std::vector<ipc::ArrayPtr> columns;
    for (const ipc::Field& field : schema_->fields) {
      columns.push_back(reader.read_column(field));
      if (columns.back()->length < reader.length()) refuse("a column is shorter than its record batch");
    }
    batches_.push_back(ipc::export_batch(reader.length(), columns));
    rows_ += reader.length();
  }

  std::string_view bytes_;
  const ipc::ReadLimits& limits_;
  ipc::ByteBudget budget_;
  size_t position_ = 0;
  std::optional<ipc::Schema> schema_;
  std::map<int64_t, const ipc::Field*> dictionary_fields_;
  ipc::DictionaryMap dictionaries_;
  std::vector<arrow::OwnedArray> batches_;
  int64_t rows_ = 0;
};

}  // namespace

Result<ArrowIpcTable> read_arrow_ipc_stream(std::string_view bytes, const ArrowIpcReadLimits& limits) {
  StreamReader reader(bytes, limits);
  try {
    return reader.read();
  } catch (const std::bad_alloc&) {
    return Error{ErrorKind::kOutOfMemory, "out of memory while decoding an Arrow IPC stream"};
  } catch (const std::exception& error) {  // IpcReadError, FlatBufferError
    return Error{ErrorKind::kInvalidInput, "invalid Arrow IPC stream: " + std::string(error.what()) +
                                               " (in the message before byte " +
                                               std::to_string(reader.position()) + ")"};
  }
}

}  // namespace duckwire::encode
