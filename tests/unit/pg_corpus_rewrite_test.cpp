// Every statement PostgreSQL clients sent in the captured corpus (tests/data/pg_corpus/*.log), split
// and rewritten, must parse in DuckDB: except the statements PostgreSQL itself refused as syntax
// errors (which must not), and the PostgreSQL-only statements the front door answers itself.

#include <duckdb.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "protocols/pgwire/catalog/pg_dialect.hpp"

namespace duckwire::pgwire {
namespace {

struct CorpusEntry {
  std::string file;
  std::string sql;
  std::string error;  // the server's ERROR line, if any
};

std::vector<CorpusEntry> read_log(const std::filesystem::path& path) {
  static const std::regex metadata(R"(^-- (@\w+|ERROR|DETAIL|HINT|NOTICE|WARNING|CONTEXT|STATEMENT):.*)");
  std::ifstream in(path);
  std::vector<CorpusEntry> entries;
  CorpusEntry entry{path.filename().string(), "", ""};
  bool logged = false;
  const auto finish = [&] {
    while (!entry.sql.empty() && entry.sql.back() == '\n') entry.sql.pop_back();
    if (logged && !entry.sql.empty()) entries.push_back(entry);
    entry = CorpusEntry{path.filename().string(), "", ""};
    logged = false;
  };
  std::string line;
  while (std::getline(in, line)) {
    if (line == "-- next") {
      finish();
    } else if (std::regex_match(line, metadata)) {
      if (line.starts_with("-- @log:")) logged = true;
      if (line.starts_with("-- ERROR:")) entry.error = line;
    } else if (logged && !(entry.sql.empty() && line.empty())) {
      entry.sql += line + "\n";
    }
  }
  finish();
  return entries;
}

std::vector<CorpusEntry> corpus() {
  std::vector<CorpusEntry> entries;
  for (const auto& file : std::filesystem::directory_iterator(DUCKWIRE_TEST_DATA_DIR "/pg_corpus")) {
    if (file.path().extension() != ".log") continue;
    std::vector<CorpusEntry> more = read_log(file.path());
    entries.insert(entries.end(), more.begin(), more.end());
  }
  return entries;
}

// Statements the front door answers itself (the pgwire commands): DuckDB never sees them.
bool answered_by_the_front_door(const std::string& sql) {
  static const std::regex command(
      R"((fetch|move|close|declare|savepoint|release|rollback\s+to|begin\s+isolation|unlisten|)"
      R"(deallocate\s+all|reset\s+all|set\s+session\s+characteristics|show)\b[\s\S]*|)"
      R"(set\s+search_path\s*=[^;]*,[\s\S]*|)"
      R"(copy\s[\s\S]*\s(from\s+stdin|to\s+stdout)\b[\s\S]*|explain\s*\([^)]*verbose[\s\S]*)",
      std::regex::icase);
  return std::regex_match(sql, command);
}

// Statements that read the emulated catalog (pg-catalog's): they cannot bind without it.
bool reads_the_catalog(const std::string& sql) {
  static const std::regex catalog(R"([\s\S]*\b(duckwire_catalog|pg_\w+|set_config|quote_literal)\b[\s\S]*)");
  return std::regex_match(sql, catalog);
}

std::string load_corpus_schema(duckdb_connection connection) {
  std::ifstream in(DUCKWIRE_TEST_DATA_DIR "/pg_corpus/schema.sql");
  std::stringstream schema;
  schema << in.rdbuf();
  for (const std::string& statement : split_statements(schema.str())) {
    for (const std::string& sql : rewrite_statement(statement)) {
      duckdb_result result;
      duckdb_query(connection, sql.c_str(), &result);  // pg_rewrite_duckdb_test checks what fails and why
      duckdb_destroy_result(&result);
    }
  }
  return schema.str();
}

// The DuckDB error of preparing `sql` (DDL runs, so later statements see its tables), or "".
std::string bind_error(duckdb_connection connection, const std::string& sql) {
  static const std::regex ddl(R"(\s*(create|drop|alter)\b[\s\S]*)", std::regex::icase);
  std::string error;
  if (std::regex_match(sql, ddl)) {
    duckdb_result result;
    if (duckdb_query(connection, sql.c_str(), &result) == DuckDBError) error = duckdb_result_error(&result);
    duckdb_destroy_result(&result);
    return error;
  }
  duckdb_prepared_statement prepared = nullptr;
  if (duckdb_prepare(connection, sql.c_str(), &prepared) == DuckDBError)
    error = duckdb_prepare_error(prepared);
  duckdb_destroy_prepare(&prepared);
  return error;
}

std::string parse_error(duckdb_connection connection, const std::string& sql) {
  duckdb_extracted_statements statements = nullptr;
  const idx_t count = duckdb_extract_statements(connection, sql.c_str(), &statements);
  const std::string error = count == 0 ? duckdb_extract_statements_error(statements) : "";
  duckdb_destroy_extracted(&statements);
  return error;
}

TEST(PgCorpusRewrite, EveryClientStatementParsesInDuckDbAfterRewriting) {
  duckdb_database database = nullptr;
  duckdb_connection connection = nullptr;
  ASSERT_EQ(duckdb_open(nullptr, &database), DuckDBSuccess);
  ASSERT_EQ(duckdb_connect(database, &connection), DuckDBSuccess);
  const std::vector<CorpusEntry> entries = corpus();
  size_t parsed = 0;
  size_t refused = 0;
  for (const CorpusEntry& entry : entries) {
    const bool syntax_error = entry.error.find("syntax error") != std::string::npos;
    for (const std::string& statement : split_statements(entry.sql)) {
      for (const std::string& duckdb_sql : rewrite_statement(statement)) {
        const std::string error = parse_error(connection, duckdb_sql);
        if (syntax_error) {
          EXPECT_NE(error, "") << entry.file << ": PostgreSQL refused it, DuckDB parsed it:\n" << duckdb_sql;
          ++refused;
        } else if (error.empty()) {
          ++parsed;
        } else {
          EXPECT_TRUE(answered_by_the_front_door(duckdb_sql)) << entry.file << ":\n"
                                                              << statement << "\nrewritten:\n"
                                                              << duckdb_sql << "\n"
                                                              << error;
        }
      }
    }
  }
  EXPECT_EQ(refused, 2u);  // psycopg 3 and node-postgres: `SELEC ...`
  EXPECT_GT(parsed, 780u);
  duckdb_disconnect(&connection);
  duckdb_close(&database);
}

// Beyond parsing: every client statement that needs no emulated catalog binds (PREPARE) against the
// corpus schema, in the order the clients sent them (their DDL runs).
TEST(PgCorpusRewrite, ClientStatementsBindAgainstTheCorpusSchema) {
  duckdb_database database = nullptr;
  duckdb_connection connection = nullptr;
  ASSERT_EQ(duckdb_open(nullptr, &database), DuckDBSuccess);
  ASSERT_EQ(duckdb_connect(database, &connection), DuckDBSuccess);
  load_corpus_schema(connection);
  // What DuckDB cannot do, with its reason.
  const std::vector<std::pair<std::string, std::string>> known = {
      // schema.sql's sales.order_items has a foreign key to public.orders: DuckDB refuses those.
      {"order_items", "Table with name order_items does not exist"},
      // pgJDBC's {? = call sales.order_count(?)} passes the result placeholder as an argument.
      {"sales.order_count($1,$2)", "order_count"}};
  size_t bound = 0;
  for (const CorpusEntry& entry : corpus()) {
    const bool refused = entry.error.find("does not exist") != std::string::npos ||
                         entry.error.find("syntax error") != std::string::npos;
    for (const std::string& statement : split_statements(entry.sql)) {
      for (const std::string& sql : rewrite_statement(statement)) {
        if (refused || answered_by_the_front_door(sql) || reads_the_catalog(sql)) continue;
        const std::string error = bind_error(connection, sql);
        const auto exception = std::find_if(known.begin(), known.end(), [&](const auto& k) {
          return sql.find(k.first) != std::string::npos;
        });
        if (exception != known.end()) {
          EXPECT_NE(error.find(exception->second), std::string::npos) << sql << "\n" << error;
        } else {
          EXPECT_EQ(error, "") << entry.file << ":\n" << sql;
          ++bound;
        }
      }
    }
  }
  EXPECT_GT(bound, 500u);
  duckdb_disconnect(&connection);
  duckdb_close(&database);
}

TEST(PgCorpusRewrite, TheCorpusIsAllThere) {
  const std::vector<CorpusEntry> entries = corpus();
  for (const char* client : {"psql.log", "pgjdbc.log", "psycopg2.log", "psycopg3.log", "asyncpg.log",
                             "sqlalchemy.log", "node-pg.log", "postgres.js.log", "pgbench.log"}) {
    EXPECT_TRUE(std::any_of(entries.begin(), entries.end(), [&](const CorpusEntry& e) {
      return e.file == client;
    })) << client;
  }
  EXPECT_EQ(entries.size(), 834u);  // the README's statement counts, summed
}

}  // namespace
}  // namespace duckwire::pgwire
