#include <gtest/gtest.h>

#include "protocols/pgwire/query_plans.hpp"

namespace duckwire::pgwire {
namespace {

TEST(PgQueryPlans, TheFormatOptionDecidesTheFormat) {
  EXPECT_EQ(explain_format("EXPLAIN SELECT 1"), PlanFormat::kText);
  EXPECT_EQ(explain_format("explain analyze select 1"), PlanFormat::kText);
  EXPECT_EQ(explain_format("EXPLAIN (FORMAT JSON) SELECT 1"), PlanFormat::kJson);
  EXPECT_EQ(explain_format("EXPLAIN (ANALYZE, format json) SELECT 1"), PlanFormat::kJson);
  EXPECT_EQ(explain_format("EXPLAIN (FORMAT TEXT) SELECT 1"), PlanFormat::kText);
  EXPECT_EQ(explain_format("EXPLAIN (FORMAT YAML) SELECT 1"), PlanFormat::kOther);
  EXPECT_EQ(explain_format("EXPLAIN (ANALYZE) SELECT f(format, json)"), PlanFormat::kText);
  EXPECT_EQ(explain_format("SELECT 'EXPLAIN'"), std::nullopt);
  EXPECT_EQ(explain_format("EXPLAIN ("), PlanFormat::kText);
}

TEST(PgQueryPlans, PlansAreDescribedAsOneQueryPlanColumn) {
  const auto text = plan_columns(PlanFormat::kText);
  ASSERT_EQ(text.size(), 1u);
  EXPECT_EQ(text[0].name, "QUERY PLAN");
  EXPECT_EQ(text[0].type.id, TypeId::kVarchar);
  EXPECT_EQ(text[0].type.alias, "");
  EXPECT_EQ(plan_columns(PlanFormat::kJson)[0].type.alias, "JSON");
}

}  // namespace
}  // namespace duckwire::pgwire
