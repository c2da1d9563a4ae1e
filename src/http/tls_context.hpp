#pragma once

#include <boost/asio/ssl/context.hpp>

#include <memory>
#include <string>

#include "util/error.hpp"

namespace duckwire::http {

// A server TLS context (TLS 1.2 and later) with the given PEM certificate chain and private key.
Result<std::shared_ptr<boost::asio::ssl::context>> make_server_tls_context(const std::string& cert_path,
                                                                           const std::string& key_path);

}  // namespace duckwire::http
