#pragma once
// Constants of the Arrow IPC flatbuffer metadata (format/Schema.fbs, Message.fbs), shared by the
// writer and the reader. The date, time and interval units are DateUnit, TimeUnit and IntervalUnit
// in arrow_type.hpp.

#include <cstdint>

namespace duckwire::encode::ipc_format {

// MetadataVersion of Schema.fbs.
constexpr int16_t kMetadataV4 = 3;
constexpr int16_t kMetadataV5 = 4;

// The MessageHeader union of Message.fbs.
enum MessageHeader : uint8_t { kSchemaHeader = 1, kDictionaryBatchHeader = 2, kRecordBatchHeader = 3 };

// The Type union of Schema.fbs.
enum TypeTag : uint8_t {
  kNullTag = 1,
  kIntTag = 2,
  kFloatingPointTag = 3,
  kBinaryTag = 4,
  kUtf8Tag = 5,
  kBoolTag = 6,
  kDecimalTag = 7,
  kDateTag = 8,
  kTimeTag = 9,
  kTimestampTag = 10,
  kIntervalTag = 11,
  kListTag = 12,
  kStructTag = 13,
  kUnionTag = 14,
  kFixedSizeBinaryTag = 15,
  kFixedSizeListTag = 16,
  kMapTag = 17,
  kDurationTag = 18,
  kLargeBinaryTag = 19,
  kLargeUtf8Tag = 20,
  kLargeListTag = 21,
  kRunEndEncodedTag = 22,
  kBinaryViewTag = 23,
  kUtf8ViewTag = 24,
  kListViewTag = 25,
  kLargeListViewTag = 26,
};

// Endianness of Schema.fbs (only little-endian is written or read).
constexpr int16_t kLittleEndian = 0;

// Precision of Schema.fbs (FloatingPoint).
enum Precision : int16_t { kHalfPrecision = 0, kSinglePrecision = 1, kDoublePrecision = 2 };

// UnionMode of Schema.fbs.
enum UnionMode : int16_t { kSparseUnion = 0, kDenseUnion = 1 };

}  // namespace duckwire::encode::ipc_format
