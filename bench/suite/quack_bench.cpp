#include "suite/quack_bench.hpp"

#include <duckdb.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "clients/quack/quack_client.hpp"
#include "common/queries.hpp"
#include "protocols/quack/result_chunks.hpp"
#include "suite/inprocess_bench.hpp"

namespace bench {

namespace {

constexpr const char* kTable = "appended";
const std::string kCreateTable = "CREATE OR REPLACE TABLE appended AS " + rows_query(0);

duckwire::quack_client::QuackClient connect_quack(ServerAddress server) {
  auto endpoint = duckwire::quack_client::parse_endpoint("quack:" + server.host + ":" + std::to_string(server.port));
  if (!endpoint) throw std::runtime_error(endpoint.error().message);
  auto client = duckwire::quack_client::QuackClient::connect(endpoint.value(), "");
  if (!client) throw std::runtime_error(client.error().message);
  return std::move(client).value();
}

void run(duckwire::quack_client::QuackClient& client, const std::string& sql) {
  auto result = client.query(sql);
  if (!result) throw std::runtime_error(result.error().message);
  while (true) {
    auto chunk = result.value().next_chunk();
    if (!chunk) throw std::runtime_error(chunk.error().message);
    if (chunk.value() == nullptr) return;
  }
}

// The query's rows as the Quack DataChunks a server sends (the chunks a client APPENDs).
std::vector<std::string> encoded_chunks(int64_t rows) {
  auto session = inprocess_backend().connect();
  if (!session) throw std::runtime_error(session.error().message);
  auto stream = session.value()->execute(rows_query(rows));
  if (!stream) throw std::runtime_error(stream.error().message);
  auto types = duckwire::quack::result_types(stream.value()->schema().columns);
  if (!types) throw std::runtime_error(types.error().message);
  std::vector<std::string> chunks;
  while (true) {
    auto chunk = stream.value()->next_vectors();
    if (!chunk) throw std::runtime_error(chunk.error().message);
    if (!chunk.value()) return chunks;
    auto encoded = duckwire::quack::encode_chunk(*chunk.value(), types.value());
    if (!encoded) throw std::runtime_error(encoded.error().message);
    chunks.push_back(std::move(encoded).value());
  }
}

struct Duck {
  duckdb_database database = nullptr;
  duckdb_connection connection = nullptr;
  Duck() {
    if (duckdb_open(nullptr, &database) == DuckDBError || duckdb_connect(database, &connection) == DuckDBError) {
      throw std::runtime_error("cannot open an in-memory DuckDB");
    }
  }
  ~Duck() {
    duckdb_disconnect(&connection);
    duckdb_close(&database);
  }
  void run(const std::string& sql) {
    duckdb_result result;
    const bool failed = duckdb_query(connection, sql.c_str(), &result) == DuckDBError;
    const std::string error = failed ? duckdb_result_error(&result) : "";
    duckdb_destroy_result(&result);
    if (failed) throw std::runtime_error(error);
  }
};

}  // namespace

void bm_quack_fetch(benchmark::State& state, ServerAddress server, int64_t rows) {
  int64_t seen = 0;
  try {
    auto client = connect_quack(server);
    const std::string sql = rows_query(rows);
    for (auto _ : state) {
      auto result = client.query(sql);
      if (!result) throw std::runtime_error(result.error().message);
      seen = 0;
      while (true) {
        auto chunk = result.value().next_chunk();
        if (!chunk) throw std::runtime_error(chunk.error().message);
        if (chunk.value() == nullptr) break;
        seen += static_cast<int64_t>(chunk.value()->row_count);
      }
    }
    (void)client.disconnect();
  } catch (const std::exception& e) {
    return state.SkipWithError(e.what());
  }
  if (seen != rows) return state.SkipWithError("row count mismatch");
  state.counters["rows"] = static_cast<double>(seen);
  state.SetItemsProcessed(state.iterations() * seen);
}

void bm_quack_append(benchmark::State& state, ServerAddress server, int64_t rows) {
  try {
    const std::vector<std::string> chunks = encoded_chunks(rows);
    auto client = connect_quack(server);
    for (auto _ : state) {
      state.PauseTiming();
      run(client, kCreateTable);
      state.ResumeTiming();
      run(client, "BEGIN TRANSACTION");
      for (const std::string& chunk : chunks) {
        if (auto appended = client.append("", kTable, chunk); !appended) {
          throw std::runtime_error(appended.error().message);
        }
      }
      run(client, "COMMIT");
    }
    (void)client.disconnect();
  } catch (const std::exception& e) {
    return state.SkipWithError(e.what());
  }
  state.counters["rows"] = static_cast<double>(rows);
  state.SetItemsProcessed(state.iterations() * rows);
}

void bm_inproc_append(benchmark::State& state, int64_t rows) {
  try {
    Duck duck;
    duckdb_result result;
    if (duckdb_query(duck.connection, rows_query(rows).c_str(), &result) == DuckDBError) {
      throw std::runtime_error(duckdb_result_error(&result));
    }
    std::vector<duckdb_data_chunk> chunks;
    for (duckdb_data_chunk chunk = duckdb_fetch_chunk(result); chunk != nullptr; chunk = duckdb_fetch_chunk(result)) {
      chunks.push_back(chunk);
    }
    for (auto _ : state) {
      state.PauseTiming();
      duck.run(kCreateTable);
      state.ResumeTiming();
      duck.run("BEGIN TRANSACTION");
      duckdb_appender appender;
      if (duckdb_appender_create(duck.connection, nullptr, kTable, &appender) == DuckDBError) {
        throw std::runtime_error("cannot create the appender");
      }
      for (duckdb_data_chunk chunk : chunks) {
        if (duckdb_append_data_chunk(appender, chunk) == DuckDBError) {
          const std::string error = duckdb_appender_error(appender);
          duckdb_appender_destroy(&appender);
          throw std::runtime_error(error);
        }
      }
      duckdb_appender_destroy(&appender);
      duck.run("COMMIT");
    }
    for (duckdb_data_chunk& chunk : chunks) duckdb_destroy_data_chunk(&chunk);
    duckdb_destroy_result(&result);
  } catch (const std::exception& e) {
    return state.SkipWithError(e.what());
  }
  state.counters["rows"] = static_cast<double>(rows);
  state.SetItemsProcessed(state.iterations() * rows);
}

}  // namespace bench
