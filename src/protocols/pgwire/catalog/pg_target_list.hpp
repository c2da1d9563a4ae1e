#pragma once
// A PostgreSQL query's target list read from its tokens, and each item's result column name: the
// parts of pg_column_names.hpp. Everything is bounded by kMaxDepth nested queries or expressions;
// deeper text is left unread (the engine's names stay).

#include <optional>
#include <string>
#include <vector>

#include "protocols/pgwire/catalog/pg_sql_tokens.hpp"

namespace duckwire::pgwire::target_list {

constexpr int kMaxDepth = 64;

struct Item {
  size_t first = 0;  // token range, alias included
  size_t last = 0;
  bool star = false;  // *, t.*, (x).*, COLUMNS(...): columns only the engine can name
};

struct TargetList {
  std::vector<Item> items;
  // VALUES lists: PostgreSQL names their columns column1, column2, ...
  bool values = false;
  size_t values_width = 0;
};

// The target list of the query in tokens [first, last): a SELECT (its first branch), VALUES, WITH ...
// and INSERT/UPDATE/DELETE ... RETURNING; nullopt for anything else.
std::optional<TargetList> read(const SqlTokens& tokens, size_t first, size_t last, int depth);

// The query in tokens [first, last) starts as a query does (SELECT, WITH, VALUES, TABLE, or one in
// parentheses followed by a set operation or nothing).
bool starts_query(const SqlTokens& tokens, size_t first, size_t last, int depth);

// The name of the query's first column (a scalar subquery's name), nullopt when unknown.
std::optional<std::string> first_column_name(const SqlTokens& tokens, size_t first, size_t last, int depth);

// The result column name of the item: its alias, or what PostgreSQL figures from its expression
// (pg_figure_colname.cpp); nullopt when the item is not read to its end.
std::optional<std::string> item_name(const SqlTokens& tokens, const Item& item, int depth);

}  // namespace duckwire::pgwire::target_list
