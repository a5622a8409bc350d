/* test_input.c: the plain-text header and the JSON Lines reader; binary, Latin-1
 * and NUL bytes; and tally code reading directories with link loops, pipes, gzip,
 * PETRARCH dictionary directories and articles past the size limit. */
#include "tally.h"
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

/* Writes s (len bytes, or strlen when len is 0) to path. */
static void put(const char *path, const char *s, size_t len) {
    FILE *f = fopen(path, "wb");
    if (!f)
        return;
    fwrite(s, 1, len ? len : strlen(s), f);
    fclose(f);
}

static char *g_out, *g_err; /* stdout and stderr of the last run_tally */

/* Runs the command fmt, whose one %s is the tally binary; its stdout in g_out and
 * its stderr in g_err (both freed by the next call, and by run_tally(NULL)). */
static int run_tally(const char *fmt) {
    free(g_out);
    free(g_err);
    g_out = g_err = NULL;
    if (!fmt)
        return 0;
    char cmd[1024], full[1100];
    snprintf(cmd, sizeof cmd, fmt, test_tally_bin());
    snprintf(full, sizeof full, "%s 2>build/t-in-err.txt", cmd);
    int st = test_run(full, &g_out, NULL);
    g_err = test_read_file("build/t-in-err.txt", NULL);
    if (!g_err)
        g_err = calloc(1, 1);
    return st;
}

static int count_str(const char *s, const char *what) {
    int n = 0;
    for (const char *p = s; p && (p = strstr(p, what)); p++)
        n++;
    return n;
}

/* A stray NUL is a bad byte, not a sign of binary data; Latin-1 is told from UTF-8
 * and decoded as Windows-1252. */
static void test_input_encodings(void) {
    const char nul[] = "Two men died.\nA bad \0 byte.\nThree more.\n";
    CHECK(!tally_input_is_binary(nul, sizeof nul - 1));
    CHECK_INT_EQ(tally_input_nul_line(nul, sizeof nul - 1), 2);
    CHECK_INT_EQ(tally_input_nul_line("abc", 3), 0);
    CHECK(tally_input_is_binary("\x7f" "ELF\0\0\1\2", 8));
    char noise[4096]; /* compressed or random bytes */
    uint32_t x = 12345;
    for (size_t i = 0; i < sizeof noise; i++) {
        x = x * 1103515245u + 12345u;
        noise[i] = (char)(x >> 23);
    }
    CHECK(tally_input_is_binary(noise, sizeof noise));
    const char *latin = "Caf\xe9 owners said \x93" "five\x94 died in the na\xef" "ve raid.\n";
    CHECK(!tally_input_is_binary(latin, strlen(latin)));
    CHECK(tally_input_is_cp1252(latin, strlen(latin)));
    const char *utf = "Caf\xc3\xa9 and na\xc3\xafve, one bad \xff byte.";
    CHECK(!tally_input_is_cp1252(utf, strlen(utf)));
    CHECK(!tally_input_is_cp1252("ascii", 5));
    size_t n;
    char *u = tally_input_from_cp1252("Caf\xe9 \x93x\x94 \x81.", 11, &n);
    CHECK_STR_EQ(u, "Caf\xc3\xa9 \xe2\x80\x9cx\xe2\x80\x9d \xef\xbf\xbd.");
    CHECK_INT_EQ(n, strlen(u));
    free(u);
    /* a NUL in text becomes U+FFFD, and the text around it stays */
    tally_arena *a = tally_arena_new();
    tally_text *t = tally_text_new(a, nul, sizeof nul - 1);
    CHECK(t->len > sizeof nul - 1 && memchr(t->text, 0, t->len) == NULL);
    CHECK(strstr(t->text, "Three more.") != NULL);
    tally_arena_free(a);
}

/* Directories: a link up the tree and a link to the directory itself read nothing
 * twice; a PETRARCH dictionary directory with a subdirectory is read. */
static void test_input_dirs(void) {
    CHECK_INT_EQ(system("rm -rf build/t-loop && mkdir -p build/t-loop/d/sub && "
                        "ln -s .. build/t-loop/d/sub/up && ln -s \"$PWD/build/t-loop/d\" build/t-loop/d/self && "
                        "ln -s one.txt build/t-loop/d/same.txt"), 0);
    put("build/t-loop/d/one.txt", "Gunmen shot two guards in Kabul on 3 May 2011.\n", 0);
    put("build/t-loop/d/sub/two.txt", "A bomb killed five people in Mosul on 4 May 2011.\n", 0);
    int st = run_tally("timeout 60 %s code build/t-loop/d");
    CHECK_INT_EQ(st, 0);
    CHECK_INT_EQ(count_str(g_out, "\"id\":\"one\""), 1);
    CHECK_INT_EQ(count_str(g_out, "\"id\":\"two\""), 1);
    CHECK_INT_EQ(count_str(g_out, "\"doc\""), 2);
    CHECK(strstr(g_err, "d/self: note: a directory already read") != NULL);
    CHECK(strstr(g_err, "d/sub/up: note: a directory already read") != NULL);
    CHECK(strstr(g_err, "d/same.txt: note: a file already read") != NULL);

    CHECK_INT_EQ(system("rm -rf build/t-pdict && mkdir -p build/t-pdict/old"), 0);
    put("build/t-pdict/t.verbs", "--- RESTORE  [064] ---\nRESTORE\n", 0);
    put("build/t-pdict/t.actors", "ZEMBLANIA_ [ZMB]\nQUORVAL [QRV]\n", 0);
    put("build/t-pdict/old/x.verbs", "--- VISIT [042] ---\nVISIT\n", 0);
    put("build/t-pdict.txt", "Date: 2010-04-05\n\nZemblania restored ties with Quorval.\n", 0);
    st = run_tally("%s code --dict build/t-pdict build/t-pdict.txt");
    CHECK_INT_EQ(st, 0);
    CHECK(strstr(g_out, "\"source\":\"ZMB\",\"target\":\"QRV\",\"code\":\"064\"") != NULL);
    CHECK(strstr(g_err, "build/t-pdict/old: not a regular file; skipped") != NULL);
}

/* Pipes, gzip, NUL bytes, binary files: one rule for the exit status wherever the
 * file is. */
static void test_input_streams(void) {
    const char jl[] = "{\"id\":\"a\",\"text\":\"Two guards died.\"}\n"
                      "{\"id\":\"b\",\"text\":\"A \0 byte.\"}\n"
                      "{\"id\":\"c\",\"text\":\"Three guards died.\"}\n";
    put("build/t-nul.jsonl", jl, sizeof jl - 1);
    CHECK_INT_EQ(run_tally("%s code build/t-nul.jsonl"), 1); /* one line skipped */
    CHECK(strstr(g_out, "\"id\":\"a\"") && strstr(g_out, "\"id\":\"c\"") && !strstr(g_out, "\"id\":\"b\""));
    CHECK(strstr(g_err, "build/t-nul.jsonl:2: not JSON") != NULL);
    const char tx[] = "Gunmen shot two guards.\nA \0 byte.\nThree more died.\n";
    put("build/t-nul.txt", tx, sizeof tx - 1);
    CHECK_INT_EQ(run_tally("%s code build/t-nul.txt"), 0);
    CHECK_INT_EQ(count_str(g_out, "\"doc\""), 1);
    CHECK(strstr(g_err, "build/t-nul.txt:2: warning: NUL byte") != NULL);
    /* Latin-1: decoded, with a warning naming the file */
    put("build/t-latin1.txt", "Title: Caf\xe9 \x93" "attack\x94\n\nTwo died.\n", 0);
    CHECK_INT_EQ(run_tally("%s code build/t-latin1.txt"), 0);
    CHECK(strstr(g_out, "\"title\":\"Caf\xc3\xa9 \xe2\x80\x9c" "attack\xe2\x80\x9d\"") != NULL);
    CHECK(strstr(g_err, "build/t-latin1.txt: warning: not UTF-8; read as Windows-1252") != NULL);
    /* a binary file: exit 1 named, and exit 1 inside a directory */
    CHECK_INT_EQ(system("rm -rf build/t-bindir && mkdir build/t-bindir"), 0);
    put("build/t-bindir/a.txt", "Two guards died.\n", 0);
    put("build/t-bindir/b.dat", "\x7f" "ELF\0\0\1\2\0\0\0\0", 12);
    CHECK_INT_EQ(run_tally("%s code build/t-bindir/b.dat"), 1);
    CHECK_INT_EQ(run_tally("%s code build/t-bindir"), 1);
    CHECK_INT_EQ(count_str(g_out, "\"doc\""), 1);
    CHECK(strstr(g_err, "build/t-bindir/b.dat: not text") != NULL);
    /* a pipe named as a file, and gzip, plain or through a pipe */
    CHECK_INT_EQ(run_tally("cat build/t-bindir/a.txt | %s code /dev/stdin"), 0);
    CHECK_INT_EQ(count_str(g_out, "\"doc\""), 1);
    CHECK(strstr(g_err, "not a regular file") == NULL);
    gzFile gz = gzopen("build/t-gz.jsonl.gz", "wb");
    CHECK(gz != NULL);
    if (!gz)
        return;
    for (int i = 0; i < 300; i++)
        gzprintf(gz, "{\"id\":\"g%d\",\"text\":\"Gunmen shot %d guards.\"}\n", i, i + 2);
    gzclose(gz);
    CHECK_INT_EQ(run_tally("%s code build/t-gz.jsonl.gz"), 0);
    CHECK_INT_EQ(count_str(g_out, "\"doc\""), 300);
    CHECK(strstr(g_out, "\"id\":\"g299\"") != NULL);
    CHECK_INT_EQ(run_tally("%s code - < build/t-gz.jsonl.gz"), 0);
    CHECK_INT_EQ(count_str(g_out, "\"doc\""), 300);
    /* cut short: what came before is read, and the cut is said */
    CHECK_INT_EQ(system("head -c 600 build/t-gz.jsonl.gz > build/t-gzcut.jsonl.gz"), 0);
    run_tally("%s code build/t-gzcut.jsonl.gz");
    CHECK(count_str(g_out, "\"doc\"") > 0);
    CHECK(strstr(g_err, "build/t-gzcut.jsonl.gz: warning: compressed data cut short") != NULL);
}

/* The per-article size limit: the default 10 MB, and --max-article-size. */
static void test_input_limits(void) {
    FILE *f = fopen("build/t-limit.jsonl", "w");
    if (!f)
        return;
    fputs("{\"id\":\"small\",\"text\":\"Two guards died.\"}\n{\"id\":\"big\",\"text\":\"", f);
    for (int i = 0; i < 10; i++)
        fputs("Police said five men were hurt. ", f);
    fputs("\"}\n{\"id\":\"last\",\"text\":\"Three died.\"}\n", f);
    fclose(f);
    CHECK_INT_EQ(run_tally("%s code --max-article-size 200 build/t-limit.jsonl"), 1);
    CHECK_INT_EQ(count_str(g_out, "\"doc\""), 2);
    CHECK(!strstr(g_out, "\"id\":\"big\""));
    CHECK(strstr(g_err, "build/t-limit.jsonl:2: article of 342 bytes is over the limit of 200") != NULL);
    CHECK_INT_EQ(run_tally("%s code --max-article-size=1K build/t-limit.jsonl"), 0);
    CHECK_INT_EQ(count_str(g_out, "\"doc\""), 3);
    CHECK_INT_EQ(run_tally("%s code --max-article-size 12parsecs build/t-limit.jsonl"), 2);
    /* the default: a text over 10 MB is skipped, and said, without coding it */
    f = fopen("build/t-over.txt", "w");
    if (!f)
        return;
    for (int i = 0; i < 400000; i++)
        fputs("A rocket fell near the base. ", f); /* 11.6 MB */
    fclose(f);
    CHECK_INT_EQ(run_tally("%s code build/t-over.txt"), 1);
    CHECK_INT_EQ(count_str(g_out, "\"doc\""), 0);
    CHECK(strstr(g_err, "build/t-over.txt:1: article of 11600000 bytes is over the limit of 10485760") != NULL);
    remove("build/t-over.txt");
    /* tally ingest takes the flag too */
    CHECK_INT_EQ(run_tally("rm -f build/t-limit.db*; %s ingest --db build/t-limit.db --max-article-size 200 "
             "build/t-limit.jsonl"), 1);
    CHECK(strstr(g_err, "build/t-limit.jsonl:2: article of 342 bytes") != NULL);
}

void test_input(void) {
    tally_arena *a = tally_arena_new();
    tally_doc d;
    const char *txt = "Title: Shelling near the river\nDate: 2011-05-02\nSource: Example Wire\n"
                      "URL: http://example.org/a\n\nShells fell on the east bank.\n";
    tally_input_text(a, "data/x/report-7.txt", txt, strlen(txt), &d);
    CHECK_STR_EQ(d.id, "report-7");
    CHECK_STR_EQ(d.title, "Shelling near the river");
    CHECK_STR_EQ(d.date_raw, "2011-05-02");
    CHECK_STR_EQ(d.source, "Example Wire");
    CHECK_STR_EQ(d.url, "http://example.org/a");
    CHECK(d.body.len == strlen("Shells fell on the east bank.\n"));
    /* no header: the whole file is the body */
    const char *plain = "Headline: not a key we know\n\nText.";
    tally_input_text(a, "b.txt", plain, strlen(plain), &d);
    CHECK(d.title == NULL);
    CHECK_INT_EQ(d.body.len, strlen(plain));
    /* a byte-order mark is dropped */
    tally_input_text(a, NULL, "\xEF\xBB\xBFHello", 8, &d);
    CHECK_INT_EQ(d.body.len, 5);
    CHECK_STR_EQ(d.id, "-");

    char err[128];
    const char *line = "{\"id\": \"r1\", \"text\": \"A \\\"quoted\\\" word \\u00e9\\ud83d\\ude00\", "
                       "\"title\": \"T\", \"extra\": [1, {\"x\": null}], \"date\": \"2012-01-05\"}";
    CHECK_INT_EQ(tally_input_jsonl(a, line, strlen(line), &d, err, sizeof err), TALLY_OK);
    CHECK_STR_EQ(d.id, "r1");
    CHECK_STR_EQ(d.body.p, "A \"quoted\" word \xc3\xa9\xf0\x9f\x98\x80");
    CHECK_STR_EQ(d.title, "T");
    CHECK_STR_EQ(d.date_raw, "2012-01-05");
    const char *numid = "{\"id\": 42, \"text\": \"x\"}";
    CHECK_INT_EQ(tally_input_jsonl(a, numid, strlen(numid), &d, err, sizeof err), TALLY_OK);
    CHECK_STR_EQ(d.id, "42");
    /* errors: not JSON, no text, truncated, trailing garbage, lone surrogate is repaired */
    const char *bad[] = {"not json", "{\"id\": \"x\"}", "{\"text\": \"abc", "{\"text\": \"a\"} x",
                         "[1,2]", "{\"text\": \"a\" \"b\": 1}", "{\"text\": \"bad \\q escape\"}"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_INT_EQ(tally_input_jsonl(a, bad[i], strlen(bad[i]), &d, err, sizeof err), TALLY_EPARSE);
    const char *lone = "{\"text\": \"a\\ud800b\"}";
    CHECK_INT_EQ(tally_input_jsonl(a, lone, strlen(lone), &d, err, sizeof err), TALLY_OK);
    CHECK_STR_EQ(d.body.p, "a\xef\xbf\xbd" "b");
    /* deep nesting is refused, not a stack overflow */
    char deep[300];
    snprintf(deep, sizeof deep, "{\"text\": \"a\", \"x\": ");
    size_t o = strlen(deep);
    while (o < sizeof deep - 2)
        deep[o++] = '[';
    deep[o] = 0;
    CHECK_INT_EQ(tally_input_jsonl(a, deep, strlen(deep), &d, err, sizeof err), TALLY_EPARSE);

    CHECK(tally_input_is_binary("ab\0cd", 5));
    CHECK(!tally_input_is_binary("plain text\n", 11));
    CHECK(!tally_input_is_binary("", 0));
    tally_arena_free(a);
    test_input_encodings();
    test_input_dirs();
    test_input_streams();
    test_input_limits();
    run_tally(NULL);
}
