#include "encode/arrow_c_export.hpp"

#include <memory>

namespace duckwire::encode {

std::string format_string(const ArrowType& type) {
  auto time_unit_code = [&] { return std::string(1, "smun"[type.unit & 3]); };
  switch (type.id) {
    case ArrowTypeId::kNull:
      return "n";
    case ArrowTypeId::kBool:
      return "b";
    case ArrowTypeId::kInt: {
      const char* codes = type.is_signed ? "csil" : "CSIL";
      const int index = type.bit_width == 8 ? 0 : type.bit_width == 16 ? 1 : type.bit_width == 32 ? 2 : 3;
      return std::string(1, codes[index]);
    }
    case ArrowTypeId::kFloat:
      return type.bit_width == 16 ? "e" : type.bit_width == 32 ? "f" : "g";
    case ArrowTypeId::kDecimal: {
      std::string format = "d:" + std::to_string(type.precision) + "," + std::to_string(type.scale);
      if (type.bit_width != 128) format += "," + std::to_string(type.bit_width);
      return format;
    }
    case ArrowTypeId::kDate:
      return type.unit == static_cast<int16_t>(DateUnit::kDay) ? "tdD" : "tdm";
    case ArrowTypeId::kTime:
      return "tt" + time_unit_code();
    case ArrowTypeId::kTimestamp:
      return "ts" + time_unit_code() + ":" + type.timezone;
    case ArrowTypeId::kDuration:
      return "tD" + time_unit_code();
    case ArrowTypeId::kInterval:
      switch (static_cast<IntervalUnit>(type.unit)) {
        case IntervalUnit::kYearMonth:
          return "tiM";
        case IntervalUnit::kDayTime:
          return "tiD";
        case IntervalUnit::kMonthDayNano:
          return "tin";
      }
      return "tin";
    case ArrowTypeId::kFixedSizeBinary:
      return "w:" + std::to_string(type.fixed_size);
    case ArrowTypeId::kBinary:
      return "z";
    case ArrowTypeId::kUtf8:
      return "u";
    case ArrowTypeId::kLargeBinary:
      return "Z";
    case ArrowTypeId::kLargeUtf8:
      return "U";
    case ArrowTypeId::kBinaryView:
      return "vz";
    case ArrowTypeId::kUtf8View:
      return "vu";
    case ArrowTypeId::kList:
      return "+l";
    case ArrowTypeId::kLargeList:
      return "+L";
    case ArrowTypeId::kListView:
      return "+vl";
    case ArrowTypeId::kLargeListView:
      return "+vL";
    case ArrowTypeId::kFixedSizeList:
      return "+w:" + std::to_string(type.fixed_size);
    case ArrowTypeId::kStruct:
      return "+s";
    case ArrowTypeId::kMap:
      return "+m";
    case ArrowTypeId::kSparseUnion:
    case ArrowTypeId::kDenseUnion: {
      std::string format = type.id == ArrowTypeId::kSparseUnion ? "+us:" : "+ud:";
      for (size_t i = 0; i < type.union_type_ids.size(); ++i) {
        if (i > 0) format += ",";
        format += std::to_string(type.union_type_ids[i]);
      }
      return format;
    }
  }
  return "n";
}

namespace ipc {
namespace {

std::string encode_metadata(const KeyValueList& pairs) {
  std::string out;
  auto put = [&](size_t value) {
    const int32_t length = static_cast<int32_t>(value);
    out.append(reinterpret_cast<const char*>(&length), sizeof(length));
  };
  put(pairs.size());
  for (const auto& [key, value] : pairs) {
    put(key.size());
    out += key;
    put(value.size());
    out += value;
  }
  return out;
}

// ---- schemas ----

// Owns everything one exported schema node points to; children it still holds die with it.
struct SchemaHolder {
  SchemaHolder() = default;
  SchemaHolder(const SchemaHolder&) = delete;
  SchemaHolder& operator=(const SchemaHolder&) = delete;
  ~SchemaHolder() {
    for (ArrowSchema& child : children) {
      if (child.release != nullptr) child.release(&child);
    }
    if (dictionary.release != nullptr) dictionary.release(&dictionary);
  }

  std::string format;
  std::string name;
  std::string metadata;  // empty: none
  std::vector<ArrowSchema> children;
  std::vector<ArrowSchema*> child_pointers;
  ArrowSchema dictionary{};
};

void release_schema(ArrowSchema* schema) {
  std::unique_ptr<SchemaHolder> holder(static_cast<SchemaHolder*>(schema->private_data));
  schema->release = nullptr;
}

// Fills `out` and hands it ownership of a new holder.
void fill_schema(ArrowSchema& out, std::unique_ptr<SchemaHolder> holder, int64_t flags) {
  holder->child_pointers.clear();
  for (ArrowSchema& child : holder->children) holder->child_pointers.push_back(&child);
  out.format = holder->format.c_str();
  out.name = holder->name.c_str();
  out.metadata = holder->metadata.empty() ? nullptr : holder->metadata.data();
  out.flags = flags;
  out.n_children = static_cast<int64_t>(holder->children.size());
  out.children = holder->child_pointers.data();
  out.dictionary = holder->dictionary.release != nullptr ? &holder->dictionary : nullptr;
  out.release = release_schema;
  out.private_data = holder.release();
}

void export_field(const Field& field, ArrowSchema& out);

// The value type of a field (for a dictionary-encoded field, its dictionary's schema).
void export_value_type(const Field& field, std::string name, std::string metadata, int64_t flags,
                       ArrowSchema& out) {
  auto holder = std::make_unique<SchemaHolder>();
  holder->format = format_string(field.type);
  holder->name = std::move(name);
  holder->metadata = std::move(metadata);
  holder->children.resize(field.children.size());
  for (size_t i = 0; i < field.children.size(); ++i) export_field(field.children[i], holder->children[i]);
  if (field.type.id == ArrowTypeId::kMap && field.map_keys_sorted) flags |= ARROW_FLAG_MAP_KEYS_SORTED;
  fill_schema(out, std::move(holder), flags);
}

void export_field(const Field& field, ArrowSchema& out) {
  const int64_t nullable = field.nullable ? ARROW_FLAG_NULLABLE : 0;
  const std::string metadata = field.metadata.empty() ? std::string() : encode_metadata(field.metadata);
  if (!field.dictionary) return export_value_type(field, field.name, metadata, nullable, out);
  auto holder = std::make_unique<SchemaHolder>();
  holder->format = format_string(field.dictionary->index_type);
  holder->name = field.name;
  holder->metadata = metadata;
  export_value_type(field, "", "", ARROW_FLAG_NULLABLE, holder->dictionary);
  const int64_t ordered = field.dictionary->ordered ? ARROW_FLAG_DICTIONARY_ORDERED : 0;
  fill_schema(out, std::move(holder), nullable | ordered);
}

// ---- arrays ----

struct ArrayHolder {
  ArrayHolder() = default;
  ArrayHolder(const ArrayHolder&) = delete;
  ArrayHolder& operator=(const ArrayHolder&) = delete;
  ~ArrayHolder() {
    for (ArrowArray& child : children) {
      if (child.release != nullptr) child.release(&child);
    }
    if (dictionary.release != nullptr) dictionary.release(&dictionary);
  }

  std::vector<BufferPtr> buffers;
  std::vector<const void*> buffer_pointers;
  std::vector<ArrowArray> children;
  std::vector<ArrowArray*> child_pointers;
  ArrowArray dictionary{};
};

void release_array(ArrowArray* array) {
  std::unique_ptr<ArrayHolder> holder(static_cast<ArrayHolder*>(array->private_data));
  array->release = nullptr;
}

void fill_array(ArrowArray& out, std::unique_ptr<ArrayHolder> holder, int64_t length, int64_t null_count) {
  for (const BufferPtr& buffer : holder->buffers)
    holder->buffer_pointers.push_back(buffer ? buffer->data() : nullptr);
  for (ArrowArray& child : holder->children) holder->child_pointers.push_back(&child);
  out.length = length;
  out.null_count = null_count;
  out.offset = 0;
  out.n_buffers = static_cast<int64_t>(holder->buffers.size());
  out.n_children = static_cast<int64_t>(holder->children.size());
  out.buffers = holder->buffer_pointers.data();
  out.children = holder->child_pointers.data();
  out.dictionary = holder->dictionary.release != nullptr ? &holder->dictionary : nullptr;
  out.release = release_array;
  out.private_data = holder.release();
}

void export_array(const Array& array, ArrowArray& out) {
  auto holder = std::make_unique<ArrayHolder>();
  holder->buffers = array.buffers;
  holder->children.resize(array.children.size());
  for (size_t i = 0; i < array.children.size(); ++i) export_array(*array.children[i], holder->children[i]);
  if (array.dictionary) export_array(*array.dictionary, holder->dictionary);
  fill_array(out, std::move(holder), array.length, array.null_count);
}

}  // namespace

arrow::OwnedSchema export_schema(const Schema& schema) {
  auto holder = std::make_unique<SchemaHolder>();
  holder->format = "+s";
  holder->metadata = schema.metadata.empty() ? std::string() : encode_metadata(schema.metadata);
  holder->children.resize(schema.fields.size());
  for (size_t i = 0; i < schema.fields.size(); ++i) export_field(schema.fields[i], holder->children[i]);
  arrow::OwnedSchema out;
  fill_schema(*out.out(), std::move(holder), 0);
  return out;
}

arrow::OwnedArray export_batch(int64_t length, const std::vector<ArrayPtr>& columns) {
  auto holder = std::make_unique<ArrayHolder>();
  holder->buffers.push_back(nullptr);
  holder->children.resize(columns.size());
  for (size_t i = 0; i < columns.size(); ++i) export_array(*columns[i], holder->children[i]);
  arrow::OwnedArray out;
  fill_array(*out.out(), std::move(holder), length, 0);
  return out;
}

}  // namespace ipc
}  // namespace duckwire::encode
