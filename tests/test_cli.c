/* test_cli.c: tally code end to end: output shape, bad input reported by file and
 * line while the rest is processed, exit status, golden output per fixture. */
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

    /* a 1 MB JSON line and a 50 MB article work */
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
    snprintf(cmd, sizeof cmd, "%s code build/t-huge.txt | head -c 300", bin);
    st = test_run(cmd, &out, NULL);
    CHECK(strstr(out, "\"id\":\"t-huge\"") != NULL);
    free(out);
    remove("build/t-huge.txt");
    ingest_summary();
    golden_code();
}
