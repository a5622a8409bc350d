/* finish.h: an incident built from sentences, finished into its output record: how
 * its figures combine into ranges (finish.c). */
#ifndef TALLY_FINISH_H
#define TALLY_FINISH_H

#include "incidents_int.h"

/** Fills out (arena-owned arrays) from incident b: event, date, place, actors, one
 * claim per sentence with figures, and the counts: per source its figures add up,
 * across sources they give a range. An incident with no event word gets the one its
 * figures say. */
void tally_finish_incident(coder *c, building *b, tally_incident *out);

/** Does incident b have figures of kind w (WHAT_*) from the release that first told
 * it (not only a later release's restatement)? */
int tally_finish_has_own(const coder *c, const building *b, int w);

#endif
