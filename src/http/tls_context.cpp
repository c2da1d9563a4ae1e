#include "http/tls_context.hpp"

namespace duckwire::http {

namespace ssl = boost::asio::ssl;

Result<std::shared_ptr<ssl::context>> make_server_tls_context(const std::string& cert_path,
                                                              const std::string& key_path) {
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  boost::system::error_code ec;
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                           ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use,
                       ec);
  if (!ec) context->use_certificate_chain_file(cert_path, ec);
  if (ec) return Error{ErrorKind::kInvalidInput, "--tls-cert: " + ec.message()};
  context->use_private_key_file(key_path, ssl::context::pem, ec);
  if (ec) return Error{ErrorKind::kInvalidInput, "--tls-key: " + ec.message()};
  return context;
}

}  // namespace duckwire::http
