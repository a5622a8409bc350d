/* tally.h: the public API of libtally, which turns news reports of political
 * violence into incident records. The core does no I/O: it takes (buf, len)
 * and returns structures that live in a per-article arena. */
#ifndef TALLY_H
#define TALLY_H

#include <stddef.h>
#include <stdint.h>

#define TALLY_VERSION "0.1.0"

/* ---- status codes ---------------------------------------------------------------- */
enum {
    TALLY_OK = 0,
    TALLY_EIO = 1,      /* a file could not be read or written */
    TALLY_EPARSE = 2,   /* input is not in the expected form */
    TALLY_ECORRUPT = 3, /* a data file (gazetteer, store) is damaged */
    TALLY_EDB = 4,      /* the store reported an error */
    TALLY_EUSAGE = 5    /* the caller's arguments are wrong */
};

/* A slice of bytes that is not NUL-terminated. */
typedef struct {
    const char *p; /* first byte */
    size_t len;    /* bytes */
} tally_span;

/* ---- arena: everything about one article comes from one and goes with it ----------- */
typedef struct tally_arena tally_arena;

/** New empty arena; free with tally_arena_free. Aborts on out of memory. */
tally_arena *tally_arena_new(void);
/** Free the arena and all it handed out; NULL is a no-op. */
void tally_arena_free(tally_arena *a);
/** Forget everything allocated, keeping the first block for reuse. */
void tally_arena_reset(tally_arena *a);
/** len bytes aligned for any type, zeroed; lives until reset or free. */
void *tally_arena_alloc(tally_arena *a, size_t len);
/** len bytes aligned for any type, NOT zeroed: for buffers the caller fills. */
void *tally_arena_alloc_raw(tally_arena *a, size_t len);
/** A NUL-terminated copy of p[0..len) in the arena. */
char *tally_arena_strndup(tally_arena *a, const char *p, size_t len);

/* ---- calendar ------------------------------------------------------------------- */
/* A calendar date. m == 0: only the year is known; d == 0: only year and month. */
typedef struct {
    int16_t y; /* year, 0 when unknown */
    int8_t m;  /* 1..12, 0 when unknown */
    int8_t d;  /* 1..31, 0 when unknown */
} tally_ymd;

/** Days since 1970-01-01 of a full date (m and d set). */
int32_t tally_ymd_to_days(tally_ymd t);
/** The date of a day number. */
tally_ymd tally_ymd_from_days(int32_t days);
/** 0 Sunday .. 6 Saturday, for a full date. */
int tally_ymd_weekday(tally_ymd t);
/** Writes "YYYY-MM-DD" (or "YYYY-MM", "YYYY") into out[11]; "" when unknown. */
void tally_ymd_format(tally_ymd t, char out[11]);

/* ---- text: UTF-8 repair, NFC and the matching form ------------------------------- */
typedef struct {
    const char *text;        /* normalized article text: valid UTF-8, NFC; offsets point here */
    size_t len;              /* bytes of text */
    const char *fold;        /* matching form: lower case, no accents, straight quotes, '-' dashes */
    size_t fold_len;         /* bytes of fold */
    const uint32_t *fold_map; /* fold byte i comes from text byte fold_map[i] (fold_len+1
                                 entries); NULL when fold and text line up byte for byte */
} tally_text;

/** The text offset that fold offset i comes from (i may be fold_len). */
static inline size_t tally_text_offset(const tally_text *t, size_t i) {
    return t->fold_map ? t->fold_map[i] : i;
}

/** Normalize buf[0..len) (invalid bytes become U+FFFD, NFC) and build its
 * matching form. Total: never fails. The result lives in the arena. */
tally_text *tally_text_new(tally_arena *a, const char *buf, size_t len);

/* ---- sentences and tokens -------------------------------------------------------- */
enum {
    TALLY_TOK_WORD = 1,  /* letters, maybe with digits, hyphens, apostrophes, dots (U.S.) */
    TALLY_TOK_NUM = 2,   /* starts with a digit: 5, 162,000, 3.5, 8-10, 2nd, 90% is NUM + PUNCT */
    TALLY_TOK_PUNCT = 3  /* one punctuation character (a quote, bracket, dash, ...) */
};
enum {
    TALLY_TF_CAP = 1,   /* first letter upper case */
    TALLY_TF_UPPER = 2, /* every letter upper case (and more than one letter) */
    TALLY_TF_SPACE = 4, /* white space before it */
    TALLY_TF_LINE = 8,  /* a line break before it */
    TALLY_TF_PARA = 16,  /* a blank line (paragraph break) before it */
    TALLY_TF_HYPHEN = 32 /* a hyphen inside: twenty-five, US-led, 8-10 */
};
typedef struct {
    uint32_t start, len;   /* bytes in text */
    uint32_t fstart, flen; /* bytes in fold */
    uint32_t hash;         /* tally_hash of the folded bytes: the key of dictionary lookups */
    uint16_t lex;          /* word classes from the lexicon (lexicon.h), 0 for most words */
    uint8_t kind;          /* TALLY_TOK_* */
    uint8_t flags;         /* TALLY_TF_* */
} tally_token;

typedef struct {
    uint32_t tok_start, tok_end; /* tokens [tok_start, tok_end) */
    uint32_t start, end;         /* bytes [start, end) in text */
} tally_sentence;

typedef struct {
    const tally_text *text; /* the text the tokens slice */
    tally_token *toks;      /* all tokens of the article */
    size_t ntoks;
    tally_sentence *sents; /* sentences in order */
    size_t nsents;
} tally_tokens;

/** Tokenize the text and split it into sentences; arrays live in the arena. */
void tally_tokens_split(tally_arena *a, const tally_text *t, tally_tokens *out);
/** FNV-1a hash of p[0..len): the key tokens and dictionary entries share. */
static inline uint32_t tally_hash(const char *p, size_t len) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)p[i]) * 16777619u;
    return h;
}
/** The folded bytes of token i. */
static inline tally_span tally_tokens_fold(const tally_tokens *tk, size_t i) {
    tally_span s = {tk->text->fold + tk->toks[i].fstart, tk->toks[i].flen};
    return s;
}
/** True when token i (which may be past the end) folds to the NUL-terminated
 * word w. Inline so that a literal w costs a length test and a short compare. */
static inline int tally_tokens_is(const tally_tokens *tk, size_t i, const char *w) {
    size_t n = __builtin_strlen(w);
    return i < tk->ntoks && tk->toks[i].flen == n &&
           __builtin_memcmp(tk->text->fold + tk->toks[i].fstart, w, n) == 0;
}

/* ---- numbers ---------------------------------------------------------------------- */
enum {
    TALLY_NUM_COUNT = 1,   /* a cardinal: five, 22, a dozen, several */
    TALLY_NUM_ORDINAL = 2, /* first, 2nd */
    TALLY_NUM_PERCENT = 3, /* 90%, 50 percent */
    TALLY_NUM_YEAR = 4,    /* 2014 standing for a year */
    TALLY_NUM_DECIMAL = 5, /* 1.7 (not a whole count) */
    TALLY_NUM_TIME = 6,    /* 10:30, 3 a.m. */
    TALLY_NUM_ADJ = 7      /* inside a compound adjective: 25-year-old, 30-minute */
};
enum {
    TALLY_Q_EXACT = 0,
    TALLY_Q_AT_LEAST = 1,  /* at least, no fewer than */
    TALLY_Q_MORE_THAN = 2, /* more than, over, upwards of */
    TALLY_Q_UP_TO = 3,     /* up to, as many as */
    TALLY_Q_ABOUT = 4,     /* about, some, around, approximately, roughly, an estimated */
    TALLY_Q_NEARLY = 5,    /* nearly, almost, fewer than, less than, under */
    TALLY_Q_VAGUE = 6      /* several, dozens, hundreds: the floor in BRIEF.md */
};
typedef struct {
    uint32_t tok_start, tok_end; /* tokens covered, qualifier included */
    uint32_t num_tok;            /* the token holding the figure itself */
    int64_t lo, hi;              /* the figure; hi > lo for a range (8 to 10) */
    double value;                /* the figure as written, for decimals */
    uint8_t kind;                /* TALLY_NUM_* */
    uint8_t qual;                /* TALLY_Q_* */
} tally_number;

/** Every number in sentence s (tokens of tk). Returns how many; *out lives in the arena. */
size_t tally_numbers_find(tally_arena *a, const tally_tokens *tk, size_t s, tally_number **out);

/* ---- dates ------------------------------------------------------------------------ */
enum {
    TALLY_PREC_DAY = 0,
    TALLY_PREC_WEEK = 1,
    TALLY_PREC_MONTH = 2,
    TALLY_PREC_YEAR = 3,
    TALLY_PREC_UNKNOWN = 4
};
typedef struct {
    uint32_t tok_start, tok_end; /* tokens of the expression */
    tally_ymd start, end;        /* resolved; start.y == 0 when it could not be */
    uint8_t precision;           /* TALLY_PREC_* */
    uint8_t relative;            /* 1 when it needed the article date (Friday, yesterday) */
    uint8_t since;               /* 1 for "since March 23": a span up to the article date */
    int8_t shift;                /* "the next day" +1, "the day before" -1: relative to the
                                    date last mentioned, left for the caller (start.y == 0) */
} tally_date_expr;

/** Parse a whole date string as found in a header or JSON field: ISO
 * (2010-02-15, 2010-02-15T08:00Z), "15 February 2010", "April 23, 2008",
 * "Jan. 25, 2013". Returns 1 and sets *out when it is a full date. */
int tally_dates_parse(const char *p, size_t len, tally_ymd *out);
/** The article date from the dateline near the top of the text: "15 February
 * 2010", "KABUL, Afghanistan (Jan. 25, 2013)", "(Sept. 1)" with the year from a
 * release code. Returns 1 and sets *out, else 0. */
int tally_dates_dateline(const tally_tokens *tk, tally_ymd *out);
/** The same, and the dateline's tokens [*span_start, *span_end): the place and
 * date it names are the report's, not an incident's. The span is set (and the
 * function returns 0) for a dateline whose year cannot be known. Returning 0, it
 * sets *out to the release code's year and month (d = 0) when there is one, else
 * to all zeros. */
int tally_dates_dateline_span(const tally_tokens *tk, tally_ymd *out, uint32_t *span_start,
                              uint32_t *span_end);
/** Date expressions in sentence s, resolved against anchor (the article date;
 * y == 0 when unknown, then only absolute dates with a year resolve). */
size_t tally_dates_find(tally_arena *a, const tally_tokens *tk, size_t s, tally_ymd anchor,
                        tally_date_expr **out);

/* ---- articles ---------------------------------------------------------------------- */
typedef struct {
    const char *id;     /* stable id: the JSON Lines id, else the file's base name */
    const char *path;   /* where it was read, or NULL */
    const char *title;  /* NULL when none */
    const char *source; /* outlet, NULL when none */
    const char *byline; /* NULL when none */
    const char *url;    /* NULL when none */
    const char *date_raw; /* the date as given in metadata, NULL when none */
    tally_span body;    /* the article text as read (not yet normalized) */
    uint32_t line;      /* line of the input the article came from (JSON Lines), else 0 */
} tally_doc;

/** Parse a plain-text article: an optional header block of Title:, Date:,
 * Source:, URL: (and Byline:, Id:) lines, then the body. Strings live in the arena. */
void tally_input_text(tally_arena *a, const char *path, const char *buf, size_t len, tally_doc *out);
/** Parse one JSON Lines record {id, text, title?, date?, source?, url?}.
 * Returns TALLY_OK, or TALLY_EPARSE with a message in err. */
int tally_input_jsonl(tally_arena *a, const char *buf, size_t len, tally_doc *out, char *err,
                      size_t errlen);
/** True when buf looks like binary data rather than text: judged on its first 8 KB,
 * more than a tenth control bytes (NUL included), or more than a fifth bytes that are
 * no part of a UTF-8 sequence with more than a fiftieth control bytes. A stray NUL in text is no reason: it is a bad byte. */
int tally_input_is_binary(const char *buf, size_t len);
/** True when buf is Latin-1 or Windows-1252 text rather than UTF-8: it has bytes that
 * are no part of a UTF-8 sequence, and more of them than valid multi-byte sequences
 * (a UTF-8 text with a few damaged bytes stays UTF-8: those become U+FFFD). */
int tally_input_is_cp1252(const char *buf, size_t len);
/** buf decoded as Windows-1252 (a superset of Latin-1's printable characters), as
 * UTF-8; its 5 unassigned bytes become U+FFFD. Returns a NUL-terminated string of
 * *out_len bytes from xmalloc: the caller frees it. */
char *tally_input_from_cp1252(const char *buf, size_t len, size_t *out_len);
/** The 1-based line of the first NUL byte of buf, or 0 when it has none. */
size_t tally_input_nul_line(const char *buf, size_t len);

/* ---- coded records ----------------------------------------------------------------- */
typedef struct {
    int64_t min, max; /* lowest and highest figure; min < 0 means no figure */
} tally_range;

typedef struct {
    uint32_t sentence;   /* index of the sentence */
    uint32_t start, end; /* bytes in the normalized text */
} tally_evidence;

enum { TALLY_ROLE_PERPETRATOR = 0, TALLY_ROLE_TARGET = 1, TALLY_ROLE_VICTIM = 2 };
typedef struct {
    uint8_t role;     /* TALLY_ROLE_* */
    const char *text; /* the words */
    const char *code; /* CAMEO actor code (USAMIL), or NULL */
    const char *kind; /* ACLED actor kind, or NULL */
} tally_actor;

enum { TALLY_VICTIMS_NONE = 0, TALLY_VICTIMS_CIVILIANS, TALLY_VICTIMS_COMBATANTS, TALLY_VICTIMS_MIXED };
typedef struct {
    const char *by;         /* who says so; NULL in the article's own voice */
    const char *via;        /* outlet that carried it, or NULL */
    uint32_t sentence;      /* sentence index */
    tally_range fatalities; /* what this claim says was killed */
    tally_range injured;    /* ... injured */
    tally_range detained;   /* ... detained */
    const char *words;      /* the count words as written ("several"), or NULL */
    uint8_t victims;        /* TALLY_VICTIMS_* */
    uint8_t hedged;         /* alleged, claimed, reportedly ... */
} tally_claim;

typedef struct {
    const char *text;   /* the words of the mention */
    const char *name;   /* resolved name */
    const char *admin1; /* province */
    const char *country; /* ISO 3166-1 alpha-3 */
    double lat, lon;    /* valid when has_coords */
    int64_t geonameid;  /* 0 when none */
    uint8_t has_coords;
    uint8_t precision;  /* 1, 2, 3; 0 when none */
} tally_location;

typedef struct {
    const char *event_type;     /* ACLED event type */
    const char *sub_event_type; /* ACLED sub-event type, or NULL */
    const char *method;         /* raid, air strike, ... */
    const char *cameo;          /* CAMEO code, or NULL */
    tally_date_expr date;       /* start.y == 0 when unknown */
    const char *date_text;      /* the words of the date, or NULL */
    tally_location location;    /* text == NULL and country == NULL when none */
    uint8_t has_location;
    tally_actor *actors;
    size_t nactors;
    tally_range fatalities, injured, detained;
    tally_range civ_killed;     /* civilian part of the dead */
    int women, children;        /* -1 when not stated */
    tally_claim *claims;
    size_t nclaims;
    tally_evidence *evidence;
    size_t nevidence;
    uint8_t contested;
    uint8_t tally;              /* a count over a period, not one incident */
} tally_incident;

typedef struct {
    uint32_t sentence;
    tally_ymd date;        /* y == 0 when unknown */
    const char *source, *target, *code; /* CAMEO actor codes and event code */
    int quad_class;        /* 0 when unknown */
    double goldstein;
    uint8_t has_goldstein, hedged;
    const char *text, *plover, *mode;
} tally_event;

/* A coded article: the document, its text and what was found in it. */
typedef struct {
    tally_doc doc;
    tally_text *text;
    tally_tokens tk;
    tally_ymd date;        /* article date, y == 0 when none; d == 0 when only the
                              month is known (from a release code) */
    uint32_t dateline_start, dateline_end; /* tokens of the dateline ("KABUL, Afghanistan
                                              (Jan. 25, 2013)"); equal when none */
    char sha256[65];       /* hex hash of the normalized text */
    tally_incident *incidents;
    size_t nincidents;
    tally_event *events;
    size_t nevents;
} tally_article;

/* The long-lived resources the coder reads: loaded once, shared by every article. */
typedef struct tally_gazetteer tally_gazetteer; /* places.c: the memory-mapped gazetteer */
typedef struct {
    const tally_gazetteer *gazetteer; /* NULL: places resolve to countries and provinces only */
    uint8_t user_dicts; /* 1: events use only the dictionaries added at run time
                           (tally code --dict: PETRARCH's), not those compiled from data/ */
} tally_coder;

/* ---- places: the gazetteer and the geoparser ----------------------------------------- */
/** Open the gazetteer file (memory-mapped, read-only; nothing is parsed at start).
 * Returns TALLY_OK and sets *out (free with tally_gazetteer_close), or TALLY_EIO
 * (missing, unreadable) / TALLY_ECORRUPT (damaged, wrong version) with a message in
 * err that names the file and says how to rebuild it (make gazetteer). */
int tally_gazetteer_open(const char *path, tally_gazetteer **out, char *err, size_t errlen);
/** Unmap and free; NULL is a no-op. */
void tally_gazetteer_close(tally_gazetteer *g);
/** Where tally looks for the gazetteer: $TALLY_GAZETTEER when set, else
 * build/gazetteer.bin beside the tally binary (where make puts it), else
 * gazetteer.bin beside it. A static string. */
const char *tally_gazetteer_default_path(void);

enum {
    TALLY_PLACE_COUNTRY = 1,   /* a country (PCLI ...) */
    TALLY_PLACE_ADMIN1 = 2,    /* province, state, governorate (ADM1) */
    TALLY_PLACE_ADMIN2 = 3,    /* district, county (ADM2) */
    TALLY_PLACE_CITY = 4,      /* city, town, village (PPL*) */
    TALLY_PLACE_DISTRICT = 5,  /* a part of a city or a landmark (Sadr City, Green Zone) */
    TALLY_PLACE_CONTINENT = 6, /* Asia, Europe, the Middle East */
    TALLY_PLACE_DEMONYM = 7,   /* Iranian, Afghan: stands for the country */
    TALLY_PLACE_OTHER = 8      /* seas, straits, other features */
};

typedef struct {
    uint32_t sentence;           /* sentence index in tk */
    uint32_t tok_start, tok_end; /* tokens [tok_start, tok_end) of the mention */
    tally_location loc;          /* resolved: text = the words as written, name, admin1,
                                    country, lat/lon (has_coords), geonameid, precision
                                    (1 the place itself, 2 near it or a district, 3 a
                                    province or country); name == NULL when unresolved */
    const char *feature;         /* GeoNames feature code (PPL, ADM1, PCLI ...) or NULL */
    uint8_t kind;                /* TALLY_PLACE_* */
    uint8_t near;                /* "near X", "outside X", "north of X": precision 2 */
    uint16_t radius_km;          /* uncertainty of the point; 0 for a town's own point */
} tally_place;

/** Every place mention of the article, in text order, resolved with the whole
 * document as context (countries and provinces named, "X province", "X, Y",
 * "near X"). g may be NULL: then nothing resolves and it returns 0 (distances
 * and bearings, "265 km south-east of Baghdad", are not used yet). Sets *out to
 * an arena-owned array and returns its length. Total: never fails. */
size_t tally_places_find(tally_arena *a, const tally_gazetteer *g, const tally_tokens *tk,
                         tally_place **out);

/** Run the pipeline on one document: normalize, split, recognize, code. c may be
 * NULL (no gazetteer). Everything lives in the arena a. Total: never fails. */
void tally_code_article(tally_arena *a, const tally_coder *c, const tally_doc *doc, tally_article *out);

/* ---- output ----------------------------------------------------------------------- */
/* A growing byte buffer. */
typedef struct {
    char *p;    /* bytes, NUL-terminated */
    size_t len; /* bytes used */
    size_t cap; /* bytes allocated */
} tally_buf;

void tally_buf_put(tally_buf *b, const char *p, size_t len);
void tally_buf_puts(tally_buf *b, const char *s);
void tally_buf_printf(tally_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tally_buf_free(tally_buf *b);

/** Append the article as one line of JSON (schema: article.schema.json) and '\n'. */
void tally_json_article(tally_buf *b, const tally_article *art);
/** Append p[0..len) as a JSON string, escaped; invalid UTF-8 becomes U+FFFD. */
void tally_json_str(tally_buf *b, const char *p, size_t len);

/** SHA-256 of p[0..len) as 64 hex digits and a NUL. */
void tally_sha256_hex(const void *p, size_t len, char out[65]);

#endif
