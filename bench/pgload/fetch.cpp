#include <chrono>
#include <cstring>
#include <stdexcept>
#include <string>

#include "common/proc_status.hpp"
#include "pgload/pg_connection.hpp"
#include "pgload/scenarios.hpp"

namespace bench::pg {

namespace {

using Clock = std::chrono::steady_clock;

// The 11-byte signature that opens every binary COPY stream, then flags and header extension length.
constexpr char kCopySignature[] = "PGCOPY\n\377\r\n";
constexpr size_t kCopySignatureBytes = 11;
constexpr size_t kCopyHeaderBytes = kCopySignatureBytes + 8;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// CPU time the client (this process) and the server spent between construction and add_to: tells
// whether a fetch was bound by the server or by the client it shares the machine's cores with.
class CpuMeter {
 public:
  CpuMeter(const Connection& conn, pid_t server_pid)
      : server_(server_pid > 0 ? server_pid : conn.backend_pid()),
        client_start_(own_cpu_seconds()),
        server_start_(read_scheduling_status(server_).cpu_seconds) {}

  void add_to(boost::json::object& figures) const {
    figures["client_cpu_seconds"] = own_cpu_seconds() - client_start_;
    figures["server_cpu_seconds"] = read_scheduling_status(server_).cpu_seconds - server_start_;
  }

 private:
  pid_t server_;
  double client_start_;
  double server_start_;
};

}  // namespace

boost::json::object run_fetch_text(const PgOptions& options) {
  Connection conn(options.dsn);
  const CpuMeter cpu(conn, options.server_pid);
  const auto start = Clock::now();
  conn.check(PQsendQuery(conn.get(), options.sql.c_str()), "send query");
  conn.check(PQsetSingleRowMode(conn.get()), "single-row mode");
  int64_t rows = 0;
  int64_t value_bytes = 0;
  double first_row_seconds = -1;
  while (PGresult* next = PQgetResult(conn.get())) {
    const ExecStatusType status = PQresultStatus(next);
    const ResultPtr result =
        conn.expect(next, status == PGRES_SINGLE_TUPLE ? PGRES_SINGLE_TUPLE : PGRES_TUPLES_OK, "fetch");
    const int count = PQntuples(result.get());
    const int fields = PQnfields(result.get());
    if (count > 0 && first_row_seconds < 0) first_row_seconds = seconds_since(start);
    for (int row = 0; row < count; ++row) {
      for (int field = 0; field < fields; ++field) value_bytes += PQgetlength(result.get(), row, field);
    }
    rows += count;
  }
  boost::json::object figures{{"scenario", "fetch_text"},
                              {"rows", rows},
                              {"value_bytes", value_bytes},
                              {"seconds", seconds_since(start)},
                              {"first_row_seconds", first_row_seconds}};
  cpu.add_to(figures);
  return figures;
}

boost::json::object run_fetch_copy(const PgOptions& options) {
  Connection conn(options.dsn);
  const std::string copy = "COPY (" + options.sql + ") TO STDOUT (FORMAT binary)";
  const CpuMeter cpu(conn, options.server_pid);
  const auto start = Clock::now();
  conn.expect(PQexec(conn.get(), copy.c_str()), PGRES_COPY_OUT, "copy");
  int64_t bytes = 0;
  int64_t messages = 0;
  char last_two[2] = {0, 0};
  for (;;) {
    char* buffer = nullptr;
    const int length = PQgetCopyData(conn.get(), &buffer, 0);
    if (length == -1) break;
    if (length < 0) throw std::runtime_error(std::string("copy data: ") + PQerrorMessage(conn.get()));
    if (messages == 0 && (length < static_cast<int>(kCopyHeaderBytes) ||
                          std::memcmp(buffer, kCopySignature, kCopySignatureBytes) != 0)) {
      PQfreemem(buffer);
      throw std::runtime_error("copy data: no binary COPY signature");
    }
    if (length >= 2) std::memcpy(last_two, buffer + length - 2, 2);
    bytes += length;
    ++messages;
    PQfreemem(buffer);
  }
  const ResultPtr done = conn.expect(PQgetResult(conn.get()), PGRES_COMMAND_OK, "copy end");
  const double seconds = seconds_since(start);
  if (last_two[0] != '\xff' || last_two[1] != '\xff') throw std::runtime_error("copy data: no -1 trailer");
  boost::json::object figures{{"scenario", "fetch_copy"},
                              {"rows", std::stoll(PQcmdTuples(done.get()))},
                              {"bytes", bytes},
                              {"messages", messages},
                              {"seconds", seconds}};
  cpu.add_to(figures);
  return figures;
}

}  // namespace bench::pg
