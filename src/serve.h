/* serve.h: tally serve: a small HTTP server (libmicrohttpd) over a read-only store:
 * the page in web/, its npm libraries, and a JSON API. The request target parsing
 * and the API handlers are plain functions, so tests and the fuzzer reach them
 * without a socket. */
#ifndef TALLY_SERVE_H
#define TALLY_SERVE_H

#include "store.h"

#include <stddef.h>

#define TALLY_SERVE_MAX_TARGET 4096 /* longer request targets get 414 */

/* What a request asks for. */
enum {
    TALLY_ROUTE_FILE = 0,  /* a static file: path under one of the roots */
    TALLY_ROUTE_INCIDENTS, /* GET /api/incidents: a page of incidents and the total */
    TALLY_ROUTE_INCIDENT,  /* GET /api/incidents/ID: one incident, its reports and claims */
    TALLY_ROUTE_POINTS,    /* GET /api/points: GeoJSON of every matching incident */
    TALLY_ROUTE_TIMELINE,  /* GET /api/timeline: per day (by=day) or week (by=week) */
    TALLY_ROUTE_ADMIN1,    /* GET /api/admin1: per province */
    TALLY_ROUTE_EXPORT,    /* GET /api/export?format=F: every matching incident in an export format */
    TALLY_ROUTE_COUNTS     /* GET /api/counts: matching incidents per type and per actor */
};

/* Where a static file lives. */
enum {
    TALLY_ROOT_WEB = 0, /* web/: the page */
    TALLY_ROOT_VENDOR,  /* node_modules/: a fixed list of front-end files (/vendor/NAME) */
    TALLY_ROOT_BUILD    /* build/web/: files made at build time (/outlines/ISO3.json) */
};

/* A parsed request target. The filter's strings point into buf. */
typedef struct {
    int route;             /* TALLY_ROUTE_* */
    int root;              /* TALLY_ROOT_*, for TALLY_ROUTE_FILE */
    char path[256];        /* TALLY_ROUTE_FILE: a safe relative path under root */
    const char *ctype;     /* TALLY_ROUTE_FILE: its content type (static) */
    tally_store_filter f;  /* filters; f.id for TALLY_ROUTE_INCIDENT */
    int by;                /* TALLY_AGG_DAY or TALLY_AGG_WEEK for the timeline */
    int format;            /* TALLY_FORMAT_* for the export (default JSON Lines) */
    char buf[TALLY_SERVE_MAX_TARGET + 16]; /* decoded parameter values */
    size_t used;           /* bytes of buf in use */
} tally_serve_request;

/** Parse a request target ("/api/incidents?from=2014-03&admin1=Diyala", as sent on
 * the request line: path, then an optional query string) into r. Total and pure:
 * any bytes in. Returns an HTTP status: 200 when r is usable, 400 for a malformed
 * target or a bad parameter (unknown, repeated, not a date, not a number, out of
 * range, bad percent-encoding, control bytes or invalid UTF-8), 404 for a path that
 * names nothing tally serves (a static path with "..", "%", a dot file or an unknown
 * extension never names anything), 414 for a target over TALLY_SERVE_MAX_TARGET
 * bytes; then err says why. Parameters: from, to (YYYY, YYYY-MM, YYYY-MM-DD),
 * country (ISO3), admin1, type, actor, source (at most 200 bytes each), min_killed,
 * contested (1/true/0/false), limit (1..1000, default 100; /api/incidents only),
 * offset, by (day|week), format (acled, cameo, geojson, csv, json; /api/export). An
 * empty value is no filter. */
int tally_serve_parse(const char *target, size_t len, tally_serve_request *r, char *err, size_t errlen);

/** The content type of the body tally_serve_api gives for r. */
const char *tally_serve_api_type(const tally_serve_request *r);

/** Answer an API request r (any route but TALLY_ROUTE_FILE) from store s: sets
 * *body (malloc'd, caller frees) and *len to a JSON document and returns the HTTP
 * status: 200, 404 (no such incident) or 500 (the store failed; the body says why). */
int tally_serve_api(tally_store *s, const tally_serve_request *r, char **body, size_t *len);

/* How to run the server. */
typedef struct {
    const char *db;   /* the store, opened read-only */
    const char *bind; /* IPv4 or IPv6 address to listen on; NULL: 127.0.0.1 */
    int port;         /* 0: any free port (see tally_serve_port) */
    const char *root; /* the directory holding web/, node_modules/ and build/web/ */
    int threads;      /* worker threads (and store connections); 0: 4 */
    double header_timeout; /* seconds a client has to send a request's header; 0: 10 */
    int per_ip;       /* open connections from one address at most; 0: 256 */
    const char *hosts; /* comma-separated host names the Host header may also give, or NULL */
} tally_serve_options;

/** 1 when a request's Host header (host, as sent: "127.0.0.1:8080", "[::1]:8080",
 * "localhost:8080") names the server bound to address bind (NULL: 127.0.0.1) on
 * port: the bound address itself (any address when bound to 0.0.0.0 or ::),
 * "localhost" when the loopback or all addresses are bound, or one of names; a
 * port, when given, must be port. Anything else, a missing Host included, is 0: a
 * browser sends a name that is not ours when a foreign page had its name point at
 * us (DNS rebinding). Pure. */
int tally_serve_host_ok(const char *host, const char *bind, int port, const char *names);

typedef struct tally_server tally_server;

/** Open the store read-only and start serving in background threads. Returns the
 * server (stop with tally_serve_stop), or NULL with a message in err (no store,
 * a bad address, the port in use). A request whose Host header is missing gets
 * 400, one that names another host 421 (tally_serve_host_ok). A client has
 * header_timeout seconds to send each request header (its socket is then shut),
 * and one address at most per_ip connections. */
tally_server *tally_serve_start(const tally_serve_options *o, char *err, size_t errlen);
/** The port the server listens on. */
int tally_serve_port(const tally_server *sv);
/** Stop serving, wait for the requests in flight, close the store; NULL is a no-op. */
void tally_serve_stop(tally_server *sv);

#endif
