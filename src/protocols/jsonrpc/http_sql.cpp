#include "protocols/jsonrpc/http_sql.hpp"

#include <optional>
#include <variant>

#include "http/access.hpp"
#include "http/content_negotiation.hpp"
#include "http/form_data.hpp"
#include "protocols/cancel_on_disconnect.hpp"
#include "protocols/jsonrpc/http_sql_parquet.hpp"
#include "protocols/jsonrpc/http_sql_parts.hpp"
#include "protocols/jsonrpc/http_sql_replies.hpp"
#include "protocols/jsonrpc/replies.hpp"
#include "protocols/jsonrpc/sql_call.hpp"
#include "protocols/statement_timeout_header.hpp"
#include "util/exact_json.hpp"

namespace duckwire::jsonrpc {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

enum class Body {
  kStream,            // the result streamed in `encoding` as it is made
  kPartPerStatement,  // multipart/mixed: one part in `encoding` per statement
  kParquetFile,       // a Parquet file written whole first (core/result_file.hpp)
};

// What a response body can be, in the order of preference for "*/*".
struct ResponseFormat {
  std::string media_type;
  encode::ResultFormat encoding;  // kStream and kPartPerStatement
  Body body = Body::kStream;
};

const std::vector<ResponseFormat>& response_formats() {
  static const std::vector<ResponseFormat> formats{
      {"application/json", encode::ResultFormat::kJsonRows},
      {"application/ld+json", encode::ResultFormat::kJsonLd},
      {"application/x-ndjson", encode::ResultFormat::kNdjson},
      {"text/csv", encode::ResultFormat::kCsv},
      {"application/vnd.apache.arrow.stream", encode::ResultFormat::kArrowStream},
      {"application/vnd.apache.arrow.file", encode::ResultFormat::kArrowFile},
      {"multipart/mixed", encode::ResultFormat::kJsonLd, Body::kPartPerStatement},
      // IANA's name (2024), then the names servers used before it: answered in the name asked for.
      {"application/vnd.apache.parquet", encode::ResultFormat::kArrowStream, Body::kParquetFile},
      {"application/x-parquet", encode::ResultFormat::kArrowStream, Body::kParquetFile},
      {"application/parquet", encode::ResultFormat::kArrowStream, Body::kParquetFile},
  };
  return formats;
}

std::optional<ResponseFormat> negotiate(const http::HttpRequest& request) {
  std::vector<std::string> offered;
  for (const auto& format : response_formats()) offered.push_back(format.media_type);
  auto chosen = http::negotiate_media_type(request.header("accept").value_or(""), offered);
  if (!chosen) return std::nullopt;
  for (const auto& format : response_formats()) {
    if (format.media_type == *chosen) return format;
  }
  return std::nullopt;
}

// The request's q, p and m: p and m hold JSON.
struct CallInput {
  std::optional<std::string> q;
  std::optional<json::value> p;
  std::optional<json::value> m;
};

struct Refusal {
  int status;
  std::string message;
};

std::optional<Refusal> take_json_field(std::optional<json::value>& slot, std::string_view name,
                                       const std::string& text) {
  auto parsed = parse_exact_json(text, WideIntegers::kAsTypedInteger);
  if (!parsed) return Refusal{422, std::string(name) + " is not valid JSON: " + parsed.error().message};
  slot = std::move(parsed->value);
  return std::nullopt;
}

// Fields from a form or the query string; earlier sources win over later ones.
std::optional<Refusal> take_fields(CallInput& input, const Fields& fields) {
  for (const auto& [name, value] : fields) {
    if (name == "q" && !input.q) {
      input.q = value;
    } else if (name == "p" && !input.p) {
      if (auto refused = take_json_field(input.p, "p", value)) return refused;
    } else if (name == "m" && !input.m) {
      if (auto refused = take_json_field(input.m, "m", value)) return refused;
    }
  }
  return std::nullopt;
}

std::optional<Refusal> take_json_body(CallInput& input, const std::string& body) {
  auto document = parse_exact_json(body, WideIntegers::kAsTypedInteger);
  if (!document) return Refusal{422, "the body is not valid JSON: " + document.error().message};
  const json::value& parsed = document->value;
  if (!parsed.is_object()) return Refusal{422, "the body must be a JSON object with q, p and m"};
  const json::object& object = parsed.get_object();
  if (const json::value* q = object.if_contains("q")) {
    if (!q->is_string()) return Refusal{422, "q must be a string"};
    input.q = std::string(q->get_string());
  }
  if (const json::value* p = object.if_contains("p")) input.p = *p;
  if (const json::value* m = object.if_contains("m")) input.m = *m;
  return std::nullopt;
}

std::optional<Refusal> take_body(CallInput& input, const http::HttpRequest& request) {
  const std::string content_type(request.header("content-type").value_or(""));
  const std::string media_type = http::media_type_of(content_type);
  if (media_type.empty() && request.body.empty()) return std::nullopt;
  if (media_type == "application/json" || media_type == "application/ld+json") {
    return take_json_body(input, request.body);
  }
  if (media_type == "application/sql") {
    input.q = request.body;
    return std::nullopt;
  }
  if (media_type == "application/x-www-form-urlencoded") {
    auto fields = http::parse_urlencoded(request.body);
    if (!fields) return Refusal{422, fields.error().message};
    return take_fields(input, fields.value());
  }
  if (media_type == "multipart/form-data") {
    auto boundary = http::media_type_parameter(content_type, "boundary");
    if (!boundary) return Refusal{422, "multipart/form-data without a boundary"};
    auto fields = http::parse_multipart(request.body, *boundary);
    if (!fields) return Refusal{422, fields.error().message};
    return take_fields(input, fields.value());
  }
  return Refusal{415, "unsupported content type: " + (content_type.empty() ? "none" : content_type)};
}

// The call a request asks for, from its body and query string.
std::variant<SqlCall, Refusal> read_call(const http::HttpRequest& request, bool read_only) {
  CallInput input;
  if (!read_only) {
    if (auto refused = take_body(input, request)) return *refused;
  }
  auto query_fields = http::parse_urlencoded(request.query);
  if (!query_fields) return Refusal{422, query_fields.error().message};
  if (auto refused = take_fields(input, query_fields.value())) return *refused;
  if (!input.q) return Refusal{422, "missing q: the SQL to run"};
  auto call = make_sql_call(*input.q, input.p ? &*input.p : nullptr, input.m ? &*input.m : nullptr);
  if (!call) return Refusal{422, call.error().message};
  if (read_only && call->bulk) return Refusal{422, "bulk (m=true) needs POST"};
  return std::move(call).value();
}

// Bodies up to this size are parsed on the I/O thread; larger ones on a worker, so that a big
// request does not hold up the other connections of that thread.
constexpr size_t kInlineParseBytes = 64 * 1024;
// Results up to this size are answered whole (see serve_http_sql); larger ones stream in chunks.
constexpr size_t kWholeResponseBytes = 64 * 1024;

}  // namespace

asio::awaitable<void> serve_http_sql(const ServerContext& server, http::HttpExchange& exchange,
                                     const std::string& principal) {
  const http::HttpRequest& request = exchange.request();
  const bool read_only = request.method == "GET";
  std::variant<SqlCall, Refusal> read = Refusal{500, ""};
  if (request.body.size() > kInlineParseBytes) {
    read = co_await server.workers.run([&request, read_only] { return read_call(request, read_only); });
  } else {
    read = read_call(request, read_only);
  }
  const auto format = negotiate(request);
  if (std::holds_alternative<SqlCall>(read) && !format) {
    read = Refusal{406, "none of the Accept header's media types can be served"};
  }
  const auto time_limit = requested_statement_timeout(request);
  if (!time_limit) read = Refusal{400, time_limit.error().message};
  if (const auto* refused = std::get_if<Refusal>(&read)) {
    co_await exchange.respond(plain(refused->status, refused->message));
    co_return;
  }
  const CallAccess access = read_only ? CallAccess::kReadOnly : CallAccess::kReadWrite;
  if (format->body == Body::kPartPerStatement) {
    co_await serve_parts(server, exchange, std::get<SqlCall>(read), access, *time_limit, principal);
    co_return;
  }
  std::optional<SqlCall> call = std::move(std::get<SqlCall>(read));

  bool changed_data = false;
  QueryIdentity identity{.principal = principal, .sql = call->sql};
  auto job = std::make_shared<QueryJob>(server, Protocol::kJsonRpc, server.admission.new_owner(),
                                        make_runner(std::move(*call), access, &changed_data));
  job->identify(std::move(identity));
  if (*time_limit) job->limit_time(**time_limit);
  cancel_on_disconnect(exchange, job);
  if (format->body == Body::kParquetFile) {
    co_await send_parquet(server, exchange, job, changed_data, format->media_type);
    co_return;
  }
  auto first = co_await job->start_and_take_first(format->encoding);
  exchange.stop_watching_for_close();
  if (!first) {
    co_await exchange.respond(plain(status_of(first.error()), first.error().message));
    co_await job->close();
    co_return;
  }
  http::HttpResponse head;
  head.status = changed_data ? 201 : 200;
  head.content_type = format->media_type;
  const bool json_ld = format->encoding == encode::ResultFormat::kJsonLd;
  std::optional<std::string> piece = std::move(first).value().value_or("");
  if (json_ld) piece = std::string(kJsonLdPrefix) + *piece;
  // A result that ends within kWholeResponseBytes goes out as one response with a Content-Length: one
  // write instead of the head, the chunks and the last chunk, and an error in it is still a plain one.
  while (piece && piece->size() <= kWholeResponseBytes) {
    auto next = co_await job->next(format->encoding);
    if (!next) {
      co_await exchange.respond(plain(status_of(next.error()), next.error().message));
      co_await job->close();
      co_return;
    }
    if (!next.value()) {
      if (json_ld) *piece += kJsonLdSuffix;
      server.metrics.bytes_sent(Protocol::kJsonRpc, piece->size());
      head.body = std::move(*piece);
      co_await exchange.respond(std::move(head));
      co_await job->close();
      co_return;
    }
    *piece += *next.value();
  }
  bool sent = co_await exchange.begin_stream(std::move(head));
  if (sent) sent = co_await stream_result(server, exchange, *job, piece, format->encoding);
  if (sent && json_ld) sent = co_await exchange.write_chunk(kJsonLdSuffix);
  if (sent) sent = co_await exchange.end_stream();
  if (!sent) job->cancel();
  co_await job->close();
}

}  // namespace duckwire::jsonrpc
