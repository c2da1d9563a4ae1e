#include "core/result_spool.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <boost/asio/io_context.hpp>

#include "config/config.hpp"
#include "core/metrics.hpp"

namespace duckwire {
namespace {

namespace fs = std::filesystem;

class ResultSpoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / ("duckwire-spool-test-" + std::to_string(::getpid()));
    fs::create_directories(base_);
    config_.cache_dir = base_.string();
    ASSERT_TRUE(prepare_spool_directory(config_).ok());
  }
  void TearDown() override { fs::remove_all(base_); }

  // Everything the spool hands back, in order.
  static std::string read_all(ResultSpool& spool) {
    std::string out;
    while (spool.next_in_memory()) out += spool.take_from_memory();
    while (true) {
      auto piece = spool.read_from_file(3);
      EXPECT_TRUE(piece.ok());
      if (!piece || piece.value().empty()) break;
      out += piece.value();
    }
    return out;
  }

  void put(ResultSpool& spool, std::string piece) {
    if (!spool.keep(piece)) {
      ASSERT_TRUE(spool.spill(piece).ok());
    }
  }

  // An allowance with `memory` bytes of memory and no room in files.
  SpoolAllowance& allowance(uint64_t memory) {
    allowance_.emplace(io_.get_executor(), memory, 0, total_);
    return *allowance_;
  }

  fs::path base_;
  Config config_;
  boost::asio::io_context io_;
  Metrics metrics_;
  SpoolFileTotal total_{0, metrics_};
  std::optional<SpoolAllowance> allowance_;
};

TEST_F(ResultSpoolTest, KeepsWhatFitsTheBudgetInMemoryAndTheRestInAFileInOrder) {
  ResultSpool spool(spool_directory(config_), allowance(10));
  put(spool, "abcd");
  put(spool, "efgh");
  put(spool, "ijkl");  // over the budget: to the file
  put(spool, "mn");    // fits the budget, but once spilling everything goes to the file
  EXPECT_EQ(read_all(spool), "abcdefghijklmn");
}

TEST_F(ResultSpoolTest, GivesItsMemoryBackAndLeavesNoFileBehind) {
  SpoolBudget& budget = allowance(8).memory();
  {
    ResultSpool spool(spool_directory(config_), *allowance_);
    put(spool, "12345678");
    put(spool, std::string(100'000, 'x'));
    EXPECT_FALSE(budget.take(1)) << "the spool holds the whole budget";
    // The file has no name: nothing in the directory SQL could open.
    EXPECT_TRUE(fs::is_empty(spool_directory(config_)));
  }
  EXPECT_TRUE(budget.take(8)) << "the budget came back when the spool was destroyed";
  EXPECT_TRUE(fs::is_empty(spool_directory(config_)));
}

TEST_F(ResultSpoolTest, AnEmptyResultReadsAsTheEnd) {
  ResultSpool spool(spool_directory(config_), allowance(8));
  put(spool, "");
  EXPECT_FALSE(spool.next_in_memory());
  EXPECT_EQ(read_all(spool), "");
}

TEST_F(ResultSpoolTest, TheSpoolDirectoryIsInTheCacheDirectoryOwnedByTheServerAndCleanedAtStartup) {
  const fs::path directory = spool_directory(config_);
  EXPECT_EQ(directory, base_ / "spool");
  EXPECT_EQ(fs::status(directory).permissions() & fs::perms::all, fs::perms::owner_all);
  { std::ofstream(directory / "spool-abc123") << "left by a crash"; }
  ASSERT_TRUE(prepare_spool_directory(config_).ok());
  EXPECT_TRUE(fs::is_empty(directory));
}

}  // namespace
}  // namespace duckwire
