#include "protocols/pgwire/catalog/sql_text.hpp"

#include <array>
#include <utility>

#include "protocols/pgwire/catalog/catalog_names.hpp"

namespace duckwire::pgwire::catalog {

namespace {

// int2vector and oidvector are lists (int2[] and oid[] on the wire), so that list functions take them.
constexpr std::array<std::pair<std::string_view, std::string_view>, 14> kNativeTypes{{
    {"int2vector", "SMALLINT[]"},
    {"oidvector", "pg_oid[]"},
    {"bool", "BOOLEAN"},
    {"int2", "SMALLINT"},
    {"int4", "INTEGER"},
    {"int8", "BIGINT"},
    {"float4", "FLOAT"},
    {"float8", "DOUBLE"},
    {"text", "VARCHAR"},
    {"bytea", "BLOB"},
    {"timestamptz", "TIMESTAMPTZ"},
    {"timestamp", "TIMESTAMP"},
    {"interval", "INTERVAL"},
    {"numeric", "DECIMAL(38,6)"},
}};

std::string_view trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

}  // namespace


std::string duck_type(std::string_view pg_name) {
  if (pg_name.ends_with("[]")) return duck_type(pg_name.substr(0, pg_name.size() - 2)) + "[]";
  for (const auto& [pg, duck] : kNativeTypes) {
    if (pg == pg_name) return std::string(duck);
  }
  return std::string(kTypeAliasPrefix) + std::string(pg_name);
}

std::string empty_relation(std::string_view qualified_name, std::string_view columns) {
  std::string select;
  while (!columns.empty()) {
    const size_t comma = columns.find(',');
    const std::string_view column = trim(columns.substr(0, comma));
    columns = comma == std::string_view::npos ? std::string_view() : columns.substr(comma + 1);
    const size_t space = column.find(' ');
    select += (select.empty() ? "" : ", ") + std::string("NULL::") + duck_type(column.substr(space + 1)) +
              " AS " + std::string(column.substr(0, space));
  }
  return "CREATE VIEW " + std::string(qualified_name) + " AS SELECT " + select + " WHERE false";
}

}  // namespace duckwire::pgwire::catalog
