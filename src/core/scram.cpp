#include "core/scram.hpp"

#include "util/base64.hpp"

namespace duckwire {
namespace {

Sha256Digest client_key_from(const Sha256Digest& salted_password) {
  return hmac_sha256(salted_password, as_bytes("Client Key"));
}

}  // namespace

ScramSecret derive_scram_secret(std::string_view password, std::span<const uint8_t> salt, int iterations) {
  Sha256Digest salted_password = pbkdf2_hmac_sha256(password, salt, iterations);
  Sha256Digest client_key = client_key_from(salted_password);
  ScramSecret secret;
  secret.salt.assign(salt.begin(), salt.end());
  secret.iterations = iterations;
  secret.stored_key = sha256(client_key);
  secret.server_key = hmac_sha256(salted_password, as_bytes("Server Key"));
  salted_password.fill(0);
  client_key.fill(0);
  return secret;
}

bool verify_scram_client_proof(const ScramSecret& secret, std::string_view auth_message,
                               std::span<const uint8_t> client_proof) {
  if (client_proof.size() != secret.stored_key.size()) return false;
  const Sha256Digest client_signature = hmac_sha256(secret.stored_key, as_bytes(auth_message));
  Sha256Digest client_key;
  for (size_t i = 0; i < client_key.size(); ++i) client_key[i] = client_proof[i] ^ client_signature[i];
  return constant_time_equal(sha256(client_key), secret.stored_key);
}

Sha256Digest scram_server_signature(const ScramSecret& secret, std::string_view auth_message) {
  return hmac_sha256(secret.server_key, as_bytes(auth_message));
}

std::string format_postgres_scram_secret(const ScramSecret& secret) {
  return "SCRAM-SHA-256$" + std::to_string(secret.iterations) + ":" + base64_encode(secret.salt) + "$" +
         base64_encode(secret.stored_key) + ":" + base64_encode(secret.server_key);
}

}  // namespace duckwire
