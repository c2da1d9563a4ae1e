#include "protocols/sqlrooms/arrow_upload.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <optional>

#include "core/admission_turn.hpp"
#include "encode/arrow_ipc_reader.hpp"
#include "util/exact_json.hpp"

namespace duckwire::sqlrooms {

namespace json = boost::json;

namespace {

// Headers are small JSON objects; anything bigger is not an upload header.
constexpr uint32_t kMaxHeaderBytes = 64 * 1024;

// The header JSON of a frame that has a plausible length prefix, else nullopt.
std::optional<std::string_view> header_text(std::string_view frame) {
  if (frame.size() < 4) return std::nullopt;
  const auto* bytes = reinterpret_cast<const unsigned char*>(frame.data());
  const uint32_t length =
      (uint32_t{bytes[0]} << 24) | (uint32_t{bytes[1]} << 16) | (uint32_t{bytes[2]} << 8) | bytes[3];
  if (length == 0 || length > kMaxHeaderBytes || length > frame.size() - 4) return std::nullopt;
  return frame.substr(4, length);
}

// The header as a JSON object, its numbers' literals kept (see util/exact_json.hpp).
std::optional<ExactJson> parse_object(std::string_view text) {
  auto parsed = parse_exact_json(text, WideIntegers::kRefuse);
  if (!parsed || !parsed->value.is_object()) return std::nullopt;
  return std::move(parsed).value();
}

bool is_upload_header(const ExactJson& parsed) {
  const json::value* type = parsed.value.get_object().if_contains("type");
  return type != nullptr && type->is_string() && type->get_string() == "uploadArrow";
}

UploadOutcome failure(UploadOutcome outcome, std::string message) {
  outcome.ok = false;
  outcome.error = std::move(message);
  return outcome;
}

// Reads queryId and tableName into `outcome`; returns the reason the header is unusable, if any.
std::optional<std::string> read_header(const ExactJson& parsed, UploadOutcome& outcome) {
  const json::object& header = parsed.value.get_object();
  if (const json::value* id = header.if_contains("queryId"); id != nullptr && !id->is_null()) {
    const std::string* literal = parsed.number_literal("queryId");
    if (!id->is_string() && literal == nullptr)
      return "invalid message: queryId must be a string or a number";
    outcome.query_id = id->is_string() ? json::serialize(*id) : *literal;
  }
  const json::value* table = header.if_contains("tableName");
  if (table == nullptr) return "invalid message: missing tableName";
  if (!table->is_string() || table->get_string().empty())
    return "invalid message: tableName must be a non-empty string";
  outcome.table = std::string(table->get_string());
  return std::nullopt;
}

// Blocking: decodes the stream and creates the table on a pooled session.
UploadOutcome create_table(const ServerContext& server, std::string_view ipc, UploadOutcome outcome) {
  auto decoded = encode::read_arrow_ipc_stream(ipc);
  if (!decoded) return failure(std::move(outcome), decoded.error().message);
  auto lease = server.sessions.acquire();
  if (!lease) return failure(std::move(outcome), lease.error().message);
  Session& session = *lease.value();
  auto registration = server.active.add(session);
  if (!registration) return failure(std::move(outcome), "server is shutting down");
  auto rows = session.create_table_from_arrow(outcome.table, *decoded->schema.get(), decoded->batches);
  if (!rows) {
    const bool shutting_down = rows.error().kind == ErrorKind::kInterrupted && server.active.closed();
    return failure(std::move(outcome),
                   shutting_down ? "server is shutting down: upload interrupted" : rows.error().message);
  }
  outcome.ok = true;
  outcome.rows = rows.value();
  return outcome;
}

}  // namespace

bool is_upload_frame(std::string_view frame) {
  const auto text = header_text(frame);
  if (!text) return false;
  const auto header = parse_object(*text);
  return header && is_upload_header(*header);
}

boost::asio::awaitable<UploadOutcome> upload_arrow_frame(const ServerContext& server, AdmissionOwner owner,
                                                         std::string frame) {
  UploadOutcome outcome;
  const auto text = header_text(frame);
  const auto header = text ? parse_object(*text) : std::nullopt;
  if (!header || !is_upload_header(*header))
    co_return failure(std::move(outcome), "invalid message: not an uploadArrow frame");
  if (auto problem = read_header(*header, outcome))
    co_return failure(std::move(outcome), std::move(*problem));
  const std::string_view ipc = std::string_view(frame).substr(4 + text->size());
  const auto place = co_await wait_for_place(server.admission, owner, Protocol::kSqlRooms);
  if (!place) co_return failure(std::move(outcome), place.error().message);
  co_return co_await server.workers.run([&] { return create_table(server, ipc, outcome); });
}

}  // namespace duckwire::sqlrooms
