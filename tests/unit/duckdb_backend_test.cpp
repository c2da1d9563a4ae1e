#include "backend/duckdb/duckdb_backend.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

namespace duckwire {
namespace {

std::unique_ptr<Backend> open_memory(BackendOptions options = {}) {
  std::vector<std::string> warnings;
  if (options.allowed_directories.empty()) {
    options.allowed_directories.push_back(std::filesystem::current_path().string());
  }
  auto backend = open_duckdb_backend(options, warnings);
  EXPECT_TRUE(backend.ok()) << (backend.ok() ? "" : backend.error().message);
  return std::move(backend).value();
}

int64_t count_rows(ResultStream& stream) {
  int64_t rows = 0;
  while (true) {
    auto chunk = stream.next();
    EXPECT_TRUE(chunk.ok());
    if (!chunk.ok() || !chunk.value()) return rows;
    rows += chunk.value()->rows();
  }
}

TEST(DuckdbBackend, ReportsLibraryVersion) {
  auto backend = open_memory();
  EXPECT_EQ(backend->engine_name(), "DuckDB");
  EXPECT_EQ(backend->engine_version(), "v1.5.6");
}

TEST(DuckdbBackend, StreamsQueryResultsChunkByChunk) {
  auto backend = open_memory();
  auto session = backend->connect().value();
  auto stream = session->execute("SELECT range AS n, range::VARCHAR AS s FROM range(10000)").value();
  ASSERT_TRUE(stream->returns_rows());
  ASSERT_EQ(stream->schema().columns.size(), 2u);
  EXPECT_EQ(stream->schema().columns[0].name, "n");
  EXPECT_EQ(stream->schema().columns[0].type.id, TypeId::kBigInt);
  EXPECT_EQ(stream->schema().columns[1].type.id, TypeId::kVarchar);
  EXPECT_STREQ(stream->schema().arrow->format, "+s");
  EXPECT_EQ(stream->schema().arrow->n_children, 2);
  EXPECT_STREQ(stream->schema().arrow->children[0]->format, "l");

  int64_t rows = 0;
  int chunks = 0;
  while (true) {
    auto chunk = stream->next();
    ASSERT_TRUE(chunk.ok());
    if (!chunk.value()) break;
    ++chunks;
    const ArrowArray* array = chunk.value()->array.get();
    ASSERT_EQ(array->n_children, 2);
    const auto* values = static_cast<const int64_t*>(array->children[0]->buffers[1]);
    EXPECT_EQ(values[array->children[0]->offset], rows);
    rows += array->length;
  }
  EXPECT_EQ(rows, 10000);
  EXPECT_GT(chunks, 1);
}

TEST(DuckdbBackend, ReportsChangedRowsAndStatementKinds) {
  auto backend = open_memory();
  auto session = backend->connect().value();
  auto created = session->execute("CREATE TABLE t (x INTEGER)").value();
  EXPECT_FALSE(created->returns_rows());
  EXPECT_EQ(created->kind(), StatementKind::kDdl);
  auto inserted = session->execute("INSERT INTO t SELECT * FROM range(42)").value();
  EXPECT_FALSE(inserted->returns_rows());
  EXPECT_EQ(inserted->kind(), StatementKind::kInsert);
  EXPECT_EQ(inserted->rows_changed(), 42);
  auto updated = session->execute("UPDATE t SET x = x + 1 WHERE x < 10").value();
  EXPECT_EQ(updated->rows_changed(), 10);
}

TEST(DuckdbBackend, RunsMultipleStatementsAndStreamsTheLast) {
  auto backend = open_memory();
  auto session = backend->connect().value();
  auto stream =
      session->execute("CREATE TABLE m AS SELECT 1 AS a; INSERT INTO m VALUES (2); SELECT * FROM m").value();
  EXPECT_EQ(count_rows(*stream), 2);
}

TEST(DuckdbBackend, RepeatedSqlSeesCatalogChanges) {
  auto backend = open_memory();
  auto session = backend->connect().value();
  ASSERT_TRUE(session->execute("CREATE TABLE r AS SELECT 1 AS a").ok());
  const char* sql = "SELECT * FROM r";
  for (int round = 0; round < 3; ++round) {
    auto stream = session->execute(sql).value();
    ASSERT_EQ(stream->schema().columns.size(), 1u);
    EXPECT_EQ(stream->schema().columns[0].name, "a");
    EXPECT_EQ(count_rows(*stream), 1);
  }
  // Another session replaces the table: the same SQL text must see the new shape and rows.
  auto other = backend->connect().value();
  ASSERT_TRUE(other->execute("CREATE OR REPLACE TABLE r AS SELECT 'x' AS b, 2 AS c FROM range(3)").ok());
  auto stream = session->execute(sql).value();
  ASSERT_EQ(stream->schema().columns.size(), 2u);
  EXPECT_EQ(stream->schema().columns[0].name, "b");
  EXPECT_EQ(stream->schema().columns[0].type.id, TypeId::kVarchar);
  EXPECT_EQ(count_rows(*stream), 3);
  ASSERT_TRUE(other->execute("DROP TABLE r").ok());
  auto gone = session->execute(sql);
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().kind, ErrorKind::kCatalog);
}

TEST(DuckdbBackend, ClassifiesErrors) {
  auto backend = open_memory();
  auto session = backend->connect().value();
  struct Case {
    const char* sql;
    ErrorKind kind;
  } cases[] = {
      {"SELEC 1", ErrorKind::kSyntax},
      {"SELECT * FROM missing_table", ErrorKind::kCatalog},
      {"SELECT nope FROM range(1)", ErrorKind::kMissingColumn},
      {"SELECT 'x'::INTEGER", ErrorKind::kConversion},
      {"SELECT 9223372036854775807::BIGINT + 1", ErrorKind::kOutOfRange},
  };
  for (const auto& c : cases) {
    auto result = session->execute(c.sql);
    ASSERT_FALSE(result.ok()) << c.sql;
    EXPECT_EQ(result.error().kind, c.kind) << c.sql << ": " << result.error().message;
    EXPECT_FALSE(result.error().message.empty());
  }
}

TEST(DuckdbBackend, BindsPositionalAndNamedParameters) {
  auto backend = open_memory();
  auto session = backend->connect().value();
  auto positional = session->prepare("SELECT $1::INTEGER + $2::INTEGER AS s, $3 AS t").value();
  EXPECT_EQ(positional->parameter_count(), 3u);
  Parameters parameters;
  parameters.positional = {Value{int64_t{40}}, Value{int64_t{2}}, Value{std::string("hi")}};
  auto stream = session->execute(*positional, parameters).value();
  auto chunk = stream->next().value();
  ASSERT_TRUE(chunk);
  EXPECT_EQ(static_cast<const int32_t*>(chunk->array->children[0]->buffers[1])[0], 42);

  auto named = session->prepare("SELECT $name::VARCHAR AS n").value();
  Parameters by_name;
  by_name.named = {{"name", Value{std::string("duck")}}};
  auto named_stream = session->execute(*named, by_name);
  ASSERT_TRUE(named_stream.ok()) << named_stream.error().message;
  EXPECT_EQ(count_rows(*named_stream.value()), 1);

  Parameters too_few;
  too_few.positional = {Value{int64_t{1}}};
  auto failed = session->execute(*positional, too_few);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().kind, ErrorKind::kInvalidParameter);
}

TEST(DuckdbBackend, InterruptStopsARunningQuery) {
  auto backend = open_memory();
  auto session = backend->connect().value();
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    session->interrupt();
  });
  auto result = session->execute("SELECT sum(x) FROM generate_series(1, 3000000000) t(x)");
  Error error;
  if (result.ok()) {
    auto chunk = result.value()->next();
    ASSERT_FALSE(chunk.ok());
    error = chunk.error();
  } else {
    error = result.error();
  }
  canceller.join();
  EXPECT_EQ(error.kind, ErrorKind::kInterrupted) << error.message;
  // The interrupt holds until cleared: later statements of the same call stop too.
  auto still_interrupted = session->execute("SELECT 1");
  ASSERT_FALSE(still_interrupted.ok());
  EXPECT_EQ(still_interrupted.error().kind, ErrorKind::kInterrupted);
  // Then the session is usable again.
  session->clear_interrupt();
  auto after = session->execute("SELECT 1");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(count_rows(*after.value()), 1);
}

TEST(DuckdbBackend, RestrictsFileAccessToAllowedDirectories) {
  auto allowed = std::filesystem::temp_directory_path() / "duckwire-allowed-test";
  std::filesystem::create_directories(allowed);
  BackendOptions options;
  options.allowed_directories = {allowed.string()};
  auto backend = open_memory(options);
  auto session = backend->connect().value();

  auto passwd = session->execute("SELECT * FROM read_csv('/etc/passwd')");
  ASSERT_FALSE(passwd.ok());
  EXPECT_EQ(passwd.error().kind, ErrorKind::kPermission) << passwd.error().message;

  auto copy_out = session->execute("COPY (SELECT 1) TO '/tmp/duckwire-forbidden.csv'");
  ASSERT_FALSE(copy_out.ok());
  EXPECT_FALSE(std::filesystem::exists("/tmp/duckwire-forbidden.csv"));

  auto inside = (allowed / "ok.csv").string();
  auto copy_in = session->execute("COPY (SELECT 1 AS a) TO '" + inside + "'");
  ASSERT_TRUE(copy_in.ok()) << copy_in.error().message;
  EXPECT_TRUE(std::filesystem::exists(inside));

  auto undo = session->execute("SET enable_external_access = true");
  EXPECT_FALSE(undo.ok());
  auto unlock = session->execute("SET lock_configuration = false");
  EXPECT_FALSE(unlock.ok());
  std::filesystem::remove_all(allowed);
}

TEST(DuckdbBackend, WarnsAboutExtensionsItCannotLoad) {
  std::vector<std::string> warnings;
  BackendOptions options;
  options.restrict_file_access = false;
  options.extensions = {{"json", ""}, {"no_such_extension_xyz", ""}};
  auto backend = open_duckdb_backend(options, warnings);
  ASSERT_TRUE(backend.ok());
  ASSERT_EQ(warnings.size(), 1u) << warnings[0];
  EXPECT_NE(warnings[0].find("no_such_extension_xyz"), std::string::npos);
}

}  // namespace
}  // namespace duckwire
