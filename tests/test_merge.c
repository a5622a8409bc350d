/* test_merge.c: merging reports across articles, on incidents built here: the same
 * incident in different words (counts, sources, spellings, a relative date) becomes
 * one with the right ranges; near misses (same place another day, same day another
 * city) stay apart; the result does not depend on input order. */
#include "merge.h"
#include "tally.h"
#include "test.h"

#include <stdlib.h>

typedef struct {
    const char *date;       /* YYYY-MM-DD, or NULL */
    int relative;           /* the date came from "on Tuesday" */
    const char *place;      /* name as the article spells it */
    const char *admin1;
    double lat, lon;        /* 0, 0: no coordinates */
    int64_t gid;            /* gazetteer id or 0 */
    int precision;
    const char *type, *sub; /* ACLED event type, sub-event type */
    const char *perp;       /* perpetrator text, or NULL */
    const char *perp_code;
    const char *by1;        /* first claim: speaker (NULL: the article's voice) */
    int k1lo, k1hi, inj1;   /* its killed range and injured (-1: none) */
    const char *by2;        /* an optional second claim */
    int k2lo, k2hi;
    int victims2;           /* TALLY_VICTIMS_* of the second claim */
} spec;

static tally_incident *make(tally_arena *a, const spec *s) {
    tally_incident *in = tally_arena_alloc(a, sizeof *in);
    in->women = in->children = -1;
    in->fatalities.min = in->fatalities.max = -1;
    in->injured = in->detained = in->civ_killed = in->fatalities;
    if (s->date) {
        tally_ymd d;
        tally_dates_parse(s->date, strlen(s->date), &d);
        in->date.start = in->date.end = d;
        in->date.precision = TALLY_PREC_DAY;
        in->date.relative = (uint8_t)s->relative;
    } else {
        in->date.precision = TALLY_PREC_UNKNOWN;
    }
    if (s->place) {
        in->has_location = 1;
        in->location.text = s->place;
        in->location.name = s->place;
        in->location.admin1 = s->admin1;
        in->location.country = "IRQ";
        in->location.has_coords = s->lat != 0;
        in->location.lat = s->lat;
        in->location.lon = s->lon;
        in->location.geonameid = s->gid;
        in->location.precision = (uint8_t)(s->precision ? s->precision : 1);
    }
    in->event_type = s->type;
    in->sub_event_type = s->sub;
    if (s->perp) {
        in->actors = tally_arena_alloc(a, sizeof *in->actors);
        in->actors[0].role = TALLY_ROLE_PERPETRATOR;
        in->actors[0].text = s->perp;
        in->actors[0].code = s->perp_code;
        in->nactors = 1;
    }
    in->claims = tally_arena_alloc(a, 2 * sizeof *in->claims);
    tally_claim *c = &in->claims[in->nclaims++];
    c->by = s->by1;
    c->fatalities.min = s->k1lo;
    c->fatalities.max = s->k1hi;
    c->injured.min = c->injured.max = s->inj1;
    c->detained.min = c->detained.max = -1;
    in->fatalities = c->fatalities;
    in->injured = c->injured;
    if (s->by2 || s->k2hi > 0) { /* by2 NULL: the article's own voice */
        c = &in->claims[in->nclaims++];
        c->by = s->by2;
        c->fatalities.min = s->k2lo;
        c->fatalities.max = s->k2hi;
        c->injured.min = c->injured.max = c->detained.min = c->detained.max = -1;
        c->victims = (uint8_t)s->victims2;
        in->fatalities.min = s->k1lo < s->k2lo ? s->k1lo : s->k2lo;
        in->fatalities.max = s->k1hi > s->k2hi ? s->k1hi : s->k2hi;
        in->contested = s->k1lo != s->k2lo;
    }
    return in;
}

#define EXPLOSION "Explosions/Remote violence", "Remote explosive/landmine/IED"
#define MUQDADIYAH "Muqdadiyah", "Diyala", 33.97861, 44.93694, 99062, 1

/* The market bombing in Muqdadiyah, reported four ways, and what is near it. */
static const spec REPORTS[] = {
    /* 0: wire, police say eight dead, 20 wounded */
    {"2014-03-11", 0, MUQDADIYAH, EXPLOSION, NULL, NULL, "police", 8, 8, 20, NULL, 0, 0, 0},
    /* 1: a day later, "Tuesday's bombing" in "Muqdadiya" (no coordinates): 11 dead */
    {"2014-03-11", 1, "Muqdadiya", "Diyala", 0, 0, 0, 1, EXPLOSION, NULL, NULL, "a hospital official", 11, 11, 23,
     NULL, 0, 0, 0},
    /* 2: another wire quoting the same police statement, "al-Muqdadiyah", a point 1 km off */
    {"2014-03-11", 0, "al-Muqdadiyah", "Diyala", 33.985, 44.945, 0, 1, EXPLOSION, NULL, NULL, "Police", 8, 8, -1,
     NULL, 0, 0, 0},
    /* 3: a council member the next day (dated by the article: a day off), at least 9,
          and the article's own count of 12 civilians */
    {"2014-03-12", 0, MUQDADIYAH, "Violence against civilians", "Attack", NULL, NULL, "the provincial council", 9, 9,
     -1, NULL, 12, 12, TALLY_VICTIMS_CIVILIANS},
    /* 4: near miss: the same town three days later */
    {"2014-03-14", 0, MUQDADIYAH, EXPLOSION, NULL, NULL, "a police officer", 3, 3, -1, NULL, 0, 0, 0},
    /* 5: near miss: the same day in Samarra, 95 km away */
    {"2014-03-11", 0, "Samarra", "Salah ad Din", 34.1959, 43.88568, 91597, 1, EXPLOSION, NULL, NULL, "police", 5, 5,
     -1, NULL, 0, 0, 0},
    /* 6, 7: a checkpoint attack in Baqubah / Baquba, no coordinates, a battle to one
          and an attack on soldiers to the other, 2 and 4 dead */
    {"2014-03-20", 0, "Baqubah", "Diyala", 0, 0, 0, 1, "Violence against civilians", "Attack", "gunmen", "IRQREB",
     "an army officer", 2, 2, -1, NULL, 0, 0, 0},
    {"2014-03-20", 1, "BAQUBA", "Diyala", 0, 0, 0, 1, "Battles", "Armed clash", "militants", "IRQREB", "security sources",
     4, 4, 6, NULL, 0, 0, 0},
    /* 8: the same day in Baqubah but a US air strike: perpetrators differ */
    {"2014-03-20", 0, "Baqubah", "Diyala", 0, 0, 0, 1, "Explosions/Remote violence", "Air/drone strike",
     "US aircraft", "USAMIL", "the US military", 6, 6, -1, NULL, 0, 0, 0},
    /* 9: a US raid the same day in Baqubah: coded perpetrator */
    {"2014-03-20", 0, "Baqubah", "Diyala", 0, 0, 0, 1, "Battles", "Armed clash", "Iraqi police", "IRQCOP", "police",
     1, 1, -1, NULL, 0, 0, 0},
};
#define NREPORTS (sizeof REPORTS / sizeof REPORTS[0])

static const char *KEYS[NREPORTS] = {"k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9"};
static const char *OUTLETS[NREPORTS] = {"Example Wire", "Example Daily", "Other Wire", "Example Daily", "Example Wire",
                                        "Example Wire", "Example Wire", "Example Daily", "Example Wire", "Other Wire"};

/* The merged incident holding report key k, or NULL. */
static const tally_merged *holding(const tally_merged *m, size_t n, const tally_merge_report *r, const char *k) {
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < m[i].nmembers; j++)
            if (strcmp(r[m[i].members[j].report].key, k) == 0)
                return &m[i];
    return NULL;
}

/* A line per incident: its members' keys and its summary, for order-independence. */
static char *describe(const tally_merged *m, size_t n, const tally_merge_report *r) {
    tally_buf b = {0};
    for (size_t i = 0; i < n; i++) {
        const char *keys[NREPORTS];
        for (size_t j = 0; j < m[i].nmembers; j++)
            keys[j] = r[m[i].members[j].report].key;
        for (size_t j = 1; j < m[i].nmembers; j++) /* sort the keys: members come in merge order */
            for (size_t k = j; k > 0 && strcmp(keys[k - 1], keys[k]) > 0; k--) {
                const char *t = keys[k];
                keys[k] = keys[k - 1];
                keys[k - 1] = t;
            }
        for (size_t j = 0; j < m[i].nmembers; j++)
            tally_buf_printf(&b, "%s ", keys[j]);
        char d[11];
        tally_ymd_format(m[i].date_start, d);
        tally_buf_printf(&b, "%s %lld-%lld %zu %d %s\n", d, (long long)m[i].fatalities.min,
                         (long long)m[i].fatalities.max, m[i].nsources, m[i].contested,
                         m[i].event_type ? m[i].event_type : "-");
    }
    return b.p;
}

static void scenario(void) {
    tally_arena *a = tally_arena_new();
    tally_merge_report r[NREPORTS];
    for (size_t i = 0; i < NREPORTS; i++) {
        r[i].in = make(a, &REPORTS[i]);
        r[i].key = KEYS[i];
        r[i].article = KEYS[i];
        r[i].outlet = OUTLETS[i];
        r[i].published = (tally_ymd){0, 0, 0};
    }
    tally_merged *m;
    size_t n = tally_merge_run(a, r, NREPORTS, &m);
    CHECK_INT_EQ(n, 6); /* market, next bombing, Samarra, checkpoint, air strike, police raid */

    const tally_merged *market = holding(m, n, r, "k0");
    CHECK(market != NULL);
    if (market) {
        CHECK_INT_EQ(market->nmembers, 4);
        CHECK(holding(m, n, r, "k1") == market); /* spelling, relative date */
        CHECK(holding(m, n, r, "k2") == market); /* 1 km away */
        CHECK(holding(m, n, r, "k3") == market); /* a day later, civilians vs explosion */
        CHECK_INT_EQ(market->fatalities.min, 8);  /* the lowest figure of any claim */
        CHECK_INT_EQ(market->fatalities.max, 12); /* the highest */
        CHECK_INT_EQ(market->injured.min, 20);
        CHECK_INT_EQ(market->injured.max, 23);
        /* police (twice: one source), a hospital official, the provincial council;
           the council's second claim is the article's own voice: Example Daily */
        CHECK_INT_EQ(market->nsources, 4);
        CHECK_INT_EQ(market->narticles, 4);
        CHECK_INT_EQ(market->contested, 1);
        CHECK_STR_EQ(market->event_type, "Explosions/Remote violence");
        char d[11];
        tally_ymd_format(market->date_start, d);
        CHECK_STR_EQ(d, "2014-03-11");
        tally_ymd_format(market->date_end, d);
        CHECK_STR_EQ(d, "2014-03-12");
        CHECK(market->location && market->location->geonameid == 99062); /* the precise one */
        /* every member but the first says why it joined */
        for (size_t j = 1; j < market->nmembers; j++)
            CHECK(market->members[j].joined_to >= 0 && market->members[j].why[0]);
    }
    /* near misses stay apart */
    CHECK(holding(m, n, r, "k4") != market);
    CHECK(holding(m, n, r, "k5") != market);
    CHECK(holding(m, n, r, "k4") != holding(m, n, r, "k5"));
    const tally_merged *next = holding(m, n, r, "k4");
    CHECK(next && next->nmembers == 1 && next->fatalities.min == 3 && next->fatalities.max == 3);

    const tally_merged *cp = holding(m, n, r, "k6");
    CHECK(cp && cp == holding(m, n, r, "k7"));
    if (cp) {
        CHECK_INT_EQ(cp->nmembers, 2);
        CHECK_INT_EQ(cp->fatalities.min, 2);
        CHECK_INT_EQ(cp->fatalities.max, 4);
        CHECK_INT_EQ(cp->nsources, 2);
        CHECK_INT_EQ(cp->contested, 1);
        CHECK(strstr(cp->members[1].why, "spelling") != NULL);
    }
    CHECK(holding(m, n, r, "k8") != cp); /* US aircraft vs gunmen */
    CHECK(holding(m, n, r, "k9") != cp); /* Iraqi police vs gunmen / militants */
    CHECK(holding(m, n, r, "k8") != holding(m, n, r, "k9"));

    /* ordered by date */
    for (size_t i = 1; i < n; i++) {
        char x[11], y[11];
        tally_ymd_format(m[i - 1].date_start, x);
        tally_ymd_format(m[i].date_start, y);
        CHECK(strcmp(x, y) <= 0);
    }

    /* the same result whatever order the reports come in */
    char *want = describe(m, n, r);
    unsigned seed = 12345;
    for (int round = 0; round < 20; round++) {
        tally_merge_report s[NREPORTS];
        memcpy(s, r, sizeof s);
        for (size_t i = NREPORTS - 1; i > 0; i--) {
            seed = seed * 1103515245u + 12345u;
            size_t j = (seed >> 16) % (i + 1);
            tally_merge_report t = s[i];
            s[i] = s[j];
            s[j] = t;
        }
        tally_merged *m2;
        size_t n2 = tally_merge_run(a, s, NREPORTS, &m2);
        char *got = describe(m2, n2, s);
        CHECK_STR_EQ(got, want);
        free(got);
    }
    free(want);
    tally_arena_free(a);
}

static void rules(void) {
    tally_arena *a = tally_arena_new();
    char why[256];
    spec base = REPORTS[0];
    tally_merge_report x = {make(a, &base), "x", "x", NULL, {0, 0, 0}};

    /* the why names the rule's parts */
    spec s = REPORTS[2];
    tally_merge_report y = {make(a, &s), "y", "y", NULL, {0, 0, 0}};
    CHECK(tally_merge_match(&x, &y, why, sizeof why));
    CHECK(strstr(why, "same date 2014-03-11") && strstr(why, "km") && strstr(why, "type"));

    /* two days apart: no */
    s = base;
    s.date = "2014-03-13";
    y.in = make(a, &s);
    CHECK(!tally_merge_match(&x, &y, why, sizeof why));
    CHECK(strstr(why, "2 days apart") != NULL);
    /* a report without a day never joins a dated one of another article */
    s.date = NULL;
    y.in = make(a, &s);
    CHECK(!tally_merge_match(&x, &y, why, sizeof why));
    CHECK(strstr(why, "without a day") != NULL);
    /* 26 km away: no; 24 km: yes (0.01 degree of latitude is 1.11 km) */
    s = base;
    s.gid = 0;
    s.lat = base.lat + 0.234;
    y.in = make(a, &s);
    CHECK(!tally_merge_match(&x, &y, why, sizeof why));
    s.lat = base.lat + 0.216;
    y.in = make(a, &s);
    CHECK(tally_merge_match(&x, &y, why, sizeof why));
    /* a province against a town in it */
    s = base;
    s.place = "Diyala";
    s.lat = s.lon = 0;
    s.gid = 0;
    s.precision = 3;
    y.in = make(a, &s);
    CHECK(tally_merge_match(&x, &y, why, sizeof why));
    CHECK(strstr(why, "is in Diyala") != NULL);
    /* only the country: never */
    tally_incident *w = make(a, &s);
    w->location.admin1 = NULL;
    w->location.name = w->location.text = "Iraq";
    y.in = w;
    CHECK(!tally_merge_match(&x, &y, why, sizeof why));
    /* a protest is not a bombing */
    s = base;
    s.type = "Protests";
    s.sub = "Peaceful protest";
    y.in = make(a, &s);
    CHECK(!tally_merge_match(&x, &y, why, sizeof why));
    /* no place: no */
    s = base;
    s.place = NULL;
    y.in = make(a, &s);
    CHECK(!tally_merge_match(&x, &y, why, sizeof why));
    /* a tally never merges */
    s = base;
    w = make(a, &s);
    w->tally = 1;
    y.in = w;
    CHECK(!tally_merge_match(&x, &y, why, sizeof why));
    tally_merged *m;
    tally_merge_report two[2] = {x, y};
    CHECK_INT_EQ(tally_merge_run(a, two, 2, &m), 1);
    CHECK_INT_EQ(tally_merge_run(a, two, 0, &m), 0);

    /* a chain of days: 10th, 11th, 12th at one place. The 10th and 11th merge; the
       12th matches the 11th but would stretch the incident to three days */
    tally_merge_report c[3];
    const char *days[] = {"2014-03-10", "2014-03-11", "2014-03-12"};
    for (int i = 0; i < 3; i++) {
        s = base;
        s.date = days[i];
        c[i].in = make(a, &s);
        c[i].key = days[i];
        c[i].article = days[i];
        c[i].outlet = NULL;
        c[i].published = (tally_ymd){0, 0, 0};
    }
    size_t n = tally_merge_run(a, c, 3, &m);
    CHECK_INT_EQ(n, 2);
    CHECK(n == 2 && m[0].nmembers == 2 && m[1].nmembers == 1);
    CHECK(tally_merge_km(33.0, 44.0, 33.0, 44.0) < 1e-9);
    CHECK(tally_merge_km(33.0, 44.0, 34.0, 44.0) > 110 && tally_merge_km(33.0, 44.0, 34.0, 44.0) < 112);
    tally_arena_free(a);
}

/* Many reports of one incident (the benchmark's shape) merge quickly and into one. */
static void many(void) {
    tally_arena *a = tally_arena_new();
    size_t n = 20000;
    tally_merge_report *r = malloc(n * sizeof *r);
    char (*keys)[16] = malloc(n * sizeof *keys);
    for (size_t i = 0; i < n; i++) {
        spec s = REPORTS[i % 4];
        r[i].in = make(a, &s);
        snprintf(keys[i], sizeof keys[i], "m%06zu", i);
        r[i].key = keys[i];
        r[i].article = keys[i];
        r[i].outlet = OUTLETS[i % 4];
        r[i].published = (tally_ymd){0, 0, 0};
    }
    tally_merged *m;
    CHECK_INT_EQ(tally_merge_run(a, r, n, &m), 1);
    CHECK_INT_EQ(m[0].nmembers, n);
    CHECK_INT_EQ(m[0].fatalities.max, 12);
    free(r);
    free(keys);
    tally_arena_free(a);
}

/* A report (key) of article art from spec s. */
static tally_merge_report report_of(tally_arena *a, const spec *s, const char *key, const char *art,
                                    const char *outlet) {
    tally_merge_report r = {make(a, s), key, art, outlet, {0, 0, 0}};
    return r;
}

/* A report without a day: never with a dated one of another article, but with one
 * of its own article at the same place. */
static void undated(tally_arena *a) {
    char why[256];
    tally_merged *m;
    spec raid = REPORTS[0], nod = REPORTS[0];
    nod.date = NULL;
    tally_merge_report d[3] = {report_of(a, &raid, "w:0", "w", "Example Wire"),
                               report_of(a, &nod, "x:0", "x", "Example Daily"),
                               report_of(a, &nod, "w:1", "w", "Example Wire")};
    CHECK(!tally_merge_match(&d[0], &d[1], why, sizeof why));
    CHECK(tally_merge_match(&d[0], &d[2], why, sizeof why));
    CHECK(strstr(why, "same article") != NULL);
    CHECK(!tally_merge_match(&d[1], &d[2], why, sizeof why)); /* two undated of two articles */
    size_t n = tally_merge_run(a, d, 3, &m);
    CHECK_INT_EQ(n, 2);
    CHECK(holding(m, n, d, "w:0") == holding(m, n, d, "w:1"));
    CHECK(holding(m, n, d, "x:0") != holding(m, n, d, "w:0"));
}

/* Two raids in one article, a day apart, in west Baghdad and Sadr City (14 km): the
 * article keeps them apart, and a wire report that matches each does not bridge
 * them. One article's two reports of one day and place are one incident. */
static void two_raids(tally_arena *a) {
    char why[256];
    tally_merged *m;
    spec west = {"2008-04-20", 0, "Mansour", "Baghdad", 33.3150, 44.3360, 0, 1, "Battles", "Armed clash", "US troops",
                 "USAMIL", "the US military", 2, 2, -1, NULL, 0, 0, 0};
    spec sadr = west, wire = west;
    sadr.date = "2008-04-21";
    sadr.place = "Sadr City";
    sadr.lat = 33.3870;
    sadr.lon = 44.4600;
    wire.date = "2008-04-21";
    wire.place = "Baghdad";
    wire.lat = 33.3406;
    wire.lon = 44.4009;
    tally_merge_report two[3] = {report_of(a, &west, "r:0", "r", "Example Wire"),
                                 report_of(a, &sadr, "r:1", "r", "Example Wire"),
                                 report_of(a, &wire, "s:0", "s", "Other Wire")};
    CHECK(!tally_merge_match(&two[0], &two[1], why, sizeof why));
    CHECK(strstr(why, "one article tells them apart") != NULL);
    CHECK(tally_merge_match(&two[0], &two[2], why, sizeof why));
    CHECK(tally_merge_match(&two[1], &two[2], why, sizeof why));
    size_t n = tally_merge_run(a, two, 3, &m);
    CHECK_INT_EQ(n, 2);
    CHECK(holding(m, n, two, "r:0") != holding(m, n, two, "r:1"));
    spec same = west;
    same.by1 = "a resident";
    tally_merge_report split[2] = {report_of(a, &west, "q:0", "q", NULL), report_of(a, &same, "q:1", "q", NULL)};
    CHECK_INT_EQ(tally_merge_run(a, split, 2, &m), 1);
}

/* Perpetrators by code: police = officers (COP and MIL of one country); a gunman is
 * another perpetrator; a follow-up dated only by its article joins the incident of
 * up to a week before when it counts the same dead. */
static void actors_and_followups(tally_arena *a) {
    char why[256];
    spec cops = REPORTS[0], offs = REPORTS[0], gun = REPORTS[0];
    cops.perp = "police", cops.perp_code = "USACOP";
    offs.perp = "officers", offs.perp_code = "USAMIL";
    gun.perp = "a gunman", gun.perp_code = "USAREB";
    tally_merge_report p1 = report_of(a, &cops, "p:0", "p", NULL), p2 = report_of(a, &offs, "o:0", "o", NULL),
                       p3 = report_of(a, &gun, "g:0", "g", NULL);
    CHECK(tally_merge_match(&p1, &p2, why, sizeof why));
    CHECK(strstr(why, "USACOP ~ USAMIL") != NULL);
    CHECK(!tally_merge_match(&p1, &p3, why, sizeof why));

    spec first = REPORTS[0], later = REPORTS[0];
    later.date = "2014-03-16"; /* five days after the 11th */
    tally_merge_report f1 = report_of(a, &first, "f:0", "f", NULL), f2 = report_of(a, &later, "h:0", "h", NULL);
    CHECK(!tally_merge_match(&f1, &f2, why, sizeof why)); /* a day it names: too far */
    tally_dates_parse("2014-03-16", 10, &f2.published);   /* the article's own day, no day named */
    CHECK(tally_merge_match(&f1, &f2, why, sizeof why));
    CHECK(strstr(why, "follow-up") != NULL);
    later.k1lo = later.k1hi = 30;
    tally_merge_report f3 = report_of(a, &later, "k:0", "k", NULL);
    f3.published = f2.published;
    CHECK(!tally_merge_match(&f1, &f3, why, sizeof why)); /* another count: another story */
    tally_merged *m;
    tally_merge_report fs[2] = {f1, f2};
    CHECK_INT_EQ(tally_merge_run(a, fs, 2, &m), 1);
    char d[11];
    tally_ymd_format(m[0].date_end, d);
    CHECK_STR_EQ(d, "2014-03-11"); /* the follow-up's day is no day of the incident */
}

/* Contested with its reason; a part never contests; sources and outlets. */
static void contested_and_sources(tally_arena *a) {
    tally_merged *m;
    /* 5 by the military against 10 by the council: contested, and the record says so */
    spec mil = REPORTS[0], council = REPORTS[0];
    mil.by1 = "the US military", mil.k1lo = mil.k1hi = 5, mil.inj1 = -1;
    council.by1 = "the local council", council.k1lo = council.k1hi = 10, council.inj1 = -1;
    tally_merge_report c[2] = {report_of(a, &mil, "m:0", "m", "Example Wire"),
                               report_of(a, &council, "c:0", "c", "Example Daily")};
    CHECK_INT_EQ(tally_merge_run(a, c, 2, &m), 1);
    CHECK_INT_EQ(m[0].contested, 1);
    CHECK(m[0].disputed && strstr(m[0].disputed, "killed 5 (us military) vs 10 (local council)"));
    /* "at least 11" with "the dead included four old men" in one article: the report's
       total is 11, the part (a claim below it) neither widens nor contests it */
    spec part = REPORTS[0];
    part.by1 = "AFP", part.k1lo = part.k1hi = 11, part.inj1 = -1;
    part.by2 = "AFP", part.k2lo = part.k2hi = 4;
    tally_incident *total = make(a, &part);
    total->fatalities.min = total->fatalities.max = 11; /* the coder's total: the part is no count */
    mil.k1lo = mil.k1hi = 11;
    tally_merge_report p[2] = {{total, "a:0", "a", "AFP", {0, 0, 0}}, report_of(a, &mil, "b:0", "b", "Example Wire")};
    CHECK_INT_EQ(tally_merge_run(a, p, 2, &m), 1);
    CHECK_INT_EQ(m[0].fatalities.min, 11);
    CHECK_INT_EQ(m[0].fatalities.max, 11);
    CHECK_INT_EQ(m[0].contested, 0);
    CHECK(m[0].disputed == NULL);
    /* civilians by one source, combatants by another */
    spec civ = REPORTS[0];
    civ.by2 = "a villager", civ.k2lo = civ.k2hi = 8, civ.victims2 = TALLY_VICTIMS_CIVILIANS;
    spec comb = REPORTS[0];
    comb.by2 = "the army", comb.k2lo = comb.k2hi = 8, comb.victims2 = TALLY_VICTIMS_COMBATANTS;
    tally_merge_report v[2] = {report_of(a, &civ, "v:0", "v", NULL), report_of(a, &comb, "u:0", "u", NULL)};
    CHECK_INT_EQ(tally_merge_run(a, v, 2, &m), 1);
    CHECK(m[0].contested && m[0].disputed && strstr(m[0].disputed, "civilians (villager) vs combatants (army)"));
    /* sources: a claim without a speaker speaks for its outlet; two outlets quoting
       the police are one source; the outlet a claim came through is an outlet */
    spec w1 = REPORTS[0], w2 = REPORTS[0], own = REPORTS[0];
    w2.by1 = "Police";
    own.by1 = NULL;
    tally_merge_report s[3] = {report_of(a, &w1, "s:0", "s", "Example Wire"),
                               report_of(a, &w2, "t:0", "t", "Other Wire"),
                               report_of(a, &own, "u:0", "u", "Example Daily")};
    s[1].in->claims[0].via = "the Associated Press";
    CHECK_INT_EQ(tally_merge_run(a, s, 3, &m), 1);
    CHECK_INT_EQ(m[0].nsources, 2); /* police, example daily */
    CHECK_STR_EQ(m[0].sources[0], "example daily");
    CHECK_STR_EQ(m[0].sources[1], "police");
    CHECK_INT_EQ(m[0].noutlets, 4);
    CHECK_STR_EQ(m[0].outlets[0], "Example Daily");
    CHECK_STR_EQ(m[0].outlets[3], "the Associated Press");
}

/* Stable ids: the oldest prior id survives a merge and the other redirects to it; a
 * split keeps the id with the part holding most of it; new incidents get fresh ids. */
static void ids(tally_arena *a) {
    tally_merge_member mem[6];
    for (size_t i = 0; i < 6; i++)
        mem[i] = (tally_merge_member){i, -1, ""};
    tally_merged m[3];
    memset(m, 0, sizeof m);
    m[0].members = mem, m[0].nmembers = 3;     /* reports 0, 1, 2 */
    m[1].members = mem + 3, m[1].nmembers = 2; /* reports 3, 4 */
    m[2].members = mem + 5, m[2].nmembers = 1; /* report 5 */
    /* 0 was in 7, 1 in 3, 2 new; 3 and 4 in 7 (7 split: more of it is here); 5 new */
    int64_t prior[6] = {7, 3, 0, 7, 7, 0}, out[3], next = 9, *from, *to;
    size_t nred = tally_merge_ids(a, m, 3, prior, &next, out, &from, &to);
    CHECK_INT_EQ(out[0], 3); /* 3 and 7 merged: the older 3 survives */
    CHECK_INT_EQ(out[1], 7); /* holds most of 7 */
    CHECK_INT_EQ(out[2], 9); /* new */
    CHECK_INT_EQ(next, 10);
    CHECK_INT_EQ(nred, 0); /* 7 lives on */
    /* 3 and 7 both wholly in one incident: 7 redirects to 3 */
    int64_t prior2[6] = {7, 3, 3, 7, 0, 0};
    m[0].nmembers = 4, m[1].members = mem + 4, m[1].nmembers = 1;
    nred = tally_merge_ids(a, m, 3, prior2, &next, out, &from, &to);
    CHECK_INT_EQ(out[0], 3);
    CHECK_INT_EQ(nred, 1);
    CHECK(nred == 1 && from[0] == 7 && to[0] == 3);
    CHECK_INT_EQ(out[1], 10);
    CHECK_INT_EQ(out[2], 11);
}

/* Two reports naming one person are one incident though their places were read
 * 300 km apart; other names, or only a title and a surname, are not. */
static void persons(tally_arena *a) {
    char why[256];
    spec here = REPORTS[0], there = REPORTS[0];
    there.place = "Samarra", there.lat = 34.1959, there.lon = 43.88568, there.gid = 0;
    there.lat += 1.5;
    tally_merge_report x = report_of(a, &here, "n:0", "n", NULL), y = report_of(a, &there, "e:0", "e", NULL);
    CHECK(!tally_merge_match(&x, &y, why, sizeof why));
    x.in->claims[0].words = "Jane Q. Roe, 41";
    y.in->claims[0].words = "Jane Roe";
    CHECK(tally_merge_match(&x, &y, why, sizeof why));
    CHECK(strstr(why, "both name jane roe") != NULL);
    y.in->claims[0].words = "John Roe";
    CHECK(!tally_merge_match(&x, &y, why, sizeof why));
    y.in->claims[0].words = "Officer Roe";
    x.in->claims[0].words = "Mr. Roe";
    CHECK(!tally_merge_match(&x, &y, why, sizeof why));
}

static void issue17(void) {
    tally_arena *a = tally_arena_new();
    undated(a);
    two_raids(a);
    actors_and_followups(a);
    contested_and_sources(a);
    ids(a);
    persons(a);
    tally_arena_free(a);
}

void test_merge(void) {
    scenario();
    rules();
    many();
    issue17();
}
