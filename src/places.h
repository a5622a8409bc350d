/* places.h: the geoparser's internals shared with main.c and the tests. */
#ifndef TALLY_PLACES_H
#define TALLY_PLACES_H

#include "tally.h"

/** Append {"doc":{"id":...},"places":[...]} and '\n' for `tally places`: each mention
 * with code-point offsets into the article text (start, end), its words, the
 * resolved name, geonameid, lat, lon, admin1, country (alpha-3), feature, kind
 * and precision. */
void tally_places_json(tally_buf *b, const char *id, const tally_tokens *tk, const tally_place *p,
                       size_t n);
/** The name of a TALLY_PLACE_* kind ("city", "admin1" ...). */
const char *tally_places_kind_name(int kind);

#endif
