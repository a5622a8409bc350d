/* main.c: the tally command line: reads files, runs the pipeline, prints. */
/* zlib first, its gz_header renamed: gazetteer.h has a gz_header of its own. */
#define gz_header zlib_gz_header
#include <zlib.h>
#undef gz_header

#include "dict.h"
#include "gazetteer.h"
#include "merge.h"
#include "names.h"
#include "petrarch.h"
#include "tally.h"
#include "places.h"
#include "serve.h"
#include "store.h"
#include "table.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int g_errors; /* problems reported; the exit status is 1 when any */
static size_t g_max_article = (size_t)10 << 20; /* --max-article-size: larger ones are skipped */
static char g_read_error[256];                  /* why read_all last failed */

static void report(const char *path, size_t line, const char *fmt, const char *detail) {
    if (line)
        fprintf(stderr, "tally: %s:%zu: ", path, line);
    else
        fprintf(stderr, "tally: %s: ", path);
    fprintf(stderr, fmt, detail);
    fputc('\n', stderr);
}

/* Read a whole file, pipe or stdin ("-"), gunzipped when it is gzip data (zlib reads
 * other bytes as they are); caller frees. NULL on failure, the reason in g_read_error. */
static char *read_all(const char *path, size_t *len) {
    int fd = strcmp(path, "-") == 0 ? dup(0) : open(path, O_RDONLY);
    gzFile gz = fd < 0 ? NULL : gzdopen(fd, "rb");
    if (!gz) {
        snprintf(g_read_error, sizeof g_read_error, "%s", strerror(fd < 0 ? errno : ENOMEM));
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = xmalloc(cap);
    int k;
    do {
        if (n == cap) {
            cap *= 2;
            buf = xrealloc(buf, cap);
        }
        size_t want = cap - n < (1u << 30) ? cap - n : (1u << 30);
        k = gzread(gz, buf + n, (unsigned)want);
        n += k > 0 ? (size_t)k : 0;
    } while (k > 0);
    int zerr = Z_OK;
    const char *zmsg = gzerror(gz, &zerr);
    snprintf(g_read_error, sizeof g_read_error, "%s", zerr == Z_ERRNO ? strerror(errno) : zmsg);
    gzclose(gz);
    if (zerr == Z_BUF_ERROR) { /* gzip data cut short: what came before it is good */
        report(path, 0, "%s", "warning: compressed data cut short; read up to there");
    } else if (k < 0 || zerr != Z_OK) {
        free(buf);
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
    for (int i = 0; i < argc && r->progress; i++) { /* the operands only: getopt took the options */
        if (strcmp(argv[i], "-") == 0) {
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

/* True, and reported, when an article of len bytes is past --max-article-size. */
static int too_big(const char *path, size_t line, size_t len) {
    if (len <= g_max_article)
        return 0;
    char msg[160];
    snprintf(msg, sizeof msg, "article of %zu bytes is over the limit of %zu (--max-article-size); skipped",
             len, g_max_article);
    report(path, line, "%s", msg);
    g_errors++;
    return 1;
}

/* JSON Lines by name (also gzipped: x.jsonl.gz) or by a first '{'. */
static int is_jsonl(const char *path, const char *buf, size_t len) {
    static const char *ext[] = {".jsonl", ".ndjson", ".json"};
    for (size_t i = 0; i < ARRAY_LEN(ext); i++) {
        char gz[16];
        snprintf(gz, sizeof gz, "%s.gz", ext[i]);
        if (has_suffix(path, ext[i]) || has_suffix(path, gz))
            return 1;
    }
    size_t k = 0;
    while (k < len && is_space((unsigned char)buf[k]))
        k++;
    return k < len && buf[k] == '{';
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
        if (too_big(path, line, e - s))
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

/* One file: binary data is skipped (an error, inside a directory or not), text that
 * is no UTF-8 is read as Windows-1252, a NUL byte is a bad byte of its line. */
static void code_file(run *r, const char *path) {
    size_t len = 0;
    char *buf = read_all(path, &len);
    if (!buf) {
        report(path, 0, "cannot read: %s", g_read_error);
        g_errors++;
        return;
    }
    if (tally_input_is_binary(buf, len)) {
        report(path, 0, "%s", "not text (binary data); skipped");
        g_errors++;
        free(buf);
        return;
    }
    if (tally_input_is_cp1252(buf, len)) {
        report(path, 0, "%s", "warning: not UTF-8; read as Windows-1252 (Latin-1)");
        size_t n;
        char *u = tally_input_from_cp1252(buf, len, &n);
        free(buf);
        buf = u;
        len = n;
    }
    if (is_jsonl(path, buf, len)) {
        code_jsonl(r, path, buf, len); /* a NUL makes its line bad JSON, reported there */
    } else if (!too_big(path, 1, len)) {
        size_t nul = tally_input_nul_line(buf, len);
        if (nul)
            report(path, nul, "%s", "warning: NUL byte read as U+FFFD");
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

/* The directories and files read so far, by device and inode, so that a symbolic
 * link back up the tree or to a file already read reads nothing twice. */
typedef struct {
    dev_t dev;
    ino_t ino; /* 0: an empty slot */
} file_key;
static struct {
    file_key *slot; /* open addressing */
    size_t n, cap;
} g_seen;

/* Adds st's file to g_seen; 1 when it was there already. */
static int seen_before(const struct stat *st) {
    if (g_seen.n * 2 >= g_seen.cap) {
        size_t ocap = g_seen.cap;
        file_key *old = g_seen.slot;
        g_seen.cap = ocap ? ocap * 2 : 256;
        g_seen.slot = xmalloc(g_seen.cap * sizeof *old);
        memset(g_seen.slot, 0, g_seen.cap * sizeof *old);
        g_seen.n = 0;
        for (size_t i = 0; i < ocap; i++)
            if (old[i].ino) {
                struct stat o = {.st_dev = old[i].dev, .st_ino = old[i].ino};
                seen_before(&o);
            }
        free(old);
    }
    size_t h = (size_t)(st->st_ino * 0x9E3779B97F4A7C15u ^ st->st_dev) & (g_seen.cap - 1);
    for (; g_seen.slot[h].ino; h = (h + 1) & (g_seen.cap - 1))
        if (g_seen.slot[h].ino == st->st_ino && g_seen.slot[h].dev == st->st_dev)
            return 1;
    g_seen.slot[h].dev = st->st_dev;
    g_seen.slot[h].ino = st->st_ino ? st->st_ino : 1;
    g_seen.n++;
    return 0;
}

/* A file, a directory (read recursively, each file and directory once), a pipe or a
 * device named on the command line, or stdin ("-"). Inside a directory only files and
 * directories are read: a pipe there could block the run. */
static void code_path(run *r, const char *path, int from_dir) {
    struct stat st;
    if (strcmp(path, "-") != 0 && stat(path, &st) != 0) {
        report(path, 0, "cannot read: %s", strerror(errno));
        g_errors++;
        return;
    }
    int dir = strcmp(path, "-") != 0 && S_ISDIR(st.st_mode);
    if (strcmp(path, "-") != 0 && (dir || S_ISREG(st.st_mode)) && seen_before(&st)) {
        report(path, 0, "%s", dir ? "note: a directory already read (a link to it, or up the tree); skipped"
                                  : "note: a file already read (under another name); skipped");
        return;
    }
    if (dir) {
        code_dir(r, path);
    } else if (from_dir && !S_ISREG(st.st_mode)) {
        report(path, 0, "%s", "not a regular file (a pipe or a device inside a directory); skipped");
        g_errors++;
    } else {
        code_file(r, path);
    }
}

/* ---- options and help: getopt_long for every command, and each command's --help ---- */

/* Long-only options: their getopt_long values. */
enum {
    O_DB = 256, O_FROM, O_TO, O_COUNTRY, O_ADMIN1, O_TYPE, O_ACTOR, O_SOURCE, O_MIN_KILLED, O_CONTESTED,
    O_LIMIT, O_FORMAT, O_EXPLAIN, O_WIDTH, O_SUMMARY, O_DICT, O_NO_MERGE, O_RECODE, O_PORT, O_BIND, O_THREADS,
    O_MAX_ARTICLE
};
#define OPT_HELP {"help", no_argument, NULL, 'h'}
#define OPT_DB {"db", required_argument, NULL, O_DB}
#define OPT_MAX_ARTICLE {"max-article-size", required_argument, NULL, O_MAX_ARTICLE}
#define OPT_FILTERS                                                                                          \
    {"from", required_argument, NULL, O_FROM}, {"to", required_argument, NULL, O_TO},                        \
        {"country", required_argument, NULL, O_COUNTRY}, {"admin1", required_argument, NULL, O_ADMIN1},      \
        {"type", required_argument, NULL, O_TYPE}, {"actor", required_argument, NULL, O_ACTOR},              \
        {"source", required_argument, NULL, O_SOURCE}, {"min-killed", required_argument, NULL, O_MIN_KILLED}, \
        {"contested", no_argument, NULL, O_CONTESTED}, {"limit", required_argument, NULL, O_LIMIT},          \
        {"format", required_argument, NULL, O_FORMAT}

/* The next option of a command's argv (argv[0] is the command's name; operands are
 * moved to the end, from optind on). An unknown option or a missing value is
 * reported, naming the command, and gives '?'; -1 after the last option. */
static int next_opt(int argc, char **argv, const char *cmd, const struct option *opts) {
    opterr = 0; /* our own messages, below */
    int c = getopt_long(argc, argv, ":h", opts, NULL);
    if (c == '?' || c == ':') {
        const char *arg = optind > 1 && optind <= argc ? argv[optind - 1] : "?";
        const char *eq = strncmp(arg, "--", 2) == 0 ? strchr(arg, '=') : NULL;
        const struct option *o = opts;
        while (eq && o->name && (strncmp(o->name, arg + 2, (size_t)(eq - arg - 2)) || o->has_arg))
            o++;
        if (c == ':')
            fprintf(stderr, "tally %s: %s needs a value: %s VALUE or %s=VALUE (see tally %s --help)\n", cmd, arg,
                    arg, arg, cmd);
        else if (eq && o->name)
            fprintf(stderr, "tally %s: --%s takes no value ('%s')\n", cmd, o->name, arg);
        else if (optopt && optopt < 256 && strncmp(arg, "--", 2) != 0)
            fprintf(stderr, "tally %s: unknown option '-%c' (see tally %s --help)\n", cmd, optopt, cmd);
        else
            fprintf(stderr, "tally %s: unknown option '%s' (see tally %s --help)\n", cmd, arg, cmd);
        return '?';
    }
    return c;
}

#define HELP_MAX_ARTICLE                                                            \
    "  --max-article-size N\n"                                                      \
    "                skip an article over N bytes (K, M or G: 50M; default 10M),\n" \
    "                reported by file and line\n"

static const char HELP_CODE[] =
    "usage: tally code [--summary] [--dict DIR] [--max-article-size N] [FILE|DIR|-]...\n"
    "\n"
    "Codes news articles and prints one JSON object per article (JSON Lines): the\n"
    "incidents it reports (type, date, place, actors; killed, injured and detained as\n"
    "min-max over every figure, each claim with its speaker and sentence), its\n"
    "tallies and its CAMEO events. Stores nothing: a filter.\n"
    "Input: plain-text articles (an optional header of Title:, Date:, Source:, URL:\n"
    "lines), JSON Lines records {\"id\", \"text\", \"title\", \"date\", \"source\", \"url\"},\n"
    "or directories of either, read recursively in sorted order (each file once), any\n"
    "of them gzipped; a pipe; '-' or no argument reads standard input. Text that is\n"
    "not UTF-8 is read as Windows-1252.\n"
    "\n"
    "options:\n"
    "  --summary     a table per article (date, incidents, killed) instead of JSON\n"
    "  --dict DIR    code events with the PETRARCH2/TABARI dictionaries in DIR (its\n"
    "                files named *verbs*, *actors*, *agents*, *discards*)\n"
    HELP_MAX_ARTICLE
    "  -h, --help    this text\n"
    "\n"
    "Exit status: 0, or 1 when some input had problems (each is reported on stderr\n"
    "with its file and line; the rest is still coded), 2 on a usage error.\n"
    "\n"
    "example:\n"
    "  tally code --summary examples\n"
    "  tally code examples/01-diyala-raid.txt > diyala.jsonl\n";

static const char HELP_PLACES[] =
    "usage: tally places [--max-article-size N] [FILE|DIR|-]...\n"
    "\n"
    "A geoparser on its own: prints, per article, one JSON line with every place\n"
    "mention (its text and code-point offsets), resolved against the gazetteer with\n"
    "the document as context: name, geonameid, lat, lon, admin1, ISO 3166-1 alpha-3\n"
    "country, feature code, kind and precision. Reads the input of tally code.\n"
    "Needs the gazetteer (build/gazetteer.bin; make gazetteer).\n"
    "\n"
    "options:\n"
    HELP_MAX_ARTICLE
    "  -h, --help    this text\n"
    "\n"
    "example:\n"
    "  tally places examples/03-market-bombing.txt\n";

static const char HELP_INGEST[] =
    "usage: tally ingest [--db PATH] [--no-merge] [--max-article-size N] [FILE|DIR|-]...\n"
    "\n"
    "Codes articles (the input of tally code) and stores them with their reports,\n"
    "claims and events, then merges the reports of one incident across articles.\n"
    "An article already stored (same sha256) changes nothing; one with the same id\n"
    "or URL and a new text replaces the old version.\n"
    "\n"
    "options:\n"
    "  --db PATH     the store (SQLite; default $TALLY_DB, else ./tally.db)\n"
    "  --no-merge    store only; a later tally merge merges (many small ingests)\n"
    HELP_MAX_ARTICLE
    "  -h, --help    this text\n"
    "\n"
    "example:\n"
    "  tally ingest --db=news.db examples\n";

#define HELP_FILTERS                                                                           \
    "filters (an incident passes all that are given):\n"                                       \
    "  --from DATE, --to DATE  incidents overlapping the span; DATE is YYYY, YYYY-MM or\n"     \
    "                          YYYY-MM-DD (--to 2014 is the end of 2014)\n"                    \
    "  --country NAME      a country by name or ISO 3166-1 code, any case: Iraq, iraq,\n"      \
    "                      IRQ, IQ (names need the gazetteer; codes work without it)\n"        \
    "  --admin1 NAME       a province, any case\n"                                             \
    "  --type WORD         a word of the event or sub-event type (explosion, air)\n"          \
    "  --actor WORD        a word of any actor's name\n"                                       \
    "  --source WORD       a word of any source: a speaker or an outlet\n"                     \
    "  --min-killed N      the highest killed figure is at least N\n"                          \
    "  --contested         only incidents whose sources disagree\n"                            \
    "  --limit N           at most N incidents (0: all)\n"                                     \
    "A date that is no day (2010-13-01, 2010-02-30, yesterday), an unknown country or a\n"    \
    "number that is not a whole number is an error (exit status 2).\n"

static const char HELP_INCIDENTS[] =
    "usage: tally incidents [--db PATH] [filters] [--format table|jsonl|csv]\n"
    "                       [--width N] [--explain ID]\n"
    "\n"
    "The merged incidents, by date: a table (id, date, type, place, killed, injured\n"
    "and detained as min-max, * when the sources disagree, independent sources,\n"
    "reports, actors), JSON Lines (each incident with its reports, claims and source\n"
    "sentences) or CSV.\n"
    "\n"
    "options:\n"
    "  --db PATH           the store (default $TALLY_DB, else ./tally.db)\n"
    "  --format FORMAT     table (the default), jsonl (one JSON object per line;\n"
    "                      json is the same, kept for scripts) or csv\n"
    "  --width N           fit the table to N columns (0: no limit); the default is\n"
    "                      the terminal's width on a terminal, else no limit\n"
    "  --explain ID        which reports were merged into incident ID, and why\n"
    "  -h, --help          this text\n" HELP_FILTERS
    "\n"
    "Every option takes its value as '--opt VALUE' or '--opt=VALUE'.\n"
    "\n"
    "example:\n"
    "  tally incidents --country=iraq --from 2014-03 --to 2014-06 --min-killed 5\n"
    "  tally incidents --format jsonl --contested > contested.jsonl\n";

static const char HELP_EXPORT[] =
    "usage: tally export [--db PATH] --format acled|cameo|geojson|jsonl [filters]\n"
    "\n"
    "The merged incidents in the formats the field uses: acled (CSV in ACLED's\n"
    "column layout), cameo (Phoenix/TABARI-style tab-separated CAMEO events of the\n"
    "stored articles), geojson (a FeatureCollection of the incidents' points) or\n"
    "jsonl (as tally incidents --format jsonl; json is the same, kept for scripts).\n"
    "\n"
    "options:\n"
    "  --db PATH           the store (default $TALLY_DB, else ./tally.db)\n"
    "  --format FORMAT     acled, cameo, geojson or jsonl (required)\n"
    "  -h, --help          this text\n" HELP_FILTERS
    "\n"
    "example:\n"
    "  tally export --format=acled --country Afghanistan --from 2010 > afg.csv\n";

static const char HELP_MERGE[] =
    "usage: tally merge [--db PATH] [--recode]\n"
    "\n"
    "Rebuilds the merged incidents from the stored reports (what a fresh ingest\n"
    "gives), after tally ingest --no-merge or an interrupted ingest.\n"
    "\n"
    "options:\n"
    "  --db PATH     the store (default $TALLY_DB, else ./tally.db)\n"
    "  --recode      first code every stored article again from its stored text (after\n"
    "                a dictionary change), replacing its reports, claims and events\n"
    "  -h, --help    this text\n"
    "\n"
    "example:\n"
    "  tally merge --db=news.db --recode\n";

static const char HELP_SERVE[] =
    "usage: tally serve [--db PATH] [--port N] [--bind ADDR] [--threads N]\n"
    "\n"
    "A local web page over the store, opened read-only: a map and a timeline of the\n"
    "incidents, the incident table with the filters of tally incidents, and each\n"
    "incident's claims in their source sentences; and its JSON API (/api/...).\n"
    "Serves until Ctrl-C.\n"
    "\n"
    "options:\n"
    "  --db PATH      the store (default $TALLY_DB, else ./tally.db)\n"
    "  --port N       the port (default 8080; 0: any free port)\n"
    "  --bind ADDR    the IPv4 or IPv6 address to listen on (default 127.0.0.1)\n"
    "  --threads N    worker threads and store connections (default 4)\n"
    "  -h, --help     this text\n"
    "\n"
    "example:\n"
    "  tally serve --db news.db --port=8081\n";

static const char HELP_DICT[] =
    "usage: tally dict check [DIR|FILE.dict]...\n"
    "\n"
    "Checks dictionaries in tally's format (default: the directory data/): reports\n"
    "each bad line and each phrase given twice in one section, with its file and\n"
    "line, and prints the number of files, entries and problems. Exit status 1 when\n"
    "there are problems.\n"
    "\n"
    "options:\n"
    "  -h, --help    this text\n"
    "\n"
    "example:\n"
    "  tally dict check data\n";

/* The long name of option value c in opts, for messages. */
static const char *opt_name(const struct option *opts, int c) {
    for (; opts->name; opts++)
        if (opts->val == c)
            return opts->name;
    return "?";
}

/* Print a command's help on stdout; the exit status of --help. */
static int help(const char *text) {
    fputs(text, stdout);
    return 0;
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
    static const struct option OPTS[] = {OPT_HELP, {0}};
    int opt = next_opt(argc, argv, "dict", OPTS); /* its one option is --help */
    if (opt != -1)
        return opt == 'h' ? help(HELP_DICT) : 2;
    argc -= optind; /* the operands: check, then what to check */
    argv += optind;
    if (argc < 1 || strcmp(argv[0], "check") != 0) {
        fprintf(stderr, "usage: tally dict check [DIR|FILE.dict]...   (default: data; see tally dict --help)\n");
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
                fprintf(stderr, "tally: %s: cannot read: %s\n", names[k], g_read_error);
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
          "commands (tally COMMAND --help tells what each does, its options and an example):\n"
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
          "  incidents [--db PATH] [--from DATE] [--to DATE] [--country NAME] [--admin1 NAME]\n"
          "            [--type WORD] [--actor WORD] [--source WORD] [--min-killed N] [--contested]\n"
          "            [--limit N] [--format table|jsonl|csv] [--width N] [--explain ID]\n"
          "                                     the merged incidents; --explain ID: its reports and why\n"
          "  export [--db PATH] --format acled|cameo|geojson|jsonl [the filters of incidents]\n"
          "                                     ACLED columns, CAMEO events (TSV), GeoJSON points\n"
          "  merge [--db PATH] [--recode]       rebuild the merged incidents from the stored reports\n"
          "                                     (--recode: code the stored articles again first)\n"
          "  serve [--db PATH] [--port N] [--bind ADDR] [--threads N]\n"
          "                                     a web page over the store (read-only): a map, a\n"
          "                                     timeline, the incident table and each incident's\n"
          "                                     claims in their sentences; default 127.0.0.1:8080\n"
          "  dict check [DIR|FILE]...           check dictionaries (default data/): bad lines, duplicates\n"
          "  version                            print the version\n"
          "  help [COMMAND]                     this text, or the command's\n"
          "\n"
          "Input: plain-text articles (an optional header of Title:, Date:, Source:, URL: lines),\n"
          "JSON Lines records {\"id\", \"text\", \"title\", \"date\", \"source\", \"url\"}, or directories\n"
          "of either (read recursively, in sorted order, each file once), any of them gzipped;\n"
          "pipes (<(zcat f.gz)); '-' or no argument reads stdin. Text that is not UTF-8 is read\n"
          "as Windows-1252. An article over 10 MB is skipped: code, places and ingest take\n"
          "--max-article-size N[K|M|G] to raise the limit.\n"
          "Options take their value as '--opt VALUE' or '--opt=VALUE'.\n"
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
        struct stat fs;
        if (S_ISDIR(st.st_mode) && (stat(names[i], &fs) != 0 || !S_ISREG(fs.st_mode))) {
            fprintf(stderr, "tally: warning: %s: not a regular file; skipped\n", names[i]);
            free(names[i]);
            continue;
        }
        char *buf = read_all(names[i], &len);
        if (!buf) {
            fprintf(stderr, "tally: %s: %s\n", names[i], g_read_error);
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

/* --max-article-size N[K|M|G]: sets g_max_article and returns 0; -1, reported, when
 * v is no size. */
static int set_max_article(const char *cmd, const char *v) {
    char *end;
    errno = 0;
    unsigned long long n = strtoull(v, &end, 10);
    int shift = *end == 'K' || *end == 'k' ? 10 : *end == 'M' || *end == 'm' ? 20 : *end == 'G' || *end == 'g' ? 30 : 0;
    if (shift)
        end++;
    if (errno || end == v || *end || !is_digit((unsigned char)v[0]) || n == 0 || n > (SIZE_MAX >> shift)) {
        fprintf(stderr, "tally %s: --max-article-size '%s': want a size in bytes, such as 20000000 or 50M\n",
                cmd, v);
        return -1;
    }
    g_max_article = (size_t)n << shift;
    return 0;
}

/* tally code (places == 0) and tally places (places == 1): the same readers. */
static int cmd_code(int argc, char **argv, int places) {
    run r;
    memset(&r, 0, sizeof r);
    r.emit = places ? emit_places : emit;
    int nfiles = 0;
    const char *dict_dir = NULL;
    static const struct option CODE_OPTS[] = {{"summary", no_argument, NULL, O_SUMMARY},
                                              {"dict", required_argument, NULL, O_DICT}, OPT_MAX_ARTICLE,
                                              OPT_HELP, {0}};
    static const struct option PLACES_OPTS[] = {OPT_MAX_ARTICLE, OPT_HELP, {0}};
    const char *cmd = places ? "places" : "code";
    for (int c; (c = next_opt(argc, argv, cmd, places ? PLACES_OPTS : CODE_OPTS)) != -1;) {
        if (c == O_SUMMARY)
            r.format = OUT_SUMMARY;
        else if (c == O_DICT)
            dict_dir = optarg;
        else if (c == O_MAX_ARTICLE && set_max_article(cmd, optarg) != 0)
            return 2;
        else if (c != O_MAX_ARTICLE)
            return c == 'h' ? help(places ? HELP_PLACES : HELP_CODE) : 2;
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
    start_progress(&r, places ? "places" : "code", argc - optind, argv + optind);
    for (int i = optind; i < argc; i++) { /* the operands, after the options */
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
    static const struct option OPTS[] = {OPT_DB, {"no-merge", no_argument, NULL, O_NO_MERGE}, OPT_MAX_ARTICLE,
                                         OPT_HELP, {0}};
    for (int c; (c = next_opt(argc, argv, "ingest", OPTS)) != -1;) {
        if (c == O_DB)
            db = optarg;
        else if (c == O_NO_MERGE)
            no_merge = 1; /* many small ingests into a large store: merge once at the end */
        else if (c == O_MAX_ARTICLE && set_max_article("ingest", optarg) != 0)
            return 2;
        else if (c != O_MAX_ARTICLE)
            return c == 'h' ? help(HELP_INGEST) : 2;
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
    start_progress(&r, "ingest", argc - optind, argv + optind);
    int nfiles = 0;
    for (int i = optind; i < argc && !r.stop; i++) { /* the operands, after the options */
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
    static const struct option OPTS[] = {OPT_DB, {"recode", no_argument, NULL, O_RECODE}, OPT_HELP, {0}};
    for (int c; (c = next_opt(argc, argv, "merge", OPTS)) != -1;) {
        if (c == O_DB)
            db = optarg;
        else if (c == O_RECODE)
            recode = 1;
        else
            return c == 'h' ? help(HELP_MERGE) : 2;
    }
    if (optind < argc) {
        fprintf(stderr, "tally merge: takes no files ('%s'); see tally merge --help\n", argv[optind]);
        return 2;
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

/* A whole number from 0 to max written in digits (at most 10), or -1: what the page's
 * API takes. */
static long long whole_number(const char *s, long long max) {
    size_t n = strlen(s);
    if (n == 0 || n > 10 || strspn(s, "0123456789") != n)
        return -1;
    long long v = atoll(s);
    return v <= max ? v : -1;
}

/* Why s is not a date filter (YYYY, YYYY-MM or YYYY-MM-DD naming a real month and
 * day, as the page's API takes them), or NULL when it is one. */
static const char *date_problem(const char *s) {
    size_t n = strlen(s);
    if (n != 4 && n != 7 && n != 10)
        return "not a date";
    for (size_t i = 0; i < n; i++)
        if (i == 4 || i == 7 ? s[i] != '-' : !is_digit(s[i]))
            return "not a date";
    static const int DAYS[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y = atoi(s), m = n >= 7 ? atoi(s + 5) : 1, d = n == 10 ? atoi(s + 8) : 1;
    if (m < 1 || m > 12)
        return "there is no such month";
    int leap = m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0);
    if (d < 1 || d > DAYS[m - 1] + leap)
        return "there is no such day in that month";
    return NULL;
}

/* The ISO 3166-1 alpha-3 code of the country the user named (a name or a code, any
 * case: the gazetteer knows the names) into out; 0 with a message when none. */
static int country_option(const char *cmd, const char *v, char out[4]) {
    tally_gazetteer *gz = NULL;
    char err[512];
    if (tally_gazetteer_open(tally_gazetteer_default_path(), &gz, err, sizeof err) == TALLY_OK) {
        int ok = tally_gazetteer_country_code(gz, v, out);
        tally_gazetteer_close(gz);
        if (!ok)
            fprintf(stderr, "tally %s: --country %s: no country has that name or code; give a name (Iraq)"
                            " or an ISO 3166-1 code (IRQ)\n", cmd, v);
        return ok;
    }
    const tally_country *known = strlen(v) == 3 ? tally_names_country(v) : NULL; /* built in: codes only */
    if (known) {
        snprintf(out, 4, "%s", known->alpha3);
        return 1;
    }
    fprintf(stderr, "tally %s: --country %s: country names need the gazetteer (%s); or give an ISO 3166-1"
                    " alpha-3 code such as IRQ\n", cmd, v, err);
    return 0;
}

/* Check the filters as the page's API does (and --from not after --to): 0, or 2
 * with a message. The country, by name or code, becomes its alpha-3 code in cc. */
static int check_filters(const char *cmd, tally_store_filter *f, char cc[4]) {
    const char *const opt[2] = {"--from", "--to"}, *const val[2] = {f->from, f->to};
    for (int i = 0; i < 2; i++) {
        const char *why = val[i] ? date_problem(val[i]) : NULL;
        if (why) {
            fprintf(stderr, "tally %s: %s %s: %s; a date is YYYY, YYYY-MM or YYYY-MM-DD (2014, 2014-03,"
                            " 2014-03-31)\n", cmd, opt[i], val[i], why);
            return 2;
        }
    }
    if (f->from && f->to) { /* the start of --from and the end of --to */
        char a[16], b[16];
        size_t nf = strlen(f->from), nt = strlen(f->to);
        snprintf(a, sizeof a, "%s%s", f->from, nf == 4 ? "-01-01" : nf == 7 ? "-01" : "");
        snprintf(b, sizeof b, "%s%s", f->to, nt == 4 ? "-12-31" : nt == 7 ? "-31" : "");
        if (strcmp(a, b) > 0) {
            fprintf(stderr, "tally %s: --from %s is after --to %s\n", cmd, f->from, f->to);
            return 2;
        }
    }
    if (f->country && *f->country) {
        if (!country_option(cmd, f->country, cc))
            return 2;
        f->country = cc;
    }
    return 0;
}

/* The table's width: --width when given (>= 0), else the terminal's on a terminal,
 * else no limit (0). */
static int table_width(long long width) {
    struct winsize ws;
    if (width >= 0)
        return (int)width;
    if (!isatty(1))
        return 0;
    if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    const char *c = getenv("COLUMNS");
    return c && atoi(c) > 0 ? atoi(c) : 80;
}

/* tally incidents as a table: the CSV rows laid out by table.c to fit width. */
static int query_table(tally_store *s, const tally_store_filter *f, int width, char *err, size_t errlen) {
    char *csv = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&csv, &len);
    if (!m) {
        snprintf(err, errlen, "cannot make the table: %s", strerror(errno));
        return TALLY_EIO;
    }
    int rc = tally_store_query(s, f, TALLY_FORMAT_CSV, m, err, errlen);
    fclose(m);
    if (rc == TALLY_OK) {
        tally_buf b = {0};
        tally_table_incidents(&b, csv, len, width);
        if (b.len && fwrite(b.p, 1, b.len, stdout) != b.len) {
            snprintf(err, errlen, "cannot write the output");
            rc = TALLY_EIO;
        }
        tally_buf_free(&b);
    }
    free(csv);
    return rc;
}

/* tally incidents (export == 0) and tally export (export == 1). */
static int cmd_query(int argc, char **argv, int export) {
    const char *name = export ? "export" : "incidents";
    const char *db = tally_store_default_path(), *format = export ? NULL : "table";
    tally_store_filter f;
    memset(&f, 0, sizeof f);
    f.min_killed = -1;
    long long explain = 0, width = -1;
    static const struct option QUERY_OPTS[] = {OPT_DB, OPT_FILTERS, OPT_HELP,
                                               {"explain", required_argument, NULL, O_EXPLAIN},
                                               {"width", required_argument, NULL, O_WIDTH}, {0}};
    static const struct option EXPORT_OPTS[] = {OPT_DB, OPT_FILTERS, OPT_HELP, {0}};
    for (int c; (c = next_opt(argc, argv, name, export ? EXPORT_OPTS : QUERY_OPTS)) != -1;) {
        const char **slot = c == O_DB ? &db : c == O_FROM ? &f.from : c == O_TO ? &f.to : c == O_COUNTRY ? &f.country
                          : c == O_ADMIN1 ? &f.admin1 : c == O_TYPE ? &f.type : c == O_ACTOR ? &f.actor
                          : c == O_SOURCE ? &f.source : c == O_FORMAT ? &format : NULL;
        long long n = optarg ? whole_number(optarg, c == O_WIDTH ? 10000 : 1000000000LL) : 0;
        if (slot)
            *slot = optarg;
        else if (c == O_CONTESTED)
            f.contested = 1;
        else if (c == 'h' || c == '?')
            return c == 'h' ? help(export ? HELP_EXPORT : HELP_INCIDENTS) : 2;
        else if (n < 0 || (c == O_EXPLAIN && n == 0)) {
            fprintf(stderr, "tally %s: --%s wants a whole number%s, not '%s'\n", name,
                    opt_name(export ? EXPORT_OPTS : QUERY_OPTS, c), c == O_EXPLAIN ? " (an incident's id)" : "",
                    optarg);
            return 2;
        } else {
            *(c == O_MIN_KILLED ? &f.min_killed : c == O_LIMIT ? &f.limit : c == O_EXPLAIN ? &explain : &width) = n;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "tally %s: unexpected argument '%s' (filters are options: see tally %s --help)\n", name,
                argv[optind], name);
        return 2;
    }
    static const char *const FORMATS[] = {"table", "jsonl", "csv", "acled", "cameo", "geojson", "json"};
    static const int FORMAT_IDS[] = {TALLY_FORMAT_TABLE, TALLY_FORMAT_JSON,  TALLY_FORMAT_CSV,    TALLY_FORMAT_ACLED,
                                     TALLY_FORMAT_CAMEO, TALLY_FORMAT_GEOJSON, TALLY_FORMAT_JSON};
    int fmt = -1;
    for (int k = 0; format && k < (int)ARRAY_LEN(FORMATS); k++)
        if (strcmp(format, FORMATS[k]) == 0)
            fmt = FORMAT_IDS[k];
    if (export ? fmt != TALLY_FORMAT_JSON && fmt < TALLY_FORMAT_ACLED : fmt > TALLY_FORMAT_CSV || fmt < 0) {
        fprintf(stderr, "tally %s: --format %s (%s)\n", name, export ? "acled|cameo|geojson|jsonl" : "table|jsonl|csv",
                format ? "unknown format" : "required");
        return 2;
    }
    char cc[4];
    if (check_filters(name, &f, cc))
        return 2;
    tally_store *s;
    if (open_store(db, 0, &s))
        return 1;
    char err[512];
    long long live = explain; /* a merged-away id redirects to the incident that took it */
    if (explain && tally_store_resolve(s, explain, &live) == TALLY_OK && live != explain)
        printf("incident %lld was merged into incident %lld\n", explain, live);
    int rc = explain                     ? tally_store_explain(s, live, stdout, err, sizeof err)
             : fmt == TALLY_FORMAT_TABLE ? query_table(s, &f, table_width(width), err, sizeof err)
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
    static const struct option OPTS[] = {OPT_DB, {"bind", required_argument, NULL, O_BIND},
                                         {"port", required_argument, NULL, O_PORT},
                                         {"threads", required_argument, NULL, O_THREADS}, OPT_HELP, {0}};
    for (int c; (c = next_opt(argc, argv, "serve", OPTS)) != -1;) {
        long long n = c == O_PORT || c == O_THREADS ? whole_number(optarg, 65535) : 0;
        if (c == O_DB) {
            o.db = optarg;
        } else if (c == O_BIND) {
            o.bind = optarg;
        } else if (c == 'h' || c == '?') {
            return c == 'h' ? help(HELP_SERVE) : 2;
        } else if (n < 0) {
            fprintf(stderr, "tally serve: --%s wants a whole number from 0 to 65535, not '%s'\n",
                    opt_name(OPTS, c), optarg);
            return 2;
        } else {
            *(c == O_PORT ? &o.port : &o.threads) = (int)n;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "tally serve: unexpected argument '%s' (see tally serve --help)\n", argv[optind]);
        return 2;
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
        return cmd_code(argc - 1, argv + 1, 0);
    if (strcmp(cmd, "places") == 0)
        return cmd_code(argc - 1, argv + 1, 1);
    if (strcmp(cmd, "dict") == 0)
        return cmd_dict(argc - 1, argv + 1);
    if (strcmp(cmd, "ingest") == 0)
        return cmd_ingest(argc - 1, argv + 1);
    if (strcmp(cmd, "incidents") == 0)
        return cmd_query(argc - 1, argv + 1, 0);
    if (strcmp(cmd, "export") == 0)
        return cmd_query(argc - 1, argv + 1, 1);
    if (strcmp(cmd, "merge") == 0)
        return cmd_merge(argc - 1, argv + 1);
    if (strcmp(cmd, "serve") == 0)
        return cmd_serve(argc - 1, argv + 1);
    if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
        printf("tally %s\n", TALLY_VERSION);
        return 0;
    }
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        static const char *const NAMES[] = {"code", "places", "ingest", "incidents", "export", "merge", "serve", "dict"};
        static const char *const TEXTS[] = {HELP_CODE,   HELP_PLACES, HELP_INGEST, HELP_INCIDENTS,
                                            HELP_EXPORT, HELP_MERGE,  HELP_SERVE,  HELP_DICT};
        for (size_t i = 0; argc > 2 && i < ARRAY_LEN(NAMES); i++)
            if (strcmp(argv[2], NAMES[i]) == 0)
                return help(TEXTS[i]);
        if (argc > 2) {
            fprintf(stderr, "tally help: no command '%s'\n", argv[2]);
            usage(stderr);
            return 2;
        }
        usage(stdout);
        return 0;
    }
    fprintf(stderr, "tally: unknown command '%s' (see tally help)\n", cmd);
    return 2;
}
