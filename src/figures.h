/* figures.h: the casualty figures of a sentence and what they count (figures.c). */
#ifndef TALLY_FIGURES_H
#define TALLY_FIGURES_H

#include "incidents_int.h"
#include "recognize.h"

/** The figures of sentence s from its numbers and casualty words: people killed,
 * injured or detained ("five people were killed", "killing a man", "the insurgents
 * were all killed"). Sets *out to an arena array and returns its length; notes the
 * people counted in c->people_* for "them" later on. */
size_t tally_figures_find(coder *c, size_t s, sentence_info *si, figure **out);

/** Adds to the arena array *figs of *nf figures those the recognizer's acts give
 * (rc) for people no figure counts yet, each one person tied to c->ents. */
void tally_figures_recognized(coder *c, size_t s, const tally_recognized *rc, figure **figs, size_t *nf);

/** Drops from si->nums the numbers that give a person's age (rc's people). */
void tally_figures_drop_ages(sentence_info *si, const tally_recognized *rc);

#endif
