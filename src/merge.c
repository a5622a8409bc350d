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

/* The country and role of a CAMEO actor code ("USACOP": USA, COP; "COP": role only;
 * "IRQ": country only), the armed arms of a state (COP police, MIL military, SPY)
 * being one role: police = officers = law enforcement. */
static void code_parts(const char *code, char ctry[4], char role[4]) {
    static const char *const ROLES[] = {"COP", "MIL", "SPY", "GOV", "REB", "INS", "LEG", "JUD", "MED", "BUS",
                                        "CVL", "EDU", "CRM", "OPP", "UAF", "IGO", "NGO", "REF", "HLH", "LAB"};
    ctry[0] = role[0] = 0;
    size_t n = strlen(code);
    const char *r = NULL;
    if (n >= 6)
        memcpy(ctry, code, 3), ctry[3] = 0, r = code + 3;
    else if (n >= 3) {
        for (size_t i = 0; i < ARRAY_LEN(ROLES) && !r; i++)
            if (strncmp(code, ROLES[i], 3) == 0)
                r = code;
        if (!r)
            memcpy(ctry, code, 3), ctry[3] = 0;
    }
    if (r) {
        int sec = strncmp(r, "COP", 3) == 0 || strncmp(r, "MIL", 3) == 0 || strncmp(r, "SPY", 3) == 0;
        memcpy(role, sec ? "SEC" : r, 3);
        role[3] = 0;
    }
}

/* Two coded perpetrators agree when neither their country nor their role differ. */
static int codes_agree(const char *x, const char *y) {
    char cx[4], rx[4], cy[4], ry[4];
    code_parts(x, cx, rx);
    code_parts(y, cy, ry);
    if (cx[0] && cy[0] && strcmp(cx, cy) != 0)
        return 0;
    if (rx[0] && ry[0] && strcmp(rx, ry) != 0)
        return 0;
    return 1;
}

/* Perpetrators agree where both are known: by code when both have one, else by a
 * significant word. */
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
                if (codes_agree(x->code, y->code)) {
                    why_add(w, "perpetrators %s ~ %s (%s ~ %s)", x->text ? x->text : x->code,
                            y->text ? y->text : y->code, x->code, y->code);
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

#define FOLLOWUP_DAYS 7 /* a story dated only by its article tells of this week's incident */

const char TALLY_MERGE_RULES[] =
    "Reports are one incident when their days are within a day of each other, or when a "
    "report that names no day (dated only by its article) comes up to 7 days after the "
    "other's day and counts the same dead or injured (a follow-up); a report without a "
    "day joins only a report of its own article at the same place, and two reports of one "
    "article that differ in day or place stay apart, never bridged by a third; their "
    "places are the same (the same gazetteer entry, within 25 km, the same name or "
    "spelling, or a town inside the province the other names), or both name one person "
    "in one country (a place misread); their event types are "
    "compatible (one source's violence against civilians is another's battle or "
    "explosion); and their perpetrators agree by code where both are known (country and "
    "role; police = officers = law enforcement). Candidates are only the incidents of the "
    "same day window and the same admin1, 25 km grid cell, place name or person. Counts are the "
    "lowest and highest figure of any report (a part never widens or contests a total); "
    "an incident is contested when two sources give totals that cannot both be true, or "
    "call the same dead civilians and combatants.";

static int same_article(const tally_merge_report *a, const tally_merge_report *b) {
    return a->article && b->article && strcmp(a->article, b->article) == 0;
}

/* A report dated only by its article: it names no day, and its day is the article's. */
static int dated_by_article(const tally_merge_report *r) {
    const tally_incident *in = r->in;
    tally_ymd d = in->date.start, p = r->published;
    return !in->date_text && p.y && d.y == p.y && d.m == p.m && d.d == p.d;
}

/* Both ranges known and overlapping: 1; one unknown: -1; apart: 0. */
static int ranges_meet(tally_range x, tally_range y) {
    if (x.min < 0 || y.min < 0)
        return -1;
    int64_t xh = x.max >= 0 ? x.max : x.min, yh = y.max >= 0 ? y.max : y.min;
    return x.min <= yh && y.min <= xh;
}

/* A follow-up counts the same people: its killed and injured meet the other's where
 * both are told, and at least one of them is told by both. */
static int counts_agree(const tally_incident *a, const tally_incident *b) {
    int k = ranges_meet(a->fatalities, b->fatalities), i = ranges_meet(a->injured, b->injured);
    return k != 0 && i != 0 && (k == 1 || i == 1);
}

/* Date rule: 1 when the days allow one incident (reason in w). */
static int date_match(const tally_merge_report *ra, const tally_merge_report *rb, why_buf *w) {
    int32_t alo, ahi, blo, bhi;
    int ka = date_span(ra->in, &alo, &ahi) == 2, kb = date_span(rb->in, &blo, &bhi) == 2;
    char da[11], db[11];
    tally_ymd_format(ra->in->date.start, da);
    tally_ymd_format(rb->in->date.start, db);
    if (!ka || !kb) {
        if (same_article(ra, rb)) {
            why_add(w, "no day: the same article");
            return 1;
        }
        why_add(w, ka || kb ? "a report without a day never joins a dated one" : "no day to compare");
        return 0;
    }
    if (same_article(ra, rb) && (alo != blo || ahi != bhi)) {
        why_add(w, "one article tells them apart (%s, %s)", da, db);
        return 0;
    }
    int32_t gap = alo > bhi ? alo - bhi : blo > ahi ? blo - ahi : 0;
    if (gap <= 1) {
        if (strcmp(da, db) == 0)
            why_add(w, "same date %s", da);
        else
            why_add(w, "dates %s ~ %s (%d day%s)", da, db, (int)gap, gap == 1 ? "" : "s");
        return 1;
    }
    int fa = dated_by_article(ra), fb = dated_by_article(rb);
    if (fa != fb && counts_agree(ra->in, rb->in)) {
        int32_t pub = fa ? alo : blo, lo = fa ? blo : alo, hi = fa ? bhi : ahi;
        if (pub >= hi && pub - lo <= FOLLOWUP_DAYS) {
            why_add(w, "follow-up: a story of %s that names no day, %d days after %s", fa ? da : db, (int)(pub - lo),
                    fa ? db : da);
            return 1;
        }
    }
    why_add(w, "dates %s and %s are %d days apart", da, db, (int)gap);
    return 0;
}

/* ---- people named ---- */

/* Words that open or fill a capitalized run without naming anyone. */
static int title_word(const char *w, size_t n) {
    static const char *const T[] = {"The", "A", "An", "Mr", "Mrs", "Ms", "Dr", "Police", "Officer", "Officers",
                                    "Sgt", "Lt", "Det", "Detective", "Chief", "Sheriff", "Deputy", "Capt",
                                    "County", "City", "Street", "Avenue", "Road", "Unit", "Homicide", "Department",
                                    "Jr", "Sr", "St", "And", "Of"};
    for (size_t i = 0; i < ARRAY_LEN(T); i++)
        if (strlen(T[i]) == n && strncmp(T[i], w, n) == 0)
            return 1;
    return 0;
}

/* The first full name (two or more capitalized words: "Jane Q. Roe" gives "jane roe")
 * in words, lower-cased into out; 0 when none. */
static int full_name(const char *words, char *out, size_t cap) {
    const char *p = words, *first = NULL, *last = NULL;
    size_t nfirst = 0, nlast = 0, run = 0;
    for (;;) {
        while (*p == ' ' || *p == '.')
            p++;
        const char *w = p;
        while (is_alpha((unsigned char)*p) || *p == '-' || *p == '\'')
            p++;
        size_t n = (size_t)(p - w);
        int cap_word = n >= 2 && is_upper((unsigned char)w[0]) && !is_upper((unsigned char)w[1]);
        if (n == 1 && is_upper((unsigned char)w[0]) && *p == '.')
            continue; /* an initial */
        if (cap_word && !title_word(w, n)) {
            if (!run++)
                first = w, nfirst = n;
            last = w, nlast = n;
            continue;
        }
        if (run >= 2)
            break;
        run = 0;
        if (!*p || n == 0) {
            if (!*p)
                break;
            p++;
        }
    }
    if (run < 2 || nfirst + nlast + 2 > cap)
        return 0;
    size_t k = 0;
    for (size_t i = 0; i < nfirst; i++)
        out[k++] = (char)to_lower((unsigned char)first[i]);
    out[k++] = ' ';
    for (size_t i = 0; i < nlast; i++)
        out[k++] = (char)to_lower((unsigned char)last[i]);
    out[k] = 0;
    return 1;
}

/* A person both reports name (in their claims' words), copied into out; 0 when none. */
static int same_person(const tally_incident *a, const tally_incident *b, char *out, size_t cap) {
    char x[128], y[128];
    for (size_t i = 0; i < a->nclaims; i++)
        if (a->claims[i].words && full_name(a->claims[i].words, x, sizeof x))
            for (size_t j = 0; j < b->nclaims; j++)
                if (b->claims[j].words && full_name(b->claims[j].words, y, sizeof y) && strcmp(x, y) == 0) {
                    snprintf(out, cap, "%s", x);
                    return 1;
                }
    return 0;
}

/* Place rule, or one person both reports name in one country (a place misread). */
static int place_or_person(const tally_incident *a, const tally_incident *b, why_buf *w) {
    char who[128];
    const char *ca = a->has_location ? a->location.country : NULL, *cb = b->has_location ? b->location.country : NULL;
    if (same_person(a, b, who, sizeof who) && !(ca && cb && strcmp(ca, cb) != 0)) {
        why_add(w, "both name %s", who);
        return 1;
    }
    return place_match(a, b, w);
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
    return date_match(ra, rb, &w) && place_or_person(a, b, &w) && type_match(a, b, &w) && actor_match(a, b, &w);
}

/* ---- clustering ---- */

#define NONE_DAY INT32_MAX

typedef struct {
    size_t *m; /* member indices into the items */
    size_t n, cap;
    size_t *rep;    /* members that differ in what the rule reads: the first of each kind */
    size_t nrep, caprep;
    int32_t lo, hi; /* days named by members; lo > hi when none */
    int32_t plo, phi; /* days of members dated only by their article; plo > phi when none */
    int32_t first;  /* the founder's day (NONE_DAY without): clusters come in its order */
} cluster;

typedef struct {
    const tally_merge_report *r;
    int32_t lo, hi;
    int kind;     /* date_span result */
    int pub;      /* dated only by its article */
    uint64_t sig; /* hash of what tally_merge_match reads, the article aside */
    uint64_t art; /* hash of the article */
} item;

/* The blocking index: key (a place block, an article) -> the clusters filed under
 * it, in creation order. Open addressing over 64-bit keys. */
typedef struct {
    size_t c;    /* the cluster */
    int32_t day; /* the day of the report that filed it: grows along a bucket */
} filed;

typedef struct {
    uint64_t key;
    filed *v;
    size_t n, cap;
} bucket;

typedef struct {
    bucket *b;
    size_t cap, n; /* slots (a power of two), used */
} block_index;

static bucket *index_find(block_index *x, uint64_t key, int create) {
    if (create && 2 * (x->n + 1) > x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 1024;
        bucket *nb = xmalloc(cap * sizeof *nb);
        memset(nb, 0, cap * sizeof *nb);
        for (size_t i = 0; i < x->cap; i++)
            if (x->b[i].cap) {
                size_t h = (size_t)(x->b[i].key * 0x9E3779B97F4A7C15ull >> 20) & (cap - 1);
                while (nb[h].cap)
                    h = (h + 1) & (cap - 1);
                nb[h] = x->b[i];
            }
        free(x->b);
        x->b = nb;
        x->cap = cap;
    }
    if (!x->cap)
        return NULL;
    size_t h = (size_t)(key * 0x9E3779B97F4A7C15ull >> 20) & (x->cap - 1);
    for (; x->b[h].cap; h = (h + 1) & (x->cap - 1))
        if (x->b[h].key == key)
            return &x->b[h];
    if (!create)
        return NULL;
    x->n++;
    x->b[h].key = key;
    x->b[h].cap = 2;
    x->b[h].v = xmalloc(2 * sizeof *x->b[h].v);
    return &x->b[h];
}

/* File cluster c under key on day (reports come by day, so a bucket's days grow). */
static void index_add(block_index *x, uint64_t key, size_t c, int32_t day) {
    bucket *b = index_find(x, key, 1);
    for (size_t i = b->n; i > 0 && i + 4 > b->n; i--)
        if (b->v[i - 1].c == c)
            return;
    if (b->n == b->cap) {
        b->cap *= 2;
        b->v = xrealloc(b->v, b->cap * sizeof *b->v);
    }
    b->v[b->n].c = c;
    b->v[b->n++].day = day;
}

static void index_free(block_index *x) {
    for (size_t i = 0; i < x->cap; i++)
        free(x->b[i].v);
    free(x->b);
}

static uint64_t sig_add(uint64_t h, const void *p, size_t n) {
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 1099511628211ull;
    return h;
}

static uint64_t sig_str(uint64_t h, const char *s) {
    return s ? sig_add(h, s, strlen(s) + 1) : sig_add(h, "\1", 1);
}

#define FNV0 1469598103934665603ull
#define CELL_DEG 0.25 /* grid cells of 0.25 degree (27.8 km) hold every place 25 km away
                         in the 3 x 3 cells around */

/* The longitude cell of lon in the cell row lat_row: rows are CELL_DEG high, and
 * cells at least 25 km wide at the row's edge nearer the pole. */
static int64_t lon_cell(int64_t lat_row, double lon) {
    double edge = fabs((double)(lat_row < 0 ? lat_row : lat_row + 1) * CELL_DEG);
    double c = cos((edge > 89.9 ? 89.9 : edge) * 3.14159265358979323846 / 180.0);
    double width = CELL_DEG / (c > 0.01 ? c : 0.01);
    return (int64_t)floor(lon / width);
}

/* The place blocks of a report: its admin1, its grid cell (lookup: the 3 x 3 cells
 * around) and the spelling of its name. Two reports whose places the rule may call
 * one share a block, and so do two that name one person. Returns how many keys went
 * to keys (room for 17). */
static size_t place_blocks(const tally_incident *in, int lookup, uint64_t *keys) {
    const tally_location *l = &in->location;
    size_t n = 0;
    if (in->has_location && l->admin1) {
        char k[128];
        name_key(l->admin1, k, sizeof k);
        keys[n++] = sig_str(sig_str(sig_add(FNV0, "a", 1), l->country), k);
    }
    if (in->has_location && l->has_coords) {
        int64_t row = (int64_t)floor(l->lat / CELL_DEG);
        for (int64_t dr = lookup ? -1 : 0; dr <= (lookup ? 1 : 0); dr++)
            for (int64_t dc = lookup ? -1 : 0; dc <= (lookup ? 1 : 0); dc++) {
                int64_t cell[2] = {row + dr, lon_cell(row + dr, l->lon) + dc};
                keys[n++] = sig_add(sig_add(FNV0, "c", 1), cell, sizeof cell);
            }
    }
    for (size_t i = 0; i < in->nclaims && n < 16; i++) {
        char who[128];
        if (in->claims[i].words && full_name(in->claims[i].words, who, sizeof who))
            keys[n++] = sig_str(sig_add(FNV0, "p", 1), who);
    }
    if (n >= 16)
        return n;
    if (in->has_location && (l->name || l->text)) {
        char k[128], sk[128];
        name_key(loc_name(l), k, sizeof k);
        skeleton(k, sk, sizeof sk);
        keys[n++] = sig_str(sig_add(FNV0, "n", 1), sk);
    }
    return n;
}

/* A hash of every field the rule reads but the article. Reports of one incident
 * repeated across many articles share it, so a report is matched once against each
 * kind of member rather than against every member. */
static uint64_t signature(const tally_incident *in, int pub) {
    uint64_t h = FNV0;
    h = sig_add(h, &pub, sizeof pub);
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
    for (size_t i = 0; i < in->nclaims; i++)
        h = sig_str(h, in->claims[i].words);
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

static int cmp_size(const void *a, const void *b) {
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

typedef struct run_state run_state;
struct run_state {
    const tally_merge_report *r; /* the input */
    item *it;
    size_t ni;
    cluster *cl;
    size_t ncl;
    long **joined; /* per cluster: joined_to per member */
    char ***whys;  /* per cluster: why per member */
    block_index places, arts, dated_arts; /* place blocks, article -> clusters, -> with a dated member */
    size_t *cand;  /* candidate clusters of the current item */
    size_t ncand, capcand;
};

/* Can x join cluster k without stretching it past the rule: named days within a
 * day, follow-ups up to a week after them, and every dated report of x's article in
 * it (its clusters are art) one that x matches itself: reports the article told apart
 * are never bridged by another's. */
static int cluster_allows(const run_state *st, const cluster *k, const item *x, size_t c, const bucket *art) {
    if (x->kind != 2)
        return 1;
    for (size_t i = 0; art && i < art->n; i++)
        if (art->v[i].c == c)
            for (size_t j = 0; j < k->n; j++) {
                const item *y = &st->it[k->m[j]];
                if (y->art == x->art && y->kind == 2 && !tally_merge_match(y->r, x->r, NULL, 0))
                    return 0;
            }
    int named = k->lo <= k->hi, pubs = k->plo <= k->phi;
    if (!x->pub) {
        int32_t lo = named && k->lo < x->lo ? k->lo : x->lo, hi = named && k->hi > x->hi ? k->hi : x->hi;
        return hi - lo <= 1 && (!pubs || (x->hi <= k->plo + 1 && k->phi - x->lo <= FOLLOWUP_DAYS));
    }
    if (named)
        return k->hi <= x->lo + 1 && x->lo - k->lo <= FOLLOWUP_DAYS;
    int32_t lo = k->plo < x->lo ? k->plo : x->lo, hi = k->phi > x->lo ? k->phi : x->lo;
    return hi - lo <= 1;
}


static void add_cand(run_state *st, size_t c) {
    if (st->ncand == st->capcand) {
        st->capcand = st->capcand ? st->capcand * 2 : 64;
        st->cand = xrealloc(st->cand, st->capcand * sizeof *st->cand);
    }
    st->cand[st->ncand++] = c;
}

/* The clusters item x may join, ascending: for a dated report those filed under its
 * place blocks whose founder is at most FOLLOWUP_DAYS + 1 before it; for a report
 * without a day, those holding a report of its article. */
static void candidates(run_state *st, const item *x) {
    st->ncand = 0;
    if (x->kind == 2) {
        uint64_t keys[17];
        size_t nk = place_blocks(x->r->in, 1, keys);
        for (size_t i = 0; i < nk; i++) {
            bucket *b = index_find(&st->places, keys[i], 0);
            for (size_t j = b ? b->n : 0; j > 0 && b->v[j - 1].day >= x->lo - FOLLOWUP_DAYS - 1; j--)
                add_cand(st, b->v[j - 1].c);
        }
    } else {
        bucket *b = index_find(&st->arts, x->art, 0);
        for (size_t j = 0; b && j < b->n; j++)
            add_cand(st, b->v[j].c);
    }
    if (st->ncand > 1)
        qsort(st->cand, st->ncand, sizeof *st->cand, cmp_size);
    size_t u = 0;
    for (size_t i = 0; i < st->ncand; i++)
        if (!u || st->cand[u - 1] != st->cand[i])
            st->cand[u++] = st->cand[i];
    st->ncand = u;
}

/* The member of cluster c that x matches (index into the input), or -1: the first
 * matching representative; for a report without a day, the first matching member
 * of its own article. */
static long match_in(run_state *st, size_t c, const item *x, char *why, size_t len) {
    cluster *k = &st->cl[c];
    if (x->kind == 2) {
        for (size_t j = 0; j < k->nrep; j++)
            if (tally_merge_match(st->it[k->rep[j]].r, x->r, why, len))
                return (long)(st->it[k->rep[j]].r - st->r);
        return -1;
    }
    for (size_t j = 0; j < k->n; j++) {
        const item *y = &st->it[k->m[j]];
        if (y->art == x->art && tally_merge_match(y->r, x->r, why, len))
            return (long)(y->r - st->r);
    }
    return -1;
}

static size_t new_cluster(run_state *st, const item *x) {
    cluster *k = &st->cl[st->ncl];
    memset(k, 0, sizeof *k);
    k->lo = k->plo = INT32_MAX;
    k->hi = k->phi = INT32_MIN;
    k->first = x->kind == 2 ? x->lo : NONE_DAY;
    st->joined[st->ncl] = NULL;
    st->whys[st->ncl] = NULL;
    return st->ncl++;
}

/* Put item i into cluster c (joined to input member hit, why) and file it. */
static void join(run_state *st, size_t c, size_t i, long hit, const char *why, tally_arena *a) {
    cluster *k = &st->cl[c];
    const item *x = &st->it[i];
    if (k->n == k->cap) {
        k->cap = k->cap ? k->cap * 2 : 2;
        k->m = xrealloc(k->m, k->cap * sizeof *k->m);
        st->joined[c] = xrealloc(st->joined[c], k->cap * sizeof **st->joined);
        st->whys[c] = xrealloc(st->whys[c], k->cap * sizeof **st->whys);
    }
    st->joined[c][k->n] = hit;
    st->whys[c][k->n] = tally_arena_strndup(a, why, strlen(why));
    k->m[k->n++] = i;
    size_t j = 0;
    while (j < k->nrep && st->it[k->rep[j]].sig != x->sig)
        j++;
    if (j == k->nrep) {
        if (k->nrep == k->caprep) {
            k->caprep = k->caprep ? k->caprep * 2 : 2;
            k->rep = xrealloc(k->rep, k->caprep * sizeof *k->rep);
        }
        k->rep[k->nrep++] = i;
        uint64_t keys[17];
        size_t nk = x->kind == 2 ? place_blocks(x->r->in, 0, keys) : 0;
        for (size_t b = 0; b < nk; b++)
            index_add(&st->places, keys[b], c, x->lo);
    }
    index_add(&st->arts, x->art, c, 0);
    if (x->kind == 2) {
        index_add(&st->dated_arts, x->art, c, 0);
        int32_t *lo = x->pub ? &k->plo : &k->lo, *hi = x->pub ? &k->phi : &k->hi;
        if (x->lo < *lo)
            *lo = x->lo;
        if (x->hi > *hi)
            *hi = x->hi;
    }
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

/* Who disputes what: the lowest figure any source gives for the dead against the
 * highest, and who called the dead civilians and who combatants. */
typedef struct {
    int64_t low, high;           /* lowest upper figure, highest lower figure; -1 none */
    const char *low_by, *high_by; /* their sources */
    const char *civ_by, *comb_by; /* the first source to call the dead civilians, combatants */
} dispute;

/* Source src says f were killed (a part, below its report's own lowest total, says
 * nothing of the total) and who they were. */
static void dispute_add(dispute *d, const char *src, tally_range f, int64_t report_min, uint8_t victims) {
    if (f.min >= 0 && !(report_min >= 0 && (f.max >= 0 ? f.max : f.min) < report_min)) {
        int64_t hi = f.max >= 0 ? f.max : f.min;
        if (!d->low_by || hi < d->low)
            d->low = hi, d->low_by = src;
        if (!d->high_by || f.min > d->high)
            d->high = f.min, d->high_by = src;
    }
    if (victims == TALLY_VICTIMS_CIVILIANS && !d->civ_by)
        d->civ_by = src;
    if (victims == TALLY_VICTIMS_COMBATANTS && !d->comb_by)
        d->comb_by = src;
}

/* Contested and why: two sources' totals that cannot both be true, or the same dead
 * called civilians by one source and combatants by another. */
static void dispute_finish(tally_arena *a, const dispute *d, tally_merged *m) {
    tally_buf b = {0};
    if (d->low_by && d->high_by && d->low < d->high && strcmp(d->low_by, d->high_by) != 0)
        tally_buf_printf(&b, "killed %lld (%s) vs %lld (%s)", (long long)d->low, d->low_by, (long long)d->high,
                         d->high_by);
    if (d->civ_by && d->comb_by && strcmp(d->civ_by, d->comb_by) != 0)
        tally_buf_printf(&b, "%sthe dead are civilians (%s) vs combatants (%s)", b.len ? "; " : "", d->civ_by,
                         d->comb_by);
    m->contested = b.len > 0;
    m->disputed = b.len ? tally_arena_strndup(a, b.p, b.len) : NULL;
    tally_buf_free(&b);
}

/* Sort v, drop NULL, empty and repeated strings; returns the count left. */
static size_t distinct(const char **v, size_t n) {
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (v[i] && v[i][0])
            v[k++] = v[i];
    qsort(v, k, sizeof *v, cmp_cstr);
    size_t u = 0;
    for (size_t i = 0; i < k; i++)
        if (!u || strcmp(v[u - 1], v[i]) != 0)
            v[u++] = v[i];
    return u;
}

/* The incident's days: those its members name; follow-ups dated only by their
 * article count when no member names a day. */
static void summarize_dates(const run_state *st, const cluster *c, tally_merged *m) {
    for (int pass = 0; pass < 2 && !m->date_start.y; pass++) {
        int32_t dlo = 0, dhi = 0;
        for (size_t i = 0; i < c->n; i++) {
            const item *x = &st->it[c->m[i]];
            const tally_incident *in = x->r->in;
            int32_t lo, hi;
            if ((pass == 0 && x->pub) || !date_span(in, &lo, &hi))
                continue;
            if (!m->date_start.y || lo < dlo) {
                dlo = lo;
                m->date_start = in->date.start;
            }
            if (!m->date_end.y || hi > dhi) {
                dhi = hi;
                m->date_end = in->date.end.y ? in->date.end : in->date.start;
            }
        }
    }
}

/* Actors, types and place of the incident from its members. */
static void summarize_what(tally_arena *a, const run_state *st, const cluster *c, tally_merged *m) {
    size_t nact = 0;
    for (size_t i = 0; i < c->n; i++)
        nact += st->it[c->m[i]].r->in->nactors;
    const char **types = tally_arena_alloc(a, c->n * sizeof *types);
    const char **subs = tally_arena_alloc(a, c->n * sizeof *subs);
    const char **perp = tally_arena_alloc(a, (nact + 1) * sizeof *perp);
    const char **targ = tally_arena_alloc(a, (nact + 1) * sizeof *targ);
    size_t np = 0, nt = 0;
    int best_prec = 99;
    for (size_t i = 0; i < c->n; i++) {
        const tally_incident *in = st->it[c->m[i]].r->in;
        types[i] = in->event_type;
        subs[i] = in->sub_event_type;
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
    }
    m->event_type = most_frequent(types, c->n);
    m->sub_event_type = most_frequent(subs, c->n);
    m->actor1 = most_frequent(perp, np);
    m->actor2 = most_frequent(targ, nt);
}

/* Counts (the lowest and highest of any report: each report's range already spans
 * its own sources, parts and floors as its coder read them), sources, outlets and
 * what the sources dispute. */
static void summarize_counts(tally_arena *a, const run_state *st, const cluster *c, tally_merged *m) {
    size_t nsrc = 0;
    for (size_t i = 0; i < c->n; i++)
        nsrc += st->it[c->m[i]].r->in->nclaims + 1;
    const char **src = tally_arena_alloc(a, nsrc * sizeof *src);
    const char **outl = tally_arena_alloc(a, nsrc * sizeof *outl);
    const char **arts = tally_arena_alloc(a, c->n * sizeof *arts);
    size_t ns = 0, no = 0;
    dispute d = {-1, -1, NULL, NULL, NULL, NULL};
    for (size_t i = 0; i < c->n; i++) {
        const tally_merge_report *rep = st->it[c->m[i]].r;
        const tally_incident *in = rep->in;
        arts[i] = rep->article ? rep->article : rep->key;
        range_add(&m->fatalities, in->fatalities);
        range_add(&m->injured, in->injured);
        range_add(&m->detained, in->detained);
        range_add(&m->civ_killed, in->civ_killed);
        if (in->women > m->women)
            m->women = in->women;
        if (in->children > m->children)
            m->children = in->children;
        outl[no++] = rep->outlet;
        if (in->nclaims == 0) {
            src[ns++] = source_key(a, NULL, rep);
            dispute_add(&d, src[ns - 1], in->fatalities, -1, 0);
        }
        for (size_t k = 0; k < in->nclaims; k++) {
            const tally_claim *cl = &in->claims[k];
            src[ns++] = source_key(a, cl->by, rep);
            if (cl->via && cl->via[0])
                outl[no++] = cl->via;
            dispute_add(&d, src[ns - 1], cl->fatalities, in->fatalities.min, cl->victims);
        }
    }
    dispute_finish(a, &d, m);
    m->sources = src;
    m->nsources = distinct(src, ns);
    m->outlets = outl;
    m->noutlets = distinct(outl, no);
    m->narticles = distinct(arts, c->n);
}

static void summarize(tally_arena *a, const run_state *st, const cluster *c, tally_merged *m) {
    memset(m, 0, sizeof *m);
    m->nmembers = c->n;
    m->fatalities.min = m->fatalities.max = -1;
    m->injured = m->detained = m->civ_killed = m->fatalities;
    m->women = m->children = -1;
    summarize_dates(st, c, m);
    summarize_what(a, st, c, m);
    summarize_counts(a, st, c, m);
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

/* Items for the reports that are incidents (tallies are not), sorted: by day, the
 * undated last, then by key. Returns how many. */
static size_t make_items(const tally_merge_report *r, size_t n, item *it) {
    size_t ni = 0;
    for (size_t i = 0; i < n; i++) {
        if (r[i].in->tally)
            continue;
        item *x = &it[ni++];
        x->r = &r[i];
        x->kind = date_span(r[i].in, &x->lo, &x->hi);
        x->pub = x->kind == 2 && dated_by_article(&r[i]);
        x->sig = signature(r[i].in, x->pub);
        x->art = sig_str(FNV0, r[i].article ? r[i].article : r[i].key);
    }
    qsort(it, ni, sizeof *it, cmp_item);
    return ni;
}

/* Each item joins the first candidate cluster (in creation order) with a member it
 * matches, when the cluster allows it, or founds a new one. */
static void cluster_items(run_state *st, tally_arena *a) {
    char why[512];
    for (size_t i = 0; i < st->ni; i++) {
        const item *x = &st->it[i];
        candidates(st, x);
        bucket *art = x->kind == 2 ? index_find(&st->dated_arts, x->art, 0) : NULL;
        size_t hit = st->ncl;
        long hit_member = -1;
        for (size_t j = 0; j < st->ncand && hit == st->ncl; j++) {
            size_t c = st->cand[j];
            if (!cluster_allows(st, &st->cl[c], x, c, art))
                continue;
            if ((hit_member = match_in(st, c, x, why, sizeof why)) >= 0)
                hit = c;
        }
        if (hit == st->ncl) {
            hit = new_cluster(st, x);
            why[0] = 0;
            hit_member = -1;
        }
        join(st, hit, i, hit_member, why, a);
    }
}

size_t tally_merge_run(tally_arena *a, const tally_merge_report *r, size_t n, tally_merged **out) {
    run_state st;
    memset(&st, 0, sizeof st);
    st.r = r;
    st.it = xmalloc((n ? n : 1) * sizeof *st.it);
    st.ni = make_items(r, n, st.it);
    st.cl = xmalloc((st.ni ? st.ni : 1) * sizeof *st.cl);
    st.joined = xmalloc((st.ni ? st.ni : 1) * sizeof *st.joined);
    st.whys = xmalloc((st.ni ? st.ni : 1) * sizeof *st.whys);
    cluster_items(&st, a);
    size_t ncl = st.ncl;
    tally_merged *m = tally_arena_alloc(a, (ncl ? ncl : 1) * sizeof *m);
    order *o = xmalloc((ncl ? ncl : 1) * sizeof *o);
    for (size_t c = 0; c < ncl; c++) {
        cluster *k = &st.cl[c];
        summarize(a, &st, k, &m[c]);
        m[c].members = tally_arena_alloc(a, k->n * sizeof *m[c].members);
        for (size_t j = 0; j < k->n; j++) {
            m[c].members[j].report = (size_t)(st.it[k->m[j]].r - r);
            m[c].members[j].joined_to = st.joined[c][j];
            m[c].members[j].why = st.whys[c][j];
        }
        tally_ymd_format(m[c].date_start, o[c].date);
        o[c].key = r[m[c].members[0].report].key;
        o[c].i = c;
        free(k->m);
        free(k->rep);
        free(st.joined[c]);
        free(st.whys[c]);
    }
    /* order: by date, then by the first member's key */
    qsort(o, ncl, sizeof *o, cmp_order);
    tally_merged *sorted = tally_arena_alloc(a, (ncl ? ncl : 1) * sizeof *sorted);
    for (size_t c = 0; c < ncl; c++)
        sorted[c] = m[o[c].i];
    free(o);
    free(st.cl);
    free(st.joined);
    free(st.whys);
    free(st.it);
    free(st.cand);
    index_free(&st.places);
    index_free(&st.arts);
    index_free(&st.dated_arts);
    *out = sorted;
    return ncl;
}

/* ---- stable ids ---- */

typedef struct {
    int64_t id;   /* a prior id */
    size_t c;     /* an incident holding reports of it */
    size_t n;     /* how many */
} claim_on;

static int cmp_claim(const void *pa, const void *pb) {
    const claim_on *a = pa, *b = pb;
    if (a->id != b->id)
        return a->id < b->id ? -1 : 1;
    if (a->n != b->n)
        return a->n > b->n ? -1 : 1;
    return a->c < b->c ? -1 : a->c > b->c;
}

static int cmp_i64(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

size_t tally_merge_ids(tally_arena *a, const tally_merged *m, size_t nm, const int64_t *prior, int64_t *next,
                       int64_t *ids, int64_t **from, int64_t **to) {
    size_t total = 0;
    for (size_t c = 0; c < nm; c++)
        total += m[c].nmembers;
    claim_on *cl = xmalloc((total ? total : 1) * sizeof *cl);
    int64_t *tmp = xmalloc((total ? total : 1) * sizeof *tmp);
    size_t ncl = 0;
    for (size_t c = 0; c < nm; c++) {
        size_t k = 0;
        for (size_t j = 0; j < m[c].nmembers; j++)
            if (prior[m[c].members[j].report] > 0)
                tmp[k++] = prior[m[c].members[j].report];
        qsort(tmp, k, sizeof *tmp, cmp_i64);
        for (size_t j = 0; j < k;) {
            size_t e = j;
            while (e < k && tmp[e] == tmp[j])
                e++;
            cl[ncl++] = (claim_on){tmp[j], c, e - j};
            j = e;
        }
        ids[c] = 0;
    }
    qsort(cl, ncl, sizeof *cl, cmp_claim);
    /* oldest id first; within an id, the incident holding most of its reports */
    *from = tally_arena_alloc(a, (ncl ? ncl : 1) * sizeof **from);
    *to = tally_arena_alloc(a, (ncl ? ncl : 1) * sizeof **to);
    size_t nred = 0;
    for (size_t i = 0; i < ncl;) {
        size_t e = i, taker = SIZE_MAX;
        while (e < ncl && cl[e].id == cl[i].id)
            e++;
        for (size_t j = i; j < e && taker == SIZE_MAX; j++)
            if (!ids[cl[j].c])
                ids[taker = cl[j].c] = cl[i].id;
        if (taker == SIZE_MAX) /* merged into another: the incident holding most of it */
            (*from)[nred] = cl[i].id, (*to)[nred++] = (int64_t)cl[i].c;
        i = e;
    }
    for (size_t c = 0; c < nm; c++)
        if (!ids[c])
            ids[c] = (*next)++;
    for (size_t i = 0; i < nred; i++)
        (*to)[i] = ids[(*to)[i]];
    free(cl);
    free(tmp);
    return nred;
}
