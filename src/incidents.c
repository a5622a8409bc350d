/* incidents.c: violent incidents from article text: the event words, the
 * casualty figures and what they count, who did it to whom, who says so, when
 * and where; counts over a period go to tallies. */
#include "incidents.h"
#include "dict.h"
#include "lexicon.h"
#include "recognize.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SENT 400 /* tokens of a sentence (tokens.c cuts longer ones) */

enum { WHAT_KILLED = 0, WHAT_INJURED = 1, WHAT_DETAINED = 2, WHAT_SHOT = 3, WHAT_N = 4 };
/* WHAT_SHOT: hit by gunfire, fate not told: the injured are those shot less the dead */

/* A dictionary match in a sentence. */
typedef struct {
    uint32_t start, end;        /* tokens */
    const tally_dict_entry *e;  /* the entry */
} match;

/* A casualty figure: so many people killed, injured or detained. */
typedef struct {
    uint32_t sent;           /* sentence */
    uint32_t start, end;     /* tokens of the figure and its words */
    int64_t lo, hi;          /* the figure */
    uint8_t what;            /* WHAT_* */
    uint8_t victims;         /* TALLY_VICTIMS_* from the counted noun */
    uint8_t singular;        /* from "a leader", not from a number */
    uint8_t definite;        /* singular with "the", "his": maybe someone named before */
    uint8_t anaphor;         /* "both": a count of people the sentence already named */
    uint16_t entity;         /* the one person counted (1 + index into coder.ents), 0 for a group */
    uint8_t told;            /* from the recognizer: people an act befell */
    uint8_t vague;           /* from "several", "dozens" */
    uint8_t other;           /* "three other insurgents": someone besides them too */
    uint8_t part;            /* "the dead included four women": a part of the dead, so at
                                least that many, never more on top of a total */
    uint8_t later;           /* "two of the wounded later died": dead on top of the others */
    uint8_t attackers;       /* counts those who did it: 1 "five attackers", 2 "the gunmen"
                                (theirs when the perpetrator is an armed group) */
    const char *words;       /* the figure's words */
    uint32_t head;           /* hash of the counted noun's last word, plural s dropped; 0 for
                                none or a word that could name anyone (individuals, men) */
} figure;

/* A trigger: a word naming a violent event. */
typedef struct {
    uint32_t sent, start, end; /* sentence and tokens */
    const tally_dict_entry *e; /* the trigger entry */
    uint8_t fresh;             /* not a reference back ("the raid") */
    uint8_t weak;              /* names an event only with a figure or a place */
    uint8_t quoted;            /* inside quotation marks: someone's words about an event */
} trigger;

/* Everything found in one sentence. */
typedef struct {
    match *m;                  /* dictionary matches in text order */
    size_t nm;
    tally_number *nums;
    size_t nnums;
    tally_date_expr *dates;
    size_t ndates;
    const char *by, *via;      /* who says so, through which outlet */
    uint8_t hedged;            /* alleged, reportedly ... */
    uint8_t period;            /* a period phrase: the figures may be a tally */
    uint8_t victims;           /* a statement about who the dead were */
    tally_ymd anchor;          /* the date relative words resolve against */
    uint32_t para;             /* paragraph number */
    uint32_t hist_from, hist_to; /* tokens telling an earlier attack as history (none: equal) */
    uint32_t part;             /* releases pasted one after another, split by a line of dashes */
} sentence_info;

/* An incident being built. */
typedef struct {
    const tally_dict_entry *trig; /* the strongest trigger */
    uint32_t first_sent, last_sent;
    uint32_t trig_tok;            /* token of the trigger (for places and actors) */
    tally_date_expr date;
    const char *date_text;
    int has_date;
    int place_idx;                /* index into places, -1 none */
    int place_rank;               /* how specific the place is */
    uint8_t near;
    figure *figs;
    size_t nfigs, capfigs;
    uint32_t *sents;              /* evidence sentences */
    size_t nsents, capsents;
    tally_actor actors[8];
    size_t nactors;
    uint8_t tally;
    uint8_t pending;              /* opened by a generic word ("an operation in X"): kept
                                     only if something that happened is attached to it */
    uint8_t merged;               /* a later release's account, merged into an earlier incident */
} building;

/* One person the report tells of ("a man", "the boy", "Jane Roe, 24", "he"), so that
 * two deaths told of one person count once and two people's deaths count twice. */
typedef struct {
    uint32_t head;  /* the noun's hash (head_of), 0 for a generic one (man, person, victim) */
    uint32_t name;  /* the hash of the name's last word, 0 when not named */
    int16_t age;    /* -1 when not told */
    uint32_t sent;  /* the last sentence that told of them */
} person_ent;

typedef struct {
    tally_arena *a;
    const tally_coder *c;
    tally_article *art;
    const tally_tokens *tk;
    sentence_info *si;
    tally_place *places;
    size_t nplaces;
    const char *setting;          /* the article's main country (ISO alpha-3), or NULL */
    int dateline_place;           /* index of the dateline's place (BAGHDAD (Reuters) -), -1 none */
    building *inc;
    size_t ninc, capinc;
    const tally_dict_entry *hist[8]; /* event words of earlier attacks told as history */
    size_t nhist;
    int64_t people_lo, people_hi; /* the last count of people told ("multiple armed insurgents") */
    uint32_t people_sent;         /* its sentence */
    uint32_t people_head;         /* its noun */
    uint8_t people_victims;
    uint8_t apart;                /* the sentence opens with "Separately": another incident */
    uint8_t during;               /* "During the operation, ...": more of the one just told */
    person_ent ents[64];          /* the people the report tells of one by one */
    size_t nents;
} coder;

static const char *S(const tally_dict_entry *e, const char *k) { return e ? tally_dict_attr(e, k) : NULL; }

static int is_word(const tally_tokens *tk, size_t i, const char *w) { return tally_tokens_is(tk, i, w); }

/* "US" the country, not "us" the pronoun: the folded forms are the same. */
static int pronoun_us(const tally_tokens *tk, size_t i) {
    return is_word(tk, i, "us") && !(tk->toks[i].flags & TALLY_TF_UPPER);
}

static char *words_of(tally_arena *a, const tally_tokens *tk, size_t s, size_t e) {
    if (e <= s || e > tk->ntoks)
        return NULL;
    size_t b = tk->toks[s].start, end = tk->toks[e - 1].start + tk->toks[e - 1].len;
    return tally_arena_strndup(a, tk->text->text + b, end - b);
}

/* ---- sentence analysis ---- */

static void grow(tally_arena *a, void **v, size_t *cap, size_t n, size_t sz) {
    if (n < *cap)
        return;
    size_t nc = *cap ? *cap * 2 : 8;
    void *nv = tally_arena_alloc(a, nc * sz);
    if (*v)
        memcpy(nv, *v, n * sz);
    *v = nv;
    *cap = nc;
}

static const match *find_section(const sentence_info *si, int section, size_t from, size_t to) {
    for (size_t i = 0; i < si->nm; i++)
        if (si->m[i].e->section == section && si->m[i].start >= from && si->m[i].start < to)
            return &si->m[i];
    return NULL;
}

static const match *match_at(const sentence_info *si, size_t tok, unsigned mask) {
    for (size_t i = 0; i < si->nm; i++)
        if (si->m[i].start == tok && (mask & (1u << si->m[i].e->section)))
            return &si->m[i];
    return NULL;
}

/* The match of a section in mask that ends at token tok. */
static const match *match_ending(const sentence_info *si, size_t tok, unsigned mask) {
    for (size_t i = 0; i < si->nm; i++)
        if (si->m[i].end == tok + 1 && (mask & (1u << si->m[i].e->section)))
            return &si->m[i];
    return NULL;
}

/* Does a place found in the text start at token i? */
static int is_place_tok(const coder *c, size_t i) {
    for (size_t k = 0; k < c->nplaces; k++)
        if (c->places[k].tok_start <= i && i < c->places[k].tok_end)
            return 1;
    return 0;
}

static const unsigned M_TRIG = 1u << DICT_TRIGGER;
static const unsigned M_CAS = 1u << DICT_CASUALTY;
static const unsigned M_NOUN = (1u << DICT_PERSON) | (1u << DICT_NONPERSON);

/* All dictionary matches of sentence s, for each group of sections. */
static void scan_matches(coder *c, size_t s, sentence_info *si) {
    const tally_tokens *tk = c->tk;
    size_t b = tk->sents[s].tok_start, e = tk->sents[s].tok_end, cap = 0;
    static const unsigned groups[] = {(1u << DICT_TRIGGER), (1u << DICT_CASUALTY),
                                      (1u << DICT_PERSON) | (1u << DICT_NONPERSON),
                                      (1u << DICT_ACTOR) | (1u << DICT_AGENT),
                                      (1u << DICT_SPEECH) | (1u << DICT_OUTLET) | (1u << DICT_HEDGE) |
                                          (1u << DICT_PERIOD)};
    si->m = NULL;
    si->nm = 0;
    for (size_t g = 0; g < ARRAY_LEN(groups); g++) {
        for (size_t i = b; i < e;) {
            const tally_dict_entry *en;
            size_t k = tally_dict_match(tk, i, e, groups[g], &en);
            if (!k) {
                i++;
                continue;
            }
            grow(c->a, (void **)&si->m, &cap, si->nm, sizeof *si->m);
            si->m[si->nm].start = (uint32_t)i;
            si->m[si->nm].end = (uint32_t)(i + k);
            si->m[si->nm].e = en;
            si->nm++;
            i += k;
        }
    }
}

/* Event words inside a date ("March 20") are the date's. */
static void drop_date_words(coder *c, sentence_info *si) {
    (void)c;
    size_t k = 0;
    for (size_t i = 0; i < si->nm; i++) {
        int in_date = 0;
        for (size_t d = 0; d < si->ndates; d++)
            if (si->m[i].start >= si->dates[d].tok_start && si->m[i].start < si->dates[d].tok_end)
                in_date = 1;
        if (!in_date)
            si->m[k++] = si->m[i];
    }
    si->nm = k;
}

static int is_det(const tally_tokens *tk, size_t i) {
    return is_word(tk, i, "a") || is_word(tk, i, "an") || is_word(tk, i, "the") || is_word(tk, i, "one") ||
           is_word(tk, i, "another") || is_word(tk, i, "his") || is_word(tk, i, "her") ||
           is_word(tk, i, "their") || is_word(tk, i, "its");
}

static int is_clause_break(const tally_tokens *tk, size_t i) {
    return is_word(tk, i, ";") || is_word(tk, i, ":") || is_word(tk, i, "(") || is_word(tk, i, ")") ||
           is_word(tk, i, "but") || is_word(tk, i, "while") || is_word(tk, i, "since") ||
           is_word(tk, i, "after") || is_word(tk, i, "before") || is_word(tk, i, "when");
}

static uint8_t victims_of(const tally_dict_entry *e) {
    const char *v = S(e, "victims");
    if (!v)
        return TALLY_VICTIMS_NONE;
    return strcmp(v, "civilians") == 0 ? TALLY_VICTIMS_CIVILIANS : TALLY_VICTIMS_COMBATANTS;
}

/* Plural nouns that do not end in s. */
static int plural_word(tally_span w) {
    static const char *pl[] = {"people", "men", "women", "children", "police", "personnel", "staff", "militia"};
    for (size_t i = 0; i < ARRAY_LEN(pl); i++)
        if (strlen(pl[i]) == w.len && memcmp(pl[i], w.p, w.len) == 0)
            return 1;
    if (w.len > 3 && memcmp(w.p + w.len - 3, "men", 3) == 0)
        return 1; /* gunmen, policemen, militiamen */
    return w.len > 2 && w.p[w.len - 1] == 's' && w.p[w.len - 2] != 's';
}

static int what_of(const tally_dict_entry *e) {
    const char *w = S(e, "what");
    if (!w)
        return -1;
    return strcmp(w, "killed") == 0 ? WHAT_KILLED : strcmp(w, "injured") == 0 ? WHAT_INJURED : WHAT_DETAINED;
}

/* Is token i a gerund or past form that takes the counted people as object
 * ("killing five", "wounded another 74", "arrested two")? */
static int object_verb(const tally_tokens *tk, size_t i) {
    tally_span w = tally_tokens_fold(tk, i);
    if (w.len > 3 && memcmp(w.p + w.len - 3, "ing", 3) == 0)
        return 1;
    if (w.len > 2 && memcmp(w.p + w.len - 2, "ed", 2) == 0)
        return 1;
    if (is_word(tk, i, "held"))
        return 0;
    if (is_word(tk, i, "shot") || is_word(tk, i, "gunned"))
        return 1;
    return is_word(tk, i, "left") || is_word(tk, i, "killed") || is_word(tk, i, "lost") ||
           is_word(tk, i, "death toll") || is_word(tk, i, "toll");
}

static void add_figure(coder *c, figure **figs, size_t *nf, size_t *cap, const figure *f) {
    grow(c->a, (void **)figs, cap, *nf, sizeof **figs);
    (*figs)[(*nf)++] = *f;
}

/* A noun's head for telling counts of the same people from counts of others:
 * the folded word without a plural s (insurgents and insurgent agree). */
static uint32_t head_of(const tally_tokens *tk, size_t i) {
    static const char *generic[] = {"individual", "individuals", "people", "person", "persons", "men",
                                    "man", "others", "member", "members", "suspect", "suspects", "those"};
    for (size_t k = 0; k < ARRAY_LEN(generic); k++)
        if (is_word(tk, i, generic[k]))
            return 0;
    /* "one of the insurgents": some of those counted already */
    if (i >= 2 && is_word(tk, i - 1, "the") && is_word(tk, i - 2, "of"))
        return 0;
    tally_span w = tally_tokens_fold(tk, i);
    if (w.len > 3 && w.p[w.len - 1] == 's')
        w.len--;
    return tally_hash(w.p, w.len) | 1;
}

/* Does the counted noun (its last token i) name those who did it? 1: always
 * ("attackers", "the bomber"); 2: fighters told of before ("the gunmen", "12 of the
 * insurgents"), the attackers when an armed group did it; 0: no. */
static uint8_t attackers_of(const tally_tokens *tk, size_t start, size_t i) {
    static const char *always[] = {"attacker", "attackers", "assailant", "assailants", "bomber", "bombers",
                                   "hijacker", "hijackers", "kidnapper", "kidnappers"};
    static const char *fighters[] = {"gunman", "gunmen", "militant", "militants", "insurgent", "insurgents",
                                     "fighter", "fighters", "terrorist", "terrorists"};
    for (size_t k = 0; k < ARRAY_LEN(always); k++)
        if (is_word(tk, i, always[k]))
            return 1;
    int fighter = 0;
    for (size_t k = 0; k < ARRAY_LEN(fighters); k++)
        fighter |= is_word(tk, i, fighters[k]);
    if (!fighter)
        return 0;
    for (size_t k = start; k < i; k++)
        if (is_word(tk, k, "the") || is_word(tk, k, "all"))
            return 2;
    return 0;
}

/* People listed one by one after a figure f, from token k on (", his wife and a
 * neighbour"): one figure of one person each. The numbers in such a list are
 * counted on their own ("and their three children"), and "and one other
 * insurgent" is a number too. */
static void list_after(coder *c, const sentence_info *si, size_t s, size_t k, const figure *f, figure **figs,
                       size_t *nf, size_t *cap) {
    const tally_tokens *tk = c->tk;
    size_t e = tk->sents[s].tok_end;
    while (k + 2 < e && (is_word(tk, k, ",") || is_word(tk, k, "and"))) {
        size_t d2 = k + 1;
        if (is_word(tk, d2, "and"))
            d2++;
        if (d2 >= e || !is_det(tk, d2) || is_word(tk, d2, "the") || is_word(tk, d2, "one"))
            break;
        const match *n2 = NULL;
        for (size_t q = d2 + 1; q < e && q < d2 + 4 && !n2; q++) {
            if (tk->toks[q].kind == TALLY_TOK_NUM || (tk->toks[q].lex & LEX_NUMWORD) || is_clause_break(tk, q))
                break;
            const match *m = match_at(si, q, M_NOUN);
            if (m && m->e->section == DICT_PERSON)
                n2 = m;
        }
        if (!n2 || plural_word(tally_tokens_fold(tk, n2->end - 1)) ||
            (n2->end < e && (match_at(si, n2->end, 1u << DICT_SPEECH) || is_word(tk, n2->end, "who"))))
            break; /* ", a police officer said": the speaker, not one more victim */
        figure g = *f;
        g.start = (uint32_t)d2;
        g.end = n2->end;
        g.lo = g.hi = 1;
        g.singular = 1;
        g.definite = 0; /* another person of the list */
        g.vague = g.anaphor = g.other = 0;
        g.head = head_of(tk, n2->end - 1);
        g.victims = victims_of(n2->e);
        g.words = words_of(c->a, tk, d2, n2->end);
        add_figure(c, figs, nf, cap, &g);
        k = n2->end;
    }
}

/* A figure of the people counted last (c->people_*), told again at tokens [start,
 * end) of sentence s ("them", "the insurgents") with the casualty word cas; none
 * when a figure of the sentence already covers token k. Returns 1 and *made. */
static int people_figure(coder *c, size_t s, size_t start, size_t end, size_t k, const match *cas, figure **figs,
                         size_t *nf, size_t *cap, figure *made) {
    for (size_t f = 0; f < *nf; f++)
        if ((*figs)[f].start <= k && k < (*figs)[f].end)
            return 0;
    memset(made, 0, sizeof *made);
    made->sent = (uint32_t)s;
    made->start = (uint32_t)start;
    made->end = (uint32_t)end;
    made->lo = c->people_lo;
    made->hi = c->people_hi;
    made->what = (uint8_t)what_of(cas->e);
    made->victims = c->people_victims;
    made->head = c->people_head;
    made->words = words_of(c->a, c->tk, start, end);
    add_figure(c, figs, nf, cap, made);
    return 1;
}

/* The figures of sentence s: numbers that count people killed, injured or detained. */
static size_t sentence_figures(coder *c, size_t s, sentence_info *si, figure **out) {
    const tally_tokens *tk = c->tk;
    size_t b = tk->sents[s].tok_start, e = tk->sents[s].tok_end;
    figure *figs = NULL;
    size_t nf = 0, cap = 0;
    uint8_t used_cas[512] = {0}; /* casualty matches already given a figure */
    for (size_t n = 0; n < si->nnums; n++) {
        const tally_number *num = &si->nums[n];
        if (num->kind != TALLY_NUM_COUNT || num->lo <= 0 || num->lo > 10000000)
            continue;
        int in_date = 0; /* March 7, 3 days ago */
        for (size_t d = 0; d < si->ndates; d++)
            if (num->num_tok >= si->dates[d].tok_start && num->num_tok < si->dates[d].tok_end)
                in_date = 1;
        if (in_date)
            continue;
        /* a part of a figure: "including two women", "the dead included four men" */
        int subset = 0; /* "among them a teacher and his two sons": back to the clause's start */
        for (size_t k = num->tok_start; k > b && k + 9 > num->tok_start; k--) {
            if (is_word(tk, k - 1, "including") || is_word(tk, k - 1, "included") ||
                is_word(tk, k - 1, "among") || is_word(tk, k - 1, "of")) {
                subset = !is_word(tk, k - 1, "of") || k + 1 < num->tok_start;
                if (is_word(tk, k - 1, "of") && k + 1 < num->tok_start)
                    subset = 0; /* "of" only right before: "two of the wounded" */
                break;
            }
            if (match_at(si, k - 1, M_CAS) || is_clause_break(tk, k - 1) || is_word(tk, k - 1, "-") ||
                tk->toks[k - 1].kind == TALLY_TOK_NUM)
                break; /* "-including two women- and five others": the dash closes the part;
                          "among rebels at 35 and said 18": another figure before it */
        }
        /* what does it count? look right for the noun and a casualty word */
        size_t j = num->tok_end;
        const match *noun = NULL, *cas = NULL;
        int nonperson = 0;
        size_t coord = 0, noun_end_override = 0; /* "and six policemen": the verb after them */
        for (size_t k = j; k < e && k < j + 9 + coord; k++) {
            const match *m = match_at(si, k, M_CAS);
            if (!m)
                m = match_at(si, k, M_NOUN);
            if (!m)
                m = match_at(si, k, M_TRIG);
            if (noun && (is_word(tk, k, "and") || is_word(tk, k, ",")) && k + 1 < e &&
                (tk->toks[k + 1].kind == TALLY_TOK_NUM || (tk->toks[k + 1].lex & LEX_NUMWORD)) &&
                !is_word(tk, k + 1, "a")) {
                /* "12 protesters and six policemen were injured": step over the next count */
                size_t q = k + 2;
                while (q < e && q < k + 6 && !match_at(si, q, M_NOUN) && !match_at(si, q, M_CAS))
                    q++;
                const match *n2 = q < e ? match_at(si, q, M_NOUN) : NULL;
                if (n2 && n2->e->section == DICT_PERSON) {
                    coord = n2->end - j;
                    k = n2->end - 1;
                    noun_end_override = n2->end;
                    continue;
                }
            }
            if (tk->toks[k].kind == TALLY_TOK_NUM || is_clause_break(tk, k) || (!noun && is_word(tk, k, ",")))
                break; /* "rose to 11, a hospital official said": the official is not counted */
            if (m && (m->e->section == DICT_NONPERSON || m->e->section == DICT_TRIGGER) && !noun &&
                m->end < e && match_at(si, m->end, M_NOUN) &&
                match_at(si, m->end, M_NOUN)->e->section == DICT_PERSON) {
                k = m->end - 1; /* "IED facilitators", "weapons dealers": people */
                continue;
            }
            if (m && m->e->section == DICT_NONPERSON && !noun) {
                nonperson = 1;
                break;
            }
            if (m && m->e->section == DICT_PERSON && !noun) {
                noun = m;
                k = m->end - 1;
                continue;
            }
            if (m && m->e->section == DICT_CASUALTY) {
                /* "five people were killed", "eight detained", "25 dead": not "killing", and
                   not "two insurgents and detained": the verb of another object */
                tally_span w = tally_tokens_fold(tk, k);
                size_t before = noun_end_override ? noun_end_override : noun ? noun->end : j;
                int aux = k == before;
                if ((is_word(tk, k, "died") || is_word(tk, k, "perished")) && k <= before + 2) {
                    aux = 1; /* "three civilians also died": no auxiliary, an adverb at most */
                    for (size_t q = before; q < k; q++)
                        aux &= is_word(tk, q, "also") || is_word(tk, q, "later") || is_word(tk, q, "all") ||
                                is_word(tk, q, "reportedly") || is_word(tk, q, "subsequently") ||
                                is_word(tk, q, "both");
                }
                for (size_t q = before; q < k; q++)
                    if (is_word(tk, q, "were") || is_word(tk, q, "was") || is_word(tk, q, "been") ||
                        is_word(tk, q, "are") || is_word(tk, q, "is") || is_word(tk, q, "being") ||
                        is_word(tk, q, "had") || is_word(tk, q, "have"))
                        aux = 1;
                for (size_t q = before; q < k; q++)
                    if (is_word(tk, q, "and") || is_word(tk, q, "or") || is_word(tk, q, "who") ||
                        is_word(tk, q, "which") || is_word(tk, q, "that"))
                        aux = 0;
                if (!(w.len > 3 && memcmp(w.p + w.len - 3, "ing", 3) == 0) && aux)
                    cas = m;
                for (size_t q = before; q < k && cas; q++)
                    if (is_word(tk, q, "among"))
                        subset = 1; /* "43 officers were among the dead": a part of them */
                break;
            }
            if (m && m->e->section == DICT_TRIGGER)
                break;
            if (!noun && k > j + 4)
                break;
            if (noun && k > (noun_end_override ? noun_end_override : noun->end) + 4)
                break;
        }
        if (nonperson)
            continue;
        const match *counted = noun;
        for (size_t q = j; !counted && q < e && q < j + 4; q++) { /* "three additional wounded insurgents" */
            const match *m = match_at(si, q, M_NOUN);
            if (m && m->e->section == DICT_PERSON)
                counted = m;
            if (tk->toks[q].kind != TALLY_TOK_WORD || is_clause_break(tk, q))
                break;
        }
        if (counted && !subset && plural_word(tally_tokens_fold(tk, counted->end - 1))) {
            /* people counted, whatever befell them: "them" or "the insurgents" may point back */
            c->people_lo = num->qual == TALLY_Q_MORE_THAN && num->lo == num->hi ? num->lo + 1 : num->lo;
            c->people_hi = num->qual == TALLY_Q_MORE_THAN && num->lo == num->hi ? num->hi + 1 : num->hi;
            c->people_sent = (uint32_t)s;
            c->people_head = head_of(tk, counted->end - 1);
            c->people_victims = victims_of(counted->e);
        }
        /* "two of the wounded later died (of their wounds)": dead on top of the others */
        int later = 0;
        if (!cas && !noun && j + 3 < e && is_word(tk, j, "of") && is_word(tk, j + 1, "the")) {
            const match *w = match_at(si, j + 2, M_CAS);
            if (w && what_of(w->e) == WHAT_INJURED)
                for (size_t q = w->end; q < e && q < w->end + 4 && !cas; q++) {
                    const match *m = match_at(si, q, M_CAS);
                    if (m && what_of(m->e) == WHAT_KILLED)
                        cas = m, later = 1;
                    else if (is_word(tk, q, "succumbed"))
                        break;
                }
        }
        /* or left: "killing at least five", "wounded another 74", "arrested two"; the number
           must count people: a word after it that names no one ("seized several grenades")
           says it counts something else */
        int counts_things = !noun && j < e && tk->toks[j].kind == TALLY_TOK_WORD && !is_word(tk, j, "and") &&
                            !is_word(tk, j, "of") && !is_word(tk, j, "others") && !is_word(tk, j, "more") &&
                            !match_at(si, j, M_CAS) && !is_word(tk, j, "on") && !is_word(tk, j, "in") &&
                            !is_word(tk, j, "during") && !is_word(tk, j, "at") && !is_word(tk, j, "near") &&
                            !is_word(tk, j, "when") && !is_word(tk, j, "after") && !is_word(tk, j, "while") &&
                            !is_word(tk, j, "including") && !is_word(tk, j, "as") && !is_word(tk, j, "with");
        if (!cas && !counts_things) {
            size_t k = num->tok_start;
            size_t lim = k > b + 4 ? k - 4 : b;
            while (k > lim) {
                k--;
                const match *m = match_ending(si, k, M_CAS); /* "killing", "shot dead" */
                if (!m && is_word(tk, k, "of") && k > b)
                    m = match_ending(si, k - 1, M_CAS); /* "the detention of several" */
                if (m && (object_verb(tk, m->start) || is_word(tk, m->end - 1, "toll") || is_word(tk, m->end, "of"))) {
                    cas = m;
                    break;
                }
                if (!(is_word(tk, k, "another") || is_word(tk, k, "a") || is_word(tk, k, "an") || is_word(tk, k, "put") ||
                      is_word(tk, k, "the") || is_word(tk, k, "rose") || is_word(tk, k, "to") ||
                      is_word(tk, k, "at") || is_word(tk, k, "reached") || is_word(tk, k, "climbed") ||
                      is_word(tk, k, "stood") || is_word(tk, k, "some") || is_word(tk, k, "an") ||
                      is_word(tk, k, "additional") || is_word(tk, k, "further") || is_word(tk, k, "\"") ||
                      is_word(tk, k, "all")))
                    break;
            }
        }
        /* "several insurgents opened fire on the force and were killed": the second verb
           of the same subject */
        if (!cas && noun) {
            for (size_t q = noun->end; q + 2 < e && q < noun->end + 16 && !cas; q++) {
                if (tk->toks[q].kind == TALLY_TOK_NUM || is_clause_break(tk, q) || is_word(tk, q, ",") ||
                    is_word(tk, q, "who") || is_word(tk, q, "which") || is_word(tk, q, "that"))
                    break;
                if (is_word(tk, q, "and") && (is_word(tk, q + 1, "were") || is_word(tk, q + 1, "was"))) {
                    size_t v = q + 2 + ((is_word(tk, q + 2, "all") || is_word(tk, q + 2, "later")) ? 1 : 0);
                    const match *m = v < e ? match_at(si, v, M_CAS) : NULL;
                    if (m && object_verb(tk, m->start))
                        cas = m;
                    break;
                }
            }
        }
        /* "also killed in the strike were 13 fighters": the participle first, the counted
           people after "were" */
        if (!cas && noun && num->tok_start > b + 1 &&
            (is_word(tk, num->tok_start - 1, "were") || is_word(tk, num->tok_start - 1, "was"))) {
            size_t lim = num->tok_start > b + 10 ? num->tok_start - 10 : b;
            for (size_t q = num->tok_start - 1; q > lim && !cas; q--) {
                const match *m = match_ending(si, q - 1, M_CAS);
                if (m && object_verb(tk, m->start) &&
                    (m->start == b || is_word(tk, m->start - 1, "also") || is_word(tk, m->start - 1, ",") ||
                     is_word(tk, m->start - 1, "among")))
                    cas = m;
                if (is_clause_break(tk, q - 1) || tk->toks[q - 1].kind == TALLY_TOK_NUM)
                    break;
            }
        }
        /* "the death toll from Tuesday's bombing rose to 11": the toll named further back */
        if (!cas && !counts_things && num->tok_start > b + 1) {
            size_t k = num->tok_start;
            if (is_word(tk, k - 1, "to") || is_word(tk, k - 1, "at"))
                k--;
            if (k > b && (is_word(tk, k - 1, "rose") || is_word(tk, k - 1, "risen") || is_word(tk, k - 1, "climbed") ||
                          is_word(tk, k - 1, "reached") || is_word(tk, k - 1, "stood") || is_word(tk, k - 1, "jumped") ||
                          is_word(tk, k - 1, "increased") || is_word(tk, k - 1, "stands") || is_word(tk, k - 1, "rises"))) {
                size_t lim = k > b + 16 ? k - 16 : b;
                for (size_t q = k - 1; q > lim && !cas; q--) {
                    const match *m = match_ending(si, q - 1, M_CAS);
                    if (m && is_word(tk, m->end - 1, "toll"))
                        cas = m;
                    if (is_clause_break(tk, q - 1))
                        break;
                }
            }
            /* "put the toll among rebels at 35": the toll a few words before "at" */
            size_t at = num->num_tok; /* the number's own token: "at" may lead its words */
            if (at > b + 1 && is_word(tk, at - 1, "at")) {
                size_t lim = at > b + 7 ? at - 7 : b;
                for (size_t q = at - 1; q > lim && !cas; q--) {
                    const match *m = match_ending(si, q - 1, M_CAS);
                    if (m && is_word(tk, m->end - 1, "toll") && m->start > b &&
                        (is_word(tk, m->start - 1, "the") || is_word(tk, m->start - 1, "its"))) {
                        cas = m;
                        subset = 0; /* "among rebels" says whose toll, not a part of it */
                    }
                    if (is_clause_break(tk, q - 1) || is_word(tk, q - 1, ","))
                        break;
                }
            }
        }
        /* "the dead included four women", "among the wounded were two boys": a part of
           the dead or wounded */
        if (!cas && noun && num->tok_start > b + 2 &&
            (is_word(tk, num->tok_start - 1, "included") || is_word(tk, num->tok_start - 1, "include") ||
             is_word(tk, num->tok_start - 1, "were"))) {
            size_t lim = num->tok_start > b + 5 ? num->tok_start - 5 : b;
            for (size_t q = num->tok_start - 1; q > lim && !cas; q--) {
                const match *m = match_ending(si, q - 1, M_CAS);
                if (m && m->start > b && (is_word(tk, m->start - 1, "the") || is_word(tk, m->start - 1, "those")) &&
                    (is_word(tk, num->tok_start - 1, "were") ? m->start > b + 1 && is_word(tk, m->start - 2, "among")
                                                             : 1))
                    cas = m, subset = 1;
                if (is_clause_break(tk, q - 1) || is_word(tk, q - 1, ","))
                    break;
            }
        }
        /* "detained the leader along with three associates", "captured a facilitator and
           several associates": the number shares the verb of the object before it */
        int shared_verb = 0;
        size_t before_num = num->tok_start; /* "and their three children": past the possessive */
        if (before_num > b + 1 && (is_word(tk, before_num - 1, "their") || is_word(tk, before_num - 1, "his") ||
                                   is_word(tk, before_num - 1, "her")))
            before_num--;
        if (!cas && before_num > b &&
            (is_word(tk, before_num - 1, "and") || is_word(tk, before_num - 1, "with"))) {
            shared_verb = 1;
            size_t lim = before_num > b + 14 ? before_num - 14 : b;
            for (size_t k = before_num - 1; k > lim; k--) {
                if (tk->toks[k - 1].kind == TALLY_TOK_NUM || is_clause_break(tk, k - 1))
                    break;
                const match *m = match_at(si, k - 1, M_CAS);
                if (m && object_verb(tk, k - 1)) {
                    cas = m;
                    break;
                }
            }
            if (cas && !noun)
                cas = NULL; /* the number must count people: "and three associates" */
        }
        if (!cas)
            continue;
        /* "three passengers were killed or wounded": no count of either */
        if (cas->end + 1 < e && is_word(tk, cas->end, "or") && match_at(si, cas->end + 1, M_CAS))
            continue;
        if (cas->start > b + 1 && is_word(tk, cas->start - 1, "or") && match_ending(si, cas->start - 2, M_CAS))
            continue;
        figure f;
        memset(&f, 0, sizeof f);
        f.sent = (uint32_t)s;
        f.start = num->tok_start;
        f.end = noun ? noun->end : num->tok_end;
        f.lo = num->lo;
        f.hi = num->hi;
        if (num->qual == TALLY_Q_MORE_THAN && num->lo == num->hi)
            f.lo = f.hi = num->lo + 1; /* "more than 30": at least 31 */
        f.anaphor = is_word(tk, num->num_tok, "both"); /* "both men": people already told of */
        if (num->tok_end + 1 < e && is_word(tk, num->tok_end, "of") &&
            (is_word(tk, num->tok_end + 1, "them") || is_word(tk, num->tok_end + 1, "whom")))
            subset = 1; /* "one of them": a part of people already counted */
        f.part = (uint8_t)subset; /* women and children among the victims */
        f.later = (uint8_t)later;
        f.what = (uint8_t)what_of(cas->e);
        f.victims = noun ? victims_of(noun->e) : TALLY_VICTIMS_NONE;
        f.vague = num->qual == TALLY_Q_VAGUE;
        for (size_t q = num->tok_end; q < f.end; q++)
            if (is_word(tk, q, "other"))
                f.other = 1;
        f.attackers = noun ? attackers_of(tk, num->tok_start > b ? num->tok_start - 1 : b, noun->end - 1) : 0;
        f.words = words_of(c->a, tk, num->tok_start, f.end);
        f.head = noun ? head_of(tk, noun->end - 1) : 0;
        if ((size_t)(cas - si->m) < sizeof used_cas && !shared_verb)
            used_cas[cas - si->m] = 1;
        add_figure(c, &figs, &nf, &cap, &f);
        /* "killed 3 soldiers and a civilian": one more person after the counted ones
           (not ", a hospital official said") */
        if (noun && cas->start < num->tok_start && is_word(tk, noun->end, "and"))
            list_after(c, si, s, noun->end, &f, &figs, &nf, &cap);
    }
    /* singular people: "killed the Taliban leader", "a contractor was killed" */
    for (size_t mi = 0; mi < si->nm; mi++) {
        const match *cas = &si->m[mi];
        if (cas->e->section != DICT_CASUALTY || (mi < sizeof used_cas && used_cas[mi]))
            continue;
        int what = what_of(cas->e);
        if (what == WHAT_INJURED)
            continue;
        const match *noun = NULL;
        size_t det = 0;
        int ok = 0;
        int noun_form = cas->end < e && is_word(tk, cas->end, "of"); /* "the arrest of a leader" */
        int intrans = is_word(tk, cas->start, "died") || is_word(tk, cas->start, "dies") ||
                      is_word(tk, cas->start, "perished"); /* no object: "a policeman died" */
        if ((object_verb(tk, cas->start) || noun_form) && !intrans && !is_word(tk, cas->start - 1, "was") &&
            !is_word(tk, cas->start - 1, "were") && !is_word(tk, cas->start - 1, "been")) {
            /* object to the right: a/an/the ... noun */
            size_t k = cas->end + (noun_form ? 1 : 0);
            if (k < e && is_det(tk, k)) {
                det = k;
                for (size_t q = k + 1; q < e && q < k + 12; q++) {
                    if (is_word(tk, q, "(") || is_word(tk, q, ")"))
                        continue; /* "a senior Islamic Movement of Uzbekistan (IMU) leader" */
                    if (tk->toks[q].kind == TALLY_TOK_NUM || is_clause_break(tk, q) || is_word(tk, q, ","))
                        break;
                    const match *m = match_at(si, q, M_NOUN);
                    if (m && m->e->section == DICT_PERSON) {
                        noun = m; /* the head: "a weapons dealer", "an IED facilitator" */
                        if (!match_at(si, m->end, M_NOUN))
                            break;
                    }
                }
                ok = noun != NULL;
            } else {
                /* "killed Taliban leader, Hamid, ...": no article, the man named after it */
                for (size_t q = k; q < e && q < k + 6 && !noun; q++) {
                    const match *m = match_at(si, q, M_NOUN);
                    if (m && m->e->section == DICT_PERSON && !match_at(si, m->end, M_NOUN) && m->end + 2 < e &&
                        is_word(tk, m->end, ",") && (tk->toks[m->end + 1].flags & TALLY_TF_CAP) &&
                        !(tk->toks[m->end + 1].lex & LEX_DICT) && is_word(tk, m->end + 2, ","))
                        noun = m;
                    if (tk->toks[q].kind != TALLY_TOK_WORD || is_clause_break(tk, q))
                        break;
                }
                det = k; /* the figure's words start after the verb */
                ok = noun != NULL;
            }
        } else if (is_word(tk, cas->start - 1, "was") ||
                   (intrans && cas->start > b && match_ending(si, cas->start - 1, M_NOUN)) ||
                   (is_word(tk, cas->start - 2, "was") &&
                    (is_word(tk, cas->start - 1, "reportedly") || is_word(tk, cas->start - 1, "also") ||
                     is_word(tk, cas->start - 1, "later")))) {
            /* subject to the left: a/an/the ... noun was killed */
            size_t k = cas->start;
            size_t lim = k > b + 14 ? k - 14 : b;
            while (k > lim) {
                k--;
                const match *m = match_at(si, k, M_NOUN);
                if (m && m->e->section == DICT_PERSON && !noun)
                    noun = m;
                if (noun && is_det(tk, k)) {
                    det = k;
                    ok = 1;
                    break;
                }
                if ((tk->toks[k].kind == TALLY_TOK_NUM && !(tk->toks[k].flags & TALLY_TF_HYPHEN)) ||
                    is_clause_break(tk, k))
                    break;
            }
        }
        /* "killed Rashid and his driver": a person's name after the verb */
        if (!ok && object_verb(tk, cas->start) && !noun_form && what == WHAT_KILLED) {
            size_t k = cas->end;
            if (k + 1 < e && (tk->toks[k].flags & TALLY_TF_CAP) && !(tk->toks[k].flags & TALLY_TF_UPPER) &&
                tk->toks[k].kind == TALLY_TOK_WORD && !(tk->toks[k].lex & (LEX_DICT | LEX_MONTH | LEX_WEEKDAY)) &&
                !is_place_tok(c, k) && !plural_word(tally_tokens_fold(tk, k)) && /* not "Yazidis" */
                (is_word(tk, k + 1, "and") || is_word(tk, k + 1, ",") || is_word(tk, k + 1, ".") ||
                 is_word(tk, k + 1, "on") || is_word(tk, k + 1, "in"))) {
                figure f;
                memset(&f, 0, sizeof f);
                f.sent = (uint32_t)s;
                f.start = (uint32_t)k;
                f.end = (uint32_t)k + 1;
                f.lo = f.hi = 1;
                f.definite = 1; /* a named man: maybe the one the report is about */
                f.what = WHAT_KILLED;
                f.singular = 1;
                f.words = words_of(c->a, tk, k, k + 1);
                add_figure(c, &figs, &nf, &cap, &f);
                list_after(c, si, s, k + 1, &f, &figs, &nf, &cap); /* "and his associate" */
            }
            continue;
        }
        if (!ok || !noun || plural_word(tally_tokens_fold(tk, noun->end - 1)))
            continue;
        figure f;
        memset(&f, 0, sizeof f);
        f.sent = (uint32_t)s;
        f.start = (uint32_t)det;
        f.end = noun->end;
        f.lo = f.hi = 1;
        f.definite = !(is_word(tk, det, "a") || is_word(tk, det, "an") || is_word(tk, det, "one") ||
                       is_word(tk, det, "another"));
        f.what = (uint8_t)what;
        f.victims = victims_of(noun->e);
        f.singular = 1;
        f.head = head_of(tk, noun->end - 1);
        f.attackers = attackers_of(tk, det, noun->end - 1);
        f.words = words_of(c->a, tk, det, noun->end);
        add_figure(c, &figs, &nf, &cap, &f);
        /* a list after an object: "killing a man, his wife and their three children" */
        if (det > cas->start)
            list_after(c, si, s, noun->end, &f, &figs, &nf, &cap);
    }
    /* "the armed militants, one of them the commander, were all killed", "they were
       detained": the people just counted, as the subject */
    for (size_t mi = 0; mi < si->nm; mi++) {
        const match *cas = &si->m[mi];
        if (cas->e->section != DICT_CASUALTY || what_of(cas->e) == WHAT_INJURED || !c->people_lo ||
            s > c->people_sent + 3 || cas->start < b + 2)
            continue;
        size_t k = cas->start - 1;
        if ((is_word(tk, k, "all") || is_word(tk, k, "both")) && k > b)
            k--;
        if (!is_word(tk, k, "were") || k == b)
            continue;
        k--;
        if (is_word(tk, k, ",")) { /* past an aside between commas */
            while (k > b && !is_word(tk, k - 1, ","))
                k--;
            if (k <= b + 1)
                continue;
            k -= 2;
        }
        const match *noun = match_ending(si, k, M_NOUN);
        int they = is_word(tk, k, "they") && k == b;
        size_t the = 0; /* the token of "the" + 1 */
        if (noun && noun->e->section == DICT_PERSON && plural_word(tally_tokens_fold(tk, k)) &&
            head_of(tk, k) == c->people_head)
            for (size_t q = noun->start; q-- > b && q + 3 >= noun->start && !the;)
                if (is_word(tk, q, "the"))
                    the = q + 1;
        if (!they && !the)
            continue;
        /* the whole subject: its people are the dead */
        figure f;
        people_figure(c, s, they ? k : the - 1, k + 1, k, cas, &figs, &nf, &cap, &f);
    }
    /* "engaged and killed them", "detained the insurgents": the people just counted */
    for (size_t mi = 0; mi < si->nm; mi++) {
        const match *cas = &si->m[mi];
        if (cas->e->section != DICT_CASUALTY || !object_verb(tk, cas->start) || what_of(cas->e) == WHAT_INJURED ||
            !c->people_lo || s > c->people_sent + 3 || cas->end >= e)
            continue;
        size_t k = cas->end, end = 0;
        const match *noun = NULL;
        if (is_word(tk, k, "them"))
            end = k + 1;
        else if (is_word(tk, k, "the") && (noun = match_at(si, k + 1, M_NOUN)) && noun->e->section == DICT_PERSON &&
                 plural_word(tally_tokens_fold(tk, noun->end - 1)) &&
                 head_of(tk, noun->end - 1) == c->people_head)
            end = noun->end;
        if (!end || (end < e && (is_word(tk, end, "of") || is_word(tk, end, "who"))))
            continue; /* "the insurgents who ...": someone else, maybe */
        figure f;
        if (people_figure(c, s, k, end, k, cas, &figs, &nf, &cap, &f))
            list_after(c, si, s, end, &f, &figs, &nf, &cap); /* "them along with one other" */
    }
    *out = figs;
    return nf;
}

/* Does a figure of the sentence already cover tokens [start, end)? */
static int figure_covers(const figure *figs, size_t nf, size_t start, size_t end) {
    for (size_t f = 0; f < nf; f++)
        if (figs[f].start < end && start < figs[f].end)
            return 1;
    return 0;
}

/* Does entity e fit a person told as p (head hash, name hash, age)? */
static int ent_fits(const person_ent *e, uint32_t head, int16_t age) {
    if (e->age >= 0 && age >= 0 && e->age != age)
        return 0;
    return (head && e->head == head) || (age >= 0 && e->age == age);
}

/* The person a one-person group of sentence s stands for, 1 + an index into
 * c->ents (0 when the table is full). A name is the person of that name, else the
 * latest unnamed person of an earlier sentence ("a man ... identified as Jane Roe");
 * a pronoun the latest person; "the boy", "the 17-year-old" the latest of that
 * noun or age, and "the victim" the latest person; "a man" someone new, unless the
 * same noun and age were told before (a headline and its story). */
static uint16_t person_of(coder *c, size_t s, const tally_people *p, size_t sent_start) {
    const tally_tokens *tk = c->tk;
    uint32_t head = p->noun ? head_of(tk, p->head) : 0, name = 0;
    if (p->kind == TALLY_PPL_NAME) {
        tally_span w = tally_tokens_fold(tk, p->head);
        name = tally_hash(w.p, w.len) | 1;
    }
    int found = -1;
    int another = is_word(tk, p->start, "another") || is_word(tk, p->start, "second");
    for (size_t k = c->nents; k-- > 0 && found < 0 && !another;) {
        const person_ent *e = &c->ents[k];
        if (e->sent + 10 < s)
            break;
        switch (p->kind) {
        case TALLY_PPL_NAME:
            if (e->name == name || (!e->name && k < sent_start && (e->age < 0 || p->age < 0 || e->age == p->age)))
                found = (int)k;
            break;
        case TALLY_PPL_PRONOUN:
            found = (int)k;
            break;
        case TALLY_PPL_DEF:
            if (ent_fits(e, head, p->age) || (!head && p->age < 0))
                found = (int)k;
            break;
        default:
            if (head && ent_fits(e, head, p->age) && e->age == p->age)
                found = (int)k;
        }
    }
    if (found < 0) {
        if (c->nents == ARRAY_LEN(c->ents))
            return 0;
        found = (int)c->nents++;
        memset(&c->ents[found], 0, sizeof c->ents[found]);
        c->ents[found].age = -1;
    }
    person_ent *e = &c->ents[found];
    if (head && !e->head)
        e->head = head;
    if (name && !e->name)
        e->name = name;
    if (p->age >= 0 && e->age < 0)
        e->age = p->age;
    e->sent = (uint32_t)s;
    return (uint16_t)(found + 1);
}

/* A group told with no count ("them", "the insurgents", "his associates") is the
 * people counted just before (within three sentences): "them" any, a noun the same
 * noun. Sets its count. */
static void people_told_before(const coder *c, size_t s, tally_people *p) {
    const tally_tokens *tk = c->tk;
    if (p->kind != TALLY_PPL_GROUP || !c->people_lo || s > c->people_sent + 3)
        return;
    int pronoun = !p->noun;
    int definite = p->start < p->head && (is_word(tk, p->start, "the") || is_word(tk, p->start, "his") ||
                                          is_word(tk, p->start, "their") || is_word(tk, p->start, "all"));
    if (!pronoun && !(definite && p->noun && head_of(tk, p->head) == c->people_head))
        return;
    if (is_word(tk, p->end, "who") || is_word(tk, p->end, "of") || is_word(tk, p->end, "that"))
        return; /* "the gunmen who fled": maybe others */
    p->lo = c->people_lo, p->hi = c->people_hi;
    p->kind = TALLY_PPL_COUNTED;
    p->partitive = 1; /* told before: no new count for "them" to point to */
}

/* The figures the recognizer's acts give, for people no figure of the sentence
 * counts yet: "a 13-year-old was shot", "the man died", "the death of Jane Roe". A
 * group told without a count ("residents were hurt") counts nobody. */
static void recognized_figures(coder *c, size_t s, const tally_recognized *rc, figure **figs, size_t *nf) {
    const tally_tokens *tk = c->tk;
    size_t cap = *nf;
    static const uint8_t what[] = {WHAT_KILLED, WHAT_INJURED, WHAT_DETAINED, WHAT_SHOT};
    size_t given = *nf;
    uint16_t *ent = tally_arena_alloc(c->a, (rc->npeople + 1) * sizeof *ent);
    size_t sent_start = c->nents;
    for (size_t i = 0; i < rc->npeople; i++) {
        const tally_people *p = &rc->people[i];
        if (p->lo == 1 && p->hi == 1 && !p->vague && !p->plural)
            ent[i] = person_of(c, s, p, sent_start);
    }
    tally_people *ppl = tally_arena_alloc(c->a, (rc->npeople + 1) * sizeof *ppl);
    for (size_t i = 0; i < rc->npeople; i++)
        ppl[i] = rc->people[i];
    for (size_t i = 0; i < rc->npeople; i++)
        people_told_before(c, s, &ppl[i]);
    for (size_t i = 0; i < rc->npeople; i++)
        if (ppl[i].kind == TALLY_PPL_COUNTED && ppl[i].plural && !ppl[i].partitive && ppl[i].lo > 1) {
            c->people_lo = ppl[i].lo, c->people_hi = ppl[i].hi; /* "them" may point back to them */
            c->people_sent = (uint32_t)s;
            c->people_head = ppl[i].noun ? head_of(tk, ppl[i].head) : 0;
            c->people_victims = victims_of(ppl[i].noun);
        }
    for (size_t i = 0; i < rc->nacts; i++) {
        const tally_act *act = &rc->acts[i];
        if (act->negated || act->either || act->irrealis)
            continue;
        for (size_t j = 0; j < act->npatients; j++) {
            const tally_people *p = &ppl[act->patients[j]];
            if (act->form != TALLY_FORM_ACTIVE)
                for (size_t f = 0; f < given; f++) /* "and one person has died": its own verb */
                    if ((*figs)[f].start < p->end && p->start < (*figs)[f].end && what[act->what] != WHAT_SHOT)
                        (*figs)[f].what = what[act->what];
            if (p->lo <= 0 || figure_covers(*figs, given, p->start, p->end) ||
                figure_covers(*figs, given, act->start, act->end))
                continue;
            figure f;
            memset(&f, 0, sizeof f);
            f.sent = (uint32_t)s;
            f.start = p->start;
            f.end = p->end;
            f.lo = p->lo;
            f.hi = p->hi;
            f.what = what[act->what];
            f.vague = p->vague;
            f.singular = p->kind != TALLY_PPL_COUNTED;
            f.definite = p->kind == TALLY_PPL_DEF || p->kind == TALLY_PPL_PRONOUN || p->kind == TALLY_PPL_NAME;
            f.victims = p->role == TALLY_PROLE_CIVILIAN ? TALLY_VICTIMS_CIVILIANS
                        : p->role ? TALLY_VICTIMS_COMBATANTS : TALLY_VICTIMS_NONE;
            f.head = p->noun ? head_of(tk, p->head) : 0;
            f.attackers = p->noun ? attackers_of(tk, p->start, p->head) : 0;
            for (size_t q = p->start; q < p->head; q++)
                f.other |= is_word(tk, q, "other");
            f.words = words_of(c->a, tk, p->start, p->end);
            f.entity = ent[act->patients[j]];
            f.told = 1;
            add_figure(c, figs, nf, &cap, &f);
        }
    }
}

/* Numbers that give a person's age ("Jane Roe, 24", "a 12 year-old boy") count
 * nobody: drop them from the sentence's numbers. */
static void drop_ages(sentence_info *si, const tally_recognized *rc) {
    size_t k = 0;
    for (size_t n = 0; n < si->nnums; n++) {
        int age = 0;
        for (size_t p = 0; p < rc->npeople && !age; p++) {
            const tally_people *pp = &rc->people[p];
            age = pp->age >= 0 && si->nums[n].num_tok >= pp->start && si->nums[n].num_tok < pp->end &&
                  (si->nums[n].num_tok > pp->head || si->nums[n].lo == pp->age) &&
                  !(pp->kind == TALLY_PPL_COUNTED && si->nums[n].tok_start == pp->start);
        }
        if (!age)
            si->nums[k++] = si->nums[n];
    }
    si->nnums = k;
}

/* Trim a speaker's words: no leading "the", no trailing punctuation. */
static const char *speaker_words(coder *c, size_t s, size_t e) {
    const tally_tokens *tk = c->tk;
    while (s < e && (tk->toks[s].kind == TALLY_TOK_PUNCT || is_word(tk, s, "and") || is_word(tk, s, "that")))
        s++;
    while (e > s && tk->toks[e - 1].kind == TALLY_TOK_PUNCT)
        e--;
    if (e - s > 10)
        s = e - 10;
    return e > s ? words_of(c->a, tk, s, e) : NULL;
}

/* "over the past two nights", "in the past three days": a span of days is no
 * period to count a tally over. */
static int short_span(const tally_tokens *tk, size_t i, size_t e) {
    for (size_t k = i; k < e && k < i + 4; k++) {
        if (tally_tokens_is(tk, k, "night") || tally_tokens_is(tk, k, "nights") ||
            tally_tokens_is(tk, k, "day") || tally_tokens_is(tk, k, "days"))
            return 1; /* ("the past 24 hours" is a daily round-up: a tally) */
        if (tally_tokens_is(tk, k, "week") || tally_tokens_is(tk, k, "weeks") ||
            tally_tokens_is(tk, k, "month") || tally_tokens_is(tk, k, "months") ||
            tally_tokens_is(tk, k, "year") || tally_tokens_is(tk, k, "years"))
            return 0;
    }
    return 0;
}

/* Who says so: "X said", "said X", "according to X", "X told the AP". */
static void find_speaker(coder *c, size_t s, sentence_info *si) {
    const tally_tokens *tk = c->tk;
    size_t b = tk->sents[s].tok_start, e = tk->sents[s].tok_end;
    for (size_t i = 0; i < si->nm; i++) {
        const match *m = &si->m[i];
        if (m->e->section == DICT_OUTLET && !si->via)
            si->via = words_of(c->a, tk, m->start, m->end);
        if (m->e->section == DICT_HEDGE)
            si->hedged = 1;
        if (m->e->section == DICT_PERIOD && !short_span(tk, m->end, e))
            si->period = 1;
    }
    for (size_t i = 0; i < si->nm && !si->by; i++) {
        const match *m = &si->m[i];
        if (m->e->section != DICT_SPEECH)
            continue;
        if (m->start > b && (is_word(tk, m->start - 1, "a") || is_word(tk, m->start - 1, "an") ||
                             is_word(tk, m->start - 1, "the")))
            continue; /* "an alleged facilitator": an adjective, nobody speaking */
        if (is_word(tk, m->start, "according")) {
            size_t k = m->end;
            while (k < e && !is_word(tk, k, ",") && !is_word(tk, k, ".") && k < m->end + 10)
                k++;
            si->by = speaker_words(c, m->end, k);
        } else if (is_word(tk, m->start, "statement") || is_word(tk, m->start, "per") ||
                   is_word(tk, m->start, "citing")) {
            continue;
        } else {
            /* left: back to the clause start */
            size_t k = m->start;
            while (k > b && !is_word(tk, k - 1, ",") && !is_word(tk, k - 1, "\"") && !is_word(tk, k - 1, "that") &&
                   !is_word(tk, k - 1, ";") && m->start - k < 10)
                k--;
            if (k < m->start)
                si->by = speaker_words(c, k, m->start);
            else {
                /* inverted: ", said Col. Smith" */
                size_t q = m->end;
                while (q < e && !is_word(tk, q, ",") && !is_word(tk, q, ".") && q < m->end + 8)
                    q++;
                si->by = speaker_words(c, m->end, q);
            }
        }
        /* "it", "he", "she", "they": the speaker named in the sentences just before, if
           any; alone they say nothing about who */
        if (si->by && (strcmp(si->by, "it") == 0 || strcmp(si->by, "he") == 0 || strcmp(si->by, "she") == 0 ||
                       strcmp(si->by, "they") == 0 || strcmp(si->by, "It") == 0 || strcmp(si->by, "He") == 0 ||
                       strcmp(si->by, "She") == 0 || strcmp(si->by, "They") == 0)) {
            si->by = NULL;
            for (size_t q = s; q-- > 0 && q + 3 >= s && !si->by;)
                si->by = c->si[q].by;
        }
        if (!is_word(tk, m->start, "reported") && !is_word(tk, m->start, "claimed") && !is_word(tk, m->start, "claims"))
            continue;
    }
    /* an outlet that is the speaker is the via, not the by */
    if (si->by && si->via && strstr(si->by, si->via) && strlen(si->by) <= strlen(si->via) + 4)
        si->by = NULL;
    /* "X reported on April 16": relative words in the sentence count from that date */
    for (size_t d = 0; d < si->ndates; d++) {
        const tally_date_expr *de = &si->dates[d];
        if (de->precision == TALLY_PREC_DAY && de->start.y && de->tok_start > b &&
            is_word(tk, de->tok_start, "on") &&
            (is_word(tk, de->tok_start - 1, "reported") || is_word(tk, de->tok_start - 1, "said") ||
             is_word(tk, de->tok_start - 1, "announced") || is_word(tk, de->tok_start - 1, "wrote")))
            si->anchor = de->start;
    }
}

/* ---- building incidents ---- */

static int family(const tally_dict_entry *t) {
    const char *ty = S(t, "type");
    if (!ty)
        return 0;
    if (!strcmp(ty, "raid") || !strcmp(ty, "clash") || !strcmp(ty, "attack") || !strcmp(ty, "shooting") ||
        !strcmp(ty, "killing") || !strcmp(ty, "arrest") || !strcmp(ty, "abduction"))
        return 1; /* ground */
    if (!strcmp(ty, "airstrike"))
        return 2;
    if (!strcmp(ty, "shelling"))
        return 3;
    if (!strcmp(ty, "bombing") || !strcmp(ty, "suicide"))
        return 4;
    if (!strcmp(ty, "protest") || !strcmp(ty, "riot") || !strcmp(ty, "siege"))
        return 5;
    return 6;
}

/* How strongly a trigger names the event: a specific method beats a generic word. */
static int strength(const tally_dict_entry *t) {
    if (!t)
        return 0;
    int s = S(t, "weak") ? 1 : 3;
    const char *ty = S(t, "type");
    if (ty && (!strcmp(ty, "attack") || !strcmp(ty, "arrest") || !strcmp(ty, "cache")))
        s = 1;
    if (ty && (!strcmp(ty, "suicide") || !strcmp(ty, "airstrike")))
        s++;
    return s;
}

static int place_rank(const tally_place *p) {
    if (!p->loc.name && !p->loc.country)
        return 0;
    switch (p->kind) {
    case TALLY_PLACE_DISTRICT: return 6;
    case TALLY_PLACE_CITY: return 5;
    case TALLY_PLACE_ADMIN2: return 4;
    case TALLY_PLACE_ADMIN1: return 3;
    case TALLY_PLACE_COUNTRY: return 1;
    default: return 0;
    }
}

/* The best place mention in sentence s between tokens [from, to). */
static int best_place(coder *c, size_t s, size_t from, size_t to, int *rank) {
    int best = -1, br = 0;
    for (size_t i = 0; i < c->nplaces; i++) {
        const tally_place *p = &c->places[i];
        if (p->sentence != s || p->tok_start < from || p->tok_start >= to)
            continue;
        if (p->tok_start >= c->si[s].hist_from && p->tok_start < c->si[s].hist_to)
            continue; /* where the earlier attack was */
        int r = place_rank(p);
        if (r > br) {
            br = r;
            best = (int)i;
        }
    }
    *rank = br;
    return best;
}

static building *new_incident(coder *c, size_t s) {
    grow(c->a, (void **)&c->inc, &c->capinc, c->ninc, sizeof *c->inc);
    building *b = &c->inc[c->ninc++];
    memset(b, 0, sizeof *b);
    b->first_sent = b->last_sent = (uint32_t)s;
    b->place_idx = -1;
    return b;
}

static void add_sent(coder *c, building *b, size_t s) {
    for (size_t i = 0; i < b->nsents; i++)
        if (b->sents[i] == s)
            return;
    grow(c->a, (void **)&b->sents, &b->capsents, b->nsents, sizeof *b->sents);
    b->sents[b->nsents++] = (uint32_t)s;
    if (s > b->last_sent)
        b->last_sent = (uint32_t)s;
}

/* Take the sentence's date for the incident when it has none yet. */
static void take_date(coder *c, building *b, size_t s, size_t near_tok) {
    const sentence_info *si = &c->si[s];
    int best = -1;
    size_t bestd = (size_t)-1;
    for (size_t d = 0; d < si->ndates; d++) {
        const tally_date_expr *de = &si->dates[d];
        if (de->since || (!de->start.y && !de->shift) || de->precision == TALLY_PREC_YEAR)
            continue;
        if (si->anchor.y && de->start.y == si->anchor.y && de->start.m == si->anchor.m &&
            de->start.d == si->anchor.d && is_word(c->tk, de->tok_start, "on") &&
            de->tok_start > 0 && (is_word(c->tk, de->tok_start - 1, "reported") || is_word(c->tk, de->tok_start - 1, "said")))
            continue; /* the date of the report, not of the event */
        size_t dist = de->tok_start > near_tok ? de->tok_start - near_tok : near_tok - de->tok_start;
        if (dist < bestd) {
            bestd = dist;
            best = (int)d;
        }
    }
    if (best < 0 || b->has_date)
        return;
    tally_date_expr de = si->dates[best];
    if (de.shift) {
        /* "the next day": from the incident before */
        if (c->ninc < 2 || !c->inc[c->ninc - 2].has_date || !c->inc[c->ninc - 2].date.start.d)
            return;
        tally_ymd base = c->inc[c->ninc - 2].date.start;
        de.start = de.end = tally_ymd_from_days(tally_ymd_to_days(base) + de.shift);
        de.precision = TALLY_PREC_DAY;
    }
    b->date = de;
    b->date_text = words_of(c->a, c->tk, de.tok_start, de.tok_end);
    b->has_date = 1;
}

static void take_place(coder *c, building *b, size_t s, size_t from, size_t to) {
    int rank;
    int p = best_place(c, s, from, to, &rank);
    if (p >= 0 && rank >= 3 && rank > b->place_rank) {
        b->place_idx = p;
        b->place_rank = rank;
    }
}

/* The CAMEO code of an actor match: a generic agent takes the country of a
 * demonym right before it (Iraqi insurgents), else the article's setting. */
static const char *actor_code(coder *c, const sentence_info *si, const match *m) {
    const tally_tokens *tk = c->tk;
    const char *code = S(m->e, "code");
    if (!code || strncmp(code, "---", 3) != 0)
        return code;
    const char *country = c->setting;
    /* "the US military said its troops ...": the speaker's own */
    if (m->start > 0 && (is_word(tk, m->start - 1, "its") || is_word(tk, m->start - 1, "their")) && si->by)
        for (size_t j = 0; j < si->nm; j++) {
            const match *p = &si->m[j];
            const char *pc = S(p->e, "code");
            if (p->e->section == DICT_ACTOR && p->end < m->start && pc && strlen(pc) > 3 && pc[0] != '-' &&
                strstr(si->by, words_of(c->a, tk, p->start, p->end)))
                return pc;
        }
    for (size_t j = 0; j < si->nm; j++) {
        const match *p = &si->m[j];
        if (p->end != m->start || (p->e->section != DICT_ACTOR) || !S(p->e, "code") ||
            strlen(S(p->e, "code")) < 3 ||
            pronoun_us(tk, p->start))
            continue;
        /* "Iraqi insurgents", "the US military": the country of the word before */
        char cc[4];
        memcpy(cc, S(p->e, "code"), 3);
        cc[3] = 0;
        country = tally_arena_strndup(c->a, cc, 3);
    }
    char buf[32];
    snprintf(buf, sizeof buf, "%s%s", country ? country : "", code + 3);
    return tally_arena_strndup(c->a, buf, strlen(buf));
}

/* After the speaker's words, does the speech go on with the speaker as subject
 * ("... reported it had raided", "said they killed")? */
static int speaker_did_it(coder *c, const sentence_info *si, size_t from) {
    const tally_tokens *tk = c->tk;
    for (size_t i = 0; i < si->nm; i++) {
        const match *m = &si->m[i];
        if (m->e->section != DICT_SPEECH || m->start < from || m->start > from + 3)
            continue;
        for (size_t k = m->end; k < m->end + 3 && k < tk->ntoks; k++)
            if (is_word(tk, k, "it") || is_word(tk, k, "they") || is_word(tk, k, "we") ||
                is_word(tk, k, "its") || is_word(tk, k, "their"))
                return 1;
    }
    return 0;
}

/* Can the words ending at token from be the subject of the verb at token verb:
 * no clause boundary or other event word between them? */
static int subject_reach(coder *c, const sentence_info *si, size_t from, size_t verb) {
    const tally_tokens *tk = c->tk;
    static const char *stop[] = {"as", "while", "when", "after", "before", "since", "because", ";", ":",
                                 "that", "which", "who", "where", "flared", "said", "says"};
    for (size_t i = from; i < verb; i++) {
        for (size_t k = 0; k < ARRAY_LEN(stop); k++)
            if (is_word(tk, i, stop[k]))
                return 0;
        if (match_at(si, i, M_TRIG) || match_at(si, i, M_CAS))
            return 0;
    }
    return 1;
}

/* Actors around the event's verb (the trigger, or the casualty word before it):
 * the subject just before it, or the agent after a passive "by", did it; those
 * after it are its targets (civilians its victims). Speakers are actors only when
 * the sentence names no one else ("the US military said it raided"). */
static void take_actors(coder *c, building *b, size_t s, size_t trig_tok) {
    const tally_tokens *tk = c->tk;
    const sentence_info *si = &c->si[s];
    size_t sb = tk->sents[s].tok_start, se = tk->sents[s].tok_end;
    size_t verb = trig_tok;
    for (size_t i = 0; i < si->nm; i++)
        if (si->m[i].e->section == DICT_CASUALTY && si->m[i].start < verb && si->m[i].start + 12 > trig_tok &&
            object_verb(tk, si->m[i].start))
            verb = si->m[i].start;
    int passive_by = -1, has_perp = 0;
    /* "were killed", "was detained": the subject is who it happened to */
    int passive = verb > sb && (is_word(tk, verb - 1, "was") || is_word(tk, verb - 1, "were") ||
                                is_word(tk, verb - 1, "been") || is_word(tk, verb - 1, "being") ||
                                (verb > sb + 1 && (is_word(tk, verb - 2, "was") || is_word(tk, verb - 2, "were"))));
    for (size_t k = 0; k < b->nactors; k++)
        if (b->actors[k].role == TALLY_ROLE_PERPETRATOR)
            has_perp = 1;
    /* "an incursion into Sadr City by American forces", "was fired upon by gunmen":
       a "by" soon after any event word of the sentence */
    for (size_t t = 0; t < si->nm && passive_by < 0; t++) {
        if (si->m[t].e->section != DICT_TRIGGER && si->m[t].e->section != DICT_CASUALTY)
            continue;
        for (size_t i = si->m[t].end; i < se && i < si->m[t].end + 6; i++)
            if (is_word(tk, i, "by")) {
                passive_by = (int)i;
                break;
            } else if (is_clause_break(tk, i) || is_word(tk, i, ",")) {
                break;
            }
    }
    for (int pass = 0; pass < 2; pass++) {
        int added_perp = 0;
        for (size_t i = 0; i < si->nm && b->nactors < ARRAY_LEN(b->actors); i++) {
            const match *m = &si->m[i];
            if ((m->e->section != DICT_ACTOR && m->e->section != DICT_AGENT) || S(m->e, "demonym"))
                continue;
            if (S(m->e, "code") && strlen(S(m->e, "code")) == 3)
                continue; /* a country or its capital alone is a place, not who did it */
            if (pronoun_us(tk, m->start))
                continue;
            const char *words = words_of(c->a, tk, m->start, m->end);
            int speaker = si->by && words && strstr(si->by, words);
            if (speaker != pass)
                continue;
            int civ = S(m->e, "kind") && strcmp(S(m->e, "kind"), "civilians") == 0;
            uint8_t role;
            if (passive_by >= 0 && (int)m->start > passive_by && m->start < (size_t)passive_by + 6 && !civ)
                role = TALLY_ROLE_PERPETRATOR;
            else if (m->start <= verb && m->end <= verb + 2 && m->start + 10 >= verb && !civ &&
                     subject_reach(c, si, m->end, verb) && !passive)
                role = TALLY_ROLE_PERPETRATOR;
            else if (passive && m->end <= verb && m->start + 10 >= verb)
                role = civ ? TALLY_ROLE_VICTIM : TALLY_ROLE_TARGET; /* "terrorists were killed" */
            else if (m->start > verb && m->start < verb + 12)
                role = civ ? TALLY_ROLE_VICTIM : TALLY_ROLE_TARGET;
            else if (speaker && !civ && m->start < verb && speaker_did_it(c, si, m->end))
                role = TALLY_ROLE_PERPETRATOR; /* "the US military said it raided ..." */
            else
                continue;
            if (speaker && (role != TALLY_ROLE_PERPETRATOR || has_perp))
                continue;
            /* perpetrators come from the sentence that tells the event, not from comment on it */
            if (role == TALLY_ROLE_PERPETRATOR && has_perp && s != b->first_sent)
                continue;
            const char *code = actor_code(c, si, m);
            int dup = 0;
            for (size_t k = 0; k < b->nactors; k++)
                if (b->actors[k].role == role && b->actors[k].code && code && strcmp(b->actors[k].code, code) == 0)
                    dup = 1;
            if (dup)
                continue;
            tally_actor *ac = &b->actors[b->nactors++];
            ac->role = role;
            ac->text = words;
            ac->code = code;
            ac->kind = S(m->e, "kind");
            if (role == TALLY_ROLE_PERPETRATOR)
                added_perp = 1;
        }
        if (added_perp || has_perp)
            break;
    }
    /* "an Israeli air strike", "a Turkish raid": the state's forces did it */
    int fam = family(b->trig);
    if (!has_perp && b->nactors < ARRAY_LEN(b->actors) && trig_tok > sb && (fam == 1 || fam == 2 || fam == 3)) {
        int perp = 0;
        for (size_t k = 0; k < b->nactors; k++)
            perp |= b->actors[k].role == TALLY_ROLE_PERPETRATOR;
        for (size_t i = 0; i < si->nm && !perp; i++) {
            const match *m = &si->m[i];
            if (!S(m->e, "demonym") || m->end != trig_tok || !S(m->e, "code"))
                continue;
            if (pronoun_us(tk, m->start))
                continue;
            char buf[16];
            snprintf(buf, sizeof buf, "%.3sMIL", S(m->e, "code"));
            tally_actor *ac = &b->actors[b->nactors++];
            ac->role = TALLY_ROLE_PERPETRATOR;
            ac->text = words_of(c->a, tk, m->start, m->end);
            ac->code = tally_arena_strndup(c->a, buf, strlen(buf));
            ac->kind = "state forces";
        }
    }
    (void)sb;
}

static int is_reference(const tally_tokens *tk, const trigger *t) {
    size_t i = t->start;
    if (i == 0)
        return 0;
    /* "the raid", "this attack", "Friday's raid", "the three raids", "the strike on ..." */
    size_t k = i - 1;
    while (k > 0 && (tk->toks[k].kind == TALLY_TOK_NUM || is_word(tk, k, "violent") ||
                     is_word(tk, k, "deadly") || is_word(tk, k, "latest") || is_word(tk, k, "recent") ||
                     is_word(tk, k, "three") || is_word(tk, k, "two") || is_word(tk, k, "us") ||
                     is_word(tk, k, "u.s.") || is_word(tk, k, "american") || is_word(tk, k, "military")))
        k--;
    return is_word(tk, k, "the") || is_word(tk, k, "this") || is_word(tk, k, "that") || is_word(tk, k, "'s") ||
           is_word(tk, k, "these") || is_word(tk, k, "those") || is_word(tk, k, "such");
}

/* Does a phrase at token k tell what someone did before ("a leader responsible for the
 * July 2 bombing", "the insurgent behind the attack")? Returns its length, 0 if not. */
static int history_cue(const tally_tokens *tk, size_t k) {
    static const char *pairs[][2] = {
        {"responsible", "for"}, {"responsibility", "for"}, {"involved", "in"}, {"involvement", "in"},
        {"connected", "to"},    {"connected", "with"},     {"linked", "to"},   {"linked", "with"},
        {"tied", "to"},         {"blamed", "for"},         {"part", "in"},     {"role", "in"},
    };
    static const char *single[] = {"behind", "planned", "masterminded", "orchestrated", "organized",
                                   "coordinated", "facilitated", "directed"};
    for (size_t i = 0; i < ARRAY_LEN(pairs); i++)
        if (is_word(tk, k, pairs[i][0]) && is_word(tk, k + 1, pairs[i][1]))
            return 2;
    for (size_t i = 0; i < ARRAY_LEN(single); i++)
        if (is_word(tk, k, single[i]))
            return 1;
    return 0;
}

/* The span of sentence s that tells an earlier attack as someone's history: from the
 * cue to the end of its clause, when the trigger t follows the cue closely. The
 * report's own event must already be told (an incident, or a fresh trigger or a
 * figure outside the span),
 * so "a group claimed responsibility for the bombing" in a lead stays the event. */
static int history_span(const coder *c, size_t s, const trigger *trig, size_t nt, size_t ti,
                        const figure *figs, size_t nf, size_t *from, size_t *to) {
    const tally_tokens *tk = c->tk;
    size_t b = tk->sents[s].tok_start, e = tk->sents[s].tok_end;
    const trigger *t = &trig[ti];
    size_t lim = t->start > b + 8 ? t->start - 8 : b;
    size_t cue = SIZE_MAX;
    for (size_t k = t->start; k-- > lim;) {
        if (is_clause_break(tk, k) || is_word(tk, k, ","))
            break;
        int n = history_cue(tk, k);
        if (n && k + (size_t)n <= t->start) {
            cue = k;
            break;
        }
        /* "a leader who led bomb attacks": what a man does, attacks in the plural */
        const match *who = k > b && is_word(tk, k, "who") ? match_ending(&c->si[s], k - 1, M_NOUN) : NULL;
        if (who && who->e->section == DICT_PERSON && plural_word(tally_tokens_fold(tk, t->end - 1)) &&
            !object_verb(tk, t->end - 1)) {
            cue = k;
            break;
        }
    }
    if (cue == SIZE_MAX)
        return 0;
    size_t end = t->end;
    while (end < e && !is_clause_break(tk, end) && !is_word(tk, end, "during"))
        end++;
    int told = c->ninc > 0;
    for (size_t i = 0; i < nt && !told; i++)
        if (i != ti && trig[i].fresh && !trig[i].weak && (trig[i].start < cue || trig[i].start >= end))
            told = 1;
    for (size_t f = 0; f < nf && !told; f++)
        if (figs[f].start < cue || figs[f].start >= end)
            told = 1; /* "confirmed the death of the insurgent behind the attack" */
    if (!told)
        return 0;
    *from = cue;
    *to = end;
    return 1;
}

/* Does sentence s count over several operations ("detained 12 suspects during four
 * operations", "in separate raids")? Its figures are a sum of incidents, told one by
 * one or not at all: a tally. */
static int several_operations(const tally_tokens *tk, size_t s) {
    static const char *ops[] = {"operations", "raids", "strikes", "missions", "engagements", "attacks", "airstrikes"};
    size_t b = tk->sents[s].tok_start, e = tk->sents[s].tok_end;
    for (size_t i = b; i + 2 < e; i++) {
        if (!(is_word(tk, i, "during") || is_word(tk, i, "in") || is_word(tk, i, "across") ||
              is_word(tk, i, "throughout") || is_word(tk, i, "over")))
            continue;
        size_t k = i + 1;
        if (is_word(tk, k, "a") && (is_word(tk, k + 1, "series") || is_word(tk, k + 1, "number")) &&
            is_word(tk, k + 2, "of"))
            k += 3;
        else if (is_word(tk, k, "separate") || is_word(tk, k, "several") || is_word(tk, k, "multiple") ||
                 is_word(tk, k, "numerous") ||
                 ((tk->toks[k].kind == TALLY_TOK_NUM || (tk->toks[k].lex & LEX_NUMWORD)) && !is_word(tk, k, "a") &&
                  !is_word(tk, k, "one") && !is_word(tk, k, "1")))
            k += 1;
        else
            continue;
        for (size_t q = k; q < e && q < k + 3; q++)
            for (size_t w = 0; w < ARRAY_LEN(ops); w++)
                if (is_word(tk, q, ops[w]))
                    return 1;
    }
    return 0;
}

/* ---- output ---- */

static tally_range no_range(void) {
    tally_range r = {-1, -1};
    return r;
}

static void widen(tally_range *r, int64_t lo, int64_t hi) {
    if (r->min < 0 || lo < r->min)
        r->min = lo;
    if (r->max < 0 || hi > r->max)
        r->max = hi;
}

/* The name to show: the words of the mention when the gazetteer's name only
 * wraps them in an admin word or transliteration marks (Nahiyat Ali ash Sharqi). */
static const char *display_name(coder *c, const tally_place *p) {
    const char *name = p->loc.name, *text = p->loc.text;
    if (!name || !text)
        return name;
    if (c->tk->toks[p->tok_start].flags & TALLY_TF_UPPER)
        return name; /* BAQUBA: the gazetteer's spelling reads better */
    if (place_rank(p) >= 4)
        return text; /* a town or district as the report spells it (Nad-e Ali, not Hukumat-e Nad 'Ali) */
    tally_text *tn = tally_text_new(c->a, name, strlen(name));
    tally_text *tt = tally_text_new(c->a, text, strlen(text));
    if (tt->fold_len >= 3 && tt->fold_len < tn->fold_len && strstr(tn->fold, tt->fold))
        return text;
    return name;
}

/* The last word of a speaker's words, lower case, into w (size 32). */
static void speaker_head(const char *by, char w[32]) {
    const char *e = by + strlen(by), *b = e;
    while (b > by && b[-1] != ' ')
        b--;
    size_t n = (size_t)(e - b) < 31 ? (size_t)(e - b) : 31;
    for (size_t i = 0; i < n; i++)
        w[i] = (char)to_lower((unsigned char)b[i]);
    w[n] = 0;
}

/* "The official said" after "a hospital official said": the same speaker. A speaker
 * told with "the" takes the words of an earlier claim whose speaker has the same head. */
static const char *same_speaker(const tally_incident *out, const char *by) {
    if (!by || !(strncmp(by, "The ", 4) == 0 || strncmp(by, "the ", 4) == 0))
        return by;
    char h[32], o[32];
    speaker_head(by, h);
    for (size_t k = 0; k < out->nclaims; k++) {
        const char *p = out->claims[k].by;
        if (!p || p == by)
            continue;
        speaker_head(p, o);
        if (strcmp(h, o) == 0)
            return p;
    }
    return by;
}

/* Is figure f from a later release than the one that first told incident b? */
static int restated(const coder *c, const building *b, const figure *f) {
    return c->si[f->sent].part > c->si[b->first_sent].part;
}

/* Does incident b have figures of kind w from the release that first told it? */
static int has_own(const coder *c, const building *b, int w) {
    for (size_t f = 0; f < b->nfigs; f++)
        if (!restated(c, b, &b->figs[f]) && b->figs[f].what == w)
            return 1;
    return 0;
}

/* Is figure f a part ("including two children") of a figure its sentence gives
 * ("killing five people")? Then it adds nothing to the count. */
static int covered(const building *b, size_t f) {
    const figure *fg = &b->figs[f];
    for (size_t k = 0; k < f && fg->entity; k++)
        if (b->figs[k].entity == fg->entity &&
            (b->figs[k].what == fg->what || (b->figs[k].what == WHAT_KILLED && fg->what == WHAT_SHOT)))
            return 1; /* one person told of again ("the insurgent ... he was shot and killed") */
    if (!fg->part)
        return 0;
    for (size_t k = 0; k < b->nfigs; k++)
        if (k != f && !b->figs[k].part && b->figs[k].sent == fg->sent && b->figs[k].what == fg->what)
            return 1;
    return 0;
}

/* Those shot and not killed are the injured: "five people were shot, one fatally"
 * is one dead and four injured; "a man was shot ... he died" is one dead. */
static void shot_injured(tally_incident *out, tally_range shot) {
    if (shot.min < 0)
        return;
    int64_t k_lo = out->fatalities.min < 0 ? 0 : out->fatalities.min;
    int64_t k_hi = out->fatalities.max < 0 ? 0 : out->fatalities.max;
    int64_t lo = shot.min - k_hi, hi = shot.max - k_lo;
    if (hi <= 0)
        return; /* all of them died: nobody is left injured */
    if (lo < 0)
        lo = 0;
    widen(&out->injured, lo, hi);
}

/* The people one sentence tells of one by one: each counts once, and one who died
 * is not also injured. A sentence that tells of more of them than the figures give
 * ("a man shot his son and then himself") raises the figures to its count. Across
 * sentences the figures' own rules decide (a headline and its story tell of one
 * man twice). */
static void people_counts(const building *b, tally_incident *out) {
    int64_t kmax = 0, imax = 0;
    for (size_t f = 0; f < b->nfigs; f++) {
        uint64_t killed = 0, hit = 0;
        size_t sent = b->figs[f].sent;
        if (f > 0 && b->figs[f - 1].sent == sent)
            continue; /* the sentence was counted at its first figure */
        for (size_t g = f; g < b->nfigs && b->figs[g].sent == sent; g++) {
            const figure *fg = &b->figs[g];
            if (!fg->entity || fg->entity > 64)
                continue;
            uint64_t bit = 1ull << (fg->entity - 1);
            if (fg->what == WHAT_KILLED)
                killed |= bit;
            else if (fg->what == WHAT_INJURED || fg->what == WHAT_SHOT)
                hit |= bit;
        }
        int64_t k = __builtin_popcountll(killed), i = __builtin_popcountll(hit & ~killed);
        kmax = k > kmax ? k : kmax;
        imax = i > imax ? i : imax;
    }
    if (kmax > 1 && kmax > out->fatalities.max)
        out->fatalities.min = out->fatalities.max = kmax;
    if (imax > 1 && imax > out->injured.max)
        out->injured.min = out->injured.max = imax;
}

/* Per source, figures of one kind add up over the sentences (each distinct figure
 * once); across sources they give the range (the Iraq Body Count rule). */
static void finish(coder *c, building *b, tally_incident *out) {
    const tally_tokens *tk = c->tk;
    memset(out, 0, sizeof *out);
    const tally_dict_entry *t = b->trig;
    out->event_type = S(t, "event");
    out->sub_event_type = S(t, "sub");
    out->method = S(t, "method");
    out->cameo = S(t, "cameo");
    out->tally = b->tally;
    if (b->has_date) {
        out->date = b->date;
        out->date_text = b->date_text;
    } else if (c->art->date.y && !b->tally) {
        /* told with no day of its own: the report's day, the way field coders date it
           (or its month, when the report gives no day) */
        out->date.start = out->date.end = c->art->date;
        out->date.precision = c->art->date.d ? TALLY_PREC_DAY : TALLY_PREC_MONTH;
    }
    if (b->place_idx >= 0) {
        out->location = c->places[b->place_idx].loc;
        out->location.name = display_name(c, &c->places[b->place_idx]);
        if (b->near && out->location.precision == 1)
            out->location.precision = 2;
        out->has_location = 1;
    } else if (c->setting) {
        out->location.country = c->setting;
        out->location.precision = 0;
        out->has_location = 1;
    }
    out->nactors = b->nactors;
    out->actors = tally_arena_alloc(c->a, (b->nactors + 1) * sizeof *out->actors);
    memcpy(out->actors, b->actors, b->nactors * sizeof *out->actors);
    out->fatalities = out->injured = out->detained = out->civ_killed = no_range();
    out->women = out->children = -1;
    /* claims: one per (sentence) with its figures */
    out->claims = tally_arena_alloc(c->a, (b->nsents + 1) * sizeof *out->claims);
    /* per-source totals */
    typedef struct {
        const char *by;
        int64_t lo[WHAT_N], hi[WHAT_N];   /* the source's total */
        int64_t elo[WHAT_N], ehi[WHAT_N]; /* its explicit figure (-1 none) */
        int64_t sing[WHAT_N], add[WHAT_N]; /* people named one by one; figures told as additional */
        uint32_t heads[WHAT_N][8];         /* the kinds of people counted so far */
        int nheads[WHAT_N];
        int64_t seen[WHAT_N][8];
        int nseen[WHAT_N];
        uint8_t counted[WHAT_N];           /* a figure beyond "the leader" was given */
        uint8_t vseen[WHAT_N];             /* the kinds of victims counted (1 << TALLY_VICTIMS_*) */
        uint8_t any;                       /* the source gave some figure already */
        uint8_t victims;
    } src;
    src srcs[16];
    size_t nsrc = 0;
    /* the attackers' own dead add to their victims: not another count of the same dead */
    int armed_group = 0;
    for (size_t k = 0; k < b->nactors; k++)
        if (b->actors[k].role == TALLY_ROLE_PERPETRATOR && b->actors[k].kind &&
            (strstr(b->actors[k].kind, "rebel") || strstr(b->actors[k].kind, "militia")))
            armed_group = 1;
    int64_t att_lo = -1, att_hi = -1;
    int64_t extra_lo[WHAT_N] = {0, 0, 0}, extra_hi[WHAT_N] = {0, 0, 0}; /* "three more", by a second source */
    uint8_t vict_seen = 0;
    const char *vict_by[4] = {NULL, NULL, NULL, NULL}; /* the first source of each account */
    for (size_t k = 0; k < b->nsents; k++) {
        size_t s = b->sents[k];
        const sentence_info *si = &c->si[s];
        tally_claim cl;
        memset(&cl, 0, sizeof cl);
        cl.by = same_speaker(out, si->by);
        cl.via = si->via;
        cl.sentence = (uint32_t)s;
        cl.fatalities = cl.injured = cl.detained = no_range();
        cl.hedged = si->hedged;
        int any = 0;
        for (size_t f = 0; f < b->nfigs; f++) {
            const figure *fg = &b->figs[f];
            if (fg->sent != s || covered(b, f))
                continue;
            tally_range shot = no_range();
            tally_range *r = fg->what == WHAT_KILLED    ? &cl.fatalities
                             : fg->what == WHAT_INJURED ? &cl.injured
                             : fg->what == WHAT_SHOT    ? &shot
                                                        : &cl.detained;
            /* within a sentence, figures of one kind add up: "a leader and two others" */
            if (r->min < 0)
                *r = (tally_range){fg->lo, fg->hi};
            else
                r->min += fg->lo, r->max += fg->hi;
            if (!cl.words)
                cl.words = fg->words;
            if (fg->victims && fg->what == WHAT_KILLED)
                cl.victims = fg->victims;
            any = 1;
        }
        if (!cl.victims && si->victims)
            cl.victims = si->victims;
        if (!any && !cl.victims)
            continue;
        /* who the dead were: claims with a death figure, or saying it without one */
        if (cl.victims && (cl.fatalities.min >= 0 || !any)) {
            vict_seen |= (uint8_t)(1u << cl.victims);
            if (!vict_by[cl.victims])
                vict_by[cl.victims] = cl.by ? cl.by : "";
        }
        out->claims[out->nclaims++] = cl;
        /* per source */
        size_t q = 0;
        for (; q < nsrc; q++)
            if ((srcs[q].by == NULL && cl.by == NULL) || (srcs[q].by && cl.by && strcmp(srcs[q].by, cl.by) == 0))
                break;
        if (q == nsrc) {
            if (nsrc == ARRAY_LEN(srcs))
                continue;
            memset(&srcs[nsrc], 0, sizeof srcs[nsrc]);
            srcs[nsrc].by = cl.by;
            for (int w = 0; w < WHAT_N; w++)
                srcs[nsrc].lo[w] = srcs[nsrc].hi[w] = srcs[nsrc].elo[w] = srcs[nsrc].ehi[w] = -1;
            nsrc++;
        }
        /* the sentence's explicit figures and its singular victims, per kind */
        int additive = 0;
        for (size_t i = tk->sents[s].tok_start; i < tk->sents[s].tok_end; i++)
            if (is_word(tk, i, "also") || is_word(tk, i, "additional") || is_word(tk, i, "another") ||
                is_word(tk, i, "separate") || is_word(tk, i, "separately") ||
                (is_word(tk, i, "more") && i > 0 &&
                 (tk->toks[i - 1].kind == TALLY_TOK_NUM || (tk->toks[i - 1].lex & (LEX_NUMWORD | LEX_VAGUE)))))
                additive = 1;
        for (int w = 0; w < WHAT_N; w++) {
            int64_t elo = -1, ehi = -1, sg = 0, sgdef = 0;
            uint32_t heads[8];
            int nh = 0, nfig = 0, besides = 0, parts = 0, later = 0;
            uint8_t vict = 0;
            for (size_t f = 0; f < b->nfigs; f++) {
                const figure *fg = &b->figs[f];
                if (fg->sent != s || fg->what != w || covered(b, f))
                    continue;
                if (restated(c, b, fg) && has_own(c, b, w))
                    continue; /* a later release told it again */
                parts += fg->part;
                later |= fg->later;
                if (fg->victims)
                    vict |= (uint8_t)(1u << fg->victims);
                if (w == WHAT_KILLED && (fg->attackers == 1 || (fg->attackers == 2 && armed_group))) {
                    if (fg->lo > att_lo)
                        att_lo = fg->lo, att_hi = fg->hi;
                    continue;
                }
                if (fg->anaphor) {
                    int other = 0;
                    for (size_t f2 = 0; f2 < b->nfigs; f2++)
                        if (f2 != f && b->figs[f2].sent == s && b->figs[f2].what == w)
                            other = 1;
                    if (other)
                        continue;
                }
                if (fg->head && nh < 8 && !fg->anaphor && !(fg->singular && fg->definite))
                    heads[nh++] = fg->head; /* "the facilitator" again says nothing of the others */
                nfig++;
                besides |= fg->other;
                if (fg->singular) {
                    sg += 1;
                    sgdef += fg->definite;
                } else if (elo < 0) {
                    elo = fg->lo, ehi = fg->hi;
                } else {
                    elo += fg->lo, ehi += fg->hi;
                }
            }
            if (elo < 0 && !sg)
                continue;
            src *sr = &srcs[q];
            /* "several other insurgents were killed", the source's first word on any
               figure: the one they are other than (the strike's target) died as well */
            int other_fate = 0; /* "killing a man and injuring three others": others than him */
            for (size_t f = 0; f < b->nfigs; f++)
                other_fate |= b->figs[f].sent == s && b->figs[f].what != w;
            if (besides && nfig == 1 && !sr->any && elo >= 0 && !other_fate)
                elo += 1, ehi += 1;
            if ((elo >= 0 || sg > sgdef) && parts < nfig)
                sr->counted[w] = 1; /* a part ("the dead included ...") is no count */
            /* the sentence's own total: its figures and the people it names one by one;
               "the leader" again, once the source has counted, is someone counted */
            int64_t named = sr->elo[w] >= 0 && !besides ? sg - sgdef : sg; /* "the leader and three other": all four */
            int64_t tlo = (elo < 0 ? 0 : elo) + named, thi = (ehi < 0 ? 0 : ehi) + named;
            if (elo < 0 && sg == sgdef && (sr->elo[w] >= 0 || sr->add[w] > 0) && !additive)
                continue; /* "the leader" again: someone already counted */
            /* people of another kind than the source counted so far are more people
               ("arrested a leader ... detained four suspected insurgents") */
            int fresh_heads = nh > 0 && sr->elo[w] >= 0;
            for (int h = 0; h < nh && fresh_heads; h++)
                for (int z = 0; z < sr->nheads[w]; z++)
                    if (sr->heads[w][z] == heads[h])
                        fresh_heads = 0;
            if (sr->nheads[w] == 0 && sr->elo[w] >= 0)
                fresh_heads = 0; /* nothing to compare with */
            if (besides && sgdef)
                fresh_heads = 0; /* "the leader and three other suspects": a whole new total */
            for (int h = 0; h < nh; h++)
                if (sr->nheads[w] < 8)
                    sr->heads[w][sr->nheads[w]++] = heads[h];
            /* a second source telling of more dead ("hospital officials said three more
               died"): more on top of the count, not another count of the same dead */
            if ((additive || besides || later) && sr->elo[w] < 0 && sr->add[w] == 0) {
                int other_counts = 0;
                for (size_t q2 = 0; q2 < nsrc; q2++)
                    other_counts |= &srcs[q2] != sr && srcs[q2].elo[w] >= 0;
                if (other_counts) {
                    extra_lo[w] += tlo, extra_hi[w] += thi;
                    continue;
                }
            }
            /* civilians after fighters (or the other way) are other people, even in equal number */
            int other_kind = vict && sr->vseen[w] && !(vict & sr->vseen[w]);
            sr->vseen[w] |= vict;
            /* "two more were detained", people of another kind, "one other suspect" */
            int more = (additive || fresh_heads || later || other_kind || (besides && nfig == 1)) && sr->elo[w] >= 0;
            if (parts == nfig && sr->elo[w] >= 0) {
                /* "the dead included four women": at least that many, nothing on top */
                if (tlo > sr->elo[w])
                    sr->elo[w] = tlo, sr->ehi[w] = thi;
                continue;
            }
            int dup = 0; /* the same figure told again */
            for (int z = 0; z < sr->nseen[w] && !additive && !besides && !other_kind; z++)
                if (sr->seen[w][z] == thi)
                    dup = 1;
            if (dup)
                continue;
            if (sr->nseen[w] < 8)
                sr->seen[w][sr->nseen[w]++] = thi;
            if (more) {
                sr->add[w] += tlo; /* "two more were also detained" */
            } else if (sr->elo[w] < 0) {
                sr->elo[w] = tlo, sr->ehi[w] = thi;
            } else {
                /* another total from the same source: the larger one stands */
                if (tlo > sr->elo[w])
                    sr->elo[w] = tlo;
                if (thi > sr->ehi[w])
                    sr->ehi[w] = thi;
            }
        }
        srcs[q].any = 1;
    }
    /* per source: its largest total plus what it reports in addition */
    for (size_t q = 0; q < nsrc; q++)
        for (int w = 0; w < WHAT_N; w++) {
            src *sr = &srcs[q];
            if (sr->elo[w] < 0)
                continue;
            sr->lo[w] = sr->elo[w] + sr->add[w];
            sr->hi[w] = sr->ehi[w] + sr->add[w];
        }
    /* a source that only says "the commander was killed" tells of one person, not a
       total: it stands only when no source gives a count */
    tally_range shot = no_range();
    tally_range *outs[WHAT_N] = {&out->fatalities, &out->injured, &out->detained, &shot};
    int counts[WHAT_N] = {0, 0, 0};
    for (int w = 0; w < WHAT_N; w++) {
        for (size_t q = 0; q < nsrc; q++)
            counts[w] |= srcs[q].lo[w] >= 0 && srcs[q].counted[w];
        for (size_t q = 0; q < nsrc; q++)
            if (srcs[q].lo[w] >= 0 && (srcs[q].counted[w] || !counts[w]))
                widen(outs[w], srcs[q].lo[w], srcs[q].hi[w]);
    }
    for (int w = 0; w < WHAT_N; w++)
        if (extra_hi[w] > 0 && outs[w]->min >= 0)
            outs[w]->min += extra_lo[w], outs[w]->max += extra_hi[w];
    if (att_lo >= 0) {
        if (out->fatalities.min < 0)
            out->fatalities = (tally_range){att_lo, att_hi};
        else
            out->fatalities.min += att_lo, out->fatalities.max += att_hi;
    }
    shot_injured(out, shot);
    people_counts(b, out);
    /* contested: the sources disagree on the count or on who the dead were */
    int64_t kmin = -1, kmax = -1;
    for (size_t q = 0; q < nsrc; q++)
        if (srcs[q].lo[WHAT_KILLED] >= 0 && (srcs[q].counted[WHAT_KILLED] || !counts[WHAT_KILLED])) {
            if (kmin < 0 || srcs[q].hi[WHAT_KILLED] < kmin)
                kmin = srcs[q].hi[WHAT_KILLED];
            if (srcs[q].lo[WHAT_KILLED] > kmax)
                kmax = srcs[q].lo[WHAT_KILLED];
        }
    out->contested = (kmin >= 0 && kmin != kmax && nsrc > 1) ||
                     ((vict_seen & (1u << TALLY_VICTIMS_CIVILIANS)) && (vict_seen & (1u << TALLY_VICTIMS_COMBATANTS)) &&
                      strcmp(vict_by[TALLY_VICTIMS_CIVILIANS], vict_by[TALLY_VICTIMS_COMBATANTS]) != 0);
    /* women and children among the dead, and the civilian part */
    for (size_t k = 0; k < b->nsents; k++) {
        size_t s = b->sents[k];
        const sentence_info *si = &c->si[s];
        for (size_t n = 0; n < si->nnums; n++) {
            const tally_number *num = &si->nums[n];
            if (num->kind != TALLY_NUM_COUNT)
                continue;
            size_t j = num->tok_end;
            int inc = 0;
            for (size_t q = num->tok_start; q > tk->sents[s].tok_start && q + 6 > num->tok_start; q--)
                if (is_word(tk, q - 1, "including") || is_word(tk, q - 1, "included") || is_word(tk, q - 1, "among"))
                    inc = 1;
            if (!inc)
                continue;
            for (size_t q = j; q < j + 3 && q < tk->sents[s].tok_end; q++) {
                if (is_word(tk, q, "women") || is_word(tk, q, "woman"))
                    out->women = (int)(out->women < 0 ? num->lo : out->women + num->lo);
                else if (is_word(tk, q, "children") || is_word(tk, q, "child") || is_word(tk, q, "boys") ||
                         is_word(tk, q, "girls"))
                    out->children = (int)(out->children < 0 ? num->lo : out->children + num->lo);
                else if (is_word(tk, q, "civilians"))
                    widen(&out->civ_killed, num->lo, num->hi);
                else
                    continue;
                break;
            }
        }
    }
    for (size_t k = 0; k < out->nclaims; k++)
        if (out->claims[k].victims == TALLY_VICTIMS_CIVILIANS && out->claims[k].fatalities.min >= 0)
            widen(&out->civ_killed, out->claims[k].fatalities.min, out->claims[k].fatalities.max);
    out->nevidence = b->nsents;
    out->evidence = tally_arena_alloc(c->a, (b->nsents + 1) * sizeof *out->evidence);
    for (size_t k = 0; k < b->nsents; k++) {
        out->evidence[k].sentence = b->sents[k];
        out->evidence[k].start = tk->sents[b->sents[k]].start;
        out->evidence[k].end = tk->sents[b->sents[k]].end;
    }
}

/* Does token i continue a noun phrase, so that the word before it is a modifier? */
static int modifier(const tally_tokens *tk, size_t i) {
    static const char *fn[] = {"and", "or", "in", "on", "of", "to", "for", "is", "was", "has", "have",
                               "had", "will", "would", "with", "as", "at", "by", "from", "that", "are",
                               "were", "into", "since", "after", "before", "but", "which", "who"};
    if (i >= tk->ntoks || tk->toks[i].kind != TALLY_TOK_WORD || (tk->toks[i].flags & TALLY_TF_LINE))
        return 0;
    for (size_t k = 0; k < ARRAY_LEN(fn); k++)
        if (is_word(tk, i, fn[k]))
            return 0;
    return 1;
}

/* A dateline without a date: "BAQUBA, Iraq - Troops ...", a capitalized city at the
 * start of a line followed by a dash within a few tokens. */
static int undated_dateline(const tally_tokens *tk, const tally_place *p) {
    size_t i = p->tok_start;
    if (!(tk->toks[i].flags & TALLY_TF_LINE) || !(tk->toks[i].flags & TALLY_TF_UPPER))
        return 0;
    for (size_t k = p->tok_end; k < tk->ntoks && k < p->tok_end + 5; k++)
        if (is_word(tk, k, "-") || is_word(tk, k, "("))
            return 1;
    return 0;
}

/* The article's main country: the one its places and demonyms name most. */
static const char *setting_country(coder *c) {
    const char *codes[32];
    int counts[32];
    size_t n = 0;
    for (size_t i = 0; i < c->nplaces; i++) {
        const char *cc = c->places[i].loc.country;
        if (!cc)
            continue;
        size_t k = 0;
        while (k < n && strcmp(codes[k], cc) != 0)
            k++;
        if (k == n) {
            if (n == ARRAY_LEN(codes))
                continue;
            codes[n] = cc;
            counts[n++] = 0;
        }
        /* where things happen: cities and provinces weigh more than a country's name,
           and a demonym (US contractor, Iranian general) says nothing about where */
        int kd = c->places[i].kind;
        if (kd == TALLY_PLACE_COUNTRY && modifier(c->tk, c->places[i].tok_end))
            kd = TALLY_PLACE_DEMONYM; /* "US forces", "Iraq war": a country used as an adjective */
        counts[k] += kd == TALLY_PLACE_DEMONYM ? 0 : kd == TALLY_PLACE_COUNTRY ? 1 : 3;
    }
    int best = -1;
    for (size_t k = 0; k < n; k++)
        if (best < 0 || counts[k] > counts[best])
            best = (int)k;
    return best >= 0 ? codes[best] : NULL;
}

/* Two day dates more than a day apart? */
static int dates_differ(const tally_date_expr *x, const tally_date_expr *y) {
    if (!x->start.y || !y->start.y || !x->start.d || !y->start.d)
        return 0;
    int32_t d = tally_ymd_to_days(x->start) - tally_ymd_to_days(y->start);
    return d > 1 || d < -1;
}

/* The sentence's own day date, if it has one (first in text order). */
static const tally_date_expr *sentence_day(const sentence_info *si) {
    for (size_t d = 0; d < si->ndates; d++)
        if (!si->dates[d].since && si->dates[d].start.y && si->dates[d].precision == TALLY_PREC_DAY)
            return &si->dates[d];
    return NULL;
}

/* Do two place mentions name different places (another province, or another town)? */
static int places_conflict(coder *c, int p, int q) {
    if (p < 0 || q < 0)
        return 0;
    const tally_place *x = &c->places[p], *y = &c->places[q];
    if (x->loc.admin1 && y->loc.admin1 && strcmp(x->loc.admin1, y->loc.admin1) != 0)
        return 1;
    if (place_rank(x) >= 5 && place_rank(y) >= 5 && x->loc.name && y->loc.name &&
        strcmp(x->loc.name, y->loc.name) != 0)
        return 1;
    return 0;
}

/* An incident told without a place: the place of the sentences just before it
 * ("an operation in X district. ... The strike killed three"), else the one
 * province the article names, if it names only one. */
static void inherit_place(coder *c, building *b) {
    size_t s0 = b->first_sent;
    for (size_t back = 1; back <= 3 && back <= s0; back++) {
        if (c->tk->toks[c->tk->sents[s0 - back + 1].tok_start].flags & TALLY_TF_PARA)
            break; /* not across a paragraph */
        int r;
        int p = best_place(c, s0 - back, c->tk->sents[s0 - back].tok_start, c->tk->sents[s0 - back].tok_end, &r);
        if (p >= 0 && r >= 3) {
            b->place_idx = p;
            b->place_rank = r;
            return;
        }
    }
    const char *only = NULL;
    int idx = -1;
    for (size_t i = 0; i < c->nplaces; i++) {
        const char *a1 = c->places[i].loc.admin1;
        if (!a1 || place_rank(&c->places[i]) < 3 || (int)i == c->dateline_place)
            continue;
        if (!c->setting || !c->places[i].loc.country || strcmp(c->places[i].loc.country, c->setting) != 0)
            return;
        if (only && strcmp(only, a1) != 0)
            return;
        if (!only || c->places[i].kind == TALLY_PLACE_ADMIN1) {
            only = a1;
            if (idx < 0 || c->places[i].kind == TALLY_PLACE_ADMIN1)
                idx = (int)i;
        }
    }
    if (idx >= 0) {
        b->place_idx = idx;
        b->place_rank = place_rank(&c->places[idx]);
    }
}

/* Is this date the report's own, repeated in a header or a second dateline
 * ("Operational Update March 24, 2011 ... KABUL, Afghanistan (March 24, 2011)")? */
static int report_date(coder *c, const tally_date_expr *d) {
    const tally_tokens *tk = c->tk;
    const tally_ymd a = c->art->date;
    if (!a.y || d->start.m != a.m || d->start.d != a.d || (d->start.y && d->start.y != a.y))
        return 0;
    if (d->tok_start > 200 || d->relative > 1)
        return 0;
    for (size_t k = d->tok_start; k < d->tok_end; k++)
        if (tk->toks[k].lex & LEX_WEEKDAY)
            return 0; /* "in eastern Afghanistan Thursday": when it happened */
    size_t i = d->tok_start;
    if (tally_tokens_is(tk, i, "on") || tally_tokens_is(tk, i, "since"))
        return 0; /* "on March 24" tells when something happened */
    return (tk->toks[i].flags & TALLY_TF_LINE) || (i > 0 && tally_tokens_is(tk, i - 1, "(")) ||
           (i > 0 && (tk->toks[i - 1].flags & TALLY_TF_CAP) && (tk->toks[i - 1].kind == TALLY_TOK_WORD));
}

/* Are the figures no larger than what the incident already counts, kind by kind? */
static int figures_within(const building *b, const figure *figs, size_t nf) {
    int overlap = 0;
    for (size_t f = 0; f < nf; f++) {
        int64_t most = -1;
        for (size_t k = 0; k < b->nfigs; k++)
            if (b->figs[k].what == figs[f].what && b->figs[k].hi > most)
                most = b->figs[k].hi;
        if (most < 0)
            continue; /* a kind not counted yet: more about the same event */
        if (figs[f].hi > most)
            return 0;
        overlap = 1;
    }
    return overlap;
}

/* Does every figure repeat one the incident already has (the same count told again)? */
static int figures_equal(const building *b, const figure *figs, size_t nf) {
    for (size_t f = 0; f < nf; f++) {
        int same = 0;
        for (size_t k = 0; k < b->nfigs; k++)
            if (b->figs[k].what == figs[f].what && b->figs[k].lo == figs[f].lo && b->figs[k].hi == figs[f].hi)
                same = 1;
        if (!same)
            return 0;
    }
    return nf > 0;
}

static int strength_weak(const tally_dict_entry *t) { return strength(t) < 3; }

/* The token where the sentence's first figure starts. */
static size_t first_figure(const figure *figs, size_t nf) {
    size_t t = figs[0].start;
    for (size_t f = 1; f < nf; f++)
        if (figs[f].start < t)
            t = figs[f].start;
    return t;
}

/* Does the incident say it happened in a part of the country the dateline's place
 * is not in ("in northern Iraq" under a BAGHDAD dateline)? */
static int elsewhere(const coder *c, const building *b) {
    const tally_tokens *tk = c->tk;
    const tally_place *dl = &c->places[c->dateline_place];
    for (size_t k = 0; k < b->nsents; k++)
        for (size_t p = 0; p < c->nplaces; p++) {
            const tally_place *pl = &c->places[p];
            if (pl->sentence != b->sents[k] || pl->kind != TALLY_PLACE_COUNTRY || pl->tok_start < 2 ||
                !is_word(tk, pl->tok_start - 2, "in") || !pl->loc.has_coords || !dl->loc.has_coords)
                continue;
            size_t d = pl->tok_start - 1; /* "in eastern Afghanistan" */
            double dlat = dl->loc.lat - pl->loc.lat, dlon = dl->loc.lon - pl->loc.lon;
            if ((is_word(tk, d, "northern") && dlat < 0.5) || (is_word(tk, d, "southern") && dlat > -0.5) ||
                (is_word(tk, d, "eastern") && dlon < 0.5) || (is_word(tk, d, "western") && dlon > -0.5))
                return 1;
        }
    return 0;
}

/* Is sentence s a line of dashes, between releases pasted one after another? */
static int separator(const tally_tokens *tk, size_t s) {
    size_t n = 0;
    for (size_t i = tk->sents[s].tok_start; i < tk->sents[s].tok_end; i++, n++)
        if (!is_word(tk, i, "-"))
            return 0;
    return n >= 3;
}

/* A later release about an incident an earlier one told (the same province, days
 * within two, the same kind or an arrest): its sentences join that incident, their
 * figures as a restatement. Returns 1 when b was merged. */
static int merge_release(coder *c, building *b) {
    if (b->tally || c->si[b->first_sent].part == 0)
        return 0;
    for (size_t k = 0; k < c->ninc; k++) {
        building *o = &c->inc[k];
        if (o == b || o->tally || o->merged || (o->pending && !o->nfigs) ||
            c->si[o->first_sent].part >= c->si[b->first_sent].part)
            continue;
        const tally_place *pb = b->place_idx >= 0 ? &c->places[b->place_idx] : NULL;
        const tally_place *po = o->place_idx >= 0 ? &c->places[o->place_idx] : NULL;
        if (pb && po && (!pb->loc.admin1 || !po->loc.admin1 || strcmp(pb->loc.admin1, po->loc.admin1) != 0))
            continue;
        if (b->has_date && o->has_date && b->date.start.y && o->date.start.y) {
            int64_t d = tally_ymd_to_days(b->date.start) - tally_ymd_to_days(o->date.start);
            if (d > 2 || d < -2)
                continue;
        }
        if (family(b->trig) != family(o->trig) && !S(b->trig, "weak") && S(b->trig, "type") &&
            strcmp(S(b->trig, "type"), "arrest") != 0)
            continue; /* another kind of event; an arrest or an "operation" may be the same one */
        for (size_t q = 0; q < b->nsents; q++)
            add_sent(c, o, b->sents[q]);
        for (size_t f = 0; f < b->nfigs; f++) {
            grow(c->a, (void **)&o->figs, &o->capfigs, o->nfigs, sizeof *o->figs);
            o->figs[o->nfigs++] = b->figs[f];
        }
        return 1;
    }
    return 0;
}

/* Has an incident been told yet (not only opened by a generic word)? */
static int told_any(const coder *c) {
    for (size_t k = 0; k < c->ninc; k++)
        if (!c->inc[k].pending)
            return 1;
    return 0;
}

/* The sentence among the five before s that tells a day and a place, or -1. */
static int setting_sentence(coder *c, size_t s) {
    for (size_t q = s; q-- > 0 && q + 5 >= s;) {
        const sentence_info *si = &c->si[q];
        int day = 0, rank;
        for (size_t d = 0; d < si->ndates; d++)
            day |= si->dates[d].precision == TALLY_PREC_DAY && !si->dates[d].since &&
                   (si->dates[d].start.y || si->dates[d].relative);
        if (day && best_place(c, q, c->tk->sents[q].tok_start, c->tk->sents[q].tok_end, &rank) >= 0 && rank >= 3)
            return (int)q;
    }
    return -1;
}

/* Is date expression d a day of its own, before or on the report's day? */
static int past_day(const coder *c, const tally_date_expr *d) {
    if (d->since || !d->start.y || !d->start.d || d->precision != TALLY_PREC_DAY)
        return 0;
    return !c->art->date.y || tally_ymd_to_days(d->start) <= tally_ymd_to_days(c->art->date);
}

/* Is token i in sentence s inside an earlier attack told as history? */
static int in_history(const coder *c, size_t s, size_t i) {
    return i >= c->si[s].hist_from && i < c->si[s].hist_to;
}

/* The day a report names its incident by, "the March 9 shooting", "Saturday's
 * fatal shooting": a date right before an act's noun (past "'s" and an adjective).
 * A follow-up story (an arrest, a hearing, a funeral) tells its incident so. Sets
 * *out and returns 1 when found. */
static int named_day(const coder *c, tally_date_expr *out, const tally_dict_entry **what) {
    const tally_tokens *tk = c->tk;
    for (size_t s = 0; s < tk->nsents; s++) {
        const sentence_info *si = &c->si[s];
        for (size_t d = 0; d < si->ndates; d++) {
            const tally_date_expr *de = &si->dates[d];
            if (!past_day(c, de) || in_history(c, s, de->tok_start))
                continue;
            size_t k = de->tok_end;
            if (is_word(tk, k, "'s"))
                k++;
            for (int adj = 0; adj < 2 && k < tk->sents[s].tok_end; adj++)
                if (is_word(tk, k, "fatal") || is_word(tk, k, "deadly") || is_word(tk, k, "double") ||
                    is_word(tk, k, "triple") || is_word(tk, k, "night") || is_word(tk, k, "morning") ||
                    is_word(tk, k, "afternoon") || is_word(tk, k, "evening") || is_word(tk, k, "accidental"))
                    k++;
            const match *m = match_at(si, k, M_TRIG | M_CAS);
            if (m &&
                (m->e->section == DICT_TRIGGER || what_of(m->e) == WHAT_KILLED)) {
                *out = *de;
                *what = m->e;
                return 1;
            }
        }
    }
    return 0;
}

/* An incident told with no day of its own takes the nearest day told in the
 * sentences around it ("It happened about 2 a.m. Saturday"), before or after: within
 * three sentences, or anywhere when no other incident of the report has a day. */
static void nearby_day(coder *c, building *b) {
    const tally_tokens *tk = c->tk;
    int dated = 0; /* another incident of the report with a day of its own */
    for (size_t k = 0; k < c->ninc; k++)
        dated |= &c->inc[k] != b && c->inc[k].has_date && !c->inc[k].tally;
    size_t far = dated ? 3 : tk->nsents; /* the report's only dated story: any day it tells */
    for (size_t dist = 1; dist <= far && !b->has_date; dist++)
        for (int side = 0; side < 2 && !b->has_date; side++) {
            size_t s = side ? b->last_sent + dist : b->first_sent - dist;
            if ((!side && b->first_sent < dist) || s >= tk->nsents)
                continue;
            const sentence_info *si = &c->si[s];
            int other = 0; /* the day of another incident's sentence is that incident's */
            for (size_t k = 0; k < c->ninc && !other; k++)
                for (size_t q = 0; q < c->inc[k].nsents && &c->inc[k] != b; q++)
                    other |= c->inc[k].sents[q] == s;
            for (size_t d = 0; d < si->ndates && !b->has_date && !other; d++)
                if (past_day(c, &si->dates[d]) && !in_history(c, s, si->dates[d].tok_start) && !si->period) {
                    b->date = si->dates[d];
                    b->date_text = words_of(c->a, tk, si->dates[d].tok_start, si->dates[d].tok_end);
                    b->has_date = 1;
                }
        }
}

/* Code one event unit of sentence s: attach it to an incident or start one.
 * Returns the incident now being read about (cur). */
static int code_unit(coder *c, size_t s, const trigger *t, int place, figure *figs, size_t nf,
                     int has_date, size_t ub, size_t ue, int cur) {
    const tally_tokens *tk = c->tk;
    const sentence_info *si = &c->si[s];
    building *target = NULL;
    building *prev = cur >= 0 ? &c->inc[cur] : NULL;
    const tally_date_expr *day = sentence_day(si);
    int same_place = prev && place >= 0 && prev->place_idx >= 0 && !places_conflict(c, place, prev->place_idx);
    int other_place = prev && place >= 0 && prev->place_idx >= 0 && places_conflict(c, place, prev->place_idx);
    int other_day = prev && day && prev->has_date && dates_differ(day, &prev->date);
    int restated = nf > 0; /* only "the leader", "both men": people already told of */
    for (size_t f = 0; f < nf; f++)
        if (!(figs[f].singular && figs[f].definite) && !figs[f].anaphor)
            restated = 0;
    if (restated && prev && !other_place && !other_day && s <= prev->last_sent + 6 && !prev->tally)
        target = prev;
    /* the same figure told again ("two suspected insurgents were detained") belongs to
       the incident that gave it, even when a description came in between */
    if (!target && nf && place < 0 && !day)
        for (size_t k = c->ninc; k-- > 0 && !target;) {
            building *o = &c->inc[k];
            if (o->tally || o->pending || !o->nfigs || s > o->last_sent + 15)
                continue;
            /* not past the incident the sentence before was telling */
            if (prev && !prev->pending && o != prev && s <= prev->last_sent + 1)
                continue;
            if (figures_equal(o, figs, nf))
                target = o;
        }
    /* a detail of the incident just told: no place or day of its own, and figures no
       larger than those already given ("the air strike killed two of them") */
    if (!target && nf && prev && !prev->tally && place < 0 && !day && prev->nfigs &&
        (s <= prev->last_sent + 6 || (s <= prev->last_sent + 15 && figures_equal(prev, figs, nf))) &&
        figures_within(prev, figs, nf))
        target = prev;
    if (t && !target) {
        int fam = family(t->e);
        if (!t->fresh) {
            /* "the raid": the latest incident of that kind, if one was coded */
            for (size_t k = c->ninc; k-- > 0 && !target;) {
                building *o = &c->inc[k];
                if (o->tally || !o->trig)
                    continue;
                if (S(o->trig, "type") && S(t->e, "type") && strcmp(S(o->trig, "type"), S(t->e, "type")) == 0)
                    target = o;
            }
            if (!target && prev && family(prev->trig) == fam && !other_place)
                target = prev;
            if (!target && !nf)
                return cur;
        }
        if (!target) {
            int same_para = prev && c->si[prev->last_sent].para == si->para;
            int compatible = prev && (family(prev->trig) == fam || !prev->trig || (prev->pending && same_para) ||
                                      (t->weak && nf && s <= prev->last_sent + 2 &&
                                       (same_para || s == prev->last_sent + 1)));
            int near_prev = prev && s <= prev->last_sent + 3;
            int own = nf || (has_date && place >= 0 && !t->weak && !t->quoted);
            if (prev && (compatible || c->during) && near_prev && !other_place && !other_day) {
                target = prev; /* more about the event just described */
            } else if (prev && compatible && (same_place || (place < 0 && !day)) && s <= prev->last_sent + 8 &&
                       !other_day) {
                /* the same place, or none and no day of its own: still the same event */
                target = prev;
            } else if (own) {
                target = new_incident(c, s);
                target->trig = t->e;
                target->trig_tok = t->start;
            } else if (t->fresh && !t->quoted && (place >= 0 || has_date)) {
                /* "an operation in Bermal district today": an incident if what follows says
                   what happened in it */
                target = new_incident(c, s);
                target->trig = t->e;
                target->trig_tok = t->start;
                target->pending = 1;
            } else {
                return cur; /* an event word with nothing of its own */
            }
        }
        if (!target->trig || (strength(t->e) > strength(target->trig) &&
                              (family(target->trig) == fam || target->pending)))
            target->trig = t->e; /* a more specific word (air strike over attack) names it */
        if (nf || (!t->weak && t->fresh && !t->quoted && s != target->first_sent &&
                   c->si[target->last_sent].para == si->para))
            target->pending = 0; /* something happened: figures, or a violent act told with it */
        /* "an air strike ... yesterday. The strike in Kunar province ...": the event told
           again with the place it lacked */
        if (target->pending && !t->fresh && !t->weak && !strength_weak(target->trig) && place >= 0 &&
            target->place_idx < 0 && target->has_date && s == target->last_sent + 1)
            target->pending = 0;
        if (!t->quoted || nf || target->first_sent == s)
            take_actors(c, target, s, t->start); /* not from a quotation that only describes */
    } else if (nf && !target) {
        /* figures without an event word: about the incident just described, or a new one */
        if (prev && !other_place && !other_day &&
            (same_place || s <= prev->last_sent + 2 || (place < 0 && !day && s <= prev->last_sent + 6))) {
            target = prev;
            target->pending = 0;
        } else if (has_date || place >= 0 || c->apart) {
            target = new_incident(c, s);
            take_actors(c, target, s, first_figure(figs, nf));
        } else if (!told_any(c) && setting_sentence(c, s) >= 0) {
            /* the first figure of a report whose opening told where and when ("In Kunar
               last night, a force went to a compound ... The militants were all killed") */
            size_t q = (size_t)setting_sentence(c, s);
            target = new_incident(c, s);
            take_place(c, target, q, c->tk->sents[q].tok_start, c->tk->sents[q].tok_end);
            take_date(c, target, q, c->tk->sents[q].tok_start);
            add_sent(c, target, q);
            take_actors(c, target, s, first_figure(figs, nf));
        } else {
            /* a figure with no event, day or place of its own: kept as a tally, unless
               it tells of people one by one ("the boy's death"): that is an incident */
            int one_by_one = 1;
            for (size_t f = 0; f < nf; f++)
                one_by_one &= figs[f].singular;
            target = new_incident(c, s);
            target->tally = (uint8_t)!one_by_one;
        }
    }
    /* "residents said most of the dead were civilians": who the dead of the incident
       just told were, a claim of its own */
    if (!target && !t && !nf && si->victims && prev && !prev->tally && !other_place && !other_day &&
        s <= prev->last_sent + 2 && prev->nfigs) {
        add_sent(c, prev, s);
        return cur;
    }
    if (!target)
        return cur;
    take_place(c, target, s, ub, ue);
    add_sent(c, target, s);
    take_date(c, target, s, t ? t->start : (nf ? figs[0].start : tk->sents[s].tok_start));
    for (size_t f = 0; f < nf; f++) {
        grow(c->a, (void **)&target->figs, &target->capfigs, target->nfigs, sizeof *target->figs);
        target->figs[target->nfigs++] = figs[f];
    }
    return target->tally ? cur : (int)(target - c->inc);
}

/* A raid or arrest with no perpetrator, told in a military's own words ("a military
 * press release reported that a raid ..."), was that military's: the one the
 * report names as doing the other raids. */
static void military_reports(coder *c, tally_article *art) {
    const tally_actor *mil = NULL;
    int best = 0;
    for (size_t i = 0; i < art->nincidents; i++)
        for (size_t k = 0; k < art->incidents[i].nactors; k++) {
            const tally_actor *ac = &art->incidents[i].actors[k];
            size_t n = ac->code ? strlen(ac->code) : 0;
            if (ac->role != TALLY_ROLE_PERPETRATOR || n < 4 || strcmp(ac->code + n - 3, "MIL") != 0)
                continue;
            int count = 0;
            for (size_t j = 0; j < art->nincidents; j++)
                for (size_t q = 0; q < art->incidents[j].nactors; q++)
                    count += art->incidents[j].actors[q].role == TALLY_ROLE_PERPETRATOR &&
                             art->incidents[j].actors[q].code && !strcmp(art->incidents[j].actors[q].code, ac->code);
            if (count > best)
                best = count, mil = ac;
        }
    if (!mil)
        return;
    for (size_t i = 0; i < art->nincidents; i++) {
        tally_incident *in = &art->incidents[i];
        int perp = 0, military = 0;
        for (size_t k = 0; k < in->nactors; k++)
            perp |= in->actors[k].role == TALLY_ROLE_PERPETRATOR;
        if (perp || in->tally || !in->method ||
            (strcmp(in->method, "raid") != 0 && strcmp(in->method, "detention") != 0))
            continue;
        for (size_t e = 0; e < in->nevidence && !military; e++) {
            const tally_tokens *tk = c->tk;
            size_t s = in->evidence[e].sentence;
            for (size_t t = tk->sents[s].tok_start; t < tk->sents[s].tok_end && !military; t++)
                military = is_word(tk, t, "military") &&
                           (is_word(tk, t + 1, "press") || is_word(tk, t + 1, "statement") ||
                            is_word(tk, t + 1, "said") || is_word(tk, t + 1, "reported"));
        }
        if (!military)
            continue;
        tally_actor *acts = tally_arena_alloc(c->a, (in->nactors + 1) * sizeof *acts);
        memcpy(acts, in->actors, in->nactors * sizeof *acts);
        acts[in->nactors] = *mil;
        in->actors = acts;
        in->nactors++;
    }
}

void tally_incidents_code(tally_arena *a, const tally_coder *cfg, tally_article *art) {
    coder c;
    memset(&c, 0, sizeof c);
    c.a = a;
    c.c = cfg;
    c.art = art;
    c.tk = &art->tk;
    c.dateline_place = -1;
    const tally_tokens *tk = c.tk;
    size_t ns = tk->nsents;
    art->incidents = NULL;
    art->nincidents = 0;
    if (!ns)
        return;
    c.nplaces = tally_places_find(a, cfg ? cfg->gazetteer : NULL, tk, &c.places);
    /* the dateline's city is where the report was filed, not where anything happened */
    size_t kept = 0;
    tally_place dl_place;
    int has_dl_place = 0;
    for (size_t i = 0; i < c.nplaces; i++) {
        if ((c.places[i].tok_start >= art->dateline_start && c.places[i].tok_start < art->dateline_end) ||
            undated_dateline(tk, &c.places[i])) {
            if (!has_dl_place && place_rank(&c.places[i]) >= 3) {
                dl_place = c.places[i]; /* kept aside: the place of last resort */
                has_dl_place = 1;
            }
            continue;
        }
        c.places[kept++] = c.places[i];
    }
    c.nplaces = kept;
    if (has_dl_place) {
        c.places[c.nplaces] = dl_place; /* after the others: no sentence scan finds it */
        c.places[c.nplaces].sentence = UINT32_MAX;
        c.dateline_place = (int)c.nplaces;
        c.nplaces++;
    }
    c.setting = setting_country(&c);
    c.si = tally_arena_alloc(a, ns * sizeof *c.si);
    int cur = -1; /* the incident the last sentences were about */
    for (size_t s = 0; s < ns; s++) {
        sentence_info *si = &c.si[s];
        si->anchor = art->date;
        si->para = s == 0 ? 0
                          : c.si[s - 1].para + ((tk->toks[tk->sents[s].tok_start].flags & TALLY_TF_PARA) ? 1 : 0);
        si->part = s == 0 ? 0 : c.si[s - 1].part + (separator(tk, s - 1) ? 1 : 0);
        si->nnums = tally_numbers_find(a, tk, s, &si->nums);
        si->ndates = tally_dates_find(a, tk, s, art->date, &si->dates);
        scan_matches(&c, s, si);
        drop_date_words(&c, si);
        find_speaker(&c, s, si);
        if (si->anchor.y != art->date.y || si->anchor.m != art->date.m || si->anchor.d != art->date.d)
            si->ndates = tally_dates_find(a, tk, s, si->anchor, &si->dates);
        {
            size_t kd = 0;
            for (size_t d = 0; d < si->ndates; d++)
                if (!(si->dates[d].tok_start < art->dateline_end) && !report_date(&c, &si->dates[d]))
                    si->dates[kd++] = si->dates[d];
            si->ndates = kd;
        }
        /* who the dead were: a people noun next to a casualty word ("individuals assessed
           to be enemy combatants"), not the speaker ("a hospital official said") */
        for (size_t i = 0; i < si->nm; i++) {
            const match *pm = &si->m[i];
            if (pm->e->section != DICT_PERSON || !victims_of(pm->e))
                continue;
            size_t lo = pm->start > 8 ? pm->start - 8 : 0;
            if (find_section(si, DICT_CASUALTY, lo > tk->sents[s].tok_start ? lo : tk->sents[s].tok_start,
                             pm->end + 8) &&
                !(si->by && strstr(si->by, words_of(a, tk, pm->start, pm->end))))
                si->victims = victims_of(pm->e);
        }
        tally_recognized rc;
        tally_recognize_sentence(a, tk, s, si->nums, si->nnums, &rc);
        drop_ages(si, &rc);
        figure *figs;
        size_t nf = getenv("TALLY_NO_SF") ? (figs = NULL, 0) : sentence_figures(&c, s, si, &figs);
        recognized_figures(&c, s, &rc, &figs, &nf);
        /* triggers of the sentence; those inside quotation marks name no new event */
        trigger trig[16];
        size_t nt = 0;
        for (size_t i = 0; i < si->nm && nt < ARRAY_LEN(trig); i++) {
            if (si->m[i].e->section != DICT_TRIGGER)
                continue;
            const match *after = match_at(si, si->m[i].end, M_NOUN);
            if (after && !object_verb(tk, si->m[i].end - 1))
                continue; /* "an IED facilitator", "a bomb maker", "IED materials": a kind of
                             person or thing, no event (but "battled gunmen" is one) */
            trigger *t = &trig[nt++];
            t->quoted = 0;
            for (size_t q = tk->sents[s].tok_start; q < si->m[i].start; q++)
                if (is_word(tk, q, "\""))
                    t->quoted = !t->quoted;
            if (si->via && !si->by)
                t->quoted = 0; /* an outlet's report quoted word for word is still a report */
            t->sent = (uint32_t)s;
            t->start = si->m[i].start;
            t->end = si->m[i].end;
            t->e = si->m[i].e;
            t->weak = S(t->e, "weak") != NULL;
            t->fresh = !is_reference(tk, t);
        }
        /* an earlier attack told as a target's history is no incident of this report:
           its event word, its figures and the date that names it are left out */
        for (size_t i = 0; i < nt; i++) {
            size_t hf, ht;
            if (!history_span(&c, s, trig, nt, i, figs, nf, &hf, &ht))
                continue;
            if (c.nhist < ARRAY_LEN(c.hist))
                c.hist[c.nhist++] = trig[i].e;
            size_t kt = 0, kf = 0, kd = 0, tend = trig[i].end;
            for (size_t j = 0; j < nt; j++)
                if (trig[j].start < hf || trig[j].start >= ht)
                    trig[kt++] = trig[j];
            for (size_t f = 0; f < nf; f++)
                if (figs[f].start < hf || figs[f].start >= ht)
                    figs[kf++] = figs[f];
            for (size_t d = 0; d < si->ndates; d++) {
                const tally_date_expr *de = &si->dates[d];
                int month = 0; /* "Jan. 7": a day of its own, not "today" */
                for (size_t k = de->tok_start; k < de->tok_end; k++)
                    month |= (tk->toks[k].lex & LEX_MONTH) != 0;
                int names_it = de->tok_start >= hf && de->tok_start < ht &&
                               (de->tok_start < tend || !de->relative || month);
                if (!names_it)
                    si->dates[kd++] = *de;
            }
            nt = kt, nf = kf, si->ndates = kd;
            if (si->hist_to == si->hist_from)
                si->hist_from = (uint32_t)hf, si->hist_to = (uint32_t)ht;
            i = (size_t)-1; /* the list changed: look again from the start */
        }
        /* "during the attack, two soldiers were killed": more about the earlier attack,
           when that is the only attack of its kind the report told of */
        for (size_t i = 0; i < nt; i++) {
            if (trig[i].fresh)
                continue;
            int hist = 0, own = 0;
            for (size_t h = 0; h < c.nhist; h++)
                hist |= c.hist[h] == trig[i].e;
            for (size_t k = 0; k < c.ninc && hist; k++)
                own |= c.inc[k].trig == trig[i].e && !c.inc[k].pending;
            if (hist && !own) {
                nt = nf = 0;
                si->ndates = 0;
                si->hist_from = tk->sents[s].tok_start, si->hist_to = tk->sents[s].tok_end;
                break;
            }
        }
        /* the strongest fresh trigger, else the strongest reference */
        int best = -1;
        for (size_t i = 0; i < nt; i++) {
            int sc = strength(trig[i].e) + (trig[i].fresh ? 4 : 0);
            if (best < 0 || sc > strength(trig[best].e) + (trig[best].fresh ? 4 : 0))
                best = (int)i;
        }
        int rank;
        int place = best_place(&c, s, tk->sents[s].tok_start, tk->sents[s].tok_end, &rank);
        if (rank < 3)
            place = -1; /* a country alone says too little to tell incidents apart */
        int has_date = 0;
        for (size_t d = 0; d < si->ndates; d++)
            if (!si->dates[d].since && (si->dates[d].start.y || si->dates[d].shift || si->dates[d].relative) &&
                si->dates[d].precision != TALLY_PREC_MONTH && si->dates[d].precision != TALLY_PREC_YEAR &&
                si->dates[d].precision != TALLY_PREC_WEEK &&
                !(si->dates[d].precision == TALLY_PREC_UNKNOWN && !si->dates[d].relative))
                has_date = 1;
        /* a tally: figures over a period, with no day of their own */
        int perfect = 0;
        for (size_t i = tk->sents[s].tok_start; i + 2 < tk->sents[s].tok_end; i++)
            if ((is_word(tk, i, "have") && ((is_word(tk, i + 1, "been") && match_at(si, i + 2, M_CAS)) ||
                                             match_at(si, i + 1, M_CAS))) ||
                (is_word(tk, i, "has") && match_at(si, i + 1, M_CAS) && object_verb(tk, i + 1) &&
                 !is_word(tk, i + 1, "died")))
                perfect = 1; /* "have been killed", "has detained 35": a count so far; not "one
                                person has died" */
        /* a month alone ("last month") makes no tally of a few people an act befell
           ("shot four people in a bar last month"): that is one incident */
        int few_told = nf > 0, one_by_one = nf > 0; /* "a boy has died": no count so far */
        for (size_t f = 0; f < nf; f++) {
            few_told &= figs[f].told && figs[f].hi < 10;
            one_by_one &= figs[f].singular;
        }
        int since_date = 0;
        for (size_t d = 0; d < si->ndates; d++)
            if (si->dates[d].since || (si->dates[d].precision == TALLY_PREC_MONTH && !few_told) ||
                si->dates[d].precision == TALLY_PREC_YEAR || si->dates[d].precision == TALLY_PREC_WEEK)
                since_date = 1;
        int64_t biggest = 0;
        for (size_t f = 0; f < nf; f++)
            if (figs[f].lo > biggest)
                biggest = figs[f].lo;
        if (one_by_one)
            perfect = 0; /* "a boy has died": a person, no count so far */
        int tally = nf && (((si->period || perfect || since_date) && !has_date) ||
                           (perfect && (si->period || since_date)) || several_operations(tk, s));
        int telling = cur >= 0 && !c.inc[cur].tally && s <= c.inc[cur].last_sent + 2; /* just after an incident */
        if (nf && !has_date && place < 0 &&
            !telling && (biggest >= 1000 || (biggest >= 100 && (best < 0 || trig[best].weak))))
            tally = 1;
        if (tally) {
            building *b = new_incident(&c, s);
            b->trig = best >= 0 ? trig[best].e : NULL;
            b->tally = 1;
            add_sent(&c, b, s);
            for (size_t f = 0; f < nf; f++) {
                grow(a, (void **)&b->figs, &b->capfigs, b->nfigs, sizeof *b->figs);
                b->figs[b->nfigs++] = figs[f];
            }
            if (place >= 0)
                b->place_idx = place, b->place_rank = rank;
            take_date(&c, b, s, tk->sents[s].tok_start);
            continue;
        }
        /* event units: normally the strongest trigger over the whole sentence; fresh
           triggers of different kinds, each kind with a place of its own, are separate
           incidents ("a drone fired on Basra and troops battled in Sadr City") */
        size_t ub[4], ue[4];
        int ut[4];
        size_t nu = 0;
        int fam_of_unit[4];
        if (best >= 0 && trig[best].fresh) {
            for (size_t i = 0; i < nt; i++) {
                if (!trig[i].fresh || trig[i].weak)
                    continue;
                size_t seg_end = tk->sents[s].tok_end;
                for (size_t j = i + 1; j < nt; j++)
                    if (trig[j].fresh && !trig[j].weak && trig[j].start > trig[i].start) {
                        seg_end = trig[j].start;
                        break;
                    }
                int r, pl = best_place(&c, s, trig[i].start, seg_end, &r);
                if (pl < 0 || r < 3)
                    continue;
                int fam = family(trig[i].e), dup = 0;
                for (size_t u = 0; u < nu; u++)
                    if (fam_of_unit[u] == fam)
                        dup = 1;
                /* "... and another bomb wounded three in Basra": the same kind, told as another
                   and somewhere else */
                int another = trig[i].start > tk->sents[s].tok_start &&
                              (is_word(tk, trig[i].start - 1, "another") || is_word(tk, trig[i].start - 1, "second"));
                for (size_t u = 0; u < nu && another; u++) {
                    int ru, pu = best_place(&c, s, ub[u], ue[u], &ru);
                    if (pu < 0 || !places_conflict(&c, pl, pu))
                        another = 0;
                }
                if ((dup && !another) || nu == 4)
                    continue;
                fam_of_unit[nu] = fam;
                ut[nu] = (int)i;
                ub[nu] = trig[i].start;
                ue[nu] = seg_end;
                nu++;
            }
            if (nu < 2)
                nu = 0;
        }
        if (nu == 0) {
            nu = 1;
            ut[0] = best;
            ub[0] = tk->sents[s].tok_start;
            ue[0] = tk->sents[s].tok_end;
        }
        /* "Separately, ...", "In another attack, ...", "Elsewhere, ...": not the incident
           just told */
        {
            size_t f0 = tk->sents[s].tok_start;
            c.during = 0;
            for (size_t i = 0; i < nt; i++)
                if (!trig[i].fresh && trig[i].start >= f0 + 2 && trig[i].start <= f0 + 3 && is_word(tk, f0, "during"))
                    c.during = 1;
            if (is_word(tk, f0, "separately") || is_word(tk, f0, "elsewhere") ||
                (is_word(tk, f0, "in") && (is_word(tk, f0 + 1, "another") ||
                                           (is_word(tk, f0 + 1, "a") && is_word(tk, f0 + 2, "separate")))))
                cur = -1, c.apart = 1;
            else
                c.apart = 0;
        }
        for (size_t u = 0; u < nu; u++) {
            figure *ufigs = figs;
            size_t unf = nf;
            if (nu > 1) { /* the figures after this unit's trigger and before the next unit's */
                ufigs = tally_arena_alloc(a, (nf + 1) * sizeof *ufigs);
                unf = 0;
                for (size_t f = 0; f < nf; f++) {
                    size_t owner = 0;
                    for (size_t v = 0; v < nu; v++)
                        if (ub[v] <= figs[f].start && ub[v] >= ub[owner])
                            owner = v;
                    if (owner == u)
                        ufigs[unf++] = figs[f];
                }
                place = best_place(&c, s, ub[u], ue[u], &rank);
            }
            cur = code_unit(&c, s, ut[u] >= 0 ? &trig[ut[u]] : NULL, place, ufigs, unf, has_date,
                            ub[u], ue[u], cur);
        }
    }
    /* releases pasted one after another: a later one's account of an incident told
       before joins it */
    for (size_t i = 0; i < c.ninc; i++)
        if (!(c.inc[i].pending && !c.inc[i].nfigs))
            c.inc[i].merged = (uint8_t)merge_release(&c, &c.inc[i]);
    tally_date_expr named_d;
    const tally_dict_entry *named_e = NULL;
    int named = named_day(&c, &named_d, &named_e);
    /* an incident with neither figure nor place nor date is not one we can code */
    size_t keep = 0;
    art->incidents = tally_arena_alloc(a, (c.ninc + 1) * sizeof *art->incidents);
    for (size_t i = 0; i < c.ninc; i++) {
        building *b = &c.inc[i];
        if (!b->nfigs && b->place_idx < 0 && !b->has_date)
            continue;
        if (b->pending && !b->nfigs)
            continue;
        if (!b->nfigs && b->place_idx < 0)
            continue;
        if (b->place_idx < 0 && !b->tally)
            inherit_place(&c, b);
        if (b->merged)
            continue;
        if (b->place_idx < 0 && !b->tally && c.dateline_place >= 0 && !elsewhere(&c, b)) {
            b->place_idx = c.dateline_place; /* told nowhere else: where the report was filed */
            b->place_rank = place_rank(&c.places[c.dateline_place]);
        }
        if (!b->trig && !b->nfigs)
            continue;
        /* no date of its own: the date of the incident before it in the paragraph */
        if (!b->has_date && i > 0 && c.inc[i - 1].has_date && !b->tally && b->first_sent <= c.inc[i - 1].last_sent + 2) {
            b->date = c.inc[i - 1].date;
            b->date_text = c.inc[i - 1].date_text;
            b->has_date = 1;
        }
        /* the named act is this incident's: a trigger of its family, or a death */
        int its = named && (named_e->section == DICT_TRIGGER ? b->trig && family(named_e) == family(b->trig)
                                                              : has_own(&c, b, WHAT_KILLED));
        if (!b->tally && its && (!b->has_date || tally_ymd_to_days(b->date.start) > tally_ymd_to_days(named_d.start))) {
            b->date = named_d; /* a follow-up: the day the report names its incident by */
            b->date_text = words_of(a, tk, named_d.tok_start, named_d.tok_end);
            b->has_date = 1;
        }
        if (!b->has_date && !b->tally)
            nearby_day(&c, b);
        tally_incident *out = &art->incidents[keep];
        finish(&c, b, out);
        if (!out->event_type) {
            /* figures without an event word: what the figures say happened; armed men
               killed are a clash, civilians or unknown people an attack */
            int what = b->nfigs ? b->figs[0].what : WHAT_KILLED;
            int fighters = b->nfigs && b->figs[0].victims == TALLY_VICTIMS_COMBATANTS;
            if (what == WHAT_DETAINED) {
                out->event_type = "Strategic developments", out->sub_event_type = "Arrests";
                out->method = "detention", out->cameo = "173";
            } else if (fighters) {
                out->event_type = "Battles", out->sub_event_type = "Armed clash";
                out->method = "clash", out->cameo = "190";
            } else {
                out->event_type = "Violence against civilians", out->sub_event_type = "Attack";
                out->method = "killing", out->cameo = "180";
            }
        }
        /* an arrest with nobody killed is an arrest; one where people died is a raid */
        if (out->sub_event_type && strcmp(out->sub_event_type, "Arrests") == 0 && out->fatalities.min > 0) {
            out->event_type = "Battles";
            out->sub_event_type = "Armed clash";
            out->cameo = "190";
        }
        keep++;
    }
    art->nincidents = keep;
    military_reports(&c, art);
}
