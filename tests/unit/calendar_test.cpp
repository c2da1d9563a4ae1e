// Days since 1970-01-01 to calendar dates and back.

#include "util/calendar.hpp"

#include <gtest/gtest.h>

namespace duckwire {
namespace {

TEST(Calendar, DaysRoundTripThroughCivilDatesForFourCenturiesEachSideOfTheEpoch) {
  for (int64_t day = -146097; day < 146097; ++day) {
    const CivilDate date = civil_from_days(day);
    ASSERT_TRUE(is_valid_date(date)) << day;
    ASSERT_EQ(days_from_civil(date), day);
  }
}

TEST(Calendar, CountsAstronomicalYears) {
  EXPECT_EQ(days_from_civil({1970, 1, 1}), 0);
  EXPECT_EQ(days_from_civil({2020, 2, 29}), 18321);
  EXPECT_EQ(days_from_civil({0, 1, 1}), -719528);
  EXPECT_EQ(days_from_civil({-44, 3, 15}), -735525);
  const CivilDate ides = civil_from_days(-735525);
  EXPECT_EQ(ides.year, -44);
  EXPECT_EQ(ides.month, 3u);
  EXPECT_EQ(ides.day, 15u);
}

TEST(Calendar, KnowsWhichDatesExist) {
  EXPECT_TRUE(is_valid_date({2000, 2, 29}));
  EXPECT_TRUE(is_valid_date({0, 2, 29}));
  EXPECT_TRUE(is_valid_date({2020, 12, 31}));
  EXPECT_FALSE(is_valid_date({1900, 2, 29}));
  EXPECT_FALSE(is_valid_date({2019, 2, 29}));
  EXPECT_FALSE(is_valid_date({2020, 4, 31}));
  EXPECT_FALSE(is_valid_date({2020, 0, 10}));
  EXPECT_FALSE(is_valid_date({2020, 13, 1}));
  EXPECT_FALSE(is_valid_date({2020, 1, 0}));
}

}  // namespace
}  // namespace duckwire
