/* claims.c: attribution: who says so (the speaker and outlet of each sentence's
 * claim) and who did it to whom (the actors of an incident and their roles). */
#include "claims.h"
#include "actors.h"
#include "tagger.h"

#include <stdio.h>
#include <string.h>

/* ---- who says so ---- */

/* A speaker is a whole noun phrase: "police", "the sheriff's office", "Sgt. Jane Roe",
 * "a spokesman for the county police". The phrase is read off the tagger's parts of
 * speech; dictionary words (people, agents, actors, outlets) count as nouns whatever
 * their tag. */
typedef struct {
    const tally_tokens *tk;
    const sentence_info *si;
    const uint8_t *tag; /* parts of speech of the sentence's tokens, from b */
    size_t b, e;        /* the sentence's tokens */
} np_ctx;

/* Is token i a word a dictionary names as someone (a person, agent, actor, outlet)? */
static int np_dict(const np_ctx *x, size_t i) {
    unsigned mask = (1u << DICT_PERSON) | (1u << DICT_AGENT) | (1u << DICT_ACTOR) | (1u << DICT_OUTLET);
    for (size_t k = 0; k < x->si->nm; k++)
        if ((mask & (1u << x->si->m[k].e->section)) && x->si->m[k].start <= i && i < x->si->m[k].end)
            return 1;
    return 0;
}

/* Can token i head a speaker's phrase (a noun or name)? */
static int np_head(const np_ctx *x, size_t i) {
    int t = x->tag[i - x->b];
    if (x->tk->toks[i].lex & (LEX_WEEKDAY | LEX_MONTH))
        return 0;
    return t == TALLY_UPOS_NOUN || t == TALLY_UPOS_PROPN || np_dict(x, i);
}

/* Can token i stand inside a speaker's phrase: a determiner, adjective, number, noun,
 * name, possessive, or the dot of a title ("Sgt.")? */
static int np_word(const np_ctx *x, size_t i) {
    const tally_tokens *tk = x->tk;
    int t = x->tag[i - x->b];
    if (is_word(tk, i, "who") || is_word(tk, i, "which") || is_word(tk, i, "that") || is_word(tk, i, "what"))
        return 0;
    if (is_word(tk, i, ".") || is_word(tk, i, "'s"))
        return i > x->b && !(tk->toks[i].flags & TALLY_TF_SPACE) && (is_word(tk, i, "'s") || (tk->toks[i - 1].lex & LEX_ABBREV));
    if (t == TALLY_UPOS_VERB && i + 1 < x->e && np_head(x, i + 1) && i > x->b &&
        x->tag[i - 1 - x->b] == TALLY_UPOS_DET)
        return 1; /* a participle between a determiner and its noun: "the grieving father" */
    return np_head(x, i) || t == TALLY_UPOS_DET || t == TALLY_UPOS_ADJ || t == TALLY_UPOS_NUM ||
           (t == TALLY_UPOS_PART && is_word(tk, i, "'s"));
}

/* Words that tie a noun phrase to another inside one speaker ("a spokesman for the
 * police", "police in Troy", "his mother and her boyfriend"). */
static int np_tie(const tally_tokens *tk, size_t i) {
    return is_word(tk, i, "of") || is_word(tk, i, "for") || is_word(tk, i, "with") || is_word(tk, i, "in") ||
           is_word(tk, i, "at") || is_word(tk, i, "from") || is_word(tk, i, "and");
}

/* The noun phrase that ends right before token end: its first token, or end when the
 * words there are no such phrase. */
static size_t np_left(const np_ctx *x, size_t end) {
    if (end <= x->b || !np_head(x, end - 1))
        return end;
    size_t k = end - 1;
    for (;;) {
        while (k > x->b && np_word(x, k - 1) && end - k < 12)
            k--;
        /* "for the police" <- "a spokesman": go on past a tie to the phrase before */
        if (k > x->b + 1 && np_tie(x->tk, k - 1) && np_head(x, k - 2) && end - k < 10)
            k -= 2;
        else
            break;
    }
    while (k < end && (np_tie(x->tk, k) || !np_word(x, k)))
        k++; /* a phrase starts with no tie and no dot */
    return k;
}

/* The noun phrase that starts at token from: its end, or from when there is none. */
static size_t np_right(const np_ctx *x, size_t from) {
    size_t k = from, last = from;
    while (k < x->e && k < from + 12) {
        if (np_word(x, k)) {
            if (np_head(x, k))
                last = k + 1;
            k++;
        } else if (last > from && k + 1 < x->e && np_tie(x->tk, k) && np_word(x, k + 1)) {
            k++;
        } else {
            break;
        }
    }
    return last;
}

/* Is token i a personal pronoun: one that stands for a speaker told before (he, she,
 * it, they), the outlet or a quoted group (we), or someone quoted (I, you)? */
static int speaker_pronoun(const tally_tokens *tk, size_t i) {
    return is_word(tk, i, "he") || is_word(tk, i, "she") || is_word(tk, i, "it") || is_word(tk, i, "they") ||
           is_word(tk, i, "we") || is_word(tk, i, "i") || is_word(tk, i, "you");
}

/* Who speaks through the speech verb at tokens [v0, v1): the noun phrase ending right
 * before it ("police said", "the man who police say"), else after it when it follows
 * a comma or quote ("..., said Col. Jane Roe"); a pronoun alone; or NULL when the
 * words around it are no such phrase ("It has been reported", "and were told"). */
static const char *speaker_phrase(coder *c, const np_ctx *x, size_t v0, size_t v1) {
    const tally_tokens *tk = c->tk;
    size_t j = v0;
    /* "police have said", "she also told", "we first reported": the subject is before
       the helpers and adverbs */
    while (j > x->b && v0 - j < 3 &&
           (x->tag[j - 1 - x->b] == TALLY_UPOS_ADV || x->tag[j - 1 - x->b] == TALLY_UPOS_AUX ||
            is_word(tk, j - 1, "first"))) {
        j--;
        if (is_word(tk, j, "was") || is_word(tk, j, "were") || is_word(tk, j, "been") || is_word(tk, j, "being") ||
            is_word(tk, j, "is") || is_word(tk, j, "are") || is_word(tk, j, "be"))
            return NULL; /* "it was reported": the passive names no speaker */
    }
    if (j > x->b && speaker_pronoun(tk, j - 1))
        return words_of(c->a, tk, j - 1, j);
    size_t k = np_left(x, j);
    if (k < j)
        return words_of(c->a, tk, k, j);
    if (j > x->b + 2 && is_word(tk, j - 1, ",")) {
        /* "Jane Roe, 41, said", "Jane Roe, a spokeswoman for the city, said" */
        size_t a = x->tag[j - 2 - x->b] == TALLY_UPOS_NUM ? j - 2 : np_left(x, j - 1);
        if (a < j - 1 && a > x->b + 1 && is_word(tk, a - 1, ",")) {
            size_t n = np_left(x, a - 1);
            if (n < a - 1)
                return words_of(c->a, tk, n, x->tag[j - 2 - x->b] == TALLY_UPOS_NUM ? a - 1 : j - 1);
        }
    }
    if (j == x->b || is_word(tk, j - 1, ",") || is_word(tk, j - 1, "\"") || is_word(tk, j - 1, ";")) {
        size_t e = np_right(x, v1); /* ", said Col. Jane Roe" */
        if (e > v1)
            return words_of(c->a, tk, v1, e);
    }
    return NULL;
}

/* "over the past two nights", "in the past three days": a span of days is no
 * period to count a tally over. */
static int short_span(const tally_tokens *tk, size_t i, size_t e) {
    for (size_t k = i; k < e && k < i + 4; k++) {
        if (tally_tokens_is(tk, k, "night") || tally_tokens_is(tk, k, "nights") ||
            tally_tokens_is(tk, k, "day") || tally_tokens_is(tk, k, "days"))
            return 1; /* ("the past 24 hours" is a daily round-up: a tally) */
        if (tally_tokens_is(tk, k, "week") || tally_tokens_is(tk, k, "weeks") ||
            tally_tokens_is(tk, k, "month") || tally_tokens_is(tk, k, "months") ||
            tally_tokens_is(tk, k, "year") || tally_tokens_is(tk, k, "years"))
            return 0;
    }
    return 0;
}

/* Who says so: "X said", "said X", "according to X", "X told the AP". */
void tally_claims_speaker(coder *c, size_t s, sentence_info *si) {
    const tally_tokens *tk = c->tk;
    size_t b = tk->sents[s].tok_start, e = tk->sents[s].tok_end;
    for (size_t i = 0; i < si->nm; i++) {
        const match *m = &si->m[i];
        if (m->e->section == DICT_OUTLET && !si->via)
            si->via = words_of(c->a, tk, m->start, m->end);
        if (m->e->section == DICT_HEDGE)
            si->hedged = 1;
        if (m->e->section == DICT_PERIOD && !short_span(tk, m->end, e))
            si->period = 1;
    }
    np_ctx x = {tk, si, NULL, b, e};
    const char *we = NULL; /* "As we reported": the outlet's own voice, when no one else speaks */
    for (size_t i = 0; i < si->nm && !si->by; i++) {
        const match *m = &si->m[i];
        if (m->e->section != DICT_SPEECH)
            continue;
        if (m->start > b && (is_word(tk, m->start - 1, "a") || is_word(tk, m->start - 1, "an") ||
                             is_word(tk, m->start - 1, "the")))
            continue; /* "an alleged facilitator": an adjective, nobody speaking */
        if (is_word(tk, m->start, "statement") || is_word(tk, m->start, "per") || is_word(tk, m->start, "citing"))
            continue;
        if (!x.tag) {
            if (!si->tags) { /* kept for the recognizer: one sentence is tagged once */
                si->tags = tally_arena_alloc(c->a, e - b + 1);
                tally_tagger_tag(tk, b, e, si->tags);
            }
            x = (np_ctx){tk, si, si->tags, b, e};
        }
        if (is_word(tk, m->start, "according")) {
            size_t q = np_right(&x, m->end); /* "according to the county police" */
            si->by = q > m->end ? words_of(c->a, tk, m->end, q) : NULL;
        } else {
            si->by = speaker_phrase(c, &x, m->start, m->end);
        }
        /* "'I told him,' she said": a first or second person speaks inside a quote; the
           speaker is named by another speech verb, if any */
        if (si->by && (!strcmp(si->by, "we") || !strcmp(si->by, "We") || !strcmp(si->by, "I") ||
                       !strcmp(si->by, "you") || !strcmp(si->by, "You"))) {
            if (to_lower((unsigned char)si->by[0]) == 'w')
                we = si->by;
            si->by = NULL;
            continue;
        }
        /* "it", "he", "she", "they": the speaker named in the sentences just before, if
           any; alone they say nothing about who */
        if (si->by && (strcmp(si->by, "it") == 0 || strcmp(si->by, "he") == 0 || strcmp(si->by, "she") == 0 ||
                       strcmp(si->by, "they") == 0 || strcmp(si->by, "It") == 0 || strcmp(si->by, "He") == 0 ||
                       strcmp(si->by, "She") == 0 || strcmp(si->by, "They") == 0)) {
            si->by = NULL;
            for (size_t q = s; q-- > 0 && q + 3 >= s && !si->by;)
                si->by = c->si[q].by;
        }
        if (!is_word(tk, m->start, "reported") && !is_word(tk, m->start, "claimed") && !is_word(tk, m->start, "claims"))
            continue;
    }
    if (!si->by)
        si->by = we;
    /* an outlet that is the speaker is the via, not the by */
    if (si->by && si->via && strstr(si->by, si->via) && strlen(si->by) <= strlen(si->via) + 4)
        si->by = NULL;
    /* "X reported on April 16": relative words in the sentence count from that date */
    for (size_t d = 0; d < si->ndates; d++) {
        const tally_date_expr *de = &si->dates[d];
        if (de->precision == TALLY_PREC_DAY && de->start.y && de->tok_start > b &&
            is_word(tk, de->tok_start, "on") &&
            (is_word(tk, de->tok_start - 1, "reported") || is_word(tk, de->tok_start - 1, "said") ||
             is_word(tk, de->tok_start - 1, "announced") || is_word(tk, de->tok_start - 1, "wrote")))
            si->anchor = de->start;
    }
}

/* The last word of a speaker's words, lower case, into w (size 32). */
static void speaker_head(const char *by, char w[32]) {
    const char *e = by + strlen(by), *b = e;
    while (b > by && b[-1] != ' ')
        b--;
    size_t n = (size_t)(e - b) < 31 ? (size_t)(e - b) : 31;
    for (size_t i = 0; i < n; i++)
        w[i] = (char)to_lower((unsigned char)b[i]);
    w[n] = 0;
}

/* "The official said" after "a hospital official said": the same speaker. A speaker
 * told with "the" takes the words of an earlier claim whose speaker has the same head. */
const char *tally_claims_same_speaker(const tally_incident *out, const char *by) {
    if (!by || !(strncmp(by, "The ", 4) == 0 || strncmp(by, "the ", 4) == 0))
        return by;
    char h[32], o[32];
    speaker_head(by, h);
    for (size_t k = 0; k < out->nclaims; k++) {
        const char *p = out->claims[k].by;
        if (!p || p == by)
            continue;
        speaker_head(p, o);
        if (strcmp(h, o) == 0)
            return p;
    }
    return by;
}

/* ---- who did it ---- */

/* "US" the country, not "us" the pronoun: the folded forms are the same. */
static int pronoun_us(const tally_tokens *tk, size_t i) {
    return is_word(tk, i, "us") && !(tk->toks[i].flags & TALLY_TF_UPPER);
}

/* The sentence's date as yyyymmdd, for dated actor codes: its first resolved date,
 * else the article's. */
static int32_t sentence_day(const coder *c, const sentence_info *si) {
    tally_ymd d = c->art->date;
    for (size_t i = 0; i < si->ndates; i++)
        if (si->dates[i].start.y && si->dates[i].precision <= TALLY_PREC_WEEK) {
            d = si->dates[i].start;
            break;
        }
    return d.y ? d.y * 10000 + d.m * 100 + d.d : 0;
}

/* The CAMEO code of mention m: an agent with no country of its own ("---MIL") is the
 * speaker's after "its" ("the US military said its troops ..."), else the article's
 * setting's. */
static const char *mention_code(coder *c, const sentence_info *si, const tally_actor_mention *m,
                                const tally_actor_mention *all, size_t n) {
    const tally_tokens *tk = c->tk;
    if (!m->code || strncmp(m->code, "---", 3) != 0)
        return m->code;
    if (m->start > 0 && (is_word(tk, m->start - 1, "its") || is_word(tk, m->start - 1, "their")) && si->by)
        for (size_t j = 0; j < n && all[j].end < m->start; j++) {
            const char *pc = all[j].code;
            if (pc && strlen(pc) > 3 && pc[0] != '-' && strstr(si->by, words_of(c->a, tk, all[j].start, all[j].end)))
                return pc;
        }
    char buf[40];
    snprintf(buf, sizeof buf, "%s", c->setting ? c->setting : "");
    tally_actors_compose(buf, sizeof buf, m->code);
    return tally_arena_strndup(c->a, buf, strlen(buf));
}

/* After the speaker's words, does the speech go on with the speaker as subject
 * ("... reported it had raided", "said they killed")? */
static int speaker_did_it(coder *c, const sentence_info *si, size_t from) {
    const tally_tokens *tk = c->tk;
    for (size_t i = 0; i < si->nm; i++) {
        const match *m = &si->m[i];
        if (m->e->section != DICT_SPEECH || m->start < from || m->start > from + 3)
            continue;
        for (size_t k = m->end; k < m->end + 3 && k < tk->ntoks; k++)
            if (is_word(tk, k, "it") || is_word(tk, k, "they") || is_word(tk, k, "we") ||
                is_word(tk, k, "its") || is_word(tk, k, "their"))
                return 1;
    }
    return 0;
}

/* Can the words ending at token from be the subject of the verb at token verb:
 * no clause boundary or other event word between them? */
static int subject_reach(coder *c, const sentence_info *si, size_t from, size_t verb) {
    const tally_tokens *tk = c->tk;
    static const char *stop[] = {"as", "while", "when", "after", "before", "since", "because", ";", ":",
                                 "that", "which", "who", "where", "flared", "said", "says"};
    for (size_t i = from; i < verb; i++) {
        for (size_t k = 0; k < ARRAY_LEN(stop); k++)
            if (is_word(tk, i, stop[k]))
                return 0;
        if (match_at(si, i, M_TRIG) || match_at(si, i, M_CAS))
            return 0;
    }
    return 1;
}

/* Is an actor code the police's or the authorities' (---COP, ---GOV, ---JUD)? */
static int authority(const char *code) {
    size_t n = code ? strlen(code) : 0;
    return n >= 3 && (!strcmp(code + n - 3, "COP") || !strcmp(code + n - 3, "GOV") || !strcmp(code + n - 3, "JUD"));
}

/* Do the words after an actor, tokens [from, verb), start with a verb of saying or
 * looking into ("police said", "police say", "police are investigating"): the actor
 * tells of the event rather than doing it? The verbs are data/verbs.dict's speech=1
 * and 01-09 (verbal) ones and data/claims.dict's speech ones. */
static int reports(coder *c, const sentence_info *si, size_t from, size_t verb) {
    const tally_tokens *tk = c->tk;
    for (size_t k = from; k < verb && k < from + 4; k++) {
        if (match_at(si, k, 1u << DICT_SPEECH))
            return 1;
        const tally_dict_entry *e;
        if (tally_dict_match(tk, k, verb, 1u << DICT_VERB, &e) && tally_dict_is_builtin(e)) {
            const char *cameo = S(e, "cameo");
            return S(e, "speech") || (cameo && cameo[0] == '0');
        }
    }
    return 0;
}

/* Actors around the event's verb (the trigger, or the casualty word before it):
 * the subject just before it, or the agent after a passive "by", did it; those
 * after it are its targets (civilians its victims). Speakers are actors only when
 * the sentence names no one else ("the US military said it raided"). */
void tally_claims_actors(coder *c, building *b, size_t s, size_t trig_tok) {
    const tally_tokens *tk = c->tk;
    const sentence_info *si = &c->si[s];
    size_t sb = tk->sents[s].tok_start, se = tk->sents[s].tok_end;
    size_t verb = trig_tok;
    for (size_t i = 0; i < si->nm; i++)
        if (si->m[i].e->section == DICT_CASUALTY && si->m[i].start < verb && si->m[i].start + 12 > trig_tok &&
            object_verb(tk, si->m[i].start))
            verb = si->m[i].start;
    int passive_by = -1, has_perp = 0;
    /* "were killed", "was detained": the subject is who it happened to */
    int passive = verb > sb && (is_word(tk, verb - 1, "was") || is_word(tk, verb - 1, "were") ||
                                is_word(tk, verb - 1, "been") || is_word(tk, verb - 1, "being") ||
                                (verb > sb + 1 && (is_word(tk, verb - 2, "was") || is_word(tk, verb - 2, "were"))));
    for (size_t k = 0; k < b->nactors; k++)
        if (b->actors[k].role == TALLY_ROLE_PERPETRATOR)
            has_perp = 1;
    /* "an incursion into Sadr City by American forces", "was fired upon by gunmen":
       a "by" soon after any event word of the sentence */
    for (size_t t = 0; t < si->nm && passive_by < 0; t++) {
        if (si->m[t].e->section != DICT_TRIGGER && si->m[t].e->section != DICT_CASUALTY)
            continue;
        for (size_t i = si->m[t].end; i < se && i < si->m[t].end + 6; i++)
            if (is_word(tk, i, "by")) {
                passive_by = (int)i;
                break;
            } else if (is_clause_break(tk, i) || is_word(tk, i, ",")) {
                break;
            }
    }
    tally_actor_mention *ms;
    size_t nm = tally_actors_find(c->a, tk, s, sentence_day(c, si), NULL, &ms);
    for (int pass = 0; pass < 2; pass++) {
        int added_perp = 0;
        for (size_t i = 0; i < nm && b->nactors < ARRAY_LEN(b->actors); i++) {
            const tally_actor_mention *m = &ms[i];
            if (m->country || !m->code)
                continue; /* a country or its capital alone is a place, not who did it */
            const char *words = words_of(c->a, tk, m->start, m->end);
            int speaker = si->by && words && strstr(si->by, words);
            if (speaker != pass)
                continue;
            int civ = m->kind && strcmp(m->kind, "civilians") == 0;
            uint8_t role;
            if (passive_by >= 0 && (int)m->start > passive_by && m->start < (size_t)passive_by + 6 && !civ)
                role = TALLY_ROLE_PERPETRATOR;
            else if (m->start <= verb && m->end <= verb + 2 && m->start + 10 >= verb && !civ &&
                     subject_reach(c, si, m->end, verb) && !passive)
                role = TALLY_ROLE_PERPETRATOR;
            else if (passive && m->end <= verb && m->start + 10 >= verb)
                role = civ ? TALLY_ROLE_VICTIM : TALLY_ROLE_TARGET; /* "terrorists were killed" */
            else if (m->start > verb && m->start < verb + 12)
                role = civ ? TALLY_ROLE_VICTIM : TALLY_ROLE_TARGET;
            else if (speaker && !civ && m->start < verb && speaker_did_it(c, si, m->end))
                role = TALLY_ROLE_PERPETRATOR; /* "the US military said it raided ..." */
            else
                continue;
            if (speaker && (role != TALLY_ROLE_PERPETRATOR || has_perp))
                continue;
            /* the police who report a shooting are its source, not its perpetrator */
            if (role == TALLY_ROLE_PERPETRATOR && authority(m->code) && (speaker || reports(c, si, m->end, verb)) &&
                !speaker_did_it(c, si, m->end))
                continue;
            /* perpetrators come from the sentence that tells the event, not from comment on it */
            if (role == TALLY_ROLE_PERPETRATOR && has_perp && s != b->first_sent)
                continue;
            const char *code = mention_code(c, si, m, ms, nm);
            int dup = 0;
            for (size_t k = 0; k < b->nactors; k++)
                if (b->actors[k].role == role && b->actors[k].code && code && strcmp(b->actors[k].code, code) == 0)
                    dup = 1;
            if (dup)
                continue;
            tally_actor *ac = &b->actors[b->nactors++];
            ac->role = role;
            ac->text = words;
            ac->code = code;
            ac->kind = m->kind;
            if (role == TALLY_ROLE_PERPETRATOR)
                added_perp = 1;
        }
        if (added_perp || has_perp)
            break;
    }
    /* "an Israeli air strike", "a Turkish raid": the state's forces did it */
    int fam = family(b->trig);
    if (!has_perp && b->nactors < ARRAY_LEN(b->actors) && trig_tok > sb && (fam == 1 || fam == 2 || fam == 3)) {
        int perp = 0;
        for (size_t k = 0; k < b->nactors; k++)
            perp |= b->actors[k].role == TALLY_ROLE_PERPETRATOR;
        for (size_t i = 0; i < si->nm && !perp; i++) {
            const match *m = &si->m[i];
            if (!S(m->e, "demonym") || m->end != trig_tok || !S(m->e, "code"))
                continue;
            if (pronoun_us(tk, m->start))
                continue;
            char buf[16];
            snprintf(buf, sizeof buf, "%.3sMIL", S(m->e, "code"));
            tally_actor *ac = &b->actors[b->nactors++];
            ac->role = TALLY_ROLE_PERPETRATOR;
            ac->text = words_of(c->a, tk, m->start, m->end);
            ac->code = tally_arena_strndup(c->a, buf, strlen(buf));
            ac->kind = "state forces";
        }
    }
    (void)sb;
}

/* A raid or arrest with no perpetrator, told in a military's own words ("a military
 * press release reported that a raid ..."), was that military's: the one the
 * report names as doing the other raids. */
void tally_claims_military(coder *c, tally_article *art) {
    const tally_actor *mil = NULL;
    int best = 0;
    for (size_t i = 0; i < art->nincidents; i++)
        for (size_t k = 0; k < art->incidents[i].nactors; k++) {
            const tally_actor *ac = &art->incidents[i].actors[k];
            size_t n = ac->code ? strlen(ac->code) : 0;
            if (ac->role != TALLY_ROLE_PERPETRATOR || n < 4 || strcmp(ac->code + n - 3, "MIL") != 0)
                continue;
            int count = 0;
            for (size_t j = 0; j < art->nincidents; j++)
                for (size_t q = 0; q < art->incidents[j].nactors; q++)
                    count += art->incidents[j].actors[q].role == TALLY_ROLE_PERPETRATOR &&
                             art->incidents[j].actors[q].code && !strcmp(art->incidents[j].actors[q].code, ac->code);
            if (count > best)
                best = count, mil = ac;
        }
    if (!mil)
        return;
    for (size_t i = 0; i < art->nincidents; i++) {
        tally_incident *in = &art->incidents[i];
        int perp = 0, military = 0;
        for (size_t k = 0; k < in->nactors; k++)
            perp |= in->actors[k].role == TALLY_ROLE_PERPETRATOR;
        if (perp || in->tally || !in->method ||
            (strcmp(in->method, "raid") != 0 && strcmp(in->method, "detention") != 0))
            continue;
        for (size_t e = 0; e < in->nevidence && !military; e++) {
            const tally_tokens *tk = c->tk;
            size_t s = in->evidence[e].sentence;
            for (size_t t = tk->sents[s].tok_start; t < tk->sents[s].tok_end && !military; t++)
                military = is_word(tk, t, "military") &&
                           (is_word(tk, t + 1, "press") || is_word(tk, t + 1, "statement") ||
                            is_word(tk, t + 1, "said") || is_word(tk, t + 1, "reported"));
        }
        if (!military)
            continue;
        tally_actor *acts = tally_arena_alloc(c->a, (in->nactors + 1) * sizeof *acts);
        memcpy(acts, in->actors, in->nactors * sizeof *acts);
        acts[in->nactors] = *mil;
        in->actors = acts;
        in->nactors++;
    }
}
