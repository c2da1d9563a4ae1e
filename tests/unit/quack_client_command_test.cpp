// `duckwire query` end to end against duckwire's Quack service over HTTP: what it prints, its exit
// codes, and loading CSV with --append.
#include "clients/quack/query_command.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "quack_test_service_server.hpp"

namespace duckwire::quack_client {
namespace {

using quack::testing::kTestToken;
using quack::testing::QuackServiceServer;

struct CommandRun {
  int code = -1;
  std::string out;
  std::string err;
};

CommandRun run(std::vector<std::string> args, const std::string& input = "") {
  args.insert(args.begin(), "query");
  std::vector<const char*> argv;
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  std::istringstream in(input);
  std::ostringstream out;
  std::ostringstream err;
  CommandRun result;
  result.code = run_query_command(static_cast<int>(argv.size()), argv.data(), in, out, err);
  result.out = out.str();
  result.err = err.str();
  return result;
}

class QuackQueryCommand : public ::testing::Test {
 protected:
  CommandRun query(const std::string& sql, std::vector<std::string> options = {}) {
    options.insert(options.end(), {"--token", kTestToken, server_.target(), sql});
    return run(options);
  }
  CommandRun append(const std::string& table, const std::string& csv) {
    return run({"--token", kTestToken, "--append", table, server_.target()}, csv);
  }

  QuackServiceServer server_;
};

TEST_F(QuackQueryCommand, PrintsATable) {
  const CommandRun result = query("SELECT 42 AS answer, 'hello' AS greeting");
  EXPECT_EQ(result.code, 0) << result.err;
  EXPECT_EQ(result.out,
            "┌────────┬──────────┐\n"
            "│ answer │ greeting │\n"
            "│ int32  │ varchar  │\n"
            "├────────┼──────────┤\n"
            "│     42 │ hello    │\n"
            "└────────┴──────────┘\n");
  EXPECT_EQ(result.err, "");
}

TEST_F(QuackQueryCommand, PrintsCsvAndJson) {
  const std::string sql = "SELECT * FROM (VALUES (1, 'a,b', [1, 2]), (NULL, '', NULL)) t(n, s, l) ORDER BY n";
  const CommandRun csv = query(sql, {"--format", "csv"});
  EXPECT_EQ(csv.code, 0) << csv.err;
  EXPECT_EQ(csv.out, "n,s,l\r\n1,\"a,b\",\"[1, 2]\"\r\n,\"\",\r\n");
  const CommandRun json = query(sql, {"--format", "json"});
  EXPECT_EQ(json.code, 0) << json.err;
  EXPECT_EQ(json.out, "[{\"n\":1,\"s\":\"a,b\",\"l\":[1,2]},\n{\"n\":null,\"s\":\"\",\"l\":null}]\n");
}

TEST_F(QuackQueryCommand, RunsEveryStatementAndPrintsEachQuerysResult) {
  const CommandRun result = query(
      "CREATE TABLE t (i INTEGER); INSERT INTO t VALUES (1), (2); SELECT sum(i) AS total FROM t; "
      "PRAGMA enable_progress_bar; SELECT count(*) AS \"Count\" FROM t; -- the end",
      {"--format", "csv"});
  EXPECT_EQ(result.code, 0) << result.err;
  // As in DuckDB's CLI, statements that change rows or the schema print nothing.
  EXPECT_EQ(result.out, "total\r\n3\r\nCount\r\n2\r\n");
}

TEST_F(QuackQueryCommand, ServerErrorsExitWithOne) {
  const CommandRun result = query("SELECT 1; SELECT * FROM missing; SELECT 2", {"--format", "csv"});
  EXPECT_EQ(result.code, 1);
  EXPECT_EQ(result.out, "1\r\n1\r\n");  // the first statement ran, the third did not
  EXPECT_TRUE(result.err.starts_with("Error: Catalog Error: Table with name missing does not exist!") ||
              result.err.starts_with("Error: Table with name missing does not exist!"))
      << result.err;
  const CommandRun refused = run({"--token", "wrong", server_.target(), "SELECT 1"});
  EXPECT_EQ(refused.code, 1);
  EXPECT_EQ(refused.err, "Error: Authentication failed\n");
  const CommandRun unreachable = run({"quack:127.0.0.1:1", "SELECT 1"});
  EXPECT_EQ(unreachable.code, 1);
  EXPECT_EQ(unreachable.err, "Error: cannot connect to http://127.0.0.1:1/quack: Connection refused\n");
}

TEST_F(QuackQueryCommand, UsageErrorsExitWithTwo) {
  EXPECT_EQ(run({}).code, 2);
  EXPECT_EQ(run({"nonsense:x", "SELECT 1"}).code, 2);
  EXPECT_EQ(run({"--format", "xml", server_.target(), "SELECT 1"}).code, 2);
  EXPECT_EQ(run({"--bogus", server_.target(), "SELECT 1"}).code, 2);
  EXPECT_EQ(run({"--append", "t", server_.target(), "SELECT 1"}).code, 2);
  EXPECT_EQ(run({"--append", "a.b.c", server_.target()}).code, 2);
  const CommandRun empty = run({server_.target(), " ; -- nothing"});
  EXPECT_EQ(empty.code, 2);
  EXPECT_EQ(empty.err, "duckwire query: no SQL statement to run (see duckwire query --help)\n");
  const CommandRun help = run({"--help"});
  EXPECT_EQ(help.code, 0);
  EXPECT_NE(help.out.find("--append TABLE"), std::string::npos);
}

TEST_F(QuackQueryCommand, ReadsSqlFromStandardInput) {
  const CommandRun result =
      run({"--token", kTestToken, "--format", "csv", server_.target()}, "SELECT 5 AS five;\n");
  EXPECT_EQ(result.code, 0) << result.err;
  EXPECT_EQ(result.out, "five\r\n5\r\n");
}

TEST_F(QuackQueryCommand, AppendsCsvThroughAppend) {
  ASSERT_EQ(query("CREATE TABLE people (id INTEGER, name VARCHAR, born DATE, score DOUBLE)").code, 0);
  const CommandRun appended = append("people",
                                     "name,ID,born,score\r\n"
                                     "\"Smith, Ann\",1,1990-05-17,1.5\r\n"
                                     "Bob,2,,2\n"
                                     "\"\",3,2000-01-01,\n");
  EXPECT_EQ(appended.code, 0) << appended.err;
  EXPECT_EQ(appended.out, "3 rows appended to people\n");
  const CommandRun check = query("SELECT id, name, born, score FROM people ORDER BY id", {"--format", "csv"});
  EXPECT_EQ(check.out,
            "id,name,born,score\r\n"
            "1,\"Smith, Ann\",1990-05-17,1.5\r\n"
            "2,Bob,,2.0\r\n"
            "3,\"\",2000-01-01,\r\n");
}

TEST_F(QuackQueryCommand, AppendsManyRowsInChunks) {
  ASSERT_EQ(query("CREATE TABLE big (n BIGINT, label VARCHAR)").code, 0);
  std::string csv = "n,label\n";
  for (int i = 0; i < 5000; ++i) csv += std::to_string(i) + ",row " + std::to_string(i) + "\n";
  const CommandRun appended = append("main.big", csv);
  EXPECT_EQ(appended.code, 0) << appended.err;
  EXPECT_EQ(appended.out, "5000 rows appended to main.big\n");
  const CommandRun check =
      query("SELECT count(*) AS c, sum(n) AS s, count(DISTINCT label) AS d FROM big", {"--format", "csv"});
  EXPECT_EQ(check.out, "c,s,d\r\n5000,12497500,5000\r\n");
}

TEST_F(QuackQueryCommand, AFailedAppendAppendsNothing) {
  ASSERT_EQ(query("CREATE TABLE nums (n INTEGER)").code, 0);
  std::string csv = "n\n";
  for (int i = 0; i < 3000; ++i) csv += std::to_string(i) + "\n";
  csv += "not a number\n";
  const CommandRun failed = append("nums", csv);
  EXPECT_EQ(failed.code, 1);
  EXPECT_TRUE(failed.err.starts_with("Error: CSV lines 2050-3002: ")) << failed.err;
  EXPECT_EQ(query("SELECT count(*) AS c FROM nums", {"--format", "csv"}).out, "c\r\n0\r\n");
}

TEST_F(QuackQueryCommand, AppendChecksTheHeaderAndTheRows) {
  ASSERT_EQ(query("CREATE TABLE pair (a INTEGER, b INTEGER)").code, 0);
  EXPECT_EQ(append("pair", "a\n1\n").err, "Error: the CSV header has no column \"b\" of pair\n");
  EXPECT_EQ(append("pair", "a,b,c\n1,2,3\n").err, "Error: the CSV column \"c\" is not a column of pair\n");
  EXPECT_EQ(append("pair", "a,b\n1,2\n3\n").err, "Error: CSV line 3: 1 fields where the header has 2\n");
  EXPECT_EQ(append("pair", "").err,
            "Error: the CSV input is empty: a header row of column names comes first\n");
  EXPECT_EQ(append("nowhere", "a\n1\n").code, 1);
  // Blank lines are skipped for a table of several columns.
  const CommandRun blanks = append("pair", "a,b\n\n1,2\n\n");
  EXPECT_EQ(blanks.out, "1 row appended to pair\n");
}

TEST_F(QuackQueryCommand, BlankLinesAreNullsForOneColumn) {
  ASSERT_EQ(query("CREATE TABLE single (v VARCHAR)").code, 0);
  EXPECT_EQ(append("single", "v\nx\n\n\"\"\n").out, "3 rows appended to single\n");
  EXPECT_EQ(query("SELECT count(v) AS c, count(*) AS n FROM single", {"--format", "csv"}).out,
            "c,n\r\n2,3\r\n");
}

}  // namespace
}  // namespace duckwire::quack_client
