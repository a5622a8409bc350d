/* assemble.c: sentences into incidents: the event words of a sentence and which of
 * them tell an event of this report, whether its figures are a tally, and which
 * incident it is about: the one just told, an earlier one, or a new one; then the
 * place and day of each incident. */
#include "assemble.h"
#include "claims.h"
#include "finish.h"

#include <string.h>

/* ---- building incidents ---- */

/* How strongly a trigger names the event: a specific method beats a generic word. */
static int strength(const tally_dict_entry *t) {
    if (!t)
        return 0;
    int s = S(t, "weak") ? 1 : 3;
    const char *ty = S(t, "type");
    if (ty && (!strcmp(ty, "attack") || !strcmp(ty, "arrest") || !strcmp(ty, "cache")))
        s = 1;
    if (ty && (!strcmp(ty, "suicide") || !strcmp(ty, "airstrike")))
        s++;
    return s;
}

/* The best place mention in sentence s between tokens [from, to). */
static int best_place(coder *c, size_t s, size_t from, size_t to, int *rank) {
    int best = -1, br = 0;
    for (size_t i = c->sent_place[s]; i < c->ntext_places && c->places[i].sentence == s; i++) {
        const tally_place *p = &c->places[i];
        if (p->tok_start < from || p->tok_start >= to)
            continue;
        if (p->tok_start >= c->si[s].hist_from && p->tok_start < c->si[s].hist_to)
            continue; /* where the earlier attack was */
        int r = place_rank(p);
        int who = c->who_tok ? c->who_tok[p->tok_start] : 0;
        if (who == WHO_NAME)
            continue; /* a person's name ("Kendall died Friday"), not a place */
        if (who == WHO_HOME && r > 2)
            r = 2; /* where someone is from, maybe not where it happened */
        if (r > br) {
            br = r;
            best = (int)i;
        }
    }
    *rank = br;
    return best;
}

/* A new incident opened at sentence s, in c->inc. */
static building *new_incident(coder *c, size_t s) {
    grow(c->a, (void **)&c->inc, &c->capinc, c->ninc, sizeof *c->inc);
    building *b = &c->inc[c->ninc++];
    memset(b, 0, sizeof *b);
    b->first_sent = b->last_sent = (uint32_t)s;
    b->place_idx = -1;
    b->apart = c->apart;
    return b;
}

/* Add sentence s to incident b's evidence, once. */
static void add_sent(coder *c, building *b, size_t s) {
    for (size_t i = 0; i < b->nsents; i++)
        if (b->sents[i] == s)
            return;
    grow(c->a, (void **)&b->sents, &b->capsents, b->nsents, sizeof *b->sents);
    b->sents[b->nsents++] = (uint32_t)s;
    if (s > b->last_sent)
        b->last_sent = (uint32_t)s;
}

/* Are figures x and y the same words of the same sentence, telling the same fate? */
static int same_fig(const figure *x, const figure *y) {
    return x->sent == y->sent && x->start == y->start && x->end == y->end && x->what == y->what;
}

/* Add figure f to incident b, once: two event units of a sentence may bring the
 * same figure. */
static void add_fig(coder *c, building *b, const figure *f) {
    for (size_t k = b->nfigs; k-- > 0 && b->figs[k].sent == f->sent;) /* figures come in text order */
        if (same_fig(&b->figs[k], f))
            return;
    grow(c->a, (void **)&b->figs, &b->capfigs, b->nfigs, sizeof *b->figs);
    b->figs[b->nfigs++] = *f;
}
/* Is date expression de the day of a step after the incident, not of the incident:
 * told with a speech or process word before it in its clause ("charged Tuesday",
 * "police said Monday", "a vigil Friday") and no event word between? */
/* Is token k the end of a detention act that held no people ("funeral services were
 * held Monday")? */
static int held_nobody(const sentence_info *si, size_t k) {
    for (size_t i = 0; i < si->nacts; i++)
        if (si->acts[i].end == k + 1 && si->acts[i].what == TALLY_ACT_DETAINED && !si->acts[i].npatients)
            return 1;
    return 0;
}

static int process_day(const coder *c, const sentence_info *si, size_t s, const tally_date_expr *de) {
    const tally_tokens *tk = c->tk;
    size_t b = tk->sents[s].tok_start;
    for (size_t k = de->tok_start; k > b && k + 7 > de->tok_start; k--) {
        if (is_word(tk, k - 1, ",") || is_word(tk, k - 1, ";") || is_word(tk, k - 1, "after") ||
            is_word(tk, k - 1, "when") || is_word(tk, k - 1, "and"))
            return 0;
        if (match_ending(si, k - 1, M_TRIG | M_CAS) && !match_ending(si, k - 1, 1u << DICT_PROCESS) &&
            !held_nobody(si, k - 1))
            return 0;
        const match *m = match_ending(si, k - 1, (1u << DICT_SPEECH) | (1u << DICT_PROCESS));
        if (m && (m->e->section == DICT_PROCESS || !is_word(tk, m->start, "according")))
            return 1;
    }
    /* "police on Tuesday charged", "On Tuesday, police announced charges" */
    size_t e = tk->sents[s].tok_end, k = de->tok_end;
    if (is_word(tk, k, ","))
        k++;
    for (size_t q = k; q < e && q < k + 4; q++) {
        if (is_word(tk, q, ",") || match_at(si, q, M_TRIG | M_CAS))
            return 0;
        const match *m = match_at(si, q, (1u << DICT_SPEECH) | (1u << DICT_PROCESS));
        if (m && !is_word(tk, m->start, "according"))
            return 1;
    }
    return 0;
}

/* Is date de the day of an arrest ("was taken into custody Thursday", "On Tuesday,
 * deputies arrested ..."): the recognized act nearest to it in its clause a detention? */
static int arrest_day(const coder *c, const sentence_info *si, const tally_date_expr *de) {
    const tally_tokens *tk = c->tk;
    int best = -1;
    size_t bestd = 8;
    for (size_t i = 0; i < si->nacts; i++) {
        const tally_act *a = &si->acts[i];
        size_t from = a->end <= de->tok_start ? a->end : de->tok_end, to = a->end <= de->tok_start ? de->tok_start : a->start;
        if (a->start < de->tok_end && de->tok_start < a->end)
            continue;
        if (to - from >= bestd)
            continue;
        int apart = 0; /* another clause */
        for (size_t k = from; k < to && !apart; k++)
            apart = is_word(tk, k, ",") || is_word(tk, k, ";") || is_word(tk, k, "after") || is_word(tk, k, "when");
        if (!apart)
            best = (int)i, bestd = to - from;
    }
    if (best < 0 || si->acts[best].what != TALLY_ACT_DETAINED || si->acts[best].negated || si->acts[best].irrealis)
        return 0;
    /* an arrest for an act told by its noun after it ("in the shooting of", "in
       connection with the death"): a later step; one told with a raid is the raid's */
    for (size_t i = 0; i < si->nacts; i++)
        if (si->acts[i].form == TALLY_FORM_NOMINAL && si->acts[i].what != TALLY_ACT_DETAINED &&
            si->acts[i].start > si->acts[best].start)
            return 1;
    return 0;
}

/* Is b an arrest told as the incident ("was arrested Oct. 4"), whose day is the
 * arrest's: its event word, or people detained and nobody hurt? */
static int is_arrest(const building *b) {
    int hurt = 0, held = 0;
    for (size_t f = 0; f < b->nfigs; f++) {
        hurt |= b->figs[f].what != WHAT_DETAINED;
        held |= b->figs[f].what == WHAT_DETAINED;
    }
    return !hurt && (held || (b->trig && S(b->trig, "type") && strcmp(S(b->trig, "type"), "arrest") == 0));
}

/* Is date d told as "overnight"? */
static int overnight(const coder *c, const tally_date_expr *d) {
    return is_word(c->tk, d->tok_start, "overnight");
}

/* Take the sentence's date for the incident when it has none yet: the one nearest
 * near_tok, a step after the incident only when the incident is an arrest. */
static void take_date(coder *c, building *b, size_t s, size_t near_tok) {
    const sentence_info *si = &c->si[s];
    int best = -1;
    size_t bestd = (size_t)-1;
    int arrest = is_arrest(b);
    for (size_t d = 0; d < si->ndates; d++) {
        const tally_date_expr *de = &si->dates[d];
        if (de->since || (!de->start.y && !de->shift) || de->precision == TALLY_PREC_YEAR)
            continue;
        if (!arrest && (process_day(c, si, s, de) || arrest_day(c, si, de)))
            continue; /* a later step's day */
        if (si->anchor.y && de->start.y == si->anchor.y && de->start.m == si->anchor.m &&
            de->start.d == si->anchor.d && is_word(c->tk, de->tok_start, "on") &&
            de->tok_start > 0 && (is_word(c->tk, de->tok_start - 1, "reported") || is_word(c->tk, de->tok_start - 1, "said")))
            continue; /* the date of the report, not of the event */
        size_t dist = de->tok_start > near_tok ? de->tok_start - near_tok : near_tok - de->tok_start;
        if (dist < bestd) {
            bestd = dist;
            best = (int)d;
        }
    }
    if (best < 0)
        return;
    if (b->has_date) {
        /* "shot overnight ... early Wednesday, just before two": the day told wins over
           "overnight", which may be either side of midnight */
        const tally_date_expr *n = &si->dates[best];
        if (!overnight(c, &b->date) || overnight(c, n) || n->precision != TALLY_PREC_DAY || !n->start.d || n->shift)
            return;
        int64_t gap = tally_ymd_to_days(n->start) - tally_ymd_to_days(b->date.start);
        if (gap < -1 || gap > 1)
            return;
    }
    tally_date_expr de = si->dates[best];
    if (de.shift) {
        /* "the next day": from the incident before */
        if (c->ninc < 2 || !c->inc[c->ninc - 2].has_date || !c->inc[c->ninc - 2].date.start.d)
            return;
        tally_ymd base = c->inc[c->ninc - 2].date.start;
        de.start = de.end = tally_ymd_from_days(tally_ymd_to_days(base) + de.shift);
        de.precision = TALLY_PREC_DAY;
    }
    b->date = de;
    b->date_text = words_of(c->a, c->tk, de.tok_start, de.tok_end);
    b->has_date = 1;
}

/* Take the best place of tokens [from, to) of sentence s for the incident when it is
 * more specific than the one it has (a province at least). */
static void take_place(coder *c, building *b, size_t s, size_t from, size_t to) {
    int rank;
    int p = best_place(c, s, from, to, &rank);
    if (p >= 0 && rank >= 3 && rank > b->place_rank) {
        b->place_idx = p;
        b->place_rank = rank;
    }
}

/* ---- event words: the report's own events and history ---- */

/* Is trigger t a reference back to an event told before ("the raid", "Friday's raid")? */
static int is_reference(const tally_tokens *tk, const trigger *t) {
    size_t i = t->start;
    if (i == 0)
        return 0;
    /* "the raid", "this attack", "Friday's raid", "the three raids", "the strike on ..." */
    size_t k = i - 1;
    while (k > 0 && (tk->toks[k].kind == TALLY_TOK_NUM || is_word(tk, k, "violent") ||
                     is_word(tk, k, "deadly") || is_word(tk, k, "latest") || is_word(tk, k, "recent") ||
                     is_word(tk, k, "three") || is_word(tk, k, "two") || is_word(tk, k, "us") ||
                     is_word(tk, k, "u.s.") || is_word(tk, k, "american") || is_word(tk, k, "military")))
        k--;
    return is_word(tk, k, "the") || is_word(tk, k, "this") || is_word(tk, k, "that") || is_word(tk, k, "'s") ||
           is_word(tk, k, "these") || is_word(tk, k, "those") || is_word(tk, k, "such");
}

/* Does a phrase at token k tell what someone did before ("a leader responsible for the
 * July 2 bombing", "the insurgent behind the attack")? Returns its length, 0 if not. */
static int history_cue(const tally_tokens *tk, size_t k) {
    static const char *pairs[][2] = {
        {"responsible", "for"}, {"responsibility", "for"}, {"involved", "in"}, {"involvement", "in"},
        {"connected", "to"},    {"connected", "with"},     {"linked", "to"},   {"linked", "with"},
        {"tied", "to"},         {"blamed", "for"},         {"part", "in"},     {"role", "in"},
    };
    static const char *single[] = {"behind", "planned", "masterminded", "orchestrated", "organized",
                                   "coordinated", "facilitated", "directed"};
    for (size_t i = 0; i < ARRAY_LEN(pairs); i++)
        if (is_word(tk, k, pairs[i][0]) && is_word(tk, k + 1, pairs[i][1]))
            return 2;
    for (size_t i = 0; i < ARRAY_LEN(single); i++)
        if (is_word(tk, k, single[i]))
            return 1;
    return 0;
}

/* The span of sentence s that tells an earlier attack as someone's history: from the
 * cue to the end of its clause, when the trigger t follows the cue closely. The
 * report's own event must already be told (an incident, or a fresh trigger or a
 * figure outside the span),
 * so "a group claimed responsibility for the bombing" in a lead stays the event. */
static int history_span(const coder *c, size_t s, const trigger *trig, size_t nt, size_t ti,
                        const figure *figs, size_t nf, size_t *from, size_t *to) {
    const tally_tokens *tk = c->tk;
    size_t b = tk->sents[s].tok_start, e = tk->sents[s].tok_end;
    const trigger *t = &trig[ti];
    size_t lim = t->start > b + 8 ? t->start - 8 : b;
    size_t cue = SIZE_MAX;
    for (size_t k = t->start; k-- > lim;) {
        if (is_clause_break(tk, k) || is_word(tk, k, ","))
            break;
        int n = history_cue(tk, k);
        if (n && k + (size_t)n <= t->start) {
            cue = k;
            break;
        }
        /* "a leader who led bomb attacks": what a man does, attacks in the plural */
        const match *who = k > b && is_word(tk, k, "who") ? match_ending(&c->si[s], k - 1, M_NOUN) : NULL;
        if (who && who->e->section == DICT_PERSON && tally_recognize_plural(tally_tokens_fold(tk, t->end - 1)) &&
            !object_verb(tk, t->end - 1)) {
            cue = k;
            break;
        }
    }
    if (cue == SIZE_MAX)
        return 0;
    size_t end = t->end;
    while (end < e && !is_clause_break(tk, end) && !is_word(tk, end, "during"))
        end++;
    int told = c->ninc > 0;
    for (size_t i = 0; i < nt && !told; i++)
        if (i != ti && trig[i].fresh && !trig[i].weak && (trig[i].start < cue || trig[i].start >= end))
            told = 1;
    for (size_t f = 0; f < nf && !told; f++)
        if (figs[f].start < cue || figs[f].start >= end)
            told = 1; /* "confirmed the death of the insurgent behind the attack" */
    if (!told)
        return 0;
    *from = cue;
    *to = end;
    return 1;
}

/* Does sentence s count over several operations ("detained 12 suspects during four
 * operations", "in separate raids")? Its figures are a sum of incidents, told one by
 * one or not at all: a tally. */
static int several_operations(const tally_tokens *tk, size_t s) {
    static const char *ops[] = {"operations", "raids", "strikes", "missions", "engagements", "attacks", "airstrikes"};
    size_t b = tk->sents[s].tok_start, e = tk->sents[s].tok_end;
    for (size_t i = b; i + 2 < e; i++) {
        if (!(is_word(tk, i, "during") || is_word(tk, i, "in") || is_word(tk, i, "across") ||
              is_word(tk, i, "throughout") || is_word(tk, i, "over")))
            continue;
        size_t k = i + 1;
        if (is_word(tk, k, "a") && (is_word(tk, k + 1, "series") || is_word(tk, k + 1, "number")) &&
            is_word(tk, k + 2, "of"))
            k += 3;
        else if (is_word(tk, k, "separate") || is_word(tk, k, "several") || is_word(tk, k, "multiple") ||
                 is_word(tk, k, "numerous") ||
                 ((tk->toks[k].kind == TALLY_TOK_NUM || (tk->toks[k].lex & LEX_NUMWORD)) && !is_word(tk, k, "a") &&
                  !is_word(tk, k, "one") && !is_word(tk, k, "1")))
            k += 1;
        else
            continue;
        for (size_t q = k; q < e && q < k + 3; q++)
            for (size_t w = 0; w < ARRAY_LEN(ops); w++)
                if (is_word(tk, q, ops[w]))
                    return 1;
    }
    return 0;
}

/* ---- which incident a sentence is about ---- */

/* Two day dates more than a day apart? */
static int dates_differ(const tally_date_expr *x, const tally_date_expr *y) {
    if (!x->start.y || !y->start.y || !x->start.d || !y->start.d)
        return 0;
    int32_t d = tally_ymd_to_days(x->start) - tally_ymd_to_days(y->start);
    return d > 1 || d < -1;
}

/* The sentence's own day date, if it has one (first in text order). */
static const tally_date_expr *sentence_day(const sentence_info *si) {
    for (size_t d = 0; d < si->ndates; d++)
        if (!si->dates[d].since && si->dates[d].start.y && si->dates[d].precision == TALLY_PREC_DAY)
            return &si->dates[d];
    return NULL;
}

/* Do two place mentions name different places (another province, or another town)? */
static int places_conflict(coder *c, int p, int q) {
    if (p < 0 || q < 0)
        return 0;
    const tally_place *x = &c->places[p], *y = &c->places[q];
    if (x->loc.admin1 && y->loc.admin1 && strcmp(x->loc.admin1, y->loc.admin1) != 0)
        return 1;
    if (place_rank(x) >= 5 && place_rank(y) >= 5 && x->loc.name && y->loc.name &&
        strcmp(x->loc.name, y->loc.name) != 0)
        return 1;
    return 0;
}

/* An incident told without a place: the place of the sentences just before it
 * ("an operation in X district. ... The strike killed three"), else the one
 * province the article names, if it names only one. */
static void inherit_place(coder *c, building *b) {
    size_t s0 = b->first_sent;
    for (size_t back = 1; back <= 3 && back <= s0; back++) {
        if (c->tk->toks[c->tk->sents[s0 - back + 1].tok_start].flags & TALLY_TF_PARA)
            break; /* not across a paragraph */
        int r;
        int p = best_place(c, s0 - back, c->tk->sents[s0 - back].tok_start, c->tk->sents[s0 - back].tok_end, &r);
        if (p >= 0 && r >= 3) {
            b->place_idx = p;
            b->place_rank = r;
            return;
        }
    }
    const char *only = NULL;
    int idx = -1;
    for (size_t i = 0; i < c->nplaces; i++) {
        const char *a1 = c->places[i].loc.admin1;
        if (!a1 || place_rank(&c->places[i]) < 3 || (int)i == c->dateline_place)
            continue;
        if (!c->setting || !c->places[i].loc.country || strcmp(c->places[i].loc.country, c->setting) != 0)
            return;
        if (only && strcmp(only, a1) != 0)
            return;
        if (!only || c->places[i].kind == TALLY_PLACE_ADMIN1) {
            only = a1;
            if (idx < 0 || c->places[i].kind == TALLY_PLACE_ADMIN1)
                idx = (int)i;
        }
    }
    if (idx >= 0) {
        b->place_idx = idx;
        b->place_rank = place_rank(&c->places[idx]);
    }
}

/* Told nowhere, not even by a dateline: the story's country (c->setting) where the
 * text names it ("Iraqi police", "in Iraq"), at a country's precision. */
static void story_country(coder *c, building *b) {
    size_t n = 0; /* names in that country: one alone ("Dominique") is no setting */
    for (size_t i = 0; c->setting && i < c->ntext_places; i++)
        n += c->places[i].loc.country && !strcmp(c->places[i].loc.country, c->setting);
    for (size_t i = 0; n >= 2 && i < c->ntext_places; i++) {
        const tally_place *p = &c->places[i];
        if ((p->kind == TALLY_PLACE_COUNTRY || p->kind == TALLY_PLACE_DEMONYM) && p->loc.country &&
            !strcmp(p->loc.country, c->setting)) {
            b->place_idx = (int)i;
            b->place_rank = 1;
            return;
        }
    }
}

/* Are the figures no larger than what the incident already counts, kind by kind? */
static int figures_within(const building *b, const figure *figs, size_t nf) {
    int overlap = 0;
    for (size_t f = 0; f < nf; f++) {
        int64_t most = -1;
        for (size_t k = 0; k < b->nfigs; k++)
            if (b->figs[k].what == figs[f].what && b->figs[k].hi > most)
                most = b->figs[k].hi;
        if (most < 0)
            continue; /* a kind not counted yet: more about the same event */
        if (figs[f].hi > most)
            return 0;
        overlap = 1;
    }
    return overlap;
}

/* Does every figure repeat one the incident already has (the same count told again)? */
static int figures_equal(const building *b, const figure *figs, size_t nf) {
    for (size_t f = 0; f < nf; f++) {
        int same = 0;
        for (size_t k = 0; k < b->nfigs; k++)
            if (b->figs[k].what == figs[f].what && b->figs[k].lo == figs[f].lo && b->figs[k].hi == figs[f].hi)
                same = 1;
        if (!same)
            return 0;
    }
    return nf > 0;
}

/* Does trigger entry t name its event only weakly (a generic word)? */
static int strength_weak(const tally_dict_entry *t) { return strength(t) < 3; }

/* The token where the sentence's first figure starts. */
static size_t first_figure(const figure *figs, size_t nf) {
    size_t t = figs[0].start;
    for (size_t f = 1; f < nf; f++)
        if (figs[f].start < t)
            t = figs[f].start;
    return t;
}

/* Does the incident say it happened in a part of the country the dateline's place
 * is not in ("in northern Iraq" under a BAGHDAD dateline)? */
static int elsewhere(const coder *c, const building *b) {
    const tally_tokens *tk = c->tk;
    const tally_place *dl = &c->places[c->dateline_place];
    for (size_t k = 0; k < b->nsents; k++)
        for (size_t p = c->sent_place[b->sents[k]]; p < c->ntext_places && c->places[p].sentence == b->sents[k]; p++) {
            const tally_place *pl = &c->places[p];
            if (pl->kind != TALLY_PLACE_COUNTRY || pl->tok_start < 2 ||
                !is_word(tk, pl->tok_start - 2, "in") || !pl->loc.has_coords || !dl->loc.has_coords)
                continue;
            size_t d = pl->tok_start - 1; /* "in eastern Afghanistan" */
            double dlat = dl->loc.lat - pl->loc.lat, dlon = dl->loc.lon - pl->loc.lon;
            if ((is_word(tk, d, "northern") && dlat < 0.5) || (is_word(tk, d, "southern") && dlat > -0.5) ||
                (is_word(tk, d, "eastern") && dlon < 0.5) || (is_word(tk, d, "western") && dlon > -0.5))
                return 1;
        }
    return 0;
}

/* A later release about an incident an earlier one told (the same province, days
 * within two, the same kind or an arrest): its sentences join that incident, their
 * figures as a restatement. Returns 1 when b was merged. */
static int merge_release(coder *c, building *b) {
    if (b->tally || c->si[b->first_sent].part == 0)
        return 0;
    for (size_t k = 0; k < c->ninc; k++) {
        building *o = &c->inc[k];
        if (o == b || o->tally || o->merged || (o->pending && !o->nfigs) ||
            c->si[o->first_sent].part >= c->si[b->first_sent].part)
            continue;
        const tally_place *pb = b->place_idx >= 0 ? &c->places[b->place_idx] : NULL;
        const tally_place *po = o->place_idx >= 0 ? &c->places[o->place_idx] : NULL;
        if (pb && po && (!pb->loc.admin1 || !po->loc.admin1 || strcmp(pb->loc.admin1, po->loc.admin1) != 0))
            continue;
        if (b->has_date && o->has_date && b->date.start.y && o->date.start.y) {
            int64_t d = tally_ymd_to_days(b->date.start) - tally_ymd_to_days(o->date.start);
            if (d > 2 || d < -2)
                continue;
        }
        if (family(b->trig) != family(o->trig) && !S(b->trig, "weak") && S(b->trig, "type") &&
            strcmp(S(b->trig, "type"), "arrest") != 0)
            continue; /* another kind of event; an arrest or an "operation" may be the same one */
        for (size_t q = 0; q < b->nsents; q++)
            add_sent(c, o, b->sents[q]);
        for (size_t f = 0; f < b->nfigs; f++)
            add_fig(c, o, &b->figs[f]);
        return 1;
    }
    return 0;
}

/* Has an incident been told yet (not only opened by a generic word)? */
static int told_any(const coder *c) {
    for (size_t k = 0; k < c->ninc; k++)
        if (!c->inc[k].pending)
            return 1;
    return 0;
}

/* The sentence among the five before s that tells a day and a place, or -1. */
static int setting_sentence(coder *c, size_t s) {
    for (size_t q = s; q-- > 0 && q + 5 >= s;) {
        const sentence_info *si = &c->si[q];
        int day = 0, rank;
        for (size_t d = 0; d < si->ndates; d++)
            day |= si->dates[d].precision == TALLY_PREC_DAY && !si->dates[d].since &&
                   (si->dates[d].start.y || si->dates[d].relative);
        if (day && best_place(c, q, c->tk->sents[q].tok_start, c->tk->sents[q].tok_end, &rank) >= 0 && rank >= 3)
            return (int)q;
    }
    return -1;
}

/* Is date expression d a day of its own, before or on the report's day? */
static int past_day(const coder *c, const tally_date_expr *d) {
    if (d->since || !d->start.y || !d->start.d || d->precision != TALLY_PREC_DAY)
        return 0;
    return !c->art->date.y || tally_ymd_to_days(d->start) <= tally_ymd_to_days(c->art->date);
}

/* Is token i in sentence s inside an earlier attack told as history? */
static int in_history(const coder *c, size_t s, size_t i) {
    return i >= c->si[s].hist_from && i < c->si[s].hist_to;
}

/* The day a report names its incident by, "the March 9 shooting", "Saturday's
 * fatal shooting": a date right before an act's noun (past "'s" and an adjective).
 * A follow-up story (an arrest, a hearing, a funeral) tells its incident so. Sets
 * *out and returns 1 when found. */
int tally_assemble_named_day(const coder *c, tally_date_expr *out, const tally_dict_entry **what) {
    const tally_tokens *tk = c->tk;
    for (size_t s = 0; s < tk->nsents; s++) {
        const sentence_info *si = &c->si[s];
        for (size_t d = 0; d < si->ndates; d++) {
            const tally_date_expr *de = &si->dates[d];
            if (!past_day(c, de) || in_history(c, s, de->tok_start))
                continue;
            size_t k = de->tok_end;
            if (is_word(tk, k, "'s"))
                k++;
            for (int adj = 0; adj < 2 && k < tk->sents[s].tok_end; adj++)
                if (is_word(tk, k, "fatal") || is_word(tk, k, "deadly") || is_word(tk, k, "double") ||
                    is_word(tk, k, "triple") || is_word(tk, k, "night") || is_word(tk, k, "morning") ||
                    is_word(tk, k, "afternoon") || is_word(tk, k, "evening") || is_word(tk, k, "accidental"))
                    k++;
            const match *m = match_at(si, k, M_TRIG | M_CAS);
            if (m &&
                (m->e->section == DICT_TRIGGER || what_of(m->e) == WHAT_KILLED)) {
                *out = *de;
                *what = m->e;
                return 1;
            }
        }
    }
    return 0;
}

/* An incident told with no day of its own takes the nearest day told in the
 * sentences around it ("It happened about 2 a.m. Saturday"), before or after: within
 * three sentences, or anywhere when no other incident of the report has a day. */
static void nearby_day(coder *c, building *b) {
    const tally_tokens *tk = c->tk;
    int dated = 0; /* another incident of the report with a day of its own */
    for (size_t k = 0; k < c->ninc; k++)
        dated |= &c->inc[k] != b && c->inc[k].has_date && !c->inc[k].tally;
    size_t far = dated ? 3 : tk->nsents; /* the report's only dated story: any day it tells */
    int arrest = is_arrest(b);
    for (size_t dist = 1; dist <= far && !b->has_date; dist++)
        for (size_t side = 0; side < 2 * b->nsents && !b->has_date; side++) {
            /* dist sentences before or after one of its own, between them too */
            size_t own = b->sents[side / 2], s = side % 2 ? own + dist : own - dist;
            if ((side % 2 == 0 && own < dist) || s >= tk->nsents)
                continue;
            const sentence_info *si = &c->si[s];
            int other = 0; /* the day of another incident's sentence is that incident's */
            for (size_t k = 0; k < c->ninc && !other; k++)
                for (size_t q = 0; q < c->inc[k].nsents && &c->inc[k] != b; q++)
                    other |= c->inc[k].sents[q] == s;
            for (size_t d = 0; d < si->ndates && !b->has_date && !other; d++)
                if (past_day(c, &si->dates[d]) && !in_history(c, s, si->dates[d].tok_start) && !si->period &&
                    !process_day(c, si, s, &si->dates[d]) && (arrest || !arrest_day(c, si, &si->dates[d]))) {
                    b->date = si->dates[d];
                    b->date_text = words_of(c->a, tk, si->dates[d].tok_start, si->dates[d].tok_end);
                    b->has_date = 1;
                }
        }
}

/* Code one event unit of sentence s: attach it to an incident or start one.
 * Returns the incident now being read about (cur). */
static int code_unit(coder *c, size_t s, const trigger *t, int place, figure *figs, size_t nf,
                     int has_date, size_t ub, size_t ue, int cur) {
    const tally_tokens *tk = c->tk;
    const sentence_info *si = &c->si[s];
    building *target = NULL;
    building *prev = cur >= 0 ? &c->inc[cur] : NULL;
    const tally_date_expr *day = sentence_day(si);
    int same_place = prev && place >= 0 && prev->place_idx >= 0 && !places_conflict(c, place, prev->place_idx);
    int other_place = prev && place >= 0 && prev->place_idx >= 0 && places_conflict(c, place, prev->place_idx);
    int other_day = prev && day && prev->has_date && dates_differ(day, &prev->date);
    int restated = nf > 0; /* only "the leader", "both men": people already told of */
    for (size_t f = 0; f < nf; f++)
        if (!(figs[f].singular && figs[f].definite) && !figs[f].anaphor)
            restated = 0;
    if (restated && prev && !other_place && !other_day && s <= prev->last_sent + 6 && !prev->tally)
        target = prev;
    /* the same figure told again ("two suspected insurgents were detained") belongs to
       the incident that gave it, even when a description came in between */
    if (!target && nf && place < 0 && !day)
        for (size_t k = c->ninc; k-- > 0 && !target;) {
            building *o = &c->inc[k];
            if (o->tally || o->pending || !o->nfigs || s > o->last_sent + 15)
                continue;
            /* not past the incident the sentence before was telling */
            if (prev && !prev->pending && o != prev && s <= prev->last_sent + 1)
                continue;
            if (figures_equal(o, figs, nf))
                target = o;
        }
    /* a detail of the incident just told: no place or day of its own, and figures no
       larger than those already given ("the air strike killed two of them") */
    if (!target && nf && prev && !prev->tally && place < 0 && !day && prev->nfigs &&
        (s <= prev->last_sent + 6 || (s <= prev->last_sent + 15 && figures_equal(prev, figs, nf))) &&
        figures_within(prev, figs, nf))
        target = prev;
    if (t && !target) {
        int fam = family(t->e);
        if (!t->fresh) {
            /* "the raid": the latest incident of that kind, if one was coded */
            for (size_t k = c->ninc; k-- > 0 && !target;) {
                building *o = &c->inc[k];
                if (o->tally || !o->trig)
                    continue;
                if (S(o->trig, "type") && S(t->e, "type") && strcmp(S(o->trig, "type"), S(t->e, "type")) == 0)
                    target = o;
            }
            if (!target && prev && family(prev->trig) == fam && !other_place)
                target = prev;
            if (!target && !nf)
                return cur;
        }
        if (!target) {
            int same_para = prev && c->si[prev->last_sent].para == si->para;
            int compatible = prev && (family(prev->trig) == fam || !prev->trig || (prev->pending && same_para) ||
                                      (t->weak && nf && s <= prev->last_sent + 2 &&
                                       (same_para || s == prev->last_sent + 1)));
            int near_prev = prev && s <= prev->last_sent + 3;
            int own = nf || (has_date && place >= 0 && !t->weak && !t->quoted);
            if (prev && (compatible || c->during) && near_prev && !other_place && !other_day) {
                target = prev; /* more about the event just described */
            } else if (prev && compatible && (same_place || (place < 0 && !day)) && s <= prev->last_sent + 8 &&
                       !other_day) {
                /* the same place, or none and no day of its own: still the same event */
                target = prev;
            } else if (own) {
                target = new_incident(c, s);
                target->trig = t->e;
                target->trig_tok = t->start;
            } else if (t->fresh && !t->quoted && (place >= 0 || has_date)) {
                /* "an operation in Bermal district today": an incident if what follows says
                   what happened in it */
                target = new_incident(c, s);
                target->trig = t->e;
                target->trig_tok = t->start;
                target->pending = 1;
            } else {
                return cur; /* an event word with nothing of its own */
            }
        }
        if (!target->trig || (strength(t->e) > strength(target->trig) &&
                              (family(target->trig) == fam || target->pending)))
            target->trig = t->e; /* a more specific word (air strike over attack) names it */
        if (nf || (!t->weak && t->fresh && !t->quoted && s != target->first_sent &&
                   c->si[target->last_sent].para == si->para))
            target->pending = 0; /* something happened: figures, or a violent act told with it */
        /* "an air strike ... yesterday. The strike in Kunar province ...": the event told
           again with the place it lacked */
        if (target->pending && !t->fresh && !t->weak && !strength_weak(target->trig) && place >= 0 &&
            target->place_idx < 0 && target->has_date && s == target->last_sent + 1)
            target->pending = 0;
        if (!t->quoted || nf || target->first_sent == s)
            tally_claims_actors(c, target, s, t->start); /* not from a quotation that only describes */
    } else if (nf && !target) {
        /* figures without an event word: about the incident just described, or a new one */
        if (prev && !other_place && !other_day &&
            (same_place || s <= prev->last_sent + 2 || (place < 0 && !day && s <= prev->last_sent + 6))) {
            target = prev;
            target->pending = 0;
        } else if (has_date || place >= 0 || c->apart) {
            target = new_incident(c, s);
            tally_claims_actors(c, target, s, first_figure(figs, nf));
        } else if (!told_any(c) && setting_sentence(c, s) >= 0) {
            /* the first figure of a report whose opening told where and when ("In Kunar
               last night, a force went to a compound ... The militants were all killed") */
            size_t q = (size_t)setting_sentence(c, s);
            target = new_incident(c, s);
            take_place(c, target, q, c->tk->sents[q].tok_start, c->tk->sents[q].tok_end);
            take_date(c, target, q, c->tk->sents[q].tok_start);
            add_sent(c, target, q);
            tally_claims_actors(c, target, s, first_figure(figs, nf));
        } else {
            /* a figure with no event, day or place of its own: kept as a tally, unless
               it tells of people one by one ("the boy's death"): that is an incident */
            int one_by_one = 1;
            for (size_t f = 0; f < nf; f++)
                one_by_one &= figs[f].singular;
            target = new_incident(c, s);
            target->tally = (uint8_t)!one_by_one;
        }
    }
    /* "residents said most of the dead were civilians": who the dead of the incident
       just told were, a claim of its own */
    if (!target && !t && !nf && si->victims && prev && !prev->tally && !other_place && !other_day &&
        s <= prev->last_sent + 2 && prev->nfigs) {
        add_sent(c, prev, s);
        return cur;
    }
    if (!target)
        return cur;
    take_place(c, target, s, ub, ue);
    add_sent(c, target, s);
    for (size_t f = 0; f < nf; f++)
        add_fig(c, target, &figs[f]);
    take_date(c, target, s, t ? t->start : (nf ? figs[0].start : tk->sents[s].tok_start));
    return target->tally ? cur : (int)(target - c->inc);
}

/* ---- a sentence into incidents ---- */

#define MAX_TRIG 16 /* triggers of one sentence */

/* The event words of sentence s as triggers, into trig (MAX_TRIG at most); those
 * inside quotation marks name no new event. Returns how many. */
static size_t sentence_triggers(const coder *c, size_t s, trigger *trig) {
    const tally_tokens *tk = c->tk;
    const sentence_info *si = &c->si[s];
    size_t nt = 0;
    for (size_t i = 0; i < si->nm && nt < MAX_TRIG; i++) {
        if (si->m[i].e->section != DICT_TRIGGER)
            continue;
        const match *after = match_at(si, si->m[i].end, M_NOUN);
        if (after && !object_verb(tk, si->m[i].end - 1))
            continue; /* "an IED facilitator", "a bomb maker", "IED materials": a kind of
                         person or thing, no event (but "battled gunmen" is one) */
        trigger *t = &trig[nt++];
        t->quoted = 0;
        for (size_t q = tk->sents[s].tok_start; q < si->m[i].start; q++)
            if (is_word(tk, q, "\""))
                t->quoted = !t->quoted;
        if (si->via && !si->by)
            t->quoted = 0; /* an outlet's report quoted word for word is still a report */
        t->sent = (uint32_t)s;
        t->start = si->m[i].start;
        t->end = si->m[i].end;
        t->e = si->m[i].e;
        t->weak = S(t->e, "weak") != NULL;
        t->fresh = !is_reference(tk, t);
    }
    return nt;
}

/* An earlier attack told as a target's history is no incident of this report: its
 * event word, its figures and the date that names it leave sentence s (*nt
 * triggers, *nf figures), and its tokens become the sentence's history span. */
static void drop_history(coder *c, size_t s, trigger *trig, size_t *ntp, figure *figs, size_t *nfp) {
    const tally_tokens *tk = c->tk;
    sentence_info *si = &c->si[s];
    size_t nt = *ntp, nf = *nfp;
    for (size_t i = 0; i < nt; i++) {
        size_t hf, ht;
        if (!history_span(c, s, trig, nt, i, figs, nf, &hf, &ht))
            continue;
        if (c->nhist < ARRAY_LEN(c->hist))
            c->hist[c->nhist++] = trig[i].e;
        size_t kt = 0, kf = 0, kd = 0, tend = trig[i].end;
        for (size_t j = 0; j < nt; j++)
            if (trig[j].start < hf || trig[j].start >= ht)
                trig[kt++] = trig[j];
        for (size_t f = 0; f < nf; f++)
            if (figs[f].start < hf || figs[f].start >= ht)
                figs[kf++] = figs[f];
        for (size_t d = 0; d < si->ndates; d++) {
            const tally_date_expr *de = &si->dates[d];
            int month = 0; /* "Jan. 7": a day of its own, not "today" */
            for (size_t k = de->tok_start; k < de->tok_end; k++)
                month |= (tk->toks[k].lex & LEX_MONTH) != 0;
            int names_it = de->tok_start >= hf && de->tok_start < ht &&
                           (de->tok_start < tend || !de->relative || month);
            if (!names_it)
                si->dates[kd++] = *de;
        }
        nt = kt, nf = kf, si->ndates = kd;
        if (si->hist_to == si->hist_from)
            si->hist_from = (uint32_t)hf, si->hist_to = (uint32_t)ht;
        i = (size_t)-1; /* the list changed: look again from the start */
    }
    *ntp = nt;
    *nfp = nf;
}

/* "during the attack, two soldiers were killed": more about the earlier attack, when
 * that is the only attack of its kind the report told of. Then sentence s keeps no
 * trigger, figure or date, and all of it is history. */
static void history_again(coder *c, size_t s, const trigger *trig, size_t *nt, size_t *nf) {
    const tally_tokens *tk = c->tk;
    sentence_info *si = &c->si[s];
    for (size_t i = 0; i < *nt; i++) {
        if (trig[i].fresh)
            continue;
        int hist = 0, own = 0;
        for (size_t h = 0; h < c->nhist; h++)
            hist |= c->hist[h] == trig[i].e;
        for (size_t k = 0; k < c->ninc && hist; k++)
            own |= c->inc[k].trig == trig[i].e && !c->inc[k].pending;
        if (hist && !own) {
            *nt = *nf = 0;
            si->ndates = 0;
            si->hist_from = tk->sents[s].tok_start, si->hist_to = tk->sents[s].tok_end;
            break;
        }
    }
}

/* The strongest fresh trigger, else the strongest reference; -1 when none. */
static int best_trigger(const trigger *trig, size_t nt) {
    int best = -1;
    for (size_t i = 0; i < nt; i++) {
        int sc = strength(trig[i].e) + (trig[i].fresh ? 4 : 0);
        if (best < 0 || sc > strength(trig[best].e) + (trig[best].fresh ? 4 : 0))
            best = (int)i;
    }
    return best;
}

/* Does the sentence tell a day of its own (not a month, week or year)? */
static int has_day(const sentence_info *si) {
    int has_date = 0;
    for (size_t d = 0; d < si->ndates; d++)
        if (!si->dates[d].since && (si->dates[d].start.y || si->dates[d].shift || si->dates[d].relative) &&
            si->dates[d].precision != TALLY_PREC_MONTH && si->dates[d].precision != TALLY_PREC_YEAR &&
            si->dates[d].precision != TALLY_PREC_WEEK &&
            !(si->dates[d].precision == TALLY_PREC_UNKNOWN && !si->dates[d].relative))
            has_date = 1;
    return has_date;
}

/* Are the figures of sentence s a tally: figures over a period with no day of their
 * own ("have been killed since January", "in separate raids"), or a count too large
 * for one incident told with no day or place? best is the strongest trigger or NULL;
 * cur the incident the last sentences were about. */
/* Does a period phrase of sentence s ("so far", "this year", "since the war") go
 * with its figures: opening the sentence, or with no comma or semicolon between it
 * and a figure? ("Four were injured and, so far, three have gone home": no.) */
static int period_of(const coder *c, size_t s, const figure *figs, size_t nf) {
    const tally_tokens *tk = c->tk;
    const sentence_info *si = &c->si[s];
    size_t b = tk->sents[s].tok_start;
    for (size_t i = 0; i < si->nm; i++) {
        const match *m = &si->m[i];
        if (m->e->section != DICT_PERIOD)
            continue;
        if (m->start < b + 3)
            return 1;
        for (size_t f = 0; f < nf; f++) {
            size_t lo = figs[f].start < m->start ? figs[f].start : m->start;
            size_t hi = figs[f].end > m->end ? figs[f].end : m->end;
            int broken = 0;
            for (size_t k = lo; k < hi && !broken; k++)
                broken = is_word(tk, k, ",") || is_word(tk, k, ";");
            if (!broken)
                return 1;
        }
    }
    return 0;
}

static int is_tally(const coder *c, size_t s, const figure *figs, size_t nf, int has_date, int place,
                    const trigger *best, int cur) {
    const tally_tokens *tk = c->tk;
    const sentence_info *si = &c->si[s];
    int perfect = 0;
    for (size_t i = tk->sents[s].tok_start; i + 2 < tk->sents[s].tok_end; i++)
        if ((is_word(tk, i, "have") && ((is_word(tk, i + 1, "been") && match_at(si, i + 2, M_CAS)) ||
                                         match_at(si, i + 1, M_CAS))) ||
            (is_word(tk, i, "has") && match_at(si, i + 1, M_CAS) && object_verb(tk, i + 1) &&
             !is_word(tk, i + 1, "died")))
            perfect = 1; /* "have been killed", "has detained 35": a count so far; not "one
                            person has died" */
    /* a month alone ("last month") makes no tally of a few people an act befell
       ("shot four people in a bar last month"): that is one incident */
    int few_told = nf > 0, one_by_one = nf > 0; /* "a boy has died": no count so far */
    for (size_t f = 0; f < nf; f++) {
        few_told &= figs[f].hi < 10 && !figs[f].vague;
        one_by_one &= figs[f].singular;
    }
    int since_date = 0;
    for (size_t d = 0; d < si->ndates; d++)
        if (si->dates[d].since || (si->dates[d].precision == TALLY_PREC_MONTH && !few_told) ||
            si->dates[d].precision == TALLY_PREC_YEAR || si->dates[d].precision == TALLY_PREC_WEEK)
            since_date = 1;
    int64_t biggest = 0;
    for (size_t f = 0; f < nf; f++)
        if (figs[f].lo > biggest)
            biggest = figs[f].lo;
    if (one_by_one)
        perfect = 0; /* "a boy has died": a person, no count so far */
    int period = si->period && period_of(c, s, figs, nf);
    int tally = nf && (((period || perfect || since_date) && !has_date) ||
                       (perfect && (period || since_date)) || several_operations(tk, s));
    int telling = cur >= 0 && !c->inc[cur].tally && s <= c->inc[cur].last_sent + 2; /* just after an incident */
    if (nf && !has_date && place < 0 &&
        !telling && (biggest >= 1000 || (biggest >= 100 && (!best || best->weak))))
        tally = 1;
    return tally;
}

/* A tally of sentence s: an incident of its own with the sentence's figures, named
 * by the strongest trigger best (or none). */
static void open_tally(coder *c, size_t s, const trigger *best, const figure *figs, size_t nf, int place,
                       int rank) {
    building *b = new_incident(c, s);
    b->trig = best ? best->e : NULL;
    b->tally = 1;
    add_sent(c, b, s);
    for (size_t f = 0; f < nf; f++)
        add_fig(c, b, &figs[f]);
    if (place >= 0)
        b->place_idx = place, b->place_rank = rank;
    take_date(c, b, s, c->tk->sents[s].tok_start);
}

/* The event units of sentence s: normally the strongest trigger over the whole
 * sentence; fresh triggers of different kinds, each kind with a place of its own,
 * are separate incidents ("a drone fired on Basra and troops battled in Sadr City").
 * Sets each unit's trigger (ut: an index into trig, -1 none) and tokens [ub, ue);
 * returns how many (1 to 4). */
static size_t event_units(coder *c, size_t s, const trigger *trig, size_t nt, int best, int *ut, size_t *ub,
                          size_t *ue) {
    const tally_tokens *tk = c->tk;
    size_t nu = 0;
    int fam_of_unit[4];
    if (best >= 0 && trig[best].fresh) {
        for (size_t i = 0; i < nt; i++) {
            if (!trig[i].fresh || trig[i].weak)
                continue;
            size_t seg_end = tk->sents[s].tok_end;
            for (size_t j = i + 1; j < nt; j++)
                if (trig[j].fresh && !trig[j].weak && trig[j].start > trig[i].start) {
                    seg_end = trig[j].start;
                    break;
                }
            int r, pl = best_place(c, s, trig[i].start, seg_end, &r);
            if (pl < 0 || r < 3)
                continue;
            int fam = family(trig[i].e), dup = 0;
            for (size_t u = 0; u < nu; u++)
                if (fam_of_unit[u] == fam)
                    dup = 1;
            /* "... and another bomb wounded three in Basra": the same kind, told as another
               and somewhere else */
            int another = trig[i].start > tk->sents[s].tok_start &&
                          (is_word(tk, trig[i].start - 1, "another") || is_word(tk, trig[i].start - 1, "second"));
            for (size_t u = 0; u < nu && another; u++) {
                int ru, pu = best_place(c, s, ub[u], ue[u], &ru);
                if (pu < 0 || !places_conflict(c, pl, pu))
                    another = 0;
            }
            if ((dup && !another) || nu == 4)
                continue;
            fam_of_unit[nu] = fam;
            ut[nu] = (int)i;
            ub[nu] = trig[i].start;
            ue[nu] = seg_end;
            nu++;
        }
        if (nu < 2)
            nu = 0;
    }
    if (nu == 0) {
        nu = 1;
        ut[0] = best;
        ub[0] = tk->sents[s].tok_start;
        ue[0] = tk->sents[s].tok_end;
    }
    return nu;
}

/* "Separately, ...", "In another attack, ...", "Elsewhere, ...": not the incident
 * just told (c->apart, and no current incident); "During the operation, ...": more
 * of it (c->during). Returns the current incident. */
static int apart_or_during(coder *c, size_t s, const trigger *trig, size_t nt, int cur) {
    const tally_tokens *tk = c->tk;
    size_t f0 = tk->sents[s].tok_start;
    c->during = 0;
    for (size_t i = 0; i < nt; i++)
        if (!trig[i].fresh && trig[i].start >= f0 + 2 && trig[i].start <= f0 + 3 && is_word(tk, f0, "during"))
            c->during = 1;
    if (is_word(tk, f0, "separately") || is_word(tk, f0, "elsewhere") ||
        (is_word(tk, f0, "in") && (is_word(tk, f0 + 1, "another") ||
                                   (is_word(tk, f0 + 1, "a") && is_word(tk, f0 + 2, "separate")))))
        cur = -1, c->apart = 1;
    else
        c->apart = 0;
    return cur;
}

/* The figures of unit u of nu (starting at tokens ub): those after its trigger and
 * before the next unit's, as an arena array of *unf. */
static figure *unit_figures(coder *c, const figure *figs, size_t nf, const size_t *ub, size_t nu, size_t u,
                            size_t *unf) {
    figure *ufigs = tally_arena_alloc(c->a, (nf + 1) * sizeof *ufigs);
    *unf = 0;
    for (size_t f = 0; f < nf; f++) {
        size_t owner = 0;
        for (size_t v = 0; v < nu; v++)
            if (ub[v] <= figs[f].start && ub[v] >= ub[owner])
                owner = v;
        if (owner == u)
            ufigs[(*unf)++] = figs[f];
    }
    return ufigs;
}

int tally_assemble_sentence(coder *c, size_t s, figure *figs, size_t nf, int cur) {
    const tally_tokens *tk = c->tk;
    trigger trig[MAX_TRIG];
    size_t nt = sentence_triggers(c, s, trig);
    drop_history(c, s, trig, &nt, figs, &nf);
    history_again(c, s, trig, &nt, &nf);
    int best = best_trigger(trig, nt);
    int rank;
    int place = best_place(c, s, tk->sents[s].tok_start, tk->sents[s].tok_end, &rank);
    if (rank < 3)
        place = -1; /* a country alone says too little to tell incidents apart */
    int has_date = has_day(&c->si[s]);
    if (is_tally(c, s, figs, nf, has_date, place, best >= 0 ? &trig[best] : NULL, cur)) {
        open_tally(c, s, best >= 0 ? &trig[best] : NULL, figs, nf, place, rank);
        return cur;
    }
    size_t ub[4], ue[4];
    int ut[4];
    size_t nu = event_units(c, s, trig, nt, best, ut, ub, ue);
    cur = apart_or_during(c, s, trig, nt, cur);
    for (size_t u = 0; u < nu; u++) {
        figure *ufigs = figs;
        size_t unf = nf;
        if (nu > 1) { /* the figures after this unit's trigger and before the next unit's */
            ufigs = unit_figures(c, figs, nf, ub, nu, u, &unf);
            place = best_place(c, s, ub[u], ue[u], &rank);
        }
        cur = code_unit(c, s, ut[u] >= 0 ? &trig[ut[u]] : NULL, place, ufigs, unf, has_date, ub[u], ue[u], cur);
    }
    return cur;
}

/* ---- incidents settled for output ---- */

void tally_assemble_merge_releases(coder *c) {
    for (size_t i = 0; i < c->ninc; i++)
        if (!(c->inc[i].pending && !c->inc[i].nfigs))
            c->inc[i].merged = (uint8_t)merge_release(c, &c->inc[i]);
}

/* Does incident b tell a day of its own (not a month, not the report's)? */
static int own_day(const building *b) {
    return b->has_date && b->date.precision == TALLY_PREC_DAY && b->date.start.d;
}

/* Move incident b's sentences and figures into o, in text order; b is then merged. */
static void join_into(coder *c, building *b, building *o) {
    /* both in text order: merge them, each sentence and figure once */
    uint32_t *sents = tally_arena_alloc(c->a, (o->nsents + b->nsents + 1) * sizeof *sents);
    size_t ns = 0;
    for (size_t i = 0, j = 0; i < o->nsents || j < b->nsents;) {
        uint32_t x = j >= b->nsents || (i < o->nsents && o->sents[i] <= b->sents[j]) ? o->sents[i++] : b->sents[j++];
        if (!ns || sents[ns - 1] != x)
            sents[ns++] = x;
    }
    figure *figs = tally_arena_alloc(c->a, (o->nfigs + b->nfigs + 1) * sizeof *figs);
    size_t nf = 0;
    for (size_t i = 0, j = 0; i < o->nfigs || j < b->nfigs;) {
        const figure *x = j >= b->nfigs || (i < o->nfigs && o->figs[i].sent <= b->figs[j].sent) ? &o->figs[i++]
                                                                                                : &b->figs[j++];
        int again = 0;
        for (size_t k = nf; k-- > 0 && figs[k].sent == x->sent && !again;)
            again = same_fig(&figs[k], x);
        if (!again)
            figs[nf++] = *x;
    }
    o->sents = sents, o->nsents = o->capsents = ns;
    o->figs = figs, o->nfigs = o->capfigs = nf;
    o->first_sent = sents[0], o->last_sent = sents[ns - 1];
    if (!o->trig)
        o->trig = b->trig, o->trig_tok = b->trig_tok;
    if (o->place_idx < 0)
        o->place_idx = b->place_idx, o->place_rank = b->place_rank;
    for (size_t k = 0; k < b->nactors && o->nactors < ARRAY_LEN(o->actors); k++)
        o->actors[o->nactors++] = b->actors[k];
    b->merged = 1;
}
/* A news story tells its incident first with no day ("A teen was shot and killed,
 * police said") and then again with its day ("He was shot Friday night at a park"):
 * an incident with no day of its own joins the next incident, within eight
 * sentences, when that one has a day, is of the same kind and place, and is not told
 * as another ("Separately", "In another attack"). */
void tally_assemble_join_undated(coder *c) {
    for (size_t i = 0; i < c->ninc; i++) {
        building *b = &c->inc[i];
        if (b->tally || b->merged || (b->pending && !b->nfigs) || own_day(b) || !b->nfigs)
            continue;
        for (size_t k = i + 1; k < c->ninc; k++) {
            building *o = &c->inc[k];
            if (o->tally || o->merged || (o->pending && !o->nfigs))
                continue;
            if (!own_day(o) || o->first_sent > b->last_sent + 8 || o->apart || (b->place_idx >= 0 && o->place_idx >= 0 && places_conflict(c, b->place_idx, o->place_idx)) ||
                (b->trig && o->trig && family(b->trig) != family(o->trig) && !S(b->trig, "weak") && !S(o->trig, "weak")))
                break; /* another incident follows: b is its own */
            join_into(c, b, o);
            break;
        }
    }
}

int tally_assemble_settle(coder *c, size_t i, const tally_date_expr *named_d, const tally_dict_entry *named_e) {
    const tally_tokens *tk = c->tk;
    building *b = &c->inc[i];
    /* an incident with neither figure nor place nor date is not one we can code */
    if (!b->nfigs && b->place_idx < 0 && !b->has_date)
        return 0;
    if (b->pending && !b->nfigs)
        return 0;
    if (!b->nfigs && b->place_idx < 0)
        return 0;
    if (b->place_idx < 0 && !b->tally)
        inherit_place(c, b);
    if (b->merged)
        return 0;
    if (b->place_idx < 0 && !b->tally && c->dateline_place >= 0 && !elsewhere(c, b)) {
        b->place_idx = c->dateline_place; /* told nowhere else: where the report was filed */
        b->place_rank = place_rank(&c->places[c->dateline_place]);
    }
    if (b->place_idx >= 0 && b->place_idx == c->dateline_tail && c->dateline_place >= 0) {
        b->place_idx = c->dateline_place; /* "WICHITA, Kan.": Wichita, not all Kansas */
        b->place_rank = place_rank(&c->places[c->dateline_place]);
    }
    if (b->place_idx < 0 && !b->tally)
        story_country(c, b);
    if (!b->trig && !b->nfigs)
        return 0;
    /* no date of its own: the date of the incident before it in the paragraph */
    if (!b->has_date && i > 0 && c->inc[i - 1].has_date && !b->tally && b->first_sent <= c->inc[i - 1].last_sent + 2) {
        b->date = c->inc[i - 1].date;
        b->date_text = c->inc[i - 1].date_text;
        b->has_date = 1;
    }
    /* the named act is this incident's: a trigger of its family, or a death */
    int its = named_d && (named_e->section == DICT_TRIGGER ? b->trig && family(named_e) == family(b->trig)
                                                            : tally_finish_has_own(c, b, WHAT_KILLED));
    if (!b->tally && its && (!b->has_date || tally_ymd_to_days(b->date.start) > tally_ymd_to_days(named_d->start))) {
        b->date = *named_d; /* a follow-up: the day the report names its incident by */
        b->date_text = words_of(c->a, tk, named_d->tok_start, named_d->tok_end);
        b->has_date = 1;
    }
    if (!b->has_date && !b->tally)
        nearby_day(c, b);
    return 1;
}
