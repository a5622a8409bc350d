/* events.c: who did what to whom in each sentence: CAMEO event codes with their
 * Goldstein score, quad class and PLOVER type, from the [verb], [actor], [agent]
 * and [discard] dictionary entries (data/NAME.dict, or PETRARCH's through petrarch.c).
 *
 * There is no parse: a sentence becomes a row of words in which dictionary
 * matches mark actors, agents and verbs. Actors and agents next to each other
 * ("Iraqi police", "the government of Iraq", "Syria's foreign minister") make one
 * unit; units joined by "and" or commas make a group. A verb's source is the group
 * before it (the one after "by" in the passive), its target the first group after
 * it; a verb right after "and" keeps the source of the verb before. Attributed
 * speech (a [verb] with speech=1) codes no event of its own but the accusation
 * or demand the speaker makes about the clause it reports. */
#include "events.h"
#include "actors.h"
#include "dict.h"
#include "lexicon.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- the CAMEO table: Goldstein score and PLOVER type of each code ---- */
typedef struct {
    const char *code;   /* CAMEO code or a prefix of codes */
    double goldstein;   /* Goldstein's conflict-cooperation score */
    const char *plover; /* PLOVER event type, NULL when none */
    const char *mode;   /* PLOVER mode, NULL when none is clear */
} cameo_row;

static const cameo_row CAMEO[] = {
    {"01", 0.0, NULL, NULL},          {"011", -0.1, NULL, NULL},
    {"012", -0.4, NULL, NULL},        {"013", 0.4, NULL, NULL},
    {"015", 0.0, NULL, NULL},         {"016", 3.4, "REJECT", NULL},
    {"018", 3.4, "SUPPORT", NULL},    {"019", 3.4, "AGREE", NULL},
    {"02", 3.0, "DEMAND", NULL},      {"021", 3.4, "DEMAND", "assist"},
    {"022", 3.2, "DEMAND", "assist"}, {"023", 3.4, "DEMAND", "assist"},
    {"024", -0.3, "DEMAND", "change"}, {"025", -0.3, "DEMAND", "yield"},
    {"026", 4.0, "DEMAND", "meet"},   {"027", 4.0, "DEMAND", "meet"},
    {"028", 4.0, "DEMAND", "meet"},   {"03", 4.0, "AGREE", NULL},
    {"031", 5.2, "AGREE", NULL},      {"032", 4.5, "AGREE", NULL},
    {"033", 5.2, "AGREE", NULL},      {"034", 7.0, "AGREE", NULL},
    {"035", 5.0, "AGREE", NULL},      {"036", 4.0, "AGREE", NULL},
    {"037", 5.0, "AGREE", NULL},      {"038", 7.0, "AGREE", NULL},
    {"039", 5.0, "AGREE", NULL},      {"04", 1.0, "CONSULT", NULL},
    {"041", 1.0, "CONSULT", "phone"}, {"042", 1.9, "CONSULT", "visit"},
    {"043", 2.8, "CONSULT", "visit"}, {"044", 2.5, "CONSULT", "third-party"},
    {"045", 5.0, "CONSULT", NULL},    {"046", 7.0, "CONSULT", NULL},
    {"05", 3.5, "SUPPORT", NULL},     {"051", 3.4, "SUPPORT", NULL},
    {"052", 3.5, "SUPPORT", NULL},    {"053", 3.8, "SUPPORT", NULL},
    {"054", 6.0, "SUPPORT", NULL},    {"055", 7.0, "SUPPORT", NULL},
    {"056", 7.0, "SUPPORT", NULL},    {"057", 8.0, "SUPPORT", NULL},
    {"06", 6.0, "COOPERATE", NULL},   {"061", 6.4, "COOPERATE", NULL},
    {"062", 7.4, "COOPERATE", NULL},  {"063", 7.4, "COOPERATE", NULL},
    {"064", 7.0, "COOPERATE", NULL},  {"07", 7.0, "AID", NULL},
    {"071", 7.4, "AID", NULL},        {"072", 8.3, "AID", NULL},
    {"073", 7.4, "AID", NULL},        {"074", 8.5, "AID", NULL},
    {"075", 7.0, "AID", NULL},        {"08", 5.0, "CONCEDE", NULL},
    {"083", 5.0, "CONCEDE", NULL},    {"084", 7.0, "RETREAT", "release"},
    {"0841", 7.0, "RETREAT", "release"}, {"0842", 7.0, "RETREAT", "return"},
    {"085", 7.0, "RETREAT", "ease"},  {"086", 9.0, "RETREAT", "access"},
    {"087", 9.0, "RETREAT", "disarm"}, {"0871", 9.0, "RETREAT", "ceasefire"},
    {"0872", 9.0, "RETREAT", "withdraw"}, {"0873", 9.0, "RETREAT", "disarm"},
    {"0874", 9.0, "RETREAT", "disarm"}, {"09", -2.0, "INVESTIGATE", NULL},
    {"10", -5.0, "DEMAND", NULL},     {"11", -2.0, "DISAPPROVE", NULL},
    {"111", -2.0, "DISAPPROVE", "criticize"}, {"112", -2.0, "DISAPPROVE", "accuse"},
    {"113", -2.0, "DISAPPROVE", "rally"}, {"114", -2.0, "DISAPPROVE", "complain"},
    {"115", -2.0, "DISAPPROVE", "sue"}, {"116", -2.0, "DISAPPROVE", NULL},
    {"12", -4.0, "REJECT", NULL},     {"13", -6.0, "THREATEN", NULL},
    {"130", -4.4, "THREATEN", NULL},  {"131", -5.8, "THREATEN", NULL},
    {"138", -7.0, "THREATEN", "violence"}, {"139", -7.0, "THREATEN", "ultimatum"},
    {"14", -6.5, "PROTEST", NULL},    {"141", -6.5, "PROTEST", "demo"},
    {"142", -6.5, "PROTEST", "hunger"}, {"143", -6.5, "PROTEST", "strike"},
    {"144", -7.5, "PROTEST", "obstruct"}, {"145", -7.5, "PROTEST", "riot"},
    {"15", -7.2, "MOBILIZE", NULL},   {"16", -4.0, "SANCTION", NULL},
    {"161", -4.0, "SANCTION", "withdraw"}, {"162", -5.6, "SANCTION", "discontinue"},
    {"163", -8.0, "SANCTION", "restrict"}, {"164", -7.0, "SANCTION", "withdraw"},
    {"165", -7.0, "SANCTION", "withdraw"}, {"166", -7.0, "SANCTION", "expel"},
    {"17", -7.0, "COERCE", NULL},     {"171", -9.2, "COERCE", "seize"},
    {"1712", -9.2, "COERCE", "destroy"}, {"172", -5.0, "COERCE", "restrict"},
    {"1722", -5.0, "COERCE", "ban"},  {"1723", -5.0, "COERCE", "curfew"},
    {"1724", -5.0, "COERCE", "martial-law"}, {"173", -5.0, "COERCE", "arrest"},
    {"174", -5.0, "COERCE", "deport"}, {"175", -9.0, "ASSAULT", NULL},
    {"18", -9.0, "ASSAULT", NULL},    {"181", -9.0, "ASSAULT", "abduct"},
    {"182", -9.5, "ASSAULT", "beat"}, {"1822", -9.5, "ASSAULT", "torture"},
    {"183", -10.0, "ASSAULT", "explosives"}, {"1831", -10.0, "ASSAULT", "suicide-attack"},
    {"185", -8.0, "ASSAULT", "assassinate"}, {"186", -10.0, "ASSAULT", "assassinate"},
    {"19", -10.0, "FIGHT", NULL},     {"190", -10.0, "FIGHT", NULL},
    {"191", -9.5, "COERCE", "restrict"}, {"192", -9.5, "FIGHT", "occupy"},
    {"193", -10.0, "FIGHT", "firearms"}, {"194", -10.0, "FIGHT", "heavy-weapons"},
    {"195", -10.0, "FIGHT", "aerial-weapons"}, {"196", -9.5, "FIGHT", "violate-ceasefire"},
    {"20", -10.0, "ASSAULT", "massacre"}, {"203", -10.0, "ASSAULT", "cleansing"},
    {"204", -10.0, "ASSAULT", "cbrn"},
};

int tally_events_cameo(const char *code, double *goldstein, int *quad, const char **plover,
                       const char **mode) {
    size_t n = code ? strlen(code) : 0;
    if (n < 2 || n > 4)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!is_digit((unsigned char)code[i]))
            return 0;
    int root = (code[0] - '0') * 10 + (code[1] - '0');
    if (root < 1 || root > 20)
        return 0;
    const cameo_row *best = NULL;
    size_t bl = 0;
    for (size_t i = 0; i < sizeof CAMEO / sizeof CAMEO[0]; i++) {
        size_t l = strlen(CAMEO[i].code);
        if (l <= n && l > bl && memcmp(CAMEO[i].code, code, l) == 0) {
            best = &CAMEO[i];
            bl = l;
        }
    }
    if (!best)
        return 0;
    *goldstein = best->goldstein;
    *quad = root <= 5 ? 1 : root <= 8 ? 2 : root <= 13 ? 3 : 4;
    *plover = best->plover;
    *mode = best->mode;
    return 1;
}

/* ---- the words of a sentence ---- */
typedef struct {
    const char *p; /* folded bytes */
    uint32_t len;  /* bytes */
    uint32_t h;    /* tally_hash of the bytes */
    uint32_t tok;  /* the token it comes from */
    uint16_t lex;  /* lexicon classes (LEX_DICT: may start an entry) */
} word;

/* A token as words: "Iraq's" is "iraq" and "'s", "didn't" is "did" and "n't"
 * (the way PETRARCH's parser splits them), anything else one word. */
static size_t split_token(const tally_tokens *tk, size_t i, word *out) {
    tally_span s = tally_tokens_fold(tk, i);
    const tally_token *t = &tk->toks[i];
    size_t cut = 0;
    if (t->kind == TALLY_TOK_WORD && s.len > 2) {
        if (s.p[s.len - 2] == '\'' && s.p[s.len - 1] == 's')
            cut = s.len - 2;
        else if (s.len > 3 && memcmp(s.p + s.len - 3, "n't", 3) == 0)
            cut = s.len - 3;
        else if (s.p[s.len - 1] == '\'')
            cut = s.len - 1;
    }
    if (!cut) {
        out[0] = (word){s.p, (uint32_t)s.len, t->hash, (uint32_t)i, t->lex};
        return 1;
    }
    uint32_t h = tally_hash(s.p, cut);
    out[0] = (word){s.p, (uint32_t)cut, h, (uint32_t)i, tally_lexicon_get(h, s.p, cut)};
    if (s.len - cut == 1)
        return 1; /* plural possessive: the apostrophe goes */
    uint32_t h2 = tally_hash(s.p + cut, s.len - cut);
    out[1] = (word){s.p + cut, (uint32_t)(s.len - cut), h2, (uint32_t)i, 0};
    return 2;
}

static int weq(const word *w, const char *s) {
    size_t n = strlen(s);
    return w->len == n && memcmp(w->p, s, n) == 0;
}

static int wany(const word *w, const char *const *list) {
    for (; *list; list++)
        if (weq(w, *list))
            return 1;
    return 0;
}

#define MAXM 8 /* entries kept for one match (a verb in several blocks) */

/* Every entry of a section in mask that matches words from k (the longest such
 * matches only). Returns the words matched; fills out[0..*n). */
static size_t match(const word *w, size_t k, size_t end, unsigned mask, int user,
                    const tally_dict_entry **out, size_t *n) {
    *n = 0;
    if (!(w[k].lex & LEX_DICT))
        return 0;
    const tally_dict_entry *const *v;
    size_t nb = tally_dict_bucket(w[k].h, &v), best = 0;
    for (size_t b = 0; b < nb; b++) {
        const tally_dict_entry *e = v[b];
        if (!(mask & (1u << e->section)) || e->hash[0] != w[k].h || e->ntoks < best ||
            k + e->ntoks > end || tally_dict_is_builtin(e) == user)
            continue;
        size_t j = 1;
        while (j < e->ntoks && w[k + j].h == e->hash[j])
            j++;
        if (j < e->ntoks)
            continue;
        int ok = 1;
        for (j = 0; j < e->ntoks && ok; j++)
            ok = tally_dict_word_is(e, j, w[k + j].p, w[k + j].len);
        if (!ok)
            continue;
        if (e->ntoks > best) {
            best = e->ntoks;
            *n = 0;
        }
        if (*n < MAXM)
            out[(*n)++] = e;
    }
    return best;
}

/* ---- actors, units and groups ---- */
enum { IT_ACTOR = 1, IT_AGENT = 2, IT_VERB = 3 };
typedef struct {
    uint8_t kind;                 /* IT_* */
    uint32_t w0, w1;              /* words [w0, w1) */
    const tally_dict_entry *e[MAXM]; /* the entries (one for actors and agents) */
    size_t ne;
} item;

#define MAXC 4 /* codes of one unit ("The Shire" [FRO/BIL/SAM]) */
typedef struct {
    uint32_t w0, w1;          /* words */
    const char *actor[MAXC];  /* actor codes, none for an agent alone */
    size_t nactor;
    const char *agent[MAXC];  /* agent codes ("---GOV" after the actor, "NGO---" before) */
    size_t nagent;
    uint32_t group;           /* the group it is in */
} unit;

typedef struct {
    uint32_t u0, u1; /* units [u0, u1) */
    uint32_t w0, w1; /* words */
} group;

/* Add an agent's code to a unit ("---GOV" after the actor, "NGO---" before). */
static void add_agent(unit *u, const char *code) {
    if (code && u->nagent < MAXC)
        u->agent[u->nagent++] = code;
}

/* The code of actor i of a unit: the actor (or "---") with its agents composed
 * (actors.c), upper case, in the arena. */
static const char *unit_code(tally_arena *a, const unit *u, size_t i) {
    char buf[96];
    snprintf(buf, sizeof buf, "%s", i < u->nactor ? u->actor[i] : "---");
    for (size_t k = 0; k < u->nagent; k++) /* after it, in the order told */
        if (strncmp(u->agent[k], "---", 3) == 0)
            tally_actors_compose(buf, sizeof buf, u->agent[k]);
    for (size_t k = u->nagent; k-- > 0;) /* before it: the first told goes first */
        if (strncmp(u->agent[k], "---", 3) != 0)
            tally_actors_compose(buf, sizeof buf, u->agent[k]);
    size_t n = strlen(buf);
    for (size_t k = 0; k < n; k++)
        if (buf[k] >= 'a' && buf[k] <= 'z')
            buf[k] = (char)(buf[k] - 32);
    return tally_arena_strndup(a, buf, n);
}

/* ---- verbs: PETRARCH-style patterns around the verb ---- */
static const char *const DETERMINERS[] = {"a", "an", "the", "its", "their", "his", "her",
                                          "our", "my", "your", "this", "these", "those", NULL};

/* Does pattern element list s (words separated by ' ' = gap allowed, '_' = next
 * word) occur after the verb, words [from, end)? Returns the number of words, or -1. */
static int match_post(const word *w, size_t from, size_t end, const char *s, size_t len) {
    size_t pos = from;
    int nw = 0, first = 1;
    const char *p = s, *pe = s + len;
    int adjacent = 0;
    if (p < pe && *p == '_')
        adjacent = 1, p++;
    while (p < pe) {
        /* one element: words joined by '_' */
        const char *el = p;
        while (p < pe && *p != ' ')
            p++;
        const char *ee = p;
        while (p < pe && *p == ' ')
            p++;
        size_t limit = (first && adjacent) ? pos + 1 : (pos + 12 < end ? pos + 12 : end);
        int found = 0;
        for (size_t q = pos; q < limit && !found; q++) {
            size_t k = q;
            const char *x = el;
            int ok = 1;
            while (x < ee && ok) {
                const char *xe = x;
                while (xe < ee && *xe != '_')
                    xe++;
                ok = k < end && w[k].len == (size_t)(xe - x) && memcmp(w[k].p, x, w[k].len) == 0;
                k++;
                x = xe < ee ? xe + 1 : ee;
            }
            if (ok) {
                found = 1;
                nw += (int)(k - q);
                pos = k;
            }
        }
        if (!found)
            return -1;
        first = 0;
    }
    return nw;
}

/* The same before the verb (words [start, to)), read backwards: a trailing '_'
 * ties the last element to the verb. */
static int match_pre(const word *w, size_t start, size_t to, const char *s, size_t len) {
    size_t pos = to; /* elements must end at or before pos */
    int nw = 0, first = 1;
    const char *pe = s + len;
    int adjacent = 0;
    if (pe > s && pe[-1] == '_')
        adjacent = 1, pe--;
    while (pe > s) {
        const char *ee = pe;
        const char *el = ee;
        while (el > s && el[-1] != ' ')
            el--;
        pe = el;
        while (pe > s && pe[-1] == ' ')
            pe--;
        /* count the words of the element */
        size_t cnt = 1;
        for (const char *x = el; x < ee; x++)
            cnt += *x == '_';
        size_t lowest = pos >= 8 + cnt ? pos - 8 - cnt : 0;
        if (lowest < start)
            lowest = start;
        int found = 0;
        for (size_t q = pos; q >= lowest + cnt && !found; q--) {
            if (first && adjacent && q != pos)
                break;
            size_t k = q - cnt;
            const char *x = el;
            int ok = 1;
            while (x < ee && ok) {
                const char *xe = x;
                while (xe < ee && *xe != '_')
                    xe++;
                ok = w[k].len == (size_t)(xe - x) && memcmp(w[k].p, x, w[k].len) == 0;
                k++;
                x = xe < ee ? xe + 1 : ee;
            }
            if (ok) {
                found = 1;
                nw += (int)cnt;
                pos = q - cnt;
            }
            if (q == 0)
                break;
        }
        if (!found)
            return -1;
        first = 0;
    }
    return nw;
}

typedef struct {
    const char *code, *pair; /* event code, and the code of the reverse event or NULL */
    const char *plover, *mode; /* the entry's own PLOVER type and mode, or NULL */
    int words;               /* pattern words matched (specificity) */
} verb_code;

/* One pattern "pre|post|code|pair": matched around the verb? */
static int try_pattern(const word *w, size_t s0, size_t v0, size_t v1, size_t s1, const char *pre,
                       size_t prel, const char *post, size_t postl, int *words) {
    int a = prel ? match_pre(w, s0, v0, pre, prel) : 0;
    if (a < 0)
        return 0;
    int b = postl ? match_post(w, v1, s1, post, postl) : 0;
    if (b < 0)
        return 0;
    *words = a + b;
    return 1;
}

/* The code a verb match gives in its sentence [s0, s1): the most specific
 * matching pattern of any of its entries, else the first entry's own code. */
static verb_code verb_resolve(tally_arena *a, const word *w, size_t s0, size_t s1, const item *it) {
    verb_code best = {NULL, NULL, NULL, NULL, -1}, dflt = {NULL, NULL, NULL, NULL, 0};
    for (size_t i = 0; i < it->ne; i++) {
        const tally_dict_entry *e = it->e[i];
        const char *pats = tally_dict_attr(e, "patterns");
        const char *pre = tally_dict_attr(e, "pre"), *post = tally_dict_attr(e, "post");
        const char *code = tally_dict_attr(e, "cameo");
        if (pre || post) {
            int nw;
            if (try_pattern(w, s0, it->w0, it->w1, s1, pre, pre ? strlen(pre) : 0, post,
                            post ? strlen(post) : 0, &nw) &&
                nw > best.words) {
                best.code = code;
                best.pair = tally_dict_attr(e, "pair");
                best.plover = tally_dict_attr(e, "plover");
                best.mode = tally_dict_attr(e, "mode");
                best.words = nw;
            }
            continue;
        }
        if (!dflt.code && code) {
            dflt.code = code;
            dflt.pair = tally_dict_attr(e, "pair");
            dflt.plover = tally_dict_attr(e, "plover");
            dflt.mode = tally_dict_attr(e, "mode");
        }
        for (const char *p = pats; p && *p;) {
            const char *f[4];
            size_t fl[4];
            for (int k = 0; k < 4; k++) {
                f[k] = p;
                while (*p && *p != '|' && *p != ';')
                    p++;
                fl[k] = (size_t)(p - f[k]);
                if (*p == '|')
                    p++;
            }
            while (*p && *p != ';')
                p++;
            if (*p == ';')
                p++;
            int nw;
            if (try_pattern(w, s0, it->w0, it->w1, s1, f[0], fl[0], f[1], fl[1], &nw) &&
                nw > best.words) {
                /* codes live in the entry's pattern string: copy to NUL-terminate */
                best.code = tally_arena_strndup(a, f[2], fl[2]);
                best.pair = fl[3] ? tally_arena_strndup(a, f[3], fl[3]) : NULL;
                best.plover = best.mode = NULL;
                best.words = nw;
            }
        }
    }
    if (best.code)
        return best;
    return dflt;
}

static int null_code(const char *c) {
    return !c || !*c || strcmp(c, "---") == 0 || strcmp(c, "+++") == 0 || strcmp(c, "###") == 0;
}

/* ---- coding a sentence ---- */
typedef struct {
    tally_arena *a;
    const tally_coder *c;
    tally_article *art;
    int user;        /* only run-time (PETRARCH) entries */
    int story_discard;
    char country[4]; /* the last country named, for agents without one ("the president") */
    tally_event *ev; /* events so far */
    size_t nev, cap;
} ctx;

typedef struct {
    uint32_t verb;       /* item index of the verb */
    int32_t src, tgt;    /* groups, -1 none */
    verb_code vc;
    uint8_t hedged, speech, noevent;
} clause;

static int same(const char *a, const char *b) {
    return a == b || (a && b && strcmp(a, b) == 0);
}

static void push(ctx *x, const tally_event *e) {
    /* one event per (sentence, source, target, code): two verbs may say the same */
    for (size_t i = x->nev; i-- > 0 && x->ev[i].sentence == e->sentence;)
        if (same(x->ev[i].source, e->source) && same(x->ev[i].target, e->target) &&
            same(x->ev[i].code, e->code))
            return;
    if (x->nev == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 16;
        tally_event *n = tally_arena_alloc(x->a, cap * sizeof *n);
        if (x->nev)
            memcpy(n, x->ev, x->nev * sizeof *n);
        x->ev = n;
        x->cap = cap;
    }
    x->ev[x->nev++] = *e;
}

static const char *const HEDGES[] = {"allegedly", "alleged", "reportedly", "suspected", "may",
                                     "might", "could", "not", "n't", "never", "denied",
                                     "deny", "denies", "purportedly", "unconfirmed", NULL};
static const char *const LINKS[] = {"and", ",", "nor", "or", "the", "both", "neither", "either",
                                    NULL};
/* Emit the events of one clause: every source unit against every target unit. */
static void emit(ctx *x, const tally_tokens *tk, const word *w, size_t sidx, const group *g,
                 const unit *u, const item *it, const clause *cl, const char *code,
                 const char *pair, int32_t src, int32_t tgt, uint8_t hedged, tally_ymd date) {
    const item *v = &it[cl->verb];
    uint32_t w0 = v->w0, w1 = v->w1;
    if (src >= 0 && g[src].w0 < w0)
        w0 = g[src].w0;
    if (tgt >= 0 && g[tgt].w1 > w1)
        w1 = g[tgt].w1;
    if (src >= 0 && g[src].w1 > w1)
        w1 = g[src].w1;
    if (tgt >= 0 && g[tgt].w0 < w0)
        w0 = g[tgt].w0;
    const tally_token *t0 = &tk->toks[w[w0].tok], *t1 = &tk->toks[w[w1 - 1].tok];
    const char *text = tally_arena_strndup(x->a, tk->text->text + t0->start,
                                           t1->start + t1->len - t0->start);
    uint32_t su0 = src >= 0 ? g[src].u0 : 0, su1 = src >= 0 ? g[src].u1 : 1;
    uint32_t tu0 = tgt >= 0 ? g[tgt].u0 : 0, tu1 = tgt >= 0 ? g[tgt].u1 : 1;
    for (uint32_t i = su0; i < su1; i++) {
        size_t ni = src >= 0 && u[i].nactor ? u[i].nactor : 1;
        for (size_t ai = 0; ai < ni; ai++)
            for (uint32_t j = tu0; j < tu1; j++) {
                if (src >= 0 && src == tgt && i == j)
                    continue;
                size_t nj = tgt >= 0 && u[j].nactor ? u[j].nactor : 1;
                for (size_t aj = 0; aj < nj; aj++) {
                    for (int rev = 0; rev < (pair ? 2 : 1); rev++) {
                        tally_event e;
                        memset(&e, 0, sizeof e);
                        e.sentence = (uint32_t)sidx;
                        e.date = date;
                        const char *sc = src >= 0 ? unit_code(x->a, &u[i], ai) : NULL;
                        const char *tc = tgt >= 0 ? unit_code(x->a, &u[j], aj) : NULL;
                        e.source = rev ? tc : sc;
                        e.target = rev ? sc : tc;
                        e.code = rev ? pair : code;
                        e.hedged = hedged;
                        e.text = text;
                        int q;
                        double gs;
                        const char *pl, *md;
                        if (tally_events_cameo(e.code, &gs, &q, &pl, &md)) {
                            e.quad_class = q;
                            e.goldstein = gs;
                            e.has_goldstein = 1;
                            e.plover = pl;
                            e.mode = md;
                        }
                        if (!rev && code == cl->vc.code && cl->vc.plover) {
                            e.plover = cl->vc.plover; /* the entry's own reading */
                            e.mode = cl->vc.mode;
                        }
                        push(x, &e);
                    }
                }
            }
    }
}

static void code_sentence(ctx *x, size_t sidx) {
    const tally_tokens *tk = &x->art->tk;
    const tally_sentence *s = &tk->sents[sidx];
    size_t ntok = s->tok_end - s->tok_start;
    if (ntok < 2 || ntok > 400)
        return;
    /* cheap exit: a sentence without a dictionary word has no event */
    size_t hits = 0;
    for (size_t i = s->tok_start; i < s->tok_end; i++)
        hits += (tk->toks[i].lex & LEX_DICT) != 0;
    if (hits < 2)
        return;
    word *w = tally_arena_alloc(x->a, 2 * ntok * sizeof *w);
    size_t nw = 0;
    for (size_t i = s->tok_start; i < s->tok_end; i++)
        nw += split_token(tk, i, w + nw);

    /* dictionary matches, left to right, longest first */
    unsigned mask = 1u << DICT_ACTOR | 1u << DICT_AGENT | 1u << DICT_VERB | 1u << DICT_DISCARD;
    item *it = tally_arena_alloc(x->a, nw * sizeof *it);
    size_t nit = 0, nverbs = 0, nactors = 0;
    for (size_t k = 0; k < nw;) {
        const tally_dict_entry *m[MAXM];
        size_t nm, len = match(w, k, nw, mask, x->user, m, &nm);
        if (!len) {
            k++;
            continue;
        }
        /* prefer an actor or agent reading of the same words over a verb */
        const tally_dict_entry *pick[MAXM];
        size_t np = 0;
        int kind = 0;
        for (size_t i = 0; i < nm; i++) {
            int sec = m[i]->section;
            if (sec == DICT_DISCARD) {
                if (tally_dict_attr(m[i], "story"))
                    x->story_discard = 1;
                return;
            }
            int kd = sec == DICT_ACTOR ? IT_ACTOR : sec == DICT_AGENT ? IT_AGENT : IT_VERB;
            if (!kind || kd < kind) {
                kind = kd;
                np = 0;
            }
            if (kd == kind)
                pick[np++] = m[i];
        }
        item *t = &it[nit++];
        t->kind = (uint8_t)kind;
        t->w0 = (uint32_t)k;
        t->w1 = (uint32_t)(k + len);
        t->ne = kind == IT_VERB ? np : 1;
        memcpy(t->e, pick, t->ne * sizeof *pick);
        nverbs += kind == IT_VERB;
        nactors += kind != IT_VERB;
        k += len;
    }
    if (!nverbs || !nactors)
        return;

    /* the sentence's date: the first resolved date expression, else the article's */
    tally_ymd date = x->art->date;
    tally_date_expr *de;
    size_t nde = tally_dates_find(x->a, tk, sidx, x->art->date, &de);
    for (size_t i = 0; i < nde; i++)
        if (de[i].start.y && de[i].precision <= TALLY_PREC_WEEK) {
            date = de[i].start;
            break;
        }
    int32_t dnum = date.y ? date.y * 10000 + date.m * 100 + date.d : 0;

    /* units: an actor with the agents next to it */
    unit *u = tally_arena_alloc(x->a, (nit + 1) * sizeof *u);
    size_t nu = 0;
    char cbuf[64];
    for (size_t i = 0; i < nit; i++) {
        const item *t = &it[i];
        if (t->kind == IT_VERB)
            continue;
        unit *prev = nu ? &u[nu - 1] : NULL;
        size_t gap = prev ? t->w0 - prev->w1 : 0;
        int joined = 0;
        if (prev && (i == 0 || it[i - 1].kind != IT_VERB)) {
            /* the words between the previous unit and this item */
            int only_mod = gap <= 3;
            for (size_t k = prev->w1; k < t->w0 && only_mod; k++) {
                /* names, titles and the usual adjectives: "Syria's new defence minister" */
                only_mod = tally_actors_modifier(w[k].p, w[k].len, tk->toks[w[k].tok].flags & TALLY_TF_CAP);
            }
            if (t->kind == IT_AGENT && only_mod) {
                /* Iraqi police, Syria's foreign minister, Arnor security officials */
                add_agent(prev, tally_dict_attr(t->e[0], "code"));
                prev->w1 = t->w1;
                joined = 1;
            } else if (t->kind == IT_ACTOR && prev->nactor == 0 && gap >= 1 && gap <= 2 &&
                       tally_actors_of(w[prev->w1].p, w[prev->w1].len) && (gap == 1 || weq(&w[prev->w1 + 1], "the"))) {
                /* the government of Iraq, soldiers from Gondor */
                const char *code = tally_actors_entry_code(t->e[0], dnum, cbuf, sizeof cbuf);
                for (const char *p = code; p && *p && prev->nactor < MAXC;) {
                    const char *q = strchr(p, '/');
                    size_t l = q ? (size_t)(q - p) : strlen(p);
                    prev->actor[prev->nactor++] = tally_arena_strndup(x->a, p, l);
                    p = q ? q + 1 : p + l;
                }
                prev->w1 = t->w1;
                joined = 1;
            } else if (t->kind == IT_ACTOR && prev->nactor == 0 && gap == 0) {
                const char *code = tally_actors_entry_code(t->e[0], dnum, cbuf, sizeof cbuf);
                if (code)
                    prev->actor[prev->nactor++] = tally_arena_strndup(x->a, code, strlen(code));
                prev->w1 = t->w1;
                joined = 1;
            }
        }
        if (joined)
            continue;
        unit *n = &u[nu++];
        memset(n, 0, sizeof *n);
        n->w0 = t->w0;
        n->w1 = t->w1;
        if (t->kind == IT_ACTOR) {
            const char *code = tally_actors_entry_code(t->e[0], dnum, cbuf, sizeof cbuf);
            for (const char *p = code; p && *p && n->nactor < MAXC;) {
                const char *q = strchr(p, '/');
                size_t l = q ? (size_t)(q - p) : strlen(p);
                n->actor[n->nactor++] = tally_arena_strndup(x->a, p, l);
                p = q ? q + 1 : p + l;
            }
            if (!n->nactor) /* a null code ([---]) still marks the words */
                n->actor[n->nactor++] = "---";
        } else {
            add_agent(n, tally_dict_attr(t->e[0], "code"));
        }
    }
    /* with tally's own dictionaries an agent without a country takes the nearest
     * country named in the sentence, else the last one named before */
    if (!x->user) {
        for (size_t i = 0; i < nu; i++) {
            if (u[i].nactor)
                continue;
            const char *best = NULL;
            size_t bd = (size_t)-1;
            for (size_t j = 0; j < nu; j++) {
                const char *c = u[j].nactor ? u[j].actor[0] : NULL;
                if (!c || !tally_actors_country(c))
                    continue;
                size_t d = u[j].w0 > u[i].w0 ? u[j].w0 - u[i].w0 : u[i].w0 - u[j].w0;
                if (d < bd)
                    bd = d, best = c;
            }
            if (!best && x->country[0])
                best = x->country;
            if (best)
                u[i].actor[u[i].nactor++] = tally_arena_strndup(x->a, best, 3);
        }
        for (size_t j = 0; j < nu; j++)
            if (u[j].nactor && tally_actors_country(u[j].actor[0])) {
                memcpy(x->country, u[j].actor[0], 3);
                x->country[3] = 0;
            }
    }

    /* groups: units joined by "and", "or", "nor" and commas */
    group *g = tally_arena_alloc(x->a, (2 * nu + 1) * sizeof *g);
    uint8_t *lk = tally_arena_alloc(x->a, nu + 1); /* link before unit i: 1 comma, 2 "and" */
    size_t ng = 0;
    for (size_t i = 0; i < nu; i++) {
        if (ng) {
            group *p = &g[ng - 1];
            size_t gap = u[i].w0 - p->w1;
            int link = gap >= 1 && gap <= 3, conj = 0, comma = 0;
            for (size_t k = p->w1; k < u[i].w0 && link; k++) {
                link = wany(&w[k], LINKS);
                comma |= weq(&w[k], ",");
                conj |= !weq(&w[k], "the") && !weq(&w[k], ",");
            }
            if (link && (conj || comma)) {
                p->u1 = (uint32_t)i + 1;
                p->w1 = u[i].w1;
                lk[i] = conj ? 2 : 1;
                continue;
            }
        }
        g[ng++] = (group){(uint32_t)i, (uint32_t)i + 1, u[i].w0, u[i].w1};
    }
    /* "A, B" without a conjunction after it is an apposition, not a list: split */
    for (size_t k = 0; k < ng; k++) {
        group *p = &g[k];
        uint32_t cut = p->u1;
        while (cut > p->u0 + 1 && lk[cut - 1] == 1)
            cut--;
        if (cut == p->u1)
            continue;
        memmove(&g[k + 2], &g[k + 1], (ng - k - 1) * sizeof *g);
        ng++;
        g[k + 1] = (group){cut, p->u1, u[cut].w0, p->w1};
        p->u1 = cut;
        p->w1 = u[cut - 1].w1;
    }
    for (size_t k = 0; k < ng; k++)
        for (uint32_t i = g[k].u0; i < g[k].u1; i++)
            u[i].group = (uint32_t)k;

    /* clauses: each verb with its source and target groups */
    clause *cl = tally_arena_alloc(x->a, nverbs * sizeof *cl);
    size_t ncl = 0;
    int32_t last_src = -1;
    for (size_t i = 0; i < nit; i++) {
        const item *v = &it[i];
        if (v->kind != IT_VERB)
            continue;
        int noun = 0;
        if (v->w0 > 0 && wany(&w[v->w0 - 1], DETERMINERS))
            noun = !tally_dict_attr(v->e[0], "noun") || ncl > 0; /* the object of a verb before */
        /* inside an actor group's words (a verb form that is also part of a name) */
        int inside = 0;
        for (size_t k = 0; k < ng && !inside; k++)
            inside = v->w0 >= g[k].w0 && v->w0 < g[k].w1;
        if (noun || inside)
            continue;
        clause *c = &cl[ncl++];
        memset(c, 0, sizeof *c);
        c->verb = (uint32_t)i;
        c->src = c->tgt = -1;
        c->vc = verb_resolve(x->a, w, 0, nw, v);
        c->speech = tally_dict_attr(v->e[0], "speech") != NULL;
        /* passive: "was attacked by X" */
        int passive = 0;
        for (size_t k = v->w0 >= 2 ? v->w0 - 2 : 0; k < v->w0; k++)
            passive |= weq(&w[k], "was") || weq(&w[k], "were") || weq(&w[k], "been") ||
                       weq(&w[k], "being") || weq(&w[k], "is") || weq(&w[k], "are") || weq(&w[k], "be");
        int32_t before = -1, after = -1, by = -1;
        for (size_t k = 0; k < ng; k++) {
            if (g[k].w1 <= v->w0)
                before = (int32_t)k;
            else if (g[k].w0 >= v->w1 && after < 0)
                after = (int32_t)k;
        }
        if (passive && after >= 0) {
            for (size_t k = v->w1; k < g[after].w0 && k < v->w1 + 4; k++)
                if (weq(&w[k], "by") && g[after].w0 <= k + 2)
                    by = after;
        }
        if (by >= 0) {
            c->src = by;
            c->tgt = before;
        } else {
            size_t k = v->w0;
            while (k > 0 && k + 3 > v->w0 && !weq(&w[k - 1], "and"))
                k--;
            if (k > 0 && weq(&w[k - 1], "and") && ncl > 1 && last_src >= 0 &&
                (before < 0 || g[before].w1 <= k - 1))
                c->src = last_src; /* "... and promised aid" */
            else if (k > 0 && weq(&w[k - 1], "and") && ncl > 1 && last_src >= 0 && before >= 0 &&
                     g[before].w1 > cl[ncl - 2].verb && it[cl[ncl - 2].verb].w1 <= g[before].w0 &&
                     cl[ncl - 2].tgt == before)
                c->src = last_src;
            else
                c->src = before;
            c->tgt = after;
        }
        if (c->speech && c->src >= 0 && (v->w0 - g[c->src].w1 > 2 || weq(&w[v->w0 - 1], ",")))
            c->src = -1; /* "..., sources said": no speaker */
        if (c->src >= 0 && c->src == c->tgt)
            c->tgt = -1;
        for (size_t k = v->w0 >= 4 ? v->w0 - 4 : 0; k < v->w0; k++)
            c->hedged |= wany(&w[k], HEDGES);
        if (!c->speech)
            last_src = c->src;
    }

    /* a verb whose "target" is the subject of a later coded verb reports that clause */
    for (size_t i = 0; i < ncl; i++) {
        if (cl[i].tgt < 0)
            continue;
        for (size_t j = i + 1; j < ncl; j++)
            if (cl[j].src == cl[i].tgt && !cl[j].speech && !null_code(cl[j].vc.code) &&
                it[cl[j].verb].w0 <= g[cl[i].tgt].w1 + 3) {
                cl[i].noevent = 1;
                break;
            }
    }

    for (size_t i = 0; i < ncl; i++) {
        clause *c = &cl[i];
        if (c->speech) {
            /* the speaker: the group before the verb, or after it ("said X") */
            int32_t spk = c->src;
            const item *v = &it[c->verb];
            if (v->w0 > 0 && c->src >= 0 && g[c->src].w1 == v->w0 && g[c->src].w0 > 0 &&
                weq(&w[g[c->src].w0 - 1], ","))
                spk = c->src; /* ", a police official said" */
            else if (c->tgt >= 0 && g[c->tgt].w0 == v->w1 && v->w0 > 0 && weq(&w[v->w0 - 1], ","))
                spk = c->tgt; /* ", said the minister" */
            if (spk < 0)
                continue;
            for (size_t j = 0; j < ncl; j++) {
                if (j == i || cl[j].speech || null_code(cl[j].vc.code))
                    continue;
                /* the reported clause: after the verb, or before a trailing "X said" */
                const item *vj = &it[cl[j].verb];
                int reported = (vj->w0 > v->w1 && (spk == c->src)) ||
                               (vj->w1 <= g[spk].w0 && g[spk].w0 > 0 && weq(&w[g[spk].w0 - 1], ","));
                if (!reported || cl[j].src == spk)
                    continue;
                double gs;
                int q;
                const char *pl, *md;
                const char *sc = unit_code(x->a, &u[g[spk].u0], 0);
                const char *jc = cl[j].src >= 0 ? unit_code(x->a, &u[g[cl[j].src].u0], 0) : "---";
                const char *jt = cl[j].tgt >= 0 ? unit_code(x->a, &u[g[cl[j].tgt].u0], 0) : "";
                int hostile = strstr(jt, "REB") || strstr(jt, "INS") || strstr(jt, "IMG");
                if (tally_events_cameo(cl[j].vc.code, &gs, &q, &pl, &md) && (q >= 3 || hostile) &&
                    cl[j].src >= 0 &&
                    strncmp(sc, "---", 3) != 0 && strncmp(sc, jc, 3) != 0) {
                    /* "Mullen said Iran is supplying weapons": Mullen accuses Iran */
                    clause acc = *c;
                    emit(x, tk, w, sidx, g, u, it, &acc, "112", NULL, spk, cl[j].src, 0, date);
                    cl[j].hedged = 1;
                }
            }
            /* "X said Y must ...": X demands of Y */
            for (size_t k = v->w1; k + 1 < nw; k++)
                if (weq(&w[k], "must") || weq(&w[k], "should")) {
                    for (size_t m = 0; m < ng; m++)
                        if (g[m].w1 == k && g[m].w0 >= v->w1 && (int32_t)m != spk)
                            emit(x, tk, w, sidx, g, u, it, c, "100", NULL, spk, (int32_t)m, 0, date);
                    break;
                }
            continue;
        }
    }
    for (size_t i = 0; i < ncl; i++) {
        clause *c = &cl[i];
        if (c->speech || c->noevent || null_code(c->vc.code))
            continue;
        int32_t src = c->src, tgt = c->tgt;
        if (x->user && (src < 0 || tgt < 0))
            continue; /* PETRARCH codes dyads only */
        if (src < 0 && tgt < 0)
            continue;
        const char *code = c->vc.code;
        /* "will withdraw its troops unless ...": a threat */
        if (!x->user) {
            const item *v = &it[c->verb];
            int modal = 0, cond = 0;
            for (size_t k = v->w0 >= 3 ? v->w0 - 3 : 0; k < v->w0; k++)
                modal |= weq(&w[k], "will") || weq(&w[k], "would");
            for (size_t k = v->w1; k < nw; k++)
                cond |= weq(&w[k], "unless");
            if (modal && cond)
                code = "130";
        }
        if (tgt < 0 && src >= 0 && g[src].u1 - g[src].u0 >= 2)
            tgt = src; /* "Peru and Chile signed": each with the other */
        size_t first = x->nev;
        emit(x, tk, w, sidx, g, u, it, c, code, c->vc.pair, src, tgt, c->hedged, date);
        /* no target named: the act is at home ("imposed a curfew") */
        for (size_t k = first; !x->user && k < x->nev; k++)
            if (!x->ev[k].target && x->ev[k].source && tally_actors_country(x->ev[k].source))
                x->ev[k].target = tally_arena_strndup(x->a, x->ev[k].source, 3);
    }
}

void tally_events_code(tally_arena *a, const tally_coder *c, tally_article *art) {
    ctx x;
    memset(&x, 0, sizeof x);
    x.a = a;
    x.c = c;
    x.art = art;
    x.user = c && c->user_dicts;
    for (size_t s = 0; s < art->tk.nsents && !x.story_discard; s++)
        code_sentence(&x, s);
    if (x.story_discard)
        x.nev = 0;
    art->events = x.ev;
    art->nevents = x.nev;
}
