/* json.c: the growing buffer and the JSON Lines form of a coded article. */
#include "tally.h"
#include "utf8.h"
#include "util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static void reserve(tally_buf *b, size_t more) {
    if (b->len + more + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + more + 1)
        cap *= 2;
    b->p = xrealloc(b->p, cap);
    b->cap = cap;
}

void tally_buf_put(tally_buf *b, const char *p, size_t len) {
    reserve(b, len);
    if (len)
        memcpy(b->p + b->len, p, len);
    b->len += len;
    b->p[b->len] = 0;
}

void tally_buf_puts(tally_buf *b, const char *s) { tally_buf_put(b, s, strlen(s)); }

void tally_buf_printf(tally_buf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char tmp[256];
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof tmp) {
        tally_buf_put(b, tmp, (size_t)n);
        return;
    }
    reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void tally_buf_free(tally_buf *b) {
    if (!b)
        return;
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

/** Append p[0..len) as a JSON string: escaped, invalid UTF-8 as U+FFFD. */
void tally_json_str(tally_buf *b, const char *p, size_t len) {
    reserve(b, len + 2);
    b->p[b->len++] = '"';
    const unsigned char *s = (const unsigned char *)p;
    size_t run = 0; /* start of the current run of bytes copied as they are */
    for (size_t i = 0; i < len;) {
        unsigned c = s[i];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            i++;
            continue;
        }
        int32_t cp;
        size_t k = c >= 0x80 ? tally_utf8_decode(s + i, len - i, &cp) : 0;
        if (k) {
            i += k;
            continue;
        }
        tally_buf_put(b, p + run, i - run);
        if (c == '"')
            tally_buf_puts(b, "\\\"");
        else if (c == '\\')
            tally_buf_puts(b, "\\\\");
        else if (c == '\n')
            tally_buf_puts(b, "\\n");
        else if (c == '\t')
            tally_buf_puts(b, "\\t");
        else if (c == '\r')
            tally_buf_puts(b, "\\r");
        else if (c < 0x20)
            tally_buf_printf(b, "\\u%04x", c);
        else
            tally_buf_puts(b, "\xEF\xBF\xBD");
        i++;
        run = i;
    }
    tally_buf_put(b, p + run, len - run);
    tally_buf_put(b, "\"", 1);
}

/* Append v in decimal: the numbers of every record, without a printf each. */
static void put_int(tally_buf *b, long long v) {
    char tmp[24];
    size_t n = 0;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        tmp[sizeof tmp - 1 - n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        tmp[sizeof tmp - 1 - n++] = '-';
    tally_buf_put(b, tmp + sizeof tmp - n, n);
}

/* Append the literal key (or any text) k, then v in decimal. */
static void key_int(tally_buf *b, const char *k, long long v) {
    tally_buf_puts(b, k);
    put_int(b, v);
}

static void str_or_null(tally_buf *b, const char *s) {
    if (s)
        tally_json_str(b, s, strlen(s));
    else
        tally_buf_puts(b, "null");
}

static void range(tally_buf *b, tally_range r) {
    if (r.min < 0 && r.max < 0) {
        tally_buf_puts(b, "null");
        return;
    }
    key_int(b, "{\"min\":", (long long)r.min);
    key_int(b, ",\"max\":", (long long)r.max);
    tally_buf_put(b, "}", 1);
}

static void ymd(tally_buf *b, tally_ymd t) {
    char s[11];
    tally_ymd_format(t, s);
    if (s[0]) {
        tally_buf_put(b, "\"", 1);
        tally_buf_puts(b, s);
        tally_buf_put(b, "\"", 1);
    } else
        tally_buf_puts(b, "null");
}

static const char *PREC[] = {"day", "week", "month", "year", "unknown"};
static const char *ROLES[] = {"perpetrator", "target", "victim"};
static const char *VICTIMS[] = {NULL, "civilians", "combatants", "mixed"};

static void incident(tally_buf *b, const tally_incident *in) {
    tally_buf_puts(b, "{\"tally\":");
    tally_buf_puts(b, in->tally ? "true" : "false");
    tally_buf_puts(b, ",\"event_type\":");
    str_or_null(b, in->event_type);
    tally_buf_puts(b, ",\"sub_event_type\":");
    str_or_null(b, in->sub_event_type);
    tally_buf_puts(b, ",\"method\":");
    str_or_null(b, in->method);
    tally_buf_puts(b, ",\"cameo\":");
    str_or_null(b, in->cameo);
    tally_buf_puts(b, ",\"date\":");
    if (in->date.start.y || in->date_text) {
        tally_ymd e = in->date.end.y ? in->date.end : in->date.start;
        tally_buf_puts(b, "{\"start\":");
        ymd(b, in->date.start);
        tally_buf_puts(b, ",\"end\":");
        ymd(b, e);
        tally_buf_puts(b, ",\"precision\":\"");
        tally_buf_puts(b, PREC[in->date.start.y ? in->date.precision : TALLY_PREC_UNKNOWN]);
        tally_buf_puts(b, "\",\"text\":");
        str_or_null(b, in->date_text);
        tally_buf_puts(b, "}");
    } else {
        tally_buf_puts(b, "null");
    }
    tally_buf_puts(b, ",\"location\":");
    if (in->has_location) {
        const tally_location *l = &in->location;
        tally_buf_puts(b, "{\"text\":");
        str_or_null(b, l->text);
        tally_buf_puts(b, ",\"name\":");
        str_or_null(b, l->name);
        tally_buf_puts(b, ",\"admin1\":");
        str_or_null(b, l->admin1);
        tally_buf_puts(b, ",\"country\":");
        str_or_null(b, l->country);
        if (l->has_coords)
            tally_buf_printf(b, ",\"lat\":%.5f,\"lon\":%.5f", l->lat, l->lon);
        else
            tally_buf_puts(b, ",\"lat\":null,\"lon\":null");
        if (l->geonameid)
            key_int(b, ",\"geonameid\":", (long long)l->geonameid);
        else
            tally_buf_puts(b, ",\"geonameid\":null");
        if (l->precision) {
            key_int(b, ",\"precision\":", l->precision);
            tally_buf_put(b, "}", 1);
        }
        else
            tally_buf_puts(b, ",\"precision\":null}");
    } else {
        tally_buf_puts(b, "null");
    }
    tally_buf_puts(b, ",\"actors\":[");
    for (size_t i = 0; i < in->nactors; i++) {
        const tally_actor *ac = &in->actors[i];
        tally_buf_puts(b, i ? ",{\"role\":\"" : "{\"role\":\"");
        tally_buf_puts(b, ROLES[ac->role % 3]);
        tally_buf_puts(b, "\",\"text\":");
        str_or_null(b, ac->text ? ac->text : "");
        tally_buf_puts(b, ",\"code\":");
        str_or_null(b, ac->code);
        tally_buf_puts(b, ",\"kind\":");
        str_or_null(b, ac->kind);
        tally_buf_puts(b, "}");
    }
    tally_buf_puts(b, "],\"fatalities\":");
    range(b, in->fatalities);
    tally_buf_puts(b, ",\"injured\":");
    range(b, in->injured);
    tally_buf_puts(b, ",\"detained\":");
    range(b, in->detained);
    tally_buf_puts(b, ",\"civilians\":");
    if (in->civ_killed.min >= 0 || in->women >= 0 || in->children >= 0) {
        tally_buf_puts(b, "{\"killed\":");
        range(b, in->civ_killed);
        if (in->women >= 0)
            key_int(b, ",\"women\":", in->women);
        else
            tally_buf_puts(b, ",\"women\":null");
        if (in->children >= 0) {
            key_int(b, ",\"children\":", in->children);
            tally_buf_put(b, "}", 1);
        }
        else
            tally_buf_puts(b, ",\"children\":null}");
    } else {
        tally_buf_puts(b, "null");
    }
    tally_buf_puts(b, ",\"claims\":[");
    for (size_t i = 0; i < in->nclaims; i++) {
        const tally_claim *c = &in->claims[i];
        tally_buf_puts(b, i ? ",{\"by\":" : "{\"by\":");
        str_or_null(b, c->by);
        tally_buf_puts(b, ",\"via\":");
        str_or_null(b, c->via);
        key_int(b, ",\"sentence\":", c->sentence);
        tally_buf_puts(b, ",\"fatalities\":");
        range(b, c->fatalities);
        tally_buf_puts(b, ",\"injured\":");
        range(b, c->injured);
        tally_buf_puts(b, ",\"detained\":");
        range(b, c->detained);
        tally_buf_puts(b, ",\"words\":");
        str_or_null(b, c->words);
        tally_buf_puts(b, ",\"victims\":");
        str_or_null(b, VICTIMS[c->victims % 4]);
        tally_buf_puts(b, c->hedged ? ",\"hedged\":true}" : ",\"hedged\":false}");
    }
    tally_buf_puts(b, in->contested ? "],\"contested\":true,\"evidence\":[" : "],\"contested\":false,\"evidence\":[");
    for (size_t i = 0; i < in->nevidence; i++) {
        key_int(b, i ? ",{\"sentence\":" : "{\"sentence\":", in->evidence[i].sentence);
        key_int(b, ",\"start\":", in->evidence[i].start);
        key_int(b, ",\"end\":", in->evidence[i].end);
        tally_buf_put(b, "}", 1);
    }
    tally_buf_puts(b, "]}");
}

static void event(tally_buf *b, const tally_event *e) {
    key_int(b, "{\"sentence\":", e->sentence);
    tally_buf_puts(b, ",\"date\":");
    ymd(b, e->date);
    tally_buf_puts(b, ",\"source\":");
    str_or_null(b, e->source ? e->source : "");
    tally_buf_puts(b, ",\"target\":");
    str_or_null(b, e->target ? e->target : "");
    tally_buf_puts(b, ",\"code\":");
    str_or_null(b, e->code ? e->code : "");
    if (e->quad_class)
        key_int(b, ",\"quad_class\":", e->quad_class);
    else
        tally_buf_puts(b, ",\"quad_class\":null");
    if (e->has_goldstein)
        tally_buf_printf(b, ",\"goldstein\":%.1f", e->goldstein);
    else
        tally_buf_puts(b, ",\"goldstein\":null");
    tally_buf_puts(b, ",\"text\":");
    str_or_null(b, e->text);
    tally_buf_puts(b, ",\"plover\":");
    str_or_null(b, e->plover);
    tally_buf_puts(b, ",\"mode\":");
    str_or_null(b, e->mode);
    tally_buf_puts(b, e->hedged ? ",\"hedged\":true}" : ",\"hedged\":false}");
}

void tally_json_article(tally_buf *b, const tally_article *art) {
    const tally_doc *d = &art->doc;
    tally_buf_puts(b, "{\"doc\":{\"id\":");
    str_or_null(b, d->id ? d->id : "");
    tally_buf_puts(b, ",\"path\":");
    str_or_null(b, d->path);
    tally_buf_puts(b, ",\"title\":");
    str_or_null(b, d->title);
    tally_buf_puts(b, ",\"date\":");
    if (art->date.y && art->date.m && art->date.d)
        ymd(b, art->date);
    else
        tally_buf_puts(b, "null");
    tally_buf_puts(b, ",\"source\":");
    str_or_null(b, d->source);
    tally_buf_puts(b, ",\"byline\":");
    str_or_null(b, d->byline);
    tally_buf_puts(b, ",\"url\":");
    str_or_null(b, d->url);
    tally_buf_puts(b, ",\"sha256\":\"");
    tally_buf_puts(b, art->sha256);
    key_int(b, "\",\"sentences\":", (long long)art->tk.nsents);
    tally_buf_puts(b, "},\"incidents\":[");
    size_t k = 0;
    for (size_t i = 0; i < art->nincidents; i++)
        if (!art->incidents[i].tally) {
            if (k++)
                tally_buf_puts(b, ",");
            incident(b, &art->incidents[i]);
        }
    tally_buf_puts(b, "],\"tallies\":[");
    k = 0;
    for (size_t i = 0; i < art->nincidents; i++)
        if (art->incidents[i].tally) {
            if (k++)
                tally_buf_puts(b, ",");
            incident(b, &art->incidents[i]);
        }
    tally_buf_puts(b, "],\"events\":[");
    for (size_t i = 0; i < art->nevents; i++) {
        if (i)
            tally_buf_puts(b, ",");
        event(b, &art->events[i]);
    }
    tally_buf_puts(b, "]}\n");
}
