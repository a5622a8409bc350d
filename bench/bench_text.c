/* bench_text.c: the benchmark's probes.
 *   bench_text text FILE.jsonl   the text layer alone, in process: read, normalize,
 *                                split, tokenize, numbers, dates; prints MB/s.
 *   bench_text run CMD ARGS...   runs a command; prints to stderr "WALL CPU RSS": wall
 *                                and user+system seconds, peak RSS in KB.
 *   bench_text places GAZ FILE.jsonl  gazetteer start-up (open + first look-up), mapped
 *                                size, and the geoparser's places/s in process.
 *   bench_text events FILE.jsonl the event coder alone (events.c) on split, dated
 *                                articles: sentences/s and events. */
#include "events.h"
#include "gazetteer.h"
#include "tally.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int text_layer(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 1;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
        perror(path);
        return 1;
    }
    fclose(f);
    double t0 = now();
    tally_arena *a = tally_arena_new();
    size_t docs = 0, sents = 0, nums = 0, dates = 0, bytes = 0;
    char err[128];
    for (char *p = buf, *end = buf + n; p < end;) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        tally_doc d;
        if (len && tally_input_jsonl(a, p, len, &d, err, sizeof err) == TALLY_OK) {
            tally_text *t = tally_text_new(a, d.body.p, d.body.len);
            tally_tokens tk;
            tally_tokens_split(a, t, &tk);
            tally_ymd anchor;
            if (!tally_dates_dateline(&tk, &anchor))
                memset(&anchor, 0, sizeof anchor);
            for (size_t s = 0; s < tk.nsents; s++) {
                tally_number *nu;
                tally_date_expr *de;
                nums += tally_numbers_find(a, &tk, s, &nu);
                dates += tally_dates_find(a, &tk, s, anchor, &de);
            }
            docs++;
            sents += tk.nsents;
            bytes += d.body.len;
        }
        tally_arena_reset(a);
        p += len + 1;
    }
    double dt = now() - t0;
    tally_arena_free(a);
    printf("text layer: %zu articles, %zu sentences, %zu numbers, %zu dates in %.2f s: %.1f MB/s, "
           "%.0f sentences/s\n",
           docs, sents, nums, dates, dt, (double)n / 1e6 / dt, (double)sents / dt);
    free(buf);
    return 0;
}

static int run(char **argv) {
    double t0 = now();
    pid_t pid = fork();
    if (pid == 0) {
        execvp(argv[0], argv);
        perror(argv[0]);
        _exit(127);
    }
    int st;
    struct rusage ru;
    wait4(pid, &st, 0, &ru);
    double dt = now() - t0;
    double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
                 (double)ru.ru_stime.tv_usec / 1e6;
    fprintf(stderr, "%.3f %.3f %ld\n", dt, cpu, ru.ru_maxrss);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}

static int places(const char *gaz, const char *path) {
    double t0 = now();
    tally_gazetteer *g = NULL;
    char err[512];
    enum { OPENS = 20 };
    for (int i = 0; i < OPENS; i++) {
        tally_gazetteer_close(g);
        if (tally_gazetteer_open(gaz, &g, err, sizeof err) != TALLY_OK) {
            fprintf(stderr, "%s\n", err);
            return 1;
        }
    }
    double startup = (now() - t0) / OPENS;
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        tally_gazetteer_close(g);
        return 1;
    }
    tally_arena *a = tally_arena_new();
    char *line = NULL;
    size_t cap = 0, arts = 0, found = 0;
    ssize_t len;
    double tp = 0;
    while ((len = getline(&line, &cap, f)) > 0) {
        tally_doc doc;
        if (tally_input_jsonl(a, line, (size_t)len, &doc, err, sizeof err) == TALLY_OK) {
            double t1 = now();
            tally_text *t = tally_text_new(a, doc.body.p, doc.body.len);
            tally_tokens tk;
            tally_tokens_split(a, t, &tk);
            tally_place *p;
            found += tally_places_find(a, g, &tk, &p);
            tp += now() - t1;
            arts++;
        }
        tally_arena_reset(a);
    }
    free(line);
    fclose(f);
    printf("places: gazetteer start-up %.2f ms (open, mmap, checks), %.1f MB mapped; %zu articles, "
           "%zu places in %.2f s: %.0f places/s, %.0f articles/s (text, tokens, places)\n",
           startup * 1e3, tally_gazetteer_size(g) / 1e6, arts, found, tp, tp > 0 ? found / tp : 0, tp > 0 ? arts / tp : 0);
    tally_arena_free(a);
    tally_gazetteer_close(g);
    return 0;
}

/* The event coder's own time over the corpus, the text layer before it excluded. */
static int events(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 1;
    }
    tally_arena *a = tally_arena_new();
    char *line = NULL, err[128];
    size_t cap = 0, arts = 0, sents = 0, evs = 0;
    ssize_t len;
    double te = 0;
    while ((len = getline(&line, &cap, f)) > 0) {
        tally_doc doc;
        if (tally_input_jsonl(a, line, (size_t)len, &doc, err, sizeof err) == TALLY_OK) {
            tally_article art;
            memset(&art, 0, sizeof art);
            art.doc = doc;
            art.text = tally_text_new(a, doc.body.p, doc.body.len);
            tally_tokens_split(a, art.text, &art.tk);
            if (!doc.date_raw || !tally_dates_parse(doc.date_raw, strlen(doc.date_raw), &art.date))
                tally_dates_dateline(&art.tk, &art.date);
            double t1 = now();
            tally_events_code(a, NULL, &art);
            te += now() - t1;
            arts++;
            sents += art.tk.nsents;
            evs += art.nevents;
        }
        tally_arena_reset(a);
    }
    free(line);
    fclose(f);
    tally_arena_free(a);
    printf("events: %zu articles, %zu sentences, %zu events in %.2f s of event coding: %.0f sentences/s\n",
           arts, sents, evs, te, te > 0 ? sents / te : 0);
    return 0;
}

int main(int argc, char **argv) {
    if (argc >= 4 && strcmp(argv[1], "places") == 0)
        return places(argv[2], argv[3]);
    if (argc >= 3 && strcmp(argv[1], "text") == 0)
        return text_layer(argv[2]);
    if (argc >= 3 && strcmp(argv[1], "events") == 0)
        return events(argv[2]);
    if (argc >= 3 && strcmp(argv[1], "run") == 0)
        return run(argv + 2);
    fprintf(stderr, "usage: bench_text text FILE.jsonl | events FILE.jsonl | places GAZ FILE.jsonl | run CMD ARGS...\n");
    return 2;
}
