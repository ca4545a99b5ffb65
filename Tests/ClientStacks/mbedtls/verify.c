/*
 * verify judges TLS server certificate chains the way an mbedTLS 2.28 MQTT client (ESP-IDF's esp-mqtt through
 * esp-tls, anything on mbedtls_ssl with MBEDTLS_SSL_VERIFY_REQUIRED) does: mbedtls_x509_crt_verify_with_profile.
 *
 * Usage: verify MANIFEST
 *
 * Each line of MANIFEST is one case, four fields separated by tabs:
 *
 *     chain.pem	anchors.pem	identity	unix-seconds
 *
 * (the presented chain, leaf first, in the order sent; the certificates the client trusts; the DNS name or IP
 * address it dials; the instant to judge at). For every case it prints one line: "OK", or "FAIL " and what
 * mbedtls_x509_crt_verify_info gives for the flags (its lines joined with "; ") and the flags in hex, the words
 * ESP-IDF logs; a certificate the library cannot parse gives mbedtls_strerror's text and the code instead. The
 * exit status is 0 when every case was judged.
 *
 * What it mirrors, from ssl_parse_certificate (ssl_tls.c) and esp-tls: every presented certificate is parsed
 * with mbedtls_x509_crt_parse_der into the peer chain, in the order sent (a parse failure fails the handshake);
 * the anchors are read with mbedtls_x509_crt_parse from PEM, as esp-tls reads its CA buffer (a partly parsed
 * buffer is kept); the chain is verified with mbedtls_x509_crt_profile_default, no CRL, and the identity as the
 * expected CN (mbedtls_ssl_set_hostname): mbedTLS compares it with the DNS SANs, or with the CN when there is no
 * SAN, and in 2.28 never with an IP SAN. The leaf's extended key usage is checked for serverAuth as
 * mbedtls_ssl_check_cert_usage does (a failure adds MBEDTLS_X509_BADCERT_EXT_KEY_USAGE to the flags), and its key
 * usage for digitalSignature, what the ECDHE key exchanges need (MBEDTLS_X509_BADCERT_KEY_USAGE).
 *
 * Time: Debian's build defines MBEDTLS_HAVE_TIME_DATE but not MBEDTLS_PLATFORM_TIME_ALT, so there is no call to
 * set the verification time: mbedTLS reads the system clock with time(3). This program defines time() itself,
 * returning the case's instant; the library's call resolves to it (ELF symbol interposition: the executable's
 * definition comes first), which is what an embedded device's clock set by SNTP amounts to.
 */
#include <mbedtls/error.h>
#include <mbedtls/oid.h>
#include <mbedtls/x509_crt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../common/manifest.h"
#include "../common/pem.h"

static time_t now;

/* The clock mbedTLS reads (see the comment at the top). */
time_t time(time_t *out) {
    if (out != NULL) *out = now;
    return now;
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
    mbedtls_x509_crt chain, anchors;
    mbedtls_x509_crt_init(&chain);
    mbedtls_x509_crt_init(&anchors);
    char text[1024];
    int ret = 0, count = 0;
    const char *cursor = chain_pem;
    unsigned char *der;
    size_t der_size;
    while (ret == 0 && (der = next_der(&cursor, &der_size)) != NULL) {
        ret = mbedtls_x509_crt_parse_der(&chain, der, der_size);
        free(der);
        count++;
    }
    if (ret != 0) {
        mbedtls_strerror(ret, text, sizeof text);
        printf("FAIL %s (-0x%04X)\n", text, (unsigned)-ret);
    } else if (count == 0) {
        printf("FAIL the server presented no certificate\n");
    } else {
        /* esp-tls: mbedtls_x509_crt_parse on the PEM buffer (which must end with its NUL). */
        mbedtls_x509_crt_parse(&anchors, (const unsigned char *)anchors_pem, strlen(anchors_pem) + 1);
        uint32_t flags = 0;
        ret = mbedtls_x509_crt_verify_with_profile(
            &chain, &anchors, NULL, &mbedtls_x509_crt_profile_default, identity, &flags, NULL, NULL);
        /* ssl_check_cert_usage, client side: the leaf must allow serverAuth when it lists extended key usages. */
        if (mbedtls_x509_crt_check_extended_key_usage(
                &chain, MBEDTLS_OID_SERVER_AUTH, MBEDTLS_OID_SIZE(MBEDTLS_OID_SERVER_AUTH)) != 0) {
            flags |= MBEDTLS_X509_BADCERT_EXT_KEY_USAGE;
        }
        /* And, for the ECDHE key exchanges a TLS 1.2 client negotiates, digitalSignature when it has key usage. */
        if (mbedtls_x509_crt_check_key_usage(&chain, MBEDTLS_X509_KU_DIGITAL_SIGNATURE) != 0) {
            flags |= MBEDTLS_X509_BADCERT_KEY_USAGE;
        }
        if (flags == 0 && ret == 0) {
            printf("OK\n");
        } else if (flags == 0 || ret == MBEDTLS_ERR_X509_FATAL_ERROR) {
            /* A fatal error (more than MBEDTLS_X509_MAX_INTERMEDIATE_CA, 8, intermediates) sets every flag. */
            mbedtls_strerror(ret, text, sizeof text);
            printf("FAIL %s (-0x%04X, flags 0x%08X)\n", text, (unsigned)-ret, (unsigned)flags);
        } else {
            int length = mbedtls_x509_crt_verify_info(text, sizeof text, "", flags);
            while (length > 0 && text[length - 1] == '\n') text[--length] = 0;
            printf("FAIL ");
            for (char *p = text; *p; p++) {
                if (*p == '\n') printf("; ");
                else putchar(*p);
            }
            printf(" (flags 0x%08X)\n", (unsigned)flags);
        }
    }
    mbedtls_x509_crt_free(&chain);
    mbedtls_x509_crt_free(&anchors);
    free(chain_pem);
    free(anchors_pem);
}

int main(int argc, char **argv) { return run_manifest(argc, argv, &now, verify); }
