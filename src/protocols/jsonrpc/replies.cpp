#include "protocols/jsonrpc/replies.hpp"

#include "encode/value_text.hpp"

namespace duckwire::jsonrpc {

std::string result_reply_prefix(std::string_view id) {
  std::string text = R"({"jsonrpc":"2.0","id":)";
  text.append(id);
  text.append(R"(,"result":)");
  text.append(kJsonLdPrefix);
  return text;
}

std::string error_reply(std::string_view id, int code, std::string_view message) {
  std::string text = R"({"jsonrpc":"2.0","id":)";
  text.append(id);
  text.append(R"(,"error":{"code":)");
  text.append(std::to_string(code));
  text.append(R"(,"message":")");
  encode::append_json_escaped(text, message);
  text.append("\"}}");
  return text;
}

}  // namespace duckwire::jsonrpc
