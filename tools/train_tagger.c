/* train_tagger.c: trains tally's part-of-speech tagger on UD English EWT, writes
 * data/tagger.weights, measures it on held-out sentences, and compiles the weights
 * into the C tables that src/tagger.c includes.
 *
 *   train_tagger compile WEIGHTS OUT.c   the generator the build runs (the only
 *                                        mode of build/tagger_compile)
 *   train_tagger train UD_DIR WEIGHTS [--extra FILE] [--iters N] [--prune Q]
 *                      [--freq N] [--seed N]
 *                                        train, write WEIGHTS, evaluate what it wrote
 *   train_tagger eval UD_DIR [WEIGHTS] [--extra FILE] [--quick]
 *                                        held-out accuracy and speed of the built-in
 *                                        model (or of WEIGHTS)
 *
 * The split: training takes en_ewt-ud-dev.conllu, the first half of the sentences
 * of en_ewt-ud-test.conllu and the --extra sentences (data/tagger-domain.txt,
 * tally's own); the second half of the test file is held out.
 *
 * The tagger learns on tally's own tokens: each UD sentence's text goes through
 * tally's tokenizer, and a token takes the tag of the UD word its bytes overlap.
 * When it overlaps several: the first word of a contraction ("don't" is one
 * tally token, do/AUX + n't/PART in UD: AUX), the last word not punctuation of a
 * compound that UD splits at hyphens ("15-year" is 15/NUM -/PUNCT year/NOUN in
 * UD: NOUN). */
#include "tagger.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define NT TALLY_UPOS_N

static void *xalloc(size_t n) {
    void *p = calloc(1, n ? n : 1);
    if (!p) {
        fprintf(stderr, "train_tagger: out of memory\n");
        exit(1);
    }
    return p;
}

static void *xgrow(void *p, size_t n) {
    p = realloc(p, n ? n : 1);
    if (!p) {
        fprintf(stderr, "train_tagger: out of memory\n");
        exit(1);
    }
    return p;
}

/* The whole file at path, NUL-terminated (caller frees), or NULL with a message. */
static char *read_all(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "train_tagger: %s: %s\n", path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 20, n = 0, k;
    char *buf = xalloc(cap);
    while ((k = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += k;
        if (cap - n < 2)
            buf = xgrow(buf, cap *= 2);
    }
    fclose(f);
    buf[n] = 0;
    *len = n;
    return buf;
}

/* ---- the weights file and the model made from it --------------------------------
 * data/tagger.weights: '#' comment lines, then one feature a line: its text form, a
 * tab, and either its nonzero weights ("NOUN:120 VERB:-35") or, for a tag
 * dictionary entry ("dict x the"), one tag name. */

#define ROW TALLY_TAGGER_ROW
#define TAG_CTX_N ((NT + 1) * (NT + 1) * ROW)
#define SHAPE_CTX_N (TALLY_TAGGER_NSHAPE * TALLY_TAGGER_NSHAPE * ROW)

typedef struct {
    uint32_t *slots; /* as tally_tagger_model; all arrays here are the caller's to free */
    uint32_t mask;
    int16_t *rows;
    int16_t *tag_ctx, *shape_ctx;
    size_t nrows, nfeat, ndict;
    uint32_t *line; /* the weights line each slot came from, for messages */
} built;

/* The slot for key in b, taken for line ln (see tally_tagger_model): its check
 * word, whose entries are 4, 8 and 12 words on. Returns NULL after a message when
 * a slot before it in its probe holds the same high 32 bits, which lookups would
 * confuse. */
static uint32_t *insert(built *b, uint64_t key, const char *path, uint32_t ln) {
    uint32_t bk = (uint32_t)key & b->mask, check = (uint32_t)(key >> 32);
    for (;;) {
        uint32_t *s = b->slots + 16 * (size_t)bk;
        for (uint32_t j = 0; j < 4; j++) {
            if (!s[4 + j]) {
                s[j] = check;
                b->line[4 * bk + j] = ln;
                return s + j;
            }
            if (s[j] == check) {
                fprintf(stderr, "%s:%u: feature collides with line %u (same key bits); drop one\n",
                        path, ln, b->line[4 * bk + j]);
                return NULL;
            }
        }
        bk = (bk + 1) & b->mask;
    }
}

/* Parses one feature line's weights "TAG:W TAG:W" (p[0..len)) into entries e.
 * Returns how many, or -1. */
static int parse_weights(const char *p, size_t len, uint32_t e[NT]) {
    const char *end = p + len;
    int n = 0;
    while (p < end && n < NT) {
        const char *sp = memchr(p, ' ', (size_t)(end - p)), *q = sp ? sp : end;
        const char *colon = memchr(p, ':', (size_t)(q - p));
        if (!colon)
            return -1;
        int t = tally_tagger_parse_tag(p, (size_t)(colon - p));
        char *num_end;
        long w = strtol(colon + 1, &num_end, 10);
        if (t < 0 || num_end != q || w < -TALLY_TAGGER_WMAX || w > TALLY_TAGGER_WMAX || w == 0)
            return -1;
        e[n++] = TALLY_TAGGER_ENTRY(t, w);
        p = q + (sp != NULL);
    }
    return p < end ? -1 : n;
}

/* Builds the model of weights text buf[0..len) (from path). Returns 0, or -1 after a
 * message naming the file and the line. */
static int build_model(const char *path, const char *buf, size_t len, built *b) {
    size_t entries = 0, rows_cap = 1024;
    for (const char *p = buf; p < buf + len; p++)
        entries += *p == '\t';
    size_t cap = 4;                     /* slots */
    while (cap < entries + entries / 2) /* load at most 2/3: few full buckets */
        cap *= 2;
    memset(b, 0, sizeof *b);
    b->mask = (uint32_t)(cap / 4 - 1);
    b->slots = aligned_alloc(64, 4 * cap * sizeof *b->slots);
    if (!b->slots) {
        fprintf(stderr, "train_tagger: out of memory\n");
        exit(1);
    }
    memset(b->slots, 0, 4 * cap * sizeof *b->slots);
    b->line = xalloc(cap * sizeof *b->line);
    b->rows = xalloc(rows_cap * ROW * sizeof *b->rows);
    uint32_t ln = 0;
    for (const char *p = buf; p < buf + len;) {
        const char *nl = memchr(p, '\n', (size_t)(buf + len - p)), *e = nl ? nl : buf + len;
        ln++;
        const char *tab = memchr(p, '\t', (size_t)(e - p));
        if (p == e || *p == '#') {
            p = e + 1;
            continue;
        }
        uint64_t key;
        const char *val = tab ? tab + 1 : e;
        size_t vlen = (size_t)(e - val);
        if (!tab || tally_tagger_key_parse(p, (size_t)(tab - p), &key) != 0) {
            fprintf(stderr,
                    "%s:%u: not a feature (want a template such as \"w police\", a tab, "
                    "and weights); retrain with make tagger-train\n",
                    path, ln);
            return -1;
        }
        uint32_t *slot = insert(b, key, path, ln);
        if (!slot)
            return -1;
        if (!memchr(val, ':', vlen)) {
            int t = tally_tagger_parse_tag(val, vlen);
            if (t < 0) {
                fprintf(stderr, "%s:%u: '%.*s' is no UPOS tag\n", path, ln, (int)vlen, val);
                return -1;
            }
            slot[4] = TALLY_TAGGER_E_DICT | (uint32_t)t;
            b->ndict++;
        } else {
            uint32_t w[NT];
            int n = parse_weights(val, vlen, w);
            if (n <= 0) {
                fprintf(stderr, "%s:%u: weights are TAG:N pairs with N nonzero in -%d..%d\n", path,
                        ln, TALLY_TAGGER_WMAX, TALLY_TAGGER_WMAX);
                return -1;
            }
            if (n <= 3) {
                for (int j = 0; j < n; j++)
                    slot[4 + 4 * j] = w[j];
            } else {
                if (b->nrows == rows_cap)
                    b->rows = xgrow(b->rows, (rows_cap *= 2) * ROW * sizeof *b->rows);
                int16_t *r = b->rows + b->nrows * ROW;
                memset(r, 0, ROW * sizeof *r);
                for (int j = 0; j < n; j++)
                    r[(w[j] >> 16) & 31] = (int16_t)(uint16_t)w[j];
                slot[4] = TALLY_TAGGER_E_ROW | (uint32_t)b->nrows++;
            }
            b->nfeat++;
        }
        p = e + 1;
    }
    b->tag_ctx = xalloc(TAG_CTX_N * sizeof *b->tag_ctx);
    b->shape_ctx = xalloc(SHAPE_CTX_N * sizeof *b->shape_ctx);
    tally_tagger_model m = {b->slots, b->mask, b->rows, NULL, NULL};
    tally_tagger_model_ctx(&m, b->tag_ctx, b->shape_ctx);
    return 0;
}

static void built_free(built *b) {
    free(b->slots);
    free(b->rows);
    free(b->tag_ctx);
    free(b->shape_ctx);
    free(b->line);
}

static int load_model(const char *path, built *b) {
    size_t len;
    char *buf = read_all(path, &len);
    if (!buf)
        return -1;
    int st = build_model(path, buf, len, b);
    free(buf);
    if (st != 0)
        built_free(b);
    return st;
}

/* compile WEIGHTS OUT.c: the tables src/tagger.c includes. */
static int cmd_compile(const char *in, const char *out) {
    built b;
    if (load_model(in, &b) != 0)
        return 1;
    FILE *f = fopen(out, "w");
    if (!f) {
        fprintf(stderr, "train_tagger: %s: %s\n", out, strerror(errno));
        return 1;
    }
    fprintf(f, "/* tagger_data.c: made by tools/train_tagger.c from %s; do not edit. */\n", in);
    fprintf(f, "/* %zu features, %zu tag dictionary entries */\n", b.nfeat, b.ndict);
    fprintf(f, "#define TAGGER_MASK %uu\n", b.mask);
    fprintf(f, "_Alignas(64) static const uint32_t TAGGER_SLOTS[%zu] = {\n",
            16 * ((size_t)b.mask + 1));
    for (size_t i = 0; i <= b.mask; i++) {
        const uint32_t *s = b.slots + 16 * i;
        for (int j = 0; j < 16; j++) /* zeros bare: most of the table is empty */
            fprintf(f, s[j] ? "%uu," : "0,", s[j]);
        fputc('\n', f);
    }
    fprintf(f, "};\nstatic const int16_t TAGGER_ROWS[%zu] = {\n", (b.nrows + 1) * ROW);
    for (size_t r = 0; r < b.nrows; r++) {
        for (int t = 0; t < NT; t++) /* the padding is left to the initializer's zeros */
            fprintf(f, "%d,", b.rows[r * ROW + t]);
        fprintf(f, "%.*s\n", 2 * (ROW - NT), "0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0");
    }
    fprintf(f, "};\nstatic const int16_t TAGGER_TAG_CTX[%d] = {\n", TAG_CTX_N);
    for (int i = 0; i < TAG_CTX_N; i++)
        fprintf(f, "%d,%s", b.tag_ctx[i], i % ROW == ROW - 1 ? "\n" : "");
    fprintf(f, "};\nstatic const int16_t TAGGER_SHAPE_CTX[%d] = {\n", SHAPE_CTX_N);
    for (int i = 0; i < SHAPE_CTX_N; i++)
        fprintf(f, "%d,%s", b.shape_ctx[i], i % ROW == ROW - 1 ? "\n" : "");
    fprintf(f, "};\n");
    int st = ferror(f) | fclose(f);
    if (st)
        fprintf(stderr, "train_tagger: %s: write failed\n", out);
    built_free(&b);
    return st ? 1 : 0;
}

#ifndef TAGGER_COMPILE_ONLY
static tally_tagger_model model_of(const built *b) {
    tally_tagger_model m = {b->slots, b->mask, b->rows, b->tag_ctx, b->shape_ctx};
    return m;
}

/* ---- UD sentences through tally's tokenizer ------------------------------------ */

typedef struct {
    uint32_t start, end; /* bytes of the word in the sentence text */
    uint32_t surface;    /* which surface token it belongs to ("don't" holds do, n't) */
    uint8_t tag;         /* UPOS, 255 when the file has none */
} ud_word;

typedef struct {
    tally_tokens tk; /* tally's tokens of the sentence text */
    uint8_t *gold;   /* per token: the tag it takes from UD (file comment), 255 none */
    uint8_t *exact;  /* per token: 1 when it is exactly one UD word */
} doc;

typedef struct {
    uint32_t doc, from, to; /* tally sentence [from, to) of docs[doc] */
} span;

typedef struct {
    tally_arena *arena; /* every doc's text and tokens */
    doc *docs;
    size_t ndocs, capdocs;
    size_t skipped;       /* UD sentences whose text tally's normalization changed */
    size_t text_mismatch; /* sentences whose "# text" the words do not rebuild */
} corpus;

/* Aligns tally's tokens of d with the UD words: see the file comment. */
static void align(doc *d, const ud_word *w, size_t nw) {
    const tally_tokens *tk = &d->tk;
    size_t k = 0;
    for (size_t i = 0; i < tk->ntoks; i++) {
        uint32_t s = tk->toks[i].start, e = s + tk->toks[i].len;
        while (k < nw && w[k].end <= s)
            k++;
        size_t last = k; /* the words [k, last) overlap the token */
        while (last < nw && w[last].start < e)
            last++;
        d->gold[i] = 255;
        if (last == k)
            continue;
        d->exact[i] = last == k + 1 && w[k].start == s && w[k].end == e;
        d->gold[i] = w[k].tag;
        if (w[last - 1].surface == w[k].surface)
            continue;                   /* one token, or a contraction: its first word */
        for (size_t j = last; j-- > k;) /* a compound: its last word not punctuation */
            if (w[j].tag != TALLY_UPOS_PUNCT) {
                d->gold[i] = w[j].tag;
                break;
            }
    }
}

/* A new doc of c: the text[0..len) through tally's text layer and tokenizer, its
 * tags not yet set. */
static doc *new_doc(corpus *c, const char *text, size_t len) {
    tally_text *t = tally_text_new(c->arena, tally_arena_strndup(c->arena, text, len), len);
    if (c->ndocs == c->capdocs)
        c->docs = xgrow(c->docs, (c->capdocs = c->capdocs * 2 + 64) * sizeof *c->docs);
    doc *d = &c->docs[c->ndocs++];
    tally_tokens_split(c->arena, t, &d->tk);
    d->gold = tally_arena_alloc(c->arena, d->tk.ntoks + 1);
    d->exact = tally_arena_alloc(c->arena, d->tk.ntoks + 1);
    return d;
}

/* Adds the UD sentence text[0..len) with its words to c; not when normalizing
 * changed its bytes, which would move the words' offsets. */
static void add_doc(corpus *c, const char *text, size_t len, const ud_word *w, size_t nw) {
    doc *d = new_doc(c, text, len);
    if (d->tk.text->len != len) {
        c->ndocs--;
        c->skipped++;
        return;
    }
    align(d, w, nw);
}

/* Field f (0-based) of a CoNLL-U line p[0..len): sets *fp, returns its length. */
static size_t field(const char *p, size_t len, int f, const char **fp) {
    const char *e = p + len;
    for (; f > 0 && p < e; f--) {
        const char *tab = memchr(p, '\t', (size_t)(e - p));
        p = tab ? tab + 1 : e;
    }
    const char *tab = memchr(p, '\t', (size_t)(e - p));
    *fp = p;
    return (size_t)((tab ? tab : e) - p);
}

static int space_after_no(const char *line, size_t len) {
    const char *m;
    size_t ml = field(line, len, 9, &m);
    return ml >= 13 && memmem(m, ml, "SpaceAfter=No", 13) != NULL;
}

/* Reads a CoNLL-U file into c: each sentence's text is rebuilt from its surface
 * tokens and SpaceAfter=No; the words of a multiword token ("don't": do, n't) get
 * their own bytes when their forms spell it, else the whole token. Returns the
 * number of sentences read, or -1. */
static long read_conllu(corpus *c, const char *path) {
    size_t len;
    char *buf = read_all(path, &len);
    if (!buf)
        return -1;
    size_t cap = 4096, n = 0, nw = 0, wcap = 256;
    char *text = xalloc(cap);
    ud_word *w = xalloc(wcap * sizeof *w);
    const char *want = NULL; /* the "# text = " line */
    size_t want_len = 0;
    long range_end = 0, sents = 0;
    uint32_t surface = 0;
    uint32_t surf_start = 0, surf_end = 0, cursor = 0;
    int whole = 0; /* the words of this multiword token take the whole token */
    for (const char *p = buf; p <= buf + len;) {
        const char *nl = memchr(p, '\n', (size_t)(buf + len - p)), *e = nl ? nl : buf + len;
        size_t ll = (size_t)(e - p);
        if (ll == 0) { /* a sentence ends */
            if (nw) {
                while (n && text[n - 1] == ' ')
                    n--;
                if (want && (want_len != n || memcmp(want, text, n))) {
                    c->text_mismatch++;
                    if (getenv("TAGGER_DEBUG"))
                        fprintf(stderr, "want: %.*s\ngot:  %.*s\n", (int)want_len, want, (int)n,
                                text);
                }
                add_doc(c, text, n, w, nw);
                sents++;
            }
            n = nw = 0;
            want = NULL;
            range_end = 0;
        } else if (p[0] == '#') {
            if (ll > 9 && memcmp(p, "# text = ", 9) == 0)
                want = p + 9, want_len = ll - 9;
        } else {
            const char *form, *upos;
            size_t fl = field(p, ll, 1, &form), ul = field(p, ll, 3, &upos);
            char *idend;
            long id = strtol(p, &idend, 10);
            if (*idend == '.') {
                /* an empty node: no bytes of its own */
            } else if (n + fl + 2 > cap) {
                text = xgrow(text, cap = 2 * cap + fl);
                continue; /* the same line again */
            } else if (*idend == '-') {
                range_end = strtol(idend + 1, NULL, 10);
                surface++;
                surf_start = cursor = (uint32_t)n;
                memcpy(text + n, form, fl);
                n += fl;
                surf_end = (uint32_t)n;
                if (!space_after_no(p, ll))
                    text[n++] = ' ';
                whole = 0;
            } else {
                if (nw == wcap)
                    w = xgrow(w, (wcap *= 2) * sizeof *w);
                int t = tally_tagger_parse_tag(upos, ul);
                ud_word *x = &w[nw++];
                x->tag = t < 0 ? 255 : (uint8_t)t;
                x->surface = id <= range_end ? surface : ++surface;
                if (id <= range_end) { /* a word of a multiword token */
                    whole |= cursor + fl > surf_end || strncasecmp(text + cursor, form, fl) != 0;
                    x->start = whole ? surf_start : cursor;
                    x->end =
                        whole ? surf_end : (id == range_end ? surf_end : cursor + (uint32_t)fl);
                    cursor += (uint32_t)fl;
                } else {
                    x->start = (uint32_t)n;
                    memcpy(text + n, form, fl);
                    n += fl;
                    x->end = (uint32_t)n;
                    if (!space_after_no(p, ll))
                        text[n++] = ' ';
                }
            }
        }
        if (!nl)
            break;
        p = nl + 1;
    }
    free(text);
    free(w);
    free(buf);
    return sents;
}

static void corpus_free(corpus *c) {
    tally_arena_free(c->arena);
    free(c->docs);
}

/* Reads tally's own tagged sentences (data/tagger-domain.txt: '#' comments, then
 * a sentence, a tab and one tag per tally token) into c. Returns how many, or -1
 * after a message naming the file and the line. */
static long read_domain(corpus *c, const char *path) {
    size_t len;
    char *buf = read_all(path, &len);
    if (!buf)
        return -1;
    long n = 0;
    uint32_t ln = 0;
    for (char *p = buf; p < buf + len;) {
        char *nl = memchr(p, '\n', (size_t)(buf + len - p)), *e = nl ? nl : buf + len;
        ln++;
        char *tab = memchr(p, '\t', (size_t)(e - p));
        if (p != e && *p != '#') {
            if (!tab) {
                fprintf(stderr, "%s:%u: want a sentence, a tab and its tags\n", path, ln);
                goto fail;
            }
            doc *d = new_doc(c, p, (size_t)(tab - p));
            const tally_text *t = d->tk.text;
            size_t k = 0;
            for (char *q = tab + 1; q < e; k++) {
                char *sp = memchr(q, ' ', (size_t)(e - q)), *qe = sp ? sp : e;
                int tag = tally_tagger_parse_tag(q, (size_t)(qe - q));
                if (tag < 0) {
                    fprintf(stderr, "%s:%u: '%.*s' is no UPOS tag\n", path, ln, (int)(qe - q), q);
                    goto fail;
                }
                if (k < d->tk.ntoks)
                    d->gold[k] = (uint8_t)tag, d->exact[k] = 1;
                q = qe + 1;
            }
            if (k != d->tk.ntoks) {
                fprintf(stderr, "%s:%u: %zu tags for %zu tokens; tally's tokens:", path, ln, k,
                        d->tk.ntoks);
                for (size_t i = 0; i < d->tk.ntoks; i++)
                    fprintf(stderr, " %.*s", (int)d->tk.toks[i].len, t->text + d->tk.toks[i].start);
                fprintf(stderr, "\n");
                goto fail;
            }
            n++;
        }
        p = e + 1;
    }
    free(buf);
    return n;
fail:
    free(buf);
    return -1;
}

/* The training and held-out spans of ud_dir (see the file comment), with the
 * sentences of extra (NULL: none) for training too. */
static int load_split(const char *ud_dir, const char *extra, corpus *c, span **train,
                      size_t *ntrain, span **held, size_t *nheld) {
    char path[4096];
    memset(c, 0, sizeof *c);
    c->arena = tally_arena_new();
    snprintf(path, sizeof path, "%s/en_ewt-ud-dev.conllu", ud_dir);
    long ndev = read_conllu(c, path);
    size_t dev_docs = c->ndocs;
    snprintf(path, sizeof path, "%s/en_ewt-ud-test.conllu", ud_dir);
    long ntest = ndev < 0 ? -1 : read_conllu(c, path);
    size_t ud_docs = c->ndocs, first_held = dev_docs + (ud_docs - dev_docs) / 2, cap = 0;
    long nextra = ntest < 0 ? -1 : extra ? read_domain(c, extra) : 0;
    if (nextra < 0) {
        corpus_free(c);
        return -1;
    }
    for (size_t d = 0; d < c->ndocs; d++)
        cap += c->docs[d].tk.nsents;
    *train = xalloc(cap * sizeof **train);
    *held = xalloc(cap * sizeof **held);
    *ntrain = *nheld = 0;
    for (size_t d = 0; d < c->ndocs; d++)
        for (size_t s = 0; s < c->docs[d].tk.nsents; s++) {
            span sp = {(uint32_t)d, c->docs[d].tk.sents[s].tok_start,
                       c->docs[d].tk.sents[s].tok_end};
            if (d < first_held || d >= ud_docs)
                (*train)[(*ntrain)++] = sp;
            else
                (*held)[(*nheld)++] = sp;
        }
    fprintf(stderr,
            "UD: %zu sentences (%zu training, %zu held out), %ld of tally's own for "
            "training; %zu tally sentences; %zu skipped (normalization), %zu texts "
            "differ from '# text'\n",
            ud_docs, first_held, ud_docs - first_held, nextra, *ntrain + *nheld, c->skipped,
            c->text_mismatch);
    return 0;
}

/* ---- a set of 64-bit keys with a payload index, for training ------------------- */
typedef struct {
    uint64_t *keys;
    uint32_t *idx; /* 1 + payload index; 0 empty */
    size_t cap, n;
} keymap;

static uint32_t *keymap_slot(keymap *m, uint64_t key) {
    if (2 * (m->n + 1) > m->cap) {
        keymap old = *m;
        m->cap = old.cap ? old.cap * 2 : 1024;
        m->keys = xalloc(m->cap * sizeof *m->keys);
        m->idx = xalloc(m->cap * sizeof *m->idx);
        for (size_t i = 0; i < old.cap; i++)
            if (old.idx[i]) {
                size_t j = old.keys[i] & (m->cap - 1);
                while (m->idx[j])
                    j = (j + 1) & (m->cap - 1);
                m->keys[j] = old.keys[i];
                m->idx[j] = old.idx[i];
            }
        free(old.keys);
        free(old.idx);
    }
    size_t j = key & (m->cap - 1);
    while (m->idx[j] && m->keys[j] != key)
        j = (j + 1) & (m->cap - 1);
    m->n += !m->idx[j];
    m->keys[j] = key;
    return &m->idx[j];
}

static uint32_t keymap_get(const keymap *m, uint64_t key) {
    if (!m->cap)
        return 0;
    size_t j = key & (m->cap - 1);
    while (m->idx[j] && m->keys[j] != key)
        j = (j + 1) & (m->cap - 1);
    return m->idx[j];
}

/* ---- the averaged perceptron --------------------------------------------------- */
typedef struct {
    char *text;       /* the feature's text form */
    float w[NT];      /* current weights */
    double total[NT]; /* sum of the weights over the updates so far, up to ts */
    uint32_t ts[NT];  /* the update count when w[t] last changed */
} feat;

typedef struct {
    keymap map; /* key -> feature */
    feat *f;
    size_t nf, capf;
    uint32_t steps; /* updates so far: Honnibal's i */
    keymap dict;    /* dict key -> 1 + tag */
} trainer;

/* Token i's feature k, made when absent (its text from the token). */
static feat *feature(trainer *tr, uint64_t key, const doc *d, const span *s, size_t i, int p1,
                     int p2, int k) {
    uint32_t *slot = keymap_slot(&tr->map, key);
    if (!*slot) {
        char text[512];
        size_t tl =
            tally_tagger_feature_text(&d->tk, s->from, s->to, i, p1, p2, k, text, sizeof text);
        uint64_t back;
        if (tally_tagger_key_parse(text, tl, &back) != 0 || back != key) {
            fprintf(stderr, "train_tagger: feature text '%s' does not give its key back\n", text);
            exit(1);
        }
        if (tr->nf == tr->capf)
            tr->f = xgrow(tr->f, (tr->capf = tr->capf * 2 + 4096) * sizeof *tr->f);
        feat *f = &tr->f[tr->nf];
        memset(f, 0, sizeof *f);
        f->text = strdup(text);
        *slot = (uint32_t)++tr->nf;
    }
    return &tr->f[*slot - 1];
}

static int predict(const trainer *tr, const uint64_t *keys) {
    float s[NT] = {0};
    for (int k = 0; k < TALLY_TAGGER_NFEAT; k++) {
        uint32_t j = keymap_get(&tr->map, keys[k]);
        if (j)
            for (int t = 0; t < NT; t++)
                s[t] += tr->f[j - 1].w[t];
    }
    int best = 0;
    for (int t = 1; t < NT; t++)
        if (s[t] > s[best])
            best = t;
    return best;
}

static void upd(feat *f, int t, float v, uint32_t steps) {
    f->total[t] += (double)(steps - f->ts[t]) * f->w[t];
    f->ts[t] = steps;
    f->w[t] += v;
}

/* One pass over the training spans in the order given. Returns the tokens it got right. */
static size_t train_pass(trainer *tr, const corpus *c, const span *spans, size_t n, size_t *seen) {
    size_t right = 0;
    uint64_t keys[TALLY_TAGGER_DICT + 1];
    for (size_t j = 0; j < n; j++) {
        const span *s = &spans[j];
        const doc *d = &c->docs[s->doc];
        int p1 = -1, p2 = -1;
        for (size_t i = s->from; i < s->to; i++) {
            tally_tagger_keys(&d->tk, s->from, s->to, i, p1, p2, keys);
            int gold = d->gold[i], guess;
            uint32_t dt = keymap_get(&tr->dict, keys[TALLY_TAGGER_DICT]);
            if (dt) {
                guess = (int)dt - 1;
            } else {
                guess = predict(tr, keys);
                tr->steps++;
                if (gold != 255 && guess != gold)
                    for (int k = 0; k < TALLY_TAGGER_NFEAT; k++) {
                        upd(feature(tr, keys[k], d, s, i, p1, p2, k), gold, 1, tr->steps);
                        upd(feature(tr, keys[k], d, s, i, p1, p2, k), guess, -1, tr->steps);
                    }
            }
            right += guess == gold;
            *seen += gold != 255;
            p2 = p1;
            p1 = guess;
        }
    }
    return right;
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Writes lines[0..n) to out in byte order, a line each (stable diffs from run to
 * run), and frees them and the array. */
static void write_sorted(FILE *out, char **lines, size_t n) {
    qsort(lines, n, sizeof *lines, cmp_str);
    for (size_t k = 0; k < n; k++) {
        fprintf(out, "%s\n", lines[k]);
        free(lines[k]);
    }
    free(lines);
}

/* The tag dictionary: words (with their case class) seen at least freq times in
 * training, one tag at least 97% of the time. Writes its lines to out. */
static void build_dict(trainer *tr, const corpus *c, const span *spans, size_t n, int freq,
                       FILE *out) {
    keymap counts = {0};
    uint32_t(*cnt)[NT] = NULL;
    char **text = NULL;
    size_t nc = 0, cap = 0;
    uint64_t keys[TALLY_TAGGER_DICT + 1];
    for (size_t j = 0; j < n; j++) {
        const span *s = &spans[j];
        const doc *d = &c->docs[s->doc];
        for (size_t i = s->from; i < s->to; i++) {
            if (d->gold[i] == 255)
                continue;
            tally_tagger_keys(&d->tk, s->from, s->to, i, -1, -1, keys);
            uint32_t *slot = keymap_slot(&counts, keys[TALLY_TAGGER_DICT]);
            if (!*slot) {
                if (nc == cap) {
                    cap = cap * 2 + 1024;
                    cnt = xgrow(cnt, cap * sizeof *cnt);
                    text = xgrow(text, cap * sizeof *text);
                }
                memset(cnt[nc], 0, sizeof cnt[nc]);
                char buf[512];
                tally_tagger_feature_text(&d->tk, s->from, s->to, i, -1, -1, TALLY_TAGGER_DICT, buf,
                                          sizeof buf);
                text[nc] = strdup(buf);
                *slot = (uint32_t)++nc;
            }
            cnt[*slot - 1][d->gold[i]]++;
        }
    }
    size_t entries = 0;
    char **lines = xalloc(nc * sizeof *lines);
    for (size_t k = 0; k < counts.cap; k++) {
        uint32_t j = counts.idx[k];
        if (!j)
            continue;
        uint32_t total = 0, best = 0;
        int bt = 0;
        for (int t = 0; t < NT; t++) {
            total += cnt[j - 1][t];
            if (cnt[j - 1][t] > best)
                best = cnt[j - 1][t], bt = t;
        }
        if (total >= (uint32_t)freq && best >= 0.97 * total) {
            *keymap_slot(&tr->dict, counts.keys[k]) = (uint32_t)bt + 1;
            char line[600];
            snprintf(line, sizeof line, "%s\t%s", text[j - 1], tally_tagger_name(bt));
            lines[entries++] = strdup(line);
        }
    }
    write_sorted(out, lines, entries);
    fprintf(stderr, "tag dictionary: %zu entries (of %zu words and cases)\n", entries, nc);
    for (size_t k = 0; k < nc; k++)
        free(text[k]);
    free(text);
    free(cnt);
    free(counts.keys);
    free(counts.idx);
}

/* Feature f's weight for tag t averaged over every update of training. */
static double averaged(const trainer *tr, const feat *f, int t) {
    return (f->total[t] + (double)(tr->steps - f->ts[t]) * f->w[t]) / tr->steps;
}

/* Writes the averaged weights, scaled (by 100, or less to stay within
 * TALLY_TAGGER_WMAX) and rounded, dropping those below prune and the features
 * left with none; returns how many features it wrote. */
static size_t write_weights(trainer *tr, FILE *out, int prune) {
    char **lines = xalloc(tr->nf * sizeof *lines);
    size_t nl = 0;
    double big = 0, scale = 100;
    for (size_t j = 0; j < tr->nf; j++)
        for (int t = 0; t < NT; t++)
            big = fmax(big, fabs(averaged(tr, &tr->f[j], t)));
    if (big * scale > TALLY_TAGGER_WMAX)
        scale = floor(TALLY_TAGGER_WMAX / big);
    fprintf(out, "# Weights x %.0f.\n", scale);
    fprintf(stderr, "weights x %.0f (the largest %.2f)\n", scale, big);
    for (size_t j = 0; j < tr->nf; j++) {
        feat *f = &tr->f[j];
        char buf[2048];
        size_t n = (size_t)snprintf(buf, sizeof buf, "%s\t", f->text);
        int any = 0;
        for (int t = 0; t < NT; t++) {
            long q = lrint(averaged(tr, f, t) * scale);
            if (labs(q) >= prune && n < sizeof buf - 32) {
                n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s:%ld", any ? " " : "",
                                      tally_tagger_name(t), q);
                any = 1;
            }
        }
        if (any)
            lines[nl++] = strdup(buf);
    }
    write_sorted(out, lines, nl);
    return nl;
}

/* ---- evaluation ------------------------------------------------------------------ */

/* Tags the held-out spans with m (the built-in model when NULL) and prints the
 * accuracy overall, on words seen and not seen in training, and on tokens that
 * are exactly one UD word; then the speed, unless quick. Returns the accuracy. */
static double evaluate(const tally_tagger_model *m, const corpus *c, const span *train,
                       size_t ntrain, const span *held, size_t nheld, int quick) {
    keymap vocab = {0};
    for (size_t j = 0; j < ntrain; j++)
        for (size_t i = train[j].from; i < train[j].to; i++) {
            tally_span w = tally_tagger_word(&c->docs[train[j].doc].tk, i);
            *keymap_slot(&vocab, tally_hash(w.p, w.len)) = 1;
        }
    size_t n = 0, right = 0, nk = 0, rk = 0, nx = 0, rx = 0, maxlen = 0;
    size_t conf[NT][NT] = {{0}};
    for (size_t j = 0; j < nheld; j++)
        maxlen = held[j].to - held[j].from > maxlen ? held[j].to - held[j].from : maxlen;
    uint8_t *tags = xalloc(maxlen + 1);
    for (size_t j = 0; j < nheld; j++) {
        const span *s = &held[j];
        const doc *d = &c->docs[s->doc];
        if (m)
            tally_tagger_tag_model(m, &d->tk, s->from, s->to, tags);
        else
            tally_tagger_tag(&d->tk, s->from, s->to, tags);
        for (size_t i = s->from; i < s->to; i++) {
            int g = d->gold[i], t = tags[i - s->from];
            if (g == 255)
                continue;
            tally_span w = tally_tagger_word(&d->tk, i);
            int known = keymap_get(&vocab, tally_hash(w.p, w.len)) != 0;
            n++, right += t == g;
            nk += known, rk += known && t == g;
            nx += d->exact[i], rx += d->exact[i] && t == g;
            conf[g][t]++;
        }
    }
    double acc = n ? (double)right / n : 0;
    printf("held-out accuracy %.4f (%zu/%zu tokens); known words %.4f (%zu), unknown %.4f (%zu); "
           "tokens that are one UD word %.4f (%zu)\n",
           acc, right, n, nk ? (double)rk / nk : 0, nk,
           n - nk ? (double)(right - rk) / (n - nk) : 0, n - nk, nx ? (double)rx / nx : 0, nx);
    if (!quick) {
        printf("most frequent confusions (gold -> tagged):");
        for (int r = 0; r < 8; r++) {
            size_t best = 0;
            int bg = 0, bt = 0;
            for (int g = 0; g < NT; g++)
                for (int t = 0; t < NT; t++)
                    if (g != t && conf[g][t] > best)
                        best = conf[g][t], bg = g, bt = t;
            if (!best)
                break;
            printf(" %s->%s %zu", tally_tagger_name(bg), tally_tagger_name(bt), best);
            conf[bg][bt] = 0;
        }
        printf("\n");
        /* CPU time, round by round: the fastest round is the tagger's speed when
         * nothing else runs on the core; the mean includes whatever does */
        size_t toks = 0, rounds = 0;
        double secs = 0, best = 1e9;
        unsigned sum = 0;
        double limit = getenv("TAGGER_BENCH_SECS") ? atof(getenv("TAGGER_BENCH_SECS")) : 1.0;
        for (size_t j = 0; j < nheld; j++)
            toks += held[j].to - held[j].from;
        while (secs < limit) {
            struct timespec t0, t1;
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
            for (size_t j = 0; j < nheld; j++) {
                const span *s = &held[j];
                if (m)
                    tally_tagger_tag_model(m, &c->docs[s->doc].tk, s->from, s->to, tags);
                else
                    tally_tagger_tag(&c->docs[s->doc].tk, s->from, s->to, tags);
                sum += tags[0];
            }
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
            double t = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
            best = t < best ? t : best;
            secs += t;
            rounds++;
        }
        printf("speed: %.2f million tokens/s, %.0f sentences/s (one core, the fastest of %zu "
               "rounds; mean %.2f million tokens/s)%s\n",
               (double)toks / best / 1e6, (double)nheld / best, rounds,
               (double)(toks * rounds) / secs / 1e6, sum == 1 ? " " : "");
    }
    free(tags);
    free(vocab.keys);
    free(vocab.idx);
    return acc;
}

/* A 64-bit xorshift: the fixed-seed shuffle makes training reproducible. */
static uint64_t rng_next(uint64_t *s) {
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static const char *HEADER =
    "# data/tagger.weights: tally's part-of-speech tagger (src/tagger.c), an averaged\n"
    "# perceptron; made by `make tagger-train` (tools/train_tagger.c); do not edit.\n"
    "#\n"
    "# Trained on Universal Dependencies English Web Treebank (UD_English-EWT v2.15,\n"
    "# https://github.com/UniversalDependencies/UD_English-EWT): en_ewt-ud-dev.conllu and\n"
    "# the first half of en_ewt-ud-test.conllu; and on tally's own sentences,\n"
    "# data/tagger-domain.txt. UD English EWT annotations (c) 2013-2021 The Board of\n"
    "# Trustees of The Leland Stanford Junior University, licensed under CC BY-SA 4.0\n"
    "# (https://creativecommons.org/licenses/by-sa/4.0/). These weights are derived\n"
    "# from that data and are shared under the same licence; see\n"
    "# data/TAGGER-ATTRIBUTION.md.\n"
    "#\n"
    "# A line: a feature (template and parts), a tab, its nonzero weights by tag\n"
    "# (scaled); or a tag dictionary entry: \"dict CASE word\", a tab, its tag.\n";

static int cmd_train(const char *ud_dir, const char *extra, const char *out_path, int iters,
                     int prune, int freq, uint64_t seed) {
    corpus c;
    span *train, *held;
    size_t ntrain, nheld;
    if (load_split(ud_dir, extra, &c, &train, &ntrain, &held, &nheld) != 0)
        return 1;
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", out_path);
    FILE *out = fopen(tmp, "w");
    if (!out) {
        fprintf(stderr, "train_tagger: %s: %s\n", tmp, strerror(errno));
        return 1;
    }
    fputs(HEADER, out);
    fprintf(out,
            "# Settings: %d iterations (shuffled, seed %#llx), weights below %d dropped, "
            "dictionary words seen %d times.\n",
            iters, (unsigned long long)seed, prune, freq);
    trainer tr = {0};
    build_dict(&tr, &c, train, ntrain, freq, out);
    for (int it = 0; it < iters; it++) {
        for (size_t j = ntrain; j > 1; j--) { /* Fisher-Yates */
            size_t r = (size_t)(rng_next(&seed) % j);
            span x = train[j - 1];
            train[j - 1] = train[r];
            train[r] = x;
        }
        size_t seen = 0, right = train_pass(&tr, &c, train, ntrain, &seen);
        fprintf(stderr, "iteration %d: training accuracy %.4f, %zu features\n", it + 1,
                (double)right / (double)seen, tr.nf);
    }
    size_t nl = write_weights(&tr, out, prune);
    if (ferror(out) | fclose(out) || rename(tmp, out_path) != 0) {
        fprintf(stderr, "train_tagger: %s: write failed\n", out_path);
        return 1;
    }
    fprintf(stderr, "wrote %s: %zu features of %zu kept\n", out_path, nl, tr.nf);
    for (size_t j = 0; j < tr.nf; j++)
        free(tr.f[j].text);
    free(tr.f);
    free(tr.map.keys);
    free(tr.map.idx);
    free(tr.dict.keys);
    free(tr.dict.idx);
    /* evaluate what was written, through the same loader as the build's */
    built b;
    if (load_model(out_path, &b) != 0)
        return 1;
    tally_tagger_model m = model_of(&b);
    evaluate(&m, &c, train, ntrain, held, nheld, 1);
    built_free(&b);
    corpus_free(&c);
    free(train);
    free(held);
    return 0;
}

static int cmd_eval(const char *ud_dir, const char *extra, const char *weights, int quick) {
    corpus c;
    span *train, *held;
    size_t ntrain, nheld;
    if (load_split(ud_dir, extra, &c, &train, &ntrain, &held, &nheld) != 0)
        return 1;
    built b = {0};
    tally_tagger_model m;
    if (weights) {
        if (load_model(weights, &b) != 0)
            return 1;
        m = model_of(&b);
    }
    evaluate(weights ? &m : NULL, &c, train, ntrain, held, nheld, quick);
    built_free(&b);
    corpus_free(&c);
    free(train);
    free(held);
    return 0;
}
#endif

static int usage(void) {
    fprintf(stderr, "usage: train_tagger compile WEIGHTS OUT.c\n"
                    "       train_tagger train UD_DIR WEIGHTS [--extra FILE] [--iters N] [--prune "
                    "Q] [--freq N]\n"
                    "                          [--seed N]\n"
                    "       train_tagger eval UD_DIR [WEIGHTS] [--extra FILE] [--quick]\n");
    return 2;
}

int main(int argc, char **argv) {
    if (argc == 4 && strcmp(argv[1], "compile") == 0)
        return cmd_compile(argv[2], argv[3]);
#ifndef TAGGER_COMPILE_ONLY
    if (argc >= 4 && strcmp(argv[1], "train") == 0) {
        int iters = 15, prune = 1, freq = 10;
        uint64_t seed = 0x7a11e5eedULL;
        const char *extra = NULL;
        for (int i = 4; i + 1 < argc; i += 2) {
            const char *v = argv[i + 1];
            if (strcmp(argv[i], "--iters") == 0)
                iters = atoi(v);
            else if (strcmp(argv[i], "--prune") == 0)
                prune = atoi(v);
            else if (strcmp(argv[i], "--freq") == 0)
                freq = atoi(v);
            else if (strcmp(argv[i], "--seed") == 0)
                seed = strtoull(v, NULL, 0);
            else if (strcmp(argv[i], "--extra") == 0)
                extra = v;
            else
                return usage();
        }
        if (argc % 2)
            return usage();
        return cmd_train(argv[2], extra, argv[3], iters, prune, freq, seed);
    }
    if (argc >= 3 && strcmp(argv[1], "eval") == 0) {
        const char *weights = NULL, *extra = NULL;
        int quick = 0;
        for (int i = 3; i < argc; i++) {
            if (strcmp(argv[i], "--quick") == 0)
                quick = 1;
            else if (strcmp(argv[i], "--extra") == 0 && i + 1 < argc)
                extra = argv[++i];
            else
                weights = argv[i];
        }
        return cmd_eval(argv[2], extra, weights, quick);
    }
#endif
    return usage();
}
