/* test_json.c: JSON string escaping and the buffer. */
#include "tally.h"
#include "test.h"

#include <stdlib.h>

void test_json(void) {
    tally_buf b = {0};
    tally_json_str(&b, "a\"b\\c\nd\te\x01", 10);
    CHECK_STR_EQ(b.p, "\"a\\\"b\\\\c\\nd\\te\\u0001\"");
    b.len = 0;
    tally_json_str(&b, "caf\xc3\xa9 \xff!", 8);
    CHECK_STR_EQ(b.p, "\"caf\xc3\xa9 \xef\xbf\xbd!\"");
    b.len = 0;
    for (int i = 0; i < 1000; i++)
        tally_buf_printf(&b, "%d,", i);
    CHECK(b.len > 3000);
    CHECK(strncmp(b.p, "0,1,2,", 6) == 0);
    b.len = 0;
    char big[600];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = 0;
    tally_buf_printf(&b, "[%s]", big);
    CHECK_INT_EQ(b.len, sizeof big + 1);
    tally_buf_free(&b);
    tally_buf_free(NULL);
}
