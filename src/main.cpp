#include <duckdb.h>

#include <iostream>

#include "build_info.hpp"
#include "config/config.hpp"
#include "core/server.hpp"

int main(int argc, char** argv) {
  const std::string version_text = std::string("duckwire ") + duckwire::build_info::kVersion + " (DuckDB " +
                                   duckdb_library_version() + ")";
  auto outcome = duckwire::parse_command_line(argc, argv, version_text);
  if (!outcome.config) {
    (outcome.exit_code == 0 ? std::cout : std::cerr) << outcome.message << std::endl;
    return outcome.exit_code;
  }
  return duckwire::run_server(std::move(*outcome.config));
}
