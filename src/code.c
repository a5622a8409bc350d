/* code.c: the pipeline for one article: normalize, split, date, title and
 * byline, then the coders. */
#include "events.h"
#include "incidents.h"
#include "tally.h"
#include "util.h"

#include <string.h>

/* The next non-blank line of the text at or after *pos: sets [*s, *e) trimmed. */
static int next_line(const char *t, size_t len, size_t *pos, size_t *s, size_t *e) {
    while (*pos < len) {
        size_t b = *pos;
        const char *nl = memchr(t + b, '\n', len - b);
        size_t end = nl ? (size_t)(nl - t) : len;
        *pos = nl ? end + 1 : len;
        size_t x = b, y = end;
        while (x < y && (is_space((unsigned char)t[x]) || t[x] == '#'))
            x++;
        while (y > x && is_space((unsigned char)t[y - 1]))
            y--;
        /* a line separator inside (U+2028) ends the line too */
        for (size_t k = x; k + 2 < y; k++)
            if ((unsigned char)t[k] == 0xE2 && (unsigned char)t[k + 1] == 0x80 &&
                ((unsigned char)t[k + 2] == 0xA8 || (unsigned char)t[k + 2] == 0xA9)) {
                *pos = k + 3;
                y = k;
                while (y > x && is_space((unsigned char)t[y - 1]))
                    y--;
                break;
            }
        if (y > x) {
            *s = x;
            *e = y;
            return 1;
        }
    }
    return 0;
}

static size_t count_words(const char *p, size_t len, int *caps, int *letters) {
    size_t n = 0;
    *caps = 0;
    *letters = 0;
    for (size_t i = 0; i < len; i++) {
        if (is_alpha((unsigned char)p[i]))
            (*letters)++;
        if ((i == 0 || is_space((unsigned char)p[i - 1])) && !is_space((unsigned char)p[i])) {
            n++;
            if (is_upper((unsigned char)p[i]))
                (*caps)++;
        }
    }
    return n;
}

static int has_digit(const char *p, size_t len) {
    for (size_t i = 0; i < len; i++)
        if (is_digit((unsigned char)p[i]))
            return 1;
    return 0;
}

/* Title and byline from the first lines when the metadata gave none: the title is
 * the first line of three or more words that does not end like a sentence; the
 * byline a short line of capitalized words after it (or "By ..."). */
static void find_title_byline(tally_arena *a, const tally_text *t, tally_doc *doc) {
    size_t pos = 0, s, e;
    int seen = 0;
    int need_title = doc->title == NULL, need_byline = doc->byline == NULL;
    while (seen < 4 && next_line(t->text, t->len, &pos, &s, &e)) {
        seen++;
        const char *p = t->text + s;
        size_t len = e - s;
        int caps, letters;
        size_t words = count_words(p, len, &caps, &letters);
        if (need_title) {
            tally_ymd dd;
            if (words >= 3 && len <= 250 && letters * 2 > (int)len && p[len - 1] != '.' &&
                !(len > 12 && memcmp(p, "For Immediate", 13) == 0) &&
                !(p[len - 1] == ')' && tally_dates_parse(p, len, &dd))) { /* not a dateline */
                doc->title = tally_arena_strndup(a, p, len);
                need_title = 0;
            }
            continue;
        }
        if (need_byline) {
            size_t k = 0;
            if (len > 3 && (memcmp(p, "By ", 3) == 0 || memcmp(p, "by ", 3) == 0))
                p += 3, len -= 3;
            /* the run of capitalized words at the start, up to a comma or a date */
            size_t w = 0, last_end = 0;
            while (k < len) {
                while (k < len && p[k] == ' ')
                    k++;
                if (k >= len || !(is_upper((unsigned char)p[k])))
                    break;
                size_t ws = k;
                while (k < len && p[k] != ' ' && p[k] != ',')
                    k++;
                (void)ws;
                w++;
                last_end = k;
                if (k < len && p[k] == ',')
                    break;
            }
            if (w >= 2 && w <= 4 && len <= 120 && (last_end == len || p[last_end] == ',' ||
                                                   has_digit(p + last_end, len - last_end))) {
                doc->byline = tally_arena_strndup(a, p, last_end);
            }
            break;
        }
    }
}

void tally_code_article(tally_arena *a, const tally_coder *c, const tally_doc *doc, tally_article *out) {
    memset(out, 0, sizeof *out);
    out->doc = *doc;
    out->text = tally_text_new(a, doc->body.p, doc->body.len);
    tally_tokens_split(a, out->text, &out->tk);
    tally_sha256_hex(out->text->text, out->text->len, out->sha256);
    tally_ymd d, dl;
    out->dateline_start = out->dateline_end = 0;
    int has_dl = tally_dates_dateline_span(&out->tk, &dl, &out->dateline_start, &out->dateline_end);
    if (doc->date_raw && tally_dates_parse(doc->date_raw, strlen(doc->date_raw), &d))
        out->date = d;
    else if (has_dl || dl.y)
        out->date = dl; /* a full date, or only the release code's month */
    find_title_byline(a, out->text, &out->doc);
    tally_incidents_code(a, c, out);
    tally_events_code(a, c, out);
}
