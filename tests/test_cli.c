/* test_cli.c: tally code end to end: output shape, bad input reported by file and
 * line while the rest is processed, exit status, golden output per fixture; and the
 * command line of every command: --help, --opt=value, filters checked, formats, and
 * the incident table fitting a width. */
#include "table.h"
#include "tally.h"
#include "test.h"

#include <dirent.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static int count_lines(const char *s) {
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static void golden_code(void) {
    DIR *d = opendir("tests/golden/code");
    if (!d) {
        test_skip("tests/golden/code missing");
        return;
    }
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name);
        if (l < 5 || (strcmp(de->d_name + l - 4, ".txt") && strcmp(de->d_name + l - 6, ".jsonl")))
            continue;
        char cmd[600], name[256];
        /* the small test gazetteer, so that the output does not depend on the full one */
        snprintf(cmd, sizeof cmd,
                 "TALLY_GAZETTEER=fuzz/corpus/gazetteer/mini.bin %s code tests/golden/code/%s 2>&1",
                 test_tally_bin(), de->d_name);
        snprintf(name, sizeof name, "%.*s", (int)(strchr(de->d_name, '.') - de->d_name), de->d_name);
        char *out;
        test_run(cmd, &out, NULL);
        test_golden("code", name, out);
        free(out);
    }
    closedir(d);
}

/* ---- the command line: --help, --opt=value, filters, formats, the table ---- */

#define MINI_GAZ "TALLY_GAZETTEER=fuzz/corpus/gazetteer/mini.bin "

/* Run "tally ARGS" (with the small test gazetteer), output in *out (caller frees). */
static int run_tally(char **out, const char *args) {
    char cmd[2048];
    snprintf(cmd, sizeof cmd, MINI_GAZ "%s %s", test_tally_bin(), args);
    return test_run(cmd, out, NULL);
}

/* Each command has its own --help: what it does, its options, an example; -h and
 * tally help COMMAND say the same. */
static void cli_help(void) {
    static const char *const CMDS[] = {"code", "places", "ingest", "incidents", "export", "merge", "serve", "dict"};
    for (size_t i = 0; i < sizeof CMDS / sizeof *CMDS; i++) {
        char args[128], head[64], *out, *out2, *out3;
        snprintf(args, sizeof args, "%s --help", CMDS[i]);
        CHECK_INT_EQ(run_tally(&out, args), 0);
        snprintf(head, sizeof head, "usage: tally %s ", CMDS[i]);
        CHECK(strncmp(out, head, strlen(head)) == 0);
        CHECK(strstr(out, "\noptions:\n") && strstr(out, "--help") && strstr(out, "\nexample:\n  tally "));
        snprintf(args, sizeof args, "help %s", CMDS[i]);
        CHECK_INT_EQ(run_tally(&out2, args), 0);
        snprintf(args, sizeof args, "%s -h", CMDS[i]);
        CHECK_INT_EQ(run_tally(&out3, args), 0);
        CHECK_STR_EQ(out2, out);
        CHECK_STR_EQ(out3, out);
        free(out);
        free(out2);
        free(out3);
    }
    char *out;
    CHECK_INT_EQ(run_tally(&out, "help nothing 2>/dev/null"), 2);
    free(out);
    CHECK_INT_EQ(run_tally(&out, "incidents --help"), 0);
    CHECK(strstr(out, "--country NAME") && strstr(out, "--width N") && strstr(out, "jsonl"));
    free(out);
}

/* "--opt=value" and "--opt value" give the same, and the filter does filter. */
static void same_both_ways(const char *cmd, const char *opt, const char *value, int filters) {
    char a[512], b[512], *oa, *ob, *all;
    snprintf(a, sizeof a, "%s %s=%s 2>&1", cmd, opt, value);
    snprintf(b, sizeof b, "%s %s %s 2>&1", cmd, opt, value);
    int sa = run_tally(&oa, a), sb = run_tally(&ob, b);
    CHECK_INT_EQ(sa, 0);
    CHECK_INT_EQ(sb, 0);
    CHECK_STR_EQ(oa, ob);
    snprintf(a, sizeof a, "%s 2>&1", cmd);
    run_tally(&all, a);
    if (filters && strcmp(oa, all) == 0)
        fprintf(stderr, "  %s %s=%s filters nothing\n", cmd, opt, value);
    CHECK(!filters || strcmp(oa, all) != 0);
    free(oa);
    free(ob);
    free(all);
}

/* --opt=value works for every option of every command. */
static void cli_opt_value(void) {
    char *out;
    remove("build/t-cli.db");
    remove("build/t-cli.db-wal");
    remove("build/t-cli.db-shm");
    CHECK_INT_EQ(run_tally(&out, "ingest --db=build/t-cli.db --no-merge examples tests/golden/merge 2>&1"), 0);
    free(out);
    CHECK_INT_EQ(run_tally(&out, "merge --db=build/t-cli.db --recode 2>&1"), 0);
    free(out);
    const char *q = "incidents --db=build/t-cli.db --format=csv";
    same_both_ways(q, "--from", "2014-03-12", 1);
    same_both_ways(q, "--to", "2013", 1);
    same_both_ways(q, "--country", "afg", 1);
    same_both_ways(q, "--admin1", "diyala", 1);
    same_both_ways(q, "--type", "explosive", 1);
    same_both_ways(q, "--actor", "taliban", 1);
    same_both_ways(q, "--source", "police", 1);
    same_both_ways(q, "--min-killed", "8", 1);
    same_both_ways(q, "--limit", "2", 1);
    same_both_ways("incidents --db=build/t-cli.db", "--format", "jsonl", 1);
    same_both_ways("incidents --db=build/t-cli.db", "--width", "50", 1);
    same_both_ways("incidents --db=build/t-cli.db", "--explain", "1", 1);
    same_both_ways("export --format=acled", "--db", "build/t-cli.db", 0);
    same_both_ways("export --db=build/t-cli.db --format=csv", "--format", "geojson", 0);
    CHECK_INT_EQ(run_tally(&out, "incidents --db=build/t-cli.db --format=csv --contested"), 0);
    CHECK(strstr(out, ",true,") && !strstr(out, ",false,"));
    free(out);
    /* options without a value refuse one; options with one want it */
    CHECK_INT_EQ(run_tally(&out, "incidents --db=build/t-cli.db --contested=yes 2>&1"), 2);
    CHECK(strstr(out, "--contested takes no value") != NULL);
    free(out);
    CHECK_INT_EQ(run_tally(&out, "incidents --db=build/t-cli.db --limit 2>&1"), 2);
    CHECK(strstr(out, "--limit needs a value") != NULL);
    free(out);
    CHECK_INT_EQ(run_tally(&out, "code --summary examples/01-diyala-raid.txt --dict=build/no-such-dir 2>&1"), 1);
    CHECK(strstr(out, "build/no-such-dir") != NULL);
    free(out);
    CHECK_INT_EQ(run_tally(&out, "serve --db=build/t-cli.db --port=http 2>&1"), 2);
    CHECK(strstr(out, "--port wants a whole number") != NULL);
    free(out);
    CHECK_INT_EQ(run_tally(&out, "serve --db=build/no-such.db --port=0 --threads=1 --bind=127.0.0.1 2>&1"), 1);
    CHECK(strstr(out, "build/no-such.db") != NULL); /* every value taken; the store is missing */
    free(out);
}

/* Filters are checked as the page's API checks them: exit 2 and a message naming
 * the value; country names in any case are understood. */
static void cli_filters(void) {
    static const char *const BAD[] = {"--from 2010-13-01", "--from yesterday", "--from=2011-02-29",
                                      "--to 2012-04-31",   "--to 2012-4",      "--from 2014 --to 2013-12",
                                      "--country narnia",  "--min-killed -1",  "--limit many"};
    for (size_t i = 0; i < sizeof BAD / sizeof *BAD; i++) {
        char args[256], *out;
        for (int exp = 0; exp < 2; exp++) {
            snprintf(args, sizeof args, "%s --db=build/t-cli.db %s 2>&1", exp ? "export --format acled" : "incidents",
                     BAD[i]);
            int st = run_tally(&out, args);
            if (st != 2)
                fprintf(stderr, "  tally %s: exit %d\n", args, st);
            CHECK_INT_EQ(st, 2);
            CHECK(strstr(out, exp ? "tally export: --" : "tally incidents: --") != NULL);
            free(out);
        }
    }
    char *out, *want;
    CHECK_INT_EQ(run_tally(&out, "incidents --db=build/t-cli.db --explain 0 2>&1"), 2);
    free(out);
    CHECK_INT_EQ(run_tally(&out, "incidents --db=build/t-cli.db --from 2012-02-29 --to 2012-02-29"), 0);
    free(out);
    CHECK_INT_EQ(run_tally(&want, "incidents --db=build/t-cli.db --format csv --country IRQ"), 0);
    CHECK(count_lines(want) > 2); /* the header and some incidents in Iraq */
    static const char *const SAME[] = {"iraq", "IRAQ", "Iraq", "irq", "IQ", "'Republic of Iraq'"};
    for (size_t i = 0; i < sizeof SAME / sizeof *SAME; i++) {
        char args[256];
        snprintf(args, sizeof args, "incidents --db=build/t-cli.db --format csv --country %s", SAME[i]);
        CHECK_INT_EQ(run_tally(&out, args), 0);
        if (strcmp(out, want) != 0)
            fprintf(stderr, "  --country %s differs from --country IRQ\n", SAME[i]);
        CHECK_STR_EQ(out, want);
        free(out);
    }
    free(want);
    /* without the gazetteer, codes still work and names say what is missing */
    char cmd[512];
    snprintf(cmd, sizeof cmd, "TALLY_GAZETTEER=build/none.bin %s incidents --db=build/t-cli.db --country iraq 2>&1",
             test_tally_bin());
    CHECK_INT_EQ(test_run(cmd, &out, NULL), 2);
    CHECK(strstr(out, "country names need the gazetteer") != NULL);
    free(out);
    snprintf(cmd, sizeof cmd, "TALLY_GAZETTEER=build/none.bin %s incidents --db=build/t-cli.db --country irq 2>&1",
             test_tally_bin());
    CHECK_INT_EQ(test_run(cmd, &out, NULL), 0);
    CHECK(strstr(out, "IRQ") != NULL);
    free(out);
    snprintf(cmd, sizeof cmd, "TALLY_GAZETTEER=build/none.bin %s incidents --db=build/t-cli.db --country xyz 2>&1",
             test_tally_bin());
    CHECK_INT_EQ(test_run(cmd, &out, NULL), 2); /* no country has that code */
    free(out);
}

/* --format jsonl writes one JSON object per line, an incident each; json is the same. */
static void cli_jsonl(void) {
    char *jsonl, *json, *exp, *csv;
    CHECK_INT_EQ(run_tally(&jsonl, "incidents --db=build/t-cli.db --format jsonl"), 0);
    CHECK_INT_EQ(run_tally(&json, "incidents --db=build/t-cli.db --format json"), 0);
    CHECK_INT_EQ(run_tally(&exp, "export --db=build/t-cli.db --format jsonl"), 0);
    CHECK_INT_EQ(run_tally(&csv, "incidents --db=build/t-cli.db --format csv"), 0);
    CHECK_STR_EQ(json, jsonl);
    CHECK_STR_EQ(exp, jsonl);
    int lines = 0, objects = 0;
    for (const char *l = jsonl; *l; lines++) {
        const char *nl = strchr(l, '\n');
        size_t n = nl ? (size_t)(nl - l) : strlen(l);
        objects += n > 1 && l[0] == '{' && l[n - 1] == '}' && strncmp(l, "{\"id\":", 6) == 0;
        l += n + (nl != NULL);
    }
    CHECK(lines > 0);
    CHECK_INT_EQ(objects, lines);
    CHECK_INT_EQ(lines, count_lines(csv) - 1); /* the CSV has a header */
    free(jsonl);
    free(json);
    free(exp);
    free(csv);
}

/* The display column (code points) where needle starts in the line at s, or -1. */
static int column_of(const char *s, const char *needle) {
    const char *nl = strchr(s, '\n'), *at = strstr(s, needle);
    if (!at || (nl && at > nl))
        return -1;
    int col = 0;
    for (const char *p = s; p < at; p++)
        col += (*p & 0xC0) != 0x80;
    return col;
}

/* The widest line of text, in code points. */
static int widest_line(const char *s) {
    int w = 0, max = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '\n')
            w = 0;
        else if ((*p & 0xC0) != 0x80 && ++w > max)
            max = w;
    }
    return max;
}

/* The table: a date span within a month ("2007-08-13/14"), a name with letters of
 * two bytes, a tab, and a width to fit. */
static void cli_table(void) {
    const char *csv =
        "id,date_start,date_end,event_type,sub_event_type,place,admin1,country,killed_min,killed_max,"
        "contested,n_sources,n_reports,actor1,actor2\n"
        "7,2007-08-13,2007-08-14,Battles,Armed clash,Ba\xca\xbfqubah,Diyala,IRQ,3,9,true,2,4,gunmen,police\n"
        "12,2007-08-20,2007-08-20,Riots,Mob violence,\"Hilla, old town\",Babil,IRQ,1,1,false,1,1,\"a\tmob\",\n"
        "130,2007-08-31,2007-09-01,Explosions/Remote violence,Suicide bomb,Tal Afar,Nineveh,IRQ,,,false,1,2,,\n";
    tally_buf b = {0};
    tally_table_incidents(&b, csv, strlen(csv), 0);
    CHECK(strstr(b.p, " 2007-08-13/14 ") && strstr(b.p, " 2007-08-31/09-01 ") && strstr(b.p, " 3-9* "));
    CHECK(strstr(b.p, "a mob") && !strchr(b.p, '\t'));
    CHECK(strstr(b.p, "3 incidents, 4-10 killed") != NULL);
    /* every cell starts under its head, after a span, a two-byte letter or a comma */
    const char *l1 = strchr(b.p, '\n') + 1, *l2 = strchr(l1, '\n') + 1, *l3 = strchr(l2, '\n') + 1;
    CHECK(column_of(b.p, "TYPE") > 0);
    CHECK_INT_EQ(column_of(l1, "Armed clash"), column_of(b.p, "TYPE"));
    CHECK_INT_EQ(column_of(l2, "Mob violence"), column_of(b.p, "TYPE"));
    CHECK_INT_EQ(column_of(l3, "Suicide bomb"), column_of(b.p, "TYPE"));
    CHECK_INT_EQ(column_of(l1, "Ba\xca\xbfqubah, Diyala, IRQ"), column_of(b.p, "PLACE"));
    CHECK_INT_EQ(column_of(l2, "Hilla, old town, Babil, IRQ"), column_of(b.p, "PLACE"));
    CHECK_INT_EQ(column_of(l1, "3-9*"), column_of(b.p, "KILLED"));
    CHECK_INT_EQ(column_of(l1, "gunmen -> police"), column_of(b.p, "ACTORS"));
    CHECK_INT_EQ(column_of(l2, "a mob"), column_of(b.p, "ACTORS"));
    for (int width = 100; width >= 40; width -= 20) {
        b.len = 0;
        tally_table_incidents(&b, csv, strlen(csv), width);
        CHECK(widest_line(b.p) <= width);
        CHECK(strstr(b.p, "2007-08-13/14") != NULL); /* dates are never cut */
    }
    tally_buf_free(&b);
    /* the binary: --width, and a terminal's width */
    char *out;
    CHECK_INT_EQ(run_tally(&out, "incidents --db=build/t-cli.db --width=60"), 0);
    CHECK(widest_line(out) <= 60 && strncmp(out, "ID   DATE       TYPE", 20) == 0);
    free(out);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "script -qec 'stty cols 64; " MINI_GAZ "%s incidents --db=build/t-cli.db' /dev/null "
             "2>/dev/null | tr -d '\\r'", test_tally_bin());
    if (system("command -v script >/dev/null 2>&1") != 0) {
        test_skip("script (util-linux) is missing: the terminal's width is not tested");
        return;
    }
    CHECK_INT_EQ(test_run(cmd, &out, NULL), 0);
    CHECK(strncmp(out, "ID ", 3) == 0 && widest_line(out) <= 64);
    free(out);
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* JSON Lines of n articles made of the bodies of examples/01..03, each unique; the
 * article `changed` (when >= 0) gets another ending. */
static void write_articles(const char *path, int n, int changed) {
    const char *files[] = {"examples/01-diyala-raid.txt", "examples/02-kandahar-release.txt",
                           "examples/03-market-bombing.txt"};
    char *body[3];
    for (int i = 0; i < 3; i++) {
        char *t = test_read_file(files[i], NULL), *b = t ? strstr(t, "\n\n") : NULL;
        body[i] = b ? strdup(b + 2) : strdup(t ? t : "");
        free(t);
    }
    FILE *f = fopen(path, "w");
    for (int i = 0; f && i < n; i++) {
        tally_buf b = {0}, j = {0};
        tally_buf_printf(&b, "%s\n\nNote %d%s.", body[i % 3], i, i == changed ? ", corrected" : "");
        tally_json_str(&j, b.p, b.len);
        fprintf(f, "{\"id\":\"n%d\",\"text\":%s}\n", i, j.p);
        tally_buf_free(&b);
        tally_buf_free(&j);
    }
    if (f)
        fclose(f);
    for (int i = 0; i < 3; i++)
        free(body[i]);
}

/* tally ingest says on stderr, terminal or not, what it did with the articles; a
 * stored article is known by its text's hash before it is coded again; the
 * progress line shows on a terminal only, and only for runs of a few seconds. */
static void ingest_summary(void) {
    const char *bin = test_tally_bin();
    char cmd[1024], *out;
    remove("build/t-sum.db");
    remove("build/t-sum.db-wal");
    remove("build/t-sum.db-shm");
    write_articles("build/t-sum.jsonl", 1500, -1);
    double t0 = now_s();
    snprintf(cmd, sizeof cmd, "%s ingest --db build/t-sum.db build/t-sum.jsonl 2>&1 >/dev/null", bin);
    CHECK_INT_EQ(test_run(cmd, &out, NULL), 0);
    double first = now_s() - t0;
    CHECK(strstr(out, "tally ingest: 1500 new, 0 unchanged, 0 replaced articles; ") != NULL);
    CHECK(strstr(out, " merged incidents in build/t-sum.db\n") != NULL);
    CHECK(!strchr(out, '\r')); /* no progress line: stderr is not a terminal */
    free(out);
    t0 = now_s();
    CHECK_INT_EQ(test_run(cmd, &out, NULL), 0);
    double again = now_s() - t0;
    CHECK(strstr(out, "tally ingest: 0 new, 1500 unchanged, 0 replaced articles") != NULL);
    free(out);
    /* nothing is coded again: a small part of the first run's time (it was 80% of it) */
    CHECK(again < first / 3);
    if (!(again < first / 3))
        fprintf(stderr, "re-ingest took %.2f s, the first ingest %.2f s\n", again, first);
    write_articles("build/t-sum.jsonl", 1502, 7);
    snprintf(cmd, sizeof cmd, "%s ingest --no-merge --db build/t-sum.db build/t-sum.jsonl 2>&1 >/dev/null", bin);
    CHECK_INT_EQ(test_run(cmd, &out, NULL), 0);
    CHECK(strstr(out, "tally ingest: 2 new, 1499 unchanged, 1 replaced articles; not merged (--no-merge)") != NULL);
    free(out);

    /* on a terminal (script(1) gives one), a run past 3 s shows the progress line;
       here the input arrives after 3.5 s */
    if (test_run("script -qec true /dev/null >/dev/null 2>&1", NULL, NULL) != 0) {
        test_skip("no script(1): the progress line on a terminal is not checked");
        return;
    }
    write_articles("build/t-prog.jsonl", 30, -1);
    snprintf(cmd, sizeof cmd,
             "script -qec \"sh -c '(sleep 3.5; cat build/t-prog.jsonl) | %s code - >/dev/null'\" /dev/null", bin);
    CHECK_INT_EQ(test_run(cmd, &out, NULL), 0);
    CHECK(strstr(out, "\rtally code: ") && strstr(out, " articles, ") && strstr(out, "/s"));
    free(out);
    snprintf(cmd, sizeof cmd, "script -qec \"%s code build/t-prog.jsonl >/dev/null\" /dev/null", bin);
    CHECK_INT_EQ(test_run(cmd, &out, NULL), 0);
    CHECK(!strstr(out, "tally code: ")); /* a short run: quiet */
    free(out);
    snprintf(cmd, sizeof cmd, "script -qec \"%s ingest --db build/t-sum.db build/t-sum.jsonl\" /dev/null", bin);
    CHECK_INT_EQ(test_run(cmd, &out, NULL), 0);
    CHECK(!strstr(out, "\rtally ingest: ") && strstr(out, "1502 unchanged"));
    free(out);
}

void test_cli(void) {
    char cmd[1024], *out;
    const char *bin = test_tally_bin();
    snprintf(cmd, sizeof cmd, "%s code examples 2>&1", bin);
    int st = test_run(cmd, &out, NULL);
    CHECK_INT_EQ(st, 0);
    CHECK_INT_EQ(count_lines(out), 5); /* 3 text files + 2 JSON Lines records */
    CHECK(strstr(out, "\"id\":\"01-diyala-raid\"") != NULL);
    CHECK(strstr(out, "\"date\":\"2012-11-18\"") != NULL); /* from the dateline */
    CHECK(strstr(out, "\"date\":\"2013-06-10\"") != NULL); /* from the header */
    free(out);

    /* bad input: a broken JSON line, a line without text, a missing file, a binary file */
    FILE *f = fopen("build/t-bad.jsonl", "w");
    fputs("{\"id\":\"a\",\"text\":\"Gunmen shot two guards on 3 May 2011.\"}\n{\"id\": broken\n"
          "{\"id\":\"c\"}\n\n{\"id\":\"d\",\"text\":\"\"}\n",
          f);
    fclose(f);
    f = fopen("build/t-bin.dat", "wb");
    fwrite("\x7f" "ELF\0\0\1\2", 1, 8, f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "%s code build/t-bad.jsonl build/no-such-file.txt build/t-bin.dat 2>build/t-err.txt", bin);
    st = test_run(cmd, &out, NULL);
    CHECK_INT_EQ(st, 1);
    CHECK_INT_EQ(count_lines(out), 2); /* a and the empty article d */
    free(out);
    char *err = test_read_file("build/t-err.txt", NULL);
    CHECK(err && strstr(err, "build/t-bad.jsonl:2: not JSON") != NULL);
    CHECK(err && strstr(err, "build/t-bad.jsonl:3: no \"text\" field") != NULL);
    CHECK(err && strstr(err, "build/no-such-file.txt: cannot read") != NULL);
    CHECK(err && strstr(err, "build/t-bin.dat: not text") != NULL);
    free(err);

    /* stdin, empty input */
    snprintf(cmd, sizeof cmd, "printf '' | %s code - 2>&1", bin);
    st = test_run(cmd, &out, NULL);
    CHECK_INT_EQ(st, 0);
    CHECK_INT_EQ(count_lines(out), 1); /* one empty article */
    free(out);
    snprintf(cmd, sizeof cmd, "%s frobnicate 2>&1", bin);
    CHECK_INT_EQ(test_run(cmd, NULL, NULL), 2);
    snprintf(cmd, sizeof cmd, "%s help", bin);
    st = test_run(cmd, &out, NULL);
    CHECK(st == 0 && strstr(out, "code [") != NULL);
    free(out);

    /* a 1 MB JSON line and a 46 MB article (past the default limit) work */
    f = fopen("build/t-big.jsonl", "w");
    fputs("{\"id\":\"big\",\"text\":\"", f);
    for (int i = 0; i < 20000; i++)
        fputs("Police said five men were hurt. ", f);
    fputs("\"}\n", f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "%s code build/t-big.jsonl", bin);
    st = test_run(cmd, &out, NULL);
    CHECK_INT_EQ(st, 0);
    CHECK(strstr(out, "\"sentences\":20000") != NULL);
    free(out);
    f = fopen("build/t-huge.txt", "w");
    for (int i = 0; i < 1600000; i++)
        fputs("A rocket fell near the base. ", f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "%s code --max-article-size 64M build/t-huge.txt | head -c 300", bin);
    st = test_run(cmd, &out, NULL);
    CHECK(strstr(out, "\"id\":\"t-huge\"") != NULL);
    free(out);
    remove("build/t-huge.txt");
    ingest_summary();
    golden_code();
    cli_help();
    cli_opt_value();
    cli_filters();
    cli_jsonl();
    cli_table();
}
