// The Quack server's answers, message in and message out, over a real in-memory DuckDB.
#include <gtest/gtest.h>

#include <cstring>

#include "duckdb_test_support.hpp"
#include "protocols/quack/data_chunk_writer.hpp"
#include "protocols/quack/quack_service.hpp"

namespace duckwire::quack {
namespace {

class QuackServiceTest : public ::testing::Test {
 protected:
  QuackServiceTest() : sessions_(8, std::chrono::seconds(60)), service_(*engine_.backend, sessions_, options()) {}

  static QuackServiceOptions options() {
    QuackServiceOptions options;
    options.check_token = [](const std::string& token, const std::string&) -> Result<std::string> {
      if (token == "s3cret") return std::string("token:0");
      return Error{ErrorKind::kPermission, "Authentication failed"};
    };
    options.server_version = "v1.5.6";
    options.response_bytes = 1;  // one chunk per response
    return options;
  }
  Response send(const Message& message) {
    auto answered = service_.answer(encode(message), QuackCaller{"127.0.0.1", 5555, 1, Clock::now()});
    EXPECT_TRUE(answered.ok()) << answered.error().message;
    auto response = decode_response(answered.value().bytes);
    EXPECT_TRUE(response.ok()) << response.error().message;
    bytes_.push_back(std::move(answered).value().bytes);  // decoded chunks view these bytes
    return decode_response(bytes_.back()).value();
  }
  std::string connect() {
    const Response response = send(Message{Header{}, ConnectionRequest{"s3cret", "v1.5.2", "test", 0, 0}});
    EXPECT_TRUE(std::holds_alternative<ConnectionResponse>(response.body));
    return response.header.connection_id;
  }
  Response on(const std::string& id, MessageBody body) { return send(Message{Header{id, 7}, std::move(body)}); }
  static std::string error_of(const Response& response) {
    const auto* error = std::get_if<ErrorResponse>(&response.body);
    return error != nullptr ? error->message : "(no error)";
  }
  // An APPEND's chunk of one INTEGER column.
  static EncodedChunk numbers(std::vector<int32_t> ns) {
    DecodedChunk chunk;
    chunk.row_count = ns.size();
    chunk.types = {LogicalType::of(LogicalTypeId::kInteger)};
    DecodedVector column;
    column.count = ns.size();
    column.data.assign(reinterpret_cast<const char*>(ns.data()), ns.size() * 4);
    chunk.columns = {column};
    return encode_data_chunk(chunk).value();
  }
  static int64_t bigint(const DecodedChunk& chunk, uint64_t row) {
    int64_t value;
    std::memcpy(&value, chunk.columns[0].data.data() + row * 8, 8);
    return value;
  }

  TestEngine engine_;
  QuackSessions sessions_;
  QuackService service_;
  std::vector<std::string> bytes_;
};

TEST_F(QuackServiceTest, ConnectionChecksTheTokenAndTheVersion) {
  EXPECT_EQ(error_of(send(Message{Header{}, ConnectionRequest{"wrong", "", "", 0, 0}})), "Authentication failed");
  EXPECT_EQ(error_of(send(Message{Header{}, ConnectionRequest{}})), "Authentication failed");
  EXPECT_EQ(error_of(send(Message{Header{}, ConnectionRequest{"s3cret", "", "", 2, 3}})),
            "Quack versions [2, 3] not supported: the server speaks version 1");
  const Response ok = send(Message{Header{"", 5}, ConnectionRequest{"s3cret", "", "", 0, 0}});
  const auto& connection = std::get<ConnectionResponse>(ok.body);
  EXPECT_EQ(connection.server_duckdb_version, "v1.5.6");
  EXPECT_EQ(connection.quack_version, 1u);
  EXPECT_EQ(ok.header.connection_id.size(), 32u);
  EXPECT_EQ(ok.header.client_query_id, 5u);
}

TEST_F(QuackServiceTest, ResultsAreFetchedInOrderUntilAnEmptyListAgainAndAgain) {
  const std::string id = connect();
  const Response prepared = on(id, PrepareRequest{"SELECT range AS n FROM range(5000)"});
  const auto& first = std::get<DecodedPrepareResponse>(prepared.body);
  EXPECT_EQ(first.result_names, std::vector<std::string>{"n"});
  ASSERT_EQ(first.results.size(), 1u);
  EXPECT_TRUE(first.needs_more_fetch);
  uint64_t rows = first.results[0].row_count;
  int64_t sum = 0;
  for (uint64_t r = 0; r < first.results[0].row_count; ++r) sum += bigint(first.results[0], r);
  uint64_t batch = 1;
  while (true) {
    const Response response = on(id, FetchRequest{first.result_uuid});
    const auto& fetched = std::get<DecodedFetchResponse>(response.body);
    if (fetched.results.empty()) {
      EXPECT_EQ(fetched.batch_index, kInvalidIndex);
      break;
    }
    EXPECT_EQ(fetched.batch_index, batch++);
    for (const DecodedChunk& chunk : fetched.results) {
      ASSERT_GT(chunk.row_count, 0u);
      for (uint64_t r = 0; r < chunk.row_count; ++r) sum += bigint(chunk, r);
      rows += chunk.row_count;
    }
  }
  EXPECT_EQ(rows, 5000u);
  EXPECT_EQ(sum, 4999LL * 5000 / 2);
  const Response again = on(id, FetchRequest{first.result_uuid});
  EXPECT_TRUE(std::get<DecodedFetchResponse>(again.body).results.empty());
  EXPECT_EQ(error_of(on(id, FetchRequest{first.result_uuid + 1})), "Result has been closed");
  on(id, PrepareRequest{"SELECT 1"});
  EXPECT_EQ(error_of(on(id, FetchRequest{first.result_uuid})), "Result has been closed");
}

TEST_F(QuackServiceTest, StatementsWithoutRowsAnswerTheirCountAndErrorsLoseTheirPrefix) {
  const std::string id = connect();
  on(id, PrepareRequest{"CREATE TEMP TABLE t (i INTEGER)"});
  const Response insert = on(id, PrepareRequest{"INSERT INTO t VALUES (1), (2), (3)"});
  const auto& inserted = std::get<DecodedPrepareResponse>(insert.body);
  EXPECT_EQ(inserted.result_names, std::vector<std::string>{"Count"});
  ASSERT_EQ(inserted.results.size(), 1u);
  EXPECT_EQ(bigint(inserted.results[0], 0), 3);
  const std::string error = error_of(on(id, PrepareRequest{"SELECT * FROM no_such_table"}));
  EXPECT_EQ(error.rfind("Table with name no_such_table does not exist", 0), 0u) << error;
}

TEST_F(QuackServiceTest, AppendCastsIntoTheTableAndTempTablesAreTheConnections) {
  const std::string id = connect();
  on(id, PrepareRequest{"CREATE TEMP TABLE items (n BIGINT, name VARCHAR)"});
  DecodedChunk chunk;
  chunk.row_count = 2;
  chunk.types = {LogicalType::of(LogicalTypeId::kInteger), LogicalType::of(LogicalTypeId::kVarchar)};
  DecodedVector numbers;
  numbers.count = 2;
  const int32_t values[2] = {7, 9};
  numbers.data.assign(reinterpret_cast<const char*>(values), sizeof values);
  DecodedVector names;
  names.count = 2;
  names.strings = {"seven", ""};
  names.validity = {0b01};  // the second name is NULL
  chunk.columns = {numbers, names};
  auto encoded = encode_data_chunk(chunk);
  ASSERT_TRUE(encoded.ok()) << encoded.error().message;
  const Response appended = on(id, AppendRequest{"", "items", encoded.value()});
  EXPECT_TRUE(std::holds_alternative<SuccessResponse>(appended.body)) << error_of(appended);
  const Response sums = on(id, PrepareRequest{"SELECT sum(n), count(name) FROM items"});
  const auto& read = std::get<DecodedPrepareResponse>(sums.body);
  ASSERT_EQ(read.results.size(), 1u);
  EXPECT_EQ(read.result_types[0].id, LogicalTypeId::kHugeInt);  // sum(BIGINT)
  EXPECT_EQ(bigint(read.results[0], 0), 16);             // the lower half
  int64_t names_counted;
  std::memcpy(&names_counted, read.results[0].columns[1].data.data(), 8);
  EXPECT_EQ(names_counted, 1);
  const std::string elsewhere = error_of(on(connect(), AppendRequest{"", "items", encoded.value()}));
  EXPECT_NE(elsewhere.find("items does not exist"), std::string::npos) << elsewhere;  // another's TEMP table
  EXPECT_TRUE(std::holds_alternative<SuccessResponse>(on(id, AppendRequest{"", "items", std::nullopt}).body));
}

TEST_F(QuackServiceTest, AFailingAppendAddsNothingInsideOrOutsideATransaction) {
  const std::string id = connect();
  on(id, PrepareRequest{"CREATE TABLE keyed (k INTEGER PRIMARY KEY, v INTEGER CHECK (v < 100))"});
  auto keys = [](std::vector<int32_t> ks, std::vector<int32_t> vs) {
    DecodedChunk chunk;
    chunk.row_count = ks.size();
    chunk.types = {LogicalType::of(LogicalTypeId::kInteger), LogicalType::of(LogicalTypeId::kInteger)};
    DecodedVector first, second;
    first.count = second.count = ks.size();
    first.data.assign(reinterpret_cast<const char*>(ks.data()), ks.size() * 4);
    second.data.assign(reinterpret_cast<const char*>(vs.data()), vs.size() * 4);
    chunk.columns = {first, second};
    return encode_data_chunk(chunk).value();
  };
  auto count = [&] {
    const Response counted = on(id, PrepareRequest{"SELECT count(*)::BIGINT FROM keyed"});
    return bigint(std::get<DecodedPrepareResponse>(counted.body).results.at(0), 0);
  };
  EXPECT_NE(error_of(on(id, AppendRequest{"", "keyed", keys({1, 2, 2}, {0, 0, 0})})).find("constraint"),
            std::string::npos);
  EXPECT_EQ(count(), 0);
  EXPECT_NE(error_of(on(id, AppendRequest{"", "keyed", keys({1, 2, 3}, {0, 0, 100})})).find("CHECK"),
            std::string::npos);
  EXPECT_EQ(count(), 0);
  EXPECT_TRUE(std::holds_alternative<SuccessResponse>(on(id, AppendRequest{"", "keyed", keys({1, 2}, {0, 0})}).body));
  EXPECT_EQ(count(), 2);
  on(id, PrepareRequest{"BEGIN TRANSACTION"});
  EXPECT_TRUE(std::holds_alternative<SuccessResponse>(on(id, AppendRequest{"", "keyed", keys({3, 4}, {0, 0})}).body));
  EXPECT_NE(error_of(on(id, AppendRequest{"", "keyed", keys({5, 6}, {0, 500})})), "(no error)");
  on(id, PrepareRequest{"ROLLBACK"});
  EXPECT_EQ(count(), 2);
}

TEST_F(QuackServiceTest, AppendsInATransactionAreSeenByTheNextQueryAndRolledBackWithIt) {
  const std::string id = connect();
  on(id, PrepareRequest{"CREATE TABLE a (n INTEGER); CREATE TABLE b (n INTEGER)"});
  auto words = [] {
    DecodedChunk chunk;
    chunk.row_count = 1;
    chunk.types = {LogicalType::of(LogicalTypeId::kVarchar)};
    DecodedVector column;
    column.count = 1;
    column.strings = {"seven"};
    chunk.columns = {column};
    return encode_data_chunk(chunk).value();
  };
  auto sum = [&](const char* sql) {
    const Response summed = on(id, PrepareRequest{sql});
    return bigint(std::get<DecodedPrepareResponse>(summed.body).results.at(0), 0);
  };
  on(id, PrepareRequest{"BEGIN TRANSACTION"});
  for (const auto& [table, chunk] : {std::pair{"a", numbers({1, 2})}, std::pair{"a", numbers({3})},
                                     std::pair{"b", numbers({10})}, std::pair{"a", numbers({4})}}) {
    const Response appended = on(id, AppendRequest{"", table, chunk});
    EXPECT_TRUE(std::holds_alternative<SuccessResponse>(appended.body)) << error_of(appended);
  }
  // A value that does not cast is refused by its own APPEND, even inside a transaction.
  const std::string refused = error_of(on(id, AppendRequest{"", "a", words()}));
  EXPECT_NE(refused.find("seven"), std::string::npos) << refused;
  on(id, PrepareRequest{"ROLLBACK"});
  on(id, PrepareRequest{"BEGIN TRANSACTION"});
  on(id, AppendRequest{"", "a", numbers({1, 2})});
  on(id, AppendRequest{"", "b", numbers({10})});
  on(id, AppendRequest{"", "a", numbers({4})});
  EXPECT_EQ(sum("SELECT (sum(n) * 100 + count(*))::BIGINT FROM a"), 703);
  EXPECT_EQ(sum("SELECT sum(n)::BIGINT FROM b"), 10);
  on(id, PrepareRequest{"ROLLBACK"});
  EXPECT_EQ(sum("SELECT (SELECT count(*) FROM a) + (SELECT count(*) FROM b)"), 0);
  on(id, PrepareRequest{"BEGIN TRANSACTION"});
  on(id, AppendRequest{"", "a", numbers({5})});
  on(id, PrepareRequest{"COMMIT"});
  EXPECT_EQ(sum("SELECT sum(n)::BIGINT FROM a"), 5);
}

TEST_F(QuackServiceTest, AppendsIntoAnOpenAppenderAreAnsweredFirstAndAppendedBeforeAnythingElse) {
  const std::string id = connect();
  on(id, PrepareRequest{"CREATE TABLE t (n INTEGER)"});
  auto append = [&](std::vector<int32_t> ns) {
    auto answered = service_.answer(encode(Message{Header{id, 7}, AppendRequest{"", "t", numbers(std::move(ns))}}),
                                    QuackCaller{"127.0.0.1", 5555, 1, Clock::now()});
    EXPECT_TRUE(answered.ok());
    EXPECT_TRUE(std::holds_alternative<SuccessResponse>(decode_response(answered.value().bytes).value().body));
    return answered.value().append_later;
  };
  auto total = [&] {
    const Response summed = on(id, PrepareRequest{"SELECT (sum(n) * 100 + count(*))::BIGINT FROM t"});
    return bigint(std::get<DecodedPrepareResponse>(summed.body).results.at(0), 0);
  };
  EXPECT_FALSE(append({1}));  // outside a transaction: appended before the answer
  on(id, PrepareRequest{"BEGIN TRANSACTION"});
  EXPECT_FALSE(append({2}));  // opens the transaction's appender
  EXPECT_TRUE(append({3}));     // taken ahead: a writer is to append it
  service_.finish_append(id);   // the writer, as the listener starts it while the client sends more
  EXPECT_TRUE(append({4}));
  EXPECT_FALSE(append({5, 6}));  // taken too, for the writer on its way
  EXPECT_EQ(total(), 2106);      // the query's turn appends them first: 21 in 6 rows
  on(id, PrepareRequest{"ROLLBACK"});
  EXPECT_EQ(total(), 101);
  on(id, PrepareRequest{"BEGIN TRANSACTION"});
  EXPECT_FALSE(append({7}));
  EXPECT_TRUE(append({8}));
  EXPECT_EQ(std::get<SuccessResponse>(on(id, DisconnectMessage{}).body), SuccessResponse{});
  const std::string other = connect();
  const Response after = on(other, PrepareRequest{"SELECT (sum(n) * 100 + count(*))::BIGINT FROM t"});
  EXPECT_EQ(bigint(std::get<DecodedPrepareResponse>(after.body).results.at(0), 0), 101);  // rolled back
}

TEST_F(QuackServiceTest, DisconnectEndsTheConnectionAndBadMessagesAreAnswered) {
  const std::string id = connect();
  EXPECT_TRUE(std::holds_alternative<SuccessResponse>(on(id, DisconnectMessage{}).body));
  EXPECT_EQ(error_of(on(id, PrepareRequest{"SELECT 1"})), "Invalid connection id");
  EXPECT_EQ(error_of(on("nope", PrepareRequest{"SELECT 1"})), "Invalid connection id");
  EXPECT_EQ(error_of(send(Message{Header{id, 1}, SuccessResponse{}})), "Unsupported message type for server");
  EXPECT_FALSE(service_.answer("not quack at all", QuackCaller{}).ok());
}

TEST_F(QuackServiceTest, AnIdleConnectionIsClosedAndItsTransactionRolledBack) {
  const std::string id = connect();
  on(id, PrepareRequest{"CREATE TABLE kept (n INTEGER)"});
  on(id, PrepareRequest{"BEGIN TRANSACTION"});
  on(id, PrepareRequest{"INSERT INTO kept VALUES (1), (2)"});
  EXPECT_EQ(service_.close_idle(Clock::now()), 0u);
  EXPECT_EQ(service_.close_idle(Clock::now() + std::chrono::minutes(2)), 1u);
  EXPECT_EQ(error_of(on(id, PrepareRequest{"COMMIT"})), "Invalid connection id");
  const Response counted = on(connect(), PrepareRequest{"SELECT count(*) FROM kept"});
  EXPECT_EQ(bigint(std::get<DecodedPrepareResponse>(counted.body).results[0], 0), 0);
}

// Every type the spec lists, with a NULL row and a row of empty values, read and appended back.
constexpr const char* kEveryType = R"sql(
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE source AS SELECT * FROM (VALUES
  (true, -8::TINYINT, -16::SMALLINT, -32, -64::BIGINT, -170141183460469231731687303715884105727::HUGEINT,
   8::UTINYINT, 16::USMALLINT, 32::UINTEGER, 64::UBIGINT, 340282366920938463463374607431768211455::UHUGEINT,
   1.5::FLOAT, -2.25::DOUBLE, 123.4::DECIMAL(4,1), 1234567.89::DECIMAL(9,2), 123456789012345.678::DECIMAL(18,3),
   -12345678901234567890123456789012.3456::DECIMAL(38,4), 'text ü', 'chars'::CHAR(5), '\xAA\x00'::BLOB,
   '10110'::BIT, '-123456789012345678901234567890'::BIGNUM, '6ba7b810-9dad-11d1-80b4-00c04fd430c8'::UUID,
   DATE '2026-11-27', TIME '12:34:56.789', '12:34:56.123456789'::TIME_NS, '12:34:56+05:30'::TIMETZ,
   TIMESTAMP_S '2026-11-27 01:02:03', TIMESTAMP_MS '2026-11-27 01:02:03.004',
   TIMESTAMP '2026-11-27 01:02:03.000004', TIMESTAMP_NS '2026-11-27 01:02:03.000000005',
   TIMESTAMPTZ '2026-11-27 01:02:03+00', INTERVAL '1 year 2 days 3 seconds', 'happy'::mood, 'b'::ENUM('a', 'b'),
   [1, NULL, 3], [[1], [], NULL], {'a': 1, 'b': 'x'}, MAP {'k': 1, 'l': NULL}, [1, 2, 3]::INTEGER[3],
   union_value(num := 7)::UNION(num INTEGER, str VARCHAR)),
  (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
   NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
   NULL, NULL, NULL),
  (false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '', '', ''::BLOB, '0'::BIT, '0'::BIGNUM,
   '00000000-0000-0000-0000-000000000000'::UUID, DATE '1970-01-01', TIME '00:00:00', '00:00:00'::TIME_NS,
   '00:00:00+00'::TIMETZ, TIMESTAMP_S '1970-01-01', TIMESTAMP_MS '1970-01-01', TIMESTAMP '1970-01-01',
   TIMESTAMP_NS '1970-01-01', TIMESTAMPTZ '1970-01-01 00:00:00+00', INTERVAL '0 seconds', 'sad', 'a', [], [],
   {'a': NULL, 'b': ''}, MAP {}, [NULL, NULL, NULL]::INTEGER[3], union_value(str := '')::UNION(num INTEGER, str VARCHAR))
) AS t(b, ti, si, i, bi, hi, uti, usi, ui, ubi, uhi, f, d, d4, d9, d18, d38, v, c, bl, bt, bn, u, dt, tm, tmns, ttz,
       ts_s, ts_ms, ts, ts_ns, tstz, iv, mood_value, plain_enum, l, nested, st, mp, arr, un);
CREATE TABLE copy AS SELECT * FROM source LIMIT 0
)sql";

TEST_F(QuackServiceTest, AppendOfEveryTypeGivesBackTheSameValues) {
  const std::string id = connect();
  for (std::string_view rest = kEveryType; !rest.empty();) {
    const size_t end = rest.find(';');
    const std::string statement(rest.substr(0, end));
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    const Response done = on(id, PrepareRequest{statement});
    ASSERT_FALSE(std::holds_alternative<ErrorResponse>(done.body)) << error_of(done) << "\n" << statement;
  }
  const Response read = on(id, PrepareRequest{"SELECT * FROM source"});
  ASSERT_FALSE(std::holds_alternative<ErrorResponse>(read.body)) << error_of(read);
  const DecodedChunk& original = std::get<DecodedPrepareResponse>(read.body).results.at(0);
  ASSERT_EQ(original.row_count, 3u);
  auto encoded = encode_data_chunk(original);
  ASSERT_TRUE(encoded.ok()) << encoded.error().message;
  const Response appended = on(id, AppendRequest{"", "copy", encoded.value()});
  ASSERT_TRUE(std::holds_alternative<SuccessResponse>(appended.body)) << error_of(appended);
  const Response again = on(id, PrepareRequest{"SELECT * FROM copy"});
  const DecodedChunk& copied = std::get<DecodedPrepareResponse>(again.body).results.at(0);
  ASSERT_EQ(copied.columns.size(), original.columns.size());
  for (size_t column = 0; column < original.columns.size(); ++column) {
    EXPECT_EQ(copied.types[column], original.types[column]) << column;
    EXPECT_EQ(copied.columns[column], original.columns[column]) << "column " << column;
  }
  const Response differences =
      on(id, PrepareRequest{"SELECT count(*) FROM (SELECT * EXCLUDE (mp, un) FROM source EXCEPT ALL "
                            "SELECT * EXCLUDE (mp, un) FROM copy)"});
  EXPECT_EQ(bigint(std::get<DecodedPrepareResponse>(differences.body).results.at(0), 0), 0);
}

// A program's backend that lets no client write, through the authorization hook.
class NoWrites final : public Backend {
 public:
  explicit NoWrites(Backend& engine) : engine_(engine) {}
  Result<std::unique_ptr<Session>> connect() override { return engine_.connect(); }
  std::string engine_name() const override { return engine_.engine_name(); }
  std::string engine_version() const override { return engine_.engine_version(); }
  Result<void> checkpoint() override { return {}; }
  Result<void> on_connect(const ClientInfo&) override { return {}; }
  void on_disconnect(const ClientInfo&) override {}
  bool authorizes_statements() const override { return true; }
  Result<void> authorize(const ClientInfo& client, const StatementToAuthorize& statement) override {
    asked.push_back(client.user + " " + std::to_string(statement.index));
    if (statement.kind == StatementKind::kQuery) return {};
    return Error{ErrorKind::kPermission, "only queries, please"};
  }
  std::vector<std::string> asked;

 private:
  Backend& engine_;
};

TEST_F(QuackServiceTest, AnAuthorizingBackendSeesEveryStatementBeforeItRuns) {
  NoWrites backend(*engine_.backend);
  QuackSessions sessions(8, std::chrono::seconds(60));
  QuackService service(backend, sessions, options());
  std::vector<std::string> kept;
  auto send_to = [&](const Message& message) {
    kept.push_back(service.answer(encode(message), QuackCaller{"10.0.0.1", 1, 2, Clock::now()}).value().bytes);
    return decode_response(kept.back()).value();
  };
  const std::string id = send_to(Message{Header{}, ConnectionRequest{"s3cret", "", "", 0, 0}}).header.connection_id;
  const Response read = send_to(Message{Header{id, 1}, PrepareRequest{"SELECT 41; SELECT 42 AS n"}});
  const auto& rows = std::get<DecodedPrepareResponse>(read.body);
  EXPECT_EQ(rows.result_names, std::vector<std::string>{"n"});
  int32_t value;
  std::memcpy(&value, rows.results[0].columns[0].data.data(), 4);
  EXPECT_EQ(value, 42);
  EXPECT_EQ(error_of(send_to(Message{Header{id, 2}, PrepareRequest{"SELECT 1; CREATE TABLE t (n INTEGER)"}})),
            "only queries, please");
  EXPECT_EQ(backend.asked, (std::vector<std::string>{"token:0 0", "token:0 1", "token:0 0", "token:0 1"}));
  EXPECT_NE(error_of(send_to(Message{Header{id, 3}, PrepareRequest{"SELECT * FROM t"}})).find("t does not exist"),
            std::string::npos);
}

}  // namespace
}  // namespace duckwire::quack
