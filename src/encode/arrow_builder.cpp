#include "encode/arrow_builder.hpp"

#include <cerrno>
#include <cstring>
#include <exception>
#include <limits>
#include <new>
#include <stdexcept>
#include <utility>

#include "encode/arrow_c_export.hpp"

namespace duckwire::encode {
namespace {

ipc::BufferPtr buffer_of(const void* data, size_t size) {
  auto buffer = std::make_shared<ipc::Buffer>(size);
  if (size > 0) std::memcpy(buffer->data(), data, size);
  return buffer;
}

void set_bit(std::vector<uint8_t>& bits, int64_t index, bool value) {
  const auto byte = static_cast<size_t>(index / 8);
  if (byte == bits.size()) bits.push_back(0);
  if (value) bits[byte] = static_cast<uint8_t>(bits[byte] | (1u << (index % 8)));
}

bool is_timestamp(ArrowColumnType type) {
  return type == ArrowColumnType::kTimestampMicros || type == ArrowColumnType::kTimestampMicrosUtc;
}

}  // namespace

const char* arrow_format(ArrowColumnType type) {
  switch (type) {
    case ArrowColumnType::kInt64:
      return "l";
    case ArrowColumnType::kFloat64:
      return "g";
    case ArrowColumnType::kBool:
      return "b";
    case ArrowColumnType::kUtf8:
      return "u";
    case ArrowColumnType::kDate32:
      return "tdD";
    case ArrowColumnType::kTimestampMicros:
      return "tsu:";
    case ArrowColumnType::kTimestampMicrosUtc:
      return "tsu:UTC";
  }
  return "n";
}

// ---- columns ----

ArrowColumnBuilder::ArrowColumnBuilder(ArrowColumnType type) : type_(type) {
  if (type_ == ArrowColumnType::kUtf8) offsets_.push_back(0);
}

void ArrowColumnBuilder::reserve(size_t rows) {
  validity_.reserve((rows + 7) / 8);
  switch (type_) {
    case ArrowColumnType::kBool:
      values_.reserve((rows + 7) / 8);
      break;
    case ArrowColumnType::kUtf8:
      offsets_.reserve(rows + 1);
      break;
    case ArrowColumnType::kDate32:
      values_.reserve(rows * sizeof(int32_t));
      break;
    default:
      values_.reserve(rows * sizeof(int64_t));
  }
}

void ArrowColumnBuilder::expect(ArrowColumnType type) const {
  if (type != type_ && !(is_timestamp(type) && is_timestamp(type_))) {
    throw std::logic_error(std::string("an Arrow column of type ") + arrow_format(type_) +
                           " cannot take a value of type " + arrow_format(type));
  }
}

void ArrowColumnBuilder::append_validity(bool valid) {
  set_bit(validity_, length_, valid);
  if (!valid) ++null_count_;
  ++length_;
}

template <class T>
void ArrowColumnBuilder::append_fixed(T value) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(&value);
  values_.insert(values_.end(), bytes, bytes + sizeof(T));
  append_validity(true);
}

void ArrowColumnBuilder::append_null() {
  switch (type_) {
    case ArrowColumnType::kBool:
      set_bit(values_, length_, false);
      break;
    case ArrowColumnType::kUtf8:
      offsets_.push_back(offsets_.back());
      break;
    case ArrowColumnType::kDate32:
      values_.resize(values_.size() + sizeof(int32_t));
      break;
    default:
      values_.resize(values_.size() + sizeof(int64_t));
  }
  append_validity(false);
}

void ArrowColumnBuilder::append_int64(int64_t value) {
  expect(ArrowColumnType::kInt64);
  append_fixed(value);
}

void ArrowColumnBuilder::append_float64(double value) {
  expect(ArrowColumnType::kFloat64);
  append_fixed(value);
}

void ArrowColumnBuilder::append_bool(bool value) {
  expect(ArrowColumnType::kBool);
  set_bit(values_, length_, value);
  append_validity(true);
}

void ArrowColumnBuilder::append_string(std::string_view value) {
  expect(ArrowColumnType::kUtf8);
  if (value.size() > static_cast<size_t>(std::numeric_limits<int32_t>::max()) - text_.size()) {
    throw std::length_error("an Arrow utf8 column cannot hold more than 2 GiB of text");
  }
  text_ += value;
  offsets_.push_back(static_cast<int32_t>(text_.size()));
  append_validity(true);
}

void ArrowColumnBuilder::append_date32(int32_t days) {
  expect(ArrowColumnType::kDate32);
  append_fixed(days);
}

void ArrowColumnBuilder::append_timestamp(int64_t micros) {
  expect(ArrowColumnType::kTimestampMicros);
  append_fixed(micros);
}

void ArrowColumnBuilder::mark_utc() {
  expect(ArrowColumnType::kTimestampMicros);
  type_ = ArrowColumnType::kTimestampMicrosUtc;
}

ArrowColumn ArrowColumnBuilder::finish(std::string name) && {
  auto array = std::make_shared<ipc::Array>();
  array->length = length_;
  array->null_count = null_count_;
  array->buffers.push_back(null_count_ > 0 ? buffer_of(validity_.data(), validity_.size()) : nullptr);
  if (type_ == ArrowColumnType::kUtf8) {
    array->buffers.push_back(buffer_of(offsets_.data(), offsets_.size() * sizeof(int32_t)));
    array->buffers.push_back(buffer_of(text_.data(), text_.size()));
  } else {
    array->buffers.push_back(buffer_of(values_.data(), values_.size()));
  }
  return ArrowColumn{std::move(name), type_, std::move(array)};
}

// ---- batches ----

ArrowRecordBatch::ArrowRecordBatch(std::vector<ArrowColumn> columns) : columns_(std::move(columns)) {
  if (!columns_.empty()) num_rows_ = columns_.front().array->length;
  for (const ArrowColumn& column : columns_) {
    if (column.array->length != num_rows_) {
      throw std::invalid_argument("the columns of an Arrow record batch differ in length: '" +
                                  columns_.front().name + "' has " + std::to_string(num_rows_) + ", '" +
                                  column.name + "' has " + std::to_string(column.array->length));
    }
  }
}

arrow::OwnedSchema ArrowRecordBatch::export_schema() const {
  ipc::Schema schema;
  for (const ArrowColumn& column : columns_) {
    ipc::Field field;
    field.name = column.name;
    field.type = parse_arrow_format(arrow_format(column.type));
    schema.fields.push_back(std::move(field));
  }
  return ipc::export_schema(schema);
}

arrow::OwnedArray ArrowRecordBatch::export_array() const {
  std::vector<ipc::ArrayPtr> arrays;
  for (const ArrowColumn& column : columns_) arrays.push_back(column.array);
  return ipc::export_batch(num_rows_, arrays);
}

// ---- streams ----

namespace {

struct StreamState {
  std::vector<std::shared_ptr<const ArrowRecordBatch>> batches;
  size_t next = 0;
  std::string last_error;
};

StreamState& state_of(ArrowArrayStream* stream) {
  return *static_cast<StreamState*>(stream->private_data);
}

// Runs `produce`, turning an exception into an errno code and the stream's last error.
template <class Produce>
int guarded(ArrowArrayStream* stream, Produce produce) {
  try {
    produce();
    return 0;
  } catch (const std::bad_alloc&) {
    state_of(stream).last_error = "out of memory";
    return ENOMEM;
  } catch (const std::exception& error) {
    state_of(stream).last_error = error.what();
    return EINVAL;
  }
}

int stream_get_schema(ArrowArrayStream* stream, ArrowSchema* out) {
  return guarded(stream, [&] {
    arrow::OwnedSchema schema = state_of(stream).batches.front()->export_schema();
    *out = *schema.get();
    schema.get()->release = nullptr;
  });
}

int stream_get_next(ArrowArrayStream* stream, ArrowArray* out) {
  return guarded(stream, [&] {
    StreamState& state = state_of(stream);
    if (state.next == state.batches.size()) {
      out->release = nullptr;
      return;
    }
    arrow::OwnedArray array = state.batches[state.next]->export_array();
    ++state.next;
    *out = *array.get();
    array.get()->release = nullptr;
  });
}

const char* stream_get_last_error(ArrowArrayStream* stream) {
  const std::string& error = state_of(stream).last_error;
  return error.empty() ? nullptr : error.c_str();
}

void stream_release(ArrowArrayStream* stream) {
  delete static_cast<StreamState*>(stream->private_data);
  stream->release = nullptr;
}

bool same_columns(const ArrowRecordBatch& a, const ArrowRecordBatch& b) {
  if (a.columns().size() != b.columns().size()) return false;
  for (size_t i = 0; i < a.columns().size(); ++i) {
    if (a.columns()[i].name != b.columns()[i].name || a.columns()[i].type != b.columns()[i].type)
      return false;
  }
  return true;
}

}  // namespace

void export_stream(std::vector<std::shared_ptr<const ArrowRecordBatch>> batches, ArrowArrayStream& out) {
  if (batches.empty()) throw std::invalid_argument("an Arrow stream needs at least one record batch");
  for (const auto& batch : batches) {
    if (!same_columns(*batches.front(), *batch)) {
      throw std::invalid_argument("the record batches of an Arrow stream differ in their columns");
    }
  }
  auto state = std::make_unique<StreamState>();
  state->batches = std::move(batches);
  out.get_schema = stream_get_schema;
  out.get_next = stream_get_next;
  out.get_last_error = stream_get_last_error;
  out.release = stream_release;
  out.private_data = state.release();
}

}  // namespace duckwire::encode
