#include "encode/pg_row_encoder.hpp"

#include <gtest/gtest.h>

#include <memory>

#include "backend/duckdb/duckdb_backend.hpp"
#include "pg_test_support.hpp"

namespace duckwire::encode::pg {
namespace {

// A DuckDB value and what PostgreSQL 15 prints for the same value of the mapped type (psql -At with
// DateStyle ISO, IntervalStyle postgres, the given TimeZone) and its binary COPY field bytes.
struct Expected {
  const char* name;
  const char* duckdb_sql;
  const char* time_zone;
  const char* text;
  const char* binary_hex;
};

// Obtained from PostgreSQL 15.18 (the value's text from psql -At, the binary from COPY ... (FORMAT binary)).
const Expected kExpected[] = {
    {"bool_true", "true", "UTC", "t", "01"},
    {"bool_false", "false", "UTC", "f", "00"},
    {"tinyint", "(-128)::TINYINT", "UTC", "-128", "ff80"},
    {"smallint", "32767::SMALLINT", "UTC", "32767", "7fff"},
    {"integer", "(-2147483648)::INTEGER", "UTC", "-2147483648", "80000000"},
    {"bigint", "(-9223372036854775808)::BIGINT", "UTC", "-9223372036854775808", "8000000000000000"},
    {"utinyint", "255::UTINYINT", "UTC", "255", "00ff"},
    {"usmallint", "65535::USMALLINT", "UTC", "65535", "0000ffff"},
    {"uinteger", "4294967295::UINTEGER", "UTC", "4294967295", "00000000ffffffff"},
    {"ubigint", "18446744073709551615::UBIGINT", "UTC", "18446744073709551615",
     "000500040000000007341a5802e103bb064f"},
    {"hugeint", "(-170141183460469231731687303715884105728)::HUGEINT", "UTC",
     "-170141183460469231731687303715884105728", "000a00094000000000aa0583209a01d5090d0c601c871bf620da1660"},
    {"uhugeint", "340282366920938463463374607431768211455::UHUGEINT", "UTC",
     "340282366920938463463374607431768211455", "000a00090000000001540b071a2403aa121a18c111ff10dd1aa505af"},
    {"decimal_9_2", "12.50::DECIMAL(9,2)", "UTC", "12.50", "0002000000000002000c1388"},
    {"decimal_18_3", "(-0.005)::DECIMAL(18,3)", "UTC", "-0.005", "0001ffff400000030032"},
    {"decimal_38_10", "(-1234567890123456789012345678.0123456789)::DECIMAL(38,10)", "UTC",
     "-1234567890123456789012345678.0123456789", "000a00064000000a04d2162e23340d801ed204d2162e007b11d722c4"},
    {"decimal_zero", "0.00::DECIMAL(4,2)", "UTC", "0.00", "0000000000000002"},
    {"decimal_10000", "10000.0001::DECIMAL(12,4)", "UTC", "10000.0001", "0003000100000004000100000001"},
    {"bignum", "'-123456789012345678901234567890123456789012345678901234567890'::BIGNUM", "UTC",
     "-123456789012345678901234567890123456789012345678901234567890",
     "000f000e4000000004d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed2"},
    {"float4_tenth", "0.1::FLOAT", "UTC", "0.1", "3dcccccd"},
    {"float4_million", "1e6::FLOAT", "UTC", "1e+06", "49742400"},
    {"float4_small", "1.17549435e-38::FLOAT", "UTC", "1.1754944e-38", "00800000"},
    {"float4_fixed", "123456.7::FLOAT", "UTC", "123456.7", "47f1205a"},
    {"float8_tenth", "0.1::DOUBLE", "UTC", "0.1", "3fb999999999999a"},
    {"float8_1e15", "1e15::DOUBLE", "UTC", "1e+15", "430c6bf526340000"},
    {"float8_fixed", "123456789012345.6::DOUBLE", "UTC", "123456789012345.6", "42dc12218377de66"},
    {"float8_sci", "1234567890123456.7::DOUBLE", "UTC", "1.2345678901234568e+15", "43118b54f22aeb03"},
    {"float8_small", "0.0001::DOUBLE", "UTC", "0.0001", "3f1a36e2eb1c432d"},
    {"float8_smaller", "0.00001234::DOUBLE", "UTC", "1.234e-05", "3ee9e0fcaf9380fc"},
    {"float8_neg_zero", "'-0.0'::DOUBLE", "UTC", "-0", "8000000000000000"},
    {"float8_nan", "'nan'::DOUBLE", "UTC", "NaN", "7ff8000000000000"},
    {"float8_neg_inf", "'-inf'::DOUBLE", "UTC", "-Infinity", "fff0000000000000"},
    {"float8_huge", "1.5e300::DOUBLE", "UTC", "1.5e+300", "7e41eb2d66005835"},
    {"float8_third", "1/3::DOUBLE", "UTC", "0.3333333333333333", "3fd5555555555555"},
    {"text",
     "'h\xc3"
     "\xa9"
     "llo w\xc3"
     "\xb6"
     "rld'",
     "UTC",
     "h\xc3"
     "\xa9"
     "llo w\xc3"
     "\xb6"
     "rld",
     "68c3a96c6c6f2077c3b6726c64"},
    {"text_empty", "''", "UTC", "", ""},
    {"bytea", "'\\x0A\\x0B\\xFF'::BLOB", "UTC", "\\x0a0bff", "0a0bff"},
    {"date", "'2024-01-31'::DATE", "UTC", "2024-01-31", "0000225c"},
    {"date_bc", "'0044-03-15 (BC)'::DATE", "UTC", "0044-03-15 BC", "fff49d7b"},
    {"date_big", "'10000-01-01'::DATE", "UTC", "10000-01-01", "002c95d4"},
    {"date_infinity", "'infinity'::DATE", "UTC", "infinity", "7fffffff"},
    {"date_neg_infinity", "'-infinity'::DATE", "UTC", "-infinity", "80000000"},
    {"time", "'12:34:56.123'::TIME", "UTC", "12:34:56.123", "0000000a8bdbfc78"},
    {"time_midnight", "'00:00:00'::TIME", "UTC", "00:00:00", "0000000000000000"},
    {"time_ns", "'12:34:56.123456'::TIME_NS", "UTC", "12:34:56.123456", "0000000a8bdbfe40"},
    {"timetz_half", "'12:00:00+05:30'::TIMETZ", "UTC", "12:00:00+05:30", "0000000a0eebb000ffffb2a8"},
    {"timetz_hour", "'12:00:00.25-08'::TIMETZ", "UTC", "12:00:00.25-08", "0000000a0eef809000007080"},
    {"timestamp", "'2024-01-31 12:00:00.5'::TIMESTAMP", "UTC", "2024-01-31 12:00:00.5", "0002b33b6319d120"},
    {"timestamp_bc", "'0001-12-31 (BC) 23:59:59.5'::TIMESTAMP", "UTC", "0001-12-31 23:59:59.5 BC",
     "ff1fe2ffc594bee0"},
    {"timestamp_infinity", "'infinity'::TIMESTAMP", "UTC", "infinity", "7fffffffffffffff"},
    {"timestamp_neg_infinity", "'-infinity'::TIMESTAMP", "UTC", "-infinity", "8000000000000000"},
    {"timestamp_s", "'2024-01-31 12:00:01'::TIMESTAMP_S", "UTC", "2024-01-31 12:00:01", "0002b33b63217240"},
    {"timestamp_ms", "'2024-01-31 12:00:01.25'::TIMESTAMP_MS", "UTC", "2024-01-31 12:00:01.25",
     "0002b33b632542d0"},
    {"timestamp_ns", "'1969-12-31 23:59:59.999999'::TIMESTAMP_NS", "UTC", "1969-12-31 23:59:59.999999",
     "fffca2fec4c81fff"},
    {"timestamptz_utc", "'2024-01-31 12:00:00.5+00'::TIMESTAMPTZ", "UTC", "2024-01-31 12:00:00.5+00",
     "0002b33b6319d120"},
    {"timestamptz_bc", "'0001-12-31 (BC) 23:59:59.5+00'::TIMESTAMPTZ", "UTC", "0001-12-31 23:59:59.5+00 BC",
     "ff1fe2ffc594bee0"},
    {"timestamptz_infinity", "'infinity'::TIMESTAMPTZ", "America/New_York", "infinity", "7fffffffffffffff"},
    {"timestamptz_ny_summer", "'2024-07-01 12:00:00+00'::TIMESTAMPTZ", "America/New_York",
     "2024-07-01 08:00:00-04", "0002bf2d1af33000"},
    {"timestamptz_ny_winter", "'2024-01-01 12:00:00+00'::TIMESTAMPTZ", "America/New_York",
     "2024-01-01 07:00:00-05", "0002b0dfe3d4f000"},
    {"timestamptz_ny_lmt", "'1850-01-01 00:00:00+00'::TIMESTAMPTZ", "America/New_York",
     "1849-12-31 19:03:58-04:56:02", "ffef2ee5ba114000"},
    {"timestamptz_kolkata", "'2024-07-01 12:00:00+00'::TIMESTAMPTZ", "Asia/Kolkata",
     "2024-07-01 17:30:00+05:30", "0002bf2d1af33000"},
    {"timestamptz_lowercase_zone", "'2024-07-01 12:00:00+00'::TIMESTAMPTZ", "europe/paris",
     "2024-07-01 14:00:00+02", "0002bf2d1af33000"},
    {"timestamptz_posix", "'2024-07-01 12:00:00+00'::TIMESTAMPTZ", "+05:30", "2024-07-01 06:30:00-05:30",
     "0002bf2d1af33000"},
    {"timestamptz_posix_named", "'2024-07-01 12:00:00+00'::TIMESTAMPTZ", "UTC+3", "2024-07-01 09:00:00-03",
     "0002bf2d1af33000"},
    {"timestamptz_dst_gap", "'2024-03-10 07:00:00+00'::TIMESTAMPTZ", "America/New_York",
     "2024-03-10 03:00:00-04", "0002b647bdff9c00"},
    {"interval_full", "INTERVAL '1 year 2 months 3 days 04:05:06'", "UTC", "1 year 2 mons 3 days 04:05:06",
     "000000036c8bc080000000030000000e"},
    {"interval_mixed", "to_days(-1) + to_hours(2)", "UTC", "-1 days +02:00:00",
     "00000001ad274800ffffffff00000000"},
    {"interval_negative", "INTERVAL '-1 year -2 months -3 days -04:05:06.5'", "UTC",
     "-1 years -2 mons -3 days -04:05:06.5", "fffffffc936c9e60fffffffdfffffff2"},
    {"interval_zero", "INTERVAL '0 seconds'", "UTC", "00:00:00", "00000000000000000000000000000000"},
    {"interval_fraction", "INTERVAL '0.5 seconds'", "UTC", "00:00:00.5", "000000000007a1200000000000000000"},
    {"interval_one", "INTERVAL '1 day'", "UTC", "1 day", "00000000000000000000000100000000"},
    {"interval_months_hours", "to_months(-13) + to_hours(30)", "UTC", "-1 years -1 mons +30:00:00",
     "00000019254d380000000000fffffff3"},
    {"uuid", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::UUID", "UTC", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
     "a0eebc999c0b4ef8bb6d6bb9bd380a11"},
    {"json", "'{\"a\": [1, 2]}'::JSON", "UTC", "{\"a\": [1, 2]}", "7b2261223a205b312c20325d7d"},
    {"varbit", "'10100'::BIT", "UTC", "10100", "00000005a0"},
    {"varbit_long", "'1111111101'::BIT", "UTC", "1111111101", "0000000aff40"},
    {"int_array", "[1, 2, NULL]::INTEGER[]", "UTC", "{1,2,NULL}",
     "000000010000000100000017000000030000000100000004000000010000000400000002ffffffff"},
    {"empty_array", "[]::INTEGER[]", "UTC", "{}", "000000000000000000000017"},
    {"text_array",
     "['a b', 'x\"y', NULL, '', 'NULL', 'null', 'a,b', 'a\\b', '{x}', 'plain', ' lead', 'tab\t']", "UTC",
     "{\"a b\",\"x\\\"y\",NULL,\"\",\"NULL\",\"null\",\"a,b\",\"a\\\\b\",\"{x}\",plain,\" lead\",\"tab\t\"}",
     "0000000100000001000000190000000c000000010000000361206200000003782279ffffffff00000000000000044e554c4c000"
     "000046e756c6c00000003612c6200000003615c62000000037b787d00000005706c61696e00000005206c656164000000047461"
     "6209"},
    {"bigint_array", "[9223372036854775807, -1]::BIGINT[]", "UTC", "{9223372036854775807,-1}",
     "0000000100000000000000140000000200000001000000087fffffffffffffff00000008ffffffffffffffff"},
    {"float8_array", "['nan'::DOUBLE, 1.5, '-inf'::DOUBLE]", "UTC", "{NaN,1.5,-Infinity}",
     "0000000100000000000002bd0000000300000001000000087ff8000000000000000000083ff800000000000000000008fff0000"
     "000000000"},
    {"bool_array", "[true, false, NULL]", "UTC", "{t,f,NULL}",
     "000000010000000100000010000000030000000100000001010000000100ffffffff"},
    {"numeric_array", "[1.50, -2.25]::DECIMAL(5,2)[]", "UTC", "{1.50,-2.25}",
     "0000000100000000000006a400000002000000010000000c0002000000000002000113880000000c0002000040000002000209c"
     "4"},
    {"date_array", "['2024-01-31'::DATE, '0044-03-15 (BC)'::DATE]", "UTC", "{2024-01-31,\"0044-03-15 BC\"}",
     "00000001000000000000043a0000000200000001000000040000225c00000004fff49d7b"},
    {"timestamp_array", "['2024-01-31 12:00:00'::TIMESTAMP, NULL]", "UTC", "{\"2024-01-31 12:00:00\",NULL}",
     "00000001000000010000045a0000000200000001000000080002b33b63123000ffffffff"},
    {"timestamptz_array", "['2024-07-01 12:00:00+00'::TIMESTAMPTZ]", "Asia/Kolkata",
     "{\"2024-07-01 17:30:00+05:30\"}", "0000000100000000000004a00000000100000001000000080002bf2d1af33000"},
    {"bytea_array", "['\\x0A\\x0B'::BLOB]", "UTC", "{\"\\\\x0a0b\"}",
     "0000000100000000000000110000000100000001000000020a0b"},
    {"uuid_array", "['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::UUID]", "UTC",
     "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}",
     "000000010000000000000b86000000010000000100000010a0eebc999c0b4ef8bb6d6bb9bd380a11"},
    {"interval_array", "[INTERVAL '1 day', to_days(-1) + to_hours(2)]", "UTC",
     "{\"1 day\",\"-1 days +02:00:00\"}",
     "0000000100000000000004a2000000020000000100000010000000000000000000000001000000000000001000000001ad27480"
     "0ffffffff00000000"},
    {"fixed_array", "[1, 2, 3]::SMALLINT[3]", "UTC", "{1,2,3}",
     "0000000100000000000000150000000300000001000000020001000000020002000000020003"},
    {"struct", "{'a': 1, 'b': 'x'}", "UTC", "{\"a\":1,\"b\":\"x\"}", "7b2261223a312c2262223a2278227d"},
    {"nested_list", "[[1, 2], [3]]", "UTC", "[[1,2],[3]]", "5b5b312c325d2c5b335d5d"},
    {"map", "MAP {'k': 1}", "UTC", "{\"k\":1}", "7b226b223a317d"},
    {"struct_array", "[{'a': 1}, {'a': NULL}]", "UTC", "{\"{\\\"a\\\":1}\",\"{\\\"a\\\":null}\"}",
     "0000000100000000000000720000000200000001000000077b2261223a317d0000000a7b2261223a6e756c6c7d"},
};

class PgRowEncoderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<std::string> warnings;
    backend_ = open_duckdb_backend(BackendOptions{}, warnings).value();
    session_ = backend_->connect().value();
  }

  std::unique_ptr<Backend> backend_;
  std::unique_ptr<Session> session_;
};

TEST_F(PgRowEncoderTest, TextAsPostgresPrintsIt) {
  for (const Expected& expected : kExpected) {
    const auto rows = query_cells(*session_, std::string("SELECT ") + expected.duckdb_sql, {Format::kText},
                                  TextSettings{expected.time_zone});
    ASSERT_EQ(rows.size(), 1u) << expected.name;
    ASSERT_TRUE(rows[0][0].has_value()) << expected.name;
    EXPECT_EQ(*rows[0][0], expected.text) << expected.name;
  }
}

TEST_F(PgRowEncoderTest, BinaryAsPostgresSendsIt) {
  for (const Expected& expected : kExpected) {
    const auto rows = query_cells(*session_, std::string("SELECT ") + expected.duckdb_sql, {Format::kBinary},
                                  TextSettings{expected.time_zone});
    ASSERT_EQ(rows.size(), 1u) << expected.name;
    ASSERT_TRUE(rows[0][0].has_value()) << expected.name;
    EXPECT_EQ(to_hex(*rows[0][0]), expected.binary_hex) << expected.name;
  }
}

}  // namespace
}  // namespace duckwire::encode::pg
