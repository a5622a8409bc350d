/* store_sqlite.c: the embedded store: schema and migrations, storing coded articles
 * all or nothing, and rebuilding the merged incidents from the stored reports. */
#include "merge.h"
#include "store.h"
#include "util.h"

#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Schema migrations: MIGRATIONS[v] takes a store from user_version v to v + 1. A
 * new version appends a step (ALTER TABLE, new tables, data rewrites) and raises
 * TALLY_STORE_SCHEMA; old stores are migrated when a writer opens them. */
static const char *const MIGRATIONS[] = {
    /* 0 -> 1 */
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;\n"
    /* one row per stored article: its metadata, hash, text and how many rows hang off
       it (so a reader can check that an article is complete) */
    "CREATE TABLE articles(id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL, sha256 TEXT NOT NULL UNIQUE,\n"
    "  url TEXT, path TEXT, line INTEGER, title TEXT, source TEXT, byline TEXT, date TEXT,\n"
    "  date_raw TEXT, sentences INTEGER NOT NULL, n_reports INTEGER NOT NULL,\n"
    "  n_claims INTEGER NOT NULL, n_events INTEGER NOT NULL, text TEXT NOT NULL);\n"
    "CREATE INDEX articles_doc_id ON articles(doc_id);\n"
    "CREATE INDEX articles_url ON articles(url) WHERE url IS NOT NULL;\n"
    /* resolved places, shared by the reports that name them */
    "CREATE TABLE places(id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, name TEXT, admin1 TEXT,\n"
    "  country TEXT, lat REAL, lon REAL, geonameid INTEGER);\n"
    /* reports: the incidents (and tallies) one article gives, as coded */
    "CREATE TABLE reports(id INTEGER PRIMARY KEY, article INTEGER NOT NULL, idx INTEGER NOT NULL,\n"
    "  tally INTEGER NOT NULL, event_type TEXT, sub_event_type TEXT, method TEXT, cameo TEXT,\n"
    "  date_start TEXT, date_end TEXT, date_precision INTEGER, date_relative INTEGER, date_text TEXT,\n"
    "  place INTEGER, place_text TEXT, place_precision INTEGER,\n"
    "  killed_min INTEGER, killed_max INTEGER, injured_min INTEGER, injured_max INTEGER,\n"
    "  detained_min INTEGER, detained_max INTEGER, civ_min INTEGER, civ_max INTEGER,\n"
    "  women INTEGER, children INTEGER, contested INTEGER NOT NULL);\n"
    "CREATE INDEX reports_article ON reports(article);\n"
    "CREATE TABLE actors(report INTEGER NOT NULL, idx INTEGER NOT NULL, article INTEGER NOT NULL,\n"
    "  role INTEGER NOT NULL, text TEXT, code TEXT, kind TEXT, PRIMARY KEY(report, idx)) WITHOUT ROWID;\n"
    "CREATE INDEX actors_article ON actors(article);\n"
    /* every claim: who said it, in which sentence (byte offsets into the article text) */
    "CREATE TABLE claims(report INTEGER NOT NULL, idx INTEGER NOT NULL, article INTEGER NOT NULL,\n"
    "  speaker TEXT, via TEXT, sentence INTEGER NOT NULL, start_byte INTEGER, end_byte INTEGER,\n"
    "  killed_min INTEGER, killed_max INTEGER, injured_min INTEGER, injured_max INTEGER,\n"
    "  detained_min INTEGER, detained_max INTEGER, words TEXT, victims INTEGER NOT NULL,\n"
    "  hedged INTEGER NOT NULL, PRIMARY KEY(report, idx)) WITHOUT ROWID;\n"
    "CREATE INDEX claims_article ON claims(article);\n"
    "CREATE TABLE evidence(report INTEGER NOT NULL, idx INTEGER NOT NULL, article INTEGER NOT NULL,\n"
    "  sentence INTEGER NOT NULL, start_byte INTEGER NOT NULL, end_byte INTEGER NOT NULL,\n"
    "  PRIMARY KEY(report, idx)) WITHOUT ROWID;\n"
    "CREATE INDEX evidence_article ON evidence(article);\n"
    /* CAMEO events (who did what to whom) */
    "CREATE TABLE events(article INTEGER NOT NULL, idx INTEGER NOT NULL, sentence INTEGER NOT NULL,\n"
    "  start_byte INTEGER, end_byte INTEGER, date TEXT, source TEXT, target TEXT, code TEXT,\n"
    "  quad_class INTEGER, goldstein REAL, hedged INTEGER NOT NULL, text TEXT, plover TEXT, mode TEXT,\n"
    "  PRIMARY KEY(article, idx)) WITHOUT ROWID;\n"
    /* merged incidents, rebuilt from the reports by tally_store_merge */
    "CREATE TABLE incidents(id INTEGER PRIMARY KEY, event_type TEXT, sub_event_type TEXT,\n"
    "  date_start TEXT, date_end TEXT, place_name TEXT, admin1 TEXT, country TEXT, lat REAL, lon REAL,\n"
    "  geo_precision INTEGER, actor1 TEXT, actor2 TEXT, actors TEXT,\n"
    "  killed_min INTEGER, killed_max INTEGER, injured_min INTEGER, injured_max INTEGER,\n"
    "  detained_min INTEGER, detained_max INTEGER, civ_min INTEGER, civ_max INTEGER,\n"
    "  women INTEGER, children INTEGER, contested INTEGER NOT NULL, n_reports INTEGER NOT NULL,\n"
    "  n_articles INTEGER NOT NULL, n_sources INTEGER NOT NULL, sources TEXT, outlets TEXT);\n"
    "CREATE INDEX incidents_date ON incidents(date_start);\n"
    "CREATE INDEX incidents_country ON incidents(country, date_start);\n"
    "CREATE TABLE incident_reports(incident INTEGER NOT NULL, ord INTEGER NOT NULL,\n"
    "  report INTEGER NOT NULL, joined_to INTEGER, why TEXT, PRIMARY KEY(incident, ord)) WITHOUT ROWID;\n"
    "INSERT INTO meta VALUES('merge_dirty', '0');\n",
    /* 1 -> 2: stable incident ids. report_incident remembers the incident each report
       (article row, index) was in at the last merge, so that the next merge gives the
       incident the same id; an id merged into an older one redirects to it; the
       incident says what its sources dispute */
    "ALTER TABLE incidents ADD COLUMN disputed TEXT;\n"
    "CREATE TABLE report_incident(article INTEGER NOT NULL, idx INTEGER NOT NULL, incident INTEGER NOT NULL,\n"
    "  PRIMARY KEY(article, idx)) WITHOUT ROWID;\n"
    "CREATE TABLE incident_redirects(id INTEGER PRIMARY KEY, to_id INTEGER NOT NULL);\n"
    "INSERT OR IGNORE INTO report_incident SELECT r.article, r.idx, ir.incident\n"
    "  FROM incident_reports ir JOIN reports r ON r.id = ir.report;\n"
    "INSERT INTO meta SELECT 'next_incident', coalesce(max(id), 0) + 1 FROM incidents;\n"};

enum {
    S_FIND_SHA,
    S_FIND_OLD,
    S_DEL_CLAIMS,
    S_DEL_EVIDENCE,
    S_DEL_ACTORS,
    S_DEL_REPORTS,
    S_DEL_EVENTS,
    S_DEL_ARTICLE,
    S_INS_ARTICLE,
    S_INS_PLACE,
    S_GET_PLACE,
    S_INS_REPORT,
    S_INS_ACTOR,
    S_INS_CLAIM,
    S_INS_EVIDENCE,
    S_INS_EVENT,
    S_DIRTY,
    S_SAVEPOINT,
    S_RELEASE,
    S_ROLLBACK_TO,
    S_SET_COUNTS,
    S_LOAD_ARTICLE,
    S_N
};

static const char *const SQL[S_N] = {
    [S_FIND_SHA] = "SELECT id FROM articles WHERE sha256 = ?1",
    [S_FIND_OLD] = "SELECT id FROM articles WHERE doc_id = ?1 UNION SELECT id FROM articles WHERE url = ?2",
    [S_DEL_CLAIMS] = "DELETE FROM claims WHERE article = ?1",
    [S_DEL_EVIDENCE] = "DELETE FROM evidence WHERE article = ?1",
    [S_DEL_ACTORS] = "DELETE FROM actors WHERE article = ?1",
    [S_DEL_REPORTS] = "DELETE FROM reports WHERE article = ?1",
    [S_DEL_EVENTS] = "DELETE FROM events WHERE article = ?1",
    [S_DEL_ARTICLE] = "DELETE FROM articles WHERE id = ?1",
    [S_INS_ARTICLE] = "INSERT INTO articles(doc_id, sha256, url, path, line, title, source, byline, date,"
                      " date_raw, sentences, n_reports, n_claims, n_events, text)"
                      " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    [S_INS_PLACE] = "INSERT OR IGNORE INTO places(key, name, admin1, country, lat, lon, geonameid)"
                    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [S_GET_PLACE] = "SELECT id FROM places WHERE key = ?1",
    [S_INS_REPORT] = "INSERT INTO reports(article, idx, tally, event_type, sub_event_type, method, cameo,"
                     " date_start, date_end, date_precision, date_relative, date_text, place, place_text,"
                     " place_precision, killed_min, killed_max, injured_min, injured_max, detained_min,"
                     " detained_max, civ_min, civ_max, women, children, contested)"
                     " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
                     " ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)",
    [S_INS_ACTOR] = "INSERT INTO actors(report, idx, article, role, text, code, kind)"
                    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [S_INS_CLAIM] = "INSERT INTO claims(report, idx, article, speaker, via, sentence, start_byte, end_byte,"
                    " killed_min, killed_max, injured_min, injured_max, detained_min, detained_max, words,"
                    " victims, hedged) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
                    " ?15, ?16, ?17)",
    [S_INS_EVIDENCE] = "INSERT INTO evidence(report, idx, article, sentence, start_byte, end_byte)"
                       " VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
    [S_INS_EVENT] = "INSERT INTO events(article, idx, sentence, start_byte, end_byte, date, source, target,"
                    " code, quad_class, goldstein, hedged, text, plover, mode)"
                    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    [S_DIRTY] = "UPDATE meta SET value = '1' WHERE key = 'merge_dirty' AND value <> '1'",
    [S_SAVEPOINT] = "SAVEPOINT article",
    [S_RELEASE] = "RELEASE article",
    [S_ROLLBACK_TO] = "ROLLBACK TO article",
    [S_SET_COUNTS] = "UPDATE articles SET n_reports = ?1, n_claims = ?2, n_events = ?3 WHERE id = ?4",
    [S_LOAD_ARTICLE] = "SELECT doc_id, url, path, title, source, byline, date_raw, line, text, date"
                       " FROM articles WHERE id = ?1",
};

struct tally_store {
    sqlite3 *db;
    sqlite3_stmt *st[S_N]; /* prepared on first use */
    int in_batch;          /* a batch transaction is open */
    int waited;            /* the "waiting for another writer" notice was given */
    char path[1024];       /* the file, for messages */
};

#define TALLY_APPLICATION_ID 0x74616c79 /* PRAGMA application_id of a tally store: "taly" */

/* 1 when SQLite's result code rc means the store cannot take more writes now (a full
 * disk, an I/O error, a damaged or read-only file): the caller stops, as going on
 * would fail the same way for every article. */
static int store_failed(int rc) {
    switch (rc & 0xff) {
    case SQLITE_FULL: case SQLITE_IOERR: case SQLITE_READONLY: case SQLITE_CORRUPT:
    case SQLITE_NOTADB: case SQLITE_CANTOPEN: case SQLITE_NOMEM: case SQLITE_PROTOCOL:
        return 1;
    default:
        return 0;
    }
}

/* "what: SQLite's message"; TALLY_EIO when the store cannot go on, else TALLY_EDB. */
static int fail(tally_store *s, char *err, size_t errlen, const char *what) {
    int rc = s && s->db ? sqlite3_extended_errcode(s->db) : SQLITE_NOMEM;
    if (err && errlen)
        snprintf(err, errlen, "%s: %s", what, s && s->db ? sqlite3_errmsg(s->db) : "out of memory");
    return store_failed(rc) ? TALLY_EIO : TALLY_EDB;
}

const char *tally_store_default_path(void) {
    const char *e = getenv("TALLY_DB");
    return e && e[0] ? e : "tally.db";
}

struct sqlite3 *tally_store_db(tally_store *s) { return s->db; }

/* Run sql, waiting as long as another connection holds the lock it needs: the busy
 * timeout waits 5 s at a time, and each time it runs out we try again, after saying
 * once that we wait. On failure err is "PATH: what: SQLite's message". */
static int exec(tally_store *s, const char *sql, const char *what, char *err, size_t errlen) {
    for (unsigned tries = 0;; tries++) {
        int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
        if (rc == SQLITE_OK)
            return TALLY_OK;
        if ((rc & 0xff) != SQLITE_BUSY) {
            char w[1200];
            snprintf(w, sizeof w, "%s: %s", s->path, what);
            return fail(s, err, errlen, w);
        }
        if (!s->waited) {
            fprintf(stderr, "tally: %s: another process is writing to the store; waiting for it\n", s->path);
            s->waited = 1;
        }
        usleep(1000u * (10u << (tries < 5 ? tries : 5))); /* 10 ms .. 320 ms, then the busy timeout again */
    }
}

/* The integer a PRAGMA or a count query returns, or -1 when it fails. */
static long long query_int(tally_store *s, const char *sql) {
    sqlite3_stmt *st;
    long long v = -1;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    return v;
}

static int user_version(tally_store *s) { return (int)query_int(s, "PRAGMA user_version"); }

/* Refuse a database that is not a tally store, before anything writes to it: another
 * program's application_id, or tables without a tally schema version (or a schema
 * version without tally's tables). An empty database is a new store. */
static int foreign(tally_store *s, char *err, size_t errlen) {
    /* one statement, so one snapshot: another writer may be making the store now */
    sqlite3_stmt *st;
    long long v = 0, app = 0, nobj = 0, ours = 0;
    if (sqlite3_prepare_v2(s->db, "SELECT (SELECT user_version FROM pragma_user_version),"
                                  " (SELECT application_id FROM pragma_application_id),"
                                  " (SELECT count(*) FROM sqlite_master), (SELECT count(*) FROM sqlite_master"
                                  " WHERE type = 'table' AND name IN ('meta', 'articles', 'reports', 'incidents'))",
                           -1, &st, NULL) != SQLITE_OK)
        return fail(s, err, errlen, "cannot read the store's schema");
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        v = sqlite3_column_int64(st, 0);
        app = sqlite3_column_int64(st, 1);
        nobj = sqlite3_column_int64(st, 2);
        ours = sqlite3_column_int64(st, 3);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return fail(s, err, errlen, "cannot read the store's schema");
    const char *why = NULL;
    char buf[64];
    if (app != 0 && app != TALLY_APPLICATION_ID) {
        snprintf(buf, sizeof buf, "its application_id is 0x%llx", (unsigned long long)app);
        why = buf;
    } else if (v == 0 && nobj > 0) {
        why = "it holds tables but no tally schema version";
    } else if (v > 0 && app == 0 && ours < 4) {
        why = "its schema version is not tally's";
    }
    if (!why)
        return TALLY_OK;
    snprintf(err, errlen, "%s: not a tally store (%s); it was left as it is: give tally another --db path",
             s->path, why);
    return TALLY_ECORRUPT;
}

/* Bring the schema to TALLY_STORE_SCHEMA, in one write transaction. */
static int migrate(tally_store *s, char *err, size_t errlen) {
    if (exec(s, "BEGIN IMMEDIATE", "cannot start writing", err, errlen))
        return TALLY_EDB;
    int v = user_version(s); /* again, now that we hold the write lock */
    if (v < 0 || v > TALLY_STORE_SCHEMA) {
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        snprintf(err, errlen, "%s: store schema version %d is newer than this tally's (%d); use a newer tally",
                 s->path, v, TALLY_STORE_SCHEMA);
        return TALLY_ECORRUPT;
    }
    int rc = foreign(s, err, errlen); /* another program may have made it meanwhile */
    if (rc) {
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        return rc;
    }
    for (; v < TALLY_STORE_SCHEMA; v++) {
        char pragma[96];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d; PRAGMA application_id = %d", v + 1,
                 TALLY_APPLICATION_ID);
        if ((rc = exec(s, MIGRATIONS[v], "cannot make the store's tables", err, errlen)) ||
            (rc = exec(s, pragma, "cannot set the store's version", err, errlen))) {
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            return rc;
        }
    }
    return exec(s, "COMMIT", "cannot commit the new schema", err, errlen);
}

/* The writer's settings. WAL: readers go on while one writer ingests; NORMAL sync
 * loses nothing when the process dies, only (at most) the last commits on a power
 * failure. The WAL is checkpointed every 2048 pages (8 MB) and cut back to 8 MB
 * after each checkpoint, so a long ingest does not grow it without bound. The
 * per-article savepoints' journal is in memory, not a temporary file. */
static int writer_settings(tally_store *s, char *err, size_t errlen) {
    static const char *const P[] = {"PRAGMA journal_mode = WAL",       "PRAGMA synchronous = NORMAL",
                                    "PRAGMA cache_size = -65536",      "PRAGMA wal_autocheckpoint = 2048",
                                    "PRAGMA journal_size_limit = 8388608", "PRAGMA temp_store = MEMORY"};
    for (size_t i = 0; i < ARRAY_LEN(P); i++)
        if (exec(s, P[i], P[i] + 7, err, errlen))
            return TALLY_EDB;
    /* a test hook: a store of at most N pages, to see how a full disk is handled */
    const char *max = getenv("TALLY_STORE_MAX_PAGES");
    if (max && max[0]) {
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA max_page_count = %d", atoi(max));
        return exec(s, sql, "max_page_count", err, errlen);
    }
    return TALLY_OK;
}

int tally_store_open(const char *path, int create, tally_store **out, char *err, size_t errlen) {
    *out = NULL;
    if (create != 1 && strcmp(path, ":memory:") != 0 && access(path, F_OK) != 0) {
        snprintf(err, errlen, "%s: no store there (make one with: tally ingest --db %s FILE...)", path, path);
        return TALLY_EIO;
    }
    tally_store *s = xmalloc(sizeof *s);
    memset(s, 0, sizeof *s);
    snprintf(s->path, sizeof s->path, "%s", path);
    int readonly = create == TALLY_STORE_READONLY;
    if (readonly)
        create = 0;
    int flags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: cannot open the store: %s", path, s->db ? sqlite3_errmsg(s->db) : "out of memory");
        tally_store_close(s);
        return TALLY_EIO;
    }
    sqlite3_busy_timeout(s->db, 5000);
    sqlite3_extended_result_codes(s->db, 1);
    int v = user_version(s);
    if (v < 0) {
        snprintf(err, errlen, "%s: not a tally store (%s)", path, sqlite3_errmsg(s->db));
        tally_store_close(s);
        return TALLY_ECORRUPT;
    }
    int rc = foreign(s, err, errlen);
    if (!rc && create) {
        rc = writer_settings(s, err, errlen);
        if (!rc && v != TALLY_STORE_SCHEMA)
            rc = migrate(s, err, errlen);
    } else if (!rc && v != TALLY_STORE_SCHEMA) {
        snprintf(err, errlen, "%s: store schema version %d, this tally reads version %d (%s)", path, v,
                 TALLY_STORE_SCHEMA, v < TALLY_STORE_SCHEMA ? "upgrade it with: tally merge --db PATH" : "use a newer tally");
        rc = TALLY_ECORRUPT;
    }
    if (rc) {
        tally_store_close(s);
        return rc;
    }
    *out = s;
    return TALLY_OK;
}

void tally_store_close(tally_store *s) {
    if (!s)
        return;
    for (int i = 0; i < S_N; i++)
        sqlite3_finalize(s->st[i]);
    if (s->in_batch)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(s->db);
    free(s);
}

/* The prepared statement i, reset and with its bindings cleared. */
static sqlite3_stmt *stmt(tally_store *s, int i) {
    if (!s->st[i] && sqlite3_prepare_v3(s->db, SQL[i], -1, SQLITE_PREPARE_PERSISTENT, &s->st[i], NULL) != SQLITE_OK)
        return NULL;
    sqlite3_reset(s->st[i]);
    sqlite3_clear_bindings(s->st[i]);
    return s->st[i];
}

/* Step a statement that returns no rows; 1 on success. */
static int run(sqlite3_stmt *st) {
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE;
}

static void bind_str(sqlite3_stmt *st, int i, const char *v) {
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

static void bind_ymd(sqlite3_stmt *st, int i, tally_ymd t, char buf[11]) {
    tally_ymd_format(t, buf);
    if (buf[0])
        sqlite3_bind_text(st, i, buf, -1, SQLITE_STATIC);
}

static void bind_range(sqlite3_stmt *st, int i, tally_range r) {
    if (r.min >= 0)
        sqlite3_bind_int64(st, i, r.min);
    if (r.max >= 0)
        sqlite3_bind_int64(st, i + 1, r.max);
}

int tally_store_begin(tally_store *s, char *err, size_t errlen) {
    if (s->in_batch)
        return TALLY_OK;
    int rc = exec(s, "BEGIN IMMEDIATE", "cannot start writing", err, errlen);
    if (rc)
        return rc;
    s->in_batch = 1;
    return TALLY_OK;
}

int tally_store_commit(tally_store *s, char *err, size_t errlen) {
    if (!s->in_batch)
        return TALLY_OK;
    s->in_batch = 0;
    if (sqlite3_get_autocommit(s->db)) {
        /* SQLite rolled the batch back itself (a full disk or an I/O error) */
        snprintf(err, errlen, "%s: cannot commit: the batch was rolled back after an error", s->path);
        return TALLY_EIO;
    }
    int rc = exec(s, "COMMIT", "cannot commit", err, errlen);
    if (rc)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

int tally_store_has_text(tally_store *s, const char sha256[65]) {
    sqlite3_stmt *st = stmt(s, S_FIND_SHA);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, sha256, 64, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* The id of the place row for a location, made when new; 0 when it has no name. */
static sqlite3_int64 place_id(tally_store *s, const tally_location *l, int *ok) {
    const char *name = l->name ? l->name : l->text;
    if (!name)
        return 0;
    char key[512];
    if (l->geonameid)
        snprintf(key, sizeof key, "g%lld", (long long)l->geonameid);
    else if (l->has_coords)
        snprintf(key, sizeof key, "%s|%s|%s|%.5f|%.5f", name, l->admin1 ? l->admin1 : "",
                 l->country ? l->country : "", l->lat, l->lon);
    else
        snprintf(key, sizeof key, "%s|%s|%s", name, l->admin1 ? l->admin1 : "", l->country ? l->country : "");
    sqlite3_stmt *st = stmt(s, S_INS_PLACE);
    if (!st)
        return *ok = 0;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    bind_str(st, 2, name);
    bind_str(st, 3, l->admin1);
    bind_str(st, 4, l->country);
    if (l->has_coords) {
        sqlite3_bind_double(st, 5, l->lat);
        sqlite3_bind_double(st, 6, l->lon);
    }
    if (l->geonameid)
        sqlite3_bind_int64(st, 7, l->geonameid);
    if (!run(st))
        return *ok = 0;
    if (sqlite3_changes(s->db))
        return sqlite3_last_insert_rowid(s->db);
    st = stmt(s, S_GET_PLACE);
    if (!st)
        return *ok = 0;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    sqlite3_int64 id = 0;
    if (sqlite3_step(st) == SQLITE_ROW)
        id = sqlite3_column_int64(st, 0);
    else
        *ok = 0;
    sqlite3_reset(st);
    return id;
}

static void sentence_span(const tally_article *art, uint32_t sent, sqlite3_stmt *st, int i) {
    if (sent < art->tk.nsents) {
        sqlite3_bind_int64(st, i, art->tk.sents[sent].start);
        sqlite3_bind_int64(st, i + 1, art->tk.sents[sent].end);
    }
}

/* Delete every row that hangs off article id, and the article too unless rows_only. */
static int delete_article(tally_store *s, sqlite3_int64 id, int rows_only) {
    static const int del[] = {S_DEL_CLAIMS, S_DEL_EVIDENCE, S_DEL_ACTORS, S_DEL_REPORTS, S_DEL_EVENTS, S_DEL_ARTICLE};
    for (size_t i = 0; i < ARRAY_LEN(del) - (rows_only ? 1 : 0); i++) {
        sqlite3_stmt *st = stmt(s, del[i]);
        if (!st)
            return 0;
        sqlite3_bind_int64(st, 1, id);
        if (!run(st))
            return 0;
    }
    return 1;
}

static int put_rows(tally_store *s, const tally_article *art, sqlite3_int64 aid, size_t nold);

/* A corrected article keeps the incident ids its reports had: they move from the
 * old article row to the new one. */
static int keep_incident_ids(tally_store *s, sqlite3_int64 old, sqlite3_int64 aid) {
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "UPDATE OR IGNORE report_incident SET article = ?2 WHERE article = ?1", -1, &st,
                           NULL) != SQLITE_OK)
        return 0;
    sqlite3_bind_int64(st, 1, old);
    sqlite3_bind_int64(st, 2, aid);
    int ok = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    return ok;
}

/* The body of tally_store_article, inside its savepoint; 1 on success. */
static int put_article(tally_store *s, const tally_article *art, int *what) {
    const tally_doc *d = &art->doc;
    sqlite3_stmt *st = stmt(s, S_FIND_SHA);
    if (!st)
        return 0;
    sqlite3_bind_text(st, 1, art->sha256, 64, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW) {
        *what = TALLY_STORE_SAME;
        return 1;
    }
    if (rc != SQLITE_DONE)
        return 0;
    /* a corrected version: the same id or URL with another text */
    st = stmt(s, S_FIND_OLD);
    if (!st)
        return 0;
    /* an article without an id ("-": read from stdin) is known only by its URL */
    if (d->id && d->id[0] && strcmp(d->id, "-") != 0)
        sqlite3_bind_text(st, 1, d->id, -1, SQLITE_STATIC);
    bind_str(st, 2, d->url);
    sqlite3_int64 old[16];
    size_t nold = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (nold < ARRAY_LEN(old))
            old[nold++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return 0;
    for (size_t i = 0; i < nold; i++)
        if (!delete_article(s, old[i], 0))
            return 0;
    *what = nold ? TALLY_STORE_REPLACED : TALLY_STORE_NEW;

    size_t nclaims = 0;
    for (size_t i = 0; i < art->nincidents; i++)
        nclaims += art->incidents[i].nclaims;
    char date[11];
    st = stmt(s, S_INS_ARTICLE);
    if (!st)
        return 0;
    sqlite3_bind_text(st, 1, d->id ? d->id : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, art->sha256, 64, SQLITE_STATIC);
    bind_str(st, 3, d->url);
    bind_str(st, 4, d->path);
    if (d->line)
        sqlite3_bind_int64(st, 5, d->line);
    bind_str(st, 6, d->title);
    bind_str(st, 7, d->source);
    bind_str(st, 8, d->byline);
    bind_ymd(st, 9, art->date, date);
    bind_str(st, 10, d->date_raw);
    sqlite3_bind_int64(st, 11, (sqlite3_int64)art->tk.nsents);
    sqlite3_bind_int64(st, 12, (sqlite3_int64)art->nincidents);
    sqlite3_bind_int64(st, 13, (sqlite3_int64)nclaims);
    sqlite3_bind_int64(st, 14, (sqlite3_int64)art->nevents);
    sqlite3_bind_text(st, 15, art->text->text, (int)art->text->len, SQLITE_STATIC);
    if (!run(st))
        return 0;
    sqlite3_int64 aid = sqlite3_last_insert_rowid(s->db);
    for (size_t i = 0; i < nold; i++)
        if (!keep_incident_ids(s, old[i], aid))
            return 0;
    return put_rows(s, art, aid, nold);
}

/* The rows that hang off stored article aid: reports with their places, actors,
 * claims and evidence, and events; marks the merge stale. 1 on success. */
static int put_rows(tally_store *s, const tally_article *art, sqlite3_int64 aid, size_t nold) {
    sqlite3_stmt *st;
    for (size_t i = 0; i < art->nincidents; i++) {
        const tally_incident *in = &art->incidents[i];
        int ok = 1;
        sqlite3_int64 pid = in->has_location ? place_id(s, &in->location, &ok) : 0;
        if (!ok || !(st = stmt(s, S_INS_REPORT)))
            return 0;
        char ds[11], de[11];
        sqlite3_bind_int64(st, 1, aid);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
        sqlite3_bind_int(st, 3, in->tally);
        bind_str(st, 4, in->event_type);
        bind_str(st, 5, in->sub_event_type);
        bind_str(st, 6, in->method);
        bind_str(st, 7, in->cameo);
        if (in->date.start.y) {
            bind_ymd(st, 8, in->date.start, ds);
            bind_ymd(st, 9, in->date.end.y ? in->date.end : in->date.start, de);
            sqlite3_bind_int(st, 10, in->date.precision);
            sqlite3_bind_int(st, 11, in->date.relative);
        }
        bind_str(st, 12, in->date_text);
        if (pid)
            sqlite3_bind_int64(st, 13, pid);
        if (in->has_location) {
            bind_str(st, 14, in->location.text);
            sqlite3_bind_int(st, 15, in->location.precision);
        }
        bind_range(st, 16, in->fatalities);
        bind_range(st, 18, in->injured);
        bind_range(st, 20, in->detained);
        bind_range(st, 22, in->civ_killed);
        if (in->women >= 0)
            sqlite3_bind_int(st, 24, in->women);
        if (in->children >= 0)
            sqlite3_bind_int(st, 25, in->children);
        sqlite3_bind_int(st, 26, in->contested);
        if (!run(st))
            return 0;
        sqlite3_int64 rid = sqlite3_last_insert_rowid(s->db);
        for (size_t k = 0; k < in->nactors; k++) {
            const tally_actor *ac = &in->actors[k];
            if (!(st = stmt(s, S_INS_ACTOR)))
                return 0;
            sqlite3_bind_int64(st, 1, rid);
            sqlite3_bind_int64(st, 2, (sqlite3_int64)k);
            sqlite3_bind_int64(st, 3, aid);
            sqlite3_bind_int(st, 4, ac->role);
            bind_str(st, 5, ac->text);
            bind_str(st, 6, ac->code);
            bind_str(st, 7, ac->kind);
            if (!run(st))
                return 0;
        }
        for (size_t k = 0; k < in->nclaims; k++) {
            const tally_claim *c = &in->claims[k];
            if (!(st = stmt(s, S_INS_CLAIM)))
                return 0;
            sqlite3_bind_int64(st, 1, rid);
            sqlite3_bind_int64(st, 2, (sqlite3_int64)k);
            sqlite3_bind_int64(st, 3, aid);
            bind_str(st, 4, c->by);
            bind_str(st, 5, c->via);
            sqlite3_bind_int64(st, 6, c->sentence);
            sentence_span(art, c->sentence, st, 7);
            bind_range(st, 9, c->fatalities);
            bind_range(st, 11, c->injured);
            bind_range(st, 13, c->detained);
            bind_str(st, 15, c->words);
            sqlite3_bind_int(st, 16, c->victims);
            sqlite3_bind_int(st, 17, c->hedged);
            if (!run(st))
                return 0;
        }
        for (size_t k = 0; k < in->nevidence; k++) {
            const tally_evidence *e = &in->evidence[k];
            if (!(st = stmt(s, S_INS_EVIDENCE)))
                return 0;
            sqlite3_bind_int64(st, 1, rid);
            sqlite3_bind_int64(st, 2, (sqlite3_int64)k);
            sqlite3_bind_int64(st, 3, aid);
            sqlite3_bind_int64(st, 4, e->sentence);
            sqlite3_bind_int64(st, 5, e->start);
            sqlite3_bind_int64(st, 6, e->end);
            if (!run(st))
                return 0;
        }
    }
    for (size_t k = 0; k < art->nevents; k++) {
        const tally_event *e = &art->events[k];
        if (!(st = stmt(s, S_INS_EVENT)))
            return 0;
        char ed[11];
        sqlite3_bind_int64(st, 1, aid);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)k);
        sqlite3_bind_int64(st, 3, e->sentence);
        sentence_span(art, e->sentence, st, 4);
        bind_ymd(st, 6, e->date, ed);
        bind_str(st, 7, e->source);
        bind_str(st, 8, e->target);
        bind_str(st, 9, e->code);
        if (e->quad_class)
            sqlite3_bind_int(st, 10, e->quad_class);
        if (e->has_goldstein)
            sqlite3_bind_double(st, 11, e->goldstein);
        sqlite3_bind_int(st, 12, e->hedged);
        bind_str(st, 13, e->text);
        bind_str(st, 14, e->plover);
        bind_str(st, 15, e->mode);
        if (!run(st))
            return 0;
    }
    /* the merged incidents need a rebuild when reports came or went */
    if (art->nincidents || nold) {
        if (!(st = stmt(s, S_DIRTY)) || !run(st))
            return 0;
    }
    return 1;
}

/* End the savepoint begun (started) for an article: released when the body went
 * well, else rolled back so that none of it stays. */
static int in_savepoint(tally_store *s, int ok_started, int body_ok, char *err, size_t errlen) {
    if (ok_started && body_ok) {
        sqlite3_stmt *rel = stmt(s, S_RELEASE);
        if (rel && run(rel))
            return TALLY_OK;
    }
    int rc = fail(s, err, errlen, "cannot store the article");
    sqlite3_stmt *rb = stmt(s, S_ROLLBACK_TO), *rel = stmt(s, S_RELEASE);
    if (ok_started && rb)
        run(rb);
    if (ok_started && rel)
        run(rel);
    return rc;
}

static int savepoint(tally_store *s) {
    sqlite3_stmt *sp = stmt(s, S_SAVEPOINT);
    return sp && run(sp);
}

int tally_store_article(tally_store *s, const tally_article *art, int *what, char *err, size_t errlen) {
    *what = 0;
    int started = savepoint(s);
    int rc = in_savepoint(s, started, started && put_article(s, art, what), err, errlen);
    if (rc)
        *what = 0;
    return rc;
}

/* The body of tally_store_recode: new rows, new counts. */
static int recode(tally_store *s, long long id, const tally_article *art) {
    if (!delete_article(s, id, 1) || !put_rows(s, art, id, 1))
        return 0;
    size_t nclaims = 0;
    for (size_t i = 0; i < art->nincidents; i++)
        nclaims += art->incidents[i].nclaims;
    sqlite3_stmt *st = stmt(s, S_SET_COUNTS);
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, (sqlite3_int64)art->nincidents);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)nclaims);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)art->nevents);
    sqlite3_bind_int64(st, 4, id);
    return run(st) && sqlite3_changes(s->db) == 1;
}

int tally_store_recode(tally_store *s, long long id, const tally_article *art, char *err, size_t errlen) {
    int started = savepoint(s);
    return in_savepoint(s, started, started && recode(s, id, art), err, errlen);
}

int tally_store_article_ids(tally_store *s, long long **ids, size_t *n) {
    sqlite3_stmt *st;
    size_t cap = 0;
    *ids = NULL;
    *n = 0;
    if (sqlite3_prepare_v2(s->db, "SELECT id FROM articles ORDER BY id", -1, &st, NULL) != SQLITE_OK)
        return TALLY_EDB;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 1024;
            *ids = xrealloc(*ids, cap * sizeof **ids);
        }
        (*ids)[(*n)++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? TALLY_OK : TALLY_EDB;
}

int tally_store_load_article(tally_store *s, long long id, tally_arena *a, tally_doc *doc) {
    sqlite3_stmt *st = stmt(s, S_LOAD_ARTICLE);
    memset(doc, 0, sizeof *doc);
    if (!st)
        return TALLY_EDB;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        return TALLY_EDB;
    }
    const char **f[] = {&doc->id, &doc->url, &doc->path, &doc->title, &doc->source, &doc->byline, &doc->date_raw};
    for (int i = 0; i < 7; i++) {
        const unsigned char *t = sqlite3_column_text(st, i);
        *f[i] = t ? tally_arena_strndup(a, (const char *)t, (size_t)sqlite3_column_bytes(st, i)) : NULL;
    }
    doc->line = (uint32_t)sqlite3_column_int64(st, 7);
    size_t len = (size_t)sqlite3_column_bytes(st, 8);
    doc->body.p = tally_arena_strndup(a, (const char *)sqlite3_column_text(st, 8), len);
    doc->body.len = len;
    /* no metadata date: the stored date is the one the dateline gave */
    if (!doc->date_raw && sqlite3_column_text(st, 9))
        doc->date_raw = tally_arena_strndup(a, (const char *)sqlite3_column_text(st, 9), 10);
    sqlite3_reset(st);
    return TALLY_OK;
}

int tally_store_needs_merge(tally_store *s) {
    sqlite3_stmt *st;
    int dirty = 1;
    if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = 'merge_dirty'", -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            dirty = sqlite3_column_int(st, 0) != 0;
        sqlite3_finalize(st);
    }
    return dirty;
}

int tally_store_counts(tally_store *s, size_t *articles, size_t *reports, size_t *incidents) {
    static const char *const q[] = {"SELECT count(*) FROM articles", "SELECT count(*) FROM reports WHERE tally = 0",
                                    "SELECT count(*) FROM incidents"};
    size_t *out[] = {articles, reports, incidents};
    for (int i = 0; i < 3; i++) {
        sqlite3_stmt *st;
        if (!out[i])
            continue;
        *out[i] = 0;
        if (sqlite3_prepare_v2(s->db, q[i], -1, &st, NULL) != SQLITE_OK)
            return TALLY_EDB;
        if (sqlite3_step(st) == SQLITE_ROW)
            *out[i] = (size_t)sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    return TALLY_OK;
}

/* ---- merge: load every report, cluster, write the merged incidents ---- */

/* Interned strings: the merge loads every report, and most of their strings (types,
 * places, speakers, outlets) repeat; one copy of each keeps its memory small. */
typedef struct {
    tally_arena *a;    /* where the strings live */
    const char **slot; /* open addressing; NULL is empty */
    size_t cap, n;     /* slots (a power of two), strings */
} strpool;

static const char *intern(strpool *p, const char *t, size_t len) {
    if (2 * (p->n + 1) > p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 1024;
        const char **slot = xmalloc(cap * sizeof *slot);
        memset(slot, 0, cap * sizeof *slot);
        for (size_t i = 0; i < p->cap; i++)
            if (p->slot[i]) {
                size_t h = tally_hash(p->slot[i], strlen(p->slot[i])) & (cap - 1);
                while (slot[h])
                    h = (h + 1) & (cap - 1);
                slot[h] = p->slot[i];
            }
        free(p->slot);
        p->slot = slot;
        p->cap = cap;
    }
    size_t h = tally_hash(t, len) & (p->cap - 1);
    for (; p->slot[h]; h = (h + 1) & (p->cap - 1))
        if (strncmp(p->slot[h], t, len) == 0 && p->slot[h][len] == 0)
            return p->slot[h];
    p->n++;
    return p->slot[h] = tally_arena_strndup(p->a, t, len);
}

/* Column i as an interned string, or NULL. */
static const char *col_str(strpool *p, sqlite3_stmt *st, int i) {
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? intern(p, (const char *)t, (size_t)sqlite3_column_bytes(st, i)) : NULL;
}

static tally_range col_range(sqlite3_stmt *st, int i) {
    tally_range r;
    r.min = sqlite3_column_type(st, i) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, i);
    r.max = sqlite3_column_type(st, i + 1) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, i + 1);
    return r;
}

/* "YYYY-MM-DD", "YYYY-MM" or "YYYY" as stored; zero when NULL. */
static tally_ymd col_ymd(sqlite3_stmt *st, int i) {
    tally_ymd t = {0, 0, 0};
    const char *p = (const char *)sqlite3_column_text(st, i);
    if (!p)
        return t;
    t.y = (int16_t)atoi(p);
    if (strlen(p) >= 7)
        t.m = (int8_t)atoi(p + 5);
    if (strlen(p) >= 10)
        t.d = (int8_t)atoi(p + 8);
    return t;
}

/* The publisher of an article without a Source: its URL's host without "www."
 * (an archived copy's original host), interned; NULL without a URL. */
static const char *url_host(strpool *p, const char *url) {
    if (!url)
        return NULL;
    const char *h = strstr(url, "://");
    h = h ? h + 3 : url;
    if (strncmp(h, "web.archive.org/", 16) == 0) {
        const char *orig = strstr(h, "://");
        if (orig)
            h = orig + 3;
    }
    if (strncmp(h, "www.", 4) == 0)
        h += 4;
    size_t n = strcspn(h, "/?#:");
    return n ? intern(p, h, n) : NULL;
}

typedef struct {
    sqlite3_int64 id;                   /* reports.id */
    tally_incident in;                  /* the report as coded, actors and claims included */
    const char *key, *article, *outlet; /* sha256:idx, doc id, outlet: the merge inputs */
    tally_ymd published;                /* the article's date */
    sqlite3_int64 aid, idx;             /* article row and index: the report's stable name */
    int64_t prior;                      /* the incident it was in at the last merge, 0 none */
    size_t cap_actors, cap_claims;      /* allocated actors and claims */
} loaded;

static const char *LOAD_REPORTS =
    "SELECT r.id, a.sha256 || ':' || r.idx, a.doc_id, a.source, r.event_type, r.sub_event_type, r.method,"
    " r.cameo, r.date_start, r.date_end, r.date_precision, r.date_text, r.place_text, p.name, p.admin1,"
    " p.country, p.lat, p.lon, p.geonameid, r.place_precision, r.killed_min, r.killed_max, r.injured_min,"
    " r.injured_max, r.detained_min, r.detained_max, r.civ_min, r.civ_max, r.women, r.children, r.contested,"
    " r.date_relative, r.place, a.date, a.url, r.article, r.idx, coalesce(d.to_id, ri.incident)"
    " FROM reports r JOIN articles a ON a.id = r.article LEFT JOIN places p ON p.id = r.place"
    " LEFT JOIN report_incident ri ON ri.article = r.article AND ri.idx = r.idx"
    " LEFT JOIN incident_redirects d ON d.id = ri.incident"
    " WHERE r.tally = 0 ORDER BY r.id";
static const char *LOAD_ACTORS = "SELECT report, role, text, code, kind FROM actors ORDER BY report, idx";
static const char *LOAD_CLAIMS =
    "SELECT report, speaker, via, sentence, killed_min, killed_max, injured_min, injured_max, detained_min,"
    " detained_max, words, victims, hedged FROM claims ORDER BY report, idx";

/* Room for one more of n elements of size bytes at p (capacity *cap) in the arena. */
static void *grow(tally_arena *a, void *p, size_t n, size_t *cap, size_t size) {
    if (n < *cap)
        return p;
    *cap = *cap ? *cap * 2 : 4;
    void *q = tally_arena_alloc(a, *cap * size);
    if (n)
        memcpy(q, p, n * size);
    return q;
}

/* Index of report id in the sorted array, or -1. */
static long find_report(const loaded *l, size_t n, sqlite3_int64 id) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (l[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && l[lo].id == id ? (long)lo : -1;
}

static int cmp_cstr(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Join the distinct non-empty strings of v, sorted, with "; " into the arena; NULL
 * when none. Sorts v in place. */
static const char *join_distinct(tally_arena *a, const char **v, size_t n) {
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (v[i] && v[i][0])
            v[k++] = v[i];
    qsort(v, k, sizeof *v, cmp_cstr);
    tally_buf b = {0};
    for (size_t i = 0; i < k; i++) {
        if (i && strcmp(v[i - 1], v[i]) == 0)
            continue;
        if (b.len)
            tally_buf_puts(&b, "; ");
        tally_buf_puts(&b, v[i]);
    }
    const char *r = b.len ? tally_arena_strndup(a, b.p, b.len) : NULL;
    tally_buf_free(&b);
    return r;
}

/* One int64 from a query (meta values, max ids), or dflt. */
static int64_t query_i64(tally_store *s, const char *sql, int64_t dflt) {
    sqlite3_stmt *st;
    int64_t v = dflt;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
            v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    return v;
}

/* Stable ids for the merged incidents (merge.c's tally_merge_ids over what each
 * report was in at the last merge), the redirects of ids merged into others, and
 * the next fresh id; 1 on success. */
static int assign_ids(tally_store *s, tally_arena *a, const loaded *l, size_t n, const tally_merged *m, size_t nm,
                      int64_t *ids) {
    int64_t *prior = tally_arena_alloc(a, (n ? n : 1) * sizeof *prior);
    for (size_t i = 0; i < n; i++)
        prior[i] = l[i].prior;
    int64_t next = query_i64(s, "SELECT value FROM meta WHERE key = 'next_incident'", 1);
    int64_t top = query_i64(s, "SELECT max(m) FROM (SELECT max(id) AS m FROM incidents UNION ALL"
                               " SELECT max(id) FROM incident_redirects)", 0);
    if (next <= top)
        next = top + 1; /* ids are never used twice */
    int64_t *from, *to;
    size_t nred = tally_merge_ids(a, m, nm, prior, &next, ids, &from, &to);
    sqlite3_stmt *st = NULL, *chain = NULL, *meta = NULL;
    int ok = sqlite3_prepare_v2(s->db, "INSERT OR REPLACE INTO incident_redirects(id, to_id) VALUES(?1, ?2)", -1,
                                &st, NULL) == SQLITE_OK &&
             sqlite3_prepare_v2(s->db, "UPDATE incident_redirects SET to_id = ?2 WHERE to_id = ?1", -1, &chain,
                                NULL) == SQLITE_OK &&
             sqlite3_prepare_v2(s->db, "INSERT OR REPLACE INTO meta(key, value) VALUES('next_incident', ?1)", -1,
                                &meta, NULL) == SQLITE_OK;
    for (size_t i = 0; ok && i < nred; i++) {
        sqlite3_bind_int64(chain, 1, from[i]); /* what redirected to the old id follows it */
        sqlite3_bind_int64(chain, 2, to[i]);
        sqlite3_bind_int64(st, 1, from[i]);
        sqlite3_bind_int64(st, 2, to[i]);
        ok = run(chain) && run(st);
    }
    if (ok) {
        sqlite3_bind_int64(meta, 1, next);
        ok = run(meta);
    }
    sqlite3_finalize(st);
    sqlite3_finalize(chain);
    sqlite3_finalize(meta);
    return ok;
}

/* The prepared statements write_merged fills. */
enum { W_INCIDENT, W_MEMBER, W_REPORT_ID, W_N };
static const char *const WRITE_SQL[W_N] = {
    [W_INCIDENT] = "INSERT INTO incidents(id, event_type, sub_event_type, date_start, date_end,"
                   " place_name, admin1, country, lat, lon, geo_precision, actor1, actor2, actors,"
                   " killed_min, killed_max, injured_min, injured_max, detained_min, detained_max,"
                   " civ_min, civ_max, women, children, contested, n_reports, n_articles, n_sources,"
                   " sources, outlets, disputed) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
                   " ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28,"
                   " ?29, ?30, ?31)",
    [W_MEMBER] = "INSERT INTO incident_reports(incident, ord, report, joined_to, why) VALUES(?1, ?2, ?3, ?4, ?5)",
    [W_REPORT_ID] = "INSERT OR REPLACE INTO report_incident(article, idx, incident) VALUES(?1, ?2, ?3)",
};

/* Bind merged incident x (id) to the incident insert. */
static void bind_incident(sqlite3_stmt *ins, tally_arena *a, const loaded *l, const tally_merged *x, int64_t id,
                          char ds[11], char de[11]) {
    size_t nact = 0;
    for (size_t k = 0; k < x->nmembers; k++)
        nact += l[x->members[k].report].in.nactors;
    const char **acts = tally_arena_alloc(a, (nact + 1) * sizeof *acts);
    nact = 0;
    for (size_t k = 0; k < x->nmembers; k++) {
        const tally_incident *in = &l[x->members[k].report].in;
        for (size_t j = 0; j < in->nactors; j++)
            acts[nact++] = in->actors[j].text ? in->actors[j].text : in->actors[j].code;
    }
    sqlite3_reset(ins);
    sqlite3_clear_bindings(ins);
    sqlite3_bind_int64(ins, 1, id);
    bind_str(ins, 2, x->event_type);
    bind_str(ins, 3, x->sub_event_type);
    bind_ymd(ins, 4, x->date_start, ds);
    bind_ymd(ins, 5, x->date_end, de);
    if (x->location) {
        bind_str(ins, 6, x->location->name ? x->location->name : x->location->text);
        bind_str(ins, 7, x->location->admin1);
        bind_str(ins, 8, x->location->country);
        if (x->location->has_coords) {
            sqlite3_bind_double(ins, 9, x->location->lat);
            sqlite3_bind_double(ins, 10, x->location->lon);
        }
        if (x->location->precision)
            sqlite3_bind_int(ins, 11, x->location->precision);
    }
    bind_str(ins, 12, x->actor1);
    bind_str(ins, 13, x->actor2);
    bind_str(ins, 14, join_distinct(a, acts, nact));
    bind_range(ins, 15, x->fatalities);
    bind_range(ins, 17, x->injured);
    bind_range(ins, 19, x->detained);
    bind_range(ins, 21, x->civ_killed);
    if (x->women >= 0)
        sqlite3_bind_int(ins, 23, x->women);
    if (x->children >= 0)
        sqlite3_bind_int(ins, 24, x->children);
    sqlite3_bind_int(ins, 25, x->contested);
    sqlite3_bind_int64(ins, 26, (sqlite3_int64)x->nmembers);
    sqlite3_bind_int64(ins, 27, (sqlite3_int64)x->narticles);
    sqlite3_bind_int64(ins, 28, (sqlite3_int64)x->nsources);
    bind_str(ins, 29, join_distinct(a, x->sources, x->nsources));
    bind_str(ins, 30, join_distinct(a, x->outlets, x->noutlets));
    bind_str(ins, 31, x->disputed);
}

/* Replace the merged incidents by m, with stable ids; 1 on success. */
static int write_merged(tally_store *s, tally_arena *a, const loaded *l, size_t n, const tally_merged *m, size_t nm) {
    sqlite3_stmt *w[W_N] = {NULL};
    int64_t *ids = tally_arena_alloc(a, (nm ? nm : 1) * sizeof *ids);
    int ok = assign_ids(s, a, l, n, m, nm, ids) &&
             sqlite3_exec(s->db, "DELETE FROM incidents; DELETE FROM incident_reports; DELETE FROM report_incident",
                          NULL, NULL, NULL) == SQLITE_OK;
    for (int i = 0; ok && i < W_N; i++)
        ok = sqlite3_prepare_v2(s->db, WRITE_SQL[i], -1, &w[i], NULL) == SQLITE_OK;
    for (size_t i = 0; ok && i < nm; i++) {
        const tally_merged *x = &m[i];
        char ds[11], de[11]; /* bound until the step */
        bind_incident(w[W_INCIDENT], a, l, x, ids[i], ds, de);
        ok = sqlite3_step(w[W_INCIDENT]) == SQLITE_DONE;
        for (size_t k = 0; ok && k < x->nmembers; k++) {
            const tally_merge_member *mm = &x->members[k];
            sqlite3_stmt *mem = w[W_MEMBER], *rid = w[W_REPORT_ID];
            sqlite3_reset(mem);
            sqlite3_clear_bindings(mem);
            sqlite3_bind_int64(mem, 1, ids[i]);
            sqlite3_bind_int64(mem, 2, (sqlite3_int64)k);
            sqlite3_bind_int64(mem, 3, l[mm->report].id);
            if (mm->joined_to >= 0)
                sqlite3_bind_int64(mem, 4, l[mm->joined_to].id);
            bind_str(mem, 5, mm->why);
            sqlite3_bind_int64(rid, 1, l[mm->report].aid);
            sqlite3_bind_int64(rid, 2, l[mm->report].idx);
            sqlite3_bind_int64(rid, 3, ids[i]);
            ok = sqlite3_step(mem) == SQLITE_DONE && run(rid);
        }
    }
    /* a live id redirects nowhere */
    ok = ok && sqlite3_exec(s->db, "DELETE FROM incident_redirects WHERE id IN (SELECT id FROM incidents)", NULL,
                            NULL, NULL) == SQLITE_OK;
    for (int i = 0; i < W_N; i++)
        sqlite3_finalize(w[i]);
    return ok;
}

int tally_store_resolve(tally_store *s, long long id, long long *live) {
    sqlite3_stmt *st;
    *live = id;
    if (sqlite3_prepare_v2(s->db, "SELECT to_id FROM incident_redirects WHERE id = ?1", -1, &st, NULL) != SQLITE_OK)
        return TALLY_EDB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *live = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? TALLY_OK : TALLY_EDB;
}

int tally_store_merge(tally_store *s, size_t *nincidents, char *err, size_t errlen) {
    if (nincidents)
        *nincidents = 0;
    if (s->in_batch && tally_store_commit(s, err, errlen))
        return TALLY_EDB;
    /* the merge reads each page once: a small cache leaves the memory to the reports */
    int rc0 = exec(s, "PRAGMA cache_size = -8192", "cache_size", err, errlen);
    if (rc0 || (rc0 = exec(s, "BEGIN IMMEDIATE", "cannot start the merge", err, errlen)))
        return rc0;
    tally_arena *a = tally_arena_new();
    strpool pool = {a, NULL, 0, 0};
    loaded *l = NULL;
    size_t n = 0, cap = 0;
    sqlite3_stmt *st = NULL;
    size_t nrep = 0;
    tally_store_counts(s, NULL, &nrep, NULL); /* one allocation for every report */
    cap = nrep + 1;
    l = xmalloc(cap * sizeof *l);
    int ok = sqlite3_prepare_v2(s->db, LOAD_REPORTS, -1, &st, NULL) == SQLITE_OK;
    int rc = SQLITE_DONE;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            cap *= 2;
            l = xrealloc(l, cap * sizeof *l);
        }
        loaded *x = &l[n++];
        memset(x, 0, sizeof *x);
        tally_incident *in = &x->in;
        x->id = sqlite3_column_int64(st, 0);
        in->event_type = col_str(&pool, st, 4);
        in->sub_event_type = col_str(&pool, st, 5);
        in->method = col_str(&pool, st, 6);
        in->cameo = col_str(&pool, st, 7);
        in->date.start = col_ymd(st, 8);
        in->date.end = col_ymd(st, 9);
        in->date.precision = (uint8_t)(sqlite3_column_type(st, 10) == SQLITE_NULL ? TALLY_PREC_UNKNOWN
                                                                                   : sqlite3_column_int(st, 10));
        in->date_text = col_str(&pool, st, 11);
        in->date.relative = (uint8_t)sqlite3_column_int(st, 31);
        in->location.text = col_str(&pool, st, 12);
        in->location.name = col_str(&pool, st, 13);
        in->location.admin1 = col_str(&pool, st, 14);
        in->location.country = col_str(&pool, st, 15);
        in->location.has_coords = sqlite3_column_type(st, 16) != SQLITE_NULL;
        in->location.lat = sqlite3_column_double(st, 16);
        in->location.lon = sqlite3_column_double(st, 17);
        in->location.geonameid = sqlite3_column_int64(st, 18);
        in->location.precision = (uint8_t)sqlite3_column_int(st, 19);
        in->has_location = in->location.text || sqlite3_column_type(st, 32) != SQLITE_NULL;
        in->fatalities = col_range(st, 20);
        in->injured = col_range(st, 22);
        in->detained = col_range(st, 24);
        in->civ_killed = col_range(st, 26);
        in->women = sqlite3_column_type(st, 28) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 28);
        in->children = sqlite3_column_type(st, 29) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 29);
        in->contested = (uint8_t)sqlite3_column_int(st, 30);
        x->key = tally_arena_strndup(a, (const char *)sqlite3_column_text(st, 1), (size_t)sqlite3_column_bytes(st, 1));
        x->article = col_str(&pool, st, 2);
        x->outlet = col_str(&pool, st, 3);
        if (!x->outlet)
            x->outlet = url_host(&pool, (const char *)sqlite3_column_text(st, 34));
        x->published = col_ymd(st, 33);
        x->aid = sqlite3_column_int64(st, 35);
        x->idx = sqlite3_column_int64(st, 36);
        x->prior = sqlite3_column_int64(st, 37);
    }
    ok = ok && rc == SQLITE_DONE;
    sqlite3_finalize(st);
    st = NULL;
    /* actors and claims, both ordered by report id */
    ok = ok && sqlite3_prepare_v2(s->db, LOAD_ACTORS, -1, &st, NULL) == SQLITE_OK;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        long k = find_report(l, n, sqlite3_column_int64(st, 0));
        if (k < 0)
            continue;
        loaded *x = &l[k];
        x->in.actors = grow(a, x->in.actors, x->in.nactors, &x->cap_actors, sizeof *x->in.actors);
        tally_actor *ac = &x->in.actors[x->in.nactors++];
        ac->role = (uint8_t)sqlite3_column_int(st, 1);
        ac->text = col_str(&pool, st, 2);
        ac->code = col_str(&pool, st, 3);
        ac->kind = col_str(&pool, st, 4);
    }
    ok = ok && rc == SQLITE_DONE;
    sqlite3_finalize(st);
    st = NULL;
    ok = ok && sqlite3_prepare_v2(s->db, LOAD_CLAIMS, -1, &st, NULL) == SQLITE_OK;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        long k = find_report(l, n, sqlite3_column_int64(st, 0));
        if (k < 0)
            continue;
        loaded *x = &l[k];
        x->in.claims = grow(a, x->in.claims, x->in.nclaims, &x->cap_claims, sizeof *x->in.claims);
        tally_claim *c = &x->in.claims[x->in.nclaims++];
        c->by = col_str(&pool, st, 1);
        c->via = col_str(&pool, st, 2);
        c->sentence = (uint32_t)sqlite3_column_int64(st, 3);
        c->fatalities = col_range(st, 4);
        c->injured = col_range(st, 6);
        c->detained = col_range(st, 8);
        c->words = col_str(&pool, st, 10);
        c->victims = (uint8_t)sqlite3_column_int(st, 11);
        c->hedged = (uint8_t)sqlite3_column_int(st, 12);
    }
    ok = ok && rc == SQLITE_DONE;
    sqlite3_finalize(st);

    size_t nm = 0;
    if (ok) {
        tally_merge_report *r = tally_arena_alloc(a, (n ? n : 1) * sizeof *r);
        for (size_t i = 0; i < n; i++) {
            r[i].in = &l[i].in;
            r[i].key = l[i].key;
            r[i].article = l[i].article;
            r[i].outlet = l[i].outlet;
            r[i].published = l[i].published;
        }
        tally_merged *m;
        nm = tally_merge_run(a, r, n, &m);
        ok = write_merged(s, a, l, n, m, nm) &&
             sqlite3_exec(s->db, "UPDATE meta SET value = '0' WHERE key = 'merge_dirty'", NULL, NULL, NULL) == SQLITE_OK;
    }
    free(l);
    free(pool.slot);
    tally_arena_free(a);
    sqlite3_exec(s->db, "PRAGMA cache_size = -65536", NULL, NULL, NULL);
    if (!ok) {
        rc0 = fail(s, err, errlen, "cannot merge the incidents");
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        return rc0;
    }
    if ((rc0 = exec(s, "COMMIT", "cannot commit the merged incidents", err, errlen))) {
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        return rc0;
    }
    if (nincidents)
        *nincidents = nm;
    return TALLY_OK;
}
