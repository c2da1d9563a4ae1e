#pragma once
// The same query fetched from a running duckwire over WebSocket with SQLRooms requests (queryId set):
// arrow answers one framed binary message, json a text message with the records as a string.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>

namespace bench {

struct ServerAddress {
  std::string host = "127.0.0.1";
  uint16_t port = 0;
};

void bm_ws_arrow(benchmark::State& state, ServerAddress server, int64_t rows);
void bm_ws_json(benchmark::State& state, ServerAddress server, int64_t rows);
// The same rows over /sql: a JSON-RPC request answered with one binary JSON-LD message.
void bm_ws_jsonld(benchmark::State& state, ServerAddress server, int64_t rows);

}  // namespace bench
