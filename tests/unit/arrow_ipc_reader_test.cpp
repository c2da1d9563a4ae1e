#include "encode/arrow_ipc_reader.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include <unistd.h>

#include "arrow_ipc_test_support.hpp"
#include "backend/duckdb/arrow_import.hpp"
#include "backend/duckdb/duckdb_backend.hpp"
#include "encode/arrow_ipc_writer.hpp"
#include "encode/flatbuffer_builder.hpp"

namespace duckwire {
namespace {

using encode::ArrowIpcFormat;
using encode::ArrowIpcTable;
using encode::ArrowIpcWriter;
using encode::FlatBufferBuilder;
using encode::read_arrow_ipc_stream;
using ipc_test::field;
using ipc_test::Message;
using ipc_test::struct_schema;
using ipc_test::TestArray;
using ipc_test::TestSchema;
using ipc_test::write_stream;

// ---- building input ----

template <class T>
std::string bytes_of(const std::vector<T>& values) {
  return std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
}

// The decoded table written again: equal bytes mean nothing was lost or changed on the way.
std::string rewrite(const ArrowIpcTable& table) {
  std::vector<const ArrowArray*> batches;
  for (const arrow::OwnedArray& batch : table.batches) batches.push_back(batch.get());
  return write_stream(*table.schema.get(), batches);
}

std::unique_ptr<TestArray> large_utf8_array(const std::vector<std::optional<std::string>>& values) {
  auto array = std::make_unique<TestArray>();
  array->length = static_cast<int64_t>(values.size());
  std::vector<bool> valid;
  std::vector<int64_t> offsets{0};
  std::string data;
  for (const auto& value : values) {
    valid.push_back(value.has_value());
    data += value.value_or("");
    offsets.push_back(static_cast<int64_t>(data.size()));
  }
  ipc_test::add_validity(*array, valid);
  array->add_buffer(bytes_of(offsets));
  array->add_buffer(data);
  return array;
}

std::unique_ptr<TestArray> list_array(std::vector<int32_t> offsets, std::unique_ptr<TestArray> values) {
  auto array = std::make_unique<TestArray>();
  array->length = static_cast<int64_t>(offsets.size()) - 1;
  ipc_test::add_validity(*array, std::vector<bool>(offsets.size() - 1, true));
  array->add_buffer(bytes_of(offsets));
  array->children.push_back(std::move(values));
  return array;
}

std::unique_ptr<TestArray> bool_array(const std::vector<std::optional<bool>>& values) {
  auto array = std::make_unique<TestArray>();
  array->length = static_cast<int64_t>(values.size());
  std::vector<bool> valid;
  std::string bits((values.size() + 7) / 8, '\0');
  for (size_t i = 0; i < values.size(); ++i) {
    valid.push_back(values[i].has_value());
    if (values[i].value_or(false)) bits[i / 8] = static_cast<char>(bits[i / 8] | (1 << (i % 8)));
  }
  ipc_test::add_validity(*array, valid);
  array->add_buffer(bits);
  return array;
}

std::unique_ptr<TestSchema> enum_field(const std::string& name) {
  auto schema = field("c", name);
  schema->dictionary = field("u", "");
  return schema;
}

std::unique_ptr<TestArray> enum_array(const std::vector<std::optional<int8_t>>& indices,
                                      const std::vector<std::optional<std::string>>& dictionary) {
  auto array = ipc_test::primitive_array<int8_t>(indices);
  array->dictionary = ipc_test::utf8_array(dictionary);
  return array;
}

// One column of a hand-built table.
struct Column {
  std::unique_ptr<TestSchema> schema;
  std::unique_ptr<TestArray> array;
};

struct Table {
  std::unique_ptr<TestSchema> schema;
  std::unique_ptr<TestArray> batch;
};

Table table_of(std::vector<Column> columns) {
  std::vector<std::unique_ptr<TestSchema>> fields;
  std::vector<std::unique_ptr<TestArray>> arrays;
  const int64_t length = columns.empty() ? 0 : columns[0].array->length;
  for (Column& column : columns) {
    fields.push_back(std::move(column.schema));
    arrays.push_back(std::move(column.array));
  }
  return Table{struct_schema(std::move(fields)), ipc_test::struct_array(length, std::move(arrays))};
}

// An encapsulated message: marker, padded length, flatbuffer, body.
std::string frame_message(std::string_view flatbuffer, std::string_view body) {
  std::string metadata(flatbuffer);
  metadata.resize((metadata.size() + 7) / 8 * 8, '\0');
  std::string out("\xFF\xFF\xFF\xFF", 4);
  const auto length = static_cast<int32_t>(metadata.size());
  out.append(reinterpret_cast<const char*>(&length), 4);
  return out + metadata + std::string(body);
}

const std::string kEndOfStream("\xFF\xFF\xFF\xFF\0\0\0\0", 8);

// A RecordBatch message for one int32 column of `length` rows, with hand-picked buffer descriptors.
std::string int_batch_message(int64_t length, std::vector<int64_t> buffers, std::string_view body,
                              bool compressed = false) {
  FlatBufferBuilder builder;
  FlatBufferBuilder::Ref compression = 0;
  if (compressed) {
    builder.start_table();
    builder.add_scalar<int8_t>(0, 0);  // LZ4_FRAME
    compression = builder.end_table();
  }
  std::vector<int64_t> nodes{length, 0};
  FlatBufferBuilder::Ref buffer_ref = builder.add_struct_vector(buffers.data(), buffers.size() / 2, 16, 8);
  FlatBufferBuilder::Ref node_ref = builder.add_struct_vector(nodes.data(), 1, 16, 8);
  builder.start_table();
  builder.add_scalar<int64_t>(0, length);
  builder.add_ref(1, node_ref);
  builder.add_ref(2, buffer_ref);
  if (compressed) builder.add_ref(3, compression);
  FlatBufferBuilder::Ref batch = builder.end_table();
  builder.start_table();
  builder.add_scalar<int64_t>(3, static_cast<int64_t>(body.size()));
  builder.add_ref(2, batch);
  builder.add_scalar<int16_t>(0, 4);
  builder.add_scalar<uint8_t>(1, 3);
  return frame_message(builder.finish(builder.end_table()), body);
}

// The schema message of a stream with one int32 column "n".
std::string int_schema_message() {
  std::vector<std::unique_ptr<TestSchema>> fields;
  fields.push_back(field("i", "n"));
  auto schema = struct_schema(std::move(fields));
  const std::string stream = write_stream(schema->get(), {});
  return stream.substr(0, stream.size() - kEndOfStream.size());
}

// ---- DuckDB ----

std::unique_ptr<Backend> open_memory() {
  BackendOptions options;
  options.allowed_directories.push_back(std::filesystem::current_path().string());
  std::vector<std::string> warnings;
  auto backend = open_duckdb_backend(options, warnings);
  EXPECT_TRUE(backend.ok()) << (backend.ok() ? "" : backend.error().message);
  return std::move(backend).value();
}

std::string query_to_ipc(Session& session, const std::string& sql) {
  auto stream = session.execute(sql);
  EXPECT_TRUE(stream.ok()) << (stream.ok() ? "" : stream.error().message);
  ArrowIpcWriter writer(*stream.value()->schema().arrow.get(), ArrowIpcFormat::kStream);
  std::string out;
  writer.begin(out);
  while (true) {
    auto chunk = stream.value()->next();
    EXPECT_TRUE(chunk.ok());
    if (!chunk.ok() || !chunk.value()) break;
    writer.write(*chunk.value()->array.get(), out);
  }
  writer.finish(out);
  return out;
}

// The first value of a one-column VARCHAR result ("<null>" for NULL, "<error: ...>" on failure).
std::string query_text(Session& session, const std::string& sql) {
  auto stream = session.execute(sql);
  if (!stream) return "<error: " + stream.error().message + ">";
  auto chunk = stream.value()->next();
  if (!chunk) return "<error: " + chunk.error().message + ">";
  if (!chunk.value()) return "<no rows>";
  const ArrowArray& column = *chunk.value()->array->children[0];
  const std::string_view format = stream.value()->schema().arrow->children[0]->format;
  const int64_t slot = column.offset;
  if (column.null_count > 0 && column.buffers[0] != nullptr &&
      !((static_cast<const uint8_t*>(column.buffers[0])[slot / 8] >> (slot % 8)) & 1)) {
    return "<null>";
  }
  const char* data = static_cast<const char*>(column.buffers[2]);
  if (format == "u") {
    const auto* offsets = static_cast<const int32_t*>(column.buffers[1]);
    return std::string(data + offsets[slot], static_cast<size_t>(offsets[slot + 1] - offsets[slot]));
  }
  if (format == "U") {
    const auto* offsets = static_cast<const int64_t*>(column.buffers[1]);
    return std::string(data + offsets[slot], static_cast<size_t>(offsets[slot + 1] - offsets[slot]));
  }
  return "<unexpected format " + std::string(format) + ">";
}

Result<int64_t> upload(Session& session, const std::string& table, std::string_view bytes) {
  auto decoded = read_arrow_ipc_stream(bytes);
  if (!decoded) return decoded.error();
  return session.create_table_from_arrow(table, *decoded->schema.get(), decoded->batches);
}

std::string column_types(Session& session, const std::string& relation) {
  return query_text(
      session, "SELECT string_agg(column_name || ' ' || column_type, ', ') FROM (DESCRIBE " + relation + ")");
}

std::string rows_text(Session& session, const std::string& relation) {
  return query_text(session, "SELECT string_agg(x::VARCHAR, '\n' ORDER BY id) FROM (" + relation + ") x");
}

// Columns DuckDB produces, of every type its Arrow export and import share, with nulls, over more
// than one chunk.
const char* kWideQuery = R"(
  SELECT i AS id,
    CASE WHEN i % 7 = 0 THEN NULL ELSE i % 2 = 0 END AS b,
    (i % 100)::TINYINT AS i8, (i - 1500)::SMALLINT AS i16, i::INTEGER * -3 AS i32, i * 1000000007 AS i64,
    (i % 200)::UTINYINT AS u8, i::USMALLINT AS u16, i::UINTEGER AS u32, (i * 1000000000000)::UBIGINT AS u64,
    (i / 3)::FLOAT AS f32, i / 7 AS f64,
    (i * 12.345)::DECIMAL(18,3) AS d18, (i * 1.5)::DECIMAL(38,10) AS d38, (i % 999 / 10)::DECIMAL(4,1) AS d4,
    CASE WHEN i % 5 = 0 THEN NULL ELSE 'str-' || i END AS s,
    repeat('é€😀', i % 4) AS s_unicode,
    encode('bytes' || i) AS bl,
    DATE '2020-01-01' + i::INTEGER AS d,
    TIME '01:02:03' + INTERVAL (i) SECOND AS t,
    TIMESTAMP '2021-05-06 07:08:09.123456' + INTERVAL (i) MINUTE AS ts,
    TIMESTAMP_MS '2021-05-06 07:08:09.123' + INTERVAL (i) HOUR AS ts_ms,
    TIMESTAMP_NS '2021-05-06 07:08:09.123456789' AS ts_ns,
    TIMESTAMP_S '2021-05-06 07:08:09' AS ts_s,
    TIMESTAMPTZ '2021-05-06 07:08:09+00' + INTERVAL (i) SECOND AS tstz,
    INTERVAL (i) DAY + INTERVAL (i) MICROSECOND + INTERVAL (i % 13) MONTH AS iv,
    [i, i + 1, NULL] AS l,
    CASE WHEN i % 3 = 0 THEN NULL ELSE range(i % 4) END AS l2,
    [['a' || i], [], NULL] AS ll,
    {'a': i, 'b': 's' || i, 'c': {'d': i % 2 = 0}} AS st,
    CASE WHEN i % 4 = 0 THEN NULL ELSE MAP {'k' || i: i, 'z': NULL} END AS m,
    [i, i + 1]::INTEGER[2] AS arr,
    ('00000000-0000-0000-0000-' || lpad(i::VARCHAR, 12, '0'))::UUID AS u,
    (['sad', 'ok', 'happy'])[i % 3 + 1]::ENUM('sad', 'ok', 'happy') AS mood,
    CASE WHEN i % 2 = 0 THEN union_value(num := i)::UNION(num INTEGER, str VARCHAR)
         ELSE union_value(str := 'x' || i)::UNION(num INTEGER, str VARCHAR) END AS un,
    NULL AS nothing
  FROM range(3000) r(i)
)";

// ---- decoding what duckwire's writer produced ----

TEST(ArrowIpcReader, RoundTripsDuckDbResultsThroughTheWriterAndBackIntoDuckDb) {
  auto backend = open_memory();
  auto session = backend->connect().value();
  const std::string bytes = query_to_ipc(*session, kWideQuery);
  auto decoded = read_arrow_ipc_stream(bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(decoded->rows, 3000);
  EXPECT_GT(decoded->batches.size(), 1u);
  EXPECT_EQ(rewrite(decoded.value()), bytes);

  auto rows = session->create_table_from_arrow("wide", *decoded->schema.get(), decoded->batches);
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  EXPECT_EQ(rows.value(), 3000);
  // DuckDB exports UUIDs as strings and ENUMs as dictionaries, which it imports as VARCHAR.
  std::string expected_types = column_types(*session, kWideQuery);
  for (auto [from, to] :
       {std::pair{"u UUID", "u VARCHAR"}, {"mood ENUM('sad', 'ok', 'happy')", "mood VARCHAR"}}) {
    expected_types.replace(expected_types.find(from), std::string_view(from).size(), to);
  }
  EXPECT_EQ(column_types(*session, "wide"), expected_types);
  EXPECT_EQ(rows_text(*session, "SELECT * FROM wide"), rows_text(*session, kWideQuery));
}

TEST(ArrowIpcReader, ReadsTypesDuckDbDoesNotWrite) {
  std::vector<Column> columns;
  columns.push_back({field("U", "large_s"), large_utf8_array({"a", std::nullopt, "ccc"})});
  columns.push_back({field("Z", "large_b"), large_utf8_array({"\x01", "", std::nullopt})});
  columns.push_back({field("z", "bin"), ipc_test::utf8_array({"x", "\xff\x00", std::nullopt})});
  columns.push_back({field("w:3", "fixed"), ipc_test::primitive_array<std::array<char, 3>>(
                                                {std::array<char, 3>{'a', 'b', 'c'}, std::nullopt,
                                                 std::array<char, 3>{'x', 'y', 'z'}})});
  columns.push_back(
      {field("tdm", "date64"), ipc_test::primitive_array<int64_t>({86400000, std::nullopt, 0})});
  columns.push_back({field("tts", "time_s"), ipc_test::primitive_array<int32_t>({3661, 0, std::nullopt})});
  columns.push_back({field("ttm", "time_ms"), ipc_test::primitive_array<int32_t>({3661001, 0, 1})});
  columns.push_back({field("ttn", "time_ns"), ipc_test::primitive_array<int64_t>({3661000001000, 0, 1000})});
  columns.push_back({field("tDs", "dur_s"), ipc_test::primitive_array<int64_t>({90, std::nullopt, -1})});
  columns.push_back({field("tDm", "dur_ms"), ipc_test::primitive_array<int64_t>({1500, 0, 1})});
  columns.push_back({field("tiM", "iv_ym"), ipc_test::primitive_array<int32_t>({14, std::nullopt, -1})});
  columns.push_back({field("tsn:Europe/Paris", "ts_tz"),
                     ipc_test::primitive_array<int64_t>({1000000000, std::nullopt, 0})});
  columns.push_back({field("b", "flag"), bool_array({true, std::nullopt, false})});
  {
    std::vector<std::unique_ptr<TestSchema>> item;
    item.push_back(field("i", "item"));
    columns.push_back({field("+L", "large_list", std::move(item)), nullptr});
    auto list = std::make_unique<TestArray>();
    list->length = 3;
    ipc_test::add_validity(*list, {true, false, true});
    list->add_buffer(bytes_of(std::vector<int64_t>{0, 2, 2, 3}));
    list->children.push_back(ipc_test::primitive_array<int32_t>({1, 2, 3}));
    columns.back().array = std::move(list);
  }
  columns.push_back({enum_field("mood"), enum_array({1, std::nullopt, 0}, {"calm", "wild"})});
  Table table = table_of(std::move(columns));
  const std::string bytes = write_stream(*table.schema, {table.batch.get()});

  auto decoded = read_arrow_ipc_stream(bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(rewrite(decoded.value()), bytes);

  auto backend = open_memory();
  auto session = backend->connect().value();
  auto rows = upload(*session, "odd", bytes);
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  EXPECT_EQ(rows.value(), 3);
  EXPECT_EQ(
      column_types(*session, "odd"),
      "large_s VARCHAR, large_b BLOB, bin BLOB, fixed BLOB, date64 DATE, time_s TIME, time_ms TIME, "
      "time_ns TIME_NS, dur_s INTERVAL, dur_ms INTERVAL, iv_ym INTERVAL, ts_tz TIMESTAMP WITH TIME ZONE, "
      "flag BOOLEAN, large_list INTEGER[], mood VARCHAR");
  EXPECT_EQ(
      query_text(*session, "SELECT string_agg(x::VARCHAR, '\n') FROM odd x"),
      "{'large_s': a, 'large_b': \\x01, 'bin': x, 'fixed': abc, 'date64': 1970-01-02, 'time_s': '01:01:01', "
      "'time_ms': '01:01:01.001', 'time_ns': '01:01:01.000001', 'dur_s': '00:01:30', 'dur_ms': '00:00:01.5', "
      "'iv_ym': 1 year 2 months, 'ts_tz': '1970-01-01 00:00:01+00', 'flag': true, 'large_list': [1, 2], "
      "'mood': wild}\n"
      "{'large_s': NULL, 'large_b': '', 'bin': \\xFF, 'fixed': NULL, 'date64': NULL, 'time_s': '00:00:00', "
      "'time_ms': '00:00:00', 'time_ns': '00:00:00', 'dur_s': NULL, 'dur_ms': '00:00:00', 'iv_ym': NULL, "
      "'ts_tz': NULL, 'flag': NULL, 'large_list': NULL, 'mood': NULL}\n"
      "{'large_s': ccc, 'large_b': NULL, 'bin': NULL, 'fixed': xyz, 'date64': 1970-01-01, 'time_s': NULL, "
      "'time_ms': '00:00:00.001', 'time_ns': '00:00:00.000001', 'dur_s': '-00:00:01', 'dur_ms': "
      "'00:00:00.001', 'iv_ym': -1 month, 'ts_tz': '1970-01-01 00:00:00+00', 'flag': false, 'large_list': "
      "[3], "
      "'mood': calm}");
}

TEST(ArrowIpcReader, WidensHalfFloatsToFloatsForDuckDb) {
  std::vector<Column> columns;
  columns.push_back({field("e", "half"), ipc_test::primitive_array<uint16_t>(
                                             {0x3C00, std::nullopt, 0xC000, 0x0001, 0x7C00, 0x3555})});
  Table table = table_of(std::move(columns));
  const std::string bytes = write_stream(*table.schema, {table.batch.get()});
  auto decoded = read_arrow_ipc_stream(bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  ASSERT_STREQ(decoded->schema->children[0]->format, "f");
  const auto* values = static_cast<const float*>(decoded->batches[0]->children[0]->buffers[1]);
  EXPECT_EQ(values[0], 1.0f);
  EXPECT_EQ(values[2], -2.0f);
  EXPECT_EQ(values[3], 0x1p-24f);
  EXPECT_EQ(values[4], std::numeric_limits<float>::infinity());
  EXPECT_EQ(values[5], 0x1.554p-2f);

  auto backend = open_memory();
  auto session = backend->connect().value();
  ASSERT_TRUE(upload(*session, "halves", bytes).ok());
  EXPECT_EQ(column_types(*session, "halves"), "half FLOAT");
}

TEST(ArrowIpcReader, ConvertsDayTimeIntervalsToMonthDayNano) {
  std::vector<Column> columns;
  columns.push_back({field("tiD", "iv"),
                     ipc_test::primitive_array<std::array<int32_t, 2>>(
                         {std::array<int32_t, 2>{2, 1500}, std::nullopt, std::array<int32_t, 2>{-1, 1}})});
  Table table = table_of(std::move(columns));
  const std::string bytes = write_stream(*table.schema, {table.batch.get()});
  auto backend = open_memory();
  auto session = backend->connect().value();
  auto rows = upload(*session, "intervals", bytes);
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  EXPECT_EQ(query_text(*session, "SELECT string_agg(coalesce(iv::VARCHAR, '-'), ', ') FROM intervals"),
            "2 days 00:00:01.5, -, -1 day 00:00:00.001");
}

// ---- framing and dictionaries ----

TEST(ArrowIpcReader, DeltaDictionaryBatchesExtendTheDictionary) {
  std::vector<std::unique_ptr<TestSchema>> fields;
  fields.push_back(enum_field("mood"));
  auto schema = struct_schema(std::move(fields));
  std::vector<std::unique_ptr<TestArray>> first_columns;
  first_columns.push_back(enum_array({0, 1, std::nullopt}, {"a", "b"}));
  auto first = ipc_test::struct_array(3, std::move(first_columns));
  std::vector<std::unique_ptr<TestArray>> second_columns;
  second_columns.push_back(enum_array({2, 0, 2}, {"a", "b", "cd"}));
  auto second = ipc_test::struct_array(3, std::move(second_columns));
  const std::string bytes = write_stream(*schema, {first.get(), second.get()});

  auto decoded = read_arrow_ipc_stream(bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  ASSERT_EQ(decoded->batches.size(), 2u);
  EXPECT_EQ(decoded->batches[0]->children[0]->dictionary->length, 2);
  EXPECT_EQ(decoded->batches[1]->children[0]->dictionary->length, 3);
  EXPECT_EQ(rewrite(decoded.value()), bytes);

  auto backend = open_memory();
  auto session = backend->connect().value();
  ASSERT_TRUE(upload(*session, "moods", bytes).ok());
  EXPECT_EQ(query_text(*session, "SELECT string_agg(coalesce(mood::VARCHAR, '-'), ',') FROM moods"),
            "a,b,-,cd,a,cd");
}

TEST(ArrowIpcReader, ReplacedDictionaryAppliesToLaterBatches) {
  std::vector<std::unique_ptr<TestSchema>> fields;
  fields.push_back(enum_field("mood"));
  auto schema = struct_schema(std::move(fields));
  std::vector<std::unique_ptr<TestArray>> first_columns;
  first_columns.push_back(enum_array({0, 1}, {"a", "b"}));
  auto first = ipc_test::struct_array(2, std::move(first_columns));
  std::vector<std::unique_ptr<TestArray>> second_columns;
  second_columns.push_back(enum_array({1, 0}, {"x", "y"}));
  auto second = ipc_test::struct_array(2, std::move(second_columns));
  const std::string bytes = write_stream(*schema, {first.get(), second.get()});
  auto decoded = read_arrow_ipc_stream(bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(rewrite(decoded.value()), bytes);
}

TEST(ArrowIpcReader, ReadsLegacyFramingFilesAndStreamsWithoutEndMarker) {
  std::vector<std::unique_ptr<TestSchema>> fields;
  fields.push_back(field("i", "n"));
  fields.push_back(field("u", "s"));
  auto schema = struct_schema(std::move(fields));
  std::vector<std::unique_ptr<TestArray>> columns;
  columns.push_back(ipc_test::primitive_array<int32_t>({1, std::nullopt, 3}));
  columns.push_back(ipc_test::utf8_array({"a", "b", std::nullopt}));
  auto batch = ipc_test::struct_array(3, std::move(columns));
  const std::string stream = write_stream(*schema, {batch.get()});

  // Before Arrow 0.15 a message began with its length alone.
  std::string legacy;
  for (const Message& message : ipc_test::read_stream(stream)) {
    legacy.append(reinterpret_cast<const char*>(&message.metadata_length), 4);
    legacy.append(reinterpret_cast<const char*>(message.metadata),
                  static_cast<size_t>(message.metadata_length));
    legacy += message.body;
  }
  const std::string legacy_with_end = legacy + std::string(4, '\0');
  const std::string file = write_stream(schema->get(), {&batch->get()}, ArrowIpcFormat::kFile);
  const std::string without_end = stream.substr(0, stream.size() - kEndOfStream.size());

  for (const std::string* input :
       std::vector<const std::string*>{&legacy, &legacy_with_end, &file, &without_end}) {
    auto decoded = read_arrow_ipc_stream(*input);
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(decoded->rows, 3);
    EXPECT_EQ(rewrite(decoded.value()), stream);
  }
}

TEST(ArrowIpcReader, SchemaWithoutBatchesIsAnEmptyTable) {
  auto decoded = read_arrow_ipc_stream(int_schema_message() + kEndOfStream);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(decoded->rows, 0);
  EXPECT_TRUE(decoded->batches.empty());
  auto backend = open_memory();
  auto session = backend->connect().value();
  auto rows = session->create_table_from_arrow("empty", *decoded->schema.get(), decoded->batches);
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  EXPECT_EQ(column_types(*session, "empty"), "n INTEGER");
}

// ---- refusals ----

std::string error_of(std::string_view bytes) {
  auto decoded = read_arrow_ipc_stream(bytes);
  return decoded.ok() ? "accepted" : decoded.error().message;
}

TEST(ArrowIpcReader, RefusesMalformedStreamsWithAReason) {
  const std::string schema = int_schema_message();
  const std::string body = bytes_of(std::vector<int32_t>{1, 2, 3, 0});
  EXPECT_EQ(error_of(schema + int_batch_message(3, {0, 0, 0, 16}, body) + kEndOfStream), "accepted");

  EXPECT_NE(error_of("").find("no schema"), std::string::npos);
  EXPECT_NE(error_of("garbage!").find("invalid Arrow IPC stream"), std::string::npos);
  EXPECT_NE(error_of(int_batch_message(3, {0, 0, 0, 16}, body)).find("not a schema"), std::string::npos);
  EXPECT_NE(error_of(schema + schema).find("second schema"), std::string::npos);
  EXPECT_NE(error_of(schema + int_batch_message(3, {0, 0, 0, 16}, body, true)).find("compressed"),
            std::string::npos);
  EXPECT_NE(error_of(schema + int_batch_message(3, {0, 0, 8, 16}, body)).find("outside the message body"),
            std::string::npos);
  EXPECT_NE(error_of(schema + int_batch_message(5, {0, 0, 0, 16}, body)).find("too short"),
            std::string::npos);
  EXPECT_NE(error_of(schema + int_batch_message(3, {0, 0}, body)).find("fewer buffers"), std::string::npos);
  EXPECT_NE(error_of(schema + int_batch_message(-1, {0, 0, 0, 16}, body)).find("out of range"),
            std::string::npos);
  EXPECT_NE(error_of(schema.substr(0, schema.size() - 3)).find("truncated"), std::string::npos);
}

TEST(ArrowIpcReader, RefusesContentThatWouldMisleadAConsumer) {
  auto one_column = [](std::unique_ptr<TestSchema> schema, std::unique_ptr<TestArray> array) {
    std::vector<Column> columns;
    columns.push_back({std::move(schema), std::move(array)});
    Table table = table_of(std::move(columns));
    return write_stream(*table.schema, {table.batch.get()});
  };
  EXPECT_NE(error_of(one_column(field("u", "s"), ipc_test::utf8_array({"ok", "\xff\xfe"}))).find("UTF-8"),
            std::string::npos);
  EXPECT_NE(error_of(one_column(enum_field("e"), enum_array({0, 2}, {"a", "b"}))).find("dictionary index"),
            std::string::npos);
  auto bad_offsets = ipc_test::utf8_array({"abc", "d", "e"});
  bad_offsets->storage[1] = bytes_of(std::vector<int32_t>{0, 3, 1, 5});
  EXPECT_NE(error_of(one_column(field("u", "s"), std::move(bad_offsets))).find("offsets decrease"),
            std::string::npos);
  // A list whose values node claims fewer items than the offsets use.
  std::vector<std::unique_ptr<TestSchema>> item;
  item.push_back(field("i", "item"));
  std::string short_values =
      one_column(field("+l", "l", std::move(item)),
                 list_array({0, 2, 4}, ipc_test::primitive_array<int32_t>({1, 2, 3, 4})));
  const uint8_t* values_node = ipc_test::read_stream(short_values)[1].record_batch().vector_data(1) + 16;
  const int64_t three = 3;
  std::memcpy(
      &short_values[static_cast<size_t>(reinterpret_cast<const char*>(values_node) - short_values.data())],
      &three, 8);
  EXPECT_NE(error_of(short_values).find("list values shorter"), std::string::npos);
}

// ---- hostile input ----

// A batch of nested, dictionary-encoded and variable-length columns; `dense` adds a dense union,
// which the reader decodes but DuckDB cannot store.
Table rich_table(const std::vector<std::optional<std::string>>& dictionary, bool dense) {
  std::vector<Column> columns;
  columns.push_back({field("i", "n"), ipc_test::primitive_array<int32_t>({1, std::nullopt, 3, 4})});
  columns.push_back({field("u", "s"), ipc_test::utf8_array({"a", "bb", std::nullopt, "dddd"})});
  columns.push_back({enum_field("e"), enum_array({0, 1, std::nullopt, 1}, dictionary)});
  std::vector<std::unique_ptr<TestSchema>> item;
  item.push_back(field("u", "item"));
  columns.push_back({field("+l", "l", std::move(item)),
                     list_array({0, 1, 1, 3, 4}, ipc_test::utf8_array({"p", "q", std::nullopt, "r"}))});
  std::vector<std::unique_ptr<TestSchema>> members;
  members.push_back(field("i", "num"));
  members.push_back(field("u", "str"));
  columns.push_back({field(dense ? "+ud:0,1" : "+us:0,1", "un", std::move(members)), nullptr});
  auto un = std::make_unique<TestArray>();
  un->length = 4;
  un->add_buffer(std::string("\0\1\0\1", 4));
  if (dense) {
    un->add_buffer(bytes_of(std::vector<int32_t>{0, 0, 1, 1}));
    un->children.push_back(ipc_test::primitive_array<int32_t>({7, 9}));
    un->children.push_back(ipc_test::utf8_array({"s", "t"}));
  } else {
    un->children.push_back(ipc_test::primitive_array<int32_t>({7, 0, 9, 0}));
    un->children.push_back(ipc_test::utf8_array({"", "s", "", "t"}));
  }
  columns.back().array = std::move(un);
  std::vector<std::unique_ptr<TestSchema>> fixed_item;
  fixed_item.push_back(field("s", "item"));
  auto fixed_list = std::make_unique<TestArray>();
  fixed_list->length = 4;
  ipc_test::add_validity(*fixed_list, {true, false, true, true});
  fixed_list->children.push_back(ipc_test::primitive_array<int16_t>({1, 2, 3, 4, 5, 6, 7, 8}));
  columns.push_back({field("+w:2", "pair", std::move(fixed_item)), std::move(fixed_list)});
  return table_of(std::move(columns));
}

// Two batches; the second grows the dictionary, so the stream carries a delta.
std::string rich_stream(bool dense = false) {
  Table first = rich_table({"x", "y"}, dense);
  Table second = rich_table({"x", "y", "zz"}, dense);
  return write_stream(*first.schema, {first.batch.get(), second.batch.get()});
}

// What the fuzz loops do with a mutated stream: decode it, and load whatever decodes into DuckDB.
void decode_and_load(Session& session, std::string_view bytes) {
  auto decoded = read_arrow_ipc_stream(bytes);
  if (!decoded) return;
  auto rows = session.create_table_from_arrow("fuzz", *decoded->schema.get(), decoded->batches);
  if (rows) (void)query_text(session, "SELECT string_agg(x::VARCHAR, ',') FROM fuzz x");
}

// Decodes and writes the result again, which reads every buffer the decoded arrays point to.
void decode_and_rewrite(std::string_view bytes) {
  auto decoded = read_arrow_ipc_stream(bytes);
  if (!decoded) return;
  try {
    (void)rewrite(decoded.value());
  } catch (const encode::ArrowIpcError&) {
  }
}

int fuzz_rounds() {
  const char* rounds = std::getenv("DUCKWIRE_FUZZ_ROUNDS");
  return rounds != nullptr ? std::atoi(rounds) : 2000;
}

TEST(ArrowIpcReader, EveryTruncationIsRefusedOrReadSafely) {
  auto backend = open_memory();
  auto session = backend->connect().value();
  const std::string bytes = rich_stream();
  for (size_t length = 0; length < bytes.size(); ++length) {
    decode_and_load(*session, std::string_view(bytes).substr(0, length));
  }
  const std::string dense = rich_stream(true);
  for (size_t length = 0; length < dense.size(); ++length)
    decode_and_rewrite(std::string_view(dense).substr(0, length));
}

TEST(ArrowIpcReader, RandomByteFlipsAreRefusedOrReadSafely) {
  auto backend = open_memory();
  auto session = backend->connect().value();
  const std::string loadable = rich_stream();
  const std::string with_dense_union = rich_stream(true);
  ASSERT_TRUE(read_arrow_ipc_stream(loadable).ok());
  ASSERT_TRUE(read_arrow_ipc_stream(with_dense_union).ok());
  std::mt19937 random(20261121);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> flips(1, 4);
  int accepted = 0;
  for (int round = 0; round < fuzz_rounds(); ++round) {
    const bool dense = round % 2 == 1;
    std::string bytes = dense ? with_dense_union : loadable;
    std::uniform_int_distribution<size_t> position(0, bytes.size() - 1);
    for (int i = flips(random); i > 0; --i) bytes[position(random)] = static_cast<char>(byte(random));
    accepted += read_arrow_ipc_stream(bytes).ok();
    if (dense) {
      decode_and_rewrite(bytes);
    } else {
      decode_and_load(*session, bytes);
    }
  }
  EXPECT_GT(accepted, 0);  // some flips land in values, which stay valid
}

// ---- the backend side ----

TEST(ArrowUploadBackend, QuotesTableNamesAsIdentifiers) {
  EXPECT_EQ(duckdb::quote_table_name("t").value(), "\"t\"");
  EXPECT_EQ(duckdb::quote_table_name("main.t").value(), "\"main\".\"t\"");
  EXPECT_EQ(duckdb::quote_table_name("a\"b").value(), "\"a\"\"b\"");
  EXPECT_FALSE(duckdb::quote_table_name("").ok());
  EXPECT_FALSE(duckdb::quote_table_name("a..b").ok());
  EXPECT_FALSE(duckdb::quote_table_name("a.b.c.d").ok());
  EXPECT_FALSE(duckdb::quote_table_name(std::string("a\0b", 3)).ok());
}

TEST(ArrowUploadBackend, CreatesOrReplacesTablesWhateverTheirName) {
  auto backend = open_memory();
  auto session = backend->connect().value();
  const std::string bytes = query_to_ipc(*session, "SELECT range AS n FROM range(5)");
  const std::string hostile = "x\"; DROP TABLE keep; --";
  ASSERT_TRUE(session->execute("CREATE TABLE keep AS SELECT 1 AS k").ok());
  auto rows = upload(*session, hostile, bytes);
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  EXPECT_EQ(query_text(*session, "SELECT count(*)::VARCHAR FROM \"x\"\"; DROP TABLE keep; --\""), "5");
  EXPECT_EQ(query_text(*session, "SELECT count(*)::VARCHAR FROM keep"), "1");

  ASSERT_TRUE(upload(*session, "main.keep", query_to_ipc(*session, "SELECT 'v' AS s")).ok());
  EXPECT_EQ(query_text(*session, "SELECT s FROM keep"), "v");
  EXPECT_EQ(
      query_text(*session, "SELECT count(*)::VARCHAR FROM duckdb_views() WHERE view_name LIKE '__duckwire%'"),
      "0");
  EXPECT_NE(query_text(*session, "SELECT 1"), "");  // the session is usable: no transaction left open

  auto missing_schema = upload(*session, "nowhere.t", bytes);
  ASSERT_FALSE(missing_schema.ok());
  EXPECT_NE(missing_schema.error().message.find("nowhere"), std::string::npos)
      << missing_schema.error().message;
  EXPECT_EQ(
      query_text(*session, "SELECT count(*)::VARCHAR FROM duckdb_views() WHERE view_name LIKE '__duckwire%'"),
      "0");
}

TEST(ArrowUploadBackend, RefusesUploadsToAReadOnlyDatabase) {
  const auto path =
      std::filesystem::temp_directory_path() / ("duckwire_upload_" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  BackendOptions options;
  options.path = path.string();
  options.allowed_directories.push_back(path.parent_path().string());
  std::vector<std::string> warnings;
  std::string bytes;
  {
    auto backend = open_duckdb_backend(options, warnings).value();
    auto session = backend->connect().value();
    bytes = query_to_ipc(*session, "SELECT 1 AS n");
  }
  options.read_only = true;
  auto backend = open_duckdb_backend(options, warnings).value();
  auto session = backend->connect().value();
  auto rows = upload(*session, "t", bytes);
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.error().kind, ErrorKind::kPermission);
  EXPECT_EQ(rows.error().message, "cannot create a table: the database is opened read-only");
  std::filesystem::remove(path);
}

TEST(ArrowUploadBackend, ExplainsTypesDuckDbCannotStore) {
  auto backend = open_memory();
  auto session = backend->connect().value();
  {
    std::vector<Column> columns;
    columns.push_back({field("i", "fine"), ipc_test::primitive_array<int32_t>({1})});
    columns.push_back({field("d:40,2,256", "big"), ipc_test::primitive_array<std::array<int64_t, 4>>({{}})});
    Table table = table_of(std::move(columns));
    const std::string bytes = write_stream(*table.schema, {table.batch.get()});
    ASSERT_TRUE(read_arrow_ipc_stream(bytes).ok());
    auto rows = upload(*session, "big", bytes);
    ASSERT_FALSE(rows.ok());
    EXPECT_EQ(
        rows.error().message,
        "cannot import column \"big\": Not implemented Error: Unsupported Internal Arrow Type for Decimal "
        "d:40,2,256");
  }
  {
    std::vector<Column> columns;
    {
      std::vector<std::unique_ptr<TestSchema>> members;
      members.push_back(field("i", "num"));
      members.push_back(field("u", "str"));
      columns.push_back({field("+ud:5,7", "dense", std::move(members)), nullptr});
      auto un = std::make_unique<TestArray>();
      un->length = 3;
      un->add_buffer(std::string("\5\7\5", 3));
      un->add_buffer(bytes_of(std::vector<int32_t>{0, 0, 1}));
      un->children.push_back(ipc_test::primitive_array<int32_t>({10, 20}));
      un->children.push_back(ipc_test::utf8_array({"seven"}));
      columns.back().array = std::move(un);
    }
    Table table = table_of(std::move(columns));
    const std::string bytes = write_stream(*table.schema, {table.batch.get()});
    auto decoded = read_arrow_ipc_stream(bytes);
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(rewrite(decoded.value()), bytes);
    auto rows = upload(*session, "dense", bytes);
    ASSERT_FALSE(rows.ok());
    EXPECT_EQ(rows.error().message,
              "cannot import column \"dense\": Not implemented Error: Unsupported Internal Arrow Type: \"d\" "
              "Union");
  }
}

}  // namespace
}  // namespace duckwire
