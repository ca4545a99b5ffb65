/*
 * What the C verifier programs (mbedtls/, bearssl/, wolfssl/) share: reading a file whole, and taking the DER of
 * each CERTIFICATE block out of PEM text, so that each stack is handed the same bytes. Included by each verify.c
 * (`#include "../common/pem.h"`); everything here is static, so each program has its own copy.
 */
#ifndef CHAINDOCTOR_CLIENT_STACKS_PEM_H
#define CHAINDOCTOR_CLIENT_STACKS_PEM_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *read_file(const char *path, size_t *size) {
    FILE *file = fopen(path, "rb");
    if (file == NULL) return NULL;
    size_t capacity = 4096, length = 0;
    char *buffer = malloc(capacity + 1);
    size_t got;
    while ((got = fread(buffer + length, 1, capacity - length, file)) > 0) {
        length += got;
        if (length == capacity) buffer = realloc(buffer, (capacity *= 2) + 1);
    }
    fclose(file);
    buffer[length] = 0;
    *size = length;
    return buffer;
}

static int base64_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

/* The DER of the next CERTIFICATE block at or after *cursor, or NULL when there is none. */
static unsigned char *next_der(const char **cursor, size_t *size) {
    const char *begin = strstr(*cursor, "-----BEGIN CERTIFICATE-----");
    if (begin == NULL) return NULL;
    begin += strlen("-----BEGIN CERTIFICATE-----");
    const char *end = strstr(begin, "-----END CERTIFICATE-----");
    if (end == NULL) return NULL;
    unsigned char *der = malloc((size_t)(end - begin));
    size_t length = 0;
    unsigned bits = 0, count = 0;
    for (const char *p = begin; p < end; p++) {
        int value = base64_value(*p);
        if (value < 0) continue;
        bits = (bits << 6) | (unsigned)value;
        if (++count == 4) {
            der[length++] = (unsigned char)(bits >> 16);
            der[length++] = (unsigned char)(bits >> 8);
            der[length++] = (unsigned char)bits;
            bits = count = 0;
        }
    }
    if (count == 3) {
        der[length++] = (unsigned char)(bits >> 10);
        der[length++] = (unsigned char)(bits >> 2);
    } else if (count == 2) {
        der[length++] = (unsigned char)(bits >> 4);
    }
    *cursor = end + strlen("-----END CERTIFICATE-----");
    *size = length;
    return der;
}

#endif
