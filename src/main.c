/* main.c: the tally command line: reads files, runs the pipeline, prints. */
#include "dict.h"
#include "merge.h"
#include "petrarch.h"
#include "tally.h"
#include "places.h"
#include "serve.h"
#include "store.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int g_errors; /* problems reported; the exit status is 1 when any */

static void report(const char *path, size_t line, const char *fmt, const char *detail) {
    if (line)
        fprintf(stderr, "tally: %s:%zu: ", path, line);
    else
        fprintf(stderr, "tally: %s: ", path);
    fprintf(stderr, fmt, detail);
    fputc('\n', stderr);
}

/* Read a whole file (or stdin for "-"); caller frees. NULL with errno on failure. */
static char *read_all(const char *path, size_t *len) {
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        if (n == cap) {
            cap *= 2;
            buf = xrealloc(buf, cap);
        }
        size_t k = fread(buf + n, 1, cap - n, f);
        n += k;
        if (k == 0)
            break;
    }
    int bad = ferror(f);
    int saved = errno;
    if (f != stdin)
        fclose(f);
    if (bad) {
        free(buf);
        errno = saved ? saved : EIO;
        return NULL;
    }
    *len = n;
    return buf;
}

typedef enum { OUT_JSON, OUT_SUMMARY } out_format;

/* tally ingest: coded articles waiting to be written in one short transaction, so
 * that the write lock is never held while an article is coded. */
typedef struct {
    tally_arena *a;     /* the coded articles and their metadata */
    tally_article *art; /* coded, not yet written */
    size_t n, cap;
    size_t bytes;       /* bytes of their texts */
    double since;       /* when the first of them was coded */
} ingest_batch;

typedef struct run run;
struct run {
    void (*emit)(run *r, const tally_doc *doc); /* what to do with each article */
    out_format format;
    tally_arena *arena;
    tally_coder coder; /* resources shared by every article */
    tally_buf out;
    size_t articles, incidents;
    tally_store *store; /* tally ingest: where articles go (emit_ingest) */
    const char *db;     /* its path, for messages */
    ingest_batch pend;  /* coded articles not yet written */
    size_t n_new, n_same, n_replaced, n_failed; /* what ingest did with the articles read */
    int stop;           /* the store cannot take more (disk full): read no further */
    const char *cmd;    /* "code" or "ingest", for the progress line */
    double t0, shown;   /* start, and when the progress line was last drawn, in seconds */
    int progress;       /* stderr is a terminal: show a progress line */
    size_t total_bytes; /* input bytes, when known (for the time left); else 0 */
    size_t done_bytes;  /* bytes of the files read to the end */
    size_t cur_bytes;   /* bytes read of the current file */
};

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#define PROGRESS_AFTER 3.0 /* seconds: shorter runs show no progress line */

/* The progress line on a terminal: articles, rate and (when the input size is
 * known) the time left. Drawn at most 4 times a second, once the run has taken
 * PROGRESS_AFTER seconds; last ends it with a newline when it was drawn. */
static void progress(run *r, int last) {
    if (!r->progress)
        return;
    double now = now_seconds(), t = now - r->t0;
    if (last) {
        if (r->shown > 0)
            fputc('\n', stderr);
        return;
    }
    if (t < PROGRESS_AFTER || now - r->shown < 0.25)
        return;
    r->shown = now;
    fprintf(stderr, "\rtally %s: %zu articles, %.0f/s", r->cmd, r->articles, (double)r->articles / t);
    size_t done = r->done_bytes + r->cur_bytes;
    if (r->total_bytes && done > 0 && done <= r->total_bytes) {
        long left = (long)(t * (double)(r->total_bytes - done) / (double)done);
        fprintf(stderr, ", %.0f%% read, %ld:%02ld left", 100.0 * (double)done / (double)r->total_bytes, left / 60,
                left % 60);
    }
    fputs("    ", stderr);
}

/* Bytes of the regular files under path (not following links to directories), for
 * the time left; 0 when unknown (standard input). */
static size_t input_bytes(const char *path, int depth) {
    struct stat st;
    if (strcmp(path, "-") == 0 || depth > 32 || lstat(path, &st) != 0)
        return 0;
    if (S_ISLNK(st.st_mode))
        return stat(path, &st) == 0 && S_ISREG(st.st_mode) ? (size_t)st.st_size : 0;
    if (S_ISREG(st.st_mode))
        return (size_t)st.st_size;
    DIR *d = S_ISDIR(st.st_mode) ? opendir(path) : NULL;
    size_t n = 0;
    struct dirent *de;
    while (d && (de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        char sub[PATH_MAX];
        if ((size_t)snprintf(sub, sizeof sub, "%s/%s", path, de->d_name) < sizeof sub)
            n += input_bytes(sub, depth + 1);
    }
    if (d)
        closedir(d);
    return n;
}

/* Set up the progress line of tally cmd: shown only when stderr is a terminal; the
 * time left needs the input's size, known for files and directories. */
static void start_progress(run *r, const char *cmd, int argc, char **argv) {
    r->cmd = cmd;
    r->t0 = now_seconds();
    r->progress = isatty(2);
    int named = 0, std_in = 0;
    for (int i = 0; i < argc && r->progress; i++) {
        if (argv[i][0] == '-' && argv[i][1]) { /* an option, and the value after --db or --dict */
            i += strcmp(argv[i], "--db") == 0 || strcmp(argv[i], "--dict") == 0;
        } else if (strcmp(argv[i], "-") == 0) {
            std_in = 1; /* its size is not known: no time left */
        } else {
            r->total_bytes += input_bytes(argv[i], 0);
            named++;
        }
    }
    if (!named || std_in)
        r->total_bytes = 0;
}

static void flush_out(run *r) {
    if (r->out.len) {
        fwrite(r->out.p, 1, r->out.len, stdout);
        r->out.len = 0;
    }
}

static void emit(run *r, const tally_doc *doc) {
    tally_article art;
    tally_code_article(r->arena, &r->coder, doc, &art);
    r->articles++;
    size_t ninc = 0;
    for (size_t i = 0; i < art.nincidents; i++)
        ninc += !art.incidents[i].tally;
    r->incidents += ninc;
    if (r->format == OUT_JSON) {
        tally_json_article(&r->out, &art);
    } else {
        char d[11];
        tally_ymd_format(art.date, d);
        tally_buf_printf(&r->out, "%-24s %-10s %3zu incident%s  %.70s\n", art.doc.id, d[0] ? d : "no date",
                         ninc, ninc == 1 ? " " : "s", art.doc.title ? art.doc.title : "(no title)");
        for (size_t i = 0; i < art.nincidents; i++) {
            const tally_incident *in = &art.incidents[i];
            if (in->tally)
                continue;
            char ds[11];
            tally_ymd_format(in->date.start, ds);
            tally_buf_printf(&r->out, "    %-10s %-28s %-22.22s killed ", ds[0] ? ds : "?",
                             in->sub_event_type ? in->sub_event_type : in->event_type,
                             in->has_location && in->location.name ? in->location.name : "?");
            if (in->fatalities.min >= 0)
                tally_buf_printf(&r->out, "%lld-%lld", (long long)in->fatalities.min,
                                 (long long)in->fatalities.max);
            else
                tally_buf_puts(&r->out, "-");
            tally_buf_puts(&r->out, in->contested ? "  contested\n" : "\n");
        }
    }
    if (r->out.len > (1 << 20))
        flush_out(r);
    tally_arena_reset(r->arena);
    progress(r, 0);
}

/* tally places: every place mention of the article, one JSON line. */
static void emit_places(run *r, const tally_doc *doc) {
    tally_text *t = tally_text_new(r->arena, doc->body.p, doc->body.len);
    tally_tokens tk;
    tally_tokens_split(r->arena, t, &tk);
    tally_place *p;
    size_t n = tally_places_find(r->arena, r->coder.gazetteer, &tk, &p);
    tally_places_json(&r->out, doc->id, &tk, p, n);
    r->articles++;
    if (r->out.len > (1 << 20))
        flush_out(r);
    tally_arena_reset(r->arena);
}

static int has_suffix(const char *s, const char *suf) {
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

static void code_jsonl(run *r, const char *path, const char *buf, size_t len) {
    size_t line = 0;
    for (size_t i = 0; i < len && !r->stop;) {
        const char *nl = memchr(buf + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - buf) : len;
        line++;
        size_t s = i;
        i = nl ? e + 1 : len;
        r->cur_bytes = i;
        while (s < e && is_space((unsigned char)buf[s]))
            s++;
        if (s == e)
            continue;
        tally_doc doc;
        char err[160];
        if (tally_input_jsonl(r->arena, buf + s, e - s, &doc, err, sizeof err) != TALLY_OK) {
            report(path, line, "%s; line skipped", err);
            g_errors++;
            tally_arena_reset(r->arena);
            continue;
        }
        doc.path = path;
        doc.line = (uint32_t)line;
        if (!doc.id) {
            char id[64];
            snprintf(id, sizeof id, "line-%zu", line);
            doc.id = tally_arena_strndup(r->arena, id, strlen(id));
        }
        r->emit(r, &doc);
    }
}

static void code_file(run *r, const char *path, int from_dir) {
    size_t len = 0;
    char *buf = read_all(path, &len);
    if (!buf) {
        report(path, 0, "cannot read: %s", strerror(errno));
        g_errors++;
        return;
    }
    if (tally_input_is_binary(buf, len)) {
        report(path, 0, "%s", "not text (binary data); skipped");
        if (!from_dir)
            g_errors++;
        free(buf);
        return;
    }
    size_t k = 0;
    while (k < len && is_space((unsigned char)buf[k]))
        k++;
    if (has_suffix(path, ".jsonl") || has_suffix(path, ".ndjson") || has_suffix(path, ".json") ||
        (k < len && buf[k] == '{')) {
        code_jsonl(r, path, buf, len);
    } else {
        tally_doc doc;
        tally_input_text(r->arena, strcmp(path, "-") == 0 ? NULL : path, buf, len, &doc);
        r->emit(r, &doc);
    }
    free(buf);
    r->done_bytes += len;
    r->cur_bytes = 0;
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void code_path(run *r, const char *path, int from_dir);

static void code_dir(run *r, const char *path) {
    DIR *d = opendir(path);
    if (!d) {
        report(path, 0, "cannot open directory: %s", strerror(errno));
        g_errors++;
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            names = xrealloc(names, cap * sizeof *names);
        }
        size_t l = strlen(path) + strlen(de->d_name) + 2;
        names[n] = xmalloc(l);
        snprintf(names[n], l, "%s/%s", path, de->d_name);
        n++;
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        if (!r->stop)
            code_path(r, names[i], 1);
        free(names[i]);
    }
    free(names);
}

static void code_path(run *r, const char *path, int from_dir) {
    struct stat st;
    if (strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        code_dir(r, path);
        return;
    }
    if (strcmp(path, "-") != 0 && stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        report(path, 0, "%s", "not a regular file; skipped");
        g_errors++;
        return;
    }
    code_file(r, path, from_dir);
}

/* ---- tally dict check ---- */
typedef struct {
    const tally_dict_entry **seen; /* entries read so far, for duplicates */
    size_t n, cap, problems;
    tally_arena *a;
} dict_check;

static void dict_check_entry(void *vc, const tally_dict_entry *e) {
    dict_check *c = vc;
    for (size_t i = 0; i < c->n; i++) {
        const tally_dict_entry *o = c->seen[i];
        if (o->section == e->section && strcmp(o->phrase, e->phrase) == 0) {
            fprintf(stderr, "tally: %s:%u: duplicate [%s] entry \"%s\" (first at %s:%u)\n", e->file, e->line,
                    tally_dict_section_name(e->section), e->phrase, o->file, o->line);
            c->problems++;
            return;
        }
    }
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 256;
        c->seen = xrealloc(c->seen, c->cap * sizeof *c->seen);
    }
    tally_dict_entry *copy = tally_arena_alloc(c->a, sizeof *copy);
    *copy = *e;
    c->seen[c->n++] = copy;
}

static void dict_check_error(void *vc, const char *file, uint32_t line, const char *msg) {
    dict_check *c = vc;
    fprintf(stderr, "tally: %s:%u: %s\n", file, line, msg);
    c->problems++;
}

static int cmd_dict(int argc, char **argv) {
    if (argc < 1 || strcmp(argv[0], "check") != 0) {
        fprintf(stderr, "usage: tally dict check [DIR|FILE.dict]...   (default: data)\n");
        return 2;
    }
    dict_check c;
    memset(&c, 0, sizeof c);
    c.a = tally_arena_new();
    const char *def[] = {"data"};
    char **paths = argc > 1 ? argv + 1 : (char **)def;
    int np = argc > 1 ? argc - 1 : 1;
    size_t files = 0;
    for (int i = 0; i < np; i++) {
        struct stat st;
        char **names = NULL;
        size_t n = 0;
        if (stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            DIR *d = opendir(paths[i]);
            struct dirent *de;
            while (d && (de = readdir(d))) {
                size_t l = strlen(de->d_name);
                if (l > 5 && strcmp(de->d_name + l - 5, ".dict") == 0) {
                    names = xrealloc(names, (n + 1) * sizeof *names);
                    size_t pl = strlen(paths[i]) + l + 2;
                    names[n] = xmalloc(pl);
                    snprintf(names[n++], pl, "%s/%s", paths[i], de->d_name);
                }
            }
            if (d)
                closedir(d);
            qsort(names, n, sizeof *names, cmp_str);
        } else {
            names = xmalloc(sizeof *names);
            names[0] = xmalloc(strlen(paths[i]) + 1);
            strcpy(names[0], paths[i]);
            n = 1;
        }
        for (size_t k = 0; k < n; k++) {
            size_t len;
            char *buf = read_all(names[k], &len);
            if (!buf) {
                fprintf(stderr, "tally: %s: cannot read: %s\n", names[k], strerror(errno));
                c.problems++;
            } else {
                char *file = tally_arena_strndup(c.a, names[k], strlen(names[k]));
                tally_dict_parse(c.a, file, buf, len, dict_check_entry, dict_check_error, &c);
                free(buf);
                files++;
            }
            free(names[k]);
        }
        free(names);
    }
    printf("%zu files, %zu entries, %zu problems\n", files, c.n, c.problems);
    free(c.seen);
    tally_arena_free(c.a);
    return c.problems ? 1 : 0;
}

static void usage(FILE *f) {
    fputs("usage: tally COMMAND [OPTIONS] [ARGS]\n"
          "\n"
          "Turns news reports of political violence into incident records.\n"
          "\n"
          "commands:\n"
          "  code [--summary] [--dict DIR] [FILE|DIR|-]...\n"
          "                                     code articles; print one JSON object per article\n"
          "                                     (--summary: a readable table instead; --dict: code\n"
          "                                     events with the PETRARCH dictionaries in DIR)\n"
          "  places [FILE|DIR|-]...             every place mention, resolved: one JSON line per\n"
          "                                     article (needs the gazetteer: make gazetteer)\n"
          "  ingest [--db PATH] [--no-merge] [FILE|DIR|-]...\n"
          "                                     code articles and store them (default ./tally.db or\n"
          "                                     $TALLY_DB), merging the reports of one incident\n"
          "                                     (--no-merge: leave that to tally merge)\n"
          "  incidents [--db PATH] [--from DATE] [--to DATE] [--country ISO3] [--admin1 NAME]\n"
          "            [--type WORD] [--actor WORD] [--source WORD] [--min-killed N] [--contested]\n"
          "            [--limit N] [--format table|json|csv] [--explain ID]\n"
          "                                     the merged incidents; --explain ID: its reports and why\n"
          "  export [--db PATH] --format acled|cameo|geojson|json [the filters of incidents]\n"
          "                                     ACLED columns, CAMEO events (TSV), GeoJSON points\n"
          "  merge [--db PATH] [--recode]       rebuild the merged incidents from the stored reports\n"
          "                                     (--recode: code the stored articles again first)\n"
          "  serve [--db PATH] [--port N] [--bind ADDR]\n"
          "                                     a web page over the store (read-only): a map, a\n"
          "                                     timeline, the incident table and each incident's\n"
          "                                     claims in their sentences; default 127.0.0.1:8080\n"
          "  dict check [DIR|FILE]...           check dictionaries (default data/): bad lines, duplicates\n"
          "  version                            print the version\n"
          "  help                               this text\n"
          "\n"
          "Input: plain-text articles (an optional header of Title:, Date:, Source:, URL: lines),\n"
          "JSON Lines records {\"id\", \"text\", \"title\", \"date\", \"source\", \"url\"}, or directories\n"
          "of either (read recursively, in sorted order). '-' or no argument reads stdin.\n"
          "Exit status: 0 when all input was read, 1 when some of it had problems (each is\n"
          "reported on stderr with its file and line; the rest is still processed), 2 on usage.\n",
          f);
}

/* ---- tally code --dict DIR: PETRARCH dictionaries ---- */
typedef struct {
    tally_arena *a;  /* lives as long as the process: the index points into it */
    size_t entries, problems;
} dict_load;

static void dict_load_entry(void *vc, const tally_dict_entry *e) {
    dict_load *d = vc;
    tally_dict_entry *copy = tally_arena_alloc(d->a, sizeof *copy);
    *copy = *e;
    tally_dict_add(copy);
    d->entries++;
}

static void dict_load_error(void *vc, const char *file, uint32_t line, const char *msg) {
    dict_load *d = vc;
    fprintf(stderr, "tally: warning: %s:%u: %s\n", file, line, msg);
    d->problems++;
}

/* Read the PETRARCH dictionaries of a directory (or one file) into the index:
 * *verbs*, *actors*, *agents*, *discards* files. Returns 0, or 1 when unreadable. */
static int load_dicts(const char *path, dict_load *d) {
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "tally: %s: %s (--dict wants a directory of PETRARCH dictionaries)\n", path,
                strerror(errno));
        return 1;
    }
    char **names = NULL;
    size_t n = 0;
    if (S_ISDIR(st.st_mode)) {
        DIR *dir = opendir(path);
        struct dirent *de;
        while (dir && (de = readdir(dir))) {
            if (de->d_name[0] == '.')
                continue;
            names = xrealloc(names, (n + 1) * sizeof *names);
            size_t l = strlen(path) + strlen(de->d_name) + 2;
            names[n] = xmalloc(l);
            snprintf(names[n++], l, "%s/%s", path, de->d_name);
        }
        if (dir)
            closedir(dir);
        qsort(names, n, sizeof *names, cmp_str);
    } else {
        names = xmalloc(sizeof *names);
        names[n++] = strdup(path);
    }
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len;
        char *buf = read_all(names[i], &len);
        if (!buf) {
            fprintf(stderr, "tally: %s: %s\n", names[i], strerror(errno));
            bad = 1;
        } else {
            int kind = tally_petrarch_kind(names[i], buf, len);
            if (kind != TALLY_PETRARCH_NONE) {
                char *name = tally_arena_strndup(d->a, names[i], strlen(names[i]));
                tally_petrarch_parse(d->a, kind, name, buf, len, dict_load_entry, dict_load_error, d);
            } else if (!S_ISDIR(st.st_mode)) {
                fprintf(stderr, "tally: %s: not a PETRARCH dictionary (name it *verbs*, *actors*, "
                                "*agents* or *discards*)\n", names[i]);
                bad = 1;
            }
            free(buf);
        }
        free(names[i]);
    }
    free(names);
    return bad;
}

/* tally code (places == 0) and tally places (places == 1): the same readers. */
static int cmd_code(int argc, char **argv, int places) {
    run r;
    memset(&r, 0, sizeof r);
    r.emit = places ? emit_places : emit;
    int nfiles = 0;
    const char *dict_dir = NULL;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--summary") == 0) {
            r.format = OUT_SUMMARY;
        } else if (strcmp(argv[i], "--dict") == 0 && i + 1 < argc && !places) {
            dict_dir = argv[++i];
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "tally %s: unknown option '%s' (see tally help)\n", places ? "places" : "code",
                    argv[i]);
            return 2;
        }
    }
    /* The gazetteer: required by tally places; tally code goes on without it. */
    tally_gazetteer *gz = NULL;
    char gerr[512];
    if (tally_gazetteer_open(tally_gazetteer_default_path(), &gz, gerr, sizeof gerr) != TALLY_OK) {
        fprintf(stderr, "tally: %s%s\n", places ? "" : "warning: ", gerr);
        if (places)
            return 1;
    }
    r.coder.gazetteer = gz;
    dict_load dl = {tally_arena_new(), 0, 0};
    if (dict_dir) {
        if (load_dicts(dict_dir, &dl) != 0)
            return 1;
        r.coder.user_dicts = 1; /* events with these dictionaries only */
    }
    r.arena = tally_arena_new();
    start_progress(&r, places ? "places" : "code", argc, argv);
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--dict") == 0) {
            i++;
            continue;
        }
        if (argv[i][0] == '-' && argv[i][1])
            continue;
        code_path(&r, argv[i], 0);
        nfiles++;
    }
    if (!nfiles)
        code_path(&r, "-", 0);
    progress(&r, 1);
    if (r.format == OUT_SUMMARY)
        tally_buf_printf(&r.out, "%zu articles, %zu incidents\n", r.articles, r.incidents);
    flush_out(&r);
    tally_buf_free(&r.out);
    tally_arena_free(r.arena);
    tally_gazetteer_close(gz);
    tally_arena_free(dl.a); /* the index keeps pointers into it, unused from here */
    if (fflush(stdout) != 0) {
        fprintf(stderr, "tally: cannot write output: %s\n", strerror(errno));
        return 1;
    }
    return g_errors ? 1 : 0;
}

/* ---- the store: tally ingest, incidents, export, merge ---- */

/* A copy of the document's strings and body in a: the coded article points into
 * them (its text is the body itself when that is normalized already), and it waits
 * to be written after its input buffer is gone. */
static void doc_keep(tally_arena *a, tally_doc *d) {
    const char **f[] = {&d->id, &d->path, &d->title, &d->source, &d->byline, &d->url, &d->date_raw};
    for (size_t i = 0; i < ARRAY_LEN(f); i++)
        if (*f[i])
            *f[i] = tally_arena_strndup(a, *f[i], strlen(*f[i]));
    d->body.p = tally_arena_strndup(a, d->body.p ? d->body.p : "", d->body.len);
}

/* Where an article came from, for messages: FILE:LINE, or FILE. */
static const char *art_where(const tally_article *art, char *buf, size_t cap) {
    const char *path = art->doc.path ? art->doc.path : "-";
    if (art->doc.line)
        snprintf(buf, cap, "%s:%u", path, (unsigned)art->doc.line);
    else
        snprintf(buf, cap, "%s", path);
    return buf;
}

/* The store cannot take more (a full disk, an I/O error): say what is stored and
 * what is not, and read no further. first: the first coded article not stored. */
static void ingest_stopped(run *r, const tally_article *failed, const char *err, const tally_article *first,
                           size_t nlost) {
    char where[PATH_MAX + 16];
    if (failed)
        fprintf(stderr, "tally: %s: %s\n", art_where(failed, where, sizeof where), err);
    else
        fprintf(stderr, "tally: %s\n", err);
    fprintf(stderr,
            "tally: %s: ingest stopped: %zu articles of this run are stored; not stored: the %zu coded article%s"
            " from %s on, and the rest of the input. Make room and run the same tally ingest again: what is"
            " stored is skipped.\n",
            r->db, r->n_new + r->n_replaced, nlost, nlost == 1 ? "" : "s", art_where(first, where, sizeof where));
    r->stop = 1;
    g_errors++;
}

/* What one attempt to write a batch did. */
typedef struct {
    size_t did[4];    /* articles by TALLY_STORE_* */
    size_t incidents; /* incidents of the stored articles */
    size_t k;         /* the article the store could take no more at; n when none */
    int full;         /* the store could take no more */
    char err[1024];   /* why */
} batch_try;

/* Write the first n coded articles of r->pend in one transaction, each all or
 * nothing; an article the store refuses is reported and skipped (once: not again
 * on a retry). 1 when the transaction committed (then t->full says whether it
 * stopped at t->k). */
static int write_batch(run *r, size_t n, int retry, batch_try *t) {
    char where[PATH_MAX + 16], cerr[1024];
    memset(t, 0, sizeof *t);
    t->k = n;
    int rc = tally_store_begin(r->store, t->err, sizeof t->err);
    for (size_t i = 0; !rc && i < n; i++) {
        const tally_article *art = &r->pend.art[i];
        int what, arc = tally_store_article(r->store, art, &what, t->err, sizeof t->err);
        if (arc == TALLY_EIO) {
            t->k = i;
            rc = arc;
        } else if (arc) {
            if (!retry) {
                report(art_where(art, where, sizeof where), 0, "%s; article skipped, nothing of it stored", t->err);
                r->n_failed++;
                g_errors++;
            }
        } else {
            t->did[what]++;
            for (size_t j = 0; j < art->nincidents; j++)
                t->incidents += !art->incidents[j].tally;
        }
    }
    t->full = rc != 0;
    if (tally_store_commit(r->store, cerr, sizeof cerr) != TALLY_OK) {
        if (!rc)
            snprintf(t->err, sizeof t->err, "%s", cerr);
        t->full = 1;
        return 0;
    }
    return 1;
}

/* Write the coded articles waiting in r->pend. When the store can take no more (a
 * full disk), the articles before the one it failed at are written if they still
 * fit, and the ingest stops, saying what is stored and what is not. */
static void flush_ingest(run *r) {
    ingest_batch *b = &r->pend;
    if (!b->n)
        return;
    batch_try t, t2;
    int ok = write_batch(r, b->n, 0, &t);
    size_t at = ok ? t.k : 0; /* the first article not stored */
    /* rolled back: the articles before the failure, or the first half, may still fit */
    for (size_t m = t.k < b->n ? t.k : b->n / 2; !ok && m > 0; m /= 2) {
        if (write_batch(r, m, 1, &t2) && !t2.full) {
            memcpy(t.did, t2.did, sizeof t.did);
            t.incidents = t2.incidents;
            ok = 1;
            at = m;
        }
    }
    if (ok) {
        r->n_new += t.did[TALLY_STORE_NEW];
        r->n_same += t.did[TALLY_STORE_SAME];
        r->n_replaced += t.did[TALLY_STORE_REPLACED];
        r->incidents += t.incidents;
    }
    if (t.full)
        ingest_stopped(r, t.k < b->n ? &b->art[t.k] : NULL, t.err, &b->art[at], b->n - at);
    else if (!ok) /* cannot happen: a batch that is not full commits */
        ingest_stopped(r, NULL, t.err, &b->art[0], b->n);
    tally_arena_reset(b->a);
    b->n = 0;
    b->bytes = 0;
}

#define BATCH_ARTICLES 256      /* a batch is written when it holds this many articles, */
#define BATCH_BYTES (16 << 20)  /* or this much text, */
#define BATCH_SECONDS 1.0       /* or its first article waited this long (what a kill loses) */

/* tally ingest: an article stored already (the same normalized text) is counted and
 * not coded again; any other is coded, outside any transaction, and joins the batch
 * of articles to write. */
static void emit_ingest(run *r, const tally_doc *in) {
    if (r->stop)
        return;
    r->articles++;
    /* A JSON Lines record without an id ("line-N") is known by its file and line, so
       that line 1 of another file is not taken for a corrected version of it. */
    tally_doc d = *in;
    char line_id[32];
    snprintf(line_id, sizeof line_id, "line-%u", (unsigned)d.line);
    if (d.line && d.path && d.id && strcmp(d.id, line_id) == 0) {
        size_t n = strlen(d.path) + sizeof line_id + 2;
        char *id = tally_arena_alloc(r->arena, n);
        snprintf(id, n, "%s:%u", d.path, (unsigned)d.line);
        d.id = id;
    }
    tally_text *t = tally_text_new(r->arena, d.body.p, d.body.len);
    char sha[65];
    tally_sha256_hex(t->text, t->len, sha);
    if (tally_store_has_text(r->store, sha) == 1) {
        r->n_same++;
        tally_arena_reset(r->arena);
        progress(r, 0);
        return;
    }
    ingest_batch *b = &r->pend;
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 64;
        b->art = xrealloc(b->art, b->cap * sizeof *b->art);
    }
    if (!b->n)
        b->since = now_seconds();
    doc_keep(b->a, &d);
    tally_code_article(b->a, &r->coder, &d, &b->art[b->n]);
    b->n++;
    b->bytes += t->len;
    tally_arena_reset(r->arena);
    if (b->n >= BATCH_ARTICLES || b->bytes >= BATCH_BYTES || now_seconds() - b->since >= BATCH_SECONDS)
        flush_ingest(r);
    progress(r, 0);
}

/* --db PATH or --db=PATH at argv[*i]; the store path, else NULL. */
static const char *db_option(int argc, char **argv, int *i) {
    if (strcmp(argv[*i], "--db") == 0 && *i + 1 < argc)
        return argv[++*i];
    if (strncmp(argv[*i], "--db=", 5) == 0)
        return argv[*i] + 5;
    return NULL;
}

static int open_store(const char *path, int create, tally_store **s) {
    char err[512];
    if (tally_store_open(path, create, s, err, sizeof err) != TALLY_OK) {
        fprintf(stderr, "tally: %s\n", err);
        return 1;
    }
    return 0;
}

/* Rebuild the merged incidents when articles changed; 0 on success. */
static int merge_store(tally_store *s, int force, size_t *n) {
    char err[512];
    if (!force && !tally_store_needs_merge(s)) {
        tally_store_counts(s, NULL, NULL, n);
        return 0;
    }
    if (tally_store_merge(s, n, err, sizeof err) != TALLY_OK) {
        fprintf(stderr, "tally: %s\n", err);
        return 1;
    }
    return 0;
}

/* One line on stderr, terminal or not: what ingest did with the articles it read,
 * and the merged incidents (NULL: not merged). */
static void ingest_summary(const run *r, const size_t *nmerged) {
    fprintf(stderr, "tally ingest: %zu new, %zu unchanged, %zu replaced", r->n_new, r->n_same, r->n_replaced);
    if (r->n_failed)
        fprintf(stderr, ", %zu not stored (see above)", r->n_failed);
    if (nmerged)
        fprintf(stderr, " articles; %zu merged incidents in %s\n", *nmerged, r->db);
    else if (r->stop)
        fprintf(stderr, " articles; stopped, not merged\n");
    else
        fprintf(stderr, " articles; not merged (--no-merge): tally merge --db %s merges\n", r->db);
}

static int cmd_ingest(int argc, char **argv) {
    run r;
    memset(&r, 0, sizeof r);
    r.emit = emit_ingest;
    const char *db = tally_store_default_path();
    int no_merge = 0;
    for (int i = 0; i < argc; i++) {
        const char *v = db_option(argc, argv, &i);
        if (v) {
            db = v;
        } else if (strcmp(argv[i], "--no-merge") == 0) {
            no_merge = 1; /* many small ingests into a large store: merge once at the end */
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "tally ingest: unknown option '%s' (see tally help)\n", argv[i]);
            return 2;
        }
    }
    if (open_store(db, 1, &r.store))
        return 1;
    r.db = db;
    tally_gazetteer *gz = NULL;
    char gerr[512];
    if (tally_gazetteer_open(tally_gazetteer_default_path(), &gz, gerr, sizeof gerr) != TALLY_OK)
        fprintf(stderr, "tally: warning: %s\n", gerr);
    r.coder.gazetteer = gz;
    r.arena = tally_arena_new();
    r.pend.a = tally_arena_new();
    start_progress(&r, "ingest", argc, argv);
    int nfiles = 0;
    for (int i = 0; i < argc && !r.stop; i++) {
        if (db_option(argc, argv, &i) || strcmp(argv[i], "--no-merge") == 0)
            continue;
        code_path(&r, argv[i], 0);
        nfiles++;
    }
    if (!nfiles)
        code_path(&r, "-", 0);
    flush_ingest(&r);
    progress(&r, 1);
    int bad = 0;
    size_t nmerged = 0;
    if (!no_merge && !r.stop)
        bad |= merge_store(r.store, 0, &nmerged);
    ingest_summary(&r, no_merge || r.stop ? NULL : &nmerged);
    tally_store_close(r.store);
    tally_arena_free(r.arena);
    tally_arena_free(r.pend.a);
    free(r.pend.art);
    tally_gazetteer_close(gz);
    return bad || g_errors ? 1 : 0;
}

/* tally merge --recode: code every stored article again from its stored text (after
 * a dictionary change) and replace its reports, claims and events. */
/* Write the recoded articles art[0..n) (stored ids id[0..n)) in one short
 * transaction; the count of those that failed (each reported), or -1 when the store
 * can take no more. */
static long recode_write(tally_store *s, const long long *id, const tally_article *art, size_t n) {
    char err[512];
    long bad = 0;
    int rc = tally_store_begin(s, err, sizeof err);
    for (size_t j = 0; !rc && j < n; j++) {
        int arc = tally_store_recode(s, id[j], &art[j], err, sizeof err);
        if (arc == TALLY_EIO) {
            rc = arc;
        } else if (arc) {
            fprintf(stderr, "tally: article %s: %s; left as it was\n", art[j].doc.id, err);
            bad++;
        }
    }
    if (rc || tally_store_commit(s, err, sizeof err) != TALLY_OK) {
        tally_store_commit(s, NULL, 0); /* keep the articles recoded before the failure */
        fprintf(stderr, "tally: %s\n", err);
        return -1;
    }
    return bad;
}

static int recode_store(tally_store *s) {
    tally_gazetteer *gz = NULL;
    char err[512];
    if (tally_gazetteer_open(tally_gazetteer_default_path(), &gz, err, sizeof err) != TALLY_OK)
        fprintf(stderr, "tally: warning: %s\n", err);
    tally_coder coder = {0};
    coder.gazetteer = gz;
    long long *ids;
    size_t n, bad = 0;
    if (tally_store_article_ids(s, &ids, &n) != TALLY_OK) {
        fprintf(stderr, "tally: cannot list the stored articles\n");
        tally_gazetteer_close(gz);
        return 1;
    }
    /* as tally ingest does: code a batch outside any transaction, then write it */
    tally_arena *a = tally_arena_new();
    tally_article *art = xmalloc(BATCH_ARTICLES * sizeof *art);
    long long batch_ids[BATCH_ARTICLES];
    for (size_t i = 0; i < n;) {
        size_t k = 0, bytes = 0;
        double since = now_seconds();
        for (; i < n && k < BATCH_ARTICLES && bytes < BATCH_BYTES && now_seconds() - since < BATCH_SECONDS; i++) {
            tally_doc doc;
            if (tally_store_load_article(s, ids[i], a, &doc) != TALLY_OK)
                continue; /* deleted meanwhile by another writer */
            tally_code_article(a, &coder, &doc, &art[k]);
            bytes += doc.body.len;
            batch_ids[k++] = ids[i];
        }
        long b = recode_write(s, batch_ids, art, k);
        tally_arena_reset(a);
        if (b < 0) {
            bad++;
            break;
        }
        bad += (size_t)b;
    }
    tally_arena_free(a);
    free(art);
    free(ids);
    tally_gazetteer_close(gz);
    return bad ? 1 : 0;
}

static int cmd_merge(int argc, char **argv) {
    const char *db = tally_store_default_path();
    int recode = 0;
    for (int i = 0; i < argc; i++) {
        const char *v = db_option(argc, argv, &i);
        if (v) {
            db = v;
        } else if (strcmp(argv[i], "--recode") == 0) {
            recode = 1;
        } else {
            fprintf(stderr, "usage: tally merge [--db PATH] [--recode]\n");
            return 2;
        }
    }
    tally_store *s;
    if (open_store(db, 1, &s))
        return 1;
    size_t n = 0;
    int bad = recode ? recode_store(s) : 0;
    bad |= merge_store(s, 1, &n);
    if (!bad)
        fprintf(stderr, "tally merge: %zu incidents in %s\n", n, db);
    tally_store_close(s);
    return bad;
}

/* tally incidents (export == 0) and tally export (export == 1). */
static int cmd_query(int argc, char **argv, int export) {
    const char *name = export ? "export" : "incidents";
    const char *db = tally_store_default_path(), *format = export ? NULL : "table";
    tally_store_filter f;
    memset(&f, 0, sizeof f);
    f.min_killed = -1;
    long long explain = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        const char **slot = strcmp(a, "--from") == 0      ? &f.from
                            : strcmp(a, "--to") == 0      ? &f.to
                            : strcmp(a, "--country") == 0 ? &f.country
                            : strcmp(a, "--admin1") == 0  ? &f.admin1
                            : strcmp(a, "--type") == 0    ? &f.type
                            : strcmp(a, "--actor") == 0   ? &f.actor
                            : strcmp(a, "--source") == 0  ? &f.source
                            : strcmp(a, "--format") == 0  ? &format
                                                          : NULL;
        const char *d = db_option(argc, argv, &i);
        if (d) {
            db = d;
        } else if (strcmp(a, "--contested") == 0) {
            f.contested = 1;
        } else if (slot || strcmp(a, "--min-killed") == 0 || strcmp(a, "--limit") == 0 ||
                   (!export && strcmp(a, "--explain") == 0)) {
            if (!v) {
                fprintf(stderr, "tally %s: %s needs a value (see tally help)\n", name, a);
                return 2;
            }
            char *end;
            long long n = strtoll(v, &end, 10);
            if (slot) {
                *slot = v;
            } else if (*end || n < 0) {
                fprintf(stderr, "tally %s: %s wants a number, not '%s'\n", name, a, v);
                return 2;
            } else if (strcmp(a, "--min-killed") == 0) {
                f.min_killed = n;
            } else if (strcmp(a, "--limit") == 0) {
                f.limit = n;
            } else {
                explain = n;
            }
            i++;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 0;
        } else {
            fprintf(stderr, "tally %s: unknown option '%s' (see tally help)\n", name, a);
            return 2;
        }
    }
    static const char *const FORMATS[] = {"table", "json", "csv", "acled", "cameo", "geojson"};
    int fmt = -1;
    for (int k = 0; format && k < (int)ARRAY_LEN(FORMATS); k++)
        if (strcmp(format, FORMATS[k]) == 0)
            fmt = k;
    if (export ? fmt != TALLY_FORMAT_JSON && fmt < TALLY_FORMAT_ACLED : fmt > TALLY_FORMAT_CSV || fmt < 0) {
        fprintf(stderr, "tally %s: --format %s (%s)\n", name, export ? "acled|cameo|geojson|json" : "table|json|csv",
                format ? "unknown format" : "required");
        return 2;
    }
    tally_store *s;
    if (open_store(db, 0, &s))
        return 1;
    char err[512];
    long long live = explain; /* a merged-away id redirects to the incident that took it */
    if (explain && tally_store_resolve(s, explain, &live) == TALLY_OK && live != explain)
        printf("incident %lld was merged into incident %lld\n", explain, live);
    int rc = explain ? tally_store_explain(s, live, stdout, err, sizeof err)
                     : tally_store_query(s, &f, fmt, stdout, err, sizeof err);
    if (rc == TALLY_OK && explain)
        printf("\nhow reports merge: %s\n", TALLY_MERGE_RULES);
    if (rc == TALLY_OK && tally_store_needs_merge(s))
        fprintf(stderr, "tally: note: articles were stored since the last merge; run tally merge --db %s\n", db);
    tally_store_close(s);
    if (rc != TALLY_OK || fflush(stdout) != 0) {
        fprintf(stderr, "tally: %s\n", rc ? err : strerror(errno));
        return rc == TALLY_EUSAGE ? 2 : 1;
    }
    return 0;
}

/* tally serve: serve the page and the JSON API until SIGINT or SIGTERM. */
static int cmd_serve(int argc, char **argv) {
    tally_serve_options o;
    memset(&o, 0, sizeof o);
    o.db = tally_store_default_path();
    o.port = 8080;
    for (int i = 0; i < argc; i++) {
        const char *d = db_option(argc, argv, &i), *v = i + 1 < argc ? argv[i + 1] : NULL;
        char *end = NULL;
        if (d) {
            o.db = d;
        } else if (strcmp(argv[i], "--bind") == 0 && v) {
            o.bind = argv[++i];
        } else if ((strcmp(argv[i], "--port") == 0 || strcmp(argv[i], "--threads") == 0) && v) {
            long n = strtol(v, &end, 10);
            if (*end || n < 0 || n > 65535) {
                fprintf(stderr, "tally serve: %s wants a number, not '%s'\n", argv[i], v);
                return 2;
            }
            *(strcmp(argv[i], "--port") == 0 ? &o.port : &o.threads) = (int)n;
            i++;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else {
            fprintf(stderr, "tally serve: unknown option or missing value '%s' (see tally help)\n", argv[i]);
            return 2;
        }
    }
    /* web/, node_modules/ and build/web/ are found beside the binary, like the gazetteer */
    static char root[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", root, sizeof root - 1);
    root[n > 0 ? n : 0] = 0;
    char *slash = strrchr(root, '/');
    if (slash)
        *slash = 0;
    else
        snprintf(root, sizeof root, ".");
    o.root = getenv("TALLY_ROOT") ? getenv("TALLY_ROOT") : root;
    /* the worker threads inherit a mask without these, so sigwait gets them */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    char err[512];
    tally_server *sv = tally_serve_start(&o, err, sizeof err);
    if (!sv) {
        fprintf(stderr, "tally serve: %s\n", err);
        return 1;
    }
    const char *host = o.bind ? o.bind : "127.0.0.1";
    int v6 = strchr(host, ':') != NULL;
    printf("tally serve: open http://%s%s%s:%d/ (store %s, read-only; Ctrl-C stops)\n", v6 ? "[" : "", host,
           v6 ? "]" : "", tally_serve_port(sv), o.db);
    fflush(stdout);
    int sig;
    sigwait(&sigs, &sig);
    tally_serve_stop(sv);
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "code") == 0)
        return cmd_code(argc - 2, argv + 2, 0);
    if (strcmp(cmd, "places") == 0)
        return cmd_code(argc - 2, argv + 2, 1);
    if (strcmp(cmd, "dict") == 0)
        return cmd_dict(argc - 2, argv + 2);
    if (strcmp(cmd, "ingest") == 0)
        return cmd_ingest(argc - 2, argv + 2);
    if (strcmp(cmd, "incidents") == 0)
        return cmd_query(argc - 2, argv + 2, 0);
    if (strcmp(cmd, "export") == 0)
        return cmd_query(argc - 2, argv + 2, 1);
    if (strcmp(cmd, "merge") == 0)
        return cmd_merge(argc - 2, argv + 2);
    if (strcmp(cmd, "serve") == 0)
        return cmd_serve(argc - 2, argv + 2);
    if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
        printf("tally %s\n", TALLY_VERSION);
        return 0;
    }
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        usage(stdout);
        return 0;
    }
    fprintf(stderr, "tally: unknown command '%s' (see tally help)\n", cmd);
    return 2;
}
