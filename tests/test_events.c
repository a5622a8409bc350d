/* test_events.c: event coding (CAMEO, Goldstein, quad class, PLOVER) with the
 * project's dictionaries and with PETRARCH-format ones, in sentences of our own;
 * and the score on PETRARCH's unit-test records when ../shared is present. */
#include "dict.h"
#include "events.h"
#include "petrarch.h"
#include "tally.h"
#include "test.h"

#include <stdlib.h>

/* Code text (article date date) and describe its events, one per line:
 * "SRC TGT CODE PLOVER [hedged] date". */
static const char *code(const char *text, const char *date, int user) {
    static char out[2048];
    tally_arena *a = tally_arena_new();
    tally_doc d;
    memset(&d, 0, sizeof d);
    d.id = "t";
    d.body.p = text;
    d.body.len = strlen(text);
    d.date_raw = date;
    tally_coder c;
    memset(&c, 0, sizeof c);
    c.user_dicts = (uint8_t)user;
    tally_article art;
    tally_code_article(a, &c, &d, &art);
    size_t n = 0;
    out[0] = 0;
    for (size_t i = 0; i < art.nevents && n < sizeof out - 200; i++) {
        const tally_event *e = &art.events[i];
        char ds[11];
        tally_ymd_format(e->date, ds);
        n += (size_t)snprintf(out + n, sizeof out - n, "%s%s %s %s %s%s %s", i ? "\n" : "",
                              e->source ? e->source : "-", e->target ? e->target : "-", e->code,
                              e->plover ? e->plover : "-", e->hedged ? " hedged" : "", ds);
    }
    tally_arena_free(a);
    return out;
}

static void test_cameo_table(void) {
    double g;
    int q;
    const char *p, *m;
    CHECK(tally_events_cameo("194", &g, &q, &p, &m));
    CHECK_INT_EQ(q, 4);
    CHECK(g == -10.0);
    CHECK_STR_EQ(p, "FIGHT");
    CHECK_STR_EQ(m, "heavy-weapons");
    CHECK(tally_events_cameo("0841", &g, &q, &p, &m));
    CHECK_STR_EQ(p, "RETREAT");
    CHECK_STR_EQ(m, "release");
    CHECK_INT_EQ(q, 2);
    CHECK(tally_events_cameo("057", &g, &q, &p, &m));
    CHECK(g == 8.0);
    CHECK_INT_EQ(q, 1);
    CHECK(!tally_events_cameo("903", &g, &q, &p, &m)); /* not CAMEO */
    CHECK(!tally_events_cameo("abc", &g, &q, &p, &m));
    CHECK(!tally_events_cameo(NULL, &g, &q, &p, &m));
}

static void test_own_dictionaries(void) {
    /* who did what to whom, the event's own date resolved against the article's */
    CHECK_STR_EQ(code("On Friday Syrian troops shelled rebel positions outside the city.",
                      "2020-03-09", 0),
                 "SYRMIL SYRREB 194 FIGHT 2020-03-06");
    CHECK_STR_EQ(code("Kenyan police arrested twelve students in Nairobi.", "2019-05-02", 0),
                 "KENCOP KENCVL 173 COERCE 2019-05-02");
    /* a list of sources; the domestic target when none is named */
    CHECK_STR_EQ(code("Peru and Chile signed a trade agreement.", "2019-05-02", 0),
                 "PER CHL 057 SUPPORT 2019-05-02\nCHL PER 057 SUPPORT 2019-05-02");
    CHECK_STR_EQ(code("The Malawian government imposed a curfew.", "2019-05-02", 0),
                 "MWIGOV MWI 1723 COERCE 2019-05-02");
    /* passive: the actor after "by" is the source */
    CHECK_STR_EQ(code("A Bolivian convoy was attacked by Peruvian soldiers.", "2019-05-02", 0),
                 "PERMIL BOL 190 FIGHT 2019-05-02");
    /* a verb after "and" keeps its source */
    CHECK_STR_EQ(code("Norway condemned the raid and promised aid to Somalia.", "2019-05-02", 0),
                 "NOR SOM 111 DISAPPROVE 2019-05-02\nNOR SOM 030 AGREE 2019-05-02");
    /* attributed speech: the speaker accuses; what is reported is marked */
    CHECK_STR_EQ(code("A Canadian envoy said Iran is supplying weapons to the rebels.", "2019-05-02", 0),
                 "CANGOV IRNGOV 112 DISAPPROVE 2019-05-02\nIRNGOV IRNREB 072 AID hedged 2019-05-02");
    /* "X said Y must": a demand */
    CHECK_STR_EQ(code("Belgium said on Monday that Chad must free the hostages.", "2019-05-02", 0),
                 "BEL TCD 100 DEMAND 2019-04-29\nTCD TCDCVL 084 RETREAT 2019-04-29");
    /* hedged and denied events are marked */
    CHECK_STR_EQ(code("Nigerian soldiers allegedly tortured the detainees.", "2019-05-02", 0),
                 "NGAMIL NGACVL 182 ASSAULT hedged 2019-05-02");
    /* a noun after "the" is not the verb: the criticism is */
    CHECK_STR_EQ(code("Brazil criticized the attack on Argentina.", "2019-05-02", 0),
                 "BRA ARG 111 DISAPPROVE 2019-05-02");
    /* no dictionary word, no event; the same verb twice, one event */
    CHECK_STR_EQ(code("The weather was fine and the harvest was good.", "2019-05-02", 0), "");
    CHECK_STR_EQ(code("", NULL, 0), "");
}

/* PETRARCH-format dictionaries written for this test: invented places so that
 * nothing else in the suite meets them. */
static const char VERBS[] = "<!-- test verbs -->\n"
                            "&TIEKIND\n+TRADE\n+CULTURAL\n\n"
                            "--- RESTORE  [064] ---\n"
                            "RESTORE  # a comment\n"
                            "- * &TIEKIND TIES [065]\n"
                            "- NOT * [112]\n\n"
                            "--- VISIT [042:043] ---\n"
                            "VISIT\n"
                            "--- BREAK [161] ---\n"
                            "BREAK {BROKE BROKEN}\n"
                            "- * OFF_TALKS [164]\n";
static const char ACTORS[] = "ZEMBLANIA_ [ZMB]\n+ZEMBLAN\n"
                             "QUORVAL\n\t[QRVGOV 19990101-20051231]\n\t[QRVREB >20060101]\n"
                             "THE_TWIN_MARCHES [TWA/TWB]\n";
static const char AGENTS[] = "!OFFICER! = OFFICER, OFFICERS\n"
                             "MINISTER [~GOV]\nBORDER_GUARD [~MIL]\nBANKER {} [BUS~]\n"
                             "CUSTOMS_!OFFICER! [~CUS]\n";
static const char DISCARDS[] = "CRICKET MATCH\n+LOTTERY DRAW\n";

static tally_arena *g_dicts; /* lives as long as the index points into it */

static void add_entry(void *ctx, const tally_dict_entry *e) {
    tally_dict_entry *c = tally_arena_alloc(g_dicts, sizeof *c);
    *c = *e;
    tally_dict_add(c);
    (*(size_t *)ctx)++;
}

static void count_error(void *ctx, const char *file, uint32_t line, const char *msg) {
    (void)file;
    (void)line;
    (void)msg;
    (*(size_t *)ctx) += 1000;
}

static void test_petrarch_dictionaries(void) {
    CHECK_INT_EQ(tally_petrarch_kind("dict/CAMEO.2.0.txt", "", 0), TALLY_PETRARCH_VERBS);
    CHECK_INT_EQ(tally_petrarch_kind("x/Phoenix.agents.txt", "", 0), TALLY_PETRARCH_AGENTS);
    CHECK_INT_EQ(tally_petrarch_kind("notes.txt", "--- SAY [010] ---\n", 17), TALLY_PETRARCH_VERBS);
    CHECK_INT_EQ(tally_petrarch_kind("notes.txt", "hello", 5), TALLY_PETRARCH_NONE);
    if (!g_dicts)
        g_dicts = tally_arena_new();
    size_t n = 0;
    CHECK_INT_EQ(tally_petrarch_parse(g_dicts, TALLY_PETRARCH_VERBS, "t.verbs", VERBS, strlen(VERBS),
                                      add_entry, count_error, &n), 0);
    CHECK(n >= 10); /* restore, restores, restored, restoring, visit ..., broke, broken */
    n = 0;
    CHECK_INT_EQ(tally_petrarch_parse(g_dicts, TALLY_PETRARCH_ACTORS, "t.actors", ACTORS,
                                      strlen(ACTORS), add_entry, count_error, &n), 0);
    CHECK_INT_EQ(n, 4);
    n = 0;
    CHECK_INT_EQ(tally_petrarch_parse(g_dicts, TALLY_PETRARCH_AGENTS, "t.agents", AGENTS,
                                      strlen(AGENTS), add_entry, count_error, &n), 0);
    CHECK_INT_EQ(n, 7); /* minister(s), border guard(s), banker, customs officer(s) */
    n = 0;
    CHECK_INT_EQ(tally_petrarch_parse(g_dicts, TALLY_PETRARCH_DISCARDS, "t.discards", DISCARDS,
                                      strlen(DISCARDS), add_entry, count_error, &n), 0);
    CHECK_INT_EQ(n, 2);
    /* a bad line is reported with its line and the rest is read */
    n = 0;
    const char bad[] = "--- X [010] ---\nX\n- NO VERB MARK [011]\n- * &UNDEFINED [012]\n";
    CHECK(tally_petrarch_parse(g_dicts, TALLY_PETRARCH_VERBS, "bad.verbs", bad, strlen(bad),
                               add_entry, count_error, &n) == 2);

    CHECK_STR_EQ(code("Zemblania restored trade ties with Quorval.", "2003-04-05", 1),
                 "ZMB QRVGOV 065 COOPERATE 2003-04-05");
    /* dated codes follow the event's date, paired codes give both directions */
    CHECK_STR_EQ(code("The Zemblan minister will visit Quorval.", "2010-04-05", 1),
                 "ZMBGOV QRVREB 042 CONSULT 2010-04-05\nQRVREB ZMBGOV 043 CONSULT 2010-04-05");
    CHECK_STR_EQ(code("Zemblania broke off talks with the Twin Marches.", "2010-04-05", 1),
                 "ZMB TWA 164 SANCTION 2010-04-05\nZMB TWB 164 SANCTION 2010-04-05");
    CHECK_STR_EQ(code("Zemblania did not restore ties with Quorval.", "2010-04-05", 1),
                 "ZMB QRVREB 112 DISAPPROVE hedged 2010-04-05");
    CHECK_STR_EQ(code("Zemblan customs officers restored ties with Quorval.", "2010-04-05", 1),
                 "ZMBCUS QRVREB 064 COOPERATE 2010-04-05");
    /* discards: the sentence, or with '+' the whole article */
    CHECK_STR_EQ(code("Zemblania restored ties with Quorval after the cricket match.", "2010-04-05", 1), "");
    CHECK_STR_EQ(code("Zemblania restored ties with Quorval. The lottery draw was held.", "2010-04-05", 1),
                 "");
    /* with --dict the project's own verbs do not code */
    CHECK_STR_EQ(code("Peru and Chile signed a trade agreement.", "2019-05-02", 1), "");
}

/* The harness of make eval-petrarch, as a floor: share and triples. */
static void test_petrarch_unit_records(void) {
    const char *rec = "../shared/peers/petrarch2/PETR.UnitTest.records.xml";
    FILE *f = fopen(rec, "r");
    if (!f) {
        test_skip("../shared/peers/petrarch2 absent: PETRARCH unit records not scored");
        return;
    }
    fclose(f);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "python3 tools/eval_petrarch.py %s %s ../shared/peers/petrarch2 2>&1",
             test_tally_bin(), rec);
    char *out = NULL;
    CHECK_INT_EQ(test_run(cmd, &out, NULL), 0);
    const char *p = out ? strstr(out, "all-produced: ") : NULL;
    CHECK(p != NULL);
    if (p)
        CHECK(atof(p + 14) >= 0.60);
    free(out);
}

void test_events(void) {
    test_cameo_table();
    test_own_dictionaries();
    test_petrarch_dictionaries();
    test_petrarch_unit_records();
}
