#include "protocols/pgwire/catalog/catalog_setup.hpp"

#include <utility>

#include "protocols/pgwire/catalog/catalog_names.hpp"
#include "protocols/pgwire/catalog/catalog_sql.hpp"
#include "protocols/pgwire/catalog/sql_text.hpp"

namespace duckwire::pgwire {

namespace {

using catalog::Statements;

void append(Statements& to, Statements from) {
  for (std::string& statement : from) to.push_back(std::move(statement));
}

}  // namespace

std::vector<TypeAlias> catalog_type_aliases() {
  const std::pair<const char*, const char*> aliases[] = {
      {"oid", "UINTEGER"},          {"regclass", "UINTEGER"},    {"regtype", "UINTEGER"},
      {"regnamespace", "UINTEGER"}, {"regrole", "UINTEGER"},     {"xid", "UINTEGER"},
      {"name", "VARCHAR"},          {"char", "VARCHAR"},         {"varchar", "VARCHAR"},
      {"regproc", "VARCHAR"},       {"pg_node_tree", "VARCHAR"}, {"aclitem", "VARCHAR"},
      {"inet", "VARCHAR"},          {"anyarray", "VARCHAR"},     {"regclass_text", "VARCHAR"},
      {"regtype_text", "VARCHAR"},  {"regnamespace_text", "VARCHAR"}, {"regrole_text", "VARCHAR"},
      {"void", "VARCHAR"},
  };
  std::vector<TypeAlias> out;
  for (const auto& [name, base] : aliases)
    out.push_back({std::string(catalog::kTypeAliasPrefix) + name, base});
  return out;
}

std::vector<std::string> catalog_setup_statements(const CatalogSettings& settings) {
  const std::string file = catalog::sql_literal(settings.file);
  Statements statements{
      "ATTACH " + file + " AS duckwire_catalog (READ_WRITE)",
      "CREATE SCHEMA duckwire_catalog.pg",
      "CREATE SCHEMA duckwire_catalog.information",
      "CREATE TABLE duckwire_catalog.pg.duckwire_server AS SELECT now() AS started_at",
  };
  append(statements, catalog::helper_macro_statements());
  append(statements, catalog::base_view_statements());
  append(statements, catalog::namespace_statements(settings.roles));
  append(statements, catalog::type_statements());
  append(statements, catalog::class_statements());
  append(statements, catalog::attribute_statements());
  append(statements, catalog::constraint_statements());
  append(statements, catalog::misc_statements(settings.server_version));
  append(statements, catalog::information_schema_statements());
  append(statements, catalog::lookup_view_statements());
  append(statements, catalog::cast_statements());
  append(statements, catalog::cast_array_statements());
  append(statements, catalog::function_statements(settings.server_version));
  // Built, the catalog is attached again read-only: no client statement can change it.
  statements.push_back("DETACH duckwire_catalog");
  statements.push_back("ATTACH " + file + " AS duckwire_catalog (READ_ONLY)");
  return statements;
}

void add_catalog_setup(BackendOptions& options, const CatalogSettings& settings) {
  append(options.setup_statements, catalog_setup_statements(settings));
  for (TypeAlias& alias : catalog_type_aliases()) options.type_aliases.push_back(std::move(alias));
  options.scratch_files.push_back(settings.file);
}

std::vector<std::string> session_setup_statements(const std::string& user) {
  return {
      "SET TimeZone = 'UTC'",
      "SET search_path = 'main," + std::string(catalog::kPgCatalogSchema) + "'",
      "SET VARIABLE duckwire_user = " + catalog::sql_literal(user),
  };
}

}  // namespace duckwire::pgwire
