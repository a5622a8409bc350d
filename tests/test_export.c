/* test_export.c: ACLED's names for actors and countries (src/names.c), and the
 * exports end to end: tally ingest of our own fixtures (tests/export/), then tally
 * export in each format, loaded by Python's csv and json modules against ACLED's
 * column list (tests/export/check_exports.py; skipped without python3). */
#include "names.h"
#include "serve.h"
#include "tally.h"
#include "test.h"

#include <stdlib.h>
#include <unistd.h>

/* name_of(code, words, country) with its inter code into *inter. */
static const char *name_of(const char *code, const char *words, const char *country, int *inter) {
    static char buf[256];
    return tally_names_actor(code, words, country, buf, sizeof buf, inter);
}

static void names(void) {
    int inter = -1;
    CHECK_STR_EQ(name_of("AFGMIL", "combined Afghan and coalition security force", "AFG", &inter),
                 "Military Forces of Afghanistan");
    CHECK_INT_EQ(inter, 1);
    CHECK_STR_EQ(name_of("USAMIL", "US troops", "AFG", &inter), "Military Forces of the United States");
    CHECK_INT_EQ(inter, 8); /* state forces outside their country */
    CHECK_STR_EQ(name_of("USAMIL", "US troops", "USA", &inter), "Military Forces of the United States");
    CHECK_INT_EQ(inter, 1);
    CHECK_STR_EQ(name_of("---CVL", "villagers", "IRQ", &inter), "Civilians (Iraq)");
    CHECK_INT_EQ(inter, 7);
    CHECK_STR_EQ(name_of("IRQCVL", "people", "SYR", &inter), "Civilians (Iraq)"); /* the code's own country */
    CHECK_STR_EQ(name_of("AFGREBGOV", "insurgent leader", "AFG", &inter), "Unidentified Armed Group (Afghanistan)");
    CHECK_INT_EQ(inter, 3);
    CHECK_STR_EQ(name_of("AFGINSHQNGOV", "Haqqani network leader", "AFG", &inter), "Haqqani Network");
    CHECK_INT_EQ(inter, 2);
    CHECK_STR_EQ(name_of("AFGINSTAL", "Taliban commander", "AFG", &inter), "Taliban");
    /* one code, several groups: the words choose */
    CHECK_STR_EQ(name_of("IRQREBSHI", "Kataib Hezbollah", "IRQ", &inter), "Kataib Hezbollah");
    CHECK_INT_EQ(inter, 3);
    CHECK_STR_EQ(name_of("IRQREBSHI", "fighters of Jaish al-Mahdi", "IRQ", &inter), "Mahdi Army");
    CHECK_STR_EQ(name_of("IRQREBSHI", "Shiite militiamen", "IRQ", &inter), "Shiite Militia (Iraq)");
    CHECK_STR_EQ(name_of("IRQREBSHI", "khaki-clad men", "IRQ", &inter), "Shiite Militia (Iraq)"); /* "kh" is no word */
    CHECK_STR_EQ(name_of("IGOWSTMIL", "ISAF", "AFG", &inter), "NATO: North Atlantic Treaty Organization");
    CHECK_INT_EQ(inter, 8);
    CHECK(name_of(NULL, "someone", "AFG", &inter) == NULL && inter == 0);
    CHECK(name_of("XYZ", NULL, NULL, &inter) == NULL);
    CHECK_STR_EQ(name_of("---MIL", "troops", NULL, &inter), "Military Forces of Unknown Country");

    const tally_country *c = tally_names_country("irq");
    CHECK(c && c->numeric == 368 && strcmp(c->name, "Iraq") == 0 && strcmp(c->region, "Middle East") == 0);
    c = tally_names_country("AFG");
    CHECK(c && c->numeric == 4 && strcmp(c->region, "South Asia") == 0);
    c = tally_names_country("USA");
    CHECK(c && c->numeric == 840 && strcmp(c->name, "United States") == 0);
    CHECK(tally_names_country("IGO") == NULL && tally_names_country(NULL) == NULL && tally_names_country("") == NULL);
}

/* Run cmd; its output in *out (caller frees). Counts a failure on a nonzero exit. */
static char *run_ok(const char *cmd) {
    char *out = NULL;
    int st = test_run(cmd, &out, NULL);
    if (st != 0) {
        t_failed++;
        fprintf(stderr, "FAIL [%s]: %s exited %d: %s\n", t_current, cmd, st, out ? out : "");
    }
    return out;
}

/* The page's API over the store the end-to-end test made: /api/export in a format,
 * with the filter, and /api/counts. */
static void api(void) {
    tally_store *s;
    char err[256];
    CHECK_INT_EQ(tally_store_open("build/t-export.db", TALLY_STORE_READONLY, &s, err, sizeof err), TALLY_OK);
    if (!s)
        return;
    static tally_serve_request r;
    char *body = NULL;
    size_t len = 0;
    const char *t = "/api/export?format=acled&country=IRQ";
    CHECK_INT_EQ(tally_serve_parse(t, strlen(t), &r, err, sizeof err), 200);
    CHECK_INT_EQ(tally_serve_api(s, &r, &body, &len), 200);
    CHECK_STR_EQ(tally_serve_api_type(&r), "text/csv; charset=utf-8");
    CHECK(body && strncmp(body, "event_id_cnty,event_date,", 25) == 0 && strstr(body, "\nIRQ") && !strstr(body, "\nAFG"));
    free(body);
    t = "/api/export?format=cameo&country=AFG";
    CHECK_INT_EQ(tally_serve_parse(t, strlen(t), &r, err, sizeof err), 200);
    CHECK_INT_EQ(tally_serve_api(s, &r, &body, &len), 200);
    CHECK(body && strstr(body, "\tAFGMIL\t") && !strstr(body, "IRQ")); /* the events of the filtered incidents' articles */
    free(body);
    t = "/api/counts?country=IRQ";
    CHECK_INT_EQ(tally_serve_parse(t, strlen(t), &r, err, sizeof err), 200);
    CHECK_INT_EQ(tally_serve_api(s, &r, &body, &len), 200);
    CHECK(body && strstr(body, "{\"types\":[{\"key\":\"Attack\",\"incidents\":1,") &&
          strstr(body, ",\"actors\":[{\"key\":\"Unidentified Armed Group (Iraq)\",\"incidents\":1,") &&
          !strstr(body, "Afghanistan"));
    free(body);
    t = "/api/export?format=xlsx";
    CHECK_INT_EQ(tally_serve_parse(t, strlen(t), &r, err, sizeof err), 400);
    CHECK(strstr(err, "acled, cameo, geojson, csv or json") != NULL);
    tally_store_close(s);
}

static void end_to_end(void) {
    const char *bin = test_tally_bin();
    char cmd[1024];
    remove("build/t-export.db");
    snprintf(cmd, sizeof cmd, "%s ingest --db build/t-export.db tests/export 2>&1", bin);
    free(run_ok(cmd));
    static const char *const FMT[] = {"acled", "cameo", "geojson"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(cmd, sizeof cmd, "%s export --db build/t-export.db --format %s >build/t-export.%s", bin, FMT[i], FMT[i]);
        free(run_ok(cmd));
    }
    /* the outlet "=HYPERLINK(...)" is shown as text, never run */
    if (access("build/gazetteer.bin", R_OK) != 0 && !getenv("TALLY_GAZETTEER")) {
        test_skip("export: no gazetteer (make gazetteer): the places and so the exports' countries are unknown");
        return;
    }
    char *acled = test_read_file("build/t-export.acled", NULL);
    CHECK(acled && strstr(acled, "\"'=HYPERLINK(") && !strstr(acled, ",=HYPERLINK") && !strstr(acled, ",\"=HYPERLINK"));
    CHECK(acled && strstr(acled, ",Unidentified Armed Group (Iraq),,3,Civilians (Iraq),,7,37,Civilian targeting,368,"
                                 "Middle East,Iraq,Diyala,"));
    CHECK(acled && strstr(acled, ",Military Forces of Afghanistan,,1,") && strstr(acled, ",4,South Asia,Afghanistan,"));
    free(acled);
    snprintf(cmd, sizeof cmd, "%s incidents --db build/t-export.db --format csv", bin);
    char *csv = run_ok(cmd);
    CHECK(csv && strstr(csv, "\"'@Example Desk\"") && strstr(csv, ",Afghan and coalition security force,"));
    free(csv);
    char *cameo = test_read_file("build/t-export.cameo", NULL);
    CHECK(cameo && strstr(cameo, "20121117\tAFGMIL\tAFGREB\t") &&
          strstr(cameo, "\tAn Afghan and coalition security force killed three insurgents") &&
          strstr(cameo, "\tAfghan and coalition security force\tinsurgents\t31.64"));
    free(cameo);
    snprintf(cmd, sizeof cmd, "%s incidents --db build/t-export.db --actor 'Civilians (Iraq)'", bin);
    char *tab = run_ok(cmd);
    CHECK(tab && strstr(tab, "Muqdadiyah") && !strstr(tab, "Nad-e Ali") &&
          strstr(tab, "Unidentified Armed Group (Iraq) -> Civilians (Iraq)"));
    free(tab);
    api();
    if (test_run("python3 -c 'import csv, json' 2>/dev/null", NULL, NULL) != 0) {
        test_skip("export: python3 is not installed: the exports were not loaded with csv and json");
        return;
    }
    char *out = run_ok("python3 tests/export/check_exports.py build/t-export.acled build/t-export.cameo "
                       "build/t-export.geojson 2>&1");
    CHECK(out && strncmp(out, "ok ", 3) == 0 && atoi(out + 3) >= 5);
    free(out);
}

void test_export(void) {
    names();
    end_to_end();
}
