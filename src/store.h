/* store.h: the incident store: coded articles, their reports and claims, and the
 * merged incidents, in an embedded SQLite file (store_sqlite.c), and the queries
 * and export formats read from it (store_export.c). */
#ifndef TALLY_STORE_H
#define TALLY_STORE_H

#include "tally.h"

#include <stdio.h>

typedef struct tally_store tally_store;

#define TALLY_STORE_SCHEMA 2 /* PRAGMA user_version of a current store */

/* What tally_store_article did with an article. */
enum {
    TALLY_STORE_NEW = 1,      /* stored */
    TALLY_STORE_SAME = 2,     /* an article with the same sha256 is stored: nothing changed */
    TALLY_STORE_REPLACED = 3  /* a corrected version: the article with the same id or URL
                                 was deleted with all its reports, claims and events */
};

/** The store path when none is given: $TALLY_DB when set, else "tally.db". Static. */
const char *tally_store_default_path(void);

/** Open the store at path (WAL mode, a 5 s busy timeout so that readers and one
 * writer share it). create: make the file when missing and migrate an older schema
 * (the writer's mode); otherwise a missing file or an old schema is an error that
 * says to run tally ingest. A database that is not a tally store (another
 * program's application_id, or tables without tally's schema version) is refused
 * before anything is written to it (TALLY_ECORRUPT). Returns TALLY_OK and sets *out
 * (free with tally_store_close), else TALLY_EDB / TALLY_EIO / TALLY_ECORRUPT with a
 * message in err.
 *
 * Writers wait for each other: a step that needs the write lock while another
 * process holds it waits as long as that takes (saying so once on stderr), so no
 * article is ever dropped because the store is busy. Errors of a writer are
 * TALLY_EIO when the store cannot take more writes now (disk full, I/O error,
 * read-only or damaged file: stop, going on would fail alike), TALLY_EDB when
 * only this one write failed. */
int tally_store_open(const char *path, int create, tally_store **out, char *err, size_t errlen);
/* create == TALLY_STORE_READONLY: open an existing current store read-only
 * (SQLITE_OPEN_READONLY; tally serve): it is never written or migrated. */
#define TALLY_STORE_READONLY 2
/** Close (finalizing statements; an open batch is rolled back); NULL is a no-op. */
void tally_store_close(tally_store *s);

/** Start a batch: one short write transaction holding many coded articles. */
int tally_store_begin(tally_store *s, char *err, size_t errlen);
/** Commit the batch. On failure it is rolled back: none of its articles is stored. */
int tally_store_commit(tally_store *s, char *err, size_t errlen);

/** Store a coded article inside the current batch, all or nothing (a savepoint):
 * the article row with its text and metadata, every report (per-article incident)
 * with its place, actors, claims (speaker, sentence, byte offsets) and evidence,
 * and its CAMEO events. Sets *what to a TALLY_STORE_* value. On error the article's
 * changes are rolled back, the batch stays usable, and err says why. */
int tally_store_article(tally_store *s, const tally_article *art, int *what, char *err, size_t errlen);

/** 1 when an article with this sha256 (of its normalized text) is stored, 0 when
 * not, -1 when the store could not say. Read outside any batch, so that a stored
 * article is not coded again. */
int tally_store_has_text(tally_store *s, const char sha256[65]);

/** The ids of every stored article, ascending, into *ids (caller frees) and *n. */
int tally_store_article_ids(tally_store *s, long long **ids, size_t *n);
/** Stored article id as a document to code again: its metadata and its stored
 * (normalized) text; strings live in a. The article date found in the text is
 * given back as date_raw when the input had none. */
int tally_store_load_article(tally_store *s, long long id, tally_arena *a, tally_doc *doc);
/** Replace the reports, claims and events of stored article id by those of art (the
 * same article coded again, after a dictionary change), all or nothing, inside the
 * current batch. The article row and its text stay. */
int tally_store_recode(tally_store *s, long long id, const tally_article *art, char *err, size_t errlen);

/** 1 when articles changed since the merged incidents were last rebuilt. */
int tally_store_needs_merge(tally_store *s);

/** Rebuild the merged incidents from every stored report (merge.c) in one
 * transaction: a deterministic function of the stored reports, so a rebuild after
 * a dictionary change or an interrupted ingest equals a fresh ingest. Sets
 * *nincidents when not NULL. */
int tally_store_merge(tally_store *s, size_t *nincidents, char *err, size_t errlen);

/** The live id of incident id: the incident it was merged into (ids are stable:
 * when two incidents merge the older id stays and the other redirects to it), or
 * id itself. Sets *live; TALLY_EDB on a database error. */
int tally_store_resolve(tally_store *s, long long id, long long *live);

/** Counts for a summary: articles, reports, merged incidents. */
int tally_store_counts(tally_store *s, size_t *articles, size_t *reports, size_t *incidents);

/** The SQLite handle, for the store's own query code (store_export.c). */
struct sqlite3 *tally_store_db(tally_store *s);

/* ---- queries and export (store_export.c) ---- */

/* Filters of tally incidents and tally export; NULL / 0 fields do not filter. */
typedef struct {
    const char *from, *to;   /* YYYY-MM-DD (or YYYY, YYYY-MM): incidents overlapping the span */
    const char *country;     /* ISO 3166-1 alpha-3, case-insensitive */
    const char *admin1;      /* province, case-insensitive */
    const char *type;        /* a word of the event or sub-event type, case-insensitive */
    const char *actor;       /* a word of any actor's name */
    const char *source;      /* a word of any source: a speaker or an outlet */
    long long min_killed;    /* the highest figure is at least this; < 0: no filter */
    int contested;           /* 1: contested incidents only */
    long long limit;         /* at most this many; 0: all */
    long long offset;        /* skip this many first (paging); 0: none */
    long long id;            /* > 0: only the incident with this id */
} tally_store_filter;

enum {
    TALLY_FORMAT_TABLE = 0, /* aligned columns for a terminal */
    TALLY_FORMAT_JSON,      /* one JSON object per incident with its reports and claims
                               (each claim's "figures": [start, end) byte spans of its
                               figures in its sentence "text") */
    TALLY_FORMAT_CSV,       /* one row per incident, a header first */
    TALLY_FORMAT_ACLED,     /* ACLED's column layout, CSV */
    TALLY_FORMAT_CAMEO,     /* Phoenix/TABARI-style tab-separated CAMEO events */
    TALLY_FORMAT_GEOJSON,   /* a FeatureCollection of points */
    TALLY_FORMAT_JSON_BRIEF /* one JSON object per incident, without its reports */
};

/** Write the merged incidents that pass f to out in format fmt (any TALLY_FORMAT_*;
 * CAMEO writes the stored events of the articles instead). Returns TALLY_OK, or
 * TALLY_EDB / TALLY_EIO with a message in err. */
int tally_store_query(tally_store *s, const tally_store_filter *f, int fmt, FILE *out, char *err, size_t errlen);

/** The number of merged incidents that pass f (limit and offset ignored) into *n. */
int tally_store_count(tally_store *s, const tally_store_filter *f, long long *n, char *err, size_t errlen);

/* What tally_store_aggregate groups by. */
enum { TALLY_AGG_DAY = 0, TALLY_AGG_WEEK, TALLY_AGG_ADMIN1, TALLY_AGG_TYPE, TALLY_AGG_ACTOR };
/** Write the incidents that pass f (limit and offset ignored) grouped by day, by
 * week (its Monday) or by country and admin1, as a JSON array in key order:
 * [{"key":"2014-03-20","incidents":3,"killed_min":5,"killed_max":12}, ...] (by
 * admin1 also "country", "lat" and "lon": the mean point of its incidents).
 * Incidents without a date (or admin1) are left out. By type (the sub-event type,
 * else the event type) and by actor (actor1's ACLED name, data/actor-names.tsv):
 * the most frequent first, incidents without one left out. */
int tally_store_aggregate(tally_store *s, const tally_store_filter *f, int by, FILE *out, char *err, size_t errlen);

/** Write why merged incident id is what it is: each report with its article, its
 * counts and claims (with the sentences they come from) and the rule that joined
 * it. TALLY_EUSAGE when there is no such incident. */
int tally_store_explain(tally_store *s, long long id, FILE *out, char *err, size_t errlen);

#endif
