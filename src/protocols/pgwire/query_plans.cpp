#include "protocols/pgwire/query_plans.hpp"

#include <string>

#include "encode/arrow_value_kind.hpp"
#include "protocols/pgwire/catalog/pg_sql_tokens.hpp"

namespace duckwire::pgwire {

namespace {

constexpr const char* kPlanColumn = "QUERY PLAN";

// The values of `explained`'s last column (explain_value), joined.
Result<std::string> plan_text(ResultStream& explained) {
  const ResultSchema& schema = explained.schema();
  if (schema.columns.empty() || schema.arrow->n_children < 1) return std::string();
  const size_t column = schema.columns.size() - 1;
  const encode::ArrowValueKind kind =
      encode::arrow_value_kind(*schema.arrow->children[column], &schema.columns[column].type);
  std::string text;
  while (true) {
    auto chunk = explained.next();
    if (!chunk) return chunk.error();
    if (!chunk.value()) return text;
    const ArrowArray& values = *chunk.value()->array->children[column];
    if (kind.kind != encode::ValueKind::kString && kind.kind != encode::ValueKind::kJsonText) continue;
    for (int64_t row = 0; row < values.length; ++row) {
      const int64_t at = values.offset + row;
      if (values.null_count != 0 && values.buffers[0] != nullptr && !encode::bit_is_set(values.buffers[0], at))
        continue;
      if (!text.empty() && text.back() != '\n') text += '\n';
      text += encode::bytes_at(values, at, kind.storage, kind.byte_width);
    }
  }
}

std::string quoted(std::string_view text) {
  std::string literal = "'";
  for (const char c : text) {
    literal += c;
    if (c == '\'') literal += '\'';
  }
  return literal + "'";
}

}  // namespace

std::optional<PlanFormat> explain_format(std::string_view sql) {
  const SqlTokens tokens(sql);
  if (!tokens.word(0, "explain")) return std::nullopt;
  if (!tokens.symbol(1, "(")) return PlanFormat::kText;
  const size_t close = tokens.closing(1);
  if (close >= tokens.size()) return PlanFormat::kText;
  for (size_t at = 2; at < close; at = tokens.item_end(at, close) + 1) {
    if (!tokens.word(at, "format")) continue;
    if (tokens.word(at + 1, "text")) return PlanFormat::kText;
    return tokens.word(at + 1, "json") ? PlanFormat::kJson : PlanFormat::kOther;
  }
  return PlanFormat::kText;
}

std::vector<Column> plan_columns(PlanFormat format) {
  Column column{kPlanColumn, ColumnType{TypeId::kVarchar}};
  if (format == PlanFormat::kJson) column.type.alias = "JSON";
  return {column};
}

Result<std::unique_ptr<ResultStream>> plan_rows(Session& session, std::unique_ptr<ResultStream> explained,
                                                PlanFormat format) {
  auto text = plan_text(*explained);
  explained.reset();
  if (!text) return text.error();
  std::string& plan = text.value();
  while (!plan.empty() && (plan.back() == '\n' || plan.back() == ' ')) plan.pop_back();
  const std::string column = std::string(" AS \"") + kPlanColumn + "\"";
  switch (format) {
    case PlanFormat::kText:
      return session.execute("SELECT unnest(string_split(" + quoted(plan) + ", chr(10)))" + column);
    case PlanFormat::kJson:
      return session.execute("SELECT " + quoted(plan) + "::JSON" + column);
    case PlanFormat::kOther:
      break;
  }
  return session.execute("SELECT " + quoted(plan) + "::VARCHAR" + column);
}

}  // namespace duckwire::pgwire
