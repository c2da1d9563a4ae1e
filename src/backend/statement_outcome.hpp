#pragma once
// The one-row result that stands for a statement without a result set, for front doors whose clients
// expect rows from every statement (JSON-RPC's [{"result":N}]): one column "result" holding the
// changed-row count (BIGINT) of a statement that reports one, and true (BOOLEAN) after anything else.

#include <memory>

#include "backend/backend.hpp"

namespace duckwire {

std::unique_ptr<ResultStream> statement_outcome(StatementKind kind, std::optional<int64_t> rows_changed);

}  // namespace duckwire
