/* utf8.c: tally's one UTF-8 decoder, encoder and validator (see utf8.h). */
#include "utf8.h"

#include <string.h>

size_t tally_utf8_ascii(const unsigned char *p, size_t len) {
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        if (w & UINT64_C(0x8080808080808080))
            break;
    }
    while (i < len && p[i] < 0x80)
        i++;
    return i;
}

size_t tally_utf8_decode(const unsigned char *p, size_t n, int32_t *cp) {
    if (!n)
        return 0;
    unsigned c = p[0];
    if (c < 0x80) {
        *cp = (int32_t)c;
        return 1;
    }
    size_t need;
    int32_t v, min;
    if (c >= 0xC2 && c <= 0xDF)
        need = 2, v = c & 0x1F, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF)
        need = 3, v = c & 0x0F, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4)
        need = 4, v = c & 0x07, min = 0x10000;
    else
        return 0; /* a continuation byte, C0/C1 (always overlong) or F5-FF (past U+10FFFF) */
    if (n < need)
        return 0;
    for (size_t i = 1; i < need; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (p[i] & 0x3F);
    }
    /* overlong (E0 80-9F, F0 80-8F), surrogates (ED A0-BF), past U+10FFFF (F4 90-BF) */
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return need;
}

size_t tally_utf8_encode(int32_t cp, char *out) {
    uint32_t u = (uint32_t)cp;
    if (cp < 0 || u > 0x10FFFF || (u >= 0xD800 && u <= 0xDFFF))
        u = TALLY_UTF8_REPLACEMENT;
    if (u < 0x80) {
        out[0] = (char)u;
        return 1;
    }
    if (u < 0x800) {
        out[0] = (char)(0xC0 | (u >> 6));
        out[1] = (char)(0x80 | (u & 0x3F));
        return 2;
    }
    if (u < 0x10000) {
        out[0] = (char)(0xE0 | (u >> 12));
        out[1] = (char)(0x80 | ((u >> 6) & 0x3F));
        out[2] = (char)(0x80 | (u & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (u >> 18));
    out[1] = (char)(0x80 | ((u >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((u >> 6) & 0x3F));
    out[3] = (char)(0x80 | (u & 0x3F));
    return 4;
}

size_t tally_utf8_validate(const char *s, size_t len) {
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    for (;;) {
        i += tally_utf8_ascii(p + i, len - i);
        if (i >= len)
            return len;
        int32_t cp;
        size_t k = tally_utf8_decode(p + i, len - i, &cp);
        if (!k)
            return i;
        i += k;
    }
}
