#include <duckdb.h>

#include <iostream>
#include <string_view>

#include "build_info.hpp"
#include "clients/quack/query_command.hpp"
#include "config/config.hpp"
#include "core/server.hpp"

int main(int argc, char** argv) {
  // `duckwire query ...` is the Quack client, not the server.
  if (argc > 1 && std::string_view(argv[1]) == "query") {
    return duckwire::quack_client::run_query_command(argc - 1, argv + 1, std::cin, std::cout, std::cerr);
  }
  const std::string version_text = std::string("duckwire ") + duckwire::build_info::kVersion + " (DuckDB " +
                                   duckdb_library_version() + ")";
  auto outcome = duckwire::parse_command_line(argc, argv, version_text);
  if (!outcome.config) {
    (outcome.exit_code == 0 ? std::cout : std::cerr) << outcome.message << std::endl;
    return outcome.exit_code;
  }
  return duckwire::run_server(std::move(*outcome.config));
}
