#include "pgload/pg_connection.hpp"

#include <stdexcept>

namespace bench::pg {

Connection::Connection(const std::string& dsn) : conn_(PQconnectdb(dsn.c_str())) {
  if (PQstatus(conn_) != CONNECTION_OK) {
    const std::string message = PQerrorMessage(conn_);
    PQfinish(conn_);
    throw std::runtime_error("connect: " + message);
  }
}

Connection::~Connection() {
  PQfinish(conn_);
}

ResultPtr Connection::expect(PGresult* result, ExecStatusType expected, std::string_view what) const {
  ResultPtr owned(result);
  if (!owned) throw std::runtime_error(std::string(what) + ": " + PQerrorMessage(conn_));
  if (PQresultStatus(owned.get()) != expected) {
    throw std::runtime_error(std::string(what) + ": " + PQresStatus(PQresultStatus(owned.get())) + " " +
                             PQresultErrorMessage(owned.get()));
  }
  return owned;
}

void Connection::check(int ok, std::string_view what) const {
  if (!ok) throw std::runtime_error(std::string(what) + ": " + PQerrorMessage(conn_));
}

}  // namespace bench::pg
