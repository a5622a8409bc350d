/* gazetteer.h: the gazetteer's file format, its name keys and the read-only
 * look-ups that places.c makes on a mapped gazetteer (internal to libtally). */
#ifndef TALLY_GAZETTEER_H
#define TALLY_GAZETTEER_H

#include "tally.h"

#include <stddef.h>
#include <stdint.h>

/* File layout, all little-endian, every section 8-byte aligned:
 *   gz_header | gz_entry[nentries] | gz_key[nkeys] | gz_country[ncountries]
 *   | gz_admin1[nadmin1] | gz_slot[nslots] | strings (NUL-terminated, last byte NUL)
 * gz_key is sorted by its key string (strcmp), then by entry importance; gz_slot
 * is an open-addressing hash table over the distinct key strings and their
 * word prefixes, so a name is found in one or two probes without parsing
 * anything at start-up. */
#define GZ_MAGIC "TALLYGZ1"
#define GZ_VERSION 2
#define GZ_NONE 0xFFFFu /* no country / no admin1 */

typedef struct {
    char magic[8];           /* GZ_MAGIC */
    uint32_t version;        /* GZ_VERSION */
    uint32_t nentries;       /* places */
    uint32_t nkeys;          /* (name key, place) pairs */
    uint32_t ncountries;     /* countries */
    uint32_t nadmin1;        /* first-level divisions */
    uint32_t strings_len;    /* bytes of the string pool */
    uint32_t off_entries;    /* byte offsets of the sections */
    uint32_t off_keys;
    uint32_t off_countries;
    uint32_t off_admin1;
    uint32_t off_strings;
    uint32_t file_len;       /* whole file, to catch truncation */
    uint32_t off_slots;      /* byte offset of the hash table */
    uint32_t nslots;         /* its size, a power of two */
    uint32_t reserved[2];    /* 0 */
} gz_header;                 /* 72 bytes */

typedef struct {
    uint32_t geonameid;   /* 0 for the project's own places */
    int32_t lat_e5;       /* latitude x 1e5 */
    int32_t lon_e5;       /* longitude x 1e5 */
    uint32_t name;        /* display name: offset in strings */
    uint32_t population;  /* 0 when unknown */
    uint16_t country;     /* index in countries, GZ_NONE when none */
    uint16_t admin1;      /* index in admin1, GZ_NONE when none */
    char fcode[6];        /* GeoNames feature code, NUL-padded: PPL, PPLC, ADM1, PCLI ... */
    uint8_t kind;         /* TALLY_PLACE_* */
    uint8_t radius_km;    /* uncertainty radius of the point (0: a town's own point) */
} gz_entry;               /* 32 bytes */

enum {
    GZ_KEY_ALT = 1u << 31,     /* the key is an alternate name, not the place's main name */
    GZ_KEY_DEMONYM = 1u << 30, /* the key is a demonym (Iranian) of the country */
    GZ_KEY_ABBR = 1u << 29,    /* an abbreviation (U.S., Ky.): matched with its dots */
    GZ_KEY_ENTRY = (1u << 29) - 1
};
typedef struct {
    uint32_t key;   /* normalized name: offset in strings */
    uint32_t entry; /* index in entries | GZ_KEY_* flags */
} gz_key;

enum {
    GZ_SLOT_KEY = 1u << 31,    /* the string is a key: first is its first gz_key */
    GZ_SLOT_LONGER = 1u << 30, /* some longer key starts with the string and a space */
    GZ_SLOT_FIRST = (1u << 30) - 1
};
typedef struct {
    uint32_t check; /* the string's hash, high 32 bits (the low bits chose the slot); */
    uint32_t first; /* GZ_SLOT_* flags | index of its first gz_key; 0: an empty slot */
} gz_slot;

/** The 64-bit hash of a key string that gz_slot uses (FNV-1a). */
uint64_t tally_gazetteer_hash(const char *s, size_t len);
/** Build the hash table of sorted keys (strings: the pool). Returns a malloc'd
 * array of *nslots slots (a power of two, at most three quarters full); the
 * caller frees it. Used by the gazetteer builder. */
gz_slot *tally_gazetteer_index(const gz_key *keys, size_t nkeys, const char *strings,
                               size_t *nslots);

typedef struct {
    char cc2[2];    /* ISO 3166-1 alpha-2 */
    char cc3[4];    /* alpha-3, NUL-terminated */
    uint16_t pad;   /* 0 */
    uint32_t entry; /* the country as a place */
} gz_country;       /* 12 bytes */

typedef struct {
    uint32_t code;    /* GeoNames admin1 code "CC.xx": offset in strings */
    uint32_t entry;   /* the division as a place (its name is the admin1 name) */
    uint16_t country; /* index in countries */
    uint16_t pad;
} gz_admin1; /* 12 bytes */

/** Open a gazetteer from memory (no copy: buf must outlive it). Validates the
 * header and section bounds; TALLY_ECORRUPT with a message otherwise. */
int tally_gazetteer_open_mem(const void *buf, size_t len, tally_gazetteer **out, char *err,
                             size_t errlen);

/** The matching key of a name: folded (lower case, accent-free) bytes in,
 * words joined by one space out, with apostrophes, ayn marks and dots dropped,
 * the Arabic article (al-, ash-, ...) and admin words (province, Nahiyat ...)
 * removed, and spelling variants reduced (Amarah = Amara, Baqouba = Baquba).
 * Writes at most cap-1 bytes and a NUL; returns the key's length (0: no key). */
size_t tally_gazetteer_key(const char *fold, size_t len, char *out, size_t cap);

/** Keys equal to key: sets *first and returns how many (0 when none). */
size_t tally_gazetteer_find(const tally_gazetteer *g, const char *key, size_t *first);
/** As tally_gazetteer_find for key[0..len), and *longer = 1 when some longer key
 * starts with key and a space (so adding words to the name may still match). */
size_t tally_gazetteer_lookup(const tally_gazetteer *g, const char *key, size_t len, size_t *first,
                              int *longer);
/** True when the last word of the folded name fold[0..len) is one the key drops
 * or moves (an article, an admin word): a name one word longer may then have a
 * key that does not start with this one's. */
int tally_gazetteer_key_open(const char *fold, size_t len);
/** True when some key starts with prefix followed by a space (a longer name may match). */
int tally_gazetteer_has_prefix(const tally_gazetteer *g, const char *prefix);
/** Key i (i < nkeys). */
const gz_key *tally_gazetteer_key_at(const tally_gazetteer *g, size_t i);
/** Entry i, or NULL when out of range. */
const gz_entry *tally_gazetteer_entry(const tally_gazetteer *g, size_t i);
/** A string of the pool; "" when off is out of range. */
const char *tally_gazetteer_str(const tally_gazetteer *g, uint32_t off);
/** Country i's alpha-3 code and its place entry; NULL when out of range. */
const gz_country *tally_gazetteer_country(const tally_gazetteer *g, size_t i);
/** Admin1 i, or NULL when out of range. */
const gz_admin1 *tally_gazetteer_admin1(const tally_gazetteer *g, size_t i);
/** Counts, for bench and tests. */
size_t tally_gazetteer_nentries(const tally_gazetteer *g);
size_t tally_gazetteer_nkeys(const tally_gazetteer *g);
size_t tally_gazetteer_ncountries(const tally_gazetteer *g);
size_t tally_gazetteer_nadmin1(const tally_gazetteer *g);
/** Bytes mapped. */
size_t tally_gazetteer_size(const tally_gazetteer *g);

#endif
