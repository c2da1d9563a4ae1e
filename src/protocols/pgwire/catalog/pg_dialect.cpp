#include "protocols/pgwire/catalog/pg_dialect.hpp"

namespace duckwire::pgwire {

// Scaffolding replaced by the pg-catalog branch.
std::vector<std::string> split_statements(std::string_view sql) { return {std::string(sql)}; }
std::string rewrite_statement(std::string_view sql) { return std::string(sql); }
std::vector<std::string> catalog_setup_statements() { return {}; }
std::vector<std::string> session_setup_statements() { return {"SET TimeZone = 'UTC'"}; }

}  // namespace duckwire::pgwire
