// Loads Arrow IPC streams through duckwire's reader into DuckDB, as an uploadArrow does, and prints
// what DuckDB then holds, for the JavaScript upload tests (tests/integration/node).
//
//   arrow_ipc_read_check <file>...
//
// Prints one JSON line per file: {"file", "rows", "types": {column: DuckDB type}, "data": [row...]},
// each row an object of the values cast to VARCHAR (null for NULL), or {"file", "error"}.

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "backend/duckdb/duckdb_backend.hpp"
#include "encode/arrow_ipc_reader.hpp"

namespace {

namespace json = boost::json;
using namespace duckwire;

// The single VARCHAR value a query returns.
Result<std::string> query_text(Session& session, const std::string& sql) {
  auto stream = session.execute(sql);
  if (!stream) return stream.error();
  auto chunk = stream.value()->next();
  if (!chunk) return chunk.error();
  if (!chunk.value()) return Error{ErrorKind::kInternal, "no rows"};
  const ArrowArray& column = *chunk.value()->array->children[0];
  const std::string_view format = stream.value()->schema().arrow->children[0]->format;
  if (format != "u" || column.null_count != 0)
    return Error{ErrorKind::kInternal, "expected one VARCHAR value"};
  const auto* offsets = static_cast<const int32_t*>(column.buffers[1]);
  const char* data = static_cast<const char*>(column.buffers[2]);
  const int64_t slot = column.offset;
  return std::string(data + offsets[slot], static_cast<size_t>(offsets[slot + 1] - offsets[slot]));
}

json::object check_file(Backend& backend, const std::string& path) {
  json::object out;
  out["file"] = std::filesystem::path(path).filename().string();
  auto fail = [&](const std::string& message) {
    out["error"] = message;
    return out;
  };
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  if (!in) return fail("cannot read " + path);

  auto session = backend.connect();
  if (!session) return fail(session.error().message);
  auto decoded = encode::read_arrow_ipc_stream(bytes.str());
  if (!decoded) return fail(decoded.error().message);
  auto rows = session.value()->create_table_from_arrow("t", *decoded->schema.get(), decoded->batches);
  if (!rows) return fail(rows.error().message);
  out["rows"] = rows.value();

  auto types = query_text(
      *session.value(),
      "SELECT to_json(map_from_entries(list((column_name, column_type))))::VARCHAR FROM (DESCRIBE t)");
  if (!types) return fail(types.error().message);
  auto data = query_text(
      *session.value(),
      "SELECT coalesce(to_json(list(v))::VARCHAR, '[]') FROM (SELECT COLUMNS(*)::VARCHAR FROM t) v");
  if (!data) return fail(data.error().message);
  out["types"] = json::parse(types.value());
  out["data"] = json::parse(data.value());
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: arrow_ipc_read_check <file>...\n";
    return 2;
  }
  std::vector<std::string> warnings;
  auto backend = open_duckdb_backend(BackendOptions{}, warnings);
  if (!backend) {
    std::cerr << backend.error().message << "\n";
    return 1;
  }
  for (int i = 1; i < argc; ++i) std::cout << json::serialize(check_file(*backend.value(), argv[i])) << "\n";
  return 0;
}
