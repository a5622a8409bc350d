/* input.c: articles from bytes: plain text with an optional header block, and
 * JSON Lines records. No I/O: main.c reads the files. */
#include "tally.h"
#include "utf8.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

/* Counts, over p[0..n), the bytes that start no valid UTF-8 sequence (*bad) and the
 * valid multi-byte sequences (*multi). */
static void utf8_census(const char *p, size_t n, size_t *bad, size_t *multi) {
    const unsigned char *u = (const unsigned char *)p;
    *bad = *multi = 0;
    for (size_t i = 0; i < n;) {
        i += tally_utf8_ascii(u + i, n - i);
        if (i >= n)
            break;
        int32_t cp;
        size_t k = tally_utf8_decode(u + i, n - i, &cp);
        if (k) {
            (*multi)++;
            i += k;
        } else {
            (*bad)++;
            i++;
        }
    }
}

int tally_input_is_binary(const char *buf, size_t len) {
    size_t n = len < 8192 ? len : 8192, ctrl = 0;
    if (len > n) /* do not judge a sequence cut at the window's end */
        while (n > 8188 && ((unsigned char)buf[n] & 0xC0) == 0x80)
            n--;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)buf[i];
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v' && c != 0x1b)
            ctrl++;
    }
    size_t bad, multi;
    utf8_census(buf, n, &bad, &multi);
    /* text in an 8-bit code (Latin-1, KOI8-R) has many bad bytes but no controls;
     * compressed or random data has both */
    return n && (ctrl * 10 > n || (bad * 5 > n && ctrl * 50 > n));
}

int tally_input_is_cp1252(const char *buf, size_t len) {
    size_t bad, multi;
    utf8_census(buf, len, &bad, &multi);
    return bad > multi;
}

/* Windows-1252's 0x80-0x9F; 0 where it assigns nothing. */
static const uint16_t CP1252_HIGH[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

char *tally_input_from_cp1252(const char *buf, size_t len, size_t *out_len) {
    char *out = xmalloc(len * 3 + 1);
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)buf[i];
        int32_t cp = c;
        if (c >= 0x80 && c < 0xA0)
            cp = CP1252_HIGH[c - 0x80] ? CP1252_HIGH[c - 0x80] : TALLY_UTF8_REPLACEMENT;
        if (c < 0x80)
            out[o++] = (char)c;
        else
            o += tally_utf8_encode(cp, out + o);
    }
    out[o] = 0;
    *out_len = o;
    return out;
}

size_t tally_input_nul_line(const char *buf, size_t len) {
    const char *z = memchr(buf, 0, len);
    if (!z)
        return 0;
    size_t line = 1;
    for (const char *p = buf; (p = memchr(p, '\n', (size_t)(z - p))); p++)
        line++;
    return line;
}

static const char *base_name(tally_arena *a, const char *path) {
    if (!path)
        return "-";
    const char *s = strrchr(path, '/');
    s = s ? s + 1 : path;
    const char *dot = strrchr(s, '.');
    size_t len = dot && dot != s ? (size_t)(dot - s) : strlen(s);
    return tally_arena_strndup(a, s, len);
}

static const char *trimmed(tally_arena *a, const char *p, size_t len) {
    while (len && is_space((unsigned char)*p))
        p++, len--;
    while (len && is_space((unsigned char)p[len - 1]))
        len--;
    return len ? tally_arena_strndup(a, p, len) : NULL;
}

void tally_input_text(tally_arena *a, const char *path, const char *buf, size_t len, tally_doc *out) {
    memset(out, 0, sizeof *out);
    out->path = path ? tally_arena_strndup(a, path, strlen(path)) : NULL;
    out->id = base_name(a, path);
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        buf += 3, len -= 3;
    /* header block: Key: value lines up to the first blank line, all keys known */
    size_t i = 0, body = 0;
    int any = 0;
    while (i < len) {
        const char *line = buf + i;
        const char *nl = memchr(line, '\n', len - i);
        size_t ll = nl ? (size_t)(nl - line) : len - i;
        size_t next = i + ll + (nl ? 1 : 0);
        size_t tl = ll;
        while (tl && is_space((unsigned char)line[tl - 1]))
            tl--;
        if (tl == 0) {
            if (any)
                body = next;
            break;
        }
        static const char *keys[] = {"title", "date", "source", "url", "byline", "id", "author"};
        const char *colon = memchr(line, ':', tl);
        int known = -1;
        if (colon) {
            size_t kl = (size_t)(colon - line);
            for (size_t k = 0; k < ARRAY_LEN(keys); k++)
                if (kl == strlen(keys[k]) && strncasecmp(line, keys[k], kl) == 0)
                    known = (int)k;
        }
        if (known < 0)
            break;
        const char *v = trimmed(a, colon + 1, tl - (size_t)(colon + 1 - line));
        switch (known) {
        case 0: out->title = v; break;
        case 1: out->date_raw = v; break;
        case 2: out->source = v; break;
        case 3: out->url = v; break;
        case 4: case 6: out->byline = v; break;
        case 5: if (v) out->id = v; break;
        }
        any = 1;
        i = next;
        body = next;
    }
    if (!any)
        body = 0;
    out->body.p = buf + body;
    out->body.len = len - body;
}

/* ---- a small JSON reader: enough to take the fields of one record ---- */
typedef struct {
    const char *p, *end;
    const char *err; /* first error, static string */
    size_t errpos;
} reader;

static void fail(reader *r, const char *msg) {
    if (!r->err) {
        r->err = msg;
        r->errpos = 0;
    }
    r->p = r->end;
}

static void ws(reader *r) {
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
        r->p++;
}

static int hexval(int c) {
    if (is_digit(c))
        return c - '0';
    c |= 32;
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static unsigned read_hex4(reader *r) {
    if (r->end - r->p < 4) {
        fail(r, "bad \\u escape");
        return 0xFFFD;
    }
    unsigned v = 0;
    for (int k = 0; k < 4; k++) {
        int h = hexval((unsigned char)r->p[k]);
        if (h < 0) {
            fail(r, "bad \\u escape");
            return 0xFFFD;
        }
        v = v * 16 + (unsigned)h;
    }
    r->p += 4;
    return v;
}

/* Bytes that end a run inside a JSON string: the quote, the backslash, controls. */
static const uint8_t STRING_STOP[256] = {
    [0] = 1,  [1] = 1,  [2] = 1,  [3] = 1,  [4] = 1,  [5] = 1,  [6] = 1,  [7] = 1,  [8] = 1,
    [9] = 1,  [10] = 1, [11] = 1, [12] = 1, [13] = 1, [14] = 1, [15] = 1, [16] = 1, [17] = 1,
    [18] = 1, [19] = 1, [20] = 1, [21] = 1, [22] = 1, [23] = 1, [24] = 1, [25] = 1, [26] = 1,
    [27] = 1, [28] = 1, [29] = 1, [30] = 1, [31] = 1, ['"'] = 1, ['\\'] = 1};

/* Nonzero when a byte of w is below n (n <= 128): exact as a yes or no, since a
 * borrow only starts at a byte that is below n (Anderson, "Bit Twiddling Hacks"). */
#define BYTE_BELOW(w, n) (((w) - UINT64_C(0x0101010101010101) * (n)) & ~(w) & UINT64_C(0x8080808080808080))

/* 1 when one of the 8 bytes at p is in STRING_STOP: a control byte, a quote (the
 * only byte that XORs with '"' to zero) or a backslash. */
static int stop_in_word(const char *p) {
    uint64_t w;
    memcpy(&w, p, 8);
    uint64_t q = w ^ (UINT64_C(0x0101010101010101) * '"');
    uint64_t bs = w ^ (UINT64_C(0x0101010101010101) * '\\');
    return (BYTE_BELOW(w, 0x20) | BYTE_BELOW(q, 1) | BYTE_BELOW(bs, 1)) != 0;
}

/* A string at r->p (the opening quote); unescaped into the arena when keep. */
static char *read_string(reader *r, tally_arena *a, int keep, size_t *out_len) {
    r->p++; /* the quote */
    const char *s = r->p;
    int escapes = 0;
    /* find the end first, to size the copy */
    for (;;) {
        while (r->end - r->p >= 8 && !stop_in_word(r->p))
            r->p += 8;
        while (r->p < r->end && !STRING_STOP[(unsigned char)*r->p])
            r->p++;
        if (r->p >= r->end) {
            fail(r, "unterminated string");
            return NULL;
        }
        if (*r->p == '"')
            break;
        if (*r->p == '\\') {
            escapes = 1;
            r->p += 2;
            if (r->p > r->end) {
                fail(r, "unterminated string");
                return NULL;
            }
            continue;
        }
        fail(r, "control character in a string");
        return NULL;
    }
    const char *e = r->p;
    r->p++;
    if (!keep)
        return NULL;
    char *o = tally_arena_alloc_raw(a, (size_t)(e - s) + 1);
    if (!escapes) { /* the usual case: nothing to unescape */
        memcpy(o, s, (size_t)(e - s));
        o[e - s] = 0;
        *out_len = (size_t)(e - s);
        return o;
    }
    size_t n = 0;
    reader sub = {s, e, NULL, 0};
    while (sub.p < sub.end) {
        const char *bs = memchr(sub.p, '\\', (size_t)(sub.end - sub.p));
        size_t run = bs ? (size_t)(bs - sub.p) : (size_t)(sub.end - sub.p);
        memcpy(o + n, sub.p, run);
        n += run;
        sub.p += run;
        if (!bs)
            break;
        sub.p++; /* the backslash */
        if (sub.p >= sub.end) {
            fail(r, "bad escape");
            return NULL;
        }
        char c = *sub.p++;
        switch (c) {
        case 'n': o[n++] = '\n'; break;
        case 't': o[n++] = '\t'; break;
        case 'r': o[n++] = '\r'; break;
        case 'b': o[n++] = '\b'; break;
        case 'f': o[n++] = '\f'; break;
        case '/': case '\\': case '"': o[n++] = c; break;
        case 'u': {
            unsigned cp = read_hex4(&sub);
            if (cp >= 0xD800 && cp <= 0xDBFF && sub.end - sub.p >= 6 && sub.p[0] == '\\' && sub.p[1] == 'u') {
                sub.p += 2;
                unsigned lo = read_hex4(&sub);
                if (lo >= 0xDC00 && lo <= 0xDFFF)
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                else
                    cp = 0xFFFD;
            } else if (cp >= 0xD800 && cp <= 0xDFFF) {
                cp = 0xFFFD;
            }
            if (sub.err) {
                fail(r, sub.err);
                return NULL;
            }
            n += tally_utf8_encode((int32_t)cp, o + n); /* \uXXXX is 6 bytes in, at most 4 out */
            break;
        }
        default:
            fail(r, "bad escape");
            return NULL;
        }
    }
    o[n] = 0;
    *out_len = n;
    return o;
}

static void skip_value(reader *r, int depth);

static void skip_container(reader *r, int depth, char close) {
    r->p++;
    ws(r);
    if (r->p < r->end && *r->p == close) {
        r->p++;
        return;
    }
    for (;;) {
        ws(r);
        if (close == '}') {
            if (r->p >= r->end || *r->p != '"') {
                fail(r, "expected a key");
                return;
            }
            size_t l;
            read_string(r, NULL, 0, &l);
            ws(r);
            if (r->p >= r->end || *r->p != ':') {
                fail(r, "expected ':'");
                return;
            }
            r->p++;
        }
        skip_value(r, depth + 1);
        ws(r);
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        if (r->p < r->end && *r->p == close) {
            r->p++;
            return;
        }
        fail(r, close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
        return;
    }
}

static void skip_value(reader *r, int depth) {
    ws(r);
    if (depth > 64) {
        fail(r, "nested too deeply");
        return;
    }
    if (r->p >= r->end) {
        fail(r, "unexpected end of line");
        return;
    }
    char c = *r->p;
    if (c == '"') {
        size_t l;
        read_string(r, NULL, 0, &l);
    } else if (c == '{') {
        skip_container(r, depth, '}');
    } else if (c == '[') {
        skip_container(r, depth, ']');
    } else if (c == '-' || is_digit(c)) {
        r->p++;
        while (r->p < r->end && (is_digit(*r->p) || *r->p == '.' || *r->p == 'e' || *r->p == 'E' ||
                                 *r->p == '+' || *r->p == '-'))
            r->p++;
    } else if (r->end - r->p >= 4 && (memcmp(r->p, "true", 4) == 0 || memcmp(r->p, "null", 4) == 0)) {
        r->p += 4;
    } else if (r->end - r->p >= 5 && memcmp(r->p, "false", 5) == 0) {
        r->p += 5;
    } else {
        fail(r, "not a JSON value");
    }
}

int tally_input_jsonl(tally_arena *a, const char *buf, size_t len, tally_doc *out, char *err, size_t errlen) {
    memset(out, 0, sizeof *out);
    reader r = {buf, buf + len, NULL, 0};
    ws(&r);
    if (r.p >= r.end || *r.p != '{') {
        snprintf(err, errlen, "not a JSON object");
        return TALLY_EPARSE;
    }
    r.p++;
    int have_text = 0;
    ws(&r);
    if (r.p < r.end && *r.p == '}') {
        r.p++;
    } else {
        for (;;) {
            ws(&r);
            if (r.p >= r.end || *r.p != '"') {
                fail(&r, "expected a key");
                break;
            }
            size_t kl = 0;
            char *key = read_string(&r, a, 1, &kl);
            if (!key)
                break;
            ws(&r);
            if (r.p >= r.end || *r.p != ':') {
                fail(&r, "expected ':'");
                break;
            }
            r.p++;
            ws(&r);
            static const char *keys[] = {"id", "text", "title", "date", "source", "url", "byline", "author"};
            int k = -1;
            for (size_t q = 0; q < ARRAY_LEN(keys); q++)
                if (strcmp(key, keys[q]) == 0)
                    k = (int)q;
            if (k >= 0 && r.p < r.end && *r.p == '"') {
                size_t vl = 0;
                char *v = read_string(&r, a, 1, &vl);
                if (!v)
                    break;
                switch (k) {
                case 0: out->id = v; break;
                case 1: out->body.p = v; out->body.len = vl; have_text = 1; break;
                case 2: out->title = vl ? v : NULL; break;
                case 3: out->date_raw = vl ? v : NULL; break;
                case 4: out->source = vl ? v : NULL; break;
                case 5: out->url = vl ? v : NULL; break;
                default: out->byline = vl ? v : NULL; break;
                }
            } else if (k == 0 && r.p < r.end && (*r.p == '-' || is_digit(*r.p))) {
                const char *s = r.p;
                skip_value(&r, 1);
                out->id = tally_arena_strndup(a, s, (size_t)(r.p - s));
            } else {
                skip_value(&r, 1);
            }
            ws(&r);
            if (r.p < r.end && *r.p == ',') {
                r.p++;
                continue;
            }
            if (r.p < r.end && *r.p == '}') {
                r.p++;
                break;
            }
            fail(&r, "expected ',' or '}'");
            break;
        }
    }
    if (!r.err) {
        ws(&r);
        if (r.p < r.end)
            fail(&r, "text after the object");
    }
    if (r.err) {
        snprintf(err, errlen, "not JSON: %s", r.err);
        return TALLY_EPARSE;
    }
    if (!have_text) {
        snprintf(err, errlen, "no \"text\" field");
        return TALLY_EPARSE;
    }
    return TALLY_OK;
}
