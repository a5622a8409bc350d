/* test_cli.c: tally code end to end: output shape, bad input reported by file and
 * line while the rest is processed, exit status, golden output per fixture. */
#include "tally.h"
#include "test.h"

#include <dirent.h>
#include <stdlib.h>

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
    golden_code();
}
