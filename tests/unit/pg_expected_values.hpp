#pragma once
// DuckDB values and what PostgreSQL 15 makes of the same value of the mapped type, for the PostgreSQL
// encoder and parameter tests: its text (psql -At with DateStyle ISO, IntervalStyle postgres and the
// given TimeZone) and its binary form (the field of COPY ... TO STDOUT (FORMAT binary)), both obtained
// from PostgreSQL 15.18.

#include <cstdint>

namespace duckwire::encode::pg {

struct PgExpected {
  const char* name;
  const char* duckdb_sql;
  const char* time_zone;
  uint32_t type_oid;  // pg_typeof of the PostgreSQL value
  const char* text;
  const char* binary_hex;
};

inline constexpr PgExpected kPgExpected[] = {
    {"bool_true", "true", "UTC", 16, "t", "01"},
    {"bool_false", "false", "UTC", 16, "f", "00"},
    {"tinyint", "(-128)::TINYINT", "UTC", 21, "-128", "ff80"},
    {"smallint", "32767::SMALLINT", "UTC", 21, "32767", "7fff"},
    {"integer", "(-2147483648)::INTEGER", "UTC", 23, "-2147483648", "80000000"},
    {"bigint", "(-9223372036854775808)::BIGINT", "UTC", 20, "-9223372036854775808", "8000000000000000"},
    {"utinyint", "255::UTINYINT", "UTC", 21, "255", "00ff"},
    {"usmallint", "65535::USMALLINT", "UTC", 23, "65535", "0000ffff"},
    {"uinteger", "4294967295::UINTEGER", "UTC", 20, "4294967295", "00000000ffffffff"},
    {"ubigint", "18446744073709551615::UBIGINT", "UTC", 1700, "18446744073709551615",
     "000500040000000007341a5802e103bb064f"},
    {"hugeint", "(-170141183460469231731687303715884105728)::HUGEINT", "UTC", 1700,
     "-170141183460469231731687303715884105728", "000a00094000000000aa0583209a01d5090d0c601c871bf620da1660"},
    {"uhugeint", "340282366920938463463374607431768211455::UHUGEINT", "UTC", 1700,
     "340282366920938463463374607431768211455", "000a00090000000001540b071a2403aa121a18c111ff10dd1aa505af"},
    {"decimal_9_2", "12.50::DECIMAL(9,2)", "UTC", 1700, "12.50", "0002000000000002000c1388"},
    {"decimal_18_3", "(-0.005)::DECIMAL(18,3)", "UTC", 1700, "-0.005", "0001ffff400000030032"},
    {"decimal_38_10", "(-1234567890123456789012345678.0123456789)::DECIMAL(38,10)", "UTC", 1700,
     "-1234567890123456789012345678.0123456789", "000a00064000000a04d2162e23340d801ed204d2162e007b11d722c4"},
    {"decimal_zero", "0.00::DECIMAL(4,2)", "UTC", 1700, "0.00", "0000000000000002"},
    {"decimal_10000", "10000.0001::DECIMAL(12,4)", "UTC", 1700, "10000.0001", "0003000100000004000100000001"},
    {"bignum", "'-123456789012345678901234567890123456789012345678901234567890'::BIGNUM", "UTC", 1700,
     "-123456789012345678901234567890123456789012345678901234567890",
     "000f000e4000000004d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed2"},
    {"float4_tenth", "0.1::FLOAT", "UTC", 700, "0.1", "3dcccccd"},
    {"float4_million", "1e6::FLOAT", "UTC", 700, "1e+06", "49742400"},
    {"float4_small", "1.17549435e-38::FLOAT", "UTC", 700, "1.1754944e-38", "00800000"},
    {"float4_fixed", "123456.7::FLOAT", "UTC", 700, "123456.7", "47f1205a"},
    {"float8_tenth", "0.1::DOUBLE", "UTC", 701, "0.1", "3fb999999999999a"},
    {"float8_1e15", "1e15::DOUBLE", "UTC", 701, "1e+15", "430c6bf526340000"},
    {"float8_fixed", "123456789012345.6::DOUBLE", "UTC", 701, "123456789012345.6", "42dc12218377de66"},
    {"float8_sci", "1234567890123456.7::DOUBLE", "UTC", 701, "1.2345678901234568e+15", "43118b54f22aeb03"},
    {"float8_small", "0.0001::DOUBLE", "UTC", 701, "0.0001", "3f1a36e2eb1c432d"},
    {"float8_smaller", "0.00001234::DOUBLE", "UTC", 701, "1.234e-05", "3ee9e0fcaf9380fc"},
    {"float8_neg_zero", "'-0.0'::DOUBLE", "UTC", 701, "-0", "8000000000000000"},
    {"float8_nan", "'nan'::DOUBLE", "UTC", 701, "NaN", "7ff8000000000000"},
    {"float8_neg_inf", "'-inf'::DOUBLE", "UTC", 701, "-Infinity", "fff0000000000000"},
    {"float8_huge", "1.5e300::DOUBLE", "UTC", 701, "1.5e+300", "7e41eb2d66005835"},
    {"float8_third", "1/3::DOUBLE", "UTC", 701, "0.3333333333333333", "3fd5555555555555"},
    {"text",
     "'h\xc3"
     "\xa9"
     "llo w\xc3"
     "\xb6"
     "rld'",
     "UTC", 25,
     "h\xc3"
     "\xa9"
     "llo w\xc3"
     "\xb6"
     "rld",
     "68c3a96c6c6f2077c3b6726c64"},
    {"text_empty", "''", "UTC", 25, "", ""},
    {"bytea", "'\\x0A\\x0B\\xFF'::BLOB", "UTC", 17, "\\x0a0bff", "0a0bff"},
    {"date", "'2024-01-31'::DATE", "UTC", 1082, "2024-01-31", "0000225c"},
    {"date_bc", "'0044-03-15 (BC)'::DATE", "UTC", 1082, "0044-03-15 BC", "fff49d7b"},
    {"date_big", "'10000-01-01'::DATE", "UTC", 1082, "10000-01-01", "002c95d4"},
    {"date_infinity", "'infinity'::DATE", "UTC", 1082, "infinity", "7fffffff"},
    {"date_neg_infinity", "'-infinity'::DATE", "UTC", 1082, "-infinity", "80000000"},
    {"time", "'12:34:56.123'::TIME", "UTC", 1083, "12:34:56.123", "0000000a8bdbfc78"},
    {"time_midnight", "'00:00:00'::TIME", "UTC", 1083, "00:00:00", "0000000000000000"},
    {"time_ns", "'12:34:56.123456'::TIME_NS", "UTC", 1083, "12:34:56.123456", "0000000a8bdbfe40"},
    {"timetz_half", "'12:00:00+05:30'::TIMETZ", "UTC", 1266, "12:00:00+05:30", "0000000a0eebb000ffffb2a8"},
    {"timetz_hour", "'12:00:00.25-08'::TIMETZ", "UTC", 1266, "12:00:00.25-08", "0000000a0eef809000007080"},
    {"timestamp", "'2024-01-31 12:00:00.5'::TIMESTAMP", "UTC", 1114, "2024-01-31 12:00:00.5",
     "0002b33b6319d120"},
    {"timestamp_bc", "'0001-12-31 (BC) 23:59:59.5'::TIMESTAMP", "UTC", 1114, "0001-12-31 23:59:59.5 BC",
     "ff1fe2ffc594bee0"},
    {"timestamp_infinity", "'infinity'::TIMESTAMP", "UTC", 1114, "infinity", "7fffffffffffffff"},
    {"timestamp_neg_infinity", "'-infinity'::TIMESTAMP", "UTC", 1114, "-infinity", "8000000000000000"},
    {"timestamp_s", "'2024-01-31 12:00:01'::TIMESTAMP_S", "UTC", 1114, "2024-01-31 12:00:01",
     "0002b33b63217240"},
    {"timestamp_ms", "'2024-01-31 12:00:01.25'::TIMESTAMP_MS", "UTC", 1114, "2024-01-31 12:00:01.25",
     "0002b33b632542d0"},
    {"timestamp_ns", "'1969-12-31 23:59:59.999999'::TIMESTAMP_NS", "UTC", 1114, "1969-12-31 23:59:59.999999",
     "fffca2fec4c81fff"},
    {"timestamptz_utc", "'2024-01-31 12:00:00.5+00'::TIMESTAMPTZ", "UTC", 1184, "2024-01-31 12:00:00.5+00",
     "0002b33b6319d120"},
    {"timestamptz_bc", "'0001-12-31 (BC) 23:59:59.5+00'::TIMESTAMPTZ", "UTC", 1184,
     "0001-12-31 23:59:59.5+00 BC", "ff1fe2ffc594bee0"},
    {"timestamptz_infinity", "'infinity'::TIMESTAMPTZ", "America/New_York", 1184, "infinity",
     "7fffffffffffffff"},
    {"timestamptz_ny_summer", "'2024-07-01 12:00:00+00'::TIMESTAMPTZ", "America/New_York", 1184,
     "2024-07-01 08:00:00-04", "0002bf2d1af33000"},
    {"timestamptz_ny_winter", "'2024-01-01 12:00:00+00'::TIMESTAMPTZ", "America/New_York", 1184,
     "2024-01-01 07:00:00-05", "0002b0dfe3d4f000"},
    {"timestamptz_ny_lmt", "'1850-01-01 00:00:00+00'::TIMESTAMPTZ", "America/New_York", 1184,
     "1849-12-31 19:03:58-04:56:02", "ffef2ee5ba114000"},
    {"timestamptz_kolkata", "'2024-07-01 12:00:00+00'::TIMESTAMPTZ", "Asia/Kolkata", 1184,
     "2024-07-01 17:30:00+05:30", "0002bf2d1af33000"},
    {"timestamptz_lowercase_zone", "'2024-07-01 12:00:00+00'::TIMESTAMPTZ", "europe/paris", 1184,
     "2024-07-01 14:00:00+02", "0002bf2d1af33000"},
    {"timestamptz_posix", "'2024-07-01 12:00:00+00'::TIMESTAMPTZ", "+05:30", 1184,
     "2024-07-01 06:30:00-05:30", "0002bf2d1af33000"},
    {"timestamptz_posix_named", "'2024-07-01 12:00:00+00'::TIMESTAMPTZ", "UTC+3", 1184,
     "2024-07-01 09:00:00-03", "0002bf2d1af33000"},
    {"timestamptz_dst_gap", "'2024-03-10 07:00:00+00'::TIMESTAMPTZ", "America/New_York", 1184,
     "2024-03-10 03:00:00-04", "0002b647bdff9c00"},
    {"interval_full", "INTERVAL '1 year 2 months 3 days 04:05:06'", "UTC", 1186,
     "1 year 2 mons 3 days 04:05:06", "000000036c8bc080000000030000000e"},
    {"interval_mixed", "to_days(-1) + to_hours(2)", "UTC", 1186, "-1 days +02:00:00",
     "00000001ad274800ffffffff00000000"},
    {"interval_negative", "INTERVAL '-1 year -2 months -3 days -04:05:06.5'", "UTC", 1186,
     "-1 years -2 mons -3 days -04:05:06.5", "fffffffc936c9e60fffffffdfffffff2"},
    {"interval_zero", "INTERVAL '0 seconds'", "UTC", 1186, "00:00:00", "00000000000000000000000000000000"},
    {"interval_fraction", "INTERVAL '0.5 seconds'", "UTC", 1186, "00:00:00.5",
     "000000000007a1200000000000000000"},
    {"interval_one", "INTERVAL '1 day'", "UTC", 1186, "1 day", "00000000000000000000000100000000"},
    {"interval_months_hours", "to_months(-13) + to_hours(30)", "UTC", 1186, "-1 years -1 mons +30:00:00",
     "00000019254d380000000000fffffff3"},
    {"uuid", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::UUID", "UTC", 2950,
     "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc999c0b4ef8bb6d6bb9bd380a11"},
    {"json", "'{\"a\": [1, 2]}'::JSON", "UTC", 114, "{\"a\": [1, 2]}", "7b2261223a205b312c20325d7d"},
    {"varbit", "'10100'::BIT", "UTC", 1562, "10100", "00000005a0"},
    {"varbit_long", "'1111111101'::BIT", "UTC", 1562, "1111111101", "0000000aff40"},
    {"int_array", "[1, 2, NULL]::INTEGER[]", "UTC", 1007, "{1,2,NULL}",
     "000000010000000100000017000000030000000100000004000000010000000400000002ffffffff"},
    {"empty_array", "[]::INTEGER[]", "UTC", 1007, "{}", "000000000000000000000017"},
    {"text_array",
     "['a b', 'x\"y', NULL, '', 'NULL', 'null', 'a,b', 'a\\b', '{x}', 'plain', ' lead', 'tab\t']", "UTC",
     1009,
     "{\"a b\",\"x\\\"y\",NULL,\"\",\"NULL\",\"null\",\"a,b\",\"a\\\\b\",\"{x}\",plain,\" lead\",\"tab\t\"}",
     "0000000100000001000000190000000c000000010000000361206200000003782279ffffffff00000000000000044e554c4c000"
     "000046e756c6c00000003612c6200000003615c62000000037b787d00000005706c61696e00000005206c656164000000047461"
     "6209"},
    {"bigint_array", "[9223372036854775807, -1]::BIGINT[]", "UTC", 1016, "{9223372036854775807,-1}",
     "0000000100000000000000140000000200000001000000087fffffffffffffff00000008ffffffffffffffff"},
    {"float8_array", "['nan'::DOUBLE, 1.5, '-inf'::DOUBLE]", "UTC", 1022, "{NaN,1.5,-Infinity}",
     "0000000100000000000002bd0000000300000001000000087ff8000000000000000000083ff800000000000000000008fff0000"
     "000000000"},
    {"bool_array", "[true, false, NULL]", "UTC", 1000, "{t,f,NULL}",
     "000000010000000100000010000000030000000100000001010000000100ffffffff"},
    {"numeric_array", "[1.50, -2.25]::DECIMAL(5,2)[]", "UTC", 1231, "{1.50,-2.25}",
     "0000000100000000000006a400000002000000010000000c0002000000000002000113880000000c0002000040000002000209c"
     "4"},
    {"date_array", "['2024-01-31'::DATE, '0044-03-15 (BC)'::DATE]", "UTC", 1182,
     "{2024-01-31,\"0044-03-15 BC\"}",
     "00000001000000000000043a0000000200000001000000040000225c00000004fff49d7b"},
    {"timestamp_array", "['2024-01-31 12:00:00'::TIMESTAMP, NULL]", "UTC", 1115,
     "{\"2024-01-31 12:00:00\",NULL}",
     "00000001000000010000045a0000000200000001000000080002b33b63123000ffffffff"},
    {"timestamptz_array", "['2024-07-01 12:00:00+00'::TIMESTAMPTZ]", "Asia/Kolkata", 1185,
     "{\"2024-07-01 17:30:00+05:30\"}", "0000000100000000000004a00000000100000001000000080002bf2d1af33000"},
    {"bytea_array", "['\\x0A\\x0B'::BLOB]", "UTC", 1001, "{\"\\\\x0a0b\"}",
     "0000000100000000000000110000000100000001000000020a0b"},
    {"uuid_array", "['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::UUID]", "UTC", 2951,
     "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}",
     "000000010000000000000b86000000010000000100000010a0eebc999c0b4ef8bb6d6bb9bd380a11"},
    {"interval_array", "[INTERVAL '1 day', to_days(-1) + to_hours(2)]", "UTC", 1187,
     "{\"1 day\",\"-1 days +02:00:00\"}",
     "0000000100000000000004a2000000020000000100000010000000000000000000000001000000000000001000000001ad27480"
     "0ffffffff00000000"},
    {"fixed_array", "[1, 2, 3]::SMALLINT[3]", "UTC", 1005, "{1,2,3}",
     "0000000100000000000000150000000300000001000000020001000000020002000000020003"},
    {"struct", "{'a': 1, 'b': 'x'}", "UTC", 114, "{\"a\":1,\"b\":\"x\"}", "7b2261223a312c2262223a2278227d"},
    {"nested_list", "[[1, 2], [3]]", "UTC", 114, "[[1,2],[3]]", "5b5b312c325d2c5b335d5d"},
    {"map", "MAP {'k': 1}", "UTC", 114, "{\"k\":1}", "7b226b223a317d"},
    {"struct_array", "[{'a': 1}, {'a': NULL}]", "UTC", 199, "{\"{\\\"a\\\":1}\",\"{\\\"a\\\":null}\"}",
     "0000000100000000000000720000000200000001000000077b2261223a317d0000000a7b2261223a6e756c6c7d"},
    {"interval_day_minus_hours", "to_days(1) - to_hours(2)", "UTC", 1186, "1 day -02:00:00",
     "fffffffe52d8b8000000000100000000"},
    {"interval_months_plus_day", "to_months(-1) + to_days(1)", "UTC", 1186, "-1 mons +1 day",
     "000000000000000000000001ffffffff"},
    {"interval_negative_fraction", "-to_microseconds(500000)", "UTC", 1186, "-00:00:00.5",
     "fffffffffff85ee00000000000000000"},
    {"interval_year_minus_day", "to_years(1) - to_days(1)", "UTC", 1186, "1 year -1 days",
     "0000000000000000ffffffff0000000c"},
    {"timestamp_micro", "'2024-01-31 00:00:00.000001'::TIMESTAMP", "UTC", 1114, "2024-01-31 00:00:00.000001",
     "0002b33154268001"},
    {"timestamp_far", "'294246-12-31 23:59:59'::TIMESTAMP", "UTC", 1114, "294246-12-31 23:59:59",
     "7ffca2465a941dc0"},
    {"numeric_small", "0.0001::DECIMAL(5,4)", "UTC", 1700, "0.0001", "0001ffff000000040001"},
    {"numeric_tiny", "0.000000000000000000000000000001::DECIMAL(38,30)", "UTC", 1700,
     "0.000000000000000000000000000001", "0001fff80000001e0064"},
    {"numeric_negative_big", "(-12345678.9)::DECIMAL(18,1)", "UTC", 1700, "-12345678.9",
     "000300014000000104d2162e2328"},
    {"numeric_trailing_zero_groups", "100000000::BIGINT::DECIMAL(18,0)", "UTC", 1700, "100000000",
     "00010002000000000001"},
    {"timestamptz_fraction_kolkata", "'2024-01-31 23:59:59.999999+00'::TIMESTAMPTZ", "Asia/Kolkata", 1184,
     "2024-02-01 05:29:59.999999+05:30", "0002b34571fddfff"},
    {"text_array_unicode",
     "['\xc3"
     "\xbc"
     " \xc3"
     "\xb6"
     "', '\xc3"
     "\xa4"
     "']",
     "UTC", 1009,
     "{\"\xc3"
     "\xbc"
     " \xc3"
     "\xb6"
     "\",\xc3"
     "\xa4"
     "}",
     "000000010000000000000019000000020000000100000005c3bc20c3b600000002c3a4"},
    {"float4_array", "[1.5::FLOAT, 'nan'::FLOAT]", "UTC", 1021, "{1.5,NaN}",
     "0000000100000000000002bc0000000200000001000000043fc00000000000047fc00000"},
    {"smallint_array_empty_string_free", "[NULL]::SMALLINT[]", "UTC", 1005, "{NULL}",
     "0000000100000001000000150000000100000001ffffffff"},
    {"timestamptz_mexico_2024", "'2024-07-01 12:00:00+00'::TIMESTAMPTZ", "America/Mexico_City", 1184,
     "2024-07-01 06:00:00-06", "0002bf2d1af33000"},
    {"timestamptz_nuuk_2024", "'2024-07-01 12:00:00+00'::TIMESTAMPTZ", "America/Nuuk", 1184,
     "2024-07-01 11:00:00-01", "0002bf2d1af33000"},
    {"timestamptz_almaty_2024", "'2024-07-01 12:00:00+00'::TIMESTAMPTZ", "Asia/Almaty", 1184,
     "2024-07-01 17:00:00+05", "0002bf2d1af33000"},
    {"timestamptz_ny_2100", "'2100-07-01 12:00:00+00'::TIMESTAMPTZ", "America/New_York", 1184,
     "2100-07-01 08:00:00-04", "000b4468c9fe7000"},
    {"timestamptz_sydney_2100", "'2100-01-01 12:00:00+00'::TIMESTAMPTZ", "Australia/Sydney", 1184,
     "2100-01-01 23:00:00+11", "000b362fb0b79000"},
    {"timestamptz_posix_rule", "'2024-07-01 12:00:00+00'::TIMESTAMPTZ", "CET-1CEST,M3.5.0,M10.5.0/3", 1184,
     "2024-07-01 14:00:00+02", "0002bf2d1af33000"},
    {"timestamptz_posix_rule_winter", "'2024-12-01 12:00:00+00'::TIMESTAMPTZ", "CET-1CEST,M3.5.0,M10.5.0/3",
     1184, "2024-12-01 13:00:00+01", "0002cb32f0ab9000"},
    {"timestamptz_lord_howe", "'2024-01-01 12:00:00+00'::TIMESTAMPTZ", "Australia/Lord_Howe", 1184,
     "2024-01-01 23:00:00+11", "0002b0dfe3d4f000"},
};

}  // namespace duckwire::encode::pg
