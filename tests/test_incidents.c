/* test_incidents.c: the incident coder on short reports of our own, one
 * construction each, with the small test gazetteer (fuzz/corpus/gazetteer/mini.bin),
 * and golden files: tests/golden/incidents/NAME.txt coded, rendered one line per
 * incident, against NAME.out. */
#include "gazetteer.h"
#include "tally.h"
#include "test.h"

#include <stdlib.h>

static tally_gazetteer *g_mini; /* the test gazetteer, NULL when missing */
static void *g_mini_buf;

static void open_mini(void) {
    size_t len;
    char *buf = test_read_file("fuzz/corpus/gazetteer/mini.bin", &len);
    if (!buf)
        return;
    g_mini_buf = malloc(len + 8);
    memcpy(g_mini_buf, buf, len);
    free(buf);
    char err[256];
    if (tally_gazetteer_open_mem(g_mini_buf, len, &g_mini, err, sizeof err) != TALLY_OK)
        g_mini = NULL;
}

/* One line per incident: date | type | place/admin1 | killed | injured | detained | flags. */
static void render(tally_buf *b, const tally_article *art) {
    for (size_t i = 0; i < art->nincidents; i++) {
        const tally_incident *in = &art->incidents[i];
        char d[11];
        tally_ymd_format(in->date.start, d);
        tally_buf_printf(b, "%s %s | %s | %s/%s |", in->tally ? "tally" : "incident", d[0] ? d : "-",
                         in->sub_event_type ? in->sub_event_type : "-",
                         in->has_location && in->location.name ? in->location.name : "-",
                         in->has_location && in->location.admin1 ? in->location.admin1 : "-");
        const tally_range *r[3] = {&in->fatalities, &in->injured, &in->detained};
        const char *names[3] = {"killed", "injured", "detained"};
        for (int k = 0; k < 3; k++)
            if (r[k]->min >= 0)
                tally_buf_printf(b, " %s %lld-%lld", names[k], (long long)r[k]->min, (long long)r[k]->max);
        if (in->contested)
            tally_buf_puts(b, " contested");
        for (size_t k = 0; k < in->nactors; k++)
            if (in->actors[k].role == TALLY_ROLE_PERPETRATOR && in->actors[k].code)
                tally_buf_printf(b, " by:%s", in->actors[k].code);
        tally_buf_puts(b, "\n");
    }
}

/* Code text as an article dated date (NULL: none) and render it. Caller frees. */
static char *code(const char *text, const char *date) {
    tally_arena *a = tally_arena_new();
    tally_doc doc;
    memset(&doc, 0, sizeof doc);
    doc.id = "t";
    doc.body.p = text;
    doc.body.len = strlen(text);
    doc.date_raw = date;
    tally_coder c = {g_mini, 0};
    tally_article art;
    tally_code_article(a, &c, &doc, &art);
    tally_buf b = {0};
    render(&b, &art);
    tally_arena_free(a);
    if (!b.p)
        tally_buf_puts(&b, "");
    return b.p;
}

#define EXPECT(text, date, want)                                                                   \
    do {                                                                                           \
        char *got_ = code(text, date);                                                             \
        CHECK_STR_EQ(got_, want);                                                                  \
        free(got_);                                                                                \
    } while (0)

/* Does the coded text contain the fragment? */
#define EXPECT_HAS(text, date, frag)                                                               \
    do {                                                                                           \
        char *got_ = code(text, date);                                                             \
        CHECK(strstr(got_, frag) != NULL);                                                         \
        if (!strstr(got_, frag))                                                                   \
            fprintf(stderr, "  want \"%s\" in:\n%s", frag, got_);                                  \
        free(got_);                                                                                \
    } while (0)

/* Golden render: the article coded with the test gazetteer, an incident a line. */
static char *render_article(const char *path, const char *in, size_t len) {
    tally_arena *a = tally_arena_new();
    tally_doc doc;
    tally_input_text(a, path, in, len, &doc);
    tally_coder c = {g_mini, 0};
    tally_article art;
    tally_code_article(a, &c, &doc, &art);
    tally_buf b = {0};
    tally_buf_puts(&b, "");
    render(&b, &art);
    tally_arena_free(a);
    return b.p;
}

void test_incidents(void) {
    open_mini();
    if (!g_mini) {
        test_skip("fuzz/corpus/gazetteer/mini.bin missing: incident tests need its places");
        return;
    }
    const char *mon = "2010-02-15"; /* a Monday */

    /* a plain report: day, place, count, perpetrator */
    EXPECT("Iraqi soldiers killed four gunmen in Baqubah on Saturday, police said.", mon,
           "incident 2010-02-13 | Armed clash | Baqubah/Diyala | killed 4-4 by:IRQMIL\n");
    /* the same count given twice by two sources: a range, and contested */
    EXPECT_HAS("A raid on a farm near Amara killed at least three people on Friday, the army said. "
               "A local councilman told reporters that seven civilians died.",
               mon, "killed 3-7 contested");
    /* told nowhere finer: the country the story names twice, at a country's precision */
    EXPECT_HAS("Two Iraqi soldiers died when a roadside bomb went off on Sunday.\n\n"
               "The government of Iraq blamed the rebels.",
               mon, "| Iraq/- | killed 2-2");
    /* "EDMONTON, Ky. (AP)": the state after the dateline's town names the town's, not a
       place of its own */
    EXPECT_HAS("EDMONTON, Ky. (AP) — Police say a gunman killed two men at a gas station on Sunday.", mon,
               "| Edmonton/Kentucky | killed 2-2");
    /* a dated dateline's country is the dateline's: the town the text names stays */
    EXPECT_HAS("BAGHDAD, Iraq, Feb. 14 (Reuters) - Gunmen killed two policemen in Basra on Sunday.", mon,
               "| Basra/Basra | killed 2-2");
    /* a country named once, as a person's name, is no setting */
    EXPECT_HAS("Gunmen shot dead a man on Sunday, a neighbour, Turkey Jones, said.", mon, "| -/- |");
    /* "up to" is the high end */
    EXPECT_HAS("Up to 12 people were killed when a car bomb exploded in Baghdad on Sunday.", mon,
               "killed 12-12");
    /* a count of troops beside a count of dead: only the dead are casualties */
    EXPECT("About 3,000 troops were sent to Basra after gunmen shot dead two policemen there on Friday.",
           mon, "incident 2010-02-12 | Attack | Basra/Basra | killed 2-2 by:IRQREB\n");
    /* a tally over a month is not an incident */
    EXPECT("More than 200 people have been killed in Baghdad since January, officials said.", mon,
           "tally - | Attack | Baghdad/Baghdad | killed 201-201\n");
    /* ... and so is a month's count in a report whose year is unknown */
    EXPECT("More than 300 people were killed in violence in Baghdad in February, officials said.", NULL,
           "tally - | Attack | Baghdad/Baghdad | killed 301-301\n");
    /* an incident with no count */
    EXPECT("A roadside bomb exploded near a police patrol in Sadr City on Saturday.", mon,
           "incident 2010-02-13 | Remote explosive/landmine/IED | Sadr City/Baghdad |\n");
    /* the count in one sentence, the place in the one before */
    EXPECT("Mortar shells struck a market in Amara on Friday. Five shoppers were wounded.", mon,
           "incident 2010-02-12 | Shelling/artillery/missile attack | Amara/Maysan | injured 5-5\n");
    /* one person named: "killed a commander", "a courier was detained" */
    EXPECT_HAS("Troops killed a militia commander in Basra on Sunday. A courier was detained.", mon,
               "killed 1-1 detained 1-1");
    /* vague words count as their floor */
    EXPECT_HAS("Police detained several suspects in Baqubah on Friday.", mon, "detained 3-3");
    /* two events in one sentence, each with its own place */
    EXPECT("On Friday a drone fired on a car in Basra and soldiers battled gunmen in Sadr City.", mon,
           "incident 2010-02-12 | Air/drone strike | Basra/Basra |\n"
           "incident 2010-02-12 | Armed clash | Sadr City/Baghdad | by:IRQMIL\n");
    /* no article date: the day stays unknown */
    EXPECT("Gunmen killed two farmers at a checkpoint in Baqubah on Friday.", NULL,
           "incident - | Attack | Baqubah/Diyala | killed 2-2 by:IRQREB\n");
    /* numbers that are not casualties: ages, years, percentages, distances */
    EXPECT("A 25-year-old man was killed in Baqubah on Friday, 40 kilometres from the city, in a 2009 "
           "feud that split 60 percent of the tribe.",
           mon, "incident 2010-02-12 | Attack | Baqubah/Diyala | killed 1-1\n");
    /* a follow-up sentence that adds people of another kind */
    EXPECT_HAS("Soldiers arrested a bomb maker in Amara on Saturday. During the raid they also detained "
               "two suspected insurgents.",
               mon, "detained 3-3");
    /* the same figure told again is not counted twice */
    EXPECT_HAS("Police detained two suspects in Basra on Friday. The two suspects were detained for "
               "questioning.",
               mon, "detained 2-2");
    /* a toll put by another source widens the range */
    EXPECT_HAS("A car bomb killed at least 23 people in Baghdad on Friday, police said. A hospital "
               "official put the death toll at 31.",
               mon, "killed 23-31 contested");
    /* two counts sharing one verb */
    EXPECT_HAS("In Basra on Friday 12 protesters and six policemen were injured when police fired tear gas.",
               mon, "injured 18-18");
    /* people of two kinds told by two sources are no dispute about who died */
    EXPECT_HAS("Police arrested 45 protesters in Basra on Friday. Medics said six policemen were injured.",
               mon, "injured 6-6 detained 45-45 by:IRQCOP\n");
    /* one more person after the counted ones, and a list after a verb */
    EXPECT_HAS("A roadside bomb killed 3 soldiers and a civilian in Baqubah on Friday.", mon, "killed 4-4");
    EXPECT_HAS("An air strike hit a house in Basra on Sunday, killing a man, his wife and their three "
               "children, officials said.",
               mon, "killed 5-5");
    /* the speaker after a comma is no victim */
    EXPECT_HAS("Gunmen killed a guard in Amara on Friday, a police officer said.", mon, "killed 1-1");
    /* "claimed the lives of" */
    EXPECT_HAS("A suicide attack in Baghdad on Friday claimed the lives of 20 people.", mon, "killed 20-20");
    /* nothing violent */
    EXPECT("The governor of Basra opened a new school on Monday.", mon, "");
    /* an earlier attack told as a detainee's history: not an incident of this report,
       and its figures, date and place stay out of the raid */
    EXPECT("Soldiers raided a house in Basra on Sunday and detained a man behind the market bombing "
           "in Amara on January 3 that killed 12 people.",
           mon, "incident 2010-02-14 | Armed clash | Basra/Basra | detained 1-1 by:IRQMIL\n");
    EXPECT("Troops killed a militia commander in Basra on Sunday. The commander was responsible for "
           "a rocket attack on a base in Amara that wounded nine soldiers.",
           mon, "incident 2010-02-14 | Armed clash | Basra/Basra | killed 1-1 by:IRQMIL\n");
    /* the earlier attack's day and its figures told later ("during the attack") stay
       with it, out of the raid */
    EXPECT("Troops targeted a militia leader responsible for an attack Feb. 3 in Amara during a raid "
           "detaining four suspects in Basra yesterday. During the attack, two soldiers were killed.",
           mon, "incident 2010-02-14 | Armed clash | Basra/Basra | detained 4-4\n");
    /* ... but a claim of responsibility in the lead is the report's own event */
    EXPECT_HAS("A militant group claimed responsibility for the bombing in Amara on Friday that killed 12 "
               "people.",
               mon, "incident 2010-02-12 | Remote explosive/landmine/IED | Amara/Maysan | killed 12-12");
    /* "also killed in the strike were four fighters": the counted people after "were" */
    EXPECT_HAS("An air strike hit a compound in Basra on Sunday, killing a commander. Also killed in the "
               "strike were four fighters.",
               mon, "killed 5-5");
    /* "several other fighters" were killed besides the one the strike targeted; a second
       source telling only of the commander gives no lower total */
    EXPECT_HAS("An air strike targeted a militia commander in Basra on Sunday. Several other fighters were "
               "killed in the strike. A police officer said the commander was killed.",
               mon, "killed 4-4");
    /* "martyred" is killed; a weekday after a place name is the day it happened, not
       the report's dateline */
    EXPECT_HAS("Gunmen stormed a checkpoint in Basra on Sunday. Three policemen were martyred.", mon,
               "killed 3-3");
    EXPECT("BASRA, Iraq (Feb. 18, 2010) - Police repelled an attack on a checkpoint in southern Iraq "
           "Thursday. Police killed between three and six gunmen.",
           NULL, "incident 2010-02-18 | Armed clash | Basrah/Basra | killed 3-6 by:IRQCOP\n");
    /* a count over several operations is their sum, a tally; the one told in detail is
       the incident */
    EXPECT("Troops detained more than 10 suspects during four operations in Iraq on Sunday. In Basra, "
           "a separate unit raided a farm and detained two suspects.",
           mon,
           "tally 2010-02-14 | Arrests | -/- | detained 11-11\n"
           "incident 2010-02-14 | Armed clash | Basra/Basra | detained 2-2\n");
    /* the abducted are held: counted with the detained */
    EXPECT_HAS("Gunmen abducted 40 workers from a building site near Amara on Sunday.", mon, "detained 40-40");
    /* "the militants lost 30 fighters" */
    EXPECT_HAS("Soldiers battled militants in Baqubah on Sunday. A commander said the militants lost at least "
               "30 fighters.",
               mon, "killed 30-30");
    /* "Separately, ..." starts another incident even without a place of its own */
    EXPECT("Police arrested 25 men in Basra on Sunday. Separately, gunmen killed two guards.", mon,
           "incident 2010-02-14 | Arrests | Basra/Basra | detained 25-25 by:IRQCOP\n"
           "incident 2010-02-14 | Armed clash | Basra/Basra | killed 2-2 by:IRQREB\n");
    /* "43 officers were among the dead": a part; a far larger count by another side
       right after the incident is a counter-claim, not a tally */
    EXPECT_HAS("Police stormed a protest camp in Baghdad on Sunday, killing at least 95 people, the health "
               "ministry said. The organisers said more than 2,000 people had been killed. Police said 43 "
               "officers were among the dead.",
               mon, "killed 95-2001 contested");
    /* a raid told in a military press release, in a report of that military's raids, was
       its own; a quotation that only describes the man adds no actor */
    EXPECT("US troops raided a house in Basra on Sunday and killed two gunmen. On Monday, a militia "
           "financier was detained during a raid in Najaf. The military said the prisoner had been "
           "\"training fighters in attacks\".",
           mon,
           "incident 2010-02-14 | Armed clash | Basra/Basra | killed 2-2 by:USAMIL\n"
           "incident 2010-02-15 | Armed clash | Najaf/Najaf | detained 1-1 by:USAMIL\n");
    /* "a policeman died": one dead, told with no object */
    EXPECT_HAS("A roadside bomb exploded in Basra on Sunday. A policeman died in the blast.", mon, "killed 1-1");
    /* "killed them", "detained the insurgents": the people counted just before */
    EXPECT_HAS("Troops raided a farm in Basra on Sunday and saw multiple armed gunmen. The troops engaged "
               "and killed the gunmen.",
               mon, "killed 3-3");
    EXPECT_HAS("Troops raided a farm in Basra on Sunday and found three wounded gunmen. They treated them "
               "before detaining them along with one other suspect.",
               mon, "detained 4-4");
    /* "the gunmen who fled" may be others */
    EXPECT_HAS("Troops raided a farm in Basra on Sunday and saw four gunmen. The troops killed the gunmen "
               "who fled.",
               mon, "| Basra/Basra | by:");
    /* "the armed gunmen, one of them a commander, were all killed": the gunmen counted
       before, the commander one of them; the report's opening told where and when */
    EXPECT("In Basra on Sunday night, troops went to a farm near the river. As they surrounded it, several "
           "armed gunmen opened fire on them. The armed gunmen, one of them a militia commander, were all "
           "killed.",
           mon, "incident 2010-02-14 | Armed clash | Basra/Basra | killed 3-3\n");
    /* "the US military said its troops killed ...": the speaker's troops; residents
       saying the dead were civilians contest it */
    EXPECT("The US military said on Sunday that its troops had killed nine gunmen in Sadr City. Residents "
           "told reporters that most of the dead were civilians.",
           mon, "incident 2010-02-15 | Armed clash | Sadr City/Baghdad | killed 9-9 contested by:USAMIL\n");
    /* "American helicopters fired": an air strike by the Americans */
    EXPECT_HAS("On Friday American helicopters fired missiles at a house in Basra, killing four people.", mon,
               "Air/drone strike | Basra/Basra | killed 4-4 by:USAMIL");
    /* a second source telling of more dead adds them; telling the same dead, a range */
    EXPECT_HAS("A car bomb exploded near a checkpoint in Basra on Sunday, killing five soldiers, police said. "
               "Hospital officials said three civilians also died.",
               mon, "killed 8-8");
    EXPECT_HAS("A car bomb exploded near a checkpoint in Basra on Sunday, killing five soldiers, police said. "
               "Hospital officials said eight soldiers died.",
               mon, "killed 5-8 contested");
    /* "an IED facilitator" is a kind of man, no bombing; "During the operation, ..." is
       more of the raid just told, whatever event word it uses */
    EXPECT("A coalition patrol killed a militia leader during an operation in Basra on Sunday. The leader "
           "is the main IED facilitator in Maysan province. During the operation, the leader's guards "
           "opened fire on the patrol, and one child was killed.",
           mon, "incident 2010-02-14 | Armed clash | Basra/Basra | killed 2-2 by:IGOWSTMIL\n");
    /* "a leader who led bomb attacks": his doings, no bombing; the arrest told later is the
       same arrest, "the leader along with three of his associates" four */
    EXPECT("Coalition forces captured a militia leader who led bomb attacks, in Basra province, on Sunday. "
           "Tips led the force to a compound north of the city. After questioning, the force detained "
           "the leader along with three of his associates.",
           mon, "incident 2010-02-14 | Arrests | Basra/Basra | detained 4-4 by:IGOWSTMIL\n");
    /* "IED materials" are things, no event; "the facilitator along with two of his
       associates" are three */
    EXPECT_HAS("Coalition forces captured a militia facilitator who makes IED materials in Basra province on "
               "Sunday. After questioning, the force detained the facilitator along with two of his associates.",
               mon, "detained 3-3");
    /* "killed militia leader, Hamid, ...": no article, a man named */
    EXPECT_HAS("Coalition forces killed militia leader, Hamid, during a raid in Basra on Sunday.", mon,
               "killed 1-1");
    /* "one other suspect" is one more, though one was counted before */
    EXPECT_HAS("Troops captured a militia facilitator during a raid in Basra on Sunday. One other suspect was "
               "taken into custody.",
               mon, "detained 2-2");
    /* "two of the wounded later died": dead on top of the others */
    EXPECT_HAS("A bomb exploded in Basra on Sunday, killing five people, including two children. Two of "
               "the wounded later died in hospital.",
               mon, "killed 7-7");
    /* "killed or wounded" counts neither */
    EXPECT("Gunmen opened fire on a bus in Amara on Sunday. Three passengers were killed or wounded.", mon,
           "incident 2010-02-14 | Attack | Amara/Maysan | by:IRQREB\n");
    /* a part of the dead with no total is a floor; with a total it adds nothing, and from
       another source it lowers nothing */
    EXPECT_HAS("Mortars struck a market in Baghdad on Sunday. The dead included four women and a child.", mon,
               "killed 5-5");
    EXPECT_HAS("A bomb struck a market in Basra on Sunday. Among the dead were six children.", mon, "killed 6-6");
    EXPECT_HAS("Mortars killed 10 soldiers in Baghdad on Sunday. The dead included four officers.", mon,
               "killed 10-10");
    EXPECT_HAS("Mortars killed at least 11 people in Baghdad on Sunday, police said. A medic said the dead "
               "included four men and two women.",
               mon, "killed 11-11");
    /* "put the toll among soldiers at 35": whose toll, not a part of it; and a part
       ("among") told before another figure does not reach past it */
    EXPECT_HAS("Rebels attacked a base in Amara on Sunday. The monitor put the toll among soldiers at 35.",
               mon, "killed 35-35");
    EXPECT_HAS("Rebels attacked a base in Amara on Sunday. A monitor put the toll among rebels at 35 and "
               "said 18 soldiers had died.",
               mon, "killed 53-53");
    /* "he said": the spokesman named before, so his two figures add up */
    EXPECT_HAS("Gunmen attacked a checkpoint in Amara on Sunday, killing four policemen, a police "
               "spokesman said. He said six gunmen were also killed.",
               mon, "killed 10-10 by:");
    /* the attackers' dead add to their victims, from whichever source: no dispute */
    EXPECT("Gunmen stormed a hotel in Basra on Sunday, killing 15 people, police said. Security forces "
           "killed all five attackers.",
           mon, "incident 2010-02-14 | Armed clash | Basra/Basra | killed 20-20 by:IRQREB\n");
    EXPECT_HAS("Militants attacked a village near Amara on Sunday, killing 30 people, residents said. The "
               "army said soldiers killed 12 of the militants.",
               mon, "killed 42-42 by:");
    /* the dateline's city is the last resort, but not for "in northern Iraq" when the city
       is not in the north; "in southern Iraq" under a Basra dateline is Basra */
    EXPECT("BAGHDAD, Iraq (Feb. 18, 2010) - A roadside bomb killed three soldiers in northern Iraq on "
           "Thursday.",
           NULL, "incident 2010-02-18 | Remote explosive/landmine/IED | -/- | killed 3-3\n");
    EXPECT_HAS("BASRA, Iraq (Feb. 18, 2010) - A roadside bomb killed three soldiers in southern Iraq on "
               "Thursday.",
               NULL, "| Basrah/Basra | killed 3-3");
    /* "... and another bomb ... in Basra": two bombings in one sentence, each its own */
    EXPECT("Two people were killed on Sunday when a bomb went off in Amara, and another bomb wounded three "
           "people in Basra on the same day.",
           mon,
           "incident 2010-02-14 | Remote explosive/landmine/IED | Amara/Maysan | killed 2-2\n"
           "incident 2010-02-14 | Remote explosive/landmine/IED | Basra/Basra | injured 3-3\n");
    /* "several gunmen opened fire on the troops and were killed": the second verb of the
       same subject */
    EXPECT_HAS("During a raid in Basra on Sunday several gunmen opened fire on the troops and were killed.", mon,
               "killed 3-3");
    /* releases pasted one after another: the later one's account of the same arrest joins
       it and counts nothing new */
    EXPECT("Coalition forces detained three suspects during a raid in Basra on Sunday.\n\n----\n\n"
           "UPDATE: Suspect confirmed\nCoalition forces confirmed that a militia financier was detained "
           "during an operation in Basra province on Sunday.",
           mon, "incident 2010-02-14 | Armed clash | Basra/Basra | detained 3-3 by:IGOWSTMIL\n");
    /* a man named as the dead, and one more after him */
    EXPECT_HAS("An air strike in Basra on Sunday killed Rashid and his driver.", mon, "killed 2-2");
    /* the detail told paragraphs later, with no place or day of its own, is the same raid;
       "the leader along with three other suspects" are four */
    EXPECT("Troops captured a militia leader in Basra on Sunday. He ran training camps for the group. "
           "The leader also planned attacks on the police. Informants led the troops to his house. "
           "After questioning, the troops detained the leader along with three other suspects.",
           mon, "incident 2010-02-14 | Arrests | Basra/Basra | detained 4-4 by:IRQMIL\n");
    test_golden_dir("incidents", render_article);
    tally_gazetteer_close(g_mini);
    free(g_mini_buf);
    g_mini = NULL;
}
