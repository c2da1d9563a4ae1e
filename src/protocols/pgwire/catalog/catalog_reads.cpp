#include "protocols/pgwire/catalog/catalog_reads.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "protocols/pgwire/catalog/pg_sql_tokens.hpp"

namespace duckwire::pgwire {

namespace {

constexpr std::array<std::string_view, 23> kCatalogFunctions = {
    "version",          "current_schemas",     "current_database",       "current_setting",
    "set_config",       "format_type",         "obj_description",        "col_description",
    "shobj_description", "has_table_privilege", "has_schema_privilege",  "has_database_privilege",
    "has_column_privilege", "has_function_privilege", "to_regclass",     "to_regtype",
    "to_regproc",       "to_regnamespace",     "txid_current",           "inet_server_addr",
    "inet_server_port", "inet_client_addr",    "inet_client_port"};
// SQL's special functions, written without parentheses.
constexpr std::array<std::string_view, 5> kSessionValues = {"current_user", "session_user", "current_role",
                                                            "current_catalog", "current_schema"};

bool is_catalog_name(const SqlTokens& tokens, size_t i) {
  if (!tokens.identifier(i)) return false;
  const std::string name = tokens.folded(i);
  if (name == "pg_catalog" || name == "information_schema" || name.starts_with("pg_")) return true;
  if (std::find(kSessionValues.begin(), kSessionValues.end(), name) != kSessionValues.end()) return true;
  if (!tokens.symbol(i + 1, "(")) return false;
  return std::find(kCatalogFunctions.begin(), kCatalogFunctions.end(), name) != kCatalogFunctions.end();
}

}  // namespace

bool reads_postgres_catalog(std::string_view sql) {
  const SqlTokens tokens(sql);
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (is_catalog_name(tokens, i)) return true;
  }
  return false;
}

}  // namespace duckwire::pgwire
