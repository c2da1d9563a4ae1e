#pragma once
// Reading one framed frontend message from a client stream: type byte, length, body. The length is
// checked against the bound before anything is allocated for the body.

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <optional>

#include "protocols/pgwire/command_context.hpp"
#include "protocols/pgwire/pg_error.hpp"
#include "protocols/pgwire/pg_stream.hpp"

namespace duckwire::pgwire {

struct ReadOutcome {
  std::optional<FrontendMessage> message;  // nullopt: the client left, or `violation`
  std::optional<PgError> violation;        // a length out of bounds (FATAL 08P01)
};

boost::asio::awaitable<ReadOutcome> read_frontend_message(PgStream& stream, uint64_t max_body_bytes);

}  // namespace duckwire::pgwire
