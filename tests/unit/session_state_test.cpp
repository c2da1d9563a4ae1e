// What a session knows about its own state: open transactions, whether it may serve another client,
// whether statements changed data, and read-only execution.
#include <gtest/gtest.h>

#include <filesystem>

#include "backend/duckdb/duckdb_backend.hpp"
#include "core/session_pool.hpp"

namespace duckwire {
namespace {

std::unique_ptr<Backend> open_memory() {
  std::vector<std::string> warnings;
  BackendOptions options;
  options.allowed_directories.push_back(std::filesystem::current_path().string());
  return open_duckdb_backend(options, warnings).value();
}

void run(Session& session, const std::string& sql) {
  auto stream = session.execute(sql);
  ASSERT_TRUE(stream.ok()) << sql << ": " << stream.error().message;
  while (true) {
    auto chunk = stream.value()->next();
    ASSERT_TRUE(chunk.ok());
    if (!chunk.value()) return;
  }
}

TEST(SessionState, KnowsWhetherAnExplicitTransactionIsOpen) {
  auto backend = open_memory();
  auto session = backend->connect().value();
  EXPECT_FALSE(session->in_transaction().value());
  run(*session, "BEGIN TRANSACTION");
  EXPECT_TRUE(session->in_transaction().value());
  run(*session, "COMMIT");
  EXPECT_FALSE(session->in_transaction().value());
}

TEST(SessionState, StatementsThatLeaveStateBehindMakeTheSessionUnfitForReuse) {
  auto backend = open_memory();
  for (const std::string sql : {"BEGIN", "CREATE TEMP TABLE t AS SELECT 1", "SET VARIABLE x = 1",
                                "PRAGMA enable_progress_bar", "CREATE TABLE u (a INT)"}) {
    auto session = backend->connect().value();
    run(*session, "SELECT 42");
    EXPECT_TRUE(session->reusable()) << sql;
    run(*session, sql);
    EXPECT_FALSE(session->reusable()) << sql;
  }
  auto session = backend->connect().value();
  run(*session, "CREATE TABLE IF NOT EXISTS v (a INT)");
  auto dml = backend->connect().value();
  run(*dml, "INSERT INTO v VALUES (1); UPDATE v SET a = 2; DELETE FROM v; SELECT 1");
  EXPECT_TRUE(dml->reusable());
}

TEST(SessionState, ThePoolClosesSessionsThatAreUnfitForReuse) {
  auto backend = open_memory();
  SessionPool pool(*backend, 4);
  {
    auto lease = pool.acquire().value();
    run(*lease, "CREATE TEMP TABLE mine AS SELECT 7 AS a");
    run(*lease, "BEGIN");
    run(*lease, "CREATE TABLE pending (a INT)");
  }
  auto next = pool.acquire().value();
  EXPECT_FALSE(next->in_transaction().value());
  EXPECT_FALSE(next->execute("SELECT * FROM mine").ok()) << "a temporary table of another client is visible";
  EXPECT_FALSE(next->execute("SELECT * FROM pending").ok()) << "an uncommitted table was committed";
}

TEST(SessionState, CountsStatementsThatMayHaveChangedData) {
  auto backend = open_memory();
  auto session = backend->connect().value();
  run(*session, "SELECT 1");
  EXPECT_EQ(session->data_changing_statements(), 0u);
  run(*session, "CREATE TABLE t (a INT)");
  run(*session, "INSERT INTO t VALUES (1) RETURNING a");
  run(*session, "UPDATE t SET a = 2; SELECT * FROM t");
  EXPECT_EQ(session->data_changing_statements(), 3u);
}

TEST(SessionState, QueriesOnlyRefusesAnythingButSelectBeforeItRuns) {
  auto backend = open_memory();
  auto session = backend->connect().value();
  run(*session, "CREATE TABLE t (a INT)");
  auto select = session->execute("SELECT 1 AS a; SELECT 2 AS b", StatementAccess::kQueriesOnly);
  ASSERT_TRUE(select.ok()) << select.error().message;
  for (const std::string sql :
       {"INSERT INTO t VALUES (1)", "EXPLAIN ANALYZE INSERT INTO t VALUES (1)", "SELECT 1; DELETE FROM t"}) {
    auto refused = session->execute(sql, StatementAccess::kQueriesOnly);
    ASSERT_FALSE(refused.ok()) << sql;
    EXPECT_EQ(refused.error().kind, ErrorKind::kPermission) << sql;
  }
  auto stream = session->execute("SELECT count(*) FROM t").value();
  auto chunk = stream->next().value();
  const ArrowArray& column = *chunk->array->children[0];
  EXPECT_EQ(static_cast<const int64_t*>(column.buffers[1])[column.offset], 0);
}

}  // namespace
}  // namespace duckwire
