/* test_numbers.c: counts, ranges, qualifiers, vague words and the numbers that
 * are not counts, each in a sentence of our own. */
#include "tally.h"
#include "test.h"

static const char *KIND[] = {"?", "count", "ordinal", "percent", "year", "decimal", "time", "adj"};
static const char *QUAL[] = {"", "at-least ", "more-than ", "up-to ", "about ", "nearly ", "vague "};

/* All numbers of the first sentence of s as "qual lo[-hi] kind; ..." */
static const char *nums(const char *s) {
    static char out[1024];
    tally_arena *a = tally_arena_new();
    tally_text *t = tally_text_new(a, s, strlen(s));
    tally_tokens tk;
    tally_tokens_split(a, t, &tk);
    size_t o = 0;
    out[0] = 0;
    if (tk.nsents) {
        tally_number *n;
        size_t k = tally_numbers_find(a, &tk, 0, &n);
        for (size_t i = 0; i < k && o < sizeof out - 100; i++) {
            if (n[i].hi != n[i].lo)
                o += (size_t)snprintf(out + o, sizeof out - o, "%s%s%lld-%lld %s", i ? "; " : "",
                                      QUAL[n[i].qual], (long long)n[i].lo, (long long)n[i].hi,
                                      KIND[n[i].kind]);
            else
                o += (size_t)snprintf(out + o, sizeof out - o, "%s%s%lld %s", i ? "; " : "",
                                      QUAL[n[i].qual], (long long)n[i].lo, KIND[n[i].kind]);
        }
    }
    tally_arena_free(a);
    return out;
}

/* Numbers past any count saturate at a quadrillion: no overflow (the sanitizer
 * build checks), and no wrapped, negative or small count in a release build. */
static void test_numbers_saturate(void) {
    const char *cap = "1000000000000000 count";
    CHECK_STR_EQ(nums("They claimed 999999999999 billion dead."), cap);
    CHECK_STR_EQ(nums("They claimed 12345678901234.5 billion dead."), cap);
    CHECK_STR_EQ(nums("They claimed 99999999999999999999999 dead."), cap);
    char s[256] = "They claimed five";
    for (int i = 0; i < 12; i++)
        strcat(s, " hundred");
    strcat(s, " dead.");
    CHECK_STR_EQ(nums(s), cap);
    /* below the cap, exact as before */
    CHECK_STR_EQ(nums("They claimed 999999 billion dead."), "999999000000000 count");
    CHECK_STR_EQ(nums("They claimed 1.5 billion dead."), "1500000000 count");
}

void test_numbers(void) {
    test_numbers_saturate();
    CHECK_STR_EQ(nums("Gunmen killed 5 guards."), "5 count");
    CHECK_STR_EQ(nums("Gunmen killed five guards."), "5 count");
    CHECK_STR_EQ(nums("The blast killed twenty-five shoppers."), "25 count");
    CHECK_STR_EQ(nums("A dozen houses burned."), "12 count");
    CHECK_STR_EQ(nums("One million people fled the city."), "1000000 count");
    CHECK_STR_EQ(nums("Two hundred and fifty families left."), "250 count");
    CHECK_STR_EQ(nums("The camp holds 162,000 people."), "162000 count");
    CHECK_STR_EQ(nums("They sent 3.500 soldiers north."), "3500 count");
    CHECK_STR_EQ(nums("Oil output was 2.5 million barrels."), "2500000 count");
    CHECK_STR_EQ(nums("The town lies 2.5 km away."), "2 decimal");
    /* ranges */
    CHECK_STR_EQ(nums("Between 8 and 10 people died."), "8-10 count");
    CHECK_STR_EQ(nums("Some 8 to 10 people died."), "about 8-10 count");
    CHECK_STR_EQ(nums("Police counted 8-10 bodies."), "8-10 count");
    CHECK_STR_EQ(nums("Eight or nine men were seized."), "8-9 count");
    /* qualifiers */
    CHECK_STR_EQ(nums("At least six pilgrims died."), "at-least 6 count");
    CHECK_STR_EQ(nums("Up to 10 people were killed."), "up-to 10 count");
    CHECK_STR_EQ(nums("More than 40 were hurt."), "more-than 40 count");
    CHECK_STR_EQ(nums("Over 300 fled."), "more-than 300 count");
    CHECK_STR_EQ(nums("Nearly 70 were wounded."), "nearly 70 count");
    CHECK_STR_EQ(nums("About 20 houses burned."), "about 20 count");
    CHECK_STR_EQ(nums("As many as 15 died."), "up-to 15 count");
    /* vague words: the floors of the brief */
    CHECK_STR_EQ(nums("Several civilians were hurt."), "vague 3 count");
    CHECK_STR_EQ(nums("A few guards ran."), "vague 3 count");
    CHECK_STR_EQ(nums("A couple of shops burned."), "vague 2 count");
    CHECK_STR_EQ(nums("Dozens of people were arrested."), "vague 24 count");
    CHECK_STR_EQ(nums("Scores of people were arrested."), "vague 40 count");
    CHECK_STR_EQ(nums("Many people were arrested."), "vague 4 count"); /* as numerous */
    CHECK_STR_EQ(nums("Police held a large number of men."), "vague 4 count");
    CHECK_STR_EQ(nums("Hundreds marched."), "vague 200 count");
    CHECK_STR_EQ(nums("Thousands marched."), "vague 2000 count");
    CHECK_STR_EQ(nums("A number of rockets fell."), "vague 4 count");
    CHECK_STR_EQ(nums("Numerous homes were hit."), "vague 4 count");
    CHECK_STR_EQ(nums("Multiple suspects were held."), "vague 3 count");
    /* not counts */
    CHECK_STR_EQ(nums("It was the second attack."), "2 ordinal");
    CHECK_STR_EQ(nums("It was the 2nd attack."), "2 ordinal");
    CHECK_STR_EQ(nums("Turnout was 90% in the north."), "90 percent");
    CHECK_STR_EQ(nums("Turnout was 45 percent."), "45 percent");
    CHECK_STR_EQ(nums("Turnout was 45 per cent."), "45 percent");
    CHECK_STR_EQ(nums("The group split in 2007 after a feud."), "2007 year");
    CHECK_STR_EQ(nums("A 25-year-old man was shot."), "25 adj");
    CHECK_STR_EQ(nums("The curfew starts at 10:30 tonight."), "10 time");
    CHECK_STR_EQ(nums("No one was hurt."), "");
    CHECK_STR_EQ(nums("Police found 2000 rounds."), "2000 count");
}
