#include "suite/wire_bench.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <stdexcept>

#include "common/queries.hpp"
#include "common/ws_client.hpp"

namespace bench {

void bm_ws_arrow(benchmark::State& state, ServerAddress server, int64_t rows) {
  WsClient client(server.host, server.port);
  const std::string sql = rows_query(rows);
  uint64_t message_bytes = 0;
  uint64_t arrow_bytes = 0;
  int query = 0;
  try {
    for (auto _ : state) {
      client.send_text(sqlrooms_request("arrow", sql, "a" + std::to_string(++query)));
      FramedArrowCheck check;
      const ReplyInfo reply = client.read_message([&check](std::string_view piece) { check.add(piece); });
      if (!reply.binary) throw std::runtime_error("expected a binary reply, got: " + check.header());
      arrow_bytes = check.finish();
      message_bytes = reply.bytes;
    }
  } catch (const std::exception& e) {
    return state.SkipWithError(e.what());
  }
  state.counters["rows"] = static_cast<double>(rows);
  state.counters["bytes"] = static_cast<double>(arrow_bytes);
  state.counters["message_bytes"] = static_cast<double>(message_bytes);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(message_bytes));
}

namespace {

// Sends `request(n)` for the n-th query and reads the whole reply, keeping its first bytes for
// `expected(reply, head)`.
template <class Request, class Expected>
void bm_json_reply(benchmark::State& state, WsClient& client, int64_t rows, Request request, Expected expected) {
  uint64_t message_bytes = 0;
  int query = 0;
  try {
    for (auto _ : state) {
      client.send_text(request(++query));
      std::string head;
      const ReplyInfo reply = client.read_message([&head](std::string_view piece) {
        if (head.size() < 64) head.append(piece.substr(0, 64));
      });
      if (!expected(reply, head)) throw std::runtime_error("unexpected reply: " + head);
      message_bytes = reply.bytes;
    }
  } catch (const std::exception& e) {
    return state.SkipWithError(e.what());
  }
  state.counters["rows"] = static_cast<double>(rows);
  state.counters["message_bytes"] = static_cast<double>(message_bytes);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(message_bytes));
}

}  // namespace

void bm_ws_json(benchmark::State& state, ServerAddress server, int64_t rows) {
  WsClient client(server.host, server.port);
  const std::string sql = rows_query(rows);
  bm_json_reply(
      state, client, rows,
      [&sql](int query) { return sqlrooms_request("json", sql, "j" + std::to_string(query)); },
      [](const ReplyInfo& reply, const std::string& head) {
        return !reply.binary && head.rfind("{\"type\":\"json\"", 0) == 0;
      });
}

void bm_ws_jsonld(benchmark::State& state, ServerAddress server, int64_t rows) {
  WsClient client(server.host, server.port, 0, "/sql");
  const std::string sql = rows_query(rows);
  bm_json_reply(
      state, client, rows,
      [&sql](int query) {
        boost::json::object request{{"jsonrpc", "2.0"}, {"id", query}, {"method", "sql"},
                                    {"params", boost::json::object{{"q", sql}}}};
        return boost::json::serialize(request);
      },
      [](const ReplyInfo& reply, const std::string& head) {
        return reply.binary && head.find("\"result\"") != std::string::npos;
      });
}

}  // namespace bench
