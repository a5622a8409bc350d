/* fuzz_parsers.c: libFuzzer target for the number and date parsers: every
 * sentence of the input, against a fixed article date and against none. */
#include "tally.h"

#include <stdint.h>
#include <string.h>

int fuzz_parsers(const uint8_t *data, size_t size) {
    tally_arena *a = tally_arena_new();
    tally_text *t = tally_text_new(a, (const char *)data, size);
    tally_tokens tk;
    tally_tokens_split(a, t, &tk);
    tally_ymd anchor = {2010, 2, 15}, none = {0, 0, 0};
    for (size_t s = 0; s < tk.nsents; s++) {
        tally_number *n;
        size_t k = tally_numbers_find(a, &tk, s, &n);
        for (size_t i = 0; i < k; i++)
            if (n[i].tok_start > n[i].tok_end || n[i].tok_end > tk.sents[s].tok_end)
                __builtin_trap();
        tally_date_expr *e;
        k = tally_dates_find(a, &tk, s, anchor, &e);
        for (size_t i = 0; i < k; i++) {
            char buf[11];
            tally_ymd_format(e[i].start, buf);
            if (e[i].tok_end > tk.sents[s].tok_end)
                __builtin_trap();
        }
        tally_dates_find(a, &tk, s, none, &e);
    }
    tally_ymd d;
    tally_dates_dateline(&tk, &d);
    tally_dates_parse((const char *)data, size, &d);
    tally_arena_free(a);
    return 0;
}

#ifdef TALLY_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_parsers(data, size); }
#endif
