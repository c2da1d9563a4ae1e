#pragma once
// JSON-RPC 2.0 replies of the /sql API. Results are JSON-LD: {"@context":...,"@graph":[rows]}.

#include <string>
#include <string_view>

namespace duckwire::jsonrpc {

// `{"@context":{...},"@graph":` — the rows follow, then kJsonLdSuffix.
inline constexpr std::string_view kJsonLdPrefix =
    R"({"@context":{"xsd":"http://www.w3.org/2001/XMLSchema#","@vocab":"http://endb.io/"},"@graph":)";
inline constexpr std::string_view kJsonLdSuffix = "}";

// `{"jsonrpc":"2.0","id":ID,"result":` + kJsonLdPrefix; the reply ends with kResultReplySuffix.
std::string result_reply_prefix(std::string_view id);
inline constexpr std::string_view kResultReplySuffix = "}}";

// `id` is serialized JSON ("null" when unknown).
std::string error_reply(std::string_view id, int code, std::string_view message);

}  // namespace duckwire::jsonrpc
