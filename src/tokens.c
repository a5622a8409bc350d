/* tokens.c: tokens (slices of the text, matched through the fold) and sentences:
 * abbreviations, initials, decimals and thousands, quotes, brackets, bullets,
 * paragraph breaks and header lines. */
#include "lexicon.h"
#include "tally.h"
#include "util.h"

#include <string.h>
#include <utf8proc.h>

#define MAX_SENT_TOKENS 400 /* a sentence longer than this is cut: keeps later stages linear */

/* A non-ASCII character in the fold: a letter unless it is punctuation, a symbol or a space. */
static int word_byte_utf8(const unsigned char *f, size_t i, size_t n) {
    utf8proc_int32_t cp;
    utf8proc_iterate(f + i, (utf8proc_ssize_t)(n - i), &cp);
    if (cp < 0)
        return 1;
    utf8proc_category_t cat = utf8proc_category(cp);
    return !(cat >= UTF8PROC_CATEGORY_PC && cat <= UTF8PROC_CATEGORY_SO) &&
           !(cat >= UTF8PROC_CATEGORY_ZS && cat <= UTF8PROC_CATEGORY_CF);
}

static inline int word_byte(const unsigned char *f, size_t i, size_t n) {
    unsigned c = f[i];
    if (c < 0x80)
        return is_alpha((int)c) || is_digit((int)c);
    return word_byte_utf8(f, i, n);
}

/* Bytes of the code point starting at f[i]. */
static size_t cp_len(const unsigned char *f, size_t i, size_t n) {
    unsigned c = f[i];
    size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    return i + k <= n ? k : n - i;
}

/* ASCII letters (1) and digits (2). */
static const uint8_t ALNUM[256] = {
    ['0'] = 2, ['1'] = 2, ['2'] = 2, ['3'] = 2, ['4'] = 2, ['5'] = 2, ['6'] = 2, ['7'] = 2, ['8'] = 2,
    ['9'] = 2, ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1,
    ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1,
    ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1,
    ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
    ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1};

/* Length of the word or number token starting at f[i]. */
static size_t scan_word(const unsigned char *f, size_t i, size_t n) {
    size_t s = i;
    int digits_only = 1, dotted = 0;
    while (i < n) {
        /* the common case: a run of ASCII letters and digits */
        while (i < n && ALNUM[f[i]]) {
            digits_only &= ALNUM[f[i]] == 2;
            i++;
        }
        if (i >= n)
            break;
        if (f[i] >= 0x80 && word_byte(f, i, n)) {
            digits_only = 0;
            i += cp_len(f, i, n);
            continue;
        }
        unsigned c = f[i];
        int next_word = i + 1 < n && word_byte(f, i + 1, n);
        if (c == '-' && next_word && i > s) {
            i++;
            continue;
        }
        if (c == '\'' && next_word && i > s && is_alpha(f[i - 1])) {
            /* possessive 's stays a token of its own */
            if ((f[i + 1] == 's') && (i + 2 >= n || !word_byte(f, i + 2, n)))
                break;
            i++;
            continue;
        }
        if ((c == ',' || c == '.' || c == ':') && digits_only && i + 1 < n && is_digit(f[i + 1])) {
            if (c == ',') { /* thousands: exactly three digits follow */
                size_t j = i + 1;
                while (j < n && is_digit(f[j]))
                    j++;
                if (j - i - 1 != 3)
                    break;
            }
            i++;
            continue;
        }
        if (c == '.' && i > s && is_alpha(f[i - 1]) && (i - 1 == s || f[i - 2] == '.') &&
            i + 1 < n && is_alpha(f[i + 1]) && (i + 2 >= n || f[i + 2] == '.')) {
            dotted = 1; /* U.S, U.N */
            i++;
            continue;
        }
        if (c == '.' && dotted) { /* the final dot of U.S. */
            i++;
            dotted = 0;
            break;
        }
        break;
    }
    return i - s;
}

static const char *ABBREV[] = {"mr",   "mrs",  "ms",   "dr",   "gen",  "lt",   "col",  "maj",
                               "capt", "sgt",  "cpl",  "pvt",  "adm",  "cmdr", "brig", "sen",
                               "rep",  "gov",  "pres", "st",   "mt",   "ft",   "jr",   "sr",
                               "prof", "rev",  "hon",  "spc",  "pfc",  "cdr",  "lieut", "gens",
                               "messrs", "vs", "cpt",  "sgt",  "maj",  "ssgt", "msgt", "no",
                               "approx", "dept", "est", "inc", "corp", "co", "ltd", "nos"};
static const char *MONTH_ABBREV[] = {"jan", "feb", "mar", "apr", "jun", "jul", "aug",
                                     "sep", "sept", "oct", "nov", "dec"};

/* The abbreviation lists go into the lexicon once (bit LEX_ABBREV; month
 * abbreviations are LEX_MONTH already), so a '.' costs a bit test. */
__attribute__((constructor)) static void tokens_init(void) {
    for (size_t i = 0; i < ARRAY_LEN(ABBREV); i++)
        tally_lexicon_add(ABBREV[i], LEX_ABBREV);
}

static int span_eq(const char *p, size_t len, const char *w) {
    return strlen(w) == len && memcmp(p, w, len) == 0;
}

static int in_list(const char *p, size_t len, const char **list, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (span_eq(p, len, list[i]))
            return 1;
    return 0;
}


static void tokenize(tally_arena *a, const tally_text *t, tally_tokens *out) {
    const unsigned char *f = (const unsigned char *)t->fold;
    size_t n = t->fold_len;
    /* a token and its space take five bytes or so; the array doubles when text is denser */
    size_t cap = n / 4 + 16;
    tally_token *toks = tally_arena_alloc_raw(a, cap * sizeof *toks); /* every field is set */
    size_t nt = 0;
    int newlines = 0, space = 1;
    for (size_t i = 0; i < n;) {
        unsigned c = f[i];
        if (is_space((int)c)) {
            if (c == '\n')
                newlines++;
            space = 1;
            i++;
            continue;
        }
        size_t len = word_byte(f, i, n) ? scan_word(f, i, n) : cp_len(f, i, n);
        if (c == '\'' && i + 1 < n && f[i + 1] == 's' && (i + 2 >= n || !word_byte(f, i + 2, n)) &&
            !space)
            len = 2; /* possessive 's */
        if (!len)
            len = 1;
        if (nt == cap) {
            tally_token *nt2 = tally_arena_alloc_raw(a, cap * 2 * sizeof *toks);
            memcpy(nt2, toks, nt * sizeof *toks);
            toks = nt2;
            cap *= 2;
        }
        tally_token *tok = &toks[nt++];
        tok->fstart = (uint32_t)i;
        tok->flen = (uint32_t)len;
        tok->hash = tally_hash(t->fold + i, len);
        tok->lex = tally_lexicon_get(tok->hash, t->fold + i, len);
        size_t ts = tally_text_offset(t, i), te = tally_text_offset(t, i + len);
        tok->start = (uint32_t)ts;
        tok->len = (uint32_t)(te - ts);
        tok->kind = is_digit((int)c)                  ? TALLY_TOK_NUM
                    : word_byte(f, i, n) || len == 2 ? TALLY_TOK_WORD
                                                     : TALLY_TOK_PUNCT;
        uint8_t fl = 0;
        if (space)
            fl |= TALLY_TF_SPACE;
        if (newlines || nt == 1)
            fl |= TALLY_TF_LINE;
        if (newlines >= 2 || nt == 1)
            fl |= TALLY_TF_PARA;
        if (tok->kind != TALLY_TOK_PUNCT)
            for (size_t k = 1; k < len; k++)
                if (f[i + k] == '-') {
                    fl |= TALLY_TF_HYPHEN;
                    break;
                }
        if (tok->kind == TALLY_TOK_WORD) {
            /* case from the original text: the first letter's, and whether all are upper */
            const unsigned char *o = (const unsigned char *)t->text + ts;
            size_t ol = te - ts, j = 0;
            while (j < ol && o[j] < 0x80 && !is_alpha(o[j]))
                j++;
            if (j < ol && o[j] < 0x80) {
                if (is_upper(o[j])) {
                    fl |= TALLY_TF_CAP;
                    size_t letters = 1;
                    int all = 1;
                    for (size_t k = j + 1; k < ol && all; k++)
                        if (o[k] >= 'a' && o[k] <= 'z')
                            all = 0;
                        else if (is_upper(o[k]))
                            letters++;
                    if (all && letters > 1)
                        fl |= TALLY_TF_UPPER;
                }
            } else if (j < ol && o[j] >= 0xC0) {
                utf8proc_int32_t cp;
                utf8proc_iterate(o + j, (utf8proc_ssize_t)(ol - j), &cp);
                if (cp >= 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_LU)
                    fl |= TALLY_TF_CAP;
            }
        }
        tok->flags = fl;
        newlines = 0;
        space = 0;
        i += len;
    }
    out->toks = toks;
    out->ntoks = nt;
}

static int is_fold(const tally_tokens *tk, size_t i, char c) {
    return i < tk->ntoks && tk->toks[i].flen == 1 && tk->text->fold[tk->toks[i].fstart] == c;
}

static int is_closer(const tally_tokens *tk, size_t i) {
    return is_fold(tk, i, '"') || is_fold(tk, i, '\'') || is_fold(tk, i, ')') || is_fold(tk, i, ']');
}

static int is_terminal(const tally_tokens *tk, size_t i) {
    return is_fold(tk, i, '.') || is_fold(tk, i, '!') || is_fold(tk, i, '?') ||
           (i < tk->ntoks && tk->toks[i].flen == 3 &&
            memcmp(tk->text->fold + tk->toks[i].fstart, "...", 3) == 0);
}

/* Does a sentence plausibly start at token i? */
static int starts_sentence(const tally_tokens *tk, size_t i) {
    if (i >= tk->ntoks)
        return 1;
    const tally_token *t = &tk->toks[i];
    if (t->kind == TALLY_TOK_WORD)
        return (t->flags & TALLY_TF_CAP) != 0;
    if (t->kind == TALLY_TOK_NUM)
        return 1;
    if (is_fold(tk, i, '"') || is_fold(tk, i, '(') || is_fold(tk, i, '\'') || is_fold(tk, i, '['))
        return i + 1 >= tk->ntoks || tk->toks[i + 1].kind != TALLY_TOK_WORD ||
               (tk->toks[i + 1].flags & TALLY_TF_CAP);
    return 1;
}

/* Is the '.' at token i the end of an abbreviation rather than of a sentence? */
static int abbreviation_dot(const tally_tokens *tk, size_t i) {
    if (i == 0 || tk->toks[i].flags & TALLY_TF_SPACE)
        return 0;
    const tally_token *w = &tk->toks[i - 1];
    if (w->kind != TALLY_TOK_WORD)
        return 0;
    const char *p = tk->text->fold + w->fstart;
    if (w->flen == 1 && (w->flags & TALLY_TF_CAP))
        return 1; /* an initial: John F. Kennedy */
    if (!(w->lex & (LEX_ABBREV | LEX_MONTH)))
        return 0;
    if (span_eq(p, w->flen, "no") || span_eq(p, w->flen, "nos") ||
        ((w->lex & LEX_MONTH) && in_list(p, w->flen, MONTH_ABBREV, ARRAY_LEN(MONTH_ABBREV))))
        return i + 1 < tk->ntoks && tk->toks[i + 1].kind == TALLY_TOK_NUM;
    return (w->lex & LEX_ABBREV) != 0;
}

/* A sentence glued to the one before with no space, "to the hospital.It happened":
 * the dot j between a lower-case word and a capitalized one i, both words of some
 * length (not "U.S.", not an abbreviation). */
static int glued_sentence(const tally_tokens *tk, size_t j, size_t i) {
    if (j == 0 || i != j + 1 || !is_fold(tk, j, '.') || abbreviation_dot(tk, j))
        return 0;
    const tally_token *w = &tk->toks[j - 1], *t = &tk->toks[i];
    return w->kind == TALLY_TOK_WORD && w->flen >= 3 && !(w->flags & TALLY_TF_CAP) && t->kind == TALLY_TOK_WORD &&
           t->flen >= 2 && (t->flags & TALLY_TF_CAP) && !(t->flags & TALLY_TF_UPPER);
}

static int is_bullet(const tally_tokens *tk, size_t i) {
    if (!(tk->toks[i].flags & TALLY_TF_LINE))
        return 0;
    if (is_fold(tk, i, '-') || is_fold(tk, i, '*'))
        return 1;
    return tk->toks[i].kind == TALLY_TOK_PUNCT && tk->toks[i].flen == 3 &&
           memcmp(tk->text->fold + tk->toks[i].fstart, "\xe2\x80\xa2", 3) == 0;
}

/* Should a sentence break fall between tokens i-1 and i? */
static int breaks_before(const tally_tokens *tk, size_t i) {
    const tally_token *t = &tk->toks[i], *p = &tk->toks[i - 1];
    if (is_bullet(tk, i))
        return 1;
    if (t->flags & TALLY_TF_PARA) {
        /* a paragraph break in mid-sentence (a layout accident) is not a break */
        return !(t->kind == TALLY_TOK_WORD && !(t->flags & TALLY_TF_CAP) && !is_terminal(tk, i - 1));
    }
    /* the last token of the previous sentence, closers skipped */
    size_t j = i - 1;
    while (j > 0 && is_closer(tk, j) && !(tk->toks[j].flags & TALLY_TF_SPACE))
        j--;
    if (is_terminal(tk, j)) {
        if (!(t->flags & TALLY_TF_SPACE) && !(t->flags & TALLY_TF_LINE))
            return glued_sentence(tk, j, i); /* "the hospital.It happened" */
        if (is_fold(tk, j, '.') && abbreviation_dot(tk, j))
            return 0;
        return starts_sentence(tk, i);
    }
    if (p->kind == TALLY_TOK_WORD && p->flen > 2 && tk->text->fold[p->fstart + p->flen - 1] == '.' &&
        (t->flags & TALLY_TF_LINE))
        return starts_sentence(tk, i); /* "U.S." at the end of a line */
    if (t->flags & TALLY_TF_LINE) {
        /* a header line (title, byline, dateline) ends without punctuation */
        int header_end = is_fold(tk, i - 1, ')') || p->kind == TALLY_TOK_NUM ||
                         (p->kind == TALLY_TOK_WORD && (p->flags & TALLY_TF_CAP));
        return header_end && starts_sentence(tk, i);
    }
    return 0;
}

void tally_tokens_split(tally_arena *a, const tally_text *t, tally_tokens *out) {
    memset(out, 0, sizeof *out);
    out->text = t;
    tokenize(a, t, out);
    size_t cap = 16;
    uint8_t *brk = tally_arena_alloc(a, out->ntoks + 1);
    for (size_t i = 1; i < out->ntoks; i++)
        if ((brk[i] = (uint8_t)breaks_before(out, i)))
            cap++;
    cap += out->ntoks / MAX_SENT_TOKENS + 1;
    tally_sentence *s = tally_arena_alloc(a, cap * sizeof *s);
    size_t ns = 0, begin = 0;
    for (size_t i = 1; i <= out->ntoks; i++) {
        if (i == out->ntoks || i - begin >= MAX_SENT_TOKENS || brk[i]) {
            if (ns == cap)
                break;
            s[ns].tok_start = (uint32_t)begin;
            s[ns].tok_end = (uint32_t)i;
            s[ns].start = out->toks[begin].start;
            s[ns].end = out->toks[i - 1].start + out->toks[i - 1].len;
            ns++;
            begin = i;
        }
    }
    out->sents = s;
    out->nsents = out->ntoks ? ns : 0;
}
