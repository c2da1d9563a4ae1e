// duckwire_wsload: load scenarios against a running duckwire; prints one JSON object per run.
//   duckwire_wsload latency     --port P [--type json|arrow|notify|jsonrpc] [--iterations N] [--warmup N]
//   duckwire_wsload throughput  --port P [--pid PID] [--door sqlrooms|jsonrpc|http-sql|quack]
//                               [--quack-port Q] [--type json|arrow] [--sql SQL] [--connections N]
//                               [--seconds S] [--large-connections K --large-rows R]
//   duckwire_wsload slow-reader --port P --pid PID [--rows N] [--rcvbuf BYTES] [--rate MB_PER_S]
//   duckwire_wsload auth-hammer --port P [--connections N] [--seconds S] [--user U --password W]
//   duckwire_wsload hostile     --port P --pid PID --attack unauth-flood|notify-flood|head-of-line
//                               [--seconds S] [--token T] [--rows N]

#include <boost/json/serialize.hpp>

#include <cstring>
#include <iostream>
#include <string>

#include "load/scenarios.hpp"

namespace {

int usage() {
  std::cerr << "usage: duckwire_wsload latency|throughput|slow-reader|auth-hammer|hostile --port P [options]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  const std::string scenario = argv[1];
  bench::LoadOptions options;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--port")
      options.port = static_cast<uint16_t>(std::stoi(value));
    else if (flag == "--host")
      options.host = value;
    else if (flag == "--pid")
      options.server_pid = std::stoi(value);
    else if (flag == "--type")
      options.type = value;
    else if (flag == "--iterations")
      options.iterations = std::stoi(value);
    else if (flag == "--warmup")
      options.warmup = std::stoi(value);
    else if (flag == "--connections")
      options.connections = std::stoi(value);
    else if (flag == "--seconds")
      options.seconds = std::stod(value);
    else if (flag == "--door")
      options.door = value;
    else if (flag == "--quack-port")
      options.quack_port = static_cast<uint16_t>(std::stoi(value));
    else if (flag == "--sql")
      options.sql = value;
    else if (flag == "--large-connections")
      options.large_connections = std::stoi(value);
    else if (flag == "--large-rows")
      options.large_rows = std::stoll(value);
    else if (flag == "--rows")
      options.rows = std::stoll(value);
    else if (flag == "--rcvbuf")
      options.receive_buffer = std::stoi(value);
    else if (flag == "--rate")
      options.read_mb_per_s = std::stod(value);
    else if (flag == "--user")
      options.user = value;
    else if (flag == "--password")
      options.password = value;
    else if (flag == "--attack")
      options.attack = value;
    else if (flag == "--token")
      options.token = value;
    else
      return usage();
  }
  if (options.port == 0) return usage();
  try {
    boost::json::object result;
    if (scenario == "latency")
      result = bench::run_latency(options);
    else if (scenario == "throughput")
      result = bench::run_throughput(options);
    else if (scenario == "slow-reader")
      result = bench::run_slow_reader(options);
    else if (scenario == "auth-hammer")
      result = bench::run_auth_hammer(options);
    else if (scenario == "hostile")
      result = bench::run_hostile(options);
    else
      return usage();
    std::cout << boost::json::serialize(result) << std::endl;
  } catch (const std::exception& e) {
    std::cerr << "duckwire_wsload " << scenario << ": " << e.what() << "\n";
    return 1;
  }
  return 0;
}
