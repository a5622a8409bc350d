/* fuzz_petrarch.c: libFuzzer target for the PETRARCH dictionary reader: any bytes
 * read as each of the four dictionary kinds, every entry checked for sense. */
#include "petrarch.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void fuzz_petrarch_entry(void *ctx, const tally_dict_entry *e) {
    /* an entry has words, a phrase and its attributes */
    if (e->ntoks == 0 || e->ntoks > DICT_MAX_TOKS || !e->phrase || e->nattrs > DICT_MAX_ATTRS)
        abort();
    for (size_t i = 0; i < e->nattrs; i++)
        if (!e->keys[i] || !e->vals[i])
            abort();
    (*(size_t *)ctx)++;
}

static void fuzz_petrarch_error(void *ctx, const char *file, uint32_t line, const char *msg) {
    (void)ctx;
    (void)line;
    if (!file || !msg)
        abort();
}

int fuzz_petrarch(const uint8_t *data, size_t size) {
    tally_arena *a = tally_arena_new();
    size_t n = 0;
    for (int kind = TALLY_PETRARCH_NONE; kind <= TALLY_PETRARCH_DISCARDS; kind++)
        tally_petrarch_parse(a, kind, "fuzz.txt", (const char *)data, size, fuzz_petrarch_entry,
                             fuzz_petrarch_error, &n);
    (void)tally_petrarch_kind("fuzz.txt", (const char *)data, size);
    tally_arena_free(a);
    return 0;
}

#ifdef TALLY_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_petrarch(data, size); }
#endif
