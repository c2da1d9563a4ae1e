#include "protocols/sqlrooms/query_reply.hpp"

#include <boost/asio/this_coro.hpp>

#include "encode/value_text.hpp"
#include "protocols/sqlrooms/result_cache.hpp"

namespace duckwire::sqlrooms {

namespace asio = boost::asio;

namespace {

// The form the cache keeps: what a Mosaic client gets.
encode::ResultFormat cached_format_of(QueryType type) {
  return type == QueryType::kArrow ? encode::ResultFormat::kArrowStream : encode::ResultFormat::kJsonRecords;
}

// The form this reply needs.
encode::ResultFormat reply_format_of(QueryType type, const ReplySink& writer) {
  if (type == QueryType::kJson && writer.json_in_string()) return encode::ResultFormat::kJsonRecordsInString;
  return cached_format_of(type);
}

// Sends a complete result as one reply, its pieces read by `next_piece` (empty at the end).
template <class NextPiece>
asio::awaitable<void> send_complete(ReplySink& writer, NextPiece next_piece) {
  const bool begun = co_await writer.begin_result();
  if (!begun) co_return;
  while (true) {
    Result<std::string> piece = co_await next_piece();
    if (!piece) {
      writer.mark_broken();
      co_return;
    }
    if (piece.value().empty()) break;
    const bool sent = co_await writer.result_part(std::move(piece).value());
    if (!sent) co_return;
  }
  co_await writer.end_result();
}

// Runs the job to its end into a spool, then sends the result (or the error) from there.
asio::awaitable<void> spool_and_send(const ServerContext& server, QueryJob& job, encode::ResultFormat format,
                                     SpoolAllowance& allowance, ReplySink& writer) {
  const StopCheck stopped = [&job] { return job.stop_error(); };
  // A cancel or the statement timeout ends a wait for a producer's place or for room in the spool.
  job.on_stop(co_await asio::this_coro::executor, allowance.waker());
  Result<std::unique_ptr<ResultSpool>> spooled = Error{};
  if (auto started = co_await job.start(format); !started) {
    spooled = started.error();
  } else if (!job.returns_rows()) {
    co_await writer.ok();
    co_return;
  } else if (auto producer = co_await allowance.producer(stopped); !producer) {
    job.abandon(producer.error());
    spooled = producer.error();
  } else {
    spooled = co_await spool_result(server, job, format, allowance);
  }
  if (!spooled) {
    co_await writer.error(spooled.error().message);
    co_return;
  }
  ResultSpool& spool = *spooled.value();
  co_await send_complete(writer, [&] { return next_spooled_piece(server, spool); });
}

// Sends a result as the job produces it, piece by piece (HTTP).
asio::awaitable<void> stream_job(QueryJob& job, encode::ResultFormat format, ReplySink& writer) {
  auto first = co_await job.next(format);
  if (!first) {
    co_await writer.error(first.error().message);
    co_return;
  }
  const bool begun = co_await writer.begin_result();
  if (!begun) co_return job.cancel();
  std::optional<std::string> piece = std::move(first).value();
  while (piece) {
    const bool sent = co_await writer.result_part(std::move(*piece));
    if (!sent) co_return job.cancel();
    auto next = co_await job.next(format);
    if (!next) {
      writer.mark_broken();
      co_return;
    }
    piece = std::move(next).value();
  }
  co_await writer.end_result();
}

// Sends a cached result, read from its file piece by piece.
asio::awaitable<void> stream_entry(const ServerContext& server, CacheEntryReader& reader, ReplySink& writer) {
  co_await send_complete(writer, [&]() -> asio::awaitable<Result<std::string>> {
    co_return co_await server.workers.run([&reader, &writer]() -> Result<std::string> {
      auto raw = reader.read_piece();
      if (!raw || !writer.json_in_string()) return raw;
      std::string escaped;
      encode::append_json_escaped(escaped, raw.value());
      return escaped;
    });
  });
}

// Runs the job into a new cache entry and opens it for reading; null (after replying) when there is
// nothing to serve from the cache.
asio::awaitable<std::unique_ptr<CacheEntryReader>> fill_cache(const ServerContext& server, ResultCache& cache,
                                                              const std::string& key,
                                                              encode::ResultFormat format, QueryJob& job,
                                                              ReplySink& writer) {
  auto started = co_await job.start(format);
  if (!started) {
    co_await writer.error(started.error().message);
    co_return nullptr;
  }
  if (!job.returns_rows()) {
    co_await writer.ok();
    co_return nullptr;
  }
  auto entry = co_await server.workers.run([&] { return cache.begin_entry(key); });
  if (!entry) {
    co_await writer.error(entry.error().message);
    co_return nullptr;
  }
  while (true) {
    auto piece = co_await job.next(format);
    if (!piece) {
      co_await server.workers.run([&] { entry.value()->abandon(); });
      co_await writer.error(piece.error().message);
      co_return nullptr;
    }
    if (!piece.value()) break;
    auto written = co_await server.workers.run([&] { return entry.value()->append(*piece.value()); });
    if (!written) {
      co_await server.workers.run([&] { entry.value()->abandon(); });
      co_await writer.error(written.error().message);
      co_return nullptr;
    }
  }
  auto committed = co_await server.workers.run([&] { return cache.commit(*entry.value()); });
  if (!committed) {
    co_await writer.error(committed.error().message);
    co_return nullptr;
  }
  server.metrics.cache_computed();
  co_return std::move(committed).value();
}

}  // namespace

asio::awaitable<void> answer(const ServerContext& server, ResultCache& cache, const QueryRequest& request,
                             QueryJob& job, ReplySink& writer) {
  if (request.type == QueryType::kExec) {
    auto started = co_await job.start();
    if (started) {
      co_await writer.ok();
    } else {
      co_await writer.error(started.error().message);
    }
    co_return;
  }
  const encode::ResultFormat format = reply_format_of(request.type, writer);
  // The key is a SHA-256 of the SQL: worth computing only when the cache can answer or must keep it.
  const bool cache_involved = request.persist || !cache.holds_nothing();
  const std::string key =
      cache_involved ? ResultCache::key_for(request.sql, request.type == QueryType::kArrow ? "arrow" : "json") : "";
  while (cache_involved && (request.persist || cache.may_hold(key))) {
    auto reader = co_await server.workers.run([&] { return cache.open(key); });
    if (reader) {
      server.metrics.cache_hit();
      co_await stream_entry(server, *reader, writer);
      co_return;
    }
    if (!request.persist) break;
    const bool leader = co_await cache.lead_computation(key);
    if (leader) {
      auto filled = co_await fill_cache(server, cache, key, cached_format_of(request.type), job, writer);
      cache.end_computation(key);
      if (filled) co_await stream_entry(server, *filled, writer);
      co_return;
    }
    // Another request computed this key meanwhile: serve its entry (or, when it failed, try again).
  }
  if (SpoolAllowance* spool_allowance = writer.spool_allowance()) {
    co_return co_await spool_and_send(server, job, format, *spool_allowance, writer);
  }
  auto started = co_await job.start(format);
  if (!started) {
    co_await writer.error(started.error().message);
    co_return;
  }
  if (!job.returns_rows()) {
    co_await writer.ok();
    co_return;
  }
  co_await stream_job(job, format, writer);
}

}  // namespace duckwire::sqlrooms
