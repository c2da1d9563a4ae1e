#include "encode/arrow_ipc_writer.hpp"

#include <gtest/gtest.h>

#include <random>

#include "arrow_ipc_test_support.hpp"
#include "encode/arrow_ipc_body.hpp"
#include "encode/flatbuffer_builder.hpp"

namespace duckwire {
namespace {

using encode::ArrowIpcError;
using encode::ArrowIpcFormat;
using encode::ArrowIpcWriter;
using encode::FlatBufferBuilder;
using ipc_test::FbTable;
using ipc_test::field;
using ipc_test::Message;
using ipc_test::struct_schema;
using ipc_test::TestArray;
using ipc_test::TestSchema;
using ipc_test::write_stream;

std::vector<bool> bits_of(std::string_view bitmap, int64_t count) {
  std::vector<bool> bits;
  for (int64_t i = 0; i < count; ++i) bits.push_back((bitmap[static_cast<size_t>(i / 8)] >> (i % 8)) & 1);
  return bits;
}

template <class T>
std::vector<T> values_of(std::string_view buffer) {
  std::vector<T> values(buffer.size() / sizeof(T));
  std::memcpy(values.data(), buffer.data(), values.size() * sizeof(T));
  return values;
}

// ---- flatbuffer builder ----

TEST(ArrowFlatBufferBuilder, BuildsTablesVectorsAndStringsAReaderCanFollow) {
  FlatBufferBuilder builder;
  for (int round = 0; round < 2; ++round) {  // the second round reuses the cleared builder
    builder.clear();
    FlatBufferBuilder::Ref name = builder.add_string("hello");
    builder.start_table();
    builder.add_scalar<int32_t>(0, 42);
    FlatBufferBuilder::Ref inner = builder.end_table();
    std::vector<FlatBufferBuilder::Ref> inners{inner, inner};
    FlatBufferBuilder::Ref tables = builder.add_ref_vector(inners);
    std::vector<int64_t> longs{7, -8, 9};
    FlatBufferBuilder::Ref numbers = builder.add_scalar_vector<int64_t>(longs);
    builder.start_table();
    builder.add_scalar<int16_t>(0, -3);
    builder.add_ref(1, name);
    builder.add_bool(2, true);
    builder.add_ref(4, tables);
    builder.add_ref(5, numbers);
    builder.add_scalar<int64_t>(6, int64_t{1} << 40);
    std::string_view bytes = builder.finish(builder.end_table());

    ASSERT_EQ(bytes.size() % 8, 0u);
    std::string aligned(bytes);  // std::string data is suitably aligned for the reader
    FbTable root = FbTable::root(reinterpret_cast<const uint8_t*>(aligned.data()));
    EXPECT_EQ(root.scalar<int16_t>(0), -3);
    EXPECT_EQ(root.string(1), "hello");
    EXPECT_EQ(root.scalar<uint8_t>(2), 1);
    EXPECT_FALSE(root.has(3));
    EXPECT_EQ(root.scalar<int32_t>(3, 99), 99);
    ASSERT_EQ(root.vector_size(4), 2u);
    EXPECT_EQ(root.table_at(4, 1).scalar<int32_t>(0), 42);
    ASSERT_EQ(root.vector_size(5), 3u);
    EXPECT_EQ(
        (reinterpret_cast<uintptr_t>(root.vector_data(5)) - reinterpret_cast<uintptr_t>(aligned.data())) % 8,
        0u);
    EXPECT_EQ(load_unaligned<int64_t>(root.vector_data(5) + 8), -8);
    EXPECT_EQ(root.scalar<int64_t>(6), int64_t{1} << 40);
  }
}

// ---- stream structure ----

TEST(ArrowIpcWriter, SchemaMessageDescribesEveryField) {
  std::vector<std::unique_ptr<TestSchema>> columns;
  columns.push_back(field("i", "a"));
  columns.push_back(field("u", "b"));
  columns.back()->metadata = ipc_test::encode_metadata({{"ARROW:extension:name", "arrow.json"}});
  std::vector<std::unique_ptr<TestSchema>> list_child;
  list_child.push_back(field("l", "item"));
  columns.push_back(field("+l", "c", std::move(list_child)));
  columns.push_back(field("tsu:Etc/UTC", "d"));
  columns.push_back(field("d:9,2,128", "e"));
  columns.push_back(field("L", "f"));
  columns.back()->flags = 0;
  auto schema = struct_schema(std::move(columns));

  std::string out = write_stream(*schema, {});
  std::vector<Message> messages = ipc_test::read_stream(out);
  ASSERT_EQ(messages.size(), 1u);
  ASSERT_EQ(messages[0].header_type(), ipc_test::kSchema);
  FbTable fields_owner = messages[0].header();
  EXPECT_EQ(fields_owner.scalar<int16_t>(0, -1), 0);  // little-endian
  ASSERT_EQ(fields_owner.vector_size(1), 6u);

  FbTable a = fields_owner.table_at(1, 0);
  EXPECT_EQ(a.string(0), "a");
  EXPECT_EQ(a.scalar<uint8_t>(1), 1);  // nullable
  EXPECT_EQ(a.scalar<uint8_t>(2), 2);  // Int
  EXPECT_EQ(a.table(3).scalar<int32_t>(0), 32);
  EXPECT_EQ(a.table(3).scalar<uint8_t>(1), 1);
  EXPECT_EQ(a.vector_size(5), 0u);
  EXPECT_TRUE(a.has(5));  // some readers insist on a children vector

  FbTable b = fields_owner.table_at(1, 1);
  EXPECT_EQ(b.scalar<uint8_t>(2), 5);  // Utf8
  ASSERT_EQ(b.vector_size(6), 1u);
  EXPECT_EQ(b.table_at(6, 0).string(0), "ARROW:extension:name");
  EXPECT_EQ(b.table_at(6, 0).string(1), "arrow.json");

  FbTable c = fields_owner.table_at(1, 2);
  EXPECT_EQ(c.scalar<uint8_t>(2), 12);  // List
  ASSERT_EQ(c.vector_size(5), 1u);
  EXPECT_EQ(c.table_at(5, 0).string(0), "item");
  EXPECT_EQ(c.table_at(5, 0).table(3).scalar<int32_t>(0), 64);

  FbTable d = fields_owner.table_at(1, 3);
  EXPECT_EQ(d.scalar<uint8_t>(2), 10);          // Timestamp
  EXPECT_EQ(d.table(3).scalar<int16_t>(0), 2);  // MICROSECOND
  EXPECT_EQ(d.table(3).string(1), "Etc/UTC");

  FbTable e = fields_owner.table_at(1, 4);
  EXPECT_EQ(e.scalar<uint8_t>(2), 7);  // Decimal
  EXPECT_EQ(e.table(3).scalar<int32_t>(0), 9);
  EXPECT_EQ(e.table(3).scalar<int32_t>(1), 2);
  EXPECT_EQ(e.table(3).scalar<int32_t>(2), 128);

  FbTable f = fields_owner.table_at(1, 5);
  EXPECT_EQ(f.scalar<uint8_t>(1), 0);           // not nullable
  EXPECT_EQ(f.table(3).scalar<uint8_t>(1), 0);  // unsigned
}

TEST(ArrowIpcWriter, RecordBatchCarriesNodesBuffersAndValues) {
  std::vector<std::unique_ptr<TestSchema>> columns;
  columns.push_back(field("i", "n"));
  columns.push_back(field("u", "s"));
  auto schema = struct_schema(std::move(columns));
  std::vector<std::unique_ptr<TestArray>> children;
  children.push_back(ipc_test::primitive_array<int32_t>({1, std::nullopt, 3}));
  children.push_back(ipc_test::utf8_array({"a", "bc", std::nullopt}));
  auto batch = ipc_test::struct_array(3, std::move(children));

  std::string out = write_stream(*schema, {batch.get()});
  ASSERT_GE(out.size(), 8u);
  EXPECT_EQ(out.substr(out.size() - 8), std::string("\xFF\xFF\xFF\xFF\0\0\0\0", 8));
  std::vector<Message> messages = ipc_test::read_stream(out);
  ASSERT_EQ(messages.size(), 2u);
  const Message& rb = messages[1];
  ASSERT_EQ(rb.header_type(), ipc_test::kRecordBatch);
  EXPECT_EQ(rb.record_batch().scalar<int64_t>(0), 3);
  ASSERT_EQ(rb.node_count(), 2);
  EXPECT_EQ(rb.node(0), std::make_pair(int64_t{3}, int64_t{1}));
  EXPECT_EQ(rb.node(1), std::make_pair(int64_t{3}, int64_t{1}));
  ASSERT_EQ(rb.buffer_count(), 5);
  for (uint32_t i = 0; i < 5; ++i) EXPECT_EQ(rb.buffer_range(i).first % 8, 0);
  EXPECT_EQ(bits_of(rb.buffer(0), 3), (std::vector<bool>{true, false, true}));
  std::vector<int32_t> ints = values_of<int32_t>(rb.buffer(1));
  ASSERT_EQ(ints.size(), 3u);
  EXPECT_EQ(ints[0], 1);
  EXPECT_EQ(ints[2], 3);
  EXPECT_EQ(bits_of(rb.buffer(2), 3), (std::vector<bool>{true, true, false}));
  EXPECT_EQ(values_of<int32_t>(rb.buffer(3)), (std::vector<int32_t>{0, 1, 3, 3}));
  EXPECT_EQ(rb.buffer(4), "abc");
}

TEST(ArrowIpcWriter, ColumnWithoutNullsGetsAnEmptyValidityBuffer) {
  std::vector<std::unique_ptr<TestSchema>> columns;
  columns.push_back(field("l", "n"));
  auto schema = struct_schema(std::move(columns));
  std::vector<std::unique_ptr<TestArray>> children;
  children.push_back(ipc_test::primitive_array<int64_t>({5, 6}));
  auto batch = ipc_test::struct_array(2, std::move(children));

  const std::string stream = write_stream(*schema, {batch.get()});
  std::vector<Message> messages = ipc_test::read_stream(stream);
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[1].node(0).second, 0);
  EXPECT_EQ(messages[1].buffer_range(0).second, 0);
  EXPECT_EQ(values_of<int64_t>(messages[1].buffer(1)), (std::vector<int64_t>{5, 6}));
}

TEST(ArrowIpcWriter, SlicedBatchShiftsBitmapsAndRebasesOffsets) {
  std::vector<std::unique_ptr<TestSchema>> columns;
  columns.push_back(field("s", "n"));
  columns.push_back(field("u", "s"));
  std::vector<std::unique_ptr<TestSchema>> list_child;
  list_child.push_back(field("i", "l"));
  columns.push_back(field("+l", "list", std::move(list_child)));
  columns.push_back(field("b", "flag"));
  auto schema = struct_schema(std::move(columns));

  std::vector<std::optional<int16_t>> numbers;
  std::vector<std::optional<std::string>> strings;
  std::vector<bool> flags;
  for (int i = 0; i < 20; ++i) {
    numbers.push_back(i % 3 == 0 ? std::nullopt : std::optional<int16_t>(i));
    strings.push_back(i % 4 == 1 ? std::nullopt : std::optional<std::string>(std::string(i % 5, 'a' + i)));
    flags.push_back(i % 2 == 0);
  }
  // list i holds the i values i*10 .. i*10+i-1 (a flat child of 190 values).
  auto list = std::make_unique<TestArray>();
  list->length = 20;
  ipc_test::add_validity(*list, std::vector<bool>(20, true));
  std::string offsets;
  std::vector<std::optional<int32_t>> items;
  int32_t end = 0;
  offsets.append(reinterpret_cast<const char*>(&end), 4);
  for (int i = 0; i < 20; ++i) {
    for (int k = 0; k < i; ++k) items.push_back(i * 10 + k);
    end += i;
    offsets.append(reinterpret_cast<const char*>(&end), 4);
  }
  list->add_buffer(offsets);
  list->children.push_back(ipc_test::primitive_array<int32_t>(items));
  auto booleans = std::make_unique<TestArray>();
  booleans->length = 20;
  ipc_test::add_validity(*booleans, std::vector<bool>(20, true));
  std::string packed(3, '\0');
  for (int i = 0; i < 20; ++i) {
    if (flags[i]) packed[i / 8] = static_cast<char>(packed[i / 8] | (1 << (i % 8)));
  }
  booleans->add_buffer(packed);

  std::vector<std::unique_ptr<TestArray>> children;
  children.push_back(ipc_test::primitive_array<int16_t>(numbers));
  children.push_back(ipc_test::utf8_array(strings));
  children.push_back(std::move(list));
  children.push_back(std::move(booleans));
  auto batch = ipc_test::struct_array(20, std::move(children));
  batch->offset = 5;
  batch->length = 11;
  batch->children[1]->offset = 1;  // the string column is read from slot 1 + 5 on
  batch->children[1]->length = 19;

  const std::string stream = write_stream(*schema, {batch.get()});
  std::vector<Message> messages = ipc_test::read_stream(stream);
  ASSERT_EQ(messages.size(), 2u);
  const Message& rb = messages[1];
  EXPECT_EQ(rb.record_batch().scalar<int64_t>(0), 11);

  // numbers 5..15
  int64_t expected_nulls = 0;
  std::vector<bool> number_valid = bits_of(rb.buffer(0), 11);
  std::vector<int16_t> number_values = values_of<int16_t>(rb.buffer(1));
  for (int j = 0; j < 11; ++j) {
    const int i = 5 + j;
    EXPECT_EQ(number_valid[j], numbers[i].has_value()) << i;
    if (numbers[i]) {
      EXPECT_EQ(number_values[j], *numbers[i]);
    }
    expected_nulls += numbers[i].has_value() ? 0 : 1;
  }
  EXPECT_EQ(rb.node(0), std::make_pair(int64_t{11}, expected_nulls));

  // strings 6..16
  std::vector<bool> string_valid = bits_of(rb.buffer(2), 11);
  std::vector<int32_t> string_offsets = values_of<int32_t>(rb.buffer(3));
  ASSERT_EQ(string_offsets.size(), 12u);
  EXPECT_EQ(string_offsets[0], 0);
  for (int j = 0; j < 11; ++j) {
    const int i = 6 + j;
    EXPECT_EQ(string_valid[j], strings[i].has_value()) << i;
    std::string_view value =
        rb.buffer(4).substr(string_offsets[j], string_offsets[j + 1] - string_offsets[j]);
    EXPECT_EQ(value, strings[i].value_or("")) << i;
  }
  // Bits past the slice are cleared.
  EXPECT_EQ(static_cast<uint8_t>(rb.buffer(2)[1]) >> 3, 0);

  // lists 5..15: the child node covers exactly their items, the offsets start at 0.
  EXPECT_EQ(rb.node(2), std::make_pair(int64_t{11}, int64_t{0}));
  int64_t item_count = 0;
  for (int i = 5; i < 16; ++i) item_count += i;
  EXPECT_EQ(rb.node(3), std::make_pair(item_count, int64_t{0}));
  std::vector<int32_t> list_offsets = values_of<int32_t>(rb.buffer(6));
  std::vector<int32_t> list_items = values_of<int32_t>(rb.buffer(8));
  ASSERT_EQ(list_offsets.size(), 12u);
  EXPECT_EQ(list_offsets[0], 0);
  for (int j = 0; j < 11; ++j) {
    const int i = 5 + j;
    ASSERT_EQ(list_offsets[j + 1] - list_offsets[j], i);
    for (int k = 0; k < i; ++k) EXPECT_EQ(list_items[list_offsets[j] + k], i * 10 + k);
  }

  // booleans 5..15
  std::vector<bool> flag_bits = bits_of(rb.buffer(10), 11);
  for (int j = 0; j < 11; ++j) EXPECT_EQ(flag_bits[j], flags[5 + j]) << j;
}

TEST(ArrowIpcWriter, AppendingInPiecesGivesTheSameBytesAsOneString) {
  std::vector<std::unique_ptr<TestSchema>> columns;
  columns.push_back(field("u", "s"));
  auto schema = struct_schema(std::move(columns));
  std::vector<std::unique_ptr<TestArray>> batches;
  for (int b = 0; b < 3; ++b) {
    std::vector<std::unique_ptr<TestArray>> children;
    children.push_back(ipc_test::utf8_array({std::string(b + 1, 'x'), std::nullopt}));
    batches.push_back(ipc_test::struct_array(2, std::move(children)));
  }
  for (ArrowIpcFormat format : {ArrowIpcFormat::kStream, ArrowIpcFormat::kFile}) {
    ArrowIpcWriter whole_writer(schema->get(), format);
    std::string whole;
    whole_writer.begin(whole);
    for (auto& batch : batches) whole_writer.write(batch->get(), whole);
    whole_writer.finish(whole);
    EXPECT_EQ(whole_writer.bytes_written(), static_cast<int64_t>(whole.size()));

    ArrowIpcWriter piece_writer(schema->get(), format);
    std::string pieces;
    std::string out;
    piece_writer.begin(out);
    pieces += out;
    for (auto& batch : batches) {
      out.clear();
      piece_writer.write(batch->get(), out);
      pieces += out;
    }
    out.clear();
    piece_writer.finish(out);
    pieces += out;
    EXPECT_EQ(pieces, whole);
  }
}

TEST(ArrowIpcWriter, EmptyResultIsSchemaAndEndOfStream) {
  std::vector<std::unique_ptr<TestSchema>> columns;
  columns.push_back(field("i", "n"));
  auto schema = struct_schema(std::move(columns));
  std::string out = write_stream(*schema, {});
  std::vector<Message> messages = ipc_test::read_stream(out);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].header_type(), ipc_test::kSchema);
  EXPECT_EQ(messages[0].table().scalar<int64_t>(3), 0);  // no body
}

// Checks the file layout and returns the footer.
FbTable read_file_footer(const std::string& file, std::vector<Message>& messages) {
  const std::string magic("ARROW1\0\0", 8);
  EXPECT_EQ(file.substr(0, 8), magic);
  EXPECT_EQ(file.substr(file.size() - 6), "ARROW1");
  size_t stream_end = ipc_test::read_messages(file, 8, messages);
  int32_t footer_length = load_unaligned<int32_t>(file.data() + file.size() - 10);
  EXPECT_EQ(stream_end + footer_length + 10, file.size());
  return FbTable::root(reinterpret_cast<const uint8_t*>(file.data() + stream_end));
}

struct Block {
  int64_t offset;
  int32_t metadata_length;
  int64_t body_length;
};

Block block_at(FbTable footer, int id, uint32_t index) {
  const uint8_t* at = footer.vector_data(id) + 24 * index;
  return {load_unaligned<int64_t>(at), load_unaligned<int32_t>(at + 8), load_unaligned<int64_t>(at + 16)};
}

TEST(ArrowIpcWriter, FileFooterListsEveryBatchAtItsOffset) {
  std::vector<std::unique_ptr<TestSchema>> columns;
  columns.push_back(field("g", "x"));
  auto schema = struct_schema(std::move(columns));
  ArrowIpcWriter writer(schema->get(), ArrowIpcFormat::kFile);
  std::string file;
  writer.begin(file);
  for (int b = 0; b < 3; ++b) {
    std::vector<std::unique_ptr<TestArray>> children;
    children.push_back(ipc_test::primitive_array<double>({b * 1.0, b + 0.5}));
    auto batch = ipc_test::struct_array(2, std::move(children));
    writer.write(batch->get(), file);
  }
  writer.finish(file);

  std::vector<Message> messages;
  FbTable footer = read_file_footer(file, messages);
  ASSERT_EQ(messages.size(), 4u);
  EXPECT_EQ(footer.scalar<int16_t>(0), 4);
  EXPECT_EQ(footer.table(1).vector_size(1), 1u);
  EXPECT_EQ(footer.table(1).table_at(1, 0).string(0), "x");
  EXPECT_EQ(footer.vector_size(2), 0u);
  ASSERT_EQ(footer.vector_size(3), 3u);
  for (uint32_t b = 0; b < 3; ++b) {
    Block block = block_at(footer, 3, b);
    const Message& message = messages[b + 1];
    EXPECT_EQ(block.offset, static_cast<int64_t>(message.position));
    EXPECT_EQ(block.metadata_length, 8 + message.metadata_length);
    EXPECT_EQ(block.body_length, static_cast<int64_t>(message.body.size()));
    EXPECT_EQ(values_of<double>(message.buffer(1)), (std::vector<double>{b * 1.0, b + 0.5}));
  }
}

TEST(ArrowIpcWriter, EmptyFileHasSchemaFooterAndNoBlocks) {
  std::vector<std::unique_ptr<TestSchema>> columns;
  columns.push_back(field("i", "n"));
  auto schema = struct_schema(std::move(columns));
  ArrowIpcWriter writer(schema->get(), ArrowIpcFormat::kFile);
  std::string file;
  writer.begin(file);
  writer.finish(file);
  std::vector<Message> messages;
  FbTable footer = read_file_footer(file, messages);
  EXPECT_EQ(messages.size(), 1u);
  EXPECT_EQ(footer.vector_size(3), 0u);
}

// ---- dictionaries ----

std::unique_ptr<TestSchema> enum_field(std::string name) {
  auto schema = field("C", std::move(name));
  schema->dictionary = field("u", "");
  return schema;
}

std::unique_ptr<TestArray> enum_array(std::vector<std::optional<uint8_t>> indices,
                                      std::vector<std::optional<std::string>> dictionary) {
  auto array = ipc_test::primitive_array<uint8_t>(indices);
  array->dictionary = ipc_test::utf8_array(dictionary);
  return array;
}

// A batch of a top-level enum column and a list-of-enum column sharing the dictionary values.
std::unique_ptr<TestArray> enum_batch(std::vector<std::optional<std::string>> dictionary) {
  std::vector<std::unique_ptr<TestArray>> children;
  children.push_back(enum_array({0, std::nullopt, 1}, dictionary));
  auto list = std::make_unique<TestArray>();
  list->length = 3;
  ipc_test::add_validity(*list, {true, true, true});
  std::vector<int32_t> offsets{0, 1, 1, 2};
  list->add_buffer(std::string(reinterpret_cast<const char*>(offsets.data()), 16));
  list->children.push_back(enum_array({1, 0}, dictionary));
  children.push_back(std::move(list));
  return ipc_test::struct_array(3, std::move(children));
}

std::unique_ptr<TestSchema> enum_schema() {
  std::vector<std::unique_ptr<TestSchema>> columns;
  columns.push_back(enum_field("mood"));
  std::vector<std::unique_ptr<TestSchema>> list_child;
  list_child.push_back(enum_field("l"));
  columns.push_back(field("+l", "moods", std::move(list_child)));
  return struct_schema(std::move(columns));
}

TEST(ArrowIpcWriter, DictionariesPrecedeTheFirstBatchAndAreSentOnce) {
  auto schema = enum_schema();
  auto first = enum_batch({"a", "b", "c"});
  auto second = enum_batch({"a", "b", "c"});
  const std::string stream = write_stream(*schema, {first.get(), second.get()});
  std::vector<Message> messages = ipc_test::read_stream(stream);

  ASSERT_EQ(messages.size(), 5u);
  FbTable mood = messages[0].header().table_at(1, 0);
  EXPECT_EQ(mood.scalar<uint8_t>(2), 5);  // the field's type is the value type, Utf8
  FbTable encoding = mood.table(4);
  EXPECT_EQ(encoding.scalar<int64_t>(0), 0);
  EXPECT_EQ(encoding.table(1).scalar<int32_t>(0), 8);
  EXPECT_EQ(encoding.table(1).scalar<uint8_t>(1), 0);
  FbTable nested = messages[0].header().table_at(1, 1).table_at(5, 0);
  EXPECT_EQ(nested.table(4).scalar<int64_t>(0), 1);

  for (int id = 0; id < 2; ++id) {
    const Message& dictionary = messages[1 + id];
    ASSERT_EQ(dictionary.header_type(), ipc_test::kDictionaryBatch);
    EXPECT_EQ(dictionary.header().scalar<int64_t>(0), id);
    EXPECT_EQ(dictionary.header().scalar<uint8_t>(2), 0);  // not a delta
    EXPECT_EQ(dictionary.record_batch().scalar<int64_t>(0), 3);
    EXPECT_EQ(dictionary.buffer(2), "abc");
  }
  EXPECT_EQ(messages[3].header_type(), ipc_test::kRecordBatch);
  EXPECT_EQ(messages[4].header_type(), ipc_test::kRecordBatch);
  // Record batches carry the indices: mood (validity, indices), list (validity, offsets), items.
  EXPECT_EQ(messages[3].node(0), std::make_pair(int64_t{3}, int64_t{1}));
  EXPECT_EQ(messages[3].buffer(1).substr(0, 3), std::string("\0\0\1", 3));
  EXPECT_EQ(messages[3].buffer(5), std::string("\1\0", 2));
}

TEST(ArrowIpcWriter, GrownDictionaryIsSentAsADelta) {
  auto schema = enum_schema();
  auto first = enum_batch({"a", "b"});
  auto second = enum_batch({"a", "b", "cd"});
  for (ArrowIpcFormat format : {ArrowIpcFormat::kStream, ArrowIpcFormat::kFile}) {
    ArrowIpcWriter writer(schema->get(), format);
    std::string out;
    writer.begin(out);
    writer.write(first->get(), out);
    writer.write(second->get(), out);
    writer.finish(out);
    std::vector<Message> messages;
    if (format == ArrowIpcFormat::kStream) {
      messages = ipc_test::read_stream(out);
    } else {
      FbTable footer = read_file_footer(out, messages);
      EXPECT_EQ(footer.vector_size(2), 4u);
      EXPECT_EQ(footer.vector_size(3), 2u);
    }
    ASSERT_EQ(messages.size(), 7u);
    const Message& delta = messages[4];
    ASSERT_EQ(delta.header_type(), ipc_test::kDictionaryBatch);
    EXPECT_EQ(delta.header().scalar<int64_t>(0), 0);
    EXPECT_EQ(delta.header().scalar<uint8_t>(2), 1);
    EXPECT_EQ(delta.record_batch().scalar<int64_t>(0), 1);
    EXPECT_EQ(values_of<int32_t>(delta.buffer(1)), (std::vector<int32_t>{0, 2}));
    EXPECT_EQ(delta.buffer(2), "cd");
  }
}

TEST(ArrowIpcWriter, ChangedDictionaryIsReplacedInStreamsAndRefusedInFiles) {
  auto schema = enum_schema();
  auto first = enum_batch({"a", "b"});
  auto second = enum_batch({"x", "y"});
  const std::string stream = write_stream(*schema, {first.get(), second.get()});
  std::vector<Message> messages = ipc_test::read_stream(stream);
  ASSERT_EQ(messages.size(), 7u);
  EXPECT_EQ(messages[4].header_type(), ipc_test::kDictionaryBatch);
  EXPECT_EQ(messages[4].header().scalar<uint8_t>(2), 0);
  EXPECT_EQ(messages[4].buffer(2), "xy");

  ArrowIpcWriter writer(schema->get(), ArrowIpcFormat::kFile);
  std::string out;
  writer.begin(out);
  writer.write(first->get(), out);
  EXPECT_THROW(writer.write(second->get(), out), ArrowIpcError);
}

// ---- layouts of particular types ----

TEST(ArrowIpcWriter, SparseUnionHasOnlyATypeIdBuffer) {
  std::vector<std::unique_ptr<TestSchema>> members;
  members.push_back(field("i", "num"));
  members.push_back(field("u", "str"));
  std::vector<std::unique_ptr<TestSchema>> columns;
  columns.push_back(field("+us:0,1", "un", std::move(members)));
  auto schema = struct_schema(std::move(columns));

  auto un = std::make_unique<TestArray>();
  un->length = 2;
  un->add_buffer(std::string("\0\1", 2));
  un->children.push_back(ipc_test::primitive_array<int32_t>({7, std::nullopt}));
  un->children.push_back(ipc_test::utf8_array({std::nullopt, "s"}));
  std::vector<std::unique_ptr<TestArray>> children;
  children.push_back(std::move(un));
  auto batch = ipc_test::struct_array(2, std::move(children));

  const std::string stream = write_stream(*schema, {batch.get()});
  std::vector<Message> messages = ipc_test::read_stream(stream);
  FbTable union_type = messages[0].header().table_at(1, 0).table(3);
  EXPECT_EQ(union_type.scalar<int16_t>(0), 0);  // Sparse
  ASSERT_EQ(union_type.vector_size(1), 2u);
  EXPECT_EQ(load_unaligned<int32_t>(union_type.vector_data(1) + 4), 1);
  const Message& rb = messages[1];
  EXPECT_EQ(rb.node(0), std::make_pair(int64_t{2}, int64_t{0}));
  ASSERT_EQ(rb.buffer_count(), 1 + 2 + 3);
  EXPECT_EQ(rb.buffer(0), std::string("\0\1", 2));
}

TEST(ArrowIpcWriter, NullColumnHasANodeAndNoBuffers) {
  std::vector<std::unique_ptr<TestSchema>> columns;
  columns.push_back(field("n", "nothing"));
  columns.push_back(field("i", "n"));
  auto schema = struct_schema(std::move(columns));
  auto nothing = std::make_unique<TestArray>();
  nothing->length = 4;
  nothing->null_count = 4;
  std::vector<std::unique_ptr<TestArray>> children;
  children.push_back(std::move(nothing));
  children.push_back(ipc_test::primitive_array<int32_t>({1, 2, 3, 4}));
  auto batch = ipc_test::struct_array(4, std::move(children));

  const std::string stream = write_stream(*schema, {batch.get()});
  std::vector<Message> messages = ipc_test::read_stream(stream);
  EXPECT_EQ(messages[0].header().table_at(1, 0).scalar<uint8_t>(2), 1);  // Null
  EXPECT_EQ(messages[1].node(0), std::make_pair(int64_t{4}, int64_t{4}));
  EXPECT_EQ(messages[1].buffer_count(), 2);
}

TEST(ArrowIpcWriter, StringViewsCarryTheirVariadicBufferCount) {
  std::vector<std::unique_ptr<TestSchema>> columns;
  columns.push_back(field("vu", "v"));
  auto schema = struct_schema(std::move(columns));

  const std::string long_value = "a string longer than twelve bytes";
  std::string views(32, '\0');
  int32_t short_length = 2;
  std::memcpy(&views[0], &short_length, 4);
  std::memcpy(&views[4], "hi", 2);
  int32_t long_length = static_cast<int32_t>(long_value.size());
  std::memcpy(&views[16], &long_length, 4);
  std::memcpy(&views[20], long_value.data(), 4);  // prefix; buffer index 0 and offset 0 follow
  int64_t variadic_size = static_cast<int64_t>(long_value.size());
  auto view_array = std::make_unique<TestArray>();
  view_array->length = 2;
  view_array->add_buffer(std::string(), false);
  view_array->add_buffer(views);
  view_array->add_buffer(long_value);
  view_array->add_buffer(std::string(reinterpret_cast<const char*>(&variadic_size), 8));
  std::vector<std::unique_ptr<TestArray>> children;
  children.push_back(std::move(view_array));
  auto batch = ipc_test::struct_array(2, std::move(children));

  const std::string stream = write_stream(*schema, {batch.get()});
  std::vector<Message> messages = ipc_test::read_stream(stream);
  EXPECT_EQ(messages[0].header().table_at(1, 0).scalar<uint8_t>(2), 24);  // Utf8View
  const Message& rb = messages[1];
  ASSERT_EQ(rb.buffer_count(), 3);
  EXPECT_EQ(rb.buffer(1), views);
  EXPECT_EQ(rb.buffer(2), long_value);
  ASSERT_EQ(rb.record_batch().vector_size(4), 1u);
  EXPECT_EQ(load_unaligned<int64_t>(rb.record_batch().vector_data(4)), 1);
}

TEST(ArrowIpcWriter, RejectsWhatItCannotEncode) {
  auto not_a_struct = field("i", "x");
  EXPECT_THROW(ArrowIpcWriter(not_a_struct->get(), ArrowIpcFormat::kStream), ArrowIpcError);
  for (const char* format : {"+r", "x", "d:1", "tsx:", "+w:abc"}) {
    std::vector<std::unique_ptr<TestSchema>> columns;
    columns.push_back(field(format, "x"));
    auto schema = struct_schema(std::move(columns));
    EXPECT_THROW(ArrowIpcWriter(schema->get(), ArrowIpcFormat::kStream), ArrowIpcError) << format;
  }
  std::vector<std::unique_ptr<TestSchema>> columns;
  columns.push_back(field("i", "x"));
  auto schema = struct_schema(std::move(columns));
  ArrowIpcWriter writer(schema->get(), ArrowIpcFormat::kStream);
  std::string out;
  auto batch = ipc_test::struct_array(0, {});
  EXPECT_THROW(writer.write(batch->get(), out), ArrowIpcError);  // before begin()
  writer.begin(out);
  EXPECT_THROW(writer.write(batch->get(), out), ArrowIpcError);  // no columns
}

TEST(ArrowIpcBody, CountNullsMatchesABitByBitCount) {
  std::mt19937 random(7);
  std::string bitmap(64, '\0');
  for (char& byte : bitmap) byte = static_cast<char>(random());
  const auto* bytes = reinterpret_cast<const uint8_t*>(bitmap.data());
  for (int64_t offset : {0, 1, 7, 8, 13, 64, 100}) {
    for (int64_t length : {0, 1, 5, 8, 63, 64, 65, 200, 400 - 100}) {
      if (offset + length > 512) continue;
      int64_t expected = 0;
      for (int64_t i = offset; i < offset + length; ++i) expected += ((bytes[i / 8] >> (i % 8)) & 1) ? 0 : 1;
      EXPECT_EQ(encode::count_nulls(bytes, offset, length), expected) << offset << "+" << length;
    }
  }
}

}  // namespace
}  // namespace duckwire
