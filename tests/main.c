/* main.c: the test runner: runs every suite and prints "N passed, N failed" last. */
#include "test.h"

#include <dirent.h>
#include <stdlib.h>
#include <sys/wait.h>

int t_passed, t_failed;
const char *t_current = "";

void test_text(void);
void test_tokens(void);
void test_numbers(void);
void test_dates(void);
void test_input(void);
void test_json(void);
void test_cli(void);
void test_seeds(void);
void test_fuzz(void);
void test_incidents(void);
void test_merge(void);
void test_store(void);
void test_events(void);
void test_places(void);
void test_serve(void);
void test_recognize(void);
void test_lexicon(void);
void test_tagger(void);
void test_actors(void);
void test_export(void);

static const struct {
    const char *name;
    test_suite fn;
} SUITES[] = {{"text", test_text},   {"tokens", test_tokens}, {"numbers", test_numbers},
              {"dates", test_dates}, {"input", test_input},   {"json", test_json},
              {"merge", test_merge}, {"store", test_store},
              {"cli", test_cli},     {"seeds", test_seeds}, {"incidents", test_incidents}, {"fuzz", test_fuzz}, {"places", test_places}, {"events", test_events}, {"serve", test_serve}, {"recognize", test_recognize}, {"lexicon", test_lexicon}, {"tagger", test_tagger}, {"actors", test_actors}, {"export", test_export}};

char *test_read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)(n > 0 ? n : 0) + 1);
    size_t got = fread(buf, 1, (size_t)(n > 0 ? n : 0), f);
    buf[got] = 0;
    fclose(f);
    if (len)
        *len = got;
    return buf;
}

const char *test_tally_bin(void) {
    const char *b = getenv("TALLY_BIN");
    return b ? b : "./tally";
}

int test_run(const char *cmd, char **out, size_t *len) {
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t k;
    while ((k = fread(buf + n, 1, cap - n - 1, p)) > 0) {
        n += k;
        if (cap - n < 2) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    buf[n] = 0;
    int st = pclose(p);
    if (out)
        *out = buf;
    else
        free(buf);
    if (len)
        *len = n;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int test_golden(const char *stage, const char *name, const char *got) {
    char path[512];
    snprintf(path, sizeof path, "tests/golden/%s/%s.out", stage, name);
    if (getenv("TALLY_GOLDEN_UPDATE")) {
        FILE *f = fopen(path, "wb");
        if (f) {
            fputs(got, f);
            fclose(f);
        }
        t_passed++;
        return 1;
    }
    char *want = test_read_file(path, NULL);
    int ok = want && strcmp(want, got) == 0;
    if (ok) {
        t_passed++;
    } else {
        t_failed++;
        fprintf(stderr, "FAIL golden %s/%s: output differs from %s (make golden-update, then review "
                        "the diff)\n", stage, name, path);
        if (want) {
            /* show the first differing line */
            const char *a = want, *b = got;
            int line = 1;
            while (*a && *a == *b) {
                if (*a == '\n')
                    line++;
                a++, b++;
            }
            fprintf(stderr, "  first difference at line %d:\n  want: %.120s\n  got:  %.120s\n", line,
                    a, b);
        }
    }
    free(want);
    return ok;
}

void test_skip(const char *why) { fprintf(stderr, "SKIP [%s]: %s\n", t_current, why); }

void test_golden_dir(const char *stage, test_render render) {
    char dir[256];
    snprintf(dir, sizeof dir, "tests/golden/%s", stage);
    DIR *d = opendir(dir);
    if (!d) {
        char why[300];
        snprintf(why, sizeof why, "%s missing", dir);
        test_skip(why);
        return;
    }
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name);
        if (l < 5 || strcmp(de->d_name + l - 4, ".txt"))
            continue;
        char path[600], name[256];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        snprintf(name, sizeof name, "%.*s", (int)(l - 4), de->d_name);
        size_t len;
        char *in = test_read_file(path, &len);
        char *out = render(path, in ? in : "", in ? len : 0);
        test_golden(stage, name, out ? out : "");
        free(out);
        free(in);
    }
    closedir(d);
}

int main(int argc, char **argv) {
    for (size_t i = 0; i < sizeof SUITES / sizeof SUITES[0]; i++) {
        if (argc > 1 && strcmp(argv[1], SUITES[i].name) != 0)
            continue;
        t_current = SUITES[i].name;
        int before = t_failed;
        SUITES[i].fn();
        fprintf(stderr, "%-10s %s\n", SUITES[i].name, t_failed == before ? "ok" : "FAILED");
    }
    printf("%d passed, %d failed\n", t_passed, t_failed);
    return t_failed ? 1 : 0;
}
