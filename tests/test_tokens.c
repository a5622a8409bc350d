/* test_tokens.c: tokens and sentence boundaries, unit cases and golden files. */
#include "tally.h"
#include "test.h"

#include <stdlib.h>

/* Split s and return the sentences joined by " | ", in a static buffer. */
static const char *split(const char *s) {
    static char out[4096];
    tally_arena *a = tally_arena_new();
    tally_text *t = tally_text_new(a, s, strlen(s));
    tally_tokens tk;
    tally_tokens_split(a, t, &tk);
    size_t o = 0;
    out[0] = 0;
    for (size_t i = 0; i < tk.nsents && o + 4 < sizeof out; i++) {
        if (i)
            o += (size_t)snprintf(out + o, sizeof out - o, " | ");
        for (uint32_t b = tk.sents[i].start; b < tk.sents[i].end && o + 2 < sizeof out; b++)
            out[o++] = t->text[b] == '\n' ? ' ' : t->text[b];
        out[o] = 0;
    }
    tally_arena_free(a);
    return out;
}

static size_t ntokens(const char *s, const char *first_tok) {
    tally_arena *a = tally_arena_new();
    tally_text *t = tally_text_new(a, s, strlen(s));
    tally_tokens tk;
    tally_tokens_split(a, t, &tk);
    size_t n = tk.ntoks;
    if (first_tok && n) {
        char buf[64];
        snprintf(buf, sizeof buf, "%.*s", (int)tk.toks[0].len, t->text + tk.toks[0].start);
        CHECK_STR_EQ(buf, first_tok);
    }
    tally_arena_free(a);
    return n;
}

/* Golden render: one sentence a line, numbered. */
static char *render_sentences(const char *path, const char *in, size_t len) {
    (void)path;
    tally_arena *a = tally_arena_new();
    tally_text *t = tally_text_new(a, in, len);
    tally_tokens tk;
    tally_tokens_split(a, t, &tk);
    tally_buf b = {0};
    tally_buf_puts(&b, "");
    for (size_t i = 0; i < tk.nsents; i++) {
        tally_buf_printf(&b, "%zu\t", i);
        for (uint32_t k = tk.sents[i].start; k < tk.sents[i].end; k++)
            tally_buf_put(&b, t->text[k] == '\n' ? " " : t->text + k, 1);
        tally_buf_puts(&b, "\n");
    }
    tally_arena_free(a);
    return b.p;
}

void test_tokens(void) {
    CHECK_STR_EQ(split("Troops arrived. Gunmen fled."), "Troops arrived. | Gunmen fled.");
    CHECK_STR_EQ(split("Lt. Gen. Ray Odom spoke. He left."), "Lt. Gen. Ray Odom spoke. | He left.");
    CHECK_STR_EQ(split("The U.S. military said so. Police agreed."),
                 "The U.S. military said so. | Police agreed.");
    CHECK_STR_EQ(split("Adm. Lee met John F. Ward in the morning."),
                 "Adm. Lee met John F. Ward in the morning.");
    CHECK_STR_EQ(split("It was flight No. 12 that day."), "It was flight No. 12 that day.");
    CHECK_STR_EQ(split("Talks began on Jan. 5 in the capital."), "Talks began on Jan. 5 in the capital.");
    CHECK_STR_EQ(split("\"We will stay,\" he said. \"We must.\" She nodded."),
                 "\"We will stay,\" he said. | \"We must.\" | She nodded.");
    CHECK_STR_EQ(split("Was it a raid? Nobody knew! Then silence."),
                 "Was it a raid? | Nobody knew! | Then silence.");
    CHECK_STR_EQ(split("A note (written late.) Then more."), "A note (written late.) | Then more.");
    CHECK_STR_EQ(split("Weapons seized:\n- two rifles\n- a mortar tube"),
                 "Weapons seized: | - two rifles | - a mortar tube");
    CHECK_STR_EQ(split("Headline Here\n\nBody starts here."), "Headline Here | Body starts here.");
    CHECK_STR_EQ(split("the cleric\n\nbut split later."), "the cleric  but split later.");
    CHECK_STR_EQ(split("KABUL, Afghanistan (Jan. 3, 2012)\nA patrol was hit."),
                 "KABUL, Afghanistan (Jan. 3, 2012) | A patrol was hit.");
    CHECK_STR_EQ(split("It cost 3.5 million. Next one."), "It cost 3.5 million. | Next one.");
    CHECK_STR_EQ(split(""), "");
    /* tokens: numbers keep their thousands and decimals, possessive 's splits off */
    CHECK_INT_EQ(ntokens("162,000 people", "162,000"), 2);
    CHECK_INT_EQ(ntokens("3.500 troops", "3.500"), 2);
    CHECK_INT_EQ(ntokens("U.S.-led forces", "U.S."), 4);
    CHECK_INT_EQ(ntokens("Baghdad's streets", "Baghdad"), 3);
    CHECK_INT_EQ(ntokens("Kata\xe2\x80\x99ib Hezbollah", "Kata\xe2\x80\x99ib"), 2);
    CHECK_INT_EQ(ntokens("twenty-five men", "twenty-five"), 2);
    CHECK_INT_EQ(ntokens("1,2 and 3", "1"), 5);
    /* a sentence that never ends is cut into bounded pieces */
    {
        size_t n = 100000;
        char *big = malloc(n * 2 + 1);
        for (size_t i = 0; i < n; i++)
            big[2 * i] = 'a', big[2 * i + 1] = ' ';
        big[2 * n] = 0;
        tally_arena *a = tally_arena_new();
        tally_text *t = tally_text_new(a, big, 2 * n);
        tally_tokens tk;
        tally_tokens_split(a, t, &tk);
        CHECK_INT_EQ(tk.ntoks, n);
        CHECK(tk.nsents >= n / 400);
        tally_arena_free(a);
        free(big);
    }
    test_golden_dir("sentences", render_sentences);
}
