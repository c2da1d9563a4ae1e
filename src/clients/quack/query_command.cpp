#include "clients/quack/query_command.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <iterator>
#include <map>
#include <optional>
#include <string>

#include "clients/quack/csv_append.hpp"
#include "clients/quack/quack_client.hpp"
#include "clients/quack/result_printer.hpp"
#include "clients/quack/statement_results.hpp"
#include "core/sql_statements.hpp"

namespace duckwire::quack_client {

namespace {

constexpr int kFailed = 1;
constexpr int kUsage = 2;

constexpr std::string_view kDescription =
    "Runs SQL on a Quack server (duckwire's, or a DuckDB running quack_serve) and prints each statement's "
    "result, or loads CSV from standard input into a table with --append.";
constexpr std::string_view kFooter =
    "TARGET: quack:HOST[:PORT] (plain HTTP, port 9494 by default), http://HOST[:PORT][/PATH] or\n"
    "https://HOST[:PORT][/PATH] (POST to /quack unless a path is given).\n"
    "SQL: one or more statements separated by ';', run in order; without SQL (and without --append) the\n"
    "statements are read from standard input. Put -- before SQL that starts with '-'.\n"
    "The token can also come from the environment variable DUCKWIRE_QUACK_TOKEN.";

struct CommandLine {
  std::string target;
  std::optional<std::string> sql;
  std::string token;
  std::string format = "table";
  bool insecure = false;
  std::string ca_file;
  std::string append_table;
  uint64_t max_rows = 40;
};

const std::map<std::string, OutputFormat>& formats() {
  static const std::map<std::string, OutputFormat> kFormats = {
      {"table", OutputFormat::kTable}, {"csv", OutputFormat::kCsv}, {"json", OutputFormat::kJson}};
  return kFormats;
}

std::string first_line(std::string_view text) {
  return std::string(text.substr(0, text.find('\n')));
}

int usage_error(std::ostream& err, std::string_view message) {
  err << "duckwire query: " << message << " (see duckwire query --help)" << std::endl;
  return kUsage;
}

int failure(std::ostream& err, const Error& error) {
  err << "Error: " << error.message;
  if (error.kind == ErrorKind::kUnavailable &&
      error.message.find("certificate verify failed") != std::string::npos) {
    err << " (--cacert FILE trusts a certificate, --insecure accepts any)";
  }
  err << std::endl;
  return kFailed;
}

// Runs each statement and prints its result (statement_results.hpp says which); the first failure ends
// the run.
Result<void> run_statements(QuackClient& client, const std::vector<std::string>& statements,
                            ResultPrinter& printer) {
  for (const std::string& statement : statements) {
    auto result = client.query(statement);
    if (!result) return result.error();
    const bool printed = is_printed_result(statement, result->names(), result->types());
    if (printed) printer.begin(result->names(), result->types());
    while (true) {
      auto chunk = result->next_chunk();
      if (!chunk) return chunk.error();
      if (chunk.value() == nullptr) break;
      if (printed) printer.add(*chunk.value());
    }
    if (printed) printer.finish();
  }
  return {};
}

}  // namespace

int run_query_command(int argc, const char* const argv[], std::istream& in, std::ostream& out,
                      std::ostream& err) {
  CommandLine command;
  CLI::App app{std::string(kDescription), "duckwire query"};
  app.footer(std::string(kFooter));
  app.get_formatter()->column_width(30);
  app.add_option("TARGET", command.target, "The Quack server")->required();
  app.add_option("SQL", command.sql, "The statements to run");
  app.add_option("--token", command.token, "The server's access token")
      ->type_name("TOKEN")
      ->envname("DUCKWIRE_QUACK_TOKEN");
  app.add_option("--format", command.format, "How results are printed: table (default), csv or json")
      ->type_name("FORMAT")
      ->check(CLI::IsMember({"table", "csv", "json"}));
  app.add_flag("--insecure", command.insecure, "Accept any TLS certificate (e.g. a self-signed test one)");
  app.add_option("--cacert", command.ca_file, "Trust the TLS certificates in this PEM file")
      ->type_name("FILE")
      ->check(CLI::ExistingFile);
  app.add_option("--append", command.append_table,
                 "Load CSV (a header row of column names, then rows) from standard input into this table")
      ->type_name("TABLE");
  app.add_option("--max-rows", command.max_rows,
                 "table: show the first and last half of this many rows of a longer result; 0 shows all")
      ->type_name("N");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return 0;
  } catch (const CLI::ParseError& error) {
    return usage_error(err, first_line(error.what()));
  }

  const auto endpoint = parse_endpoint(command.target);
  if (!endpoint) return usage_error(err, endpoint.error().message);
  std::optional<TableName> append_to;
  if (!command.append_table.empty()) {
    if (command.sql) return usage_error(err, "--append reads CSV from standard input and takes no SQL");
    auto table = parse_table_name(command.append_table);
    if (!table) return usage_error(err, table.error().message);
    append_to = std::move(table).value();
  }
  std::vector<std::string> statements;
  if (!append_to) {
    if (!command.sql)
      command.sql = std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    statements = core::split_statements(*command.sql);
    if (statements.empty()) return usage_error(err, "no SQL statement to run");
  }

  ClientOptions options;
  options.transport.verify_peer = !command.insecure;
  options.transport.ca_file = command.ca_file;
  auto client = QuackClient::connect(endpoint.value(), command.token, options);
  if (!client) return failure(err, client.error());

  Result<void> outcome;
  if (append_to) {
    auto appended = append_csv(client.value(), *append_to, in);
    if (appended) {
      out << appended.value() << (appended.value() == 1 ? " row" : " rows") << " appended to "
          << command.append_table << std::endl;
    } else {
      outcome = appended.error();
    }
  } else {
    const auto printer =
        make_result_printer(formats().at(command.format), out, PrintOptions{command.max_rows});
    outcome = run_statements(client.value(), statements, *printer);
  }
  // The server drops an idle connection by itself: a failed goodbye changes nothing the user asked for.
  (void)client->disconnect();
  if (!outcome) return failure(err, outcome.error());
  return 0;
}

}  // namespace duckwire::quack_client
