#pragma once
// The leading keywords of a statement, which decide its CommandComplete tag and whether it begins or
// ends a transaction block.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backend/backend.hpp"

namespace duckwire::pgwire {

// Up to `count` leading words of `sql`, upper-cased, skipping whitespace and comments; an opening
// parenthesis counts as the word "(".
std::vector<std::string> leading_words(std::string_view sql, size_t count);

enum class TransactionVerb { kNone, kBegin, kCommit, kRollback };
TransactionVerb transaction_verb(std::string_view sql);

// The CommandComplete tag PostgreSQL writes for a statement: "SELECT 3", "INSERT 0 2", "UPDATE 1",
// "CREATE TABLE", "BEGIN", "COPY 5", ... `rows` is the number of rows returned (for statements with
// rows) or changed (DML, COPY).
std::string command_tag(std::string_view sql, StatementKind kind, bool returned_rows, int64_t rows);

}  // namespace duckwire::pgwire
