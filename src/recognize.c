/* recognize.c: groups of people and the acts that befell them, recognized once per
 * sentence for every coder. People come from the person nouns of the dictionaries
 * (data/ and WordNet), ages ("a 13-year-old"), pronouns and names; acts from the
 * casualty and act phrases. An act finds its people by how it is told: after an
 * active verb, before a passive or intransitive one, after the "of" of a noun. */
#include "recognize.h"
#include "lexicon.h"
#include "tagger.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define MAX_PEOPLE 64
#define MAX_ACTS 32

typedef struct {
    tally_arena *a;
    const tally_tokens *tk;
    size_t b, e; /* the sentence's tokens */
    int title;   /* a headline in title case: capitals tell no names */
    const uint8_t *place_tok; /* the article's tokens that name places, or NULL */
    const tally_number *nums;
    size_t nnums;
    tally_people ppl[MAX_PEOPLE];
    size_t np;
    tally_act acts[MAX_ACTS];
    size_t na;
    /* per token of the sentence (index i - b), looked up once: */
    const tally_dict_entry **pe, **ae; /* the person entry, the act entry starting there */
    uint8_t *pl, *al;                  /* their lengths in tokens (0: none) */
    uint8_t *actor;                    /* an actor or agent starts there */
    const uint8_t *tag;                /* the part of speech (TALLY_UPOS_*), NULL until needed */
} rec;

/* Is token i of the sentence the word w (a literal: its length folds at compile time)? */
#define W(r, i, w) ((size_t)(i) >= (r)->b && (size_t)(i) < (r)->e && tally_tokens_is((r)->tk, (i), (w)))

/* A word list with each word's hash, so that a token is compared by its hash
 * first (the lists are small; the tests are many per token). */
typedef struct {
    const char *const *words;
    uint32_t hash[48];
    size_t n;
} wordset;

static int any_of_set(const rec *r, size_t i, wordset *ws) {
    if (i < r->b || i >= r->e)
        return 0;
    if (!ws->n)
        for (; ws->words[ws->n] && ws->n < ARRAY_LEN(ws->hash); ws->n++)
            ws->hash[ws->n] = tally_hash(ws->words[ws->n], strlen(ws->words[ws->n]));
    uint32_t h = r->tk->toks[i].hash;
    for (size_t k = 0; k < ws->n; k++)
        if (ws->hash[k] == h && tally_tokens_is(r->tk, i, ws->words[k]))
            return 1;
    return 0;
}

/* any_of(r, i, LIST): is token i one of the words of a static list? */
#define any_of(r, i, list)                                                                                  \
    ({                                                                                                      \
        static wordset set_ = {list, {0}, 0};                                                               \
        any_of_set((r), (i), &set_);                                                                        \
    })

/* The part of speech of token i (TALLY_UPOS_X outside the sentence). */
static int tag_of(const rec *r, size_t i) {
    if (i < r->b || i >= r->e)
        return TALLY_UPOS_X;
    if (!r->tag) { /* tagged on first need: most sentences tell of no one */
        rec *w = (rec *)r;
        uint8_t *tags = tally_arena_alloc_raw(w->a, r->e - r->b + 1);
        tally_tagger_tag(r->tk, r->b, r->e, tags);
        w->tag = tags;
    }
    return r->tag[i - r->b];
}

/* The act entry (casualty or act section) starting at token i, its length in *len. */
static const tally_dict_entry *act_at(const rec *r, size_t i, size_t *len) {
    *len = i >= r->b && i < r->e ? r->al[i - r->b] : 0;
    return *len ? r->ae[i - r->b] : NULL;
}

static const char *const BE[] = {"was", "were", "been", "being", "is", "are", "be", "got", "get", "gets", "getting", NULL};
static const char *const DETS[] = {"the", "his", "her", "their", "its", "this", "that", "these", "those", "our", "whose", "my", "your", NULL};
static const char *const ONE[] = {"a", "an", "one", "another", NULL};
static const char *const NEG[] = {"not", "n't", "no", "never", "nobody", "none", "neither", "nor", NULL};
/* words that may stand between a subject and its verb, or a verb and its auxiliary */
static const char *const ADV[] = {"also", "later", "then", "reportedly", "allegedly", "apparently", "both", "all",
                                  "each", "still", "just", "since", "has", "had", "have", "will", "would", "may",
                                  "might", "could", "not", "n't", "never", "eventually", "subsequently", "initially",
                                  "found", "left", "believed", "thought", "said", "reported", "to", NULL};
/* Is token i an adverb that can stand inside a verb group ("fatally", "also")? */
static int adverb(const rec *r, size_t i) {
    if (i < r->b || i >= r->e || r->tk->toks[i].kind != TALLY_TOK_WORD)
        return 0;
    tally_span w = tally_tokens_fold(r->tk, i);
    if (w.len > 4 && memcmp(w.p + w.len - 2, "ly", 2) == 0 && !W(r, i, "family") && !W(r, i, "only"))
        return 1;
    return any_of(r, i, ADV);
}

/* The age of a compound in words at token i ("three-year-old", "eight-month-old"),
 * or -1. */
static int age_word(const rec *r, size_t i, size_t *len) {
    static const char *const small[] = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                                        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                                        "seventeen", "eighteen", "nineteen", NULL};
    static const char *const tens[] = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
                                       NULL};
    tally_span w = tally_tokens_fold(r->tk, i);
    int v = 0;
    const char *p = w.p, *end = w.p + w.len;
    for (int t = 0; tens[t]; t++) {
        size_t n = strlen(tens[t]);
        if ((size_t)(end - p) > n && memcmp(p, tens[t], n) == 0 && p[n] == '-') {
            v = 20 + 10 * t, p += n + 1;
            break;
        }
    }
    for (int u = 0; small[u]; u++) {
        size_t n = strlen(small[u]);
        if ((size_t)(end - p) > n && memcmp(p, small[u], n) == 0 && p[n] == '-') {
            v += u + 1, p += n + 1;
            break;
        }
    }
    size_t rl = (size_t)(end - p);
    if (!v || p == w.p)
        return -1;
    *len = 1;
    if ((rl == 8 && memcmp(p, "year-old", 8) == 0) || (rl == 9 && memcmp(p, "years-old", 9) == 0) ||
        (rl == 9 && memcmp(p, "year-olds", 9) == 0))
        return v;
    if ((rl == 9 && memcmp(p, "month-old", 9) == 0) || (rl == 10 && memcmp(p, "months-old", 10) == 0))
        return 0;
    return -1;
}

/* The age of a compound at token i ("13-year-old", "6-month-old"), or -1. A number
 * followed by "year-old" or "years old" gives it too; *len is the tokens used. */
static int age_at(const rec *r, size_t i, size_t *len) {
    const tally_token *t = &r->tk->toks[i];
    if (i >= r->e)
        return -1;
    if (t->kind == TALLY_TOK_WORD && (t->flags & TALLY_TF_HYPHEN))
        return age_word(r, i, len);
    if (t->kind != TALLY_TOK_NUM)
        return -1;
    tally_span w = tally_tokens_fold(r->tk, i);
    int v = 0;
    size_t k = 0;
    while (k < w.len && is_digit(w.p[k]) && v < 1000)
        v = v * 10 + (w.p[k++] - '0');
    if (k == 0 || v >= 1000)
        return -1;
    const char *rest = w.p + k;
    size_t rl = w.len - k;
    if ((rl >= 9 && memcmp(rest, "-year-old", 9) == 0) || (rl >= 10 && memcmp(rest, "-years-old", 10) == 0)) {
        *len = 1;
        return v;
    }
    if ((rl >= 10 && memcmp(rest, "-month-old", 10) == 0) || (rl >= 11 && memcmp(rest, "-months-old", 11) == 0)) {
        *len = 1;
        return 0;
    }
    if (rl == 0 && (W(r, i + 1, "year-old") || W(r, i + 1, "year-olds"))) {
        *len = 2;
        return v;
    }
    if (rl == 0 && (W(r, i + 1, "years") || W(r, i + 1, "year")) && W(r, i + 2, "old")) {
        *len = 3;
        return v;
    }
    return -1;
}

int tally_recognize_plural(tally_span w) {
    static const char *const pl[] = {"people", "men", "women", "children", "police", "personnel", "staff",
                                     "militia", "folks", NULL};
    for (const char *const *p = pl; *p; p++)
        if (strlen(*p) == w.len && memcmp(*p, w.p, w.len) == 0)
            return 1;
    if (w.len > 3 && memcmp(w.p + w.len - 3, "men", 3) == 0)
        return 1; /* gunmen, policemen, militiamen */
    /* "residents", "17-year-olds"; not "witness", "bus" */
    return w.len > 2 && w.p[w.len - 1] == 's' && w.p[w.len - 2] != 's' && w.p[w.len - 2] != 'u';
}

/* Can token i be part of a person's name: a capitalized word that is no month,
 * weekday or common sentence word? */
static int name_word(const rec *r, size_t i) {
    const tally_token *t = &r->tk->toks[i];
    if (i < r->b || i >= r->e || t->kind != TALLY_TOK_WORD || !(t->flags & TALLY_TF_CAP) || (t->flags & TALLY_TF_UPPER))
        return 0;
    if (t->flen == 1) /* a middle initial: "Jane A. Roe" */
        return i > r->b && W(r, i + 1, ".") && i + 2 < r->e && (r->tk->toks[i - 1].flags & TALLY_TF_CAP) &&
               (r->tk->toks[i + 2].flags & TALLY_TF_CAP) && r->tk->toks[i + 2].flen > 1;
    if (t->lex & (LEX_MONTH | LEX_WEEKDAY | LEX_P_STOP | LEX_NUMWORD | LEX_P_DIRS))
        return 0;
    if (r->place_tok && r->place_tok[i])
        return 0; /* "Pontiac", "Kansas City": places */
    tally_span w = tally_tokens_fold(r->tk, i);
    
    if (r->actor[i - r->b])
        return 0; /* "Police", "Taliban": actors, not people's names */
    return w.len > 1;
}

/* The end of a name that starts at token i (past middle initials "A."), at most
 * four words. */
static size_t name_end(const rec *r, size_t i) {
    size_t z = i, words = 0;
    while (z < r->e && words < 4 && name_word(r, z)) {
        /* a generation after the name ends it: "John Roe Jr.", "John Roe III" */
        if (words >= 2 && (W(r, z, "jr") || W(r, z, "sr")))
            return z + (W(r, z + 1, ".") ? 2 : 1);
        z += r->tk->toks[z].flen == 1 && W(r, z + 1, ".") ? 2 : 1;
        words++;
    }
    if (words >= 2 && z < r->e && (W(r, z, "ii") || W(r, z, "iii") || W(r, z, "iv")))
        z++; /* "II" is upper case, no name word */
    return z;
}

/* A person dictionary entry at token i, with its length in *len. */
static const tally_dict_entry *person_at(const rec *r, size_t i, size_t *len) {
    if (i < r->b || i >= r->e) {
        *len = 0;
        return NULL;
    }
    *len = r->pl[i - r->b];
    return *len ? r->pe[i - r->b] : NULL;
}

/* The person entry at token i, looked up in the dictionaries (person_at reads the
 * sentence's cache of it). */
static const tally_dict_entry *person_lookup(const rec *r, size_t i, size_t *len) {
    const tally_dict_entry *en = NULL;
    *len = tally_dict_match(r->tk, i, r->e, 1u << DICT_PERSON, &en);
    if (*len || i >= r->e || !(r->tk->toks[i].flags & TALLY_TF_HYPHEN))
        return *len ? en : NULL;
    /* "eighth-grader", "step-son": a compound whose last part names a person */
    tally_span w = tally_tokens_fold(r->tk, i);
    const char *dash = memchr(w.p, '-', w.len), *last = NULL;
    while (dash) {
        last = dash + 1;
        dash = memchr(last, '-', (size_t)(w.p + w.len - last));
    }
    if (!last || last >= w.p + w.len)
        return NULL;
    size_t n = (size_t)(w.p + w.len - last);
    const tally_dict_entry *const *b;
    size_t nb = tally_dict_bucket(tally_hash(last, n), &b);
    for (size_t k = 0; k < nb; k++)
        if (b[k]->section == DICT_PERSON && b[k]->ntoks == 1 && tally_dict_word_is(b[k], 0, last, n)) {
            *len = 1;
            return b[k];
        }
    return NULL;
}

static uint8_t role_of(const tally_dict_entry *e) {
    const char *v = e ? tally_dict_attr(e, "role") : NULL;
    if (v)
        return strcmp(v, "security") == 0 ? TALLY_PROLE_SECURITY
               : strcmp(v, "armed") == 0  ? TALLY_PROLE_ARMED
               : strcmp(v, "civilian") == 0 ? TALLY_PROLE_CIVILIAN
                                            : TALLY_PROLE_UNKNOWN;
    v = e ? tally_dict_attr(e, "victims") : NULL;
    if (!v)
        return TALLY_PROLE_UNKNOWN;
    return strcmp(v, "civilians") == 0 ? TALLY_PROLE_CIVILIAN : TALLY_PROLE_ARMED;
}

/* Can token i be a modifier inside a noun phrase ("young", "unidentified", "teen")?
 * A lower-case word that is no function word, count or verb of an act. */
static int adjective(const rec *r, size_t i) {
    static const char *const fn[] = {"and", "or", "of", "to", "by", "with", "who", "in", "on", "at", "for", "as",
                                     "from", "after", "said", "killed", "shot", "wounded", "injured", "says",
                                     "say", "that", "which", "when", "where", "while", "into", "than", NULL};
    const tally_token *t = &r->tk->toks[i];
    /* a capitalized word inside a phrase is a proper modifier ("a Taliban leader");
       at the sentence's start it may be the subject itself */
    if ((t->flags & TALLY_TF_CAP) && (i == r->b || (t->lex & (LEX_MONTH | LEX_WEEKDAY))))
        return 0;
    size_t el;
    if (t->lex & LEX_DICT && act_at(r, i, &el) &&
        !((W(r, i, "dead") || W(r, i, "deceased")) && (tag_of(r, i) == TALLY_UPOS_ADJ || person_at(r, i + 1, &el))))
        return 0; /* "killing all individuals": a verb, no modifier ("one deceased male" is one) */
    return t->kind == TALLY_TOK_WORD && !(t->lex & (LEX_NUMWORD | LEX_VAGUE | LEX_QUAL)) &&
           !any_of(r, i, DETS) && !any_of(r, i, ONE) && !any_of(r, i, BE) && !any_of(r, i, NEG) && !any_of(r, i, fn);
}

/* The count number starting at token j, or NULL. */
static const tally_number *count_at(const rec *r, size_t j) {
    for (size_t n = 0; n < r->nnums; n++)
        if (r->nums[n].tok_start == j && r->nums[n].kind == TALLY_NUM_COUNT && r->nums[n].lo > 0)
            return &r->nums[n];
    return NULL;
}

/* The count number ending at token j (its tok_end == j), or NULL. */
static const tally_number *count_before(const rec *r, size_t j) {
    for (size_t n = 0; n < r->nnums; n++)
        if (r->nums[n].tok_end == j && r->nums[n].kind == TALLY_NUM_COUNT && r->nums[n].lo > 0)
            return &r->nums[n];
    return NULL;
}

/* Fill the count and start of a group whose words before the head start at j:
 * walks left over adjectives and ages to a number or determiner. */
static void people_left(rec *r, tally_people *p, size_t j) {
    size_t k = j, steps = 0;
    while (k > r->b && steps < 4) {
        size_t al, at = k - 1;
        if (r->tk->toks[at].kind == TALLY_TOK_NUM && age_at(r, at, &al) >= 0 && al == 1) {
            p->age = (int16_t)age_at(r, at, &al), k = at, steps++;
            continue;
        }
        if (at >= r->b + 1 && age_at(r, at - 1, &al) >= 0 && al == 2) {
            p->age = (int16_t)age_at(r, at - 1, &al), k = at - 1, steps++;
            continue;
        }
        if (at >= r->b + 2 && age_at(r, at - 2, &al) >= 0 && al == 3) {
            p->age = (int16_t)age_at(r, at - 2, &al), k = at - 2, steps++;
            continue;
        }
        if (adjective(r, at) || (r->tk->toks[at].kind == TALLY_TOK_NUM && (r->tk->toks[at].flags & TALLY_TF_HYPHEN))) {
            k = at, steps++; /* an adjective: "young", "unidentified", "teen" */
            continue;
        }
        break;
    }
    p->start = (uint32_t)k;
    const tally_number *num = count_before(r, k);
    if (num && !(num->tok_end == num->num_tok + 1 && age_at(r, num->num_tok, &(size_t){0}) >= 0)) {
        p->kind = TALLY_PPL_COUNTED;
        p->lo = num->lo, p->hi = num->hi;
        if (num->qual == TALLY_Q_MORE_THAN && num->lo == num->hi)
            p->lo = p->hi = num->lo + 1;
        p->vague = num->qual == TALLY_Q_VAGUE;
        p->start = num->tok_start;
        if (W(r, num->num_tok, "one") || W(r, num->num_tok, "a") || W(r, num->num_tok, "an"))
            p->kind = TALLY_PPL_ONE;
        return;
    }
    if (k > r->b && W(r, k - 1, "both")) {
        p->kind = TALLY_PPL_COUNTED, p->lo = p->hi = 2, p->start = (uint32_t)k - 1;
        return;
    }
    if (k > r->b && any_of(r, k - 1, ONE) && !p->plural) {
        p->kind = TALLY_PPL_ONE, p->lo = p->hi = 1, p->start = (uint32_t)k - 1;
        return;
    }
    int det = k > r->b && any_of(r, k - 1, DETS);
    if (det)
        p->start = (uint32_t)k - 1;
    const char *pair = p->noun ? tally_dict_attr(p->noun, "count") : NULL;
    if (pair && (det || k == p->start)) { /* "her parents", "a couple": a pair */
        p->kind = TALLY_PPL_COUNTED, p->lo = p->hi = atoi(pair);
    } else if (p->plural) {
        p->kind = TALLY_PPL_GROUP, p->lo = p->hi = 0;
    } else {
        p->kind = TALLY_PPL_DEF, p->lo = p->hi = 1; /* "the victim", "teen boy" */
    }
}

/* After a group's head: an age told between commas ("Jane Roe, 24,") and a
 * name after a noun ("his brother John"). Returns the new end. */
static size_t people_right(rec *r, tally_people *p, size_t end) {
    if (!p->plural && name_word(r, end) && p->kind != TALLY_PPL_NAME && p->kind != TALLY_PPL_PRONOUN) {
        end = name_end(r, end);
        p->head = (uint32_t)end - 1;
    }
    if (W(r, end, ",") && end + 1 < r->e && r->tk->toks[end + 1].kind == TALLY_TOK_NUM &&
        !(r->tk->toks[end + 1].flags & TALLY_TF_HYPHEN)) {
        tally_span w = tally_tokens_fold(r->tk, end + 1);
        int v = 0;
        size_t k = 0;
        while (k < w.len && is_digit(w.p[k]) && v < 200)
            v = v * 10 + (w.p[k++] - '0');
        if (k == w.len && v > 0 && v < 120 &&
            (end + 2 >= r->e || r->tk->toks[end + 2].kind == TALLY_TOK_PUNCT || W(r, end + 2, "and") ||
             W(r, end + 2, "of") || W(r, end + 2, "was") || W(r, end + 2, "is") || W(r, end + 2, "were"))) {
            p->age = (int16_t)v;
            end += 2;
        }
    }
    /* where they are from: "Jane Roe of Quincy", "a baby in Indiana", "a man from
       Kansas City": capitalized words after of, from or in, then a verb or a comma */
    size_t the = W(r, end + 1, "the") ? 1 : 0; /* "from the Town of Shelby" */
    if ((W(r, end, "of") || W(r, end, "from") || W(r, end, "in")) && end + 1 + the < r->e &&
        (r->tk->toks[end + 1 + the].flags & TALLY_TF_CAP) &&
        !(r->tk->toks[end + 1 + the].lex & (LEX_MONTH | LEX_WEEKDAY))) {
        size_t z = end + 1 + the;
        while (z < r->e && z < end + 6 && r->tk->toks[z].kind == TALLY_TOK_WORD &&
               ((r->tk->toks[z].flags & TALLY_TF_CAP) ||
                (W(r, z, "of") && z + 1 < r->e && (r->tk->toks[z + 1].flags & TALLY_TF_CAP))))
            z++;
        int t = tag_of(r, z);
        if (W(r, z, ",") || t == TALLY_UPOS_VERB || t == TALLY_UPOS_AUX) {
            if (!W(r, end, "in"))
                p->home_start = (uint32_t)(end + 1 + the), p->home_end = (uint32_t)z;
            end = z;
        }
    }
    return end;
}

static tally_people *new_people(rec *r, size_t head, size_t end) {
    if (r->np == MAX_PEOPLE)
        return NULL;
    tally_people *p = &r->ppl[r->np++];
    memset(p, 0, sizeof *p);
    p->head = (uint32_t)head;
    p->end = (uint32_t)end;
    p->age = -1;
    return p;
}

/* Finish a group: who it is by noun and age. */
static void people_done(tally_people *p) {
    if (p->noun) {
        p->role = role_of(p->noun);
        p->child = tally_dict_attr(p->noun, "child") != NULL;
        p->woman = tally_dict_attr(p->noun, "woman") != NULL;
    }
    if (p->age >= 0 && p->age < 18)
        p->child = 1;
}

/* Pronouns that stand for one person. */
static int pronoun1(const rec *r, size_t i) {
    static const char *const pr[] = {"he", "she", "him", "himself", "herself", NULL};
    if (any_of(r, i, pr))
        return 1;
    if (!W(r, i, "her"))
        return 0;
    /* "her" before a noun is a possessive: "her husband" */
    size_t len;
    const tally_token *n = i + 1 < r->e ? &r->tk->toks[i + 1] : NULL;
    return !(n && n->kind == TALLY_TOK_WORD && (person_at(r, i + 1, &len) || !(n->lex & LEX_P_CUE)) &&
             !W(r, i + 1, "and") && !W(r, i + 1, "to") && !W(r, i + 1, "in") && !W(r, i + 1, "on") &&
             !W(r, i + 1, "at") && !W(r, i + 1, "with") && !W(r, i + 1, "after") && !W(r, i + 1, "before") &&
             !W(r, i + 1, "multiple") && !W(r, i + 1, "once") && !W(r, i + 1, "twice") &&
             !any_of(r, i + 1, BE));
}

/* Does a verb group that can follow a person's name start at token i: an
 * auxiliary, "had", "has", or an act ("died", "was shot")? */
static int verb_at(const rec *r, size_t i) {
    const tally_dict_entry *e;
    size_t el;
    if (W(r, i, ",") && W(r, i + 1, "who")) /* "Jane Roe, who was shot" */
        i += 2;
    return any_of(r, i, BE) || W(r, i, "had") || W(r, i, "has") ||
           ((e = act_at(r, i, &el)) != NULL && !tally_dict_attr(e, "noun"));
}

/* A part of people told before: "one of them", "two of the victims", "three of
 * those wounded". Returns the tokens used, 0 when none at i. */
static void people_done(tally_people *p);

static size_t partitive(rec *r, size_t i) {
    const tally_number *num = NULL;
    for (size_t n = 0; n < r->nnums && !num; n++)
        if (r->nums[n].tok_start == i && r->nums[n].kind == TALLY_NUM_COUNT && r->nums[n].lo > 0)
            num = &r->nums[n];
    if (!num || !W(r, num->tok_end, "of"))
        return 0;
    size_t k = num->tok_end + 1, len = 0;
    const tally_number *of = count_at(r, k);
    if (W(r, k, "them") || W(r, k, "those") || W(r, k, "whom"))
        k++;
    else if (of && of->lo > num->lo && of->tok_end < r->e && person_at(r, of->tok_end, &len))
        k = of->tok_start; /* "one of four women": the part, the four told after it */
    else if ((W(r, k, "the") || W(r, k, "his") || W(r, k, "her") || W(r, k, "their")) && k + 1 < r->e &&
             (person_at(r, k + 1, &len) || adjective(r, k + 1))) {
        k += 1; /* "two of the victims", "three of his associates" */
        while (k < r->e && !person_at(r, k, &len) && adjective(r, k) && k < num->tok_end + 6)
            k++;
        k += person_at(r, k, &len) ? len : 1;
        while (k < r->e && person_at(r, k, &len)) /* "the male victims": the last noun */
            k += len;
    }
    else
        return 0;
    if (of && k == of->tok_start) {
        tally_people *p = new_people(r, k - 2, k - 1);
        if (!p)
            return 0;
        p->start = (uint32_t)i, p->kind = TALLY_PPL_COUNTED, p->lo = num->lo, p->hi = num->hi;
        p->end = (uint32_t)(of->tok_end + len); /* the whole "one of four women" */
        p->partitive = 1;
        return k - i; /* the four women are found next, as a group of their own */
    }
    tally_people *p = new_people(r, k - 1, k);
    if (!p)
        return 0;
    p->start = (uint32_t)i, p->kind = TALLY_PPL_COUNTED, p->lo = num->lo, p->hi = num->hi;
    p->vague = num->qual == TALLY_Q_VAGUE;
    p->noun = person_at(r, k - 1, &len) && len == 1 ? person_at(r, k - 1, &len) : NULL;
    p->partitive = 1;
    people_done(p);
    return k - i;
}

/* Does a verb group start at token i: an auxiliary, or an act? */
static int verb_group(const rec *r, size_t i) {
    size_t el;
    while (i < r->e && adverb(r, i) && !any_of(r, i, BE))
        i++;
    return any_of(r, i, BE) ||
           act_at(r, i, &el) != NULL;
}

/* Is the sentence a headline in title case ("Planner Captured in Kabul")? Most of
 * its longer words capitalized. */
static int title_case(const rec *r) {
    size_t cap = 0, n = 0;
    for (size_t i = r->b; i < r->e; i++) {
        const tally_token *t = &r->tk->toks[i];
        if (t->kind != TALLY_TOK_WORD || t->flen < 4)
            continue;
        n++;
        cap += (t->flags & TALLY_TF_CAP) != 0;
    }
    return n >= 3 && cap * 10 >= n * 8;
}

/* Does a person noun follow an age ending at token q, past at most three
 * modifiers: "a 6-year-old boy", "the 8-year-old Port Orange boy", "a 19-year-old
 * college student"? */
static int noun_after_age(const rec *r, size_t q) {
    size_t l2;
    for (size_t k = q; k < r->e && k < q + 4; k++) {
        if (person_at(r, k, &l2))
            return 1;
        const tally_token *t = &r->tk->toks[k];
        if (t->kind != TALLY_TOK_WORD || (!(t->flags & TALLY_TF_CAP) && !adjective(r, k)))
            return 0;
    }
    return 0;
}

/* Is a verb of firing just before token i ("fired at least one shot", "fired
 * another round")? Then "one shot" is a gunshot, not a person shot. */
static int fired_before(const rec *r, size_t i) {
    for (size_t k = i; k > r->b && k + 4 > i; k--)
        if (W(r, k - 1, "fired") || W(r, k - 1, "fire") || W(r, k - 1, "fires") || W(r, k - 1, "firing"))
            return 1;
    return 0;
}

/* Find every group of people in the sentence. */
static void find_people(rec *r) {
    for (size_t i = r->b; i < r->e; i++) {
        size_t part = partitive(r, i);
        if (part) {
            i += part - 1;
            continue;
        }
        size_t len, al;
        const tally_dict_entry *en = person_at(r, i, &len);
        const tally_token *t = &r->tk->toks[i];
        int capname = en && (t->flags & TALLY_TF_CAP) && i > r->b && !(t->flags & TALLY_TF_UPPER) &&
                      (name_word(r, i - 1) || (i + 1 < r->e && name_word(r, i + 1) && !person_at(r, i + 1, &al)));
        if (en && !capname && (t->flags & TALLY_TF_CAP) && i > r->b && !any_of(r, i - 1, DETS) &&
            !any_of(r, i - 1, ONE) && !count_before(r, i))
            en = NULL; /* a headline's "Taliban Leader Captured", "Smith": no common noun, maybe a name */
        if (en && !capname) {
            size_t q = i + len; /* "police officer", "woman driver": the last noun is the head */
            size_t l2;
            if (q < r->e && person_at(r, q, &l2))
                continue;
            tally_people *p = new_people(r, q - 1, q);
            if (!p)
                return;
            p->noun = en;
            p->plural = (uint8_t)tally_recognize_plural(tally_tokens_fold(r->tk, q - 1));
            people_left(r, p, i);
            p->end = (uint32_t)people_right(r, p, q);
            people_done(p);
            i = p->end - 1;
            continue;
        }
        int age = age_at(r, i, &al);
        if (age >= 0) {
            size_t q = i + al, l2;
            if (noun_after_age(r, q))
                continue; /* an age before its noun: "a 6-year-old boy" */
            if (name_word(r, q)) { /* "17-year-old John Doe" */
                size_t z = name_end(r, q);
                if (z < r->e && person_at(r, z, &l2))
                    continue; /* "the 8-year-old Port Orange boy": a place's name before the noun */
                tally_people *p = new_people(r, z - 1, z);
                if (!p)
                    return;
                p->kind = TALLY_PPL_NAME, p->lo = p->hi = 1, p->age = (int16_t)age, p->start = (uint32_t)i;
                if (i > r->b && any_of(r, i - 1, ONE))
                    p->start--;
                p->end = (uint32_t)people_right(r, p, z);
                people_done(p);
                i = p->end - 1;
                continue;
            }
            /* "a 13-year-old", "two 17-year-olds": the age is the noun */
            tally_people *p = new_people(r, q - 1, q);
            if (!p)
                return;
            p->plural = (uint8_t)tally_recognize_plural(tally_tokens_fold(r->tk, q - 1));
            people_left(r, p, i);
            p->age = (int16_t)age;
            p->end = (uint32_t)people_right(r, p, q);
            people_done(p);
            i = p->end - 1;
            continue;
        }
        const tally_dict_entry *ae;
        size_t ael;
        int obj = i > r->b && (ae = act_at(r, i - 1, &ael)) != NULL && ael == 1;
        if ((W(r, i, "another") || W(r, i, "one")) && !fired_before(r, i) &&
            (verb_group(r, i + 1) || (obj && !person_at(r, i + 1, &al) &&
                                                                               !adjective(r, i + 1) && !count_before(r, i + 2) &&
                                                                               r->tk->toks[i + 1].kind != TALLY_TOK_NUM))) {
            tally_people *p = new_people(r, i, i + 1); /* "three dead and another injured" */
            if (!p)
                return;
            p->start = (uint32_t)i, p->kind = TALLY_PPL_ONE, p->lo = p->hi = 1;
            continue;
        }
        if (W(r, i, "them") || W(r, i, "they") || W(r, i, "themselves")) {
            tally_people *p = new_people(r, i, i + 1); /* people told of before */
            if (!p)
                return;
            p->start = (uint32_t)i, p->kind = TALLY_PPL_GROUP, p->plural = 1;
            continue;
        }
        if (pronoun1(r, i)) {
            tally_people *p = new_people(r, i, i + 1);
            if (!p)
                return;
            p->start = (uint32_t)i, p->kind = TALLY_PPL_PRONOUN, p->lo = p->hi = 1;
            continue;
        }
        if (name_word(r, i) && (i > r->b || (i + 1 < r->e && (name_word(r, i + 1) || W(r, i + 1, ","))) ||
                                (verb_at(r, i + 1) && tag_of(r, i) == TALLY_UPOS_PROPN))) {
            size_t z = name_end(r, i);
            /* a name only where it says so: an age after it, or a verb group right after */
            tally_people tmp;
            memset(&tmp, 0, sizeof tmp);
            tmp.age = -1;
            tmp.kind = TALLY_PPL_NAME;
            size_t end = people_right(r, &tmp, z);
            const tally_dict_entry *ve;
            size_t vel;
            int after_act = i > r->b && !(r->tk->toks[i].flags & TALLY_TF_UPPER) &&
                            (ve = act_at(r, i - 1, &vel)) != NULL && vel == 1 &&
                            !tally_dict_attr(ve, "noun") && !tally_dict_attr(ve, "intrans");
            int verb = after_act || verb_at(r, end) || (W(r, end, ",") && verb_at(r, end + 1)) ||
                       (z - i >= 2 && i > r->b && W(r, i - 1, "left")); /* "left Jane Roe dead" */
            static const char *const clause[] = {"left", "said", "reported", "believed", "thought", "found", NULL};
            int det = i > r->b && (any_of(r, i - 1, ONE) || W(r, i - 1, "the") || (adverb(r, i - 1) && !any_of(r, i - 1, clause)) ||
                                   (i > r->b + 1 && any_of(r, i - 2, ONE)));
            if (det || (r->title && tmp.age < 0) ||
                (tmp.age < 0 && !verb && !(z - i >= 2 && i > r->b && (W(r, i - 1, "of") || W(r, i - 1, "and"))))) {
                i = z - 1;
                continue;
            }
            tally_people *p = new_people(r, z - 1, end);
            if (!p)
                return;
            p->kind = TALLY_PPL_NAME, p->lo = p->hi = 1, p->age = tmp.age, p->start = (uint32_t)i;
            p->home_start = tmp.home_start, p->home_end = tmp.home_end;
            people_done(p);
            i = end - 1;
        }
    }
}

/* The group ending at token k (its end == k), or -1. */
static int people_ending(const rec *r, size_t k) {
    for (size_t p = r->np; p-- > 0;)
        if (r->ppl[p].end == k)
            return (int)p;
    return -1;
}

/* The group starting at token k, or -1. */
static int people_starting(const rec *r, size_t k) {
    for (size_t p = 0; p < r->np; p++)
        if (r->ppl[p].start == k)
            return (int)p;
    return -1;
}

static int agent_of(const rec *r, size_t v);
static int ing(const rec *r, size_t i);

/* Prepositions and the possessive: a group after one is no subject. */
static const char *const PREP[] = {"of", "to", "in", "with", "by", "for", "at", "on", "from", "'s", "into",
                                   "near", "than", "like", NULL};

/* The subject of the clause that ends at verb token v, when no group stands right
 * before the verb: the nearest group before v that is followed by no preposition or
 * conjunction ("a man who police say shot his son before shooting himself": the
 * man, not the son) and follows no preposition itself, with no ";" or ":" between.
 * -1 when none. */
static int first_subject(const rec *r, size_t v) {
    static const char *const stop[] = {";", ":", "according", NULL};
    for (size_t q = r->np; q-- > 0;) {
        const tally_people *pp = &r->ppl[q];
        if (pp->end > v)
            continue;
        int inside = 0; /* "four women" inside "one of four women": the whole is the subject */
        for (size_t o = 0; o < r->np; o++)
            inside |= o != q && r->ppl[o].start < pp->start && r->ppl[o].end >= pp->end;
        if (inside)
            continue;
        for (size_t k = pp->end; k < v; k++)
            if (any_of(r, k, stop))
                return -1;
        if (pp->start > r->b && any_of(r, pp->start - 1, PREP))
            continue;
        static const char *const sub[] = {"and", "or", "before", "after", "when", "while", "because", "until",
                                          "as", NULL};
        if (pp->end >= r->e || any_of(r, pp->end, PREP) || any_of(r, pp->end, sub))
            continue; /* a group followed by no verb is no subject */
        if (pp->kind == TALLY_PPL_PRONOUN && (W(r, pp->head, "him") || W(r, pp->head, "himself") ||
                                              W(r, pp->head, "herself")))
            continue;
        return (int)q;
    }
    return -1;
}

static int appositive(const rec *r, int p);

static void add_patient(tally_act *a, int p) {
    if (p < 0)
        return;
    for (size_t i = 0; i < a->npatients; i++)
        if (a->patients[i] == p)
            return;
    if (a->npatients < TALLY_ACT_MAX_PEOPLE)
        a->patients[a->npatients++] = (uint16_t)p;
}

/* The "who" or "that" of a relative clause whose verb group starts at token k:
 * right before it, or before a speaker's words ("a boy who police say was shot").
 * k when there is none. */
static size_t who_before(const rec *r, size_t k) {
    if (W(r, k - 1, "who") || W(r, k - 1, "that"))
        return k - 1;
    for (size_t j = k - 1; j > r->b && j + 3 >= k; j--) {
        const tally_dict_entry *en;
        size_t l = tally_dict_match(r->tk, j, r->e, 1u << DICT_SPEECH, &en);
        if (!l || j + l != k)
            continue;
        for (size_t w = j - 1; w > r->b && w + 4 > j; w--) /* past the speaker, a few words */
            if (W(r, w, "who") || W(r, w, "that"))
                return w;
        break;
    }
    return k;
}

static void add_joined(const rec *r, int p, tally_act *a);

/* The subject of a verb group starting at token v: the group just before it (past
 * adverbs, an aside between commas), and the groups joined to it by "and". */
static void subject_of(const rec *r, size_t v, tally_act *a) {
    size_t k = v;
    while (k > r->b && (adverb(r, k - 1) || any_of(r, k - 1, BE)))
        k--;
    if (k > r->b && W(r, k - 1, ")")) { /* "the victim (Jane Roe) died" */
        size_t q = k - 1;
        while (q > r->b && !W(r, q, "(") && q + 8 > k)
            q--;
        if (W(r, q, "("))
            k = q;
    }
    int p = people_ending(r, k);
    /* past an aside: "the man, who lived nearby, was shot", "four others - A, B and C -
       were wounded" */
    const char *asides[] = {",", "-", "(", NULL};
    for (int d = 0; asides[d] && p < 0; d++) {
        const char *close = d == 2 ? ")" : asides[d];
        if (!(k > r->b && W(r, k - 1, close)))
            continue;
        size_t q = k - 1;
        while (q > r->b && !W(r, q - 1, asides[d]) && q + 30 > k)
            q--;
        if (q > r->b && W(r, q - 1, asides[d]))
            p = people_ending(r, q - 1);
    }
    if (p < 0) { /* "who was shot": the group before "who" */
        size_t w = k > r->b ? who_before(r, k) : k;
        if (w < k) {
            size_t q = w;
            if (q > r->b && W(r, q - 1, ","))
                q--;
            p = people_ending(r, q);
        }
    }
    if (p < 0) /* "a boy shot in the head near the school died Friday": the clause's subject */
        p = first_subject(r, v);
    else if (r->ppl[p].start > r->b && any_of(r, r->ppl[p].start - 1, PREP) && r->ppl[p].kind != TALLY_PPL_PRONOUN &&
             !W(r, r->ppl[p].end, "being")) {
        /* "a man sought in the killing of a teen turned himself in": the teen is no
           subject; "it resulted in five people being hurt": they are */
        int q = first_subject(r, v);
        p = q >= 0 ? q : p;
    }
    add_joined(r, p, a);
}

/* Group p and the groups joined to it by "and" as patients of a: "Jane Roe, 24, and
 * her son John, 3, were killed". */
static void add_joined(const rec *r, int p, tally_act *a) {
    if (p < 0)
        return;
    add_patient(a, p);
    int and_seen = 0; /* "A, B and C": a comma joins only in a list that ends with "and" */
    for (int q = p; q > 0;) {
        size_t s = r->ppl[q].start;
        size_t j = s;
        if (j > r->b && (W(r, j - 1, "his") || W(r, j - 1, "her") || W(r, j - 1, "their")))
            j--; /* "a man and his two sons" */
        if (j > r->b && W(r, j - 1, "and"))
            j--, and_seen = 1;
        if (j > r->b && W(r, j - 1, ","))
            j--;
        if (j == s || !and_seen)
            break;
        int o = people_ending(r, j);
        if (o < 0 || r->ppl[o].kind == TALLY_PPL_PRONOUN)
            break;
        if (!appositive(r, o))
            add_patient(a, o);
        q = o;
    }
}

/* Is group p an aside about the person named just before it, "Jane Roe, 35, a
 * farmer, ...": one indefinite person between commas right after a name? */
static int appositive(const rec *r, int p) {
    const tally_people *pp = &r->ppl[p];
    if (pp->kind != TALLY_PPL_ONE || p == 0 || pp->start <= r->b || !W(r, pp->start - 1, ","))
        return 0;
    const tally_people *before = &r->ppl[p - 1];
    return before->kind == TALLY_PPL_NAME && before->end + 1 == pp->start && W(r, pp->end, ",");
}

/* Group p and the groups after it joined by "and", "along with" or "as well as", as
 * patients of a: "detained a facilitator along with two associates", "the shooting
 * of a man and a toddler". */
static void add_following(const rec *r, int p, tally_act *a) {
    if (p < 0)
        return;
    add_patient(a, p);
    for (size_t z = r->ppl[p].end; z < r->e;) {
        size_t j = z;
        if (W(r, j, ","))
            j++;
        if (W(r, j, "along") && W(r, j + 1, "with"))
            j++;
        else if (W(r, j, "as") && W(r, j + 1, "well") && W(r, j + 2, "as"))
            j += 2;
        else if (!W(r, j, "and"))
            break;
        int o = people_starting(r, j + 1);
        if (o < 0)
            break;
        add_patient(a, o);
        z = r->ppl[o].end;
    }
}

/* The object of an active verb ending at token k: the group starting within two
 * tokens (past "and killed", an adverb), and the groups joined to it. */
static void object_of(const rec *r, size_t k, tally_act *a) {
    size_t q = k;
    for (int hops = 0; hops < 6 && q < r->e; hops++) {
        int p = people_starting(r, q);
        if (p >= 0) {
            if (r->ppl[p].kind == TALLY_PPL_PRONOUN && (W(r, q, "he") || W(r, q, "she")))
                return; /* "shot before he ...": a subject, not an object */
            add_following(r, p, a);
            size_t z = r->ppl[p].end; /* "shot his son and then himself" */
            if (W(r, z, "and") && (W(r, z + 1, "himself") || W(r, z + 1, "herself") ||
                                   ((adverb(r, z + 1) || W(r, z + 1, "then")) && (W(r, z + 2, "himself") || W(r, z + 2, "herself")))))
                add_patient(a, agent_of(r, a->start));
            return;
        }
        size_t el;
        /* "struck the knee of a girl", "hit the leg of a man": the one whose part it is */
        if (hops == 0 && a->what != TALLY_ACT_KILLED && any_of(r, q, DETS)) {
            size_t z = q + 1;
            while (z < r->e && z < q + 3 && r->tk->toks[z].kind == TALLY_TOK_WORD && !W(r, z, "of"))
                z++;
            int o = W(r, z, "of") ? people_starting(r, z + 1) : -1;
            if (o >= 0 && r->ppl[o].kind != TALLY_PPL_PRONOUN) {
                add_patient(a, o);
                return;
            }
        }
        /* "shot and killed a man", "shot, killed and then burned a boy": past the
           verbs that share the object; not "wounded and a suspect dead" */
        int and_verb = (W(r, q, "and") || W(r, q, ",")) && q + 1 < r->e &&
                       (act_at(r, q + 1, &el) || tag_of(r, q + 1) == TALLY_UPOS_VERB ||
                        (adverb(r, q + 1) && tag_of(r, q + 2) == TALLY_UPOS_VERB));
        if (!adverb(r, q) && !and_verb && !(hops > 0 && tag_of(r, q) == TALLY_UPOS_VERB))
            return;
        q++;
    }
}

static int act_what(const tally_dict_entry *e) {
    const char *w = tally_dict_attr(e, "what");
    if (!w)
        return -1;
    return strcmp(w, "killed") == 0 ? TALLY_ACT_KILLED
           : strcmp(w, "injured") == 0 ? TALLY_ACT_INJURED
           : strcmp(w, "shot") == 0    ? TALLY_ACT_SHOT
                                       : TALLY_ACT_DETAINED;
}

/* Is the act at [s, e) negated: "not", "no one", "none" in its verb group? */
static int negated(const rec *r, size_t s) {
    for (size_t k = s; k > r->b && k + 5 > s; k--) {
        if (any_of(r, k - 1, NEG))
            return 1;
        if (W(r, k - 1, ",") || W(r, k - 1, "and") || W(r, k - 1, "but") || W(r, k - 1, "after"))
            return 0;
    }
    return 0;
}

/* The one who did the act at token v: the group just before its verb group, else
 * the first group of the sentence that is no object of a preposition ("a man who
 * police say shot his son and then himself"). -1 when none. */
static int agent_of(const rec *r, size_t v) {
    size_t k = v;
    while (k > r->b && adverb(r, k - 1))
        k--;
    int p = people_ending(r, k);
    if (p >= 0 && r->ppl[p].kind != TALLY_PPL_GROUP)
        return p;
    return first_subject(r, v);
}

/* Does token i end in -ing? */
static int ing(const rec *r, size_t i) {
    tally_span w = tally_tokens_fold(r->tk, i);
    return w.len > 4 && memcmp(w.p + w.len - 3, "ing", 3) == 0;
}

/* The people of an act told as a noun: after "of" ("the death of a man"), before
 * "'s" ("the boy's death"), "his death"; wounds and injuries are had by the
 * clause's subject ("he died of his wounds", "a man suffered gunshot wounds"). */
static void nominal(rec *r, tally_act *a, const tally_dict_entry *e) {
    size_t s = a->start, end = a->end;
    a->form = TALLY_FORM_NOMINAL;
    while (end < r->e && end < a->end + 3 && (r->tk->toks[end].lex & (LEX_WEEKDAY | LEX_MONTH) ||
                                              W(r, end, "night") || W(r, end, "morning") || W(r, end, "afternoon") ||
                                              W(r, end, "evening") || r->tk->toks[end].kind == TALLY_TOK_NUM))
        end++; /* "the fatal shooting Saturday of a girl" */
    if (W(r, end, "of")) {
        add_following(r, people_starting(r, end + 1), a);
        return;
    }
    /* "a double homicide", "a triple shooting": so many people it befell */
    static const char *const times[] = {"double", "triple", "quadruple", "quintuple", NULL};
    for (size_t q = s; q > r->b && q + 2 > s && (q == s || adjective(r, q)); q--) /* "a double fatal shooting" */
        for (int n = 0; times[n]; n++)
            if (W(r, q - 1, times[n])) {
                tally_people *p = new_people(r, q - 1, q);
                if (p) {
                    p->start = (uint32_t)(q - 1), p->kind = TALLY_PPL_COUNTED, p->lo = p->hi = n + 2, p->plural = 1;
                    add_patient(a, (int)(p - r->ppl));
                }
                return;
            }
    size_t k = s;
    while (k > r->b && k + 2 > s && !W(r, k - 1, "'s") && adjective(r, k - 1))
        k--;
    /* "a victim of a shooting", "the victims of the attack": they befell them */
    size_t o = k > r->b && (any_of(r, k - 1, ONE) || any_of(r, k - 1, DETS)) ? k - 1 : k;
    if (o > r->b && W(r, o - 1, "of")) {
        int p = people_ending(r, o - 1);
        if (p >= 0 && (W(r, r->ppl[p].head, "victim") || W(r, r->ppl[p].head, "victims"))) {
            add_patient(a, p);
            return;
        }
    }
    if (k > r->b && W(r, k - 1, "'s")) {
        add_patient(a, people_ending(r, k - 1));
        return;
    }
    int his = k > r->b && (W(r, k - 1, "his") || W(r, k - 1, "her"));
    if (tally_dict_attr(e, "holder") && k > r->b && W(r, k - 1, "with") && people_ending(r, k - 1) >= 0) {
        add_patient(a, people_ending(r, k - 1)); /* "two people with gunshot wounds" */
        return;
    }
    if (tally_dict_attr(e, "holder")) {
        size_t q = his ? k - 1 : s;
        int p = first_subject(r, q);
        if (p < 0)
            p = people_ending(r, q);
        add_patient(a, p);
        return;
    }
    if (his) { /* "his death": someone told of */
        tally_people *p = new_people(r, k - 1, k);
        if (p) {
            p->start = (uint32_t)k - 1, p->kind = TALLY_PPL_PRONOUN, p->lo = p->hi = 1;
            add_patient(a, (int)(p - r->ppl));
        }
    }
}

/* Is the act at token s one that was not done: an infinitive ("a raid to capture
 * him", "tried to kill"), or after a modal ("could have died", "would kill")? */
static int irrealis(const rec *r, size_t s) {
    static const char *const modal[] = {"would", "could", "might", "may", "will", "can", "should", "must", NULL};
    size_t k = s;
    while (k > r->b && (adverb(r, k - 1) || W(r, k - 1, "be") || W(r, k - 1, "have") || W(r, k - 1, "been")) &&
           !W(r, k - 1, "to") && !any_of(r, k - 1, modal))
        k--;
    if (k > r->b && W(r, k - 1, "to") && ing(r, s))
        return 0; /* "in addition to detaining": no infinitive */
    return k > r->b && (W(r, k - 1, "to") || any_of(r, k - 1, modal));
}

/* The people told after a copula, inverted: "among the dead were Jane Roe, 19;
 * her brother, 16; and ...", "also killed in the strike were 13 fighters", "the
 * wounded included two children". The act comes first, with no subject of its own;
 * its people are the groups after "were" or "included", joined by commas,
 * semicolons and "and". Returns 1 when the act is told so. */
static int inverted(rec *r, tally_act *a) {
    static const char *const lead[] = {"among", "also", "the", "those", NULL};
    static const char *const cop[] = {"were", "was", "included", "include", "includes", "are", "is", NULL};
    size_t s = a->start, k = a->end;
    if (s > r->b && !any_of(r, s - 1, lead) && !W(r, s - 1, ","))
        return 0;
    while (k < r->e && k < a->end + 6 && !any_of(r, k, cop) && !W(r, k, ",") && people_starting(r, k) < 0)
        k++; /* "in the strike" */
    if (!any_of(r, k, cop))
        return 0;
    int p = people_starting(r, k + 1);
    if (p < 0)
        return 0;
    a->form = TALLY_FORM_PASSIVE;
    a->part = any_of(r, k, cop + 2) || (s > r->b && W(r, s - 1, "among")) ||
              (s > r->b + 1 && W(r, s - 2, "among")); /* "included", "among the dead" */
    for (;;) {
        if (!appositive(r, p))
            add_patient(a, p);
        size_t z = r->ppl[p].end;
        if (W(r, z, ",") || W(r, z, ";"))
            z++;
        if (W(r, z, "and"))
            z++;
        int q = people_starting(r, z);
        if (q < 0 || z == r->ppl[p].end)
            break;
        p = q;
    }
    return 1;
}

/* Where an act's people are, from how it is told. */
static void link_act(rec *r, tally_act *a, const tally_dict_entry *e) {
    size_t s = a->start, end = a->end;
    if (W(r, end, "himself") || W(r, end, "herself") || W(r, end, "themselves") || tally_dict_attr(e, "self")) {
        a->form = TALLY_FORM_REFLEXIVE;
        add_joined(r, agent_of(r, s), a); /* "a girl and a man took their lives" */
        return;
    }
    if (inverted(r, a))
        return;
    for (size_t p = 0; p < r->np; p++) /* "one deceased male", "two dead men": their own state */
        if (r->ppl[p].start <= s && end <= r->ppl[p].head && a->what == TALLY_ACT_KILLED && r->ppl[p].lo > 0) {
            a->form = TALLY_FORM_PASSIVE;
            add_patient(a, (int)p);
            return;
        }
    int noun = tally_dict_attr(e, "noun") != NULL; /* data/acts.dict, WordNet's nouns of acts */
    size_t h = W(r, s, "fatally") || W(r, s, "mortally") ? s + 1 : s; /* "fatally shooting a teen" */
    if (noun && ing(r, h) && end == h + 1 && !W(r, end, "of") && !(h > r->b && (any_of(r, h - 1, DETS) ||
                                                                              any_of(r, h - 1, ONE) ||
                                                                              W(r, h - 1, "'s") || (h == s && adjective(r, h - 1)))))
        noun = 0; /* "killing a girl": a verb; "the killing", "a fatal shooting": nouns */
    if (noun) {
        nominal(r, a, e);
        return;
    }
    size_t k = s;
    while (k > r->b && adverb(r, k - 1))
        k--;
    if (k > r->b && any_of(r, k - 1, BE)) {
        a->form = TALLY_FORM_PASSIVE;
        subject_of(r, k - 1, a);
        if (a->npatients && W(r, end, "along") && W(r, end + 1, "with")) /* "was shot along with three others" */
            add_patient(a, people_starting(r, end + 2));
        return;
    }
    if (tally_dict_attr(e, "intrans")) {
        a->form = TALLY_FORM_INTRANS;
        subject_of(r, s, a);
        return;
    }
    a->form = TALLY_FORM_ACTIVE;
    object_of(r, end, a);
    if (a->npatients)
        return;
    /* "a man shot Friday", "a girl wounded in the leg": a participle right after its
       people, with no object of its own */
    size_t v = W(r, s, "fatally") || W(r, s, "mortally") ? s + 1 : s; /* the verb itself */
    tally_span w = tally_tokens_fold(r->tk, v);
    int participle = (w.len > 2 && memcmp(w.p + w.len - 2, "ed", 2) == 0) || W(r, v, "shot") ||
                     W(r, v, "dead") || W(r, v, "hurt") || W(r, v, "slain") || W(r, v, "gunned") ||
                     W(r, v, "hit") || W(r, v, "struck") || W(r, v + 1, "by"); /* "three people hit by gunfire" */
    int p = people_ending(r, s);
    if (p < 0 && s > r->b && W(r, s - 1, ",")) /* "pronounced one man, 22, dead" */
        p = people_ending(r, s - 1);
    if (p < 0 && s > r->b && W(r, s - 1, ",")) { /* "found Jane Roe, from Quincy, dead" */
        size_t q = s - 1;
        while (q > r->b && !W(r, q - 1, ",") && q + 8 > s)
            q--;
        if (q > r->b && W(r, q - 1, ","))
            p = people_ending(r, q - 1);
    }
    size_t el;
    if ((W(r, end, ",") || W(r, end, "and")) && act_at(r, end + 1, &el))
        participle = 0; /* "Roe and Doe shot, killed and burned a boy": verbs with an object */
    if (participle && p >= 0 && r->ppl[p].kind != TALLY_PPL_PRONOUN) {
        a->form = TALLY_FORM_PASSIVE;
        add_patient(a, p);
    }
}

/* Find every act of the sentence and its people. */
/* "a shooting that sent two girls to the hospital", "both were taken to a local
 * hospital": the people a verb of carrying brings to a hospital were hurt (fate not
 * told). Acts the dictionary's fixed phrases do not hold, for the words between. */
static void hospital_acts(rec *r) {
    static const char *const carry[] = {"sent", "send", "sends", "sending", "rushed", "took", "taken", "flown",
                                        "airlifted", "transported", "driven", "brought", NULL};
    for (size_t h = r->b + 2; h < r->e && r->na < MAX_ACTS; h++) {
        if (!W(r, h, "hospital") && !W(r, h, "hospitals"))
            continue;
        size_t to = h - 1; /* "to the nearest hospital", "to a local hospital" */
        while (to > r->b && to + 4 > h && !W(r, to, "to"))
            to--;
        if (!W(r, to, "to") || to == r->b)
            continue;
        int covered = 0; /* a phrase of the dictionary took it already */
        for (size_t i = 0; i < r->na; i++)
            covered |= r->acts[i].start <= to && to < r->acts[i].end;
        if (covered)
            continue;
        tally_act a;
        memset(&a, 0, sizeof a);
        a.what = TALLY_ACT_SHOT;
        a.end = (uint32_t)(h + 1);
        int p = people_ending(r, to);
        if (any_of(r, to - 1, carry) && to - 1 > r->b && any_of(r, to - 2, BE)) {
            a.start = (uint32_t)(to - 1), a.form = TALLY_FORM_PASSIVE;
            subject_of(r, to - 2, &a); /* "both were taken to a hospital" */
        } else if (p >= 0) {
            tally_act tmp;
            memset(&tmp, 0, sizeof tmp);
            add_joined(r, p, &tmp); /* "sent both a man and a girl to the hospital" */
            size_t v = r->ppl[p].start;
            for (size_t j = 0; j < tmp.npatients; j++)
                v = r->ppl[tmp.patients[j]].start < v ? r->ppl[tmp.patients[j]].start : v;
            if (v > r->b + 1 && W(r, v - 1, "both"))
                v--;
            if (v <= r->b || !any_of(r, v - 1, carry))
                continue;
            a = tmp;
            a.what = TALLY_ACT_SHOT, a.end = (uint32_t)(h + 1);
            a.start = (uint32_t)(v - 1), a.form = TALLY_FORM_ACTIVE;
        } else {
            continue;
        }
        a.negated = (uint8_t)negated(r, a.start);
        a.irrealis = (uint8_t)irrealis(r, a.start);
        r->acts[r->na++] = a;
    }
}

static void find_acts(rec *r) {
    for (size_t i = r->b; i < r->e && r->na < MAX_ACTS;) {
        const tally_dict_entry *e;
        size_t len;
        e = act_at(r, i, &len);
        int what = len ? act_what(e) : -1;
        size_t l2;
        if (what < 0 || ((W(r, i, "fatally") || W(r, i, "mortally")) && len == 1 && act_at(r, i + 1, &l2))) {
            i++; /* "fatally" before an act is told with it */
            continue;
        }
        tally_act *a = &r->acts[r->na++];
        memset(a, 0, sizeof *a);
        a->start = (uint32_t)i, a->end = (uint32_t)(i + len);
        a->what = (uint8_t)what;
        if (i > r->b && (W(r, i - 1, "fatally") || W(r, i - 1, "mortally")) && what != TALLY_ACT_DETAINED) {
            a->what = TALLY_ACT_KILLED; /* "fatally shot", "mortally wounded" */
            a->start--;
        }
        a->negated = (uint8_t)negated(r, a->start);
        a->irrealis = (uint8_t)irrealis(r, a->start);
        link_act(r, a, e);
        i += len;
    }
}

/* "killed or wounded": two acts joined by "or" tell neither for sure. */
static void either_or(rec *r) {
    for (size_t x = 0; x + 1 < r->na; x++) {
        tally_act *a = &r->acts[x], *b = &r->acts[x + 1];
        if (b->start == a->end + 1 && W(r, a->end, "or"))
            a->either = b->either = 1;
    }
}

/* "shot and killed": one group has one fate in a sentence, the worst told. */
static void one_fate(rec *r) {
    static const int rank[] = {3, 2, 0, 1}; /* killed, injured, detained, shot */
    for (size_t x = 0; x < r->na; x++)
        for (size_t y = 0; y < r->na; y++) {
            tally_act *a = &r->acts[x], *b = &r->acts[y];
            if (x == y || a->negated || b->negated || a->what == TALLY_ACT_DETAINED || b->what == TALLY_ACT_DETAINED ||
                rank[b->what] <= rank[a->what])
                continue;
            for (size_t i = 0; i < a->npatients; i++)
                for (size_t j = 0; j < b->npatients; j++)
                    if (a->patients[i] == b->patients[j]) {
                        memmove(&a->patients[i], &a->patients[i + 1], (a->npatients - i - 1) * sizeof *a->patients);
                        a->npatients--;
                        i--;
                        break;
                    }
        }
}

/* Look every token of the sentence up once: the person, act and actor entries
 * that start there (only tokens the lexicon marks as starting an entry, or
 * hyphenated compounds, can). */
static void lookups(rec *r) {
    size_t n = r->e - r->b + 1;
    r->pe = tally_arena_alloc_raw(r->a, n * sizeof *r->pe);
    r->ae = tally_arena_alloc_raw(r->a, n * sizeof *r->ae);
    r->pl = tally_arena_alloc(r->a, n);
    r->al = tally_arena_alloc(r->a, n);
    r->actor = tally_arena_alloc(r->a, n);
    for (size_t i = r->b; i < r->e; i++) {
        const tally_token *t = &r->tk->toks[i];
        if (!(t->lex & LEX_DICT) && !(t->flags & TALLY_TF_HYPHEN))
            continue;
        size_t len;
        const tally_dict_entry *e = person_lookup(r, i, &len);
        r->pe[i - r->b] = e, r->pl[i - r->b] = (uint8_t)len;
        len = tally_dict_match(r->tk, i, r->e, (1u << DICT_CASUALTY) | (1u << DICT_ACT), &e);
        r->ae[i - r->b] = e, r->al[i - r->b] = (uint8_t)(len && act_what(e) >= 0 ? len : 0);
        r->actor[i - r->b] = tally_dict_match(r->tk, i, r->e, (1u << DICT_ACTOR) | (1u << DICT_AGENT), &e) > 0;
    }
}

void tally_recognize_sentence(tally_arena *a, const tally_tokens *tk, size_t s, const tally_number *nums,
                              size_t nnums, const uint8_t *place_tok, const uint8_t *tags,
                              tally_recognized *out) {
    rec rr, *r = &rr; /* on the stack, not the arena: a long article has many sentences */
    r->a = a;
    r->tk = tk;
    r->b = tk->sents[s].tok_start;
    r->e = tk->sents[s].tok_end;
    r->np = r->na = 0;
    lookups(r);
    r->tag = tags;
    r->nums = nums;
    r->nnums = nnums;
    r->place_tok = place_tok;
    r->title = title_case(r);
    find_people(r);
    find_acts(r);
    hospital_acts(r);
    either_or(r);
    one_fate(r);
    out->people = tally_arena_alloc_raw(a, (r->np + 1) * sizeof *r->ppl);
    memcpy(out->people, r->ppl, r->np * sizeof *r->ppl);
    out->npeople = r->np;
    out->acts = tally_arena_alloc_raw(a, (r->na + 1) * sizeof *r->acts);
    memcpy(out->acts, r->acts, r->na * sizeof *r->acts);
    out->nacts = r->na;
}
