#include "protocols/pgwire/catalog/server_version.hpp"

#include <sstream>

#include "build_info.hpp"
#include "protocols/pgwire/catalog/sql_text.hpp"

namespace duckwire::pgwire::catalog {

int server_version_number(const std::string& server_version) {
  std::istringstream parts(server_version);
  int major = 0;
  int minor = 0;
  int patch = 0;
  char dot = 0;
  parts >> major >> dot >> minor >> dot >> patch;
  if (major >= 10) return major * 10000 + minor;
  return major * 10000 + minor * 100 + patch;
}

std::string version_expression(const std::string& server_version) {
  return sql_literal("PostgreSQL " + server_version + " (duckwire " + std::string(build_info::kVersion) +
                     ", DuckDB ") +
         " || system.main.version() || '), 64-bit'";
}

}  // namespace duckwire::pgwire::catalog
