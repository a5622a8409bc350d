/* tagger.h: tally's part-of-speech tagger: an averaged perceptron over hashed
 * features, greedy left to right, trained on UD English EWT (CC BY-SA 4.0) by
 * tools/train_tagger.c and compiled into the binary from data/tagger.weights. */
#ifndef TALLY_TAGGER_H
#define TALLY_TAGGER_H

#include "tally.h"

/* Universal POS tags (universaldependencies.org/u/pos), in the order of their names. */
enum {
    TALLY_UPOS_ADJ = 0, /* adjective: big, fatal */
    TALLY_UPOS_ADP,     /* adposition: in, of, near */
    TALLY_UPOS_ADV,     /* adverb: very, later */
    TALLY_UPOS_AUX,     /* auxiliary: was, has, will */
    TALLY_UPOS_CCONJ,   /* coordinating conjunction: and, or */
    TALLY_UPOS_DET,     /* determiner: the, a, this */
    TALLY_UPOS_INTJ,    /* interjection: yes, oh */
    TALLY_UPOS_NOUN,    /* common noun: man, attack */
    TALLY_UPOS_NUM,     /* numeral: 5, five */
    TALLY_UPOS_PART,    /* particle: to, not, possessive 's */
    TALLY_UPOS_PRON,    /* pronoun: he, they, who */
    TALLY_UPOS_PROPN,   /* proper noun: Kabul, Reuters */
    TALLY_UPOS_PUNCT,   /* punctuation */
    TALLY_UPOS_SCONJ,   /* subordinating conjunction: that, because */
    TALLY_UPOS_SYM,     /* symbol: $, % */
    TALLY_UPOS_VERB,    /* verb: killed, said */
    TALLY_UPOS_X,       /* other: foreign words, typos */
    TALLY_UPOS_N        /* number of tags */
};

/** Tag tokens [from, to) of tk as one sentence: tags[k] gets the TALLY_UPOS_* of
 * token from + k. Tokens outside the span are not looked at (the span's ends are
 * its sentence's ends), so callers pass a sentence's tok_start and tok_end. tags
 * has room for to - from entries and belongs to the caller. Total: any tokens in,
 * one tag each out; no allocation; safe from several threads. */
void tally_tagger_tag(const tally_tokens *tk, size_t from, size_t to, uint8_t *tags);

/** The UD name of a tag ("NOUN"), or NULL when upos is not a TALLY_UPOS_* value.
 * The string is static. */
const char *tally_tagger_name(int upos);

/* ---- for tools/train_tagger.c: the model and its features -------------------------
 * A feature is a template and one or two parts: words (hashed with tally_hash),
 * tags or shapes. Its text form, "t-1,w DET police", is what data/tagger.weights
 * stores; its key is a 64-bit mix of the template and the parts' values, which the
 * tagger computes from tokens without building any string. */

#define TALLY_TAGGER_NFEAT 20 /* feature templates scored per token */
#define TALLY_TAGGER_DICT 20  /* the template of tag dictionary entries ("dict x the") */

#define TALLY_TAGGER_NSHAPE 32 /* shape values: case class, hyphen, sentence start */
#define TALLY_TAGGER_ROW 24    /* weights a row: the tags, padded with zeros to vector width */
/* The largest weight: scores sum one per template in 16 bits and never overflow. */
#define TALLY_TAGGER_WMAX (32767 / (TALLY_TAGGER_NFEAT + 1))

/* A weight entry: TALLY_TAGGER_ENTRY(tag, w); 0 is none. */
#define TALLY_TAGGER_ENTRY(tag, w) ((uint32_t)(tag) << 16 | (uint16_t)(int16_t)(w))
#define TALLY_TAGGER_E_DICT 0x80000000u /* | tag: a tag dictionary entry */
#define TALLY_TAGGER_E_ROW 0x40000000u  /* | row: the weights are rows[row] */

/* A model: open addressing over 64-bit keys. A bucket is 16 words, one 64-byte
 * line, holding 4 slots: their keys' high 32 bits (words 0-3), then each slot's
 * first, second and third weight entries (words 4-7, 8-11, 12-15); a first entry
 * of 0 marks an empty slot, TALLY_TAGGER_E_DICT a tag dictionary entry, and
 * TALLY_TAGGER_E_ROW a feature whose weights are a row. Slots fill in order; a
 * key sits in the bucket its low bits name or, when that is full, in the next one
 * with room. The templates of tags alone and of shapes alone are also summed into
 * two tables, so that a token looks up only the features of its words. */
typedef struct {
    const uint32_t *slots; /* 16 * (mask + 1) words, aligned to 64 bytes */
    uint32_t mask;         /* buckets - 1, a power of two less one */
    const int16_t *rows;   /* TALLY_TAGGER_ROW weights a row, by tag */
    const int16_t
        *tag_ctx; /* by (t-1 + 1, t-2 + 1): (TALLY_UPOS_N + 1)^2 rows of TALLY_TAGGER_ROW */
    const int16_t *shape_ctx; /* by (shape at -1, shape): TALLY_TAGGER_NSHAPE^2 rows */
} tally_tagger_model;

/** tally_tagger_tag with model m instead of the built-in one. */
void tally_tagger_tag_model(const tally_tagger_model *m, const tally_tokens *tk, size_t from,
                            size_t to, uint8_t *tags);
/** Fills m's tag_ctx and shape_ctx (caller's arrays of the sizes above) from its
 * slots and rows. */
void tally_tagger_model_ctx(const tally_tagger_model *m, int16_t *tag_ctx, int16_t *shape_ctx);
/** The keys of token i's features in the sentence [from, to), given the tags of
 * the two tokens before it (-1 before the sentence): keys[0..TALLY_TAGGER_NFEAT),
 * and keys[TALLY_TAGGER_DICT] its tag dictionary key (case class and word). */
void tally_tagger_keys(const tally_tokens *tk, size_t from, size_t to, size_t i, int p1, int p2,
                       uint64_t keys[TALLY_TAGGER_NFEAT + 1]);
/** The text form of feature k (0..TALLY_TAGGER_DICT) of token i into buf (NUL-
 * terminated, cut at cap); returns its length. */
size_t tally_tagger_feature_text(const tally_tokens *tk, size_t from, size_t to, size_t i, int p1,
                                 int p2, int k, char *buf, size_t cap);
/** The key of a feature's text form (len bytes, no NUL needed). Returns 0, or -1
 * when the text names no template, a wrong number of parts or an unknown tag or
 * shape. */
int tally_tagger_key_parse(const char *p, size_t len, uint64_t *key);
/** The normalized word that token i's word features see (the fold, or "!DIGITS"
 * and "!YEAR" for numbers): a slice of the fold or a static string. */
tally_span tally_tagger_word(const tally_tokens *tk, size_t i);
/** The tag named name[0..len), or -1. */
int tally_tagger_parse_tag(const char *name, size_t len);

#endif
