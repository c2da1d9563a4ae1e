// The PostgreSQL front door's pure parts: message framing and parsing with their bounds, the SCRAM
// server exchange, SQLSTATEs and error positions, command tags, settings and network ranges.
#include <gtest/gtest.h>

#include <string>
#include <variant>
#include <vector>

#include "core/scram.hpp"
#include "protocols/pgwire/backend_messages.hpp"
#include "protocols/pgwire/frontend_messages.hpp"
#include "protocols/pgwire/message_writer.hpp"
#include "protocols/pgwire/pg_error.hpp"
#include "protocols/pgwire/scram_exchange.hpp"
#include "protocols/pgwire/session_settings.hpp"
#include "protocols/pgwire/statement_words.hpp"
#include "util/base64.hpp"
#include "util/network_range.hpp"

namespace duckwire::pgwire {
namespace {

std::string int32_bytes(int32_t value) {
  std::string out;
  append_int32(out, value);
  return out;
}

std::string int16_bytes(int16_t value) {
  std::string out;
  append_int16(out, value);
  return out;
}

std::string cstr(std::string_view text) {
  return std::string(text) + '\0';
}

TEST(PgwireCodec, BackendMessagesCarryTheirLength) {
  std::string out;
  append_command_complete(out, "SELECT 1");
  EXPECT_EQ(out, std::string("C") + int32_bytes(13) + cstr("SELECT 1"));
  out.clear();
  append_ready_for_query(out, TransactionStatus::kFailed);
  EXPECT_EQ(out, std::string("Z") + int32_bytes(5) + "E");
}

TEST(PgwireCodec, ErrorResponseFields) {
  std::string out;
  PgError error = make_pg_error("42P01", "no such table");
  error.position = 15;
  append_error_response(out, error);
  const std::string body = cstr("SERROR") + cstr("VERROR") + cstr("C42P01") + cstr("Mno such table") +
                           cstr("P15") + std::string(1, '\0');
  EXPECT_EQ(out, std::string("E") + int32_bytes(static_cast<int32_t>(body.size() + 4)) + body);
}

TEST(PgwireCodec, StartupPacketKinds) {
  auto ssl = parse_startup_packet(int32_bytes(kSslRequestCode));
  ASSERT_TRUE(ssl);
  EXPECT_TRUE(std::holds_alternative<SslRequest>(ssl.value()));
  auto cancel = parse_startup_packet(int32_bytes(kCancelRequestCode) + int32_bytes(1234) + int32_bytes(-7));
  ASSERT_TRUE(cancel);
  EXPECT_EQ(std::get<CancelRequest>(cancel.value()).process_id, 1234);
  EXPECT_EQ(std::get<CancelRequest>(cancel.value()).secret, -7);
  auto startup = parse_startup_packet(int32_bytes(196608) + cstr("user") + cstr("alice") + cstr("options") +
                                      cstr("-c x=y") + std::string(1, '\0'));
  ASSERT_TRUE(startup);
  const auto& message = std::get<StartupMessage>(startup.value());
  EXPECT_EQ(message.minor, 0);
  ASSERT_NE(message.find("user"), nullptr);
  EXPECT_EQ(*message.find("user"), "alice");
  EXPECT_EQ(*message.find("options"), "-c x=y");
}

TEST(PgwireCodec, StartupPacketRefusals) {
  auto old = parse_startup_packet(int32_bytes(2 << 16) + std::string(1, '\0'));
  ASSERT_FALSE(old);
  EXPECT_EQ(old.error().message, "unsupported frontend protocol 2.0: server supports 3.0 to 3.0");
  EXPECT_FALSE(parse_startup_packet(int32_bytes(196608) + cstr("user")));  // no value, no terminator
  EXPECT_FALSE(parse_startup_packet(int32_bytes(196608) + cstr("user") + cstr("a")));  // no terminator
  EXPECT_FALSE(parse_startup_packet(int32_bytes(kCancelRequestCode) + int32_bytes(1)));
  EXPECT_FALSE(parse_startup_packet("ab"));
}

TEST(PgwireCodec, NewerMinorVersionsAndProtocolExtensionsAreParsed) {
  auto startup =
      parse_startup_packet(int32_bytes((3 << 16) | 2) + cstr("_pq_.x") + cstr("1") + std::string(1, '\0'));
  ASSERT_TRUE(startup);
  EXPECT_EQ(std::get<StartupMessage>(startup.value()).minor, 2);
}

TEST(PgwireCodec, ParseAndBind) {
  auto parse = parse_parse(cstr("s1") + cstr("select $1") + int16_bytes(1) + int32_bytes(23));
  ASSERT_TRUE(parse);
  EXPECT_EQ(parse.value().statement, "s1");
  EXPECT_EQ(parse.value().parameter_types, std::vector<uint32_t>{23});

  auto bind = parse_bind(cstr("") + cstr("s1") + int16_bytes(1) + int16_bytes(1) + int16_bytes(2) +
                         int32_bytes(2) + "42" + int32_bytes(-1) + int16_bytes(1) + int16_bytes(1));
  ASSERT_TRUE(bind);
  EXPECT_EQ(bind.value().parameter_formats, std::vector<int16_t>{1});
  ASSERT_EQ(bind.value().parameters.size(), 2u);
  EXPECT_EQ(bind.value().parameters[0], "42");
  EXPECT_FALSE(bind.value().parameters[1].has_value());
  EXPECT_EQ(bind.value().result_formats, std::vector<int16_t>{1});
}

TEST(PgwireCodec, BindCountsAreCheckedAgainstTheBytesPresent) {
  // 32767 parameters declared, a few bytes present: refused before anything is reserved.
  auto huge =
      parse_bind(cstr("") + cstr("") + int16_bytes(0) + int16_bytes(32767) + int32_bytes(1 << 30) + "x");
  ASSERT_FALSE(huge);
  EXPECT_EQ(huge.error().kind, ErrorKind::kInvalidInput);
  EXPECT_FALSE(parse_bind(cstr("") + cstr("") + int16_bytes(-1)));
  EXPECT_FALSE(parse_bind(cstr("") + cstr("") + int16_bytes(0) + int16_bytes(1) + int32_bytes(10) + "short"));
  EXPECT_FALSE(
      parse_bind(cstr("") + cstr("") + int16_bytes(0) + int16_bytes(0) + int16_bytes(3) + int16_bytes(0)));
  EXPECT_FALSE(parse_parse(cstr("") + cstr("q") + int16_bytes(3) + int32_bytes(23)));
}

TEST(PgwireCodec, DescribeExecuteClose) {
  EXPECT_EQ(parse_describe("P" + cstr("c1")).value().kind, 'P');
  EXPECT_FALSE(parse_describe("X" + cstr("c1")));
  EXPECT_EQ(parse_execute(cstr("") + int32_bytes(5)).value().max_rows, 5);
  EXPECT_FALSE(parse_execute(cstr("")));
  EXPECT_EQ(parse_close("S" + cstr("s")).value().name, "s");
  EXPECT_FALSE(parse_query("no terminator"));
}

TEST(PgwireCodec, FormatCodes) {
  EXPECT_EQ(format_for({}, 2, 3), 0);
  EXPECT_EQ(format_for({1}, 2, 3), 1);
  EXPECT_EQ(format_for({0, 1, 0}, 1, 3), 1);
  EXPECT_FALSE(format_for({0, 1}, 1, 3));
  EXPECT_FALSE(format_for({2}, 0, 1));
}

// RFC 7677 section 3 (user "user", password "pencil"), as PostgreSQL carries it in SASL messages.
TEST(PgwireScram, ServerSideOfTheRfc7677Exchange) {
  const ScramSecret secret = derive_scram_secret("pencil", [] {
    const std::string salt = *base64_decode("W22ZaJ0SNY7soEsUEjb6gQ==");
    return std::vector<uint8_t>(salt.begin(), salt.end());
  }());
  ScramServerExchange exchange(secret, "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0");
  auto first = exchange.server_first("n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
  ASSERT_TRUE(first);
  EXPECT_EQ(first.value(),
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
  auto final_message = exchange.server_final(
      "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+"
      "Ute9ytag9zjfMHgsqmmiz7AndVQ=");
  ASSERT_TRUE(final_message);
  EXPECT_EQ(final_message.value(), "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
}

TEST(PgwireScram, WrongProofsAndMalformedMessages) {
  const ScramSecret secret = derive_scram_secret("pencil", std::vector<uint8_t>(16, 1));
  ScramServerExchange exchange(secret, "server-nonce");
  ASSERT_TRUE(exchange.server_first("n,,n=,r=abc"));
  auto wrong = exchange.server_final("c=biws,r=abcserver-nonce,p=" + base64_encode(std::string(32, 'x')));
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().kind, ErrorKind::kPermission);
  auto other_nonce = exchange.server_final("c=biws,r=abcother,p=" + base64_encode(std::string(32, 'x')));
  ASSERT_FALSE(other_nonce);
  EXPECT_EQ(other_nonce.error().kind, ErrorKind::kInvalidInput);

  ScramServerExchange binding(secret, "n");
  auto refused = binding.server_first("p=tls-server-end-point,,n=,r=abc");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kPermission);
  ScramServerExchange garbage(secret, "n");
  EXPECT_FALSE(garbage.server_first("hello"));
  EXPECT_FALSE(garbage.server_final("c=biws,r=x,p=AAAA"));
}

TEST(PgwireErrors, SqlstatesFromErrorKinds) {
  EXPECT_STREQ(sqlstate_of(ErrorKind::kSyntax, ""), "42601");
  EXPECT_STREQ(sqlstate_of(ErrorKind::kCatalog, "Catalog Error: Table with name x does not exist!"), "42P01");
  EXPECT_STREQ(sqlstate_of(ErrorKind::kCatalog, "Catalog Error: Scalar Function with name f does not exist!"),
               "42883");
  EXPECT_STREQ(sqlstate_of(ErrorKind::kCatalog, "Catalog Error: Table with name t already exists!"), "42P07");
  EXPECT_STREQ(sqlstate_of(ErrorKind::kConstraint, "violates foreign key constraint"), "23503");
  EXPECT_STREQ(sqlstate_of(ErrorKind::kConstraint, "Duplicate key"), "23505");
  EXPECT_STREQ(sqlstate_of(ErrorKind::kTransactionConflict, ""), "40001");
  EXPECT_STREQ(sqlstate_of(ErrorKind::kInterrupted, ""), "57014");
  EXPECT_STREQ(sqlstate_of(ErrorKind::kInternal, ""), "XX000");
  const PgError coded =
      pg_error_from(Error{ErrorKind::kInvalidInput, "cursor \"c\" does not exist", "34000"});
  EXPECT_EQ(coded.code, "34000");
}

TEST(PgwireErrors, PositionFromDuckDbsCaret) {
  const std::string statement = "select 1\nfrom nope";
  const PgError error = pg_error_from(
      Error{ErrorKind::kCatalog,
            "Catalog Error: Table with name nope does not exist!\n\nLINE 2: from nope\n             ^"},
      statement);
  EXPECT_EQ(error.message, "Catalog Error: Table with name nope does not exist!");
  ASSERT_TRUE(error.position.has_value());
  EXPECT_EQ(*error.position, static_cast<int>(statement.find("nope")) + 1);
  const PgError invalidated =
      pg_error_from(Error{ErrorKind::kInternal, "FATAL Error: database has been invalidated"});
  EXPECT_TRUE(invalidated.fatal());
}

TEST(PgwireTags, CommandTagsAsPostgresWritesThem) {
  EXPECT_EQ(command_tag("select * from t", StatementKind::kQuery, true, 3), "SELECT 3");
  EXPECT_EQ(command_tag("insert into t values (1)", StatementKind::kInsert, false, 1), "INSERT 0 1");
  EXPECT_EQ(command_tag("update t set a = 1", StatementKind::kUpdate, false, 2), "UPDATE 2");
  EXPECT_EQ(command_tag("delete from t", StatementKind::kDelete, false, 0), "DELETE 0");
  EXPECT_EQ(command_tag("CREATE UNIQUE INDEX i ON t(a)", StatementKind::kDdl, false, 0), "CREATE INDEX");
  EXPECT_EQ(command_tag("create or replace temp view v as select 1", StatementKind::kDdl, false, 0),
            "CREATE VIEW");
  EXPECT_EQ(command_tag("/* hi */ drop table t", StatementKind::kDdl, false, 0), "DROP TABLE");
  EXPECT_EQ(command_tag("start transaction", StatementKind::kTransaction, false, 0), "START TRANSACTION");
  EXPECT_EQ(command_tag("end", StatementKind::kTransaction, false, 0), "COMMIT");
  EXPECT_EQ(command_tag("copy t from 'f.csv'", StatementKind::kOther, false, 5), "COPY 5");
  EXPECT_EQ(command_tag("truncate a, b", StatementKind::kDelete, false, 3), "TRUNCATE TABLE");
  EXPECT_EQ(command_tag("(select 1)", StatementKind::kQuery, true, 1), "SELECT 1");
  EXPECT_EQ(transaction_verb("ROLLBACK TO SAVEPOINT a"), TransactionVerb::kNone);
  EXPECT_EQ(transaction_verb("abort"), TransactionVerb::kRollback);
  EXPECT_EQ(transaction_verb("-- c\nBEGIN"), TransactionVerb::kBegin);
}

TEST(PgwireSettings, DefaultsReportedAndCaseInsensitive) {
  SessionSettings settings("15.4");
  EXPECT_EQ(settings.get("SERVER_VERSION"), "15.4");
  EXPECT_EQ(settings.set("timezone", "Europe/Paris"), "TimeZone");
  EXPECT_EQ(settings.time_zone(), "Europe/Paris");
  EXPECT_TRUE(SessionSettings::is_reported("datestyle"));
  EXPECT_FALSE(SessionSettings::is_reported("search_path"));
  EXPECT_EQ(settings.reported().size(), 13u);
  const auto reset = settings.store().reset("TimeZone");
  ASSERT_TRUE(std::holds_alternative<commands::SettingChange>(reset));
  EXPECT_EQ(std::get<commands::SettingChange>(reset).name, "TimeZone");
  EXPECT_EQ(settings.time_zone(), "Europe/Paris");  // a startup value is what RESET returns to
}

TEST(NetworkRangeTest, ContainsAddressesOfItsPrefix) {
  const auto ten = NetworkRange::parse("10.0.0.0/8");
  ASSERT_TRUE(ten);
  EXPECT_TRUE(ten->contains("10.1.2.3"));
  EXPECT_TRUE(ten->contains("::ffff:10.1.2.3"));
  EXPECT_FALSE(ten->contains("11.0.0.1"));
  EXPECT_FALSE(ten->contains("::1"));
  EXPECT_TRUE(NetworkRange::parse("::1/128")->contains("::1"));
  EXPECT_TRUE(NetworkRange::parse("127.0.0.1")->contains("127.0.0.1"));
  EXPECT_FALSE(NetworkRange::parse("127.0.0.1")->contains("127.0.0.2"));
  EXPECT_TRUE(NetworkRange::parse("0.0.0.0/0")->contains("8.8.8.8"));
  for (const char* bad : {"10.0.0.0/33", "nonsense", "10.0.0.0/", "::1/129", "1.2.3.4/-1"}) {
    EXPECT_FALSE(NetworkRange::parse(bad)) << bad;
  }
}

}  // namespace
}  // namespace duckwire::pgwire
