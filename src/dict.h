/* dict.h: the dictionary system: text files of phrases with attributes (data/NAME.dict),
 * compiled into C tables at build time, matched against tokens at run time. */
#ifndef TALLY_DICT_H
#define TALLY_DICT_H

#include "tally.h"

#define DICT_MAX_TOKS 8  /* words in one phrase */
#define DICT_MAX_ATTRS 8 /* key=value pairs on one line */

/* The sections a dictionary line can belong to ([name] lines in a file). */
enum {
    DICT_TRIGGER = 0, /* words that name a violent event: raid, air strike, car bomb */
    DICT_CASUALTY,    /* what happened to people: killed, wounded, detained */
    DICT_PERSON,      /* nouns for people who can be counted: civilians, soldiers */
    DICT_ACTOR,       /* named actors: countries, groups, institutions */
    DICT_AGENT,       /* generic agents: troops, police, insurgents, gunmen */
    DICT_SPEECH,      /* attribution: said, told, according to */
    DICT_OUTLET,      /* outlets that carry claims: Associated Press, Reuters */
    DICT_HEDGE,       /* alleged, claimed, reportedly */
    DICT_PERIOD,      /* words that make a count a tally: since, so far, this year */
    DICT_NONPERSON,   /* nouns that are never casualties: rockets, km, dollars, troops deployed */
    DICT_VERB,        /* CAMEO verb phrases (events.c) */
    DICT_DISCARD,     /* phrases that put a sentence (story=1: the article) out of event coding */
    DICT_ACT,         /* what befell people, for the recognizer: shot, pronounced dead, gunshot wounds */
    DICT_PROCESS,     /* steps after an incident: charged, arraigned, a vigil (their day is theirs) */
    DICT_NSECTIONS
};

typedef struct {
    uint8_t section;                    /* DICT_* */
    uint8_t ntoks;                      /* words in the phrase */
    uint32_t hash[DICT_MAX_TOKS];       /* tally_hash of each folded word */
    const char *phrase;                 /* the folded phrase, words separated by one space */
    uint8_t nattrs;                     /* key=value pairs */
    const char *keys[DICT_MAX_ATTRS];   /* attribute names */
    const char *vals[DICT_MAX_ATTRS];   /* attribute values */
    const char *file;                   /* where it was defined */
    uint32_t line;                      /* line in file */
} tally_dict_entry;

/** Section number of a name such as "trigger", or -1. */
int tally_dict_section(const char *name, size_t len);
/** Section name of a number. */
const char *tally_dict_section_name(int section);

/* Called by the parser for each entry (one per phrase variant) or problem. */
typedef void (*tally_dict_entry_fn)(void *ctx, const tally_dict_entry *e);
typedef void (*tally_dict_error_fn)(void *ctx, const char *file, uint32_t line, const char *msg);

/** Parse a dictionary file's text. Strings live in the arena. Returns the number of
 * problems reported through err (a bad line is skipped, the rest still read). */
size_t tally_dict_parse(tally_arena *a, const char *file, const char *buf, size_t len,
                        tally_dict_entry_fn each, tally_dict_error_fn err, void *ctx);

/** An attribute's value, or NULL. */
const char *tally_dict_attr(const tally_dict_entry *e, const char *key);

/** Add an entry to the run-time index (copied by pointer: it must outlive the index). */
void tally_dict_add(const tally_dict_entry *e);
/** The longest entry of a section in mask (1 << DICT_*) that matches tokens from i
 * (below end). Returns the number of tokens matched and sets *out, or 0. */
size_t tally_dict_match(const tally_tokens *tk, size_t i, size_t end, unsigned mask,
                        const tally_dict_entry **out);
/** The entries whose first word hashes like h (and maybe others: the caller compares
 * hash[0]); sets *out to an array owned by the index, valid until the next add. */
size_t tally_dict_bucket(uint32_t h, const tally_dict_entry *const **out);
/** Word j of entry e's phrase is w[0..len)? The check after the hashes agreed. */
int tally_dict_word_is(const tally_dict_entry *e, size_t j, const char *w, size_t len);
/** True when e is one of the entries compiled from data/ (not added at run time). */
int tally_dict_is_builtin(const tally_dict_entry *e);
/** Number of entries in the index (the compiled ones and those added). */
size_t tally_dict_count(void);

#endif
