/* recognize.h: the recognition layer between tokens and the coders: groups of
 * people with their counts, and the acts (killing, injuring, shooting,
 * detaining) that befell them, each with its token span. */
#ifndef TALLY_RECOGNIZE_H
#define TALLY_RECOGNIZE_H

#include "dict.h"
#include "tally.h"

/* How a group of people is told. */
enum {
    TALLY_PPL_COUNTED = 1, /* a number or number word: "two men", "several residents" */
    TALLY_PPL_ONE = 2,     /* "a man", "one resident", "another woman" */
    TALLY_PPL_DEF = 3,     /* "the victim", "his brother": maybe someone told of before */
    TALLY_PPL_PRONOUN = 4, /* he, she, him, her, himself: someone told of before */
    TALLY_PPL_NAME = 5,    /* a person's name: "Jane Roe, 24", "17-year-old John Doe" */
    TALLY_PPL_GROUP = 6    /* a plural with no count: "the victims", "residents" */
};

/* Who the people are, from their noun. */
enum {
    TALLY_PROLE_UNKNOWN = 0,
    TALLY_PROLE_CIVILIAN = 1, /* residents, children, paramedics */
    TALLY_PROLE_SECURITY = 2, /* soldiers, police officers */
    TALLY_PROLE_ARMED = 3     /* insurgents, gunmen, suspects */
};

/* What befell people. */
enum {
    TALLY_ACT_KILLED = 0,
    TALLY_ACT_INJURED = 1,
    TALLY_ACT_DETAINED = 2,
    TALLY_ACT_SHOT = 3 /* hit or hurt, fate not told ("was shot", "gunshot wounds"): killed or injured */
};

/* How the act is told, which says where its people are. */
enum {
    TALLY_FORM_ACTIVE = 1,  /* "killed two men": the people after it */
    TALLY_FORM_PASSIVE = 2, /* "two men were killed", "a man shot Friday": before it */
    TALLY_FORM_INTRANS = 3, /* "the man died", "he suffered gunshot wounds": before it */
    TALLY_FORM_NOMINAL = 4, /* "the death of a man", "the man's death": after "of" */
    TALLY_FORM_REFLEXIVE = 5 /* "shot himself": the subject */
};

typedef struct {
    uint32_t start, end; /* tokens of the whole phrase, count and age included */
    uint32_t head;       /* token of the head noun, pronoun or name's last word */
    int64_t lo, hi;      /* how many; lo == 0 when not told (TALLY_PPL_GROUP) */
    int16_t age;         /* "a 12-year-old boy", "Jane Roe, 24"; -1 when not told */
    uint8_t kind;        /* TALLY_PPL_* */
    uint8_t role;        /* TALLY_PROLE_* */
    uint8_t child;       /* a child by its noun or its age (under 18) */
    uint8_t woman;       /* a woman or girl by its noun */
    uint8_t plural;      /* the noun is plural */
    uint8_t vague;       /* the count is a vague word (several, dozens) */
    uint8_t partitive;   /* "two of them": a part of people told of before */
    uint32_t home_start, home_end; /* where they are from, "of Quincy", "from Kansas City" (0, 0: not told) */
    const tally_dict_entry *noun; /* the person entry of the head, or NULL */
} tally_people;

#define TALLY_ACT_MAX_PEOPLE 4
typedef struct {
    uint32_t start, end;   /* tokens of the act's words */
    uint8_t what;          /* TALLY_ACT_* */
    uint8_t form;          /* TALLY_FORM_* */
    uint8_t negated;       /* "was not hurt", "no one was killed" */
    uint8_t either;        /* "killed or wounded": which one is not told */
    uint8_t irrealis;      /* "a raid to capture", "tried to kill", "could have died": not done */
    uint8_t part;          /* "among the dead were", "the dead included": some of those it befell */
    uint8_t npatients;     /* groups it befell */
    uint16_t patients[TALLY_ACT_MAX_PEOPLE]; /* indexes into the sentence's people */
} tally_act;

typedef struct {
    tally_people *people; /* in text order */
    size_t npeople;
    tally_act *acts; /* in text order; an act of no recognized people is kept too */
    size_t nacts;
} tally_recognized;

/** Is the folded word a plural noun ("men", "residents", "police")? */
int tally_recognize_plural(tally_span w);

/** Recognize the people and acts of sentence s. nums are the sentence's numbers
 * (tally_numbers_find); place_tok, when not NULL, marks with nonzero the article's
 * tokens that name places (no place is a person's name); tags, when not NULL, are
 * the sentence's parts of speech from its first token (tally_tagger_tag), else it
 * is tagged here if a rule needs them. Arrays live in the arena. Total: any tokens in. */
void tally_recognize_sentence(tally_arena *a, const tally_tokens *tk, size_t s, const tally_number *nums,
                              size_t nnums, const uint8_t *place_tok, const uint8_t *tags,
                              tally_recognized *out);

#endif
