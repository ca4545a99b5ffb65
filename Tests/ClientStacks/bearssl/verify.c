/*
 * verify judges TLS server certificate chains the way a BearSSL MQTT client (Arduino's and the ESP8266 core's
 * WiFiClientSecure with setTrustAnchors, PubSubClient on top) does: BearSSL's br_x509_minimal engine.
 *
 * Usage: verify MANIFEST
 *
 * Each line of MANIFEST is one case, four fields separated by tabs:
 *
 *     chain.pem	anchors.pem	identity	unix-seconds
 *
 * (the presented chain, leaf first, in the order sent; the certificates the client trusts; the DNS name or IP
 * address it dials; the instant to judge at). For every case it prints one line: "OK", or "FAIL " and the name
 * of the BR_ERR_X509_* code the engine ends the chain with, and the code, e.g. "FAIL BR_ERR_X509_NOT_TRUSTED (62)".
 * The exit status is 0 when every case was judged.
 *
 * What it mirrors, from the ESP8266 core's BearSSL::X509List and WiFiClientSecure: each anchor certificate is
 * decoded with br_x509_decoder into a br_x509_trust_anchor (its subject DN, its public key, and BR_X509_TA_CA
 * when its basic constraints say CA; a certificate the decoder rejects is left out); the engine is
 * br_x509_minimal_init_full over those anchors (RSA, ECDSA and the standard hashes); the validation time is set
 * with br_x509_minimal_set_time to the case's instant as days since 1 January 0 AD and seconds since midnight;
 * the identity is the server name given to start_chain, which BearSSL matches with the DNS SANs (or the CN when
 * there is no SAN) and, being a name matcher, never with an IP SAN. The certificates are fed to the engine one
 * by one in the order sent: the minimal engine needs each to be issued by the next, as TLS 1.2 requires.
 */
#include <bearssl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../common/manifest.h"
#include "../common/pem.h"

static const struct {
    int code;
    const char *name;
} error_names[] = {
    {BR_ERR_X509_INVALID_VALUE, "BR_ERR_X509_INVALID_VALUE"},
    {BR_ERR_X509_TRUNCATED, "BR_ERR_X509_TRUNCATED"},
    {BR_ERR_X509_EMPTY_CHAIN, "BR_ERR_X509_EMPTY_CHAIN"},
    {BR_ERR_X509_INNER_TRUNC, "BR_ERR_X509_INNER_TRUNC"},
    {BR_ERR_X509_BAD_TAG_CLASS, "BR_ERR_X509_BAD_TAG_CLASS"},
    {BR_ERR_X509_BAD_TAG_VALUE, "BR_ERR_X509_BAD_TAG_VALUE"},
    {BR_ERR_X509_INDEFINITE_LENGTH, "BR_ERR_X509_INDEFINITE_LENGTH"},
    {BR_ERR_X509_EXTRA_ELEMENT, "BR_ERR_X509_EXTRA_ELEMENT"},
    {BR_ERR_X509_UNEXPECTED, "BR_ERR_X509_UNEXPECTED"},
    {BR_ERR_X509_NOT_CONSTRUCTED, "BR_ERR_X509_NOT_CONSTRUCTED"},
    {BR_ERR_X509_NOT_PRIMITIVE, "BR_ERR_X509_NOT_PRIMITIVE"},
    {BR_ERR_X509_PARTIAL_BYTE, "BR_ERR_X509_PARTIAL_BYTE"},
    {BR_ERR_X509_BAD_BOOLEAN, "BR_ERR_X509_BAD_BOOLEAN"},
    {BR_ERR_X509_OVERFLOW, "BR_ERR_X509_OVERFLOW"},
    {BR_ERR_X509_BAD_DN, "BR_ERR_X509_BAD_DN"},
    {BR_ERR_X509_BAD_TIME, "BR_ERR_X509_BAD_TIME"},
    {BR_ERR_X509_UNSUPPORTED, "BR_ERR_X509_UNSUPPORTED"},
    {BR_ERR_X509_LIMIT_EXCEEDED, "BR_ERR_X509_LIMIT_EXCEEDED"},
    {BR_ERR_X509_WRONG_KEY_TYPE, "BR_ERR_X509_WRONG_KEY_TYPE"},
    {BR_ERR_X509_BAD_SIGNATURE, "BR_ERR_X509_BAD_SIGNATURE"},
    {BR_ERR_X509_TIME_UNKNOWN, "BR_ERR_X509_TIME_UNKNOWN"},
    {BR_ERR_X509_EXPIRED, "BR_ERR_X509_EXPIRED"},
    {BR_ERR_X509_DN_MISMATCH, "BR_ERR_X509_DN_MISMATCH"},
    {BR_ERR_X509_BAD_SERVER_NAME, "BR_ERR_X509_BAD_SERVER_NAME"},
    {BR_ERR_X509_CRITICAL_EXTENSION, "BR_ERR_X509_CRITICAL_EXTENSION"},
    {BR_ERR_X509_NOT_CA, "BR_ERR_X509_NOT_CA"},
    {BR_ERR_X509_FORBIDDEN_KEY_USAGE, "BR_ERR_X509_FORBIDDEN_KEY_USAGE"},
    {BR_ERR_X509_WEAK_PUBLIC_KEY, "BR_ERR_X509_WEAK_PUBLIC_KEY"},
    {BR_ERR_X509_NOT_TRUSTED, "BR_ERR_X509_NOT_TRUSTED"},
};

static const char *error_name(int code) {
    for (size_t i = 0; i < sizeof error_names / sizeof error_names[0]; i++) {
        if (error_names[i].code == code) return error_names[i].name;
    }
    return "BR_ERR_X509_(unnamed)";
}

static time_t now;

struct growing {
    unsigned char *data;
    size_t len;
};

static void append(void *context, const void *bytes, size_t len) {
    struct growing *buffer = context;
    buffer->data = realloc(buffer->data, buffer->len + len);
    memcpy(buffer->data + buffer->len, bytes, len);
    buffer->len += len;
}

/* One anchor from its DER, as BearSSL::X509List makes it; 0 when the decoder rejects the certificate. */
static int make_anchor(const unsigned char *der, size_t size, br_x509_trust_anchor *anchor) {
    struct growing dn = {NULL, 0};
    br_x509_decoder_context decoder;
    br_x509_decoder_init(&decoder, append, &dn);
    br_x509_decoder_push(&decoder, der, size);
    const br_x509_pkey *key = br_x509_decoder_get_pkey(&decoder);
    if (key == NULL) {
        free(dn.data);
        return 0;
    }
    memset(anchor, 0, sizeof *anchor);
    anchor->dn.data = dn.data;
    anchor->dn.len = dn.len;
    anchor->flags = br_x509_decoder_isCA(&decoder) ? BR_X509_TA_CA : 0;
    anchor->pkey.key_type = key->key_type;
    if (key->key_type == BR_KEYTYPE_RSA) {
        anchor->pkey.key.rsa.n = malloc(key->key.rsa.nlen);
        memcpy(anchor->pkey.key.rsa.n, key->key.rsa.n, key->key.rsa.nlen);
        anchor->pkey.key.rsa.nlen = key->key.rsa.nlen;
        anchor->pkey.key.rsa.e = malloc(key->key.rsa.elen);
        memcpy(anchor->pkey.key.rsa.e, key->key.rsa.e, key->key.rsa.elen);
        anchor->pkey.key.rsa.elen = key->key.rsa.elen;
    } else {
        anchor->pkey.key.ec.curve = key->key.ec.curve;
        anchor->pkey.key.ec.q = malloc(key->key.ec.qlen);
        memcpy(anchor->pkey.key.ec.q, key->key.ec.q, key->key.ec.qlen);
        anchor->pkey.key.ec.qlen = key->key.ec.qlen;
    }
    return 1;
}

static void free_anchor(br_x509_trust_anchor *anchor) {
    free(anchor->dn.data);
    if (anchor->pkey.key_type == BR_KEYTYPE_RSA) {
        free(anchor->pkey.key.rsa.n);
        free(anchor->pkey.key.rsa.e);
    } else {
        free(anchor->pkey.key.ec.q);
    }
}

/* Prints the verdict of one case. */
static void verify(const char *chain_file, const char *anchors_file, const char *identity) {
    size_t size;
    char *chain_pem = read_file(chain_file, &size);
    char *anchors_pem = read_file(anchors_file, &size);
    if (chain_pem == NULL || anchors_pem == NULL) {
        printf("FAIL cannot read %s or %s\n", chain_file, anchors_file);
        free(chain_pem);
        free(anchors_pem);
        return;
    }
    br_x509_trust_anchor *anchors = NULL;
    size_t anchor_count = 0;
    const char *cursor = anchors_pem;
    unsigned char *der;
    size_t der_size;
    while ((der = next_der(&cursor, &der_size)) != NULL) {
        anchors = realloc(anchors, (anchor_count + 1) * sizeof *anchors);
        anchor_count += make_anchor(der, der_size, &anchors[anchor_count]);
        free(der);
    }
    br_x509_minimal_context engine;
    br_x509_minimal_init_full(&engine, anchors, anchor_count);
    /* Days since 1 January 0 AD: 1 January 1970 is day 719528. */
    int64_t days = (int64_t)(now / 86400), seconds = (int64_t)(now % 86400);
    if (seconds < 0) {
        seconds += 86400;
        days -= 1;
    }
    br_x509_minimal_set_time(&engine, (uint32_t)(days + 719528), (uint32_t)seconds);
    const br_x509_class **vtable = &engine.vtable;
    (*vtable)->start_chain(vtable, identity);
    cursor = chain_pem;
    while ((der = next_der(&cursor, &der_size)) != NULL) {
        (*vtable)->start_cert(vtable, (uint32_t)der_size);
        (*vtable)->append(vtable, der, der_size);
        (*vtable)->end_cert(vtable);
        free(der);
    }
    unsigned code = (*vtable)->end_chain(vtable);
    if (code == 0) {
        printf("OK\n");
    } else {
        printf("FAIL %s (%u)\n", error_name((int)code), code);
    }
    for (size_t i = 0; i < anchor_count; i++) free_anchor(&anchors[i]);
    free(anchors);
    free(chain_pem);
    free(anchors_pem);
}

int main(int argc, char **argv) { return run_manifest(argc, argv, &now, verify); }
