/* test_text.c: the UTF-8 decoder, encoder and validator; UTF-8 repair, NFC and the
 * folded matching form. */
#include "tally.h"
#include "test.h"
#include "utf8.h"

#include <stdlib.h>

/* Decoding s (n bytes) takes want_len bytes and gives want_cp; want_len 0: invalid. */
static void decodes(const char *s, size_t n, size_t want_len, int32_t want_cp) {
    int32_t cp = -7;
    size_t k = tally_utf8_decode((const unsigned char *)s, n, &cp);
    CHECK_INT_EQ(k, want_len);
    CHECK_INT_EQ(cp, want_len ? want_cp : -7); /* an invalid sequence leaves *cp alone */
}

/* The text layer makes in (n bytes) into want. */
static void repairs(const char *in, size_t n, const char *want) {
    tally_arena *a = tally_arena_new();
    tally_text *t = tally_text_new(a, in, n);
    CHECK_STR_EQ(t->text, want);
    tally_arena_free(a);
}

/* The JSON writer makes in (n bytes) into want, quotes included. */
static void json_str_is(const char *in, size_t n, const char *want) {
    tally_buf b = {0};
    tally_json_str(&b, in, n);
    CHECK_STR_EQ(b.p, want);
    tally_buf_free(&b);
}

#define FFFD "\xEF\xBF\xBD"

static void test_utf8(void) {
    /* valid forms, 1 to 4 bytes, at the edges of each length */
    decodes("A", 1, 1, 0x41);
    decodes("\0", 1, 1, 0);
    decodes("\x7F", 1, 1, 0x7F);
    decodes("\xC2\x80", 2, 2, 0x80);
    decodes("\xC3\xA9", 2, 2, 0xE9);
    decodes("\xDF\xBF", 2, 2, 0x7FF);
    decodes("\xE0\xA0\x80", 3, 3, 0x800);
    decodes("\xE2\x80\x99", 3, 3, 0x2019);
    decodes("\xED\x9F\xBF", 3, 3, 0xD7FF); /* just below the surrogates */
    decodes("\xEE\x80\x80", 3, 3, 0xE000); /* just above them */
    decodes("\xEF\xBF\xBD", 3, 3, 0xFFFD);
    decodes("\xEF\xBF\xBF", 3, 3, 0xFFFF);
    decodes("\xF0\x90\x80\x80", 4, 4, 0x10000);
    decodes("\xF0\x9F\x98\x80", 4, 4, 0x1F600);
    decodes("\xF4\x8F\xBF\xBF", 4, 4, 0x10FFFF);
    decodes("ab", 2, 1, 'a'); /* one code point at a time */
    /* overlong forms: C0 and C1 never start one; E0 and F0 need a high enough second byte */
    decodes("\xC0\x80", 2, 0, 0);
    decodes("\xC0\xAF", 2, 0, 0);
    decodes("\xC1\xBF", 2, 0, 0);
    decodes("\xE0\x80\x80", 3, 0, 0);
    decodes("\xE0\x9F\xBF", 3, 0, 0);
    decodes("\xF0\x80\x80\x80", 4, 0, 0);
    decodes("\xF0\x8F\xBF\xBF", 4, 0, 0);
    /* surrogates, high and low */
    decodes("\xED\xA0\x80", 3, 0, 0);
    decodes("\xED\xAF\xBF", 3, 0, 0);
    decodes("\xED\xB0\x80", 3, 0, 0);
    decodes("\xED\xBF\xBF", 3, 0, 0);
    /* past U+10FFFF: F4 90 and up, F5-F7, and the old 5- and 6-byte forms */
    decodes("\xF4\x90\x80\x80", 4, 0, 0);
    decodes("\xF5\x80\x80\x80", 4, 0, 0);
    decodes("\xF7\xBF\xBF\xBF", 4, 0, 0);
    decodes("\xF8\x88\x80\x80\x80", 5, 0, 0);
    decodes("\xFC\x84\x80\x80\x80\x80", 6, 0, 0);
    decodes("\xFE", 1, 0, 0);
    decodes("\xFF", 1, 0, 0);
    /* truncated: by the end of the input (never read past it) or by a byte that is no
     * continuation; lone continuation bytes */
    decodes("\xC3", 1, 0, 0);
    decodes("\xE2\x82", 2, 0, 0);
    decodes("\xE2\x82\xAC", 2, 0, 0);
    decodes("\xF0\x9F\x98", 3, 0, 0);
    decodes("\xF0\x9F\x98\x80", 3, 0, 0);
    decodes("\xC3(", 2, 0, 0);
    decodes("\xE2(\xA1", 3, 0, 0);
    decodes("\xE2\x82(", 3, 0, 0);
    decodes("\xF0\x9F\x98(", 4, 0, 0);
    decodes("\x80", 1, 0, 0);
    decodes("\xBF\x80", 2, 0, 0);
    decodes("", 0, 0, 0);

    /* the encoder: every scalar value round-trips in its shortest form; what is no
     * scalar value becomes U+FFFD */
    int bad = 0;
    for (int32_t cp = 0; cp <= 0x10FFFF; cp++) {
        if (cp == 0xD800)
            cp = 0xE000;
        char out[4];
        int32_t back = -1;
        size_t n = tally_utf8_encode(cp, out);
        size_t want = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        if (n != want || tally_utf8_decode((const unsigned char *)out, n, &back) != n || back != cp ||
            tally_utf8_validate(out, n) != n)
            bad++;
    }
    CHECK_INT_EQ(bad, 0);
    char out[5] = {0};
    CHECK_INT_EQ(tally_utf8_encode(0xD800, out), 3);
    CHECK_STR_EQ(out, FFFD);
    CHECK_INT_EQ(tally_utf8_encode(0xDFFF, out), 3);
    CHECK_STR_EQ(out, FFFD);
    CHECK_INT_EQ(tally_utf8_encode(0x110000, out), 3);
    CHECK_STR_EQ(out, FFFD);
    CHECK_INT_EQ(tally_utf8_encode(-1, out), 3);
    CHECK_STR_EQ(out, FFFD);

    /* the validator gives the valid prefix: what the server checks its input with */
    CHECK_INT_EQ(tally_utf8_validate("", 0), 0);
    CHECK_INT_EQ(tally_utf8_validate("Kirkuk", 6), 6);
    CHECK_INT_EQ(tally_utf8_validate("a\0b", 3), 3);
    CHECK_INT_EQ(tally_utf8_validate("ab\xC3\xA9\xFF", 5), 4);
    CHECK_INT_EQ(tally_utf8_validate("Sh\xC3\xA9r\xC4\x81z \xF0\x9F\x98\x80", 13), 13);
    CHECK_INT_EQ(tally_utf8_validate("north \xED\xA0\x80", 9), 6);
    CHECK_INT_EQ(tally_utf8_validate("0123456789abcdef\xC0\xAF", 18), 16);
    CHECK_INT_EQ(tally_utf8_validate("0123456789abcdef\xE2\x82", 18), 16);
    /* the ASCII run, on each side of the 8-byte word it is read by */
    char run[40];
    for (size_t n = 0; n < 24; n++) {
        memset(run, 'x', sizeof run);
        run[n] = (char)0xC3;
        CHECK_INT_EQ(tally_utf8_ascii((const unsigned char *)run, sizeof run), n);
        CHECK_INT_EQ(tally_utf8_ascii((const unsigned char *)run, n), n);
    }

    /* the text layer: one U+FFFD per invalid byte, valid forms kept */
    repairs("x\xE2\x82", 3, "x" FFFD FFFD);
    repairs("\xF4\x90\x80\x80.", 5, FFFD FFFD FFFD FFFD ".");
    repairs("\xE0\x9F\xBF", 3, FFFD FFFD FFFD);
    repairs("a\xF0\x9F\x98\x80" "b", 6, "a\xF0\x9F\x98\x80" "b");
    repairs("\xED\x9F\xBF\xF4\x8F\xBF\xBF", 7, "\xED\x9F\xBF\xF4\x8F\xBF\xBF");
    repairs("0123456789\xC3(", 12, "0123456789" FFFD "(");
    /* the JSON writer: the same decoder, the same repair */
    json_str_is("Ba\xC5\x9Fra", 6, "\"Ba\xC5\x9Fra\"");
    json_str_is("a\xC0\xAF" "b", 4, "\"a" FFFD FFFD "b\"");
    json_str_is("\xED\xA0\x80", 3, "\"" FFFD FFFD FFFD "\"");
    json_str_is("\xF0\x9F\x98", 3, "\"" FFFD FFFD FFFD "\"");
    json_str_is("q\"\n\x01", 4, "\"q\\\"\\n\\u0001\"");
    /* the JSON reader: \\u escapes through the encoder, a lone surrogate as U+FFFD */
    tally_arena *a = tally_arena_new();
    tally_doc d;
    char err[128];
    const char *rec = "{\"text\":\"\\u00e9\\ud83d\\ude00\\ud800x\\udc00\\u0041\"}";
    CHECK_INT_EQ(tally_input_jsonl(a, rec, strlen(rec), &d, err, sizeof err), TALLY_OK);
    CHECK_STR_EQ(d.body.p, "\xC3\xA9\xF0\x9F\x98\x80" FFFD "x" FFFD "A");
    /* the reader scans a string 8 bytes at a time: a quote, a backslash or a control
     * byte is found at every offset, UTF-8 bytes pass */
    for (int n = 0; n < 20; n++) {
        char line[96], want[64];
        memset(want, 0, sizeof want);
        memset(want, 'x', (size_t)n);
        snprintf(line, sizeof line, "{\"text\":\"%s\\\"\xC3\xA9\\\\\"}", want);
        CHECK_INT_EQ(tally_input_jsonl(a, line, strlen(line), &d, err, sizeof err), TALLY_OK);
        memcpy(want + n, "\"\xC3\xA9\\", 5);
        CHECK_STR_EQ(d.body.p, want);
        snprintf(line, sizeof line, "{\"text\":\"%.*s\tx\"}", n, "xxxxxxxxxxxxxxxxxxxxxxxx");
        CHECK_INT_EQ(tally_input_jsonl(a, line, strlen(line), &d, err, sizeof err), TALLY_EPARSE);
        snprintf(line, sizeof line, "{\"text\":\"%.*s\xE2\x80\x99x\"}", n, "xxxxxxxxxxxxxxxxxxxxxxxx");
        CHECK_INT_EQ(tally_input_jsonl(a, line, strlen(line), &d, err, sizeof err), TALLY_OK);
        CHECK_INT_EQ(d.body.len, n + 4);
    }
    tally_arena_free(a);
}

static void fold_is(const char *in, const char *want) {
    tally_arena *a = tally_arena_new();
    tally_text *t = tally_text_new(a, in, strlen(in));
    CHECK_STR_EQ(t->fold, want);
    tally_arena_free(a);
}

void test_text(void) {
    test_utf8();
    tally_arena *a = tally_arena_new();
    /* invalid bytes become U+FFFD, one per bad byte */
    tally_text *t = tally_text_new(a, "ab\xff" "c\xc3", 5);
    CHECK_STR_EQ(t->text, "ab\xEF\xBF\xBD" "c\xEF\xBF\xBD");
    /* an overlong encoding and a surrogate are invalid too */
    t = tally_text_new(a, "\xc0\xaf\xed\xa0\x80", 5);
    CHECK_INT_EQ(t->len, 15);
    /* NFC: e + combining acute becomes the precomposed letter */
    t = tally_text_new(a, "Qa\x65\xcc\x81" "da", 7);
    CHECK_STR_EQ(t->text, "Qa\xc3\xa9" "da");
    /* already-NFC text is used as it is, without a copy */
    const char *plain = "Gunmen opened fire.";
    t = tally_text_new(a, plain, strlen(plain));
    CHECK(t->text == plain);
    CHECK(t->fold_map == NULL);
    /* empty input */
    t = tally_text_new(a, "", 0);
    CHECK_INT_EQ(t->len, 0);
    CHECK_INT_EQ(t->fold_len, 0);
    tally_arena_free(a);

    fold_is("Kirkuk", "kirkuk");
    fold_is("\xe2\x80\x9c" "Basra\xe2\x80\x9d", "\"basra\"");
    fold_is("Kata\xe2\x80\x99ib", "kata'ib");
    fold_is("Sh\xc3\xa9r\xc4\x81z", "sheraz");
    fold_is("north\xe2\x80\x94south \xe2\x80\x93 east", "north - south  -  east");
    fold_is("well\xe2\x80\x90known", "well-known");
    fold_is("Ma\xca\xbfrib", "ma'rib");
    fold_is("one\xc2\xa0two", "one two");
    fold_is("line\xe2\x80\xa8next", "line\nnext");

    /* the map leads each fold byte back to the start of its character */
    a = tally_arena_new();
    const char *s = "\xe2\x80\x9c" "Hi\xe2\x80\x9d, Ba\xc5\x9f" "ra";
    t = tally_text_new(a, s, strlen(s));
    CHECK_STR_EQ(t->fold, "\"hi\", basra");
    CHECK(t->fold_map != NULL);
    CHECK_INT_EQ(tally_text_offset(t, 0), 0);
    CHECK_INT_EQ(tally_text_offset(t, 1), 3);   /* h */
    CHECK_INT_EQ(tally_text_offset(t, 3), 5);   /* closing quote */
    CHECK_INT_EQ(tally_text_offset(t, 8), 12);  /* s from the 2-byte s-cedilla */
    CHECK_INT_EQ(tally_text_offset(t, 9), 14);  /* the r after it */
    CHECK_INT_EQ(tally_text_offset(t, t->fold_len), t->len);
    tally_arena_free(a);

    /* sha256 of a known string */
    char hex[65];
    tally_sha256_hex("abc", 3, hex);
    CHECK_STR_EQ(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    tally_sha256_hex("", 0, hex);
    CHECK_STR_EQ(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    char big[1000];
    memset(big, 'a', sizeof big);
    tally_sha256_hex(big, 56, hex); /* the padding spills into a second block */
    CHECK_STR_EQ(hex, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
}
