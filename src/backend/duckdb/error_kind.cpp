#include "backend/duckdb/error_kind.hpp"

#include <utility>

namespace duckwire::duckdb {

namespace {

bool contains(const std::string& text, const char* needle) {
  return text.find(needle) != std::string::npos;
}

}  // namespace

ErrorKind error_kind_of(duckdb_error_type type, const std::string& message) {
  switch (type) {
    case DUCKDB_ERROR_PARSER:
    case DUCKDB_ERROR_SYNTAX:
      return ErrorKind::kSyntax;
    case DUCKDB_ERROR_CATALOG:
      return ErrorKind::kCatalog;
    case DUCKDB_ERROR_BINDER:
      return contains(message, "Referenced column") ? ErrorKind::kMissingColumn : ErrorKind::kBinder;
    case DUCKDB_ERROR_CONSTRAINT:
      return contains(message, "NOT NULL constraint") ? ErrorKind::kNotNull : ErrorKind::kConstraint;
    case DUCKDB_ERROR_CONVERSION:
    case DUCKDB_ERROR_INVALID_INPUT:
      return ErrorKind::kConversion;
    case DUCKDB_ERROR_OUT_OF_RANGE:
    case DUCKDB_ERROR_DECIMAL:
      return ErrorKind::kOutOfRange;
    case DUCKDB_ERROR_DIVIDE_BY_ZERO:
      return ErrorKind::kDivideByZero;
    case DUCKDB_ERROR_INTERRUPT:
      return ErrorKind::kInterrupted;
    case DUCKDB_ERROR_TRANSACTION:
      return ErrorKind::kTransactionConflict;
    case DUCKDB_ERROR_PERMISSION:
      return ErrorKind::kPermission;
    case DUCKDB_ERROR_IO:
    case DUCKDB_ERROR_HTTP:
    case DUCKDB_ERROR_NETWORK:
      return ErrorKind::kIo;
    case DUCKDB_ERROR_OUT_OF_MEMORY:
      return ErrorKind::kOutOfMemory;
    case DUCKDB_ERROR_MISMATCH_TYPE:
    case DUCKDB_ERROR_PARAMETER_NOT_RESOLVED:
    case DUCKDB_ERROR_PARAMETER_NOT_ALLOWED:
      return ErrorKind::kBinder;
    default:
      return ErrorKind::kInternal;
  }
}

Error make_error(duckdb_error_type type, const char* message) {
  std::string text = message != nullptr ? message : "unknown DuckDB error";
  return Error{error_kind_of(type, text), std::move(text)};
}

Error make_error_from_message(const char* message) {
  static constexpr std::pair<const char*, duckdb_error_type> kPrefixes[] = {
      {"Parser Error", DUCKDB_ERROR_PARSER},
      {"Syntax Error", DUCKDB_ERROR_SYNTAX},
      {"Catalog Error", DUCKDB_ERROR_CATALOG},
      {"Binder Error", DUCKDB_ERROR_BINDER},
      {"Constraint Error", DUCKDB_ERROR_CONSTRAINT},
      {"Conversion Error", DUCKDB_ERROR_CONVERSION},
      {"Invalid Input Error", DUCKDB_ERROR_INVALID_INPUT},
      {"Out of Range Error", DUCKDB_ERROR_OUT_OF_RANGE},
      {"INTERRUPT Error", DUCKDB_ERROR_INTERRUPT},
      {"TransactionContext Error", DUCKDB_ERROR_TRANSACTION},
      {"Permission Error", DUCKDB_ERROR_PERMISSION},
      {"IO Error", DUCKDB_ERROR_IO},
      {"Out of Memory Error", DUCKDB_ERROR_OUT_OF_MEMORY},
  };
  const std::string text = message != nullptr ? message : "";
  for (const auto& [prefix, type] : kPrefixes) {
    if (text.rfind(prefix, 0) == 0) return make_error(type, message);
  }
  return make_error(DUCKDB_ERROR_INVALID, message);
}

}  // namespace duckwire::duckdb
