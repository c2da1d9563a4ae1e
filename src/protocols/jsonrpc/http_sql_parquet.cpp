#include "protocols/jsonrpc/http_sql_parquet.hpp"

#include "core/result_file.hpp"
#include "protocols/jsonrpc/http_sql_replies.hpp"

namespace duckwire::jsonrpc {

namespace asio = boost::asio;

namespace {

// 507 Insufficient Storage when the file outgrew the spool bounds (or DuckDB its memory).
int parquet_status(const Error& error) {
  return error.kind == ErrorKind::kOutOfMemory ? 507 : status_of(error);
}

// Sends the file at the client's pace; false when the client left or the file could not be read.
asio::awaitable<bool> send_file(const ServerContext& server, http::HttpExchange& exchange, ResultFile& file) {
  while (true) {
    auto piece = co_await next_file_piece(server, file);
    if (!piece) {
      exchange.abandon_stream();
      co_return false;
    }
    if (piece.value().empty()) co_return true;
    if (!co_await exchange.write_chunk(piece.value())) co_return false;
    server.metrics.bytes_sent(Protocol::kJsonRpc, piece.value().size());
  }
}

}  // namespace

asio::awaitable<void> send_parquet(const ServerContext& server, http::HttpExchange& exchange,
                                   const std::shared_ptr<QueryJob>& job, const bool& changed_data,
                                   const std::string& media_type) {
  auto written = co_await write_parquet_file(server, *job);
  exchange.stop_watching_for_close();
  co_await job->close();
  if (!written) {
    co_await exchange.respond(plain(parquet_status(written.error()), written.error().message));
    co_return;
  }
  std::unique_ptr<ResultFile> file = std::move(written).value();
  http::HttpResponse head;
  head.status = changed_data ? 201 : 200;
  head.content_type = media_type;
  head.headers.emplace_back("Content-Disposition", "attachment; filename=\"result.parquet\"");
  if (co_await exchange.begin_stream(std::move(head)) && co_await send_file(server, exchange, *file)) {
    co_await exchange.end_stream();
  }
  close_on_worker(server, std::move(file));
}

}  // namespace duckwire::jsonrpc
