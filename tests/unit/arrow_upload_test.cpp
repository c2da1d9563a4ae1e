#include "protocols/sqlrooms/arrow_upload.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <filesystem>

#include "encode/arrow_ipc_writer.hpp"
#include "server_test_support.hpp"

namespace duckwire {
namespace {

using sqlrooms::is_upload_frame;
using sqlrooms::UploadOutcome;

std::string frame_of(std::string_view header, std::string_view ipc) {
  const auto length = static_cast<uint32_t>(header.size());
  std::string frame{static_cast<char>(length >> 24), static_cast<char>(length >> 16),
                    static_cast<char>(length >> 8), static_cast<char>(length)};
  return frame + std::string(header) + std::string(ipc);
}

// The services an upload needs, around an in-memory database.
class ArrowUploadHandler : public ::testing::Test {
 protected:
  ArrowUploadHandler() : services_(Config{}, options()) {}

  static BackendOptions options() {
    BackendOptions options;
    options.allowed_directories.push_back(std::filesystem::current_path().string());
    return options;
  }

  UploadOutcome upload(std::string frame) {
    boost::asio::io_context io;
    auto outcome = boost::asio::co_spawn(
        io, sqlrooms::upload_arrow_frame(server_, admission_.new_owner(), std::move(frame)),
        boost::asio::use_future);
    io.run();
    return outcome.get();
  }

  std::string ipc_of(const std::string& sql) {
    auto session = backend_->connect().value();
    auto stream = session->execute(sql).value();
    encode::ArrowIpcWriter writer(*stream->schema().arrow.get(), encode::ArrowIpcFormat::kStream);
    std::string out;
    writer.begin(out);
    while (auto chunk = stream->next().value()) writer.write(*chunk->array.get(), out);
    writer.finish(out);
    return out;
  }

  int64_t count(const std::string& table) {
    auto session = backend_->connect().value();
    auto stream = session->execute("SELECT count(*) FROM " + table);
    if (!stream) return -1;
    auto chunk = stream.value()->next();
    if (!chunk || !chunk.value()) return -1;
    const ArrowArray& column = *chunk.value()->array->children[0];
    return static_cast<const int64_t*>(column.buffers[1])[column.offset];
  }

  TestServer services_;
  std::unique_ptr<Backend>& backend_ = services_.backend;
  Admission& admission_ = services_.admission;
  ServerContext& server_ = services_.server;
  ActiveQueries& active_ = services_.active;
};

TEST(ArrowUploadFrame, RecognizesUploadHeadersOnly) {
  EXPECT_TRUE(is_upload_frame(frame_of(R"({"type":"uploadArrow","tableName":"t"})", "")));
  EXPECT_TRUE(is_upload_frame(frame_of(R"({"type":"uploadArrow"})", "\xFF\xFF")));
  EXPECT_FALSE(is_upload_frame(frame_of(R"({"type":"arrow","sql":"SELECT 1"})", "")));
  EXPECT_FALSE(is_upload_frame(R"({"type":"uploadArrow","tableName":"t"})"));  // JSON text, no prefix
  EXPECT_FALSE(is_upload_frame(frame_of("not json", "")));
  EXPECT_FALSE(is_upload_frame(std::string("\0\0\0\x50{}", 6)));  // length beyond the frame
  EXPECT_FALSE(is_upload_frame(""));
}

TEST_F(ArrowUploadHandler, CreatesTheTableAndReportsItsRows) {
  const std::string ipc = ipc_of("SELECT range AS n, 'v' || range AS s FROM range(3000)");
  UploadOutcome outcome =
      upload(frame_of(R"({"type":"uploadArrow","queryId":"q1","tableName":"uploaded"})", ipc));
  ASSERT_TRUE(outcome.ok) << outcome.error;
  EXPECT_EQ(outcome.query_id, "\"q1\"");
  EXPECT_EQ(outcome.table, "uploaded");
  EXPECT_EQ(outcome.rows, 3000);
  EXPECT_EQ(count("uploaded"), 3000);

  outcome = upload(
      frame_of(R"({"type":"uploadArrow","queryId":7,"tableName":"uploaded"})", ipc_of("SELECT 1 AS n")));
  ASSERT_TRUE(outcome.ok) << outcome.error;
  EXPECT_EQ(outcome.query_id, "7");
  EXPECT_EQ(count("uploaded"), 1);  // replaced

  // A numeric queryId is echoed as written; one beyond the double range is no header at all.
  outcome = upload(
      frame_of(R"({"type":"uploadArrow","queryId":7.50,"tableName":"uploaded"})", ipc_of("SELECT 1 AS n")));
  ASSERT_TRUE(outcome.ok) << outcome.error;
  EXPECT_EQ(outcome.query_id, "7.50");
  outcome = upload(frame_of(R"({"type":"uploadArrow","queryId":1e999999,"tableName":"uploaded"})",
                            ipc_of("SELECT 1 AS n")));
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.query_id, "");
  EXPECT_EQ(outcome.error, "invalid message: not an uploadArrow frame");
}

TEST_F(ArrowUploadHandler, ExplainsWhatIsWrong) {
  const std::string ipc = ipc_of("SELECT 1 AS n");
  UploadOutcome outcome = upload(frame_of(R"({"type":"uploadArrow","queryId":"q"})", ipc));
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.query_id, "\"q\"");
  EXPECT_EQ(outcome.error, "invalid message: missing tableName");

  outcome = upload(frame_of(R"({"type":"uploadArrow","tableName":5})", ipc));
  EXPECT_EQ(outcome.error, "invalid message: tableName must be a non-empty string");
  EXPECT_EQ(outcome.query_id, "");

  outcome = upload(frame_of(R"({"type":"uploadArrow","queryId":{},"tableName":"t"})", ipc));
  EXPECT_EQ(outcome.error, "invalid message: queryId must be a string or a number");

  outcome = upload(frame_of(R"({"type":"uploadArrow","queryId":"q","tableName":"t"})", ipc.substr(0, 20)));
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.error.rfind("invalid Arrow IPC stream: truncated", 0), 0u) << outcome.error;

  outcome = upload(frame_of(R"({"type":"uploadArrow","queryId":"q","tableName":"nowhere.t"})", ipc));
  EXPECT_FALSE(outcome.ok);
  EXPECT_NE(outcome.error.find("nowhere"), std::string::npos) << outcome.error;
}

TEST_F(ArrowUploadHandler, RefusesUploadsOnceShutdownBegins) {
  active_.close_and_interrupt();
  UploadOutcome outcome =
      upload(frame_of(R"({"type":"uploadArrow","tableName":"t"})", ipc_of("SELECT 1 AS n")));
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.error, "server is shutting down");
}

}  // namespace
}  // namespace duckwire
