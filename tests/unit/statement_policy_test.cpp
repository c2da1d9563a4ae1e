#include "backend/duckdb/statement_policy.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "backend/duckdb/duckdb_backend.hpp"

namespace duckwire::duckdb {
namespace {

const StatementPolicy kWritable{false};
const StatementPolicy kReadOnly{true};

void expect_refused(const std::string& sql, const std::string& naming,
                    const StatementPolicy& policy = kWritable) {
  const auto refused = refuse_sql_text(sql, policy);
  ASSERT_TRUE(refused.has_value()) << sql;
  EXPECT_EQ(refused->kind, ErrorKind::kPermission) << sql;
  EXPECT_TRUE(refused->message.starts_with("Permission Error: ")) << refused->message;
  EXPECT_NE(refused->message.find(naming), std::string::npos) << sql << " -> " << refused->message;
  EXPECT_NE(refused->message.find(" is refused: "), std::string::npos) << refused->message;
}

TEST(StatementPolicy, RefusesServerWideFunctionsInEveryForm) {
  for (const std::string sql : {
           "CALL enable_logging(storage='file', storage_path='/tmp/x')",
           "SELECT * FROM enable_logging(storage='file', storage_path='/tmp/x')",
           "select * from ENABLE_LOGGING()",
           "SELECT * FROM system.main.enable_logging()",
           "SELECT * FROM \"system\".\"main\".\"Enable_Logging\"()",
           "SELECT 1; CALL enable_logging()",
           "CALL /* a comment */ enable_logging()",
           "CREATE MACRO m() AS TABLE SELECT * FROM enable_logging()",
           "CREATE VIEW v AS SELECT * FROM enable_logging()",
           "SELECT * FROM query('CALL enable_logging()')",
           "SELECT * FROM query($$CALL enable_logging()$$)",
           "SELECT * FROM query($q$CALL enable_logging()$q$)",
           "SELECT * FROM query('SELECT * FROM query(''CALL enable_logging()'')')",
           "/* /* nested */ SELECT 1 -- */ CALL enable_logging()",
           "CALL enable_logging$x()",
       }) {
    expect_refused(sql, "enable_logging");
  }
  for (const auto& [sql, name] : std::vector<std::pair<std::string, std::string>>{
           {"CALL disable_logging()", "disable_logging"},
           {"CALL truncate_duckdb_logs()", "truncate_duckdb_logs"},
           {"CALL enable_profiling()", "enable_profiling"},
           {"PRAGMA enable_profiling", "enable_profiling"},
           {"PRAGMA enable_profile", "enable_profile"},
           {"CALL disable_profiling()", "disable_profiling"},
           {"CALL enable_peg_parser()", "enable_peg_parser"},
           {"CALL disable_peg_parser()", "disable_peg_parser"},
           {"CHECKPOINT", "checkpoint"},
           {"FORCE CHECKPOINT", "checkpoint"},
           {"CALL force_checkpoint()", "force_checkpoint"},
           {"PRAGMA enable_checkpoint_on_shutdown", "enable_checkpoint_on_shutdown"},
           {"PRAGMA disable_checkpoint_on_shutdown", "disable_checkpoint_on_shutdown"},
           {"PRAGMA enable_object_cache", "enable_object_cache"},
           {"SELECT * FROM json_execute_serialized_sql('{}')", "json_execute_serialized_sql"},
           {"PRAGMA json_execute_serialized_sql('{}')", "json_execute_serialized_sql"},
           {"PRAGMA copy_database(a, b)", "copy_database"},
       }) {
    expect_refused(sql, name);
  }
}

TEST(StatementPolicy, RefusesSqlItCannotSee) {
  for (const std::string sql : {
           "SELECT * FROM query('SEL' || 'ECT 1')",
           "SELECT * FROM query(?)",
           "SELECT * FROM query($1)",
           "SELECT * FROM query(getvariable('sql'))",
           "SELECT * FROM query(E'CALL \\x65nable_logging()')",
           "CREATE MACRO run(s) AS TABLE SELECT * FROM query(s)",
           "SELECT * FROM \"QUERY\"(concat('SELECT ', '1'))",
       }) {
    expect_refused(sql, "query()");
  }
  // Quotes end where DuckDB ends them: E'' strings escape with a backslash, '' doubles a quote.
  expect_refused("SELECT E'it\\'s', * FROM query(getvariable('x'))", "query()");
  expect_refused("SELECT 'it''s', * FROM query('SELECT 1' || '')", "query()");
  expect_refused("SELECT * FROM U&\"\\0065nable_logging\"()", "U&");
  expect_refused("SELECT * FROM query(U&'CALL \\0065nable_logging()')", "U&");
}

TEST(StatementPolicy, RefusesSecretsAndWrappedStatements) {
  expect_refused("CREATE SECRET s (TYPE s3, KEY_ID 'k', SECRET 'v')", "CREATE SECRET");
  expect_refused("create or replace temporary secret s (type s3)", "CREATE SECRET");
  expect_refused("CREATE PERSISTENT SECRET s (TYPE s3)", "CREATE SECRET");
  expect_refused("DROP SECRET s", "DROP SECRET");
  expect_refused("DROP TEMPORARY SECRET s", "DROP SECRET");
  expect_refused("SELECT * FROM query('CREATE SECRET s (TYPE s3)')", "CREATE SECRET");
  expect_refused("EXPLAIN ANALYZE COPY (SELECT 1) TO '/tmp/x.csv'", "EXPLAIN ANALYZE");
  expect_refused("EXPLAIN (ANALYZE) ATTACH ':memory:' AS m", "EXPLAIN ANALYZE");
  expect_refused("PREPARE p AS ATTACH ':memory:' AS m", "PREPARE");
  expect_refused("PREPARE p AS COPY (SELECT 1) TO '/tmp/x.csv'", "PREPARE");
  expect_refused("PREPARE p AS INSERT INTO t VALUES (1)", "read-only", kReadOnly);
  expect_refused("EXPLAIN ANALYZE DELETE FROM t", "read-only", kReadOnly);
  expect_refused("SET GLOBAL TimeZone = 'Asia/Tokyo'", "SET GLOBAL");
  expect_refused("reset global search_path", "RESET GLOBAL");
  expect_refused("IMPORT DATABASE '/tmp/x'", "IMPORT DATABASE", kReadOnly);
  expect_refused("PRAGMA import_database('/tmp/x')", "import_database", kReadOnly);
}

TEST(StatementPolicy, LetsOrdinarySqlThrough) {
  for (const std::string sql : {
           "SELECT 42",
           "SELECT checkpoint_threshold, \"logging\" FROM t -- enabled later",
           "SELECT * FROM query('SELECT 42')",
           "SELECT * FROM query($$SELECT 'a;b'$$)",
           "SELECT 'it''s' AS s; INSERT INTO t VALUES ($1, ?)",
           "CREATE TABLE secrets (secret VARCHAR); DROP TABLE secrets",
           "EXPLAIN SELECT 1",
           "EXPLAIN ANALYZE SELECT 1",
           "EXPLAIN ANALYZE WITH x AS (SELECT 1) SELECT * FROM x",
           "PREPARE p AS SELECT $1",
           "PREPARE p AS INSERT INTO t VALUES (1)",
           "SELECT E'a\\'b', X'00', B'01', u & 1 FROM t",
           "SELECT E'it\\'s', * FROM query('SELECT 1')",
           "SELECT $a$ it's $a$, * FROM query($b$SELECT 'x'$b$)",
           "SELECT 'checkpoint' AS stage, 'enable_logging' AS name -- no CALL checkpoint here",
           "SELECT value FROM duckdb_settings() WHERE name = 'enable_logging'",
       }) {
    EXPECT_FALSE(refuse_sql_text(sql, kWritable).has_value())
        << sql << ": " << refuse_sql_text(sql, kWritable)->message;
  }
  EXPECT_FALSE(refuse_sql_text("IMPORT DATABASE '/tmp/x'", kWritable).has_value());
  EXPECT_FALSE(refuse_sql_text("EXPLAIN ANALYZE SELECT 1", kReadOnly).has_value());
}

TEST(StatementPolicy, RefusesStatementTypesByWhatTheyChange) {
  for (const auto type :
       {DUCKDB_STATEMENT_TYPE_ATTACH, DUCKDB_STATEMENT_TYPE_DETACH, DUCKDB_STATEMENT_TYPE_LOAD,
        DUCKDB_STATEMENT_TYPE_EXTENSION, DUCKDB_STATEMENT_TYPE_LOGICAL_PLAN}) {
    const auto refused = refuse_statement_type(type, kWritable);
    ASSERT_TRUE(refused.has_value()) << type;
    EXPECT_EQ(refused->kind, ErrorKind::kPermission);
  }
  for (const auto type :
       {DUCKDB_STATEMENT_TYPE_INSERT, DUCKDB_STATEMENT_TYPE_UPDATE, DUCKDB_STATEMENT_TYPE_DELETE,
        DUCKDB_STATEMENT_TYPE_CREATE, DUCKDB_STATEMENT_TYPE_CREATE_FUNC, DUCKDB_STATEMENT_TYPE_DROP,
        DUCKDB_STATEMENT_TYPE_ALTER, DUCKDB_STATEMENT_TYPE_COPY, DUCKDB_STATEMENT_TYPE_EXPORT,
        DUCKDB_STATEMENT_TYPE_VACUUM, DUCKDB_STATEMENT_TYPE_ANALYZE}) {
    EXPECT_FALSE(refuse_statement_type(type, kWritable).has_value()) << type;
    const auto refused = refuse_statement_type(type, kReadOnly);
    ASSERT_TRUE(refused.has_value()) << type;
    EXPECT_NE(refused->message.find("read-only"), std::string::npos) << refused->message;
  }
  for (const auto type :
       {DUCKDB_STATEMENT_TYPE_SELECT, DUCKDB_STATEMENT_TYPE_EXPLAIN, DUCKDB_STATEMENT_TYPE_PRAGMA,
        DUCKDB_STATEMENT_TYPE_TRANSACTION, DUCKDB_STATEMENT_TYPE_SET}) {
    EXPECT_FALSE(refuse_statement_type(type, kReadOnly).has_value()) << type;
  }
}

// The same policy, seen through a sandboxed DuckDB backend.
class SandboxedBackend : public ::testing::Test {
 protected:
  std::unique_ptr<Backend> open(BackendOptions options) {
    std::vector<std::string> warnings;
    auto backend = open_duckdb_backend(options, warnings);
    EXPECT_TRUE(backend.ok()) << (backend.ok() ? "" : backend.error().message);
    return std::move(backend).value();
  }
  static std::string first_value(Session& session, const std::string& sql) {
    auto stream = session.execute(sql);
    EXPECT_TRUE(stream.ok()) << sql << ": " << (stream.ok() ? "" : stream.error().message);
    if (!stream.ok()) return "";
    auto chunk = stream.value()->next();
    EXPECT_TRUE(chunk.ok() && chunk.value().has_value()) << sql;
    if (!chunk.ok() || !chunk.value()) return "";
    const ArrowArray& column = *chunk.value()->array->children[0];
    if (stream.value()->schema().columns[0].type.id == TypeId::kBoolean) {
      return (static_cast<const uint8_t*>(column.buffers[1])[0] & 1) != 0 ? "true" : "false";
    }
    return std::to_string(static_cast<const int64_t*>(column.buffers[1])[column.offset]);
  }

  std::filesystem::path directory =
      std::filesystem::temp_directory_path() /
      ("duckwire-policy-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
};

TEST_F(SandboxedBackend, RefusesThroughExecuteAndPrepareAndKeepsServing) {
  auto backend = open({});
  auto session = backend->connect().value();
  for (const std::string sql :
       {"CALL enable_logging(storage='file', storage_path='/tmp')", "ATTACH ':memory:' AS shared",
        "INSTALL httpfs", "LOAD inet", "FORCE CHECKPOINT", "CREATE SECRET s (TYPE s3)"}) {
    auto executed = session->execute(sql);
    ASSERT_FALSE(executed.ok()) << sql;
    EXPECT_EQ(executed.error().kind, ErrorKind::kPermission) << executed.error().message;
    auto prepared = session->prepare(sql);
    ASSERT_FALSE(prepared.ok()) << sql;
    EXPECT_EQ(prepared.error().kind, ErrorKind::kPermission) << prepared.error().message;
  }
  EXPECT_EQ(first_value(*session, "SELECT count(*) FROM duckdb_databases() WHERE database_name = 'shared'"),
            "0");
  EXPECT_EQ(
      first_value(*session,
                  "SELECT count(*) FROM duckdb_settings() WHERE (name = 'enable_logging' AND value = '0') OR "
                  "(name = 'logging_storage' AND value = 'memory')"),
      "2");
  EXPECT_EQ(first_value(*session, "SELECT 42::BIGINT"), "42");
}

TEST_F(SandboxedBackend, AClientChangesItsOwnSessionOnly) {
  auto backend = open({});
  auto mine = backend->connect().value();
  auto other = backend->connect().value();
  ASSERT_TRUE(mine->execute("SET TimeZone = 'Asia/Tokyo'").ok());
  ASSERT_TRUE(mine->execute("SET integer_division = true").ok());
  const std::string zone_offset =
      "SELECT extract('timezone' FROM TIMESTAMPTZ '2024-01-01 00:00:00+00')::BIGINT";
  EXPECT_EQ(first_value(*mine, zone_offset), "32400");
  EXPECT_EQ(first_value(*other, zone_offset), "0");
  EXPECT_EQ(first_value(*mine, "SELECT (7 / 2)::BIGINT"), "3");
  EXPECT_EQ(first_value(*other, "SELECT (7 / 2 * 2)::BIGINT"), "7");
  for (const std::string sql :
       {"SET memory_limit = '1GB'", "SET threads = 1", "SET enable_external_access = true",
        "SET allowed_configs = ['memory_limit']", "SET lock_configuration = false"}) {
    auto refused = mine->execute(sql);
    ASSERT_FALSE(refused.ok()) << sql;
    EXPECT_NE(refused.error().message.find("locked"), std::string::npos) << refused.error().message;
  }
  auto global = mine->execute("SET GLOBAL TimeZone = 'Asia/Tokyo'");
  ASSERT_FALSE(global.ok());
  EXPECT_EQ(global.error().kind, ErrorKind::kPermission);
  EXPECT_EQ(first_value(*other, zone_offset), "0");
}

TEST_F(SandboxedBackend, ThePolicyHoldsWithUnrestrictedFileAccess) {
  BackendOptions options;
  options.restrict_file_access = false;
  auto backend = open(options);
  auto session = backend->connect().value();
  for (const std::string sql :
       {"CALL enable_logging()", "ATTACH ':memory:' AS shared", "SET GLOBAL threads = 1"}) {
    auto refused = session->execute(sql);
    ASSERT_FALSE(refused.ok()) << sql;
    EXPECT_EQ(refused.error().kind, ErrorKind::kPermission) << refused.error().message;
  }
}

TEST_F(SandboxedBackend, ListsExtensionsAndSecrets) {
  auto backend = open({});
  auto session = backend->connect().value();
  EXPECT_EQ(first_value(*session,
                        "SELECT count(*) FROM duckdb_extensions() WHERE extension_name = 'json' AND loaded"),
            "1");
  for (int i = 0; i < 2; ++i) EXPECT_EQ(first_value(*session, "SELECT count(*) FROM duckdb_secrets()"), "0");
}

TEST_F(SandboxedBackend, ReadOnlyRefusesEveryWriteBeforeItRuns) {
  std::filesystem::create_directories(directory / "files");
  const std::string db = (directory / "db.duckdb").string();
  {
    BackendOptions writable;
    writable.path = db;
    auto backend = open(writable);
    auto session = backend->connect().value();
    ASSERT_TRUE(session->execute("CREATE TABLE t AS SELECT 1 AS a").ok());
  }
  BackendOptions options;
  options.path = db;
  options.read_only = true;
  options.allowed_directories = {(directory / "files").string()};
  {
    auto backend = open(options);
    auto session = backend->connect().value();
    const std::string out = (directory / "files" / "out.csv").string();
    for (const std::string& sql :
         std::vector<std::string>{"COPY (SELECT 'x') TO '" + out + "'", "COPY t TO '" + out + "'",
                                  "EXPORT DATABASE '" + (directory / "files").string() + "'",
                                  "CREATE TEMP TABLE mine AS SELECT 1", "CREATE TEMP VIEW v AS SELECT 1",
                                  "CREATE TEMP MACRO m() AS 1", "INSERT INTO t VALUES (2)", "DROP TABLE t"}) {
      auto executed = session->execute(sql);
      ASSERT_FALSE(executed.ok()) << sql;
      EXPECT_EQ(executed.error().kind, ErrorKind::kPermission) << sql << ": " << executed.error().message;
      EXPECT_NE(executed.error().message.find("read-only"), std::string::npos) << executed.error().message;
    }
    EXPECT_FALSE(std::filesystem::exists(out));
    EXPECT_EQ(first_value(*session, "SELECT count(*) FROM t"), "1");
  }
  std::filesystem::remove_all(directory);
}

}  // namespace
}  // namespace duckwire::duckdb
