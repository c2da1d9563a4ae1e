#include "encode/pg_copy_encoder.hpp"

#include <gtest/gtest.h>

#include <memory>

#include "backend/duckdb/duckdb_backend.hpp"
#include "encode/pg_binary.hpp"

namespace duckwire::encode::pg {
namespace {

// The expected bodies are what PostgreSQL 15.18 sends for the same rows (TimeZone Asia/Kolkata):
//   create temp table t(id int4, s text, c text, f float8, d date, arr text[], b bytea, ts timestamptz);
// with the rows of kRows, then COPY (select * from t order by id) TO STDOUT with each test's options.
constexpr const char* kRows =
    "CREATE TEMP TABLE t(id INTEGER, s VARCHAR, c VARCHAR, f DOUBLE, d DATE, arr VARCHAR[], b BLOB, ts "
    "TIMESTAMPTZ);"
    "INSERT INTO t VALUES (1, 'a' || chr(9) || 'b', NULL, 1.5, '2024-01-31', ['x y', NULL], '\\x00\\xFF', "
    "'2024-07-01 12:00:00+00'), (2, 'line' || chr(10) || 'break\\ and ' || chr(13) || chr(8) || chr(12) || "
    "chr(11), "
    "'q\"uote,', NULL, NULL, [], NULL, NULL), (3, '', 'N', -0.5, '0044-03-15 (BC)', NULL, ''::BLOB, "
    "'-infinity')";

struct CopyOutput {
  std::string body;  // the CopyData payloads, concatenated
  size_t messages = 0;
};

class PgCopyEncoderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<std::string> warnings;
    backend_ = open_duckdb_backend(BackendOptions{}, warnings).value();
    session_ = backend_->connect().value();
    ASSERT_TRUE(session_->execute(kRows).ok());
  }

  CopyOutput copy(const CopyOptions& options, const std::string& where = "") {
    auto stream = session_->execute("SELECT * FROM t " + where + " ORDER BY id");
    EXPECT_TRUE(stream.ok());
    auto encoder = CopyEncoder::make(stream.value()->schema(), options, TextSettings{"Asia/Kolkata"});
    EXPECT_TRUE(encoder.ok()) << (encoder.ok() ? "" : encoder.error().message);
    std::string out;
    encoder->begin(out);
    while (true) {
      auto chunk = stream.value()->next();
      EXPECT_TRUE(chunk.ok());
      if (!chunk.ok() || !chunk.value()) break;
      EXPECT_TRUE(encoder->append_rows(*chunk.value(), out).ok());
    }
    encoder->finish(out);
    return unframe(out);
  }

  static CopyOutput unframe(std::string_view messages) {
    CopyOutput output;
    while (!messages.empty()) {
      EXPECT_EQ(messages[0], 'd');
      const auto length = static_cast<size_t>(load_big_endian<int32_t>(messages.data() + 1));
      output.body.append(messages.substr(5, length - 4));
      messages.remove_prefix(1 + length);
      ++output.messages;
    }
    return output;
  }

  std::unique_ptr<Backend> backend_;
  std::unique_ptr<Session> session_;
};

TEST_F(PgCopyEncoderTest, TextEscapesAsPostgres) {
  const CopyOutput output = copy(CopyOptions{});
  EXPECT_EQ(output.body, std::string("1\ta\\tb\t\\N\t1.5\t2024-01-31\t{\"x y\",NULL}\t\\\\x00ff\t2024-07-01 "
                                     "17:30:00+05:30\n2\tline\\nbreak\\\\ and "
                                     "\\r\\b\\f\\v\tq\"uote,\t\\N\t\\N\t{}\t\\N\t\\N\n3\t\tN\t-0.5\t0044-03-"
                                     "15 BC\t\\N\t\\\\x\t-infinity\n",
                                     165));
  EXPECT_EQ(output.messages, 3u);  // one CopyData per row
}

TEST_F(PgCopyEncoderTest, TextWithDelimiterNullAndHeader) {
  CopyOptions options;
  options.delimiter = '|';
  options.null = "NULL";
  options.header = true;
  const CopyOutput output = copy(options);
  EXPECT_EQ(
      output.body,
      std::string(
          "id|s|c|f|d|arr|b|ts\n1|a\\tb|NULL|1.5|2024-01-31|{\"x y\",NULL}|\\\\x00ff|2024-07-01 "
          "17:30:00+05:30\n2|line\\nbreak\\\\ and "
          "\\r\\b\\f\\v|q\"uote,|NULL|NULL|{}|NULL|NULL\n3||N|-0.5|0044-03-15 BC|NULL|\\\\x|-infinity\n",
          197));
  EXPECT_EQ(output.messages, 4u);
}

TEST_F(PgCopyEncoderTest, CsvQuotesAsPostgres) {
  CopyOptions options;
  options.format = CopyFormat::kCsv;
  options.header = true;
  EXPECT_EQ(
      copy(options).body,
      std::string("id,s,c,f,d,arr,b,ts\n1,a\tb,,1.5,2024-01-31,\"{\"\"x y\"\",NULL}\",\\x00ff,2024-07-01 "
                  "17:30:00+05:30\n2,\"line\nbreak\\ and "
                  "\015\010\014\013\",\"q\"\"uote,\",,,{},,\n3,\"\",N,-0.5,0044-03-15 BC,,\\x,-infinity\n",
                  175));
}

TEST_F(PgCopyEncoderTest, CsvWithQuoteEscapeNullAndForceQuote) {
  CopyOptions options;
  options.format = CopyFormat::kCsv;
  options.delimiter = ';';
  options.null = "N";
  options.quote = '\'';
  options.escape = '\\';
  options.force_quote = {"id", "s"};
  EXPECT_EQ(
      copy(options).body,
      std::string("'1';'a\tb';N;1.5;2024-01-31;{\"x y\",NULL};\\x00ff;2024-07-01 "
                  "17:30:00+05:30\n'2';'line\nbreak\\\\ and "
                  "\015\010\014\013';q\"uote,;N;N;{};N;N\n'3';'';'N';-0.5;0044-03-15 BC;N;\\x;-infinity\n",
                  165));
  options = CopyOptions{};
  options.format = CopyFormat::kCsv;
  options.force_quote_all = true;
  EXPECT_EQ(copy(options).body,
            std::string("\"1\",\"a\tb\",,\"1.5\",\"2024-01-31\",\"{\"\"x "
                        "y\"\",NULL}\",\"\\x00ff\",\"2024-07-01 17:30:00+05:30\"\n\"2\",\"line\nbreak\\ and "
                        "\015\010\014\013\",\"q\"\"uote,\",,,\"{}\",,\n\"3\",\"\",\"N\",\"-0.5\",\"0044-03-"
                        "15 BC\",,\"\\x\",\"-infinity\"\n",
                        183));
}

TEST_F(PgCopyEncoderTest, BinaryAsPostgres) {
  CopyOptions options;
  options.format = CopyFormat::kBinary;
  const CopyOutput output = copy(options);
  EXPECT_EQ(
      output.body,
      std::string(
          "PGCOPY\n\377\015\n\000\000\000\000\000\000\000\000\000\000\010\000\000\000\004\000\000\000\001\000"
          "\000\000\003a\tb\377\377\377\377\000\000\000\010?"
          "\370\000\000\000\000\000\000\000\000\000\004\000\000\"\\\000\000\000\037\000\000\000\001\000\000"
          "\000\001\000\000\000\031\000\000\000\002\000\000\000\001\000\000\000\003x "
          "y\377\377\377\377\000\000\000\002\000\377\000\000\000\010\000\002\277-"
          "\032\3630\000\000\010\000\000\000\004\000\000\000\002\000\000\000\024line\nbreak\\ and "
          "\015\010\014\013\000\000\000\007q\"uote,"
          "\377\377\377\377\377\377\377\377\000\000\000\014\000\000\000\000\000\000\000\000\000\000\000\031"
          "\377\377\377\377\377\377\377\377\000\010\000\000\000\004\000\000\000\003\000\000\000\000\000\000"
          "\000\001N\000\000\000\010\277\340\000\000\000\000\000\000\000\000\000\004\377\364\235{"
          "\377\377\377\377\000\000\000\000\000\000\000\010\200\000\000\000\000\000\000\000\377\377",
          251));
  EXPECT_EQ(output.messages, 4u);  // the signature travels with the first row; the trailer alone
  EXPECT_EQ(copy(options, "WHERE false").body,
            std::string("PGCOPY\n\377\015\n\000\000\000\000\000\000\000\000\000\377\377", 21));
  EXPECT_EQ(copy(options, "WHERE false").messages, 1u);
}

TEST_F(PgCopyEncoderTest, RefusesWhatPostgresRefuses) {
  auto stream = session_->execute("SELECT * FROM t");
  ASSERT_TRUE(stream.ok());
  const ResultSchema& schema = stream.value()->schema();
  auto refused = [&](CopyOptions options) {
    auto encoder = CopyEncoder::make(schema, options, TextSettings{});
    EXPECT_FALSE(encoder.ok());
    return encoder.ok() ? std::string() : encoder.error().message;
  };
  CopyOptions options;
  options.quote = '\'';
  EXPECT_EQ(refused(options), "COPY quote available only in CSV mode");
  options = CopyOptions{};
  options.format = CopyFormat::kCsv;
  options.force_quote = {"nope"};
  EXPECT_EQ(refused(options), "FORCE_QUOTE column \"nope\" not referenced by COPY");
  options = CopyOptions{};
  options.format = CopyFormat::kBinary;
  options.header = true;
  EXPECT_EQ(refused(options), "cannot specify HEADER in BINARY mode");
  options = CopyOptions{};
  options.delimiter = 'a';
  EXPECT_EQ(refused(options), "COPY delimiter cannot be \"a\"");
  options = CopyOptions{};
  options.null = "x\ty";
  EXPECT_EQ(refused(options), "COPY delimiter must not appear in the NULL specification");
}

}  // namespace
}  // namespace duckwire::encode::pg
