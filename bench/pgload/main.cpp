// duckwire_pgload: libpq scenarios against a PostgreSQL-protocol server (duckwire's front door or
// PostgreSQL itself); prints one JSON object per run. The password comes from PGPASSWORD.
//   duckwire_pgload fetch-text  --dsn D --sql Q [--pid PID]
//   duckwire_pgload fetch-copy  --dsn D --sql Q [--pid PID]
//   duckwire_pgload latency     --dsn D [--iterations N] [--warmup N] [--pid PID]
//   duckwire_pgload slow-reader --dsn D --sql Q [--pid PID] [--rate MB_PER_S]
// --pid names the server process whose /proc figures are read; without it, the session's backend.

#include <boost/json/serialize.hpp>

#include <iostream>
#include <string>

#include "pgload/scenarios.hpp"

namespace {

int usage() {
  std::cerr << "usage: duckwire_pgload fetch-text|fetch-copy|latency|slow-reader --dsn D [options]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  const std::string scenario = argv[1];
  bench::pg::PgOptions options;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--dsn")
      options.dsn = value;
    else if (flag == "--sql")
      options.sql = value;
    else if (flag == "--pid")
      options.server_pid = std::stoi(value);
    else if (flag == "--iterations")
      options.iterations = std::stoi(value);
    else if (flag == "--warmup")
      options.warmup = std::stoi(value);
    else if (flag == "--rate")
      options.read_mb_per_s = std::stod(value);
    else
      return usage();
  }
  if (options.dsn.empty()) return usage();
  try {
    boost::json::object result;
    if (scenario == "fetch-text")
      result = bench::pg::run_fetch_text(options);
    else if (scenario == "fetch-copy")
      result = bench::pg::run_fetch_copy(options);
    else if (scenario == "latency")
      result = bench::pg::run_latency(options);
    else if (scenario == "slow-reader")
      result = bench::pg::run_slow_reader(options);
    else
      return usage();
    std::cout << boost::json::serialize(result) << std::endl;
  } catch (const std::exception& e) {
    std::cerr << "duckwire_pgload " << scenario << ": " << e.what() << "\n";
    return 1;
  }
  return 0;
}
