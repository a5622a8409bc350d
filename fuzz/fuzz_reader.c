/* fuzz_reader.c: libFuzzer target for the readers: JSON Lines records, the
 * plain-text header, the Windows-1252 decoder, and the whole pipeline on what they
 * return. */
#include "tally.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The small test gazetteer when it is at hand (run from the repository root), so
 * that places and the incident code that uses them are fuzzed too; opened once. */
static const tally_coder *fuzz_coder(void) {
    static tally_coder c;
    static int done;
    if (!done) {
        char err[256];
        tally_gazetteer *g = NULL;
        if (tally_gazetteer_open("fuzz/corpus/gazetteer/mini.bin", &g, err, sizeof err) == TALLY_OK)
            c.gazetteer = g;
        done = 1;
    }
    return &c;
}

int fuzz_reader(const uint8_t *data, size_t size) {
    tally_arena *a = tally_arena_new();
    tally_doc doc;
    char err[128];
    tally_article art;
    tally_buf out = {0};
    if (tally_input_jsonl(a, (const char *)data, size, &doc, err, sizeof err) == TALLY_OK) {
        tally_code_article(a, fuzz_coder(), &doc, &art);
        tally_json_article(&out, &art);
    }
    tally_input_text(a, "fuzz.txt", (const char *)data, size, &doc);
    tally_code_article(a, fuzz_coder(), &doc, &art);
    tally_json_article(&out, &art);
    (void)tally_input_is_binary((const char *)data, size);
    size_t nul = tally_input_nul_line((const char *)data, size);
    if (nul > size + 1)
        __builtin_trap();
    if (tally_input_is_cp1252((const char *)data, size)) { /* decoded, it must read as UTF-8 */
        size_t n;
        char *u = tally_input_from_cp1252((const char *)data, size, &n);
        if (n < size || tally_input_is_cp1252(u, n))
            __builtin_trap();
        tally_input_text(a, "fuzz.txt", u, n, &doc);
        free(u);
    }
    tally_buf_free(&out);
    tally_arena_free(a);
    return 0;
}

#ifdef TALLY_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_reader(data, size); }
#endif
