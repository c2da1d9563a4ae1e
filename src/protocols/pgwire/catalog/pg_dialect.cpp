#include "protocols/pgwire/catalog/pg_dialect.hpp"

namespace duckwire::pgwire {

// Scaffolding replaced by the pg-catalog branch (split and rewrite live in pg_split.cpp and
// pg_rewrite.cpp).
std::vector<std::string> catalog_setup_statements() {
  return {};
}
std::vector<std::string> session_setup_statements() {
  return {"SET TimeZone = 'UTC'"};
}

}  // namespace duckwire::pgwire
