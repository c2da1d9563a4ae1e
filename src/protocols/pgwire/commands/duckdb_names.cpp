#include "protocols/pgwire/commands/duckdb_names.hpp"

#include <algorithm>

#include "protocols/pgwire/catalog/catalog_names.hpp"
#include "util/ascii.hpp"

namespace duckwire::pgwire::commands {

namespace {

// The names of a PostgreSQL list setting ('"$user", public, "My Schema"'), unquoted; bare names fold
// to lower case.
std::vector<std::string> list_names(std::string_view list) {
  std::vector<std::string> names;
  std::string name;
  bool quoted = false;
  bool in_quotes = false;
  const auto push = [&] {
    if (!name.empty() || quoted) names.push_back(quoted ? name : ascii_lower(name));
    name.clear();
    quoted = false;
  };
  for (size_t i = 0; i < list.size(); ++i) {
    const char c = list[i];
    if (in_quotes) {
      if (c == '"' && i + 1 < list.size() && list[i + 1] == '"') {
        name += '"';
        ++i;
      } else if (c == '"') {
        in_quotes = false;
      } else {
        name += c;
      }
    } else if (c == '"') {
      in_quotes = quoted = true;
    } else if (c == ',') {
      push();
    } else if (c != ' ') {
      name += c;
    }
  }
  push();
  return names;
}

// A search_path entry: bare when DuckDB reads it back unchanged, quoted otherwise.
std::string path_entry(std::string_view name) {
  const bool plain = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
  return plain ? std::string(name) : quoted_identifier(name);
}

}  // namespace

std::string quoted_identifier(std::string_view name) {
  std::string out = "\"";
  for (const char c : name) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

std::string quoted_name(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : ".") + quoted_identifier(part);
  return out;
}

std::string sql_literal(std::string_view text) {
  std::string out = "'";
  for (const char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

std::string duckdb_search_path(std::string_view search_path, const std::vector<std::string>& existing) {
  std::vector<std::string> entries;
  const auto add = [&](std::string entry) {
    if (std::find(entries.begin(), entries.end(), entry) == entries.end())
      entries.push_back(std::move(entry));
  };
  for (const auto& name : list_names(search_path)) {
    if (name == "public") {
      add("main");
    } else if (name == "pg_catalog") {
      add(std::string(catalog::kPgCatalogSchema));
    } else if (name == "information_schema") {
      add(std::string(catalog::kInformationSchema));
    } else if (std::find(existing.begin(), existing.end(), name) != existing.end()) {
      add(path_entry(name));
    }
  }
  add(std::string(catalog::kPgCatalogSchema));
  std::string out;
  for (const auto& entry : entries) out += (out.empty() ? "" : ",") + entry;
  return out;
}

std::vector<std::string> duckdb_table_name(const std::vector<std::string>& parts) {
  if (parts.size() != 2) return parts;
  if (parts[0] == "public") return {"main", parts[1]};
  const std::string_view schema = parts[0] == "pg_catalog"           ? catalog::kPgCatalogSchema
                                  : parts[0] == "information_schema" ? catalog::kInformationSchema
                                                                     : std::string_view();
  if (schema.empty()) return parts;
  const size_t dot = schema.find('.');
  return {std::string(schema.substr(0, dot)), std::string(schema.substr(dot + 1)), parts[1]};
}

}  // namespace duckwire::pgwire::commands
