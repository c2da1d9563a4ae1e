#include "protocols/pgwire/pg_error.hpp"

#include <algorithm>
#include <charconv>

namespace duckwire::pgwire {

namespace {

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

const char* catalog_state(std::string_view message) {
  if (contains(message, "already exists")) {
    return contains(message, "Schema") ? "42P06" : "42P07";
  }
  if (contains(message, "Function with name") || contains(message, "Macro Function")) return "42883";
  if (contains(message, "Schema with name") || contains(message, "schema")) {
    if (!contains(message, "Table with name")) return "3F000";
  }
  if (contains(message, "Type with name")) return "42704";
  return "42P01";
}

const char* constraint_state(std::string_view message) {
  if (contains(message, "foreign key")) return "23503";
  if (contains(message, "CHECK constraint")) return "23514";
  return "23505";
}

// The byte offset in `statement` where line `line` (1-based) starts.
std::optional<size_t> line_start(std::string_view statement, int line) {
  size_t at = 0;
  for (int current = 1; current < line; ++current) {
    at = statement.find('\n', at);
    if (at == std::string_view::npos) return std::nullopt;
    ++at;
  }
  return at;
}

// Counts characters (UTF-8 lead bytes) of `text`.
int characters(std::string_view text) {
  return static_cast<int>(std::count_if(
      text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xc0) != 0x80; }));
}

// DuckDB ends syntax and binder messages with "\n\nLINE 3: <the line>\n         ^": the position is
// where the caret points, unless DuckDB shortened the line ("...").
void take_position(PgError& error, std::string_view statement) {
  const size_t excerpt = error.message.find("\n\nLINE ");
  if (excerpt == std::string::npos) return;
  const std::string_view tail = std::string_view(error.message).substr(excerpt + 2);
  int line = 0;
  const auto [end, ec] = std::from_chars(tail.data() + 5, tail.data() + tail.size(), line);
  const size_t colon = tail.find(": ");
  const size_t newline = tail.find('\n');
  if (ec == std::errc() && colon != std::string_view::npos && newline != std::string_view::npos &&
      newline > colon && !statement.empty()) {
    const std::string_view shown = tail.substr(colon + 2, newline - colon - 2);
    const size_t caret = tail.find('^', newline);
    const auto start = line_start(statement, line);
    if (caret != std::string_view::npos && start && !shown.starts_with("...")) {
      const size_t column = caret - newline - 1 - (colon + 2);
      const size_t offset = std::min(*start + column, statement.size());
      error.position = characters(statement.substr(0, offset)) + 1;
    }
  }
  error.message.erase(excerpt);
}

}  // namespace

PgError make_pg_error(std::string code, std::string message, std::string severity) {
  PgError error;
  error.severity = std::move(severity);
  error.code = std::move(code);
  error.message = std::move(message);
  return error;
}

PgError protocol_violation(std::string message) {
  return make_pg_error(sqlstate::kProtocolViolation, std::move(message), "FATAL");
}

const char* sqlstate_of(ErrorKind kind, std::string_view message) {
  // A write in a READ ONLY transaction (BEGIN ... READ ONLY).
  if (contains(message, "transaction is launched in read-only mode")) return "25006";
  switch (kind) {
    case ErrorKind::kSyntax:
      return "42601";
    case ErrorKind::kCatalog:
      return catalog_state(message);
    case ErrorKind::kMissingColumn:
      return "42703";
    case ErrorKind::kBinder:
      return contains(message, "Could not determine") || contains(message, "could not determine") ? "42P18"
                                                                                                  : "42804";
    case ErrorKind::kConstraint:
      return constraint_state(message);
    case ErrorKind::kNotNull:
      return "23502";
    case ErrorKind::kConversion:
      return "22P02";
    case ErrorKind::kOutOfRange:
      return "22003";
    case ErrorKind::kDivideByZero:
      return "22012";
    case ErrorKind::kInterrupted:
    case ErrorKind::kTimeout:
      return sqlstate::kQueryCanceled;
    case ErrorKind::kTransactionConflict:
      return "40001";
    case ErrorKind::kPermission:
      return "42501";
    case ErrorKind::kIo:
      return "58030";
    case ErrorKind::kOutOfMemory:
      return "53200";
    case ErrorKind::kInvalidInput:
      return "42601";
    case ErrorKind::kInvalidParameter:
      return sqlstate::kInvalidParameterValue;
    case ErrorKind::kUnavailable:
      return sqlstate::kAdminShutdown;
    case ErrorKind::kLeftToDuckDb:
    case ErrorKind::kInternal:
      break;
  }
  return sqlstate::kInternalError;
}

PgError pg_error_from(const Error& error, std::string_view statement) {
  PgError pg;
  pg.code = error.code.empty() ? sqlstate_of(error.kind, error.message) : error.code;
  pg.message = error.message;
  pg.context = error.context;
  take_position(pg, statement);
  const bool invalidated = contains(error.message, "database has been invalidated") ||
                           contains(error.message, "database invalidated");
  if (invalidated || error.kind == ErrorKind::kUnavailable) pg.severity = "FATAL";
  return pg;
}

}  // namespace duckwire::pgwire
