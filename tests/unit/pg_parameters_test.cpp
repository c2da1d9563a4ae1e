#include "encode/pg_parameters.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <random>

#include "backend/duckdb/duckdb_backend.hpp"
#include "encode/pg_types.hpp"
#include "pg_expected_values.hpp"
#include "pg_test_support.hpp"
#include "util/int128.hpp"

namespace duckwire::encode::pg {
namespace {

std::string error_of(uint32_t type_oid, Format format, std::string_view bytes) {
  auto value = decode_parameter(type_oid, format, bytes);
  EXPECT_FALSE(value.ok()) << type_oid << " " << bytes;
  if (value.ok()) return "<decoded>";
  EXPECT_EQ(value.error().kind, ErrorKind::kConversion);
  return value.error().message;
}

Value decoded(uint32_t type_oid, std::string_view text, const TextSettings& settings = {}) {
  auto value = decode_parameter(type_oid, Format::kText, text, settings);
  EXPECT_TRUE(value.ok()) << text << ": " << (value.ok() ? "" : value.error().message);
  return value.ok() ? value.value() : Value{};
}

Value decimal(uint8_t width, uint8_t scale, int128_t unscaled) {
  const Int128Halves halves = split_halves(unscaled);
  return Value{DecimalValue{width, scale, halves.upper, halves.lower}};
}

Value timestamp_value(int64_t micros, bool with_time_zone) {
  return Value{TimestampValue{micros, with_time_zone}};
}

Value interval_value(int32_t months, int32_t days, int64_t micros) {
  return Value{IntervalValue{months, days, micros}};
}

Value list(std::vector<Value> items) {
  return Value{ListValue{std::move(items)}};
}

// Messages as PostgreSQL 15 words them for the same input.
TEST(PgParameters, TextErrorsWordedAsPostgres) {
  EXPECT_EQ(error_of(oid::kInt4, Format::kText, "x"), "invalid input syntax for type integer: \"x\"");
  EXPECT_EQ(error_of(oid::kInt4, Format::kText, ""), "invalid input syntax for type integer: \"\"");
  EXPECT_EQ(error_of(oid::kInt2, Format::kText, "99999"),
            "value \"99999\" is out of range for type smallint");
  EXPECT_EQ(error_of(oid::kInt8, Format::kText, "9223372036854775808"),
            "value \"9223372036854775808\" is out of range for type bigint");
  EXPECT_EQ(error_of(oid::kBool, Format::kText, "maybe"), "invalid input syntax for type boolean: \"maybe\"");
  EXPECT_EQ(error_of(oid::kBool, Format::kText, "o"), "invalid input syntax for type boolean: \"o\"");
  EXPECT_EQ(error_of(oid::kFloat8, Format::kText, "abc"),
            "invalid input syntax for type double precision: \"abc\"");
  EXPECT_EQ(error_of(oid::kFloat8, Format::kText, "1e999"),
            "\"1e999\" is out of range for type double precision");
  EXPECT_EQ(error_of(oid::kFloat4, Format::kText, "1e999"), "\"1e999\" is out of range for type real");
  EXPECT_EQ(error_of(oid::kNumeric, Format::kText, "1.2.3"),
            "invalid input syntax for type numeric: \"1.2.3\"");
  EXPECT_EQ(error_of(oid::kBytea, Format::kText, "\\xzz"), "invalid hexadecimal digit: \"z\"");
  EXPECT_EQ(error_of(oid::kBytea, Format::kText, "\\x0"), "invalid hexadecimal data: odd number of digits");
  EXPECT_EQ(error_of(oid::kBytea, Format::kText, "a\\b"), "invalid input syntax for type bytea");
  EXPECT_EQ(error_of(oid::kOid, Format::kText, "4294967296"),
            "value \"4294967296\" is out of range for type oid");
  EXPECT_EQ(error_of(1007, Format::kText, "{1,2"), "malformed array literal: \"{1,2\"");
  EXPECT_EQ(error_of(1007, Format::kText, "{1,x}"), "invalid input syntax for type integer: \"x\"");
  EXPECT_EQ(error_of(1009, Format::kText, "{\"a\\\\\"b\"}"), "malformed array literal: \"{\"a\\\\\"b\"}\"");
}

TEST(PgParameters, BinaryNeverReadsPastTheValue) {
  EXPECT_EQ(error_of(oid::kInt4, Format::kBinary, std::string_view("\0\1", 2)),
            "insufficient data left in message");
  EXPECT_EQ(error_of(oid::kInt4, Format::kBinary, std::string_view("\0\0\0\1\0", 5)),
            "incorrect binary data format");
  EXPECT_EQ(error_of(oid::kNumeric, Format::kBinary, std::string_view("\0\2\0\0\0\0\0\0\0\1", 10)),
            "insufficient data left in message");
  EXPECT_EQ(error_of(oid::kInterval, Format::kBinary, std::string(15, '\0')),
            "insufficient data left in message");
  // An int4[] claiming a million elements in a few bytes.
  const std::string lying = from_hex("00000001000000000000001700989680000000010000000400000001");
  EXPECT_EQ(error_of(1007, Format::kBinary, lying), "insufficient data left in message");
  // An element length beyond the bytes left.
  const std::string long_element = from_hex("0000000100000000000000170000000100000001000000ff00000001");
  EXPECT_EQ(error_of(1007, Format::kBinary, long_element), "insufficient data left in message");
  EXPECT_EQ(error_of(1007, Format::kBinary, from_hex("000000010000000000000017")),
            "insufficient data left in message");
  EXPECT_EQ(error_of(1007, Format::kBinary,
                     from_hex("000000010000000000000014000000010000000100000008"
                              "0000000000000001")),
            "binary data has array element type 20 (bigint) instead of expected 23 (integer)");
  // As PostgreSQL 15 reports convert_from('\x61ff', 'UTF8') and convert_from('\x61e228a1', 'UTF8').
  EXPECT_EQ(error_of(oid::kText, Format::kBinary, "a\xff"),
            "invalid byte sequence for encoding \"UTF8\": 0xff");
  EXPECT_EQ(error_of(oid::kVarchar, Format::kText, "a\xe2\x28\xa1"),
            "invalid byte sequence for encoding \"UTF8\": 0xe2 0x28 0xa1");
  EXPECT_EQ(decode_parameter(oid::kText, Format::kText, "a\xff").error().code, "22021");  // not 22P02
}

TEST(PgParameters, TextValuesAsPostgresReadsThem) {
  EXPECT_EQ(decoded(oid::kInt4, " 12 "), Value{int64_t{12}});
  EXPECT_EQ(decoded(oid::kBool, "  TRUE "), Value{true});
  EXPECT_EQ(decoded(oid::kBool, "of"), Value{false});
  EXPECT_EQ(decoded(oid::kOid, "-1"), Value{int64_t{4294967295}});
  EXPECT_EQ(decoded(oid::kNumeric, "12.50"), decimal(4, 2, 1250));
  EXPECT_EQ(decoded(oid::kNumeric, "1.5e3"), decimal(4, 0, 1500));
  EXPECT_EQ(decoded(oid::kNumeric, "-0.005"), decimal(3, 3, -5));
  EXPECT_EQ(decoded(oid::kNumeric, "123456789012345678901234567890123456789.5"),
            Value{std::string("123456789012345678901234567890123456789.5")});
  EXPECT_EQ(decoded(oid::kBytea, "\\x0a0B"), Value{BlobValue{"\n\v"}});
  EXPECT_EQ(decoded(oid::kBytea, "a\\\\b\\001"), Value{BlobValue{std::string("a\\b\1")}});
  EXPECT_EQ(decoded(oid::kDate, "0044-03-15 BC"), Value{DateValue{-735160}});
  EXPECT_EQ(decoded(oid::kTimestamp, "2024-01-31 12:00:00.1234567"),
            timestamp_value(1706702400123457, false));
  EXPECT_EQ(decoded(oid::kTimestampTz, "2024-01-31T12:00:00+05:30"), timestamp_value(1706682600000000, true));
  // Local times in the session's zone; the spring gap and the autumn overlap read as PostgreSQL reads them
  // (2024-03-10 03:30:00-04 and 2024-11-03 01:30:00-05).
  const TextSettings new_york{"America/New_York"};
  EXPECT_EQ(decoded(oid::kTimestampTz, "2024-03-10 02:30:00", new_york),
            timestamp_value(1710055800000000, true));
  EXPECT_EQ(decoded(oid::kTimestampTz, "2024-11-03 01:30:00", new_york),
            timestamp_value(1730615400000000, true));
  EXPECT_EQ(decoded(oid::kTime, "24:00:00"), Value{TimeValue{86400000000}});
  // A PostgreSQL timestamp beyond DuckDB's range stays text, for DuckDB's cast to refuse.
  EXPECT_EQ(decoded(oid::kTimestamp, "294276-12-31 23:59:59"), Value{std::string("294276-12-31 23:59:59")});
  // Interval forms, with what PostgreSQL reads: 1 year 2 mons -3 days +04:05:06.5, 1 year 6 mons,
  // -1 days, 1 day 12:00:00, 30:00:00, 00:01:00, 00:00:05.
  EXPECT_EQ(decoded(oid::kInterval, "1 year 2 mons -3 days +04:05:06.5"),
            interval_value(14, -3, 14706500000));
  EXPECT_EQ(decoded(oid::kInterval, "1.5 years"), interval_value(18, 0, 0));
  EXPECT_EQ(decoded(oid::kInterval, "1 day ago"), interval_value(0, -1, 0));
  EXPECT_EQ(decoded(oid::kInterval, "1.5 days"), interval_value(0, 1, 43200000000));
  EXPECT_EQ(decoded(oid::kInterval, "30:00:00"), interval_value(0, 0, 108000000000));
  EXPECT_EQ(decoded(oid::kInterval, "@ 1 minute"), interval_value(0, 0, 60000000));
  EXPECT_EQ(decoded(oid::kInterval, "5"), interval_value(0, 0, 5000000));
  EXPECT_EQ(decoded(1007, "{{1,2},{3,NULL}}"), list({list({Value{int64_t{1}}, Value{int64_t{2}}}),
                                                     list({Value{int64_t{3}}, Value{NullValue{}}})}));
  EXPECT_EQ(decoded(1009, R"({"a\"b", c d ,NULL,"NULL", ""})"),
            list({Value{std::string("a\"b")}, Value{std::string("c d")}, Value{NullValue{}},
                  Value{std::string("NULL")}, Value{std::string("")}}));
  EXPECT_EQ(decoded(1007, "[0:1]={1,2}"), list({Value{int64_t{1}}, Value{int64_t{2}}}));
  // Unspecified and string types: the text itself, for DuckDB to cast.
  EXPECT_EQ(decoded(0, "42"), Value{std::string("42")});
  EXPECT_EQ(decoded(oid::kUuid, "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11"),
            Value{std::string("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11")});
}

// Hostile bytes for every built-in type, both formats: a value or a conversion error, never a crash or
// a read past the bytes (the values are copied into exactly sized buffers).
TEST(PgParameters, ArbitraryBytesGiveAValueOrAnError) {
  std::mt19937 random(8);
  const std::string seeds[] = {"{",
                               "{{1,2},{3}}",
                               "\\x",
                               "0000000100000000",
                               "1e5",
                               "-",
                               "2024-13-45",
                               "P1D",
                               std::string("\0\0\0\1\0\0\0\0\0\0\0\x17\x7f\xff\xff\xff\0\0\0\1", 20)};
  for (const PgTypeInfo& type : builtin_types()) {
    for (int round = 0; round < 300; ++round) {
      std::string bytes = seeds[random() % std::size(seeds)];
      const size_t extra = random() % 24;
      for (size_t i = 0; i < extra; ++i) {
        bytes.insert(bytes.begin() + static_cast<std::ptrdiff_t>(random() % (bytes.size() + 1)),
                     static_cast<char>(random() % 4 == 0 ? "{}\",\\ 0:-."[random() % 11] : random() & 0xFF));
      }
      for (const Format format : {Format::kText, Format::kBinary}) {
        const std::unique_ptr<char[]> exact(new char[bytes.size()]);
        std::copy(bytes.begin(), bytes.end(), exact.get());
        auto value = decode_parameter(type.oid, format, std::string_view(exact.get(), bytes.size()));
        if (!value.ok()) {
          EXPECT_TRUE(value.error().kind == ErrorKind::kConversion ||
                      value.error().kind == ErrorKind::kOutOfRange)
              << type.name << ": " << value.error().message;
          EXPECT_FALSE(value.error().message.empty());
        }
      }
    }
  }
}

class PgParametersRoundTrip : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<std::string> warnings;
    backend_ = open_duckdb_backend(BackendOptions{}, warnings).value();
    session_ = backend_->connect().value();
  }

  // The text PostgreSQL would print for `value` bound to a statement casting it to `duckdb_type`.
  std::string bound_text(const Value& value, const std::string& duckdb_type, const TextSettings& settings) {
    const std::string sql = duckdb_type.empty() ? "SELECT $1" : "SELECT CAST($1 AS " + duckdb_type + ")";
    auto statement = session_->prepare(sql);
    EXPECT_TRUE(statement.ok()) << sql;
    Parameters parameters;
    parameters.positional.push_back(value);
    auto stream = session_->execute(*statement.value(), parameters);
    EXPECT_TRUE(stream.ok()) << sql << ": " << (stream.ok() ? "" : stream.error().message);
    if (!stream.ok()) return "<error>";
    const auto rows = stream_cells(*stream.value(), {Format::kText}, settings);
    return rows.size() == 1 && rows[0][0] ? *rows[0][0] : "<none>";
  }

  std::string duckdb_type_of(const std::string& duckdb_sql) {
    const auto rows = query_cells(*session_, "SELECT typeof(" + duckdb_sql + ")", {Format::kText});
    return rows.size() == 1 && rows[0][0] ? *rows[0][0] : "";
  }

  std::unique_ptr<Backend> backend_;
  std::unique_ptr<Session> session_;
};

// PostgreSQL's own text and binary forms of every mapped type decode to values that, bound to DuckDB,
// print as PostgreSQL printed them.
TEST_F(PgParametersRoundTrip, PostgresFormsBindAndPrintBack) {
  for (const PgExpected& expected : kPgExpected) {
    const TextSettings settings{expected.time_zone};
    const bool json = expected.type_oid == oid::kJson || expected.type_oid == 199;
    const std::string type = json ? "" : duckdb_type_of(expected.duckdb_sql);
    auto from_text = decode_parameter(expected.type_oid, Format::kText, expected.text, settings);
    ASSERT_TRUE(from_text.ok()) << expected.name << ": " << from_text.error().message;
    EXPECT_EQ(bound_text(from_text.value(), type, settings), expected.text) << expected.name << " (text)";
    auto from_binary =
        decode_parameter(expected.type_oid, Format::kBinary, from_hex(expected.binary_hex), settings);
    ASSERT_TRUE(from_binary.ok()) << expected.name << ": " << from_binary.error().message;
    EXPECT_EQ(bound_text(from_binary.value(), type, settings), expected.text) << expected.name << " (binary)";
  }
}

}  // namespace
}  // namespace duckwire::encode::pg
