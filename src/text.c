/* text.c: UTF-8 repair, NFC normalization and the folded matching form with its
 * map back to byte offsets of the normalized text. */
#include "tally.h"
#include "utf8.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Code points that are certainly NFC and do not combine with a neighbour: the
 * common case of Latin text with typographic punctuation. */
static int nfc_stable(int32_t cp) {
    return cp < 0x300 || (cp >= 0x2002 && cp <= 0x206F) || (cp >= 0x20A0 && cp <= 0x20CF) ||
           cp == 0xFFFD;
}

/* Repair invalid bytes and NULs to U+FFFD and NFC-normalize. Returns the input itself when
 * it is already valid and stable (the usual case), else a copy in the arena. */
static const char *normalize(tally_arena *a, const char *buf, size_t len, size_t *out_len) {
    const unsigned char *p = (const unsigned char *)buf;
    size_t i = 0;
    int valid = 1, stable = 1;
    while (i < len) {
        i += tally_utf8_ascii(p + i, len - i);
        if (i >= len)
            break;
        int32_t cp;
        size_t k = tally_utf8_decode(p + i, len - i, &cp);
        if (!k) {
            valid = 0;
            break;
        }
        if (!nfc_stable(cp))
            stable = 0;
        i += k;
    }
    if (valid && memchr(buf, 0, len))
        valid = 0; /* a NUL byte is a bad byte too: U+FFFD, not the end of anything */
    if (valid && stable) {
        *out_len = len;
        return buf;
    }
    /* repair: every invalid byte becomes U+FFFD (3 bytes) */
    char *fixed = tally_arena_alloc(a, len * 3 + 1);
    size_t o = 0;
    for (i = 0; i < len;) {
        int32_t cp;
        size_t k = p[i] ? tally_utf8_decode(p + i, len - i, &cp) : 0;
        if (!k) {
            o += tally_utf8_encode(TALLY_UTF8_REPLACEMENT, fixed + o);
            i++;
        } else {
            memcpy(fixed + o, p + i, k);
            o += k;
            i += k;
        }
    }
    fixed[o] = 0;
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)fixed, (utf8proc_ssize_t)o, &nfc,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (n < 0 || !nfc) {
        *out_len = o;
        return fixed;
    }
    char *res = tally_arena_strndup(a, (const char *)nfc, (size_t)n);
    free(nfc);
    *out_len = (size_t)n;
    return res;
}

/* The matching form of one code point into out (at most 16 bytes); returns bytes. */
static size_t fold_cp(int32_t cp, char *out) {
    switch (cp) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x02BB: case 0x02BC:
    case 0x02BE: case 0x02BF: case 0x00B4: case 0x0060: case 0x02B9:
        out[0] = '\'';
        return 1;
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x00AB: case 0x00BB: case 0x2033:
        out[0] = '"';
        return 1;
    case 0x2010: case 0x2011: case 0x2012: case 0x2212: case 0xFE63: case 0xFF0D:
        out[0] = '-';
        return 1;
    case 0x2013: case 0x2014: case 0x2015: case 0xFE58:
        /* a dash between words separates them ("killed\u2014including"), unlike a hyphen */
        memcpy(out, " - ", 3);
        return 3;
    case 0x00A0: case 0x2002: case 0x2003: case 0x2004: case 0x2005: case 0x2006: case 0x2007:
    case 0x2008: case 0x2009: case 0x200A: case 0x202F: case 0x205F: case 0x3000:
        out[0] = ' ';
        return 1;
    case 0x2028: case 0x2029: case 0x0085:
        out[0] = '\n';
        return 1;
    case 0x200B: case 0x200C: case 0x200D: case 0xFEFF: case 0x00AD:
        return 0;
    case 0x2026:
        memcpy(out, "...", 3);
        return 3;
    case 0x00DF:
        memcpy(out, "ss", 2);
        return 2;
    default:
        break;
    }
    if (cp < 0x80) {
        out[0] = (char)to_lower(cp);
        return 1;
    }
    utf8proc_int32_t d[8];
    int last = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(
        cp, d, 8, UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD | UTF8PROC_COMPAT, &last);
    if (n < 0 || n > 8)
        return tally_utf8_encode(cp, out);
    size_t o = 0;
    for (utf8proc_ssize_t j = 0; j < n && o < 12; j++) {
        if (d[j] < 0x80) {
            out[o++] = (char)to_lower(d[j]);
        } else if (d[j] == 0x2044) {
            out[o++] = '/';
        } else {
            o += tally_utf8_encode(d[j], out + o);
        }
    }
    return o;
}

/* ASCII lower-casing as a table. */
static uint8_t LOWER[128];
__attribute__((constructor)) static void text_init(void) {
    for (int c = 0; c < 128; c++)
        LOWER[c] = (uint8_t)to_lower(c);
}

/* Make room in the fold (and its map, when there is one) for need bytes and the NUL. */
static void fold_reserve(tally_arena *a, char **fold, uint32_t **map, size_t o, size_t *cap, size_t need) {
    if (need + 1 < *cap)
        return;
    size_t ncap = (need + 1) * 2;
    char *nf = tally_arena_alloc_raw(a, ncap);
    memcpy(nf, *fold, o);
    *fold = nf;
    if (*map) {
        uint32_t *nm = tally_arena_alloc_raw(a, (ncap + 1) * sizeof *nm);
        memcpy(nm, *map, o * sizeof *nm);
        *map = nm;
    }
    *cap = ncap;
}

tally_text *tally_text_new(tally_arena *a, const char *buf, size_t len) {
    tally_text *t = tally_arena_alloc(a, sizeof *t);
    size_t n;
    t->text = normalize(a, buf ? buf : "", buf ? len : 0, &n);
    t->len = n;
    /* The fold is at most 4x longer only for odd compatibility forms; bound it. */
    size_t cap = n + 16;
    char *fold = tally_arena_alloc_raw(a, cap);
    uint32_t *map = NULL; /* made at the first character whose fold moves the offsets */
    size_t o = 0;
    const unsigned char *p = (const unsigned char *)t->text;
    for (size_t i = 0; i < n;) {
        /* the common case: a run of ASCII, lower-cased byte for byte */
        size_t run = tally_utf8_ascii(p + i, n - i);
        if (run) {
            fold_reserve(a, &fold, &map, o, &cap, o + run);
            for (size_t k = 0; k < run; k++)
                fold[o + k] = (char)LOWER[p[i + k]];
            if (map)
                for (size_t k = 0; k < run; k++)
                    map[o + k] = (uint32_t)(i + k);
            o += run;
            i += run;
            continue;
        }
        int32_t cp = TALLY_UTF8_REPLACEMENT;
        size_t k = tally_utf8_decode(p + i, n - i, &cp);
        if (!k)
            k = 1; /* cannot happen after normalize; stay total */
        char tmp[16];
        size_t m = fold_cp(cp, tmp);
        if (!map && (m != k || o != i)) {
            map = tally_arena_alloc_raw(a, (cap + 1) * sizeof *map);
            for (size_t j = 0; j < o; j++)
                map[j] = (uint32_t)j;
        }
        fold_reserve(a, &fold, &map, o, &cap, o + m);
        for (size_t j = 0; j < m; j++) {
            fold[o] = tmp[j];
            if (map)
                map[o] = (uint32_t)i;
            o++;
        }
        i += k;
    }
    fold[o] = 0;
    if (map)
        map[o] = (uint32_t)n;
    t->fold = fold;
    t->fold_len = o;
    t->fold_map = map;
    return t;
}
