/*
 * verify judges TLS server certificate chains the way a wolfSSL MQTT client (wolfMQTT with TLS, anything on
 * wolfSSL_connect with WOLFSSL_VERIFY_PEER and wolfSSL_check_domain_name) does, through wolfSSL's certificate
 * manager: wolfSSL_CertManagerLoadCABuffer and wolfSSL_CertManagerVerifyBuffer.
 *
 * Usage: verify MANIFEST
 *
 * Each line of MANIFEST is one case, four fields separated by tabs:
 *
 *     chain.pem	anchors.pem	identity	unix-seconds
 *
 * (the presented chain, leaf first, in the order sent; the certificates the client trusts; the DNS name or IP
 * address it dials; the instant to judge at). For every case it prints one line: "OK", or "FAIL " and
 * wolfSSL_ERR_reason_error_string's text for the error and the code, e.g. "FAIL ASN no signer error to confirm
 * failure (-188)". The exit status is 0 when every case was judged.
 *
 * What it mirrors, from ProcessPeerCerts (internal.c) of a TLS client: the anchors are loaded into a fresh
 * certificate manager (each PEM certificate on its own, as a CA file is read; one that does not load is left
 * out). The presented certificates are verified from the top of the chain down, the last sent first: a
 * verified intermediate that is a CA is added to the manager, so the next one down can chain to it. Debian's
 * build defines WOLFSSL_ALT_CERT_CHAINS, with which a client lets an intermediate fail for want of a signer
 * (ASN_NO_SIGNER_E, ASN_SELF_SIGNED_E) and judges only whether the leaf reaches a trusted CA; any other error
 * of an intermediate fails the handshake. The leaf must verify; then, when it lists extended key usages, one
 * must be serverAuth (EXTKEYUSE_AUTH_E), and its name must match the identity: wolfSSL_X509_check_host for a
 * name (the DNS SANs, or the CN when there is no SAN, as CheckHostName does) and wolfSSL_X509_check_ip_asc
 * for an IP address; a mismatch is DOMAIN_NAME_MISMATCH, the error wolfSSL_check_domain_name gives.
 *
 * Time: wolfSSL checks validity against wc_Time, which Debian's build lets a program replace with wc_SetTimeCb
 * (wolfSSL_X509_VERIFY_PARAM_set_time and wolfSSL_X509_STORE_CTX_set_time reach only the OpenSSL-compatible
 * X509_verify_cert, not the certificate manager a TLS client uses); this program's callback returns the case's
 * instant.
 */
#include <wolfssl/options.h>
#include <wolfssl/ssl.h>
#include <wolfssl/error-ssl.h>
#include <wolfssl/wolfcrypt/asn_public.h>
#include <wolfssl/wolfcrypt/error-crypt.h>
#include <wolfssl/openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../common/manifest.h"
#include "../common/pem.h"

static time_t now;

/* The clock wolfSSL reads (see the comment at the top). */
static time_t case_time(time_t *out) {
    if (out != NULL) *out = now;
    return now;
}

static void fail(int code) {
    printf("FAIL %s (%d)\n", wolfSSL_ERR_reason_error_string((unsigned long)code), code);
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
    WOLFSSL_CERT_MANAGER *manager = wolfSSL_CertManagerNew();
    const char *cursor = anchors_pem;
    unsigned char *der;
    size_t der_size;
    while ((der = next_der(&cursor, &der_size)) != NULL) {
        wolfSSL_CertManagerLoadCABuffer(manager, der, (long)der_size, WOLFSSL_FILETYPE_ASN1);
        free(der);
    }
    unsigned char *chain[64];
    size_t sizes[64];
    int count = 0;
    cursor = chain_pem;
    while (count < 64 && (der = next_der(&cursor, &der_size)) != NULL) {
        chain[count] = der;
        sizes[count++] = der_size;
    }
    int code = 0;
    if (count == 0) {
        printf("FAIL the server presented no certificate\n");
    } else {
        for (int i = count - 1; i >= 1 && code == 0; i--) {
            code = wolfSSL_CertManagerVerifyBuffer(manager, chain[i], (long)sizes[i], WOLFSSL_FILETYPE_ASN1);
            if (code == WOLFSSL_SUCCESS) {
                code = 0;
                WOLFSSL_X509 *intermediate = wolfSSL_X509_d2i(NULL, chain[i], (int)sizes[i]);
                if (intermediate != NULL && wolfSSL_X509_get_isCA(intermediate)) {
                    wolfSSL_CertManagerLoadCABuffer(manager, chain[i], (long)sizes[i], WOLFSSL_FILETYPE_ASN1);
                }
                wolfSSL_X509_free(intermediate);
            } else if (code == ASN_NO_SIGNER_E || code == ASN_SELF_SIGNED_E) {
                code = 0; /* WOLFSSL_ALT_CERT_CHAINS */
            }
        }
        if (code == 0) {
            code = wolfSSL_CertManagerVerifyBuffer(manager, chain[0], (long)sizes[0], WOLFSSL_FILETYPE_ASN1);
            if (code == WOLFSSL_SUCCESS) code = 0;
        }
        if (code == 0) {
            WOLFSSL_X509 *leaf = wolfSSL_X509_d2i(NULL, chain[0], (int)sizes[0]);
            unsigned int usages = leaf == NULL ? 0 : wolfSSL_X509_get_extended_key_usage(leaf);
            int isIP = strchr(identity, ':') != NULL || (identity[0] >= '0' && identity[0] <= '9');
            if (leaf == NULL) {
                code = ASN_PARSE_E;
            } else if (usages != 0 && (usages & (XKU_SSL_SERVER | XKU_ANYEKU)) == 0) {
                code = EXTKEYUSE_AUTH_E;
            } else if (isIP ? wolfSSL_X509_check_ip_asc(leaf, identity, 0) != WOLFSSL_SUCCESS
                            : wolfSSL_X509_check_host(leaf, identity, strlen(identity), 0, NULL) != WOLFSSL_SUCCESS) {
                code = DOMAIN_NAME_MISMATCH;
            }
            wolfSSL_X509_free(leaf);
        }
        if (code == 0) {
            printf("OK\n");
        } else {
            fail(code);
        }
    }
    for (int i = 0; i < count; i++) free(chain[i]);
    wolfSSL_CertManagerFree(manager);
    free(chain_pem);
    free(anchors_pem);
}

int main(int argc, char **argv) {
    wolfSSL_Init();
    wc_SetTimeCb(case_time);
    return run_manifest(argc, argv, &now, verify);
}
