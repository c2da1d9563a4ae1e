#pragma once
// The frontend (client) messages of protocol 3.0, parsed from their bodies. A body that does not
// hold what its type promises, or declares counts its bytes cannot hold, is a protocol violation:
// an Error of kind kInvalidInput whose message the front door sends as FATAL 08P01.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "util/error.hpp"

namespace duckwire::pgwire {

// The first packet of a connection (it has no type byte).
struct SslRequest {};
struct GssEncRequest {};
struct CancelRequest {
  int32_t process_id = 0;
  int32_t secret = 0;
};
struct StartupMessage {
  int major = 3;
  int minor = 0;
  std::vector<std::pair<std::string, std::string>> parameters;  // in the client's order
  const std::string* find(std::string_view name) const;
};
using StartupPacket = std::variant<SslRequest, GssEncRequest, CancelRequest, StartupMessage>;

inline constexpr int32_t kSslRequestCode = 80877103;
inline constexpr int32_t kGssEncRequestCode = 80877104;
inline constexpr int32_t kCancelRequestCode = 80877102;

// `body` is the packet after its length word.
Result<StartupPacket> parse_startup_packet(std::string_view body);

struct ParseMessage {
  std::string statement;
  std::string query;
  std::vector<uint32_t> parameter_types;  // 0: unspecified
};
struct BindMessage {
  std::string portal;
  std::string statement;
  std::vector<int16_t> parameter_formats;              // none: all text; one: for all; else one each
  std::vector<std::optional<std::string>> parameters;  // nullopt: NULL
  std::vector<int16_t> result_formats;
};
struct DescribeMessage {
  char kind = 'S';  // 'S' statement, 'P' portal
  std::string name;
};
struct ExecuteMessage {
  std::string portal;
  int32_t max_rows = 0;  // 0: all
};
struct CloseMessage {
  char kind = 'S';
  std::string name;
};

Result<std::string> parse_query(std::string_view body);
Result<ParseMessage> parse_parse(std::string_view body);
Result<BindMessage> parse_bind(std::string_view body);
Result<DescribeMessage> parse_describe(std::string_view body);
Result<ExecuteMessage> parse_execute(std::string_view body);
Result<CloseMessage> parse_close(std::string_view body);

// SASLInitialResponse: the mechanism and the client-first-message (nullopt when the length is -1).
struct SaslInitialResponse {
  std::string mechanism;
  std::optional<std::string> data;
};
Result<SaslInitialResponse> parse_sasl_initial_response(std::string_view body);
// PasswordMessage (cleartext or md5): the NUL-terminated password.
Result<std::string> parse_password(std::string_view body);

// The format code of column or parameter `index` given the codes a Bind carried (none: text, one:
// for all); nullopt when a code is neither 0 nor 1 or the count fits neither rule.
std::optional<int16_t> format_for(const std::vector<int16_t>& formats, size_t index, size_t total);

}  // namespace duckwire::pgwire
