#include "core/result_file.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <thread>

#include "backend/duckdb/server_sql.hpp"
#include "parquet_test_support.hpp"
#include "server_test_support.hpp"

namespace duckwire {
namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;

// What a client downloads: the file's bytes, or the error it gets instead.
struct Download {
  std::string bytes;
  std::optional<Error> error;
};

asio::awaitable<Download> download(const ServerContext& server, std::string sql,
                                   std::function<void()> while_open) {
  auto job =
      std::make_shared<QueryJob>(server, Protocol::kJsonRpc, server.admission.new_owner(), std::move(sql));
  auto written = co_await write_parquet_file(server, *job);
  co_await job->close();
  if (!written) co_return Download{"", written.error()};
  std::unique_ptr<ResultFile> file = std::move(written).value();
  while_open();
  Download got;
  while (true) {
    auto piece = co_await next_file_piece(server, *file);
    if (!piece) co_return Download{"", piece.error()};
    if (piece.value().empty()) break;
    got.bytes += piece.value();
  }
  EXPECT_EQ(got.bytes.size(), file->size());
  co_return got;
}

class ResultFileTest : public ::testing::Test {
 protected:
  void start(Config config = {}) { services_.emplace(std::move(config)); }

  Result<std::string> get(
      const std::string& sql, std::function<void()> while_open = [] {}) {
    asio::io_context io;
    auto future =
        asio::co_spawn(io, download(services_->server, sql, std::move(while_open)), asio::use_future);
    io.run();
    Download got = future.get();
    if (got.error) return *got.error;
    return got.bytes;
  }

  std::vector<std::string> spool_entries() {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(spool_directory(services_->config))) {
      names.push_back(entry.path().filename().string());
    }
    return names;
  }

  // Whether the spool's bytes all came back: a file refused on the way is closed on a worker.
  bool spool_released() {
    for (int tries = 0; tries < 500 && services_->spool_files.used() != 0; ++tries) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return services_->spool_files.used() == 0;
  }

  std::string save(const std::string& bytes, const std::string& name) {
    const std::string path = scratch_.path + "/" + name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }

  std::optional<TestServer> services_;
  ScratchDirectory scratch_;
  ParquetReference reference_;
};

TEST_F(ResultFileTest, SendsTheQuerysResultAsAParquetFile) {
  start();
  const std::string sql =
      "SELECT range AS n, 'v' || range AS s, UUID '6ba7b810-9dad-11d1-80b4-00c04fd430c8' AS u, "
      "CASE WHEN range % 3 = 0 THEN NULL ELSE [range, range + 1] END AS l FROM range(300000)";
  std::vector<std::string> while_open;
  auto bytes = get(sql, [&] { while_open = spool_entries(); });
  ASSERT_TRUE(bytes) << bytes.error().message;
  EXPECT_TRUE(while_open.empty()) << "the file keeps no name once opened: " << while_open.front();
  ASSERT_GT(bytes.value().size(), 8u);
  EXPECT_EQ(bytes.value().substr(0, 4), "PAR1");
  EXPECT_EQ(bytes.value().substr(bytes.value().size() - 4), "PAR1");

  const std::string downloaded = save(bytes.value(), "downloaded.parquet");
  const std::string direct = scratch_.path + "/direct.parquet";
  reference_.run("COPY (" + sql + ") TO " + sql_literal(direct) + " (FORMAT parquet)");
  EXPECT_EQ(reference_.read_types(downloaded), reference_.read_types(direct));
  EXPECT_EQ(reference_.digest(downloaded), reference_.digest(direct));
  EXPECT_TRUE(spool_released());
  EXPECT_TRUE(spool_entries().empty());
}

// A file of about 35 MB on a server whose `bound` is 64 KiB: refused naming the flag, nothing left.
struct SpoolBound {
  uint64_t Config::*bound;
  const char* flag;
};

class ResultFileBoundTest : public ResultFileTest, public ::testing::WithParamInterface<SpoolBound> {};

TEST_P(ResultFileBoundTest, RefusesAFileOverTheBound) {
  Config config;
  config.*GetParam().bound = 64 * 1024;
  start(config);
  auto bytes = get("SELECT range AS n, md5(range::VARCHAR) AS s FROM range(1000000)");
  ASSERT_FALSE(bytes);
  EXPECT_EQ(bytes.error().kind, ErrorKind::kOutOfMemory);
  EXPECT_NE(bytes.error().message.find(GetParam().flag), std::string::npos) << bytes.error().message;
  EXPECT_TRUE(spool_released());
  EXPECT_TRUE(spool_entries().empty());
  EXPECT_TRUE(get("SELECT 1 AS small")) << "a small result still fits";
}

INSTANTIATE_TEST_SUITE_P(SpoolBounds, ResultFileBoundTest,
                         ::testing::Values(SpoolBound{&Config::spool_max_bytes, "--spool-max-bytes"},
                                           SpoolBound{&Config::spool_max_total_bytes,
                                                      "--spool-max-total-bytes"}));

TEST_F(ResultFileTest, EndsWithTheQuerysErrorMidWay) {
  start();
  auto bytes = get(
      "SELECT CASE WHEN range = 300000 THEN error('boom at 300000') ELSE range END AS n FROM range(400000)");
  ASSERT_FALSE(bytes);
  EXPECT_NE(bytes.error().message.find("boom at 300000"), std::string::npos) << bytes.error().message;
  EXPECT_TRUE(spool_entries().empty());
  EXPECT_TRUE(spool_released());
}

TEST_F(ResultFileTest, RefusesAStatementWithoutRows) {
  start();
  auto bytes = get("CREATE TABLE made AS SELECT 1 AS a");
  ASSERT_FALSE(bytes);
  EXPECT_EQ(bytes.error().message, "the statement returns no rows");
}

}  // namespace
}  // namespace duckwire
