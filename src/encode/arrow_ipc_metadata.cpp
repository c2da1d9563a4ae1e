#include "encode/arrow_ipc_metadata.hpp"

#include <bit>
#include <cstring>
#include <vector>

#include "encode/arrow_ipc_format.hpp"

namespace duckwire::encode {
namespace {

static_assert(std::endian::native == std::endian::little, "Arrow IPC output is written little-endian");
static_assert(sizeof(IpcFieldNode) == 16 && sizeof(IpcBuffer) == 16, "FieldNode and Buffer are two longs");

using Ref = FlatBufferBuilder::Ref;

using enum ipc_format::MessageHeader;
using enum ipc_format::TypeTag;
using ipc_format::kMetadataV5;

Ref empty_table(FlatBufferBuilder& builder) {
  builder.start_table();
  return builder.end_table();
}

Ref int_table(FlatBufferBuilder& builder, const ArrowType& type) {
  builder.start_table();
  builder.add_scalar<int32_t>(0, type.bit_width);
  builder.add_bool(1, type.is_signed);
  return builder.end_table();
}

Ref unit_table(FlatBufferBuilder& builder, int16_t unit) {
  builder.start_table();
  builder.add_scalar<int16_t>(0, unit);
  return builder.end_table();
}

// Returns the union tag and the type table of a field.
std::pair<uint8_t, Ref> add_type(FlatBufferBuilder& builder, const ArrowFieldPlan& field) {
  const ArrowType& type = field.type;
  switch (type.id) {
    case ArrowTypeId::kNull:
      return {kNullTag, empty_table(builder)};
    case ArrowTypeId::kBool:
      return {kBoolTag, empty_table(builder)};
    case ArrowTypeId::kInt:
      return {kIntTag, int_table(builder, type)};
    case ArrowTypeId::kFloat: {
      const int16_t precision = type.bit_width == 16   ? ipc_format::kHalfPrecision
                                : type.bit_width == 32 ? ipc_format::kSinglePrecision
                                                       : ipc_format::kDoublePrecision;
      return {kFloatingPointTag, unit_table(builder, precision)};
    }
    case ArrowTypeId::kDecimal: {
      builder.start_table();
      builder.add_scalar<int32_t>(0, type.precision);
      builder.add_scalar<int32_t>(1, type.scale);
      builder.add_scalar<int32_t>(2, type.bit_width);
      return {kDecimalTag, builder.end_table()};
    }
    case ArrowTypeId::kDate:
      return {kDateTag, unit_table(builder, type.unit)};
    case ArrowTypeId::kTime: {
      builder.start_table();
      builder.add_scalar<int16_t>(0, type.unit);
      builder.add_scalar<int32_t>(1, type.bit_width);
      return {kTimeTag, builder.end_table()};
    }
    case ArrowTypeId::kTimestamp: {
      Ref timezone = type.timezone.empty() ? 0 : builder.add_string(type.timezone);
      builder.start_table();
      builder.add_scalar<int16_t>(0, type.unit);
      if (!type.timezone.empty()) builder.add_ref(1, timezone);
      return {kTimestampTag, builder.end_table()};
    }
    case ArrowTypeId::kDuration:
      return {kDurationTag, unit_table(builder, type.unit)};
    case ArrowTypeId::kInterval:
      return {kIntervalTag, unit_table(builder, type.unit)};
    case ArrowTypeId::kFixedSizeBinary: {
      builder.start_table();
      builder.add_scalar<int32_t>(0, type.fixed_size);
      return {kFixedSizeBinaryTag, builder.end_table()};
    }
    case ArrowTypeId::kBinary:
      return {kBinaryTag, empty_table(builder)};
    case ArrowTypeId::kUtf8:
      return {kUtf8Tag, empty_table(builder)};
    case ArrowTypeId::kLargeBinary:
      return {kLargeBinaryTag, empty_table(builder)};
    case ArrowTypeId::kLargeUtf8:
      return {kLargeUtf8Tag, empty_table(builder)};
    case ArrowTypeId::kBinaryView:
      return {kBinaryViewTag, empty_table(builder)};
    case ArrowTypeId::kUtf8View:
      return {kUtf8ViewTag, empty_table(builder)};
    case ArrowTypeId::kList:
      return {kListTag, empty_table(builder)};
    case ArrowTypeId::kLargeList:
      return {kLargeListTag, empty_table(builder)};
    case ArrowTypeId::kListView:
      return {kListViewTag, empty_table(builder)};
    case ArrowTypeId::kLargeListView:
      return {kLargeListViewTag, empty_table(builder)};
    case ArrowTypeId::kFixedSizeList: {
      builder.start_table();
      builder.add_scalar<int32_t>(0, type.fixed_size);
      return {kFixedSizeListTag, builder.end_table()};
    }
    case ArrowTypeId::kStruct:
      return {kStructTag, empty_table(builder)};
    case ArrowTypeId::kMap: {
      builder.start_table();
      builder.add_bool(0, field.map_keys_sorted);
      return {kMapTag, builder.end_table()};
    }
    case ArrowTypeId::kSparseUnion:
    case ArrowTypeId::kDenseUnion: {
      Ref type_ids = builder.add_scalar_vector<int32_t>(type.union_type_ids);
      builder.start_table();
      const ipc_format::UnionMode mode =
          type.id == ArrowTypeId::kSparseUnion ? ipc_format::kSparseUnion : ipc_format::kDenseUnion;
      builder.add_scalar<int16_t>(0, mode);
      builder.add_ref(1, type_ids);
      return {kUnionTag, builder.end_table()};
    }
  }
  throw ArrowIpcError("Arrow IPC: no metadata for this type");
}

Ref add_key_values(FlatBufferBuilder& builder, const KeyValueList& pairs) {
  std::vector<Ref> tables;
  tables.reserve(pairs.size());
  for (const auto& [key, value] : pairs) {
    Ref key_ref = builder.add_string(key);
    Ref value_ref = builder.add_string(value);
    builder.start_table();
    builder.add_ref(0, key_ref);
    builder.add_ref(1, value_ref);
    tables.push_back(builder.end_table());
  }
  return builder.add_ref_vector(tables);
}

Ref add_field(FlatBufferBuilder& builder, const ArrowFieldPlan& field) {
  std::vector<Ref> children;
  children.reserve(field.children.size());
  for (const ArrowFieldPlan& child : field.children) children.push_back(add_field(builder, child));
  Ref children_ref = builder.add_ref_vector(children);
  Ref metadata = field.metadata.empty() ? 0 : add_key_values(builder, field.metadata);
  Ref name = builder.add_string(field.name);
  auto [type_tag, type] = add_type(builder, field);

  Ref dictionary = 0;
  if (field.is_dictionary()) {
    Ref index_type = int_table(builder, field.index_type);
    builder.start_table();
    builder.add_scalar<int64_t>(0, field.dictionary_id);
    builder.add_ref(1, index_type);
    builder.add_bool(2, field.dictionary_ordered);
    dictionary = builder.end_table();
  }

  builder.start_table();
  builder.add_ref(0, name);
  builder.add_bool(1, field.nullable);
  builder.add_scalar<uint8_t>(2, type_tag);
  builder.add_ref(3, type);
  if (field.is_dictionary()) builder.add_ref(4, dictionary);
  builder.add_ref(5, children_ref);
  if (!field.metadata.empty()) builder.add_ref(6, metadata);
  return builder.end_table();
}

Ref add_schema(FlatBufferBuilder& builder, const ArrowSchemaPlan& schema) {
  std::vector<Ref> fields;
  fields.reserve(schema.fields.size());
  for (const ArrowFieldPlan& field : schema.fields) fields.push_back(add_field(builder, field));
  Ref fields_ref = builder.add_ref_vector(fields);
  Ref metadata = schema.metadata.empty() ? 0 : add_key_values(builder, schema.metadata);
  builder.start_table();
  builder.add_scalar<int16_t>(0, ipc_format::kLittleEndian);
  builder.add_ref(1, fields_ref);
  if (!schema.metadata.empty()) builder.add_ref(2, metadata);
  return builder.end_table();
}

Ref add_record_batch(FlatBufferBuilder& builder, int64_t length, const IpcBody& body) {
  Ref variadic = 0;
  if (!body.variadic_buffer_counts().empty()) {
    variadic = builder.add_scalar_vector<int64_t>(body.variadic_buffer_counts());
  }
  Ref buffers = builder.add_struct_vector(body.buffers().data(), body.buffers().size(), sizeof(IpcBuffer), 8);
  Ref nodes = builder.add_struct_vector(body.nodes().data(), body.nodes().size(), sizeof(IpcFieldNode), 8);
  builder.start_table();
  builder.add_scalar<int64_t>(0, length);
  builder.add_ref(1, nodes);
  builder.add_ref(2, buffers);
  if (variadic != 0) builder.add_ref(4, variadic);
  return builder.end_table();
}

std::string_view finish_message(FlatBufferBuilder& builder, uint8_t header_type, Ref header,
                                int64_t body_length) {
  builder.start_table();
  builder.add_scalar<int64_t>(3, body_length);
  builder.add_ref(2, header);
  builder.add_scalar<int16_t>(0, kMetadataV5);
  builder.add_scalar<uint8_t>(1, header_type);
  return builder.finish(builder.end_table());
}

}  // namespace

std::string_view build_schema_message(FlatBufferBuilder& builder, const ArrowSchemaPlan& schema) {
  builder.clear();
  Ref header = add_schema(builder, schema);
  return finish_message(builder, kSchemaHeader, header, 0);
}

std::string_view build_record_batch_message(FlatBufferBuilder& builder, int64_t length, const IpcBody& body) {
  builder.clear();
  Ref header = add_record_batch(builder, length, body);
  return finish_message(builder, kRecordBatchHeader, header, body.size());
}

std::string_view build_dictionary_batch_message(FlatBufferBuilder& builder, int64_t dictionary_id,
                                                bool is_delta, int64_t length, const IpcBody& body) {
  builder.clear();
  Ref data = add_record_batch(builder, length, body);
  builder.start_table();
  builder.add_scalar<int64_t>(0, dictionary_id);
  builder.add_ref(1, data);
  builder.add_bool(2, is_delta);
  Ref header = builder.end_table();
  return finish_message(builder, kDictionaryBatchHeader, header, body.size());
}

std::string_view build_footer(FlatBufferBuilder& builder, const ArrowSchemaPlan& schema,
                              std::span<const IpcBlock> dictionaries,
                              std::span<const IpcBlock> record_batches) {
  // File.fbs Block: offset (long), metaDataLength (int), 4 bytes of padding, bodyLength (long).
  auto add_blocks = [&](std::span<const IpcBlock> blocks) {
    std::vector<uint8_t> bytes(blocks.size() * 24, 0);
    for (size_t i = 0; i < blocks.size(); ++i) {
      std::memcpy(&bytes[i * 24], &blocks[i].offset, 8);
      std::memcpy(&bytes[i * 24 + 8], &blocks[i].metadata_length, 4);
      std::memcpy(&bytes[i * 24 + 16], &blocks[i].body_length, 8);
    }
    return builder.add_struct_vector(bytes.data(), blocks.size(), 24, 8);
  };
  builder.clear();
  Ref batches = add_blocks(record_batches);
  Ref dictionary_blocks = add_blocks(dictionaries);
  Ref schema_ref = add_schema(builder, schema);
  builder.start_table();
  builder.add_ref(1, schema_ref);
  builder.add_ref(2, dictionary_blocks);
  builder.add_ref(3, batches);
  builder.add_scalar<int16_t>(0, kMetadataV5);
  return builder.finish(builder.end_table());
}

}  // namespace duckwire::encode
