#pragma once
// EXPLAIN as PostgreSQL answers it: one column "QUERY PLAN", a row per line of a text plan or one json
// (or text) value for the other formats. DuckDB answers EXPLAIN with (explain_key, explain_value) rows;
// the plan text is read from those and handed out again through the engine as PostgreSQL's rows.

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "backend/backend.hpp"

namespace duckwire::pgwire {

enum class PlanFormat { kText, kJson, kOther };

// The plan format of `sql` (the DuckDB text) when it is an EXPLAIN statement, else nullopt.
std::optional<PlanFormat> explain_format(std::string_view sql);

// The columns PostgreSQL describes a plan in.
std::vector<Column> plan_columns(PlanFormat format);

// DuckDB's EXPLAIN result `explained`, read to its end and closed, as PostgreSQL's rows (on a worker).
Result<std::unique_ptr<ResultStream>> plan_rows(Session& session, std::unique_ptr<ResultStream> explained,
                                                PlanFormat format);

}  // namespace duckwire::pgwire
