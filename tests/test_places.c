/* test_places.c: the name key, the gazetteer loader (good, missing, damaged
 * files) and the geoparser on sentences written for these tests, against the
 * small gazetteer in fuzz/corpus/gazetteer/mini.bin and, when built, the full one. */
#include "test.h"

#include "gazetteer.h"
#include "places.h"
#include "tally.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static void check_key(const char *a, const char *b) {
    char ka[256], kb[256];
    tally_gazetteer_key(a, strlen(a), ka, sizeof ka);
    tally_gazetteer_key(b, strlen(b), kb, sizeof kb);
    CHECK_STR_EQ(ka, kb);
}

static void test_keys(void) {
    check_key("ali al-sharqi", "ali ash sharqi");
    check_key("nahiyat ali ash sharqi", "ali al sharqi");
    check_key("amara", "al 'amarah");
    check_key("basra", "basrah");
    check_key("baquba", "ba'qubah");
    check_key("baqouba", "baqubah");
    check_key("kadhimiya", "kadhimiyah");
    check_key("u.s.", "us");
    check_key("maysan province", "muhafazat maysan");
    char k[64];
    CHECK_INT_EQ(tally_gazetteer_key("province", 8, k, sizeof k), 8); /* alone, it stays */
    CHECK_INT_EQ(tally_gazetteer_key("", 0, k, sizeof k), 0);
    CHECK(tally_gazetteer_key("sadr city", 9, k, 4) < 4); /* bounded */
}

/* The places of text s (tokens into *tk, places into *p, all in arena a). */
static size_t places_in(tally_arena *a, const tally_gazetteer *g, const char *s, tally_tokens *tk,
                        tally_place **p) {
    tally_text *t = tally_text_new(a, s, strlen(s));
    tally_tokens_split(a, t, tk);
    return tally_places_find(a, g, tk, p);
}

/* Places found in s, as "text=name/admin1/country/kind/precision;" */
static char *parse(const tally_gazetteer *g, const char *s) {
    static char out[2048];
    tally_arena *a = tally_arena_new();
    tally_text *t = tally_text_new(a, s, strlen(s));
    tally_tokens tk;
    tally_tokens_split(a, t, &tk);
    tally_place *p;
    size_t n = tally_places_find(a, g, &tk, &p);
    out[0] = 0;
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(out);
        snprintf(out + l, sizeof out - l, "%s=%s/%s/%s/%s/%d;", p[i].loc.text, p[i].loc.name,
                 p[i].loc.admin1 ? p[i].loc.admin1 : "-", p[i].loc.country ? p[i].loc.country : "-",
                 tally_places_kind_name(p[i].kind), p[i].loc.precision);
    }
    tally_arena_free(a);
    return out;
}

/* CPU seconds to find the places of n copies of a paragraph, as one article. */
static double places_secs(const tally_gazetteer *g, size_t n) {
    const char *para = "Gunmen fired on a patrol in Amara, and police in Maysan province said so. "
                       "Mr Marra met officials in Basrah and Baghdad's Sadr City on Friday.\n\n";
    size_t pl = strlen(para);
    char *s = malloc(n * pl + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(s + i * pl, para, pl);
    s[n * pl] = 0;
    clock_t t0 = clock();
    tally_arena *a = tally_arena_new();
    tally_text *t = tally_text_new(a, s, n * pl);
    tally_tokens tk;
    tally_tokens_split(a, t, &tk);
    tally_place *p;
    size_t found = tally_places_find(a, g, &tk, &p);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    CHECK_INT_EQ(found, 5 * n);
    tally_arena_free(a);
    free(s);
    return secs;
}

/* Time grows with the article, not with its square: 8 times the text in well under
 * 64 times the time (quadratic loops over every mention took that). */
static void test_linear(const tally_gazetteer *g) {
    places_secs(g, 500); /* warm */
    double small = places_secs(g, 2000), big = places_secs(g, 16000);
    CHECK(big < 20 * (small > 0.002 ? small : 0.002));
    CHECK(big < 5.0);
}

static void test_mini(void) {
    size_t len;
    char *buf = test_read_file("fuzz/corpus/gazetteer/mini.bin", &len);
    if (!buf) {
        test_skip("fuzz/corpus/gazetteer/mini.bin missing");
        return;
    }
    void *al = malloc(len + 8);
    memcpy(al, buf, len);
    tally_gazetteer *g;
    char err[256];
    CHECK_INT_EQ(tally_gazetteer_open_mem(al, len, &g, err, sizeof err), TALLY_OK);
    CHECK_STR_EQ(parse(g, "Soldiers raided a house in Ali al-Sharqi on Friday."),
                 "Ali al-Sharqi=Nāḩiyat Alī ash Sharqī/Maysan/IRQ/city/1;");
    CHECK_STR_EQ(parse(g, "Rockets hit a base near Amara, and police in Maysan province said so."),
                 "Amara=Al ‘Amārah/Maysan/IRQ/city/2;Maysan=Maysan/Maysan/IRQ/admin1/3;");
    CHECK_STR_EQ(parse(g, "A car bomb went off in Baghdad's Sadr City."),
                 "Baghdad=Baghdad/Baghdad/IRQ/city/1;Sadr City=Sadr City/Baghdad/IRQ/district/1;");
    CHECK_STR_EQ(parse(g, "Iranian officials met U.S. envoys in Turkey."),
                 "Iranian=Iran/-/IRN/demonym/3;U.S.=United States/-/USA/country/3;Turkey=Türkiye/-/TUR/country/3;");
    CHECK_STR_EQ(parse(g, "Will they come? The town of Edmonton, Kentucky, voted."),
                 "Edmonton=Edmonton/Kentucky/USA/city/1;Kentucky=Kentucky/Kentucky/USA/admin1/3;");
    CHECK_STR_EQ(parse(g, "Officials in Basrah and Baqouba reported calm."),
                 "Basrah=Basrah/Basra/IRQ/city/1;Baqouba=Baqubah/Diyala/IRQ/city/1;");
    CHECK_STR_EQ(parse(NULL, "Officials in Basrah reported calm."), "");
    /* a hotel named after a province is not in it; a name's first word is no place */
    CHECK_STR_EQ(parse(g, "Guests fled the Maysan hotel in Baghdad."), "Baghdad=Baghdad/Baghdad/IRQ/city/1;");
    CHECK_STR_EQ(parse(g, "Troops searched Amara Khas district, Maysan province."),
                 "Maysan=Maysan/Maysan/IRQ/admin1/3;");
    /* the hash finds a name, says when a longer name starts with it, and finds no other */
    size_t first;
    int longer;
    CHECK(tally_gazetteer_lookup(g, "amara", 5, &first, &longer) >= 1);
    CHECK(strcmp(tally_gazetteer_str(g, tally_gazetteer_key_at(g, first)->key), "amara") == 0);
    CHECK_INT_EQ(tally_gazetteer_lookup(g, "sadr", 4, &first, &longer), 0);
    CHECK_INT_EQ(longer, 1); /* "sadr city" */
    CHECK_INT_EQ(tally_gazetteer_lookup(g, "sadr cit", 8, &first, &longer), 0);
    CHECK_INT_EQ(longer, 0);
    CHECK_INT_EQ(tally_gazetteer_find(g, "nowhere at all", &first), 0);
    CHECK(tally_gazetteer_has_prefix(g, "sadr") && !tally_gazetteer_has_prefix(g, "amara"));
    /* a name followed by a word the key drops still matches whole */
    CHECK_STR_EQ(parse(g, "Guards stood in Maysan Province all week."), "Maysan Province=Maysan/Maysan/IRQ/admin1/3;");
    CHECK(tally_gazetteer_key_open("ali al", 6) && tally_gazetteer_key_open("maysan province", 15) &&
          !tally_gazetteer_key_open("sadr city", 9));
    /* offsets are code points of the article text */
    tally_arena *a = tally_arena_new();
    tally_tokens tk;
    tally_place *p;
    size_t n = places_in(a, g, "Über alles, in Amara.", &tk, &p);
    tally_buf b = {0};
    tally_places_json(&b, "x", &tk, p, n);
    CHECK(strstr(b.p, "\"start\":15,\"end\":20") != NULL);
    tally_buf_free(&b);
    tally_arena_free(a);
    test_linear(g);
    tally_gazetteer_close(g);
    /* damaged copies: every truncation and a flipped header byte fail cleanly */
    for (size_t cut = 0; cut < len; cut += 97) {
        tally_gazetteer *h = NULL;
        CHECK_INT_EQ(tally_gazetteer_open_mem(al, cut, &h, err, sizeof err), TALLY_ECORRUPT);
        CHECK(h == NULL);
    }
    ((char *)al)[3] ^= 1;
    CHECK_INT_EQ(tally_gazetteer_open_mem(al, len, &g, err, sizeof err), TALLY_ECORRUPT);
    CHECK(strstr(err, "not a tally gazetteer") != NULL);
    free(al);
    free(buf);
}

static void test_files(void) {
    tally_gazetteer *g = NULL;
    char err[512];
    CHECK_INT_EQ(tally_gazetteer_open("tests/no-such-gazetteer.bin", &g, err, sizeof err), TALLY_EIO);
    CHECK(strstr(err, "make gazetteer") != NULL);
    CHECK_INT_EQ(tally_gazetteer_open("tests/test.h", &g, err, sizeof err), TALLY_ECORRUPT);
    CHECK(strstr(err, "make gazetteer") != NULL);
    tally_gazetteer_close(NULL);
    /* the CLI says how to rebuild, and does not crash */
    char cmd[512], *out = NULL;
    snprintf(cmd, sizeof cmd, "echo 'in Amara' | TALLY_GAZETTEER=tests/test.h %s places 2>&1", test_tally_bin());
    CHECK_INT_EQ(test_run(cmd, &out, NULL), 1);
    CHECK(out && strstr(out, "make gazetteer") != NULL);
    free(out);
}

static void test_full(void) {
    tally_gazetteer *g = NULL;
    char err[512];
    if (tally_gazetteer_open("build/gazetteer.bin", &g, err, sizeof err) != TALLY_OK) {
        test_skip("no build/gazetteer.bin (make gazetteer needs npm): full-gazetteer tests skipped");
        return;
    }
    CHECK(tally_gazetteer_nentries(g) > 100000);
    const char *r;
    CHECK_STR_EQ(parse(g, "Gunmen attacked a checkpoint in Maysan province."),
                 "Maysan=Maysan/Maysan/IRQ/admin1/3;");
    /* in a report about Afghanistan, "Gela district" is no Italian town and a man called
       Hamid no Turkish one */
    r = parse(g, "Afghan forces raided a compound in Gela district of Khost province in Afghanistan and "
                 "killed the Taliban leader, Hamid, near Kunar province.");
    CHECK(strstr(r, "ITA") == NULL && strstr(r, "TUR") == NULL && strstr(r, "Khost=") != NULL);
    /* a name after a personal title is a person's, all through the report */
    CHECK(strstr(parse(g, "Marra was arrested in Rome. Mr Marra denies it."), "Marra=") == NULL);
    /* a feast is no place, though towns bear its name */
    CHECK(strstr(parse(g, "A bomb went off in a Baghdad market at Christmas."), "Christmas") == NULL);
    /* "Human" is another spelling of Uman (100,000 people): inside a name it is none */
    CHECK(strstr(parse(g, "The monitor for Human Rights in Syria said so."), "Uman") == NULL);
    /* a spelling GeoNames also files under the neighbouring province */
    CHECK(strstr(parse(g, "Troops searched villages in Paktiya province."), "=Paktia/Paktia/AFG/admin1/3;") != NULL);
    r = parse(g, "A roadside bomb struck a patrol in Ali ash Sharqi, a town in Maysan province.");
    CHECK(strstr(r, "Ali ash Sharqi=") == r && strstr(r, "/Maysan/IRQ/city/1;"));
    r = parse(g, "Three blasts hit pilgrims outside Najaf, south of Baghdad.");
    CHECK(strstr(r, "Najaf=Najaf/Najaf/IRQ/city/2;") != NULL);
    CHECK(strstr(r, "Baghdad=Baghdad/Baghdad/IRQ/city/2;") != NULL);
    r = parse(g, "Mortars fell on the Green Zone and on Sadr City in the Iraqi capital.");
    CHECK(strstr(r, "Green Zone=Green Zone/Baghdad/IRQ/district/1;") != NULL);
    CHECK(strstr(r, "Sadr City=Sadr City/Baghdad/IRQ/district/1;") != NULL);
    CHECK(strstr(r, "Iraqi=Iraq/-/IRQ/demonym/3;") != NULL);
    /* the story's country is the prior: Belgrade among Texan towns is Montana's, alone Serbia's */
    r = parse(g, "Police in Dallas, Texas, and in Houston said on Monday that a man was shot in Belgrade.");
    CHECK(strstr(r, "Belgrade=Belgrade/Montana/USA/city/1;") != NULL);
    CHECK(strstr(parse(g, "Belgrade police said on Monday that a man was shot."), "/SRB/") != NULL);
    /* "X, Y": Y is read as the state some X is in, and AP's abbreviations are states */
    r = parse(g, "Police in Springfield, Pa., and in Omaha, Neb., said so.");
    CHECK(strstr(r, "Pa=Pennsylvania/Pennsylvania/USA/admin1/3;") != NULL);
    CHECK(strstr(r, "Neb=Nebraska/Nebraska/USA/admin1/3;") != NULL);
    /* distance and bearing from a town: a point that far off, near (2), no GeoNames id */
    tally_arena *a = tally_arena_new();
    tally_tokens tk;
    tally_place *p;
    size_t n = places_in(a, g, "Gunmen struck a convoy 100 kilometres north of Basra on Friday.", &tk, &p);
    CHECK_INT_EQ(n, 1);
    if (n == 1) {
        CHECK(p[0].loc.lat > 31.3 && p[0].loc.lat < 31.6); /* Basra lies at 30.5 N */
        CHECK(p[0].loc.lon > 47.6 && p[0].loc.lon < 48.0);
        CHECK_INT_EQ(p[0].loc.precision, 2);
        CHECK_INT_EQ(p[0].loc.geonameid, 0);
        CHECK(p[0].radius_km >= 20);
        CHECK_STR_EQ(p[0].loc.name, "100 kilometres north of Basra");
    }
    tally_arena_free(a);
    /* a street named after a town is not in it */
    r = parse(g, "He lived in the 3100 block of Fresno Drive in San Antonio, and shops line Haifa Street.");
    CHECK(strstr(r, "Fresno") == NULL && strstr(r, "Haifa") == NULL && strstr(r, "San Antonio=") != NULL);
    /* a sentence's first word ("Then", "But") is no part of the name after it */
    CHECK(strstr(parse(g, "Then Kansas City, Kansas, was calm."), "Kansas City=Kansas City/Kansas/USA/city/1;") != NULL);
    /* a city's own name beats a capital's old name (Amman was Philadelphia) */
    CHECK(strstr(parse(g, "Police in Philadelphia said two men were shot."), "/Pennsylvania/USA/city/1;") != NULL);
    /* a square two capitals share: the story's city decides */
    CHECK(strstr(parse(g, "Crowds filled Tahrir Square in Baghdad on Friday."), "Tahrir Square=Tahrir Square/Baghdad/IRQ/") != NULL);
    CHECK(strstr(parse(g, "Crowds filled Tahrir Square in Cairo on Friday."), "Tahrir Square=Tahrir Square/Cairo/EGY/") != NULL);
    /* Gaza City's quarters; a district of our list in lower case only beside its city */
    r = parse(g, "Shells struck homes in Shejaiya and Zeitoun, east of Gaza City.");
    CHECK(strstr(r, "Shejaiya=Shejaiya/Gaza/PSE/district/1;Zeitoun=Zeitoun/Gaza/PSE/district/1;") == r);
    CHECK(strstr(parse(g, "A rocket fell inside the green zone in Baghdad."), "green zone=Green Zone/Baghdad/IRQ/district/1;") != NULL);
    CHECK_STR_EQ(parse(g, "The map shades the green zone of the park."), "");
    /* a direction before an ordinal is a street's name, not a town's */
    r = parse(g, "Gunmen fired on a car on Northwest 7th Avenue in Miami.");
    CHECK(strstr(r, "Northwest") == NULL && strstr(r, "Miami=Miami/Florida/USA/city/1;") != NULL);
    r = parse(g, "The council in Edmonton, Ky., met on Tuesday; Edmonton schools stayed open.");
    CHECK(strstr(r, "Edmonton=Edmonton/Kentucky/USA/city/1;Ky=Kentucky/Kentucky/USA/admin1/3;Edmonton=Edmonton/Kentucky") == r);
    tally_gazetteer_close(g);
}

static void test_trnews(void) {
    char *art = test_read_file("../shared/peers/geo/trnews/articles.jsonl", NULL);
    if (!art) {
        test_skip("../shared absent: TR-News score skipped");
        return;
    }
    free(art);
    FILE *gf = fopen("build/gazetteer.bin", "rb");
    if (!gf) {
        test_skip("no build/gazetteer.bin: TR-News score skipped");
        return;
    }
    fclose(gf);
    char cmd[512], *out = NULL;
    snprintf(cmd, sizeof cmd,
             "%s places ../shared/peers/geo/trnews/articles.jsonl > build/trnews-places.jsonl && "
             "python3 ../shared/eval/score_places.py ../shared/peers/geo/trnews/gold.jsonl "
             "build/trnews-places.jsonl",
             test_tally_bin());
    CHECK_INT_EQ(test_run(cmd, &out, NULL), 0);
    const char *d = out ? strstr(out, "F1 ") : NULL, *r = out ? strstr(out, "within 161 km ") : NULL;
    CHECK(d && atof(d + 3) >= 0.75);
    CHECK(r && atof(r + 14) >= 0.80);
    free(out);
}

void test_places(void) {
    test_keys();
    test_mini();
    test_files();
    test_full();
    test_trnews();
}
