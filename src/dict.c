/* dict.c: the dictionary parser (used by tools/dictc at build time and by
 * `tally dict check`) and the run-time index of entries by their first word. */
#include "dict.h"
#include "lexicon.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *SECTIONS[DICT_NSECTIONS] = {"trigger", "casualty", "person", "actor",
                                               "agent",   "speech",   "outlet", "hedge",
                                               "period",  "nonperson", "verb", "discard", "act", "process"};

int tally_dict_section(const char *name, size_t len) {
    for (int i = 0; i < DICT_NSECTIONS; i++)
        if (strlen(SECTIONS[i]) == len && memcmp(SECTIONS[i], name, len) == 0)
            return i;
    return -1;
}

const char *tally_dict_section_name(int section) {
    return section >= 0 && section < DICT_NSECTIONS ? SECTIONS[section] : "?";
}

const char *tally_dict_attr(const tally_dict_entry *e, const char *key) {
    for (size_t i = 0; i < e->nattrs; i++)
        if (strcmp(e->keys[i], key) == 0)
            return e->vals[i];
    return NULL;
}

/* Fold a phrase the way the tokenizer folds text, and split it into the tokenizer's
 * tokens, so that a dictionary phrase and the text it should match agree. */
static int phrase_tokens(tally_arena *a, const char *p, size_t len, tally_dict_entry *e, const char **why) {
    tally_text *t = tally_text_new(a, p, len);
    tally_tokens tk;
    tally_tokens_split(a, t, &tk);
    if (tk.ntoks == 0) {
        *why = "empty phrase";
        return 0;
    }
    if (tk.ntoks > DICT_MAX_TOKS) {
        *why = "phrase longer than 8 words";
        return 0;
    }
    tally_buf b = {0};
    for (size_t i = 0; i < tk.ntoks; i++) {
        e->hash[i] = tk.toks[i].hash;
        if (i)
            tally_buf_put(&b, " ", 1);
        tally_buf_put(&b, t->fold + tk.toks[i].fstart, tk.toks[i].flen);
    }
    e->ntoks = (uint8_t)tk.ntoks;
    e->phrase = tally_arena_strndup(a, b.p, b.len);
    tally_buf_free(&b);
    return 1;
}

size_t tally_dict_parse(tally_arena *a, const char *file, const char *buf, size_t len,
                        tally_dict_entry_fn each, tally_dict_error_fn err, void *ctx) {
    size_t problems = 0;
    int section = -1;
    uint32_t line = 0;
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(buf + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - buf) : len;
        const char *p = buf + i;
        size_t l = e - i;
        i = nl ? e + 1 : len;
        line++;
        while (l && is_space((unsigned char)p[l - 1]))
            l--;
        while (l && is_space((unsigned char)*p))
            p++, l--;
        if (!l || *p == '#')
            continue;
        if (*p == '[') {
            if (p[l - 1] != ']' || (section = tally_dict_section(p + 1, l - 2)) < 0) {
                err(ctx, file, line, "unknown section (want [trigger], [casualty], [person], [actor], "
                                     "[agent], [speech], [outlet], [hedge], [period], [nonperson], [verb] "
                                     "or [discard])");
                problems++;
                section = -1;
            }
            continue;
        }
        if (section < 0) {
            err(ctx, file, line, "entry before any [section] line");
            problems++;
            continue;
        }
        /* phrases | ... <two spaces or a tab> key=value ... */
        size_t split = l;
        for (size_t k = 0; k + 1 < l; k++)
            if (p[k] == '\t' || (p[k] == ' ' && p[k + 1] == ' ')) {
                split = k;
                break;
            }
        tally_dict_entry base;
        memset(&base, 0, sizeof base);
        base.section = (uint8_t)section;
        base.file = file;
        base.line = line;
        const char *q = p + split, *qe = p + l;
        int bad = 0;
        while (q < qe && !bad) {
            while (q < qe && is_space((unsigned char)*q))
                q++;
            if (q >= qe)
                break;
            const char *q0 = q, *eq = q;
            while (eq < qe && *eq != '=' && !is_space((unsigned char)*eq))
                eq++;
            if (eq >= qe || *eq != '=' || eq == q) {
                err(ctx, file, line, "attribute without '=' (want key=value)");
                bad = 1;
                break;
            }
            const char *v = eq + 1, *ve;
            if (v < qe && *v == '"') {
                v++;
                ve = memchr(v, '"', (size_t)(qe - v));
                if (!ve) {
                    err(ctx, file, line, "unclosed quote in a value");
                    bad = 1;
                    break;
                }
                q = ve + 1;
            } else {
                ve = v;
                while (ve < qe && !is_space((unsigned char)*ve))
                    ve++;
                q = ve;
            }
            if (base.nattrs == DICT_MAX_ATTRS) {
                err(ctx, file, line, "more than 8 attributes");
                bad = 1;
                break;
            }
            base.keys[base.nattrs] = tally_arena_strndup(a, q0, (size_t)(eq - q0));
            base.vals[base.nattrs] = tally_arena_strndup(a, v, (size_t)(ve - v));
            base.nattrs++;
        }
        if (bad) {
            problems++;
            continue;
        }
        /* each variant between '|' is an entry of its own */
        const char *s = p, *se = p + split;
        while (s < se) {
            const char *bar = memchr(s, '|', (size_t)(se - s));
            const char *ve = bar ? bar : se;
            tally_dict_entry ent = base;
            const char *why = NULL;
            const char *x = s;
            size_t xl = (size_t)(ve - s);
            while (xl && is_space((unsigned char)*x))
                x++, xl--;
            while (xl && is_space((unsigned char)x[xl - 1]))
                xl--;
            if (!phrase_tokens(a, x, xl, &ent, &why)) {
                err(ctx, file, line, why);
                problems++;
            } else {
                each(ctx, &ent);
            }
            s = bar ? bar + 1 : se;
        }
    }
    return problems;
}

/* ---- run-time index: entries by the hash of their first word ---- */
#define IDX_SLOTS 16384

typedef struct {
    const tally_dict_entry **v; /* entries whose first word has this slot */
    uint32_t n, cap;
} bucket;

static bucket idx[IDX_SLOTS];
static size_t total;

void tally_dict_add(const tally_dict_entry *e) {
    bucket *b = &idx[e->hash[0] & (IDX_SLOTS - 1)];
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 4;
        b->v = xrealloc(b->v, b->cap * sizeof *b->v);
    }
    b->v[b->n++] = e;
    total++;
    /* the lexicon marks the first word so that the matcher only looks up likely tokens */
    char w[64];
    const char *sp = strchr(e->phrase, ' ');
    size_t l = sp ? (size_t)(sp - e->phrase) : strlen(e->phrase);
    if (l < sizeof w) {
        memcpy(w, e->phrase, l);
        w[l] = 0;
        tally_lexicon_add(w, LEX_DICT);
    }
}

size_t tally_dict_count(void) { return total; }

int tally_dict_word_is(const tally_dict_entry *e, size_t j, const char *w, size_t len) {
    const char *p = e->phrase; /* words separated by one space */
    for (size_t k = 0; k < j && p; k++) {
        p = strchr(p, ' ');
        if (p)
            p++;
    }
    return p && strncmp(p, w, len) == 0 && (p[len] == ' ' || p[len] == 0);
}

size_t tally_dict_bucket(uint32_t h, const tally_dict_entry *const **out) {
    const bucket *b = &idx[h & (IDX_SLOTS - 1)];
    *out = (const tally_dict_entry *const *)b->v;
    return b->n;
}

size_t tally_dict_match(const tally_tokens *tk, size_t i, size_t end, unsigned mask,
                        const tally_dict_entry **out) {
    if (i >= end || !(tk->toks[i].lex & LEX_DICT))
        return 0;
    const bucket *b = &idx[tk->toks[i].hash & (IDX_SLOTS - 1)];
    size_t best = 0;
    for (uint32_t k = 0; k < b->n; k++) {
        const tally_dict_entry *e = b->v[k];
        if (!(mask & (1u << e->section)) || e->ntoks <= best || i + e->ntoks > end)
            continue;
        size_t j = 0;
        while (j < e->ntoks && tk->toks[i + j].hash == e->hash[j])
            j++;
        if (j < e->ntoks)
            continue;
        /* hashes agree: confirm the words */
        int ok = 1;
        for (j = 0; j < e->ntoks && ok; j++) {
            tally_span s = tally_tokens_fold(tk, i + j);
            ok = tally_dict_word_is(e, j, s.p, s.len);
        }
        if (ok) {
            best = e->ntoks;
            *out = e;
        }
    }
    return best;
}

#ifndef TALLY_DICTC
/* The entries compiled from data/NAME.dict (build/gen/dict_data.c). */
extern const tally_dict_entry tally_dict_builtin[];
extern const size_t tally_dict_builtin_n;

int tally_dict_is_builtin(const tally_dict_entry *e) {
    return e >= tally_dict_builtin && e < tally_dict_builtin + tally_dict_builtin_n;
}

/* Index the compiled entries before main. */
__attribute__((constructor)) static void dict_init(void) {
    for (size_t i = 0; i < tally_dict_builtin_n; i++)
        tally_dict_add(&tally_dict_builtin[i]);
}
#else
int tally_dict_is_builtin(const tally_dict_entry *e) {
    (void)e;
    return 0;
}
#endif
