#include "encode/arrow_builder.hpp"

#include <duckdb.h>
#include <gtest/gtest.h>

#include <cstring>
#include <limits>
#include <string>

namespace duckwire::encode {
namespace {

constexpr int64_t kMaxInt64 = std::numeric_limits<int64_t>::max();
constexpr int64_t kNovember2023 = 1'700'000'000'000'000;

bool bit(const ArrowArray& array, int buffer, int64_t index) {
  return (static_cast<const uint8_t*>(array.buffers[buffer])[index / 8] >> (index % 8)) & 1;
}

template <class T>
T value_at(const ArrowArray& array, int64_t index) {
  T value;
  std::memcpy(&value, static_cast<const uint8_t*>(array.buffers[1]) + index * sizeof(T), sizeof(T));
  return value;
}

std::string text_at(const ArrowArray& array, int64_t index) {
  const auto* offsets = static_cast<const int32_t*>(array.buffers[1]);
  return std::string(static_cast<const char*>(array.buffers[2]) + offsets[index],
                     static_cast<size_t>(offsets[index + 1] - offsets[index]));
}

// Four rows of every type; row 1 is null in every column but "id".
std::shared_ptr<const ArrowRecordBatch> sample_batch() {
  ArrowColumnBuilder ids(ArrowColumnType::kInt64);
  ArrowColumnBuilder ints(ArrowColumnType::kInt64);
  ArrowColumnBuilder floats(ArrowColumnType::kFloat64);
  ArrowColumnBuilder bools(ArrowColumnType::kBool);
  ArrowColumnBuilder strings(ArrowColumnType::kUtf8);
  ArrowColumnBuilder dates(ArrowColumnType::kDate32);
  ArrowColumnBuilder naive(ArrowColumnType::kTimestampMicros);
  ArrowColumnBuilder utc(ArrowColumnType::kTimestampMicros);
  utc.mark_utc();
  for (ArrowColumnBuilder* builder : {&ints, &floats, &bools, &strings, &dates, &naive, &utc}) {
    builder->reserve(4);
  }
  for (int64_t id = 0; id < 4; ++id) ids.append_int64(id);
  ints.append_int64(1);
  floats.append_float64(1.5);
  bools.append_bool(true);
  strings.append_string("a");
  dates.append_date32(0);
  naive.append_timestamp(0);
  utc.append_timestamp(0);
  for (ArrowColumnBuilder* builder : {&ints, &floats, &bools, &strings, &dates, &naive, &utc}) {
    builder->append_null();
  }
  ints.append_int64(-3);
  floats.append_float64(-0.25);
  bools.append_bool(false);
  strings.append_string("");
  dates.append_date32(-1);
  naive.append_timestamp(-1);
  utc.append_timestamp(-1);
  ints.append_int64(kMaxInt64);
  floats.append_float64(2.75);
  bools.append_bool(true);
  strings.append_string("h\xc3\xa9llo");
  dates.append_date32(19000);
  naive.append_timestamp(kNovember2023);
  utc.append_timestamp(kNovember2023);
  std::vector<ArrowColumn> columns;
  columns.push_back(std::move(ids).finish("id"));
  columns.push_back(std::move(ints).finish("i"));
  columns.push_back(std::move(floats).finish("f"));
  columns.push_back(std::move(bools).finish("b"));
  columns.push_back(std::move(strings).finish("s"));
  columns.push_back(std::move(dates).finish("d"));
  columns.push_back(std::move(naive).finish("ts"));
  columns.push_back(std::move(utc).finish("tz"));
  return std::make_shared<const ArrowRecordBatch>(std::move(columns));
}

TEST(ArrowBuilder, NamesTheFormatOfEveryType) {
  EXPECT_STREQ(arrow_format(ArrowColumnType::kInt64), "l");
  EXPECT_STREQ(arrow_format(ArrowColumnType::kFloat64), "g");
  EXPECT_STREQ(arrow_format(ArrowColumnType::kBool), "b");
  EXPECT_STREQ(arrow_format(ArrowColumnType::kUtf8), "u");
  EXPECT_STREQ(arrow_format(ArrowColumnType::kDate32), "tdD");
  EXPECT_STREQ(arrow_format(ArrowColumnType::kTimestampMicros), "tsu:");
  EXPECT_STREQ(arrow_format(ArrowColumnType::kTimestampMicrosUtc), "tsu:UTC");
}

TEST(ArrowBuilder, ExportsAStructSchemaWithOneNullableChildPerColumn) {
  arrow::OwnedSchema schema = sample_batch()->export_schema();
  EXPECT_STREQ(schema->format, "+s");
  ASSERT_EQ(schema->n_children, 8);
  const char* names[] = {"id", "i", "f", "b", "s", "d", "ts", "tz"};
  const char* formats[] = {"l", "l", "g", "b", "u", "tdD", "tsu:", "tsu:UTC"};
  for (int i = 0; i < 8; ++i) {
    const ArrowSchema& child = *schema->children[i];
    EXPECT_STREQ(child.name, names[i]);
    EXPECT_STREQ(child.format, formats[i]);
    EXPECT_EQ(child.flags, ARROW_FLAG_NULLABLE);
    EXPECT_EQ(child.n_children, 0);
    EXPECT_NE(child.release, nullptr);
  }
  schema.reset();
  EXPECT_FALSE(schema.valid());
}

TEST(ArrowBuilder, ExportsValuesValidityAndOffsets) {
  arrow::OwnedArray array = sample_batch()->export_array();
  EXPECT_EQ(array->length, 4);
  EXPECT_EQ(array->null_count, 0);
  ASSERT_EQ(array->n_buffers, 1);
  EXPECT_EQ(array->buffers[0], nullptr);
  ASSERT_EQ(array->n_children, 8);
  for (int i = 0; i < 8; ++i) {
    const ArrowArray& child = *array->children[i];
    EXPECT_EQ(child.length, 4);
    EXPECT_EQ(child.offset, 0);
    EXPECT_EQ(child.n_buffers, i == 4 ? 3 : 2);
    if (i == 0) {
      EXPECT_EQ(child.null_count, 0);
      EXPECT_EQ(child.buffers[0], nullptr);
      continue;
    }
    EXPECT_EQ(child.null_count, 1);
    ASSERT_NE(child.buffers[0], nullptr);
    EXPECT_TRUE(bit(child, 0, 0));
    EXPECT_FALSE(bit(child, 0, 1));
    EXPECT_TRUE(bit(child, 0, 2));
    EXPECT_TRUE(bit(child, 0, 3));
  }
  const ArrowArray& ints = *array->children[1];
  EXPECT_EQ(value_at<int64_t>(ints, 0), 1);
  EXPECT_EQ(value_at<int64_t>(ints, 2), -3);
  EXPECT_EQ(value_at<int64_t>(ints, 3), kMaxInt64);
  const ArrowArray& floats = *array->children[2];
  EXPECT_EQ(value_at<double>(floats, 0), 1.5);
  EXPECT_EQ(value_at<double>(floats, 2), -0.25);
  EXPECT_EQ(value_at<double>(floats, 3), 2.75);
  const ArrowArray& bools = *array->children[3];
  EXPECT_TRUE(bit(bools, 1, 0));
  EXPECT_FALSE(bit(bools, 1, 1));
  EXPECT_FALSE(bit(bools, 1, 2));
  EXPECT_TRUE(bit(bools, 1, 3));
  const ArrowArray& strings = *array->children[4];
  const auto* offsets = static_cast<const int32_t*>(strings.buffers[1]);
  EXPECT_EQ(std::vector<int32_t>(offsets, offsets + 5), (std::vector<int32_t>{0, 1, 1, 1, 7}));
  EXPECT_EQ(text_at(strings, 0), "a");
  EXPECT_EQ(text_at(strings, 2), "");
  EXPECT_EQ(text_at(strings, 3), "h\xc3\xa9llo");
  const ArrowArray& dates = *array->children[5];
  EXPECT_EQ(value_at<int32_t>(dates, 0), 0);
  EXPECT_EQ(value_at<int32_t>(dates, 2), -1);
  EXPECT_EQ(value_at<int32_t>(dates, 3), 19000);
  for (int i : {6, 7}) {
    EXPECT_EQ(value_at<int64_t>(*array->children[i], 0), 0);
    EXPECT_EQ(value_at<int64_t>(*array->children[i], 2), -1);
    EXPECT_EQ(value_at<int64_t>(*array->children[i], 3), kNovember2023);
  }
}

TEST(ArrowBuilder, EmptyColumnsHaveBuffersAndOneOffset) {
  std::vector<ArrowColumn> columns;
  columns.push_back(ArrowColumnBuilder(ArrowColumnType::kUtf8).finish("s"));
  columns.push_back(ArrowColumnBuilder(ArrowColumnType::kBool).finish("b"));
  arrow::OwnedArray array = ArrowRecordBatch(std::move(columns)).export_array();
  EXPECT_EQ(array->length, 0);
  const ArrowArray& strings = *array->children[0];
  EXPECT_EQ(strings.length, 0);
  ASSERT_NE(strings.buffers[1], nullptr);
  ASSERT_NE(strings.buffers[2], nullptr);
  EXPECT_EQ(static_cast<const int32_t*>(strings.buffers[1])[0], 0);
  EXPECT_NE(array->children[1]->buffers[1], nullptr);
}

TEST(ArrowBuilder, RefusesValuesOfAnotherType) {
  ArrowColumnBuilder ints(ArrowColumnType::kInt64);
  EXPECT_THROW(ints.append_string("x"), std::logic_error);
  EXPECT_THROW(ints.append_timestamp(1), std::logic_error);
  EXPECT_THROW(ints.mark_utc(), std::logic_error);
  ArrowColumnBuilder dates(ArrowColumnType::kDate32);
  EXPECT_THROW(dates.append_int64(1), std::logic_error);
  ArrowColumnBuilder utc(ArrowColumnType::kTimestampMicrosUtc);
  EXPECT_NO_THROW(utc.append_timestamp(1));
  EXPECT_EQ(utc.length(), 1);
}

TEST(ArrowBuilder, RefusesColumnsOfDifferentLengths) {
  ArrowColumnBuilder one(ArrowColumnType::kInt64);
  one.append_int64(1);
  std::vector<ArrowColumn> columns;
  columns.push_back(std::move(one).finish("one"));
  columns.push_back(ArrowColumnBuilder(ArrowColumnType::kInt64).finish("none"));
  EXPECT_THROW(ArrowRecordBatch(std::move(columns)), std::invalid_argument);
}

TEST(ArrowBuilder, ReleasingAnExportFreesItsHoldOnTheBuffers) {
  auto batch = sample_batch();
  const ipc::BufferPtr& text = batch->columns()[4].array->buffers[2];
  ASSERT_EQ(text.use_count(), 1);
  arrow::OwnedArray array = batch->export_array();
  EXPECT_EQ(text.use_count(), 2);

  // A child moved out of its parent outlives the parent's release.
  ArrowArray child = *array->children[4];
  array->children[4]->release = nullptr;
  array.reset();
  EXPECT_EQ(text.use_count(), 2);
  EXPECT_EQ(text_at(child, 3), "h\xc3\xa9llo");
  child.release(&child);
  EXPECT_EQ(child.release, nullptr);
  EXPECT_EQ(text.use_count(), 1);
}

TEST(ArrowBuilder, StreamYieldsItsBatchesThenTheEnd) {
  auto batch = sample_batch();
  const ipc::BufferPtr& ints = batch->columns()[1].array->buffers[1];
  ArrowArrayStream stream{};
  export_stream({batch, batch}, stream);
  ASSERT_NE(stream.release, nullptr);

  ArrowSchema schema{};
  ASSERT_EQ(stream.get_schema(&stream, &schema), 0);
  EXPECT_STREQ(schema.format, "+s");
  EXPECT_EQ(schema.n_children, 8);
  schema.release(&schema);

  std::vector<arrow::OwnedArray> arrays;
  for (int i = 0; i < 2; ++i) {
    ASSERT_EQ(stream.get_next(&stream, arrays.emplace_back().out()), 0);
    ASSERT_TRUE(arrays.back().valid());
    EXPECT_EQ(arrays.back()->length, 4);
  }
  ArrowArray end{};
  end.release = [](ArrowArray*) {};
  ASSERT_EQ(stream.get_next(&stream, &end), 0);
  EXPECT_EQ(end.release, nullptr);
  ASSERT_EQ(stream.get_next(&stream, &end), 0);
  EXPECT_EQ(end.release, nullptr);
  EXPECT_EQ(stream.get_last_error(&stream), nullptr);
  EXPECT_EQ(ints.use_count(), 3);

  stream.release(&stream);
  EXPECT_EQ(stream.release, nullptr);
  EXPECT_EQ(ints.use_count(), 3);  // the batches handed out are the consumer's
  arrays.clear();
  EXPECT_EQ(ints.use_count(), 1);
  EXPECT_EQ(batch.use_count(), 1);
}

TEST(ArrowBuilder, StreamNeedsBatchesOfOneSchema) {
  ArrowArrayStream stream{};
  EXPECT_THROW(export_stream({}, stream), std::invalid_argument);
  std::vector<ArrowColumn> columns;
  columns.push_back(ArrowColumnBuilder(ArrowColumnType::kInt64).finish("id"));
  auto other = std::make_shared<const ArrowRecordBatch>(std::move(columns));
  EXPECT_THROW(export_stream({sample_batch(), other}, stream), std::invalid_argument);
  EXPECT_EQ(stream.release, nullptr);
}

// DuckDB, an independent consumer, reads the stream back.
TEST(ArrowBuilder, DuckDbScansTheStream) {
  ArrowArrayStream stream{};
  export_stream({sample_batch()}, stream);
  duckdb_database database;
  ASSERT_EQ(duckdb_open(nullptr, &database), DuckDBSuccess);
  duckdb_connection connection;
  ASSERT_EQ(duckdb_connect(database, &connection), DuckDBSuccess);
  ASSERT_EQ(duckdb_arrow_scan(connection, "built", reinterpret_cast<duckdb_arrow_stream>(&stream)),
            DuckDBSuccess);
  auto query = [&](const char* sql) {
    duckdb_result result;
    std::string text;
    if (duckdb_query(connection, sql, &result) == DuckDBError) {
      text = std::string("error: ") + duckdb_result_error(&result);
    } else {
      char* value = duckdb_value_varchar(&result, 0, 0);
      text = value != nullptr ? value : "<null>";
      duckdb_free(value);
    }
    duckdb_destroy_result(&result);
    return text;
  };
  EXPECT_EQ(query("SELECT string_agg(column_name || ' ' || column_type, ', ') FROM (DESCRIBE built)"),
            "id BIGINT, i BIGINT, f DOUBLE, b BOOLEAN, s VARCHAR, d DATE, ts TIMESTAMP, "
            "tz TIMESTAMP WITH TIME ZONE");
  EXPECT_EQ(
      query("SELECT string_agg(concat_ws('|', id, coalesce(i::VARCHAR, '-'), coalesce(f::VARCHAR, '-'), "
            "coalesce(b::VARCHAR, '-'), coalesce(s, '-'), coalesce(d::VARCHAR, '-'), "
            "coalesce(epoch_us(ts)::VARCHAR, '-'), coalesce(epoch_us(tz)::VARCHAR, '-')), ';' "
            "ORDER BY id) FROM built"),
      "0|1|1.5|true|a|1970-01-01|0|0;"
      "1|-|-|-|-|-|-|-;"
      "2|-3|-0.25|false||1969-12-31|-1|-1;"
      "3|9223372036854775807|2.75|true|h\xc3\xa9llo|2022-01-08|1700000000000000|1700000000000000");
  duckdb_disconnect(&connection);
  duckdb_close(&database);
  stream.release(&stream);
}

}  // namespace
}  // namespace duckwire::encode
