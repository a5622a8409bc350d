/* fuzz_gazetteer.c: libFuzzer target for the gazetteer loader: any bytes as a
 * gazetteer file, then look-ups and a geoparse on a fixed sentence. Must never
 * crash: a damaged file is an error, a damaged entry is skipped. */
#include "gazetteer.h"
#include "places.h"
#include "tally.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int fuzz_gazetteer(const uint8_t *data, size_t size) {
    /* the loader wants the 8-byte alignment mmap gives */
    uint64_t *buf = malloc(size / 8 * 8 + 8);
    memcpy(buf, data, size);
    tally_gazetteer *g = NULL;
    char err[256];
    if (tally_gazetteer_open_mem(buf, size, &g, err, sizeof err) == TALLY_OK) {
        static const char s[] = "Gunmen attacked a checkpoint in Amarah, Maysan province, near Baghdad, "
                                "Iraq, and Iranian officials in Kabul said.";
        tally_arena *a = tally_arena_new();
        tally_text *t = tally_text_new(a, s, sizeof s - 1);
        tally_tokens tk;
        tally_tokens_split(a, t, &tk);
        tally_place *p;
        size_t n = tally_places_find(a, g, &tk, &p);
        tally_buf b = {0};
        tally_places_json(&b, "fuzz", &tk, p, n);
        size_t first;
        (void)tally_gazetteer_find(g, "baghdad", &first);
        (void)tally_gazetteer_has_prefix(g, "new");
        tally_buf_free(&b);
        tally_arena_free(a);
        tally_gazetteer_close(g);
    }
    free(buf);
    return 0;
}

#ifdef TALLY_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_gazetteer(data, size); }
#endif
