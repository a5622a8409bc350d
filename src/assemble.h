/* assemble.h: sentences assembled into incidents: which event a sentence tells,
 * whether its figures are a tally, and the place and day each incident takes
 * (assemble.c). */
#ifndef TALLY_ASSEMBLE_H
#define TALLY_ASSEMBLE_H

#include "incidents_int.h"

/** Codes sentence s (read, with its figures figs of nf, an arena array the call may
 * reorder) into c->inc: a tally, more about the incident cur the last sentences
 * were about, or a new incident. Returns the incident now being read about (-1 none). */
int tally_assemble_sentence(coder *c, size_t s, figure *figs, size_t nf, int cur);

/** Merges the account of a later release pasted into the report into the incident an
 * earlier release told (sets its merged). */
void tally_assemble_merge_releases(coder *c);

/** A news story's incident told first with no day of its own joins the first later
 * incident of the same kind and place that has one (sets its merged). */
void tally_assemble_join_undated(coder *c);

/** The day the report names its incident by ("the March 9 shooting"): sets *out and
 * *what (the act's entry) and returns 1 when found. */
int tally_assemble_named_day(const coder *c, tally_date_expr *out, const tally_dict_entry **what);

/** Settles incident i for output: 0 when it is not one to code (no figure, place or
 * date; merged into another); else gives it the place and day it lacks (from the
 * sentences before, the dateline, the incident before, the named day named_d of
 * act named_e (named_d NULL: none), or a day told nearby) and returns 1. */
int tally_assemble_settle(coder *c, size_t i, const tally_date_expr *named_d, const tally_dict_entry *named_e);

#endif
