#pragma once
// Who may connect: bearer tokens and named users with passwords, shared by every front door.
// Nothing here keeps a token or a password in clear: tokens are kept as SHA-256 digests, users as a
// SCRAM-SHA-256 secret and PostgreSQL's md5 hash. An Authenticator is immutable once built, so any
// thread may use it.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/crypto.hpp"
#include "core/scram.hpp"

namespace duckwire {

struct UserCredential {
  std::string name;
  std::string password;
};

struct UserRecord {
  std::string name;
  ScramSecret scram;
  std::string md5_hash;  // "md5" + md5(password + name), as PostgreSQL stores it
};

// "md5" + hex(md5(password + user)).
std::string postgres_md5_hash(std::string_view user, std::string_view password);

struct BearerToken {
  std::string token;
};
struct BasicCredentials {
  std::string user;
  std::string password;
};
using HttpCredential = std::variant<BearerToken, BasicCredentials>;

// Parses an HTTP Authorization header value: "Bearer <token>" or "Basic <base64(user:password)>",
// scheme case-insensitive. nullopt for any other scheme or a malformed value.
std::optional<HttpCredential> parse_authorization_header(std::string_view value);

class Authenticator {
 public:
  // Nobody is asked for credentials.
  Authenticator();
  // Wipes the passwords in `users` after deriving their secrets.
  Authenticator(const std::vector<std::string>& tokens, std::vector<UserCredential> users);

  bool enabled() const { return has_tokens() || has_users(); }
  bool has_tokens() const { return !token_digests_.empty(); }
  bool has_users() const { return !users_.empty(); }

  bool check_token(std::string_view token) const { return find_token(token).has_value(); }
  // Which of the configured tokens this is (their order on the command line); nullopt for none.
  std::optional<size_t> find_token(std::string_view token) const;
  // Derives the candidate's StoredKey with the user's salt (PBKDF2, so deliberately slow) and compares
  // it with the stored one. An unknown user costs the same work and fails.
  bool check_password(std::string_view user, std::string_view password) const;
  bool check(const HttpCredential& credential) const;

  // nullptr for an unknown user.
  const UserRecord* find_user(std::string_view name) const;
  // A secret for a user that does not exist, stable per name for this process, so that a SCRAM
  // exchange for an unknown user looks the same as one with a wrong password.
  ScramSecret mock_scram_secret(std::string_view name) const;

 private:
  std::vector<Sha256Digest> token_digests_;
  std::map<std::string, UserRecord, std::less<>> users_;
  Sha256Digest mock_key_{};
};

}  // namespace duckwire
