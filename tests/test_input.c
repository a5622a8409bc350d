/* test_input.c: the plain-text header and the JSON Lines reader. */
#include "tally.h"
#include "test.h"

void test_input(void) {
    tally_arena *a = tally_arena_new();
    tally_doc d;
    const char *txt = "Title: Shelling near the river\nDate: 2011-05-02\nSource: Example Wire\n"
                      "URL: http://example.org/a\n\nShells fell on the east bank.\n";
    tally_input_text(a, "data/x/report-7.txt", txt, strlen(txt), &d);
    CHECK_STR_EQ(d.id, "report-7");
    CHECK_STR_EQ(d.title, "Shelling near the river");
    CHECK_STR_EQ(d.date_raw, "2011-05-02");
    CHECK_STR_EQ(d.source, "Example Wire");
    CHECK_STR_EQ(d.url, "http://example.org/a");
    CHECK(d.body.len == strlen("Shells fell on the east bank.\n"));
    /* no header: the whole file is the body */
    const char *plain = "Headline: not a key we know\n\nText.";
    tally_input_text(a, "b.txt", plain, strlen(plain), &d);
    CHECK(d.title == NULL);
    CHECK_INT_EQ(d.body.len, strlen(plain));
    /* a byte-order mark is dropped */
    tally_input_text(a, NULL, "\xEF\xBB\xBFHello", 8, &d);
    CHECK_INT_EQ(d.body.len, 5);
    CHECK_STR_EQ(d.id, "-");

    char err[128];
    const char *line = "{\"id\": \"r1\", \"text\": \"A \\\"quoted\\\" word \\u00e9\\ud83d\\ude00\", "
                       "\"title\": \"T\", \"extra\": [1, {\"x\": null}], \"date\": \"2012-01-05\"}";
    CHECK_INT_EQ(tally_input_jsonl(a, line, strlen(line), &d, err, sizeof err), TALLY_OK);
    CHECK_STR_EQ(d.id, "r1");
    CHECK_STR_EQ(d.body.p, "A \"quoted\" word \xc3\xa9\xf0\x9f\x98\x80");
    CHECK_STR_EQ(d.title, "T");
    CHECK_STR_EQ(d.date_raw, "2012-01-05");
    const char *numid = "{\"id\": 42, \"text\": \"x\"}";
    CHECK_INT_EQ(tally_input_jsonl(a, numid, strlen(numid), &d, err, sizeof err), TALLY_OK);
    CHECK_STR_EQ(d.id, "42");
    /* errors: not JSON, no text, truncated, trailing garbage, lone surrogate is repaired */
    const char *bad[] = {"not json", "{\"id\": \"x\"}", "{\"text\": \"abc", "{\"text\": \"a\"} x",
                         "[1,2]", "{\"text\": \"a\" \"b\": 1}", "{\"text\": \"bad \\q escape\"}"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_INT_EQ(tally_input_jsonl(a, bad[i], strlen(bad[i]), &d, err, sizeof err), TALLY_EPARSE);
    const char *lone = "{\"text\": \"a\\ud800b\"}";
    CHECK_INT_EQ(tally_input_jsonl(a, lone, strlen(lone), &d, err, sizeof err), TALLY_OK);
    CHECK_STR_EQ(d.body.p, "a\xef\xbf\xbd" "b");
    /* deep nesting is refused, not a stack overflow */
    char deep[300];
    snprintf(deep, sizeof deep, "{\"text\": \"a\", \"x\": ");
    size_t o = strlen(deep);
    while (o < sizeof deep - 2)
        deep[o++] = '[';
    deep[o] = 0;
    CHECK_INT_EQ(tally_input_jsonl(a, deep, strlen(deep), &d, err, sizeof err), TALLY_EPARSE);

    CHECK(tally_input_is_binary("ab\0cd", 5));
    CHECK(!tally_input_is_binary("plain text\n", 11));
    CHECK(!tally_input_is_binary("", 0));
    tally_arena_free(a);
}
