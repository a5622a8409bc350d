/* table.c: the incident table for a terminal, laid out from the rows of the CSV
 * export so that the columns line up and fit the terminal's width. */
#include "table.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* The table's columns. */
enum { T_ID, T_DATE, T_TYPE, T_PLACE, T_KILLED, T_INJURED, T_DETAINED, T_SRC, T_RPT, T_ACTORS, T_NCOLS };
static const char *const HEAD[T_NCOLS] = {"ID",     "DATE",   "TYPE", "PLACE", "KILLED",
                                          "INJURED", "DETAIN", "SRC",  "RPT",   "ACTORS"};
/* The narrowest a column gets: room for 4-digit ids and a whole date, else its head. */
static const int MIN_WIDTH[T_NCOLS] = {4, 10, 4, 5, 6, 7, 6, 3, 3, 6};
/* How far a column may be cut to fit a width; 0: never cut (ids, dates, figures). */
static const int CUT_FLOOR[T_NCOLS] = {0, 0, 6, 8, 0, 0, 0, 0, 0, 6};
/* The columns left out, in this order, when the others cut to their floor are still
 * too wide (80 columns hold them all; 60 drop the counts of sources and reports). */
static const int DROP[] = {T_RPT, T_SRC, T_DETAINED, T_ACTORS, T_INJURED, T_TYPE};

/* The CSV columns the table reads, found by their names in the header row. */
enum {
    F_ID, F_START, F_END, F_TYPE, F_SUB, F_PLACE, F_ADMIN1, F_COUNTRY, F_KMIN, F_KMAX, F_IMIN, F_IMAX,
    F_DMIN, F_DMAX, F_CONTESTED, F_NSRC, F_NRPT, F_ACTOR1, F_ACTOR2, F_N
};
static const char *const FIELD[F_N] = {
    "id",          "date_start",  "date_end",     "event_type",   "sub_event_type", "place",     "admin1",
    "country",     "killed_min",  "killed_max",   "injured_min",  "injured_max",    "detained_min",
    "detained_max", "contested",  "n_sources",    "n_reports",    "actor1",         "actor2"};

#define MAX_FIELDS 64

/* One CSV row: its fields unquoted, each NUL-terminated in val. */
typedef struct {
    tally_buf val;          /* the fields' bytes */
    size_t off[MAX_FIELDS]; /* where field i starts in val */
    size_t n;               /* fields (at most MAX_FIELDS are kept) */
} csv_row;

/* Read the row at *p (RFC 4180: a quoted field may hold commas, "" and line breaks)
 * into r and move *p past it. Returns 0 at the end of the text. */
static int csv_next(csv_row *r, const char **p, const char *end) {
    const char *s = *p;
    if (s >= end)
        return 0;
    r->val.len = 0;
    r->n = 0;
    for (;;) {
        size_t start = r->val.len;
        if (s < end && *s == '"') {
            for (s++; s < end; s++) {
                if (*s == '"' && (s + 1 >= end || s[1] != '"'))
                    break;
                s += *s == '"'; /* "" is one quote */
                tally_buf_put(&r->val, s, 1);
            }
            s += s < end;
        }
        while (s < end && *s != ',' && *s != '\n')
            tally_buf_put(&r->val, s++, 1);
        if (r->val.len > start && r->val.p[r->val.len - 1] == '\r')
            r->val.len--;
        tally_buf_put(&r->val, "", 1);
        if (r->n < MAX_FIELDS)
            r->off[r->n++] = start;
        if (s < end && *s == ',') {
            s++;
            continue;
        }
        s += s < end; /* the line break */
        break;
    }
    *p = s;
    return 1;
}

/* Field f of row r through the header map; "" when absent. A quote put before = + -
 * @, a tab or CR against formula injection in spreadsheets is no part of the value. */
static const char *field(const csv_row *r, const int *map, int f) {
    if (map[f] < 0 || (size_t)map[f] >= r->n)
        return "";
    const char *v = r->val.p + r->off[map[f]];
    return v[0] == '\'' && v[1] && strchr("=+-@\t\r", v[1]) ? v + 1 : v;
}

/* The cells of one incident, each NUL-terminated in text. */
typedef struct {
    tally_buf text;      /* the cells' bytes */
    size_t off[T_NCOLS]; /* where cell i starts */
} cells;

/* Append a cell's text: control bytes (tabs, line breaks, escapes) become spaces. */
static void put_text(tally_buf *b, const char *s) {
    for (; *s; s++)
        tally_buf_put(b, (unsigned char)*s < 0x20 || *s == 0x7f ? " " : s, 1);
}

/* "5", "5-10" or "-" from the lowest and highest figure (either may be ""). */
static void put_range(tally_buf *b, const char *lo, const char *hi) {
    if (!*lo && !*hi)
        tally_buf_puts(b, "-");
    else if (!*lo || !*hi || strcmp(lo, hi) == 0)
        put_text(b, *lo ? lo : hi);
    else
        tally_buf_printf(b, "%s-%s", lo, hi);
}

/* The date, and the end of a span without what it shares with the start:
 * 2007-08-13/14, 2007-08-31/09-01, 2007-12-31/2008-01-01. */
static void put_date(tally_buf *b, const char *ds, const char *de) {
    put_text(b, *ds ? ds : "?");
    if (*ds && *de && strcmp(ds, de) != 0 && strlen(ds) == 10 && strlen(de) == 10) {
        size_t same = strncmp(ds, de, 8) == 0 ? 8 : strncmp(ds, de, 5) == 0 ? 5 : 0;
        tally_buf_puts(b, "/");
        put_text(b, de + same);
    }
}

static void row_cells(const csv_row *r, const int *map, cells *c) {
    tally_buf *b = &c->text;
    b->len = 0;
    const char *place = field(r, map, F_PLACE), *admin1 = field(r, map, F_ADMIN1);
    const char *country = field(r, map, F_COUNTRY), *a1 = field(r, map, F_ACTOR1), *a2 = field(r, map, F_ACTOR2);
    for (int i = 0; i < T_NCOLS; i++) {
        c->off[i] = b->len;
        switch (i) {
        case T_ID: put_text(b, field(r, map, F_ID)); break;
        case T_DATE: put_date(b, field(r, map, F_START), field(r, map, F_END)); break;
        case T_TYPE:
            put_text(b, *field(r, map, F_SUB) ? field(r, map, F_SUB) : *field(r, map, F_TYPE) ? field(r, map, F_TYPE) : "?");
            break;
        case T_PLACE:
            put_text(b, *place ? place : "?");
            if (*admin1 && strcmp(admin1, place) != 0) {
                tally_buf_puts(b, ", ");
                put_text(b, admin1);
            }
            if (*country) {
                tally_buf_puts(b, ", ");
                put_text(b, country);
            }
            break;
        case T_KILLED:
            put_range(b, field(r, map, F_KMIN), field(r, map, F_KMAX));
            if (strcmp(field(r, map, F_CONTESTED), "true") == 0 || strcmp(field(r, map, F_CONTESTED), "1") == 0)
                tally_buf_puts(b, "*");
            break;
        case T_INJURED: put_range(b, field(r, map, F_IMIN), field(r, map, F_IMAX)); break;
        case T_DETAINED: put_range(b, field(r, map, F_DMIN), field(r, map, F_DMAX)); break;
        case T_SRC: put_text(b, field(r, map, F_NSRC)); break;
        case T_RPT: put_text(b, field(r, map, F_NRPT)); break;
        default:
            put_text(b, *a1 ? a1 : *a2 ? "?" : "");
            if (*a2) {
                tally_buf_puts(b, " -> ");
                put_text(b, a2);
            }
        }
        tally_buf_put(b, "", 1);
    }
}

/* The display width of s (wide characters count 2, combining marks 0). */
static int display_width(const char *s) {
    int w = 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    while (*p) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(p, -1, &c);
        if (k <= 0) { /* invalid UTF-8: one column per byte */
            p++, w++;
            continue;
        }
        int cw = utf8proc_charwidth(c);
        w += cw > 0 ? cw : 0;
        p += k;
    }
    return w;
}

/* Write s in width columns: cut to width - 1 and "~" when wider, padded unless last. */
static void put_cell(tally_buf *b, const char *s, int width, int last) {
    int w = display_width(s);
    if (w <= width) {
        tally_buf_puts(b, s);
    } else {
        const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
        for (w = 0; *p;) {
            utf8proc_int32_t c;
            utf8proc_ssize_t k = utf8proc_iterate(p, -1, &c);
            int cw = k <= 0 ? 1 : utf8proc_charwidth(c) > 0 ? utf8proc_charwidth(c) : 0;
            k = k <= 0 ? 1 : k;
            if (w + cw > width - 1)
                break;
            tally_buf_put(b, (const char *)p, (size_t)k);
            w += cw;
            p += k;
        }
        tally_buf_puts(b, "~");
        w++;
    }
    for (; !last && w < width; w++)
        tally_buf_puts(b, " ");
}

/* Cut the shown cuttable columns, the widest first, until a line fits width.
 * Returns 1 when it fits. */
static int shrink(int *w, const int *shown, int width) {
    int total = -1; /* the spaces between columns, one fewer than them */
    for (int i = 0; i < T_NCOLS; i++)
        total += shown[i] ? w[i] + 1 : 0;
    while (total > width) {
        int best = -1;
        for (int i = 0; i < T_NCOLS; i++)
            if (shown[i] && CUT_FLOOR[i] && w[i] > CUT_FLOOR[i] && (best < 0 || w[i] > w[best]))
                best = i;
        if (best < 0)
            return 0;
        w[best]--;
        total--;
    }
    return 1;
}

/* The widths w and the columns shown that fit width, from the natural widths: cut
 * first, then leave columns out (DROP); the narrowest table may stay wider. */
static void fit(const int *natural, int *w, int *shown, int width) {
    for (size_t d = 0;; d++) {
        memcpy(w, natural, T_NCOLS * sizeof *w);
        if (shrink(w, shown, width) || d == ARRAY_LEN(DROP))
            return;
        shown[DROP[d]] = 0;
    }
}

static void put_line(tally_buf *b, const char *const *cell, const int *w, const int *shown) {
    int last = T_NCOLS - 1;
    while (last > 0 && !shown[last])
        last--;
    for (int i = 0; i <= last; i++) {
        if (!shown[i])
            continue;
        put_cell(b, cell[i], w[i], i == last);
        if (i < last)
            tally_buf_puts(b, " ");
    }
    while (b->len && b->p[b->len - 1] == ' ')
        b->len--;
    tally_buf_puts(b, "\n");
}

/* Append s as words, broken into lines of at most width columns (0: one line). */
static void put_wrapped(tally_buf *b, const char *s, int width) {
    int col = 0;
    while (*s) {
        size_t n = strcspn(s, " ");
        int w = (int)n;
        if (col && width > 0 && col + 1 + w > width) {
            tally_buf_puts(b, "\n");
            col = 0;
        } else if (col) {
            tally_buf_puts(b, " ");
            col++;
        }
        tally_buf_put(b, s, n);
        col += w;
        s += n;
        s += strspn(s, " ");
    }
    tally_buf_puts(b, "\n");
}

void tally_table_incidents(tally_buf *b, const char *csv, size_t len, int width) {
    const char *p = csv, *end = csv + len;
    csv_row r = {0};
    cells c = {0};
    int map[F_N], natural[T_NCOLS], w[T_NCOLS], shown[T_NCOLS];
    for (int f = 0; f < F_N; f++)
        map[f] = -1;
    if (csv_next(&r, &p, end))
        for (size_t i = 0; i < r.n; i++)
            for (int f = 0; f < F_N; f++)
                if (strcmp(r.val.p + r.off[i], FIELD[f]) == 0)
                    map[f] = (int)i;
    const char *body = p;
    for (int i = 0; i < T_NCOLS; i++) {
        natural[i] = w[i] = MIN_WIDTH[i];
        shown[i] = 1;
    }
    size_t n = 0;
    long long lo = 0, hi = 0;
    while (csv_next(&r, &p, end)) { /* first pass: the widths and the totals */
        row_cells(&r, map, &c);
        for (int i = 0; i < T_NCOLS; i++) {
            int cw = display_width(c.text.p + c.off[i]);
            natural[i] = w[i] = cw > w[i] ? cw : w[i];
        }
        const char *kmin = field(&r, map, F_KMIN), *kmax = field(&r, map, F_KMAX);
        lo += atoll(kmin);
        hi += atoll(*kmax ? kmax : kmin);
        n++;
    }
    if (width > 0)
        fit(natural, w, shown, width);
    put_line(b, HEAD, w, shown);
    for (p = body; csv_next(&r, &p, end);) {
        row_cells(&r, map, &c);
        const char *cell[T_NCOLS];
        for (int i = 0; i < T_NCOLS; i++)
            cell[i] = c.text.p + c.off[i];
        put_line(b, cell, w, shown);
    }
    char total[256];
    snprintf(total, sizeof total, "%zu incident%s, %lld-%lld killed%s", n, n == 1 ? "" : "s", lo, hi,
             n ? " (* contested: the sources disagree; SRC independent sources, RPT reports)" : "");
    put_wrapped(b, total, width);
    tally_buf_free(&r.val);
    tally_buf_free(&c.text);
}
