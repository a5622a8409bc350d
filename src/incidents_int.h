/* incidents_int.h: what the stages of incident coding share: the coder's state
 * (sentences, figures, incidents being built) and the word tests they all use.
 * Internal to incidents.c, figures.c, claims.c, assemble.c and finish.c. */
#ifndef TALLY_INCIDENTS_INT_H
#define TALLY_INCIDENTS_INT_H

#include "dict.h"
#include "lexicon.h"
#include "recognize.h"
#include "tally.h"
#include "util.h"

#include <string.h>

#define MAX_SENT 400 /* tokens of a sentence (tokens.c cuts longer ones) */

enum { WHAT_KILLED = 0, WHAT_INJURED = 1, WHAT_DETAINED = 2, WHAT_SHOT = 3, WHAT_N = 4 };
/* WHAT_SHOT: hit by gunfire, fate not told: the injured are those shot less the dead */

/* A dictionary match in a sentence. */
typedef struct {
    uint32_t start, end;        /* tokens */
    const tally_dict_entry *e;  /* the entry */
} match;

/* What the recognizer says of a token that a place name also covers. */
enum {
    WHO_HOME = 1, /* where someone is from ("John Roe of Quincy"): maybe not where it happened */
    WHO_NAME = 2  /* a person's name ("Kendall died Friday"): no place */
};

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
    uint8_t another;         /* "another teen", "a second man": someone besides those told */
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
    uint8_t *tags;             /* parts of speech from the sentence's first token, NULL until needed */
    const tally_act *acts;     /* the recognizer's acts (none for a sentence not read) */
    size_t nacts;
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
    uint8_t apart;                /* opened by "Separately", "In another attack": another incident */
} building;

/* One person the report tells of ("a man", "the boy", "Jane Roe, 24", "he"), so that
 * two deaths told of one person count once and two people's deaths count twice. */
typedef struct {
    uint32_t head;  /* the noun's hash (head_of), 0 for a generic one (man, person, victim) */
    uint32_t name;  /* the hash of the name's last word, 0 when not named */
    int16_t age;    /* -1 when not told */
    uint32_t sent;  /* the last sentence that told of them */
    uint8_t woman;  /* a woman or girl by the noun */
    uint8_t poss;   /* told as someone's: 1 "his X", 2 "her X" (not who "he"/"she" is) */
} person_ent;

/* The state of coding one article: its text, places and sentences, the incidents
 * built so far, and what the last sentences told (people counted, people named). */
typedef struct {
    tally_arena *a;               /* the article's arena: everything below lives in it */
    const tally_coder *c;         /* dictionaries and gazetteer */
    tally_article *art;           /* the article being coded */
    const tally_tokens *tk;       /* its tokens */
    sentence_info *si;            /* one per sentence */
    tally_place *places;          /* places found in the text, the dateline's last */
    uint8_t *place_tok;           /* per token: 1 inside a place mention */
    uint8_t *who_tok;             /* per token, from the recognized people: WHO_HOME, WHO_NAME or 0 */
    size_t nplaces;
    uint32_t *sent_place;         /* per sentence s (and ns): its first place's index; the
                                     places before the dateline's are in text order */
    size_t ntext_places;          /* those places: nplaces without the dateline's */
    const char *setting;          /* the article's main country (ISO alpha-3), or NULL */
    int dateline_place;           /* index of the dateline's place (BAGHDAD (Reuters) -), -1 none */
    int dateline_tail;            /* the place after it ("WICHITA, Kan."): an incident placed
                                     there is placed at the dateline's; -1 none */
    building *inc;                /* incidents in the order they were opened */
    size_t ninc, capinc;
    const tally_dict_entry *hist[8]; /* event words of earlier attacks told as history */
    size_t nhist;
    int64_t people_lo, people_hi; /* the last count of people told ("multiple armed insurgents") */
    uint32_t people_sent;         /* its sentence */
    uint32_t people_head;         /* its noun */
    uint8_t people_victims;       /* TALLY_VICTIMS_* of its noun */
    uint8_t apart;                /* the sentence opens with "Separately": another incident */
    uint8_t during;               /* "During the operation, ...": more of the one just told */
    person_ent ents[64];          /* the people the report tells of one by one */
    size_t nents;
} coder;

/* Dictionary sections as match_at masks. */
#define M_TRIG (1u << DICT_TRIGGER)
#define M_CAS (1u << DICT_CASUALTY)
#define M_NOUN ((1u << DICT_PERSON) | (1u << DICT_NONPERSON))

/* ---- word tests every stage uses ---- */

/* An entry's attribute k, NULL when there is no entry or no such attribute. */
static inline const char *S(const tally_dict_entry *e, const char *k) { return e ? tally_dict_attr(e, k) : NULL; }

/* Is token i the word w (folded)? */
static inline int is_word(const tally_tokens *tk, size_t i, const char *w) { return tally_tokens_is(tk, i, w); }

/* The text of tokens [s, e), arena-owned; NULL for an empty or bad span. */
static inline char *words_of(tally_arena *a, const tally_tokens *tk, size_t s, size_t e) {
    if (e <= s || e > tk->ntoks)
        return NULL;
    size_t b = tk->toks[s].start, end = tk->toks[e - 1].start + tk->toks[e - 1].len;
    return tally_arena_strndup(a, tk->text->text + b, end - b);
}

/* Make room for element n of the arena array *v of *cap elements of sz bytes. */
static inline void grow(tally_arena *a, void **v, size_t *cap, size_t n, size_t sz) {
    if (n < *cap)
        return;
    size_t nc = *cap ? *cap * 2 : 8;
    void *nv = tally_arena_alloc(a, nc * sz);
    if (*v)
        memcpy(nv, *v, n * sz);
    *v = nv;
    *cap = nc;
}

/* The match of a section in mask that starts at token tok. */
static inline const match *match_at(const sentence_info *si, size_t tok, unsigned mask) {
    for (size_t i = 0; i < si->nm; i++)
        if (si->m[i].start == tok && (mask & (1u << si->m[i].e->section)))
            return &si->m[i];
    return NULL;
}

/* The match of a section in mask that ends at token tok. */
static inline const match *match_ending(const sentence_info *si, size_t tok, unsigned mask) {
    for (size_t i = 0; i < si->nm; i++)
        if (si->m[i].end == tok + 1 && (mask & (1u << si->m[i].e->section)))
            return &si->m[i];
    return NULL;
}

/* Does token i end a clause: punctuation or a conjunction that starts another? */
static inline int is_clause_break(const tally_tokens *tk, size_t i) {
    return is_word(tk, i, ";") || is_word(tk, i, ":") || is_word(tk, i, "(") || is_word(tk, i, ")") ||
           is_word(tk, i, "but") || is_word(tk, i, "while") || is_word(tk, i, "since") ||
           is_word(tk, i, "after") || is_word(tk, i, "before") || is_word(tk, i, "when");
}

/* TALLY_VICTIMS_* from a person entry's "victims" attribute. */
static inline uint8_t victims_of(const tally_dict_entry *e) {
    const char *v = S(e, "victims");
    if (!v)
        return TALLY_VICTIMS_NONE;
    return strcmp(v, "civilians") == 0 ? TALLY_VICTIMS_CIVILIANS : TALLY_VICTIMS_COMBATANTS;
}

/* WHAT_* from a casualty entry's "what" attribute, -1 when it has none. */
static inline int what_of(const tally_dict_entry *e) {
    const char *w = S(e, "what");
    if (!w)
        return -1;
    return strcmp(w, "killed") == 0 ? WHAT_KILLED : strcmp(w, "injured") == 0 ? WHAT_INJURED : WHAT_DETAINED;
}

/* Is token i a gerund or past form that takes the counted people as object
 * ("killing five", "wounded another 74", "arrested two")? */
static inline int object_verb(const tally_tokens *tk, size_t i) {
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

/* The family of an event type: 1 ground, 2 air strike, 3 shelling, 4 bombing,
 * 5 protest or siege, 6 other, 0 none. Triggers of one family may tell one event. */
static inline int family(const tally_dict_entry *t) {
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

/* How specific a place is: 6 a district ... 1 a country, 0 nothing to show. */
static inline int place_rank(const tally_place *p) {
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

#endif
