// Golden test of the emulated catalog against PostgreSQL 15 itself: every catalog and
// introspection statement the corpus clients sent (tests/data/pg_corpus, captured from PostgreSQL
// 15 with the corpus schema) runs on duckwire's catalog, after the dialect rewrite, against the
// same schema, and answers with the column names and type OIDs PostgreSQL's RowDescription had.

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "pg_catalog_test_support.hpp"
#include "pg_corpus_support.hpp"
#include "protocols/pgwire/catalog/pg_dialect.hpp"

namespace duckwire {
namespace {

const std::string kCorpus = std::string(DUCKWIRE_TEST_DATA_DIR) + "/pg_corpus/";

// Statements that read the catalog or ask the server about itself.
bool is_introspection(const std::string& text) {
  std::string lower = text;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const char* marker : {"pg_", "information_schema", "version()", "current_schema", "current_database",
                             "current_setting", "current_user", "session_user"}) {
    if (lower.find(marker) != std::string::npos) return true;
  }
  return false;
}

// The statements of schema.sql DuckDB cannot run as PostgreSQL does (docs/protocols/pgwire-dialect.md):
// DuckDB 1.5.6 refuses foreign keys across schemas, so sales.order_items and what needs it do not load,
// and untyped PostgreSQL array text cannot be inserted into a list column.
const std::set<std::string> kSchemaStatementsDuckdbRefuses = {
    "CREATE TABLE sales.order_items (",        "COMMENT ON TABLE sales.order_items IS",
    "CREATE VIEW sales.item_summary AS",       "INSERT INTO public.products VALUES",
    "INSERT INTO public.orders (customer_id,", "INSERT INTO sales.order_items VALUES",
};

bool starts_with_any(const std::string& text, const std::set<std::string>& prefixes) {
  return std::any_of(prefixes.begin(), prefixes.end(),
                     [&](const std::string& p) { return text.starts_with(p); });
}

std::string trimmed(const std::string& text) {
  const size_t begin = text.find_first_not_of(" \n\t");
  return begin == std::string::npos ? "" : text.substr(begin);
}

// Statements whose differences from PostgreSQL are not the catalog's, with the reason.
const std::map<std::string, std::string> kKnownDifferences = {
    // psql \d sends these only for a table with publications or triggers, which DuckDB tables never
    // have: subscripting an array with a set-returning function's whole-row alias, and a table
    // function in FROM with a correlated argument, which DuckDB cannot bind.
    {"psql #14", "pr.prattrs[s] over generate_series aliased s"},
    {"psql #26", "pr.prattrs[s] over generate_series aliased s"},
    {"psql #39", "pr.prattrs[s] over generate_series aliased s"},
    {"psql #15", "pg_partition_ancestors(t.tgrelid) WITH ORDINALITY in FROM"},
    {"psql #27", "pg_partition_ancestors(t.tgrelid) WITH ORDINALITY in FROM"},
    {"psql #40", "pg_partition_ancestors(t.tgrelid) WITH ORDINALITY in FROM"},
    // SQLAlchemy's reflection of check constraints and indexes LEFT JOINs a correlated subquery:
    // "Cannot perform non-inner join on subquery" in DuckDB 1.5.6.
    {"sqlalchemy #56", "LEFT JOIN of a correlated subquery"},
    {"sqlalchemy #93", "LEFT JOIN of a correlated subquery"},
    {"sqlalchemy #97", "LEFT JOIN of a correlated subquery"},
    // pgJDBC selects untyped NULLs (NULL AS TABLE_CAT): PostgreSQL types them text, DuckDB INTEGER.
    {"pgjdbc #27", "untyped NULL column"},
    {"pgjdbc #28", "untyped NULL column"},
    {"pgjdbc #32", "untyped NULL column"},
    {"pgjdbc #33", "untyped NULL column"},
    // KEY_SEQ comes from generate_series(1, ...), int4 in PostgreSQL and BIGINT in DuckDB.
    {"pgjdbc #30", "generate_series yields BIGINT"},
    {"pgjdbc #31", "generate_series yields BIGINT"},
};

// Column names PostgreSQL derives that DuckDB spells otherwise, until the dialect rewrite names
// result columns as PostgreSQL does: DuckDB keeps an unquoted alias's case (PostgreSQL folds it to
// lower case) and names an unaliased expression by its text (PostgreSQL by the function or column
// it ends in, else ?column?).
bool same_column_name(const std::string& ours, const std::string& postgres) {
  if (ours == postgres) return true;
  std::string lower = ours;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower == postgres) return true;
  return ours.find_first_of("( '\"") != std::string::npos;
}

class PgCatalogGolden : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ifstream in(kCorpus + "schema.sql");
    std::stringstream schema;
    schema << in.rdbuf();
    for (const std::string& statement : pgwire::split_statements(schema.str())) {
      bool failed = false;
      std::string error;
      for (const std::string& rewritten : pgwire::rewrite_statement(statement)) {
        auto done = db_.execute(rewritten);
        if (!done.ok()) {
          failed = true;
          error = done.error().message;
          break;
        }
      }
      const std::string text = trimmed(statement);
      EXPECT_EQ(failed, starts_with_any(text, kSchemaStatementsDuckdbRefuses)) << text << "\n" << error;
    }
  }

  // Runs the client's introspection statements; returns one line per difference from PostgreSQL.
  std::vector<std::string> differences(const std::string& client) {
    const auto described = pg_corpus::read_row_descriptions(kCorpus + client + ".wire.txt");
    std::map<std::string, size_t> next;  // the next RowDescription of each key, in the order sent
    std::vector<std::string> out;
    for (const auto& logged : pg_corpus::read_log(kCorpus + client + ".log")) {
      if (logged.refused) continue;
      const std::string key = pg_corpus::statement_key(logged.text);
      const auto found = described.find(key);
      if (found == described.end()) continue;  // no rows described (SET, multi-statement, DDL)
      const size_t index = std::min(next[key]++, found->second.size() - 1);
      const std::vector<pg_corpus::DescribedColumn>& expected = found->second[index];
      if (!is_introspection(logged.text)) continue;
      const std::string sql = pg_corpus::with_values(logged.text, logged.values);
      const std::vector<std::string> statements = pgwire::split_statements(sql);
      if (statements.size() != 1) continue;
      const std::vector<std::string> rewritten = pgwire::rewrite_statement(statements[0]);
      if (rewritten.size() != 1) continue;
      const std::string where = client + " #" + std::to_string(logged.entry);
      if (kKnownDifferences.contains(where)) continue;
      ++checked_;
      auto shape = db_.shape(rewritten[0]);
      if (!shape.ok()) {
        out.push_back(where + ": " + shape.error().message.substr(0, 300));
        continue;
      }
      bool same = shape.value().size() == expected.size();
      for (size_t i = 0; same && i < shape.value().size(); ++i) {
        same = shape.value()[i].type_oid == expected[i].type_oid &&
               same_column_name(shape.value()[i].name, expected[i].name);
      }
      if (same) continue;
      std::string got;
      std::string want;
      for (const auto& column : shape.value())
        got += column.name + ":" + std::to_string(column.type_oid) + " ";
      for (const auto& column : expected) want += column.name + ":" + std::to_string(column.type_oid) + " ";
      out.push_back(where + ": columns " + got + "!= PostgreSQL's " + want);
    }
    return out;
  }

  CatalogDatabase db_;
  int checked_ = 0;
};

TEST_F(PgCatalogGolden, IntrospectionAnswersAsPostgresDescribedIt) {
  for (const char* client : {"psql", "pgjdbc", "psycopg2", "psycopg3", "asyncpg", "sqlalchemy", "node-pg",
                             "postgres.js", "pgbench"}) {
    for (const std::string& difference : differences(client)) ADD_FAILURE() << difference;
  }
  // Every client's introspection is covered: the count guards against a parser that finds nothing.
  EXPECT_GE(checked_, 100);
}

}  // namespace
}  // namespace duckwire
