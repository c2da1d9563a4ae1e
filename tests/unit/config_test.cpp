// Tests for the command line, the DUCKWIRE_* environment and their validation.

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <map>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "config/host.hpp"
#include "config/options.hpp"
#include "config/value_parsers.hpp"

namespace duckwire {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kVersion = "duckwire 0.1.0 (DuckDB v1.5.6)";

// Throwaway self-signed P-256 certificate (CN=localhost) and keys, made for these tests only.
constexpr std::string_view kCertPem = R"(-----BEGIN CERTIFICATE-----
MIIBgDCCASWgAwIBAgIUASTG+miP+mZua0xvx1P1S8Kt+YwwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEyMTA1Mzc0MloYDzIxMjYxMDI4
MDUzNzQyWjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAQtUKoQze4dNVV+x/7QmdPG77D14dLKgFiZmVjliZYU68ti4cyYJ2y5
hB1j+ZtdXyzPd4/xA7/HvAv3UArgFy9Ao1MwUTAdBgNVHQ4EFgQU4fzUqNei9LME
5R/LEOpZPAr42TAwHwYDVR0jBBgwFoAU4fzUqNei9LME5R/LEOpZPAr42TAwDwYD
VR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNJADBGAiEAziNW2L/Ps3bsyFdMu6BK
vHx3vgl5KO9QIcHtgJ1G8TwCIQDVwmjZ1SDB2/4hAz8Rql8S7xDQY9MDtJQFxkOn
LipQ3w==
-----END CERTIFICATE-----
)";
constexpr std::string_view kKeyPem = R"(-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg0WqCwWIKruJIEdP7
gJXWGQ4h8WGmx8ytLy7SYVUbQAKhRANCAAQtUKoQze4dNVV+x/7QmdPG77D14dLK
gFiZmVjliZYU68ti4cyYJ2y5hB1j+ZtdXyzPd4/xA7/HvAv3UArgFy9A
-----END PRIVATE KEY-----
)";
constexpr std::string_view kOtherKeyPem = R"(-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQglfJ+u8ryiFhIh35y
y+lb5sUo0FNqMwKC+uvfnqfO4DShRANCAATW5p41RYrt+r+9CkCUhDriiIxuLN77
oRR3sL4cmLmzcSPyMpsz06NbSb/di3YwggVeFnXzrSfcEiV4xe6Msavo
-----END PRIVATE KEY-----
)";
constexpr std::string_view kEncryptedKeyPem = R"(-----BEGIN ENCRYPTED PRIVATE KEY-----
MIHsMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAhwRNqw75ZXfAICCAAw
DAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEE8tupk/MI3zHYUts//6UZQEgZAl
TpmsB6Ho6Wn3JtVx4eGyeEdtAFDemHsaonDChUDfpswoRKNRGyubcIXDsRDzIadk
BaLBdSPH29O2G+nbx0sCqkLV0Xu+zuApitBmR9B0b1XJq7PcLyqBWFSqxT4gYkbl
32LhBAp1jedIZO2a74vuZ0qzgto0noPwGDR2OsIJm3e0/7TasBBz7686kx9t1kA=
-----END ENCRYPTED PRIVATE KEY-----
)";

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "duckwire-config-test-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const fs::path& path() const { return path_; }
  std::string file(std::string_view name, std::string_view contents) const {
    const fs::path file = path_ / name;
    std::ofstream(file) << contents;
    return file.string();
  }

 private:
  fs::path path_;
};

class ConfigTest : public ::testing::Test {
 protected:
  ParseOutcome parse(std::initializer_list<std::string> args) {
    std::vector<std::string> words{"duckwire"};
    words.insert(words.end(), args.begin(), args.end());
    std::vector<const char*> argv;
    for (const std::string& word : words) argv.push_back(word.c_str());
    return parse_command_line(static_cast<int>(argv.size()), argv.data(), kVersion,
                              [this](const char* name) -> const char* {
                                const auto found = env.find(name);
                                return found == env.end() ? nullptr : found->second.c_str();
                              });
  }

  Config parse_ok(std::initializer_list<std::string> args) {
    ParseOutcome outcome = parse(args);
    EXPECT_EQ(outcome.exit_code, 0) << outcome.message;
    EXPECT_TRUE(outcome.config.has_value()) << outcome.message;
    return outcome.config.value_or(Config{});
  }

  // Asserts exit 2 with a one-line message that starts with `prefix` and contains `detail`.
  void expect_error(std::initializer_list<std::string> args, std::string_view prefix,
                    std::string_view detail = "") {
    const ParseOutcome outcome = parse(args);
    EXPECT_EQ(outcome.exit_code, 2) << outcome.message;
    EXPECT_FALSE(outcome.config.has_value());
    EXPECT_TRUE(outcome.message.starts_with(prefix)) << outcome.message;
    EXPECT_NE(outcome.message.find(detail), std::string::npos) << outcome.message;
    EXPECT_EQ(outcome.message.find('\n'), std::string::npos) << outcome.message;
  }

  std::map<std::string, std::string> env;
  TempDir dir;
};

TEST_F(ConfigTest, DefaultsWithoutArguments) {
  const Config config = parse_ok({});
  EXPECT_EQ(config.db_path, ":memory:");
  EXPECT_EQ(config.host, "127.0.0.1");
  EXPECT_EQ(config.port, 4000);
  EXPECT_FALSE(config.threads.has_value());
  EXPECT_FALSE(config.workers.has_value());
  EXPECT_FALSE(config.read_only);
  EXPECT_TRUE(config.extensions.empty());
  EXPECT_FALSE(config.unrestricted_file_access);
  EXPECT_TRUE(config.file_access_dirs.empty());
  EXPECT_TRUE(config.auth_tokens.empty());
  EXPECT_TRUE(config.users.empty());
  EXPECT_FALSE(config.allow_unauthenticated);
  EXPECT_FALSE(config.tls.has_value());
  EXPECT_EQ(config.log_level, LogLevel::kInfo);
  EXPECT_EQ(config.log_format, LogFormat::kText);
  EXPECT_FALSE(config.cache_dir.has_value());
  EXPECT_EQ(config.cache_max_bytes, uint64_t{1} << 30);
  EXPECT_EQ(config.spool_memory_bytes, uint64_t{4} << 20);
  EXPECT_EQ(config.spool_max_bytes, uint64_t{1} << 30);
  EXPECT_EQ(config.spool_max_total_bytes, uint64_t{4} << 30);
  EXPECT_EQ(config.max_message_bytes, uint64_t{64} << 20);
  EXPECT_TRUE(config.cors_origins.empty());
  EXPECT_TRUE(config.allowed_hosts.empty());
  EXPECT_EQ(config.shutdown_timeout, std::chrono::seconds(10));
}

TEST_F(ConfigTest, EveryFlagOnTheCommandLine) {
  const std::string db = (dir.path() / "data.duckdb").string();
  const std::string cert = dir.file("cert.pem", kCertPem);
  const std::string key = dir.file("key.pem", kKeyPem);
  const std::string cache = (dir.path() / "cache").string();
  fs::create_directory(dir.path() / "files");
  const Config config = parse_ok({"--db-path",
                                  db,
                                  "--host",
                                  "0.0.0.0",
                                  "--port",
                                  "5000",
                                  "--threads",
                                  "3",
                                  "--workers",
                                  "8",
                                  "--extensions",
                                  "spatial,h3@community",
                                  "--file-access",
                                  (dir.path() / "files").string(),
                                  "--auth-token",
                                  "t1",
                                  "--auth-token=t2",
                                  "--user",
                                  "alice:secret",
                                  "--user",
                                  "bob:pa:ss",
                                  "--allow-unauthenticated",
                                  "--tls-cert",
                                  cert,
                                  "--tls-key",
                                  key,
                                  "--log-level",
                                  "debug",
                                  "--log-format",
                                  "json",
                                  "--cache-dir",
                                  cache,
                                  "--cache-max-bytes",
                                  "512MiB",
                                  "--spool-memory-bytes",
                                  "2MiB",
                                  "--spool-max-bytes",
                                  "100MiB",
                                  "--spool-max-total-bytes",
                                  "1GiB",
                                  "--max-message-bytes",
                                  "1048576",
                                  "--cors-origin",
                                  "https://example.com",
                                  "--shutdown-timeout",
                                  "2.5"});
  EXPECT_EQ(config.db_path, db);
  EXPECT_EQ(config.host, "0.0.0.0");
  EXPECT_EQ(config.port, 5000);
  EXPECT_EQ(config.threads, 3);
  EXPECT_EQ(config.workers, 8u);
  ASSERT_EQ(config.extensions.size(), 2u);
  EXPECT_EQ(config.extensions[0].name, "spatial");
  EXPECT_EQ(config.extensions[0].repository, "");
  EXPECT_EQ(config.extensions[1].name, "h3");
  EXPECT_EQ(config.extensions[1].repository, "community");
  EXPECT_EQ(config.file_access_dirs, std::vector<std::string>{fs::canonical(dir.path() / "files").string()});
  EXPECT_EQ(config.auth_tokens, (std::vector<std::string>{"t1", "t2"}));
  ASSERT_EQ(config.users.size(), 2u);
  EXPECT_EQ(config.users[0].name, "alice");
  EXPECT_EQ(config.users[0].password, "secret");
  EXPECT_EQ(config.users[1].name, "bob");
  EXPECT_EQ(config.users[1].password, "pa:ss");
  EXPECT_TRUE(config.allow_unauthenticated);
  ASSERT_TRUE(config.tls.has_value());
  EXPECT_EQ(config.tls->cert_path, cert);
  EXPECT_EQ(config.tls->key_path, key);
  EXPECT_EQ(config.log_level, LogLevel::kDebug);
  EXPECT_EQ(config.log_format, LogFormat::kJson);
  EXPECT_EQ(config.cache_dir, cache);
  EXPECT_EQ(config.cache_max_bytes, uint64_t{512} << 20);
  EXPECT_EQ(config.spool_memory_bytes, uint64_t{2} << 20);
  EXPECT_EQ(config.spool_max_bytes, uint64_t{100} << 20);
  EXPECT_EQ(config.spool_max_total_bytes, uint64_t{1} << 30);
  EXPECT_EQ(config.max_message_bytes, 1048576u);
  EXPECT_EQ(config.cors_origins, (std::vector<std::string>{"https://example.com"}));
  EXPECT_EQ(config.shutdown_timeout, std::chrono::milliseconds(2500));
}

TEST_F(ConfigTest, ReadOnlyOnAnExistingFile) {
  const std::string db = dir.file("data.duckdb", "");
  const Config config = parse_ok({"--db-path", db, "--read-only"});
  EXPECT_TRUE(config.read_only);
}

TEST_F(ConfigTest, FlagsAcceptExplicitBooleans) {
  EXPECT_FALSE(parse_ok({"--allow-unauthenticated=false"}).allow_unauthenticated);
  EXPECT_TRUE(parse_ok({"--allow-unauthenticated=yes"}).allow_unauthenticated);
  expect_error({"--allow-unauthenticated=maybe"},
               "duckwire: --allow-unauthenticated: 'maybe' is not a boolean");
}

TEST_F(ConfigTest, LastValueOfASingleOptionWins) {
  EXPECT_EQ(parse_ok({"--port", "1", "--port=2"}).port, 2);
}

TEST_F(ConfigTest, PortLimits) {
  EXPECT_EQ(parse_ok({"--port", "0"}).port, 0);
  EXPECT_EQ(parse_ok({"--port", "1"}).port, 1);
  EXPECT_EQ(parse_ok({"--port", "65535"}).port, 65535);
  expect_error({"--port", "70000"}, "duckwire: --port: 70000 is not in 1..65535");
  expect_error({"--port=-1"}, "duckwire: --port: -1 is not in 1..65535");
  expect_error({"--port", "abc"}, "duckwire: --port: 'abc' is not a whole number");
  expect_error({"--port", "80x"}, "duckwire: --port: '80x' is not a whole number");
  expect_error({"--port", "99999999999999999999999"}, "duckwire: --port:", "is not in 1..65535");
}

TEST_F(ConfigTest, EveryEnvironmentVariable) {
  const std::string db = (dir.path() / "env.duckdb").string();
  const std::string files = (dir.path() / "files").string();
  fs::create_directory(files);
  env = {
      {"DUCKWIRE_DB_PATH", db},
      {"DUCKWIRE_HOST", "::1"},
      {"DUCKWIRE_PORT", "4100"},
      {"DUCKWIRE_THREADS", "2"},
      {"DUCKWIRE_EXTENSIONS", "json,spatial@core_nightly"},
      {"DUCKWIRE_FILE_ACCESS", files + "," + files},
      {"DUCKWIRE_AUTH_TOKEN", "a,b"},
      {"DUCKWIRE_USER", "u1:p1,u2:p2"},
      {"DUCKWIRE_ALLOW_UNAUTHENTICATED", "true"},
      {"DUCKWIRE_TLS_CERT", dir.file("c.pem", kCertPem)},
      {"DUCKWIRE_TLS_KEY", dir.file("k.pem", kKeyPem)},
      {"DUCKWIRE_LOG_LEVEL", "warn"},
      {"DUCKWIRE_LOG_FORMAT", "json"},
      {"DUCKWIRE_CACHE_DIR", (dir.path() / "cache").string()},
      {"DUCKWIRE_CACHE_MAX_BYTES", "10MB"},
      {"DUCKWIRE_MAX_MESSAGE_BYTES", "1KiB"},
      {"DUCKWIRE_CORS_ORIGIN", "http://localhost:3000"},
      {"DUCKWIRE_SHUTDOWN_TIMEOUT", "0"},
  };
  const Config config = parse_ok({});
  EXPECT_EQ(config.db_path, db);
  EXPECT_EQ(config.host, "::1");
  EXPECT_EQ(config.port, 4100);
  EXPECT_EQ(config.threads, 2);
  ASSERT_EQ(config.extensions.size(), 2u);
  EXPECT_EQ(config.extensions[1].repository, "core_nightly");
  EXPECT_EQ(config.file_access_dirs.size(), 2u);
  EXPECT_EQ(config.auth_tokens, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(config.users.size(), 2u);
  EXPECT_EQ(config.users[1].name, "u2");
  EXPECT_EQ(config.users[1].password, "p2");
  EXPECT_TRUE(config.allow_unauthenticated);
  EXPECT_TRUE(config.tls.has_value());
  EXPECT_EQ(config.log_level, LogLevel::kWarn);
  EXPECT_EQ(config.log_format, LogFormat::kJson);
  EXPECT_EQ(config.cache_dir, (dir.path() / "cache").string());
  EXPECT_EQ(config.cache_max_bytes, 10'000'000u);
  EXPECT_EQ(config.max_message_bytes, 1024u);
  EXPECT_EQ(config.cors_origins, (std::vector<std::string>{"http://localhost:3000"}));
  EXPECT_EQ(config.shutdown_timeout, std::chrono::milliseconds(0));
}

TEST_F(ConfigTest, ReadOnlyFromTheEnvironment) {
  env = {{"DUCKWIRE_DB_PATH", dir.file("ro.duckdb", "")}, {"DUCKWIRE_READ_ONLY", "1"}};
  EXPECT_TRUE(parse_ok({}).read_only);
  env["DUCKWIRE_READ_ONLY"] = "off";
  EXPECT_FALSE(parse_ok({}).read_only);
}

TEST_F(ConfigTest, FlagWinsOverEnvironment) {
  env = {{"DUCKWIRE_PORT", "4100"},
         {"DUCKWIRE_AUTH_TOKEN", "from-env"},
         {"DUCKWIRE_LOG_LEVEL", "error"},
         {"DUCKWIRE_ALLOW_UNAUTHENTICATED", "1"}};
  const Config config =
      parse_ok({"--port", "4200", "--auth-token", "from-flag", "--allow-unauthenticated=0"});
  EXPECT_EQ(config.port, 4200);
  EXPECT_EQ(config.auth_tokens, std::vector<std::string>{"from-flag"});
  EXPECT_EQ(config.log_level, LogLevel::kError);  // not on the command line: the environment applies
  EXPECT_FALSE(config.allow_unauthenticated);
}

TEST_F(ConfigTest, FlagWinsOverABadEnvironmentValue) {
  env = {{"DUCKWIRE_PORT", "not-a-port"}};
  EXPECT_EQ(parse_ok({"--port", "4001"}).port, 4001);
}

TEST_F(ConfigTest, EmptyEnvironmentVariableIsIgnored) {
  env = {{"DUCKWIRE_PORT", ""}};
  EXPECT_EQ(parse_ok({}).port, 4000);
}

TEST_F(ConfigTest, BadEnvironmentValueNamesVariableAndFlag) {
  env = {{"DUCKWIRE_PORT", "70000"}};
  expect_error({}, "duckwire: DUCKWIRE_PORT (--port): 70000 is not in 1..65535");
  env = {{"DUCKWIRE_READ_ONLY", "perhaps"}};
  expect_error({}, "duckwire: DUCKWIRE_READ_ONLY (--read-only): 'perhaps' is not a boolean");
  env = {{"DUCKWIRE_USER", "nocolon"}};
  expect_error({}, "duckwire: DUCKWIRE_USER (--user): expected NAME:PASSWORD");
}

TEST_F(ConfigTest, EnvVarNames) {
  EXPECT_EQ(env_var_name("db-path"), "DUCKWIRE_DB_PATH");
  EXPECT_EQ(env_var_name("allow-unauthenticated"), "DUCKWIRE_ALLOW_UNAUTHENTICATED");
  for (const OptionSpec& spec : option_specs()) {
    EXPECT_EQ(env_var_name(spec.name).find('-'), std::string::npos);
  }
}

TEST_F(ConfigTest, UnknownOptionsAndArguments) {
  expect_error({"--bogus"}, "duckwire: --bogus: unknown option");
  expect_error({"--bogus=3"}, "duckwire: --bogus: unknown option");
  expect_error({"-x"}, "duckwire: -x: unknown option");
  expect_error({"stray"}, "duckwire: 'stray': unexpected argument");
  expect_error({"--port", "1", "2"}, "duckwire: '2': unexpected argument");
}

TEST_F(ConfigTest, MissingValueNamesTheFlag) {
  expect_error({"--port"}, "duckwire: --port: needs a value");
  expect_error({"--db-path"}, "duckwire: --db-path: needs a value");
}

TEST_F(ConfigTest, BadValues) {
  expect_error({"--threads", "0"}, "duckwire: --threads: 0 is not in 1..4096");
  expect_error({"--threads", "many"}, "duckwire: --threads: 'many' is not a whole number");
  expect_error({"--workers", "3"}, "duckwire: --workers: 3 is not in 4..4096");
  expect_error({"--workers", "-1"}, "duckwire: --workers: -1 is not in 4..4096");
  expect_error({"--extensions", "a,,b"}, "duckwire: --extensions: empty extension name");
  expect_error({"--extensions", "bad-name"}, "duckwire: --extensions: 'bad-name' is not an extension name");
  expect_error({"--extensions", "a@"}, "duckwire: --extensions: '' is not a repository");
  expect_error({"--extensions", "a@x'y"}, "duckwire: --extensions: 'x'y' is not a repository");
  expect_error({"--auth-token", ""}, "duckwire: --auth-token: the token is empty");
  expect_error({"--auth-token", "has space"}, "duckwire: --auth-token: a token must be printable ASCII");
  expect_error({"--user", "alice"}, "duckwire: --user: expected NAME:PASSWORD");
  expect_error({"--user", ":pw"}, "duckwire: --user: expected NAME:PASSWORD, the name is empty");
  expect_error({"--user", "alice:"},
               "duckwire: --user: expected NAME:PASSWORD, the password of 'alice' is empty");
  expect_error({"--user", "a:1", "--user", "a:2"}, "duckwire: --user: 'a' is given twice");
  expect_error({"--log-level", "verbose"}, "duckwire: --log-level: 'verbose' is not one of");
  expect_error({"--log-format", "xml"}, "duckwire: --log-format: 'xml' is not one of text, json");
  expect_error({"--cache-max-bytes", "lots"}, "duckwire: --cache-max-bytes: 'lots' is not a byte size");
  expect_error({"--cache-max-bytes", "1PB"}, "duckwire: --cache-max-bytes: '1PB' is not a byte size");
  expect_error({"--spool-memory-bytes", "some"}, "duckwire: --spool-memory-bytes: 'some' is not a byte size");
  expect_error({"--spool-max-bytes", "x"}, "duckwire: --spool-max-bytes: 'x' is not a byte size");
  expect_error({"--spool-max-total-bytes", "x"}, "duckwire: --spool-max-total-bytes: 'x' is not a byte size");
  expect_error({"--max-message-bytes", "0"}, "duckwire: --max-message-bytes: must be at least 1");
  expect_error({"--max-message-bytes", "-5"}, "duckwire: --max-message-bytes: '-5' is not a byte size");
  expect_error({"--cors-origin", "a\r\nb"}, "duckwire: --cors-origin: must not contain control characters");
  expect_error(
      {"--cors-origin", "https://app.example/path"},
      "duckwire: --cors-origin: 'https://app.example/path' is not an origin like https://app.example or *");
  expect_error({"--allowed-host", "a/b"}, "duckwire: --allowed-host: 'a/b' is not a host name");
  expect_error({"--shutdown-timeout", "soon"},
               "duckwire: --shutdown-timeout: 'soon' is not a number of seconds");
  expect_error({"--shutdown-timeout", "-1"}, "duckwire: --shutdown-timeout: -1 is not in 0..86400");
  expect_error({"--host", ""}, "duckwire: --host: '' is not a host name or address");
  expect_error({"--cache-dir", dir.file("plain-file", "x")}, "duckwire: --cache-dir:", "is not a directory");
}

TEST_F(ConfigTest, QuackListener) {
  const Config defaults = parse_ok({});
  EXPECT_EQ(defaults.quack_port, 9494);
  EXPECT_FALSE(defaults.quack_port_given);
  EXPECT_EQ(defaults.quack_idle_timeout, std::chrono::minutes(5));
  EXPECT_EQ(defaults.quack_max_connections, 256u);
  const Config chosen =
      parse_ok({"--quack-port", "0", "--quack-idle-timeout", "1.5", "--quack-max-connections", "3"});
  EXPECT_EQ(chosen.quack_port, 0);
  EXPECT_TRUE(chosen.quack_port_given);
  EXPECT_EQ(chosen.quack_idle_timeout, std::chrono::milliseconds(1500));
  EXPECT_EQ(chosen.quack_max_connections, 3u);
  env = {{"DUCKWIRE_QUACK_PORT", "19494"}};
  EXPECT_EQ(parse_ok({}).quack_port, 19494);
  env.clear();
  expect_error({"--quack-port", "65536"}, "duckwire: --quack-port: 65536 is not in");
  expect_error({"--quack-idle-timeout", "0"}, "duckwire: --quack-idle-timeout: must be more than 0");
  expect_error({"--quack-max-connections", "0"}, "duckwire: --quack-max-connections: 0 is not in 1..1000000");
}

TEST_F(ConfigTest, ErrorsDoNotRevealPasswordsOrTokens) {
  const ParseOutcome user = parse({"--user", "alice-without-colon-s3cret"});
  EXPECT_EQ(user.message.find("s3cret"), std::string::npos);
  const ParseOutcome token = parse({"--auth-token", "s3cret token"});
  EXPECT_EQ(token.message.find("s3cret"), std::string::npos);
}

TEST_F(ConfigTest, DatabasePath) {
  expect_error({"--db-path", (dir.path() / "missing" / "x.duckdb").string()},
               "duckwire: --db-path: directory", "does not exist");
  expect_error({"--db-path", dir.path().string()}, "duckwire: --db-path:", "is a directory");
  expect_error({"--db-path", ""}, "duckwire: --db-path: empty path");
  expect_error({"--db-path", (dir.path() / "new.duckdb").string(), "--read-only"},
               "duckwire: --db-path:", "does not exist (--read-only needs a database)");
  expect_error({"--read-only"}, "duckwire: --read-only: an in-memory database cannot be read-only");
  EXPECT_EQ(parse_ok({"--db-path", "relative.duckdb"}).db_path, "relative.duckdb");
}

TEST_F(ConfigTest, FileAccess) {
  EXPECT_TRUE(parse_ok({"--file-access", "all"}).unrestricted_file_access);
  expect_error({"--file-access", (dir.path() / "nope").string()},
               "duckwire: --file-access:", "is not an existing directory");
  expect_error({"--file-access", dir.file("f", "x")},
               "duckwire: --file-access:", "is not an existing directory");
  expect_error({"--file-access", "all", "--file-access", dir.path().string()},
               "duckwire: --file-access: 'all' cannot be combined with directories");
}

TEST_F(ConfigTest, Tls) {
  const std::string cert = dir.file("cert.pem", kCertPem);
  const std::string key = dir.file("key.pem", kKeyPem);
  expect_error({"--tls-cert", cert}, "duckwire: --tls-cert: needs --tls-key as well");
  expect_error({"--tls-key", key}, "duckwire: --tls-key: needs --tls-cert as well");
  expect_error({"--tls-cert", (dir.path() / "none.pem").string(), "--tls-key", key},
               "duckwire: --tls-cert: cannot read", "No such file or directory");
  expect_error({"--tls-cert", cert, "--tls-key", (dir.path() / "none.pem").string()},
               "duckwire: --tls-key: cannot read");
  expect_error({"--tls-cert", dir.file("junk.pem", "not a certificate"), "--tls-key", key},
               "duckwire: --tls-cert:", "is not a PEM certificate");
  expect_error({"--tls-cert", key, "--tls-key", key}, "duckwire: --tls-cert:", "is not a PEM certificate");
  expect_error({"--tls-cert", cert, "--tls-key", cert},
               "duckwire: --tls-key:", "is not an unencrypted PEM private key");
  expect_error({"--tls-cert", cert, "--tls-key", dir.file("enc.pem", kEncryptedKeyPem)},
               "duckwire: --tls-key:", "is not an unencrypted PEM private key");
  expect_error({"--tls-cert", cert, "--tls-key", dir.file("other.pem", kOtherKeyPem)},
               "duckwire: --tls-key:", "does not match the certificate");
  if (geteuid() != 0) {  // root reads files whatever their mode
    const std::string locked = dir.file("locked.pem", kKeyPem);
    fs::permissions(locked, fs::perms::none);
    expect_error({"--tls-cert", cert, "--tls-key", locked}, "duckwire: --tls-key: cannot read",
                 "Permission denied");
  }
}

TEST_F(ConfigTest, NonLoopbackHostNeedsAuthentication) {
  expect_error({"--host", "0.0.0.0"},
               "duckwire: --host: refusing to listen on 0.0.0.0 without authentication",
               "--allow-unauthenticated");
  expect_error({"--host", "::"}, "duckwire: --host: refusing to listen on ::");
  expect_error({"--host", "example.com"}, "duckwire: --host: refusing");
  expect_error({"--host", "0.0.0.0", "--allow-unauthenticated=false"}, "duckwire: --host: refusing");
  env = {{"DUCKWIRE_HOST", "10.1.2.3"}};
  expect_error({}, "duckwire: DUCKWIRE_HOST (--host): refusing to listen on 10.1.2.3");
  env.clear();
  EXPECT_EQ(parse_ok({"--host", "0.0.0.0", "--auth-token", "t"}).host, "0.0.0.0");
  EXPECT_EQ(parse_ok({"--host", "0.0.0.0", "--user", "u:p"}).host, "0.0.0.0");
  EXPECT_EQ(parse_ok({"--host", "0.0.0.0", "--allow-unauthenticated"}).host, "0.0.0.0");
  EXPECT_EQ(parse_ok({"--host", "localhost"}).host, "localhost");
  EXPECT_EQ(parse_ok({"--host", "127.0.0.2"}).host, "127.0.0.2");
  EXPECT_EQ(parse_ok({"--host", "[::1]"}).host, "::1");
}

TEST_F(ConfigTest, LoopbackHosts) {
  for (const char* host :
       {"localhost", "LOCALHOST", "127.0.0.1", "127.255.0.9", "::1", "[::1]", "::ffff:127.0.0.1"}) {
    EXPECT_TRUE(is_loopback_host(host)) << host;
  }
  for (const char* host :
       {"0.0.0.0", "::", "192.168.1.1", "128.0.0.1", "::ffff:10.0.0.1", "example.com", "localhost.evil"}) {
    EXPECT_FALSE(is_loopback_host(host)) << host;
  }
}

TEST_F(ConfigTest, HelpListsEveryFlagAndTheEnvironment) {
  const ParseOutcome outcome = parse({"--help"});
  EXPECT_EQ(outcome.exit_code, 0);
  EXPECT_FALSE(outcome.config.has_value());
  for (const OptionSpec& spec : option_specs()) {
    EXPECT_NE(outcome.message.find("--" + std::string(spec.name)), std::string::npos) << spec.name;
  }
  EXPECT_NE(outcome.message.find("--version"), std::string::npos);
  EXPECT_NE(outcome.message.find("DUCKWIRE_"), std::string::npos);
  EXPECT_FALSE(outcome.message.ends_with("\n"));
  EXPECT_EQ(parse({"-h"}).message, outcome.message);
}

TEST_F(ConfigTest, HelpWinsOverBadValues) {
  const ParseOutcome outcome = parse({"--port", "99999", "--help"});
  EXPECT_EQ(outcome.exit_code, 0);
  EXPECT_NE(outcome.message.find("--port"), std::string::npos);
}

TEST_F(ConfigTest, Version) {
  const ParseOutcome outcome = parse({"--version"});
  EXPECT_EQ(outcome.exit_code, 0);
  EXPECT_FALSE(outcome.config.has_value());
  EXPECT_EQ(outcome.message, kVersion);
}

TEST_F(ConfigTest, BackendOptionsForMemoryDatabase) {
  const BackendOptions options = backend_options(parse_ok({"--threads", "4", "--extensions", "json"}));
  EXPECT_EQ(options.path, ":memory:");
  EXPECT_FALSE(options.read_only);
  EXPECT_EQ(options.threads, 4);
  ASSERT_EQ(options.extensions.size(), 1u);
  EXPECT_TRUE(options.restrict_file_access);
  EXPECT_EQ(options.allowed_directories, std::vector<std::string>{fs::current_path().string()});
}

TEST_F(ConfigTest, BackendOptionsForFileDatabase) {
  const std::string db = dir.file("db.duckdb", "");
  const BackendOptions options = backend_options(parse_ok({"--db-path", db, "--read-only"}));
  EXPECT_EQ(options.path, db);
  EXPECT_TRUE(options.read_only);
  EXPECT_EQ(options.temp_directory, fs::canonical(dir.path()).string() + "/db.duckdb.tmp");
  // The database's directory holds the database: SQL gets no directory unless one is given.
  EXPECT_TRUE(options.restrict_file_access);
  EXPECT_TRUE(options.allowed_directories.empty());
  EXPECT_NE(options.file_access_note.find("db.duckdb"), std::string::npos) << options.file_access_note;
  EXPECT_NE(options.file_access_note.find("--file-access"), std::string::npos) << options.file_access_note;
}

TEST_F(ConfigTest, FileAccessNeverReachesTheServersFiles) {
  const std::string db = dir.file("db.duckdb", "");
  const std::string cert = dir.file("cert.pem", kCertPem);
  const std::string key = dir.file("key.pem", kKeyPem);
  fs::create_directories(dir.path() / "db.duckdb.tmp" / "inside");
  fs::create_directories(dir.path() / "cache" / "inside");
  fs::create_directories(dir.path() / "files");
  const std::string canonical = fs::canonical(dir.path()).string();
  const auto refused = [&](const std::string& directory, const std::string& owned) {
    expect_error(
        {"--db-path", db, "--cache-dir", (dir.path() / "cache").string(), "--file-access", directory},
        "duckwire: --file-access: '" + fs::canonical(directory).string() + "' would let SQL reach '" + owned +
            "'");
  };
  refused(dir.path().string(), canonical + "/db.duckdb");
  refused((dir.path() / "db.duckdb.tmp" / "inside").string(), canonical + "/db.duckdb.tmp");
  refused((dir.path() / "cache" / "inside").string(), canonical + "/cache");
  expect_error(
      {"--tls-cert", cert, "--tls-key", key, "--file-access", dir.path().string()},
      "duckwire: --file-access: '" + canonical + "' would let SQL reach '" + canonical + "/cert.pem'");
  const Config apart = parse_ok({"--db-path", db, "--file-access", (dir.path() / "files").string()});
  EXPECT_EQ(backend_options(apart).allowed_directories, std::vector<std::string>{canonical + "/files"});
}

TEST_F(ConfigTest, MemoryDatabaseSpillsOutsideTheWorkingDirectory) {
  const BackendOptions options = backend_options(parse_ok({}));
  EXPECT_FALSE(options.temp_directory.starts_with(fs::current_path().string() + "/"));
  EXPECT_NE(options.temp_directory.find("duckwire-"), std::string::npos);
}

TEST_F(ConfigTest, BackendOptionsWithFileAccess) {
  fs::create_directory(dir.path() / "data");
  const BackendOptions restricted =
      backend_options(parse_ok({"--file-access", (dir.path() / "data").string()}));
  EXPECT_TRUE(restricted.restrict_file_access);
  EXPECT_EQ(restricted.allowed_directories,
            std::vector<std::string>{fs::canonical(dir.path() / "data").string()});
  const BackendOptions open = backend_options(parse_ok({"--file-access", "all"}));
  EXPECT_FALSE(open.restrict_file_access);
  EXPECT_TRUE(open.allowed_directories.empty());
}

TEST_F(ConfigTest, MakeAuthenticatorTakesThePasswords) {
  Config config = parse_ok({"--auth-token", "tok", "--user", "alice:wonder"});
  const Authenticator authenticator = make_authenticator(config);
  EXPECT_TRUE(config.users.empty());
  EXPECT_TRUE(authenticator.check_token("tok"));
  EXPECT_TRUE(authenticator.check_password("alice", "wonder"));
}

TEST(ConfigParsersTest, ByteSizes) {
  EXPECT_EQ(parse_byte_size("0").value(), 0u);
  EXPECT_EQ(parse_byte_size("123").value(), 123u);
  EXPECT_EQ(parse_byte_size("123B").value(), 123u);
  EXPECT_EQ(parse_byte_size("2KiB").value(), 2048u);
  EXPECT_EQ(parse_byte_size("2kb").value(), 2000u);
  EXPECT_EQ(parse_byte_size("3MiB").value(), 3u << 20);
  EXPECT_EQ(parse_byte_size("1GB").value(), 1000'000'000u);
  EXPECT_EQ(parse_byte_size("1gib").value(), uint64_t{1} << 30);
  EXPECT_EQ(parse_byte_size("1TiB").value(), uint64_t{1} << 40);
  EXPECT_EQ(parse_byte_size("18446744073709551615").value(), UINT64_MAX);
  for (const char* bad :
       {"", "GiB", "1.5GiB", " 1", "1 GiB", "1K", "-1", "99999999999TiB", "18446744073709551616"}) {
    EXPECT_FALSE(parse_byte_size(bad).ok()) << bad;
  }
}

TEST(ConfigParsersTest, Seconds) {
  EXPECT_EQ(parse_seconds("10").value(), std::chrono::seconds(10));
  EXPECT_EQ(parse_seconds("0.25").value(), std::chrono::milliseconds(250));
  for (const char* bad : {"", "1s", "abc", "-0.5", "1e3", "100000", "nan", "inf"}) {
    EXPECT_FALSE(parse_seconds(bad).ok()) << bad;
  }
}

TEST(ConfigParsersTest, Booleans) {
  for (const char* yes : {"1", "true", "TRUE", "yes", "On"}) EXPECT_TRUE(parse_bool(yes).value()) << yes;
  for (const char* no : {"0", "false", "No", "off"}) EXPECT_FALSE(parse_bool(no).value()) << no;
  EXPECT_FALSE(parse_bool("2").ok());
  EXPECT_FALSE(parse_bool("").ok());
}

TEST(ConfigParsersTest, Extensions) {
  auto parsed = parse_extensions("httpfs,spatial@https://extensions.example.com,h3@community");
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ(parsed->size(), 3u);
  EXPECT_EQ((*parsed)[1].name, "spatial");
  EXPECT_EQ((*parsed)[1].repository, "https://extensions.example.com");
  for (const char* bad : {"", ",", "a,", "a b", "a;DROP", "@repo", "a@b@c", "a@ b"}) {
    EXPECT_FALSE(parse_extensions(bad).ok()) << bad;
  }
}

TEST(ConfigParsersTest, Users) {
  auto user = parse_user("name:pa:ss:word");
  ASSERT_TRUE(user.ok());
  EXPECT_EQ(user->name, "name");
  EXPECT_EQ(user->password, "pa:ss:word");
  EXPECT_FALSE(parse_user("a\nb:pw").ok());
}

}  // namespace
}  // namespace duckwire
