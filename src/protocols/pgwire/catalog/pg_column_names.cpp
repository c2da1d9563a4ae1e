#include "protocols/pgwire/catalog/pg_column_names.hpp"

#include <algorithm>
#include <optional>
#include <utility>

#include "protocols/pgwire/catalog/pg_target_list.hpp"

namespace duckwire::pgwire {

namespace {

using target_list::Item;

std::vector<std::string> values_names(size_t width) {
  std::vector<std::string> names;
  for (size_t i = 1; i <= width; ++i) names.push_back("column" + std::to_string(i));
  return names;
}

// Items before the first star take the first columns, items after the last one the last columns;
// the stars' columns (and items between stars) keep the engine's names.
void name_around_stars(const SqlTokens& tokens, const std::vector<Item>& items,
                       std::vector<std::string>& names) {
  size_t first_star = items.size();
  size_t last_star = 0;
  size_t named = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].star) {
      first_star = std::min(first_star, i);
      last_star = i;
    } else {
      ++named;
    }
  }
  if (named > names.size()) return;
  for (size_t i = 0; i < first_star; ++i) {
    if (auto name = target_list::item_name(tokens, items[i], 0)) names[i] = std::move(*name);
  }
  const size_t after = items.size() - last_star - 1;
  for (size_t i = 0; i < after; ++i) {
    const Item& item = items[last_star + 1 + i];
    if (auto name = target_list::item_name(tokens, item, 0))
      names[names.size() - after + i] = std::move(*name);
  }
}

// `FROM f(...) [AS] alias` alone after the select list, up to `last` or a WHERE/ORDER BY/LIMIT: the
// function's name and the alias.
std::optional<std::pair<std::string, std::string>> lone_aliased_function(const SqlTokens& tokens, size_t from,
                                                                         size_t last) {
  if (!tokens.word(from, "from") || !tokens.identifier(from + 1)) return std::nullopt;
  const size_t open = tokens.name_end(from + 1);
  if (open >= last || !tokens.symbol(open, "(")) return std::nullopt;
  const size_t close = tokens.closing(open);
  if (close >= last) return std::nullopt;
  size_t alias = close + 1;
  if (tokens.word(alias, "as")) ++alias;
  if (alias >= last || !tokens.identifier(alias)) return std::nullopt;
  const size_t next = alias + 1;
  const bool ends = next == last || tokens.word(next, "where") || tokens.word(next, "order") ||
                    tokens.word(next, "limit") || tokens.word(next, "offset") || tokens.word(next, "fetch");
  if (!ends) return std::nullopt;
  return std::make_pair(tokens.folded(open - 1), tokens.folded(alias));
}

std::vector<std::string> names_of(std::string_view sql, const std::vector<std::string>& engine_names) {
  const SqlTokens tokens(sql);
  size_t last = tokens.size();
  while (last > 0 && tokens.symbol(last - 1, ";")) --last;
  const std::optional<target_list::TargetList> list = target_list::read(tokens, 0, last, 0);
  if (!list) return engine_names;
  if (list->values)
    return list->values_width == engine_names.size() ? values_names(list->values_width) : engine_names;
  std::vector<std::string> names = engine_names;
  bool star = false;
  for (const Item& item : list->items) star = star || item.star;
  if (star && list->items.size() == 1 && names.size() == 1) {
    // A function returning one value, in FROM with a table alias: PostgreSQL names its column after the
    // alias (the engine after the function, as it names the column of a scalar one).
    const auto function = lone_aliased_function(tokens, list->items[0].last, last);
    if (function && function->first == names[0]) names[0] = function->second;
  } else if (star) {
    name_around_stars(tokens, list->items, names);
  } else if (list->items.size() == names.size()) {
    for (size_t i = 0; i < names.size(); ++i) {
      if (auto name = target_list::item_name(tokens, list->items[i], 0)) names[i] = std::move(*name);
    }
  }
  return names;
}

}  // namespace

std::vector<std::string> pg_column_names(std::string_view sql, const std::vector<std::string>& engine_names) {
  if (engine_names.empty()) return engine_names;
  try {
    return names_of(sql, engine_names);
  } catch (...) {
    return engine_names;  // out of memory reading hostile text: the engine's names still do
  }
}

}  // namespace duckwire::pgwire
