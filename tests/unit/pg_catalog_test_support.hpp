#pragma once
// A DuckDB backend with duckwire's emulated PostgreSQL catalog, and a PostgreSQL session on it, for
// the catalog's tests.

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "arrow_text_support.hpp"
#include "backend/duckdb/duckdb_backend.hpp"
#include "encode/pg_types.hpp"
#include "protocols/pgwire/catalog/catalog_setup.hpp"

namespace duckwire {

using TextRows = std::vector<std::vector<std::string>>;

struct ResultShape {
  std::string name;
  uint32_t type_oid;
};

class CatalogDatabase {
 public:
  explicit CatalogDatabase(std::vector<std::string> roles = {"shop_user"}, bool read_only = false,
                           std::string path = ":memory:") {
    static std::atomic<int> counter{0};
    catalog_file_ =
        (std::filesystem::path(::testing::TempDir()) /
         ("duckwire-catalog-test-" + std::to_string(getpid()) + "-" + std::to_string(counter++) + ".db"))
            .string();
    BackendOptions options;
    options.path = std::move(path);
    options.read_only = read_only;
    options.allowed_directories.push_back(std::filesystem::current_path().string());
    pgwire::CatalogSettings settings;
    settings.file = catalog_file_;
    settings.roles = std::move(roles);
    pgwire::add_catalog_setup(options, settings);
    std::vector<std::string> warnings;
    auto backend = open_duckdb_backend(options, warnings);
    if (!backend.ok()) {
      ADD_FAILURE() << backend.error().message;
      return;
    }
    backend_ = std::move(backend).value();
    session_ = connect();
  }

  const std::string& catalog_file() const { return catalog_file_; }
  Backend& backend() { return *backend_; }
  Session& session() { return *session_; }
  void close() {
    session_.reset();
    backend_.reset();
  }

  // A new session set up as the PostgreSQL front door sets up its sessions.
  std::unique_ptr<Session> connect(const std::string& user = "shop_user") {
    auto session = backend_->connect();
    EXPECT_TRUE(session.ok());
    for (const std::string& statement : pgwire::session_setup_statements(user)) {
      auto done = session.value()->execute(statement);
      EXPECT_TRUE(done.ok()) << statement << ": " << done.error().message;
    }
    return std::move(session).value();
  }

  Result<std::unique_ptr<ResultStream>> execute(const std::string& sql) { return session_->execute(sql); }

  // Every row of a query, each cell as DuckDB's text ("NULL" for null); on this database's
  // PostgreSQL session unless another is given.
  TextRows rows(const std::string& sql, Session* session = nullptr) {
    TextRows out;
    auto stream = (session != nullptr ? session : session_.get())
                      ->execute("SELECT COLUMNS(*)::VARCHAR FROM (" + sql + ")");
    if (!stream.ok()) {
      ADD_FAILURE() << sql << ": " << stream.error().message;
      return out;
    }
    const ResultSchema& schema = stream.value()->schema();
    while (true) {
      auto chunk = stream.value()->next();
      if (!chunk.ok() || !chunk.value()) break;
      const ArrowArray& array = *chunk.value()->array.get();
      for (int64_t row = 0; row < array.length; ++row) {
        std::vector<std::string> cells;
        for (int64_t i = 0; i < array.n_children; ++i) {
          cells.push_back(string_at(*array.children[i], schema.arrow->children[i]->format, row));
        }
        out.push_back(std::move(cells));
      }
    }
    return out;
  }

  // The first cell of the first row.
  std::string value(const std::string& sql) {
    const TextRows result = rows(sql);
    return result.empty() || result[0].empty() ? "(no rows)" : result[0][0];
  }

  // The result columns of a query as a PostgreSQL RowDescription reports them.
  Result<std::vector<ResultShape>> shape(const std::string& sql) {
    auto stream = session_->execute(sql);
    if (!stream.ok()) return stream.error();
    std::vector<ResultShape> columns;
    for (const Column& column : stream.value()->schema().columns) {
      columns.push_back({column.name, encode::pg::pg_type_of(column.type).oid});
    }
    return columns;
  }

 private:
  std::string catalog_file_;
  std::unique_ptr<Backend> backend_;
  std::unique_ptr<Session> session_;
};

}  // namespace duckwire
