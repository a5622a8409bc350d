/* names.c: ACLED's names for actors and countries, read from the tables under data/
 * that the build turns into C strings (build/gen/names_data.c). */
#include "names.h"
#include "util.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "names_data.c" /* ACTOR_NAMES_TSV, COUNTRIES_TSV */

/* One row of data/actor-names.tsv. */
typedef struct {
    const char *code;  /* CAMEO code or prefix; "---ROLE" for a role in any country */
    const char *words; /* phrases separated by '|', or NULL for any words */
    const char *name;  /* ACLED name, may hold {country} */
    int inter;         /* ACLED inter code */
} name_row;

static name_row *rows;
static size_t nrows;
static tally_country *countries;
static size_t ncountries;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* Split the tab-separated lines of text (a copy we own) into fields; skips comments
 * and blank lines. Calls row(fields, n) for each line. */
static void read_tsv(const char *text, void (*row)(char **f, size_t n)) {
    char *copy = xmalloc(strlen(text) + 1), *line = copy;
    strcpy(copy, text);
    while (line && *line) {
        char *next = strchr(line, '\n');
        if (next)
            *next++ = 0;
        if (*line && *line != '#') {
            char *f[6];
            size_t n = 0;
            for (char *p = line; p && n < ARRAY_LEN(f);) {
                f[n++] = p;
                if ((p = strchr(p, '\t')) != NULL)
                    *p++ = 0;
            }
            row(f, n);
        }
        line = next;
    }
    /* copy lives as long as the program: the rows point into it */
}

static void name_line(char **f, size_t n) {
    if (n < 4)
        return;
    rows = realloc(rows, (nrows + 1) * sizeof *rows);
    if (!rows)
        abort();
    rows[nrows++] = (name_row){f[0], strcmp(f[1], "-") ? f[1] : NULL, f[2], atoi(f[3])};
}

static void country_line(char **f, size_t n) {
    if (n < 4)
        return;
    countries = realloc(countries, (ncountries + 1) * sizeof *countries);
    if (!countries)
        abort();
    countries[ncountries++] = (tally_country){f[0], f[2], f[3], atoi(f[1])};
}

static void load(void) {
    read_tsv(ACTOR_NAMES_TSV, name_line);
    read_tsv(COUNTRIES_TSV, country_line);
}

const tally_country *tally_names_country(const char *alpha3) {
    pthread_once(&once, load);
    if (!alpha3 || strlen(alpha3) < 3)
        return NULL;
    for (size_t i = 0; i < ncountries; i++)
        if (strncasecmp(countries[i].alpha3, alpha3, 3) == 0)
            return &countries[i];
    return NULL;
}

static int is_alnum(int c) { return is_alpha(c) || (c >= '0' && c <= '9'); }

/* Do words hold phrase p[0..len) as whole words (ASCII case ignored)? */
static int has_phrase(const char *words, const char *p, size_t len) {
    for (const char *w = words; *w; w++) {
        if (strncasecmp(w, p, len) != 0)
            continue;
        int before = w == words || !is_alnum((unsigned char)w[-1]);
        int after = !is_alnum((unsigned char)w[len]);
        if (before && after)
            return 1;
    }
    return 0;
}

/* Does a row with words ("a|b|c") apply to the actor's words? */
static int words_match(const char *list, const char *words) {
    if (!words)
        return 0;
    for (const char *p = list; *p;) {
        const char *e = strchr(p, '|');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len && has_phrase(words, p, len))
            return 1;
        p += len + (e != NULL);
    }
    return 0;
}

/* How well row r fits code (role: the code after its country, or NULL): the length
 * of code it matches, times two, plus one for a row whose words matched; 0 for none. */
static size_t fit(const name_row *r, const char *code, const char *role, const char *words) {
    size_t n = strlen(r->code), m;
    if (r->words && !words_match(r->words, words))
        return 0;
    if (n > 3 && memcmp(r->code, "---", 3) == 0)
        m = role && strncmp(role, r->code + 3, n - 3) == 0 ? n - 3 : 0;
    else
        m = strncmp(code, r->code, n) == 0 ? n : 0;
    return m ? m * 2 + (r->words != NULL) : 0;
}

/* Write template t into buf, {country} replaced by the country's name. */
static void expand(const char *t, const tally_country *c, char *buf, size_t cap) {
    const char *at = strstr(t, "{country}");
    if (!at)
        snprintf(buf, cap, "%s", t);
    else
        snprintf(buf, cap, "%.*s%s%s", (int)(at - t), t, c ? c->name : "Unknown Country", at + 9);
}

const char *tally_names_actor(const char *code, const char *words, const char *country, char *buf, size_t cap,
                              int *inter) {
    pthread_once(&once, load);
    int dummy;
    if (!inter)
        inter = &dummy;
    *inter = 0;
    if (!code || !*code)
        return NULL;
    const tally_country *own = NULL;
    const char *role = NULL;
    if (strncmp(code, "---", 3) == 0)
        role = code + 3;
    else if ((own = tally_names_country(code)) != NULL)
        role = code + 3;
    const tally_country *home = tally_names_country(country);
    const name_row *best = NULL;
    size_t best_fit = 0;
    for (size_t i = 0; i < nrows; i++) {
        size_t f = fit(&rows[i], code, role, words);
        if (f > best_fit)
            best = &rows[i], best_fit = f;
    }
    if (!best)
        return NULL;
    const tally_country *c = own ? own : home;
    expand(best->name, c, buf, cap);
    *inter = best->inter;
    if (*inter == 1 && own && home && own != home)
        *inter = 8; /* state forces outside their own country */
    return buf;
}
