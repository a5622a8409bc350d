/* merge.h: reports of one incident across articles become one incident (pure logic, no I/O). */
#ifndef TALLY_MERGE_H
#define TALLY_MERGE_H

#include "tally.h"

/* One per-article incident (a report) as the merge sees it. */
typedef struct {
    const tally_incident *in; /* the report; tallies (in->tally) never merge */
    const char *key;          /* unique and stable across runs (sha256:index): the order of
                                 merging, so the result does not depend on insertion order */
    const char *article;      /* the article's id, the source of last resort */
    const char *outlet;       /* the article's outlet (its voice when a claim has no speaker), or NULL */
    tally_ymd published;      /* the article's date (y == 0 unknown): a report of that day
                                 that names no day of its own is dated only by its article */
} tally_merge_report;

/* A report inside a merged incident, and why it is there. */
typedef struct {
    size_t report;    /* index into the input array */
    long joined_to;   /* index into the input of the member it matched, -1 for the first */
    const char *why;  /* "dates 2012-11-18 / 2012-11-19 (1 day); place Baquba ~ Baqubah (spelling);
                         type Battles ~ Violence against civilians; perpetrators share police";
                         "" for the first member */
} tally_merge_member;

/* A merged incident. Pointers are into the inputs or the arena given to tally_merge_run. */
typedef struct {
    tally_merge_member *members; /* in merge order; members[0] founded the incident */
    size_t nmembers;
    const char *event_type, *sub_event_type; /* most frequent among members (smallest on a tie) */
    tally_ymd date_start, date_end;          /* span of the members' dates; y == 0 when none known */
    const tally_location *location;          /* the most precise member location, or NULL */
    const char *actor1, *actor2;             /* most frequent perpetrator and target/victim, or NULL */
    tally_range fatalities, injured, detained, civ_killed; /* min and max over every member and
                                                              every claim (IBC rule); min < 0: none */
    int women, children;                     /* highest stated, -1 when none */
    const char **sources;                    /* distinct original speakers (a claim with none
                                                speaks for its article's outlet), sorted */
    size_t nsources;
    const char **outlets;                    /* distinct outlets: the articles' and those a claim
                                                came through ("told the AP"), sorted */
    size_t noutlets;
    size_t narticles;                        /* distinct articles */
    uint8_t contested;                       /* two sources give incompatible totals, or call the
                                                same dead civilians and combatants */
    const char *disputed;                    /* what is disputed and who said what ("killed 5
                                                (police) vs 10 (the council)"), or NULL */
} tally_merged;

/** Why reports a and b may be the same incident: returns 1 and writes the reasons
 * into why (NUL-terminated, truncated to len), or 0 and the reason they are not.
 * The rule (TALLY_MERGE_RULES): both known to the day, within a day of each other,
 * or a report dated only by its article (it names no day) up to a week after the
 * other's day (a follow-up); a report without a day joins only a report of its own
 * article, and two dated reports of one article never join; the same place (same
 * gazetteer id, within 25 km, the same name or spelling, or a town inside the
 * province the other names); compatible event types; perpetrators that agree by
 * their code (police = officers = law enforcement) where both are known. */
int tally_merge_match(const tally_merge_report *a, const tally_merge_report *b, char *why, size_t len);

/** Merge n reports into incidents. Deterministic: the result depends only on the
 * reports' contents and keys, not on their order in r. A report joins the first
 * incident (in creation order) with a member it matches, provided the incident's
 * known dates still span at most one day; otherwise it founds a new one. Tallies
 * are skipped. Incidents come out ordered by date (undated last), then by their
 * first member's key. Sets *out to an arena array and returns its length. */
size_t tally_merge_run(tally_arena *a, const tally_merge_report *r, size_t n, tally_merged **out);

/** The merge rule in one paragraph, for the README and tally incidents --explain. */
extern const char TALLY_MERGE_RULES[];

/** Stable ids. prior[i] is the id report i belonged to at the last merge (after
 * redirects; 0 for a new report). Each merged incident takes the oldest (smallest)
 * prior id among its members that no incident holding more of that id's reports
 * took; the others get fresh ids from *next on, in the order of m. ids[k] receives
 * incident k's id. Every prior id that no incident took redirects to the incident
 * holding most of its reports: those pairs go to *from / *to (arena arrays), their
 * number is returned. */
size_t tally_merge_ids(tally_arena *a, const tally_merged *m, size_t nm, const int64_t *prior, int64_t *next,
                       int64_t *ids, int64_t **from, int64_t **to);

/** Great-circle distance in km between two points given in degrees. */
double tally_merge_km(double lat1, double lon1, double lat2, double lon2);

#endif
