/* names.h: actors and countries as ACLED names them, from data/actor-names.tsv and
 * data/countries.tsv (built into tally): one table shared by the exports, `tally
 * incidents` and the page, so that a researcher can group incidents by actor. */
#ifndef TALLY_NAMES_H
#define TALLY_NAMES_H

#include <stddef.h>

/* A country as ACLED names it. */
typedef struct {
    const char *alpha3; /* ISO 3166-1 alpha-3: "AFG" */
    const char *name;   /* ACLED's country name: "Afghanistan" */
    const char *region; /* ACLED's region: "South Asia" */
    int numeric;        /* ISO 3166-1 numeric: 4 (0 for Kosovo, as ACLED) */
} tally_country;

/** The country of ISO alpha-3 code alpha3 (any case; only its first three bytes are
 * read), or NULL when alpha3 is NULL or no country. The result lives as long as the
 * program. Thread-safe. */
const tally_country *tally_names_country(const char *alpha3);

/** ACLED's name for an actor that tally coded as CAMEO code (USAMIL, AFGREB,
 * ---CVL; may be NULL) from words (the raw mention, may be NULL), in an incident in
 * country (ISO alpha-3, may be NULL): the table row whose code is the longest prefix
 * of code (a row with words only when words hold one of them; a "---ROLE" row for
 * a role in any country, the code's own country or else the incident's filling its
 * name). Writes the name into buf (cap bytes) and returns buf, and *inter (may be
 * NULL) to ACLED's inter code 1-8 (state forces outside their country are 8).
 * Returns NULL and *inter = 0 when the table names no such actor. Thread-safe. */
const char *tally_names_actor(const char *code, const char *words, const char *country, char *buf, size_t cap,
                              int *inter);

#endif
