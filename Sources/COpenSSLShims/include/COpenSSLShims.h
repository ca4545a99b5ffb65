// One-line wrappers for OpenSSL macros that Swift cannot import.
// Nothing here has logic of its own; see ssl(7), SSL_set_tlsext_host_name(3), DEFINE_STACK_OF(3).
#ifndef CHAINDOCTOR_COPENSSL_SHIMS_H
#define CHAINDOCTOR_COPENSSL_SHIMS_H

#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/x509_vfy.h>

static inline long cd_SSL_set_tlsext_host_name(SSL *ssl, const char *name) {
    return SSL_set_tlsext_host_name(ssl, name);
}

static inline long cd_SSL_set_max_cert_list(SSL *ssl, long size) {
    return SSL_set_max_cert_list(ssl, size);
}

static inline int cd_sk_X509_num(const STACK_OF(X509) *sk) { return sk_X509_num(sk); }
static inline X509 *cd_sk_X509_value(const STACK_OF(X509) *sk, int i) { return sk_X509_value(sk, i); }
static inline STACK_OF(X509) *cd_sk_X509_new_null(void) { return sk_X509_new_null(); }
static inline int cd_sk_X509_push(STACK_OF(X509) *sk, X509 *x) { return sk_X509_push(sk, x); }
/// Frees the stack and drops one reference on every certificate in it.
static inline void cd_sk_X509_pop_free(STACK_OF(X509) *sk) { sk_X509_pop_free(sk, X509_free); }

static inline int cd_sk_X509_NAME_num(const STACK_OF(X509_NAME) *sk) { return sk_X509_NAME_num(sk); }
static inline X509_NAME *cd_sk_X509_NAME_value(const STACK_OF(X509_NAME) *sk, int i) {
    return sk_X509_NAME_value(sk, i);
}

static inline int cd_ERR_GET_REASON(unsigned long e) { return ERR_GET_REASON(e); }
static inline int cd_ERR_GET_LIB(unsigned long e) { return ERR_GET_LIB(e); }

static inline long cd_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int v) {
    return SSL_CTX_set_min_proto_version(ctx, v);
}
static inline long cd_SSL_CTX_set_max_proto_version(SSL_CTX *ctx, int v) {
    return SSL_CTX_set_max_proto_version(ctx, v);
}
/* The lab's server side serves its certfile exactly as written: no chain completed from the trust store. */
static inline long cd_SSL_CTX_set_mode_no_auto_chain(SSL_CTX *ctx) {
    return SSL_CTX_set_mode(ctx, SSL_MODE_NO_AUTO_CHAIN);
}

static inline long cd_SSL_set_mode_partial_write(SSL *ssl) {
    return SSL_set_mode(ssl, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
}

/// X509_STORE_CTX_set_app_data / get_app_data are macros over ex_data index 0.
static inline int cd_X509_STORE_CTX_set_app_data(X509_STORE_CTX *ctx, void *data) {
    return X509_STORE_CTX_set_app_data(ctx, data);
}
static inline void *cd_X509_STORE_CTX_get_app_data(X509_STORE_CTX *ctx) {
    return X509_STORE_CTX_get_app_data(ctx);
}

/// OCSP stapling (RFC 6066 §8): ask for a status response, and read what came (SSL_set_tlsext_status_type(3)).
static inline long cd_SSL_set_tlsext_status_type_ocsp(SSL *ssl) {
    return SSL_set_tlsext_status_type(ssl, TLSEXT_STATUSTYPE_ocsp);
}
static inline long cd_SSL_get_tlsext_status_ocsp_resp(SSL *ssl, const unsigned char **response) {
    return SSL_get_tlsext_status_ocsp_resp(ssl, response);
}

#endif
