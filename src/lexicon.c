/* lexicon.c: one open-addressing table from folded words to class bits, filled
 * by the modules before main and read once per token. */
#include "lexicon.h"
#include "tally.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LEX_SLOTS 8192 /* a power of two, well above the words registered */
#define LEX_WORD 24    /* longest word stored */

typedef struct {
    uint32_t h;           /* tally_hash of the word; 0 with len 0 means empty */
    uint8_t len;          /* bytes of word */
    uint16_t bits;        /* LEX_* */
    char word[LEX_WORD];  /* the folded word */
} slot;

static slot table[LEX_SLOTS];
static size_t used;

void tally_lexicon_add(const char *word, uint16_t bits) {
    size_t len = strlen(word);
    if (len == 0 || len >= LEX_WORD)
        return;
    uint32_t h = tally_hash(word, len);
    for (size_t i = h & (LEX_SLOTS - 1);; i = (i + 1) & (LEX_SLOTS - 1)) {
        slot *s = &table[i];
        if (s->len == 0) {
            if (used * 2 >= LEX_SLOTS) {
                fprintf(stderr, "tally: lexicon full\n");
                abort();
            }
            s->h = h;
            s->len = (uint8_t)len;
            memcpy(s->word, word, len);
            s->bits = bits;
            used++;
            return;
        }
        if (s->h == h && s->len == len && memcmp(s->word, word, len) == 0) {
            s->bits |= bits;
            return;
        }
    }
}

uint16_t tally_lexicon_get(uint32_t h, const char *p, size_t len) {
    if (len == 0 || len >= LEX_WORD)
        return 0;
    for (size_t i = h & (LEX_SLOTS - 1);; i = (i + 1) & (LEX_SLOTS - 1)) {
        const slot *s = &table[i];
        if (s->len == 0)
            return 0;
        if (s->h == h && s->len == len && memcmp(s->word, p, len) == 0)
            return s->bits;
    }
}
