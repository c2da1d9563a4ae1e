// PostgreSQL parameter typing: explicit casts read from the statement text, casts written into the
// DuckDB text, and the types DuckDB binds a statement's untyped parameters with.

#include <gtest/gtest.h>

#include "backend/duckdb/duckdb_backend.hpp"
#include "encode/pg_types.hpp"
#include "protocols/pgwire/parameter_casts.hpp"
#include "protocols/pgwire/parameter_typing.hpp"

namespace duckwire::pgwire {
namespace {

namespace oid = encode::pg::oid;

TEST(ParameterCasts, ReadsTheTypeOfEachExplicitCast) {
  const ParameterCasts casts =
      parameter_casts("SELECT $1::int4, $2::pg_catalog.\"int8\", $3::oid[], $4 , $5::character varying(3)");
  EXPECT_EQ(casts.oids, (std::vector<uint32_t>{oid::kInt4, oid::kInt8, 1028, 0, oid::kVarchar}));
  EXPECT_EQ(casts.text, "SELECT $1::int4, $2::pg_catalog.\"int8\", $3::oid[], $4 , $5::character varying(3)");
}

TEST(ParameterCasts, TakesBareNumericCastsOffParameters) {
  const ParameterCasts casts = parameter_casts("SELECT $1::numeric, $2::NUMERIC(10,2), $3::decimal + 1");
  EXPECT_EQ(casts.oids, (std::vector<uint32_t>{oid::kNumeric, oid::kNumeric, oid::kNumeric}));
  EXPECT_EQ(casts.numeric, (std::vector<bool>{true, false, true}));
  EXPECT_EQ(casts.text, "SELECT $1, $2::NUMERIC(10,2), $3 + 1");
}

TEST(ParameterCasts, LeavesStringsAndCommentsAlone) {
  const ParameterCasts casts = parameter_casts("SELECT '$1::numeric' -- $2::int4\n, $2");
  EXPECT_EQ(casts.oids, (std::vector<uint32_t>{0, 0}));
  EXPECT_EQ(casts.text, "SELECT '$1::numeric' -- $2::int4\n, $2");
}

TEST(ParameterCasts, NamesTypesAsPostgresSpellsThem) {
  EXPECT_EQ(type_oid_named("integer"), oid::kInt4);
  EXPECT_EQ(type_oid_named("double precision"), oid::kFloat8);
  EXPECT_EQ(type_oid_named("timestamp with time zone"), oid::kTimestampTz);
  EXPECT_EQ(type_oid_named("timestamp(3) without time zone"), oid::kTimestamp);
  EXPECT_EQ(type_oid_named("char(2)"), oid::kBpchar);
  EXPECT_EQ(type_oid_named("\"char\""), oid::kChar);
  EXPECT_EQ(type_oid_named("text[]"), 1009u);
  EXPECT_EQ(type_oid_named("no_such_type"), 0u);
}

TEST(ParameterCasts, WritesCastsAroundParameters) {
  EXPECT_EQ(with_parameter_casts("SELECT $1 + $2, $1", {"INTEGER", ""}),
            "SELECT CAST($1 AS INTEGER) + $2, CAST($1 AS INTEGER)");
  EXPECT_EQ(with_parameter_casts("SELECT * FROM range($1)", {"BIGINT"}, true),
            "SELECT * FROM range(CAST(NULL AS BIGINT))");
  EXPECT_EQ(duckdb_parameter_type(1007), "INTEGER[]");
  EXPECT_EQ(duckdb_parameter_type(oid::kNumeric), std::nullopt);
}

TEST(ParameterCasts, FindsSeriesArguments) {
  EXPECT_TRUE(is_series_argument("SELECT g FROM generate_series(1, $1) AS g", 1));
  EXPECT_TRUE(is_series_argument("SELECT * FROM range(0, $2 + 1), t WHERE $1", 2));
  EXPECT_FALSE(is_series_argument("SELECT * FROM range(0, $2 + 1), t WHERE $1", 1));
}

class ParameterTyping : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<std::string> warnings;
    auto backend = open_duckdb_backend(BackendOptions{}, warnings);
    ASSERT_TRUE(backend.ok());
    backend_ = std::move(backend).value();
    auto session = backend_->connect();
    ASSERT_TRUE(session.ok());
    session_ = std::move(session).value();
    ASSERT_TRUE(session_->execute("CREATE TABLE accounts (aid INTEGER, abalance INTEGER, note VARCHAR)").ok());
  }

  TypedStatement typed(std::string_view sql, std::vector<uint32_t> declared = {}) {
    const ParameterCasts casts = parameter_casts(sql);
    auto result = prepare_typed(*session_, casts.text, casts, declared);
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
    return std::move(result).value();
  }

  std::unique_ptr<Backend> backend_;
  std::unique_ptr<Session> session_;
};

TEST_F(ParameterTyping, AnOperandTakesTheTypeTheOperatorBindsWith) {
  TypedStatement statement = typed("UPDATE accounts SET abalance = abalance + $1 WHERE aid = $2");
  EXPECT_EQ(statement.parameter_types, (std::vector<uint32_t>{oid::kInt4, oid::kInt4}));
  Parameters parameters;
  parameters.positional = {Value{int64_t{5}}, Value{int64_t{1}}};
  EXPECT_TRUE(session_->execute(*statement.prepared, parameters).ok());
}

TEST_F(ParameterTyping, AParameterWithoutContextIsText) {
  TypedStatement statement = typed("SELECT $1, $2 + 1");
  EXPECT_EQ(statement.parameter_types, (std::vector<uint32_t>{oid::kText, oid::kInt4}));
  ASSERT_EQ(statement.columns.size(), 2u);
  EXPECT_EQ(statement.columns[0].type.id, TypeId::kVarchar);
}

TEST_F(ParameterTyping, DeclaredAndCastTypesComeFirst) {
  TypedStatement statement = typed("SELECT $1 AS flag, $2::oid[] AS oids", {oid::kBool});
  EXPECT_EQ(statement.parameter_types, (std::vector<uint32_t>{oid::kBool, 1028}));
  ASSERT_EQ(statement.columns.size(), 2u);
  EXPECT_EQ(statement.columns[0].type.id, TypeId::kBoolean);
}

TEST_F(ParameterTyping, SeriesBoundsAreIntegersAndDescribeTheirColumns) {
  TypedStatement statement = typed("SELECT g FROM generate_series(1, $1) AS t(g)");
  EXPECT_EQ(statement.parameter_types, (std::vector<uint32_t>{oid::kInt4}));
  ASSERT_EQ(statement.columns.size(), 1u);
  EXPECT_EQ(statement.columns[0].name, "g");
}

TEST_F(ParameterTyping, NumericParametersKeepEveryDigit) {
  TypedStatement statement = typed("SELECT $1::numeric AS n");
  EXPECT_EQ(statement.parameter_types, (std::vector<uint32_t>{oid::kNumeric}));
  ASSERT_EQ(statement.columns.size(), 1u);
  EXPECT_EQ(statement.columns[0].type.id, TypeId::kDecimal);
  Parameters parameters;
  // 12345678901234567890.123456789
  parameters.positional = {Value{DecimalValue{38, 9, 669260594, 5097733592125636885ull}}};
  auto rows = session_->execute(*statement.prepared, parameters);
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  EXPECT_EQ(rows.value()->schema().columns[0].type.decimal_scale, 9);
}

TEST_F(ParameterTyping, ADecisionIsTakenAgainWhileTheTablesBindAsBefore) {
  TypingCache cache;
  const std::string sql = "UPDATE accounts SET abalance = abalance + $1 WHERE aid = $2";
  const ParameterCasts casts = parameter_casts(sql);
  for (int round = 0; round < 2; ++round) {
    auto statement = prepare_typed(*session_, casts.text, casts, {}, &cache);
    ASSERT_TRUE(statement.ok());
    EXPECT_EQ(statement.value().parameter_types, (std::vector<uint32_t>{oid::kInt4, oid::kInt4}));
  }
  ASSERT_TRUE(session_->execute("DROP TABLE accounts").ok());
  ASSERT_TRUE(session_->execute("CREATE TABLE accounts (aid BIGINT, abalance DOUBLE)").ok());
  auto changed = prepare_typed(*session_, casts.text, casts, {}, &cache);
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(changed.value().parameter_types, (std::vector<uint32_t>{oid::kFloat8, oid::kInt8}));
}

}  // namespace
}  // namespace duckwire::pgwire
