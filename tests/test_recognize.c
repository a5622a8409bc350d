/* test_recognize.c: the recognition layer (people and acts) on sentences of our
 * own, one construction each, and what the incident coder counts from them. */
#include "recognize.h"
#include "tally.h"
#include "test.h"

#include <stdlib.h>

/* Recognize the first sentence of text; the arena holds the result. */
static tally_recognized rec(tally_arena *a, const char *text, tally_tokens *tk) {
    tally_text *t = tally_text_new(a, text, strlen(text));
    tally_tokens_split(a, t, tk);
    tally_recognized rc;
    memset(&rc, 0, sizeof rc);
    if (!tk->nsents)
        return rc;
    tally_number *nums;
    size_t nn = tally_numbers_find(a, tk, 0, &nums);
    tally_recognize_sentence(a, tk, 0, nums, nn, NULL, NULL, &rc);
    return rc;
}

/* The words of people p. */
static const char *people_words(tally_arena *a, const tally_tokens *tk, const tally_people *p) {
    size_t b = tk->toks[p->start].start, e = tk->toks[p->end - 1].start + tk->toks[p->end - 1].len;
    return tally_arena_strndup(a, tk->text->text + b, e - b);
}

/* Sum of the people the acts of kind what befell (each group once). */
static long long befell(const tally_recognized *rc, int what) {
    long long n = 0;
    for (size_t i = 0; i < rc->nacts; i++)
        if (rc->acts[i].what == what && !rc->acts[i].negated && !rc->acts[i].either && !rc->acts[i].irrealis)
            for (size_t j = 0; j < rc->acts[i].npatients; j++)
                n += rc->people[rc->acts[i].patients[j]].lo;
    return n;
}

static void test_people(void) {
    tally_arena *a = tally_arena_new();
    tally_tokens tk;
    t_current = "recognize/people";
    /* a list of names with ages is two people, and the ages count nobody */
    tally_recognized rc = rec(a, "Maria Lopez, 12, and her brother Tomas, 9, were killed.", &tk);
    CHECK_INT_EQ(rc.npeople, 2);
    if (rc.npeople == 2) {
        CHECK_INT_EQ(rc.people[0].kind, TALLY_PPL_NAME);
        CHECK_INT_EQ(rc.people[0].age, 12);
        CHECK_INT_EQ(rc.people[1].age, 9);
        CHECK(rc.people[1].child);
    }
    CHECK_INT_EQ(befell(&rc, TALLY_ACT_KILLED), 2);
    /* "a 6-year-old boy": one child, the age is no count */
    rc = rec(a, "A 6-year-old boy was shot on the porch.", &tk);
    CHECK_INT_EQ(rc.npeople, 1);
    if (rc.npeople == 1) {
        CHECK_INT_EQ(rc.people[0].lo, 1);
        CHECK_INT_EQ(rc.people[0].age, 6);
        CHECK(rc.people[0].child);
        CHECK_STR_EQ(people_words(a, &tk, &rc.people[0]), "A 6-year-old boy");
    }
    CHECK_INT_EQ(befell(&rc, TALLY_ACT_SHOT), 1);
    /* an age in words, and the age as the noun */
    rc = rec(a, "A four-year-old died at the hospital.", &tk);
    CHECK_INT_EQ(befell(&rc, TALLY_ACT_KILLED), 1);
    if (rc.npeople)
        CHECK_INT_EQ(rc.people[0].age, 4);
    /* a count, and a plural with no count counts nobody */
    rc = rec(a, "Three women were wounded and residents were hurt.", &tk);
    CHECK_INT_EQ(befell(&rc, TALLY_ACT_INJURED), 3);
    tally_arena_free(a);
}

/* One act construction: the text, the kind of act, how many people it befell. */
static const struct {
    const char *text;
    int what;
    long long want;
} ACTS[] = {
    /* active: the people after the verb */
    {"The gunman killed a cashier and a customer.", TALLY_ACT_KILLED, 2},
    /* "shot and killed": one fate, the worst */
    {"A taxi driver was shot and killed overnight.", TALLY_ACT_KILLED, 1},
    {"A taxi driver was shot and killed overnight.", TALLY_ACT_SHOT, 0},
    /* "killed or wounded" tells neither */
    {"Four passengers were killed or wounded.", TALLY_ACT_KILLED, 0},
    {"Four passengers were killed or wounded.", TALLY_ACT_INJURED, 0},
    /* negated */
    {"The driver was not hurt.", TALLY_ACT_INJURED, 0},
    /* a noun of the act: its people after "of", or before "'s" */
    {"Police are investigating the death of a local barber.", TALLY_ACT_KILLED, 1},
    {"The grocer's death was ruled a homicide.", TALLY_ACT_KILLED, 1},
    /* a participle right after its people, with no object of its own */
    {"Officers found a man shot in the chest behind the store.", TALLY_ACT_SHOT, 1},
    /* intransitive past a reduced relative: the clause's subject */
    {"A teenager shot near the bus stop on Monday died two days later.", TALLY_ACT_KILLED, 1},
    /* the one who did it is the one it befell */
    {"The suspect then turned the gun on himself.", TALLY_ACT_KILLED, 1},
    {"A father shot his daughter and then himself.", TALLY_ACT_SHOT, 2},
    /* wounds are had by the subject, who was hurt (and may yet die) */
    {"A woman suffered gunshot wounds to the leg.", TALLY_ACT_SHOT, 1},
    /* not done */
    {"Troops raided a farm to capture a smuggler.", TALLY_ACT_DETAINED, 0},
};

/* A name with its generation, and where the person is from. */
static void test_names(void) {
    tally_arena *a = tally_arena_new();
    tally_tokens tk;
    t_current = "recognize/names";
    tally_recognized rc = rec(a, "Tom Reyes Jr. of Milford died Sunday after the crash.", &tk);
    CHECK_INT_EQ(rc.npeople, 1);
    if (rc.npeople == 1) {
        CHECK_INT_EQ(rc.people[0].kind, TALLY_PPL_NAME);
        CHECK_STR_EQ(people_words(a, &tk, &rc.people[0]), "Tom Reyes Jr. of Milford");
        CHECK(rc.people[0].home_end == rc.people[0].home_start + 1);
    }
    CHECK_INT_EQ(befell(&rc, TALLY_ACT_KILLED), 1);
    /* a name after a speech verb starts its clause */
    rc = rec(a, "The statement said Ortega was hospitalized.", &tk);
    CHECK(rc.npeople == 1 && rc.people[0].kind == TALLY_PPL_NAME);
    rc = rec(a, "Tom Reyes III was shot.", &tk);
    CHECK(rc.npeople == 1 && rc.people[0].kind == TALLY_PPL_NAME);
    /* "in" may be where it happened, not where someone is from */
    rc = rec(a, "A baby in Fairview was shot.", &tk);
    CHECK(rc.npeople == 1 && rc.people[0].home_end == 0);
    tally_arena_free(a);
}

static void test_acts(void) {
    tally_arena *a = tally_arena_new();
    tally_tokens tk;
    t_current = "recognize/acts";
    for (size_t i = 0; i < sizeof ACTS / sizeof ACTS[0]; i++) {
        tally_recognized rc = rec(a, ACTS[i].text, &tk);
        long long got = befell(&rc, ACTS[i].what);
        if (got != ACTS[i].want)
            fprintf(stderr, "  %s\n", ACTS[i].text);
        CHECK_INT_EQ(got, ACTS[i].want);
    }
    tally_arena_free(a);
}

/* Code text as an article of 2019-03-11 (a Monday), without a gazetteer; the
 * arena holds the result. */
static void code_text(tally_arena *a, const char *text, tally_article *art) {
    tally_doc doc;
    memset(&doc, 0, sizeof doc);
    doc.id = "t";
    doc.body.p = text;
    doc.body.len = strlen(text);
    doc.date_raw = "2019-03-11";
    tally_coder c = {NULL, 0};
    tally_code_article(a, &c, &doc, art);
}

/* The killed, injured and detained of the incidents of text, as "k-i-d" with '-'
 * fields for none, the largest maximum over the incidents (as score_merge reads). */
static char *counts(const char *text) {
    static char out[64];
    tally_arena *a = tally_arena_new();
    tally_article art;
    code_text(a, text, &art);
    long long k = -1, i = -1, d = -1;
    for (size_t n = 0; n < art.nincidents; n++) {
        const tally_incident *in = &art.incidents[n];
        if (in->tally)
            continue;
        k = in->fatalities.max > k ? in->fatalities.max : k;
        i = in->injured.max > i ? in->injured.max : i;
        d = in->detained.max > d ? in->detained.max : d;
    }
    snprintf(out, sizeof out, "%lld %lld %lld", k, i, d);
    tally_arena_free(a);
    return out;
}

static void test_counts(void) {
    t_current = "recognize/incident counts";
    /* one person, killed */
    CHECK_STR_EQ(counts("A man was shot and killed on Saturday night outside a bar."), "1 -1 -1");
    /* an occupation as the counted people */
    CHECK_STR_EQ(counts("A gunman opened fire on an ambulance on Sunday, killing two nurses."), "2 -1 -1");
    /* names with ages are two people */
    CHECK_STR_EQ(counts("Maria Lopez, 12, and her brother Tomas, 9, were killed in the fire on Sunday."), "2 -1 -1");
    /* a child shot is one injured, the age counts nobody */
    CHECK_STR_EQ(counts("A 6-year-old boy was shot in the arm on Friday."), "-1 1 -1");
    /* a death later in hospital: dead, not also injured */
    CHECK_STR_EQ(counts("A woman was shot in a parking lot on Friday. She died at the hospital the next day."),
                 "1 -1 -1");
    /* those shot less the dead are the injured */
    CHECK_STR_EQ(counts("Five people were shot at a party on Saturday. One of them died."), "1 4 -1");
    /* killed or wounded counts neither */
    CHECK_STR_EQ(counts("Gunmen fired on a van on Sunday. Four passengers were killed or wounded."), "-1 -1 -1");
    /* a suspect who killed himself is one of the dead */
    CHECK_STR_EQ(counts("A man shot his neighbor on Friday and then turned the gun on himself. The neighbor "
                        "survived."),
                 "1 1 -1");
    /* an aside about a named person is no one more */
    CHECK_STR_EQ(counts("On Sunday, Karim Aziz, 41, a baker, and his daughter Lina, 7, were killed when a shell "
                        "hit their house."),
                 "2 -1 -1");
    /* the people after the copula, inverted; a part is no more than the total */
    CHECK_STR_EQ(counts("An air strike hit a market on Monday. Among the dead were Sami Farah, 22; his sister "
                        "Dana, 15; and a neighbour."),
                 "3 -1 -1");
    CHECK_STR_EQ(counts("A car bomb killed nine people in a market on Monday. The dead included two children."),
                 "9 -1 -1");
    /* wounds tell who was hurt, not who lived; a part of them who died */
    CHECK_STR_EQ(counts("On Friday five people had gunshot wounds after a fight at a club. One of the young men "
                        "died of his injuries."),
                 "1 4 -1");
    /* another person hit, whom nobody tells dead, is injured */
    CHECK_STR_EQ(counts("A cashier was shot and killed outside a store on Friday. Another man was shot in the arm."),
                 "1 1 -1");
    /* the one who killed and then himself, told in two sentences: two dead */
    CHECK_STR_EQ(counts("A man shot and killed his neighbor at a farm on Friday. He then turned the gun on "
                        "himself, deputies said."),
                 "2 -1 -1");
    /* a period phrase in another clause makes no tally of the incident's figures */
    CHECK_STR_EQ(counts("Four people were hurt in a shooting at a bar in town and, so far, three of them have "
                        "gone home."),
                 "-1 4 -1");
    /* a town's name between an age and its noun is no second person */
    CHECK_STR_EQ(counts("Girl dies in accidental shooting\n\nThe 9-year-old Glen Haven girl who was shot by "
                        "her cousin on Friday died, police said."),
                 "1 -1 -1");
    /* the subject of a relative clause past the speaker's words */
    CHECK_STR_EQ(counts("A vigil was held Sunday for a teen boy who police say was accidentally shot and killed by "
                        "a friend."),
                 "1 -1 -1");
    /* people joined by "and", the second with a possessive */
    CHECK_STR_EQ(counts("A farmer and his three sons were found dead on Sunday in a barn near Alton."), "4 -1 -1");
    /* the object of "of" inside the subject is not who was arrested */
    CHECK_STR_EQ(counts("A man sought in the killing of a cashier turned himself in to police on Sunday."),
                 "1 -1 1");
    /* "resulted in five people being hurt": they are the ones hurt */
    CHECK_STR_EQ(counts("Police named John Roe as a suspect in the shooting at a bar on Friday, which resulted in "
                        "five people being hospitalized."),
                 "-1 5 -1");
    /* someone "also shot" is someone else, injured unless told dead */
    CHECK_STR_EQ(counts("A waiter died at the scene on Pine Road early Friday. A 19-year-old was also shot and "
                        "was taken to a hospital."),
                 "1 1 -1");
    /* "one of three people hit by gunfire has died": the three were hit, two live */
    CHECK_STR_EQ(counts("A 15-year-old girl, one of three people hit by gunfire near a school on Friday, has died."),
                 "1 2 -1");
    /* the people a shooting sent to the hospital were hurt */
    CHECK_STR_EQ(counts("A shooting at a party on Friday sent two teens and a woman to the hospital."), "-1 3 -1");
    /* the people of a nominal act joined by "and" */
    CHECK_STR_EQ(counts("Police are looking into the shooting of a man and a toddler on Friday night."), "-1 2 -1");
    /* people carried to a hospital, told in the passive with words between */
    CHECK_STR_EQ(counts("A gunman opened fire at a fair on Friday. Two women were taken to a local hospital after "
                        "the shooting."),
                 "-1 2 -1");
    /* the one whose knee a bullet struck */
    CHECK_STR_EQ(counts("On Friday a stray bullet struck the knee of a 9-year-old boy in his yard."), "-1 1 -1");
    /* "a double homicide", "a triple shooting": so many people */
    CHECK_STR_EQ(counts("Police are looking into a double homicide at a motel on Friday."), "2 -1 -1");
    CHECK_STR_EQ(counts("A triple shooting on Friday left one man dead, police said."), "1 2 -1");
    /* one told apart from the count that holds them is one of them */
    CHECK_STR_EQ(counts("Jane Roe was killed on Friday in a shooting at a fair that killed three people."),
                 "3 -1 -1");
    CHECK_STR_EQ(counts("Sam Poe died on Friday in a triple homicide at a farm."), "3 -1 -1");
    /* but one listed with the count, or captured besides it, is one more */
    CHECK_STR_EQ(counts("Gunmen killed a policeman and three civilians at a market on Friday."), "4 -1 -1");
    CHECK_STR_EQ(counts("On Friday a patrol captured a bomb maker and detained two suspected fighters."),
                 "-1 -1 3");
    /* "deceased" before its noun is their state, and the count stays theirs */
    CHECK_STR_EQ(counts("On Friday officers entered the room and found four deceased individuals."), "4 -1 -1");
    /* of two shot, the one who died later in the story is not also injured */
    CHECK_STR_EQ(counts("Jane Roe, 15, and a 16-year-old boy were shot at a party on Friday. Roe died of her "
                        "injuries. The 16-year-old is recovering."),
                 "1 1 -1");
    /* a month alone makes no tally of a few people, whichever rule counted them */
    CHECK_STR_EQ(counts("Two men were arrested over a shooting that killed one man and injured three other people "
                        "in a bar last September, police said."),
                 "1 3 2");
    /* "a victim of a shooting" was shot */
    CHECK_STR_EQ(counts("Officers were called on Friday night about a victim of a shooting near a gas station."),
                 "-1 1 -1");
    /* "fatally shooting a teen": a verb told with its adverb, the teen dead */
    CHECK_STR_EQ(counts("A man accused of fatally shooting an unarmed teenager on Monday night was not allowed to "
                        "own a gun."),
                 "1 -1 -1");
    /* "fired at least one shot": a gunshot, nobody shot */
    CHECK_STR_EQ(counts("A boy fired at least one shot on Saturday, killing a girl and injuring a boy."), "1 1 -1");
    /* two who took their own lives: both dead */
    CHECK_STR_EQ(counts("On Sunday a woman and her husband took their lives at a motel near Alton, police said."),
                 "2 -1 -1");
    /* a page's list of other stories tells of other incidents */
    CHECK_STR_EQ(counts("A woman was shot in the leg outside a diner on Friday, police said.\n\nRelated Stories:"
                        "\n\nThree killed in highway crash\n\nTwo men dead after fire at motel"),
                 "-1 1 -1");
    /* a number that counts no people is no casualty */
    CHECK_STR_EQ(counts("Hunters killed 2,400 deer in the county last season."), "-1 -1 -1");
}

/* Sentences glued with no space after the full stop are two sentences. */
static void test_glued(void) {
    t_current = "recognize/glued sentences";
    tally_arena *a = tally_arena_new();
    tally_text *t = tally_text_new(a, "A boy was hurt at a park.It happened at noon. Troops left the U.S.Army base.",
                                   strlen("A boy was hurt at a park.It happened at noon. Troops left the U.S.Army base."));
    tally_tokens tk;
    tally_tokens_split(a, t, &tk);
    CHECK_INT_EQ(tk.nsents, 3);
    tally_arena_free(a);
}

/* A page that repeats a caption word for word: the repeat is no second claim. */
static void test_repeats(void) {
    t_current = "recognize/repeats";
    tally_arena *a = tally_arena_new();
    tally_article art;
    code_text(a, "Photo 1 of 3 Two men were shot and killed outside a bar on Elm Street on Friday night, police "
                 "said.\n\nPhoto 2 of 3 Two men were shot and killed outside a bar on Elm Street on Friday night, "
                 "police said.\n\nA third man was wounded in the leg.",
              &art);
    CHECK_INT_EQ(art.nincidents, 1);
    if (art.nincidents == 1) {
        CHECK_INT_EQ(art.incidents[0].nclaims, 2);
        CHECK_INT_EQ(art.incidents[0].fatalities.max, 2);
    }
    tally_arena_free(a);
}

/* A story that tells its incident first with no day, and later with its day and
 * more of its people, is one incident. */
static void test_undated_lede(void) {
    t_current = "recognize/undated lede";
    tally_arena *a = tally_arena_new();
    tally_article art;
    code_text(a, "Two charged in shooting that killed man\n\nPolice have arrested two people for a shooting "
                 "that left a man dead and another hurt.\n\nBoth are charged with murder and are held without "
                 "bond.\n\nA judge will hear the case next month.\n\nPolice said the pair opened fire on a "
                 "truck on Pine Road early Friday.\n\nA 19-year-old was also shot and was taken to a hospital.",
              &art);
    size_t n = 0, at = 0;
    for (size_t i = 0; i < art.nincidents; i++)
        if (!art.incidents[i].tally)
            n++, at = i;
    CHECK_INT_EQ(n, 1);
    if (n == 1) {
        char d[16];
        tally_ymd_format(art.incidents[at].date.start, d);
        CHECK_STR_EQ(d, "2019-03-08");
        CHECK_INT_EQ(art.incidents[at].fatalities.max, 1);
        CHECK_INT_EQ(art.incidents[at].injured.max, 1);
    }
    tally_arena_free(a);
}

/* The day of the first incident of text, dated 2019-03-11 (a Monday). */
static char *day_of(const char *text) {
    static char out[16];
    tally_arena *a = tally_arena_new();
    tally_article art;
    code_text(a, text, &art);
    out[0] = 0;
    for (size_t n = 0; n < art.nincidents && !out[0]; n++)
        if (!art.incidents[n].tally)
            tally_ymd_format(art.incidents[n].date.start, out);
    tally_arena_free(a);
    return out;
}

static void test_days(void) {
    t_current = "recognize/days";
    /* a day told with a step after the incident is that step's */
    CHECK_STR_EQ(day_of("Police said Friday that a cashier was shot and killed at a store. The shooting "
                        "happened on Wednesday night."),
                 "2019-03-06");
    CHECK_STR_EQ(day_of("Police on Sunday charged a teen who killed a cashier. The teen shot her on Thursday."),
                 "2019-03-07");
    /* a day of what is still to come is no incident's */
    CHECK_STR_EQ(day_of("A boy was shot and killed at a park. His family will hold a service for him on "
                        "Thursday."),
                 "2019-03-11");
    /* a follow-up names its incident's day */
    CHECK_STR_EQ(day_of("A vigil was held for the victim of the March 2 shooting. The woman died of her wounds."),
                 "2019-03-02");
    /* an arrest told as the incident keeps its day */
    CHECK_STR_EQ(day_of("Officers arrested two suspects on Sunday in a raid on a farm."), "2019-03-10");
    /* an arrest for a shooting told by its noun is a later step: its day is not the shooting's */
    CHECK_STR_EQ(day_of("A second man was arrested Friday in the shooting of six people at a dance hall. The "
                        "shooting happened early on Sunday, March 3."),
                 "2019-03-03");
    /* "overnight" may be either side of midnight: the day told with the incident wins */
    CHECK_STR_EQ(day_of("Four people were shot overnight outside a club. The shooting happened early Monday, just "
                        "before 2 a.m., police said."),
                 "2019-03-11");
    CHECK_STR_EQ(day_of("Four people were shot overnight outside a club, police said."), "2019-03-10");
    /* "services were held Monday": nobody held, a later step's day; and a town's name
       that is the dead boy's name is no place that parts the story */
    CHECK_STR_EQ(day_of("Charges are possible for the teen accused in the death of another teen this weekend in "
                        "Dubois County.\n\nServices were held Sunday for 16-year-old Sam Kendall.\n\nPolice said "
                        "Kendall died Friday after a friend shot him."),
                 "2019-03-08");
    /* a page's "Posted:" stamp with a weekday is no incident's day */
    CHECK_STR_EQ(day_of("Boy hurt in shooting Posted: Monday, March 11, 2019 8:02 AM EDT\n\n"
                        "Deputies said a 9-year-old boy was shot in the arm at a home late last night."),
                 "2019-03-10");
    /* the day may be told between the incident's own sentences, in one of another story */
    CHECK_STR_EQ(day_of("A party in town ended in gunfire that left several guests with gunshot wounds.\n\n"
                        "Police charged a 19-year-old with attempted murder.\n\n"
                        "Around 11 p.m. Thursday, guests were dancing in a garage on Oak Lane.\n\n"
                        "Up to five teens were hurt in the shooting."),
                 "2019-03-07");
}

void test_recognize(void) {
    test_names();
    test_repeats();
    test_glued();
    test_undated_lede();
    test_days();
    test_people();
    test_acts();
    test_counts();
}
