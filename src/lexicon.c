/* lexicon.c: one open-addressing table from folded words to class bits, filled
 * by the modules before main (and by dictionaries loaded at run time), read once
 * per token. It grows as words are added. */
#include "lexicon.h"
#include "tally.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define LEX_WORD 48 /* longest word stored; longer ones carry no bits */

typedef struct {
    uint32_t h;          /* tally_hash of the word */
    uint8_t len;         /* bytes of word; 0 means empty */
    uint16_t bits;       /* LEX_* */
    char word[LEX_WORD]; /* the folded word */
} slot;

static slot *table;   /* nslots entries, a power of two */
static size_t nslots; /* 0 until the first word */
static size_t used;

static slot *find(slot *t, size_t n, uint32_t h, const char *p, size_t len) {
    for (size_t i = h & (n - 1);; i = (i + 1) & (n - 1)) {
        slot *s = &t[i];
        if (s->len == 0 || (s->h == h && s->len == len && memcmp(s->word, p, len) == 0))
            return s;
    }
}

/* Double the table (or make the first one) and put every word back. */
static void grow(void) {
    size_t n = nslots ? nslots * 2 : 8192;
    slot *t = xmalloc(n * sizeof *t);
    memset(t, 0, n * sizeof *t);
    for (size_t i = 0; i < nslots; i++)
        if (table[i].len)
            *find(t, n, table[i].h, table[i].word, table[i].len) = table[i];
    free(table);
    table = t;
    nslots = n;
}

void tally_lexicon_add(const char *word, uint16_t bits) {
    size_t len = strlen(word);
    if (len == 0 || len >= LEX_WORD)
        return;
    if ((used + 1) * 2 > nslots)
        grow();
    uint32_t h = tally_hash(word, len);
    slot *s = find(table, nslots, h, word, len);
    if (s->len == 0) {
        s->h = h;
        s->len = (uint8_t)len;
        memcpy(s->word, word, len);
        used++;
    }
    s->bits |= bits;
}

uint16_t tally_lexicon_get(uint32_t h, const char *p, size_t len) {
    if (len == 0 || len >= LEX_WORD || !nslots)
        return 0;
    return find(table, nslots, h, p, len)->bits;
}
