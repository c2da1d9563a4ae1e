#pragma once
// SCRAM-SHA-256 (RFC 5802, RFC 7677) server-side secrets and proof checks. A server keeps only the
// salt, the iteration count, StoredKey and ServerKey; never the password.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto.hpp"

namespace duckwire {

inline constexpr int kScramIterations = 4096;
inline constexpr size_t kScramSaltBytes = 16;

struct ScramSecret {
  std::vector<uint8_t> salt;
  int iterations = kScramIterations;
  Sha256Digest stored_key{};  // SHA-256(HMAC(SaltedPassword, "Client Key"))
  Sha256Digest server_key{};  // HMAC(SaltedPassword, "Server Key")
};

ScramSecret derive_scram_secret(std::string_view password, std::span<const uint8_t> salt,
                                int iterations = kScramIterations);

// True when `client_proof` proves knowledge of the password behind `secret` for this exchange:
// ClientKey = ClientProof XOR HMAC(StoredKey, AuthMessage), and SHA-256(ClientKey) must be StoredKey.
bool verify_scram_client_proof(const ScramSecret& secret, std::string_view auth_message,
                               std::span<const uint8_t> client_proof);

// HMAC(ServerKey, AuthMessage): what the server sends back as "v=" to prove it knew the secret.
Sha256Digest scram_server_signature(const ScramSecret& secret, std::string_view auth_message);

// PostgreSQL's text form: "SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>", base64 parts.
std::string format_postgres_scram_secret(const ScramSecret& secret);

}  // namespace duckwire
