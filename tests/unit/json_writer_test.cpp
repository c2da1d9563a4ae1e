#include "encode/json_writer.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <memory>

#include "backend/duckdb/duckdb_backend.hpp"
#include "encode_test_support.hpp"

namespace duckwire::encode {
namespace {

constexpr auto kRecords = JsonLayout::kRecords;
constexpr auto kRowArrays = JsonLayout::kRowArrays;
constexpr auto kNdjson = JsonLayout::kNdjson;
constexpr auto kPlain = JsonValueStyle::kPlain;
constexpr auto kJsonLd = JsonValueStyle::kJsonLd;

class JsonWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<std::string> warnings;
    backend_ = open_duckdb_backend(BackendOptions{}, warnings).value();
    session_ = backend_->connect().value();
  }

  std::string encode(const std::string& sql, JsonLayout layout = kRecords, JsonValueStyle style = kPlain,
                     int* chunks = nullptr) {
    return encode_query(
        *session_, sql, [&](const ResultSchema& schema) { return JsonWriter(schema, layout, style); }, chunks);
  }

  std::string plain(const std::string& sql) { return encode(sql, kRecords, kPlain); }
  std::string json_ld(const std::string& sql) { return encode(sql, kRecords, kJsonLd); }

  std::unique_ptr<Backend> backend_;
  std::unique_ptr<Session> session_;
};

TEST_F(JsonWriterTest, IntegersOfEveryWidth) {
  const std::string sql =
      "SELECT true AS b, false AS f, (-128)::TINYINT AS i8, 32767::SMALLINT AS i16, (-2147483648)::INTEGER "
      "AS i32, "
      "9223372036854775807::BIGINT AS i64, 255::UTINYINT AS u8, 65535::USMALLINT AS u16, "
      "4294967295::UINTEGER AS u32, 18446744073709551615::UBIGINT AS u64, "
      "170141183460469231731687303715884105727::HUGEINT AS h, (-5)::HUGEINT AS hs, "
      "340282366920938463463374607431768211455::UHUGEINT AS uh";
  EXPECT_EQ(
      plain(sql),
      R"([{"b":true,"f":false,"i8":-128,"i16":32767,"i32":-2147483648,"i64":9223372036854775807,)"
      R"("u8":255,"u16":65535,"u32":4294967295,"u64":18446744073709551615,)"
      R"("h":170141183460469231731687303715884105727,"hs":-5,"uh":340282366920938463463374607431768211455}])");
  EXPECT_EQ(json_ld(sql),
            R"([{"b":true,"f":false,"i8":-128,"i16":32767,"i32":-2147483648,)"
            R"("i64":{"@value":"9223372036854775807","@type":"xsd:integer"},)"
            R"("u8":255,"u16":65535,"u32":4294967295,)"
            R"("u64":{"@value":"18446744073709551615","@type":"xsd:integer"},)"
            R"("h":{"@value":"170141183460469231731687303715884105727","@type":"xsd:integer"},"hs":-5,)"
            R"("uh":{"@value":"340282366920938463463374607431768211455","@type":"xsd:integer"}}])");
}

TEST_F(JsonWriterTest, JsonLdTypesIntegersOnlyBeyondTheSafeRange) {
  const std::string sql =
      "SELECT 9007199254740991::BIGINT AS a, 9007199254740992::BIGINT AS b, (-9007199254740991)::BIGINT AS "
      "c, "
      "(-9007199254740992)::BIGINT AS d, 9007199254740991::UBIGINT AS e, 9007199254740992::UBIGINT AS f, "
      "(-9007199254740991)::HUGEINT AS g, (-9007199254740992)::HUGEINT AS h, 42::BIGNUM AS i, "
      "(-99999999999999999)::BIGNUM AS j";
  EXPECT_EQ(json_ld(sql),
            R"([{"a":9007199254740991,"b":{"@value":"9007199254740992","@type":"xsd:integer"},)"
            R"("c":-9007199254740991,"d":{"@value":"-9007199254740992","@type":"xsd:integer"},)"
            R"("e":9007199254740991,"f":{"@value":"9007199254740992","@type":"xsd:integer"},)"
            R"("g":-9007199254740991,"h":{"@value":"-9007199254740992","@type":"xsd:integer"},"i":42,)"
            R"("j":{"@value":"-99999999999999999","@type":"xsd:integer"}}])");
}

TEST_F(JsonWriterTest, FloatsIncludingNanAndInfinity) {
  const std::string sql =
      "SELECT 1.5::FLOAT AS f, 0.1::FLOAT AS f01, 0.1::DOUBLE AS d, 1e300::DOUBLE AS big, 1.5e-5::DOUBLE AS "
      "small, "
      "-0.0::DOUBLE AS z, 'nan'::DOUBLE AS n, 'inf'::DOUBLE AS i, '-inf'::FLOAT AS ni";
  EXPECT_EQ(plain(sql), R"([{"f":1.5,"f01":0.1,"d":0.1,"big":1e+300,"small":1.5e-05,"z":-0,)"
                        R"("n":"NaN","i":"Infinity","ni":"-Infinity"}])");
  EXPECT_EQ(json_ld(sql),
            R"([{"f":1.5,"f01":0.1,"d":0.1,"big":1e+300,"small":1.5e-05,"z":-0,)"
            R"("n":{"@value":"NaN","@type":"xsd:double"},"i":{"@value":"Infinity","@type":"xsd:double"},)"
            R"("ni":{"@value":"-Infinity","@type":"xsd:double"}}])");
}

TEST_F(JsonWriterTest, DecimalsKeepTheirExactDigits) {
  const std::string sql =
      "SELECT 12.5::DECIMAL(4,1) AS a, 12.50::DECIMAL(9,2) AS b, (-0.05)::DECIMAL(9,2) AS c, "
      "(-123456789012345.678)::DECIMAL(18,3) AS d, "
      "(-1234567890123456789012345678.0123456789)::DECIMAL(38,10) AS e, 7::DECIMAL(10,0) AS f";
  EXPECT_EQ(plain(sql), R"([{"a":12.5,"b":12.50,"c":-0.05,"d":-123456789012345.678,)"
                        R"("e":-1234567890123456789012345678.0123456789,"f":7}])");
  EXPECT_EQ(json_ld(sql),
            R"([{"a":{"@value":"12.5","@type":"xsd:decimal"},"b":{"@value":"12.50","@type":"xsd:decimal"},)"
            R"("c":{"@value":"-0.05","@type":"xsd:decimal"},)"
            R"("d":{"@value":"-123456789012345.678","@type":"xsd:decimal"},)"
            R"("e":{"@value":"-1234567890123456789012345678.0123456789","@type":"xsd:decimal"},)"
            R"("f":{"@value":"7","@type":"xsd:decimal"}}])");
}

TEST_F(JsonWriterTest, StringsAreEscapedAndBlobsBase64) {
  const std::string sql =
      "SELECT 'say \"hi\" \\ ' || chr(10) || chr(13) || chr(9) || chr(1) || chr(127) || 'é✓😀/' AS s, "
      "'' AS empty, '\\xDE\\xAD\\xBE\\xEF'::BLOB AS bl, ''::BLOB AS empty_blob";
  EXPECT_EQ(plain(sql),
            "[{\"s\":\"say \\\"hi\\\" \\\\ \\n\\r\\t\\u0001\x7f"
            "é✓😀/\",\"empty\":\"\","
            "\"bl\":\"3q2+7w==\",\"empty_blob\":\"\"}]");
  EXPECT_EQ(json_ld("SELECT '\\xDE\\xAD\\xBE\\xEF'::BLOB AS bl, 'x' AS s"),
            R"([{"bl":{"@value":"3q2+7w==","@type":"xsd:base64Binary"},"s":"x"}])");
}

TEST_F(JsonWriterTest, DatesTimesAndTimestampsPlain) {
  const std::string sql =
      "SELECT DATE '2001-01-01' AS d, DATE '-0044-03-15' AS bc, DATE 'infinity' AS d_inf, "
      "TIME '14:43:39.970062' AS t, TIME '14:43:39' AS t0, '14:43:39.1'::TIME_NS AS tn, "
      "'12:00:00+05:30'::TIMETZ AS ttz, "
      "TIMESTAMP_S '2023-05-16 14:43:39' AS ts, TIMESTAMP_MS '2023-05-16 14:43:39.97' AS tms, "
      "TIMESTAMP '2023-05-16 14:43:39.970062' AS tus, TIMESTAMP_NS '2023-05-16 14:43:39.970062123' AS tns, "
      "TIMESTAMPTZ '2023-05-16 14:43:39.970062+00' AS tz, TIMESTAMP '1969-12-31 23:59:59.5' AS before_epoch, "
      "TIMESTAMP '-infinity' AS ts_ninf, TIMESTAMPTZ 'infinity' AS tz_inf";
  EXPECT_EQ(plain(sql),
            R"j([{"d":"2001-01-01","bc":"0045-03-15 (BC)","d_inf":"infinity",)j"
            R"("t":"14:43:39.970062","t0":"14:43:39","tn":"14:43:39.1","ttz":"12:00:00+05:30",)"
            R"("ts":"2023-05-16 14:43:39","tms":"2023-05-16 14:43:39.97","tus":"2023-05-16 14:43:39.970062",)"
            R"("tns":"2023-05-16 14:43:39.970062123","tz":"2023-05-16T14:43:39.970062Z",)"
            R"("before_epoch":"1969-12-31 23:59:59.5","ts_ninf":"-infinity","tz_inf":"infinity"}])");
}

TEST_F(JsonWriterTest, TimeTzKeepsItsOffset) {
  const std::string sql =
      "SELECT t, t::VARCHAR AS duckdb_text FROM (VALUES ('14:43:39+02'::TIMETZ), ('23:59:59.970062-05:30'::TIMETZ), "
      "('00:00:00+00'::TIMETZ), ('12:00:00+15:59:59'::TIMETZ), (NULL)) v(t)";
  EXPECT_EQ(json_ld(sql),
            R"([{"t":{"@value":"14:43:39+02:00","@type":"xsd:time"},"duckdb_text":"14:43:39+02"},)"
            R"({"t":{"@value":"23:59:59.970062-05:30","@type":"xsd:time"},"duckdb_text":"23:59:59.970062-05:30"},)"
            R"({"t":{"@value":"00:00:00+00:00","@type":"xsd:time"},"duckdb_text":"00:00:00+00"},)"
            R"({"t":{"@value":"12:00:00+15:59:59","@type":"xsd:time"},"duckdb_text":"12:00:00+15:59:59"},)"
            R"({"t":null,"duckdb_text":null}])");
  // Over several chunks, each row keeps its own offset.
  const std::string many = plain(
      "SELECT ('10:00:00+0' || (range % 10)::VARCHAR)::TIMETZ AS t FROM range(5000) WHERE range >= 4998");
  EXPECT_EQ(many, R"([{"t":"10:00:00+08:00"},{"t":"10:00:00+09:00"}])");
}

TEST_F(JsonWriterTest, DatesTimesAndTimestampsJsonLd) {
  const std::string sql =
      "SELECT DATE '2001-01-01' AS d, DATE '-0044-03-15' AS bc, DATE '-infinity' AS d_ninf, "
      "TIME '14:43:39.970062' AS t, TIMESTAMP_S '2023-05-16 14:43:39' AS ts, "
      "TIMESTAMP_MS '2023-05-16 14:43:39.97' AS tms, TIMESTAMP '2023-05-16 14:43:39.970062' AS tus, "
      "TIMESTAMP_NS '2023-05-16 14:43:39.970062123' AS tns, TIMESTAMPTZ '2023-05-16 14:43:39.970062+00' AS "
      "tz, "
      "TIMESTAMP 'infinity' AS ts_inf";
  EXPECT_EQ(
      json_ld(sql),
      R"([{"d":{"@value":"2001-01-01","@type":"xsd:date"},"bc":{"@value":"-0044-03-15","@type":"xsd:date"},)"
      R"("d_ninf":"-infinity","t":{"@value":"14:43:39.970062","@type":"xsd:time"},)"
      R"("ts":{"@value":"2023-05-16T14:43:39Z","@type":"xsd:dateTime"},)"
      R"("tms":{"@value":"2023-05-16T14:43:39.97Z","@type":"xsd:dateTime"},)"
      R"("tus":{"@value":"2023-05-16T14:43:39.970062Z","@type":"xsd:dateTime"},)"
      R"("tns":{"@value":"2023-05-16T14:43:39.970062123Z","@type":"xsd:dateTime"},)"
      R"("tz":{"@value":"2023-05-16T14:43:39.970062Z","@type":"xsd:dateTime"},"ts_inf":"infinity"}])");
}

TEST_F(JsonWriterTest, TimestampTzIsUtcWhateverTheSessionTimeZone) {
  // A locked configuration (the default) refuses SET TimeZone.
  std::vector<std::string> warnings;
  BackendOptions options;
  options.restrict_file_access = false;
  backend_ = open_duckdb_backend(options, warnings).value();
  session_ = backend_->connect().value();
  EXPECT_EQ(plain("SET TimeZone = 'Asia/Kolkata'; SELECT TIMESTAMPTZ '2023-05-16 14:43:39.970062+00' AS tz"),
            R"([{"tz":"2023-05-16T14:43:39.970062Z"}])");
}

TEST_F(JsonWriterTest, IntervalsUuidsEnumsAndJson) {
  const std::string sql =
      "SELECT INTERVAL '1 year 2 months 3 days 04:05:06.5' AS i, INTERVAL '-1 day' AS n, "
      "INTERVAL '1 month -3 days' AS mixed, INTERVAL 0 SECOND AS z, "
      "'550e8400-e29b-41d4-a716-446655440000'::UUID AS u, 'b'::ENUM('a', 'b') AS e, "
      "('{\"a\": [1, 2],' || chr(10) || '\"b\": \"x\\ny\"}')::JSON AS j, '[1,2]'::JSON AS ja, '3'::JSON AS "
      "jn";
  EXPECT_EQ(plain(sql), R"([{"i":"P1Y2M3DT4H5M6.5S","n":"-P1D","mixed":"P1M-3D","z":"PT0S",)"
                        R"("u":"550e8400-e29b-41d4-a716-446655440000","e":"b",)"
                        R"("j":{"a": [1, 2], "b": "x\ny"},"ja":[1,2],"jn":3}])");
  EXPECT_EQ(json_ld("SELECT INTERVAL '12 hours 30 minutes 5 seconds' AS i, 'a'::ENUM('a') AS e"),
            R"([{"i":{"@value":"PT12H30M5S","@type":"xsd:duration"},"e":"a"}])");
}

TEST_F(JsonWriterTest, NestedTypes) {
  const std::string sql =
      "SELECT [1, NULL, 3] AS l, [[1], [], NULL] AS ll, {'a': 1, 'b': 'x', 'c': NULL} AS st, "
      "MAP {'k': 1, 'l': NULL} AS m, MAP {1: 'a', 2: 'b'} AS mi, MAP {'b'::ENUM('a', 'b'): 1} AS me, "
      "[1, 2, 3]::INTEGER[3] AS arr, union_value(s := 'x')::UNION(k INTEGER, s VARCHAR) AS un, "
      "union_value(k := 7)::UNION(k INTEGER, s VARCHAR) AS uk, [{'j': '{\"x\":1}'::JSON}] AS lj, "
      "{'n': {'m': [MAP {'z': [1]}]}} AS deep, '1010'::BIT AS bits, "
      "123456789012345678901234567890::BIGNUM AS bn";
  EXPECT_EQ(
      plain(sql),
      R"([{"l":[1,null,3],"ll":[[1],[],null],"st":{"a":1,"b":"x","c":null},"m":{"k":1,"l":null},)"
      R"("mi":[{"key":1,"value":"a"},{"key":2,"value":"b"}],"me":{"b":1},"arr":[1,2,3],"un":"x","uk":7,)"
      R"("lj":[{"j":{"x":1}}],"deep":{"n":{"m":[{"z":[1]}]}},"bits":"1010",)"
      R"("bn":123456789012345678901234567890}])");
}

TEST_F(JsonWriterTest, NestedValuesUseTheJsonLdRulesToo) {
  const std::string sql =
      "SELECT [DATE '2001-01-01', NULL] AS dates, {'d': 1.5::DECIMAL(3,1), 'b': '\\x01'::BLOB} AS st, "
      "MAP {1: 9007199254740993::BIGINT} AS m, ['nan'::DOUBLE] AS nans";
  EXPECT_EQ(
      json_ld(sql),
      R"([{"dates":[{"@value":"2001-01-01","@type":"xsd:date"},null],)"
      R"("st":{"d":{"@value":"1.5","@type":"xsd:decimal"},"b":{"@value":"AQ==","@type":"xsd:base64Binary"}},)"
      R"("m":[{"key":1,"value":{"@value":"9007199254740993","@type":"xsd:integer"}}],)"
      R"("nans":[{"@value":"NaN","@type":"xsd:double"}]}])");
}

TEST_F(JsonWriterTest, NullsEverywhere) {
  const std::string sql =
      "SELECT NULL::BOOLEAN AS a, NULL::INTEGER AS b, NULL::HUGEINT AS c, NULL::DOUBLE AS d, "
      "NULL::DECIMAL(38,2) AS e, NULL::VARCHAR AS f, NULL::BLOB AS g, NULL::DATE AS h, NULL::TIME AS i, "
      "NULL::TIMESTAMP_NS AS j, NULL::TIMESTAMPTZ AS k, NULL::INTERVAL AS l, NULL::UUID AS m, "
      "NULL::ENUM('x') AS n, NULL::JSON AS o, NULL::INTEGER[] AS p, NULL::STRUCT(a INTEGER) AS q, "
      "NULL::MAP(VARCHAR, INTEGER) AS r, NULL::INTEGER[2] AS s, NULL::UNION(k INTEGER, s VARCHAR) AS t, "
      "NULL AS u, [NULL::INTEGER] AS v, {'a': NULL::INTEGER[]} AS w, [NULL::INTEGER, NULL]::INTEGER[2] AS x";
  const std::string nulls =
      R"("a":null,"b":null,"c":null,"d":null,"e":null,"f":null,"g":null,"h":null,"i":null,"j":null,"k":null,)"
      R"("l":null,"m":null,"n":null,"o":null,"p":null,"q":null,"r":null,"s":null,"t":null,"u":null,)"
      R"("v":[null],"w":{"a":null},"x":[null,null])";
  EXPECT_EQ(plain(sql), "[{" + nulls + "}]");
  EXPECT_EQ(json_ld(sql), "[{" + nulls + "}]");
  EXPECT_EQ(encode("SELECT NULL::INTEGER AS a, NULL::VARCHAR AS b", kRowArrays), "[[null,null]]");
}

TEST_F(JsonWriterTest, EveryLayout) {
  const std::string sql = "SELECT * FROM (VALUES (1, 'a'), (2, NULL)) t(n, s)";
  EXPECT_EQ(encode(sql, kRecords), R"([{"n":1,"s":"a"},{"n":2,"s":null}])");
  EXPECT_EQ(encode(sql, kRowArrays), R"([[1,"a"],[2,null]])");
  EXPECT_EQ(encode(sql, kNdjson), "{\"n\":1,\"s\":\"a\"}\n{\"n\":2,\"s\":null}\n");
  EXPECT_EQ(encode("SELECT DATE '2001-01-01' AS d", kNdjson, kJsonLd),
            "{\"d\":{\"@value\":\"2001-01-01\",\"@type\":\"xsd:date\"}}\n");
  EXPECT_EQ(encode("SELECT DATE '2001-01-01' AS d", kRowArrays, kJsonLd),
            R"([[{"@value":"2001-01-01","@type":"xsd:date"}]])");
}

TEST_F(JsonWriterTest, EmptyResults) {
  const std::string sql = "SELECT 1 AS a, 'x' AS b WHERE false";
  EXPECT_EQ(encode(sql, kRecords), "[]");
  EXPECT_EQ(encode(sql, kRowArrays), "[]");
  EXPECT_EQ(encode(sql, kNdjson), "");
  EXPECT_EQ(encode(sql, kRecords, kJsonLd), "[]");
}

TEST_F(JsonWriterTest, DuplicateAndOddColumnNamesAreKept) {
  EXPECT_EQ(plain("SELECT 1 AS a, 2 AS a, 3 AS \"we\"\"ird\\name\", 4 AS \"é\""),
            R"([{"a":1,"a":2,"we\"ird\\name":3,"é":4}])");
}

TEST_F(JsonWriterTest, ManyChunksStreamInOrder) {
  const std::string sql = "SELECT range AS n, 'v' || range AS s, range % 3 = 0 AS b FROM range(5000)";
  std::string records = "[";
  std::string arrays = "[";
  std::string lines;
  for (int i = 0; i < 5000; ++i) {
    const std::string n = std::to_string(i);
    const std::string b = i % 3 == 0 ? "true" : "false";
    records += (i > 0 ? "," : "") + ("{\"n\":" + n + ",\"s\":\"v" + n + "\",\"b\":" + b + "}");
    arrays += (i > 0 ? "," : "") + ("[" + n + ",\"v" + n + "\"," + b + "]");
    lines += "{\"n\":" + n + ",\"s\":\"v" + n + "\",\"b\":" + b + "}\n";
  }
  records += "]";
  arrays += "]";
  int chunks = 0;
  EXPECT_EQ(encode(sql, kRecords, kPlain, &chunks), records);
  EXPECT_GE(chunks, 3);
  EXPECT_EQ(encode(sql, kRowArrays), arrays);
  EXPECT_EQ(encode(sql, kNdjson, kJsonLd), lines);
}

TEST_F(JsonWriterTest, AppendsSoCallersCanSendAndClearBetweenChunks) {
  auto stream = session_->execute("SELECT range AS n FROM range(3000)").value();
  JsonWriter writer(stream->schema(), kRowArrays, kPlain);
  std::string sent;
  std::string out = "kept:";
  writer.begin(out);
  EXPECT_EQ(out, "kept:[");
  sent += out;
  while (true) {
    auto chunk = stream->next().value();
    if (!chunk) break;
    out.clear();
    writer.write(*chunk->array.get(), out);
    sent += out;
  }
  out.clear();
  writer.finish(out);
  sent += out;
  EXPECT_EQ(writer.rows_written(), 3000);
  std::string expected = "kept:[";
  for (int i = 0; i < 3000; ++i) expected += (i > 0 ? ",[" : "[") + std::to_string(i) + "]";
  EXPECT_EQ(sent, expected + "]");
}

TEST_F(JsonWriterTest, EveryLayoutAndStyleParsesAsJson) {
  const std::string sql =
      "SELECT i, i::HUGEINT * 100000000000000000000 AS h, i / 7 AS d, (i / 7.0)::DECIMAL(18,3) AS dec, "
      "'s' || chr((i % 40)::INTEGER) || 'é' AS s, DATE '2000-01-01' + i::INTEGER AS dt, TIMESTAMP "
      "'2000-01-01' + to_seconds(i) AS ts, "
      "to_microseconds(i * 12345) AS iv, [i, NULL] AS l, {'a': i, 'b': [{'c': 'x'}]} AS st, "
      "MAP {i: 'v'} AS m, (CASE WHEN i % 2 = 0 THEN 'nan' ELSE 'inf' END)::DOUBLE AS f, "
      "('{\"k\":' || i || '}')::JSON AS j FROM range(1, 3000) r(i)";
  for (JsonValueStyle style : {kPlain, kJsonLd}) {
    for (JsonLayout layout : {kRecords, kRowArrays}) {
      const std::string text = encode(sql, layout, style);
      boost::system::error_code error;
      const auto parsed = boost::json::parse(text, error);
      ASSERT_FALSE(error) << error.message() << " in " << text.substr(0, 300);
      EXPECT_EQ(parsed.as_array().size(), 2999u);
    }
    const std::string lines = encode(sql, kNdjson, style);
    size_t count = 0;
    for (size_t start = 0; start < lines.size();) {
      const size_t end = lines.find('\n', start);
      boost::system::error_code error;
      const auto parsed = boost::json::parse(std::string_view(lines).substr(start, end - start), error);
      ASSERT_FALSE(error) << error.message();
      EXPECT_TRUE(parsed.is_object());
      ++count;
      start = end + 1;
    }
    EXPECT_EQ(count, 2999u);
  }
}

// Arrow layouts DuckDB does not produce with its default options, and sliced arrays, built by hand.
class JsonWriterHandBuiltArrow : public ::testing::Test {
 protected:
  static void release_schema(ArrowSchema* schema) { schema->release = nullptr; }

  ArrowSchema& schema_node(const char* format, const char* name, std::vector<ArrowSchema*> children = {},
                           ArrowSchema* dictionary = nullptr) {
    schema_children_.push_back(std::move(children));
    auto& node = schemas_.emplace_back(std::make_unique<ArrowSchema>());
    *node = ArrowSchema{format,
                        name,
                        nullptr,
                        ARROW_FLAG_NULLABLE,
                        static_cast<int64_t>(schema_children_.back().size()),
                        schema_children_.back().data(),
                        dictionary,
                        &release_schema,
                        nullptr};
    return *node;
  }

  ArrowArray& array_node(int64_t length, int64_t offset, int64_t null_count, std::vector<const void*> buffers,
                         std::vector<ArrowArray*> children = {}, ArrowArray* dictionary = nullptr) {
    array_buffers_.push_back(std::move(buffers));
    array_children_.push_back(std::move(children));
    auto& node = arrays_.emplace_back(std::make_unique<ArrowArray>());
    *node = ArrowArray{length,
                       null_count,
                       offset,
                       static_cast<int64_t>(array_buffers_.back().size()),
                       static_cast<int64_t>(array_children_.back().size()),
                       array_buffers_.back().data(),
                       array_children_.back().data(),
                       dictionary,
                       nullptr,
                       nullptr};
    return *node;
  }

  std::vector<std::unique_ptr<ArrowSchema>> schemas_;
  std::vector<std::unique_ptr<ArrowArray>> arrays_;
  std::vector<std::vector<ArrowSchema*>> schema_children_;
  std::vector<std::vector<const void*>> array_buffers_;
  std::vector<std::vector<ArrowArray*>> array_children_;
};

ColumnType scalar(TypeId id) {
  ColumnType type;
  type.id = id;
  return type;
}

TEST_F(JsonWriterHandBuiltArrow, SlicedViewsWideDecimalsUnionsAndDictionaries) {
  // Every column holds 4 values; the chunk is sliced to rows 1..2 and some columns are sliced again.
  static const uint8_t validity_all[] = {0x0F};
  static const uint8_t validity_no_2[] = {0x0B};  // position 2 is null
  // utf8 with its own offset 1: positions 1..3 are "c\"", null and "b\xff" (invalid UTF-8).
  static const int32_t text_offsets[] = {0, 1, 3, 3, 5};
  static const char text_data[] =
      "a"
      "c\""
      "b\xff";
  // utf8 views: an inline value and one stored in a data buffer.
  static const char long_text[] = "a string longer than twelve bytes";
  alignas(8) static char views[4 * 16] = {};
  auto set_view = [](int index, int32_t size, const char* inline_text, int32_t buffer, int32_t offset) {
    std::memcpy(views + index * 16, &size, 4);
    if (size <= 12) {
      std::memcpy(views + index * 16 + 4, inline_text, size);
    } else {
      std::memcpy(views + index * 16 + 4, inline_text, 4);
      std::memcpy(views + index * 16 + 8, &buffer, 4);
      std::memcpy(views + index * 16 + 12, &offset, 4);
    }
  };
  set_view(1, 5, "short", 0, 0);
  set_view(2, 33, long_text, 0, 0);
  static const int64_t variadic_sizes[] = {33};
  static const int32_t decimals32[] = {0, -5, 1250, 0};
  static const int64_t decimals64[] = {0, 123456, -1, 0};
  // 16-byte UUID and HUGEINT values.
  alignas(16) static uint8_t uuids[4 * 16] = {};
  uuids[16 + 15] = 1;
  uuids[32] = 0xFF;
  alignas(16) static uint8_t hugeints[4 * 16] = {};
  std::memset(hugeints + 16, 0xFF, 16);  // -1
  hugeints[32] = 42;
  // dense union with type ids 5 (int32) and 7 (utf8).
  static const int8_t type_ids[] = {5, 7, 5, 7};
  static const int32_t union_offsets[] = {0, 0, 1, 1};
  static const int32_t union_ints[] = {10, 20};
  static const int32_t union_text_offsets[] = {0, 1, 2, 4};  // sliced by 1: "x", "yz"
  static const char union_text[] = "-xyz";
  // dictionary with signed 16-bit indices.
  static const int16_t dict_indices[] = {0, 1, 0, 1};
  static const int32_t dict_offsets_two[] = {0, 1, 4, 8};  // sliced by 1: "red", "blue"
  static const char dict_data_two[] = "-redblue";
  // list views over int32.
  static const int32_t list_view_offsets[] = {0, 2, 0, 0};
  static const int32_t list_view_sizes[] = {0, 1, 3, 0};
  static const int32_t list_values[] = {0, 7, 8, 9};  // sliced by 1
  // large utf8.
  static const int64_t large_offsets[] = {0, 0, 1, 3, 3};
  static const char large_data[] = "xé";

  ArrowSchema& union_int_schema = schema_node("i", "k");
  ArrowSchema& union_text_schema = schema_node("u", "s");
  ArrowSchema& dictionary_schema = schema_node("u", "");
  ArrowSchema& list_item_schema = schema_node("i", "l");
  std::vector<ArrowSchema*> columns = {
      &schema_node("u", "text"),
      &schema_node("vu", "view"),
      &schema_node("d:9,2,32", "dec32"),
      &schema_node("d:18,3,64", "dec64"),
      &schema_node("w:16", "uuid"),
      &schema_node("w:16", "huge"),
      &schema_node("+ud:5,7", "union", {&union_int_schema, &union_text_schema}),
      &schema_node("s", "enum", {}, &dictionary_schema),
      &schema_node("+vl", "list_view", {&list_item_schema}),
      &schema_node("U", "large"),
  };
  ArrowSchema& top = schema_node("+s", "", columns);

  ResultSchema schema;
  for (ArrowSchema* column : columns) schema.columns.push_back(Column{column->name, scalar(TypeId::kOther)});
  schema.columns[4].type = scalar(TypeId::kUuid);
  schema.columns[5].type = scalar(TypeId::kHugeInt);
  *schema.arrow.out() = top;

  ArrowArray& union_ints_array = array_node(2, 0, 0, {nullptr, union_ints});
  ArrowArray& union_text_array = array_node(2, 1, 0, {nullptr, union_text_offsets, union_text});
  ArrowArray& dictionary_array = array_node(2, 1, 0, {nullptr, dict_offsets_two, dict_data_two});
  ArrowArray& list_items = array_node(3, 1, 0, {nullptr, list_values});
  std::vector<ArrowArray*> children = {
      &array_node(3, 1, 1, {validity_no_2, text_offsets, text_data}),
      &array_node(4, 0, 0, {validity_all, views, long_text, variadic_sizes}),
      &array_node(4, 0, 0, {nullptr, decimals32}),
      &array_node(4, 0, 0, {nullptr, decimals64}),
      &array_node(4, 0, 0, {nullptr, uuids}),
      &array_node(4, 0, 0, {nullptr, hugeints}),
      &array_node(4, 0, 0, {type_ids, union_offsets}, {&union_ints_array, &union_text_array}),
      &array_node(4, 0, 0, {nullptr, dict_indices}, {}, &dictionary_array),
      &array_node(4, 0, 0, {nullptr, list_view_offsets, list_view_sizes}, {&list_items}),
      &array_node(4, 0, 0, {nullptr, large_offsets, large_data}),
  };
  ArrowArray& chunk = array_node(2, 1, 0, {nullptr}, children);

  JsonWriter writer(schema, kRowArrays, kPlain);
  std::string out;
  writer.begin(out);
  writer.write(chunk, out);
  writer.finish(out);
  // Row r is logical position 1 + r of each child; the text column adds its own offset of 1.
  EXPECT_EQ(
      out,
      "[[null,\"short\",-0.05,123.456,\"00000000-0000-0000-0000-000000000001\",-1,\"x\",\"blue\",[9],\"x\"],"
      "[\"b\xEF\xBF\xBD\",\"a string longer than twelve bytes\",12.50,-0.001,"
      "\"ff000000-0000-0000-0000-000000000000\",42,20,\"red\",[7,8,9],\"é\"]]");
}

}  // namespace
}  // namespace duckwire::encode
