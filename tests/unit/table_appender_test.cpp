#include "backend/table_appender.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "backend/duckdb/duckdb_backend.hpp"

namespace duckwire {
namespace {

std::unique_ptr<Backend> open_memory() {
  std::vector<std::string> warnings;
  BackendOptions options;
  options.allowed_directories.push_back(std::filesystem::current_path().string());
  auto backend = open_duckdb_backend(options, warnings);
  EXPECT_TRUE(backend.ok());
  return std::move(backend).value();
}

std::string scalar(Session& session, const std::string& sql) {
  auto stream = session.execute(sql);
  EXPECT_TRUE(stream.ok()) << (stream.ok() ? "" : stream.error().message);
  auto chunk = stream.value()->next();
  EXPECT_TRUE(chunk.ok() && chunk.value());
  const ArrowArray* column = chunk.value()->array->children[0];
  const auto* offsets = static_cast<const int32_t*>(column->buffers[1]);
  const auto* data = static_cast<const char*>(column->buffers[2]);
  return std::string(data + offsets[0], offsets[1] - offsets[0]);
}

TEST(TableAppender, AppendsRowsToTheNamedColumnsWithDefaultsForTheRest) {
  auto backend = open_memory();
  auto session = backend->connect().value();
  ASSERT_TRUE(
      session
          ->execute("CREATE SCHEMA sales; CREATE TABLE sales.t (id INTEGER, note VARCHAR DEFAULT 'd', "
                    "amount DECIMAL(10,2))")
          .ok());
  auto appender = session->append_to({"sales", "t"}, {"amount", "id"});
  ASSERT_TRUE(appender.ok()) << appender.error().message;
  ASSERT_EQ((*appender)->columns().size(), 2u);
  EXPECT_EQ((*appender)->columns()[0].name, "amount");
  EXPECT_EQ((*appender)->columns()[0].type.id, TypeId::kDecimal);
  size_t failed = 99;
  ASSERT_TRUE((*appender)->append_row({Value{std::string("1.25")}, Value{int64_t{1}}}, &failed).ok());
  ASSERT_TRUE((*appender)->append_row({Value{NullValue{}}, Value{std::string("2")}}, &failed).ok());
  ASSERT_TRUE((*appender)->finish().ok());
  EXPECT_EQ(scalar(*session,
                   "SELECT string_agg(id || ':' || note || ':' || coalesce(amount::VARCHAR, 'null'), ',' "
                   "ORDER BY id) FROM sales.t"),
            "1:d:1.25,2:d:null");
}

TEST(TableAppender, AValueThatDoesNotFitNamesItsColumn) {
  auto backend = open_memory();
  auto session = backend->connect().value();
  ASSERT_TRUE(session->execute("CREATE TABLE t (a INTEGER, b INTEGER)").ok());
  auto appender = session->append_to({"t"}, {});
  ASSERT_TRUE(appender.ok());
  size_t failed = 99;
  auto appended = (*appender)->append_row({Value{int64_t{1}}, Value{std::string("abc")}}, &failed);
  ASSERT_FALSE(appended.ok());
  EXPECT_EQ(failed, 1u);
  EXPECT_EQ(appended.error().kind, ErrorKind::kConversion) << appended.error().message;
}

TEST(TableAppender, UnknownTablesAndColumnsFailUpFront) {
  auto backend = open_memory();
  auto session = backend->connect().value();
  ASSERT_TRUE(session->execute("CREATE TABLE t (a INTEGER)").ok());
  auto missing = session->append_to({"nope"}, {});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kCatalog);
  auto column = session->append_to({"t"}, {"zz"});
  ASSERT_FALSE(column.ok());
  EXPECT_EQ(column.error().kind, ErrorKind::kMissingColumn);
}

}  // namespace
}  // namespace duckwire

namespace duckwire {
namespace {

TEST(TableAppender, RowsBelongToTheSessionsTransaction) {
  auto backend = open_memory();
  auto session = backend->connect().value();
  ASSERT_TRUE(session->execute("CREATE TABLE t (a INTEGER)").ok());
  ASSERT_TRUE(session->execute("BEGIN").ok());
  auto appender = session->append_to({"t"}, {});
  ASSERT_TRUE(appender.ok());
  ASSERT_TRUE((*appender)->append_row({Value{int64_t{1}}}, nullptr).ok());
  ASSERT_TRUE((*appender)->finish().ok());
  ASSERT_TRUE(session->execute("ROLLBACK").ok());
  EXPECT_EQ(scalar(*session, "SELECT count(*)::VARCHAR FROM t"), "0");
}

}  // namespace
}  // namespace duckwire
