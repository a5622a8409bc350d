/* events.h: the event coder's entry point (who did what to whom, CAMEO and PLOVER),
 * called by the pipeline (code.c), and the CAMEO code table it uses. */
#ifndef TALLY_EVENTS_H
#define TALLY_EVENTS_H

#include "tally.h"

/** Code the events of a tokenized, dated article into art->events (arena-owned):
 * one per (source, target, verb) found with the [verb], [actor], [agent] and
 * [discard] dictionary entries (data/ ones, or with c->user_dicts only those
 * added at run time). c may be NULL. Total: never fails. */
void tally_events_code(tally_arena *a, const tally_coder *c, tally_article *art);

/** What a CAMEO event code means: Goldstein score, quad class (1 verbal and
 * 2 material cooperation, 3 verbal and 4 material conflict), PLOVER event type and
 * mode (NULL when CAMEO has no PLOVER counterpart, as for plain statements).
 * Returns 0 when code is not a CAMEO code (then nothing is set). */
int tally_events_cameo(const char *code, double *goldstein, int *quad, const char **plover,
                       const char **mode);

#endif
