#include "protocols/pgwire/catalog/pg_dialect.hpp"

namespace duckwire::pgwire {

// Scaffolding replaced by the pg-dialect branch.
std::vector<std::string> split_statements(std::string_view sql) {
  return {std::string(sql)};
}
std::string rewrite_statement(std::string_view sql) {
  return std::string(sql);
}

}  // namespace duckwire::pgwire
