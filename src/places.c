/* places.c: finds place mentions in an article and resolves each one against
 * the gazetteer, using the whole document as context. No I/O. */
#include "lexicon.h"
#include "places.h"
#include "gazetteer.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXSPAN 6  /* tokens in one place name */
#define MAXCAND 48 /* places considered for one mention */
#define FAR_PENALTY 3.0 /* a reading in a country nothing else in the story is in */

/* Capitalized words that start sentences or name people and offices, never
 * places on their own (a town called "Police" or "Will" is not worth the noise). */
static const char *const STOP[] = {
    "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "in", "on", "at", "but", "and",
    "or", "if", "as", "this", "that", "these", "those", "his", "her", "their", "its", "our", "my",
    "mr", "mrs", "ms", "dr", "president", "minister", "police", "army", "government", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "god", "allah", "islam", "islamic", "state", "national", "general", "when",
    /* armed groups whose names some hamlet somewhere also bears */
    "taliban", "haqqani", "hezbollah", "hizballah", "qaeda", "isil", "isis", "daesh", "hamas",
    "houthi", "houthis", "peshmerga", "shabaab", "mahdi", "sadrist", "sadrists", "baathist",
    "after", "before", "there", "then", "some", "many", "more", "most", "one", "two", "all",
    "no", "not", "so", "by", "for", "from", "with", "to", "of", "also", "while", "where", "what",
    "who", "why", "how", "last", "next", "new", "time", "city", "province", "district", "county",
    "north", "south", "east", "west", "central", "northern", "southern", "eastern", "western",
    "university", "hospital", "street", "road", "airport", "union", "council", "party", "court",
    "office", "house", "senate", "congress", "parliament", "ministry", "department", "force",
    "forces", "military", "reuters", "associated", "press", "news", "media", "center", "centre",
    "world", "international", "christian", "muslim", "sunni", "shiite", "shia", "kurdish",
    "arab", "jewish", "catholic", "western", "media", "agency", "post", "times", "daily", "said",
    "says", "according", "during", "despite", "since", "until", "under", "over", "about", "only",
    "even", "just", "however", "meanwhile", "although", "because", "both", "each", "other",
    "such", "several", "few", "among", "between", "into", "through", "here", "now", "today",
    "yesterday", "tomorrow", "earlier", "later", "early", "late", "first", "second", "third",
    "can", "will", "would", "could", "should", "must", "did", "does", "do", "was", "were", "is",
    "are", "be", "been", "have", "has", "had", "let", "see", "say", "tell", "told", "man", "men",
    "woman", "women", "people", "children", "family", "friends", "home", "work", "life", "day",
    "night", "morning", "evening", "week", "month", "year", "years", "live", "love", "hope",
    "best", "good", "great", "big", "long", "little", "old", "young", "high", "low", "white",
    "black", "red", "green", "blue", "gold", "golden", "royal", "saint", "st", "mount", "lake",
    "river", "bay", "port", "fort", "camp", "base", "station", "club", "school", "college",
    "church", "mosque", "temple", "market", "square", "park", "bridge", "tower", "hall",
    "center", "valley", "hill", "hills", "island", "islands", "beach", "mall", "hotel", "bank",
    "trump", "obama", "clinton", "bush", "putin", "john", "james", "david", "michael", "paul",
    "mark", "peter", "george", "william", "charles", "robert", "thomas", "daniel", "joseph",
    "jordan", "florence", "victoria", "elizabeth", "mary", "ali", "mohammed", "muhammad",
    "ahmed", "hassan", "hussein", "omar", "abdul", "abu", "bin", "ibn", "sheikh", "imam", "lord",
    "sir", "king", "queen", "prince", "princess", "pope", "father", "mother", "brother",
    "sister", "son", "daughter", "uncle", "aunt", "chief", "captain", "colonel", "major",
    "sergeant", "lieutenant", "officer", "commander", "governor", "mayor", "senator", "judge",
    "spokesman", "spokeswoman", "spokesperson", "secretary", "director", "manager", "leader",
    "prime", "vice", "deputy", "foreign", "interior", "defense", "defence", "justice", "health",
    "twitter", "facebook", "youtube", "google", "internet", "online", "video", "photo", "tv",
    /* feasts and seasons */
    "christmas", "easter", "ramadan", "eid", "passover", "hanukkah", "diwali", "nowruz", "ashura"};

/* Titles before a person's name. */
static const char *const TITLES[] = {"mr", "mrs", "ms", "dr", "gen", "col", "capt", "lt", "sgt", "maj",
                                     "sen", "rep", "gov", "president", "minister", "mayor", "sheikh",
                                     "imam", "mullah", "general", "colonel", "captain", "judge"};

static int is_title(const tally_tokens *tk, size_t i) {
    for (size_t k = 0; k < ARRAY_LEN(TITLES); k++)
        if (tally_tokens_is(tk, i, TITLES[k]))
            return 1;
    return 0;
}

/* Words before a name that make it a place ("in X", "village of X"). */
static const char *const CUE[] = {"in", "near", "at", "from", "to", "outside", "into", "across",
                                  "toward", "towards", "around", "through", "via", "of", "between",
                                  "inside", "throughout", "within", "on"};
static const char *const NEAR[] = {"near", "outside", "nearby", "around", "close"};
static const char *const DIRS[] = {"north", "south", "east", "west", "northern", "southern",
                                   "eastern", "western", "central", "northeast", "northwest",
                                   "southeast", "southwest", "north-east", "north-west",
                                   "south-east", "south-west", "upper", "lower", "greater",
                                   "downtown", "metro", "suburban", "rural"};
static const char *const CONNECT[] = {"of", "de", "del", "la", "le", "al", "el", "ash", "as", "ad",
                                      "an", "at", "az", "ar", "upon", "on", "du", "des", "da",
                                      "di", "van", "von", "and", "ez", "es", "ed", "et", "er", "ul"};
static const char *const PROVINCE_WORDS[] = {"province", "governorate", "provinces", "state",
                                             "region", "muhafazat", "wilayat"};
static const char *const DISTRICT_WORDS[] = {"district", "county", "qada", "nahiyat", "subdistrict",
                                             "municipality", "parish"};
static const char *const TOWN_WORDS[] = {"village", "town", "city", "hamlet", "neighbourhood",
                                         "neighborhood", "suburb", "area", "capital"};

/* The word lists go into the lexicon once, so a test is a bit test on the token. */
#define STOP_BIT LEX_P_STOP
#define CUE_BIT LEX_P_CUE
#define NEAR_BIT LEX_P_NEAR
#define DIRS_BIT LEX_P_DIRS
#define CONNECT_BIT LEX_P_CONNECT
#define PROVINCE_WORDS_BIT LEX_P_PROVINCE
#define DISTRICT_WORDS_BIT LEX_P_DISTRICT
#define TOWN_WORDS_BIT LEX_P_TOWN

static void add_list(const char *const *list, size_t n, uint16_t bit) {
    for (size_t i = 0; i < n; i++)
        tally_lexicon_add(list[i], bit);
}

__attribute__((constructor)) static void places_init(void) {
    add_list(STOP, ARRAY_LEN(STOP), LEX_P_STOP);
    add_list(CUE, ARRAY_LEN(CUE), LEX_P_CUE);
    add_list(NEAR, ARRAY_LEN(NEAR), LEX_P_NEAR);
    add_list(DIRS, ARRAY_LEN(DIRS), LEX_P_DIRS);
    add_list(CONNECT, ARRAY_LEN(CONNECT), LEX_P_CONNECT);
    add_list(PROVINCE_WORDS, ARRAY_LEN(PROVINCE_WORDS), LEX_P_PROVINCE);
    add_list(DISTRICT_WORDS, ARRAY_LEN(DISTRICT_WORDS), LEX_P_DISTRICT);
    add_list(TOWN_WORDS, ARRAY_LEN(TOWN_WORDS), LEX_P_TOWN);
}

/* Is the folded word p[0..n) in the list whose lexicon bit is bit? */
static int word_in(const char *p, size_t n, uint16_t bit) {
    return (tally_lexicon_get(tally_hash(p, n), p, n) & bit) != 0;
}
#define IN(tk, i, L) tok_in(tk, i, L##_BIT)
static int tok_in(const tally_tokens *tk, size_t i, uint16_t bit) {
    return i < tk->ntoks && (tk->toks[i].lex & bit);
}

static int is_cap(const tally_token *t) {
    return t->kind == TALLY_TOK_WORD && (t->flags & (TALLY_TF_CAP | TALLY_TF_UPPER));
}

/* A capitalized word, or the Arabic article glued to one: al-Sharqi, ash-Shura. */
static int is_name_tok(const tally_tokens *tk, size_t i) {
    const tally_token *t = &tk->toks[i];
    if (is_cap(t))
        return 1;
    if (t->kind != TALLY_TOK_WORD || t->len < 4)
        return 0;
    const char *p = tk->text->text + t->start, *h = memchr(p, '-', t->len < 5 ? t->len : 5);
    return h && h > p && h + 1 < p + t->len && is_upper((unsigned char)h[1]) &&
           word_in(p, (size_t)(h - p), LEX_P_CONNECT);
}

typedef struct {
    uint32_t s, t0, t1;        /* sentence, tokens [t0, t1) */
    size_t first, n;           /* gazetteer keys */
    uint32_t *ent;             /* candidate entries (flags kept), in the arena */
    double *prior;             /* score without document context */
    size_t ncand;
    int best;                  /* index in ent, -1 none */
    uint8_t near, province, district, abbr_ok;
    uint8_t lower;             /* written in lower case ("the green zone") */
    int comma_to;              /* mention index of "X, Y": Y, -1 none */
    int comma_from;            /* the other way: X of "X, Y" when this is Y, -1 none */
    uint8_t pinned;            /* resolved by "X, Y": holds for the name's other mentions */
    uint8_t outside;           /* "X, Y" with no X in Y: not resolved, not reported */
    double w;                  /* weight of its pass-1 reading as document context */
    uint16_t country, admin1;  /* its pass-1 reading's country and province */
    uint32_t grp;              /* its name's group (mentions with the same first key) */
} mention;

/* The feature code, "" when a damaged file left it unterminated. */
static const char *fcode_of(const gz_entry *e) {
    return memchr(e->fcode, 0, sizeof e->fcode) ? e->fcode : "";
}

/* A town's prior from its size and rank; a capital's rank counts only under its own
 * name (Philadelphia is Amman's old name, and Philadelphia's own). */
static double city_prior(const gz_entry *e, uint32_t k) {
    double p = log10((double)e->population + 10.0) * 0.8;
    if (k & GZ_KEY_ALT)
        return p;
    if (!strcmp(fcode_of(e), "PPLC"))
        p += 2;
    else if (!strcmp(fcode_of(e), "PPLA"))
        p += 1;
    else if (!strcmp(fcode_of(e), "PPLA2"))
        p += 0.3;
    return p;
}

static double prior_of(const tally_gazetteer *g, const mention *m, uint32_t k) {
    const gz_entry *e = tally_gazetteer_entry(g, k & GZ_KEY_ENTRY);
    if (!e)
        return -1e9;
    double p;
    switch (e->kind) {
    case TALLY_PLACE_COUNTRY: p = 5.5 + 0.3 * log10((double)e->population + 1); break;
    case TALLY_PLACE_ADMIN1: p = 5.2 + (m->province ? 6 : 0); break;
    case TALLY_PLACE_ADMIN2: p = 1.5 + (m->district ? 5 : 0); break;
    case TALLY_PLACE_CONTINENT: p = 6; break;
    case TALLY_PLACE_DISTRICT: p = 4.5; break;
    case TALLY_PLACE_OTHER: p = (k & GZ_KEY_ALT) ? 5.0 : 7.5; break; /* our seas and regions: their own names */
    default: p = city_prior(e, k) - (m->province ? 2 : 0); break;
    }
    if (k & GZ_KEY_ALT) /* small towns' alternate names are often another place's */
        p -= e->kind == TALLY_PLACE_CITY && e->population < 100000 ? 1.5 : 0.7;
    if (k & GZ_KEY_DEMONYM)
        p += 0.5;
    return p;
}

/* A province of a large country: worth naming on its own (unlike a parish). */
static int big_country(const tally_gazetteer *g, const gz_entry *e) {
    const gz_country *c = e->country != GZ_NONE ? tally_gazetteer_country(g, e->country) : NULL;
    const gz_entry *ce = c ? tally_gazetteer_entry(g, c->entry) : NULL;
    return ce && ce->population >= 50000;
}

/* The longest gazetteer name among tokens [i, r) that starts at i, tried one word
 * longer at a time while some longer name starts with the words so far (or the
 * last or the next word is one the key drops: an article, "Province"), so a capitalized word
 * that begins no name costs one look-up. Fills m->first/n; returns the end (i: none). */
static size_t longest_name(const tally_gazetteer *g, const tally_tokens *tk, size_t i, size_t r,
                           mention *m) {
    char buf[256], key[256];
    size_t b = 0, best = i;
    for (size_t k = i; k < r; k++) {
        tally_span f = tally_tokens_fold(tk, k);
        if (b + f.len + 2 >= sizeof buf)
            break;
        if (k > i && (tk->toks[k].flags & TALLY_TF_SPACE))
            buf[b++] = ' ';
        memcpy(buf + b, f.p, f.len);
        b += f.len;
        size_t j = k + 1;
        if (j - i > 1 && IN(tk, k, CONNECT))
            continue;
        size_t kl = tally_gazetteer_key(buf, b, key, sizeof key), first = 0, n = 0;
        int longer = 0;
        if (kl)
            n = tally_gazetteer_lookup(g, key, kl, &first, &longer);
        if (n)
            best = j, m->first = first, m->n = n;
        if (kl && !longer && !tally_gazetteer_key_open(buf, b) && j < r &&
            (tk->toks[j].flags & TALLY_TF_SPACE)) {
            tally_span nx = tally_tokens_fold(tk, j); /* "Zabul Province": the key drops it */
            if (!tally_gazetteer_key_open(nx.p, nx.len))
                break;
        }
    }
    return best;
}

/* Is token i an ordinal written in figures (7th, 21st, 62nd, 3rd)? */
static int ordinal(const tally_tokens *tk, size_t i) {
    const tally_token *t = &tk->toks[i];
    const char *p = tk->text->text + t->start;
    if (t->len < 3 || !is_digit((unsigned char)p[0]))
        return 0;
    tally_span f = tally_tokens_fold(tk, i);
    const char *e = f.p + f.len - 2;
    return f.len >= 3 && is_digit((unsigned char)e[-1]) &&
           (!memcmp(e, "st", 2) || !memcmp(e, "nd", 2) || !memcmp(e, "rd", 2) || !memcmp(e, "th", 2));
}

/* Words that end a street's name when capitalized ("Fidelia Drive", "Haifa Street"). */
static const char *const STREET_WORDS[] = {"street", "st", "avenue", "ave", "road", "rd", "drive",
                                           "dr", "boulevard", "blvd", "lane", "ln", "parkway",
                                           "pkwy", "highway", "hwy", "terrace", "circle", "trail"};

/* Is mention [t0, t1) part of a street's name: "Fidelia Drive", "the 3100 block of
 * Fidelia ..."? A street named after a place is not in it. */
static int street_name(const tally_tokens *tk, size_t t0, size_t t1, size_t send) {
    if (t0 >= 2 && tally_tokens_is(tk, t0 - 1, "of") && tally_tokens_is(tk, t0 - 2, "block"))
        return 1;
    if (t1 >= send || !is_cap(&tk->toks[t1]))
        return 0;
    for (size_t k = 0; k < ARRAY_LEN(STREET_WORDS); k++)
        if (tally_tokens_is(tk, t1, STREET_WORDS[k]))
            return 1;
    return 0;
}

/* Compass words and their bearings in degrees. */
static const struct {
    const char *w;
    double deg;
} BEARINGS[] = {{"north", 0},        {"northeast", 45}, {"north-east", 45}, {"east", 90},
                {"southeast", 135},  {"south-east", 135}, {"south", 180},   {"southwest", 225},
                {"south-west", 225}, {"west", 270},     {"northwest", 315}, {"north-west", 315}};

/* "90 miles northwest of X", "265 kilometres south-east of X" just before token t0 (not
 * before sstart): sets *km, *deg and *from (the number's token) and returns 1. */
static int offset_before(const tally_tokens *tk, size_t t0, size_t sstart, double *km, double *deg,
                         size_t *from) {
    if (t0 < sstart + 4 || !tally_tokens_is(tk, t0 - 1, "of"))
        return 0;
    int b = -1;
    for (size_t k = 0; k < ARRAY_LEN(BEARINGS) && b < 0; k++)
        if (tally_tokens_is(tk, t0 - 2, BEARINGS[k].w))
            b = (int)k;
    double unit = 0;
    if (tally_tokens_is(tk, t0 - 3, "miles") || tally_tokens_is(tk, t0 - 3, "mile") ||
        tally_tokens_is(tk, t0 - 3, "mi"))
        unit = 1.609344;
    else if (tally_tokens_is(tk, t0 - 3, "kilometres") || tally_tokens_is(tk, t0 - 3, "kilometers") ||
             tally_tokens_is(tk, t0 - 3, "km") || tally_tokens_is(tk, t0 - 3, "kilometre") ||
             tally_tokens_is(tk, t0 - 3, "kilometer") || tally_tokens_is(tk, t0 - 3, "kms"))
        unit = 1;
    const tally_token *n = &tk->toks[t0 - 4];
    const char *p = tk->text->text + n->start;
    if (b < 0 || unit == 0 || n->len == 0 || n->len > 12 || !is_digit((unsigned char)p[0]))
        return 0;
    char num[16];
    size_t o = 0;
    for (size_t i = 0; i < n->len; i++)
        if (p[i] != ',')
            num[o++] = p[i];
    num[o] = 0;
    char *end;
    double d = strtod(num, &end);
    if (*end || d <= 0 || d * unit > 2000)
        return 0;
    *km = d * unit;
    *deg = BEARINGS[b].deg;
    *from = t0 - 4;
    return 1;
}

/* Move place p km along bearing deg: an approximate point, with precision 2 and an
 * uncertainty of a fifth of the distance (5 km at least); its name says how it was
 * found ("90 miles northwest of Baton Rouge") and it is no GeoNames place. */
static void move_place(tally_arena *a, const tally_tokens *tk, tally_place *p, size_t from, double km,
                       double deg) {
    double r = deg * M_PI / 180, lat = p->loc.lat + km * cos(r) / 111.2;
    double c = cos(p->loc.lat * M_PI / 180);
    p->loc.lon += km * sin(r) / (111.2 * (c > 0.05 ? c : 0.05));
    p->loc.lat = lat > 90 ? 90 : lat < -90 ? -90 : lat;
    const tally_token *t0 = &tk->toks[from], *t1 = &tk->toks[p->tok_end - 1];
    p->loc.name = tally_arena_strndup(a, tk->text->text + t0->start, t1->start + t1->len - t0->start);
    p->loc.geonameid = 0;
    p->loc.precision = 2;
    p->near = 1;
    double u = km / 5 > 5 ? km / 5 : 5;
    p->radius_km = (uint16_t)(u > 500 ? 500 : u);
}

/* Are all the places under m's keys districts of the project's own list (no
 * GeoNames id)? Only those are matched in lower case. */
static int own_districts(const tally_gazetteer *g, const mention *m) {
    for (size_t k = 0; k < m->n; k++) {
        const gz_key *key = tally_gazetteer_key_at(g, m->first + k);
        const gz_entry *e = key ? tally_gazetteer_entry(g, key->entry & GZ_KEY_ENTRY) : NULL;
        if (!e || e->kind != TALLY_PLACE_DISTRICT || e->geonameid != 0)
            return 0;
    }
    return m->n > 0;
}

/* A key flagged as an abbreviation (US, Ky.) matches only as written: all
 * capitals, or with its dots. */
static int abbr_ok(const tally_tokens *tk, size_t i, size_t j) {
    for (size_t k = i; k < j; k++) {
        const tally_token *t = &tk->toks[k];
        const char *p = tk->text->text + t->start;
        if (memchr(p, '.', t->len))
            continue;
        if (k + 1 < tk->ntoks && tk->toks[k + 1].kind == TALLY_TOK_PUNCT &&
            tk->text->text[tk->toks[k + 1].start] == '.' && !(tk->toks[k + 1].flags & TALLY_TF_SPACE))
            continue;
        if (!(t->flags & TALLY_TF_UPPER))
            return 0;
    }
    return 1;
}

/* "X, Y": Y a province or country that may contain X. */
static void link_commas(mention *ms, size_t nm, const tally_tokens *tk) {
    const char *text = tk->text->text;
    for (size_t k = 0; k + 1 < nm; k++) {
        size_t c = ms[k].t1; /* the comma, after "X" or after "X district" */
        if (c < tk->ntoks && IN(tk, c, DISTRICT_WORDS))
            c++;
        if (ms[k + 1].s == ms[k].s && ms[k + 1].t0 == c + 1 && c < tk->ntoks &&
            tk->toks[c].kind == TALLY_TOK_PUNCT && text[tk->toks[c].start] == ',')
            ms[k].comma_to = (int)(k + 1), ms[k + 1].comma_from = (int)k;
    }
}

/* The pass-1 readings of one name's mentions, summed by (country, admin1): a name
 * repeated does not vouch for itself, so its own weight is taken off the totals. */
typedef struct reading {
    uint16_t country, admin1;
    double w;
    struct reading *next;
} reading;

typedef struct {
    reading *r;         /* its mentions' readings */
    uint32_t pin;       /* the entry a "X, Province" mention pinned it to (last one) */
    uint8_t pinned;     /* pin is set */
    uint8_t person;     /* some mention follows a personal title: a person's name */
} group;

/* The document as context: vote totals by country and admin1, each name's group. */
typedef struct {
    tally_arena *arena;    /* the article's */
    double *wc, *wa;       /* pass-1 weights by country index, by admin1 index */
    size_t ncountries, nadmin1;
    group *grp;            /* by mention's group index */
    uint16_t focus;        /* the country most names point to, GZ_NONE none */
    double fbest;          /* its weight */
    uint32_t *lower;       /* hash set of lower-case words (token index + 1), built on demand */
    size_t nlower;         /* its size, a power of two */
} context;

/* Give each mention the index of its name's group (mentions sharing m->first);
 * linear, through a hash of first. */
static void group_mentions(tally_arena *a, const tally_gazetteer *g, mention *ms, size_t nm,
                           context *cx) {
    memset(cx, 0, sizeof *cx);
    cx->arena = a;
    cx->ncountries = tally_gazetteer_ncountries(g);
    cx->nadmin1 = tally_gazetteer_nadmin1(g);
    cx->wc = tally_arena_alloc(a, (cx->ncountries + 1) * sizeof *cx->wc);
    cx->wa = tally_arena_alloc(a, (cx->nadmin1 + 1) * sizeof *cx->wa);
    cx->grp = tally_arena_alloc(a, (nm + 1) * sizeof *cx->grp);
    size_t nh = 16;
    while (nh < 2 * nm)
        nh *= 2;
    uint32_t *h = tally_arena_alloc(a, nh * sizeof *h); /* mention index + 1 of a group's first */
    size_t ng = 0;
    for (size_t k = 0; k < nm; k++) {
        size_t i = (ms[k].first * 2654435761u) & (nh - 1);
        while (h[i] && ms[h[i] - 1].first != ms[k].first)
            i = (i + 1) & (nh - 1);
        if (!h[i]) {
            h[i] = (uint32_t)k + 1;
            ms[k].grp = (uint32_t)ng++;
        } else {
            ms[k].grp = ms[h[i] - 1].grp;
        }
    }
}

/* Add weight w for (country, admin1) to group gr's readings. */
static void add_reading(tally_arena *a, group *gr, uint16_t country, uint16_t admin1, double w) {
    for (reading *r = gr->r; r; r = r->next)
        if (r->country == country && r->admin1 == admin1) {
            r->w += w;
            return;
        }
    reading *r = tally_arena_alloc(a, sizeof *r);
    *r = (reading){country, admin1, w, gr->r};
    gr->r = r;
}

/* Weight of the other names' readings in country c (admin1 0) or admin1 c (admin1
 * 1), m's own name left out. */
static double vote(const context *cx, const mention *m, uint16_t c, int admin1) {
    if (c >= (admin1 ? cx->nadmin1 : cx->ncountries))
        return 0;
    double v = admin1 ? cx->wa[c] : cx->wc[c];
    for (const reading *r = cx->grp[m->grp].r; r; r = r->next)
        if ((admin1 ? r->admin1 : r->country) == c)
            v -= r->w;
    return v;
}

/* Pass 1: best by prior; what each mention says about the document's countries and
 * provinces (weight w: strong for countries and provinces), summed into cx, and the
 * focus: the country most of its names point to. */
static void read_alone(const tally_gazetteer *g, mention *ms, size_t nm, context *cx) {
    for (size_t k = 0; k < nm; k++) {
        mention *m = &ms[k];
        int b = 0;
        for (size_t q = 1; q < m->ncand; q++)
            if (m->prior[q] > m->prior[b])
                b = (int)q;
        m->best = b;
        const gz_entry *e = tally_gazetteer_entry(g, m->ent[b] & GZ_KEY_ENTRY);
        double w = e->kind == TALLY_PLACE_COUNTRY || e->kind == TALLY_PLACE_ADMIN1 ? 1.0 : 0.5;
        if (m->ncand > 1 && m->prior[b] < 5)
            w *= 0.5;
        m->w = w;
        m->country = e->country;
        m->admin1 = e->kind == TALLY_PLACE_COUNTRY ? GZ_NONE : e->admin1;
        if (m->country < cx->ncountries)
            cx->wc[m->country] += w;
        if (m->admin1 < cx->nadmin1)
            cx->wa[m->admin1] += w;
        add_reading(cx->arena, &cx->grp[m->grp], m->country, m->admin1, w);
    }
    cx->focus = GZ_NONE;
    cx->fbest = 0;
    for (size_t k = 0; k < nm; k++)
        if (ms[k].country < cx->ncountries && cx->wc[ms[k].country] > cx->fbest)
            cx->fbest = cx->wc[ms[k].country], cx->focus = ms[k].country;
}

/* Is place e inside province or country o? */
static int inside(const gz_entry *e, const gz_entry *o) {
    return (o->kind == TALLY_PLACE_ADMIN1 && o->admin1 == e->admin1 && e->kind != TALLY_PLACE_ADMIN1) ||
           (o->kind == TALLY_PLACE_COUNTRY && o->country == e->country && e->kind != TALLY_PLACE_COUNTRY);
}

/* Does some reading of mention m hold e (out 0: m's reading inside e; 1: e inside it)? */
static int some_reading(const tally_gazetteer *g, const mention *m, const gz_entry *e, int out) {
    for (size_t z = 0; z < m->ncand; z++) {
        const gz_entry *me = tally_gazetteer_entry(g, m->ent[z] & GZ_KEY_ENTRY);
        if (out ? inside(e, me) : inside(me, e))
            return 1;
    }
    return 0;
}

/* Pass 2: each ambiguous name read with the context of the other names. */
static void read_in_context(const tally_gazetteer *g, mention *ms, size_t nm, const context *cx) {
    for (size_t k = 0; k < nm; k++) {
        mention *m = &ms[k];
        if (m->ncand < 2 && m->comma_to < 0)
            continue;
        double bs = -1e9;
        int b = m->best;
        for (size_t q = 0; q < m->ncand; q++) {
            const gz_entry *e = tally_gazetteer_entry(g, m->ent[q] & GZ_KEY_ENTRY);
            double sc = m->prior[q];
            double vc = e->country != GZ_NONE ? vote(cx, m, e->country, 0) : 0;
            double va = e->admin1 != GZ_NONE && e->kind != TALLY_PLACE_COUNTRY ? vote(cx, m, e->admin1, 1) : 0;
            sc += vc > 0 ? fmin(2.0, 1.0 + 0.5 * log2(1 + vc)) : 0;
            if (vc >= 2 && e->country == cx->focus && e->kind != TALLY_PLACE_COUNTRY)
                sc += 1;
            /* far from the story: another country than the one its names point to,
               and no other name there */
            if (cx->fbest >= 2 && e->country != cx->focus && vc <= 0 && e->kind != TALLY_PLACE_COUNTRY)
                sc -= FAR_PENALTY;
            sc += va > 0 ? fmin(2.5, 1.5 + 0.5 * log2(1 + va)) : 0;
            if (m->comma_to >= 0 && some_reading(g, &ms[m->comma_to], e, 1)) {
                sc += 6;
                m->pinned = 1;
            }
            /* "Springfield, Pa.": the Y of "X, Y" is a province or country some X is in */
            if (m->comma_from >= 0 && some_reading(g, &ms[m->comma_from], e, 0))
                sc += 6;
            if (sc > bs)
                bs = sc, b = (int)q;
        }
        m->best = b;
    }
}

/* "X district, Kandahar province" where no X lies in Kandahar: the gazetteer lacks
 * this X, and the one it has elsewhere (a town in Poland) is not it. A name that
 * follows a personal title anywhere ("Mr Marra", "Gen. Petraeus") is a person's
 * name all through the document. Both mark mentions outside (not reported). */
static void mark_outside(const tally_gazetteer *g, const tally_tokens *tk, mention *ms, size_t nm,
                         context *cx) {
    for (size_t k = 0; k < nm; k++) {
        mention *m = &ms[k];
        if (m->comma_to < 0 || m->pinned)
            continue;
        const mention *y = &ms[m->comma_to];
        const gz_entry *ye = tally_gazetteer_entry(g, y->ent[y->best] & GZ_KEY_ENTRY);
        const gz_entry *e = tally_gazetteer_entry(g, m->ent[m->best] & GZ_KEY_ENTRY);
        /* only when the text says so: "X district, Y province" (a comma after X may
           start anything else: "In Ali al Gharbi, US troops ...") */
        int y_alone = y->t1 >= tk->ntoks || tk->toks[y->t1].kind == TALLY_TOK_PUNCT; /* not "US troops" */
        if ((ye->kind == TALLY_PLACE_ADMIN1 && e->admin1 != ye->admin1 && (y->province || m->district || y_alone)) ||
            (ye->kind == TALLY_PLACE_COUNTRY && e->country != ye->country && y_alone))
            m->outside = 1;
    }
    for (size_t k = 0; k < nm; k++) {
        size_t i = ms[k].t0;
        if (i > 1 && tally_tokens_is(tk, i - 1, "."))
            i--; /* "Gen. Petraeus" */
        if (i > 0 && is_title(tk, i - 1))
            cx->grp[ms[k].grp].person = 1;
    }
    for (size_t k = 0; k < nm; k++)
        if (cx->grp[ms[k].grp].person)
            ms[k].outside = 1;
}

/* One sense per document: a name pinned by "X, Province" means the same place
 * wherever else the article uses it (the last pinning mention's place). */
static void one_sense(mention *ms, size_t nm, context *cx) {
    for (size_t k = 0; k < nm; k++)
        if (ms[k].pinned) {
            cx->grp[ms[k].grp].pin = ms[k].ent[ms[k].best];
            cx->grp[ms[k].grp].pinned = 1;
        }
    for (size_t k = 0; k < nm; k++) {
        const group *gr = &cx->grp[ms[k].grp];
        if (!gr->pinned || ms[k].pinned)
            continue;
        for (size_t q = 0; q < ms[k].ncand; q++)
            if (ms[k].ent[q] == gr->pin)
                ms[k].best = (int)q;
    }
}

/* The article's words written in lower case, as a hash set of token index + 1
 * (size *n, a power of two), for "is this capitalized word a common one?". */
static uint32_t *lower_words(tally_arena *a, const tally_tokens *tk, size_t *n) {
    size_t nh = 16;
    while (nh < 2 * tk->ntoks)
        nh *= 2;
    uint32_t *h = tally_arena_alloc(a, nh * sizeof *h);
    for (size_t q = 0; q < tk->ntoks; q++) {
        const tally_token *t = &tk->toks[q];
        if (is_cap(t) || t->kind != TALLY_TOK_WORD)
            continue;
        tally_span f = tally_tokens_fold(tk, q);
        size_t i = t->hash & (nh - 1);
        for (; h[i]; i = (i + 1) & (nh - 1)) {
            tally_span o = tally_tokens_fold(tk, h[i] - 1);
            if (o.len == f.len && memcmp(o.p, f.p, f.len) == 0)
                break;
        }
        h[i] = (uint32_t)q + 1;
    }
    *n = nh;
    return h;
}

/* Is the folded word f in the set of lower-case words? */
static int has_lower(const tally_tokens *tk, const uint32_t *h, size_t n, tally_span f) {
    for (size_t i = tally_hash(f.p, f.len) & (n - 1); h[i]; i = (i + 1) & (n - 1)) {
        tally_span o = tally_tokens_fold(tk, h[i] - 1);
        if (o.len == f.len && memcmp(o.p, f.p, f.len) == 0)
            return 1;
    }
    return 0;
}

size_t tally_places_find(tally_arena *a, const tally_gazetteer *g, const tally_tokens *tk,
                         tally_place **out) {
    *out = NULL;
    if (!g || !tk || !tk->ntoks)
        return 0;
    /* raw: every mention is built whole (memset) before it is stored; a mention is
       large (its candidates), and zeroing 64 of them per article cost a tenth of
       tally code's time */
    size_t cap = 16, nm = 0;
    mention *ms = tally_arena_alloc_raw(a, cap * sizeof *ms);
    const char *text = tk->text->text;
    for (size_t s = 0; s < tk->nsents; s++) {
        size_t end = tk->sents[s].tok_end;
        if (end > tk->ntoks)
            end = tk->ntoks;
        for (size_t i = tk->sents[s].tok_start; i < end;) {
            const tally_token *t = &tk->toks[i];
            /* "the green zone": a district of our own list may be written in lower case */
            int lower = !is_cap(t) && t->kind == TALLY_TOK_WORD && i > tk->sents[s].tok_start &&
                        tally_tokens_is(tk, i - 1, "the");
            if (!is_cap(t) && !lower) {
                i++;
                continue;
            }
            /* the run of capitalized words (with connectors) from i */
            size_t r = i + 1;
            while (lower && r < end && r - i < 3 && tk->toks[r].kind == TALLY_TOK_WORD)
                r++;
            while (!lower && r < end && r - i < MAXSPAN) {
                if (is_name_tok(tk, r))
                    r++;
                else if (r + 1 < end && IN(tk, r, CONNECT) && is_cap(&tk->toks[r + 1]))
                    r += 2;
                else
                    break;
            }
            if (r > end)
                r = end;
            mention m;
            uint32_t ent[MAXCAND];
            double prior[MAXCAND];
            memset(&m, 0, sizeof m);
            m.ent = ent;
            m.prior = prior;
            size_t j = longest_name(g, tk, i, r, &m);
            if (lower && (j < i + 2 || !own_districts(g, &m)))
                j = i;
            if (j == i) {
                i++;
                continue;
            }
            if (j == i + 1 && IN(tk, i, STOP)) { /* "In Ali al Gharbi": In is no place; go on at Ali */
                const gz_key *k0 = tally_gazetteer_key_at(g, m.first);
                const gz_entry *e0 = k0 ? tally_gazetteer_entry(g, k0->entry & GZ_KEY_ENTRY) : NULL;
                if (!e0 || e0->kind != TALLY_PLACE_COUNTRY || (k0->entry & GZ_KEY_ALT)) {
                    i++;
                    continue;
                }
            }
            m.lower = (uint8_t)lower;
            m.s = (uint32_t)s;
            m.t0 = (uint32_t)i;
            m.t1 = (uint32_t)j;
            m.best = -1;
            m.comma_to = -1;
            m.comma_from = -1;
            m.abbr_ok = (uint8_t)abbr_ok(tk, i, j);
            /* cues around it */
            size_t pv = i > tk->sents[s].tok_start ? i - 1 : (size_t)-1;
            if (pv != (size_t)-1 && (IN(tk, pv, NEAR) || (IN(tk, pv, CUE) && pv > 0 && IN(tk, pv - 1, DIRS))))
                m.near = 1;
            if (pv != (size_t)-1 && pv > 0 && IN(tk, pv, CUE) && IN(tk, pv - 1, NEAR))
                m.near = 1; /* close to X */
            if (j < end && IN(tk, j, PROVINCE_WORDS))
                m.province = 1;
            if (pv != (size_t)-1 && IN(tk, pv, CUE) && pv > 0 && IN(tk, pv - 1, PROVINCE_WORDS))
                m.province = 1; /* the province of X */
            if ((j < end && IN(tk, j, DISTRICT_WORDS)) || IN(tk, j - 1, DISTRICT_WORDS))
                m.district = 1;
            /* candidates */
            for (size_t k = 0; k < m.n && m.ncand < MAXCAND; k++) {
                const gz_key *key = tally_gazetteer_key_at(g, m.first + k);
                if (!key)
                    break;
                if (((key->entry & GZ_KEY_ABBR) && !m.abbr_ok) ||
                    !tally_gazetteer_entry(g, key->entry & GZ_KEY_ENTRY))
                    continue; /* a damaged file's entry index is skipped, never followed */
                m.ent[m.ncand] = key->entry;
                m.prior[m.ncand] = prior_of(g, &m, key->entry);
                m.ncand++;
            }
            if (!m.ncand) {
                i++;
                continue;
            }
            /* a province and its capital share a name: the city unless the text says province */
            for (size_t k = 0; k < m.ncand; k++) {
                const gz_entry *e = tally_gazetteer_entry(g, m.ent[k] & GZ_KEY_ENTRY);
                if (e->kind != TALLY_PLACE_ADMIN1 || m.province)
                    continue;
                for (size_t q = 0; q < m.ncand; q++) {
                    const gz_entry *c = tally_gazetteer_entry(g, m.ent[q] & GZ_KEY_ENTRY);
                    if (c->kind == TALLY_PLACE_CITY && c->admin1 == e->admin1 &&
                        (c->population >= 50000 || !strncmp(fcode_of(c), "PPLA", 4) || !strcmp(fcode_of(c), "PPLC"))) {
                        m.prior[k] = c->population >= 20000 ? m.prior[q] - 1 : m.prior[k];
                        break;
                    }
                }
            }
            if (nm == cap) {
                mention *n2 = tally_arena_alloc_raw(a, cap * 2 * sizeof *ms);
                memcpy(n2, ms, nm * sizeof *ms);
                ms = n2;
                cap *= 2;
            }
            m.ent = tally_arena_alloc_raw(a, m.ncand * sizeof *m.ent); /* exactly its candidates */
            memcpy(m.ent, ent, m.ncand * sizeof *m.ent);
            m.prior = tally_arena_alloc_raw(a, m.ncand * sizeof *m.prior);
            memcpy(m.prior, prior, m.ncand * sizeof *m.prior);
            ms[nm++] = m;
            i = j;
        }
    }
    link_commas(ms, nm, tk);
    context cx;
    group_mentions(a, g, ms, nm, &cx);
    read_alone(g, ms, nm, &cx);
    read_in_context(g, ms, nm, &cx);
    mark_outside(g, tk, ms, nm, &cx);
    one_sense(ms, nm, &cx);
    uint16_t focus = cx.focus;
    double fbest = cx.fbest;
    /* Detection: drop what is probably not a place. */
    tally_place *res = tally_arena_alloc(a, (nm ? nm : 1) * sizeof *res);
    size_t n = 0;
    for (size_t k = 0; k < nm; k++) {
        mention *m = &ms[k];
        if (m->outside)
            continue;
        uint32_t key = m->ent[m->best];
        const gz_entry *e = tally_gazetteer_entry(g, key & GZ_KEY_ENTRY);
        size_t i = m->t0, sstart = tk->sents[m->s].tok_start;
        int single = m->t1 - m->t0 == 1;
        tally_span f = tally_tokens_fold(tk, i);
        int strong = e->kind == TALLY_PLACE_COUNTRY || e->kind == TALLY_PLACE_CONTINENT ||
                     e->kind == TALLY_PLACE_DISTRICT || e->kind == TALLY_PLACE_OTHER ||
                     (e->kind == TALLY_PLACE_ADMIN1 && !(key & GZ_KEY_ALT) && big_country(g, e)) ||
                     (e->kind == TALLY_PLACE_CITY && e->population >= 100000 &&
                      (!(key & GZ_KEY_ALT) || e->population >= 1000000)); /* not "Human" for Uman */
        int cue = (i > sstart && IN(tk, i - 1, CUE)) ||
                  (i > sstart + 1 && tally_tokens_is(tk, i - 1, "the") && IN(tk, i - 2, CUE)) ||
                  m->province || m->district ||
                  m->comma_to >= 0 || (k > 0 && ms[k - 1].comma_to == (int)k) ||
                  (i > sstart && IN(tk, i - 1, TOWN_WORDS)) || (i + 1 < tk->ntoks && IN(tk, m->t1, TOWN_WORDS));
        int incontext = e->admin1 != GZ_NONE && vote(&cx, m, e->admin1, 1) >= 1;
        if (single && word_in(f.p, f.len, LEX_P_STOP) && !(key & GZ_KEY_DEMONYM) &&
            !(e->kind == TALLY_PLACE_COUNTRY && !(key & GZ_KEY_ALT)))
            continue;
        /* inside a longer capitalized run that is not a place: a person, an office */
        int inrun = i > sstart && is_cap(&tk->toks[i - 1]) && !IN(tk, i - 1, DIRS) && !IN(tk, i - 1, CUE) &&
                    !(i - 1 == sstart && IN(tk, i - 1, STOP)); /* "Then Kansas City": a sentence's first word */
        int runafter = m->t1 < tk->sents[m->s].tok_end && is_cap(&tk->toks[m->t1]) &&
                       (tk->toks[m->t1].flags & TALLY_TF_SPACE) && !IN(tk, m->t1, PROVINCE_WORDS) &&
                       !IN(tk, m->t1, DISTRICT_WORDS);
        if (inrun && !(key & GZ_KEY_DEMONYM) && !(strong && e->kind != TALLY_PLACE_CITY))
            continue;
        if (runafter && !strong && !(key & GZ_KEY_DEMONYM))
            continue;
        /* "Sang Kala district": the first word of a longer name the gazetteer lacks */
        if (runafter && !(key & GZ_KEY_DEMONYM) && e->kind != TALLY_PLACE_COUNTRY) {
            size_t q = m->t1;
            while (q < tk->sents[m->s].tok_end && is_cap(&tk->toks[q]) && !IN(tk, q, PROVINCE_WORDS) &&
                   !IN(tk, q, DISTRICT_WORDS))
                q++;
            if (q < tk->sents[m->s].tok_end && q > m->t1 && (IN(tk, q, PROVINCE_WORDS) || IN(tk, q, DISTRICT_WORDS)))
                continue;
        }
        /* "the Olympia hotel": a business named after a place, most often not in it (a
           big city's name aside: "a Baghdad hotel") */
        if (m->t1 < tk->sents[m->s].tok_end && !(key & GZ_KEY_DEMONYM) && e->kind != TALLY_PLACE_COUNTRY &&
            !(e->kind == TALLY_PLACE_CITY && e->population >= 100000) &&
            (tally_tokens_is(tk, m->t1, "hotel") || tally_tokens_is(tk, m->t1, "restaurant") ||
             tally_tokens_is(tk, m->t1, "guesthouse") || tally_tokens_is(tk, m->t1, "cafe") ||
             tally_tokens_is(tk, m->t1, "company") || tally_tokens_is(tk, m->t1, "brand")))
            continue;
        if (m->lower && !(e->admin1 != GZ_NONE && vote(&cx, m, e->admin1, 1) > 0))
            continue; /* "the green zone" only where the story names its city's province */
        if (!(key & GZ_KEY_DEMONYM) && e->kind != TALLY_PLACE_COUNTRY && street_name(tk, m->t0, m->t1, tk->sents[m->s].tok_end))
            continue;
        /* "Northwest 7th Avenue", "Jackson 2nd Street": part of a street's name */
        if (m->t1 + 1 < tk->sents[m->s].tok_end && ordinal(tk, m->t1) && is_cap(&tk->toks[m->t1 + 1]))
            continue;
        /* sentence-initial word that also occurs in lower case: a common word */
        if (i == sstart && single && !strong) {
            if (!cx.lower)
                cx.lower = lower_words(a, tk, &cx.nlower);
            if (has_lower(tk, cx.lower, cx.nlower, f))
                continue;
        }
        if (!strong && !cue && !incontext && !(e->kind == TALLY_PLACE_CITY && e->population >= 15000) &&
            !(e->kind == TALLY_PLACE_ADMIN2 && !single))
            continue;
        if (e->kind == TALLY_PLACE_CITY && e->population < 1000 && !cue && !incontext)
            continue;
        /* a town abroad in a report about one country: a man's name that is also a town
           somewhere, named without a cue, or "Gela district" (the district is this
           country's, the Italian town of that name is not) */
        if (focus != GZ_NONE && fbest >= 2 && e->country != focus && e->kind == TALLY_PLACE_CITY && !strong &&
            (!cue || m->district) && !incontext)
            continue;
        tally_place *p = &res[n++];
        memset(p, 0, sizeof *p);
        p->sentence = m->s;
        p->tok_start = m->t0;
        p->tok_end = m->t1;
        const tally_token *t0 = &tk->toks[m->t0], *t1 = &tk->toks[m->t1 - 1];
        p->loc.text = tally_arena_strndup(a, text + t0->start, t1->start + t1->len - t0->start);
        p->loc.name = tally_gazetteer_str(g, e->name);
        const gz_admin1 *ad = e->admin1 != GZ_NONE ? tally_gazetteer_admin1(g, e->admin1) : NULL;
        const gz_entry *ae = ad ? tally_gazetteer_entry(g, ad->entry) : NULL;
        p->loc.admin1 = ae ? tally_gazetteer_str(g, ae->name) : NULL;
        const gz_country *co = e->country != GZ_NONE ? tally_gazetteer_country(g, e->country) : NULL;
        p->loc.country = co && co->cc3[3] == 0 ? co->cc3 : NULL;
        p->loc.lat = e->lat_e5 / 1e5;
        p->loc.lon = e->lon_e5 / 1e5;
        p->loc.has_coords = 1;
        p->loc.geonameid = e->geonameid;
        p->feature = fcode_of(e)[0] ? e->fcode : NULL;
        p->kind = (key & GZ_KEY_DEMONYM) ? TALLY_PLACE_DEMONYM : e->kind;
        p->near = m->near;
        p->radius_km = e->radius_km;
        switch (e->kind) {
        case TALLY_PLACE_CITY:
        case TALLY_PLACE_DISTRICT: p->loc.precision = m->near ? 2 : 1; break;
        case TALLY_PLACE_ADMIN2: p->loc.precision = 2; break;
        default: p->loc.precision = 3; break;
        }
        double km, deg;
        size_t from;
        if (e->kind != TALLY_PLACE_COUNTRY && offset_before(tk, m->t0, sstart, &km, &deg, &from))
            move_place(a, tk, p, from, km, deg);
    }
    *out = res;
    return n;
}

const char *tally_places_kind_name(int kind) {
    static const char *const names[] = {"none", "country", "admin1", "admin2", "city",
                                        "district", "continent", "demonym", "other"};
    return kind >= 0 && kind < (int)ARRAY_LEN(names) ? names[kind] : "none";
}

/* Code points in text[0..off). */
static size_t cps(const char *text, size_t from, size_t to, size_t base) {
    for (size_t i = from; i < to; i++)
        base += ((unsigned char)text[i] & 0xC0) != 0x80;
    return base;
}

void tally_places_json(tally_buf *b, const char *id, const tally_tokens *tk, const tally_place *p,
                       size_t n) {
    tally_buf_puts(b, "{\"doc\":{\"id\":");
    tally_json_str(b, id ? id : "", id ? strlen(id) : 0);
    tally_buf_puts(b, "},\"places\":[");
    size_t at = 0, cp = 0;
    const char *text = tk->text->text;
    for (size_t i = 0; i < n; i++) {
        const tally_token *t0 = &tk->toks[p[i].tok_start], *t1 = &tk->toks[p[i].tok_end - 1];
        size_t s = t0->start, e = t1->start + t1->len;
        if (s < at)
            at = 0, cp = 0;
        cp = cps(text, at, s, cp);
        size_t cs = cp;
        size_t ce = cps(text, s, e, cp);
        at = s;
        tally_buf_puts(b, i ? ",{\"text\":" : "{\"text\":");
        tally_json_str(b, p[i].loc.text, strlen(p[i].loc.text));
        tally_buf_printf(b, ",\"start\":%zu,\"end\":%zu,\"name\":", cs, ce);
        tally_json_str(b, p[i].loc.name ? p[i].loc.name : "", p[i].loc.name ? strlen(p[i].loc.name) : 0);
        tally_buf_printf(b, ",\"geonameid\":%lld,\"lat\":%.5f,\"lon\":%.5f,\"admin1\":",
                         (long long)p[i].loc.geonameid, p[i].loc.lat, p[i].loc.lon);
        if (p[i].loc.admin1)
            tally_json_str(b, p[i].loc.admin1, strlen(p[i].loc.admin1));
        else
            tally_buf_puts(b, "null");
        tally_buf_printf(b, ",\"country\":%s%s%s,\"feature\":%s%s%s,\"kind\":\"%s\",\"precision\":%d}",
                         p[i].loc.country ? "\"" : "", p[i].loc.country ? p[i].loc.country : "null",
                         p[i].loc.country ? "\"" : "", p[i].feature ? "\"" : "",
                         p[i].feature ? p[i].feature : "null", p[i].feature ? "\"" : "",
                         tally_places_kind_name(p[i].kind), p[i].loc.precision);
    }
    tally_buf_puts(b, "]}\n");
}
