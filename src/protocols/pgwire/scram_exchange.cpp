#include "protocols/pgwire/scram_exchange.hpp"

#include <optional>
#include <vector>

#include "core/crypto.hpp"
#include "util/base64.hpp"

namespace duckwire::pgwire {

namespace {

constexpr size_t kNonceBytes = 18;

Error malformed(std::string what) {
  return Error{ErrorKind::kInvalidInput, "malformed SCRAM message (" + std::move(what) + ")"};
}

// The value of attribute `name` ("r" in "r=abc") at the start of `part`, nullopt otherwise.
std::optional<std::string_view> attribute(std::string_view part, char name) {
  if (part.size() < 2 || part[0] != name || part[1] != '=') return std::nullopt;
  return part.substr(2);
}

std::vector<std::string_view> split_commas(std::string_view text) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t comma = text.find(',', start);
    parts.push_back(
        text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (comma == std::string_view::npos) return parts;
    start = comma + 1;
  }
}

}  // namespace

std::string make_scram_nonce() {
  return base64_encode(random_bytes(kNonceBytes));
}

ScramServerExchange::ScramServerExchange(ScramSecret secret, std::string server_nonce)
    : secret_(std::move(secret)), server_nonce_(std::move(server_nonce)) {}

Result<std::string> ScramServerExchange::server_first(std::string_view client_first) {
  // gs2-header: cbind-flag "," [authzid] ","
  if (client_first.starts_with("p=")) {
    return Error{ErrorKind::kPermission,
                 "channel binding is not supported: connect with channel_binding=disable"};
  }
  if (!client_first.starts_with("n,") && !client_first.starts_with("y,")) return malformed("gs2 header");
  const size_t second_comma = client_first.find(',', 2);
  if (second_comma == std::string_view::npos) return malformed("gs2 header");
  gs2_header_ = std::string(client_first.substr(0, second_comma + 1));
  client_first_bare_ = std::string(client_first.substr(second_comma + 1));
  const auto parts = split_commas(client_first_bare_);
  // "n=" (PostgreSQL ignores the SCRAM user name: the startup packet's counts) then "r=".
  if (parts.size() < 2 || !attribute(parts[0], 'n')) return malformed("user name");
  const auto client_nonce = attribute(parts[1], 'r');
  if (!client_nonce || client_nonce->empty()) return malformed("nonce");
  nonce_ = std::string(*client_nonce) + server_nonce_;
  server_first_ =
      "r=" + nonce_ + ",s=" + base64_encode(secret_.salt) + ",i=" + std::to_string(secret_.iterations);
  return server_first_;
}

Result<std::string> ScramServerExchange::server_final(std::string_view client_final) {
  if (server_first_.empty()) return malformed("no client-first-message");
  const size_t proof_at = client_final.rfind(",p=");
  if (proof_at == std::string_view::npos) return malformed("proof");
  const std::string_view without_proof = client_final.substr(0, proof_at);
  const auto parts = split_commas(without_proof);
  if (parts.size() < 2) return malformed("attributes");
  const auto binding = attribute(parts[0], 'c');
  const auto nonce = attribute(parts[1], 'r');
  if (!binding || !nonce) return malformed("attributes");
  if (base64_decode(*binding) != gs2_header_) return malformed("channel binding");
  if (*nonce != nonce_) return malformed("nonce");
  const auto proof = base64_decode(client_final.substr(proof_at + 3));
  if (!proof) return malformed("proof");
  const std::string auth_message =
      client_first_bare_ + "," + server_first_ + "," + std::string(without_proof);
  if (!verify_scram_client_proof(secret_, auth_message, as_bytes(*proof))) {
    return Error{ErrorKind::kPermission, "wrong SCRAM proof"};
  }
  const Sha256Digest signature = scram_server_signature(secret_, auth_message);
  return "v=" + base64_encode(signature);
}

}  // namespace duckwire::pgwire
