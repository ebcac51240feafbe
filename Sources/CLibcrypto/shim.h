/* OpenSSL's libcrypto (Debian libssl-dev), for its message digests: only the EVP digest API is used. */
#include <openssl/evp.h>
