#pragma once
// Checks at start-up that a TLS certificate and key load, so a typo fails fast with a clear message
// instead of at the first TLS handshake.

#include <string>

#include "util/error.hpp"

namespace duckwire {

// The error message starts with the flag at fault ("--tls-cert: ..." or "--tls-key: ...").
Result<void> check_tls_files(const std::string& cert_path, const std::string& key_path);

}  // namespace duckwire
