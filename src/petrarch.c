/* petrarch.c: PETRARCH2's verb, actor, agent and discard dictionaries read into
 * tally_dict_entry form. Each record is rewritten as a line of tally's own
 * dictionary format and handed to tally_dict_parse, so that phrases are folded
 * and hashed exactly as data/NAME.dict phrases are: one dictionary system. */
#include "petrarch.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    tally_arena *a;
    const char *file;
    uint32_t line;             /* line of the record being read */
    tally_dict_entry_fn each;
    tally_dict_error_fn err;
    void *ctx;
    size_t problems;
} reader;

static void fwd_each(void *vr, const tally_dict_entry *e) {
    reader *r = vr;
    tally_dict_entry c = *e;
    c.file = r->file;
    c.line = r->line;
    r->each(r->ctx, &c);
}

static void fwd_err(void *vr, const char *file, uint32_t line, const char *msg) {
    (void)file;
    (void)line;
    reader *r = vr;
    r->err(r->ctx, r->file, r->line, msg);
    r->problems++;
}

static void problem(reader *r, const char *msg) {
    r->err(r->ctx, r->file, r->line, msg);
    r->problems++;
}

/* Hand one entry "phrase  attrs" of a section to tally_dict_parse. The phrase's
 * '_' become spaces; quotes are dropped from it. */
static void put_entry(reader *r, const char *section, const char *phrase, size_t plen,
                      const char *attrs) {
    tally_buf b = {0};
    tally_buf_printf(&b, "[%s]\n", section);
    size_t start = b.len;
    for (size_t i = 0; i < plen; i++) {
        char c = phrase[i];
        if (c == '_' || c == '\t')
            c = ' ';
        if (c == '"' || c == '|' || c == '#' || c == '[' || c == ']')
            continue;
        if (c == ' ' && (b.len == start || b.p[b.len - 1] == ' '))
            continue;
        tally_buf_put(&b, &c, 1);
    }
    while (b.len > start && b.p[b.len - 1] == ' ')
        b.len--;
    if (b.len == start) {
        tally_buf_free(&b);
        return;
    }
    tally_buf_puts(&b, "\t");
    tally_buf_puts(&b, attrs);
    tally_buf_puts(&b, "\n");
    tally_dict_parse(r->a, r->file, b.p, b.len, fwd_each, fwd_err, r);
    tally_buf_free(&b);
}

/* ---- lines: comments out, blanks trimmed ---- */

/* The next line of buf from *pos with comments removed: "<!-- ... -->" (over lines),
 * '#' and ';' outside brackets. Sets *out to an arena copy; returns 0 at the end. */
static int next_line(reader *r, const char *buf, size_t len, size_t *pos, int *in_comment,
                     char **out, size_t *olen) {
    if (*pos >= len)
        return 0;
    const char *p = buf + *pos;
    const char *nl = memchr(p, '\n', len - *pos);
    size_t l = nl ? (size_t)(nl - p) : len - *pos;
    *pos += l + (nl != NULL);
    r->line++;
    char *o = tally_arena_alloc(r->a, l + 1);
    size_t n = 0;
    int depth = 0;
    for (size_t i = 0; i < l; i++) {
        if (*in_comment) {
            if (i + 2 < l + 0 && p[i] == '-' && p[i + 1] == '-' && p[i + 2] == '>') {
                *in_comment = 0;
                i += 2;
            }
            continue;
        }
        if (p[i] == '<' && i + 1 < l && p[i + 1] == '!') {
            *in_comment = 1;
            continue;
        }
        if (p[i] == '[')
            depth++;
        if (p[i] == ']' && depth)
            depth--;
        if (!depth && (p[i] == '#' || p[i] == ';'))
            break;
        o[n++] = p[i] == '\r' ? ' ' : p[i];
    }
    while (n && is_space((unsigned char)o[n - 1]))
        n--;
    o[n] = 0;
    *out = o;
    *olen = n;
    return 1;
}

static char *trim(char *s) {
    while (is_space((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && is_space((unsigned char)s[n - 1]))
        s[--n] = 0;
    return s;
}

static void lower(char *s) {
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            *s = (char)(*s + 32);
}

/* The text inside the first [...] of s (trimmed) into out; 0 when there is none. */
static int bracket(const char *s, char *out, size_t cap) {
    const char *o = strchr(s, '['), *c = o ? strchr(o, ']') : NULL;
    if (!o || !c || (size_t)(c - o - 1) >= cap)
        return 0;
    memcpy(out, o + 1, (size_t)(c - o - 1));
    out[c - o - 1] = 0;
    char *t = trim(out);
    memmove(out, t, strlen(t) + 1);
    return 1;
}

/* ---- verbs ---- */
#define MAX_SYN 256
#define MAX_EXPAND 64

typedef struct {
    char *name;     /* without the '&', upper case as written */
    char **items;   /* phrases, words joined by '_' */
    size_t n, cap;
} synset;

typedef struct {
    char *phrase; /* words joined by ' ' or '_', '+' marking the verb word */
    char *forms;  /* the {...} text, or NULL */
    char *code;   /* the verb's own code, or NULL for the block's */
    uint32_t line;
} verb_line;

typedef struct {
    reader *r;
    synset syn[MAX_SYN];
    size_t nsyn;
    synset *cur;       /* the synset being read */
    char *block_code;  /* code of the current block */
    verb_line *verbs;
    size_t nverbs, capverbs;
    tally_buf pats;    /* "pre|post|code|pair;" of the current block */
} verbs;

static void grow_push(void **v, size_t *n, size_t *cap, size_t size, const void *item) {
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        *v = xrealloc(*v, *cap * size);
    }
    memcpy((char *)*v + *n * size, item, size);
    (*n)++;
}

/* The regular forms of a word: base, +S, +ED, +ING (PETRARCH's rules). */
static void verb_forms(const char *w, char out[4][64]) {
    size_t n = strlen(w);
    if (n == 0 || n > 56) {
        for (int i = 0; i < 4; i++)
            snprintf(out[i], 64, "%.56s", w);
        return;
    }
    char last = w[n - 1], prev = n > 1 ? w[n - 2] : 0;
    snprintf(out[0], 64, "%.56s", w);
    int vowel_prev = prev == 'A' || prev == 'E' || prev == 'I' || prev == 'O' || prev == 'U';
    if (last == 'E') {
        snprintf(out[1], 64, "%.56sS", w);
        snprintf(out[2], 64, "%.56sD", w);
        snprintf(out[3], 64, "%.*sING", (int)(n - 1), w);
    } else if (last == 'Y' && !vowel_prev) {
        snprintf(out[1], 64, "%.*sIES", (int)(n - 1), w);
        snprintf(out[2], 64, "%.*sIED", (int)(n - 1), w);
        snprintf(out[3], 64, "%.56sING", w);
    } else if (last == 'S' || last == 'X' || last == 'Z' || (last == 'H' && (prev == 'S' || prev == 'C'))) {
        snprintf(out[1], 64, "%.56sES", w);
        snprintf(out[2], 64, "%.56sED", w);
        snprintf(out[3], 64, "%.56sING", w);
    } else {
        snprintf(out[1], 64, "%.56sS", w);
        snprintf(out[2], 64, "%.56sED", w);
        snprintf(out[3], 64, "%.56sING", w);
    }
}

/* Split a "[032:033]" code into code and pair, cleaned to [A-Za-z0-9-+#]. */
static void split_code(const char *c, char *code, char *pair, size_t cap) {
    size_t i = 0, k = 0;
    code[0] = pair[0] = 0;
    for (; c[i] && c[i] != ':' && k + 1 < cap; i++)
        if (is_alpha((unsigned char)c[i]) || is_digit((unsigned char)c[i]) || c[i] == '-' ||
            c[i] == '+' || c[i] == '#')
            code[k++] = c[i];
    code[k] = 0;
    if (c[i] == ':') {
        k = 0;
        for (i++; c[i] && k + 1 < cap; i++)
            if (is_alpha((unsigned char)c[i]) || is_digit((unsigned char)c[i]) || c[i] == '-')
                pair[k++] = c[i];
        pair[k] = 0;
    }
}

static synset *find_synset(verbs *v, const char *p, size_t *used) {
    synset *best = NULL;
    size_t bl = 0;
    for (size_t i = 0; i < v->nsyn; i++) {
        size_t l = strlen(v->syn[i].name);
        if (l > bl && strncmp(p, v->syn[i].name, l) == 0 &&
            !(is_alpha((unsigned char)p[l]) || is_digit((unsigned char)p[l]))) {
            best = &v->syn[i];
            bl = l;
        }
    }
    *used = bl;
    return best;
}

/* Expand the synsets (&NAME) of pattern text s into out (up to MAX_EXPAND
 * variants, each in the arena). depth bounds synsets inside synsets. */
static void expand(verbs *v, const char *s, char **out, size_t *n, int depth) {
    const char *amp = strchr(s, '&');
    if (!amp || depth > 3) {
        if (*n < MAX_EXPAND)
            out[(*n)++] = tally_arena_strndup(v->r->a, s, strlen(s));
        return;
    }
    size_t used;
    synset *sy = find_synset(v, amp + 1, &used);
    if (!sy) {
        problem(v->r, "pattern uses a synset that is not defined before it; pattern skipped");
        return;
    }
    for (size_t i = 0; i < sy->n && *n < MAX_EXPAND; i++) {
        tally_buf b = {0};
        tally_buf_put(&b, s, (size_t)(amp - s));
        tally_buf_puts(&b, sy->items[i]);
        tally_buf_puts(&b, amp + 1 + used);
        expand(v, b.p, out, n, depth + 1);
        tally_buf_free(&b);
    }
}

/* Normalize one side of a pattern: markers ($ + % ^) out, lower case, words
 * ending in N'T split like the parser ("didn't" = "did n't"). */
static void clean_side(const char *s, size_t len, tally_buf *out) {
    size_t start = out->len;
    tally_buf_put(out, " ", 1); /* out->p exists even when nothing is kept */
    out->len = start;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '$' || c == '%' || c == '^' || c == '{' || c == '}' || c == '(' || c == ')' ||
            c == '|' || c == ';' || c == '"')
            c = ' ';
        if (c == '+' && (i + 1 >= len || s[i + 1] == ' ' || s[i + 1] == '_'))
            c = ' '; /* the target marker */
        if (c == '+')
            continue; /* "WIRE_+TAP": the verb-word marker */
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (c == '\'' && i + 1 < len && (s[i + 1] == 't' || s[i + 1] == 'T') && i >= 1 &&
            (s[i - 1] == 'n' || s[i - 1] == 'N') && out->len > start + 1 &&
            out->p[out->len - 2] != ' ' && out->p[out->len - 2] != '_') {
            /* "didn't": "did_n't" */
            out->p[out->len - 1] = '_';
            tally_buf_put(out, "n", 1);
        }
        if (c == ' ' && (out->len == start || out->p[out->len - 1] == ' '))
            continue;
        tally_buf_put(out, &c, 1);
    }
    /* '_' next to a removed marker, or doubled, means nothing */
    size_t w = start;
    for (size_t i = start; i < out->len; i++) {
        char c = out->p[i];
        if (c == '_' && (w == start || out->p[w - 1] == ' ' || out->p[w - 1] == '_')) {
            if (w == start && i == start)
                out->p[w++] = c; /* a leading '_' ties to the verb: keep */
            continue;
        }
        if (c == ' ' && w > start && out->p[w - 1] == '_')
            w--;
        out->p[w++] = c;
    }
    while (w > start && out->p[w - 1] == ' ')
        w--;
    out->len = w;
    out->p[w] = 0;
}

static void add_pattern(verbs *v, const char *line) {
    char codebuf[64], code[32], pair[32];
    const char *lb = strrchr(line, '[');
    if (!lb || !bracket(lb, codebuf, sizeof codebuf)) {
        problem(v->r, "pattern without a [code]; pattern skipped");
        return;
    }
    split_code(codebuf, code, pair, sizeof code);
    const char *body = line + 1; /* after '-' */
    size_t blen = (size_t)(lb - body);
    char *text = tally_arena_strndup(v->r->a, body, blen);
    char *exp[MAX_EXPAND];
    size_t n = 0;
    expand(v, text, exp, &n, 0);
    for (size_t i = 0; i < n; i++) {
        char *star = strchr(exp[i], '*');
        if (!star) {
            problem(v->r, "pattern without '*' for the verb; pattern skipped");
            continue;
        }
        size_t sl = star[1] == '*' ? 2 : 1;
        tally_buf pre = {0}, post = {0};
        size_t prel = (size_t)(star - exp[i]);
        /* "FAILED_TO_*": the last pre word touches the verb */
        int tie_pre = prel && exp[i][prel - 1] == '_';
        clean_side(exp[i], prel - (size_t)tie_pre, &pre);
        clean_side(star + sl, strlen(star + sl), &post);
        /* trim a leading blank kept by clean_side when the text starts with ' ' */
        if (tie_pre && pre.len)
            tally_buf_put(&pre, "_", 1);
        const char *pp = pre.p ? pre.p : "", *qp = post.p ? post.p : "";
        while (*pp == ' ')
            pp++;
        while (*qp == ' ')
            qp++;
        tally_buf_printf(&v->pats, "%s|%s|%s|%s;", pp, qp, code, pair);
        tally_buf_free(&pre);
        tally_buf_free(&post);
    }
}

/* Write the entries of the block read so far: each form of each verb. */
static void flush_block(verbs *v) {
    reader *r = v->r;
    uint32_t saved = r->line;
    /* the patterns as one attribute value: '|' and ';' separate, no quotes inside */
    char *pats = v->pats.len ? tally_arena_strndup(r->a, v->pats.p, v->pats.len) : NULL;
    for (size_t i = 0; i < v->nverbs; i++) {
        verb_line *vl = &v->verbs[i];
        r->line = vl->line;
        char code[32], pair[32];
        split_code(vl->code ? vl->code : v->block_code ? v->block_code : "---", code, pair,
                   sizeof code);
        /* the verb word: the one marked '+', else the first */
        char words[256];
        snprintf(words, sizeof words, "%s", vl->phrase);
        for (char *p = words; *p; p++)
            if (*p == '_')
                *p = ' ';
        char *plus = strchr(words, '+');
        char *vw = plus ? plus + 1 : words;
        if (plus)
            memmove(plus, plus + 1, strlen(plus));
        vw = plus ? plus : words;
        size_t vwl = strcspn(vw, " ");
        char head[64];
        snprintf(head, sizeof head, "%.*s", (int)(vwl < 63 ? vwl : 63), vw);
        char forms[4][64];
        verb_forms(head, forms);
        tally_buf phr = {0};
        for (int f = 0; f < 4; f++) {
            if (vl->forms && (f == 2))
                continue; /* irregular: the past forms are listed */
            if (phr.len)
                tally_buf_puts(&phr, "|");
            tally_buf_put(&phr, words, (size_t)(vw - words));
            tally_buf_puts(&phr, forms[f]);
            tally_buf_puts(&phr, vw + vwl);
        }
        if (vl->forms) {
            char *f = tally_arena_strndup(r->a, vl->forms, strlen(vl->forms));
            for (char *t = strtok(f, " \t"); t; t = strtok(NULL, " \t")) {
                if (phr.len)
                    tally_buf_puts(&phr, "|");
                for (char *p = t; *p; p++)
                    if (*p != '+')
                        tally_buf_put(&phr, *p == '_' ? " " : p, 1);
            }
        }
        tally_buf attrs = {0};
        tally_buf_printf(&attrs, "cameo=%s", code);
        if (pair[0])
            tally_buf_printf(&attrs, " pair=%s", pair);
        if (pats)
            tally_buf_printf(&attrs, " patterns=\"%s\"", pats);
        /* each variant separately: a bad one must not lose the rest */
        char *all = tally_arena_strndup(r->a, phr.p ? phr.p : "", phr.len);
        for (char *s = all; s && *s;) {
            char *bar = strchr(s, '|');
            if (bar)
                *bar = 0;
            put_entry(r, "verb", s, strlen(s), attrs.p);
            s = bar ? bar + 1 : NULL;
        }
        tally_buf_free(&phr);
        tally_buf_free(&attrs);
    }
    v->nverbs = 0;
    v->pats.len = 0;
    if (v->pats.p)
        v->pats.p[0] = 0;
    v->block_code = NULL;
    r->line = saved;
}

static void read_verbs(reader *r, const char *buf, size_t len) {
    verbs v;
    memset(&v, 0, sizeof v);
    v.r = r;
    size_t pos = 0;
    int inc = 0, in_block = 0;
    char *line;
    size_t l;
    while (next_line(r, buf, len, &pos, &inc, &line, &l)) {
        char *s = trim(line);
        if (!*s) {
            v.cur = NULL;
            continue;
        }
        if (*s == '&') {
            v.cur = NULL;
            if (v.nsyn == MAX_SYN) {
                problem(r, "more than 256 synsets; the rest are skipped");
                continue;
            }
            synset *sy = &v.syn[v.nsyn++];
            memset(sy, 0, sizeof *sy);
            char *e = s + 1;
            while (*e && !is_space((unsigned char)*e))
                e++;
            *e = 0;
            size_t nl = strlen(s + 1);
            while (nl && s[nl] == '_')
                s[nl--] = 0; /* "&PREPOSIT1_": no plurals */
            sy->name = s + 1;
            v.cur = sy;
            continue;
        }
        if (*s == '+' && v.cur) {
            char *item = trim(s + 1);
            for (char *p = item; *p; p++)
                if (*p == ' ')
                    *p = '_';
            size_t il = strlen(item);
            while (il && item[il - 1] == '_')
                item[--il] = 0;
            grow_push((void **)&v.cur->items, &v.cur->n, &v.cur->cap, sizeof(char *), &item);
            continue;
        }
        v.cur = NULL;
        if ((s[0] == '-' && s[1] == '-' && s[2] == '-') || (s[0] == '#' && s[1] == '#')) {
            flush_block(&v);
            in_block = 1;
            char cb[64];
            /* "--- NAME [code] ---": the block's code */
            if (bracket(s, cb, sizeof cb))
                v.block_code = tally_arena_strndup(r->a, cb, strlen(cb));
            continue;
        }
        if (*s == '-') {
            if (!in_block || !v.nverbs) {
                problem(r, "pattern before any verb; pattern skipped");
                continue;
            }
            add_pattern(&v, s);
            continue;
        }
        if (!in_block) {
            problem(r, "line outside a verb block (want --- VERB [code] ---, &SYNSET or +item)");
            continue;
        }
        /* a verb: WORD(S) {forms} [code] */
        verb_line vl = {0};
        vl.line = r->line;
        char *ob = strchr(s, '{'), *cb = ob ? strchr(ob, '}') : NULL;
        char code[64];
        if (bracket(s, code, sizeof code) && (!ob || strchr(s, '[') > ob))
            vl.code = tally_arena_strndup(r->a, code, strlen(code));
        if (ob && cb) {
            vl.forms = tally_arena_strndup(r->a, ob + 1, (size_t)(cb - ob - 1));
            *ob = 0;
        }
        char *lbr = strchr(s, '[');
        if (lbr)
            *lbr = 0;
        s = trim(s);
        if (*s == '+')
            s++;
        if (!*s)
            continue;
        vl.phrase = s;
        grow_push((void **)&v.verbs, &v.nverbs, &v.capverbs, sizeof vl, &vl);
    }
    flush_block(&v);
    for (size_t i = 0; i < v.nsyn; i++)
        free(v.syn[i].items);
    free(v.verbs);
    tally_buf_free(&v.pats);
}

/* ---- actors ---- */

/* yymmdd or yyyymmdd as yyyymmdd (two-digit years: 30-99 are 19xx). */
static long full_date(const char *s, char **end) {
    long d = strtol(s, end, 10);
    size_t n = (size_t)(*end - s);
    if (n == 6) {
        long yy = d / 10000;
        d += (yy >= 30 ? 1900 : 2000) * 10000;
    }
    return d;
}

typedef struct {
    char *phrases[64]; /* the primary phrase and its synonyms */
    size_t n;
    tally_buf dated;   /* "CODE:FROM:TO;" */
    char dflt[64];     /* the code used when no restriction holds */
} actor_rec;

/* "[CODE]", "[CODE <date]", "[CODE >date]", "[CODE d1-d2]": into the record. */
static void actor_code_line(reader *r, actor_rec *a, const char *inside) {
    char code[64];
    size_t k = 0;
    const char *p = inside;
    while (*p && !is_space((unsigned char)*p) && *p != '<' && *p != '>' && k + 1 < sizeof code)
        code[k++] = *p++;
    code[k] = 0;
    while (is_space((unsigned char)*p))
        p++;
    if (!*p) {
        if (!a->dflt[0])
            snprintf(a->dflt, sizeof a->dflt, "%s", code);
        return;
    }
    long from = 0, to = 0;
    char *e;
    if (*p == '<') {
        to = full_date(p + 1 + strspn(p + 1, " "), &e);
    } else if (*p == '>') {
        from = full_date(p + 1 + strspn(p + 1, " "), &e);
    } else {
        from = full_date(p, &e);
        p = e + strspn(e, " ");
        if (*p != '-') {
            problem(r, "date restriction not understood (want <DATE, >DATE or DATE-DATE)");
            return;
        }
        to = full_date(p + 1 + strspn(p + 1, " "), &e);
    }
    if (!code[0] || (!from && !to)) {
        problem(r, "date restriction not understood (want <DATE, >DATE or DATE-DATE)");
        return;
    }
    tally_buf_printf(&a->dated, "%s:%ld:%ld;", code, from, to);
}

static void flush_actor(reader *r, actor_rec *a) {
    if (a->n && (a->dflt[0] || a->dated.len)) {
        tally_buf attrs = {0};
        if (a->dflt[0])
            tally_buf_printf(&attrs, "code=%s", a->dflt);
        if (a->dated.len) {
            a->dated.p[--a->dated.len] = 0; /* the last ';' */
            tally_buf_printf(&attrs, "%sdated=%s", attrs.len ? " " : "", a->dated.p);
        }
        for (size_t i = 0; i < a->n; i++)
            put_entry(r, "actor", a->phrases[i], strlen(a->phrases[i]), attrs.p);
        tally_buf_free(&attrs);
    }
    a->n = 0;
    a->dflt[0] = 0;
    a->dated.len = 0;
}

static void read_actors(reader *r, const char *buf, size_t len) {
    actor_rec a;
    memset(&a, 0, sizeof a);
    size_t pos = 0;
    int inc = 0;
    char *line;
    size_t l;
    uint32_t rec_line = 0;
    while (next_line(r, buf, len, &pos, &inc, &line, &l)) {
        int indented = l && is_space((unsigned char)line[0]);
        char *s = trim(line);
        if (!*s)
            continue;
        char inside[128];
        if (*s == '[') {
            if (!a.n) {
                problem(r, "code line before any actor");
                continue;
            }
            if (bracket(s, inside, sizeof inside))
                actor_code_line(r, &a, inside);
            continue;
        }
        if (*s == '+') {
            if (!a.n) {
                problem(r, "synonym (+) before any actor");
                continue;
            }
            char *p = trim(s + 1);
            char *lb = strchr(p, '[');
            if (lb) {
                if (bracket(lb, inside, sizeof inside))
                    actor_code_line(r, &a, inside);
                *lb = 0;
                p = trim(p);
            }
            if (*p && a.n < 64)
                a.phrases[a.n++] = p;
            continue;
        }
        (void)indented;
        /* a new record */
        uint32_t here = r->line;
        r->line = rec_line;
        flush_actor(r, &a);
        r->line = here;
        rec_line = here;
        char *lb = strchr(s, '[');
        if (lb) {
            if (bracket(lb, inside, sizeof inside))
                actor_code_line(r, &a, inside);
            *lb = 0;
            s = trim(s);
        }
        if (*s)
            a.phrases[a.n++] = s;
    }
    r->line = rec_line;
    flush_actor(r, &a);
    tally_buf_free(&a.dated);
}

/* ---- agents ---- */
typedef struct {
    char *name;  /* "!PERSON!" */
    char *items; /* "MAN, MEN, ..." */
} subst;

static void plural(const char *w, char *out, size_t cap) {
    size_t n = strlen(w);
    if (n && w[n - 1] == 'Y' && n > 1 && !strchr("AEIOU", w[n - 2]))
        snprintf(out, cap, "%.*sIES", (int)(n - 1), w);
    else if (n > 1 && w[n - 1] == 'S' && w[n - 2] == 'S')
        snprintf(out, cap, "%sES", w);
    else
        snprintf(out, cap, "%sS", w);
}

static void read_agents(reader *r, const char *buf, size_t len) {
    subst subs[32];
    size_t nsubs = 0;
    size_t pos = 0;
    int inc = 0;
    char *line;
    size_t l;
    while (next_line(r, buf, len, &pos, &inc, &line, &l)) {
        char *s = trim(line);
        if (!*s)
            continue;
        char *eq = strchr(s, '=');
        if (*s == '!' && eq) {
            char *name = s, *ne = strchr(s + 1, '!');
            if (!ne || nsubs == 32) {
                problem(r, "substitution set not understood (want !NAME! = A, B)");
                continue;
            }
            ne[1] = 0;
            subs[nsubs].name = name;
            subs[nsubs].items = trim(eq + 1);
            nsubs++;
            continue;
        }
        char inside[64];
        char *lb = strrchr(s, '[');
        if (!lb || !bracket(lb, inside, sizeof inside)) {
            problem(r, "agent without a [~CODE]");
            continue;
        }
        *lb = 0;
        char code[64];
        size_t il = strlen(inside);
        if (inside[0] == '~')
            snprintf(code, sizeof code, "---%s", trim(inside + 1));
        else if (il && inside[il - 1] == '~') {
            inside[il - 1] = 0;
            snprintf(code, sizeof code, "%s---", trim(inside));
        } else {
            problem(r, "agent code without '~' (want [~GOV] or [NGO~])");
            continue;
        }
        for (char *c = code; *c; c++)
            if (*c == ' ' || *c == '}' || *c == '{')
                *c = '-';
        char attrs[96];
        snprintf(attrs, sizeof attrs, "code=%s", code);
        char *ob = strchr(s, '{'), *cb = ob ? strchr(ob, '}') : NULL;
        char *plurals = NULL;
        if (ob && cb) {
            *cb = 0;
            plurals = trim(ob + 1);
            *ob = 0;
        }
        char *phrase = trim(s);
        char *bang = strchr(phrase, '!');
        if (bang) {
            /* CONGRESS!PERSON!: one phrase per substitute, no plurals */
            char *be = strchr(bang + 1, '!');
            subst *sb = NULL;
            for (size_t i = 0; be && i < nsubs; i++)
                if (strlen(subs[i].name) == (size_t)(be - bang + 1) &&
                    memcmp(subs[i].name, bang, (size_t)(be - bang + 1)) == 0)
                    sb = &subs[i];
            if (!sb) {
                problem(r, "agent uses a substitution set that is not defined before it");
                continue;
            }
            char *items = tally_arena_strndup(r->a, sb->items, strlen(sb->items));
            for (char *t = strtok(items, ","); t; t = strtok(NULL, ",")) {
                char ph[256];
                snprintf(ph, sizeof ph, "%.*s%s%s", (int)(bang - phrase), phrase, trim(t), be + 1);
                put_entry(r, "agent", ph, strlen(ph), attrs);
            }
            continue;
        }
        put_entry(r, "agent", phrase, strlen(phrase), attrs);
        if (plurals && *plurals) {
            put_entry(r, "agent", plurals, strlen(plurals), attrs);
        } else if (!plurals) {
            size_t pl = strlen(phrase);
            while (pl && phrase[pl - 1] == '_')
                pl--;
            if (pl && pl == strlen(phrase)) {
                char ph[256];
                plural(phrase, ph, sizeof ph);
                put_entry(r, "agent", ph, strlen(ph), attrs);
            }
        }
    }
}

/* ---- discards ---- */
static void read_discards(reader *r, const char *buf, size_t len) {
    size_t pos = 0;
    int inc = 0;
    char *line;
    size_t l;
    while (next_line(r, buf, len, &pos, &inc, &line, &l)) {
        char *s = trim(line);
        if (!*s)
            continue;
        if (*s == '+')
            put_entry(r, "discard", s + 1, strlen(s + 1), "story=1");
        else
            put_entry(r, "discard", s, strlen(s), "sentence=1");
    }
}

int tally_petrarch_kind(const char *name, const char *buf, size_t len) {
    char low[256];
    const char *base = name ? strrchr(name, '/') : NULL;
    snprintf(low, sizeof low, "%s", base ? base + 1 : name ? name : "");
    lower(low);
    if (strstr(low, "verb") || strncmp(low, "cameo", 5) == 0)
        return TALLY_PETRARCH_VERBS;
    if (strstr(low, "agent"))
        return TALLY_PETRARCH_AGENTS;
    if (strstr(low, "discard"))
        return TALLY_PETRARCH_DISCARDS;
    if (strstr(low, "actor"))
        return TALLY_PETRARCH_ACTORS;
    /* by the text: verb blocks start with "---" or "###", agents carry "[~" */
    for (size_t i = 0; i + 3 < len; i++)
        if ((i == 0 || buf[i - 1] == '\n') && buf[i] == '-' && buf[i + 1] == '-' &&
            buf[i + 2] == '-' && buf[i + 3] == ' ')
            return TALLY_PETRARCH_VERBS;
    for (size_t i = 0; i + 1 < len; i++)
        if (buf[i] == '[' && buf[i + 1] == '~')
            return TALLY_PETRARCH_AGENTS;
    return TALLY_PETRARCH_NONE;
}

size_t tally_petrarch_parse(tally_arena *a, int kind, const char *file, const char *buf,
                            size_t len, tally_dict_entry_fn each, tally_dict_error_fn err,
                            void *ctx) {
    reader r = {a, file ? file : "?", 0, each, err, ctx, 0};
    switch (kind) {
    case TALLY_PETRARCH_VERBS:
        read_verbs(&r, buf, len);
        break;
    case TALLY_PETRARCH_ACTORS:
        read_actors(&r, buf, len);
        break;
    case TALLY_PETRARCH_AGENTS:
        read_agents(&r, buf, len);
        break;
    case TALLY_PETRARCH_DISCARDS:
        read_discards(&r, buf, len);
        break;
    default:
        problem(&r, "not a PETRARCH dictionary (name it *verbs*, *actors*, *agents* or *discards*)");
    }
    return r.problems;
}
