/* lexicon.h: the word classes every token is looked up in once, so that later
 * stages only look closely at tokens that can start what they search for. */
#ifndef TALLY_LEXICON_H
#define TALLY_LEXICON_H

#include <stddef.h>
#include <stdint.h>

enum {
    LEX_NUMWORD = 1 << 0,  /* one, twenty, dozen, hundred, first ... */
    LEX_QUAL = 1 << 1,     /* starts a count qualifier: at (least), more (than), up (to) */
    LEX_VAGUE = 1 << 2,    /* starts a vague count: several, dozens, a (few) */
    LEX_MONTH = 1 << 3,    /* january, jan, sept */
    LEX_WEEKDAY = 1 << 4,  /* monday ... sunday */
    LEX_DATEWORD = 1 << 5, /* starts a date expression: yesterday, last, this, since, on, the */
    LEX_DICT = 1 << 6      /* starts a dictionary entry (dict.c) */
};

/** Add class bits to a folded word; used by the modules' start-up code. */
void tally_lexicon_add(const char *word, uint16_t bits);
/** The class bits of a folded word with hash h (0 when it has none). */
uint16_t tally_lexicon_get(uint32_t h, const char *p, size_t len);

#endif
