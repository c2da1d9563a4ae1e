#include <gtest/gtest.h>

#include "protocols/quack/appends_ahead.hpp"

namespace duckwire::quack {
namespace {

const std::vector<std::string> kTable{"main", "t"};

TakenAppend append_of(std::vector<LogicalType> types, std::string table = "t", int64_t tag = 0) {
  TakenAppend append;
  append.message = std::make_shared<const std::string>(std::to_string(tag));
  append.request.schema_name = "main";
  append.request.table_name = std::move(table);
  DecodedChunk chunk;
  chunk.types = std::move(types);
  append.request.chunk = std::move(chunk);
  return append;
}

std::vector<LogicalType> integers() { return {LogicalType::of(LogicalTypeId::kInteger)}; }

TEST(AppendsAheadTest, TakesOnlyWhatWasAcceptedAndUntilStopped) {
  AppendsAhead ahead(1000);
  bool start_writer = false;
  TakenAppend first = append_of(integers());
  EXPECT_FALSE(ahead.take(first, kTable, 10, start_writer));  // nothing accepted yet
  EXPECT_TRUE(first.request.chunk.has_value());               // left as it was
  ahead.accept(kTable, integers());
  TakenAppend other_table = append_of(integers(), "u");
  EXPECT_FALSE(ahead.take(other_table, {"main", "u"}, 10, start_writer));
  TakenAppend other_columns = append_of({LogicalType::of(LogicalTypeId::kBigInt)});
  EXPECT_FALSE(ahead.take(other_columns, kTable, 10, start_writer));
  EXPECT_TRUE(ahead.take(first, kTable, 10, start_writer));
  EXPECT_TRUE(start_writer);
  ahead.stop();
  TakenAppend late = append_of(integers());
  EXPECT_FALSE(ahead.take(late, kTable, 10, start_writer));
  EXPECT_TRUE(ahead.next().has_value());  // what was taken stays until appended
  EXPECT_FALSE(ahead.next().has_value());
}

TEST(AppendsAheadTest, KeepsOrderAndStartsOneWriterUntilItFindsNothingLeft) {
  AppendsAhead ahead(1000);
  ahead.accept(kTable, integers());
  bool start_writer = false;
  for (int64_t tag = 1; tag <= 3; ++tag) {
    TakenAppend append = append_of(integers(), "t", tag);
    ASSERT_TRUE(ahead.take(append, kTable, 10, start_writer));
    EXPECT_EQ(start_writer, tag == 1);
  }
  for (const char* tag : {"1", "2", "3"}) {
    auto next = ahead.next();
    ASSERT_TRUE(next.has_value());
    EXPECT_EQ(*next->message, tag);
  }
  EXPECT_FALSE(ahead.next().has_value());  // the writer stops here
  TakenAppend append = append_of(integers(), "t", 4);
  ASSERT_TRUE(ahead.take(append, kTable, 10, start_writer));
  EXPECT_TRUE(start_writer);
}

TEST(AppendsAheadTest, IsBoundedInBytesButAlwaysTakesOne) {
  AppendsAhead ahead(100);
  ahead.accept(kTable, integers());
  bool start_writer = false;
  TakenAppend big = append_of(integers());
  EXPECT_TRUE(ahead.take(big, kTable, 500, start_writer));  // alone, whatever its size
  TakenAppend more = append_of(integers());
  EXPECT_FALSE(ahead.take(more, kTable, 1, start_writer));
  ASSERT_TRUE(ahead.next().has_value());
  EXPECT_TRUE(ahead.take(more, kTable, 60, start_writer));
  TakenAppend third = append_of(integers());
  EXPECT_FALSE(ahead.take(third, kTable, 60, start_writer));  // 120 > 100
  ahead.discard();
  EXPECT_FALSE(ahead.next().has_value());
  EXPECT_TRUE(ahead.take(third, kTable, 60, start_writer));
}

}  // namespace
}  // namespace duckwire::quack
