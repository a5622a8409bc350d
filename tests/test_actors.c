/* test_actors.c: actor mentions and their codes (actors.c) in sentences of our own,
 * and the speakers of claims (claims.c) as whole noun phrases or nobody. */
#include "actors.h"
#include "dict.h"
#include "tally.h"
#include "test.h"

#include <stdlib.h>

/* The mentions of the first sentence of text, as "words=CODE" joined by "; ". */
static const char *mentions(const char *text, int32_t date, const char *country) {
    static char out[512];
    tally_arena *a = tally_arena_new();
    tally_text *t = tally_text_new(a, text, strlen(text));
    tally_tokens tk;
    tally_tokens_split(a, t, &tk);
    tally_actor_mention *m;
    size_t n = tk.nsents ? tally_actors_find(a, &tk, 0, date, country, &m) : 0, len = 0;
    out[0] = 0;
    for (size_t i = 0; i < n && len < sizeof out - 100; i++) {
        size_t b = tk.toks[m[i].start].start, e = tk.toks[m[i].end - 1].start + tk.toks[m[i].end - 1].len;
        len += (size_t)snprintf(out + len, sizeof out - len, "%s%.*s=%s%s", i ? "; " : "", (int)(e - b),
                                text + b, m[i].code ? m[i].code : "-", m[i].country ? " (country)" : "");
    }
    tally_arena_free(a);
    return out;
}

/* Index a copy of each parsed entry (the index keeps pointers: they outlive the test). */
static void add_one(void *ctx, const tally_dict_entry *e) {
    tally_dict_entry *c = tally_arena_alloc(ctx, sizeof *c);
    *c = *e;
    tally_dict_add(c);
}

static void add_entries(const char *src) {
    static tally_arena *keep;
    if (!keep)
        keep = tally_arena_new();
    CHECK_INT_EQ(tally_dict_parse(keep, "test", src, strlen(src), add_one, NULL, keep), 0);
}

static void test_compose(void) {
    char buf[32] = "IRQ";
    tally_actors_compose(buf, sizeof buf, "---MIL");
    CHECK_STR_EQ(buf, "IRQMIL");
    tally_actors_compose(buf, sizeof buf, "---MIL"); /* told already */
    CHECK_STR_EQ(buf, "IRQMIL");
    tally_actors_compose(buf, sizeof buf, "NGO---");
    CHECK_STR_EQ(buf, "NGOIRQMIL");
    tally_actors_compose(buf, sizeof buf, NULL);
    CHECK_STR_EQ(buf, "NGOIRQMIL");
    CHECK(tally_actors_country("IRQMIL"));
    CHECK(!tally_actors_country("IGOWSTMIL"));
    CHECK(!tally_actors_country("---COP"));
}

static void test_mentions(void) {
    /* an entry of its own, a demonym before an agent, a named actor with its agent */
    CHECK_STR_EQ(mentions("Iraqi police stopped a truck near the market.", 0, NULL), "Iraqi police=IRQCOP");
    CHECK_STR_EQ(mentions("Afghan militants fired on a convoy.", 0, NULL), "Afghan militants=AFGREB");
    CHECK_STR_EQ(mentions("The US military said the convoy was hit.", 0, NULL), "The US military=USAMIL");
    /* an agent of a country told after it */
    CHECK_STR_EQ(mentions("The government of Iraq has asked for help.", 0, NULL), "government of Iraq=IRQGOV");
    CHECK_STR_EQ(mentions("Yemen's government rejected the offer.", 0, NULL), "Yemen's government=YEMGOV");
    /* names and the usual adjectives between a country and its agent */
    CHECK_STR_EQ(mentions("Syrian state security officials met on Monday.", 0, NULL),
                 "Syrian state security officials=SYRGOV");
    /* an agent alone: the country given, else none */
    CHECK_STR_EQ(mentions("Gunmen opened fire on a bus.", 0, "PAK"), "Gunmen=PAKREB");
    CHECK_STR_EQ(mentions("Gunmen opened fire on a bus.", 0, NULL), "Gunmen=---REB");
    /* a country alone is marked as one; "us" the pronoun is nobody */
    CHECK_STR_EQ(mentions("Troops left Libya and told us nothing.", 0, NULL), "Troops=---MIL; Libya=LBY (country)");
    /* two agents joined by "and" are two mentions */
    CHECK_STR_EQ(mentions("Police and soldiers sealed the road.", 0, "IRQ"), "Police=IRQCOP; soldiers=IRQMIL");
}

static void test_dated(void) {
    add_entries("[actor]\ngondor regency  code=GNDGOV dated=GNDREG:0:19991231;GNDGOV:20000101:0\n");
    CHECK_STR_EQ(mentions("The Gondor regency sent envoys.", 19950601, NULL), "Gondor regency=GNDREG");
    CHECK_STR_EQ(mentions("The Gondor regency sent envoys.", 20050601, NULL), "Gondor regency=GNDGOV");
    CHECK_STR_EQ(mentions("The Gondor regency sent envoys.", 0, NULL), "Gondor regency=GNDGOV");
    CHECK_STR_EQ(mentions("The Gondor regency ministers met.", 19950601, NULL), "Gondor regency ministers=GNDREGGOV");
}

/* Code text as an article of 2020-05-04, without a gazetteer; the arena holds it. */
static void code_text(tally_arena *a, const char *text, tally_article *art) {
    tally_doc d;
    memset(&d, 0, sizeof d);
    d.id = "t";
    d.body.p = text;
    d.body.len = strlen(text);
    d.date_raw = "2020-05-04";
    tally_coder c;
    memset(&c, 0, sizeof c);
    tally_code_article(a, &c, &d, art);
}

/* The speakers of text's claims, "-" for nobody, joined by "|". */
static const char *speakers(const char *text) {
    static char out[512];
    tally_arena *a = tally_arena_new();
    tally_article art;
    code_text(a, text, &art);
    size_t n = 0;
    out[0] = 0;
    for (size_t i = 0; i < art.nincidents; i++)
        for (size_t k = 0; k < art.incidents[i].nclaims && n < sizeof out - 80; k++)
            n += (size_t)snprintf(out + n, sizeof out - n, "%s%s", n ? "|" : "",
                                  art.incidents[i].claims[k].by ? art.incidents[i].claims[k].by : "-");
    tally_arena_free(a);
    return out;
}

/* The perpetrators' codes of the first incident of text, joined by " ". */
static const char *perpetrators(const char *text) {
    static char out[256];
    tally_arena *a = tally_arena_new();
    tally_article art;
    code_text(a, text, &art);
    size_t n = 0;
    out[0] = 0;
    for (size_t k = 0; art.nincidents && k < art.incidents[0].nactors && n < sizeof out - 40; k++)
        if (art.incidents[0].actors[k].role == TALLY_ROLE_PERPETRATOR)
            n += (size_t)snprintf(out + n, sizeof out - n, "%s%s", n ? " " : "", art.incidents[0].actors[k].code);
    tally_arena_free(a);
    return out;
}

static void test_speakers(void) {
    /* a whole noun phrase before the verb: names, titles, possessives, ties */
    CHECK_STR_EQ(speakers("Two men were shot dead on Elm Street on Sunday, the county sheriff's office said."),
                 "the county sheriff's office");
    CHECK_STR_EQ(speakers("A spokeswoman for the city police said two men were shot dead on Elm Street."),
                 "A spokeswoman for the city police");
    /* after the verb, behind a comma */
    CHECK_STR_EQ(speakers("Two men were shot dead on Elm Street, said Sgt. Jane Roe."), "Sgt. Jane Roe");
    /* a dateline is no part of it; a relative clause's subject is */
    CHECK_STR_EQ(speakers("RIVERTON — Police say a man shot two neighbors dead on Sunday."), "Police");
    CHECK_STR_EQ(speakers("A man who police say shot two neighbors dead was arrested on Sunday."), "police");
    /* helpers and adverbs before the verb; the passive names nobody */
    CHECK_STR_EQ(speakers("Deputies have also said that two men were shot dead on Elm Street."), "Deputies");
    CHECK_STR_EQ(speakers("It was reported that two men were shot dead on Elm Street."), "-");
    /* no noun phrase before the verb: nobody */
    CHECK_STR_EQ(speakers("Two men were shot dead on Elm Street and were later described as brothers."), "-");
    /* "according to" takes the phrase after it */
    CHECK_STR_EQ(speakers("Two men were shot dead on Elm Street, according to the county coroner."),
                 "the county coroner");
}

static void test_police_source(void) {
    /* the police who tell of a shooting are its source, not who did it */
    CHECK_STR_EQ(perpetrators("Police say a man shot two neighbors dead on Sunday in Riverton."), "");
    CHECK_STR_EQ(perpetrators("Police are investigating a shooting that killed two men in Riverton."), "");
    /* police who did the shooting still are */
    CHECK(strstr(perpetrators("Police shot dead two gunmen in Riverton on Sunday."), "COP") != NULL);
}

void test_actors(void) {
    test_speakers();
    test_police_source();
    test_compose();
    test_mentions();
    test_dated();
}
