/* incidents.h: the incident coder's entry point, called by the pipeline (code.c). */
#ifndef TALLY_INCIDENTS_H
#define TALLY_INCIDENTS_H

#include "tally.h"

/** Find the incidents and tallies of a tokenized, dated article and store them in
 * art->incidents (arena-owned). */
void tally_incidents_code(tally_arena *a, const tally_coder *c, tally_article *art);

#endif
