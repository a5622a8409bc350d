/* tagger.c: part-of-speech tags for tally's tokens: an averaged perceptron
 * (Collins 2002; Honnibal's "A good POS tagger in about 200 lines") over hashed
 * features, greedy left to right, with a tag dictionary for frequent unambiguous
 * words. The model is data/tagger.weights, compiled into build/gen/tagger_data.c. */
#include "tagger.h"
#include "util.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

static const char *const UPOS_NAME[TALLY_UPOS_N] = {
    "ADJ",  "ADP",  "ADV",   "AUX",   "CCONJ", "DET", "INTJ", "NOUN", "NUM",
    "PART", "PRON", "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X"};

const char *tally_tagger_name(int upos) {
    return upos >= 0 && upos < TALLY_UPOS_N ? UPOS_NAME[upos] : NULL;
}

int tally_tagger_parse_tag(const char *name, size_t len) {
    for (int t = 0; t < TALLY_UPOS_N; t++)
        if (strlen(UPOS_NAME[t]) == len && memcmp(UPOS_NAME[t], name, len) == 0)
            return t;
    return -1;
}

/* ---- shapes: a token's case class, whether it holds a hyphen, whether it starts
 * the sentence. Sentence ends and starts outside the span have class SH_EDGE. */
enum { SH_LOWER, SH_CAP, SH_UPPER, SH_NUM, SH_PUNCT, SH_EDGE, SH_NCLASS };
enum { SH_HYPHEN = 8, SH_FIRST = 16, SH_N = TALLY_TAGGER_NSHAPE };
static const char *const SHAPE_CLASS[SH_NCLASS] = {"x", "Xx", "XX", "d", ".", "_"};

/* The text of shape s into buf[8]: "^Xx-" is a capitalized first word with a hyphen. */
static size_t shape_text(int s, char *buf) {
    size_t n = 0;
    if (s & SH_FIRST)
        buf[n++] = '^';
    const char *c = (s & 7) < SH_NCLASS ? SHAPE_CLASS[s & 7] : "?";
    while (*c)
        buf[n++] = *c++;
    if (s & SH_HYPHEN)
        buf[n++] = '-';
    buf[n] = 0;
    return n;
}

static int shape_of(const tally_token *t, int first) {
    int s = t->kind == TALLY_TOK_NUM     ? SH_NUM
            : t->kind == TALLY_TOK_PUNCT ? SH_PUNCT
            : t->flags & TALLY_TF_UPPER  ? SH_UPPER
            : t->flags & TALLY_TF_CAP    ? SH_CAP
                                         : SH_LOWER;
    if (t->flags & TALLY_TF_HYPHEN)
        s |= SH_HYPHEN;
    return first ? s | SH_FIRST : s;
}

/* ---- the parts a token gives its features ------------------------------------------ */

/* The words of the four positions just outside a sentence: before it, two before,
 * after it, two after. */
static const char *const EDGE_WORD[4] = {"-START-", "-START2-", "-END-", "-END2-"};

tally_span tally_tagger_word(const tally_tokens *tk, size_t i) {
    const tally_token *t = &tk->toks[i];
    tally_span s = {tk->text->fold + t->fstart, t->flen};
    if (t->kind != TALLY_TOK_NUM)
        return s;
    int year = s.len == 4;
    for (size_t k = 0; k < s.len && year; k++)
        year = is_digit((unsigned char)s.p[k]);
    s.p = year ? "!YEAR" : "!DIGITS";
    s.len = strlen(s.p);
    return s;
}

/* The strings a token gives its features: its word, its last 2, 3, 4 characters,
 * its first 1 and 3. */
enum { S_WORD, S_SUF2, S_SUF3, S_SUF4, S_PRE1, S_PRE3, S_N };

/* Token j's strings and shape as sentence [from, to) sees them; a j outside the
 * span is one of the edge words (from - 2 <= j <= to + 1; past that, -END2-). */
typedef struct {
    tally_span s[S_N]; /* S_* */
    int shape;         /* shape bits */
} parts;

static parts parts_of(const tally_tokens *tk, size_t from, size_t to, size_t j) {
    parts p;
    tally_span f;
    if (j + 2 < from + 2 || j >= to) { /* j < from, without wrapping below zero */
        size_t e = j >= to ? 2 + (j - to < 1 ? j - to : 1) : from - j - 1;
        f.p = EDGE_WORD[e];
        f.len = strlen(f.p);
        p.s[S_WORD] = f;
        p.shape = SH_EDGE;
    } else {
        f = tally_tokens_fold(tk, j);
        p.s[S_WORD] = tally_tagger_word(tk, j);
        p.shape = shape_of(&tk->toks[j], j == from);
    }
    /* whole UTF-8 characters: step over continuation bytes */
    size_t i = f.len;
    for (int c = 1; c <= 4; c++) {
        if (i > 0)
            do
                i--;
            while (i > 0 && ((unsigned char)f.p[i] & 0xC0) == 0x80);
        if (c >= 2)
            p.s[S_SUF2 + c - 2] = (tally_span){f.p + i, f.len - i};
    }
    i = 0;
    for (int c = 1; c <= 3; c++) {
        if (i < f.len)
            do
                i++;
            while (i < f.len && ((unsigned char)f.p[i] & 0xC0) == 0x80);
        if (c == 1 || c == 3)
            p.s[c == 1 ? S_PRE1 : S_PRE3] = (tally_span){f.p, i};
    }
    return p;
}

/* The hashed parts: what the tagger keeps for each token of its window. */
typedef struct {
    uint32_t h[S_N]; /* tally_hash of the strings */
    uint32_t shape;  /* shape bits */
} view;

/* tally_hash of p[0..len) with no branch on len when len <= 4: suffixes and
 * prefixes, whose lengths vary from token to token. */
static inline uint32_t hash_short(const char *p, size_t len) {
    if (len > 4 || len == 0)
        return tally_hash(p, len);
    uint32_t h = 2166136261u;
#pragma GCC unroll 4
    for (size_t i = 0; i < 4; i++) {
        uint32_t n = (h ^ (unsigned char)p[i < len ? i : 0]) * 16777619u;
        h = i < len ? n : h;
    }
    return h;
}

static view view_at(const tally_tokens *tk, size_t from, size_t to, size_t j) {
    view v;
    if (j >= from && j < to) {
        const tally_token *t = &tk->toks[j];
        const unsigned char *f = (const unsigned char *)tk->text->fold + t->fstart;
        size_t n = t->flen;
        /* the usual token: ASCII at both ends, so characters are bytes */
        unsigned high = n >= 4 ? f[0] | f[1] | f[2] | f[n - 4] | f[n - 3] | f[n - 2] | f[n - 1]
                        : n    ? f[0] | f[n / 2] | f[n - 1] /* every byte of 1 to 3 */
                               : 0x80;
        if (!(high & 0x80)) {
            const char *c = (const char *)f;
            size_t n2 = n < 2 ? n : 2, n3 = n < 3 ? n : 3, n4 = n < 4 ? n : 4;
            v.h[S_WORD] = t->hash;
            v.h[S_SUF2] = hash_short(c + n - n2, n2);
            v.h[S_SUF3] = hash_short(c + n - n3, n3);
            v.h[S_SUF4] = hash_short(c + n - n4, n4);
            v.h[S_PRE1] = hash_short(c, 1);
            v.h[S_PRE3] = hash_short(c, n3);
            v.shape = (uint32_t)shape_of(t, j == from);
            if (t->kind == TALLY_TOK_NUM) {
                tally_span w = tally_tagger_word(tk, j);
                v.h[S_WORD] = tally_hash(w.p, w.len);
            }
            return v;
        }
    }
    parts p = parts_of(tk, from, to, j);
    /* a word's hash is its token's (the hash of its fold) unless it is a number */
    int own = j >= from && j < to && tk->toks[j].kind != TALLY_TOK_NUM;
    v.h[S_WORD] = own ? tk->toks[j].hash : tally_hash(p.s[S_WORD].p, p.s[S_WORD].len);
    for (int k = 1; k < S_N; k++)
        v.h[k] = hash_short(p.s[k].p, p.s[k].len);
    v.shape = (uint32_t)p.shape;
    return v;
}

/* ---- templates and keys -------------------------------------------------------- */
enum { P_NONE, P_STR, P_TAG, P_SHAPE };

/* One part of a template: a string of the token at window position pos (-2..2),
 * the tag given at pos (-1, -2), or the shape at pos (its case class alone when
 * case_only). */
typedef struct {
    uint8_t type;      /* P_* */
    int8_t pos;        /* window position */
    uint8_t str;       /* S_* of a P_STR part */
    uint8_t case_only; /* a P_SHAPE part keeps only the case class */
} part;

#define STR(pos, s)                                                                                \
    { P_STR, pos, s, 0 }
#define TAG(pos)                                                                                   \
    { P_TAG, pos, 0, 0 }
#define SHAPE(pos)                                                                                 \
    { P_SHAPE, pos, 0, 0 }
#define NOPART                                                                                     \
    { P_NONE, 0, 0, 0 }

/* The templates, by k; the last is the tag dictionary's. */
static const struct {
    const char *name;
    part a, b;
} TEMPLATE[TALLY_TAGGER_DICT + 1] = {
    {"bias", NOPART, NOPART},
    {"w", STR(0, S_WORD), NOPART},
    {"suf", STR(0, S_SUF3), NOPART},
    {"pre", STR(0, S_PRE1), NOPART},
    {"t-1", TAG(-1), NOPART},
    {"t-2", TAG(-2), NOPART},
    {"t-1,t-2", TAG(-1), TAG(-2)},
    {"t-1,w", TAG(-1), STR(0, S_WORD)},
    {"w-1", STR(-1, S_WORD), NOPART},
    {"suf-1", STR(-1, S_SUF3), NOPART},
    {"w-2", STR(-2, S_WORD), NOPART},
    {"w+1", STR(1, S_WORD), NOPART},
    {"suf+1", STR(1, S_SUF3), NOPART},
    {"w+2", STR(2, S_WORD), NOPART},
    {"shape", SHAPE(0), NOPART},
    {"shape-1,shape", SHAPE(-1), SHAPE(0)},
    {"shape,w", SHAPE(0), STR(0, S_WORD)},
    {"suf2", STR(0, S_SUF2), NOPART},
    {"pre3", STR(0, S_PRE3), NOPART},
    {"suf4", STR(0, S_SUF4), NOPART},
    {"dict", {P_SHAPE, 0, 0, 1}, STR(0, S_WORD)},
};

/* The key of template k with part values a and b (a tag t is t + 1, so that the
 * tag before a sentence, -1, is 0; an absent part is 0). */
static inline uint64_t key_of(int k, uint32_t a, uint32_t b) {
    /* one multiply spreads a and b over the high bits (the check), the shift brings
     * them down to the low ones (the bucket) */
    uint64_t h =
        ((uint64_t)a << 32 | b) * 0x9E3779B97F4A7C15ULL + (uint64_t)(k + 1) * 0xC2B2AE3D27D4EB4FULL;
    return h ^ h >> 29;
}

/* The value of part p for the token at win[2], given the tags before it. */
__attribute__((always_inline)) static inline uint32_t part_value(const part *p, const view win[5],
                                                                 int p1, int p2) {
    switch (p->type) {
    case P_STR:
        return win[2 + p->pos].h[p->str];
    case P_TAG:
        return (uint32_t)((p->pos == -1 ? p1 : p2) + 1);
    case P_SHAPE:
        return win[2 + p->pos].shape & (p->case_only ? 7u : ~0u);
    default:
        return 0;
    }
}

__attribute__((always_inline)) static inline uint64_t key_at(int k, const view win[5], int p1,
                                                             int p2) {
    return key_of(k, part_value(&TEMPLATE[k].a, win, p1, p2),
                  part_value(&TEMPLATE[k].b, win, p1, p2));
}

/* Keys of every template for win[2] (win[0..5) are positions -2..+2). */
static void keys_of(const view win[5], int p1, int p2, uint64_t keys[TALLY_TAGGER_DICT + 1]) {
    /* unrolled, the template table folds away: each key is a few instructions */
#pragma GCC unroll 32
    for (int k = 0; k <= TALLY_TAGGER_DICT; k++)
        keys[k] = key_at(k, win, p1, p2);
}

void tally_tagger_keys(const tally_tokens *tk, size_t from, size_t to, size_t i, int p1, int p2,
                       uint64_t keys[TALLY_TAGGER_NFEAT + 1]) {
    view win[5];
    for (int d = 0; d < 5; d++)
        win[d] = view_at(tk, from, to, i + (size_t)d - 2);
    keys_of(win, p1, p2, keys);
}

/* ---- text forms ---------------------------------------------------------------- */

/* Appends part text p[0..len) to buf at *n (a space first), cut at cap. */
static void put(char *buf, size_t cap, size_t *n, const char *p, size_t len) {
    if (*n + 1 < cap)
        buf[(*n)++] = ' ';
    size_t k = len < cap - 1 - *n ? len : cap - 1 - *n;
    memcpy(buf + *n, p, k);
    *n += k;
}

/* Appends the text of part p of token win[2]'s feature. */
static void put_part(char *buf, size_t cap, size_t *n, const part *p, const parts win[5], int p1,
                     int p2) {
    if (p->type == P_TAG) {
        int t = p->pos == -1 ? p1 : p2;
        const char *s = t < 0 ? "-" : UPOS_NAME[t];
        put(buf, cap, n, s, strlen(s));
    } else if (p->type == P_SHAPE) {
        char s[8];
        int sh = win[2 + p->pos].shape;
        size_t l = shape_text(p->case_only ? sh & 7 : sh, s);
        put(buf, cap, n, s, l);
    } else if (p->type == P_STR) {
        tally_span s = win[2 + p->pos].s[p->str];
        put(buf, cap, n, s.p, s.len);
    }
}

size_t tally_tagger_feature_text(const tally_tokens *tk, size_t from, size_t to, size_t i, int p1,
                                 int p2, int k, char *buf, size_t cap) {
    parts win[5];
    for (int d = 0; d < 5; d++)
        win[d] = parts_of(tk, from, to, i + (size_t)d - 2);
    size_t n = strlen(TEMPLATE[k].name);
    if (n >= cap)
        n = cap - 1;
    memcpy(buf, TEMPLATE[k].name, n);
    put_part(buf, cap, &n, &TEMPLATE[k].a, win, p1, p2);
    put_part(buf, cap, &n, &TEMPLATE[k].b, win, p1, p2);
    buf[n] = 0;
    return n;
}

/* The value of a part's text p[0..len) of type type, or -1 when it names nothing. */
static int64_t parse_part(int type, const char *p, size_t len) {
    if (type == P_STR)
        return tally_hash(p, len);
    if (type == P_TAG) {
        if (len == 1 && p[0] == '-')
            return 0; /* the tag before the sentence */
        int t = tally_tagger_parse_tag(p, len);
        return t < 0 ? -1 : t + 1;
    }
    for (int s = 0; s < SH_N; s++) {
        char buf[8];
        if ((s & 7) < SH_NCLASS && shape_text(s, buf) == len && memcmp(buf, p, len) == 0)
            return s;
    }
    return -1;
}

int tally_tagger_key_parse(const char *p, size_t len, uint64_t *key) {
    const char *end = p + len, *sp = memchr(p, ' ', len);
    size_t nl = sp ? (size_t)(sp - p) : len;
    for (int k = 0; k <= TALLY_TAGGER_DICT; k++) {
        if (strlen(TEMPLATE[k].name) != nl || memcmp(TEMPLATE[k].name, p, nl) != 0)
            continue;
        uint8_t types[2] = {TEMPLATE[k].a.type, TEMPLATE[k].b.type};
        int nparts = (types[0] != P_NONE) + (types[1] != P_NONE);
        if ((nparts > 0) != (sp != NULL))
            return -1;
        tally_span pt[2] = {{sp ? sp + 1 : end, sp ? (size_t)(end - sp - 1) : 0}, {end, 0}};
        if (nparts == 2) { /* the first part ends at a space; the last runs to the end */
            const char *sp2 = memchr(pt[0].p, ' ', pt[0].len);
            if (!sp2)
                return -1;
            pt[1].p = sp2 + 1;
            pt[1].len = (size_t)(end - sp2 - 1);
            pt[0].len = (size_t)(sp2 - pt[0].p);
        }
        uint32_t v[2] = {0, 0};
        for (int i = 0; i < nparts; i++) {
            int64_t val = parse_part(types[i], pt[i].p, pt[i].len);
            if (val < 0)
                return -1;
            v[i] = (uint32_t)val;
        }
        *key = key_of(k, v[0], v[1]);
        return 0;
    }
    return -1;
}

/* ---- tagging ------------------------------------------------------------------- */

/* The slot of key in m: its own, or an empty one (all zero), whose entries add
 * nothing. Returns its bucket; *lane is the slot in it. */
static inline const uint32_t *lookup(const tally_tagger_model *m, uint64_t key, unsigned *lane) {
    typedef uint32_t u32x4 __attribute__((vector_size(16))); /* GCC and Clang vectors */
    uint32_t b = (uint32_t)key & m->mask, check = (uint32_t)(key >> 32);
    for (;;) {
        const uint32_t *s = m->slots + 16 * (size_t)b;
        u32x4 c, e;
        memcpy(&c, s, sizeof c);
        memcpy(&e, s + 4, sizeof e);
        /* the first slot that is the key's or empty, without a branch per slot */
        u32x4 hit = (c == check) | (e == 0);
#ifdef __SSE2__
        unsigned h = (unsigned)_mm_movemask_ps((__m128)hit); /* one bit a lane */
#else
        unsigned h = (hit[0] & 1) | (hit[1] & 2) | (hit[2] & 4) | (hit[3] & 8);
#endif
        if (h) {
            *lane = (unsigned)__builtin_ctz(h);
            return s;
        }
        b = (b + 1) & m->mask;
    }
}

/* Adds the weights of the slot in bucket s, lane j, to the scores s[0..32) (tag
 * fields have 5 bits; rows are TALLY_TAGGER_ROW wide, padded with zeros so that
 * the loop is vector adds). Sums stay in 16 bits: no weight passes TALLY_TAGGER_WMAX. */
static inline void add_slot(const tally_tagger_model *m, const uint32_t *b, unsigned j,
                            int16_t *s) {
    uint32_t e0 = b[4 + j];
    if (e0 >> 30) { /* a row (or, by a key collision, a dictionary entry: nothing) */
        if (e0 & TALLY_TAGGER_E_ROW) {
            const int16_t *r = m->rows + (size_t)(e0 & ~TALLY_TAGGER_E_ROW) * TALLY_TAGGER_ROW;
            for (int t = 0; t < TALLY_TAGGER_ROW; t++)
                s[t] = (int16_t)(s[t] + r[t]);
        }
        return;
    }
    for (int i = 1; i <= 3; i++) { /* an absent entry is 0: adds 0 to tag 0 */
        uint32_t e = b[4 * i + j];
        s[(e >> 16) & 31] = (int16_t)(s[(e >> 16) & 31] + (int16_t)(uint16_t)e);
    }
}

/* Where template k's weights are summed before tagging: with the other templates
 * of tags alone (TAG_CTX: bias, t-1, t-1,t-2 ...), with those of the shapes at -1
 * and 0 alone (SHAPE_CTX), or nowhere (looked up for each token). */
enum { CTX_NONE, CTX_TAGS, CTX_SHAPES };
static inline int ctx_of(int k) {
    const part *a = &TEMPLATE[k].a, *b = &TEMPLATE[k].b;
    if (k == TALLY_TAGGER_DICT)
        return CTX_NONE;
    if ((a->type == P_NONE || a->type == P_TAG) && (b->type == P_NONE || b->type == P_TAG))
        return CTX_TAGS;
    if (a->type == P_SHAPE && a->pos >= -1 && a->pos <= 0 &&
        (b->type == P_NONE || (b->type == P_SHAPE && b->pos >= -1 && b->pos <= 0)))
        return CTX_SHAPES;
    return CTX_NONE;
}

void tally_tagger_model_ctx(const tally_tagger_model *m, int16_t *tag_ctx, int16_t *shape_ctx) {
    view win[5];
    memset(win, 0, sizeof win);
    for (int i = 0; i < 2; i++) {
        int n = i == 0 ? TALLY_UPOS_N + 1 : TALLY_TAGGER_NSHAPE;
        for (int a = 0; a < n; a++)
            for (int b = 0; b < n; b++) {
                int16_t s[32] = {0};
                win[1].shape = (uint32_t)a;
                win[2].shape = (uint32_t)b;
                for (int k = 0; k < TALLY_TAGGER_NFEAT; k++)
                    if (ctx_of(k) == (i == 0 ? CTX_TAGS : CTX_SHAPES)) {
                        unsigned j;
                        const uint32_t *bk = lookup(m, key_at(k, win, a - 1, b - 1), &j);
                        add_slot(m, bk, j, s);
                    }
                memcpy((i == 0 ? tag_ctx : shape_ctx) + ((size_t)a * n + b) * TALLY_TAGGER_ROW, s,
                       TALLY_TAGGER_ROW * sizeof *s);
            }
    }
}

/* The best-scoring tag for the token at win[2]. */
static int score(const tally_tagger_model *m, const view win[5], int p1, int p2) {
    unsigned j;
    const uint32_t *d = lookup(m, key_at(TALLY_TAGGER_DICT, win, p1, p2), &j);
    if (d[4 + j] & TALLY_TAGGER_E_DICT)
        return (int)(d[4 + j] & 0xff);
    uint64_t keys[TALLY_TAGGER_NFEAT];
    /* the slots are scattered: ask for them all before waiting on any */
#pragma GCC unroll 32
    for (int k = 0; k < TALLY_TAGGER_NFEAT; k++)
        if (ctx_of(k) == CTX_NONE) {
            keys[k] = key_at(k, win, p1, p2);
            __builtin_prefetch(m->slots + 16 * (size_t)((uint32_t)keys[k] & m->mask));
        }
    int16_t s[32];
    const int16_t *tc =
        m->tag_ctx + ((size_t)(p1 + 1) * (TALLY_UPOS_N + 1) + (size_t)(p2 + 1)) * TALLY_TAGGER_ROW;
    const int16_t *sc = m->shape_ctx + ((size_t)win[1].shape * TALLY_TAGGER_NSHAPE + win[2].shape) *
                                           TALLY_TAGGER_ROW;
    for (int t = 0; t < TALLY_TAGGER_ROW; t++)
        s[t] = (int16_t)(tc[t] + sc[t]);
#pragma GCC unroll 32
    for (int k = 0; k < TALLY_TAGGER_NFEAT; k++)
        if (ctx_of(k) == CTX_NONE) {
            const uint32_t *b = lookup(m, keys[k], &j);
            add_slot(m, b, j, s);
        }
    int best = 0;
    for (int t = 1; t < TALLY_UPOS_N; t++)
        if (s[t] > s[best])
            best = t;
    return best;
}

void tally_tagger_tag_model(const tally_tagger_model *m, const tally_tokens *tk, size_t from,
                            size_t to, uint8_t *tags) {
    view win[5];
    for (int d = 0; d < 5; d++)
        win[d] = view_at(tk, from, to, from + (size_t)d - 2);
    int p1 = -1, p2 = -1;
    for (size_t i = from; i < to; i++) {
        int t = score(m, win, p1, p2);
        tags[i - from] = (uint8_t)t;
        p2 = p1;
        p1 = t;
        memmove(win, win + 1, 4 * sizeof *win);
        win[4] = view_at(tk, from, to, i + 3); /* past the end: the -END2- word again */
    }
}

/* ---- the built-in model -------------------------------------------------------- */
#ifdef TALLY_TAGGER_NO_MODEL
/* tools/train_tagger.c's generator, which makes the model, runs without one */
static const uint32_t TAGGER_SLOTS[16] = {0};
static const int16_t TAGGER_ROWS[TALLY_TAGGER_ROW] = {0};
static const int16_t TAGGER_TAG_CTX[(TALLY_UPOS_N + 1) * (TALLY_UPOS_N + 1) * TALLY_TAGGER_ROW] = {
    0};
static const int16_t
    TAGGER_SHAPE_CTX[TALLY_TAGGER_NSHAPE * TALLY_TAGGER_NSHAPE * TALLY_TAGGER_ROW] = {0};
#define TAGGER_MASK 0u
#else
/* TAGGER_SLOTS, TAGGER_MASK, TAGGER_ROWS and the two CTX tables, made from data/tagger.weights by
 * build/tagger_compile. Included rather than linked so that every build that
 * compiles the sources (library, ASan, fuzz targets) gets it with no rule of its own. */
#include "tagger_data.c"
#endif

static const tally_tagger_model BUILTIN = {TAGGER_SLOTS, TAGGER_MASK, TAGGER_ROWS, TAGGER_TAG_CTX,
                                           TAGGER_SHAPE_CTX};

void tally_tagger_tag(const tally_tokens *tk, size_t from, size_t to, uint8_t *tags) {
    tally_tagger_tag_model(&BUILTIN, tk, from, to, tags);
}
