#include "core/auth.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "util/ascii.hpp"
#include "util/base64.hpp"

namespace duckwire {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

bool has_control_character(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7f;
  });
}

std::optional<HttpCredential> parse_basic(std::string_view encoded) {
  std::optional<std::string> decoded = base64_decode(encoded);
  if (!decoded) return std::nullopt;
  std::optional<HttpCredential> credential;
  const size_t colon = decoded->find(':');
  if (colon != std::string::npos && colon > 0 && !has_control_character(*decoded)) {
    credential = BasicCredentials{decoded->substr(0, colon), decoded->substr(colon + 1)};
  }
  secure_wipe(*decoded);
  return credential;
}

}  // namespace

std::string postgres_md5_hash(std::string_view user, std::string_view password) {
  std::string input;
  input.reserve(password.size() + user.size());
  input.append(password).append(user);
  std::string hash = "md5" + md5_hex(input);
  secure_wipe(input);
  return hash;
}

std::optional<HttpCredential> parse_authorization_header(std::string_view value) {
  value = trim(value);
  const size_t space = value.find_first_of(" \t");
  if (space == std::string_view::npos) return std::nullopt;
  const std::string_view scheme = value.substr(0, space);
  const std::string_view parameter = trim(value.substr(space));
  if (parameter.empty() || parameter.find_first_of(" \t") != std::string_view::npos) return std::nullopt;
  if (equals_ignoring_case(scheme, "Bearer")) {
    if (has_control_character(parameter)) return std::nullopt;
    return BearerToken{std::string(parameter)};
  }
  if (equals_ignoring_case(scheme, "Basic")) return parse_basic(parameter);
  return std::nullopt;
}

Authenticator::Authenticator() {
  const std::vector<uint8_t> key = random_bytes(mock_key_.size());
  std::copy(key.begin(), key.end(), mock_key_.begin());
}

Authenticator::Authenticator(const std::vector<std::string>& tokens, std::vector<UserCredential> users)
    : Authenticator() {
  for (const std::string& token : tokens) token_digests_.push_back(sha256(as_bytes(token)));
  for (UserCredential& user : users) {
    UserRecord record;
    record.name = user.name;
    record.scram = derive_scram_secret(user.password, random_bytes(kScramSaltBytes));
    record.md5_hash = postgres_md5_hash(user.name, user.password);
    secure_wipe(user.password);
    users_.insert_or_assign(user.name, std::move(record));
  }
}

std::optional<size_t> Authenticator::find_token(std::string_view token) const {
  const Sha256Digest candidate = sha256(as_bytes(token));
  std::optional<size_t> match;
  // Every digest is compared, so the time taken does not tell which one matched.
  for (size_t i = 0; i < token_digests_.size(); ++i) {
    if (constant_time_equal(candidate, token_digests_[i])) match = i;
  }
  return match;
}

bool Authenticator::check_password(std::string_view user, std::string_view password) const {
  const UserRecord* record = find_user(user);
  const ScramSecret expected = record != nullptr ? record->scram : mock_scram_secret(user);
  const ScramSecret candidate = derive_scram_secret(password, expected.salt, expected.iterations);
  const bool match = constant_time_equal(candidate.stored_key, expected.stored_key);
  return match && record != nullptr;
}

bool Authenticator::check(const HttpCredential& credential) const {
  if (const auto* bearer = std::get_if<BearerToken>(&credential)) return check_token(bearer->token);
  const auto& basic = std::get<BasicCredentials>(credential);
  return check_password(basic.user, basic.password);
}

const UserRecord* Authenticator::find_user(std::string_view name) const {
  const auto found = users_.find(name);
  return found == users_.end() ? nullptr : &found->second;
}

ScramSecret Authenticator::mock_scram_secret(std::string_view name) const {
  const Sha256Digest seed = hmac_sha256(mock_key_, as_bytes(name));
  ScramSecret secret;
  secret.salt.assign(seed.begin(), seed.begin() + kScramSaltBytes);
  secret.stored_key = hmac_sha256(seed, as_bytes("stored"));
  secret.server_key = hmac_sha256(seed, as_bytes("server"));
  return secret;
}

}  // namespace duckwire
