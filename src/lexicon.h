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
    LEX_DICT = 1 << 6,     /* starts a dictionary entry (dict.c) */
    /* places.c's word lists */
    LEX_P_STOP = 1 << 7,     /* capitalized words that are no place (In, The, Monday) */
    LEX_P_CUE = 1 << 8,      /* in, near, at, from ... */
    LEX_P_NEAR = 1 << 9,     /* near, outside, around */
    LEX_P_DIRS = 1 << 10,    /* north, southern ... */
    LEX_P_CONNECT = 1 << 11, /* of, al, ash, de inside names */
    LEX_P_PROVINCE = 1 << 12, /* province, governorate */
    LEX_P_DISTRICT = 1 << 13, /* district, county, qada */
    LEX_P_TOWN = 1 << 14,    /* village, town, city */
    LEX_ABBREV = 1 << 15     /* abbreviations whose dot ends no sentence: gen, lt, mr (tokens.c) */
};

/** Add class bits to a folded word; used by the modules' start-up code. */
void tally_lexicon_add(const char *word, uint16_t bits);
/** The class bits of a folded word with hash h (0 when it has none). */
uint16_t tally_lexicon_get(uint32_t h, const char *p, size_t len);

#endif
