/* gazetteer.c: maps the gazetteer file, checks its bounds once, and answers
 * name look-ups by binary search; also the one name normalizer (index and query). */
#include "gazetteer.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

struct tally_gazetteer {
    const uint8_t *base;   /* the whole file */
    size_t len;            /* bytes */
    int mapped;            /* 1: munmap on close */
    const gz_entry *entries;
    const gz_key *keys;
    const gz_country *countries;
    const gz_admin1 *admin1;
    const gz_slot *slots;  /* hash table of key strings, nslots a power of two */
    const char *strings;
    uint32_t nentries, nkeys, ncountries, nadmin1, nslots, strings_len;
};

#define REBUILD "rebuild it with 'make gazetteer' (needs npm; see README, Places)"

static int section_ok(uint32_t off, uint64_t n, size_t size, size_t len) {
    return off % 8 == 0 && off <= len && n * size <= len - off;
}

int tally_gazetteer_open_mem(const void *buf, size_t len, tally_gazetteer **out, char *err,
                             size_t errlen) {
    *out = NULL;
    gz_header h;
    if (!buf || len < sizeof h) {
        snprintf(err, errlen, "gazetteer is too short (%zu bytes) to be one", len);
        return TALLY_ECORRUPT;
    }
    memcpy(&h, buf, sizeof h);
    if (memcmp(h.magic, GZ_MAGIC, 7) != 0) {
        snprintf(err, errlen, "not a tally gazetteer (bad magic)");
        return TALLY_ECORRUPT;
    }
    if (memcmp(h.magic, GZ_MAGIC, 8) != 0 || h.version != GZ_VERSION) {
        snprintf(err, errlen, "gazetteer format version %u, this tally reads %d", h.version,
                 GZ_VERSION);
        return TALLY_ECORRUPT;
    }
    if (h.file_len != len) {
        snprintf(err, errlen, "gazetteer is %zu bytes, its header says %u (truncated?)", len,
                 h.file_len);
        return TALLY_ECORRUPT;
    }
    if ((uintptr_t)buf % 8 != 0 || !section_ok(h.off_entries, h.nentries, sizeof(gz_entry), len) ||
        !section_ok(h.off_keys, h.nkeys, sizeof(gz_key), len) ||
        !section_ok(h.off_countries, h.ncountries, sizeof(gz_country), len) ||
        !section_ok(h.off_admin1, h.nadmin1, sizeof(gz_admin1), len) ||
        !section_ok(h.off_slots, h.nslots, sizeof(gz_slot), len) || h.nslots == 0 ||
        (h.nslots & (h.nslots - 1)) != 0 || !section_ok(h.off_strings, h.strings_len, 1, len) || h.strings_len == 0 ||
        ((const char *)buf)[h.off_strings + h.strings_len - 1] != 0 || h.nentries > GZ_KEY_ENTRY ||
        h.ncountries >= GZ_NONE || h.nadmin1 >= GZ_NONE) {
        snprintf(err, errlen, "gazetteer sections are out of bounds (damaged file)");
        return TALLY_ECORRUPT;
    }
    tally_gazetteer *g = xmalloc(sizeof *g);
    memset(g, 0, sizeof *g);
    g->base = buf;
    g->len = len;
    g->entries = (const gz_entry *)(g->base + h.off_entries);
    g->keys = (const gz_key *)(g->base + h.off_keys);
    g->countries = (const gz_country *)(g->base + h.off_countries);
    g->admin1 = (const gz_admin1 *)(g->base + h.off_admin1);
    g->slots = (const gz_slot *)(g->base + h.off_slots);
    g->nslots = h.nslots;
    g->strings = (const char *)(g->base + h.off_strings);
    g->nentries = h.nentries;
    g->nkeys = h.nkeys;
    g->ncountries = h.ncountries;
    g->nadmin1 = h.nadmin1;
    g->strings_len = h.strings_len;
    *out = g;
    return TALLY_OK;
}

int tally_gazetteer_open(const char *path, tally_gazetteer **out, char *err, size_t errlen) {
    *out = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "cannot open gazetteer %s: %s; %s", path, strerror(errno), REBUILD);
        return TALLY_EIO;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
        (uint64_t)st.st_size > UINT32_MAX) {
        close(fd);
        snprintf(err, errlen, "gazetteer %s is not a regular non-empty file; %s", path, REBUILD);
        return TALLY_EIO;
    }
    size_t len = (size_t)st.st_size;
    void *p = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (p == MAP_FAILED) {
        snprintf(err, errlen, "cannot map gazetteer %s: %s; %s", path, strerror(errno), REBUILD);
        return TALLY_EIO;
    }
    char why[160];
    int rc = tally_gazetteer_open_mem(p, len, out, why, sizeof why);
    if (rc != TALLY_OK) {
        munmap(p, len);
        snprintf(err, errlen, "gazetteer %s: %s; %s", path, why, REBUILD);
        return rc;
    }
    (*out)->mapped = 1;
    return TALLY_OK;
}

void tally_gazetteer_close(tally_gazetteer *g) {
    if (!g)
        return;
    if (g->mapped)
        munmap((void *)g->base, g->len);
    free(g);
}

const char *tally_gazetteer_default_path(void) {
    static char path[PATH_MAX + 32];
    const char *env = getenv("TALLY_GAZETTEER");
    if (env && *env)
        return env;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = 0;
        char *slash = strrchr(exe, '/');
        if (slash)
            *slash = 0;
        snprintf(path, sizeof path, "%s/build/gazetteer.bin", exe);
        if (access(path, R_OK) == 0)
            return path;
        snprintf(path, sizeof path, "%s/gazetteer.bin", exe);
        if (access(path, R_OK) == 0)
            return path;
        snprintf(path, sizeof path, "%s/build/gazetteer.bin", exe);
        return path;
    }
    return "build/gazetteer.bin";
}

/* ---- the name key -------------------------------------------------------------------- */

/* Words that only say what kind of unit follows or precedes a name. */
static const char *const ADMIN_WORDS[] = {
    "muhafazat", "muhafazah", "muhafaza", "nahiyat", "nahiyah", "nahiya", "qada", "qadaa", "qadha",
    "qadhaa", "mintaqat", "wilayat", "wilayah", "velayat", "ostan", "province", "provincia",
    "governorate", "district", "liwa", "shahrestan", "mantiqat"};
/* The Arabic article as news and GeoNames spell it, with its sun-letter forms. */
static const char *const ARTICLES[] = {"al", "el", "ash", "as", "ad", "an", "at", "az",
                                       "ar", "ath", "adh", "ed", "es", "ez", "et", "er", "ul"};

static int in_list(const char *w, size_t n, const char *const *list, size_t nlist) {
    if (!n)
        return 0;
    for (size_t i = 0; i < nlist; i++)
        if (list[i][0] == w[0] && strlen(list[i]) == n && memcmp(list[i], w, n) == 0)
            return 1;
    return 0;
}

int tally_gazetteer_key_open(const char *fold, size_t len) {
    size_t e = len;
    while (e > 0 && !(is_alpha((unsigned char)fold[e - 1]) || is_digit((unsigned char)fold[e - 1]) ||
                      (unsigned char)fold[e - 1] >= 0x80))
        e--;
    size_t b = e;
    while (b > 0 && (is_alpha((unsigned char)fold[b - 1]) || is_digit((unsigned char)fold[b - 1]) ||
                     (unsigned char)fold[b - 1] >= 0x80 || fold[b - 1] == '\'' || fold[b - 1] == '.' ||
                     fold[b - 1] == '`'))
        b--;
    char w[32];
    size_t n = 0;
    for (size_t i = b; i < e && n < sizeof w; i++)
        if (fold[i] != '\'' && fold[i] != '.' && fold[i] != '`')
            w[n++] = (char)to_lower((unsigned char)fold[i]);
    return n < sizeof w && (in_list(w, n, ARTICLES, ARRAY_LEN(ARTICLES)) ||
                            in_list(w, n, ADMIN_WORDS, ARRAY_LEN(ADMIN_WORDS)));
}

/* Reduce one word's spelling variants in place: ee->i, ou/oo->u, doubled
 * letters single, a final h after a vowel dropped (Amarah, -iyah). Returns the new length. */
static size_t skeleton(char *w, size_t n) {
    if (n < 4)
        return n;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char c = w[i];
        if (i + 1 < n && ((c == 'e' && w[i + 1] == 'e') || (c == 'o' && (w[i + 1] == 'u' || w[i + 1] == 'o')))) {
            w[o++] = c == 'e' ? 'i' : 'u';
            i++;
            continue;
        }
        if (o > 0 && w[o - 1] == c && is_alpha((unsigned char)c))
            continue;
        w[o++] = c;
    }
    if (o >= 4 && w[o - 1] == 'h' && (w[o - 2] == 'a' || w[o - 2] == 'e'))
        o--;
    return o;
}

size_t tally_gazetteer_key(const char *fold, size_t len, char *out, size_t cap) {
    enum { MAXW = 16 };
    char buf[256];
    size_t wstart[MAXW], wlen[MAXW], nw = 0, b = 0;
    if (cap == 0)
        return 0;
    out[0] = 0;
    int inword = 0;
    for (size_t i = 0; i <= len && b < sizeof buf - 1; i++) {
        unsigned char c = i < len ? (unsigned char)fold[i] : ' ';
        if (c == '\'' || c == '.' || c == '`')
            continue; /* apostrophes, ayn marks and dots join: Ba'quba, U.S. */
        int wc = is_alpha(c) || is_digit(c) || c >= 0x80;
        if (wc) {
            if (!inword) {
                if (nw == MAXW)
                    break;
                wstart[nw] = b;
                wlen[nw] = 0;
                inword = 1;
                nw++;
            }
            buf[b++] = (char)to_lower(c);
            wlen[nw - 1]++;
        } else {
            inword = 0;
        }
    }
    /* Drop the article before a following word, and admin words while one word is left. */
    size_t keep[MAXW], nk = 0;
    for (size_t i = 0; i < nw; i++) {
        const char *w = buf + wstart[i];
        if (i + 1 < nw && in_list(w, wlen[i], ARTICLES, ARRAY_LEN(ARTICLES)))
            continue;
        keep[nk++] = i;
    }
    size_t nadmin = 0;
    for (size_t k = 0; k < nk; k++)
        nadmin += in_list(buf + wstart[keep[k]], wlen[keep[k]], ADMIN_WORDS, ARRAY_LEN(ADMIN_WORDS));
    size_t o = 0;
    for (size_t k = 0; k < nk; k++) {
        size_t i = keep[k];
        if (nadmin < nk && in_list(buf + wstart[i], wlen[i], ADMIN_WORDS, ARRAY_LEN(ADMIN_WORDS)))
            continue;
        char w[256];
        size_t n = wlen[i];
        memcpy(w, buf + wstart[i], n);
        n = skeleton(w, n);
        if (o + (o > 0) + n + 1 > cap)
            break;
        if (o > 0)
            out[o++] = ' ';
        memcpy(out + o, w, n);
        o += n;
    }
    out[o] = 0;
    return o;
}

/* ---- look-ups --------------------------------------------------------------------------- */

const char *tally_gazetteer_str(const tally_gazetteer *g, uint32_t off) {
    return off < g->strings_len ? g->strings + off : "";
}

uint64_t tally_gazetteer_hash(const char *s, size_t len) {
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

/* The slot of s[0..len) in t (mask+1 slots): its own, or the empty one where it
 * would go. At most mask+1 probes, so a damaged file cannot loop. keys/strings
 * (may be NULL) confirm a key slot's string. */
static size_t probe(const gz_slot *t, size_t mask, const char *s, size_t len, const gz_key *keys,
                    size_t nkeys, const char *strings, size_t strings_len) {
    uint64_t h = tally_gazetteer_hash(s, len);
    uint32_t check = (uint32_t)(h >> 32);
    size_t i = (size_t)h & mask;
    for (size_t n = 0; n <= mask; n++, i = (i + 1) & mask) {
        if (t[i].first == 0)
            return i;
        if (t[i].check != check)
            continue;
        uint32_t f = t[i].first & GZ_SLOT_FIRST;
        if (!(t[i].first & GZ_SLOT_KEY) || f >= nkeys || keys[f].key >= strings_len)
            return i; /* a prefix only: its hash is all there is to compare */
        const char *k = strings + keys[f].key;
        if (strncmp(k, s, len) == 0 && k[len] == 0)
            return i;
    }
    return SIZE_MAX;
}

/* Put the distinct key strings and their word prefixes into t (n slots, zeroed, room
 * enough); returns the slots used. */
static size_t fill(gz_slot *t, size_t n, const gz_key *keys, size_t nkeys, const char *strings) {
    size_t used = 0;
    for (size_t i = 0; i < nkeys; i++) {
        const char *k = strings + keys[i].key;
        size_t len = strlen(k);
        for (const char *sp = strchr(k, ' '); sp; sp = strchr(sp + 1, ' ')) {
            size_t pl = (size_t)(sp - k);
            size_t p = probe(t, n - 1, k, pl, keys, nkeys, strings, SIZE_MAX);
            used += t[p].first == 0;
            t[p].check = (uint32_t)(tally_gazetteer_hash(k, pl) >> 32);
            t[p].first |= GZ_SLOT_LONGER;
        }
        size_t at = probe(t, n - 1, k, len, keys, nkeys, strings, SIZE_MAX);
        if (t[at].first & GZ_SLOT_KEY)
            continue; /* sorted: the string's first key is already there */
        used += t[at].first == 0;
        t[at].check = (uint32_t)(tally_gazetteer_hash(k, len) >> 32);
        t[at].first = (t[at].first & GZ_SLOT_LONGER) | GZ_SLOT_KEY | (uint32_t)i;
    }
    return used;
}

gz_slot *tally_gazetteer_index(const gz_key *keys, size_t nkeys, const char *strings,
                               size_t *nslots) {
    size_t words = 0;
    for (size_t i = 0; i < nkeys; i++)
        for (const char *p = strings + keys[i].key; *p; p++)
            words += *p == ' ';
    size_t n = 64;
    while (n * 3 < (nkeys + words) * 4) /* room for every string, distinct or not */
        n *= 2;
    for (;;) {
        gz_slot *t = xmalloc(n * sizeof *t);
        memset(t, 0, n * sizeof *t);
        size_t used = fill(t, n, keys, nkeys, strings);
        if (n == 64 || used * 4 > (n / 2) * 3) {
            *nslots = n;
            return t;
        }
        free(t); /* the distinct strings fit in half the room: at most three quarters full */
        n /= 2;
    }
}

size_t tally_gazetteer_lookup(const tally_gazetteer *g, const char *key, size_t len, size_t *first,
                              int *longer) {
    *first = 0;
    *longer = 0;
    size_t at = probe(g->slots, g->nslots - 1, key, len, g->keys, g->nkeys, g->strings, g->strings_len);
    if (at == SIZE_MAX || g->slots[at].first == 0)
        return 0;
    uint32_t f = g->slots[at].first;
    *longer = (f & GZ_SLOT_LONGER) != 0;
    if (!(f & GZ_SLOT_KEY))
        return 0;
    size_t e = f & GZ_SLOT_FIRST;
    *first = e;
    while (e < g->nkeys) { /* the run of keys with this string (probe checked the first) */
        const char *k = tally_gazetteer_str(g, g->keys[e].key);
        if (strncmp(k, key, len) != 0 || k[len] != 0)
            break;
        e++;
    }
    return e - *first;
}

size_t tally_gazetteer_find(const tally_gazetteer *g, const char *key, size_t *first) {
    int longer;
    return tally_gazetteer_lookup(g, key, strlen(key), first, &longer);
}

int tally_gazetteer_has_prefix(const tally_gazetteer *g, const char *prefix) {
    size_t first;
    int longer;
    tally_gazetteer_lookup(g, prefix, strlen(prefix), &first, &longer);
    return longer;
}

const gz_key *tally_gazetteer_key_at(const tally_gazetteer *g, size_t i) {
    return i < g->nkeys ? &g->keys[i] : NULL;
}
const gz_entry *tally_gazetteer_entry(const tally_gazetteer *g, size_t i) {
    return i < g->nentries ? &g->entries[i] : NULL;
}
const gz_country *tally_gazetteer_country(const tally_gazetteer *g, size_t i) {
    return i < g->ncountries ? &g->countries[i] : NULL;
}
const gz_admin1 *tally_gazetteer_admin1(const tally_gazetteer *g, size_t i) {
    return i < g->nadmin1 ? &g->admin1[i] : NULL;
}
size_t tally_gazetteer_nentries(const tally_gazetteer *g) { return g->nentries; }
size_t tally_gazetteer_nkeys(const tally_gazetteer *g) { return g->nkeys; }
size_t tally_gazetteer_ncountries(const tally_gazetteer *g) { return g->ncountries; }
size_t tally_gazetteer_nadmin1(const tally_gazetteer *g) { return g->nadmin1; }
size_t tally_gazetteer_size(const tally_gazetteer *g) { return g->len; }
