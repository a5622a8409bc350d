/* claims.h: who says so and who did it: the speakers of a sentence's claims and the
 * actors of an incident (claims.c). */
#ifndef TALLY_CLAIMS_H
#define TALLY_CLAIMS_H

#include "incidents_int.h"

/** Sets si->by and si->via (who says so, through which outlet; arena strings),
 * si->hedged, si->period and si->anchor for sentence s, whose matches are scanned.
 * A pronoun speaker ("he said") is the speaker of the sentences just before. */
void tally_claims_speaker(coder *c, size_t s, sentence_info *si);

/** The speaker by as told before in out's claims: "the official" after "a hospital
 * official" is that speaker's words. Returns by or an earlier claim's by. */
const char *tally_claims_same_speaker(const tally_incident *out, const char *by);

/** Adds to b the actors of sentence s around the event word at trig_tok: who did it
 * (the subject, a passive's "by", a state's demonym) and its targets and victims. */
void tally_claims_actors(coder *c, building *b, size_t s, size_t trig_tok);

/** Gives a raid or arrest of art that has no perpetrator and is told in a military's
 * own words the military the article names as doing the others. */
void tally_claims_military(coder *c, tally_article *art);

#endif
