// Expected names are what PostgreSQL 15 sent in RowDescription for the same statements.
#include <gtest/gtest.h>

#include <array>
#include <random>
#include <string>
#include <vector>

#include "protocols/pgwire/catalog/pg_column_names.hpp"

namespace duckwire::pgwire {
namespace {

using Names = std::vector<std::string>;

// The names for `sql` when the engine reported `count` columns called e0, e1, ...
Names names(std::string_view sql, size_t count) {
  Names engine;
  for (size_t i = 0; i < count; ++i) engine.push_back("e" + std::to_string(i));
  return pg_column_names(sql, engine);
}

Names names(std::string_view sql, const Names& engine) {
  return pg_column_names(sql, engine);
}

TEST(PgColumnNames, ColumnReferencesGiveTheirLastName) {
  EXPECT_EQ(names("select a, t.b, s.t.c, \"MiXed\", t.\"MiXed\" from t", 5),
            (Names{"a", "b", "c", "MiXed", "MiXed"}));
  EXPECT_EQ(names("SELECT A, T.B FROM t", 2), (Names{"a", "b"}));
  EXPECT_EQ(names("select t from t", 1), (Names{"t"}));
}

TEST(PgColumnNames, AScalarFunctionInFromIsNamedAfterItsTableAlias) {
  EXPECT_EQ(names("select * from sales.order_count($1,$2) as result", Names{"order_count"}), (Names{"result"}));
  EXPECT_EQ(names("SELECT * FROM Order_Count(1, 2) R WHERE true", Names{"order_count"}), (Names{"r"}));
  EXPECT_EQ(names("select * from sales.order_count($1,$2)", Names{"order_count"}), (Names{"order_count"}));
  // A set-returning function's own column names stay; so do joins.
  EXPECT_EQ(names("select * from report(1) r", Names{"total"}), (Names{"total"}));
  EXPECT_EQ(names("select * from f(1) r, t", Names{"f"}), (Names{"f"}));
}

TEST(PgColumnNames, UnquotedAliasesFoldAndQuotedOnesKeepTheirCase) {
  EXPECT_EQ(names("select 1 x, 2 \"Y\", 3 AS Z, a b, a::int c, 1 as \"a\"\"b\" from t", 6),
            (Names{"x", "Y", "z", "b", "c", "a\"b"}));
  EXPECT_EQ(names("SELECT NULL AS TABLE_CAT, x AS \"MiXed\", y AS Upper", 3),
            (Names{"table_cat", "MiXed", "upper"}));
  EXPECT_EQ(names("select 1 as select, 2 as from", 2), (Names{"select", "from"}));
}

TEST(PgColumnNames, FunctionCallsGiveTheFunctionsName) {
  EXPECT_EQ(
      names("select count(*), md5(CAST(g AS VARCHAR)), pg_catalog.format_type(a.atttypid, a.atttypmod), "
            "now(), \"version\"(), current_setting('TimeZone'), pg_catalog.set_config('a', 'b', false)",
            7),
      (Names{"count", "md5", "format_type", "now", "version", "current_setting", "set_config"}));
  EXPECT_EQ(names("select count(*) filter (where true), count(*) over (), row_number() over w, "
                  "percentile_cont(0.5) within group (order by a), string_agg(b, ',' order by b) from t "
                  "window w as ()",
                  5),
            (Names{"count", "count", "row_number", "percentile_cont", "string_agg"}));
  EXPECT_EQ(names("select count(distinct a), count(all a), sum(a), generate_series(1,2) from t", 4),
            (Names{"count", "count", "sum", "generate_series"}));
}

TEST(PgColumnNames, SpecialFunctionSyntaxGivesTheFunctionsName) {
  EXPECT_EQ(names("select extract(year from now()), substring('abc' from 1 for 2), position('a' in 'abc'), "
                  "overlay('abc' placing 'x' from 1), trim('  x '), trim(leading 'x' from 'xa'), "
                  "trim(trailing from 'a '), trim(both 'x' from 'xax'), normalize('a'), 'a' is normalized, "
                  "collation for ('a')",
                  11),
            (Names{"extract", "substring", "position", "overlay", "btrim", "ltrim", "rtrim", "btrim",
                   "normalize", "is_normalized", "pg_collation_for"}));
  EXPECT_EQ(
      names("select coalesce(1,2), greatest(1,2), least(1,2), nullif(1,2), grouping(a) from t group by a", 5),
      (Names{"coalesce", "greatest", "least", "nullif", "grouping"}));
  EXPECT_EQ(names("select now() at time zone 'utc', now() at time zone 'utc' at time zone 'utc'", 2),
            (Names{"timezone", "timezone"}));
}

TEST(PgColumnNames, CastsKeepTheOperandsNameElseTheTypes) {
  EXPECT_EQ(
      names("select 1::int, 'a'::text, now()::date, CAST(1 AS int8), cast(a as text), "
            "cast(cast(1 as int) as text), 'pg_class'::regclass::text, 1::pg_catalog.int8, b::varchar(10) "
            "from t",
            9),
      (Names{"int4", "text", "now", "int8", "a", "text", "text", "int8", "b"}));
  EXPECT_EQ(
      names(
          "select 1::int, 1::integer, 1::smallint, 1::bigint, 1::real, 1::float, 1::float(10), "
          "1::float(30), 1::double precision, 1::decimal(3,1), 1::dec, 1::numeric, true::boolean, "
          "'a'::char(3), 'a'::character varying(3), 'a'::varchar, 'a'::character, '1'::bit, '1'::bit varying",
          19),
      (Names{"int4", "int4", "int2", "int8", "float4", "float8", "float4", "float8", "float8", "numeric",
             "numeric", "numeric", "bool", "bpchar", "varchar", "varchar", "bpchar", "bit", "varbit"}));
  EXPECT_EQ(
      names("select now()::timestamp with time zone, now()::time without time zone, "
            "'1'::interval, '1'::json, 'a'::\"char\", '{1}'::int[], '{1}'::int array, "
            "'a'::national character varying, 'a'::nchar, null::int, 'x'::unknown, (1)::text, ((a))::text",
            13),
      (Names{"now", "now", "interval", "json", "char", "int4", "int4", "varchar", "bpchar", "int4", "unknown",
             "text", "a"}));
  EXPECT_EQ(
      names("select current_timestamp::date, current_user::text, array_agg(a)::text[], sum(a)::numeric(10,2)",
            4),
      (Names{"current_timestamp", "current_user", "array_agg", "sum"}));
}

TEST(PgColumnNames, TypedLiteralsGiveTheirTypesName) {
  EXPECT_EQ(names("select date '2020-01-01', interval '1 day', interval '1' day, timestamp '2020-01-01', "
                  "timestamp with time zone '2020-01-01', time '12:00', int4 '1', pg_catalog.int4 '1', "
                  "double precision '1', varchar '1', char 'a', interval '1' day to second, interval(3) '1'",
                  13),
            (Names{"date", "interval", "interval", "timestamp", "timestamptz", "time", "int4", "int4",
                   "float8", "varchar", "bpchar", "interval", "interval"}));
}

TEST(PgColumnNames, KeywordExpressions) {
  EXPECT_EQ(names("select array[1], array(select 1), row(1), (1,2), row(1,2)::record, exists(select 1), "
                  "not exists(select 1)",
                  7),
            (Names{"array", "array", "row", "row", "row", "exists", "?column?"}));
  EXPECT_EQ(
      names("select current_date, current_time, current_time(2), current_timestamp, current_timestamp(3), "
            "localtime, localtimestamp, current_role, current_user, user, session_user, current_catalog, "
            "current_schema, current_schema(), localtimestamp(2)",
            15),
      (Names{"current_date", "current_time", "current_time", "current_timestamp", "current_timestamp",
             "localtime", "localtimestamp", "current_role", "current_user", "user", "session_user",
             "current_catalog", "current_schema", "current_schema", "localtimestamp"}));
}

TEST(PgColumnNames, CaseIsNamedByItsElseResultWhenThatHasAName) {
  EXPECT_EQ(names("select case when true then 1 else a end, case when true then a end, "
                  "case when true then 'x' else 'x'::text end, case when true then 1 else b::int end, "
                  "case a when 1 then 2 else x end, case when true then (select 1) end from t",
                  6),
            (Names{"a", "case", "case", "b", "x", "case"}));
  EXPECT_EQ(names("select case when a then case when b then 1 end else c end from t", 1), (Names{"c"}));
}

TEST(PgColumnNames, ScalarSubqueriesGiveTheirFirstColumnsName) {
  EXPECT_EQ(
      names("select (select 1), (select 1)::int, (select a from t limit 1), (select a as z from t limit 1), "
            "((select 1 as q)), (values (1)), (select 1 union select 2), "
            "(select b from t union select 'x' as w limit 1) from t",
            8),
      (Names{"?column?", "?column?", "a", "z", "q", "column1", "?column?", "b"}));
  EXPECT_EQ(names("select (select (select 1 as deep)), (with w as (select 1 as k) select k from w), "
                  "(select b from t)::int, (select 1 as a) + 1",
                  4),
            (Names{"deep", "k", "b", "?column?"}));
  EXPECT_EQ(names("select (select * from t limit 1), (table t2)", 2), (Names{"e0", "e1"}));
}

TEST(PgColumnNames, SubscriptsAndFieldSelections) {
  EXPECT_EQ(names("select arr[1], (arr)[1], t.arr[1:2], (row(1,2)).f1, (s.a).f1, (t).a, (ARRAY[1,2])[1], "
                  "(select array[1])[1], (select array[1] as q)[1] from t",
                  9),
            (Names{"arr", "arr", "arr", "f1", "f1", "a", "array", "array", "q"}));
  EXPECT_EQ(names("select b collate \"C\", b::text collate \"C\", 'x' collate \"C\", a.attname COLLATE "
                  "pg_catalog.default",
                  4),
            (Names{"b", "b", "?column?", "attname"}));
}

TEST(PgColumnNames, ConstantsAndOperatorsHaveNoName) {
  EXPECT_EQ(
      names("select true, false, null, -1, -a, +1, 'x' || 'y', 1, $1, $$x$$, E'x', B'101', X'ff' from t", 13),
      Names(13, "?column?"));
  EXPECT_EQ(
      names("select a + 1, a is null, a isnull, not true, a between 1 and 2, a in (1,2), a = any(arr), "
            "a is distinct from b, a like 'x', a not like 'x', a similar to 'x', a ilike 'x' escape '!', "
            "a OPERATOR(pg_catalog.+) 1, OPERATOR(pg_catalog.-) a, -a::int, 1 = all(array[1]), "
            "'a'::text collate \"C\" = 'b', date 'today' - 1, not a::bool, (a + 1), ((1)) from t",
            21),
      Names(21, "?column?"));
  EXPECT_EQ(names("select json_build_object('a',1)->>'a', '{}'::jsonb->'a', x'ff'::int, a is not true", 4),
            (Names{"?column?", "?column?", "int4", "?column?"}));
}

TEST(PgColumnNames, SelectListForms) {
  EXPECT_EQ(names("select distinct a, b from t", 2), (Names{"a", "b"}));
  EXPECT_EQ(names("select distinct on (a) a, b from t", 2), (Names{"a", "b"}));
  EXPECT_EQ(names("select all a from t for update", 1), (Names{"a"}));
  EXPECT_EQ(names("with q as (select 1 as z), r (c) as materialized (select 2) select z, z+1 from q", 2),
            (Names{"z", "?column?"}));
  EXPECT_EQ(
      names("WITH RECURSIVE r AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM r) SELECT n AS N FROM r", 1),
      (Names{"n"}));
  EXPECT_EQ(names("select a from t -- a comment\n;", 1), (Names{"a"}));
  EXPECT_EQ(names("select a /* x, y */ , b from t;", 2), (Names{"a", "b"}));
  EXPECT_EQ(names("select a is distinct from b, percentile_cont(0.5) within group (order by a) from t", 2),
            (Names{"?column?", "percentile_cont"}));
}

TEST(PgColumnNames, TheFirstBranchOfASetOperationNamesTheColumns) {
  EXPECT_EQ(names("select a, b from t union all select 1, 'x'", 2), (Names{"a", "b"}));
  EXPECT_EQ(names("(select 1 as a, 2) union select 3, 4", 2), (Names{"a", "?column?"}));
  EXPECT_EQ(names("((select x from t) except (select y from u)) order by 1", 1), (Names{"x"}));
}

TEST(PgColumnNames, ValuesColumnsAreColumn1Column2) {
  EXPECT_EQ(names("values (1, 2), (3, 4)", Names{"col0", "col1"}), (Names{"column1", "column2"}));
  EXPECT_EQ(names("(values (1)) union values (2)", 1), (Names{"column1"}));
  EXPECT_EQ(names("values (1, 2)", 3), names("x", 3));
}

TEST(PgColumnNames, StarsKeepTheEnginesNamesAndTheItemsAroundThemAlign) {
  const Names table{"a", "b", "MiXed"};
  EXPECT_EQ(names("select * from t", table), table);
  EXPECT_EQ(names("select *, 1 from t", Names{"a", "b", "MiXed", "1"}),
            (Names{"a", "b", "MiXed", "?column?"}));
  EXPECT_EQ(names("select count(*), t.*, X from t", Names{"count_star()", "a", "b", "X"}),
            (Names{"count", "a", "b", "x"}));
  EXPECT_EQ(names("select 1, *, 2, *, 3 from t", Names{"1", "a", "2", "a", "3"}),
            (Names{"?column?", "a", "2", "a", "?column?"}));
  EXPECT_EQ(names("select (t).*, a from t", Names{"a", "b", "a"}), (Names{"a", "b", "a"}));
  EXPECT_EQ(names("select columns('a.*'), 1 from t", Names{"a", "ab", "1"}), (Names{"a", "ab", "?column?"}));
  EXPECT_EQ(names("select *, 1, 2 from t", Names{"1"}), (Names{"1"}));
  EXPECT_EQ(names("table t", table), table);
}

TEST(PgColumnNames, ReturningListsAreNamedToo) {
  EXPECT_EQ(names("insert into t(a) values (1) returning a, a+1, b::text, now()", 4),
            (Names{"a", "?column?", "b", "now"}));
  EXPECT_EQ(names("update t set a = 2 returning *, 1", Names{"a", "b", "1"}), (Names{"a", "b", "?column?"}));
  EXPECT_EQ(names("delete from t returning t.a AS \"Q\";", 1), (Names{"Q"}));
  EXPECT_EQ(names("with d as (delete from t returning a) insert into u select a from d returning u.B", 1),
            (Names{"b"}));
}

TEST(PgColumnNames, OtherStatementsAndMismatchesKeepTheEnginesNames) {
  EXPECT_EQ(names("explain select 1", 1), (Names{"e0"}));
  EXPECT_EQ(names("show timezone", 1), (Names{"e0"}));
  EXPECT_EQ(names("insert into t values (1)", 1), (Names{"e0"}));
  EXPECT_EQ(names("select 1, 2", 1), (Names{"e0"}));
  EXPECT_EQ(names("from t select a", 1), (Names{"e0"}));
  EXPECT_EQ(names("select", 0), Names{});
}

TEST(PgColumnNames, ItemsItCannotReadKeepTheEnginesName) {
  EXPECT_EQ(names("select [1, 2], {'a': 1}, a, x -> x + 1 from t", 4), (Names{"e0", "e1", "a", "?column?"}));
  EXPECT_EQ(names("select a b c, d from t", 2), (Names{"e0", "d"}));
  EXPECT_EQ(names("select (a, from t", 1), (Names{"e0"}));
}

TEST(PgColumnNames, HostileTextNeverThrows) {
  const std::vector<std::string> texts = {"select ((((((((((((((((",
                                          "select case case case",
                                          "select )))) ,,, ::",
                                          "select a::",
                                          "select cast(",
                                          "select 1::float(99999999999999999999)",
                                          "with",
                                          "with x as",
                                          "with x as (",
                                          "select (select (select",
                                          "select 'unterminated",
                                          "select \"unterminated",
                                          "select $1::int[",
                                          "select interval '1' day to",
                                          "values (",
                                          "select a.",
                                          "select t.* ,",
                                          "insert returning",
                                          "select operator(",
                                          "select a is",
                                          "select a at time",
                                          "select national",
                                          "select trim(",
                                          "select collation for",
                                          "select x collate"};
  for (const std::string& text : texts) {
    EXPECT_NO_THROW(names(text, 2)) << text;
    EXPECT_EQ(names(text, 2).size(), 2u) << text;
  }
  std::string deep = "select ";
  for (int i = 0; i < 100000; ++i) deep += "(";
  deep += "1";
  for (int i = 0; i < 100000; ++i) deep += ")";
  EXPECT_EQ(names(deep, 1), (Names{"e0"}));
  std::string cases = "select ";
  for (int i = 0; i < 10000; ++i) cases += "case when true then 1 else ";
  cases += "a";
  for (int i = 0; i < 10000; ++i) cases += " end";
  EXPECT_EQ(names(cases, 1).size(), 1u);
  std::string chain = "select a";
  for (int i = 0; i < 100000; ++i) chain += "::int";
  EXPECT_EQ(names(chain, 1), (Names{"a"}));
}

// Random sequences of the fragments the reader looks for (unbalanced, truncated, nested) are named
// without reading outside the text (the sanitizer build checks that) and keep the engine's column count.
TEST(PgColumnNames, RandomTextKeepsTheColumnCount) {
  constexpr std::array<const char*, 48> kFragments = {
      "select",       " ",        "(",      ")",     "[",    "]",       "::",   "int",          "double",
      "precision",    "as",       "a",      "\"B\"", ".",    "*",       ",",    "'x'",          "1",
      "$1",           "case",     "when",   "then",  "else", "end",     "cast", "array",        "row",
      "exists",       "with",     "values", "union", "from", "is",      "not",  "null",         "distinct",
      "at time zone", "interval", "day",    "to",    "trim", "collate", "over", "within group", "returning",
      "insert",       ";",        "--"};
  std::mt19937 random(8);  // fixed: the same texts on every run
  for (int round = 0; round < 20000; ++round) {
    std::string sql;
    for (size_t n = random() % 40; n > 0; --n) sql += kFragments[random() % kFragments.size()];
    const size_t count = 1 + random() % 4;
    ASSERT_EQ(names(sql, count).size(), count) << sql;
  }
}

}  // namespace
}  // namespace duckwire::pgwire
