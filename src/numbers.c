/* numbers.c: counts in text: digits, number words, ranges, qualifiers, vague
 * words (with the floors of BRIEF.md), kept apart from ordinals, percentages,
 * years, times and compound adjectives. */
#include "lexicon.h"
#include "tally.h"
#include "util.h"

#include <stdlib.h>

/* The tables below leave their hash fields to numbers_init(). */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#include <string.h>

typedef struct {
    const char *w;
    int64_t v;
    uint32_t h; /* tally_hash of w, set at start-up */
} word_value;

static word_value UNITS[] = {
    {"zero", 0},       {"one", 1},        {"two", 2},        {"three", 3},    {"four", 4},
    {"five", 5},       {"six", 6},        {"seven", 7},      {"eight", 8},    {"nine", 9},
    {"ten", 10},       {"eleven", 11},    {"twelve", 12},    {"thirteen", 13}, {"fourteen", 14},
    {"fifteen", 15},   {"sixteen", 16},   {"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19},
    {"twenty", 20},    {"thirty", 30},    {"forty", 40},     {"fifty", 50},   {"sixty", 60},
    {"seventy", 70},   {"eighty", 80},    {"ninety", 90},    {"dozen", 12},
    {"both", 2}};

static word_value ORDINALS[] = {
    {"first", 1},       {"second", 2},      {"third", 3},       {"fourth", 4},
    {"fifth", 5},       {"sixth", 6},       {"seventh", 7},     {"eighth", 8},
    {"ninth", 9},       {"tenth", 10},      {"eleventh", 11},   {"twelfth", 12},
    {"thirteenth", 13}, {"fourteenth", 14}, {"fifteenth", 15},  {"twentieth", 20},
    {"thirtieth", 30},  {"hundredth", 100}, {"thousandth", 1000}};

static word_value SCALES[] = {
    {"hundred", 100}, {"thousand", 1000}, {"million", 1000000}, {"billion", 1000000000}};

typedef struct {
    const char *words[4]; /* the phrase, folded */
    int64_t floor;        /* BRIEF.md's floor */
    uint32_t h[4];        /* hashes of words, set at start-up */
} vague_phrase;

/* Longest first where one is a prefix of another. */
static vague_phrase VAGUE[] = {
    {{"tens", "of", "thousands", NULL}, 20000},
    {{"hundreds", "of", "thousands", NULL}, 200000},
    {{"a", "couple", "of", NULL}, 2},
    {{"a", "couple", NULL}, 2},
    {{"a", "few", NULL}, 3},
    {{"a", "handful", "of", NULL}, 3},
    {{"several", NULL}, 3},
    {{"multiple", NULL}, 3},
    {{"numerous", NULL}, 4},
    {{"many", NULL}, 4}, /* as numerous */
    {{"a", "number", "of", NULL}, 4},
    {{"a", "large", "number", "of"}, 4}, /* four words: no room for the NULL, none needed */
    {{"dozens", NULL}, 24},
    {{"scores", "of", NULL}, 40},
    {{"hundreds", NULL}, 200},
    {{"thousands", NULL}, 2000},
    {{"millions", NULL}, 2000000}};

typedef struct {
    const char *words[4];
    uint8_t qual;
    uint32_t h[4]; /* hashes of words, set at start-up */
} qual_phrase;

static qual_phrase QUALS[] = {
    {{"at", "least", NULL}, TALLY_Q_AT_LEAST},
    {{"no", "fewer", "than", NULL}, TALLY_Q_AT_LEAST},
    {{"no", "less", "than", NULL}, TALLY_Q_AT_LEAST},
    {{"not", "less", "than", NULL}, TALLY_Q_AT_LEAST},
    {{"a", "minimum", "of", NULL}, TALLY_Q_AT_LEAST},
    {{"more", "than", NULL}, TALLY_Q_MORE_THAN},
    {{"just", "over", NULL}, TALLY_Q_MORE_THAN},
    {{"over", NULL}, TALLY_Q_MORE_THAN},
    {{"upwards", "of", NULL}, TALLY_Q_MORE_THAN},
    {{"in", "excess", "of", NULL}, TALLY_Q_MORE_THAN},
    {{"up", "to", NULL}, TALLY_Q_UP_TO},
    {{"as", "many", "as", NULL}, TALLY_Q_UP_TO},
    {{"at", "most", NULL}, TALLY_Q_UP_TO},
    {{"a", "maximum", "of", NULL}, TALLY_Q_UP_TO},
    {{"about", NULL}, TALLY_Q_ABOUT},
    {{"around", NULL}, TALLY_Q_ABOUT},
    {{"approximately", NULL}, TALLY_Q_ABOUT},
    {{"roughly", NULL}, TALLY_Q_ABOUT},
    {{"some", NULL}, TALLY_Q_ABOUT},
    {{"an", "estimated", NULL}, TALLY_Q_ABOUT},
    {{"estimated", NULL}, TALLY_Q_ABOUT},
    {{"nearly", NULL}, TALLY_Q_NEARLY},
    {{"almost", NULL}, TALLY_Q_NEARLY},
    {{"close", "to", NULL}, TALLY_Q_NEARLY},
    {{"just", "under", NULL}, TALLY_Q_NEARLY},
    {{"fewer", "than", NULL}, TALLY_Q_NEARLY},
    {{"less", "than", NULL}, TALLY_Q_NEARLY},
    {{"under", NULL}, TALLY_Q_NEARLY}};

static void hash_words(word_value *tab, size_t n) {
    for (size_t i = 0; i < n; i++)
        tab[i].h = tally_hash(tab[i].w, strlen(tab[i].w));
}

static void hash_phrase(const char *const *words, uint32_t *h) {
    for (size_t k = 0; k < 4 && words[k]; k++)
        h[k] = tally_hash(words[k], strlen(words[k]));
}

/* The tables' hashes, computed once before main. */
__attribute__((constructor)) static void numbers_init(void) {
    hash_words(UNITS, ARRAY_LEN(UNITS));
    hash_words(ORDINALS, ARRAY_LEN(ORDINALS));
    hash_words(SCALES, ARRAY_LEN(SCALES));
    for (size_t i = 0; i < ARRAY_LEN(VAGUE); i++) {
        hash_phrase(VAGUE[i].words, VAGUE[i].h);
        tally_lexicon_add(VAGUE[i].words[0], LEX_VAGUE);
    }
    for (size_t i = 0; i < ARRAY_LEN(QUALS); i++) {
        hash_phrase(QUALS[i].words, QUALS[i].h);
        tally_lexicon_add(QUALS[i].words[0], LEX_QUAL);
    }
    static const word_value *tabs[] = {UNITS, ORDINALS, SCALES};
    static const size_t ns[] = {ARRAY_LEN(UNITS), ARRAY_LEN(ORDINALS), ARRAY_LEN(SCALES)};
    for (size_t t = 0; t < 3; t++)
        for (size_t i = 0; i < ns[t]; i++)
            tally_lexicon_add(tabs[t][i].w, LEX_NUMWORD);
    tally_lexicon_add("a", LEX_NUMWORD);
    tally_lexicon_add("between", LEX_QUAL);
}

static int span_is(tally_span s, const char *w) {
    return strlen(w) == s.len && memcmp(s.p, w, s.len) == 0;
}

static int lookup(tally_span s, const word_value *tab, size_t n, int64_t *v) {
    uint32_t h = tally_hash(s.p, s.len);
    for (size_t i = 0; i < n; i++)
        if (tab[i].h == h && span_is(s, tab[i].w)) {
            *v = tab[i].v;
            return 1;
        }
    return 0;
}

/* Does the phrase (words, hashes h) match at token i (below end)? Its length or 0. */
static size_t phrase_at(const tally_tokens *tk, size_t i, size_t end, const char *const *words,
                        const uint32_t *h) {
    size_t k = 0;
    for (; k < 4 && words[k]; k++)
        if (i + k >= end || tk->toks[i + k].hash != h[k] || !tally_tokens_is(tk, i + k, words[k]))
            return 0;
    return k;
}

/* A unit word, or a hyphenated compound of them (twenty-five). */
static int word_value_of(tally_span s, int64_t *v) {
    if (lookup(s, UNITS, ARRAY_LEN(UNITS), v))
        return 1;
    const char *h = memchr(s.p, '-', s.len);
    if (!h)
        return 0;
    tally_span a = {s.p, (size_t)(h - s.p)}, b = {h + 1, s.len - (size_t)(h - s.p) - 1};
    int64_t x, y;
    if (lookup(a, UNITS, ARRAY_LEN(UNITS), &x) && x >= 20 && x % 10 == 0 &&
        lookup(b, UNITS, ARRAY_LEN(UNITS), &y) && y >= 1 && y <= 9) {
        *v = x + y;
        return 1;
    }
    return 0;
}

/* Counts saturate at NUM_CAP (a quadrillion): "999999999999 billion" or "five
 * hundred hundred ..." is no count anyone reports, and a cap this far below
 * INT64_MAX leaves room for the sums the figure rules make. All arguments >= 0. */
#define NUM_CAP ((int64_t)1000000000000000)

static int64_t sat_add(int64_t a, int64_t b) {
    return a >= NUM_CAP - b ? NUM_CAP : a + b;
}

static int64_t sat_mul(int64_t a, int64_t b) {
    if (a == 0 || b == 0)
        return 0;
    return a >= NUM_CAP / b ? NUM_CAP : a * b;
}

/* A double rounded to the nearest count; NaN, negatives and huge values saturate. */
static int64_t sat_round(double x) {
    if (!(x < (double)NUM_CAP))
        return NUM_CAP;
    return x > 0 ? (int64_t)(x + 0.5) : 0;
}

/* Parse the digits of a NUM token: 5, 162,000, 3.500 (a thousands dot), 1.7.
 * Sets *v (whole part or whole value), *dec (the value as a double), *is_dec. */
static size_t parse_digits(const char *p, size_t len, int64_t *v, double *dec, int *is_dec) {
    int64_t x = 0;
    size_t i = 0;
    *is_dec = 0;
    while (i < len && (is_digit(p[i]) || (p[i] == ',' && i + 3 < len + 1 && i > 0))) {
        if (p[i] != ',') {
            x = x < NUM_CAP / 10 ? x * 10 + (p[i] - '0') : NUM_CAP;
        }
        i++;
    }
    double d = (double)x;
    if (i + 1 < len && p[i] == '.' && is_digit(p[i + 1])) {
        size_t j = i + 1, nd = 0;
        double frac = 0, scale = 1;
        int64_t y = 0;
        while (j < len && is_digit(p[j])) {
            frac = frac * 10 + (p[j] - '0');
            scale *= 10;
            if (y < (int64_t)1e15)
                y = y * 10 + (p[j] - '0');
            j++, nd++;
        }
        if (nd == 3 && i <= 3 && x > 0) {
            /* 3.500: a thousands dot, unless a scale word follows (decided by caller) */
            *is_dec = 2;
            d = (double)x + frac / scale;
            *dec = d;
            *v = x * 1000 + y;
            return j;
        }
        *is_dec = 1;
        d = (double)x + frac / scale;
        i = j;
    }
    *v = x;
    *dec = d;
    return i;
}

/* A cardinal at token i: a NUM token or number words, with scale words
 * (2 million, two hundred and fifty, a dozen). Returns tokens used, 0 if none. */
static size_t cardinal(const tally_tokens *tk, size_t i, size_t end, int64_t *out, double *dval,
                       uint8_t *kind) {
    const tally_token *t = &tk->toks[i];
    tally_span s = tally_tokens_fold(tk, i);
    int64_t v = 0;
    double d = 0;
    size_t used = 0;
    *kind = TALLY_NUM_COUNT;
    if (t->kind == TALLY_TOK_NUM) {
        int is_dec;
        size_t k = parse_digits(s.p, s.len, &v, &d, &is_dec);
        if (k < s.len) {
            /* a suffix inside the token: 2nd, 25-year-old, 10:30, 90% handled by caller */
            tally_span rest = {s.p + k, s.len - k};
            if (span_is(rest, "st") || span_is(rest, "nd") || span_is(rest, "rd") ||
                span_is(rest, "th")) {
                *kind = TALLY_NUM_ORDINAL;
            } else if (rest.p[0] == ':') {
                *kind = TALLY_NUM_TIME;
            } else if (rest.p[0] == '-' && rest.len > 1 && is_digit(rest.p[1])) {
                *kind = TALLY_NUM_COUNT; /* a range 8-10: caller reads the second part */
            } else {
                *kind = TALLY_NUM_ADJ;
            }
            *out = v;
            *dval = d;
            return 1;
        }
        used = 1;
        if (is_dec == 2) {
            /* 3.500 is 3,500 unless a scale word follows (1.500 million is 1.5 million) */
            int64_t sc;
            if (i + 1 < end && lookup(tally_tokens_fold(tk, i + 1), SCALES, ARRAY_LEN(SCALES), &sc) &&
                sc >= 1000000) {
                *out = sat_round(d * (double)sc);
                *dval = (double)*out;
                return 2;
            }
            *out = v;
            *dval = (double)v;
            return 1;
        }
        if (is_dec == 1) {
            int64_t sc;
            if (i + 1 < end && lookup(tally_tokens_fold(tk, i + 1), SCALES, ARRAY_LEN(SCALES), &sc)) {
                *out = sat_round(d * (double)sc);
                *dval = (double)*out;
                return 2;
            }
            *kind = TALLY_NUM_DECIMAL;
            *out = v;
            *dval = d;
            return 1;
        }
    } else if (t->kind == TALLY_TOK_WORD) {
        int64_t x;
        if (s.len == 1 && s.p[0] == 'a' &&
            !(i + 1 < end && (tally_tokens_is(tk, i + 1, "dozen") || tally_tokens_is(tk, i + 1, "hundred") ||
                              tally_tokens_is(tk, i + 1, "thousand") || tally_tokens_is(tk, i + 1, "million"))))
            return 0; /* "a" counts only as "a dozen", "a hundred" */
        const char *h = memchr(s.p, '-', s.len);
        if (word_value_of(s, &x)) {
            v = x;
            used = 1;
        } else if (h && word_value_of((tally_span){s.p, (size_t)(h - s.p)}, &x)) {
            *out = x; /* five-year-old, two-day */
            *dval = (double)x;
            *kind = TALLY_NUM_ADJ;
            return 1;
        } else if (span_is(s, "a") && i + 1 < end &&
                   (tally_tokens_is(tk, i + 1, "dozen") || tally_tokens_is(tk, i + 1, "hundred") ||
                    tally_tokens_is(tk, i + 1, "thousand") || tally_tokens_is(tk, i + 1, "million"))) {
            v = 1;
            used = 1;
            if (tally_tokens_is(tk, i + 1, "dozen")) {
                *out = 12;
                *dval = 12;
                return 2;
            }
        } else if (lookup(s, ORDINALS, ARRAY_LEN(ORDINALS), &x)) {
            *kind = TALLY_NUM_ORDINAL;
            *out = x;
            *dval = (double)x;
            return 1;
        } else {
            return 0;
        }
        if (span_is(s, "one") && i > 0 && (tally_tokens_is(tk, i - 1, "no") || tally_tokens_is(tk, i - 1, "any") || tally_tokens_is(tk, i - 1, "every") || tally_tokens_is(tk, i - 1, "someone")))
            return 0;
    } else {
        return 0;
    }
    /* scale words and "and" between parts: two hundred and fifty, 2 million */
    int64_t total = 0, part = v;
    size_t j = i + used;
    while (j < end) {
        int64_t sc, x;
        tally_span w = tally_tokens_fold(tk, j);
        if (lookup(w, SCALES, ARRAY_LEN(SCALES), &sc)) {
            if (part == 0)
                part = 1;
            if (sc == 100) {
                part = sat_mul(part, 100);
            } else {
                total = sat_add(total, sat_mul(part, sc));
                part = 0;
            }
            j++;
            continue;
        }
        if (tk->toks[i].kind == TALLY_TOK_WORD && span_is(w, "and") && j + 1 < end && (part >= 100 || total >= 1000) &&
            word_value_of(tally_tokens_fold(tk, j + 1), &x) && x < 100) {
            part = sat_add(part, x);
            j += 2;
            continue;
        }
        if (tk->toks[i].kind == TALLY_TOK_WORD && part >= 100 && part % 100 == 0 &&
            word_value_of(w, &x) && x < 100) {
            part = sat_add(part, x);
            j++;
            continue;
        }
        break;
    }
    *out = sat_add(total, part);
    *dval = (double)*out;
    return j - i;
}

static int looks_year(const tally_tokens *tk, size_t i, size_t end, int64_t v) {
    tally_span s = tally_tokens_fold(tk, i);
    if (v < 1900 || v > 2099 || s.len != 4)
        return 0;
    static const char *before[] = {"in",   "since", "of",   "by",     "until", "from",  "to",
                                   "year", "early", "late", "mid",    "summer", "winter", "spring",
                                   "autumn", "fall", "during", "before", "after", "and", "till",
                                   "between", "through", "the", "'", ","};
    if (i + 1 >= end || tk->toks[i + 1].kind != TALLY_TOK_WORD ||
        (tk->toks[i + 1].flags & TALLY_TF_CAP))
        return 1;
    if (i > 0) {
        tally_span p = tally_tokens_fold(tk, i - 1);
        for (size_t k = 0; k < ARRAY_LEN(before); k++)
            if (span_is(p, before[k]))
                return 1;
        static const char *months[] = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"};
        for (size_t k = 0; k < ARRAY_LEN(months); k++)
            if (span_is(p, months[k]))
                return 1;
    }
    return 0;
}

size_t tally_numbers_find(tally_arena *a, const tally_tokens *tk, size_t sidx, tally_number **out) {
    const tally_sentence *se = &tk->sents[sidx];
    size_t begin = se->tok_start, end = se->tok_end, n = 0, cap = 8;
    tally_number *res = tally_arena_alloc(a, cap * sizeof *res);
    for (size_t i = begin; i < end;) {
        const tally_token *ti = &tk->toks[i];
        /* most tokens can start no number: skip them on their lexicon bits alone */
        if (ti->kind == TALLY_TOK_PUNCT ||
            (ti->kind == TALLY_TOK_WORD && !(ti->lex & (LEX_NUMWORD | LEX_QUAL | LEX_VAGUE)) &&
             !(ti->flags & TALLY_TF_HYPHEN))) {
            i++;
            continue;
        }
        tally_number num;
        memset(&num, 0, sizeof num);
        num.tok_start = (uint32_t)i;
        size_t j = i;
        /* vague quantity words */
        size_t vk = 0;
        for (size_t q = 0; q < ARRAY_LEN(VAGUE) && !vk && (ti->lex & LEX_VAGUE); q++) {
            if (VAGUE[q].h[0] != ti->hash)
                continue;
            vk = phrase_at(tk, i, end, VAGUE[q].words, VAGUE[q].h);
            if (vk) {
                num.lo = num.hi = VAGUE[q].floor;
                num.value = (double)num.lo;
            }
        }
        if (vk) {
            num.kind = TALLY_NUM_COUNT;
            num.qual = TALLY_Q_VAGUE;
            num.num_tok = (uint32_t)i;
            num.tok_end = (uint32_t)(i + vk);
            goto push;
        }
        /* qualifier, then a cardinal */
        for (size_t q = 0; q < ARRAY_LEN(QUALS) && (ti->lex & LEX_QUAL); q++) {
            if (QUALS[q].h[0] != ti->hash)
                continue;
            size_t k = phrase_at(tk, i, end, QUALS[q].words, QUALS[q].h);
            int64_t tv;
            double td;
            uint8_t tkind;
            if (k && i + k < end && cardinal(tk, i + k, end, &tv, &td, &tkind) &&
                tkind == TALLY_NUM_COUNT) {
                num.qual = QUALS[q].qual;
                j = i + k;
                break;
            }
        }
        int between = 0;
        if (j == i && tally_tokens_is(tk, i, "between") && i + 1 < end)
            between = 1, j = i + 1;
        {
            int64_t v;
            double d;
            uint8_t kind;
            size_t k = cardinal(tk, j, end, &v, &d, &kind);
            if (!k) {
                i++;
                continue;
            }
            num.num_tok = (uint32_t)j;
            num.lo = num.hi = v;
            num.value = d;
            num.kind = kind;
            size_t after = j + k;
            tally_span s = tally_tokens_fold(tk, j);
            if (tk->toks[j].kind == TALLY_TOK_NUM && kind == TALLY_NUM_COUNT && k == 1) {
                const char *h = memchr(s.p, '-', s.len);
                if (h) { /* 8-10 in one token */
                    int64_t hv;
                    double hd;
                    int isd;
                    parse_digits(h + 1, s.len - (size_t)(h + 1 - s.p), &hv, &hd, &isd);
                    if (hv > v)
                        num.hi = hv;
                }
            }
            if (kind == TALLY_NUM_COUNT && k == 1 && tk->toks[j].kind == TALLY_TOK_NUM &&
                looks_year(tk, j, end, v))
                num.kind = TALLY_NUM_YEAR;
            if (num.kind == TALLY_NUM_COUNT && tk->toks[j].kind == TALLY_TOK_NUM && after < end &&
                (tally_tokens_is(tk, after, "a.m") || tally_tokens_is(tk, after, "p.m") ||
                 tally_tokens_is(tk, after, "a.m.") || tally_tokens_is(tk, after, "p.m.") ||
                 tally_tokens_is(tk, after, "am") || tally_tokens_is(tk, after, "pm")))
                num.kind = TALLY_NUM_TIME;
            /* percentages */
            if (after < end && (tally_tokens_is(tk, after, "%") || tally_tokens_is(tk, after, "percent") ||
                                tally_tokens_is(tk, after, "pct"))) {
                num.kind = TALLY_NUM_PERCENT;
                after++;
            } else if (after + 1 < end && tally_tokens_is(tk, after, "per") &&
                       tally_tokens_is(tk, after + 1, "cent")) {
                num.kind = TALLY_NUM_PERCENT;
                after += 2;
            }
            /* ranges: 8 to 10, between 8 and 10, eight or nine */
            if (num.kind == TALLY_NUM_COUNT && after + 1 < end &&
                (tally_tokens_is(tk, after, "to") || tally_tokens_is(tk, after, "-") ||
                 tally_tokens_is(tk, after, "or") || (between && tally_tokens_is(tk, after, "and")))) {
                int64_t v2;
                double d2;
                uint8_t k2;
                size_t kk = cardinal(tk, after + 1, end, &v2, &d2, &k2);
                if (kk && k2 == TALLY_NUM_COUNT && v2 > v) {
                    num.hi = v2;
                    after += 1 + kk;
                }
            }
            if (between && num.hi == num.lo) {
                num.tok_start = (uint32_t)j; /* "between" without "and": not a range */
            }
            num.tok_end = (uint32_t)after;
        }
    push:
        if (n == cap) {
            tally_number *r2 = tally_arena_alloc(a, cap * 2 * sizeof *r2);
            memcpy(r2, res, n * sizeof *r2);
            res = r2;
            cap *= 2;
        }
        res[n++] = num;
        i = num.tok_end > i ? num.tok_end : i + 1;
    }
    *out = res;
    return n;
}
