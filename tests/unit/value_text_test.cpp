#include "encode/value_text.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <functional>
#include <limits>

#include "backend/duckdb/duckdb_backend.hpp"
#include "util/base64.hpp"

namespace duckwire::encode {
namespace {

template <class F>
std::string text_of(F&& append) {
  std::string out;
  append(out);
  return out;
}

std::string date_text(int32_t days) {
  return text_of([&](std::string& out) { append_date(out, days); });
}
std::string date_iso(int32_t days) {
  return text_of([&](std::string& out) { append_date_iso(out, days); });
}
std::string time_text(int64_t value, TimePrecision unit) {
  return text_of([&](std::string& out) { append_time(out, value, unit); });
}
std::string timestamp_text(int64_t value, TimePrecision unit) {
  return text_of([&](std::string& out) { append_timestamp(out, value, unit); });
}
std::string rfc3339(int64_t value, TimePrecision unit) {
  return text_of([&](std::string& out) { append_timestamp_rfc3339(out, value, unit); });
}
std::string iso_duration(int32_t months, int32_t days, int64_t micros) {
  return text_of([&](std::string& out) { append_interval_iso8601(out, Interval{months, days, micros}); });
}
std::string postgres_interval(int32_t months, int32_t days, int64_t micros) {
  return text_of([&](std::string& out) { append_interval_postgres(out, Interval{months, days, micros}); });
}
std::string duckdb_interval(int32_t months, int32_t days, int64_t micros) {
  return text_of([&](std::string& out) { append_interval_duckdb(out, Interval{months, days, micros}); });
}
template <class T>
std::string decimal_text(T value, uint8_t scale) {
  return text_of([&](std::string& out) { append_decimal(out, value, scale); });
}
std::string base64(std::string_view bytes) {
  return text_of([&](std::string& out) { append_base64(out, bytes); });
}
std::string json(std::string_view text) {
  return text_of([&](std::string& out) { append_json_string(out, text); });
}

constexpr int128_t kInt128Max = static_cast<int128_t>(~uint128_t{0} >> 1);
constexpr int128_t kInt128Min = -kInt128Max - 1;

TEST(ValueText, DatesAsDuckdbPrintsThem) {
  EXPECT_EQ(date_text(0), "1970-01-01");
  EXPECT_EQ(date_text(11323), "2001-01-01");
  EXPECT_EQ(date_text(-1), "1969-12-31");
  EXPECT_EQ(date_text(-719162), "0001-01-01");
  EXPECT_EQ(date_text(-719163), "0001-12-31 (BC)");
  EXPECT_EQ(date_text(-735525), "0045-03-15 (BC)");
  EXPECT_EQ(date_text(11016), "2000-02-29");
  EXPECT_EQ(date_text(2932896), "9999-12-31");
  EXPECT_EQ(date_text(2932897), "10000-01-01");
  EXPECT_EQ(date_text(2147483646), "5881580-07-10");
  EXPECT_EQ(date_text(-2147483646), "5877642-06-25 (BC)");
  EXPECT_EQ(date_text(kDateInfinity), "infinity");
  EXPECT_EQ(date_text(kDateNegativeInfinity), "-infinity");
  EXPECT_EQ(date_text(INT32_MIN), "-infinity");
}

TEST(ValueText, DatesInIsoUseAstronomicalYears) {
  EXPECT_EQ(date_iso(11323), "2001-01-01");
  EXPECT_EQ(date_iso(-719163), "0000-12-31");
  EXPECT_EQ(date_iso(-735525), "-0044-03-15");
  EXPECT_EQ(date_iso(2932897), "10000-01-01");
  EXPECT_EQ(date_iso(kDateInfinity), "infinity");
}

TEST(ValueText, CivilDateRoundTripsEveryDayOfFourCenturies) {
  CivilDate previous = civil_from_days(-146097 - 1);
  for (int64_t day = -146097; day < 146097; ++day) {
    const CivilDate date = civil_from_days(day);
    const bool next_day_same_month =
        date.year == previous.year && date.month == previous.month && date.day == previous.day + 1;
    const bool first_of_month = date.day == 1 && (date.month == previous.month % 12 + 1);
    ASSERT_TRUE(next_day_same_month || first_of_month) << day;
    previous = date;
  }
}

TEST(ValueText, TimesTrimTrailingZeros) {
  EXPECT_EQ(time_text(0, TimePrecision::kMicro), "00:00:00");
  EXPECT_EQ(time_text(53019970062, TimePrecision::kMicro), "14:43:39.970062");
  EXPECT_EQ(time_text(53019970000, TimePrecision::kMicro), "14:43:39.97");
  EXPECT_EQ(time_text(1, TimePrecision::kMicro), "00:00:00.000001");
  EXPECT_EQ(time_text(86400000000, TimePrecision::kMicro), "24:00:00");
  EXPECT_EQ(time_text(86399999999999, TimePrecision::kNano), "23:59:59.999999999");
  EXPECT_EQ(time_text(53019100000000, TimePrecision::kNano), "14:43:39.1");
  EXPECT_EQ(time_text(3723, TimePrecision::kSecond), "01:02:03");
  EXPECT_EQ(time_text(3723004, TimePrecision::kMilli), "01:02:03.004");
}

TEST(ValueText, TimestampsAsDuckdbPrintsThem) {
  EXPECT_EQ(timestamp_text(1684248219970062, TimePrecision::kMicro), "2023-05-16 14:43:39.970062");
  EXPECT_EQ(timestamp_text(1684248219970, TimePrecision::kMilli), "2023-05-16 14:43:39.97");
  EXPECT_EQ(timestamp_text(1684248219, TimePrecision::kSecond), "2023-05-16 14:43:39");
  EXPECT_EQ(timestamp_text(1684248219970062123, TimePrecision::kNano), "2023-05-16 14:43:39.970062123");
  EXPECT_EQ(timestamp_text(-500000, TimePrecision::kMicro), "1969-12-31 23:59:59.5");
  EXPECT_EQ(timestamp_text(-62135596801000000, TimePrecision::kMicro), "0001-12-31 (BC) 23:59:59");
  EXPECT_EQ(timestamp_text(9223372036854775806, TimePrecision::kMicro), "294247-01-10 04:00:54.775806");
  EXPECT_EQ(timestamp_text(kTimestampInfinity, TimePrecision::kMicro), "infinity");
  EXPECT_EQ(timestamp_text(kTimestampNegativeInfinity, TimePrecision::kNano), "-infinity");
  EXPECT_EQ(timestamp_text(kTimestampInfinity, TimePrecision::kSecond), "infinity");
  std::string with_offset;
  append_timestamp_utc_offset(with_offset, 1684248219970062, TimePrecision::kMicro);
  EXPECT_EQ(with_offset, "2023-05-16 14:43:39.970062+00");
}

TEST(ValueText, TimestampsInRfc3339) {
  EXPECT_EQ(rfc3339(1684248219970062, TimePrecision::kMicro), "2023-05-16T14:43:39.970062Z");
  EXPECT_EQ(rfc3339(0, TimePrecision::kSecond), "1970-01-01T00:00:00Z");
  EXPECT_EQ(rfc3339(1684248219970062123, TimePrecision::kNano), "2023-05-16T14:43:39.970062123Z");
  EXPECT_EQ(rfc3339(-62135596801000, TimePrecision::kMilli), "0000-12-31T23:59:59Z");
  EXPECT_EQ(rfc3339(kTimestampNegativeInfinity, TimePrecision::kMicro), "-infinity");
}

TEST(ValueText, IntervalsInIso8601) {
  EXPECT_EQ(iso_duration(0, 0, 0), "PT0S");
  EXPECT_EQ(iso_duration(14, 3, 14706000000), "P1Y2M3DT4H5M6S");
  EXPECT_EQ(iso_duration(0, 0, 45005000000), "PT12H30M5S");
  EXPECT_EQ(iso_duration(0, 0, 1500000), "PT1.5S");
  EXPECT_EQ(iso_duration(0, 0, 3600000000), "PT1H");
  EXPECT_EQ(iso_duration(0, -1, -500000), "-P1DT0.5S");
  EXPECT_EQ(iso_duration(-12, 0, 0), "-P1Y");
  EXPECT_EQ(iso_duration(1, -3, 0), "P1M-3D");
  EXPECT_EQ(iso_duration(0, 1, -3600000000), "P1DT-1H");
  EXPECT_EQ(iso_duration(0, 0, 1), "PT0.000001S");
}

TEST(ValueText, IntervalsInPostgresStyle) {
  EXPECT_EQ(postgres_interval(14, 3, 14706000000), "1 year 2 mons 3 days 04:05:06");
  EXPECT_EQ(postgres_interval(0, 0, 0), "00:00:00");
  EXPECT_EQ(postgres_interval(0, -1, 10800000000), "-1 days +03:00:00");
  EXPECT_EQ(postgres_interval(0, 1, 0), "1 day");
  EXPECT_EQ(postgres_interval(-14, 0, 0), "-1 years -2 mons");
  EXPECT_EQ(postgres_interval(-1, 5, -1500000), "-1 mons +5 days -00:00:01.5");
  EXPECT_EQ(postgres_interval(0, 0, 360000000000), "100:00:00");
}

TEST(ValueText, IntervalsAsDuckdbPrintsThem) {
  EXPECT_EQ(duckdb_interval(14, 3, 14706000000), "1 year 2 months 3 days 04:05:06");
  EXPECT_EQ(duckdb_interval(0, -1, 10800000000), "-1 day 03:00:00");
  EXPECT_EQ(duckdb_interval(-14, 0, 3000000), "-1 year -2 months 00:00:03");
  EXPECT_EQ(duckdb_interval(0, 0, 1500000), "00:00:01.5");
  EXPECT_EQ(duckdb_interval(0, 0, -500000), "-00:00:00.5");
  EXPECT_EQ(duckdb_interval(0, 0, 0), "00:00:00");
  EXPECT_EQ(duckdb_interval(0, 2, 0), "2 days");
  EXPECT_EQ(duckdb_interval(-12, 0, 0), "-1 year");
  EXPECT_EQ(duckdb_interval(13, 0, 0), "1 year 1 month");
  EXPECT_EQ(duckdb_interval(0, 0, -90000000000), "-25:00:00");
}

TEST(ValueText, Decimals) {
  EXPECT_EQ(decimal_text(int16_t{15}, 1), "1.5");
  EXPECT_EQ(decimal_text(int16_t{-9999}, 1), "-999.9");
  EXPECT_EQ(decimal_text(int32_t{1250}, 2), "12.50");
  EXPECT_EQ(decimal_text(int32_t{-5}, 2), "-0.05");
  EXPECT_EQ(decimal_text(int32_t{0}, 2), "0.00");
  EXPECT_EQ(decimal_text(int64_t{-123456789012345678}, 3), "-123456789012345.678");
  EXPECT_EQ(decimal_text(int64_t{42}, 0), "42");
  EXPECT_EQ(decimal_text(INT64_MIN, 18), "-9.223372036854775808");
  EXPECT_EQ(decimal_text(int128_t{-1}, 38), "-0.00000000000000000000000000000000000001");
  const int128_t big = int128_t{1234567890123456789} * 10'000'000'000'000'000'000ULL + 123456789;
  EXPECT_EQ(decimal_text(-big, 10), "-1234567890123456789000000000.0123456789");
}

TEST(ValueText, WideIntegers) {
  std::string out;
  append_int128(out, kInt128Max);
  EXPECT_EQ(out, "170141183460469231731687303715884105727");
  out.clear();
  append_int128(out, kInt128Min);
  EXPECT_EQ(out, "-170141183460469231731687303715884105728");
  out.clear();
  append_int128(out, 0);
  EXPECT_EQ(out, "0");
  out.clear();
  append_uint128(out, ~uint128_t{0});
  EXPECT_EQ(out, "340282366920938463463374607431768211455");
  out.clear();
  append_uint128(out, uint128_t{10'000'000'000'000'000'000ULL});
  EXPECT_EQ(out, "10000000000000000000");
}

TEST(ValueText, Base64) {
  EXPECT_EQ(base64(""), "");
  EXPECT_EQ(base64("f"), "Zg==");
  EXPECT_EQ(base64("fo"), "Zm8=");
  EXPECT_EQ(base64("foo"), "Zm9v");
  EXPECT_EQ(base64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64(std::string_view("\x00\xff\xfe", 3)), "AP/+");
}

TEST(ValueText, UuidBitAndBignum) {
  const uint8_t uuid[16] = {0x55, 0x0e, 0x84, 0x00, 0xe2, 0x9b, 0x41, 0xd4,
                            0xa7, 0x16, 0x44, 0x66, 0x55, 0x44, 0x00, 0x00};
  EXPECT_EQ(text_of([&](std::string& out) { append_uuid(out, uuid); }),
            "550e8400-e29b-41d4-a716-446655440000");
  // Storage bytes as DuckDB v1.5.6 exports them.
  auto bits = [](std::string_view storage) {
    return text_of([&](std::string& out) { append_bit_string(out, storage); });
  };
  EXPECT_EQ(bits(std::string_view("\x04\xfa", 2)), "1010");
  EXPECT_EQ(bits(std::string_view("\x07\xff\xe1", 3)), "111100001");
  auto bignum = [](std::string_view storage) {
    return text_of([&](std::string& out) { append_bignum(out, storage); });
  };
  EXPECT_EQ(bignum(std::string_view("\x80\x00\x01\x01", 4)), "1");
  EXPECT_EQ(bignum(std::string_view("\x7f\xff\xfe\xfe", 4)), "-1");
  EXPECT_EQ(bignum(std::string_view("\x7f\xff\xfd\xfe\xff", 5)), "-256");
  EXPECT_EQ(bignum(std::string_view("\x80\x00\x01\x00", 4)), "0");
  EXPECT_EQ(bignum(std::string_view("\x80\x00\x0a\x02\x9d\x42\xb6\x4e\x76\x71\x42\x44\xcb", 13)),
            "12345678901234567890123");
}

TEST(ValueText, FloatsAsDuckdbPrintsThem) {
  auto double_text = [](double value) {
    return text_of([&](std::string& out) { append_double_duckdb(out, value); });
  };
  auto float_text = [](float value) {
    return text_of([&](std::string& out) { append_float_duckdb(out, value); });
  };
  EXPECT_EQ(double_text(100.0), "100.0");
  EXPECT_EQ(double_text(1.5), "1.5");
  EXPECT_EQ(double_text(1e15), "1000000000000000.0");
  EXPECT_EQ(double_text(1e16), "1e+16");
  EXPECT_EQ(double_text(1.5e16), "1.5e+16");
  EXPECT_EQ(double_text(0.0001), "0.0001");
  EXPECT_EQ(double_text(0.00001), "1e-05");
  EXPECT_EQ(double_text(-0.0), "-0.0");
  EXPECT_EQ(double_text(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(double_text(-std::numeric_limits<double>::infinity()), "-inf");
  EXPECT_EQ(double_text(std::nan("")), "nan");
  EXPECT_EQ(double_text(-std::nan("")), "-nan");
  EXPECT_EQ(float_text(0.1f), "0.1");
  EXPECT_EQ(float_text(3.4e38f), "3.4e+38");
  EXPECT_EQ(float_text(16777216.0f), "16777216.0");
}

TEST(ValueText, ShortestDigitsLaidOut) {
  auto laid_out = [](std::string_view scientific, int fixed_below) {
    return text_of([&](std::string& out) { append_shortest_digits(out, scientific, fixed_below); });
  };
  EXPECT_EQ(laid_out("1.2345e+02", 16), "123.45");
  EXPECT_EQ(laid_out("-1.2345e-05", 16), "-1.2345e-05");
  EXPECT_EQ(laid_out("-1.2345e-04", 16), "-0.00012345");
  EXPECT_EQ(laid_out("1e+03", 16), "1000");
  EXPECT_EQ(laid_out("1e+15", 15), "1e+15");
}

TEST(ValueText, BlobsAsDuckdbPrintsThem) {
  auto blob = [](std::string_view bytes) {
    return text_of([&](std::string& out) { append_blob_duckdb(out, bytes); });
  };
  EXPECT_EQ(blob(std::string_view("\x00\xff"
                                  "ab\\'\"z ~\x7f",
                                  11)),
            R"(\x00\xFFab\x5C\x27\x22z ~\x7F)");
  EXPECT_EQ(blob(""), "");
}

TEST(ValueText, JsonStringEscaping) {
  EXPECT_EQ(json(""), R"("")");
  EXPECT_EQ(json("plain text that is long enough"), R"("plain text that is long enough")");
  EXPECT_EQ(json("say \"hi\"\\"), R"("say \"hi\"\\")");
  EXPECT_EQ(json("a\nb\rc\td\be\ff"), R"("a\nb\rc\td\be\ff")");
  EXPECT_EQ(json(std::string_view("\x00\x01\x1f\x7f", 4)), "\"\\u0000\\u0001\\u001f\x7f\"");
  EXPECT_EQ(json("héllo wörld ✓ 😀 /"), "\"héllo wörld ✓ 😀 /\"");
}

TEST(ValueText, JsonStringsReplaceInvalidUtf8) {
  EXPECT_EQ(json("a\xff"
                 "b"),
            "\"a\xEF\xBF\xBD"
            "b\"");
  EXPECT_EQ(json("\xc3"), "\"\xEF\xBF\xBD\"");                  // truncated 2-byte sequence
  EXPECT_EQ(json("\xe2\x9c"), "\"\xEF\xBF\xBD\"");              // truncated 3-byte: one replacement
  EXPECT_EQ(json("\xc0\xaf"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");  // overlong: two
  EXPECT_EQ(json("\xed\xa0\x80"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");  // surrogate
  EXPECT_EQ(json("\xf4\x90\x80\x80"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
  EXPECT_EQ(json("12345678\xff"
                 "12345678"),
            "\"12345678\xEF\xBF\xBD"
            "12345678\"");
  // Every byte value alone: never crashes, always one quoted token.
  for (int byte = 0; byte < 256; ++byte) {
    const char c = static_cast<char>(byte);
    const std::string out = json(std::string_view(&c, 1));
    EXPECT_EQ(out.front(), '"');
    EXPECT_EQ(out.back(), '"');
  }
}

// Checks a formatter against DuckDB's own CAST(x AS VARCHAR) for every row of `sql`, whose first
// column holds the raw value and second its VARCHAR text. Returns the number of rows compared.
class ValueTextVsDuckdb : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<std::string> warnings;
    backend_ = open_duckdb_backend(BackendOptions{}, warnings).value();
    session_ = backend_->connect().value();
  }

  static std::string_view string_at(const ArrowArray& column, int64_t row) {
    const auto* offsets = static_cast<const int32_t*>(column.buffers[1]);
    const auto* data = static_cast<const char*>(column.buffers[2]);
    const int64_t index = column.offset + row;
    return {data + offsets[index], static_cast<size_t>(offsets[index + 1] - offsets[index])};
  }

  template <class T>
  static T value_at(const ArrowArray& column, int64_t row) {
    T value;
    std::memcpy(&value, static_cast<const char*>(column.buffers[1]) + (column.offset + row) * sizeof(T),
                sizeof(T));
    return value;
  }

  int64_t compare(const std::string& sql,
                  const std::function<void(const ArrowArray&, int64_t, std::string&)>& format) {
    return compare_or(sql, format, [](const ArrowArray&, int64_t, std::string_view) { return false; });
  }

  // The same, where a row whose text differs from DuckDB's passes when `accepted` says so.
  int64_t compare_or(const std::string& sql,
                     const std::function<void(const ArrowArray&, int64_t, std::string&)>& format,
                     const std::function<bool(const ArrowArray&, int64_t, std::string_view)>& accepted) {
    auto stream = session_->execute(sql);
    EXPECT_TRUE(stream.ok()) << sql << ": " << (stream.ok() ? "" : stream.error().message);
    if (!stream.ok()) return 0;
    int64_t compared = 0;
    while (true) {
      auto chunk = stream.value()->next();
      EXPECT_TRUE(chunk.ok());
      if (!chunk.ok() || !chunk.value()) break;
      const ArrowArray& array = *chunk.value()->array.get();
      for (int64_t row = 0; row < array.length; ++row) {
        std::string ours;
        format(*array.children[0], row, ours);
        const std::string_view theirs = string_at(*array.children[1], row);
        if (ours != theirs && !accepted(*array.children[0], row, theirs)) {
          ADD_FAILURE() << sql << " row " << compared << ": " << ours << " instead of " << theirs;
        }
        ++compared;
      }
    }
    return compared;
  }

  std::unique_ptr<Backend> backend_;
  std::unique_ptr<Session> session_;
};

TEST_F(ValueTextVsDuckdb, Dates) {
  const int64_t rows = compare(
      "SELECT d, d::VARCHAR FROM (SELECT DATE '1970-01-01' + i::INTEGER AS d FROM "
      "(SELECT range AS i FROM range(-2147483646, 2147483646, 1999993) UNION ALL "
      " SELECT range FROM range(-720000, -718000) UNION ALL SELECT range FROM range(-2000, 2000)) "
      "UNION ALL SELECT DATE 'infinity' UNION ALL SELECT DATE '-infinity')",
      [](const ArrowArray& column, int64_t row, std::string& out) {
        append_date(out, value_at<int32_t>(column, row));
      });
  EXPECT_EQ(rows, 2148 + 2000 + 4000 + 2);
}

TEST_F(ValueTextVsDuckdb, TimestampsInEveryUnit) {
  const std::string values =
      "(SELECT make_timestamp(i * 92233720368547 + i % 1000003) AS t FROM range(-99999, 100000, 7) r(i) "
      "UNION ALL SELECT TIMESTAMP 'infinity' UNION ALL SELECT TIMESTAMP '-infinity')";
  const struct {
    const char* type;
    TimePrecision unit;
  } units[] = {{"TIMESTAMP_S", TimePrecision::kSecond},
               {"TIMESTAMP_MS", TimePrecision::kMilli},
               {"TIMESTAMP", TimePrecision::kMicro}};
  for (const auto& [type, unit] : units) {
    const int64_t rows = compare("SELECT t::" + std::string(type) + " AS v, v::VARCHAR FROM " + values,
                                 [unit](const ArrowArray& column, int64_t row, std::string& out) {
                                   append_timestamp(out, value_at<int64_t>(column, row), unit);
                                 });
    EXPECT_EQ(rows, 28572 + 2) << type;
  }
  const int64_t ns_rows = compare(
      "SELECT make_timestamp_ns(i * 92233720368547 + i % 1000000007) AS v, v::VARCHAR "
      "FROM range(-99999, 100000, 7) r(i)",
      [](const ArrowArray& column, int64_t row, std::string& out) {
        append_timestamp(out, value_at<int64_t>(column, row), TimePrecision::kNano);
      });
  EXPECT_EQ(ns_rows, 28572);
}

TEST_F(ValueTextVsDuckdb, TimestampsInRfc3339MatchDuckdbUtcText) {
  const int64_t rows = compare(
      "SELECT t, strftime(t, '%Y-%m-%dT%H:%M:%S') || rtrim(rtrim(strftime(t, '.%f'), '0'), '.') || 'Z' "
      "FROM (SELECT make_timestamp(i * 2534023007 + i % 999983) AS t FROM range(0, 100000, 3) r(i))",
      [](const ArrowArray& column, int64_t row, std::string& out) {
        append_timestamp_rfc3339(out, value_at<int64_t>(column, row), TimePrecision::kMicro);
      });
  EXPECT_EQ(rows, 33334);
}

TEST_F(ValueTextVsDuckdb, Times) {
  const int64_t rows = compare(
      "SELECT t, t::VARCHAR FROM (SELECT make_timestamp(i * 86399999 + i % 1000)::TIME AS t "
      "FROM range(0, 1000000, 97) r(i) UNION ALL SELECT TIME '24:00:00')",
      [](const ArrowArray& column, int64_t row, std::string& out) {
        append_time(out, value_at<int64_t>(column, row), TimePrecision::kMicro);
      });
  EXPECT_EQ(rows, 10310 + 1);
}

TEST_F(ValueTextVsDuckdb, Intervals) {
  // Arrow carries intervals as (int32 months, int32 days, int64 nanoseconds).
  const int64_t rows = compare(
      "SELECT v, v::VARCHAR FROM (SELECT to_months((i % 1000) - 500) + to_days((i * 7) % 800 - 400) + "
      "to_microseconds(i * 123456789 * (CASE WHEN i % 3 = 0 THEN -1 ELSE 1 END)) AS v "
      "FROM range(0, 30000) r(i) UNION ALL SELECT INTERVAL 0 SECOND)",
      [](const ArrowArray& column, int64_t row, std::string& out) {
        const auto* base = static_cast<const char*>(column.buffers[1]) + (column.offset + row) * 16;
        Interval interval;
        int64_t nanos;
        std::memcpy(&interval.months, base, 4);
        std::memcpy(&interval.days, base + 4, 4);
        std::memcpy(&nanos, base + 8, 8);
        interval.micros = nanos / 1000;
        append_interval_duckdb(out, interval);
      });
  EXPECT_EQ(rows, 30001);
}

TEST_F(ValueTextVsDuckdb, DecimalsOfEveryWidth) {
  const struct {
    const char* type;
    uint8_t scale;
    double magnitude;
  } decimals[] = {{"DECIMAL(4,1)", 1, 999},
                  {"DECIMAL(9,2)", 2, 9.9e6},
                  {"DECIMAL(18,3)", 3, 9.9e14},
                  {"DECIMAL(38,10)", 10, 9.9e27}};
  for (const auto& [type, scale, magnitude] : decimals) {
    const int64_t rows =
        compare("SELECT ((i - 5000) * " + std::to_string(magnitude) + " / 5000.0 / (1 + i % 7))::" + type +
                    " AS v, v::VARCHAR FROM range(0, 10001) r(i)",
                [scale](const ArrowArray& column, int64_t row, std::string& out) {
                  append_decimal(out, value_at<int128_t>(column, row), scale);
                });
    EXPECT_EQ(rows, 10001) << type;
  }
}

TEST_F(ValueTextVsDuckdb, HugeAndUnsignedHugeIntegers) {
  const int64_t signed_rows = compare(
      "SELECT v, v::VARCHAR FROM (SELECT (i - 500)::HUGEINT * 170141183460469231731687303715884105::HUGEINT "
      "+ i AS v FROM range(0, 1001) r(i) UNION ALL SELECT 170141183460469231731687303715884105727::HUGEINT "
      "UNION ALL SELECT -170141183460469231731687303715884105727::HUGEINT - 1)",
      [](const ArrowArray& column, int64_t row, std::string& out) {
        append_int128(out, value_at<int128_t>(column, row));
      });
  EXPECT_EQ(signed_rows, 1003);
  const int64_t unsigned_rows = compare(
      "SELECT v, v::VARCHAR FROM (SELECT (1::UHUGEINT << (i % 128)::UHUGEINT) - 1 + i::UHUGEINT * 7 AS v "
      "FROM range(0, 1001) r(i) UNION ALL SELECT 340282366920938463463374607431768211455::UHUGEINT)",
      [](const ArrowArray& column, int64_t row, std::string& out) {
        append_uint128(out, value_at<uint128_t>(column, row));
      });
  EXPECT_EQ(unsigned_rows, 1002);
}

TEST_F(ValueTextVsDuckdb, Base64OfBlobs) {
  const int64_t rows = compare(
      "SELECT b, to_base64(b) FROM (SELECT unhex(substr(md5(i::VARCHAR) || md5((i + 1)::VARCHAR), 1, "
      "2 * (i % 40))) AS b FROM range(0, 400) r(i))",
      [](const ArrowArray& column, int64_t row, std::string& out) {
        append_base64(out, string_at(column, row));
      });
  EXPECT_EQ(rows, 400);
}

TEST_F(ValueTextVsDuckdb, BitStrings) {
  const int64_t rows = compare(
      "SELECT b, b::VARCHAR FROM (SELECT (bin(i) || repeat('0', i % 13))::BIT AS b FROM range(0, 2000) r(i))",
      [](const ArrowArray& column, int64_t row, std::string& out) {
        append_bit_string(out, string_at(column, row));
      });
  EXPECT_EQ(rows, 2000);
}

TEST_F(ValueTextVsDuckdb, DoublesAndFloats) {
  const std::string values =
      "(SELECT (i * 1.37e-3) ** (i % 37 - 18) * (1 - 2 * (i % 2)) AS d FROM range(1, 20000) r(i) "
      "UNION ALL SELECT 10.0 ** range FROM range(-20, 21) UNION ALL SELECT 'nan'::DOUBLE "
      "UNION ALL SELECT 'inf'::DOUBLE UNION ALL SELECT '-inf'::DOUBLE UNION ALL SELECT '-0'::DOUBLE "
      "UNION ALL SELECT 5e-324 UNION ALL SELECT 1.7976931348623157e308)";
  EXPECT_EQ(compare("SELECT d, d::VARCHAR FROM " + values,
                    [](const ArrowArray& column, int64_t row, std::string& out) {
                      append_double_duckdb(out, value_at<double>(column, row));
                    }),
            19999 + 41 + 6);
  // DuckDB formats a FLOAT with {fmt} 6, whose Grisu search for the shortest digits gives up on some
  // values (about 2% here) and then prints the shortest digits of the value as a DOUBLE: "151112.125"
  // where the shortest FLOAT text is "151112.12". Both read back as the same FLOAT; this prints the
  // shortest always.
  int64_t longer_in_duckdb = 0;
  const int64_t floats = compare_or(
      "SELECT f, f::VARCHAR FROM (SELECT d::FLOAT AS f FROM " + values + " WHERE NOT abs(d) > 3e38)",
      [](const ArrowArray& column, int64_t row, std::string& out) {
        append_float_duckdb(out, value_at<float>(column, row));
      },
      [&](const ArrowArray& column, int64_t row, std::string_view duckdb) {
        std::string as_double;
        append_double_duckdb(as_double, value_at<float>(column, row));
        longer_in_duckdb += as_double == duckdb;
        return as_double == duckdb;
      });
  EXPECT_LT(longer_in_duckdb * 20, floats);
  EXPECT_GT(floats, 15000);
}

TEST_F(ValueTextVsDuckdb, Blobs) {
  const int64_t rows = compare(
      "SELECT b, b::VARCHAR FROM (SELECT unhex(lpad(to_hex(i), 2, '0') || lpad(to_hex(255 - i), 2, '0')) AS "
      "b "
      "FROM range(0, 256) r(i))",
      [](const ArrowArray& column, int64_t row, std::string& out) {
        append_blob_duckdb(out, string_at(column, row));
      });
  EXPECT_EQ(rows, 256);
}

TEST_F(ValueTextVsDuckdb, Bignums) {
  const int64_t rows = compare(
      "SELECT v, v::VARCHAR FROM (SELECT ((CASE WHEN i % 2 = 0 THEN '-' ELSE '' END) || "
      "(i % 9 + 1)::VARCHAR || repeat((i % 10)::VARCHAR, i))::BIGNUM AS v FROM range(0, 300) r(i) "
      "UNION ALL SELECT 0::BIGNUM)",
      [](const ArrowArray& column, int64_t row, std::string& out) {
        append_bignum(out, string_at(column, row));
      });
  EXPECT_EQ(rows, 301);
}

}  // namespace
}  // namespace duckwire::encode
