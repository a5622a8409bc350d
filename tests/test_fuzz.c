/* test_fuzz.c: replays the fuzz corpus (fuzz/corpus/<target>/) through the fuzz
 * targets, so every saved input runs under the sanitizer build in CI. */
#include "test.h"

#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>

#include "../fuzz/fuzz_parsers.c"
#include "../fuzz/fuzz_reader.c"
#include "../fuzz/fuzz_petrarch.c"
#include "../fuzz/fuzz_gazetteer.c"
#include "../fuzz/fuzz_serve.c"

static void replay(const char *dir, int (*fn)(const uint8_t *, size_t)) {
    DIR *d = opendir(dir);
    if (!d) {
        test_skip("fuzz corpus missing");
        return;
    }
    struct dirent *de;
    int n = 0;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        size_t len;
        char *buf = test_read_file(path, &len);
        if (!buf)
            continue;
        CHECK_INT_EQ(fn((const uint8_t *)buf, len), 0);
        free(buf);
        n++;
    }
    closedir(d);
    CHECK(n > 0);
}

void test_fuzz(void) {
    replay("fuzz/corpus/reader", fuzz_reader);
    replay("fuzz/corpus/parsers", fuzz_parsers);
    replay("fuzz/corpus/petrarch", fuzz_petrarch);
    replay("fuzz/corpus/gazetteer", fuzz_gazetteer);
    replay("fuzz/corpus/serve", fuzz_serve);
}
