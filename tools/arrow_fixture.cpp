// Writes Arrow IPC fixtures for the JavaScript decoding tests (tests/integration/node).
//
//   arrow_fixture <cases.json> <output-dir>
//
// For each case {name, sql, setup?, slice?} it runs the SQL through the DuckDB backend and writes
//   <name>.arrows         the result as an Arrow IPC stream (ArrowIpcWriter)
//   <name>.arrow          the same as an Arrow IPC file
//   <name>.expected.json  what DuckDB itself renders for every value (to_json in SQL), per row
// The expectation comes from the same chunks as the data: the case runs as
//   SELECT *, to_json(COLUMNS(*))::VARCHAR FROM (<sql>)
// and only the first half of the columns goes to the writer. With "slice": k, every chunk is
// written from row k on (through the struct array's offset) to exercise sliced input.

#include <boost/json.hpp>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "backend/duckdb/duckdb_backend.hpp"
#include "encode/arrow_ipc_writer.hpp"

namespace {

namespace json = boost::json;
using duckwire::encode::ArrowIpcFormat;
using duckwire::encode::ArrowIpcWriter;

struct CaseFailure {
  std::string message;
};

template <class T>
T checked(duckwire::Result<T> result, const std::string& what) {
  if (!result.ok()) throw CaseFailure{what + ": " + result.error().message};
  return std::move(result).value();
}

bool is_valid(const ArrowArray& array, int64_t slot) {
  if (array.null_count == 0 || array.n_buffers == 0 || array.buffers[0] == nullptr) return true;
  const auto* bits = static_cast<const uint8_t*>(array.buffers[0]);
  return (bits[slot / 8] >> (slot % 8)) & 1;
}

// Reads one value of a string column in any of the layouts DuckDB may choose for VARCHAR.
std::optional<std::string> string_at(const ArrowSchema& schema, const ArrowArray& array, int64_t row) {
  const int64_t slot = array.offset + row;  // row: a slot of the parent struct
  if (!is_valid(array, slot)) return std::nullopt;
  const std::string_view format = schema.format;
  const char* data = static_cast<const char*>(array.buffers[2]);
  if (format == "u") {
    const auto* offsets = static_cast<const int32_t*>(array.buffers[1]);
    return std::string(data + offsets[slot], static_cast<size_t>(offsets[slot + 1] - offsets[slot]));
  }
  if (format == "U") {
    const auto* offsets = static_cast<const int64_t*>(array.buffers[1]);
    return std::string(data + offsets[slot], static_cast<size_t>(offsets[slot + 1] - offsets[slot]));
  }
  if (format == "vu") {
    const char* view = static_cast<const char*>(array.buffers[1]) + 16 * slot;
    int32_t length;
    std::memcpy(&length, view, 4);
    if (length <= 12) return std::string(view + 4, static_cast<size_t>(length));
    int32_t buffer_index;
    int32_t offset;
    std::memcpy(&buffer_index, view + 8, 4);
    std::memcpy(&offset, view + 12, 4);
    return std::string(static_cast<const char*>(array.buffers[2 + buffer_index]) + offset,
                       static_cast<size_t>(length));
  }
  throw CaseFailure{"the rendered column has unexpected format " + std::string(format)};
}

void drain(duckwire::ResultStream& stream, const std::string& what) {
  while (checked(stream.next(), what)) {
  }
}

// An output file fed the way a server feeds a socket: append, send, clear.
class Sink {
 public:
  explicit Sink(const std::filesystem::path& path)
      : path_(path), file_(path, std::ios::binary | std::ios::trunc) {}
  std::string& buffer() { return buffer_; }
  void flush() {
    file_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    if (!file_) throw CaseFailure{"cannot write " + path_.string()};
    buffer_.clear();
  }

 private:
  std::filesystem::path path_;
  std::ofstream file_;
  std::string buffer_;
};

// Each case gets its own in-memory database: DuckDB's Arrow export options are global settings.
void run_case(const json::object& test_case, const std::filesystem::path& out_dir) {
  const std::string name(test_case.at("name").as_string());
  const std::string sql(test_case.at("sql").as_string());
  const int64_t slice = test_case.contains("slice") ? test_case.at("slice").as_int64() : 0;

  // Unrestricted, because restricting file access also locks the configuration, and some cases
  // SET DuckDB's Arrow export options.
  duckwire::BackendOptions options;
  options.restrict_file_access = false;
  std::vector<std::string> warnings;
  auto backend = checked(duckwire::open_duckdb_backend(options, warnings), "open DuckDB");
  auto session = checked(backend->connect(), "connect");
  if (const json::value* setup = test_case.if_contains("setup")) {
    for (const json::value& statement : setup->as_array()) {
      const std::string text(statement.as_string());
      auto stream = checked(session->execute(text), text);
      drain(*stream, text);
    }
  }

  auto stream = checked(session->execute("SELECT *, to_json(COLUMNS(*))::VARCHAR FROM (" + sql + ")"), sql);
  const duckwire::ResultSchema& result_schema = stream->schema();
  const int64_t columns = static_cast<int64_t>(result_schema.columns.size()) / 2;
  const ArrowSchema& full_schema = *result_schema.arrow.get();
  ArrowSchema data_schema = full_schema;
  data_schema.n_children = columns;

  ArrowIpcWriter stream_writer(data_schema, ArrowIpcFormat::kStream);
  ArrowIpcWriter file_writer(data_schema, ArrowIpcFormat::kFile);
  Sink stream_sink(out_dir / (name + ".arrows"));
  Sink file_sink(out_dir / (name + ".arrow"));
  stream_writer.begin(stream_sink.buffer());
  file_writer.begin(file_sink.buffer());

  json::array rows;
  int64_t batches = 0;
  while (auto chunk = checked(stream->next(), "fetch")) {
    ArrowArray data = *chunk->array.get();
    data.n_children = columns;
    data.offset += slice;
    data.length -= slice;
    if (data.length <= 0) continue;
    stream_writer.write(data, stream_sink.buffer());
    stream_sink.flush();
    file_writer.write(data, file_sink.buffer());
    file_sink.flush();
    ++batches;
    for (int64_t row = data.offset; row < data.offset + data.length; ++row) {
      json::array values;
      for (int64_t column = columns; column < 2 * columns; ++column) {
        // `row` counts from the start of the struct's buffers, as its columns do (plus their own offset).
        auto text = string_at(*full_schema.children[column], *chunk->array->children[column], row);
        if (text) {
          values.emplace_back(json::string(*text));
        } else {
          values.emplace_back(nullptr);
        }
      }
      rows.emplace_back(std::move(values));
    }
  }
  stream_writer.finish(stream_sink.buffer());
  stream_sink.flush();
  file_writer.finish(file_sink.buffer());
  file_sink.flush();

  json::array column_list;
  for (int64_t column = 0; column < columns; ++column) {
    const auto& described = result_schema.columns[static_cast<size_t>(column)];
    column_list.emplace_back(json::object{{"name", described.name}, {"type", described.type.to_string()}});
  }
  json::object expected{
      {"name", name}, {"batches", batches}, {"columns", std::move(column_list)}, {"rows", std::move(rows)}};
  Sink expectation(out_dir / (name + ".expected.json"));
  expectation.buffer() = json::serialize(expected);
  expectation.flush();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: arrow_fixture <cases.json> <output-dir>\n";
    return 2;
  }
  std::ifstream cases_file(argv[1]);
  std::stringstream cases_text;
  cases_text << cases_file.rdbuf();
  if (!cases_file) {
    std::cerr << "arrow_fixture: cannot read " << argv[1] << "\n";
    return 2;
  }
  const json::value cases = json::parse(cases_text.str());
  const std::filesystem::path out_dir(argv[2]);
  std::filesystem::create_directories(out_dir);

  int failures = 0;
  for (const json::value& test_case : cases.as_array()) {
    const std::string name(test_case.at("name").as_string());
    try {
      run_case(test_case.as_object(), out_dir);
    } catch (const CaseFailure& failure) {
      std::cerr << "arrow_fixture: case " << name << ": " << failure.message << "\n";
      ++failures;
    } catch (const std::exception& error) {
      std::cerr << "arrow_fixture: case " << name << ": " << error.what() << "\n";
      ++failures;
    }
  }
  return failures == 0 ? 0 : 1;
}
