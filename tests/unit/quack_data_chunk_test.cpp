// Quack's DataChunk objects: writing from DuckDB's vector layout, round trips of every type, the
// compressed vector forms a reader must accept, and hostile chunks.
#include <gtest/gtest.h>

#include <duckdb.h>

#include <cstring>
#include <random>
#include <string>

#include "protocols/quack/binary_writer.hpp"
#include "protocols/quack/data_chunk.hpp"
#include "protocols/quack/data_chunk_writer.hpp"
#include "protocols/quack/physical_values.hpp"
#include "quack_test_support.hpp"
#include "quack_vector_builders.hpp"

namespace duckwire::quack {
namespace {

using testing::fixed_rows;
using testing::hex;
using testing::lists;
using testing::nested;
using testing::strings;
using testing::to_hex;
using testing::values;
using Id = LogicalTypeId;

const std::vector<bool> kPattern = {true, false, true, true, false};

std::vector<std::string> many_values(size_t count) {
  std::vector<std::string> out;
  for (size_t i = 0; i < count; ++i) out.push_back("v" + std::to_string(i));
  return out;
}

void add(DecodedChunk& chunk, LogicalType type, DecodedVector vector) {
  chunk.types.push_back(std::move(type));
  chunk.columns.push_back(std::move(vector));
}

// Five rows of every type, NULLs in rows 1 and 4, empty strings among the values. The ENUMs of 16-
// and 32-bit indexes make the chunk large (their values travel in the types).
DecodedChunk every_type_chunk(bool with_wide_enums = true) {
  DecodedChunk chunk;
  chunk.row_count = kPattern.size();
  uint8_t seed = 1;
  for (Id id : {Id::kTinyInt,     Id::kSmallInt,     Id::kInteger,     Id::kBigInt,    Id::kHugeInt,
                Id::kUTinyInt,    Id::kUSmallInt,    Id::kUInteger,    Id::kUBigInt,   Id::kUHugeInt,
                Id::kFloat,       Id::kDouble,       Id::kDate,        Id::kTime,      Id::kTimeNs,
                Id::kTimeTz,      Id::kTimestampSec, Id::kTimestampMs, Id::kTimestamp, Id::kTimestampNs,
                Id::kTimestampTz, Id::kInterval,     Id::kUuid}) {
    const LogicalType type = LogicalType::of(id);
    add(chunk, type, fixed_rows(*physical_width(type), kPattern, seed += 13));
  }
  for (const auto& type : {LogicalType::decimal(4, 1), LogicalType::decimal(9, 2),
                           LogicalType::decimal(18, 3), LogicalType::decimal(38, 10)}) {
    add(chunk, type, fixed_rows(*physical_width(type), kPattern, seed += 13));
  }
  add(chunk, LogicalType::of(Id::kBoolean), values<uint8_t>({1, std::nullopt, 0, 1, std::nullopt}));
  add(chunk, LogicalType::of(Id::kSqlNull), fixed_rows(4, {false, false, false, false, false}, 0));
  add(chunk, LogicalType::enumeration({"sad", "ok", "happy"}),
      values<uint8_t>({0, std::nullopt, 2, 1, std::nullopt}));
  if (with_wide_enums) {
    add(chunk, LogicalType::enumeration(many_values(300)),
        values<uint16_t>({299, std::nullopt, 0, 256, std::nullopt}));
    add(chunk, LogicalType::enumeration(many_values(70000)),
        values<uint32_t>({69999, std::nullopt, 65536, 1, std::nullopt}));
  }
  add(chunk, LogicalType::of(Id::kVarchar),
      strings({"", std::nullopt, "héllo", "a string longer than twelve", std::nullopt}));
  add(chunk, LogicalType::of(Id::kChar), strings({"x", std::nullopt, "", "", std::nullopt}));
  add(chunk, LogicalType::of(Id::kBlob),
      strings({std::string_view("\0\xff", 2), std::nullopt, "", "b", std::nullopt}));
  add(chunk, LogicalType::of(Id::kBit), strings({"\x01\x80", std::nullopt, "\x07", "\x00", std::nullopt}));
  add(chunk, LogicalType::of(Id::kBigNum),
      strings({"\x80\x00\x01\x01", std::nullopt, "", "\x7f", std::nullopt}));
  LogicalType json = LogicalType::of(Id::kVarchar);
  json.alias = "JSON";
  add(chunk, json, strings({"{}", std::nullopt, "[1]", "", std::nullopt}));

  add(chunk,
      LogicalType::structure({{"a", LogicalType::of(Id::kInteger)}, {"b", LogicalType::of(Id::kVarchar)}}),
      nested(kPattern, {values<int32_t>({1, std::nullopt, 3, std::nullopt, std::nullopt}),
                        strings({"", std::nullopt, "c", "d", std::nullopt})}));
  add(chunk,
      LogicalType::union_of({{"num", LogicalType::of(Id::kInteger)}, {"str", LogicalType::of(Id::kVarchar)}}),
      nested(kPattern, {values<uint8_t>({0, std::nullopt, 1, 0, std::nullopt}),
                        values<int32_t>({42, std::nullopt, std::nullopt, -1, std::nullopt}),
                        strings({std::nullopt, std::nullopt, "s", std::nullopt, std::nullopt})}));
  add(chunk, LogicalType::list(LogicalType::of(Id::kVarchar)),
      lists({ListEntry{0, 2}, std::nullopt, ListEntry{2, 0}, ListEntry{1, 2}, std::nullopt},
            strings({"", "x", std::nullopt})));
  add(chunk, LogicalType::map(LogicalType::of(Id::kVarchar), LogicalType::of(Id::kInteger)),
      lists({ListEntry{0, 1}, std::nullopt, ListEntry{1, 2}, ListEntry{3, 0}, std::nullopt},
            nested({true, true, true}, {strings({"k1", "k2", ""}), values<int32_t>({1, std::nullopt, 3})})));
  add(chunk, LogicalType::array(LogicalType::of(Id::kInteger), 2),
      nested(kPattern, {values<int32_t>({1, 2, std::nullopt, std::nullopt, 5, 6, 7, std::nullopt,
                                         std::nullopt, std::nullopt})}));
  const LogicalType deep =
      LogicalType::list(LogicalType::structure({{"x", LogicalType::array(LogicalType::of(Id::kUuid), 2)},
                                                {"y", LogicalType::list(LogicalType::of(Id::kBlob))}}));
  DecodedVector uuids = fixed_rows(16, {true, false, true, true}, 99);
  add(chunk, deep,
      lists({ListEntry{0, 2}, std::nullopt, ListEntry{2, 0}, ListEntry{0, 1}, std::nullopt},
            nested({true, false}, {nested({true, false}, {std::move(uuids)}),
                                   lists({ListEntry{0, 1}, std::nullopt}, strings({""}))})));
  return chunk;
}

std::string encoded(const DecodedChunk& chunk) {
  auto bytes = encode_data_chunk(chunk);
  EXPECT_TRUE(bytes) << bytes.error().message;
  return bytes ? *bytes : std::string();
}

TEST(QuackDataChunk, EveryTypeRoundTrips) {
  const DecodedChunk chunk = every_type_chunk();
  const std::string bytes = encoded(chunk);
  const auto decoded = decode_data_chunk(bytes);
  ASSERT_TRUE(decoded) << decoded.error().message;
  ASSERT_EQ(decoded->columns.size(), chunk.columns.size());
  for (size_t i = 0; i < chunk.columns.size(); ++i) {
    EXPECT_EQ(decoded->types[i], chunk.types[i]) << to_string(chunk.types[i]);
    EXPECT_EQ(decoded->columns[i], chunk.columns[i]) << to_string(chunk.types[i]);
  }
  EXPECT_EQ(encoded(*decoded), bytes);
}

DecodedVector empty_vector(const LogicalType& type) {
  DecodedVector vector;
  for (const LogicalType* child : vector_children(type)) vector.children.push_back(empty_vector(*child));
  return vector;
}

TEST(QuackDataChunk, ZeroRowsRoundTrip) {
  DecodedChunk chunk = every_type_chunk();
  chunk.row_count = 0;
  for (size_t i = 0; i < chunk.types.size(); ++i) chunk.columns[i] = empty_vector(chunk.types[i]);
  const auto decoded = decode_data_chunk(encoded(chunk));
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(*decoded, chunk);
}

TEST(QuackDataChunk, ExactBytesOfASmallChunk) {
  DecodedChunk chunk;
  chunk.row_count = 2;
  add(chunk, LogicalType::of(Id::kInteger), values<int32_t>({1, std::nullopt}));
  add(chunk, LogicalType::of(Id::kVarchar), strings({"a", ""}));
  EXPECT_EQ(to_hex(encoded(chunk)),
            "64 00 02 65 00 02 64 00 0d ff ff 64 00 19 ff ff 66 00 02 "
            "64 00 01 65 00 08 fd ff ff ff ff ff ff ff 66 00 08 01 00 00 00 00 00 00 00 ff ff "
            "64 00 00 66 00 02 01 61 00 ff ff "
            "ff ff");
}

TEST(QuackDataChunk, WritesStraightFromDuckDbVectorLayout) {
  const std::vector<LogicalType> types = {
      LogicalType::of(Id::kInteger),
      LogicalType::of(Id::kVarchar),
      LogicalType::list(LogicalType::of(Id::kSmallInt)),
      LogicalType::structure({{"a", LogicalType::of(Id::kBigInt)}, {"b", LogicalType::of(Id::kBlob)}}),
      LogicalType::array(LogicalType::of(Id::kInteger), 2),
  };
  // Row 1 is NULL in the first three columns; its data is garbage, as in a DuckDB vector.
  const int32_t integers[3] = {5, 12345, -1};
  const uint64_t row_1_null[1] = {0b101};  // bits past row 2 clear: the writer writes them valid
  const uint64_t all_valid[1] = {~uint64_t{0}};

  duckdb_string_t texts[3];
  std::memset(texts, 0x5a, sizeof(texts));
  texts[0].value.inlined.length = 5;
  std::memcpy(texts[0].value.inlined.inlined, "short", 5);
  static const char kLong[] = "a string longer than twelve";
  texts[2].value.pointer.length = sizeof(kLong) - 1;
  std::memcpy(texts[2].value.pointer.prefix, kLong, 4);
  texts[2].value.pointer.ptr = const_cast<char*>(kLong);

  const duckdb_list_entry entries[3] = {{0, 2}, {77, 99}, {2, 1}};
  const int16_t list_child[3] = {10, 20, 30};
  const int64_t bigints[3] = {1, 2, 3};
  duckdb_string_t blobs[3];
  for (auto& blob : blobs) {
    blob.value.inlined.length = 0;
    std::memset(blob.value.inlined.inlined, 0, 12);
  }
  const int32_t array_child[6] = {1, 2, 3, 4, 5, 6};

  std::string out;
  DataChunkWriter writer(out);
  writer.begin(3, types);
  writer.fixed_vector(integers, row_1_null);
  writer.duckdb_string_vector(texts, row_1_null);
  writer.begin_list_vector(entries, 3, row_1_null);
  writer.fixed_vector(list_child, nullptr);
  writer.end_vector();
  writer.begin_struct_vector(all_valid);
  writer.fixed_vector(bigints, all_valid);
  writer.duckdb_string_vector(blobs, nullptr);
  writer.end_vector();
  writer.begin_array_vector(nullptr);
  writer.fixed_vector(array_child, nullptr);
  writer.end_vector();
  ASSERT_TRUE(writer.finish());

  const auto decoded = decode_data_chunk(out);
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(decoded->columns[0], values<int32_t>({5, std::nullopt, -1}));
  EXPECT_EQ(decoded->columns[1], strings({"short", std::nullopt, kLong}));
  EXPECT_EQ(decoded->columns[2],
            lists({ListEntry{0, 2}, std::nullopt, ListEntry{2, 1}}, values<int16_t>({10, 20, 30})));
  EXPECT_EQ(decoded->columns[3],
            nested({true, true, true}, {values<int64_t>({1, 2, 3}), strings({"", "", ""})}));
  EXPECT_EQ(decoded->columns[4], nested({true, true, true}, {values<int32_t>({1, 2, 3, 4, 5, 6})}));
  // A validity pointer whose rows are all valid writes no mask.
  EXPECT_NE(out.find(hex("64 00 00 66 00 18 01 00 00 00 00 00 00 00 02 00 00 00 00 00 00 00 03")),
            std::string::npos);
}

TEST(QuackDataChunk, WriterReportsCallsThatDoNotFollowTheTypes) {
  const std::vector<LogicalType> types = {LogicalType::of(Id::kInteger),
                                          LogicalType::list(LogicalType::of(Id::kInteger))};
  const int32_t data[2] = {1, 2};
  const std::string_view texts[2] = {"a", "b"};
  const ListEntry entries[2] = {{0, 1}, {5, 1}};
  {
    std::string out;
    DataChunkWriter writer(out);
    writer.begin(2, types);
    writer.string_vector(texts, nullptr);
    EXPECT_EQ(writer.finish().error().message, "DataChunkWriter: string_vector given for a INTEGER vector");
  }
  {
    std::string out;
    DataChunkWriter writer(out);
    writer.begin(2, types);
    writer.fixed_vector(data, nullptr);
    EXPECT_EQ(writer.finish().error().message, "DataChunkWriter: finish before all columns were written");
  }
  {
    std::string out;
    DataChunkWriter writer(out);
    writer.begin(2, types);
    writer.fixed_vector(data, nullptr);
    writer.begin_list_vector(entries, 2, nullptr);
    EXPECT_EQ(writer.finish().error().message, "DataChunkWriter: list entry (5, 1) beyond a child of 2 rows");
  }
  {
    std::string out;
    DataChunkWriter writer(out);
    writer.begin(2, types);
    writer.fixed_vector(data, nullptr);
    writer.begin_list_vector(entries, 6, nullptr);
    writer.end_vector();
    EXPECT_EQ(writer.finish().error().message,
              "DataChunkWriter: end_vector before all child vectors were written");
  }
}

// A chunk of `rows` rows whose column vectors `write_columns` writes (each a whole Vector object).
std::string chunk_bytes(uint64_t rows, const std::vector<LogicalType>& types, auto write_columns) {
  std::string out;
  BinaryWriter w(out);
  w.field(100).uleb(rows);
  w.field(101).list(types.size());
  for (const auto& type : types) write_logical_type(w, type);
  w.field(102).list(types.size());
  write_columns(w);
  w.end_object();
  return out;
}

std::string le32(std::initializer_list<uint32_t> words) {
  std::string out;
  for (uint32_t word : words) out.append(reinterpret_cast<const char*>(&word), 4);
  return out;
}

DecodedChunk decoded_ok(const std::string& bytes) {
  auto decoded = decode_data_chunk(bytes);
  EXPECT_TRUE(decoded) << decoded.error().message << "\n" << to_hex(bytes);
  return decoded ? std::move(decoded).value() : DecodedChunk{};
}

std::string decode_error(const std::string& bytes, const DecodeLimits& limits = {}) {
  const auto decoded = decode_data_chunk(bytes, limits);
  return decoded ? std::string() : decoded.error().message;
}

TEST(QuackDataChunk, ConstantVectorsExpand) {
  const std::vector<LogicalType> types = {LogicalType::of(Id::kInteger), LogicalType::of(Id::kVarchar),
                                          LogicalType::of(Id::kSmallInt)};
  const std::string bytes = chunk_bytes(3, types, [](BinaryWriter& w) {
    w.field(90).uleb(2).field(100).boolean(false).field(102).string(le32({7})).end_object();
    w.field(90).uleb(2).field(100).boolean(false).field(102).list(1).string("hi").end_object();
    // A NULL constant, its one-row mask saying so.
    w.field(90).uleb(2).field(100).boolean(true).field(101).string(hex("fe ff ff ff ff ff ff ff"));
    w.field(102).string(hex("00 00")).end_object();
  });
  const DecodedChunk chunk = decoded_ok(bytes);
  EXPECT_EQ(chunk.columns[0], values<int32_t>({7, 7, 7}));
  EXPECT_EQ(chunk.columns[1], strings({"hi", "hi", "hi"}));
  EXPECT_EQ(chunk.columns[2], values<int16_t>({std::nullopt, std::nullopt, std::nullopt}));
}

TEST(QuackDataChunk, DictionaryVectorsSelect) {
  const std::vector<LogicalType> types = {LogicalType::of(Id::kVarchar)};
  const std::string bytes = chunk_bytes(5, types, [](BinaryWriter& w) {
    w.field(90).uleb(3).field(91).string(le32({1, 0, 1, 1, 2})).field(92).uleb(3);
    w.field(100).boolean(true).field(101).string(hex("fb ff ff ff ff ff ff ff"));
    w.field(102).list(3).string("a").string("b").string("").end_object();
  });
  EXPECT_EQ(decoded_ok(bytes).columns[0], strings({"b", "a", "b", "b", std::nullopt}));

  const std::string out_of_range = chunk_bytes(2, types, [](BinaryWriter& w) {
    w.field(90).uleb(3).field(91).string(le32({0, 3})).field(92).uleb(3);
    w.field(100).boolean(false).field(102).list(3).string("a").string("b").string("c").end_object();
  });
  EXPECT_EQ(decode_error(out_of_range), "DICTIONARY index 3 beyond its 3 values at byte 19");

  const std::string short_selection = chunk_bytes(2, types, [](BinaryWriter& w) {
    w.field(90).uleb(3).field(91).string(le32({0})).field(92).uleb(1);
    w.field(100).boolean(false).field(102).list(1).string("a").end_object();
  });
  EXPECT_EQ(decode_error(short_selection), "DICTIONARY selection of 4 bytes for 2 rows at byte 19");
}

TEST(QuackDataChunk, SequenceVectorsCount) {
  const std::vector<LogicalType> types = {LogicalType::of(Id::kBigInt), LogicalType::of(Id::kTinyInt),
                                          LogicalType::of(Id::kUInteger)};
  const std::string bytes = chunk_bytes(4, types, [](BinaryWriter& w) {
    w.field(90).uleb(4).field(91).sleb(10).field(92).sleb(-3).end_object();
    w.field(90).uleb(4).field(91).sleb(126).field(92).sleb(1).end_object();
    w.field(90).uleb(4).field(91).sleb(0).field(92).sleb(1000000).end_object();
  });
  const DecodedChunk chunk = decoded_ok(bytes);
  EXPECT_EQ(chunk.columns[0], values<int64_t>({10, 7, 4, 1}));
  EXPECT_EQ(chunk.columns[1], values<int8_t>({126, 127, -128, -127}));
  EXPECT_EQ(chunk.columns[2], values<uint32_t>({0, 1000000, 2000000, 3000000}));

  const std::string of_text = chunk_bytes(1, {LogicalType::of(Id::kVarchar)}, [](BinaryWriter& w) {
    w.field(90).uleb(4).field(91).sleb(0).field(92).sleb(1).end_object();
  });
  EXPECT_EQ(decode_error(of_text), "SEQUENCE vector of type VARCHAR");
}

TEST(QuackDataChunk, CompressedChildrenOfNestedVectors) {
  const std::vector<LogicalType> types = {
      LogicalType::structure({{"a", LogicalType::of(Id::kInteger)}, {"b", LogicalType::of(Id::kVarchar)}}),
      LogicalType::list(LogicalType::of(Id::kBigInt)),
      LogicalType::array(LogicalType::of(Id::kSmallInt), 2),
      LogicalType::list(LogicalType::of(Id::kInteger)),
      LogicalType::array(LogicalType::of(Id::kSmallInt), 2),
  };
  const std::string bytes = chunk_bytes(3, types, [](BinaryWriter& w) {
    // STRUCT: a is CONSTANT 5, b a DICTIONARY.
    w.field(100).boolean(false).field(103).list(2);
    w.field(90).uleb(2).field(100).boolean(false).field(102).string(le32({5})).end_object();
    w.field(90).uleb(3).field(91).string(le32({1, 1, 0})).field(92).uleb(2);
    w.field(100).boolean(false).field(102).list(2).string("x").string("y").end_object();
    w.end_object();
    // LIST whose child is a SEQUENCE of 4 rows.
    w.field(100).boolean(false).field(104).uleb(4).field(105).list(3);
    for (auto [offset, length] : {std::pair{0, 1}, std::pair{1, 0}, std::pair{1, 3}}) {
      w.field(100).uleb(offset).field(101).uleb(length).end_object();
    }
    w.field(106).field(90).uleb(4).field(91).sleb(100).field(92).sleb(1).end_object();
    w.end_object();
    // ARRAY whose child is a CONSTANT of 6 rows.
    w.field(100).boolean(false).field(103).uleb(2);
    w.field(104).field(90).uleb(2).field(100).boolean(false).field(102).string(hex("09 00")).end_object();
    w.end_object();
    // A CONSTANT LIST: every row the one entry into the child.
    w.field(90).uleb(2).field(100).boolean(false).field(104).uleb(2).field(105).list(1);
    w.field(100).uleb(0).field(101).uleb(2).end_object();
    w.field(106).field(100).boolean(false).field(102).string(le32({8, 9})).end_object();
    w.end_object();
    // A DICTIONARY of ARRAYs: the selected arrays' elements are gathered.
    w.field(90).uleb(3).field(91).string(le32({1, 0, 1})).field(92).uleb(2);
    w.field(100).boolean(false).field(103).uleb(2);
    w.field(104).field(100).boolean(false).field(102).string(hex("01 00 02 00 03 00 04 00")).end_object();
    w.end_object();
  });
  const DecodedChunk chunk = decoded_ok(bytes);
  EXPECT_EQ(chunk.columns[0],
            nested({true, true, true}, {values<int32_t>({5, 5, 5}), strings({"y", "y", "x"})}));
  EXPECT_EQ(chunk.columns[1], lists({ListEntry{0, 1}, ListEntry{1, 0}, ListEntry{1, 3}},
                                    values<int64_t>({100, 101, 102, 103})));
  EXPECT_EQ(chunk.columns[2], nested({true, true, true}, {values<int16_t>({9, 9, 9, 9, 9, 9})}));
  EXPECT_EQ(chunk.columns[3],
            lists({ListEntry{0, 2}, ListEntry{0, 2}, ListEntry{0, 2}}, values<int32_t>({8, 9})));
  EXPECT_EQ(chunk.columns[4], nested({true, true, true}, {values<int16_t>({3, 4, 1, 2, 3, 4})}));
}

TEST(QuackDataChunk, EmptyMaskOfZeroRowsIsAccepted) {
  const std::string bytes = chunk_bytes(0, {LogicalType::of(Id::kInteger)}, [](BinaryWriter& w) {
    w.field(100).boolean(true).field(101).string("").field(102).string("").end_object();
  });
  EXPECT_EQ(decoded_ok(bytes).columns[0], DecodedVector{});
}

TEST(QuackDataChunk, FlatVectorTypeAndAllValidMaskAreAccepted) {
  const std::string bytes = chunk_bytes(2, {LogicalType::of(Id::kInteger)}, [](BinaryWriter& w) {
    w.field(90).uleb(0).field(100).boolean(true).field(101).string(hex("03 00 00 00 00 00 00 00"));
    w.field(102).string(le32({1, 2})).end_object();
  });
  const DecodedChunk chunk = decoded_ok(bytes);
  EXPECT_TRUE(chunk.columns[0].validity.empty());
  EXPECT_EQ(chunk.columns[0], values<int32_t>({1, 2}));
}

TEST(QuackDataChunk, MalformedVectorsAreErrors) {
  const LogicalType integer = LogicalType::of(Id::kInteger);
  EXPECT_EQ(
      decode_error(chunk_bytes(
          2, {integer},
          [](BinaryWriter& w) {
            w.field(100).boolean(true).field(101).string(hex("03 00 00 00")).field(102).string(le32({1, 2}));
            w.end_object();
          })),
      "validity of 4 bytes for 2 rows (8 expected) at byte 19");
  EXPECT_EQ(decode_error(chunk_bytes(2, {integer},
                                     [](BinaryWriter& w) {
                                       w.field(100).boolean(false).field(102).string(le32({1})).end_object();
                                     })),
            "INTEGER data of 4 bytes for 2 rows at byte 19");
  EXPECT_EQ(decode_error(chunk_bytes(
                3, {integer},
                [](BinaryWriter& w) {
                  w.field(90).uleb(2).field(100).boolean(false).field(102).string(hex("01 00")).end_object();
                })),
            "INTEGER data of 2 bytes for 1 rows at byte 22");
  EXPECT_EQ(
      decode_error(chunk_bytes(
          2, {integer}, [](BinaryWriter& w) { w.field(90).uleb(1).field(100).boolean(false).end_object(); })),
      "vector type 1 is not supported at byte 16");
  EXPECT_EQ(decode_error(
                chunk_bytes(1, {LogicalType::of(Id::kVarchar)},
                            [](BinaryWriter& w) {
                              w.field(100).boolean(false).field(102).list(1).string("\xc3\x28").end_object();
                            })),
            "invalid UTF-8 in a VARCHAR value at byte 20");
  EXPECT_EQ(decode_error(chunk_bytes(1, {LogicalType::enumeration({"a"})},
                                     [](BinaryWriter& w) {
                                       w.field(100).boolean(false).field(102).string(hex("01")).end_object();
                                     })),
            "ENUM index 1 beyond its 1 values");
  EXPECT_EQ(decode_error(chunk_bytes(1, {LogicalType::union_of({{"n", integer}})},
                                     [](BinaryWriter& w) {
                                       w.field(100).boolean(false).field(103).list(2);
                                       w.field(100).boolean(false).field(102).string(hex("01")).end_object();
                                       w.field(100).boolean(false).field(102).string(le32({1})).end_object();
                                       w.end_object();
                                     })),
            "UNION row 0 without a valid tag");
  EXPECT_EQ(decode_error(chunk_bytes(
                1, {LogicalType::list(integer)},
                [](BinaryWriter& w) {
                  w.field(100).boolean(false).field(104).uleb(1).field(105).list(1);
                  w.field(100).uleb(1).field(101).uleb(1).end_object();
                  w.field(106).field(100).boolean(false).field(102).string(le32({1})).end_object();
                  w.end_object();
                })),
            "list entry (1, 1) beyond the 1 elements of its child");
  EXPECT_EQ(decode_error(chunk_bytes(
                1, {LogicalType::array(integer, 2)},
                [](BinaryWriter& w) {
                  w.field(100).boolean(false).field(103).uleb(3);
                  w.field(104).field(100).boolean(false).field(102).string(le32({1, 2, 3})).end_object();
                  w.end_object();
                })),
            "array size 3 for INTEGER[2] at byte 37");
  EXPECT_EQ(decode_error(chunk_bytes(
                1, {LogicalType::structure({{"a", integer}})},
                [](BinaryWriter& w) { w.field(100).boolean(false).field(103).list(0).end_object(); })),
            "0 child vectors for STRUCT(\"a\" INTEGER) at byte 43");
  EXPECT_EQ(decode_error(chunk_bytes(
                1, {integer},
                [](BinaryWriter& w) {
                  w.field(100).boolean(false).field(102).string(le32({1})).field(103).list(0).end_object();
                })),
            "the end of the object expected, found field 103 at byte 24");
}

TEST(QuackDataChunk, ChunkLevelRefusals) {
  EXPECT_EQ(decode_error(chunk_bytes(1, {}, [](BinaryWriter&) {})), "DataChunk without columns");
  std::string too_many_rows;
  BinaryWriter(too_many_rows).field(100).uleb(uint64_t{1} << 33).end_object();
  EXPECT_EQ(decode_error(too_many_rows),
            "DataChunk row count of 8589934592 beyond its maximum 4294967295 at byte 2");
  std::string huge_type_list;
  BinaryWriter(huge_type_list).field(100).uleb(1).field(101).list(uint64_t{1} << 40);
  huge_type_list += std::string(64, '\0');
  EXPECT_EQ(decode_error(huge_type_list),
            "list of 1099511627776 elements beyond the end of the message at byte 5");
}

TEST(QuackDataChunk, ExpansionsAreBudgeted) {
  const LogicalType integer_list = LogicalType::list(LogicalType::of(Id::kInteger));
  // One list row whose child claims 2^40 rows, all one CONSTANT.
  const std::string bomb = chunk_bytes(1, {integer_list}, [](BinaryWriter& w) {
    w.field(100).boolean(false).field(104).uleb(uint64_t{1} << 40).field(105).list(1);
    w.field(100).uleb(0).field(101).uleb(1).end_object();
    w.field(106).field(90).uleb(2).field(100).boolean(false).field(102).string(le32({1})).end_object();
    w.end_object();
  });
  EXPECT_EQ(decode_error(bomb), "compressed vectors of the chunk expand beyond 268435456 bytes");
  // A SEQUENCE child of the same size.
  const std::string sequence = chunk_bytes(1, {integer_list}, [](BinaryWriter& w) {
    w.field(100).boolean(false).field(104).uleb(uint64_t{1} << 40).field(105).list(1);
    w.field(100).uleb(0).field(101).uleb(1).end_object();
    w.field(106).field(90).uleb(4).field(91).sleb(0).field(92).sleb(1).end_object();
    w.end_object();
  });
  EXPECT_EQ(decode_error(sequence), "compressed vectors of the chunk expand beyond 268435456 bytes");
  // A smaller budget refuses what the default allows.
  const std::string constant = chunk_bytes(2048, {LogicalType::of(Id::kBigInt)}, [](BinaryWriter& w) {
    w.field(90).uleb(2).field(100).boolean(false).field(102).string(std::string(8, '\1')).end_object();
  });
  EXPECT_EQ(decode_error(constant), "");
  EXPECT_EQ(decode_error(constant, DecodeLimits{1000}),
            "compressed vectors of the chunk expand beyond 1000 bytes");
}

TEST(QuackDataChunk, EveryTruncationIsAnError) {
  const std::string bytes = encoded(every_type_chunk(false));
  for (size_t length = 0; length < bytes.size(); ++length) {
    EXPECT_FALSE(decode_data_chunk(std::string_view(bytes.data(), length))) << "cut at " << length;
  }
}

TEST(QuackDataChunk, MutatedChunksNeverCrashAndReencodeFaithfully) {
  const std::string original = encoded(every_type_chunk(false));
  std::mt19937_64 random(7);
  for (int round = 0; round < 3000; ++round) {
    std::string bytes = original;
    const int flips = 1 + static_cast<int>(random() % 3);
    for (int i = 0; i < flips; ++i) bytes[random() % bytes.size()] = static_cast<char>(random());
    if (round % 5 == 0) bytes.resize(random() % bytes.size());
    const auto decoded = decode_data_chunk(bytes);
    if (!decoded) continue;
    const auto again = encode_data_chunk(*decoded);
    ASSERT_TRUE(again) << again.error().message;
    const auto redecoded = decode_data_chunk(*again);
    ASSERT_TRUE(redecoded) << redecoded.error().message;
    EXPECT_EQ(*redecoded, *decoded);
  }
  size_t accepted = 0;
  for (int round = 0; round < 2000; ++round) {
    std::string bytes(random() % 64, '\0');
    for (auto& byte : bytes) byte = static_cast<char>(random());
    accepted += decode_data_chunk(bytes).ok() ? 1 : 0;
  }
  EXPECT_LT(accepted, 2000u);
}

TEST(QuackDataChunk, SixteenByteValueLayouts) {
  const UuidBytes uuid = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                          0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff};
  std::string wire(16, '\0');
  store_uuid(wire.data(), uuid);
  EXPECT_EQ(to_hex(wire), "ff ee dd cc bb aa 99 88 77 66 55 44 33 22 11 80");
  EXPECT_EQ(load_uuid(wire.data()), uuid);

  store_hugeint(wire.data(), -2);
  EXPECT_EQ(to_hex(wire), "fe ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff");
  EXPECT_TRUE(load_hugeint(wire.data()) == -2);
  store_hugeint(wire.data(), join_halves(1, 5));
  EXPECT_EQ(to_hex(wire), "05 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00");
  store_uhugeint(wire.data(), ~uint128_t{0} - 1);
  EXPECT_EQ(to_hex(wire), "fe ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff");
  EXPECT_TRUE(load_uhugeint(wire.data()) == ~uint128_t{0} - 1);

  store_interval(wire.data(), Interval{1, -2, 3});
  EXPECT_EQ(to_hex(wire), "01 00 00 00 fe ff ff ff 03 00 00 00 00 00 00 00");
  EXPECT_EQ(load_interval(wire.data()), (Interval{1, -2, 3}));
}

}  // namespace
}  // namespace duckwire::quack
