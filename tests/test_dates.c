/* test_dates.c: the calendar, article dates and date expressions resolved
 * against the article date, in sentences of our own. */
#include "tally.h"
#include "test.h"

static tally_ymd ymd(int y, int m, int d) {
    tally_ymd t = {(int16_t)y, (int8_t)m, (int8_t)d};
    return t;
}

/* The first date expression of text s against anchor: "start..end/precision". */
static const char *resolve(const char *s, tally_ymd anchor) {
    static char out[64];
    static const char *P[] = {"day", "week", "month", "year", "unknown"};
    tally_arena *a = tally_arena_new();
    tally_text *t = tally_text_new(a, s, strlen(s));
    tally_tokens tk;
    tally_tokens_split(a, t, &tk);
    snprintf(out, sizeof out, "none");
    for (size_t i = 0; i < tk.nsents; i++) {
        tally_date_expr *e;
        size_t n = tally_dates_find(a, &tk, i, anchor, &e);
        if (n) {
            char s1[11], s2[11];
            tally_ymd_format(e[0].start, s1);
            tally_ymd_format(e[0].end, s2);
            if (e[0].shift)
                snprintf(out, sizeof out, "shift %+d", e[0].shift);
            else if (strcmp(s1, s2))
                snprintf(out, sizeof out, "%s..%s/%s", s1[0] ? s1 : "null", s2, P[e[0].precision]);
            else
                snprintf(out, sizeof out, "%s/%s", s1[0] ? s1 : "null", P[e[0].precision]);
            break;
        }
    }
    tally_arena_free(a);
    return out;
}

static const char *dateline(const char *s) {
    static char out[16];
    tally_arena *a = tally_arena_new();
    tally_text *t = tally_text_new(a, s, strlen(s));
    tally_tokens tk;
    tally_tokens_split(a, t, &tk);
    tally_ymd d;
    if (tally_dates_dateline(&tk, &d))
        tally_ymd_format(d, out);
    else
        snprintf(out, sizeof out, "none");
    tally_arena_free(a);
    return out;
}

static const char *parse(const char *s) {
    static char out[16];
    tally_ymd d;
    if (tally_dates_parse(s, strlen(s), &d))
        tally_ymd_format(d, out);
    else
        snprintf(out, sizeof out, "none");
    return out;
}

void test_dates(void) {
    /* calendar */
    CHECK_INT_EQ(tally_ymd_to_days(ymd(1970, 1, 1)), 0);
    CHECK_INT_EQ(tally_ymd_weekday(ymd(2010, 2, 15)), 1); /* a Monday */
    CHECK_INT_EQ(tally_ymd_weekday(ymd(2008, 4, 26)), 6); /* a Saturday */
    tally_ymd r = tally_ymd_from_days(tally_ymd_to_days(ymd(2012, 2, 28)) + 2);
    CHECK_INT_EQ(r.m * 100 + r.d, 301); /* 2012 is a leap year */

    /* header and JSON date values */
    CHECK_STR_EQ(parse("2010-02-15"), "2010-02-15");
    CHECK_STR_EQ(parse("2010-02-15T08:30:00Z"), "2010-02-15");
    CHECK_STR_EQ(parse("15 February 2010"), "2010-02-15");
    CHECK_STR_EQ(parse("April 23, 2008"), "2008-04-23");
    CHECK_STR_EQ(parse("Sept. 30, 2011"), "2011-09-30");
    CHECK_STR_EQ(parse("Mon, 15 Feb 2010 10:00:00 GMT"), "2010-02-15");
    CHECK_STR_EQ(parse("2010-02-30"), "none");
    CHECK_STR_EQ(parse("soon"), "none");

    /* datelines */
    CHECK_STR_EQ(dateline("A headline about a raid\n\nJane Roe\n3 March 2011\n\nTroops moved in."),
                 "2011-03-03");
    CHECK_STR_EQ(dateline("A headline\n\nJohn Doe 9 July 2006\n\nShells fell."), "2006-07-09");
    CHECK_STR_EQ(dateline("Headline words here\n\nMay 4, 2009\n\nA car bomb exploded."), "2009-05-04");
    CHECK_STR_EQ(dateline("2012-03-S-014\n\nKABUL, Afghanistan (March 8, 2012)\nA force detained two men."),
                 "2012-03-08");
    CHECK_STR_EQ(dateline("Force detains two\n2011-02-S-101 For Immediate Release\nKABUL, Afghanistan "
                          "(Feb. 9) - A patrol detained two men."),
                 "2011-02-09");
    CHECK_STR_EQ(dateline("Update\n2011-01-S-003\nKABUL, Afghanistan (Dec. 31) - A patrol."), "2010-12-31");
    CHECK_STR_EQ(dateline("Apr. 7: Operations in Khost\nNEWS RELEASE 2010-04-CA-020\nForces detained three."),
                 "2010-04-07");
    CHECK_STR_EQ(dateline("Why the war goes on\n\nThe fighting started in 2014 and has not stopped."),
                 "none");
    CHECK_STR_EQ(dateline("A plain story\n\nOn March 25 troops moved into the city."), "none");
    /* a dateline without a year takes it from the dated past the text tells of: the
       report comes after it */
    CHECK_STR_EQ(dateline("KABUL, Afghanistan (Jan. 14) - A strike killed a commander. He led an ambush "
                          "in June 2011 and a raid on Aug. 3, 2011."),
                 "2012-01-14");
    CHECK_STR_EQ(dateline("KABUL, Afghanistan (Dec. 10) - Troops held a man who planned a bombing in "
                          "March 2011."),
                 "2011-12-10");
    CHECK_STR_EQ(dateline("KABUL, Afghanistan (Dec. 10) - Troops held a man."), "none");

    /* expressions against an article date */
    tally_ymd mon = ymd(2010, 2, 15); /* Monday */
    CHECK_STR_EQ(resolve("Troops raided the village on Friday.", mon), "2010-02-12/day");
    CHECK_STR_EQ(resolve("On Saturday rockets hit the base.", mon), "2010-02-13/day");
    CHECK_STR_EQ(resolve("Police said on Monday that two died.", mon), "2010-02-15/day");
    CHECK_STR_EQ(resolve("Last Monday a bomb went off.", mon), "2010-02-08/day");
    tally_ymd thu = ymd(2007, 8, 16); /* Thursday */
    CHECK_STR_EQ(resolve("On Tuesday a raid took place.", thu), "2007-08-14/day");
    CHECK_STR_EQ(resolve("A financier was held on Monday.", thu), "2007-08-13/day");
    CHECK_STR_EQ(resolve("A courier was seized on Sunday.", thu), "2007-08-12/day");
    CHECK_STR_EQ(resolve("Soldiers entered the district on August 8.", thu), "2007-08-08/day");
    CHECK_STR_EQ(resolve("Rockets fell on the base on Aug. 5.", thu), "2007-08-05/day");
    tally_ymd sat = ymd(2008, 4, 26); /* Saturday */
    CHECK_STR_EQ(resolve("Fighting raged on Thursday night.", sat), "2008-04-24/day");
    CHECK_STR_EQ(resolve("A ship fired warning shots on Friday.", sat), "2008-04-25/day");
    tally_ymd wed = ymd(2008, 4, 23);
    CHECK_STR_EQ(resolve("The offensive opened on March 25.", wed), "2008-03-25/day");
    CHECK_STR_EQ(resolve("Fighting has gone on since March 23.", wed), "2008-03-23..2008-04-23/day");
    CHECK_STR_EQ(resolve("The wire reported on April 16 that shells fell.", wed), "2008-04-16/day");
    CHECK_STR_EQ(resolve("A convoy was hit yesterday.", wed), "2008-04-22/day");
    CHECK_STR_EQ(resolve("Clashes broke out last night.", wed), "2008-04-22/day");
    CHECK_STR_EQ(resolve("Clashes broke out this morning.", wed), "2008-04-23/day");
    CHECK_STR_EQ(resolve("Clashes broke out today.", wed), "2008-04-23/day");
    CHECK_STR_EQ(resolve("The group was listed last June.", mon), "2009-06/month");
    CHECK_STR_EQ(resolve("Raids were stepped up earlier this month.", mon), "2010-02/month");
    CHECK_STR_EQ(resolve("Raids were stepped up last month.", mon), "2010-01/month");
    CHECK_STR_EQ(resolve("The shelling began three days ago.", mon), "2010-02-12/day");
    CHECK_STR_EQ(resolve("The peace deal of 12 March 2009 failed.", mon), "2009-03-12/day");
    CHECK_STR_EQ(resolve("A second strike came the next day.", mon), "shift +1");
    CHECK_STR_EQ(resolve("Dec. 28 saw more shelling.", ymd(2013, 1, 4)), "2012-12-28/day");
    /* a weekday with its date is the day the date says, weeks back */
    CHECK_STR_EQ(resolve("A shop was burned on Tuesday, April 8, in the old town.", wed), "2008-04-08/day");
    CHECK_STR_EQ(resolve("Posted: Monday, March 3, 2008 9:15 AM", wed), "2008-03-03/day");
    /* no article date: relative words stay unknown, absolute dates with a year still resolve */
    tally_ymd none = {0, 0, 0};
    CHECK_STR_EQ(resolve("Troops raided the village on Friday.", none), "null/unknown");
    CHECK_STR_EQ(resolve("Rockets fell on 4 January 2020.", none), "2020-01-04/day");
    CHECK_STR_EQ(resolve("The convoy was hit yesterday.", none), "null/unknown");
    /* "may" and "march" as verbs are not months */
    CHECK_STR_EQ(resolve("They may 5 times refuse.", mon), "none");
    CHECK_STR_EQ(resolve("Protesters march 3 miles.", mon), "none");
}
