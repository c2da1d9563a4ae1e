// One case per PostgreSQL form the dialect layer rewrites: input text → the DuckDB text expected.
// pg_rewrite_duckdb_test.cpp runs the rewritten forms on DuckDB itself.

#include <gtest/gtest.h>

#include "protocols/pgwire/catalog/pg_dialect.hpp"

namespace duckwire::pgwire {
namespace {

using Statements = std::vector<std::string>;

std::string rewritten(std::string_view sql) {
  const Statements statements = rewrite_statement(sql);
  EXPECT_EQ(statements.size(), 1u) << sql;
  return statements.empty() ? "" : statements.front();
}

TEST(PgRewrite, StatementsWithNothingToRewriteStayAsTheyAre) {
  for (const char* sql : {"SELECT abalance FROM pgbench_accounts WHERE aid = $1",
                          "UPDATE pgbench_tellers SET tbalance = tbalance + -1771 WHERE tid = 8",
                          "SELECT 1 = ANY(ARRAY[1, 2]), E'a\\nb', x[1] FROM t LIMIT ALL", "",
                          "select generate_subscripts(l, 1) from unnest([5]) with ordinality as x(v, n)"}) {
    EXPECT_EQ(rewritten(sql), sql);
  }
}

TEST(PgRewrite, AnyOfAListColumnIsListContains) {
  EXPECT_EQ(rewritten("SELECT a.attname FROM t LEFT JOIN a ON a.attnum = ANY(ix.indkey) AND x = any (\"l\")"),
            "SELECT a.attname FROM t LEFT JOIN a ON list_contains(ix.indkey, a.attnum) AND list_contains(\"l\", x)");
  EXPECT_EQ(rewritten("SELECT 1 WHERE x = ANY(SELECT y FROM t) OR x = ANY(f(y)) OR x = ANY($1)"),
            "SELECT 1 WHERE x = ANY(SELECT y FROM t) OR x = ANY(f(y)) OR x = ANY($1)");
}

TEST(PgRewrite, AliasesOfScalarSetReturningFunctionsNameTheirColumn) {
  EXPECT_EQ(rewritten("SELECT g FROM generate_series(x, $1) AS g"),
            "SELECT g FROM generate_series(x, $1) AS g(g)");
  EXPECT_EQ(rewritten("SELECT u FROM t JOIN unnest(t.l) u ON true, generate_series(1, x) AS s(n)"),
            "SELECT u FROM t JOIN unnest(t.l) u(u) ON true, generate_series(1, x) AS s(n)");
  for (const char* sql : {"SELECT generate_series(1, 3) AS g", "SELECT * FROM unnest([1], [2]) AS u",
                          "SELECT * FROM generate_series(1, x) WHERE true"}) {
    EXPECT_EQ(rewritten(sql), sql);
  }
}

TEST(PgRewrite, GenerateSeriesOfInt4LiteralsAndParametersYieldsInt4) {
  const std::string int4_series =
      "SELECT g FROM (SELECT generate_series::INTEGER AS generate_series FROM generate_series(1, $1)) AS g(g)";
  EXPECT_EQ(rewritten("SELECT g FROM generate_series(1, $1) AS g"), int4_series);
  const uint32_t int4 = 23, int8 = 20, unknown = 705;
  for (const uint32_t declared : {0u, int4, unknown}) {
    const std::vector<uint32_t> types{declared};
    EXPECT_EQ(rewrite_statement("SELECT g FROM generate_series(1, $1) AS g", types).front(), int4_series);
  }
  const std::vector<uint32_t> wide{int8};
  EXPECT_EQ(rewrite_statement("SELECT g FROM generate_series(1, $1) AS g", wide).front(),
            "SELECT g FROM generate_series(1, $1) AS g(g)");
  EXPECT_EQ(rewritten("SELECT g FROM generate_series(1, 3000000000) AS g"),
            "SELECT g FROM generate_series(1, 3000000000) AS g(g)");
}

TEST(PgRewrite, VectorColumnsAsTextAreTheirNumbersSeparatedBySpaces) {
  EXPECT_EQ(rewritten("SELECT ix.indkey::varchar, indoption::text, indkey::int2[] FROM pg_index ix"),
            "SELECT array_to_string(ix.indkey, ' '), array_to_string(indoption, ' '), indkey::int2[] FROM pg_index ix");
}

TEST(PgRewrite, CatalogQualifiersNameTheAttachedCatalog) {
  EXPECT_EQ(rewritten("SELECT c.relname FROM pg_catalog.pg_class c"),
            "SELECT c.relname FROM duckwire_catalog.pg.pg_class c");
  EXPECT_EQ(rewritten("SELECT * FROM PG_CATALOG.PG_CLASS"), "SELECT * FROM duckwire_catalog.pg.PG_CLASS");
  EXPECT_EQ(rewritten("SELECT * FROM \"pg_catalog\".\"pg_type\""),
            "SELECT * FROM duckwire_catalog.pg.\"pg_type\"");
  EXPECT_EQ(rewritten("SELECT table_name FROM information_schema.tables"),
            "SELECT table_name FROM duckwire_catalog.information.tables");
  EXPECT_EQ(rewritten("SELECT (information_schema._pg_expandarray(i.indkey)).n FROM pg_catalog.pg_index i"),
            "SELECT (duckwire_catalog.information._pg_expandarray(i.indkey)).n "
            "FROM duckwire_catalog.pg.pg_index i");
}

TEST(PgRewrite, QualifiedCatalogFunctionsCallTheCatalogsMacros) {
  EXPECT_EQ(rewritten("SELECT pg_catalog.pg_get_userbyid(d.datdba) FROM t d"),
            "SELECT duckwire_catalog.pg.pg_get_userbyid(d.datdba) FROM t d");
}

TEST(PgRewrite, QualifiedBuiltinAggregatesAndTableFunctionsCallDuckDbs) {
  EXPECT_EQ(rewritten("select o.n, pg_catalog.count(i.inhparent) from pg_catalog.unnest(x) o(n)"),
            "select o.n, count(i.inhparent) from unnest(x) o(n)");
}

TEST(PgRewrite, ScalarSetFunctionsInFromNameTheirColumnAfterTheAlias) {
  EXPECT_EQ(rewritten("SELECT a[s] FROM pg_catalog.generate_series(0, n) s, t WHERE x = a[s]"),
            "SELECT a[s] FROM generate_series(0, n) s(s), t WHERE x = a[s]");
  EXPECT_EQ(rewritten("SELECT i FROM t JOIN LATERAL unnest(t.l) AS i ON true, generate_subscripts(l, 1) g"),
            "SELECT i FROM t JOIN LATERAL unnest(t.l) AS i(i) ON true, generate_subscripts(l, 1) g(g)");
  EXPECT_EQ(rewritten("SELECT * FROM generate_series(1, 2) WITH ORDINALITY g"),
            "SELECT * FROM generate_series(1, 2) WITH ORDINALITY g(g)");
  EXPECT_EQ(rewritten("SELECT pos.n FROM t, pg_catalog.generate_series(1, 32) pos(n), generate_series(-1, 5) AS g"),
            "SELECT pos.n FROM t, (SELECT generate_series::INTEGER AS generate_series FROM generate_series(1, 32)) "
            "pos(n), (SELECT generate_series::INTEGER AS generate_series FROM generate_series(-1, 5)) AS g(g)");
  EXPECT_EQ(rewritten("SELECT * FROM generate_series(1, 3000000000) g(n), generate_series(1, $1::int8) h(n)"),
            "SELECT * FROM generate_series(1, 3000000000) g(n), generate_series(1, $1::int8) h(n)");
  for (const char* sql : {"SELECT generate_series(1, 3) s, unnest(l) u FROM t",
                          "SELECT * FROM generate_series(1, x) s(n), unnest(a, b) u, unnest(l) WHERE true",
                          "SELECT * FROM generate_series(1, n) JOIN t ON true",
                          "SELECT * FROM t, generate_series(1, 3.5) \"s\"(n) ORDER BY 1"}) {
    EXPECT_EQ(rewritten(sql), sql);
  }
}

TEST(PgRewrite, ExplainOptionsDuckDbLacksAreDropped) {
  EXPECT_EQ(rewritten("EXPLAIN (FORMAT JSON, VERBOSE) SELECT 1"), "EXPLAIN (FORMAT JSON) SELECT 1");
  EXPECT_EQ(rewritten("EXPLAIN (VERBOSE true, COSTS off) SELECT 1"), "EXPLAIN SELECT 1");
  EXPECT_EQ(rewritten("EXPLAIN ANALYZE VERBOSE SELECT 1"), "EXPLAIN ANALYZE SELECT 1");
  EXPECT_EQ(rewritten("EXPLAIN VERBOSE SELECT verbose FROM t"), "EXPLAIN SELECT verbose FROM t");
}

TEST(PgRewrite, UntypedNullOutputColumnsAreText) {
  EXPECT_EQ(rewritten("SELECT NULL AS table_cat, n.nspname, NULL table_catalog FROM n"),
            "SELECT NULL::VARCHAR AS table_cat, n.nspname, NULL::VARCHAR table_catalog FROM n");
  EXPECT_EQ(rewritten("SELECT tmp.cat FROM (SELECT NULL AS cat, x IS NULL AS b FROM t) AS tmp"),
            "SELECT tmp.cat FROM (SELECT NULL::VARCHAR AS cat, x IS NULL AS b FROM t) AS tmp");
  for (const char* sql : {"SELECT NULL AS a UNION SELECT 1", "SELECT NULL, NULL FROM t", "SELECT NULL ORDER BY 1",
                          "SELECT * FROM (SELECT NULL AS a UNION ALL SELECT 1) s", "INSERT INTO t SELECT NULL AS a"}) {
    EXPECT_EQ(rewritten(sql), sql);
  }
}

TEST(PgRewrite, VoidParametersLeaveTheirFunctionCalls) {
  EXPECT_EQ(drop_void_parameters("select * from sales.order_count($1,$2) as result", {true, false}),
            "select * from sales.order_count($1) as result");
  EXPECT_EQ(drop_void_parameters("select * from f($1, $2, $3) where x = $4", {false, true}),
            "select * from f($1, $2) where x = $3");
  EXPECT_EQ(drop_void_parameters("select f($2, $1)", {true}), "select f($1)");
  EXPECT_EQ(drop_void_parameters("select $1 + 1", {true}), std::nullopt);           // not an argument
  EXPECT_EQ(drop_void_parameters("select f(($1))", {true}), std::nullopt);           // not a whole argument
  EXPECT_EQ(drop_void_parameters("select f($1, $2)", {false, false}), std::nullopt);  // nothing void
}

TEST(PgRewrite, QualifiersInsideStringsCommentsAndLongerNamesStay) {
  EXPECT_EQ(rewritten("SELECT 'pg_catalog.pg_class', x.pg_catalog.y FROM t x -- pg_catalog.pg_class"),
            "SELECT 'pg_catalog.pg_class', x.pg_catalog.y FROM t x -- pg_catalog.pg_class");
}

TEST(PgRewrite, PublicSchemaIsDuckDbsMain) {
  EXPECT_EQ(rewritten("SELECT a FROM public.t JOIN \"public\".u USING (a) WHERE u.x::public.mood = 'ok'"),
            "SELECT a FROM main.t JOIN main.u USING (a) WHERE u.x::main.mood = 'ok'");
}

TEST(PgRewrite, OperatorSyntaxBecomesTheOperatorAndDefaultCollationGoes) {
  EXPECT_EQ(
      rewritten("SELECT 1 WHERE c.relname OPERATOR(pg_catalog.~) '^(orders)$' COLLATE pg_catalog.default"),
      "SELECT 1 WHERE regexp_matches(c.relname, '^(orders)$')");
  EXPECT_EQ(rewritten("SELECT a COLLATE \"default\", b COLLATE pg_catalog.\"C\", c COLLATE \"C\" FROM t"),
            "SELECT a, b COLLATE \"C\", c COLLATE \"C\" FROM t");
}

TEST(PgRewrite, RegexMatchOperatorsMatchAnywhereLikePostgres) {
  EXPECT_EQ(rewritten("SELECT n.nspname !~ '^pg_' AND a ~* 'x' AND b !~* lower(c) OR d.e::text ~ 'f'"),
            "SELECT (NOT regexp_matches(n.nspname, '^pg_')) AND regexp_matches(a, 'x', 'i') AND "
            "(NOT regexp_matches(b, lower(c), 'i')) OR regexp_matches(d.e::text, 'f')");
  EXPECT_EQ(rewritten("SELECT ~5, x ~~ 'a%'"), "SELECT ~5, x ~~ 'a%'");
}

TEST(PgRewrite, RegCastsCallCatalogMacros) {
  EXPECT_EQ(
      rewritten("SELECT 1 WHERE x::regtype = $1::regtype AND 'pg_catalog.array_in'::regproc = 'public'::regnamespace"),
      "SELECT 1 WHERE duckwire_catalog.pg.duckwire_cast_regtype(x) = "
      "duckwire_catalog.pg.duckwire_cast_regtype($1) AND "
      "duckwire_catalog.pg.duckwire_cast_regproc('pg_catalog.array_in') = "
      "duckwire_catalog.pg.duckwire_cast_regnamespace('public')");
  EXPECT_EQ(rewritten("SELECT c.oid::pg_catalog.regclass = 1, x::regrole IS NULL, CAST(t.oid AS regclass) FROM t"),
            "SELECT duckwire_catalog.pg.duckwire_cast_regclass(c.oid) = 1, "
            "duckwire_catalog.pg.duckwire_cast_regrole(x) IS NULL, "
            "duckwire_catalog.pg.duckwire_cast_regclass(t.oid) FROM t");
}

TEST(PgRewrite, RegCastsAsWholeOutputColumnsShowTheName) {
  EXPECT_EQ(rewritten("SELECT conname, conrelid::pg_catalog.regclass AS ontable FROM pg_catalog.pg_constraint c"),
            "SELECT conname, duckwire_catalog.pg.duckwire_cast_regclass_shown(conrelid) AS ontable "
            "FROM duckwire_catalog.pg.pg_constraint c");
  EXPECT_EQ(rewritten("SELECT c.oid::regclass FROM t c UNION SELECT x::regtype ORDER BY 1"),
            "SELECT duckwire_catalog.pg.duckwire_cast_regclass_shown(c.oid) FROM t c "
            "UNION SELECT duckwire_catalog.pg.duckwire_cast_regtype_shown(x) ORDER BY 1");
  // Compared or computed with, or inside a subquery, the value stays the OID.
  EXPECT_EQ(rewritten("SELECT (SELECT r::regclass), a::regclass = b, c::regclass IS NULL FROM t WHERE x::regclass > 0"),
            "SELECT (SELECT duckwire_catalog.pg.duckwire_cast_regclass(r)), "
            "duckwire_catalog.pg.duckwire_cast_regclass(a) = b, duckwire_catalog.pg.duckwire_cast_regclass(c) IS NULL "
            "FROM t WHERE duckwire_catalog.pg.duckwire_cast_regclass(x) > 0");
  EXPECT_EQ(rewritten("INSERT INTO t SELECT 'x'::regclass"),
            "INSERT INTO t SELECT duckwire_catalog.pg.duckwire_cast_regclass('x')");
}

TEST(PgRewrite, RegCastToTextNamesTheObject) {
  EXPECT_EQ(rewritten("SELECT c.oid::pg_catalog.regclass::pg_catalog.text, basetype::regtype::text AS n"),
            "SELECT duckwire_catalog.pg.duckwire_cast_regclass_text(c.oid), "
            "duckwire_catalog.pg.duckwire_cast_regtype_text(basetype) AS n");
}

TEST(PgRewrite, CastChainsComposeLeftToRight) {
  EXPECT_EQ(rewritten("SELECT (SELECT 'orders')::regclass::oid"),
            "SELECT duckwire_catalog.pg.duckwire_cast_oid("
            "duckwire_catalog.pg.duckwire_cast_regclass((SELECT 'orders')))");
}

TEST(PgRewrite, ManyCastsAreRewrittenTogetherAndDeepNestingIsBounded) {
  std::string many = "SELECT 0";
  for (int i = 0; i < 20000; ++i) many += ", c" + std::to_string(i) + "::regclass";
  const std::string rewritten_many = rewritten(many);
  EXPECT_EQ(rewritten_many.find("::regclass"), std::string::npos);
  EXPECT_NE(rewritten_many.find("duckwire_cast_regclass_shown(c19999)"), std::string::npos);

  std::string chain =
      "SELECT x";  // x::regclass::regclass::... 200 deep: 32 are rewritten, DuckDB refuses the rest
  for (int i = 0; i < 200; ++i) chain += "::regclass";
  const std::string rewritten_chain = rewritten(chain);
  size_t macros = 0;
  for (size_t at = rewritten_chain.find("duckwire_cast_regclass("); at != std::string::npos;
       at = rewritten_chain.find("duckwire_cast_regclass(", at + 1)) {
    ++macros;
  }
  EXPECT_EQ(macros, 32u);
  EXPECT_NE(rewritten_chain.find("::regclass"), std::string::npos);
}

TEST(PgRewrite, TruncatedTextIsLeftForDuckDbToRefuse) {
  // Found by fuzzing: forms cut off before their closing parenthesis once read past the last token.
  EXPECT_EQ(rewritten("SELECT x::timestamptz("), "SELECT x::timestamptz(");
  EXPECT_EQ(rewritten("vacuum (analyze"), "vacuum (analyze");
  EXPECT_NO_THROW(rewrite_statement("CREATE TABLE t (a int REFERENCES p ON DELETE SET NULL (a"));
  EXPECT_NO_THROW(rewrite_statement("CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY (START 1"));
  EXPECT_NO_THROW(rewrite_statement("SELECT CAST(x AS regclass"));
}

TEST(PgRewrite, OidNameAndCharCastsCallCatalogMacros) {
  EXPECT_EQ(rewritten("SELECT a.b.c::oid, 'a'::\"char\", typname::name, x::char(3), ti.oid = any($1::oid[])"),
            "SELECT duckwire_catalog.pg.duckwire_cast_oid(a.b.c), "
            "duckwire_catalog.pg.duckwire_cast_char('a'), "
            "duckwire_catalog.pg.duckwire_cast_name(typname), x::char(3), "
            "ti.oid = any(duckwire_catalog.pg.duckwire_cast_oid_array($1))");
}

TEST(PgRewrite, QualifiedBuiltinTypesLoseTheQualifier) {
  EXPECT_EQ(rewritten("SELECT $1::\"pg_catalog\".\"int4\"::text, pr.prattrs::pg_catalog.int2[], CAST(x AS "
                      "pg_catalog.int8)"),
            "SELECT $1::\"int4\"::text, pr.prattrs::int2[], CAST(x AS int8)");
}

TEST(PgRewrite, JsonbIsJson) {
  EXPECT_EQ(rewritten("SELECT '{}'::jsonb, CAST(x AS pg_catalog.jsonb), jsonb FROM t"),
            "SELECT '{}'::JSON, CAST(x AS JSON), jsonb FROM t");
  EXPECT_EQ(rewritten("ALTER TABLE t ADD COLUMN j jsonb, ADD PRIMARY KEY (a)"),
            "ALTER TABLE t ADD COLUMN j JSON, ADD PRIMARY KEY (a)");
  EXPECT_EQ(rewritten("ALTER TABLE t ALTER COLUMN j SET DATA TYPE jsonb USING j::jsonb, ALTER k TYPE jsonb"),
            "ALTER TABLE t ALTER COLUMN j SET DATA TYPE JSON USING j::JSON, ALTER k TYPE JSON");
}

TEST(PgRewrite, MicrosecondPrecisionOfTimeTypesIsImplied) {
  EXPECT_EQ(
      rewritten(
          "CREATE TABLE t (a timestamptz(6), b timestamp(6) with time zone, c time(6), d timestamptz(3))"),
      "CREATE TABLE t (a timestamptz, b timestamp with time zone, c time, d timestamptz(3))");
  EXPECT_EQ(rewritten("SELECT now()::timestamptz(6)"), "SELECT now()::timestamptz");
}

TEST(PgRewrite, RowLocksAreDropped) {
  EXPECT_EQ(rewritten("SELECT * FROM t WHERE id = 1 FOR UPDATE"), "SELECT * FROM t WHERE id = 1");
  EXPECT_EQ(rewritten("SELECT * FROM t FOR NO KEY UPDATE OF t, u SKIP LOCKED"), "SELECT * FROM t");
  EXPECT_EQ(rewritten("SELECT * FROM t FOR SHARE NOWAIT"), "SELECT * FROM t");
  EXPECT_EQ(rewritten("SELECT substring(x from 1 for 2) FROM t"), "SELECT substring(x from 1 for 2) FROM t");
}

TEST(PgRewrite, DropOfSeveralObjectsIsOneDropEach) {
  EXPECT_EQ(rewrite_statement("drop table if exists pgbench_accounts, pgbench_branches, pgbench_history"),
            (Statements{"drop table if exists pgbench_accounts", "drop table if exists pgbench_branches",
                        "drop table if exists pgbench_history"}));
  EXPECT_EQ(rewrite_statement("DROP VIEW public.a, b CASCADE"),
            (Statements{"DROP VIEW main.a CASCADE", "DROP VIEW b CASCADE"}));
  EXPECT_EQ(rewrite_statement("DROP TABLE a"), (Statements{"DROP TABLE a"}));
}

TEST(PgRewrite, TruncateOfSeveralTablesIsOneTruncateEach) {
  EXPECT_EQ(rewrite_statement("truncate table pgbench_accounts, pgbench_branches"),
            (Statements{"truncate table pgbench_accounts", "truncate table pgbench_branches"}));
}

TEST(PgRewrite, StorageParametersAreDroppedOnlyWhenAllAreStorageTuning) {
  EXPECT_EQ(rewritten("create table pgbench_tellers(tid int not null,filler char(84)) with (fillfactor=100)"),
            "create table pgbench_tellers(tid int not null,filler char(84))");
  EXPECT_EQ(rewritten("create index i on t(a) with (fillfactor = 70, autovacuum_enabled = off)"),
            "create index i on t(a)");
  EXPECT_EQ(rewritten("create table t(a int) with (fillfactor=100, security_barrier=true)"),
            "create table t(a int) with (fillfactor=100, security_barrier=true)");
}

TEST(PgRewrite, CopyFreezeIsDropped) {
  EXPECT_EQ(rewritten("copy pgbench_accounts from stdin with (freeze on)"),
            "copy pgbench_accounts from stdin");
  EXPECT_EQ(rewritten("copy t from stdin (format csv, freeze, header)"),
            "copy t from stdin (format csv, header)");
  EXPECT_EQ(rewritten("copy t from stdin (format csv, freeze true)"), "copy t from stdin (format csv)");
}

TEST(PgRewrite, VacuumKeepsOnlyAnalyze) {
  EXPECT_EQ(rewritten("vacuum full verbose analyze t"), "vacuum analyze t");
  EXPECT_EQ(rewritten("vacuum (verbose, analyze, skip_locked) t"), "vacuum (ANALYZE) t");
  EXPECT_EQ(rewritten("vacuum (full) t"), "vacuum t");
  EXPECT_EQ(rewritten("VACUUM FREEZE"), "VACUUM");
  EXPECT_EQ(rewritten("analyze verbose t"), "analyze t");
  EXPECT_EQ(rewritten("vacuum analyze pgbench_branches"), "vacuum analyze pgbench_branches");
}

TEST(PgRewrite, BtreeIndexesAreDuckDbsIndex) {
  EXPECT_EQ(rewritten("CREATE INDEX i ON public.t USING btree (a DESC)"),
            "CREATE INDEX i ON main.t (a DESC)");
  EXPECT_EQ(rewritten("CREATE INDEX i ON t USING gin (a)"), "CREATE INDEX i ON t USING gin (a)");
}

TEST(PgRewrite, ArrayTextCastToAnArrayTypeIsListText) {
  EXPECT_EQ(
      rewritten(
          "SELECT '{1,2}'::int4[], CAST('{\"a}\",NULL}' AS text[]), '{x}'::text, '{}'::pg_catalog.int2[]"),
      "SELECT '[1,2]'::int4[], CAST('[\"a}\",NULL]' AS text[]), '{x}'::text, '[]'::int2[]");
}

TEST(PgRewrite, ByteaHexTextCastToByteaIsDuckDbsBlobText) {
  EXPECT_EQ(
      rewritten("SELECT '\\x00ff'::bytea, CAST('\\xDE AD' AS pg_catalog.bytea), 'abc'::bytea, '\\x00ff'"),
      "SELECT '\\x00\\xff'::bytea, CAST('\\xDE\\xAD' AS bytea), 'abc'::bytea, '\\x00ff'");
}

TEST(PgRewrite, ForeignKeyActionsAreDropped) {
  EXPECT_EQ(
      rewritten("CREATE TABLE i (o int REFERENCES public.o(id) ON DELETE CASCADE ON UPDATE SET NULL, x int)"),
      "CREATE TABLE i (o int REFERENCES main.o(id), x int)");
}

TEST(PgRewrite, StoredGeneratedColumnsAreDuckDbsGeneratedColumns) {
  EXPECT_EQ(rewritten("CREATE TABLE g (a int, b int GENERATED ALWAYS AS (a * (2)) STORED NOT NULL)"),
            "CREATE TABLE g (a int, b int GENERATED ALWAYS AS (a * (2)) NOT NULL)");
}

TEST(PgRewrite, SerialColumnsTakeTheirSequencesValues) {
  EXPECT_EQ(
      rewrite_statement("CREATE TABLE public.c (id bigserial PRIMARY KEY, b smallserial, v text)"),
      (Statements{"CREATE SEQUENCE IF NOT EXISTS main.c_id_seq", "CREATE SEQUENCE IF NOT EXISTS main.c_b_seq",
                  "CREATE TABLE main.c (id bigint DEFAULT nextval('main.c_id_seq') PRIMARY KEY, "
                  "b smallint DEFAULT nextval('main.c_b_seq'), v text)"}));
  EXPECT_EQ(
      rewrite_statement("CREATE TABLE \"My\".\"Tab\" (Id serial)"),
      (Statements{"CREATE SEQUENCE IF NOT EXISTS \"My\".\"Tab_id_seq\"",
                  "CREATE TABLE \"My\".\"Tab\" (Id integer DEFAULT nextval('\"My\".\"Tab_id_seq\"'))"}));
}

TEST(PgRewrite, IdentityColumnsTakeTheirSequencesValues) {
  EXPECT_EQ(rewrite_statement("CREATE TABLE o (id int4 GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, n int)"),
            (Statements{"CREATE SEQUENCE IF NOT EXISTS o_id_seq",
                        "CREATE TABLE o (id int4 DEFAULT nextval('o_id_seq') PRIMARY KEY, n int)"}));
  EXPECT_EQ(rewrite_statement(
                "CREATE TABLE o (id int8 GENERATED ALWAYS AS IDENTITY (START WITH 10 INCREMENT BY 5))"),
            (Statements{"CREATE SEQUENCE IF NOT EXISTS o_id_seq START WITH 10 INCREMENT BY 5",
                        "CREATE TABLE o (id int8 DEFAULT nextval('o_id_seq'))"}));
}

TEST(PgRewrite, SqlFunctionsBecomeMacros) {
  EXPECT_EQ(
      rewrite_statement(
          "CREATE FUNCTION sales.order_count(cust int4) RETURNS int8\n"
          "    LANGUAGE sql STABLE AS $$ SELECT count(*) FROM public.orders WHERE customer_id = cust $$"),
      (Statements{"CREATE MACRO sales.order_count(cust) AS "
                  "(CAST((SELECT count(*) FROM main.orders WHERE customer_id = cust) AS int8))",
                  "CREATE MACRO sales.order_count(cust) AS TABLE "
                  "SELECT CAST((SELECT count(*) FROM main.orders WHERE customer_id = cust) AS int8) AS "
                  "order_count"}));
  EXPECT_EQ(rewritten("CREATE OR REPLACE FUNCTION f(a int, b text) RETURNS SETOF int8 LANGUAGE sql AS "
                      "'select ''a'' from t;'"),
            "CREATE OR REPLACE MACRO f(a, b) AS TABLE select 'a' from t");
}

TEST(PgRewrite, FunctionsAMacroCannotBeStayForDuckDbToRefuse) {
  for (const char* sql :
       {"CREATE FUNCTION f(int) RETURNS int LANGUAGE sql AS 'select $1'",
        "CREATE FUNCTION f(a int) RETURNS int LANGUAGE plpgsql AS $$ begin return a; end $$",
        "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'select 1; select 2'"}) {
    EXPECT_EQ(rewritten(sql), sql);
  }
}

}  // namespace
}  // namespace duckwire::pgwire
