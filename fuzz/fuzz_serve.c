/* fuzz_serve.c: libFuzzer target for tally serve's request target parsing (path,
 * query string, percent-decoding, parameter checks): any bytes give a status, and a
 * usable request holds only what the server may act on. */
#include "serve.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int fuzz_serve(const uint8_t *data, size_t size) {
    static tally_serve_request r;
    char err[256];
    int st = tally_serve_parse((const char *)data, size, &r, err, sizeof err);
    assert(st == 200 || st == 400 || st == 404 || st == 414);
    if (st != 200) {
        assert(memchr(err, 0, sizeof err) != NULL && err[0]);
        return 0;
    }
    if (r.route == TALLY_ROUTE_FILE) {
        /* a relative path of plain segments: never "..", never absolute, never a dot file */
        assert(r.path[0] && r.path[0] != '/' && r.path[0] != '.' && r.ctype);
        assert(!strstr(r.path, "..") && !strstr(r.path, "/.") && !strstr(r.path, "//") && !strchr(r.path, '%'));
        return 0;
    }
    const char *strs[] = {r.f.from, r.f.to, r.f.country, r.f.admin1, r.f.type, r.f.actor, r.f.source};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        if (strs[i]) { /* inside buf, short, no control bytes */
            assert(strs[i] >= r.buf && strs[i] < r.buf + sizeof r.buf);
            size_t n = strlen(strs[i]);
            assert(n > 0 && n <= 200);
            for (size_t k = 0; k < n; k++)
                assert((unsigned char)strs[i][k] >= 0x20 && strs[i][k] != 0x7F);
        }
    assert(r.f.min_killed >= -1 && r.f.limit >= 0 && r.f.limit <= 1000 && r.f.offset >= 0);
    assert(r.route != TALLY_ROUTE_INCIDENT || r.f.id > 0);
    return 0;
}

#ifdef TALLY_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_serve(data, size); }
#endif
