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
#include <sys/time.h>
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

/* Send raw bytes to port and return the response's status code (0: none). */
static int http(int port, const char *req, size_t len) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct timeval tv = {5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return 0;
    }
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

static int get(int port, const char *target) {
    char req[1024];
    int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", target);
    return http(port, req, (size_t)n);
}

static void test_server(void) {
    tally_serve_options o;
    memset(&o, 0, sizeof o);
    o.db = DB;
    o.root = ".";
    o.threads = 2;
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
    const char *post = "POST /api/incidents HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc";
    CHECK_INT_EQ(http(port, post, strlen(post)), 405);
    const char *junk = "HELLO\r\n\r\n";
    int code = http(port, junk, strlen(junk));
    CHECK(code == 0 || (code >= 400 && code < 500));
    /* a huge request target: 414 (ours) or MHD's own 4xx, never a crash */
    size_t n = 100000;
    char *big = malloc(n + 64);
    memcpy(big, "GET /api/incidents?admin1=", 26);
    memset(big + 26, 'a', n);
    memcpy(big + 26 + n, " HTTP/1.1\r\nHost: x\r\n\r\n", 23);
    code = http(port, big, 26 + n + 22);
    CHECK(code == 0 || (code >= 400 && code < 500));
    memcpy(big + 26 + 5000, " HTTP/1.1\r\nHost: x\r\n\r\n", 23);
    CHECK_INT_EQ(http(port, big, 26 + 5000 + 22), 414);
    free(big);
    CHECK_INT_EQ(get(port, "/api/admin1"), 200); /* still up */
    tally_serve_stop(sv);
    tally_serve_stop(NULL);
}

void test_serve(void) {
    t_current = "serve parse";
    test_parse();
    t_current = "serve api";
    test_api();
    t_current = "serve server";
    test_server();
}
