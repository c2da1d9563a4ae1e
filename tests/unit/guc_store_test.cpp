#include "protocols/pgwire/commands/guc_store.hpp"

#include <gtest/gtest.h>

namespace duckwire::pgwire::commands {
namespace {

SetCommand set_of(std::string name, std::vector<std::string> values, bool local = false) {
  return SetCommand{local, std::move(name), values, std::vector<bool>(values.size(), false)};
}

SettingChange changed(GucStore& store, SetCommand command) {
  auto outcome = store.set(command);
  if (auto* error = std::get_if<CommandError>(&outcome)) {
    ADD_FAILURE() << error->message;
    return {};
  }
  return std::get<SettingChange>(outcome);
}

CommandError refused(GucStore& store, SetCommand command) {
  auto outcome = store.set(command);
  if (!std::holds_alternative<CommandError>(outcome)) {
    ADD_FAILURE() << command.name << " was accepted";
    return {};
  }
  return std::get<CommandError>(outcome);
}

TEST(GucStoreTest, DefaultsAsPostgreSQLShowsThem) {
  GucStore store;
  EXPECT_EQ(store.value("datestyle"), "ISO, MDY");
  EXPECT_EQ(store.value("TIMEZONE"), "UTC");
  EXPECT_EQ(store.value("statement_timeout"), "0");
  EXPECT_EQ(store.value("transaction_isolation"), "read committed");
  EXPECT_EQ(store.value("standard_conforming_strings"), "on");
  EXPECT_EQ(store.value("no_such_setting"), std::nullopt);
  EXPECT_EQ(store.value("my.unset"), std::nullopt);
}

TEST(GucStoreTest, SetNormalisesValuesAndReportsWhatClientsTrack) {
  GucStore store;
  EXPECT_EQ(changed(store, set_of("statement_timeout", {"5s"})),
            (SettingChange{"statement_timeout", "5s", false}));
  EXPECT_EQ(changed(store, set_of("statement_timeout", {"1500"})).value, "1500ms");
  EXPECT_EQ(changed(store, set_of("statement_timeout", {"2min"})).value, "2min");
  EXPECT_EQ(changed(store, set_of("statement_timeout", {"120000"})).value, "2min");
  EXPECT_EQ(timeout_milliseconds(*store.value("statement_timeout")), 120000);
  EXPECT_EQ(changed(store, set_of("application_name", {"psql"})),
            (SettingChange{"application_name", "psql", true}));
  EXPECT_EQ(changed(store, set_of("datestyle", {"iso", "dmy"})),
            (SettingChange{"DateStyle", "ISO, DMY", true}));
  EXPECT_EQ(changed(store, set_of("datestyle", {"ISO"})).value, "ISO, DMY");
  EXPECT_EQ(changed(store, set_of("client_encoding", {"unicode"})).value, "UTF8");
  EXPECT_EQ(changed(store, set_of("client_encoding", {"'utf-8'"})).value, "UTF8");  // asyncpg's startup value
  EXPECT_EQ(changed(store, set_of("extra_float_digits", {"3"})).value, "3");
  EXPECT_EQ(changed(store, set_of("standard_conforming_strings", {"true"})).value, "on");
  EXPECT_EQ(changed(store, set_of("default_transaction_isolation", {"SERIALIZABLE"})).value, "serializable");
  SetCommand path{false, "search_path", {"public", "Sales Data"}, {false, true}};
  EXPECT_EQ(changed(store, path).value, "public, \"Sales Data\"");
  EXPECT_EQ(changed(store, set_of("timezone", {"europe/paris"})), (SettingChange{"TimeZone", "Europe/Paris", true}));
  EXPECT_EQ(changed(store, set_of("myapp.user_id", {"42"})), (SettingChange{"myapp.user_id", "42", false}));
  EXPECT_EQ(store.value("MyApp.User_Id"), "42");
}

TEST(GucStoreTest, RefusesWhatDuckwireCannotHonour) {
  GucStore store;
  EXPECT_EQ(refused(store, set_of("datestyle", {"German"})).sqlstate, "22023");
  EXPECT_EQ(store.value("DateStyle"), "ISO, MDY");  // unchanged: pgJDBC closes on a non-ISO DateStyle
  EXPECT_EQ(refused(store, set_of("client_encoding", {"latin1"})).sqlstate, "22023");
  EXPECT_EQ(refused(store, set_of("TimeZone", {"Nowhere/X"})).message, "invalid value for parameter \"TimeZone\": \"Nowhere/X\"");
  EXPECT_EQ(refused(store, set_of("intervalstyle", {"iso_8601"})).sqlstate, "22023");
  EXPECT_EQ(refused(store, set_of("standard_conforming_strings", {"off"})).sqlstate, "22023");
  EXPECT_EQ(refused(store, set_of("bytea_output", {"escape"})).sqlstate, "22023");
  EXPECT_EQ(refused(store, set_of("extra_float_digits", {"5"})).message,
            "5 is outside the valid range for parameter \"extra_float_digits\" (-15 .. 3)");
  EXPECT_EQ(refused(store, set_of("statement_timeout", {"abc"})).message,
            "invalid value for parameter \"statement_timeout\": \"abc\"");
  EXPECT_EQ(refused(store, set_of("statement_timeout", {"-1"})).sqlstate, "22023");
  EXPECT_EQ(refused(store, set_of("application_name", {"a", "b"})).message,
            "SET application_name takes only one argument");
  EXPECT_EQ(refused(store, set_of("server_version", {"16"})).sqlstate, "55P02");
  EXPECT_EQ(refused(store, set_of("nonsense", {"1"})).sqlstate, "42704");
}

TEST(GucStoreTest, StartupValuesAreTheDefaultsResetReturnsTo) {
  GucStore store;
  ASSERT_FALSE(store.set_default("application_name", "app"));
  ASSERT_FALSE(store.set_default("server_version", "15.0"));
  changed(store, set_of("application_name", {"other"}));
  auto reset = store.reset("application_name");
  EXPECT_EQ(std::get<SettingChange>(reset), (SettingChange{"application_name", "app", true}));
  EXPECT_TRUE(store.set_default("DateStyle", "SQL"));
  EXPECT_EQ(store.set_default("bogus", "1")->sqlstate, "42704");
}

TEST(GucStoreTest, ResetAllRestoresDefaultsAndListsTheChanges) {
  GucStore store;
  changed(store, set_of("TimeZone", {"Europe/Paris"}));
  changed(store, set_of("extra_float_digits", {"3"}));
  const auto changes = store.reset_all();
  EXPECT_EQ(changes,
            (std::vector<SettingChange>{{"TimeZone", "UTC", true}, {"extra_float_digits", "1", false}}));
  EXPECT_EQ(store.value("TimeZone"), "UTC");
}

TEST(GucStoreTest, SetLocalEndsWithTheTransaction) {
  GucStore store;
  store.begin_transaction({});
  changed(store, set_of("TimeZone", {"Asia/Tokyo"}, true));
  EXPECT_EQ(store.value("timezone"), "Asia/Tokyo");
  EXPECT_EQ(store.end_transaction(true), (std::vector<SettingChange>{{"TimeZone", "UTC", true}}));
  EXPECT_EQ(store.value("timezone"), "UTC");
}

TEST(GucStoreTest, RollbackTakesTheTransactionsSetsBack) {
  GucStore store;
  changed(store, set_of("statement_timeout", {"1s"}));
  store.begin_transaction({});
  changed(store, set_of("statement_timeout", {"9s"}));
  changed(store, set_of("a.b", {"x"}));
  const auto changes = store.end_transaction(false);
  EXPECT_EQ(changes, (std::vector<SettingChange>{{"statement_timeout", "1s", false}}));
  EXPECT_EQ(store.value("statement_timeout"), "1s");
  EXPECT_EQ(store.value("a.b"), std::nullopt);

  store.begin_transaction({});
  changed(store, set_of("statement_timeout", {"9s"}));
  EXPECT_TRUE(store.end_transaction(true).empty());
  EXPECT_EQ(store.value("statement_timeout"), "9s");
}

TEST(GucStoreTest, TransactionModesShowInsideTheirTransaction) {
  GucStore store;
  changed(store, set_of("default_transaction_isolation", {"repeatable read"}));
  EXPECT_EQ(store.value("transaction_isolation"), "repeatable read");
  store.begin_transaction(TransactionModes{IsolationLevel::kSerializable, true, std::nullopt});
  EXPECT_EQ(store.value("transaction_isolation"), "serializable");
  EXPECT_EQ(store.value("transaction_read_only"), "on");
  store.end_transaction(true);
  EXPECT_EQ(store.value("transaction_isolation"), "repeatable read");
  EXPECT_EQ(store.value("transaction_read_only"), "off");
}

TEST(GucStoreTest, ShowAllListsEverySettingByName) {
  GucStore store;
  changed(store, set_of("zz.custom", {"1"}));
  const auto all = store.all();
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all.front().first, "application_name");
  EXPECT_EQ(all.back(), (std::pair<std::string, std::string>{"zz.custom", "1"}));
  const auto reported = store.reported();
  EXPECT_TRUE(std::find(reported.begin(), reported.end(), SettingChange{"DateStyle", "ISO, MDY", true}) !=
              reported.end());
}

}  // namespace
}  // namespace duckwire::pgwire::commands
