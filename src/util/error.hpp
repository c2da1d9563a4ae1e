#pragma once
// Errors cross layers as values: a kind every front door maps to its own error shape, and a message.

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace duckwire {

enum class ErrorKind {
  kSyntax,         // parser errors
  kCatalog,        // missing table, schema, function
  kMissingColumn,  // binder: unknown column
  kBinder,         // other binder / type mismatch errors
  kConstraint,     // unique / primary key / foreign key
  kNotNull,        // NOT NULL constraint
  kConversion,     // invalid input for a type
  kOutOfRange,     // numeric overflow
  kDivideByZero,
  kInterrupted,          // cancelled by a client or by shutdown
  kTimeout,              // interrupted by the statement timeout
  kTransactionConflict,  // write-write conflict: the caller may retry
  kPermission,           // refused by configuration (file access, read-only)
  kIo,
  kOutOfMemory,
  kInvalidInput,      // a request the server refuses before running it
  kInvalidParameter,  // a parameter value that cannot be bound (unknown name, wrong count, bad value)
  kUnavailable,       // the server is shutting down or not ready
  // A backend of a program's own leaves the statement to the server's DuckDB (Backend::catalog_engine).
  kLeftToDuckDb,
  kInternal,
};

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string message;
  // The protocol's own code when the code that failed knows it better than `kind` says (a SQLSTATE
  // for the PostgreSQL front door); empty otherwise.
  std::string code = {};
  // Where it happened, in the protocol's words (PostgreSQL's CONTEXT, e.g. the row of a COPY); empty
  // when nothing more precise than the statement is known.
  std::string context = {};
};

// A value or an Error. Small on purpose: `ok()`, `value()`, `error()`.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}
  Result(Error error) : state_(std::move(error)) {}

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  const T& value() const& { return std::get<T>(state_); }
  const Error& error() const { return std::get<Error>(state_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return *error_; }

 private:
  std::optional<Error> error_;
};

}  // namespace duckwire
