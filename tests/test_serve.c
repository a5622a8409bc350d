/* test_serve.c: tally serve: request target parsing (routes, parameters, what gets a
 * 4xx), the API handlers over a small store written here, and the server itself on a
 * loopback port with well-formed, malformed and hostile requests. */
#include "serve.h"
#include "test.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <errno.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static int parse(const char *target, tally_serve_request *r) {
    char err[256];
    return tally_serve_parse(target, strlen(target), r, err, sizeof err);
}

static void test_parse(void) {
    static tally_serve_request r;
    CHECK_INT_EQ(parse("/api/incidents", &r), 200);
    CHECK_INT_EQ(r.route, TALLY_ROUTE_INCIDENTS);
    CHECK_INT_EQ(r.f.limit, 100);
    CHECK_INT_EQ(r.f.min_killed, -1);
    CHECK_INT_EQ(parse("/api/incidents?from=2014-03&to=2014-03-31&country=irq&admin1=Diyala&type=bomb"
                       "&actor=army&source=police+chief&min_killed=5&contested=1&limit=20&offset=40",
                       &r),
                 200);
    CHECK_STR_EQ(r.f.from, "2014-03");
    CHECK_STR_EQ(r.f.to, "2014-03-31");
    CHECK_STR_EQ(r.f.country, "irq");
    CHECK_STR_EQ(r.f.admin1, "Diyala");
    CHECK_STR_EQ(r.f.source, "police chief");
    CHECK_INT_EQ(r.f.min_killed, 5);
    CHECK_INT_EQ(r.f.contested, 1);
    CHECK_INT_EQ(r.f.limit, 20);
    CHECK_INT_EQ(r.f.offset, 40);
    CHECK_INT_EQ(parse("/api/incidents?admin1=Sal%C4%81h+ad+D%C4%ABn&from=&contested=false", &r), 200);
    CHECK_STR_EQ(r.f.admin1, "Salāh ad Dīn");
    CHECK(r.f.from == NULL && r.f.contested == 0);
    CHECK_INT_EQ(parse("/api/incidents/42", &r), 200);
    CHECK_INT_EQ(r.route, TALLY_ROUTE_INCIDENT);
    CHECK_INT_EQ(r.f.id, 42);
    CHECK_INT_EQ(parse("/api/timeline?by=week&limit=5", &r), 200);
    CHECK_INT_EQ(r.by, TALLY_AGG_WEEK);
    CHECK_INT_EQ(r.f.limit, 0); /* paging is the table's */
    CHECK_INT_EQ(parse("/api/points?min-killed=3", &r), 200);
    CHECK_INT_EQ(r.f.min_killed, 3);
    CHECK_INT_EQ(parse("/api/admin1?&&", &r), 200);
    /* files */
    CHECK_INT_EQ(parse("/", &r), 200);
    CHECK(r.route == TALLY_ROUTE_FILE && r.root == TALLY_ROOT_WEB);
    CHECK_STR_EQ(r.path, "index.html");
    CHECK_STR_EQ(r.ctype, "text/html; charset=utf-8");
    CHECK_INT_EQ(parse("/app.js?v=2", &r), 200);
    CHECK_STR_EQ(r.path, "app.js");
    CHECK_INT_EQ(parse("/vendor/leaflet.js", &r), 200);
    CHECK(r.root == TALLY_ROOT_VENDOR && strcmp(r.path, "leaflet/dist/leaflet.js") == 0);
    CHECK_INT_EQ(parse("/outlines/IRQ.json", &r), 200);
    CHECK(r.root == TALLY_ROOT_BUILD && strcmp(r.path, "outlines/IRQ.json") == 0);

    /* what gets a 4xx */
    static const struct {
        const char *target;
        int status;
    } BAD[] = {
        {"", 400},
        {"api/incidents", 400},
        {"http://example.com/", 400},
        {"*", 400},
        {"/api/incidents?from=2014-13", 400},
        {"/api/incidents?from=2014-02-32", 400},
        {"/api/incidents?from=14-03", 400},
        {"/api/incidents?to=2014/03", 400},
        {"/api/incidents?country=IRAQ", 400},
        {"/api/incidents?min_killed=-1", 400},
        {"/api/incidents?min_killed=99999999999", 400},
        {"/api/incidents?limit=0", 400},
        {"/api/incidents?limit=1001", 400},
        {"/api/incidents?offset=x", 400},
        {"/api/incidents?contested=yes", 400},
        {"/api/timeline?by=month", 400},
        {"/api/incidents?bogus=1", 400},
        {"/api/incidents?from=2014&from=2015", 400},
        {"/api/incidents?admin1=%", 400},
        {"/api/incidents?admin1=%4", 400},
        {"/api/incidents?admin1=%zz", 400},
        {"/api/incidents?admin1=%00", 400},
        {"/api/incidents?admin1=a%0Ab", 400},
        {"/api/incidents?admin1=%C0%AF", 400},
        {"/api/incidents?admin1=%ED%A0%80", 400},
        {"/api/incidents?admin1=%FF", 400},
        {"/api/incidents?x y=1", 400},
        {"/api/incidents#frag", 400},
        {"/api/incidents/0", 404},
        {"/api/incidents/-1", 404},
        {"/api/incidents/1x", 404},
        {"/api/incidents/99999999999999999999", 404},
        {"/api/nope", 404},
        {"/api/", 404},
        {"/..", 404},
        {"/../etc/passwd", 404},
        {"/web/../../etc/passwd", 404},
        {"/%2e%2e/%2e%2e/etc/passwd", 404},
        {"/%2E%2E%2Fetc%2Fpasswd", 404},
        {"/.%2e/x.js", 404},
        {"/./index.html", 404},
        {"//etc/passwd", 404},
        {"/.git/config", 404},
        {"/app.js/", 404},
        {"/a//b.js", 404},
        {"/..%2f..%2fetc%2fpasswd", 404},
        {"/vendor/../package.json", 404},
        {"/vendor/leaflet.js.map", 404},
        {"/pppp..js", 404},
        {"/vendor/", 404},
        {"/outlines/../../tally.db", 404},
        {"/outlines/IRQ.json.bak", 404},
        {"/tally.db", 404},
        {"/Makefile", 404},
        {"/index.html\\..\\x.js", 404},
    };
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        int st = parse(BAD[i].target, &r);
        if (st != BAD[i].status)
            fprintf(stderr, "  target '%s': %d, want %d\n", BAD[i].target, st, BAD[i].status);
        CHECK_INT_EQ(st, BAD[i].status);
    }
    /* long targets and long values */
    char *big = malloc(TALLY_SERVE_MAX_TARGET + 100);
    memset(big, 'a', TALLY_SERVE_MAX_TARGET + 99);
    big[TALLY_SERVE_MAX_TARGET + 99] = 0;
    memcpy(big, "/api/incidents?admin1=", 22);
    CHECK_INT_EQ(parse(big, &r), 414);
    big[300] = 0;
    CHECK_INT_EQ(parse(big, &r), 400); /* a value over 200 bytes */
    big[222] = 0;
    CHECK_INT_EQ(parse(big, &r), 200);
    CHECK_INT_EQ((long long)strlen(r.f.admin1), 200);
    /* a target of nothing but parameters, at the limit: every byte decodes into buf */
    memset(big, '%', TALLY_SERVE_MAX_TARGET);
    big[TALLY_SERVE_MAX_TARGET] = 0;
    big[0] = '/';
    CHECK_INT_EQ(parse(big, &r), 404);
    free(big);
}

/* ---- the API over a store written here ---- */

#define DB "build/t-serve.db"

static void exec_ok(sqlite3 *db, const char *sql) {
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fprintf(stderr, "  sql: %s\n", msg);
    CHECK_INT_EQ(rc, SQLITE_OK);
    sqlite3_free(msg);
}

static void make_store(void) {
    unlink(DB);
    unlink(DB "-wal");
    unlink(DB "-shm");
    tally_store *s;
    char err[256];
    CHECK_INT_EQ(tally_store_open(DB, 1, &s, err, sizeof err), TALLY_OK);
    sqlite3 *db = tally_store_db(s);
    /* one article, two incidents; the claims' sentence offsets point into the text */
    exec_ok(db, "INSERT INTO articles(id, doc_id, sha256, url, title, source, date, sentences, n_reports, n_claims,"
                " n_events, text) VALUES(1, 'a1', 'x', 'https://example.org/a1', 'Bomb in Muqdadiyah', 'Example Wire',"
                " '2014-03-11', 2, 2, 2, 0, 'A bomb killed at least five people in Muqdadiyah. Police said 8 died.')");
    exec_ok(db, "INSERT INTO reports(id, article, idx, tally, event_type, date_start, killed_min, killed_max,"
                " contested) VALUES(1, 1, 0, 0, 'Explosions/Remote violence', '2014-03-11', 5, 8, 1),"
                " (2, 1, 1, 0, 'Battles', '2014-04-02', 2, 2, 0)");
    exec_ok(db, "INSERT INTO claims(report, idx, article, speaker, via, sentence, start_byte, end_byte, killed_min,"
                " killed_max, victims, hedged) VALUES(1, 0, 1, NULL, 'Example Wire', 0, 0, 49, 5, 5, 1, 0),"
                " (1, 1, 1, 'Police', NULL, 1, 50, 69, 8, 8, 0, 0)");
    exec_ok(db, "INSERT INTO incidents(id, event_type, sub_event_type, date_start, date_end, place_name, admin1,"
                " country, lat, lon, geo_precision, killed_min, killed_max, contested, n_reports, n_articles,"
                " n_sources, sources, outlets) VALUES"
                " (1, 'Explosions/Remote violence', 'Remote explosive/landmine/IED', '2014-03-11', '2014-03-11',"
                " 'Muqdadiyah', 'Diyala', 'IRQ', 33.98, 44.94, 1, 5, 8, 1, 1, 1, 2, 'police', 'Example Wire'),"
                " (2, 'Battles', 'Armed clash', '2014-04-02', '2014-04-02', 'Ramadi', 'Anbar', 'IRQ', 33.42, 43.3,"
                " 1, 2, 2, 0, 1, 1, 1, NULL, 'Example Wire')");
    exec_ok(db, "INSERT INTO incident_reports(incident, ord, report) VALUES(1, 0, 1), (2, 0, 2)");
    tally_store_close(s);
}

static char *api(tally_store *s, const char *target, int *status) {
    static tally_serve_request r;
    char err[256], *body = NULL;
    size_t len = 0;
    *status = tally_serve_parse(target, strlen(target), &r, err, sizeof err);
    if (*status != 200)
        return NULL;
    *status = tally_serve_api(s, &r, &body, &len);
    CHECK(body && strlen(body) == len);
    return body;
}

static void test_api(void) {
    make_store();
    tally_store *s;
    char err[256];
    CHECK_INT_EQ(tally_store_open(DB, TALLY_STORE_READONLY, &s, err, sizeof err), TALLY_OK);
    if (!s)
        return;
    /* read-only: a write fails */
    CHECK(sqlite3_exec(tally_store_db(s), "DELETE FROM incidents", NULL, NULL, NULL) != SQLITE_OK);
    int st;
    char *b = api(s, "/api/incidents", &st);
    CHECK_INT_EQ(st, 200);
    CHECK(b && strncmp(b, "{\"total\":2,\"limit\":100,\"offset\":0,\"incidents\":[{\"id\":1,", 52) == 0);
    CHECK(b && strstr(b, "},{\"id\":2,") && !strstr(b, "\"members\""));
    free(b);
    b = api(s, "/api/incidents?limit=1&offset=1", &st);
    CHECK(b && strstr(b, "\"total\":2,\"limit\":1,\"offset\":1,\"incidents\":[{\"id\":2,") && !strstr(b, "\"id\":1,"));
    free(b);
    b = api(s, "/api/incidents?admin1=diyala&from=2014-03&to=2014-03", &st);
    CHECK(b && strstr(b, "\"total\":1,") && strstr(b, "Muqdadiyah") && !strstr(b, "Ramadi"));
    free(b);
    b = api(s, "/api/incidents?contested=1&min_killed=6&country=IRQ", &st);
    CHECK(b && strstr(b, "\"total\":1,") && strstr(b, "Muqdadiyah"));
    free(b);
    b = api(s, "/api/incidents?from=2020", &st);
    CHECK_STR_EQ(b, "{\"total\":0,\"limit\":100,\"offset\":0,\"incidents\":[]}\n");
    free(b);
    /* one incident: its claims with the figures marked (byte offsets in the sentence) */
    b = api(s, "/api/incidents/1", &st);
    CHECK_INT_EQ(st, 200);
    CHECK(b && strstr(b, "\"members\":[{\"report\":1,"));
    CHECK(b && strstr(b, "\"by\":null,\"via\":\"Example Wire\""));
    CHECK(b && strstr(b, "\"text\":\"A bomb killed at least five people in Muqdadiyah.\",\"figures\":[[14,27]]"));
    CHECK(b && strstr(b, "\"by\":\"Police\"") && strstr(b, "\"text\":\"Police said 8 died.\",\"figures\":[[12,13]]"));
    CHECK(b && strstr(b, "\"title\":\"Bomb in Muqdadiyah\"") && strstr(b, "\"url\":\"https://example.org/a1\""));
    free(b);
    b = api(s, "/api/incidents/7", &st);
    CHECK_INT_EQ(st, 404);
    CHECK_STR_EQ(b, "{\"error\":\"no incident 7\"}\n");
    free(b);
    b = api(s, "/api/points?admin1=Anbar", &st);
    CHECK(b && strstr(b, "\"FeatureCollection\"") && strstr(b, "[43.30000,33.42000]") && !strstr(b, "Muqdadiyah"));
    free(b);
    b = api(s, "/api/timeline", &st);
    CHECK_STR_EQ(b, "[{\"key\":\"2014-03-11\",\"incidents\":1,\"killed_min\":5,\"killed_max\":8},\n"
                    "{\"key\":\"2014-04-02\",\"incidents\":1,\"killed_min\":2,\"killed_max\":2}]\n");
    free(b);
    b = api(s, "/api/timeline?by=week", &st);
    CHECK(b && strstr(b, "\"key\":\"2014-03-10\"") && strstr(b, "\"key\":\"2014-03-31\""));
    free(b);
    b = api(s, "/api/admin1?contested=1", &st);
    CHECK_STR_EQ(b, "[{\"key\":\"Diyala\",\"incidents\":1,\"killed_min\":5,\"killed_max\":8,\"country\":\"IRQ\","
                    "\"lat\":33.98000,\"lon\":44.94000}]\n");
    free(b);
    tally_store_close(s);
}

/* ---- the server on a loopback port ---- */

/* A socket connected to the loopback port from source address from ("127.0.0.2":
 * another client as the server sees it; NULL: 127.0.0.1); -1 on failure. */
static int dial(int port, const char *from) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    if (from) {
        inet_pton(AF_INET, from, &a.sin_addr);
        if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0) {
            close(fd);
            return -1;
        }
    }
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct timeval tv = {5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Send raw bytes to port and return the response's status code (0: none). */
static int http(int port, const char *req, size_t len) {
    int fd = dial(port, NULL);
    if (fd < 0)
        return 0;
    for (size_t off = 0; off < len;) {
        ssize_t n = send(fd, req + off, len - off, MSG_NOSIGNAL);
        if (n <= 0)
            break;
        off += (size_t)n;
    }
    char buf[256];
    ssize_t n = recv(fd, buf, sizeof buf - 1, 0);
    close(fd);
    int code = 0;
    if (n > 12) {
        buf[n] = 0;
        sscanf(buf, "HTTP/1.%*d %d", &code);
    }
    return code;
}

/* GET target with Host host ("": ours, 127.0.0.1:PORT; NULL: no Host header). */
static int get_host(int port, const char *target, const char *host) {
    char req[1024], h[600];
    if (host && !host[0])
        snprintf(h, sizeof h, "Host: 127.0.0.1:%d\r\n", port);
    else if (host)
        snprintf(h, sizeof h, "Host: %s\r\n", host);
    int n = snprintf(req, sizeof req, "GET %s HTTP/1.%d\r\n%sConnection: close\r\n\r\n", target, host ? 1 : 0,
                     host ? h : "");
    return http(port, req, (size_t)n);
}

static int get(int port, const char *target) {
    return get_host(port, target, "");
}

/* Options of a test server over DB. */
static tally_serve_options test_options(void) {
    tally_serve_options o;
    memset(&o, 0, sizeof o);
    o.db = DB;
    o.root = ".";
    o.threads = 2;
    return o;
}

static void test_server(void) {
    tally_serve_options o = test_options();
    char err[256];
    tally_serve_options bad = o;
    bad.db = "build/no-such-store.db";
    CHECK(tally_serve_start(&bad, err, sizeof err) == NULL && strstr(err, "no store"));
    bad = o;
    bad.bind = "not-an-address";
    CHECK(tally_serve_start(&bad, err, sizeof err) == NULL && strstr(err, "--bind"));
    tally_server *sv = tally_serve_start(&o, err, sizeof err);
    CHECK(sv != NULL);
    if (!sv) {
        fprintf(stderr, "  %s\n", err);
        return;
    }
    int port = tally_serve_port(sv);
    CHECK(port > 0);
    CHECK_INT_EQ(get(port, "/api/incidents?admin1=Diyala"), 200);
    CHECK_INT_EQ(get(port, "/api/incidents/1"), 200);
    CHECK_INT_EQ(get(port, "/"), 200);
    CHECK_INT_EQ(get(port, "/app.js"), 200);
    CHECK_INT_EQ(get(port, "/api/incidents/3"), 404);
    CHECK_INT_EQ(get(port, "/api/incidents?from=yesterday"), 400);
    CHECK_INT_EQ(get(port, "/../../etc/passwd"), 404);
    CHECK_INT_EQ(get(port, "/%2e%2e/%2e%2e/etc/passwd"), 404);
    CHECK_INT_EQ(get(port, "/web/index.html"), 404);
    CHECK_INT_EQ(get(port, "/tally.db"), 404);
    const char *post = "POST /api/incidents HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc";
    CHECK_INT_EQ(http(port, post, strlen(post)), 405);
    const char *junk = "HELLO\r\n\r\n";
    int code = http(port, junk, strlen(junk));
    CHECK(code == 0 || (code >= 400 && code < 500));
    /* a huge request target: 414 (ours) or MHD's own 4xx, never a crash */
    size_t n = 100000;
    char *big = malloc(n + 64);
    memcpy(big, "GET /api/incidents?admin1=", 26);
    memset(big + 26, 'a', n);
    const char *tail = " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    size_t tl = strlen(tail);
    memcpy(big + 26 + n, tail, tl);
    code = http(port, big, 26 + n + tl);
    CHECK(code == 0 || (code >= 400 && code < 500));
    memcpy(big + 26 + 5000, tail, tl);
    CHECK_INT_EQ(http(port, big, 26 + 5000 + tl), 414);
    free(big);
    CHECK_INT_EQ(get(port, "/api/admin1"), 200); /* still up */

    /* the Host header: ours by address or as localhost; none, or another name, is
       refused (a DNS rebinding page sends its own name) */
    char host[64];
    snprintf(host, sizeof host, "localhost:%d", port);
    CHECK_INT_EQ(get_host(port, "/api/incidents", host), 200);
    CHECK_INT_EQ(get_host(port, "/api/incidents", "127.0.0.1"), 200);
    CHECK_INT_EQ(get_host(port, "/api/incidents", NULL), 400);
    snprintf(host, sizeof host, "attacker.example:%d", port);
    CHECK_INT_EQ(get_host(port, "/api/incidents", host), 421);
    CHECK_INT_EQ(get_host(port, "/", host), 421);
    snprintf(host, sizeof host, "127.0.0.1:%d", port + 1);
    CHECK_INT_EQ(get_host(port, "/api/incidents", host), 421);
    tally_serve_stop(sv);
    tally_serve_stop(NULL);
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* 1 when the server closed fd (or reset it); 0 while it is open. */
static int closed_by_server(int fd) {
    char c;
    ssize_t n = recv(fd, &c, 1, MSG_DONTWAIT);
    return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

/* Slow clients: 20 connections from one address, each sending a header line every
 * 200 ms and never ending its header. Only per_ip of them are taken, each is cut off
 * at its header deadline although it keeps sending, and meanwhile another address is
 * answered at once. Before, each line reset the idle timeout: enough such clients
 * held every connection slot, and the server answered nobody. */
static void test_slow_clients(void) {
    tally_serve_options o = test_options();
    o.header_timeout = 1.0;
    o.per_ip = 8;
    char err[256];
    tally_server *sv = tally_serve_start(&o, err, sizeof err);
    CHECK(sv != NULL);
    if (!sv)
        return;
    int port = tally_serve_port(sv);
    enum { N = 20 };
    int fd[N], nfd = 0;
    double shut[N], t0 = now_s();
    for (int i = 0; i < N; i++) {
        fd[nfd] = dial(port, "127.0.0.2");
        if (fd[nfd] < 0)
            continue;
        send(fd[nfd], "GET / HTTP/1.1\r\n", 16, MSG_NOSIGNAL);
        shut[nfd++] = 0;
    }
    if (nfd < N) {
        test_skip("cannot connect from 127.0.0.2: the slow client checks skipped");
        for (int i = 0; i < nfd; i++)
            close(fd[i]);
        tally_serve_stop(sv);
        return;
    }
    int answered = -1;
    while (now_s() - t0 < 3.0) {
        struct timespec ts = {0, 200000000L};
        nanosleep(&ts, NULL);
        if (answered < 0)
            answered = get(port, "/api/admin1"); /* from 127.0.0.1, while they hold on */
        for (int i = 0; i < nfd; i++) {
            if (shut[i] > 0)
                continue;
            if (closed_by_server(fd[i]))
                shut[i] = now_s() - t0;
            else
                send(fd[i], "X-Slow: 1\r\n", 11, MSG_NOSIGNAL | MSG_DONTWAIT);
        }
    }
    int refused = 0, cut = 0, open_ = 0;
    for (int i = 0; i < nfd; i++) {
        if (shut[i] == 0)
            open_++;
        else if (shut[i] < 0.5)
            refused++;
        else if (shut[i] >= 0.9 && shut[i] <= 2.2)
            cut++;
        close(fd[i]);
    }
    CHECK_INT_EQ(answered, 200);
    CHECK_INT_EQ(open_, 0);                /* nobody holds a connection past its deadline */
    CHECK_INT_EQ(refused, N - o.per_ip);   /* over the per-address limit: closed at once */
    CHECK_INT_EQ(cut, o.per_ip);           /* the others at their header deadline, 1 s */
    if (open_ || refused != N - o.per_ip || cut != o.per_ip)
        for (int i = 0; i < nfd; i++)
            fprintf(stderr, "  slow client %d: closed at %.2f s\n", i, shut[i]);
    /* the address that was cut off is served again */
    int f = dial(port, "127.0.0.2");
    char req[128];
    int n = snprintf(req, sizeof req, "GET /api/admin1 HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n\r\n", port);
    send(f, req, (size_t)n, MSG_NOSIGNAL);
    char buf[64] = "";
    ssize_t k = recv(f, buf, sizeof buf - 1, 0);
    buf[k > 0 ? k : 0] = 0;
    CHECK(strncmp(buf, "HTTP/1.1 200", 12) == 0);
    close(f);
    tally_serve_stop(sv);
}

static void test_host(void) {
    CHECK(tally_serve_host_ok("127.0.0.1:8080", NULL, 8080, NULL));
    CHECK(tally_serve_host_ok("127.0.0.1", NULL, 8080, NULL));
    CHECK(tally_serve_host_ok("localhost:8080", NULL, 8080, NULL));
    CHECK(tally_serve_host_ok("LocalHost.:8080", "127.0.0.1", 8080, NULL));
    CHECK(!tally_serve_host_ok("127.0.0.1:8081", NULL, 8080, NULL));
    CHECK(!tally_serve_host_ok("127.0.0.1:", NULL, 8080, NULL));
    CHECK(!tally_serve_host_ok("127.0.0.2:8080", NULL, 8080, NULL));
    CHECK(!tally_serve_host_ok("attacker.example:8080", NULL, 8080, NULL));
    CHECK(!tally_serve_host_ok("localhost.attacker.example", NULL, 8080, NULL));
    CHECK(!tally_serve_host_ok("", NULL, 8080, NULL));
    CHECK(!tally_serve_host_ok(NULL, NULL, 8080, NULL));
    CHECK(!tally_serve_host_ok("127.0.0.1:8080:1", NULL, 8080, NULL));
    CHECK(tally_serve_host_ok("[::1]:8080", "::1", 8080, NULL));
    CHECK(tally_serve_host_ok("localhost:8080", "::1", 8080, NULL));
    CHECK(!tally_serve_host_ok("[::1", "::1", 8080, NULL));
    CHECK(!tally_serve_host_ok("[::1]x", "::1", 8080, NULL));
    /* bound to every address: any address, localhost, and the names given */
    CHECK(tally_serve_host_ok("192.0.2.7:8080", "0.0.0.0", 8080, NULL));
    CHECK(tally_serve_host_ok("localhost", "0.0.0.0", 8080, NULL));
    CHECK(!tally_serve_host_ok("tally.example.org", "0.0.0.0", 8080, NULL));
    CHECK(tally_serve_host_ok("Tally.example.org:8080", "0.0.0.0", 8080, "box,tally.example.org"));
    CHECK(tally_serve_host_ok("box", "192.0.2.7", 8080, "box,tally.example.org"));
    CHECK(!tally_serve_host_ok("bo", "192.0.2.7", 8080, "box,tally.example.org"));
    CHECK(!tally_serve_host_ok("localhost", "192.0.2.7", 8080, NULL)); /* not served on the loopback */
}

void test_serve(void) {
    t_current = "serve parse";
    test_parse();
    t_current = "serve api";
    test_api();
    t_current = "serve server";
    test_server();
    t_current = "serve host";
    test_host();
    t_current = "serve slow";
    test_slow_clients();
}
