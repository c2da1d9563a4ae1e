// duckwire_floor: the in-process floor for small queries. One in-memory DuckDB, `--connections` threads
// each with its own connection, running `--sql` back to back for `--seconds`, the way a program that
// embeds DuckDB would; prints queries/s, latency percentiles and CPU per query as one JSON object.
//
//   duckwire_floor [--connections N] [--seconds S] [--sql SQL] [--mode query|prepared] [--threads T]
//                  [--setup SQL] [--parameter INT]
//
// --mode query: duckdb_query (parse, plan and run each time, as a server receiving SQL text must unless
// it caches); prepared: duckdb_prepare once per connection, then duckdb_execute_prepared. --threads:
// DuckDB's own threads (default: DuckDB's choice). --setup: statements run once before (e.g. a table the
// query reads). --parameter: $1 bound once as this INTEGER (prepared mode).

#include <duckdb.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "common/proc_status.hpp"
#include "common/stats.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  int connections = 1;
  double seconds = 5;
  std::string sql = "SELECT 1";
  std::string mode = "prepared";
  int duckdb_threads = 0;
  std::string setup;
  std::optional<int32_t> parameter;  // --parameter V: $1 bound as INTEGER V (prepared mode)
};

struct Worker {
  std::vector<double> latencies_us;
  bool failed = false;
};

void run_connection(duckdb_database db, const Options& options, Clock::time_point start_at,
                    Clock::time_point deadline, std::atomic<int>& ready, Worker& worker) {
  duckdb_connection connection = nullptr;
  duckdb_prepared_statement statement = nullptr;
  const auto run_once = [&]() {
    duckdb_result result;
    const duckdb_state state = options.mode == "prepared" ? duckdb_execute_prepared(statement, &result)
                                                          : duckdb_query(connection, options.sql.c_str(), &result);
    if (state != DuckDBSuccess) worker.failed = true;
    duckdb_destroy_result(&result);
  };
  if (duckdb_connect(db, &connection) != DuckDBSuccess ||
      (options.mode == "prepared" && duckdb_prepare(connection, options.sql.c_str(), &statement) != DuckDBSuccess)) {
    worker.failed = true;
  } else {
    if (options.parameter) duckdb_bind_int32(statement, 1, *options.parameter);
    run_once();
  }
  ++ready;
  std::this_thread::sleep_until(start_at);
  while (!worker.failed && Clock::now() < deadline) {
    const auto began = Clock::now();
    run_once();
    const auto ended = Clock::now();
    if (ended > deadline) break;
    worker.latencies_us.push_back(std::chrono::duration<double, std::micro>(ended - began).count());
  }
  if (statement != nullptr) duckdb_destroy_prepare(&statement);
  duckdb_disconnect(&connection);
}

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--connections") options.connections = std::stoi(value);
    else if (flag == "--seconds") options.seconds = std::stod(value);
    else if (flag == "--sql") options.sql = value;
    else if (flag == "--mode") options.mode = value;
    else if (flag == "--threads") options.duckdb_threads = std::stoi(value);
    else if (flag == "--setup") options.setup = value;
    else if (flag == "--parameter") options.parameter = std::stoi(value);
    else throw std::invalid_argument("unknown option " + flag);
  }
  if (options.mode != "query" && options.mode != "prepared") throw std::invalid_argument("--mode query|prepared");
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  try {
    options = parse(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "duckwire_floor: " << e.what() << "\n";
    return 2;
  }
  duckdb_config config;
  duckdb_create_config(&config);
  if (options.duckdb_threads > 0) duckdb_set_config(config, "threads", std::to_string(options.duckdb_threads).c_str());
  duckdb_database db;
  char* open_error = nullptr;
  if (duckdb_open_ext(nullptr, &db, config, &open_error) != DuckDBSuccess) {
    std::cerr << "duckwire_floor: cannot open DuckDB: " << (open_error ? open_error : "") << "\n";
    return 1;
  }
  duckdb_destroy_config(&config);
  if (!options.setup.empty()) {
    duckdb_connection connection;
    duckdb_result result;
    const bool ok = duckdb_connect(db, &connection) == DuckDBSuccess &&
                    duckdb_query(connection, options.setup.c_str(), &result) == DuckDBSuccess;
    if (!ok) std::cerr << "duckwire_floor: --setup failed: " << duckdb_result_error(&result) << "\n";
    duckdb_destroy_result(&result);
    duckdb_disconnect(&connection);
    if (!ok) return 1;
  }
  std::vector<Worker> workers(options.connections);
  std::atomic<int> ready{0};
  const auto start_at = Clock::now() + std::chrono::milliseconds(200 + 5 * options.connections);
  const auto deadline =
      start_at + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.seconds));
  std::vector<std::thread> threads;
  for (auto& worker : workers) {
    threads.emplace_back(run_connection, db, std::cref(options), start_at, deadline, std::ref(ready), std::ref(worker));
  }
  std::this_thread::sleep_until(start_at);
  const double cpu_before = bench::own_cpu_seconds();
  std::this_thread::sleep_until(deadline);
  const double cpu_after = bench::own_cpu_seconds();
  for (auto& thread : threads) thread.join();
  duckdb_close(&db);

  std::vector<double> all;
  bool failed = ready.load() != options.connections;
  for (auto& worker : workers) {
    failed = failed || worker.failed;
    all.insert(all.end(), worker.latencies_us.begin(), worker.latencies_us.end());
  }
  if (failed) {
    std::cerr << "duckwire_floor: a query failed\n";
    return 1;
  }
  const auto queries = static_cast<double>(all.size());
  const bench::LatencySummary s = bench::summarize(std::move(all));
  std::cout << "{\"scenario\":\"floor\",\"mode\":\"" << options.mode << "\",\"connections\":" << options.connections
            << ",\"duckdb_threads\":" << options.duckdb_threads << ",\"seconds\":" << options.seconds
            << ",\"queries\":" << static_cast<int64_t>(queries) << ",\"queries_per_s\":" << queries / options.seconds
            << ",\"cpu_us_per_query\":" << (cpu_after - cpu_before) * 1e6 / std::max(1.0, queries)
            << ",\"p50_us\":" << s.p50_us << ",\"p99_us\":" << s.p99_us << "}" << std::endl;
  return 0;
}
