#include "encode/csv_writer.hpp"

#include <gtest/gtest.h>

#include <memory>

#include "backend/duckdb/duckdb_backend.hpp"
#include "encode/result_encoder.hpp"
#include "encode_test_support.hpp"

namespace duckwire::encode {
namespace {

class CsvWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<std::string> warnings;
    backend_ = open_duckdb_backend(BackendOptions{}, warnings).value();
    session_ = backend_->connect().value();
  }

  std::string csv(const std::string& sql, int* chunks = nullptr) {
    return encode_query(*session_, sql, [](const ResultSchema& schema) { return CsvWriter(schema); }, chunks);
  }

  std::unique_ptr<Backend> backend_;
  std::unique_ptr<Session> session_;
};

TEST_F(CsvWriterTest, IntegersDecimalsAndBooleans) {
  EXPECT_EQ(csv("SELECT 1 AS a, (-128)::TINYINT AS i8, 9223372036854775807::BIGINT AS i64, "
                "18446744073709551615::UBIGINT AS u64, (-5)::HUGEINT AS h, 12.50::DECIMAL(9,2) AS dec, "
                "123456789012345678901234567890::BIGNUM AS bn, true AS t, false AS f"),
            "a,i8,i64,u64,h,dec,bn,t,f\r\n"
            "1,-128,9223372036854775807,18446744073709551615,-5,12.50,123456789012345678901234567890,true,"
            "false\r\n");
}

TEST_F(CsvWriterTest, TimeTzKeepsItsOffset) {
  EXPECT_EQ(csv("SELECT '14:43:39+02'::TIMETZ AS t, '23:59:59.5-05:30'::TIMETZ AS u, NULL::TIMETZ AS n"),
            "t,u,n\r\n14:43:39+02:00,23:59:59.5-05:30,\r\n");
}

TEST_F(CsvWriterTest, DoublesIncludingNanAndInfinity) {
  EXPECT_EQ(csv("SELECT 1.5::DOUBLE AS d, 0.1::FLOAT AS f, 1e300::DOUBLE AS big, 1.5e-5::DOUBLE AS small, "
                "-0.0::DOUBLE AS z, 'nan'::DOUBLE AS n, 'inf'::DOUBLE AS i, '-inf'::FLOAT AS ni"),
            "d,f,big,small,z,n,i,ni\r\n1.5,0.1,1e+300,1.5e-05,-0,NaN,Infinity,-Infinity\r\n");
}

TEST_F(CsvWriterTest, StringsAreQuotedOnlyWhenTheyMustBe) {
  EXPECT_EQ(
      csv("SELECT 'plain' AS a, 'x,y' AS b, 'say \"hi\"' AS c, 'two' || chr(10) || 'lines' AS d, "
          "'cr' || chr(13) AS e, 'tab' || chr(9) || 'back\\slash' AS f, 'é✓😀' AS g, "
          "'ctl' || chr(1) AS h, ' padded ' AS i"),
      "a,b,c,d,e,f,g,h,i\r\n"
      "plain,\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\",tab\tback\\slash,é✓😀,ctl\x01, padded \r\n");
}

TEST_F(CsvWriterTest, NullIsAnEmptyFieldAndTheEmptyStringIsQuoted) {
  EXPECT_EQ(csv("SELECT NULL::INTEGER AS a, NULL::VARCHAR AS b, '' AS c, NULL::DOUBLE AS d, NULL::DATE AS e, "
                "NULL::INTEGER[] AS f, NULL::STRUCT(a INTEGER) AS g, NULL::JSON AS h, 'null'::JSON AS i, "
                "NULL::UNION(k INTEGER, s VARCHAR) AS j, 'null' AS k, NULL AS l"),
            "a,b,c,d,e,f,g,h,i,j,k,l\r\n,,\"\",,,,,,null,,null,\r\n");
  EXPECT_EQ(csv("SELECT NULL::INTEGER AS only"), "only\r\n\r\n");
}

TEST_F(CsvWriterTest, DatesTimesTimestampsAndIntervals) {
  EXPECT_EQ(
      csv("SELECT DATE '2001-01-01' AS d, DATE '-0044-03-15' AS bc, DATE 'infinity' AS d_inf, "
          "TIME '14:43:39.970062' AS t, TIMESTAMP '2023-05-16 14:43:39.970062' AS ts, "
          "TIMESTAMP_S '2023-05-16 14:43:39' AS ts_s, TIMESTAMP_NS '2023-05-16 14:43:39.970062123' AS tns, "
          "TIMESTAMPTZ '2023-05-16 14:43:39.5+00' AS tz, TIMESTAMP '-infinity' AS ts_ninf, "
          "INTERVAL '1 year 2 months 3 days 04:05:06.5' AS i, INTERVAL '-1 day' AS n"),
      "d,bc,d_inf,t,ts,ts_s,tns,tz,ts_ninf,i,n\r\n"
      "2001-01-01,0045-03-15 (BC),infinity,14:43:39.970062,2023-05-16 14:43:39.970062,"
      "2023-05-16 14:43:39,2023-05-16 14:43:39.970062123,2023-05-16T14:43:39.5Z,-infinity,"
      "P1Y2M3DT4H5M6.5S,-P1D\r\n");
}

TEST_F(CsvWriterTest, BlobsUuidsEnumsAndBits) {
  EXPECT_EQ(csv("SELECT '\\xDE\\xAD\\xBE\\xEF'::BLOB AS bl, ''::BLOB AS empty_blob, "
                "'550e8400-e29b-41d4-a716-446655440000'::UUID AS u, 'b'::ENUM('a', 'b') AS e, "
                "'1010'::BIT AS bits"),
            "bl,empty_blob,u,e,bits\r\n3q2+7w==,\"\",550e8400-e29b-41d4-a716-446655440000,b,1010\r\n");
}

TEST_F(CsvWriterTest, NestedValuesAreTheirJsonText) {
  EXPECT_EQ(csv("SELECT [1, NULL, 3] AS l, [7] AS one, ['a\"b'] AS ls, {'a': 1, 'b': 'x,y'} AS st, "
                "MAP {'k': 1} AS m, [1, 2]::INTEGER[2] AS arr, "
                "union_value(s := 'u,v')::UNION(k INTEGER, s VARCHAR) AS un, "
                "('{\"a\": [1, 2],' || chr(10) || '\"b\": \"x\"}')::JSON AS j, '\"text\"'::JSON AS js"),
            "l,one,ls,st,m,arr,un,j,js\r\n"
            "\"[1,null,3]\",[7],\"[\"\"a\\\"\"b\"\"]\",\"{\"\"a\"\":1,\"\"b\"\":\"\"x,y\"\"}\","
            "\"{\"\"k\"\":1}\",\"[1,2]\",\"u,v\",\"{\"\"a\"\": [1, 2], \"\"b\"\": "
            "\"\"x\"\"}\",\"\"\"text\"\"\"\r\n");
}

TEST_F(CsvWriterTest, HeaderNamesAreQuotedLikeFields) {
  EXPECT_EQ(csv("SELECT 1 AS \"a,b\", 2 AS \"say \"\"x\"\"\", 3 AS a, 4 AS a"),
            "\"a,b\",\"say \"\"x\"\"\",a,a\r\n1,2,3,4\r\n");
}

TEST_F(CsvWriterTest, EmptyResultIsTheHeaderAlone) {
  int chunks = -1;
  EXPECT_EQ(csv("SELECT 1 AS a, 'x' AS b WHERE false", &chunks), "a,b\r\n");
}

TEST_F(CsvWriterTest, ManyChunksStreamInOrder) {
  std::string expected = "n,s,b\r\n";
  for (int i = 0; i < 5000; ++i) {
    const std::string n = std::to_string(i);
    expected += n + ",\"v," + n + "\"," + (i % 3 == 0 ? "true" : "false") + "\r\n";
  }
  int chunks = 0;
  EXPECT_EQ(csv("SELECT range AS n, 'v,' || range AS s, range % 3 = 0 AS b FROM range(5000)", &chunks),
            expected);
  EXPECT_GE(chunks, 3);
}

TEST_F(CsvWriterTest, AppendsSoCallersCanSendAndClearBetweenChunks) {
  auto stream = session_->execute("SELECT range AS n FROM range(3000)").value();
  CsvWriter writer(stream->schema());
  std::string out = "kept:";
  writer.begin(out);
  EXPECT_EQ(out, "kept:n\r\n");
  std::string sent = out;
  while (true) {
    auto chunk = stream->next().value();
    if (!chunk) break;
    out.clear();
    writer.write(*chunk->array.get(), out);
    sent += out;
  }
  out.clear();
  writer.finish(out);
  EXPECT_EQ(out, "");
  EXPECT_EQ(writer.rows_written(), 3000);
  std::string expected = "kept:n\r\n";
  for (int i = 0; i < 3000; ++i) expected += std::to_string(i) + "\r\n";
  EXPECT_EQ(sent, expected);
}

TEST_F(CsvWriterTest, ResultEncoderFactoryMakesCsv) {
  auto stream = session_->execute("SELECT * FROM (VALUES (1, 'a'), (2, NULL)) t(n, s)").value();
  auto encoder = make_result_encoder(ResultFormat::kCsv, stream->schema());
  ASSERT_NE(encoder, nullptr);
  std::string out;
  ASSERT_TRUE(encoder->begin(out).ok());
  while (true) {
    auto chunk = stream->next().value();
    if (!chunk) break;
    ASSERT_TRUE(encoder->write(*chunk, out).ok());
  }
  ASSERT_TRUE(encoder->finish(out).ok());
  EXPECT_EQ(out, "n,s\r\n1,a\r\n2,\r\n");
}

}  // namespace
}  // namespace duckwire::encode
