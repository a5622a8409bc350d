/* petrarch.h: PETRARCH2's (and TABARI's) dictionary formats read into tally's
 * dictionary entries, so that `tally code --dict DIR` codes events with the verbs,
 * actors, agents and discards a user already maintains. No I/O: the caller reads. */
#ifndef TALLY_PETRARCH_H
#define TALLY_PETRARCH_H

#include "dict.h"

enum {
    TALLY_PETRARCH_NONE = 0,
    TALLY_PETRARCH_VERBS,   /* synsets, "--- VERB [code] ---" blocks, "- pre * post [code]" */
    TALLY_PETRARCH_ACTORS,  /* PHRASE [CODE], +synonyms, dated codes [CODE 20060520-20140908] */
    TALLY_PETRARCH_AGENTS,  /* PHRASE {plural} [~CODE], !SUBST! = A, B */
    TALLY_PETRARCH_DISCARDS /* PHRASE (sentence), +PHRASE (story) */
};

/** Which dictionary a file is, from its name (verbs, CAMEO, actors, agents,
 * discards) or else its text; TALLY_PETRARCH_NONE when neither tells. */
int tally_petrarch_kind(const char *name, const char *buf, size_t len);

/** Read one PETRARCH dictionary file's text as tally entries: verbs become [verb]
 * entries (one per verb form, with cameo=, pair= for paired codes such as
 * [032:033], and patterns= holding the block's patterns "pre|post|code|pair;..."
 * with synsets expanded), actors [actor] (code=, and dated="CODE:FROM:TO;..." with
 * yyyymmdd dates, 0 for open), agents [agent] (code=---GOV for [~GOV], NGO--- for
 * [NGO~]), discards [discard] (story=1 for '+' lines). Each entry goes to each();
 * strings live in the arena. Problems go to err with the file and line, and the
 * rest is still read. Returns the number of problems. */
size_t tally_petrarch_parse(tally_arena *a, int kind, const char *file, const char *buf,
                            size_t len, tally_dict_entry_fn each, tally_dict_error_fn err,
                            void *ctx);

#endif
