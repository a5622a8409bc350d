/* store_export.c: reading the store: the filtered incident table, the explanation of
 * a merged incident, and the field's formats (ACLED, CAMEO events, GeoJSON, JSON). */
#include "store.h"
#include "util.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

static int fail(sqlite3 *db, char *err, size_t errlen, const char *what) {
    snprintf(err, errlen, "%s: %s", what, sqlite3_errmsg(db));
    return TALLY_EDB;
}

/* Columns of the incidents table, in the order every query here selects them. */
#define INCIDENT_COLS                                                                                       \
    "id, event_type, sub_event_type, date_start, date_end, place_name, admin1, country, lat, lon,"          \
    " geo_precision, actor1, actor2, actors, killed_min, killed_max, injured_min, injured_max,"            \
    " detained_min, detained_max, civ_min, civ_max, women, children, contested, n_reports, n_articles,"    \
    " n_sources, sources, outlets"
enum {
    C_ID, C_TYPE, C_SUB, C_START, C_END, C_PLACE, C_ADMIN1, C_COUNTRY, C_LAT, C_LON, C_PREC, C_ACTOR1,
    C_ACTOR2, C_ACTORS, C_KILLED, C_KILLED_MAX, C_INJURED, C_INJURED_MAX, C_DETAINED, C_DETAINED_MAX,
    C_CIV, C_CIV_MAX, C_WOMEN, C_CHILDREN, C_CONTESTED, C_REPORTS, C_ARTICLES, C_NSOURCES, C_SOURCES,
    C_OUTLETS
};

static const char *txt(sqlite3_stmt *st, int i) { return (const char *)sqlite3_column_text(st, i); }
static int is_null(sqlite3_stmt *st, int i) { return sqlite3_column_type(st, i) == SQLITE_NULL; }

/* A WHERE clause being built, with its values in parameter order. */
typedef struct {
    tally_buf sql;
    const char *vals[16]; /* text values, bound in order */
    char pad_to[16];      /* --to padded to a full date */
    char min_killed[24];  /* --min-killed as text */
    char id[24];          /* the incident id as text */
    size_t n;             /* values */
    int where;            /* WHERE written */
} where;

/* Append " WHERE cond" or " AND cond"; each '?' in sql takes val. */
static void cond(where *w, const char *sql, const char *val) {
    tally_buf_puts(&w->sql, w->where ? " AND " : " WHERE ");
    w->where = 1;
    tally_buf_puts(&w->sql, sql);
    for (const char *p = sql; (p = strchr(p, '?')) != NULL; p++)
        w->vals[w->n++] = val;
}

static void build_where(where *w, const tally_store_filter *f) {
    if (f->from)
        cond(w, "coalesce(date_end, date_start) >= ?", f->from);
    if (f->to) {
        /* "2012" and "2012-11" mean the end of that year or month */
        size_t n = strlen(f->to);
        snprintf(w->pad_to, sizeof w->pad_to, "%s%s", f->to, n == 4 ? "-12-31" : n == 7 ? "-31" : "");
        cond(w, "date_start <= ?", w->pad_to);
    }
    if (f->country)
        cond(w, "country = upper(?)", f->country);
    if (f->admin1)
        cond(w, "admin1 = ? COLLATE NOCASE", f->admin1);
    if (f->type)
        cond(w, "(event_type LIKE '%' || ? || '%' OR sub_event_type LIKE '%' || ? || '%')", f->type);
    if (f->actor)
        cond(w, "actors LIKE '%' || ? || '%'", f->actor);
    if (f->source)
        cond(w, "(sources LIKE '%' || ? || '%' OR outlets LIKE '%' || ? || '%')", f->source);
    if (f->contested)
        cond(w, "contested = 1", NULL);
    if (f->min_killed >= 0) {
        snprintf(w->min_killed, sizeof w->min_killed, "%lld", f->min_killed);
        cond(w, "killed_max >= CAST(? AS INTEGER)", w->min_killed);
    }
    if (f->id > 0) {
        snprintf(w->id, sizeof w->id, "%lld", f->id);
        cond(w, "id = CAST(? AS INTEGER)", w->id);
    }
}

/* Prepare "SELECT cols FROM incidents [WHERE ...] ORDER BY ..." with f bound. */
static int prepare_incidents(sqlite3 *db, const tally_store_filter *f, sqlite3_stmt **st, char *err, size_t errlen) {
    where w;
    memset(&w, 0, sizeof w);
    tally_buf_puts(&w.sql, "SELECT " INCIDENT_COLS " FROM incidents");
    build_where(&w, f);
    tally_buf_puts(&w.sql, " ORDER BY date_start IS NULL, date_start, id");
    if (f->limit > 0 || f->offset > 0)
        tally_buf_printf(&w.sql, " LIMIT %lld OFFSET %lld", f->limit > 0 ? f->limit : -1LL,
                         f->offset > 0 ? f->offset : 0LL);
    int rc = sqlite3_prepare_v2(db, w.sql.p, -1, st, NULL);
    tally_buf_free(&w.sql);
    if (rc != SQLITE_OK)
        return fail(db, err, errlen, "cannot query the incidents");
    for (size_t i = 0; i < w.n; i++)
        sqlite3_bind_text(*st, (int)i + 1, w.vals[i], -1, SQLITE_TRANSIENT);
    return TALLY_OK;
}

/* ---- cells ---- */

static void put_json_str(tally_buf *b, const char *s) {
    if (s)
        tally_json_str(b, s, strlen(s));
    else
        tally_buf_puts(b, "null");
}

static void put_json_range(tally_buf *b, sqlite3_stmt *st, int i) {
    if (is_null(st, i) && is_null(st, i + 1)) {
        tally_buf_puts(b, "null");
        return;
    }
    long long lo = sqlite3_column_int64(st, is_null(st, i) ? i + 1 : i);
    long long hi = sqlite3_column_int64(st, is_null(st, i + 1) ? i : i + 1);
    tally_buf_printf(b, "{\"min\":%lld,\"max\":%lld}", lo, hi);
}

/* ,"key":"value" (or null), and ,"key":{min,max} from columns i, i+1. */
static void kv_str(tally_buf *b, const char *key, const char *v) {
    tally_buf_printf(b, ",\"%s\":", key);
    put_json_str(b, v);
}

static void kv_range(tally_buf *b, const char *key, sqlite3_stmt *st, int i) {
    tally_buf_printf(b, ",\"%s\":", key);
    put_json_range(b, st, i);
}

/* "5", "5-10" or "-" for a range of columns i, i+1. */
static void range_text(sqlite3_stmt *st, int i, char *out, size_t cap) {
    if (is_null(st, i) && is_null(st, i + 1)) {
        snprintf(out, cap, "-");
        return;
    }
    long long lo = sqlite3_column_int64(st, is_null(st, i) ? i + 1 : i);
    long long hi = sqlite3_column_int64(st, is_null(st, i + 1) ? i : i + 1);
    if (lo == hi)
        snprintf(out, cap, "%lld", lo);
    else
        snprintf(out, cap, "%lld-%lld", lo, hi);
}

static void put_csv(tally_buf *b, const char *s, char sep) {
    if (!s) {
        tally_buf_put(b, &sep, 1);
        return;
    }
    if (strpbrk(s, "\",\n\r")) {
        tally_buf_puts(b, "\"");
        for (const char *p = s; *p; p++) {
            if (*p == '"')
                tally_buf_puts(b, "\"\"");
            else
                tally_buf_put(b, p, 1);
        }
        tally_buf_puts(b, "\"");
    } else {
        tally_buf_puts(b, s);
    }
    tally_buf_put(b, &sep, 1);
}

static void put_csv_int(tally_buf *b, sqlite3_stmt *st, int i, char sep) {
    if (!is_null(st, i))
        tally_buf_printf(b, "%lld", (long long)sqlite3_column_int64(st, i));
    tally_buf_put(b, &sep, 1);
}

/* A tab-separated field: tabs and line breaks become spaces. */
static void put_tsv(tally_buf *b, const char *s, char sep) {
    for (const char *p = s ? s : ""; *p; p++)
        tally_buf_put(b, *p == '\t' || *p == '\n' || *p == '\r' ? " " : p, 1);
    tally_buf_put(b, &sep, 1);
}

/* Write s cut to width - 1 columns (code points; a cut ends in "~") and pad it to
 * width, so that one space always separates it from the next column. */
static void put_cell(tally_buf *b, const char *s, int width) {
    if (!s)
        s = "";
    int cols = 0;
    for (const char *p = s; *p && cols < width - 1; cols++) {
        const char *q = p + 1;
        while ((*q & 0xC0) == 0x80)
            q++;
        if (cols == width - 2 && *q) {
            tally_buf_puts(b, "~");
            cols++;
            break;
        }
        tally_buf_put(b, p, (size_t)(q - p));
        p = q;
    }
    for (; cols < width; cols++)
        tally_buf_puts(b, " ");
}

static int flush(tally_buf *b, FILE *out) {
    if (b->len && fwrite(b->p, 1, b->len, out) != b->len)
        return TALLY_EIO;
    b->len = 0;
    return TALLY_OK;
}

/* The last flush of a query's output; says so in err when it cannot write. */
static int flush_all(tally_buf *b, FILE *out, char *err, size_t errlen) {
    int r = flush(b, out);
    if (r == TALLY_EIO)
        snprintf(err, errlen, "cannot write the output");
    return r;
}

/* End a query: its read transaction, buffer and statements; returns r. */
static int finish(sqlite3 *db, tally_buf *b, sqlite3_stmt *st, sqlite3_stmt *rep, sqlite3_stmt *cl, int r) {
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    tally_buf_free(b);
    sqlite3_finalize(st);
    sqlite3_finalize(rep);
    sqlite3_finalize(cl);
    return r;
}

/* ---- the per-incident reports (JSON and explain) ---- */

static const char *REPORTS_SQL =
    "SELECT ir.ord, r.id, ir.joined_to, ir.why, a.doc_id, a.title, a.source, a.url, a.date, r.event_type,"
    " r.sub_event_type, r.date_start, r.date_text, r.place_text, p.name, r.killed_min, r.killed_max,"
    " r.injured_min, r.injured_max, r.detained_min, r.detained_max, r.contested, a.path"
    " FROM incident_reports ir JOIN reports r ON r.id = ir.report JOIN articles a ON a.id = r.article"
    " LEFT JOIN places p ON p.id = r.place WHERE ir.incident = ?1 ORDER BY ir.ord";
static const char *CLAIMS_SQL =
    "SELECT c.speaker, c.via, c.sentence, c.start_byte, c.end_byte, c.killed_min, c.killed_max,"
    " c.injured_min, c.injured_max, c.detained_min, c.detained_max, c.words, c.victims, c.hedged,"
    " substr(CAST(a.text AS BLOB), c.start_byte + 1, c.end_byte - c.start_byte)"
    " FROM claims c JOIN articles a ON a.id = c.article WHERE c.report = ?1 ORDER BY c.idx";

static const char *const VICTIMS[] = {NULL, "civilians", "combatants", "mixed"};

/* ,"figures":[[start,end],...]: the byte spans in the claim's sentence (column 14)
 * of the numbers that give its counts (columns 5-10), qualifier included ("at
 * least five"), so that a reader can highlight them. When no number matches a
 * count (a total made of several figures), every count in the sentence. */
static void json_figures(tally_buf *b, sqlite3_stmt *cl) {
    const char *p = sqlite3_column_blob(cl, 14);
    size_t len = (size_t)sqlite3_column_bytes(cl, 14);
    long long want[6];
    size_t nwant = 0;
    for (int i = 5; i <= 10; i++)
        if (!is_null(cl, i))
            want[nwant++] = sqlite3_column_int64(cl, i);
    tally_arena *a = tally_arena_new();
    const tally_text *t = tally_text_new(a, p ? p : "", p ? len : 0);
    tally_tokens tk;
    tally_tokens_split(a, t, &tk);
    tally_buf_puts(b, ",\"figures\":[");
    int first = 1;
    for (int pass = 0; pass < 2 && first; pass++) {
        for (size_t s = 0; s < tk.nsents; s++) {
            tally_number *num;
            size_t n = tally_numbers_find(a, &tk, s, &num);
            for (size_t k = 0; k < n; k++) {
                if (num[k].kind != TALLY_NUM_COUNT || num[k].tok_end <= num[k].tok_start)
                    continue;
                int hit = pass == 1;
                for (size_t w = 0; w < nwant && !hit; w++)
                    hit = num[k].lo == want[w] || num[k].hi == want[w] ||
                          (num[k].qual == TALLY_Q_MORE_THAN && num[k].lo + 1 == want[w]);
                if (!hit)
                    continue;
                const tally_token *x = &tk.toks[num[k].tok_start], *y = &tk.toks[num[k].tok_end - 1];
                tally_buf_printf(b, "%s[%u,%u]", first ? "" : ",", x->start, y->start + y->len);
                first = 0;
            }
        }
        if (!nwant)
            break;
    }
    tally_buf_puts(b, "]");
    tally_arena_free(a);
}

static void json_reports(tally_buf *b, sqlite3_stmt *rep, sqlite3_stmt *cl, sqlite3_int64 id) {
    sqlite3_reset(rep);
    sqlite3_bind_int64(rep, 1, id);
    tally_buf_puts(b, ",\"members\":[");
    int first = 1;
    while (sqlite3_step(rep) == SQLITE_ROW) {
        tally_buf_printf(b, "%s{\"report\":%lld,\"joined_to\":", first ? "" : ",",
                         (long long)sqlite3_column_int64(rep, 1));
        first = 0;
        if (is_null(rep, 2))
            tally_buf_puts(b, "null");
        else
            tally_buf_printf(b, "%lld", (long long)sqlite3_column_int64(rep, 2));
        kv_str(b, "why", txt(rep, 3));
        kv_str(b, "article", txt(rep, 4));
        kv_str(b, "title", txt(rep, 5));
        kv_str(b, "source", txt(rep, 6));
        kv_str(b, "url", txt(rep, 7));
        kv_str(b, "article_date", txt(rep, 8));
        kv_str(b, "date", txt(rep, 11));
        kv_str(b, "date_text", txt(rep, 12));
        kv_str(b, "place_text", txt(rep, 13));
        kv_range(b, "fatalities", rep, 15);
        kv_range(b, "injured", rep, 17);
        kv_range(b, "detained", rep, 19);
        tally_buf_printf(b, ",\"contested\":%s,\"claims\":[", sqlite3_column_int(rep, 21) ? "true" : "false");
        sqlite3_reset(cl);
        sqlite3_bind_int64(cl, 1, sqlite3_column_int64(rep, 1));
        int cf = 1;
        while (sqlite3_step(cl) == SQLITE_ROW) {
            tally_buf_puts(b, cf ? "{\"by\":" : ",{\"by\":");
            cf = 0;
            put_json_str(b, txt(cl, 0));
            kv_str(b, "via", txt(cl, 1));
            tally_buf_printf(b, ",\"sentence\":%lld,\"start\":%lld,\"end\":%lld,\"fatalities\":",
                             (long long)sqlite3_column_int64(cl, 2), (long long)sqlite3_column_int64(cl, 3),
                             (long long)sqlite3_column_int64(cl, 4));
            put_json_range(b, cl, 5);
            kv_range(b, "injured", cl, 7);
            kv_range(b, "detained", cl, 9);
            kv_str(b, "words", txt(cl, 11));
            kv_str(b, "victims", VICTIMS[sqlite3_column_int(cl, 12) & 3]);
            tally_buf_printf(b, ",\"hedged\":%s,\"text\":", sqlite3_column_int(cl, 13) ? "true" : "false");
            if (is_null(cl, 14)) {
                tally_buf_puts(b, "null");
            } else {
                tally_json_str(b, sqlite3_column_blob(cl, 14), (size_t)sqlite3_column_bytes(cl, 14));
                json_figures(b, cl);
            }
            tally_buf_puts(b, "}");
        }
        tally_buf_puts(b, "]}");
    }
    tally_buf_puts(b, "]");
}

static void json_incident(tally_buf *b, sqlite3_stmt *st, sqlite3_stmt *rep, sqlite3_stmt *cl) {
    tally_buf_printf(b, "{\"id\":%lld,\"event_type\":", (long long)sqlite3_column_int64(st, C_ID));
    put_json_str(b, txt(st, C_TYPE));
    kv_str(b, "sub_event_type", txt(st, C_SUB));
    tally_buf_puts(b, ",\"date\":{\"start\":");
    put_json_str(b, txt(st, C_START));
    kv_str(b, "end", txt(st, C_END));
    tally_buf_puts(b, "},\"location\":");
    if (is_null(st, C_PLACE) && is_null(st, C_COUNTRY)) {
        tally_buf_puts(b, "null");
    } else {
        tally_buf_puts(b, "{\"name\":");
        put_json_str(b, txt(st, C_PLACE));
        kv_str(b, "admin1", txt(st, C_ADMIN1));
        kv_str(b, "country", txt(st, C_COUNTRY));
        if (is_null(st, C_LAT))
            tally_buf_puts(b, ",\"lat\":null,\"lon\":null");
        else
            tally_buf_printf(b, ",\"lat\":%.5f,\"lon\":%.5f", sqlite3_column_double(st, C_LAT),
                             sqlite3_column_double(st, C_LON));
        tally_buf_printf(b, ",\"precision\":%s}", is_null(st, C_PREC) ? "null" : txt(st, C_PREC));
    }
    kv_str(b, "actor1", txt(st, C_ACTOR1));
    kv_str(b, "actor2", txt(st, C_ACTOR2));
    kv_range(b, "fatalities", st, C_KILLED);
    kv_range(b, "injured", st, C_INJURED);
    kv_range(b, "detained", st, C_DETAINED);
    kv_range(b, "civilians_killed", st, C_CIV);
    tally_buf_printf(b, ",\"women\":%s,\"children\":%s,\"contested\":%s,\"reports\":%lld,\"articles\":%lld,"
                        "\"sources\":%lld,\"source_names\":",
                     is_null(st, C_WOMEN) ? "null" : txt(st, C_WOMEN),
                     is_null(st, C_CHILDREN) ? "null" : txt(st, C_CHILDREN),
                     sqlite3_column_int(st, C_CONTESTED) ? "true" : "false",
                     (long long)sqlite3_column_int64(st, C_REPORTS), (long long)sqlite3_column_int64(st, C_ARTICLES),
                     (long long)sqlite3_column_int64(st, C_NSOURCES));
    put_json_str(b, txt(st, C_SOURCES));
    kv_str(b, "outlets", txt(st, C_OUTLETS));
    if (rep) /* the reports themselves go under "members": "reports" is their count */
        json_reports(b, rep, cl, sqlite3_column_int64(st, C_ID));
    tally_buf_puts(b, "}\n");
}

/* ---- the formats ---- */

static void table_header(tally_buf *b) {
    put_cell(b, "ID", 5);
    put_cell(b, "DATE", 11);
    put_cell(b, "TYPE", 25);
    put_cell(b, "PLACE", 30);
    put_cell(b, "KILLED", 9);
    put_cell(b, "INJURED", 8);
    put_cell(b, "DETAIN", 7);
    put_cell(b, "SRC", 4);
    put_cell(b, "RPT", 4);
    tally_buf_puts(b, "ACTORS\n");
}

static void table_row(tally_buf *b, sqlite3_stmt *st) {
    char cell[160];
    snprintf(cell, sizeof cell, "%lld", (long long)sqlite3_column_int64(st, C_ID));
    put_cell(b, cell, 5);
    const char *ds = txt(st, C_START), *de = txt(st, C_END);
    if (ds && de && strcmp(ds, de) != 0 && strlen(de) == 10 && strncmp(ds, de, 8) == 0)
        snprintf(cell, sizeof cell, "%s/%s", ds, de + 8); /* 2012-11-18/19 */
    else
        snprintf(cell, sizeof cell, "%s", ds ? ds : "?");
    put_cell(b, cell, strlen(cell) > 10 ? (int)strlen(cell) + 1 : 11);
    put_cell(b, txt(st, C_SUB) ? txt(st, C_SUB) : txt(st, C_TYPE) ? txt(st, C_TYPE) : "?", 25);
    snprintf(cell, sizeof cell, "%s%s%s%s%s", txt(st, C_PLACE) ? txt(st, C_PLACE) : "?",
             txt(st, C_ADMIN1) && (!txt(st, C_PLACE) || strcmp(txt(st, C_ADMIN1), txt(st, C_PLACE))) ? ", " : "",
             txt(st, C_ADMIN1) && (!txt(st, C_PLACE) || strcmp(txt(st, C_ADMIN1), txt(st, C_PLACE))) ? txt(st, C_ADMIN1) : "",
             txt(st, C_COUNTRY) ? ", " : "", txt(st, C_COUNTRY) ? txt(st, C_COUNTRY) : "");
    put_cell(b, cell, 30);
    range_text(st, C_KILLED, cell, sizeof cell - 1);
    if (sqlite3_column_int(st, C_CONTESTED))
        strcat(cell, "*");
    put_cell(b, cell, 9);
    range_text(st, C_INJURED, cell, sizeof cell);
    put_cell(b, cell, 8);
    range_text(st, C_DETAINED, cell, sizeof cell);
    put_cell(b, cell, 7);
    snprintf(cell, sizeof cell, "%lld", (long long)sqlite3_column_int64(st, C_NSOURCES));
    put_cell(b, cell, 4);
    snprintf(cell, sizeof cell, "%lld", (long long)sqlite3_column_int64(st, C_REPORTS));
    put_cell(b, cell, 4);
    const char *a1 = txt(st, C_ACTOR1), *a2 = txt(st, C_ACTOR2);
    snprintf(cell, sizeof cell, "%s%s%s", a1 ? a1 : a2 ? "?" : "", a2 ? " -> " : "", a2 ? a2 : "");
    put_cell(b, cell, 40);
    while (b->len && b->p[b->len - 1] == ' ')
        b->p[--b->len] = 0;
    tally_buf_puts(b, "\n");
}

static const char *CSV_HEADER = "id,date_start,date_end,event_type,sub_event_type,place,admin1,country,latitude,"
                                "longitude,geo_precision,killed_min,killed_max,injured_min,injured_max,"
                                "detained_min,detained_max,contested,n_sources,n_reports,n_articles,actor1,actor2,"
                                "sources,outlets\n";

/* The text columns cols[0..n) as CSV fields, each followed by a comma. */
static void put_csv_cols(tally_buf *b, sqlite3_stmt *st, const int *cols, size_t n) {
    for (size_t i = 0; i < n; i++)
        put_csv(b, txt(st, cols[i]), ',');
}

/* latitude,longitude,geo_precision, with digits decimals. */
static void put_csv_point(tally_buf *b, sqlite3_stmt *st, int digits) {
    if (is_null(st, C_LAT))
        tally_buf_puts(b, ",,");
    else
        tally_buf_printf(b, "%.*f,%.*f,", digits, sqlite3_column_double(st, C_LAT), digits,
                         sqlite3_column_double(st, C_LON));
    put_csv_int(b, st, C_PREC, ',');
}

static void csv_row(tally_buf *b, sqlite3_stmt *st) {
    static const int COLS[] = {C_START, C_END, C_TYPE, C_SUB, C_PLACE, C_ADMIN1, C_COUNTRY};
    put_csv_int(b, st, C_ID, ',');
    put_csv_cols(b, st, COLS, ARRAY_LEN(COLS));
    put_csv_point(b, st, 5);
    for (int i = C_KILLED; i <= C_DETAINED_MAX; i++)
        put_csv_int(b, st, i, ',');
    tally_buf_puts(b, sqlite3_column_int(st, C_CONTESTED) ? "true," : "false,");
    put_csv_int(b, st, C_NSOURCES, ',');
    put_csv_int(b, st, C_REPORTS, ',');
    put_csv_int(b, st, C_ARTICLES, ',');
    put_csv(b, txt(st, C_ACTOR1), ',');
    put_csv(b, txt(st, C_ACTOR2), ',');
    put_csv(b, txt(st, C_SOURCES), ',');
    put_csv(b, txt(st, C_OUTLETS), '\n');
}

static const char *ACLED_HEADER = "event_id_cnty,event_date,year,event_type,sub_event_type,actor1,actor2,admin1,"
                                  "location,latitude,longitude,geo_precision,source,notes,fatalities\n";

static void acled_row(tally_buf *b, sqlite3_stmt *st) {
    char cell[512];
    snprintf(cell, sizeof cell, "%s%lld", txt(st, C_COUNTRY) ? txt(st, C_COUNTRY) : "XXX",
             (long long)sqlite3_column_int64(st, C_ID));
    put_csv(b, cell, ',');
    const char *d = txt(st, C_START);
    put_csv(b, d, ',');
    if (d && strlen(d) >= 4)
        tally_buf_printf(b, "%.4s,", d);
    else
        tally_buf_puts(b, ",");
    static const int COLS[] = {C_TYPE, C_SUB, C_ACTOR1, C_ACTOR2, C_ADMIN1, C_PLACE};
    put_csv_cols(b, st, COLS, ARRAY_LEN(COLS));
    put_csv_point(b, st, 4);
    put_csv(b, txt(st, C_OUTLETS) ? txt(st, C_OUTLETS) : txt(st, C_SOURCES), ',');
    /* notes: the range behind the conservative figure, and who backs it */
    tally_buf notes = {0};
    char r[64];
    range_text(st, C_KILLED, r, sizeof r);
    tally_buf_printf(&notes, "Fatalities %s (min-max over %lld report%s, %lld source%s)",
                     strcmp(r, "-") ? r : "not reported", (long long)sqlite3_column_int64(st, C_REPORTS),
                     sqlite3_column_int64(st, C_REPORTS) == 1 ? "" : "s", (long long)sqlite3_column_int64(st, C_NSOURCES),
                     sqlite3_column_int64(st, C_NSOURCES) == 1 ? "" : "s");
    range_text(st, C_INJURED, r, sizeof r);
    if (strcmp(r, "-"))
        tally_buf_printf(&notes, "; injured %s", r);
    range_text(st, C_DETAINED, r, sizeof r);
    if (strcmp(r, "-"))
        tally_buf_printf(&notes, "; detained %s", r);
    if (sqlite3_column_int(st, C_CONTESTED))
        tally_buf_puts(&notes, "; contested: sources disagree");
    if (txt(st, C_SOURCES))
        tally_buf_printf(&notes, "; sources: %s", txt(st, C_SOURCES));
    tally_buf_puts(&notes, ".");
    put_csv(b, notes.p, ',');
    tally_buf_free(&notes);
    tally_buf_printf(b, "%lld\n", is_null(st, C_KILLED) ? 0LL : (long long)sqlite3_column_int64(st, C_KILLED));
}

static void geojson_row(tally_buf *b, sqlite3_stmt *st, int *first) {
    if (is_null(st, C_LAT))
        return;
    tally_buf_puts(b, *first ? "\n" : ",\n");
    *first = 0;
    tally_buf_printf(b, "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[%.5f,%.5f]},"
                        "\"properties\":{\"id\":%lld,\"date\":",
                     sqlite3_column_double(st, C_LON), sqlite3_column_double(st, C_LAT),
                     (long long)sqlite3_column_int64(st, C_ID));
    put_json_str(b, txt(st, C_START));
    kv_str(b, "event_type", txt(st, C_TYPE));
    kv_str(b, "sub_event_type", txt(st, C_SUB));
    kv_str(b, "place", txt(st, C_PLACE));
    kv_str(b, "admin1", txt(st, C_ADMIN1));
    kv_str(b, "country", txt(st, C_COUNTRY));
    kv_range(b, "fatalities", st, C_KILLED);
    tally_buf_printf(b, ",\"contested\":%s,\"sources\":%lld}}", sqlite3_column_int(st, C_CONTESTED) ? "true" : "false",
                     (long long)sqlite3_column_int64(st, C_NSOURCES));
}

/* CAMEO events, Phoenix/TABARI style: date (YYYYMMDD), source, target, code, root
 * code, quad class, Goldstein, article id, sentence, URL; tab-separated, no header. */
static int cameo(sqlite3 *db, const tally_store_filter *f, FILE *out, char *err, size_t errlen) {
    sqlite3_stmt *st;
    char to[16] = "9999";
    if (f->to)
        snprintf(to, sizeof to, "%s%s", f->to, strlen(f->to) == 4 ? "-12-31" : strlen(f->to) == 7 ? "-31" : "");
    if (sqlite3_prepare_v2(db,
                           "SELECT coalesce(e.date, a.date), e.source, e.target, e.code, e.quad_class, e.goldstein,"
                           " a.doc_id, e.sentence, a.url, e.hedged FROM events e JOIN articles a ON a.id = e.article"
                           " WHERE coalesce(e.date, a.date, '') >= ?1 AND coalesce(e.date, a.date, '') <= ?2"
                           " ORDER BY coalesce(e.date, a.date), a.doc_id, e.idx",
                           -1, &st, NULL) != SQLITE_OK)
        return fail(db, err, errlen, "cannot query the events");
    sqlite3_bind_text(st, 1, f->from ? f->from : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, to, -1, SQLITE_TRANSIENT);
    tally_buf b = {0};
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *d = txt(st, 0);
        char ymd[9] = "";
        if (d && strlen(d) == 10)
            snprintf(ymd, sizeof ymd, "%.4s%.2s%.2s", d, d + 5, d + 8);
        put_tsv(&b, ymd, '\t');
        put_tsv(&b, txt(st, 1), '\t');
        put_tsv(&b, txt(st, 2), '\t');
        const char *code = txt(st, 3);
        put_tsv(&b, code, '\t');
        tally_buf_printf(&b, "%.2s\t", code ? code : "");
        put_csv_int(&b, st, 4, '\t');
        if (is_null(st, 5))
            tally_buf_puts(&b, "\t");
        else
            tally_buf_printf(&b, "%.1f\t", sqlite3_column_double(st, 5));
        put_tsv(&b, txt(st, 6), '\t');
        tally_buf_printf(&b, "%lld\t", (long long)sqlite3_column_int64(st, 7));
        put_tsv(&b, txt(st, 8), '\n');
        if (b.len > (1 << 16) && flush(&b, out))
            break;
    }
    sqlite3_finalize(st);
    int r = rc == SQLITE_DONE ? flush(&b, out) : fail(db, err, errlen, "cannot read the events");
    tally_buf_free(&b);
    if (r == TALLY_EIO)
        snprintf(err, errlen, "cannot write the output");
    return r;
}

int tally_store_query(tally_store *s, const tally_store_filter *f, int fmt, FILE *out, char *err, size_t errlen) {
    sqlite3 *db = tally_store_db(s);
    if (fmt == TALLY_FORMAT_CAMEO)
        return cameo(db, f, out, err, errlen);
    sqlite3_stmt *st = NULL, *rep = NULL, *cl = NULL;
    if (prepare_incidents(db, f, &st, err, errlen))
        return TALLY_EDB;
    if (fmt == TALLY_FORMAT_JSON &&
        (sqlite3_prepare_v2(db, REPORTS_SQL, -1, &rep, NULL) != SQLITE_OK ||
         sqlite3_prepare_v2(db, CLAIMS_SQL, -1, &cl, NULL) != SQLITE_OK)) {
        sqlite3_finalize(st);
        sqlite3_finalize(rep);
        return fail(db, err, errlen, "cannot query the reports");
    }
    /* one read transaction: a consistent view while an ingest commits */
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    tally_buf b = {0};
    if (fmt == TALLY_FORMAT_TABLE)
        table_header(&b);
    else if (fmt == TALLY_FORMAT_CSV)
        tally_buf_puts(&b, CSV_HEADER);
    else if (fmt == TALLY_FORMAT_ACLED)
        tally_buf_puts(&b, ACLED_HEADER);
    else if (fmt == TALLY_FORMAT_GEOJSON)
        tally_buf_puts(&b, "{\"type\":\"FeatureCollection\",\"features\":[");
    int rc, first = 1, r = TALLY_OK;
    size_t n = 0;
    long long killed_lo = 0, killed_hi = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        n++;
        killed_lo += sqlite3_column_int64(st, C_KILLED);
        killed_hi += is_null(st, C_KILLED_MAX) ? sqlite3_column_int64(st, C_KILLED) : sqlite3_column_int64(st, C_KILLED_MAX);
        switch (fmt) {
        case TALLY_FORMAT_TABLE: table_row(&b, st); break;
        case TALLY_FORMAT_JSON: json_incident(&b, st, rep, cl); break;
        case TALLY_FORMAT_JSON_BRIEF: json_incident(&b, st, NULL, NULL); break;
        case TALLY_FORMAT_CSV: csv_row(&b, st); break;
        case TALLY_FORMAT_ACLED: acled_row(&b, st); break;
        default: geojson_row(&b, st, &first); break;
        }
        if (b.len > (1 << 16) && (r = flush(&b, out)) != TALLY_OK)
            break;
    }
    if (fmt == TALLY_FORMAT_GEOJSON)
        tally_buf_puts(&b, "\n]}\n");
    if (fmt == TALLY_FORMAT_TABLE)
        tally_buf_printf(&b, "%zu incident%s, %lld-%lld killed%s\n", n, n == 1 ? "" : "s", killed_lo, killed_hi,
                         n ? " (* contested: the sources disagree; SRC independent sources, RPT reports)" : "");
    if (r == TALLY_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
        r = fail(db, err, errlen, "cannot read the incidents");
    if (r == TALLY_OK)
        r = flush_all(&b, out, err, errlen);
    return finish(db, &b, st, rep, cl, r);
}

int tally_store_count(tally_store *s, const tally_store_filter *f, long long *n, char *err, size_t errlen) {
    sqlite3 *db = tally_store_db(s);
    where w;
    memset(&w, 0, sizeof w);
    tally_buf_puts(&w.sql, "SELECT count(*) FROM incidents");
    build_where(&w, f);
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db, w.sql.p, -1, &st, NULL);
    tally_buf_free(&w.sql);
    if (rc != SQLITE_OK)
        return fail(db, err, errlen, "cannot count the incidents");
    for (size_t i = 0; i < w.n; i++)
        sqlite3_bind_text(st, (int)i + 1, w.vals[i], -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(st);
    *n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? TALLY_OK : fail(db, err, errlen, "cannot count the incidents");
}

int tally_store_aggregate(tally_store *s, const tally_store_filter *f, int by, FILE *out, char *err, size_t errlen) {
    /* the highest figure stands in for a missing lowest and the other way round */
    static const char *const KEYS[] = {"substr(date_start, 1, 10)",
                                       "date(substr(date_start, 1, 10), '-6 days', 'weekday 1')",
                                       "country || '/' || admin1"};
    sqlite3 *db = tally_store_db(s);
    where w;
    memset(&w, 0, sizeof w);
    tally_buf_printf(&w.sql,
                     "SELECT %s AS k, count(*), sum(coalesce(killed_min, killed_max, 0)),"
                     " sum(coalesce(killed_max, killed_min, 0)), max(country), max(admin1), avg(lat), avg(lon)"
                     " FROM incidents",
                     KEYS[by == TALLY_AGG_WEEK ? 1 : by == TALLY_AGG_ADMIN1 ? 2 : 0]);
    build_where(&w, f);
    cond(&w, by == TALLY_AGG_ADMIN1 ? "admin1 IS NOT NULL" : "length(date_start) >= 10", NULL);
    tally_buf_puts(&w.sql, " GROUP BY k ORDER BY k");
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db, w.sql.p, -1, &st, NULL);
    tally_buf_free(&w.sql);
    if (rc != SQLITE_OK)
        return fail(db, err, errlen, "cannot aggregate the incidents");
    for (size_t i = 0; i < w.n; i++)
        sqlite3_bind_text(st, (int)i + 1, w.vals[i], -1, SQLITE_TRANSIENT);
    tally_buf b = {0};
    tally_buf_puts(&b, "[");
    int first = 1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        tally_buf_puts(&b, first ? "{\"key\":" : ",\n{\"key\":");
        first = 0;
        put_json_str(&b, by == TALLY_AGG_ADMIN1 ? txt(st, 5) : txt(st, 0));
        tally_buf_printf(&b, ",\"incidents\":%lld,\"killed_min\":%lld,\"killed_max\":%lld",
                         (long long)sqlite3_column_int64(st, 1), (long long)sqlite3_column_int64(st, 2),
                         (long long)sqlite3_column_int64(st, 3));
        if (by == TALLY_AGG_ADMIN1) {
            kv_str(&b, "country", txt(st, 4));
            if (is_null(st, 6))
                tally_buf_puts(&b, ",\"lat\":null,\"lon\":null");
            else
                tally_buf_printf(&b, ",\"lat\":%.5f,\"lon\":%.5f", sqlite3_column_double(st, 6),
                                 sqlite3_column_double(st, 7));
        }
        tally_buf_puts(&b, "}");
    }
    tally_buf_puts(&b, "]\n");
    sqlite3_finalize(st);
    int r = rc == SQLITE_DONE ? flush_all(&b, out, err, errlen) : fail(db, err, errlen, "cannot aggregate the incidents");
    tally_buf_free(&b);
    return r;
}

int tally_store_explain(tally_store *s, long long id, FILE *out, char *err, size_t errlen) {
    sqlite3 *db = tally_store_db(s);
    sqlite3_stmt *st = NULL, *rep = NULL, *cl = NULL;
    if (sqlite3_prepare_v2(db, "SELECT " INCIDENT_COLS " FROM incidents WHERE id = ?1", -1, &st, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, REPORTS_SQL, -1, &rep, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, CLAIMS_SQL, -1, &cl, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        sqlite3_finalize(rep);
        return fail(db, err, errlen, "cannot query the incident");
    }
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    sqlite3_bind_int64(st, 1, id);
    int r = TALLY_OK;
    tally_buf b = {0};
    if (sqlite3_step(st) != SQLITE_ROW) {
        snprintf(err, errlen, "no incident %lld (tally incidents lists them)", id);
        r = TALLY_EUSAGE;
    } else {
        char k[64], inj[64], det[64];
        range_text(st, C_KILLED, k, sizeof k);
        range_text(st, C_INJURED, inj, sizeof inj);
        range_text(st, C_DETAINED, det, sizeof det);
        const char *ds = txt(st, C_START), *de = txt(st, C_END);
        tally_buf_printf(&b, "incident %lld: %s%s%s%s, %s%s%s, %s%s%s%s%s\n", id, txt(st, C_TYPE) ? txt(st, C_TYPE) : "unknown type",
                         txt(st, C_SUB) ? " (" : "", txt(st, C_SUB) ? txt(st, C_SUB) : "", txt(st, C_SUB) ? ")" : "",
                         ds ? ds : "date unknown", de && ds && strcmp(de, ds) ? " to " : "",
                         de && ds && strcmp(de, ds) ? de : "", txt(st, C_PLACE) ? txt(st, C_PLACE) : "place unknown",
                         txt(st, C_ADMIN1) ? ", " : "", txt(st, C_ADMIN1) ? txt(st, C_ADMIN1) : "",
                         txt(st, C_COUNTRY) ? ", " : "", txt(st, C_COUNTRY) ? txt(st, C_COUNTRY) : "");
        tally_buf_printf(&b, "  killed %s, injured %s, detained %s%s\n", k, inj, det,
                         sqlite3_column_int(st, C_CONTESTED) ? "  (contested: the sources disagree)" : "");
        tally_buf_printf(&b, "  %lld report%s in %lld article%s; %lld independent source%s: %s\n",
                         (long long)sqlite3_column_int64(st, C_REPORTS), sqlite3_column_int64(st, C_REPORTS) == 1 ? "" : "s",
                         (long long)sqlite3_column_int64(st, C_ARTICLES), sqlite3_column_int64(st, C_ARTICLES) == 1 ? "" : "s",
                         (long long)sqlite3_column_int64(st, C_NSOURCES), sqlite3_column_int64(st, C_NSOURCES) == 1 ? "" : "s",
                         txt(st, C_SOURCES) ? txt(st, C_SOURCES) : "-");
        if (txt(st, C_ACTORS))
            tally_buf_printf(&b, "  actors: %s\n", txt(st, C_ACTORS));
        tally_buf_puts(&b, "  counts are the lowest and highest figure over every report and claim\n");
        sqlite3_bind_int64(rep, 1, id);
        while (sqlite3_step(rep) == SQLITE_ROW) {
            char rk[64], ri[64], rd[64];
            range_text(rep, 15, rk, sizeof rk);
            range_text(rep, 17, ri, sizeof ri);
            range_text(rep, 19, rd, sizeof rd);
            tally_buf_printf(&b, "\nreport %lld, article %s", (long long)sqlite3_column_int64(rep, 1),
                             txt(rep, 4) ? txt(rep, 4) : "?");
            if (txt(rep, 6))
                tally_buf_printf(&b, " (%s)", txt(rep, 6));
            if (txt(rep, 8))
                tally_buf_printf(&b, ", dated %s", txt(rep, 8));
            if (txt(rep, 22))
                tally_buf_printf(&b, ", %s", txt(rep, 22));
            tally_buf_puts(&b, "\n");
            if (txt(rep, 5))
                tally_buf_printf(&b, "  \"%s\"\n", txt(rep, 5));
            tally_buf_printf(&b, "  %s on %s%s%s%s at %s; killed %s, injured %s, detained %s%s\n",
                             txt(rep, 10) ? txt(rep, 10) : txt(rep, 9) ? txt(rep, 9) : "incident",
                             txt(rep, 11) ? txt(rep, 11) : "an unknown date", txt(rep, 12) ? " (\"" : "",
                             txt(rep, 12) ? txt(rep, 12) : "", txt(rep, 12) ? "\")" : "",
                             txt(rep, 13) ? txt(rep, 13) : txt(rep, 14) ? txt(rep, 14) : "an unknown place", rk, ri, rd,
                             sqlite3_column_int(rep, 21) ? ", contested" : "");
            if (is_null(rep, 2))
                tally_buf_puts(&b, "  first report of the incident\n");
            else
                tally_buf_printf(&b, "  merged with report %lld: %s\n", (long long)sqlite3_column_int64(rep, 2),
                                 txt(rep, 3) ? txt(rep, 3) : "");
            sqlite3_reset(cl);
            sqlite3_bind_int64(cl, 1, sqlite3_column_int64(rep, 1));
            while (sqlite3_step(cl) == SQLITE_ROW) {
                char ck[64], ci[64], cd[64], counts[256];
                range_text(cl, 5, ck, sizeof ck);
                range_text(cl, 7, ci, sizeof ci);
                range_text(cl, 9, cd, sizeof cd);
                snprintf(counts, sizeof counts, "killed %s%s%s%s%s", ck, strcmp(ci, "-") ? ", injured " : "",
                         strcmp(ci, "-") ? ci : "", strcmp(cd, "-") ? ", detained " : "", strcmp(cd, "-") ? cd : "");
                tally_buf_printf(&b, "  claim by %s%s%s: %s%s%s%s%s\n", txt(cl, 0) ? txt(cl, 0) : "the article",
                                 txt(cl, 1) ? " via " : "", txt(cl, 1) ? txt(cl, 1) : "", counts,
                                 txt(cl, 11) ? " (\"" : "", txt(cl, 11) ? txt(cl, 11) : "", txt(cl, 11) ? "\")" : "",
                                 sqlite3_column_int(cl, 13) ? ", hedged" : "");
                if (!is_null(cl, 14))
                    tally_buf_printf(&b, "    sentence %lld: %.*s\n", (long long)sqlite3_column_int64(cl, 2),
                                     sqlite3_column_bytes(cl, 14), (const char *)sqlite3_column_blob(cl, 14));
            }
        }
        r = flush_all(&b, out, err, errlen);
    }
    return finish(db, &b, st, rep, cl, r);
}
