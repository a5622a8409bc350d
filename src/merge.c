/* merge.c: reports of the same incident across articles become one incident, with
 * counts as the min and max over every claim (the Iraq Body Count rule). Pure logic. */
#include "merge.h"
#include "util.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MERGE_KM 25.0 /* reports of one place lie within this distance */

double tally_merge_km(double lat1, double lon1, double lat2, double lon2) {
    const double r = 6371.0088, rad = 3.14159265358979323846 / 180.0;
    double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
    double h = sin(dlat / 2) * sin(dlat / 2) + cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
    return 2 * r * asin(sqrt(h < 1 ? h : 1));
}

/* ---- dates ---- */

static int month_days(int y, int m) {
    static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : n[(m - 1) % 12];
}

/* The report's date as days [*lo, *hi]: 2 when known to the day, 1 when only to the
 * month or year (the whole month or year), 0 when unknown. */
static int date_span(const tally_incident *in, int32_t *lo, int32_t *hi) {
    tally_ymd s = in->date.start, e = in->date.end.y ? in->date.end : in->date.start;
    if (!s.y || in->date.precision == TALLY_PREC_UNKNOWN)
        return 0;
    if (s.m && s.d && e.m && e.d && in->date.precision == TALLY_PREC_DAY) {
        *lo = tally_ymd_to_days(s);
        *hi = tally_ymd_to_days(e);
        if (*hi < *lo)
            *hi = *lo;
        return 2;
    }
    tally_ymd a = {s.y, s.m ? s.m : 1, s.d ? s.d : 1};
    tally_ymd b = {e.y, e.m ? e.m : 12, 1};
    b.d = (int8_t)(e.m && e.d ? e.d : month_days(b.y, b.m));
    *lo = tally_ymd_to_days(a);
    *hi = tally_ymd_to_days(b);
    if (*hi < *lo)
        *hi = *lo;
    return 1;
}

/* ---- names ---- */

/* Matching form of a name: ASCII letters and digits lower-cased, other ASCII dropped,
 * UTF-8 bytes kept, a leading article (al-, el-, the) dropped. */
static void name_key(const char *s, char *out, size_t cap) {
    size_t n = 0;
    if (!s)
        s = "";
    if ((to_lower((unsigned char)s[0]) == 'a' || to_lower((unsigned char)s[0]) == 'e') &&
        to_lower((unsigned char)s[1]) == 'l' && (s[2] == '-' || s[2] == ' '))
        s += 3;
    else if (strncmp(s, "the ", 4) == 0 || strncmp(s, "The ", 4) == 0)
        s += 4;
    for (; *s && n + 1 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        if (is_alpha(c) || is_digit(c))
            out[n++] = (char)to_lower(c);
        else if (c >= 0x80)
            out[n++] = (char)c;
    }
    out[n] = 0;
}

/* A spelling skeleton of a name key: c, k, q are one letter; vowels, h, w, y and
 * doubled letters are dropped after the first letter. Baquba, Baqubah and Baaquba
 * all give "bkb"; Kandahar and Qandahar "kndr". */
static void skeleton(const char *key, char *out, size_t cap) {
    size_t n = 0;
    for (const char *p = key; *p && n + 1 < cap; p++) {
        char c = *p;
        if (c == 'c' || c == 'q')
            c = 'k';
        int weak = strchr("aeiouyhw", c) != NULL;
        if (p != key && weak)
            continue;
        if (n && out[n - 1] == c)
            continue;
        out[n++] = c;
    }
    out[n] = 0;
}

static int same_text(const char *a, const char *b) {
    if (!a || !b)
        return 0;
    for (; *a && *b; a++, b++)
        if (to_lower((unsigned char)*a) != to_lower((unsigned char)*b))
            return 0;
    return *a == *b;
}

/* Words that say nothing about which group acted. */
static int generic_word(const char *w, size_t n) {
    static const char *const G[] = {"the", "a", "an", "of", "and", "forces", "force", "troops", "soldiers",
                                    "security", "men", "gunmen", "militants", "fighters", "local",
                                    "unknown", "unidentified", "armed", "group", "members", "personnel",
                                    "officials", "units", "unit", "coalition", "joint", "international"};
    for (size_t i = 0; i < ARRAY_LEN(G); i++)
        if (strlen(G[i]) == n && strncmp(G[i], w, n) == 0)
            return 1;
    return 0;
}

/* Lower-case a name without dots (U.S. = US) into out. */
static void fold_name(const char *s, char *out, size_t cap) {
    size_t n = 0;
    for (; *s && n + 1 < cap; s++)
        if (*s != '.')
            out[n++] = (char)to_lower((unsigned char)*s);
    out[n] = 0;
}

/* The next word at or after *p (letters and UTF-8 bytes): sets *w, returns its length
 * (0 at the end) and moves *p past it. */
static size_t next_word(const char **p, const char **w) {
    const char *q = *p;
    while (*q && !is_alpha((unsigned char)*q) && (unsigned char)*q < 0x80)
        q++;
    *w = q;
    while (*q && (is_alpha((unsigned char)*q) || (unsigned char)*q >= 0x80))
        q++;
    *p = q;
    return (size_t)(q - *w);
}

/* The first significant word two actor names share, copied into out; 0 when none. */
static int shared_word(const char *a, const char *b, char *out, size_t cap) {
    char ka[128], kb[128];
    fold_name(a, ka, sizeof ka);
    fold_name(b, kb, sizeof kb);
    const char *p = ka, *w;
    size_t n;
    while ((n = next_word(&p, &w)) > 0) {
        if (generic_word(w, n))
            continue;
        const char *q = kb, *v;
        size_t m;
        while ((m = next_word(&q, &v)) > 0)
            if (m == n && memcmp(v, w, n) == 0) {
                snprintf(out, cap, "%.*s", (int)n, w);
                return 1;
            }
    }
    return 0;
}

/* An actor is known when it has a code or a significant word. */
static int actor_known(const tally_actor *ac) {
    if (ac->role != TALLY_ROLE_PERPETRATOR)
        return 0;
    if (ac->code && ac->code[0])
        return 1;
    char tmp[8];
    return ac->text && shared_word(ac->text, ac->text, tmp, sizeof tmp);
}

/* ---- the rule ---- */

typedef struct {
    char *p;
    size_t len, n;
} why_buf;

static void why_add(why_buf *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void why_add(why_buf *w, const char *fmt, ...) {
    if (!w->p || w->n + 1 >= w->len)
        return;
    if (w->n) {
        int k = snprintf(w->p + w->n, w->len - w->n, "; ");
        w->n += (size_t)k < w->len - w->n ? (size_t)k : w->len - w->n - 1;
    }
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(w->p + w->n, w->len - w->n, fmt, ap);
    va_end(ap);
    if (k > 0)
        w->n += (size_t)k < w->len - w->n ? (size_t)k : w->len - w->n - 1;
}

static const char *loc_name(const tally_location *l) {
    return l->name ? l->name : l->text ? l->text : "?";
}

/* Place rule; 1 when the places can be one place (reason in w). */
static int place_match(const tally_incident *a, const tally_incident *b, why_buf *w) {
    const tally_location *x = &a->location, *y = &b->location;
    if (!a->has_location || !b->has_location || (!x->name && !x->text) || (!y->name && !y->text)) {
        why_add(w, "no place to compare");
        return 0;
    }
    if (x->country && y->country && strcmp(x->country, y->country) != 0) {
        why_add(w, "countries differ (%s, %s)", x->country, y->country);
        return 0;
    }
    if ((x->precision == 3 && !x->admin1) || (y->precision == 3 && !y->admin1)) {
        why_add(w, "only the country is known");
        return 0; /* two reports of "Iraq" on one day are not one incident */
    }
    if (x->geonameid && x->geonameid == y->geonameid) {
        why_add(w, "same place %s (gazetteer %lld)", loc_name(x), (long long)x->geonameid);
        return 1;
    }
    int px = x->precision ? x->precision : 1, py = y->precision ? y->precision : 1;
    if (x->has_coords && y->has_coords && px < 3 && py < 3) {
        double km = tally_merge_km(x->lat, x->lon, y->lat, y->lon);
        if (km <= MERGE_KM) {
            why_add(w, "place %s ~ %s (%.1f km)", loc_name(x), loc_name(y), km);
            return 1;
        }
        why_add(w, "places %s and %s are %.0f km apart", loc_name(x), loc_name(y), km);
        return 0;
    }
    char kx[128], ky[128];
    name_key(loc_name(x), kx, sizeof kx);
    name_key(loc_name(y), ky, sizeof ky);
    if ((px < 3) == (py < 3)) {
        if (kx[0] && strcmp(kx, ky) == 0) {
            why_add(w, "same place name %s", loc_name(x));
            return 1;
        }
        char sx[128], sy[128];
        skeleton(kx, sx, sizeof sx);
        skeleton(ky, sy, sizeof sy);
        if (strlen(sx) >= 2 && strcmp(sx, sy) == 0) {
            why_add(w, "place %s ~ %s (spelling)", loc_name(x), loc_name(y));
            return 1;
        }
        why_add(w, "places %s and %s differ", loc_name(x), loc_name(y));
        return 0;
    }
    /* one names a province (precision 3 with an admin1), the other a place inside it */
    const tally_location *prov = px == 3 ? x : y, *in = px == 3 ? y : x;
    if (prov->admin1 && in->admin1 && same_text(prov->admin1, in->admin1)) {
        why_add(w, "place %s is in %s", loc_name(in), prov->admin1);
        return 1;
    }
    why_add(w, "places %s and %s differ", loc_name(x), loc_name(y));
    return 0;
}

static int violent(const char *t) {
    return strcmp(t, "Battles") == 0 || strcmp(t, "Explosions/Remote violence") == 0 ||
           strcmp(t, "Violence against civilians") == 0;
}

/* Event types are compatible when equal, when one is unknown, or when one side calls
 * violence against civilians what the other calls a battle or an explosion (a raid,
 * a strike that killed civilians). */
static int type_match(const tally_incident *a, const tally_incident *b, why_buf *w) {
    const char *x = a->event_type, *y = b->event_type;
    if (!x || !y) {
        why_add(w, "type %s", x ? x : y ? y : "unknown");
        return 1;
    }
    if (strcmp(x, y) == 0) {
        if (a->sub_event_type && b->sub_event_type && strcmp(a->sub_event_type, b->sub_event_type) != 0)
            why_add(w, "type %s (%s ~ %s)", x, a->sub_event_type, b->sub_event_type);
        else
            why_add(w, "type %s", x);
        return 1;
    }
    if (violent(x) && violent(y) &&
        (strcmp(x, "Violence against civilians") == 0 || strcmp(y, "Violence against civilians") == 0)) {
        why_add(w, "type %s ~ %s", x, y);
        return 1;
    }
    why_add(w, "types %s and %s differ", x, y);
    return 0;
}

static int actor_match(const tally_incident *a, const tally_incident *b, why_buf *w) {
    int ka = 0, kb = 0;
    for (size_t i = 0; i < a->nactors; i++)
        ka |= actor_known(&a->actors[i]);
    for (size_t i = 0; i < b->nactors; i++)
        kb |= actor_known(&b->actors[i]);
    if (!ka || !kb)
        return 1; /* only where both are known */
    for (size_t i = 0; i < a->nactors; i++) {
        const tally_actor *x = &a->actors[i];
        if (x->role != TALLY_ROLE_PERPETRATOR)
            continue;
        for (size_t j = 0; j < b->nactors; j++) {
            const tally_actor *y = &b->actors[j];
            if (y->role != TALLY_ROLE_PERPETRATOR)
                continue;
            if (x->code && y->code && x->code[0] && y->code[0]) {
                size_t n = strlen(x->code) < strlen(y->code) ? strlen(x->code) : strlen(y->code);
                if (n >= 3 && strncmp(x->code, y->code, n) == 0) {
                    why_add(w, "perpetrators %s ~ %s (%s)", x->text ? x->text : x->code,
                            y->text ? y->text : y->code, n == strlen(x->code) ? x->code : y->code);
                    return 1;
                }
                continue;
            }
            char word[64];
            if (x->text && y->text && shared_word(x->text, y->text, word, sizeof word)) {
                why_add(w, "perpetrators %s ~ %s", x->text, y->text);
                return 1;
            }
        }
    }
    why_add(w, "perpetrators differ");
    return 0;
}

int tally_merge_match(const tally_merge_report *ra, const tally_merge_report *rb, char *why, size_t len) {
    why_buf w = {why, len, 0};
    if (why && len)
        why[0] = 0;
    const tally_incident *a = ra->in, *b = rb->in;
    if (a->tally || b->tally) {
        why_add(&w, "a tally over a period is not an incident");
        return 0;
    }
    int32_t alo, ahi, blo, bhi;
    int ka = date_span(a, &alo, &ahi), kb = date_span(b, &blo, &bhi);
    char da[11], db[11];
    tally_ymd_format(a->date.start, da);
    tally_ymd_format(b->date.start, db);
    if (ka == 2 && kb == 2) {
        int32_t gap = alo > bhi ? alo - bhi : blo > ahi ? blo - ahi : 0;
        if (gap > 1) {
            why_add(&w, "dates %s and %s are %d days apart", da, db, (int)gap);
            return 0;
        }
        if (strcmp(da, db) == 0)
            why_add(&w, "same date %s", da);
        else
            why_add(&w, "dates %s ~ %s (%d day%s)", da, db, (int)gap, gap == 1 ? "" : "s");
    } else if (ka && kb) {
        if (alo > bhi || blo > ahi) {
            why_add(&w, "dates %s and %s do not overlap", da, db);
            return 0;
        }
        why_add(&w, "dates %s ~ %s (overlap)", da, db);
    } else {
        why_add(&w, "date %s", ka ? da : kb ? db : "unknown");
    }
    return place_match(a, b, &w) && type_match(a, b, &w) && actor_match(a, b, &w);
}

/* ---- clustering ---- */

typedef struct {
    size_t *m; /* member indices into the input */
    size_t n, cap;
    size_t *rep;   /* members that differ in what the rule reads: the first of each kind */
    size_t nrep, caprep;
    int32_t lo, hi; /* known day span of members; lo > hi when none */
} cluster;

typedef struct {
    const tally_merge_report *r;
    int32_t lo, hi;
    int kind;      /* date_span result */
    uint64_t sig;  /* hash of what tally_merge_match reads */
} item;

static uint64_t sig_add(uint64_t h, const void *p, size_t n) {
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 1099511628211ull;
    return h;
}

static uint64_t sig_str(uint64_t h, const char *s) {
    return s ? sig_add(h, s, strlen(s) + 1) : sig_add(h, "\1", 1);
}

/* A hash of every field the rule reads. Reports of one incident repeated across
 * many articles share it, so a report is matched once against each kind of member
 * rather than against every member. */
static uint64_t signature(const tally_incident *in) {
    uint64_t h = 1469598103934665603ull;
    h = sig_add(h, &in->date.start, sizeof in->date.start);
    h = sig_add(h, &in->date.end, sizeof in->date.end);
    h = sig_add(h, &in->date.precision, 1);
    h = sig_add(h, &in->has_location, 1);
    if (in->has_location) {
        const tally_location *l = &in->location;
        h = sig_str(sig_str(sig_str(sig_str(h, l->text), l->name), l->admin1), l->country);
        h = sig_add(h, &l->has_coords, 1);
        h = sig_add(h, &l->precision, 1);
        h = sig_add(h, &l->geonameid, sizeof l->geonameid);
        if (l->has_coords) {
            h = sig_add(h, &l->lat, sizeof l->lat);
            h = sig_add(h, &l->lon, sizeof l->lon);
        }
    }
    h = sig_str(sig_str(h, in->event_type), in->sub_event_type);
    for (size_t i = 0; i < in->nactors; i++) {
        h = sig_add(h, &in->actors[i].role, 1);
        h = sig_str(sig_str(h, in->actors[i].text), in->actors[i].code);
    }
    return h;
}

static int cmp_item(const void *pa, const void *pb) {
    const item *a = pa, *b = pb;
    int da = a->kind == 2, db = b->kind == 2;
    if (da != db)
        return db - da; /* day-precise first */
    if (da && a->lo != b->lo)
        return a->lo < b->lo ? -1 : 1;
    return strcmp(a->r->key, b->r->key);
}

static int cmp_cstr(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void range_add(tally_range *acc, tally_range r) {
    if (r.min < 0 && r.max < 0)
        return;
    int64_t lo = r.min >= 0 ? r.min : r.max, hi = r.max >= 0 ? r.max : r.min;
    if (acc->min < 0 || lo < acc->min)
        acc->min = lo;
    if (acc->max < 0 || hi > acc->max)
        acc->max = hi;
}

/* The most frequent non-NULL string among vals (the smallest on a tie), or NULL.
 * Sorts vals in place. */
static const char *most_frequent(const char **vals, size_t n) {
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (vals[i])
            vals[k++] = vals[i];
    qsort(vals, k, sizeof *vals, cmp_cstr);
    const char *best = NULL;
    size_t bestn = 0;
    for (size_t i = 0; i < k;) {
        size_t j = i + 1;
        while (j < k && strcmp(vals[i], vals[j]) == 0)
            j++;
        if (j - i > bestn) {
            best = vals[i];
            bestn = j - i;
        }
        i = j;
    }
    return best;
}

/* A source key for a claim: the speaker, lower-cased and trimmed; else the outlet;
 * else the article. Two wire stories quoting one ministry are one source. */
static const char *source_key(tally_arena *a, const char *by, const tally_merge_report *r) {
    const char *s = by && by[0] ? by : r->outlet && r->outlet[0] ? r->outlet : r->article ? r->article : "?";
    size_t n = strlen(s);
    char *k = tally_arena_alloc(a, n + 1);
    size_t j = 0;
    static const char *const ARTICLES[] = {"the ", "The ", "a ", "A ", "an ", "An "};
    for (size_t i = 0; i < ARRAY_LEN(ARTICLES); i++)
        if (strncmp(s, ARTICLES[i], strlen(ARTICLES[i])) == 0) {
            s += strlen(ARTICLES[i]);
            break;
        }
    for (; *s; s++) {
        char c = (char)to_lower((unsigned char)*s);
        if (is_space((unsigned char)c) && (j == 0 || k[j - 1] == ' '))
            continue;
        k[j++] = is_space((unsigned char)c) ? ' ' : c;
    }
    while (j && k[j - 1] == ' ')
        j--;
    k[j] = 0;
    return k;
}

static void summarize(tally_arena *a, const tally_merge_report *r, cluster *c, tally_merged *m) {
    memset(m, 0, sizeof *m);
    m->nmembers = c->n;
    m->fatalities.min = m->fatalities.max = -1;
    m->injured = m->detained = m->civ_killed = m->fatalities;
    m->women = m->children = -1;
    const char **types = tally_arena_alloc(a, c->n * sizeof *types);
    const char **subs = tally_arena_alloc(a, c->n * sizeof *subs);
    size_t nact = 0, nsrc = 0, nart = 0;
    for (size_t i = 0; i < c->n; i++) {
        const tally_incident *in = r[c->m[i]].in;
        nact += in->nactors;
        nsrc += in->nclaims + 1;
    }
    const char **perp = tally_arena_alloc(a, (nact + 1) * sizeof *perp);
    const char **targ = tally_arena_alloc(a, (nact + 1) * sizeof *targ);
    const char **src = tally_arena_alloc(a, nsrc * sizeof *src);
    const char **arts = tally_arena_alloc(a, c->n * sizeof *arts);
    size_t np = 0, nt = 0;
    nsrc = 0;
    int best_prec = 99, victims = 0;
    int32_t dlo = 0, dhi = 0;
    int64_t fig_lo = -1, fig_hi = -1; /* fatality figures across distinct sources */
    const char *fig_src = NULL;
    int figs_differ = 0;
    for (size_t i = 0; i < c->n; i++) {
        const tally_merge_report *rep = &r[c->m[i]];
        const tally_incident *in = rep->in;
        types[i] = in->event_type;
        subs[i] = in->sub_event_type;
        arts[nart++] = rep->article ? rep->article : rep->key;
        range_add(&m->fatalities, in->fatalities);
        range_add(&m->injured, in->injured);
        range_add(&m->detained, in->detained);
        range_add(&m->civ_killed, in->civ_killed);
        if (in->women > m->women)
            m->women = in->women;
        if (in->children > m->children)
            m->children = in->children;
        m->contested |= in->contested;
        int32_t lo, hi;
        if (date_span(in, &lo, &hi)) {
            if (!m->date_start.y || lo < dlo) {
                dlo = lo;
                m->date_start = in->date.start;
            }
            if (!m->date_end.y || hi > dhi) {
                dhi = hi;
                m->date_end = in->date.end.y ? in->date.end : in->date.start;
            }
        }
        if (in->has_location && (in->location.name || in->location.text)) {
            int p = (in->location.precision ? in->location.precision : 2) * 2 - in->location.has_coords;
            if (p < best_prec) {
                best_prec = p;
                m->location = &in->location;
            }
        }
        for (size_t k = 0; k < in->nactors; k++) {
            const tally_actor *ac = &in->actors[k];
            const char *t = ac->text && ac->text[0] ? ac->text : ac->code;
            if (ac->role == TALLY_ROLE_PERPETRATOR)
                perp[np++] = t;
            else
                targ[nt++] = t;
        }
        if (in->nclaims == 0) {
            src[nsrc++] = source_key(a, NULL, rep);
            if (in->fatalities.min >= 0) {
                if (fig_src && (in->fatalities.min != fig_lo || in->fatalities.max != fig_hi) &&
                    strcmp(fig_src, src[nsrc - 1]) != 0)
                    figs_differ = 1;
                fig_lo = in->fatalities.min, fig_hi = in->fatalities.max, fig_src = src[nsrc - 1];
            }
        }
        for (size_t k = 0; k < in->nclaims; k++) {
            const tally_claim *cl = &in->claims[k];
            src[nsrc++] = source_key(a, cl->by, rep);
            range_add(&m->fatalities, cl->fatalities);
            range_add(&m->injured, cl->injured);
            range_add(&m->detained, cl->detained);
            if (cl->victims)
                victims |= 1 << cl->victims;
            if (cl->fatalities.min >= 0 || cl->fatalities.max >= 0) {
                if (fig_src && (cl->fatalities.min != fig_lo || cl->fatalities.max != fig_hi) &&
                    strcmp(fig_src, src[nsrc - 1]) != 0)
                    figs_differ = 1;
                fig_lo = cl->fatalities.min, fig_hi = cl->fatalities.max, fig_src = src[nsrc - 1];
            }
        }
    }
    if ((victims & (1 << TALLY_VICTIMS_CIVILIANS)) && (victims & (1 << TALLY_VICTIMS_COMBATANTS)))
        m->contested = 1;
    if (figs_differ)
        m->contested = 1;
    m->event_type = most_frequent(types, c->n);
    m->sub_event_type = most_frequent(subs, c->n);
    m->actor1 = most_frequent(perp, np);
    m->actor2 = most_frequent(targ, nt);
    qsort(src, nsrc, sizeof *src, cmp_cstr);
    size_t u = 0;
    for (size_t i = 0; i < nsrc; i++)
        if (!u || strcmp(src[u - 1], src[i]) != 0)
            src[u++] = src[i];
    m->sources = src;
    m->nsources = u;
    qsort(arts, nart, sizeof *arts, cmp_cstr);
    for (size_t i = 0; i < nart; i++)
        m->narticles += i == 0 || strcmp(arts[i - 1], arts[i]) != 0;
}

typedef struct {
    char date[11]; /* date_start formatted, "" when unknown */
    const char *key; /* the first member's key */
    size_t i;        /* index of the incident */
} order;

static int cmp_order(const void *pa, const void *pb) {
    const order *a = pa, *b = pb;
    if (!a->date[0] != !b->date[0])
        return a->date[0] ? -1 : 1;
    int c = strcmp(a->date, b->date);
    return c ? c : strcmp(a->key, b->key);
}

size_t tally_merge_run(tally_arena *a, const tally_merge_report *r, size_t n, tally_merged **out) {
    item *it = xmalloc((n ? n : 1) * sizeof *it);
    size_t ni = 0;
    for (size_t i = 0; i < n; i++) {
        if (r[i].in->tally)
            continue;
        it[ni].r = &r[i];
        it[ni].kind = date_span(r[i].in, &it[ni].lo, &it[ni].hi);
        it[ni].sig = signature(r[i].in);
        ni++;
    }
    qsort(it, ni, sizeof *it, cmp_item);
    cluster *cl = xmalloc((ni ? ni : 1) * sizeof *cl);
    long **joined = xmalloc((ni ? ni : 1) * sizeof *joined); /* per cluster: joined_to per member */
    char ***whys = xmalloc((ni ? ni : 1) * sizeof *whys);
    size_t ncl = 0, first_active = 0;
    char why[512];
    for (size_t i = 0; i < ni; i++) {
        const item *x = &it[i];
        size_t from = 0;
        if (x->kind == 2) {
            /* day-precise clusters come first, created in order of their first day; one
               that starts more than a day before x can no longer take x or anything after */
            while (first_active < ncl && cl[first_active].lo < x->lo - 1)
                first_active++;
            from = first_active;
        }
        size_t hit = ncl;
        long hit_member = -1;
        for (size_t c = from; c < ncl && hit == ncl; c++) {
            cluster *k = &cl[c];
            if (x->kind == 2 && k->lo <= k->hi) {
                int32_t lo = x->lo < k->lo ? x->lo : k->lo, hi = x->hi > k->hi ? x->hi : k->hi;
                if (hi - lo > 1)
                    continue;
            }
            /* the first matching member is the first matching representative */
            for (size_t j = 0; j < k->nrep; j++)
                if (tally_merge_match(it[k->rep[j]].r, x->r, why, sizeof why)) {
                    hit = c;
                    hit_member = (long)(it[k->rep[j]].r - r);
                    break;
                }
        }
        if (hit == ncl) {
            cluster *k = &cl[ncl];
            memset(k, 0, sizeof *k);
            k->lo = INT32_MAX;
            k->hi = INT32_MIN;
            joined[ncl] = NULL;
            whys[ncl] = NULL;
            ncl++;
            why[0] = 0;
        }
        cluster *k = &cl[hit];
        if (k->n == k->cap) {
            k->cap = k->cap ? k->cap * 2 : 2;
            k->m = xrealloc(k->m, k->cap * sizeof *k->m);
            joined[hit] = xrealloc(joined[hit], k->cap * sizeof **joined);
            whys[hit] = xrealloc(whys[hit], k->cap * sizeof **whys);
        }
        joined[hit][k->n] = hit_member;
        whys[hit][k->n] = tally_arena_strndup(a, why, strlen(why));
        k->m[k->n++] = (size_t)(x->r - r);
        size_t j = 0;
        while (j < k->nrep && it[k->rep[j]].sig != x->sig)
            j++;
        if (j == k->nrep) {
            if (k->nrep == k->caprep) {
                k->caprep = k->caprep ? k->caprep * 2 : 2;
                k->rep = xrealloc(k->rep, k->caprep * sizeof *k->rep);
            }
            k->rep[k->nrep++] = i;
        }
        if (x->kind == 2) {
            if (x->lo < k->lo)
                k->lo = x->lo;
            if (x->hi > k->hi)
                k->hi = x->hi;
        }
    }
    tally_merged *m = tally_arena_alloc(a, (ncl ? ncl : 1) * sizeof *m);
    for (size_t c = 0; c < ncl; c++) {
        summarize(a, r, &cl[c], &m[c]);
        m[c].members = tally_arena_alloc(a, cl[c].n * sizeof *m[c].members);
        for (size_t j = 0; j < cl[c].n; j++) {
            m[c].members[j].report = cl[c].m[j];
            m[c].members[j].joined_to = joined[c][j];
            m[c].members[j].why = whys[c][j];
        }
        free(cl[c].m);
        free(cl[c].rep);
        free(joined[c]);
        free(whys[c]);
    }
    /* order: by date, then by the first member's key */
    order *o = xmalloc((ncl ? ncl : 1) * sizeof *o);
    for (size_t c = 0; c < ncl; c++) {
        tally_ymd_format(m[c].date_start, o[c].date);
        o[c].key = r[m[c].members[0].report].key;
        o[c].i = c;
    }
    qsort(o, ncl, sizeof *o, cmp_order);
    tally_merged *sorted = tally_arena_alloc(a, (ncl ? ncl : 1) * sizeof *sorted);
    for (size_t c = 0; c < ncl; c++)
        sorted[c] = m[o[c].i];
    free(o);
    m = sorted;
    free(cl);
    free(joined);
    free(whys);
    free(it);
    *out = m;
    return ncl;
}
