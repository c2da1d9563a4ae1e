#pragma once
// The server side of one SCRAM-SHA-256 exchange (RFC 5802, RFC 7677) as PostgreSQL runs it inside
// SASL messages: client-first → server-first, client-final → server-final. No channel binding:
// the client may send "n,," or "y,,"; "p=..." is refused. Pure message logic, unit-tested apart from
// any socket.

#include <string>
#include <string_view>

#include "core/scram.hpp"
#include "util/error.hpp"

namespace duckwire::pgwire {

class ScramServerExchange {
 public:
  // `secret` is the user's, or Authenticator::mock_scram_secret for an unknown user (which then fails
  // exactly like a wrong password). `server_nonce` is fresh random printable text.
  ScramServerExchange(ScramSecret secret, std::string server_nonce);

  // The server-first-message for the client-first-message; kInvalidInput when malformed, kPermission
  // when it asks for channel binding.
  Result<std::string> server_first(std::string_view client_first);
  // The server-final-message ("v=...") when the client's proof holds; kPermission when it does not,
  // kInvalidInput when the message is malformed or does not continue this exchange.
  Result<std::string> server_final(std::string_view client_final);

 private:
  ScramSecret secret_;
  std::string server_nonce_;
  std::string gs2_header_;
  std::string client_first_bare_;
  std::string server_first_;
  std::string nonce_;  // client's + server's
};

// Fresh random nonce text for a server-first-message (printable, no comma).
std::string make_scram_nonce();

}  // namespace duckwire::pgwire
