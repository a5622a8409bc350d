/* serve.c: tally serve: the page, its front-end libraries and a JSON API over a
 * read-only store, on libmicrohttpd. Requests are parsed by a pure function
 * (tally_serve_parse) and answered from a small pool of store connections. */
#include "serve.h"
#include "utf8.h"
#include "util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- parsing the request target -------------------------------------------------- */

#define MAX_VALUE 200 /* bytes of one decoded parameter value */

static int fail_with(char *err, size_t errlen, int status, const char *fmt, const char *what) {
    snprintf(err, errlen, fmt, what);
    return status;
}

static int hexval(int c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 32;
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Percent-decode p[0..len) ('+' is a space) into r->buf as a NUL-terminated string.
 * NULL when the encoding is bad or the result holds control bytes or bad UTF-8. */
static const char *decode(tally_serve_request *r, const char *p, size_t len) {
    if (r->used + len + 1 > sizeof r->buf)
        return NULL; /* cannot happen: the target is at most TALLY_SERVE_MAX_TARGET bytes */
    char *out = r->buf + r->used, *o = out;
    for (size_t i = 0; i < len; i++) {
        int c = (unsigned char)p[i];
        if (c == '+') {
            c = ' ';
        } else if (c == '%') {
            int hi = i + 2 < len ? hexval((unsigned char)p[i + 1]) : -1;
            int lo = i + 2 < len ? hexval((unsigned char)p[i + 2]) : -1;
            if (hi < 0 || lo < 0)
                return NULL;
            c = hi * 16 + lo;
            i += 2;
        }
        if (c < 0x20 || c == 0x7F)
            return NULL;
        *o++ = (char)c;
    }
    *o = 0;
    if (tally_utf8_validate(out, (size_t)(o - out)) != (size_t)(o - out))
        return NULL;
    r->used += (size_t)(o - out) + 1;
    return out;
}

/* 1 when s is YYYY, YYYY-MM or YYYY-MM-DD with a real month and day number. */
static int is_date(const char *s) {
    size_t n = strlen(s);
    if (n != 4 && n != 7 && n != 10)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (i == 4 || i == 7 ? s[i] != '-' : !is_digit(s[i]))
            return 0;
    if (n >= 7) {
        int m = (s[5] - '0') * 10 + s[6] - '0';
        if (m < 1 || m > 12)
            return 0;
    }
    if (n == 10) {
        int d = (s[8] - '0') * 10 + s[9] - '0';
        if (d < 1 || d > 31)
            return 0;
    }
    return 1;
}

/* A whole number 0..max written in at most 10 digits, or -1. */
static long long number(const char *s, long long max) {
    size_t n = strlen(s);
    if (n == 0 || n > 10)
        return -1;
    long long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!is_digit(s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v <= max ? v : -1;
}

static const char *const PARAMS[] = {"from",   "to",         "country",   "admin1", "type",   "actor",
                                     "source", "min_killed", "contested", "limit",  "offset", "by", "format"};
enum { P_FROM, P_TO, P_COUNTRY, P_ADMIN1, P_TYPE, P_ACTOR, P_SOURCE, P_MIN_KILLED, P_CONTESTED, P_LIMIT, P_OFFSET, P_BY,
       P_FORMAT };

/* The export formats of /api/export, with their content types. */
static const struct {
    const char *name, *type;
    int format;
} EXPORTS[] = {{"acled", "text/csv; charset=utf-8", TALLY_FORMAT_ACLED},
               {"cameo", "text/tab-separated-values; charset=utf-8", TALLY_FORMAT_CAMEO},
               {"geojson", "application/geo+json", TALLY_FORMAT_GEOJSON},
               {"csv", "text/csv; charset=utf-8", TALLY_FORMAT_CSV},
               {"json", "application/x-ndjson", TALLY_FORMAT_JSON}};

/* Set parameter k from its decoded value v (not empty). 200 or 400 with err set. */
static int set_param(tally_serve_request *r, int k, const char *v, char *err, size_t errlen) {
    tally_store_filter *f = &r->f;
    long long n;
    switch (k) {
    case P_FROM:
    case P_TO:
        if (!is_date(v))
            return fail_with(err, errlen, 400, "%s: a date is YYYY, YYYY-MM or YYYY-MM-DD", PARAMS[k]);
        *(k == P_FROM ? &f->from : &f->to) = v;
        return 200;
    case P_COUNTRY:
        if (strlen(v) != 3 || !is_alpha(v[0]) || !is_alpha(v[1]) || !is_alpha(v[2]))
            return fail_with(err, errlen, 400, "%s: an ISO 3166-1 alpha-3 code such as IRQ", PARAMS[k]);
        f->country = v;
        return 200;
    case P_ADMIN1: f->admin1 = v; return 200;
    case P_TYPE: f->type = v; return 200;
    case P_ACTOR: f->actor = v; return 200;
    case P_SOURCE: f->source = v; return 200;
    case P_MIN_KILLED:
        if ((n = number(v, 1000000000LL)) < 0)
            return fail_with(err, errlen, 400, "%s: a whole number from 0 to 1000000000", PARAMS[k]);
        f->min_killed = n;
        return 200;
    case P_CONTESTED:
        if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0)
            f->contested = 1;
        else if (strcmp(v, "0") == 0 || strcmp(v, "false") == 0)
            f->contested = 0;
        else
            return fail_with(err, errlen, 400, "%s: 1, true, 0 or false", PARAMS[k]);
        return 200;
    case P_LIMIT:
        if ((n = number(v, 1000)) < 1)
            return fail_with(err, errlen, 400, "%s: a whole number from 1 to 1000", PARAMS[k]);
        f->limit = n;
        return 200;
    case P_OFFSET:
        if ((n = number(v, 1000000000LL)) < 0)
            return fail_with(err, errlen, 400, "%s: a whole number from 0 to 1000000000", PARAMS[k]);
        f->offset = n;
        return 200;
    case P_FORMAT:
        for (size_t i = 0; i < ARRAY_LEN(EXPORTS); i++)
            if (strcmp(v, EXPORTS[i].name) == 0) {
                r->format = EXPORTS[i].format;
                return 200;
            }
        return fail_with(err, errlen, 400, "%s: acled, cameo, geojson, csv or json", PARAMS[k]);
    default:
        if (strcmp(v, "day") == 0)
            r->by = TALLY_AGG_DAY;
        else if (strcmp(v, "week") == 0)
            r->by = TALLY_AGG_WEEK;
        else
            return fail_with(err, errlen, 400, "%s: day or week", PARAMS[k]);
        return 200;
    }
}

/* Parse the query string q[0..len) into r's filter. */
static int parse_query(tally_serve_request *r, const char *q, size_t len, char *err, size_t errlen) {
    unsigned seen = 0;
    for (size_t i = 0; i < len;) {
        size_t j = i;
        while (j < len && q[j] != '&')
            j++;
        if (j > i) { /* empty pieces ("a=1&&b=2", a trailing '&') are nothing */
            const char *eq = memchr(q + i, '=', j - i);
            size_t klen = eq ? (size_t)(eq - (q + i)) : j - i;
            const char *key = decode(r, q + i, klen);
            if (!key)
                return fail_with(err, errlen, 400, "%s", "bad percent-encoding or control bytes in a parameter name");
            int k = -1;
            for (int p = 0; p < (int)ARRAY_LEN(PARAMS); p++)
                if (strcmp(key, PARAMS[p]) == 0 || (p == P_MIN_KILLED && strcmp(key, "min-killed") == 0))
                    k = p;
            if (k < 0)
                return fail_with(err, errlen, 400,
                                 "unknown parameter '%.60s' (from, to, country, admin1, type, actor, source, "
                                 "min_killed, contested, limit, offset, by, format)",
                                 key);
            if (seen & (1u << k))
                return fail_with(err, errlen, 400, "%s given twice", PARAMS[k]);
            seen |= 1u << k;
            size_t vlen = eq ? (size_t)(q + j - (eq + 1)) : 0;
            const char *v = decode(r, eq ? eq + 1 : q + j, vlen);
            if (!v)
                return fail_with(err, errlen, 400, "%s: bad percent-encoding, control bytes or invalid UTF-8",
                                 PARAMS[k]);
            if (strlen(v) > MAX_VALUE)
                return fail_with(err, errlen, 400, "%s: at most 200 bytes", PARAMS[k]);
            if (*v) {
                int st = set_param(r, k, v, err, errlen);
                if (st != 200)
                    return st;
            }
        }
        i = j + 1;
    }
    return 200;
}

/* Content types of the files tally serves, by extension; others are not served. */
static const struct {
    const char *ext, *type;
} TYPES[] = {{".html", "text/html; charset=utf-8"},        {".js", "text/javascript; charset=utf-8"},
             {".css", "text/css; charset=utf-8"},          {".json", "application/json"},
             {".png", "image/png"},                        {".svg", "image/svg+xml"},
             {".ico", "image/x-icon"},                     {".txt", "text/plain; charset=utf-8"}};

static const char *content_type(const char *path) {
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < ARRAY_LEN(TYPES); i++)
        if (strcmp(dot, TYPES[i].ext) == 0)
            return TYPES[i].type;
    return NULL;
}

/* The front-end files from npm (pinned by package-lock.json): /vendor/NAME. */
static const struct {
    const char *name, *path;
} VENDOR[] = {
    {"leaflet.js", "leaflet/dist/leaflet.js"},
    {"leaflet.css", "leaflet/dist/leaflet.css"},
    {"images/layers.png", "leaflet/dist/images/layers.png"},
    {"images/layers-2x.png", "leaflet/dist/images/layers-2x.png"},
    {"images/marker-icon.png", "leaflet/dist/images/marker-icon.png"},
    {"images/marker-icon-2x.png", "leaflet/dist/images/marker-icon-2x.png"},
    {"images/marker-shadow.png", "leaflet/dist/images/marker-shadow.png"},
    {"uPlot.js", "uplot/dist/uPlot.iife.min.js"},
    {"uPlot.css", "uplot/dist/uPlot.min.css"},
    {"topojson-client.js", "topojson-client/dist/topojson-client.min.js"},
    {"countries-50m.json", "world-atlas/countries-50m.json"},
};

/* 1 when p[0..len) is a safe relative path: segments of [A-Za-z0-9._-] that start
 * with a letter, digit or '_', and no ".." anywhere (so no dot files, no empty
 * segments, nothing that climbs). */
static int safe_path(const char *p, size_t len) {
    if (len == 0 || len >= 200)
        return 0;
    int start = 1;
    for (size_t i = 0; i < len; i++) {
        int c = (unsigned char)p[i];
        if (c == '/') {
            if (start)
                return 0;
            start = 1;
            continue;
        }
        if (!(is_alpha(c) || is_digit(c) || c == '_' || (!start && (c == '.' || c == '-'))) ||
            (c == '.' && p[i - 1] == '.'))
            return 0;
        start = 0;
    }
    return !start;
}

int tally_serve_parse(const char *target, size_t len, tally_serve_request *r, char *err, size_t errlen) {
    memset(r, 0, sizeof *r);
    r->f.min_killed = -1;
    r->by = TALLY_AGG_DAY;
    r->format = TALLY_FORMAT_JSON;
    if (len > TALLY_SERVE_MAX_TARGET)
        return fail_with(err, errlen, 414, "%s", "request target too long");
    if (len == 0 || target[0] != '/')
        return fail_with(err, errlen, 400, "%s", "the request target must be a path starting with '/'");
    const char *q = memchr(target, '?', len);
    size_t plen = q ? (size_t)(q - target) : len;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)target[i] <= 0x20 || (unsigned char)target[i] >= 0x7F || target[i] == '#')
            return fail_with(err, errlen, 400, "%s", "bytes a request target cannot hold");
    const char *p = target;
    static const char API[] = "/api/";
    if (plen >= sizeof API - 1 && memcmp(p, API, sizeof API - 1) == 0) {
        const char *name = p + sizeof API - 1;
        size_t nlen = plen - (sizeof API - 1);
        static const struct {
            const char *name;
            int route;
        } ROUTES[] = {{"incidents", TALLY_ROUTE_INCIDENTS},
                      {"points", TALLY_ROUTE_POINTS},
                      {"timeline", TALLY_ROUTE_TIMELINE},
                      {"admin1", TALLY_ROUTE_ADMIN1},
                      {"export", TALLY_ROUTE_EXPORT},
                      {"counts", TALLY_ROUTE_COUNTS}};
        r->route = -1;
        for (size_t i = 0; i < ARRAY_LEN(ROUTES); i++)
            if (strlen(ROUTES[i].name) == nlen && memcmp(name, ROUTES[i].name, nlen) == 0)
                r->route = ROUTES[i].route;
        static const char ONE[] = "incidents/";
        if (r->route < 0 && nlen > sizeof ONE - 1 && memcmp(name, ONE, sizeof ONE - 1) == 0) {
            char id[24];
            size_t idlen = nlen - (sizeof ONE - 1);
            if (idlen < sizeof id) {
                memcpy(id, name + sizeof ONE - 1, idlen);
                id[idlen] = 0;
                long long n = number(id, 9999999999LL);
                if (n > 0) {
                    r->route = TALLY_ROUTE_INCIDENT;
                    r->f.id = n;
                }
            }
        }
        if (r->route < 0)
            return fail_with(err, errlen, 404, "%s", "no such API endpoint (incidents, incidents/ID, points, timeline, admin1, export, counts)");
        int st = q ? parse_query(r, q + 1, len - plen - 1, err, errlen) : 200;
        if (st != 200)
            return st;
        if (r->route == TALLY_ROUTE_INCIDENTS && r->f.limit == 0)
            r->f.limit = 100;
        if (r->route != TALLY_ROUTE_INCIDENTS) /* paging is the table's */
            r->f.limit = r->f.offset = 0;
        return 200;
    }
    /* a static file; its query string (a cache breaker, say) is ignored */
    r->route = TALLY_ROUTE_FILE;
    r->root = TALLY_ROOT_WEB;
    const char *rel = p + 1;
    size_t rlen = plen - 1;
    static const char VEND[] = "/vendor/", OUTL[] = "/outlines/";
    if (plen == 1) {
        rel = "index.html";
        rlen = strlen(rel);
    } else if (plen > sizeof VEND - 1 && memcmp(p, VEND, sizeof VEND - 1) == 0) {
        const char *name = p + sizeof VEND - 1;
        size_t nlen = plen - (sizeof VEND - 1);
        for (size_t i = 0; i < ARRAY_LEN(VENDOR); i++)
            if (strlen(VENDOR[i].name) == nlen && memcmp(name, VENDOR[i].name, nlen) == 0) {
                r->root = TALLY_ROOT_VENDOR;
                rel = VENDOR[i].path;
                rlen = strlen(rel);
            }
        if (r->root != TALLY_ROOT_VENDOR)
            return fail_with(err, errlen, 404, "%s", "no such file");
    } else if (plen > sizeof OUTL - 1 && memcmp(p, OUTL, sizeof OUTL - 1) == 0) {
        r->root = TALLY_ROOT_BUILD;
        rel = p + 1; /* outlines/ISO3.json under build/web/ */
    }
    if (!safe_path(rel, rlen))
        return fail_with(err, errlen, 404, "%s", "no such file");
    memcpy(r->path, rel, rlen);
    r->path[rlen] = 0;
    if (!(r->ctype = content_type(r->path)))
        return fail_with(err, errlen, 404, "%s", "no such file");
    return 200;
}

/* ---- the API ----------------------------------------------------------------------- */

/* The body {"error":"msg"} into *body, *len. */
static void error_body(const char *msg, char **body, size_t *len) {
    tally_buf b = {0};
    tally_buf_puts(&b, "{\"error\":");
    tally_json_str(&b, msg, strlen(msg));
    tally_buf_puts(&b, "}\n");
    *body = xmalloc(b.len + 1);
    memcpy(*body, b.p, b.len);
    (*body)[b.len] = 0;
    *len = b.len;
    tally_buf_free(&b);
}

const char *tally_serve_api_type(const tally_serve_request *r) {
    if (r->route == TALLY_ROUTE_POINTS)
        return "application/geo+json";
    for (size_t i = 0; r->route == TALLY_ROUTE_EXPORT && i < ARRAY_LEN(EXPORTS); i++)
        if (EXPORTS[i].format == r->format)
            return EXPORTS[i].type;
    return "application/json";
}

int tally_serve_api(tally_store *s, const tally_serve_request *r, char **body, size_t *len) {
    char err[512] = "";
    char *out = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&out, &n);
    if (!f) {
        error_body("out of memory", body, len);
        return 500;
    }
    int rc = TALLY_OK, status = 200;
    switch (r->route) {
    case TALLY_ROUTE_INCIDENTS: {
        long long total = 0;
        rc = tally_store_count(s, &r->f, &total, err, sizeof err);
        if (rc)
            break;
        char *rows = NULL;
        size_t nrows = 0;
        FILE *g = open_memstream(&rows, &nrows);
        if (!g) {
            rc = TALLY_EIO;
            snprintf(err, sizeof err, "out of memory");
            break;
        }
        rc = tally_store_query(s, &r->f, TALLY_FORMAT_JSON_BRIEF, g, err, sizeof err);
        fclose(g);
        /* JSON Lines to an array: a raw newline only ever ends an object */
        for (size_t i = 0; nrows && i < nrows - 1; i++)
            if (rows[i] == '\n')
                rows[i] = ',';
        fprintf(f, "{\"total\":%lld,\"limit\":%lld,\"offset\":%lld,\"incidents\":[%.*s]}\n", total, r->f.limit,
                r->f.offset, (int)(nrows ? nrows - 1 : 0), rows ? rows : "");
        free(rows);
        break;
    }
    case TALLY_ROUTE_INCIDENT: {
        tally_store_filter one = r->f; /* a merged-away id gives the incident that took it */
        long long live;
        if (tally_store_resolve(s, one.id, &live) == TALLY_OK)
            one.id = live;
        rc = tally_store_query(s, &one, TALLY_FORMAT_JSON, f, err, sizeof err);
        fflush(f);
        if (rc == TALLY_OK && n == 0) {
            snprintf(err, sizeof err, "no incident %lld", r->f.id);
            status = 404;
        }
        break;
    }
    case TALLY_ROUTE_POINTS: rc = tally_store_query(s, &r->f, TALLY_FORMAT_GEOJSON, f, err, sizeof err); break;
    case TALLY_ROUTE_TIMELINE: rc = tally_store_aggregate(s, &r->f, r->by, f, err, sizeof err); break;
    case TALLY_ROUTE_ADMIN1: rc = tally_store_aggregate(s, &r->f, TALLY_AGG_ADMIN1, f, err, sizeof err); break;
    case TALLY_ROUTE_EXPORT: rc = tally_store_query(s, &r->f, r->format, f, err, sizeof err); break;
    case TALLY_ROUTE_COUNTS: /* {"types":[...],"actors":[...]} */
        fputs("{\"types\":", f);
        rc = tally_store_aggregate(s, &r->f, TALLY_AGG_TYPE, f, err, sizeof err);
        if (rc == TALLY_OK) {
            fputs(",\"actors\":", f);
            rc = tally_store_aggregate(s, &r->f, TALLY_AGG_ACTOR, f, err, sizeof err);
        }
        fputs("}\n", f);
        break;
    default:
        snprintf(err, sizeof err, "not an API request");
        status = 404;
        break;
    }
    fclose(f);
    if (rc != TALLY_OK || status != 200) {
        free(out);
        error_body(err, body, len);
        return rc != TALLY_OK ? 500 : status;
    }
    *body = out;
    *len = n;
    return 200;
}

/* ---- the Host header ------------------------------------------------------------------- */

/* The address family and bytes of an IP literal (IPv6 without brackets); 0 when
 * name is not one. */
static int ip_literal(const char *name, unsigned char out[16]) {
    if (inet_pton(AF_INET, name, out) == 1)
        return AF_INET;
    if (inet_pton(AF_INET6, name, out) == 1)
        return AF_INET6;
    return 0;
}

static int is_loopback(int fam, const unsigned char *a) {
    static const unsigned char V6_LOOP[16] = {[15] = 1};
    return fam == AF_INET ? a[0] == 127 : fam == AF_INET6 && memcmp(a, V6_LOOP, 16) == 0;
}

static int is_any(int fam, const unsigned char *a) {
    static const unsigned char ZERO[16] = {0};
    return fam && memcmp(a, ZERO, fam == AF_INET ? 4 : 16) == 0;
}

/* 1 when name (lower case) is one of the comma-separated names. */
static int in_names(const char *name, size_t len, const char *names) {
    for (const char *p = names; p && *p;) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == len && strncasecmp(p, name, n) == 0)
            return 1;
        p = e ? e + 1 : p + n;
    }
    return 0;
}

int tally_serve_host_ok(const char *host, const char *bind, int port, const char *names) {
    if (!host || !host[0])
        return 0;
    char name[256];
    const char *colon;
    size_t len;
    if (host[0] == '[') { /* [IPv6]:port */
        const char *close = strchr(host, ']');
        if (!close)
            return 0;
        len = (size_t)(close - host - 1);
        colon = close[1] == ':' ? close + 1 : close[1] ? NULL : close + 1;
        if (!colon)
            return 0;
        if (len >= sizeof name)
            return 0;
        memcpy(name, host + 1, len);
    } else {
        colon = strchr(host, ':');
        len = colon ? (size_t)(colon - host) : strlen(host);
        if (len >= sizeof name || (colon && strchr(colon + 1, ':')))
            return 0;
        memcpy(name, host, len);
        if (!colon)
            colon = host + len;
    }
    name[len] = 0;
    if (*colon == ':') { /* the port, when given, is ours */
        char *end;
        long p = strtol(colon + 1, &end, 10);
        if (colon[1] == 0 || *end || p != port)
            return 0;
    }
    if (len && name[len - 1] == '.') /* "localhost." is "localhost" */
        name[--len] = 0;
    unsigned char b[16], h[16];
    int bf = ip_literal(bind ? bind : "127.0.0.1", b), hf = ip_literal(name, h);
    if (hf) /* an address: the one bound, or any when bound to all */
        return is_any(bf, b) ? 1 : hf == bf && memcmp(h, b, bf == AF_INET ? 4 : 16) == 0;
    /* a name: one given, or localhost when the loopback is served; any other could be a
       name an attacker's DNS points at us (DNS rebinding) */
    if (in_names(name, len, names))
        return 1;
    return (is_loopback(bf, b) || is_any(bf, b)) && strcasecmp(name, "localhost") == 0;
}

/* ---- the server ---------------------------------------------------------------------- */

/* One TCP connection, tracked so that a client too slow to send its request header
 * is cut off: each header line would otherwise reset MHD's idle timeout. */
typedef struct conn {
    struct conn *prev, *next;
    int fd;          /* its socket (MHD's: shut down, never closed, here) */
    double deadline; /* the header must be in by then; 0 while a request is answered */
} conn;

struct tally_server {
    struct MHD_Daemon *d;
    char root[4096];       /* holds web/, node_modules/, build/web/ */
    tally_store **stores;  /* one connection per worker thread */
    size_t nstores;
    tally_store **idle;    /* connections not in use: a stack */
    size_t nidle;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int port;
    char bind[64];         /* the address listened on */
    char *names;           /* other host names the Host header may give (malloc'd), or NULL */
    double header_timeout; /* seconds a client has for a request header */
    conn *conns;           /* open connections (guarded by cmu) */
    pthread_mutex_t cmu;
    pthread_cond_t ccv;    /* wakes the reaper to stop */
    pthread_t reaper;
    int reaping, stopping;
};

static double mono_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* MHD_OPTION_NOTIFY_CONNECTION: track each connection from its start, when the
 * header clock starts, to its end. */
static void notify_conn(void *cls, struct MHD_Connection *c, void **socket_context,
                        enum MHD_ConnectionNotificationCode toe) {
    tally_server *sv = cls;
    conn *k = *socket_context;
    pthread_mutex_lock(&sv->cmu);
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        k = xmalloc(sizeof *k);
        k->fd = ci ? ci->connect_fd : -1;
        k->deadline = mono_now() + sv->header_timeout;
        k->prev = NULL;
        k->next = sv->conns;
        if (sv->conns)
            sv->conns->prev = k;
        sv->conns = k;
        *socket_context = k;
    } else if (k) {
        if (k->prev)
            k->prev->next = k->next;
        else
            sv->conns = k->next;
        if (k->next)
            k->next->prev = k->prev;
        free(k);
        *socket_context = NULL;
    }
    pthread_mutex_unlock(&sv->cmu);
}

/* Start (a request was answered: the next header's clock starts) or stop (a header
 * is in) the header clock of connection c. */
static void header_clock(tally_server *sv, struct MHD_Connection *c, int start) {
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    pthread_mutex_lock(&sv->cmu);
    conn *k = ci ? ci->socket_context : NULL;
    if (k)
        k->deadline = start ? mono_now() + sv->header_timeout : 0;
    pthread_mutex_unlock(&sv->cmu);
}

/* The reaper thread: 10 times a second, shut down the socket of each connection past
 * its header deadline; MHD then sees it closed and frees it. */
static void *reaper(void *arg) {
    tally_server *sv = arg;
    pthread_mutex_lock(&sv->cmu);
    while (!sv->stopping) {
        double now = mono_now();
        for (conn *k = sv->conns; k; k = k->next)
            if (k->deadline > 0 && now > k->deadline && k->fd >= 0) {
                shutdown(k->fd, SHUT_RDWR);
                k->deadline = 0;
            }
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 100000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&sv->ccv, &sv->cmu, &ts);
    }
    pthread_mutex_unlock(&sv->cmu);
    return NULL;
}

static tally_store *acquire(tally_server *sv) {
    pthread_mutex_lock(&sv->mu);
    while (sv->nidle == 0)
        pthread_cond_wait(&sv->cv, &sv->mu);
    tally_store *s = sv->idle[--sv->nidle];
    pthread_mutex_unlock(&sv->mu);
    return s;
}

static void release(tally_server *sv, tally_store *s) {
    pthread_mutex_lock(&sv->mu);
    sv->idle[sv->nidle++] = s;
    pthread_cond_signal(&sv->cv);
    pthread_mutex_unlock(&sv->mu);
}

/* Queue body (malloc'd; the response frees it) with status and content type. */
static enum MHD_Result reply(struct MHD_Connection *c, int status, char *body, size_t len, const char *ctype) {
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(body);
        return MHD_NO;
    }
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    if (status == 405)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static enum MHD_Result reply_error(struct MHD_Connection *c, int status, const char *msg) {
    char *body;
    size_t len;
    error_body(msg, &body, &len);
    return reply(c, status, body, len, "application/json");
}

static enum MHD_Result reply_file(tally_server *sv, struct MHD_Connection *c, const tally_serve_request *r) {
    static const char *const DIRS[] = {"web", "node_modules", "build/web"};
    char path[4096 + 512];
    snprintf(path, sizeof path, "%s/%s/%s", sv->root, DIRS[r->root], r->path);
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        if (fd >= 0)
            close(fd);
        return reply_error(c, 404, "no such file");
    }
    struct MHD_Response *resp = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
    if (!resp) {
        close(fd);
        return MHD_NO;
    }
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->ctype);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, r->root == TALLY_ROOT_WEB ? "no-cache" : "max-age=3600");
    if (r->root == TALLY_ROOT_WEB)
        MHD_add_response_header(resp, "Content-Security-Policy",
                                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'");
    enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* The request target as sent (MHD hands the handler a decoded path without the
 * query): kept as the request's context, at most TALLY_SERVE_MAX_TARGET + 1 bytes. */
static void *log_uri(void *cls, const char *uri, struct MHD_Connection *c) {
    (void)cls;
    (void)c;
    return strndup(uri ? uri : "", TALLY_SERVE_MAX_TARGET + 1);
}

static void completed(void *cls, struct MHD_Connection *c, void **req_cls, enum MHD_RequestTerminationCode toe) {
    (void)toe;
    free(*req_cls);
    *req_cls = NULL;
    header_clock(cls, c, 1); /* kept alive: the next request's header has its own time */
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                              const char *version, const char *upload, size_t *upload_len, void **req_cls) {
    tally_server *sv = cls;
    (void)version;
    (void)upload;
    (void)upload_len;
    header_clock(sv, c, 0);
    const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
    if (!host)
        return reply_error(c, 400, "no Host header");
    if (!tally_serve_host_ok(host, sv->bind, sv->port, sv->names))
        return reply_error(c, 421, "this server does not answer for that Host (see tally serve --bind)");
    if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
        return reply_error(c, 405, "only GET and HEAD");
    const char *target = *req_cls ? (const char *)*req_cls : url;
    tally_serve_request *r = xmalloc(sizeof *r);
    char err[256];
    int status = tally_serve_parse(target, strlen(target), r, err, sizeof err);
    enum MHD_Result ret;
    if (status != 200) {
        ret = reply_error(c, status, err);
    } else if (r->route == TALLY_ROUTE_FILE) {
        ret = reply_file(sv, c, r);
    } else {
        tally_store *s = acquire(sv);
        char *body;
        size_t len;
        status = tally_serve_api(s, r, &body, &len);
        release(sv, s);
        ret = reply(c, status, body, len, status == 200 ? tally_serve_api_type(r) : "application/json");
    }
    free(r);
    return ret;
}

tally_server *tally_serve_start(const tally_serve_options *o, char *err, size_t errlen) {
    tally_server *sv = xmalloc(sizeof *sv);
    memset(sv, 0, sizeof *sv);
    pthread_mutex_init(&sv->mu, NULL);
    pthread_cond_init(&sv->cv, NULL);
    pthread_mutex_init(&sv->cmu, NULL);
    pthread_cond_init(&sv->ccv, NULL);
    snprintf(sv->bind, sizeof sv->bind, "%s", o->bind ? o->bind : "127.0.0.1");
    sv->names = o->hosts ? strdup(o->hosts) : NULL;
    sv->header_timeout = o->header_timeout > 0 ? o->header_timeout : 10.0;
    snprintf(sv->root, sizeof sv->root, "%s", o->root ? o->root : ".");
    sv->nstores = o->threads > 0 ? (size_t)o->threads : 4;
    sv->stores = xmalloc(sv->nstores * sizeof *sv->stores);
    sv->idle = xmalloc(sv->nstores * sizeof *sv->idle);
    for (size_t i = 0; i < sv->nstores; i++) {
        if (tally_store_open(o->db, TALLY_STORE_READONLY, &sv->stores[i], err, errlen) != TALLY_OK) {
            sv->nstores = i;
            tally_serve_stop(sv);
            return NULL;
        }
        sv->idle[sv->nidle++] = sv->stores[i];
    }
    const char *bind = o->bind ? o->bind : "127.0.0.1";
    struct sockaddr_in a4;
    struct sockaddr_in6 a6;
    memset(&a4, 0, sizeof a4);
    memset(&a6, 0, sizeof a6);
    const struct sockaddr *addr;
    unsigned flags = MHD_USE_AUTO | MHD_USE_INTERNAL_POLLING_THREAD;
    if (inet_pton(AF_INET, bind, &a4.sin_addr) == 1) {
        a4.sin_family = AF_INET;
        a4.sin_port = htons((uint16_t)o->port);
        addr = (const struct sockaddr *)&a4;
    } else if (inet_pton(AF_INET6, bind, &a6.sin6_addr) == 1) {
        a6.sin6_family = AF_INET6;
        a6.sin6_port = htons((uint16_t)o->port);
        addr = (const struct sockaddr *)&a6;
        flags |= MHD_USE_IPv6;
    } else {
        snprintf(err, errlen, "--bind %s: not an IPv4 or IPv6 address", bind);
        tally_serve_stop(sv);
        return NULL;
    }
    if (o->port < 0 || o->port > 65535) {
        snprintf(err, errlen, "--port %d: not a port (0..65535)", o->port);
        tally_serve_stop(sv);
        return NULL;
    }
    errno = 0;
    /* a bounded cost per client: at most per_ip connections from one address, each
       with header_timeout seconds for its header (the reaper) and 30 s idle at most */
    sv->d = MHD_start_daemon(flags, (uint16_t)o->port, NULL, NULL, handle, sv, MHD_OPTION_SOCK_ADDR, addr,
                             MHD_OPTION_THREAD_POOL_SIZE, (unsigned)sv->nstores, MHD_OPTION_CONNECTION_LIMIT,
                             (unsigned)2048, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
                             (unsigned)(o->per_ip > 0 ? o->per_ip : 256), MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
                             MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024), MHD_OPTION_URI_LOG_CALLBACK,
                             log_uri, NULL, MHD_OPTION_NOTIFY_COMPLETED, completed, sv, MHD_OPTION_NOTIFY_CONNECTION,
                             notify_conn, sv, MHD_OPTION_END);
    if (!sv->d) {
        snprintf(err, errlen, "cannot listen on %s port %d: %s", bind, o->port,
                 errno ? strerror(errno) : "address in use or not available");
        tally_serve_stop(sv);
        return NULL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(sv->d, MHD_DAEMON_INFO_BIND_PORT);
    sv->port = info ? info->port : o->port;
    if (pthread_create(&sv->reaper, NULL, reaper, sv) != 0) {
        snprintf(err, errlen, "cannot start a thread: %s", strerror(errno));
        tally_serve_stop(sv);
        return NULL;
    }
    sv->reaping = 1;
    return sv;
}

int tally_serve_port(const tally_server *sv) { return sv->port; }

void tally_serve_stop(tally_server *sv) {
    if (!sv)
        return;
    if (sv->reaping) {
        pthread_mutex_lock(&sv->cmu);
        sv->stopping = 1;
        pthread_cond_signal(&sv->ccv);
        pthread_mutex_unlock(&sv->cmu);
        pthread_join(sv->reaper, NULL);
    }
    if (sv->d)
        MHD_stop_daemon(sv->d);
    for (size_t i = 0; i < sv->nstores; i++)
        tally_store_close(sv->stores[i]);
    free(sv->stores);
    free(sv->idle);
    pthread_mutex_destroy(&sv->mu);
    pthread_cond_destroy(&sv->cv);
    pthread_mutex_destroy(&sv->cmu);
    pthread_cond_destroy(&sv->ccv);
    free(sv->names);
    free(sv);
}
