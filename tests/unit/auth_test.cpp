// Tests for the auth core: tokens, passwords, SCRAM-SHA-256 secrets, PostgreSQL md5 hashes,
// Authorization headers, and the primitives underneath (hashes, base64).

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <variant>
#include <vector>

#include "core/auth.hpp"
#include "core/crypto.hpp"
#include "core/scram.hpp"
#include "util/base64.hpp"

namespace duckwire {
namespace {

std::string hex(std::span<const uint8_t> bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (const uint8_t byte : bytes) {
    out += kHex[byte >> 4];
    out += kHex[byte & 15];
  }
  return out;
}

std::vector<uint8_t> bytes_of(std::string_view text) {
  return {text.begin(), text.end()};
}

// RFC 7677 section 3: user "user", password "pencil". The keys below were computed independently
// with Python's hashlib.pbkdf2_hmac and hmac; the proof and server signature are the RFC's own.
constexpr std::string_view kRfcSalt = "W22ZaJ0SNY7soEsUEjb6gQ==";
constexpr std::string_view kRfcStoredKey = "WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=";
constexpr std::string_view kRfcServerKey = "wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=";
constexpr std::string_view kRfcAuthMessage =
    "n=user,r=rOprNGfwEbeRWgbNEkqO,"
    "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,"
    "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
constexpr std::string_view kRfcClientProof = "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
constexpr std::string_view kRfcServerSignature = "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

ScramSecret rfc_secret() {
  return derive_scram_secret("pencil", bytes_of(*base64_decode(kRfcSalt)));
}

TEST(AuthBase64Test, EncodesRfc4648Vectors) {
  EXPECT_EQ(base64_encode(std::string_view("")), "");
  EXPECT_EQ(base64_encode(std::string_view("f")), "Zg==");
  EXPECT_EQ(base64_encode(std::string_view("fo")), "Zm8=");
  EXPECT_EQ(base64_encode(std::string_view("foo")), "Zm9v");
  EXPECT_EQ(base64_encode(std::string_view("foob")), "Zm9vYg==");
  EXPECT_EQ(base64_encode(std::string_view("fooba")), "Zm9vYmE=");
  EXPECT_EQ(base64_encode(std::string_view("foobar")), "Zm9vYmFy");
  EXPECT_EQ(base64_encode(std::string_view("\xff\xfe\xfd", 3)), "//79");
}

TEST(AuthBase64Test, DecodesWithAndWithoutPadding) {
  EXPECT_EQ(base64_decode(""), "");
  EXPECT_EQ(base64_decode("Zg=="), "f");
  EXPECT_EQ(base64_decode("Zg"), "f");
  EXPECT_EQ(base64_decode("Zm8="), "fo");
  EXPECT_EQ(base64_decode("Zm9vYmFy"), "foobar");
  EXPECT_EQ(base64_decode("//79"), std::string("\xff\xfe\xfd", 3));
}

TEST(AuthBase64Test, RejectsMalformedInput) {
  for (const char* bad : {"Z", "Zg=", "Zg===", "Z===", "Zm9v=", "Zm9v YmFy", "Zm9v\n", "Zm-9", "Zm_9",
                          "Zh==", "Zm9=", "=Zm9", "Zg==Zg==", "%%%%"}) {
    EXPECT_FALSE(base64_decode(bad).has_value()) << bad;
  }
}

TEST(AuthCryptoTest, KnownDigests) {
  EXPECT_EQ(hex(sha256(as_bytes("abc"))), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // RFC 4231 test case 2.
  EXPECT_EQ(hex(hmac_sha256(as_bytes("Jefe"), as_bytes("what do ya want for nothing?"))),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(md5_hex(""), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(random_bytes(16).size(), 16u);
  EXPECT_NE(random_bytes(16), random_bytes(16));
}

TEST(AuthCryptoTest, ConstantTimeEqual) {
  EXPECT_TRUE(constant_time_equal(as_bytes("same"), as_bytes("same")));
  EXPECT_FALSE(constant_time_equal(as_bytes("same"), as_bytes("sane")));
  EXPECT_FALSE(constant_time_equal(as_bytes("same"), as_bytes("same!")));
  EXPECT_TRUE(constant_time_equal(as_bytes(""), as_bytes("")));
}

TEST(AuthScramTest, SecretMatchesIndependentlyComputedVector) {
  const ScramSecret secret = rfc_secret();
  EXPECT_EQ(secret.iterations, 4096);
  EXPECT_EQ(base64_encode(secret.salt), kRfcSalt);
  EXPECT_EQ(base64_encode(secret.stored_key), kRfcStoredKey);
  EXPECT_EQ(base64_encode(secret.server_key), kRfcServerKey);
  EXPECT_EQ(format_postgres_scram_secret(secret), "SCRAM-SHA-256$4096:" + std::string(kRfcSalt) + "$" +
                                                      std::string(kRfcStoredKey) + ":" +
                                                      std::string(kRfcServerKey));
}

TEST(AuthScramTest, VerifiesTheRfc7677Exchange) {
  const ScramSecret secret = rfc_secret();
  const std::vector<uint8_t> proof = bytes_of(*base64_decode(kRfcClientProof));
  EXPECT_TRUE(verify_scram_client_proof(secret, kRfcAuthMessage, proof));
  EXPECT_EQ(base64_encode(scram_server_signature(secret, kRfcAuthMessage)), kRfcServerSignature);

  std::vector<uint8_t> tampered = proof;
  tampered[0] ^= 1;
  EXPECT_FALSE(verify_scram_client_proof(secret, kRfcAuthMessage, tampered));
  EXPECT_FALSE(verify_scram_client_proof(secret, std::string(kRfcAuthMessage) + "x", proof));
  EXPECT_FALSE(verify_scram_client_proof(secret, kRfcAuthMessage, std::span(proof).first(31)));
  EXPECT_FALSE(
      verify_scram_client_proof(derive_scram_secret("pencil2", secret.salt), kRfcAuthMessage, proof));
}

TEST(AuthMd5Test, MatchesPostgresHashes) {
  // SELECT 'md5' || md5('postgres' || 'postgres') in PostgreSQL.
  EXPECT_EQ(postgres_md5_hash("postgres", "postgres"), "md53175bce1d3201d16594cebf9d7eb3f9d");
  EXPECT_EQ(postgres_md5_hash("alice", "secret"), "md54a0a68b43b6cd5cf266fa02f196e2371");
}

TEST(AuthenticatorTest, DisabledByDefault) {
  const Authenticator authenticator;
  EXPECT_FALSE(authenticator.enabled());
  EXPECT_FALSE(authenticator.has_tokens());
  EXPECT_FALSE(authenticator.has_users());
  EXPECT_FALSE(authenticator.check_token(""));
  EXPECT_FALSE(authenticator.check_password("", ""));
}

TEST(AuthenticatorTest, Tokens) {
  const Authenticator authenticator({"first-token", "second"}, {});
  EXPECT_TRUE(authenticator.enabled());
  EXPECT_TRUE(authenticator.has_tokens());
  EXPECT_FALSE(authenticator.has_users());
  EXPECT_TRUE(authenticator.check_token("first-token"));
  EXPECT_TRUE(authenticator.check_token("second"));
  for (const char* wrong : {"", "first", "first-token ", "first-tokenX", "Second"}) {
    EXPECT_FALSE(authenticator.check_token(wrong)) << wrong;
  }
  EXPECT_FALSE(authenticator.check_token(std::string_view("second\0", 7)));
}

TEST(AuthenticatorTest, Passwords) {
  const Authenticator authenticator({}, {{"alice", "wonder:land"}, {"bob", "builder"}});
  EXPECT_TRUE(authenticator.enabled());
  EXPECT_TRUE(authenticator.has_users());
  EXPECT_FALSE(authenticator.has_tokens());
  EXPECT_TRUE(authenticator.check_password("alice", "wonder:land"));
  EXPECT_TRUE(authenticator.check_password("bob", "builder"));
  EXPECT_FALSE(authenticator.check_password("alice", "builder"));
  EXPECT_FALSE(authenticator.check_password("alice", ""));
  EXPECT_FALSE(authenticator.check_password("Alice", "wonder:land"));
  EXPECT_FALSE(authenticator.check_password("carol", "builder"));
  EXPECT_FALSE(authenticator.check_token("builder"));
}

TEST(AuthenticatorTest, KeepsVerifiersNotPasswords) {
  std::vector<UserCredential> users{{"alice", "same"}, {"bob", "same"}};
  const Authenticator authenticator({}, users);
  const UserRecord* alice = authenticator.find_user("alice");
  const UserRecord* bob = authenticator.find_user("bob");
  ASSERT_NE(alice, nullptr);
  ASSERT_NE(bob, nullptr);
  EXPECT_EQ(authenticator.find_user("carol"), nullptr);
  EXPECT_EQ(alice->name, "alice");
  EXPECT_EQ(alice->md5_hash, postgres_md5_hash("alice", "same"));
  EXPECT_EQ(alice->scram.iterations, kScramIterations);
  EXPECT_EQ(alice->scram.salt.size(), kScramSaltBytes);
  EXPECT_NE(alice->scram.salt, bob->scram.salt);  // random salt per user
  EXPECT_NE(alice->scram.stored_key, bob->scram.stored_key);
  const ScramSecret rederived = derive_scram_secret("same", alice->scram.salt);
  EXPECT_EQ(rederived.stored_key, alice->scram.stored_key);
  EXPECT_EQ(rederived.server_key, alice->scram.server_key);
}

TEST(AuthenticatorTest, WipesThePasswordsItIsGiven) {
  std::vector<UserCredential> users{{"alice", "wonder"}};
  const Authenticator authenticator({}, std::move(users));
  EXPECT_TRUE(authenticator.check_password("alice", "wonder"));
}

TEST(AuthenticatorTest, MockSecretIsStablePerUnknownUser) {
  const Authenticator authenticator({}, {{"alice", "pw"}});
  const ScramSecret first = authenticator.mock_scram_secret("mallory");
  const ScramSecret again = authenticator.mock_scram_secret("mallory");
  const ScramSecret other = authenticator.mock_scram_secret("trudy");
  EXPECT_EQ(first.salt, again.salt);
  EXPECT_EQ(first.stored_key, again.stored_key);
  EXPECT_EQ(first.salt.size(), kScramSaltBytes);
  EXPECT_NE(first.salt, other.salt);
  const Authenticator restarted({}, {{"alice", "pw"}});
  EXPECT_NE(restarted.mock_scram_secret("mallory").salt, first.salt);  // random per process
}

TEST(AuthHeaderTest, ParsesBearer) {
  for (const char* header :
       {"Bearer abc.def-123", "bearer abc.def-123", "BEARER   abc.def-123  ", "  Bearer\tabc.def-123"}) {
    const auto credential = parse_authorization_header(header);
    ASSERT_TRUE(credential.has_value()) << header;
    ASSERT_TRUE(std::holds_alternative<BearerToken>(*credential)) << header;
    EXPECT_EQ(std::get<BearerToken>(*credential).token, "abc.def-123");
  }
}

TEST(AuthHeaderTest, ParsesBasic) {
  const auto credential =
      parse_authorization_header("Basic " + base64_encode(std::string_view("alice:won:der")));
  ASSERT_TRUE(credential.has_value());
  ASSERT_TRUE(std::holds_alternative<BasicCredentials>(*credential));
  EXPECT_EQ(std::get<BasicCredentials>(*credential).user, "alice");
  EXPECT_EQ(std::get<BasicCredentials>(*credential).password, "won:der");

  const auto empty_password = parse_authorization_header("basic YWxpY2U6");  // "alice:"
  ASSERT_TRUE(empty_password.has_value());
  EXPECT_EQ(std::get<BasicCredentials>(*empty_password).password, "");
}

TEST(AuthHeaderTest, RejectsMalformedHeaders) {
  const std::vector<std::string> bad{
      "",
      "Bearer",
      "Bearer ",
      "Bearer two tokens",
      "Bearertoken",
      "Token abc",
      "Digest username=\"x\"",
      "Basic",
      "Basic !!!!",           // not base64
      "Basic YWxpY2U6cHc",    // fine without padding...
      "Basic YWxpY2U6cHc=",   // ...and with it
      "Basic YWxpY2U6cHc==",  // too much padding
      "Basic YWxp Y2U6cHc=",  // space inside
      "Basic " + base64_encode(std::string_view("no-colon")),
      "Basic " + base64_encode(std::string_view(":password")),  // empty user
      "Basic " + base64_encode(std::string_view("al\nice:pw")),
      "Bearer tok\x01en",
  };
  for (const std::string& header : bad) {
    const bool valid = header == "Basic YWxpY2U6cHc" || header == "Basic YWxpY2U6cHc=";
    EXPECT_EQ(parse_authorization_header(header).has_value(), valid) << header;
  }
}

TEST(AuthHeaderTest, ChecksParsedCredentials) {
  const Authenticator authenticator({"tok"}, {{"alice", "pw"}});
  const auto check = [&](const std::string& header) {
    const auto credential = parse_authorization_header(header);
    return credential.has_value() && authenticator.check(*credential);
  };
  EXPECT_TRUE(check("Bearer tok"));
  EXPECT_FALSE(check("Bearer tok2"));
  EXPECT_TRUE(check("Basic " + base64_encode(std::string_view("alice:pw"))));
  EXPECT_FALSE(check("Basic " + base64_encode(std::string_view("alice:pw2"))));
  EXPECT_FALSE(check("Basic " + base64_encode(std::string_view("bob:pw"))));
  EXPECT_FALSE(check("Basic " + base64_encode(std::string_view(":tok"))));
}

}  // namespace
}  // namespace duckwire
