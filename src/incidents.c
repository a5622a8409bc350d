/* incidents.c: violent incidents, their counts, actors and claims. */
#include "incidents.h"

void tally_incidents_code(tally_arena *a, const tally_coder *c, tally_article *art) {
    (void)a;
    (void)c;
    art->incidents = NULL;
    art->nincidents = 0;
}
