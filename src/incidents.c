/* incidents.c: violent incidents, their counts, actors and claims. */
#include "incidents.h"

void tally_incidents_code(tally_arena *a, tally_article *art) {
    (void)a;
    art->incidents = NULL;
    art->nincidents = 0;
}
