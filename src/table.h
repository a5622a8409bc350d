/* table.h: the incident table of `tally incidents`: the rows of the CSV export laid
 * out in aligned columns that fit a terminal's width. Pure: text in, text out. */
#ifndef TALLY_TABLE_H
#define TALLY_TABLE_H

#include "tally.h"

#include <stddef.h>

/** Lay out csv, what tally_store_query writes for TALLY_FORMAT_CSV (a header row
 * naming the columns, then one row per incident), as the incident table: ID, DATE
 * (a span within a month or year as "2007-08-13/14", "2007-08-31/09-01"), TYPE,
 * PLACE, KILLED, INJURED, DETAIN ("min-max", "*" when contested), SRC, RPT and
 * ACTORS, each column as wide as its widest cell (in display columns), then a line
 * of totals. width > 0: when the lines would be wider, the ACTORS, PLACE and TYPE
 * columns are cut (a cut cell ends in "~") down to a floor, widest first, and the
 * totals line is wrapped; width 0: no limit. Appends to b. Columns the CSV lacks are
 * empty. Total: any bytes in, never fails. */
void tally_table_incidents(tally_buf *b, const char *csv, size_t len, int width);

#endif
