#include "protocols/pgwire/frontend_io.hpp"
#include "protocols/pgwire/coroutine_warnings.hpp"

#include "protocols/pgwire/message_reader.hpp"

namespace duckwire::pgwire {

boost::asio::awaitable<ReadOutcome> read_frontend_message(PgStream& stream, uint64_t max_body_bytes) {
  ReadOutcome outcome;
  std::string header;
  if (!co_await stream.read_exact(5, header)) co_return outcome;
  const int32_t length = read_int32(header.data() + 1);
  if (length < 4) {
    outcome.violation = protocol_violation("invalid message length");
    co_return outcome;
  }
  if (static_cast<uint64_t>(length) - 4 > max_body_bytes) {
    outcome.violation = protocol_violation("message of " + std::to_string(length) +
                                           " bytes is longer than the server accepts");
    co_return outcome;
  }
  FrontendMessage message{header[0], {}};
  if (!co_await stream.read_exact(static_cast<size_t>(length) - 4, message.body)) co_return outcome;
  outcome.message = std::move(message);
  co_return outcome;
}

}  // namespace duckwire::pgwire
