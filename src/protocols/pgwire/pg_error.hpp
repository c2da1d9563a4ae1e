#pragma once
// ErrorResponse and NoticeResponse contents: severity, SQLSTATE, message and position. The one table
// from duckwire's ErrorKind (and DuckDB's message where the kind is too coarse) to SQLSTATE lives here.

#include <optional>
#include <string>
#include <string_view>

#include "util/error.hpp"

namespace duckwire::pgwire {

namespace sqlstate {
inline constexpr const char* kSuccessfulCompletion = "00000";
inline constexpr const char* kWarning = "01000";
inline constexpr const char* kProtocolViolation = "08P01";
inline constexpr const char* kFeatureNotSupported = "0A000";
inline constexpr const char* kActiveTransaction = "25001";
inline constexpr const char* kNoActiveTransaction = "25P01";
inline constexpr const char* kInvalidSavepoint = "3B001";
inline constexpr const char* kInFailedTransaction = "25P02";
inline constexpr const char* kInvalidAuthorization = "28000";
inline constexpr const char* kInvalidPassword = "28P01";
inline constexpr const char* kInvalidCursorName = "34000";
inline constexpr const char* kInvalidStatementName = "26000";
inline constexpr const char* kDuplicatePreparedStatement = "42P05";
inline constexpr const char* kDuplicateCursor = "42P03";
inline constexpr const char* kQueryCanceled = "57014";
inline constexpr const char* kAdminShutdown = "57P01";
inline constexpr const char* kTooManyConnections = "53300";
inline constexpr const char* kCharacterNotInRepertoire = "22021";
inline constexpr const char* kInvalidParameterValue = "22023";
inline constexpr const char* kInternalError = "XX000";
}  // namespace sqlstate

struct PgError {
  std::string severity = "ERROR";  // ERROR, FATAL, WARNING, NOTICE
  std::string code = sqlstate::kInternalError;
  std::string message;
  std::optional<int> position;  // 1-based character offset into the statement text
  std::string detail;
  std::string hint;
  std::string context;  // CONTEXT: where it happened (the row of a COPY)

  bool fatal() const { return severity == "FATAL"; }
};

PgError make_pg_error(std::string code, std::string message, std::string severity = "ERROR");
PgError protocol_violation(std::string message);

// An engine or server error as PostgreSQL clients expect it: the SQLSTATE of the spec's table,
// DuckDB's message without its "LINE n:" excerpt, whose caret becomes the position in `statement`.
// "database invalidated" is FATAL: the session cannot go on.
PgError pg_error_from(const Error& error, std::string_view statement = {});

// The SQLSTATE for an error kind, refined by the message where one kind covers several states.
const char* sqlstate_of(ErrorKind kind, std::string_view message);

}  // namespace duckwire::pgwire
