// libFuzzer's entry for programs that have a main of their own (SwiftPM's executables do): the fuzz targets call it
// from main when built with -sanitize=fuzzer -DFUZZING. Declared here so that Swift calls it with the C convention.
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
