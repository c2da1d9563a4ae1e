// pg_namespace, pg_database, pg_tablespace and the roles: the server's users.

#include <fmt/format.h>

#include "protocols/pgwire/catalog/catalog_sql.hpp"
#include "protocols/pgwire/catalog/sql_text.hpp"

namespace duckwire::pgwire::catalog {

namespace {

// The server's users as roles: the first owns every object (PostgreSQL's bootstrap role has OID 10).
// Without configured users, the session's own user is that role. They are ordinary login roles, as
// duckwire has no PostgreSQL privileges to bypass.
std::string roles_view(const std::vector<std::string>& roles) {
  if (roles.empty()) {
    return "CREATE VIEW duckwire_catalog.pg.duckwire_roles AS SELECT 10::pg_oid AS oid, "
           "coalesce(getvariable('duckwire_user'), 'duckwire')::pg_name AS rolname";
  }
  std::string rows;
  for (size_t i = 0; i < roles.size(); ++i) {
    rows += fmt::format("{}({}, {})", i == 0 ? "" : ", ", i == 0 ? 10 : 16384 + i, sql_literal(roles[i]));
  }
  return "CREATE VIEW duckwire_catalog.pg.duckwire_roles AS SELECT oid::pg_oid AS oid, "
         "rolname::pg_name AS rolname FROM (VALUES " +
         rows + ") r(oid, rolname)";
}

}  // namespace

Statements namespace_statements(const std::vector<std::string>& roles) {
  return {
      R"(
CREATE VIEW duckwire_catalog.pg.pg_namespace AS
SELECT oid, nspname, 10::pg_oid AS nspowner, NULL::pg_aclitem[] AS nspacl
FROM duckwire_catalog.pg.duckwire_namespaces)",
      R"(
CREATE VIEW duckwire_catalog.pg.pg_database AS
SELECT database_oid::pg_oid AS oid, database_name::pg_name AS datname,
       10::pg_oid AS datdba, 6 AS encoding, 'c'::pg_char AS datlocprovider,
       false AS datistemplate, true AS datallowconn, -1 AS datconnlimit, 0::pg_xid AS datfrozenxid,
       1::pg_xid AS datminmxid, 1663::pg_oid AS dattablespace, 'C.UTF-8' AS datcollate,
       'C.UTF-8' AS datctype, NULL::VARCHAR AS daticulocale, NULL::VARCHAR AS datcollversion,
       NULL::pg_aclitem[] AS datacl
FROM duckdb_databases() WHERE database_name = current_database())",
      R"(
CREATE VIEW duckwire_catalog.pg.pg_tablespace AS
SELECT oid::pg_oid AS oid, spcname::pg_name AS spcname, 10::pg_oid AS spcowner,
       NULL::pg_aclitem[] AS spcacl, NULL::VARCHAR[] AS spcoptions
FROM (VALUES (1663, 'pg_default'), (1664, 'pg_global')) t(oid, spcname))", roles_view(roles),
      R"(
CREATE VIEW duckwire_catalog.pg.pg_authid AS
SELECT oid, rolname, false AS rolsuper, true AS rolinherit, false AS rolcreaterole, false AS rolcreatedb,
       true AS rolcanlogin, false AS rolreplication, false AS rolbypassrls, -1 AS rolconnlimit,
       NULL::VARCHAR AS rolpassword, NULL::TIMESTAMPTZ AS rolvaliduntil
FROM duckwire_catalog.pg.duckwire_roles)",
      R"(
CREATE VIEW duckwire_catalog.pg.pg_roles AS
SELECT rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication, rolconnlimit,
       '********' AS rolpassword, rolvaliduntil, rolbypassrls, NULL::VARCHAR[] AS rolconfig, oid
FROM duckwire_catalog.pg.pg_authid)",
      R"(
CREATE VIEW duckwire_catalog.pg.pg_user AS
SELECT rolname AS usename, oid AS usesysid, rolcreatedb AS usecreatedb, rolsuper AS usesuper,
       rolreplication AS userepl, rolbypassrls AS usebypassrls, '********' AS passwd,
       rolvaliduntil AS valuntil, NULL::VARCHAR[] AS useconfig
FROM duckwire_catalog.pg.pg_authid)",
      R"(
CREATE VIEW duckwire_catalog.pg.pg_auth_members AS
SELECT NULL::pg_oid AS roleid, NULL::pg_oid AS member, NULL::pg_oid AS grantor,
       NULL::BOOLEAN AS admin_option
WHERE false)",
  };
}

}  // namespace duckwire::pgwire::catalog
