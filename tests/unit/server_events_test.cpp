#include "core/server_events.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <memory>
#include <vector>

namespace duckwire {
namespace {

namespace json = boost::json;

class Recorder : public Subscriber {
 public:
  explicit Recorder(std::string viewer = {}) : viewer_(std::move(viewer)) {}
  void deliver(const std::string& channel, const std::string& payload_json, FanoutShare) override {
    channels.push_back(channel);
    payloads.push_back(json::parse(payload_json).as_object());
  }
  void drop_too_slow() override { dropped = true; }
  std::string_view viewer() const override { return viewer_; }

  std::vector<std::string> channels;
  std::vector<json::object> payloads;
  bool dropped = false;

 private:
  std::string viewer_;
};

QueryCompleted completed(std::string principal) {
  QueryCompleted event;
  event.query_id = "q7";
  event.sql = "SELECT 42";
  event.principal = std::move(principal);
  event.protocol = Protocol::kPostgres;
  event.success = true;
  event.rows_returned = 1;
  event.execution_time_ms = 2.5;
  return event;
}

TEST(ServerEvents, QueryCompletedCarriesItsOutcome) {
  ServerEvents events(false);
  auto subscriber = std::make_shared<Recorder>();
  events.subscribe(ServerEvents::kQueryCompleted, subscriber);
  events.query_completed(completed(""));
  ASSERT_EQ(subscriber->payloads.size(), 1u);
  EXPECT_EQ(subscriber->channels[0], "query_completed");
  const json::object& data = subscriber->payloads[0];
  EXPECT_EQ(data.at("query_id"), "q7");
  EXPECT_EQ(data.at("sql"), "SELECT 42");
  EXPECT_EQ(data.at("success"), true);
  EXPECT_EQ(data.at("rows_returned").as_int64(), 1);
  EXPECT_EQ(data.at("execution_time_ms").as_double(), 2.5);
  EXPECT_EQ(data.at("protocol"), "postgres");
  EXPECT_FALSE(data.contains("error"));
}

TEST(ServerEvents, WithAuthenticationOnlyTheOwnerSeesTheSql) {
  ServerEvents events(true);
  auto owner = std::make_shared<Recorder>("user:ann");
  auto other = std::make_shared<Recorder>("user:bob");
  events.subscribe(ServerEvents::kQueryCompleted, owner);
  events.subscribe(ServerEvents::kQueryCompleted, other);
  events.query_completed(completed("user:ann"));
  ASSERT_EQ(owner->payloads.size(), 1u);
  ASSERT_EQ(other->payloads.size(), 1u);
  EXPECT_EQ(owner->payloads[0].at("sql"), "SELECT 42");
  EXPECT_TRUE(other->payloads[0].at("sql").is_null());
  EXPECT_EQ(other->payloads[0].at("query_id"), "q7");
  // A statement whose principal is not known shows its SQL to nobody.
  events.query_completed(completed(""));
  EXPECT_TRUE(owner->payloads[1].at("sql").is_null());
  EXPECT_TRUE(other->payloads[1].at("sql").is_null());
}

TEST(ServerEvents, UnnamedQueriesAreNumberedAndUnsubscribedHearNothing) {
  ServerEvents events(false);
  auto subscriber = std::make_shared<Recorder>();
  events.subscribe(ServerEvents::kQueryCompleted, subscriber);
  QueryCompleted event = completed("");
  event.query_id.clear();
  event.success = false;
  event.error = "boom";
  events.query_completed(event);
  ASSERT_EQ(subscriber->payloads.size(), 1u);
  EXPECT_EQ(std::string(subscriber->payloads[0].at("query_id").as_string()).substr(0, 2), "q-");
  EXPECT_EQ(subscriber->payloads[0].at("error"), "boom");
  events.unsubscribe(ServerEvents::kQueryCompleted, subscriber.get());
  events.query_completed(event);
  EXPECT_EQ(subscriber->payloads.size(), 1u);
}

TEST(SqlPreview, KeepsTwoHundredCharactersWithoutSplittingOne) {
  EXPECT_EQ(sql_preview("SELECT 1"), "SELECT 1");
  EXPECT_EQ(sql_preview(std::string(300, 'x')), std::string(200, 'x'));
  std::string accented;
  for (int i = 0; i < 250; ++i) accented += "\xC3\xA9";  // é
  const std::string preview = sql_preview(accented);
  EXPECT_EQ(preview.size(), 400u);
  EXPECT_EQ(preview.substr(398), "\xC3\xA9");
}

}  // namespace
}  // namespace duckwire
