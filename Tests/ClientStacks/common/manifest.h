/*
 * The manifest loop the C verifier programs (mbedtls/, bearssl/, wolfssl/) share: each line of MANIFEST is one case,
 * four fields separated by tabs (chain.pem, anchors.pem, identity, unix-seconds). For each, *now is set to the case's
 * instant and verify is called, which prints one line; the output is flushed after every case. Included by each
 * verify.c (`#include "../common/manifest.h"`); static, so each program has its own copy.
 */
#ifndef CHAINDOCTOR_CLIENT_STACKS_MANIFEST_H
#define CHAINDOCTOR_CLIENT_STACKS_MANIFEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Returns main's exit status: 0 when every case was judged, 2 on bad usage or a bad manifest line. */
static int run_manifest(int argc, char **argv, time_t *now,
                        void (*verify)(const char *chain_file, const char *anchors_file, const char *identity)) {
    if (argc != 2) {
        fprintf(stderr, "usage: verify MANIFEST\n");
        return 2;
    }
    FILE *manifest = fopen(argv[1], "r");
    if (manifest == NULL) {
        perror(argv[1]);
        return 2;
    }
    char line[8192];
    while (fgets(line, sizeof line, manifest) != NULL) {
        line[strcspn(line, "\n")] = 0;
        if (line[0] == 0) continue;
        char *fields[4];
        char *rest = line;
        int count = 0;
        for (; count < 4 && rest != NULL; count++) fields[count] = strsep(&rest, "\t");
        if (count != 4 || rest != NULL) {
            fprintf(stderr, "bad manifest line: %s\n", line);
            fclose(manifest);
            return 2;
        }
        *now = (time_t)strtoll(fields[3], NULL, 10);
        verify(fields[0], fields[1], fields[2]);
        fflush(stdout);
    }
    fclose(manifest);
    return 0;
}

#endif
