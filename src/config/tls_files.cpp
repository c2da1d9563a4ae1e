#include "config/tls_files.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>

namespace duckwire {
namespace {

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Free {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};

Error failure(const char* flag, const std::string& problem) {
  ERR_clear_error();
  return Error{ErrorKind::kInvalidInput, std::string(flag) + ": " + problem};
}

// Refuses to prompt on the terminal for the pass phrase of an encrypted key.
int no_pass_phrase(char*, int, int, void*) {
  return 0;
}

Result<std::unique_ptr<BIO, BioFree>> open_readable(const char* flag, const std::string& path) {
  // std::ifstream first: its errno gives a clearer reason than OpenSSL's error queue.
  if (!std::ifstream(path).good())
    return failure(flag, "cannot read '" + path + "': " + std::strerror(errno));
  std::unique_ptr<BIO, BioFree> bio(BIO_new_file(path.c_str(), "r"));
  if (!bio) return failure(flag, "cannot read '" + path + "'");
  return bio;
}

}  // namespace

Result<void> check_tls_files(const std::string& cert_path, const std::string& key_path) {
  auto cert_bio = open_readable("--tls-cert", cert_path);
  if (!cert_bio) return cert_bio.error();
  std::unique_ptr<X509, X509Free> cert(PEM_read_bio_X509(cert_bio->get(), nullptr, no_pass_phrase, nullptr));
  if (!cert) return failure("--tls-cert", "'" + cert_path + "' is not a PEM certificate");

  auto key_bio = open_readable("--tls-key", key_path);
  if (!key_bio) return key_bio.error();
  std::unique_ptr<EVP_PKEY, PkeyFree> key(
      PEM_read_bio_PrivateKey(key_bio->get(), nullptr, no_pass_phrase, nullptr));
  if (!key) return failure("--tls-key", "'" + key_path + "' is not an unencrypted PEM private key");

  if (X509_check_private_key(cert.get(), key.get()) != 1) {
    return failure("--tls-key", "'" + key_path + "' does not match the certificate '" + cert_path + "'");
  }
  return {};
}

}  // namespace duckwire
