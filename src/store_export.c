/* store_export.c: reading the store: the filtered incident table, the explanation of
 * a merged incident, and the field's formats (ACLED, CAMEO events, GeoJSON, JSON). */
#include "actors.h"
#include "names.h"
#include "store.h"
#include "util.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

static int fail(sqlite3 *db, char *err, size_t errlen, const char *what) {
    snprintf(err, errlen, "%s: %s", what, sqlite3_errmsg(db));
    return TALLY_EDB;
}

/* tally_actor(code, words, country): "INTER|NAME", the actor as ACLED names it
 * (data/actor-names.tsv through names.c) with its inter code, or NULL. */
static void sql_actor(sqlite3_context *cx, int argc, sqlite3_value **v) {
    (void)argc;
    char name[256];
    int inter;
    const char *n = tally_names_actor((const char *)sqlite3_value_text(v[0]), (const char *)sqlite3_value_text(v[1]),
                                      (const char *)sqlite3_value_text(v[2]), name, sizeof name, &inter);
    if (!n) {
        sqlite3_result_null(cx);
        return;
    }
    char out[300];
    snprintf(out, sizeof out, "%d|%s", inter, n);
    sqlite3_result_text(cx, out, -1, SQLITE_TRANSIENT);
}

/* The store's connection, with the functions the queries here call. */
static sqlite3 *db_of(tally_store *s) {
    sqlite3 *db = tally_store_db(s);
    sqlite3_create_function(db, "tally_actor", 3, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_actor, NULL, NULL);
    return db;
}

/* The named actors of an incident in roles (an SQL test of a.role), as "INTER|NAME". */
#define ACTOR_NAMES_OF(roles)                                                                              \
    " FROM incident_reports ir JOIN actors a ON a.report = ir.report WHERE ir.incident = incidents.id"     \
    " AND a.role " roles " AND tally_actor(a.code, a.text, incidents.country) IS NOT NULL"
/* The most frequent of them (the first told on a tie), and all of them joined by "; ". */
#define ACTOR_OF(roles)                                                                                    \
    "(SELECT tally_actor(a.code, a.text, incidents.country) AS n" ACTOR_NAMES_OF(roles)                    \
    " GROUP BY n ORDER BY count(*) DESC, min(ir.ord * 10000 + a.idx) LIMIT 1)"
#define ACTORS_OF(roles)                                                                                   \
    "(SELECT group_concat(n, '; ') FROM (SELECT DISTINCT tally_actor(a.code, a.text, incidents.country) AS n" \
    ACTOR_NAMES_OF(roles) "))"

/* Columns of the incidents table, in the order every query here selects them. */
#define INCIDENT_COLS                                                                                       \
    "id, event_type, sub_event_type, date_start, date_end, place_name, admin1, country, lat, lon,"          \
    " geo_precision, actor1, actor2, actors, killed_min, killed_max, injured_min, injured_max,"            \
    " detained_min, detained_max, civ_min, civ_max, women, children, contested, n_reports, n_articles,"    \
    " n_sources, sources, outlets, " ACTOR_OF("= 0") ", " ACTOR_OF("IN (1, 2)") ", " ACTORS_OF("= 0") ", "  \
    ACTORS_OF("IN (1, 2)") ","                                                                              \
    " (SELECT a.url FROM incident_reports ir JOIN reports r ON r.id = ir.report JOIN articles a"            \
    " ON a.id = r.article WHERE ir.incident = incidents.id AND a.url IS NOT NULL ORDER BY ir.ord LIMIT 1)"
enum {
    C_ID, C_TYPE, C_SUB, C_START, C_END, C_PLACE, C_ADMIN1, C_COUNTRY, C_LAT, C_LON, C_PREC, C_ACTOR1,
    C_ACTOR2, C_ACTORS, C_KILLED, C_KILLED_MAX, C_INJURED, C_INJURED_MAX, C_DETAINED, C_DETAINED_MAX,
    C_CIV, C_CIV_MAX, C_WOMEN, C_CHILDREN, C_CONTESTED, C_REPORTS, C_ARTICLES, C_NSOURCES, C_SOURCES,
    C_OUTLETS, C_NAME1, C_NAME2, C_NAMES1, C_NAMES2, C_URL
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
    if (f->actor) /* the raw words or the ACLED name */
        cond(w, "(actors LIKE '%' || ? || '%' OR EXISTS (SELECT 1" ACTOR_NAMES_OF("IN (0, 1, 2)")
                " AND tally_actor(a.code, a.text, incidents.country) LIKE '%' || ? || '%'))", f->actor);
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

/* An actor's ACLED name and inter code. */
typedef struct {
    const char *name; /* NULL when the table names none */
    int inter;        /* 1-8, 0 when unknown */
} named;

/* The named actor in column i ("INTER|NAME", from ACTOR_OF). */
static named named_at(sqlite3_stmt *st, int i) {
    named n = {NULL, 0};
    const char *v = txt(st, i), *bar = v ? strchr(v, '|') : NULL;
    if (bar) {
        n.inter = atoi(v);
        n.name = bar + 1;
    }
    return n;
}

/* The names in list ("INTER|NAME; INTER|NAME", from ACTORS_OF) other than skip,
 * joined by "; " into b (ACLED's assoc_actor columns). */
static void other_names(tally_buf *b, const char *list, const char *skip) {
    size_t start = b->len;
    for (const char *p = list; p && *p;) {
        const char *e = strstr(p, "; "), *bar = strchr(p, '|');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (bar && bar < p + len) {
            const char *nm = bar + 1;
            size_t nlen = (size_t)(p + len - nm);
            if (!skip || strlen(skip) != nlen || memcmp(skip, nm, nlen) != 0) {
                if (b->len > start)
                    tally_buf_puts(b, "; ");
                tally_buf_put(b, nm, nlen);
            }
        }
        p += len + (e ? 2 : 0);
    }
}

/* A cell a spreadsheet would read as a formula (= + - @, a tab or CR first) gets a
 * leading "'" so that it is shown as text (OWASP's CSV injection advice). */
static int formula_like(const char *s) { return s[0] && strchr("=+-@\t\r", s[0]) != NULL; }

static void put_csv(tally_buf *b, const char *s, char sep) {
    if (!s) {
        tally_buf_put(b, &sep, 1);
        return;
    }
    int formula = formula_like(s);
    if (formula || strpbrk(s, "\",\n\r")) {
        tally_buf_puts(b, formula ? "\"'" : "\"");
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

/* ,"actorN": the ACLED name,"actorN_text": the words most reports give,"interN". */
static void json_actor(tally_buf *b, const char *n, sqlite3_stmt *st, int name_col, int text_col) {
    named a = named_at(st, name_col);
    tally_buf_printf(b, ",\"actor%s\":", n);
    put_json_str(b, a.name);
    tally_buf_printf(b, ",\"actor%s_text\":", n);
    put_json_str(b, txt(st, text_col));
    if (a.inter)
        tally_buf_printf(b, ",\"inter%s\":%d", n, a.inter);
    else
        tally_buf_printf(b, ",\"inter%s\":null", n);
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
    json_actor(b, "1", st, C_NAME1, C_ACTOR1);
    json_actor(b, "2", st, C_NAME2, C_ACTOR2);
    kv_str(b, "url", txt(st, C_URL));
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
    const char *a1 = named_at(st, C_NAME1).name, *a2 = named_at(st, C_NAME2).name;
    snprintf(cell, sizeof cell, "%s%s%s", a1 ? a1 : a2 ? "?" : "", a2 ? " -> " : "", a2 ? a2 : "");
    put_cell(b, cell, 80);
    while (b->len && b->p[b->len - 1] == ' ')
        b->p[--b->len] = 0;
    tally_buf_puts(b, "\n");
}

static const char *CSV_HEADER = "id,date_start,date_end,event_type,sub_event_type,place,admin1,country,latitude,"
                                "longitude,geo_precision,killed_min,killed_max,injured_min,injured_max,"
                                "detained_min,detained_max,contested,n_sources,n_reports,n_articles,actor1,actor2,"
                                "sources,outlets,actor1_text,actor2_text,url\n";

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
    put_csv(b, named_at(st, C_NAME1).name, ',');
    put_csv(b, named_at(st, C_NAME2).name, ',');
    put_csv(b, txt(st, C_SOURCES), ',');
    put_csv(b, txt(st, C_OUTLETS), ',');
    put_csv(b, txt(st, C_ACTOR1), ',');
    put_csv(b, txt(st, C_ACTOR2), ',');
    put_csv(b, txt(st, C_URL), '\n');
}

static const char *ACLED_HEADER =
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,"
    "inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,"
    "location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp\n";

/* Days since 1970-01-01 of "YYYY-MM-DD" (the civil calendar), or -1. */
static long day_number(const char *d) {
    int y, m, dd;
    if (!d || sscanf(d, "%4d-%2d-%2d", &y, &m, &dd) != 3)
        return -1;
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400, yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

/* ACLED's time precision: 1 the day is known, 2 a span of a week at most, 3 longer
 * or only the month. */
static int time_precision(const char *ds, const char *de) {
    long s = day_number(ds), e = de ? day_number(de) : s;
    if (s < 0 || e < 0)
        return 3;
    return e == s ? 1 : e - s <= 7 ? 2 : 3;
}

/* ACLED's disorder type of an event type and sub-event type. */
static const char *disorder_type(const char *type, const char *sub) {
    if (!type)
        return NULL;
    if (strcmp(type, "Protests") == 0)
        return "Demonstrations";
    if (strcmp(type, "Riots") == 0)
        return sub && strcmp(sub, "Mob violence") == 0 ? "Political violence" : "Demonstrations";
    if (strcmp(type, "Strategic developments") == 0)
        return "Strategic developments";
    if (sub && strcmp(sub, "Excessive force against protesters") == 0)
        return "Political violence; Demonstrations";
    return "Political violence";
}

/* actor1 when no report names who did it: ACLED's unidentified armed group for
 * violence, protesters for a protest; nobody for the rest (arrests). */
static named unnamed_actor1(sqlite3_stmt *st, char *buf, size_t cap) {
    named n = {NULL, 0};
    const char *type = txt(st, C_TYPE), *role = NULL;
    if (type && (strcmp(type, "Protests") == 0))
        role = "---OPP";
    else if (type && strcmp(type, "Strategic developments") != 0 && strcmp(type, "Riots") != 0)
        role = "---REB";
    if (role)
        n.name = tally_names_actor(role, NULL, txt(st, C_COUNTRY), buf, cap, &n.inter);
    return n;
}

/* notes: the range behind the conservative figure, and who backs it. */
static void acled_notes(tally_buf *b, sqlite3_stmt *st) {
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
    if (txt(st, C_ACTOR1))
        tally_buf_printf(&notes, "; actor1 as reported: %s", txt(st, C_ACTOR1));
    if (txt(st, C_ACTOR2))
        tally_buf_printf(&notes, "; actor2 as reported: %s", txt(st, C_ACTOR2));
    if (txt(st, C_SOURCES))
        tally_buf_printf(&notes, "; sources: %s", txt(st, C_SOURCES));
    tally_buf_puts(&notes, ".");
    put_csv(b, notes.p, ',');
    tally_buf_free(&notes);
}

/* actorN,assoc_actor_N,interN */
static void acled_actor(tally_buf *b, named a, sqlite3_stmt *st, int names_col) {
    put_csv(b, a.name, ',');
    tally_buf assoc = {0};
    other_names(&assoc, txt(st, names_col), a.name);
    put_csv(b, assoc.len ? assoc.p : NULL, ',');
    tally_buf_free(&assoc);
    if (a.inter)
        tally_buf_printf(b, "%d", a.inter);
    tally_buf_puts(b, ",");
}

/* One incident in ACLED's columns. An incident with no day at all (not even its
 * month) has no row: ACLED's every event has a date. A month alone ("2010-01") is its
 * first day with time precision 3. */
static void acled_row(tally_buf *b, sqlite3_stmt *st) {
    char cell[512], unnamed[256];
    const char *iso3 = txt(st, C_COUNTRY), *d = txt(st, C_START);
    if (!d || strlen(d) < 7)
        return;
    const tally_country *c = tally_names_country(iso3);
    snprintf(cell, sizeof cell, "%s%lld", iso3 ? iso3 : "XXX", (long long)sqlite3_column_int64(st, C_ID));
    put_csv(b, cell, ',');
    tally_buf_printf(b, "%.10s%s,%.4s,", d, strlen(d) == 7 ? "-01" : "", d);
    tally_buf_printf(b, "%d,", strlen(d) == 7 ? 3 : time_precision(d, txt(st, C_END)));
    put_csv(b, disorder_type(txt(st, C_TYPE), txt(st, C_SUB)), ',');
    put_csv(b, txt(st, C_TYPE), ',');
    put_csv(b, txt(st, C_SUB), ',');
    named a1 = named_at(st, C_NAME1), a2 = named_at(st, C_NAME2);
    if (!a1.name)
        a1 = unnamed_actor1(st, unnamed, sizeof unnamed);
    acled_actor(b, a1, st, C_NAMES1);
    acled_actor(b, a2, st, C_NAMES2);
    int lo = a1.inter < a2.inter ? a1.inter : a2.inter, hi = a1.inter < a2.inter ? a2.inter : a1.inter;
    if (a1.inter) /* ACLED's interaction: the two inter codes, the lower first; 10 for one */
        tally_buf_printf(b, "%d", lo ? lo * 10 + hi : hi * 10);
    tally_buf_puts(b, a2.inter == 7 ? ",Civilian targeting," : ",,");
    if (c)
        tally_buf_printf(b, "%d,", c->numeric);
    else
        tally_buf_puts(b, ",");
    put_csv(b, c ? c->region : NULL, ',');
    put_csv(b, c ? c->name : NULL, ',');
    put_csv(b, txt(st, C_ADMIN1), ',');
    tally_buf_puts(b, ",,"); /* admin2, admin3: not resolved */
    put_csv(b, txt(st, C_PLACE), ',');
    put_csv_point(b, st, 4);
    put_csv(b, txt(st, C_OUTLETS) ? txt(st, C_OUTLETS) : txt(st, C_SOURCES), ',');
    tally_buf_puts(b, ","); /* source_scale: not known */
    acled_notes(b, st);
    tally_buf_printf(b, "%lld,,\n", is_null(st, C_KILLED) ? 0LL : (long long)sqlite3_column_int64(st, C_KILLED));
}

/* ,"key":N or ,"key":null from column i. */
static void kv_int(tally_buf *b, const char *key, sqlite3_stmt *st, int i) {
    if (is_null(st, i))
        tally_buf_printf(b, ",\"%s\":null", key);
    else
        tally_buf_printf(b, ",\"%s\":%lld", key, (long long)sqlite3_column_int64(st, i));
}

/* One RFC 7946 Feature per incident with a point: flat properties a map tool shows
 * (type, date, killed_min and killed_max, contested, place) and the id to link back. */
static void geojson_row(tally_buf *b, sqlite3_stmt *st, int *first) {
    if (is_null(st, C_LAT))
        return;
    tally_buf_puts(b, *first ? "\n" : ",\n");
    *first = 0;
    long long id = (long long)sqlite3_column_int64(st, C_ID);
    tally_buf_printf(b, "{\"type\":\"Feature\",\"id\":%lld,\"geometry\":{\"type\":\"Point\",\"coordinates\":[%.5f,%.5f]},"
                        "\"properties\":{\"id\":%lld,\"type\":",
                     id, sqlite3_column_double(st, C_LON), sqlite3_column_double(st, C_LAT), id);
    put_json_str(b, txt(st, C_SUB) ? txt(st, C_SUB) : txt(st, C_TYPE));
    kv_str(b, "event_type", txt(st, C_TYPE));
    kv_str(b, "sub_event_type", txt(st, C_SUB));
    kv_str(b, "date", txt(st, C_START));
    kv_str(b, "date_end", txt(st, C_END));
    /* the lowest stands in for a missing highest and the other way round */
    kv_int(b, "killed_min", st, is_null(st, C_KILLED) ? C_KILLED_MAX : C_KILLED);
    kv_int(b, "killed_max", st, is_null(st, C_KILLED_MAX) ? C_KILLED : C_KILLED_MAX);
    tally_buf_printf(b, ",\"contested\":%s", sqlite3_column_int(st, C_CONTESTED) ? "true" : "false");
    kv_str(b, "place", txt(st, C_PLACE));
    kv_str(b, "admin1", txt(st, C_ADMIN1));
    kv_str(b, "country", txt(st, C_COUNTRY));
    kv_str(b, "actor1", named_at(st, C_NAME1).name);
    kv_str(b, "actor2", named_at(st, C_NAME2).name);
    tally_buf_printf(b, ",\"sources\":%lld", (long long)sqlite3_column_int64(st, C_NSOURCES));
    kv_str(b, "url", txt(st, C_URL));
    tally_buf_puts(b, "}}");
}

/* The events query: each event's day, codes, story and sentence, the country and
 * point of the incident its sentence tells (else the article's most told country),
 * for the events of the articles behind the incidents that pass the filter. */
static const char *CAMEO_SQL =
    "SELECT coalesce(e.date, a.date), e.source, e.target, e.code, e.quad_class, e.goldstein, a.doc_id, e.sentence,"
    " a.url, substr(CAST(a.text AS BLOB), e.start_byte + 1, e.end_byte - e.start_byte),"
    " coalesce((SELECT p.country FROM evidence ev JOIN reports r ON r.id = ev.report JOIN places p ON p.id = r.place"
    "   WHERE ev.article = e.article AND ev.sentence = e.sentence AND p.country IS NOT NULL LIMIT 1),"
    "  (SELECT p.country FROM reports r JOIN places p ON p.id = r.place WHERE r.article = e.article"
    "   AND p.country IS NOT NULL GROUP BY p.country ORDER BY count(*) DESC LIMIT 1)),"
    " (SELECT p.lat || ' ' || p.lon FROM evidence ev JOIN reports r ON r.id = ev.report JOIN places p ON p.id = r.place"
    "   WHERE ev.article = e.article AND ev.sentence = e.sentence AND p.lat IS NOT NULL LIMIT 1)"
    " FROM events e JOIN articles a ON a.id = e.article"
    " WHERE coalesce(e.date, a.date, '') >= ?1 AND coalesce(e.date, a.date, '') <= ?2"
    " AND length(coalesce(e.date, a.date)) = 10";

/* A code with no country ("---MIL") takes the sentence's country: AFGMIL. */
static const char *country_code(const char *code, const char *iso3, char *buf, size_t cap) {
    if (!code || strncmp(code, "---", 3) != 0 || !iso3)
        return code;
    snprintf(buf, cap, "%.3s%s", iso3, code + 3);
    return buf;
}

/* The words of the actor mention in sentence text (len bytes) whose code is code
 * (or whose role is code's, "security forces" for AFGMIL), written as a TSV field. */
static void actor_words(tally_buf *b, const char *text, size_t len, const char *code, int32_t day, char sep) {
    tally_arena *a = tally_arena_new();
    const tally_text *t = tally_text_new(a, text ? text : "", text ? len : 0);
    tally_tokens tk;
    tally_tokens_split(a, t, &tk);
    const char *w = "";
    for (size_t s = 0; s < tk.nsents && code && !*w; s++) {
        tally_actor_mention *m;
        size_t n = tally_actors_find(a, &tk, s, day, NULL, &m);
        for (int pass = 0; pass < 2 && !*w; pass++)
            for (size_t k = 0; k < n && !*w; k++) {
                const char *c = m[k].code;
                size_t cl = c ? strlen(c) : 0;
                if (!c || !(pass == 0 ? strcmp(c, code) == 0 : cl > 3 && strlen(code) >= cl && strcmp(code + 3, c + 3) == 0))
                    continue;
                uint32_t x = tk.toks[m[k].start].start;
                const tally_token *y = &tk.toks[m[k].end - 1];
                w = tally_arena_strndup(a, t->text + x, y->start + y->len - x);
            }
    }
    put_tsv(b, w, sep);
    tally_arena_free(a);
}

/* One event: date (YYYYMMDD), source, target, code, root code, quad class,
 * Goldstein, story id, sentence number, sentence, source words, target words, lat,
 * lon, URL. */
static void cameo_row(tally_buf *b, sqlite3_stmt *st) {
    const char *d = txt(st, 0), *iso3 = txt(st, 10), *code = txt(st, 3);
    char ymd[9], src[40], tgt[40];
    snprintf(ymd, sizeof ymd, "%.4s%.2s%.2s", d, d + 5, d + 8);
    const char *s = country_code(txt(st, 1), iso3, src, sizeof src);
    const char *t = country_code(txt(st, 2), iso3, tgt, sizeof tgt);
    put_tsv(b, ymd, '\t');
    put_tsv(b, s, '\t');
    put_tsv(b, t, '\t');
    put_tsv(b, code, '\t');
    tally_buf_printf(b, "%.2s\t", code ? code : "");
    put_csv_int(b, st, 4, '\t');
    if (is_null(st, 5))
        tally_buf_puts(b, "\t");
    else
        tally_buf_printf(b, "%.1f\t", sqlite3_column_double(st, 5));
    put_tsv(b, txt(st, 6), '\t');
    tally_buf_printf(b, "%lld\t", (long long)sqlite3_column_int64(st, 7));
    const char *sent = sqlite3_column_blob(st, 9);
    size_t slen = (size_t)sqlite3_column_bytes(st, 9);
    char *sz = xmalloc(slen + 1);
    if (slen)
        memcpy(sz, sent, slen);
    sz[slen] = 0;
    put_tsv(b, sz, '\t');
    int32_t day = (int32_t)atoi(ymd);
    actor_words(b, sz, slen, s, day, '\t');
    actor_words(b, sz, slen, t, day, '\t');
    free(sz);
    double lat, lon;
    if (txt(st, 11) && sscanf(txt(st, 11), "%lf %lf", &lat, &lon) == 2)
        tally_buf_printf(b, "%.4f\t%.4f\t", lat, lon);
    else
        tally_buf_puts(b, "\t\t");
    put_tsv(b, txt(st, 8), '\n');
}

/* CAMEO events, Phoenix/TABARI style, tab-separated, no header (cameo_row). Events
 * with no day (neither their own nor their article's) are left out: the layout
 * starts with the day. With filters beyond the dates, the events of the articles
 * that report the incidents that pass them. */
static int cameo(sqlite3 *db, const tally_store_filter *f, FILE *out, char *err, size_t errlen) {
    sqlite3_stmt *st;
    char to[16] = "9999";
    if (f->to)
        snprintf(to, sizeof to, "%s%s", f->to, strlen(f->to) == 4 ? "-12-31" : strlen(f->to) == 7 ? "-31" : "");
    tally_store_filter g = *f;
    g.from = g.to = NULL;
    g.limit = g.offset = 0;
    where w; /* the incidents' filter, for a subquery */
    memset(&w, 0, sizeof w);
    build_where(&w, &g);
    tally_buf q = {0};
    tally_buf_puts(&q, CAMEO_SQL);
    if (w.where)
        tally_buf_printf(&q, " AND e.article IN (SELECT r.article FROM incident_reports ir JOIN reports r ON r.id = ir.report"
                             " WHERE ir.incident IN (SELECT id FROM incidents%s))",
                         w.sql.p);
    tally_buf_puts(&q, " ORDER BY coalesce(e.date, a.date), a.doc_id, e.idx");
    int prc = sqlite3_prepare_v2(db, q.p, -1, &st, NULL);
    tally_buf_free(&q);
    tally_buf_free(&w.sql);
    if (prc != SQLITE_OK)
        return fail(db, err, errlen, "cannot query the events");
    sqlite3_bind_text(st, 1, f->from ? f->from : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, to, -1, SQLITE_TRANSIENT);
    for (size_t i = 0; i < w.n; i++)
        sqlite3_bind_text(st, (int)i + 3, w.vals[i], -1, SQLITE_TRANSIENT);
    tally_buf b = {0};
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        cameo_row(&b, st);
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
    sqlite3 *db = db_of(s);
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
    sqlite3 *db = db_of(s);
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
                                       "country || '/' || admin1", "coalesce(sub_event_type, event_type)",
                                       "substr(" ACTOR_OF("= 0") ", 3)"};
    static const char *const HAVE[] = {"length(date_start) >= 10", "length(date_start) >= 10", "admin1 IS NOT NULL",
                                       "k IS NOT NULL", "k IS NOT NULL"};
    sqlite3 *db = db_of(s);
    where w;
    memset(&w, 0, sizeof w);
    tally_buf_printf(&w.sql,
                     "SELECT %s AS k, count(*), sum(coalesce(killed_min, killed_max, 0)),"
                     " sum(coalesce(killed_max, killed_min, 0)), max(country), max(admin1), avg(lat), avg(lon)"
                     " FROM incidents",
                     KEYS[by]);
    build_where(&w, f);
    cond(&w, HAVE[by], NULL);
    tally_buf_puts(&w.sql, by >= TALLY_AGG_TYPE ? " GROUP BY k ORDER BY count(*) DESC, k" : " GROUP BY k ORDER BY k");
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
    sqlite3 *db = db_of(s);
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
