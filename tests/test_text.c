/* test_text.c: UTF-8 repair, NFC and the folded matching form. */
#include "tally.h"
#include "test.h"

static void fold_is(const char *in, const char *want) {
    tally_arena *a = tally_arena_new();
    tally_text *t = tally_text_new(a, in, strlen(in));
    CHECK_STR_EQ(t->fold, want);
    tally_arena_free(a);
}

void test_text(void) {
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
