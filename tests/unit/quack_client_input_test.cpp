// What `duckwire query` reads: targets, table names and the CSV of --append.
#include <gtest/gtest.h>

#include <sstream>

#include "clients/quack/csv_append.hpp"
#include "clients/quack/csv_reader.hpp"
#include "clients/quack/endpoint.hpp"
#include "clients/quack/statement_results.hpp"

namespace duckwire::quack_client {
namespace {

TEST(QuackClientEndpoint, QuackTargetsAreHttpOnPort9494) {
  EXPECT_EQ(parse_endpoint("quack:localhost").value(), (Endpoint{false, "localhost", 9494, "/quack"}));
  EXPECT_EQ(parse_endpoint("quack:db.example.com:1234").value(),
            (Endpoint{false, "db.example.com", 1234, "/quack"}));
  EXPECT_EQ(parse_endpoint("QUACK:127.0.0.1").value(), (Endpoint{false, "127.0.0.1", 9494, "/quack"}));
  EXPECT_EQ(parse_endpoint("quack://h:1").value(), (Endpoint{false, "h", 1, "/quack"}));
  EXPECT_EQ(parse_endpoint("quack:[::1]").value(), (Endpoint{false, "::1", 9494, "/quack"}));
  EXPECT_EQ(parse_endpoint("quack:[::1]:9000").value(), (Endpoint{false, "::1", 9000, "/quack"}));
}

TEST(QuackClientEndpoint, UrlsKeepTheirSchemePortAndPath) {
  EXPECT_EQ(parse_endpoint("http://h").value(), (Endpoint{false, "h", 80, "/quack"}));
  EXPECT_EQ(parse_endpoint("https://h").value(), (Endpoint{true, "h", 443, "/quack"}));
  EXPECT_EQ(parse_endpoint("http://h:8080/").value(), (Endpoint{false, "h", 8080, "/quack"}));
  EXPECT_EQ(parse_endpoint("https://h:8443/api/quack").value(), (Endpoint{true, "h", 8443, "/api/quack"}));
  EXPECT_EQ(parse_endpoint("HTTPS://[2001:db8::1]:9/q").value(), (Endpoint{true, "2001:db8::1", 9, "/q"}));
}

TEST(QuackClientEndpoint, BadTargetsSayWhatIsWrong) {
  auto why = [](std::string_view target) {
    auto parsed = parse_endpoint(target);
    EXPECT_FALSE(parsed.ok()) << target;
    if (parsed.ok()) return std::string();
    EXPECT_EQ(parsed.error().kind, ErrorKind::kInvalidInput);
    const std::string& message = parsed.error().message;
    return message.substr(0, message.find(" (expected"));
  };
  EXPECT_EQ(why("localhost:9494"), "invalid target 'localhost:9494': unknown scheme");
  EXPECT_EQ(why("ftp://h"), "invalid target 'ftp://h': unknown scheme");
  EXPECT_EQ(why("quack:"), "invalid target 'quack:': no host");
  EXPECT_EQ(why("quack:h:"), "invalid target 'quack:h:': an empty port");
  EXPECT_EQ(why("quack:h:0"), "invalid target 'quack:h:0': the port must be a number from 1 to 65535");
  EXPECT_EQ(why("quack:h:65536"),
            "invalid target 'quack:h:65536': the port must be a number from 1 to 65535");
  EXPECT_EQ(why("quack:h:12x"), "invalid target 'quack:h:12x': the port must be a number from 1 to 65535");
  EXPECT_EQ(why("quack:::1"), "invalid target 'quack:::1': an IPv6 address must be in brackets");
  EXPECT_EQ(why("quack:a:1:2"), "invalid target 'quack:a:1:2': an IPv6 address must be in brackets");
  EXPECT_EQ(why("quack:[::1"), "invalid target 'quack:[::1': an IPv6 address without its closing ']'");
  EXPECT_EQ(why("quack:h/path"), "invalid target 'quack:h/path': a quack: target has no path");
  EXPECT_EQ(why("http://u:p@h/"),
            "invalid target 'http://u:p@h/': user information in the URL is not supported (use --token)");
  EXPECT_EQ(why("http://h/a?b=1"),
            "invalid target 'http://h/a?b=1': the path may not hold a query, a fragment or white space");
  EXPECT_EQ(why("http:///quack"), "invalid target 'http:///quack': no host");
  EXPECT_EQ(why("http://h/a\x01b"), "invalid target 'http://h/a\x01b': a control character");
}

TEST(QuackClientEndpoint, HostHeadersAndUrls) {
  EXPECT_EQ(host_header(Endpoint{false, "h", 80, "/quack"}), "h");
  EXPECT_EQ(host_header(Endpoint{false, "h", 9494, "/quack"}), "h:9494");
  EXPECT_EQ(host_header(Endpoint{true, "::1", 443, "/quack"}), "[::1]");
  EXPECT_EQ(to_string(Endpoint{true, "::1", 8443, "/q"}), "https://[::1]:8443/q");
}

TEST(QuackClientTableName, SchemaAndTableWithQuotes) {
  EXPECT_EQ(parse_table_name("t").value(), (TableName{"", "t"}));
  EXPECT_EQ(parse_table_name("main.t").value(), (TableName{"main", "t"}));
  EXPECT_EQ(parse_table_name("\"My Table\"").value(), (TableName{"", "My Table"}));
  EXPECT_EQ(parse_table_name("s.\"a.b\"").value(), (TableName{"s", "a.b"}));
  EXPECT_EQ(parse_table_name("\"say \"\"hi\"\"\"").value(), (TableName{"", "say \"hi\""}));
  for (const char* bad : {"", ".", "a.", ".b", "a.b.c", "\"open", "x\"y\""}) {
    EXPECT_FALSE(parse_table_name(bad).ok()) << bad;
  }
}

std::vector<std::vector<CsvField>> read_all(const std::string& text, std::string* error = nullptr) {
  std::istringstream in(text);
  CsvReader reader(in);
  std::vector<std::vector<CsvField>> records;
  std::vector<CsvField> record;
  while (true) {
    auto read = reader.next(record);
    if (!read) {
      if (error != nullptr) *error = read.error().message;
      break;
    }
    if (!read.value()) break;
    records.push_back(record);
  }
  return records;
}

CsvField plain(std::string text) {
  return CsvField{std::move(text), false};
}
CsvField quoted(std::string text) {
  return CsvField{std::move(text), true};
}

TEST(QuackClientCsv, FieldsRecordsAndQuotes) {
  using Records = std::vector<std::vector<CsvField>>;
  EXPECT_EQ(read_all("a,b\r\n1,x\n"), (Records{{plain("a"), plain("b")}, {plain("1"), plain("x")}}));
  EXPECT_EQ(read_all("a,b\n1,x"), (Records{{plain("a"), plain("b")}, {plain("1"), plain("x")}}));
  EXPECT_EQ(read_all("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n"),
            (Records{{quoted("a,b"), quoted("say \"hi\""), quoted("two\nlines")}}));
  EXPECT_EQ(read_all("1,,\"\"\n"), (Records{{plain("1"), plain(""), quoted("")}}));
  EXPECT_TRUE(read_all("1,,\"\"\n")[0][1].is_null());
  EXPECT_FALSE(read_all("1,,\"\"\n")[0][2].is_null());
  EXPECT_EQ(read_all("a\n\nb\n"), (Records{{plain("a")}, {plain("")}, {plain("b")}}));
  EXPECT_EQ(read_all("\xEF\xBB\xBFid\n1\n"), (Records{{plain("id")}, {plain("1")}}));
  EXPECT_EQ(read_all("a\rb\n"), (Records{{plain("a\rb")}}));  // a lone CR is data
  EXPECT_EQ(read_all("é,日本\n"), (Records{{plain("é"), plain("日本")}}));
  EXPECT_EQ(read_all(""), Records{});
}

TEST(QuackClientCsv, MalformedInputNamesTheLine) {
  std::string error;
  read_all("a\n\"open\nstill open", &error);
  EXPECT_EQ(error, "CSV line 3: a quoted field is not closed at the end of the input");
  read_all("a,b\n1,x\"y\n", &error);
  EXPECT_EQ(error, "CSV line 2: a quote inside an unquoted field (quote the whole field)");
  read_all("\"a\"b\n", &error);
  EXPECT_EQ(error, "CSV line 1: text after a closing quote");
  std::istringstream in("abcdef\n");
  CsvReader reader(in, 3);
  std::vector<CsvField> record;
  auto read = reader.next(record);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().message, "CSV line 1: a field larger than the limit");
}

TEST(QuackClientCsv, RecordsKnowTheLineTheyBeganOn) {
  std::istringstream in("a\n\"x\ny\"\nz\n");
  CsvReader reader(in);
  std::vector<CsvField> record;
  std::vector<uint64_t> lines;
  while (reader.next(record).value()) lines.push_back(reader.record_line());
  EXPECT_EQ(lines, (std::vector<uint64_t>{1, 2, 4}));
}

TEST(QuackClientStatementResults, CountsOfStatementsThatAreNoQueriesAreNotPrinted) {
  using quack::LogicalType;
  using Id = quack::LogicalTypeId;
  const std::vector<LogicalType> bigint = {LogicalType::of(Id::kBigInt)};
  const std::vector<LogicalType> boolean = {LogicalType::of(Id::kBoolean)};
  EXPECT_FALSE(is_printed_result("INSERT INTO t VALUES (1)", {"Count"}, bigint));
  EXPECT_FALSE(is_printed_result("  -- note\n create table t (i int)", {"Count"}, bigint));
  EXPECT_FALSE(is_printed_result("PRAGMA enable_progress_bar", {"Success"}, boolean));
  EXPECT_TRUE(is_printed_result("SELECT count(*) AS \"Count\" FROM t", {"Count"}, bigint));
  EXPECT_TRUE(is_printed_result("/* c */ (SELECT 1 AS \"Count\")", {"Count"}, bigint));
  EXPECT_TRUE(is_printed_result("with x as (select 1) from x", {"Count"}, bigint));
  EXPECT_TRUE(is_printed_result("INSERT INTO t VALUES (1) RETURNING i", {"i"}, bigint));
  EXPECT_TRUE(is_printed_result("UPDATE t SET i = 1 RETURNING i AS \"Count\"", {"Count"},
                                {LogicalType::of(Id::kInteger)}));
}

}  // namespace
}  // namespace duckwire::quack_client
