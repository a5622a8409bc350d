/* test.h: the plain-C test runner's checks. They go on after a failure; the
 * runner's last line is exactly "N passed, N failed". */
#ifndef TALLY_TEST_H
#define TALLY_TEST_H

#include <stdio.h>
#include <string.h>

extern int t_passed, t_failed;
extern const char *t_current;

#define CHECK(cond)                                                                     \
    do {                                                                                \
        if (cond) {                                                                     \
            t_passed++;                                                                 \
        } else {                                                                        \
            t_failed++;                                                                 \
            fprintf(stderr, "FAIL %s:%d [%s]: %s\n", __FILE__, __LINE__, t_current, #cond); \
        }                                                                               \
    } while (0)

#define CHECK_INT_EQ(a, b)                                                              \
    do {                                                                                \
        long long a_ = (long long)(a), b_ = (long long)(b);                             \
        if (a_ == b_) {                                                                 \
            t_passed++;                                                                 \
        } else {                                                                        \
            t_failed++;                                                                 \
            fprintf(stderr, "FAIL %s:%d [%s]: %s == %s: got %lld, want %lld\n", __FILE__, \
                    __LINE__, t_current, #a, #b, a_, b_);                               \
        }                                                                               \
    } while (0)

#define CHECK_STR_EQ(a, b)                                                              \
    do {                                                                                \
        const char *a_ = (a), *b_ = (b);                                                \
        if ((a_ == NULL && b_ == NULL) || (a_ && b_ && strcmp(a_, b_) == 0)) {          \
            t_passed++;                                                                 \
        } else {                                                                        \
            t_failed++;                                                                 \
            fprintf(stderr, "FAIL %s:%d [%s]: %s == %s: got \"%s\", want \"%s\"\n",      \
                    __FILE__, __LINE__, t_current, #a, #b, a_ ? a_ : "(null)",          \
                    b_ ? b_ : "(null)");                                                \
        }                                                                               \
    } while (0)

/* Each test file defines one suite function, listed in tests/main.c. */
typedef void (*test_suite)(void);

/* Helpers in tests/main.c. */
char *test_read_file(const char *path, size_t *len); /* caller frees; NULL if absent */
const char *test_tally_bin(void);                    /* path of the tally binary */
int test_run(const char *cmd, char **out, size_t *len); /* exit status; *out caller frees */
int test_golden(const char *stage, const char *name, const char *got); /* compare or update */
void test_skip(const char *why);
/* Golden files: for each tests/golden/STAGE/NAME.txt, render(path, text, len) gives
 * the output (caller's malloc'd string, freed here), compared with NAME.out. */
typedef char *(*test_render)(const char *path, const char *text, size_t len);
void test_golden_dir(const char *stage, test_render render);

#endif
