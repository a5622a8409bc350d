/* dates.c: the calendar, the article date from a header or dateline, and date
 * expressions in text resolved against the article date. */
#include "lexicon.h"
#include "tally.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

/* ---- calendar (days_from_civil, H. Hinnant) ---- */
int32_t tally_ymd_to_days(tally_ymd t) {
    int y = t.y - (t.m <= 2);
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int mp = (t.m + 9) % 12;
    int doy = (153 * mp + 2) / 5 + t.d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

tally_ymd tally_ymd_from_days(int32_t z) {
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int y = yoe + era * 400;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int d = doy - (153 * mp + 2) / 5 + 1;
    int m = mp < 10 ? mp + 3 : mp - 9;
    tally_ymd r = {(int16_t)(y + (m <= 2)), (int8_t)m, (int8_t)d};
    return r;
}

int tally_ymd_weekday(tally_ymd t) {
    int32_t z = tally_ymd_to_days(t);
    return (int)((z % 7 + 11) % 7); /* 1970-01-01 was a Thursday (4) */
}

void tally_ymd_format(tally_ymd t, char out[11]) {
    int y = t.y % 10000, m = (unsigned)t.m % 100u, d = (unsigned)t.d % 100u;
    if (t.y <= 0)
        out[0] = 0;
    else if (!m)
        snprintf(out, 11, "%04u", (unsigned)y);
    else if (!d)
        snprintf(out, 11, "%04u-%02u", (unsigned)y, (unsigned)m);
    else
        snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y, (unsigned)m, (unsigned)d);
}

static int days_in_month(int y, int m) {
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

static int valid_ymd(int y, int m, int d) {
    return y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

static tally_ymd add_days(tally_ymd t, int n) { return tally_ymd_from_days(tally_ymd_to_days(t) + n); }

/* ---- words ---- */
static const char *MONTHS[] = {"january", "february", "march",     "april",   "may",      "june",
                               "july",    "august",   "september", "october", "november", "december"};
static const char *MONTHS3[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                "jul", "aug", "sep", "oct", "nov", "dec"};
static const char *WEEKDAYS[] = {"sunday",   "monday", "tuesday", "wednesday",
                                 "thursday", "friday", "saturday"};

static int span_is(tally_span s, const char *w) { return strlen(w) == s.len && memcmp(s.p, w, s.len) == 0; }

static uint32_t H_MONTHS[12], H_MONTHS3[12], H_WEEKDAYS[7], H_SEPT;

/* Hashes of the month and weekday names, computed once before main. */
__attribute__((constructor)) static void dates_init(void) {
    for (int m = 0; m < 12; m++) {
        H_MONTHS[m] = tally_hash(MONTHS[m], strlen(MONTHS[m]));
        H_MONTHS3[m] = tally_hash(MONTHS3[m], strlen(MONTHS3[m]));
    }
    for (int w = 0; w < 7; w++)
        H_WEEKDAYS[w] = tally_hash(WEEKDAYS[w], strlen(WEEKDAYS[w]));
    H_SEPT = tally_hash("sept", 4);
    for (int m = 0; m < 12; m++) {
        tally_lexicon_add(MONTHS[m], LEX_MONTH);
        tally_lexicon_add(MONTHS3[m], LEX_MONTH);
    }
    tally_lexicon_add("sept", LEX_MONTH);
    for (int w = 0; w < 7; w++)
        tally_lexicon_add(WEEKDAYS[w], LEX_WEEKDAY);
    static const char *words[] = {"on",    "in",        "since", "last",      "early", "late",
                                  "until", "from",      "earlier", "by",      "this",  "mid",
                                  "yesterday", "today", "tonight", "overnight", "the", "a"};
    for (size_t i = 0; i < ARRAY_LEN(words); i++)
        tally_lexicon_add(words[i], LEX_DATEWORD);
}

/* Month number of token i (1..12) and how many tokens it takes ("Jan" "."), or 0.
 * "may" and "march" must be capitalized: they are also a verb. */
static int month_at(const tally_tokens *tk, size_t i, size_t end, size_t *used) {
    if (i >= end || !(tk->toks[i].lex & LEX_MONTH))
        return 0;
    tally_span s = tally_tokens_fold(tk, i);
    uint32_t h = tk->toks[i].hash;
    for (int m = 0; m < 12; m++) {
        if (h != H_MONTHS[m] && h != H_MONTHS3[m] && !(m == 8 && h == H_SEPT))
            continue;
        int full = span_is(s, MONTHS[m]);
        int abbr = span_is(s, MONTHS3[m]) || (m == 8 && span_is(s, "sept"));
        if (!full && !abbr)
            continue;
        if ((m == 2 || m == 4) && !(tk->toks[i].flags & TALLY_TF_CAP))
            return 0;
        if (abbr && !full && !(tk->toks[i].flags & TALLY_TF_CAP))
            return 0;
        *used = 1;
        if (i + 1 < end && tally_tokens_is(tk, i + 1, ".") && !(tk->toks[i + 1].flags & TALLY_TF_SPACE))
            *used = 2;
        return m + 1;
    }
    return 0;
}

static int weekday_at(const tally_tokens *tk, size_t i) {
    tally_span s = tally_tokens_fold(tk, i);
    for (int w = 0; w < 7; w++)
        if (tk->toks[i].hash == H_WEEKDAYS[w] && span_is(s, WEEKDAYS[w]))
            return w;
    return -1;
}

/* A plain unsigned integer token of at most maxd digits; -1 otherwise. Accepts 1st/2nd/23rd. */
static int int_at(const tally_tokens *tk, size_t i, size_t end, size_t maxd) {
    if (i >= end || tk->toks[i].kind != TALLY_TOK_NUM)
        return -1;
    tally_span s = tally_tokens_fold(tk, i);
    size_t k = 0;
    int v = 0;
    while (k < s.len && is_digit(s.p[k]) && k < maxd + 1)
        v = v * 10 + (s.p[k++] - '0');
    if (k == 0 || k > maxd)
        return -1;
    if (k < s.len) {
        tally_span r = {s.p + k, s.len - k};
        if (!(span_is(r, "st") || span_is(r, "nd") || span_is(r, "rd") || span_is(r, "th")))
            return -1;
    }
    return v;
}

static int year_at(const tally_tokens *tk, size_t i, size_t end) {
    if (i >= end || tk->toks[i].kind != TALLY_TOK_NUM || tk->toks[i].flen != 4)
        return -1;
    int y = int_at(tk, i, end, 4);
    return y >= 1900 && y <= 2100 ? y : -1;
}

/* An ISO date inside one token: 2010-02-15 (or 2010-02-15t08:00). */
static int iso_token(tally_span s, tally_ymd *out) {
    if (s.len < 10 || s.p[4] != '-' || s.p[7] != '-')
        return 0;
    for (int k = 0; k < 10; k++)
        if (k != 4 && k != 7 && !is_digit(s.p[k]))
            return 0;
    int y = (s.p[0] - '0') * 1000 + (s.p[1] - '0') * 100 + (s.p[2] - '0') * 10 + (s.p[3] - '0');
    int m = (s.p[5] - '0') * 10 + (s.p[6] - '0');
    int d = (s.p[8] - '0') * 10 + (s.p[9] - '0');
    if (s.len > 10 && is_digit(s.p[10]))
        return 0;
    if (!valid_ymd(y, m, d))
        return 0;
    out->y = (int16_t)y, out->m = (int8_t)m, out->d = (int8_t)d;
    return 1;
}

/* An absolute date at token i: D Month [YYYY], Month D[,] [YYYY], Month YYYY, ISO.
 * Sets *out (y = 0 when the year is missing; d = 0 for month precision) and
 * returns the tokens used, or 0. */
static size_t absolute_at(const tally_tokens *tk, size_t i, size_t end, tally_ymd *out) {
    size_t mu;
    int m, d, y;
    memset(out, 0, sizeof *out);
    if (i < end && tk->toks[i].kind == TALLY_TOK_NUM && iso_token(tally_tokens_fold(tk, i), out))
        return 1;
    /* D Month [YYYY] */
    d = int_at(tk, i, end, 2);
    if (d >= 1 && d <= 31 && (m = month_at(tk, i + 1, end, &mu))) {
        size_t j = i + 1 + mu;
        if (j < end && tally_tokens_is(tk, j, ","))
            j++;
        y = year_at(tk, j, end);
        if (y > 0 && valid_ymd(y, m, d)) {
            out->y = (int16_t)y, out->m = (int8_t)m, out->d = (int8_t)d;
            return j + 1 - i;
        }
        if (d <= days_in_month(2000, m)) {
            out->m = (int8_t)m, out->d = (int8_t)d;
            return 1 + mu;
        }
        return 0;
    }
    /* Month D[,] [YYYY] / Month YYYY */
    if ((m = month_at(tk, i, end, &mu))) {
        size_t j = i + mu;
        y = year_at(tk, j, end);
        if (y > 0) {
            out->y = (int16_t)y, out->m = (int8_t)m;
            return mu + 1;
        }
        d = int_at(tk, j, end, 2);
        if (d >= 1 && d <= days_in_month(2000, m)) {
            size_t k = j + 1;
            if (k < end && tally_tokens_is(tk, k, ","))
                k++;
            y = year_at(tk, k, end);
            if (y > 0 && valid_ymd(y, m, d)) {
                out->y = (int16_t)y, out->m = (int8_t)m, out->d = (int8_t)d;
                return k + 1 - i;
            }
            out->m = (int8_t)m, out->d = (int8_t)d;
            return j + 1 - i;
        }
    }
    return 0;
}

int tally_dates_parse(const char *p, size_t len, tally_ymd *out) {
    tally_arena *a = tally_arena_new();
    tally_text *t = tally_text_new(a, p, len > 200 ? 200 : len);
    tally_tokens tk;
    tally_tokens_split(a, t, &tk);
    int ok = 0;
    for (size_t i = 0; i < tk.ntoks && !ok; i++) {
        tally_ymd d;
        if (absolute_at(&tk, i, tk.ntoks, &d) && d.y && d.m && d.d) {
            *out = d;
            ok = 1;
        }
    }
    tally_arena_free(a);
    return ok;
}

/* A release code such as 2010-09-CA-005 or 2013-01-S-025: year and month. */
static int release_code(tally_span s, int *y, int *m) {
    if (s.len < 9 || s.p[4] != '-' || s.p[7] != '-' || !is_alpha(s.p[8]))
        return 0;
    for (int k = 0; k < 7; k++)
        if (k != 4 && !is_digit(s.p[k]))
            return 0;
    *y = (s.p[0] - '0') * 1000 + (s.p[1] - '0') * 100 + (s.p[2] - '0') * 10 + (s.p[3] - '0');
    *m = (s.p[5] - '0') * 10 + (s.p[6] - '0');
    return *y >= 1900 && *y <= 2100 && *m >= 1 && *m <= 12;
}

#define HEADER_TOKENS 160

/* Is a date at token i placed like a dateline: at the start of a line, after an
 * opening bracket, or after a byline of capitalized words on its own line? */
static int dateline_position(const tally_tokens *tk, size_t i) {
    if (tk->toks[i].flags & TALLY_TF_LINE)
        return 1;
    if (i > 0 && tally_tokens_is(tk, i - 1, "("))
        return 1;
    size_t j = i;
    while (j > 0 && !(tk->toks[j].flags & TALLY_TF_LINE)) {
        j--;
        const tally_token *t = &tk->toks[j];
        if (!(t->kind == TALLY_TOK_WORD && (t->flags & TALLY_TF_CAP)) && !tally_tokens_is(tk, j, ",") &&
            !tally_tokens_is(tk, j, "-") && !tally_tokens_is(tk, j, "|") && !tally_tokens_is(tk, j, "."))
            return 0;
        if (i - j > 8)
            return 0;
    }
    return 1;
}

/* The dateline's tokens: from the start of the date's line (KABUL, Afghanistan)
 * to the date's end and a closing bracket or dash after it. */
static void dateline_bounds(const tally_tokens *tk, size_t ds, size_t de, uint32_t *s, uint32_t *e) {
    size_t b = ds;
    while (b > 0 && !(tk->toks[b].flags & TALLY_TF_LINE) && ds - b < 12)
        b--;
    size_t k = de;
    while (k < tk->ntoks && k < de + 3 &&
           (tally_tokens_is(tk, k, ")") || tally_tokens_is(tk, k, "-") || tally_tokens_is(tk, k, ",") ||
            tally_tokens_is(tk, k, ":")))
        k++;
    *s = (uint32_t)b;
    *e = (uint32_t)k;
}

int tally_dates_dateline(const tally_tokens *tk, tally_ymd *out) {
    uint32_t a, b;
    return tally_dates_dateline_span(tk, out, &a, &b);
}

int tally_dates_dateline_span(const tally_tokens *tk, tally_ymd *out, uint32_t *span_start, uint32_t *span_end) {
    size_t end = tk->ntoks < HEADER_TOKENS ? tk->ntoks : HEADER_TOKENS;
    int code_y = 0, code_m = 0, any_year = 0;
    for (size_t i = 0; i < end; i++) {
        int y, m;
        if (tk->toks[i].kind == TALLY_TOK_NUM && release_code(tally_tokens_fold(tk, i), &y, &m)) {
            code_y = y, code_m = m;
            break;
        }
    }
    tally_ymd partial = {0, 0, 0};
    uint32_t pstart = 0, pend = 0;
    for (size_t i = 0; i < end; i++) {
        tally_ymd d;
        if (tk->toks[i].kind != TALLY_TOK_NUM && !(tk->toks[i].lex & LEX_MONTH))
            continue; /* a date starts with a number or a month */
        size_t k = absolute_at(tk, i, end, &d);
        if (!k)
            continue;
        if (d.y && !any_year && !partial.m)
            any_year = d.y; /* a year in the header before the dateline (a title) */
        if (!dateline_position(tk, i)) {
            i += k - 1;
            continue;
        }
        if (d.y && d.m && d.d) {
            *out = d;
            dateline_bounds(tk, i, i + k, span_start, span_end);
            return 1;
        }
        if (!d.y && d.m && d.d && !partial.m) {
            partial = d;
            dateline_bounds(tk, i, i + k, &pstart, &pend);
        }
        i += k - 1;
    }
    if (partial.m) {
        *span_start = pstart; /* the dateline's words, even when its year is unknown */
        *span_end = pend;
        int y = code_y;
        if (y) {
            /* the code's month is the release month: Dec. 31 under a January code is last year */
            if (partial.m - code_m > 6)
                y--;
            else if (code_m - partial.m > 6)
                y++;
        } else if (any_year) {
            y = any_year;
        } else {
            /* a report comes after the dated events it tells of: the latest date with a
               year in the text ("an attack in June 2011") gives the year of a dateline
               without one, the year after when the dateline's day would come first */
            tally_ymd last = {0, 0, 0};
            for (size_t i = pend; i < tk->ntoks; i++) {
                tally_ymd d;
                if (tk->toks[i].kind != TALLY_TOK_NUM && !(tk->toks[i].lex & LEX_MONTH))
                    continue;
                size_t k = absolute_at(tk, i, tk->ntoks, &d);
                if (!k)
                    continue;
                if (d.y && (d.y > last.y || (d.y == last.y && (d.m > last.m || (d.m == last.m && d.d > last.d)))))
                    last = d;
                i += k - 1;
            }
            y = last.y;
            if (y && (partial.m < last.m || (partial.m == last.m && partial.d < last.d)))
                y++;
        }
        if (y && valid_ymd(y, partial.m, partial.d)) {
            out->y = (int16_t)y, out->m = partial.m, out->d = partial.d;
            *span_start = pstart;
            *span_end = pend;
            return 1;
        }
    }
    /* no day: the release code's year and month at least (2010-07-CA-129), d = 0 */
    memset(out, 0, sizeof *out);
    if (code_y) {
        out->y = (int16_t)code_y;
        out->m = (int8_t)code_m;
    }
    return 0;
}

/* ---- expressions in text ---- */

/* Resolve a month-day without a year against the anchor: the latest such date not
 * more than a month after the anchor. */
static tally_ymd resolve_md(int m, int d, tally_ymd anchor) {
    tally_ymd r = {0, 0, 0};
    if (!anchor.y)
        return r;
    int y = anchor.y;
    if (m > anchor.m + 1)
        y--;
    if (!valid_ymd(y, m, d))
        return r;
    r.y = (int16_t)y, r.m = (int8_t)m, r.d = (int8_t)d;
    return r;
}

static size_t push(tally_arena *a, tally_date_expr **res, size_t n, size_t *cap, const tally_date_expr *e) {
    if (n == *cap) {
        tally_date_expr *r2 = tally_arena_alloc(a, *cap * 2 * sizeof *r2);
        memcpy(r2, *res, n * sizeof *r2);
        *res = r2;
        *cap *= 2;
    }
    (*res)[n] = *e;
    return n + 1;
}

static int full(tally_ymd t) { return t.y > 0 && t.m > 0 && t.d > 0; }

/* Words that make a date with what follows them even when it is no date word:
 * yesterday, today, this morning, last night, earlier this month, the next day. */
static int deictic_start(const tally_tokens *tk, size_t i) {
    return tally_tokens_is(tk, i, "yesterday") || tally_tokens_is(tk, i, "today") ||
           tally_tokens_is(tk, i, "tonight") || tally_tokens_is(tk, i, "overnight") ||
           tally_tokens_is(tk, i, "this") || tally_tokens_is(tk, i, "last") ||
           tally_tokens_is(tk, i, "earlier") || tally_tokens_is(tk, i, "the") || tally_tokens_is(tk, i, "a");
}

size_t tally_dates_find(tally_arena *a, const tally_tokens *tk, size_t sidx, tally_ymd anchor,
                        tally_date_expr **out) {
    const tally_sentence *se = &tk->sents[sidx];
    size_t begin = se->tok_start, end = se->tok_end, n = 0, cap = 4;
    tally_date_expr *res = tally_arena_alloc(a, cap * sizeof *res);
    int have_anchor = full(anchor);
    for (size_t i = begin; i < end; i++) {
        const tally_token *ti = &tk->toks[i];
        if (ti->kind != TALLY_TOK_NUM &&
            !(ti->lex & (LEX_MONTH | LEX_WEEKDAY | LEX_DATEWORD | LEX_NUMWORD)))
            continue;
        /* a preposition ("on", "in", "the", "a") matters only before a date word */
        if (ti->kind != TALLY_TOK_NUM && !(ti->lex & (LEX_MONTH | LEX_WEEKDAY)) &&
            (!(ti->lex & LEX_NUMWORD) || tally_tokens_is(tk, i, "a")) && i + 1 < end &&
            !(tk->toks[i + 1].lex & (LEX_MONTH | LEX_WEEKDAY | LEX_DATEWORD | LEX_NUMWORD)) &&
            tk->toks[i + 1].kind != TALLY_TOK_NUM && !deictic_start(tk, i))
            continue;
        tally_date_expr e;
        memset(&e, 0, sizeof e);
        size_t lead = 0; /* a preposition kept in the words: on, since, in, last */
        int since = 0, last = 0, earlier = 0;
        if (tally_tokens_is(tk, i, "on") || tally_tokens_is(tk, i, "in") || tally_tokens_is(tk, i, "since") ||
            tally_tokens_is(tk, i, "last") || tally_tokens_is(tk, i, "early") || tally_tokens_is(tk, i, "late") ||
            tally_tokens_is(tk, i, "until") || tally_tokens_is(tk, i, "from") || tally_tokens_is(tk, i, "earlier") ||
            tally_tokens_is(tk, i, "by") || tally_tokens_is(tk, i, "this") || tally_tokens_is(tk, i, "mid")) {
            since = tally_tokens_is(tk, i, "since");
            last = tally_tokens_is(tk, i, "last");
            earlier = tally_tokens_is(tk, i, "earlier");
            lead = 1;
        }
        size_t j = i + lead;
        if (j >= end)
            break;
        tally_ymd d;
        size_t wd = 0; /* "Saturday, March 6": the day its date says */
        if (weekday_at(tk, j) >= 0 && j + 1 < end) {
            wd = tally_tokens_is(tk, j + 1, ",") ? 2 : 1;
            if (j + wd >= end || !absolute_at(tk, j + wd, end, &d))
                wd = 0;
        }
        size_t k = absolute_at(tk, j + wd, end, &d);
        if (k) {
            k += wd;
            e.tok_start = (uint32_t)i;
            e.tok_end = (uint32_t)(j + k);
            e.since = (uint8_t)since;
            if (d.y && d.m && d.d) {
                e.start = e.end = d;
                e.precision = TALLY_PREC_DAY;
            } else if (d.y && d.m) {
                e.start = e.end = d;
                e.precision = TALLY_PREC_MONTH;
            } else {
                e.start = e.end = resolve_md(d.m, d.d, anchor);
                e.relative = 1;
                e.precision = e.start.y ? TALLY_PREC_DAY : TALLY_PREC_UNKNOWN;
            }
            if (since && have_anchor && e.start.y)
                e.end = anchor;
            n = push(a, &res, n, &cap, &e);
            i = j + k - 1;
            continue;
        }
        size_t mu;
        int m;
        /* "last June", "in June", "since June": a month alone */
        if (lead && (m = month_at(tk, j, end, &mu)) && int_at(tk, j + mu, end, 2) < 0) {
            e.tok_start = (uint32_t)i;
            e.tok_end = (uint32_t)(j + mu);
            e.relative = 1;
            if (have_anchor) {
                int y = anchor.y;
                if (m > anchor.m || (last && m == anchor.m))
                    y--;
                e.start.y = (int16_t)y, e.start.m = (int8_t)m;
                e.end = e.start;
            }
            e.precision = TALLY_PREC_MONTH; /* a month, even when the year is unknown */
            e.since = (uint8_t)since;
            if (since && have_anchor)
                e.end = anchor;
            n = push(a, &res, n, &cap, &e);
            i = j + mu - 1;
            continue;
        }
        /* "in 2007" */
        int y;
        if (lead && !last && (y = year_at(tk, j, end)) > 0 && (tally_tokens_is(tk, i, "in") || since ||
                                                                 tally_tokens_is(tk, i, "until"))) {
            e.tok_start = (uint32_t)i;
            e.tok_end = (uint32_t)(j + 1);
            e.start.y = e.end.y = (int16_t)y;
            e.precision = TALLY_PREC_YEAR;
            e.since = (uint8_t)since;
            if (since && have_anchor)
                e.end = anchor;
            n = push(a, &res, n, &cap, &e);
            i = j;
            continue;
        }
        /* weekdays: (on|last) Friday [night|morning] */
        int w = weekday_at(tk, j);
        if (w >= 0 && (tk->toks[j].flags & TALLY_TF_CAP)) {
            e.tok_start = (uint32_t)i;
            e.tok_end = (uint32_t)(j + 1);
            e.relative = 1;
            if (have_anchor) {
                int back = (tally_ymd_weekday(anchor) - w + 7) % 7;
                if (last && back == 0)
                    back = 7;
                e.start = e.end = add_days(anchor, -back);
                e.precision = TALLY_PREC_DAY;
            } else {
                e.precision = TALLY_PREC_UNKNOWN;
            }
            n = push(a, &res, n, &cap, &e);
            i = j;
            continue;
        }
        /* deictic words */
        int off = 99, prec = TALLY_PREC_DAY;
        size_t used = 0;
        if (tally_tokens_is(tk, i, "yesterday"))
            off = -1, used = 1;
        else if (tally_tokens_is(tk, i, "today") || tally_tokens_is(tk, i, "tonight"))
            off = 0, used = 1;
        else if (tally_tokens_is(tk, i, "overnight") && !tally_tokens_is(tk, i + 1, "raids"))
            off = -1, used = 1;
        else if (tally_tokens_is(tk, i, "this") &&
                 (tally_tokens_is(tk, i + 1, "morning") || tally_tokens_is(tk, i + 1, "afternoon") ||
                  tally_tokens_is(tk, i + 1, "evening")) && i + 1 < end)
            off = 0, used = 2;
        else if (tally_tokens_is(tk, i, "last") && i + 1 < end &&
                 (tally_tokens_is(tk, i + 1, "night") || tally_tokens_is(tk, i + 1, "evening")))
            off = -1, used = 2;
        else if ((tally_tokens_is(tk, i, "this") || earlier) && i + 2 < end + 1 && tally_tokens_is(tk, i + 1, "month"))
            off = 0, used = 2, prec = TALLY_PREC_MONTH;
        else if (earlier && tally_tokens_is(tk, i + 1, "this") && tally_tokens_is(tk, i + 2, "month") && i + 2 < end)
            off = 0, used = 3, prec = TALLY_PREC_MONTH;
        else if (last && tally_tokens_is(tk, i + 1, "month") && i + 1 < end)
            off = -31, used = 2, prec = TALLY_PREC_MONTH;
        else if ((tally_tokens_is(tk, i, "this") || earlier) && tally_tokens_is(tk, i + 1, "week") && i + 1 < end)
            off = 0, used = 2, prec = TALLY_PREC_WEEK;
        else if (earlier && tally_tokens_is(tk, i + 1, "this") && tally_tokens_is(tk, i + 2, "week") && i + 2 < end)
            off = 0, used = 3, prec = TALLY_PREC_WEEK;
        else if (last && tally_tokens_is(tk, i + 1, "week") && i + 1 < end)
            off = -7, used = 2, prec = TALLY_PREC_WEEK;
        else if ((tally_tokens_is(tk, i, "this") || earlier) && tally_tokens_is(tk, i + 1, "year") && i + 1 < end)
            off = 0, used = 2, prec = TALLY_PREC_YEAR;
        else if (last && tally_tokens_is(tk, i + 1, "year") && i + 1 < end)
            off = -366, used = 2, prec = TALLY_PREC_YEAR;
        if (off != 99) {
            e.tok_start = (uint32_t)i;
            e.tok_end = (uint32_t)(i + used);
            e.relative = 1;
            e.precision = (uint8_t)(have_anchor ? prec : TALLY_PREC_UNKNOWN);
            if (have_anchor) {
                tally_ymd r = anchor;
                if (prec == TALLY_PREC_DAY) {
                    r = add_days(anchor, off);
                    e.start = e.end = r;
                } else if (prec == TALLY_PREC_WEEK) {
                    e.end = add_days(anchor, off);
                    e.start = add_days(e.end, -6);
                    if (off == 0)
                        e.start = add_days(anchor, -(tally_ymd_weekday(anchor) + 6) % 7);
                } else if (prec == TALLY_PREC_MONTH) {
                    if (off < 0) {
                        r.m = (int8_t)(anchor.m == 1 ? 12 : anchor.m - 1);
                        r.y = (int16_t)(anchor.m == 1 ? anchor.y - 1 : anchor.y);
                    }
                    r.d = 0;
                    e.start = e.end = r;
                } else {
                    r.y = (int16_t)(off < 0 ? anchor.y - 1 : anchor.y);
                    r.m = r.d = 0;
                    e.start = e.end = r;
                }
            }
            n = push(a, &res, n, &cap, &e);
            i += used - 1;
            continue;
        }
        /* "N days ago", "two weeks ago" */
        {
            int cnt = int_at(tk, i, end, 3);
            static const char *small[] = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"};
            for (int q = 0; q < 11 && cnt < 0; q++)
                if (tally_tokens_is(tk, i, small[q]))
                    cnt = q;
            if (tally_tokens_is(tk, i, "a"))
                cnt = 1;
            if (cnt >= 0 && i + 2 < end && tally_tokens_is(tk, i + 2, "ago")) {
                int unit = tally_tokens_is(tk, i + 1, "days") || tally_tokens_is(tk, i + 1, "day") ? 1
                           : tally_tokens_is(tk, i + 1, "weeks") || tally_tokens_is(tk, i + 1, "week") ? 7
                                                                                                       : 0;
                if (unit) {
                    e.tok_start = (uint32_t)i;
                    e.tok_end = (uint32_t)(i + 3);
                    e.relative = 1;
                    e.precision = (uint8_t)(have_anchor ? (unit == 1 ? TALLY_PREC_DAY : TALLY_PREC_WEEK)
                                                        : TALLY_PREC_UNKNOWN);
                    if (have_anchor)
                        e.start = e.end = add_days(anchor, -cnt * unit);
                    n = push(a, &res, n, &cap, &e);
                    i += 2;
                    continue;
                }
            }
        }
        /* "the next day", "the following day", "a day later", "the day before", "the previous day" */
        if (tally_tokens_is(tk, i, "the") && i + 2 < end + 0 && tally_tokens_is(tk, i + 2, "day") &&
            (tally_tokens_is(tk, i + 1, "next") || tally_tokens_is(tk, i + 1, "following") ||
             tally_tokens_is(tk, i + 1, "previous"))) {
            e.tok_start = (uint32_t)i;
            e.tok_end = (uint32_t)(i + 3);
            e.shift = (int8_t)(tally_tokens_is(tk, i + 1, "previous") ? -1 : 1);
            e.precision = TALLY_PREC_UNKNOWN;
            n = push(a, &res, n, &cap, &e);
            i += 2;
            continue;
        }
        if (tally_tokens_is(tk, i, "a") && i + 2 < end && tally_tokens_is(tk, i + 1, "day") &&
            (tally_tokens_is(tk, i + 2, "later") || tally_tokens_is(tk, i + 2, "earlier"))) {
            e.tok_start = (uint32_t)i;
            e.tok_end = (uint32_t)(i + 3);
            e.shift = (int8_t)(tally_tokens_is(tk, i + 2, "earlier") ? -1 : 1);
            e.precision = TALLY_PREC_UNKNOWN;
            n = push(a, &res, n, &cap, &e);
            i += 2;
            continue;
        }
    }
    *out = res;
    return n;
}
