#pragma once
// Flatbuffer metadata of Arrow IPC (format/Schema.fbs, Message.fbs, File.fbs), metadata version V5.
// Each function returns the finished flatbuffer, valid until the builder is used again.

#include <cstdint>
#include <span>
#include <string_view>

#include "encode/arrow_field_plan.hpp"
#include "encode/arrow_ipc_body.hpp"
#include "encode/flatbuffer_builder.hpp"

namespace duckwire::encode {

// A message's place in an Arrow file, as the footer lists it.
struct IpcBlock {
  int64_t offset;           // of the continuation marker
  int32_t metadata_length;  // marker, length prefix and padded flatbuffer
  int64_t body_length;
};

std::string_view build_schema_message(FlatBufferBuilder& builder, const ArrowSchemaPlan& schema);
std::string_view build_record_batch_message(FlatBufferBuilder& builder, int64_t length, const IpcBody& body);
std::string_view build_dictionary_batch_message(FlatBufferBuilder& builder, int64_t dictionary_id,
                                                bool is_delta, int64_t length, const IpcBody& body);
std::string_view build_footer(FlatBufferBuilder& builder, const ArrowSchemaPlan& schema,
                              std::span<const IpcBlock> dictionaries,
                              std::span<const IpcBlock> record_batches);

}  // namespace duckwire::encode
