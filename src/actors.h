/* actors.h: who acts in a sentence: actor mentions ("Iraqi police", "the government
 * of Iraq", "US troops") with their CAMEO code and ACLED kind, for both coders: the
 * event coder (events.c, source and target) and the incident coder (claims.c, who
 * did it to whom). One place computes an actor's code, so a fix reaches both. */
#ifndef TALLY_ACTORS_H
#define TALLY_ACTORS_H

#include "dict.h"
#include "tally.h"

/* One actor mention: a named actor, a generic agent, or both joined. */
typedef struct {
    uint32_t start, end;       /* tokens of the whole mention */
    const char *code;          /* composed CAMEO code (arena); NULL when the dictionaries give none */
    const char *kind;          /* ACLED actor kind, NULL when the dictionaries give none */
    const tally_dict_entry *e; /* the entry that says who: the agent's, else the actor's */
    uint8_t country;           /* a country, its capital or its people alone ("Iraqi", "Kabul") */
} tally_actor_mention;

/** The actor mentions of sentence s of tk, in text order, into *out (an arena array;
 * returns their number). Named actors and agents next to each other make one mention:
 * a country or its people before an agent (Iraqi + ---MIL = IRQMIL), with names and
 * the usual adjectives between ("Syrian state security officials"); an agent before
 * "of", "in" or "from" and an actor ("the government of Iraq" IRQGOV). Dated codes
 * are chosen by date (yyyymmdd, 0 unknown). An agent with no country takes country
 * (ISO alpha-3, e.g. the article's setting), or "---" when it is NULL (---COP). "us" the pronoun is
 * no actor. Total: any tokens in. */
size_t tally_actors_find(tally_arena *a, const tally_tokens *tk, size_t s, int32_t date,
                         const char *country, tally_actor_mention **out);

/** The code of actor entry e on date (yyyymmdd, 0 unknown): the first of its dated
 * codes ("dated=CODE:FROM:TO;...", PETRARCH's [IRQGOV 20060520-20140908]) whose range
 * holds date, else its code=. The result is e's or lives in buf (cap bytes). */
const char *tally_actors_entry_code(const tally_dict_entry *e, int32_t date, char *buf, size_t cap);

/** Adds agent code agent to the actor code in buf (NUL-terminated, cap bytes): a
 * "---XXX" agent goes after it unless the code already says XXX (USAGOV and
 * "government"), an "XXX---" agent before it. A NULL or other agent changes nothing. */
void tally_actors_compose(char *buf, size_t cap, const char *agent);

/** May word w (folded, len bytes) stand between an actor and its agent: a name
 * (capitalized: cap nonzero), a possessive "'s" or a usual adjective ("former",
 * "security")? */
int tally_actors_modifier(const char *w, size_t len, int cap);

/** Is word w (folded) one that ties an agent to the actor after it ("of", "in", "from")? */
int tally_actors_of(const char *w, size_t len);

/** True when CAMEO code c starts with a country (IRQ...), not IGO, NGO, --- ... */
int tally_actors_country(const char *c);

#endif
