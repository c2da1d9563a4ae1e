#include "encode/arrow_field_plan.hpp"

#include <cstring>

namespace duckwire::encode {
namespace {

size_t expected_children(const ArrowType& type) {
  switch (type.id) {
    case ArrowTypeId::kList:
    case ArrowTypeId::kLargeList:
    case ArrowTypeId::kListView:
    case ArrowTypeId::kLargeListView:
    case ArrowTypeId::kFixedSizeList:
    case ArrowTypeId::kMap:
      return 1;
    case ArrowTypeId::kSparseUnion:
    case ArrowTypeId::kDenseUnion:
      return type.union_type_ids.size();
    case ArrowTypeId::kStruct:
      return SIZE_MAX;  // any number
    default:
      return 0;
  }
}

class Planner {
 public:
  ArrowFieldPlan plan(const ArrowSchema& schema, bool inside_dictionary) {
    ArrowFieldPlan field;
    field.name = schema.name != nullptr ? schema.name : "";
    field.nullable = (schema.flags & ARROW_FLAG_NULLABLE) != 0;
    field.map_keys_sorted = (schema.flags & ARROW_FLAG_MAP_KEYS_SORTED) != 0;
    field.metadata = parse_arrow_metadata(schema.metadata);
    if (schema.format == nullptr) throw ArrowIpcError("Arrow IPC: a schema field has no format");

    const ArrowSchema* values = &schema;
    if (schema.dictionary != nullptr) {
      if (inside_dictionary) throw ArrowIpcError("Arrow IPC: nested dictionaries are not supported");
      field.index_type = parse_arrow_format(schema.format);
      if (field.index_type.id != ArrowTypeId::kInt) {
        throw ArrowIpcError("Arrow IPC: dictionary indices must be integers, got '" +
                            std::string(schema.format) + "'");
      }
      field.dictionary_id = next_dictionary_id_++;
      field.dictionary_ordered = (schema.flags & ARROW_FLAG_DICTIONARY_ORDERED) != 0;
      values = schema.dictionary;
      if (values->format == nullptr) throw ArrowIpcError("Arrow IPC: a dictionary has no format");
    }
    field.type = parse_arrow_format(values->format);

    size_t expected = expected_children(field.type);
    size_t actual = values->n_children > 0 ? static_cast<size_t>(values->n_children) : 0;
    if (expected != SIZE_MAX && expected != actual) {
      throw ArrowIpcError("Arrow IPC: format '" + std::string(values->format) + "' has " +
                          std::to_string(actual) + " children");
    }
    if (field.type.id == ArrowTypeId::kMap &&
        (values->children[0]->n_children != 2 || std::strcmp(values->children[0]->format, "+s") != 0)) {
      throw ArrowIpcError("Arrow IPC: a map's entries must be a struct of key and value");
    }
    field.children.reserve(actual);
    for (size_t i = 0; i < actual; ++i) {
      field.children.push_back(plan(*values->children[i], inside_dictionary || field.is_dictionary()));
    }
    return field;
  }

  int64_t dictionary_count() const { return next_dictionary_id_; }

 private:
  int64_t next_dictionary_id_ = 0;
};

int32_t read_int32(const char*& cursor) {
  int32_t value;
  std::memcpy(&value, cursor, sizeof(value));
  cursor += sizeof(value);
  return value;
}

std::string read_string(const char*& cursor) {
  int32_t length = read_int32(cursor);
  std::string text(cursor, static_cast<size_t>(length));
  cursor += length;
  return text;
}

}  // namespace

KeyValueList parse_arrow_metadata(const char* metadata) {
  KeyValueList pairs;
  if (metadata == nullptr) return pairs;
  const char* cursor = metadata;
  int32_t count = read_int32(cursor);
  for (int32_t i = 0; i < count; ++i) {
    std::string key = read_string(cursor);
    std::string value = read_string(cursor);
    pairs.emplace_back(std::move(key), std::move(value));
  }
  return pairs;
}

ArrowSchemaPlan plan_arrow_schema(const ArrowSchema& schema) {
  if (schema.format == nullptr || std::strcmp(schema.format, "+s") != 0) {
    throw ArrowIpcError("Arrow IPC: the schema of a result must be a struct ('+s')");
  }
  Planner planner;
  ArrowSchemaPlan plan;
  plan.metadata = parse_arrow_metadata(schema.metadata);
  plan.fields.reserve(static_cast<size_t>(schema.n_children));
  for (int64_t i = 0; i < schema.n_children; ++i)
    plan.fields.push_back(planner.plan(*schema.children[i], false));
  plan.dictionary_count = planner.dictionary_count();
  return plan;
}

}  // namespace duckwire::encode
