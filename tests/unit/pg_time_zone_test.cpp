#include "encode/pg_time_zone.hpp"

#include <gtest/gtest.h>

namespace duckwire::encode::pg {
namespace {

constexpr int64_t kMicros = 1'000'000;

TimeZone zone(std::string_view name) {
  auto found = TimeZone::find(name);
  EXPECT_TRUE(found.ok()) << name;
  return found.ok() ? found.value() : TimeZone::utc();
}

TEST(PgTimeZone, NamesMatchCaseInsensitivelyAndKeepTheirSpelling) {
  EXPECT_EQ(zone("america/new_york").name(), "America/New_York");
  EXPECT_EQ(zone("UTC").name(), "UTC");
  EXPECT_TRUE(zone("utc").is_utc());
  EXPECT_FALSE(zone("Europe/Paris").is_utc());
}

TEST(PgTimeZone, UnknownNamesFailAsPostgresWordsIt) {
  auto missing = TimeZone::find("Mars/Base");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kInvalidParameter);
  EXPECT_EQ(missing.error().message, "invalid value for parameter \"TimeZone\": \"Mars/Base\"");
  EXPECT_FALSE(TimeZone::find("").ok());
  EXPECT_FALSE(TimeZone::find("+99").ok());
}

TEST(PgTimeZone, DaylightSavingAndHistory) {
  const TimeZone new_york = zone("America/New_York");
  EXPECT_EQ(new_york.utc_offset_at(1719835200 * kMicros), -4 * 3600);  // 2024-07-01 12:00 UTC
  EXPECT_EQ(new_york.utc_offset_at(1704110400 * kMicros), -5 * 3600);  // 2024-01-01 12:00 UTC
  EXPECT_EQ(new_york.utc_offset_at(-3786825600 * kMicros), -(4 * 3600 + 56 * 60 + 2));  // 1850: LMT
  // Around the 2024-03-10 07:00 UTC transition, in both directions of travel through the cache.
  EXPECT_EQ(new_york.utc_offset_at(1710054000 * kMicros - 1), -5 * 3600);
  EXPECT_EQ(new_york.utc_offset_at(1710054000 * kMicros), -4 * 3600);
  EXPECT_EQ(new_york.utc_offset_at(1710054000 * kMicros - 1), -5 * 3600);
  const TimeZone copy = new_york;  // a copy answers on its own
  EXPECT_EQ(copy.utc_offset_at(1719835200 * kMicros), -4 * 3600);
}

TEST(PgTimeZone, RulesPastTheLastTransitionComeFromTheFooter) {
  const TimeZone new_york = zone("America/New_York");
  // 2100-03-14 07:00 UTC is the second Sunday of March 2100 at 02:00 EST.
  EXPECT_EQ(new_york.utc_offset_at(4108690800 * kMicros - 1), -5 * 3600);
  EXPECT_EQ(new_york.utc_offset_at(4108690800 * kMicros), -4 * 3600);
  const TimeZone sydney = zone("Australia/Sydney");
  EXPECT_EQ(sydney.utc_offset_at(4102444800 * kMicros), 11 * 3600);  // 2100-01-01: summer
  EXPECT_EQ(sydney.utc_offset_at(4118083200 * kMicros), 10 * 3600);  // 2100-07-01: winter
}

TEST(PgTimeZone, PosixRulesWithDaylightTime) {
  const TimeZone central_europe = zone("CET-1CEST,M3.5.0,M10.5.0/3");
  EXPECT_EQ(central_europe.utc_offset_at(1719835200 * kMicros), 2 * 3600);  // 2024-07-01
  EXPECT_EQ(central_europe.utc_offset_at(1733054400 * kMicros), 1 * 3600);  // 2024-12-01
  // Last Sunday of March 2024 (the 31st) at 01:00 UTC.
  EXPECT_EQ(central_europe.utc_offset_at(1711846800 * kMicros - 1), 1 * 3600);
  EXPECT_EQ(central_europe.utc_offset_at(1711846800 * kMicros), 2 * 3600);
  EXPECT_FALSE(TimeZone::find("CET-1CEST,M13.5.0,M10.5.0").ok());
}

TEST(PgTimeZone, PosixOffsetsAreWestOfGreenwich) {
  EXPECT_EQ(zone("+05:30").utc_offset_at(0), -(5 * 3600 + 30 * 60));
  EXPECT_EQ(zone("UTC+3").utc_offset_at(0), -3 * 3600);
  EXPECT_EQ(zone("<-08>+08").utc_offset_at(0), -8 * 3600);
  EXPECT_EQ(zone("-2").utc_offset_at(0), 2 * 3600);
}

}  // namespace
}  // namespace duckwire::encode::pg
