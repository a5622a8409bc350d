/* incidents.c: violent incidents from article text: the event words, the
 * casualty figures and what they count, who did it to whom, who says so, when
 * and where; counts over a period go to tallies. The entry point: it reads the
 * article's places and sentences, then runs the stages, each in its own file:
 * figures.c (the figures and what they count), claims.c (who says so, who did it),
 * assemble.c (sentences into incidents) and finish.c (figures into ranges). */
#include "incidents.h"
#include "assemble.h"
#include "claims.h"
#include "figures.h"
#include "finish.h"
#include "recognize.h"

#include <stdlib.h>
#include <string.h>

/* ---- the article's places ---- */

/* Does token i continue a noun phrase, so that the word before it is a modifier? */
static int modifier(const tally_tokens *tk, size_t i) {
    static const char *fn[] = {"and", "or", "in", "on", "of", "to", "for", "is", "was", "has", "have",
                               "had", "will", "would", "with", "as", "at", "by", "from", "that", "are",
                               "were", "into", "since", "after", "before", "but", "which", "who"};
    if (i >= tk->ntoks || tk->toks[i].kind != TALLY_TOK_WORD || (tk->toks[i].flags & TALLY_TF_LINE))
        return 0;
    for (size_t k = 0; k < ARRAY_LEN(fn); k++)
        if (is_word(tk, i, fn[k]))
            return 0;
    return 1;
}

/* A dateline without a date: "BAQUBA, Iraq - Troops ...", a capitalized city at the
 * start of a line followed by a dash within a few tokens. */
static int undated_dateline(const tally_tokens *tk, const tally_place *p) {
    size_t i = p->tok_start;
    if (!(tk->toks[i].flags & TALLY_TF_LINE) || !(tk->toks[i].flags & TALLY_TF_UPPER))
        return 0;
    for (size_t k = p->tok_end; k < tk->ntoks && k < p->tok_end + 5; k++)
        if (is_word(tk, k, "-") || is_word(tk, k, "("))
            return 1;
    return 0;
}

/* The article's main country: the one its places and demonyms name most. */
static const char *setting_country(coder *c) {
    const char *codes[32];
    int counts[32];
    size_t n = 0;
    for (size_t i = 0; i < c->nplaces; i++) {
        const char *cc = c->places[i].loc.country;
        if (!cc)
            continue;
        size_t k = 0;
        while (k < n && strcmp(codes[k], cc) != 0)
            k++;
        if (k == n) {
            if (n == ARRAY_LEN(codes))
                continue;
            codes[n] = cc;
            counts[n++] = 0;
        }
        /* where things happen: cities and provinces weigh more than a country's name,
           and a demonym (US contractor, Iranian general) says nothing about where */
        int kd = c->places[i].kind;
        if (kd == TALLY_PLACE_COUNTRY && modifier(c->tk, c->places[i].tok_end))
            kd = TALLY_PLACE_DEMONYM; /* "US forces", "Iraq war": a country used as an adjective */
        counts[k] += kd == TALLY_PLACE_DEMONYM ? 0 : kd == TALLY_PLACE_COUNTRY ? 1 : 3;
    }
    int best = -1;
    for (size_t k = 0; k < n; k++)
        if (best < 0 || counts[k] > counts[best])
            best = (int)k;
    return best >= 0 ? codes[best] : NULL;
}

/* ---- sentence analysis ---- */

/* The first match of a section in the sentence that starts in tokens [from, to). */
static const match *find_section(const sentence_info *si, int section, size_t from, size_t to) {
    for (size_t i = 0; i < si->nm; i++)
        if (si->m[i].e->section == section && si->m[i].start >= from && si->m[i].start < to)
            return &si->m[i];
    return NULL;
}

/* All dictionary matches of sentence s, for each group of sections. */
static void scan_matches(coder *c, size_t s, sentence_info *si) {
    const tally_tokens *tk = c->tk;
    size_t b = tk->sents[s].tok_start, e = tk->sents[s].tok_end, cap = 0;
    static const unsigned groups[] = {(1u << DICT_TRIGGER), (1u << DICT_CASUALTY),
                                      (1u << DICT_PERSON) | (1u << DICT_NONPERSON),
                                      (1u << DICT_ACTOR) | (1u << DICT_AGENT),
                                      (1u << DICT_SPEECH) | (1u << DICT_OUTLET) | (1u << DICT_HEDGE) |
                                          (1u << DICT_PERIOD),
                                      (1u << DICT_PROCESS)};
    si->m = NULL;
    si->nm = 0;
    for (size_t g = 0; g < ARRAY_LEN(groups); g++) {
        for (size_t i = b; i < e;) {
            const tally_dict_entry *en;
            size_t k = tally_dict_match(tk, i, e, groups[g], &en);
            if (!k) {
                i++;
                continue;
            }
            grow(c->a, (void **)&si->m, &cap, si->nm, sizeof *si->m);
            si->m[si->nm].start = (uint32_t)i;
            si->m[si->nm].end = (uint32_t)(i + k);
            si->m[si->nm].e = en;
            si->nm++;
            i += k;
        }
    }
}

/* Event words inside a date ("March 20") are the date's. */
static void drop_date_words(coder *c, sentence_info *si) {
    (void)c;
    size_t k = 0;
    for (size_t i = 0; i < si->nm; i++) {
        int in_date = 0;
        for (size_t d = 0; d < si->ndates; d++)
            if (si->m[i].start >= si->dates[d].tok_start && si->m[i].start < si->dates[d].tok_end)
                in_date = 1;
        if (!in_date)
            si->m[k++] = si->m[i];
    }
    si->nm = k;
}

/* Is this date the report's own, repeated in a header or a second dateline
 * ("Operational Update March 24, 2011 ... KABUL, Afghanistan (March 24, 2011)")? */
static int report_date(coder *c, const tally_date_expr *d) {
    const tally_tokens *tk = c->tk;
    const tally_ymd a = c->art->date;
    if (!a.y || d->start.m != a.m || d->start.d != a.d || (d->start.y && d->start.y != a.y))
        return 0;
    if (d->tok_start > 200 || d->relative > 1)
        return 0;
    for (size_t k = d->tok_start; k < d->tok_end; k++)
        if (tk->toks[k].lex & LEX_WEEKDAY)
            return 0; /* "in eastern Afghanistan Thursday": when it happened */
    size_t i = d->tok_start;
    if (tally_tokens_is(tk, i, "on") || tally_tokens_is(tk, i, "since"))
        return 0; /* "on March 24" tells when something happened */
    return (tk->toks[i].flags & TALLY_TF_LINE) || (i > 0 && tally_tokens_is(tk, i - 1, "(")) ||
           (i > 0 && (tk->toks[i - 1].flags & TALLY_TF_CAP) && (tk->toks[i - 1].kind == TALLY_TOK_WORD));
}

/* Is sentence s a line of dashes, between releases pasted one after another? */
static int separator(const tally_tokens *tk, size_t s) {
    size_t n = 0;
    for (size_t i = tk->sents[s].tok_start; i < tk->sents[s].tok_end; i++, n++)
        if (!is_word(tk, i, "-"))
            return 0;
    return n >= 3;
}

/* Does sentence s head a page's list of other stories ("Related Stories:", "More
 * Local News", "PREVIOUS STORIES")? A line of a few words, no sentence, that opens
 * with such a word. */
static int other_stories(const tally_tokens *tk, size_t s) {
    static const char *const open[] = {"related", "more", "previous", "trending", "latest", "recommended",
                                       "popular", "also", "read", "other", "top"};
    size_t b = tk->sents[s].tok_start, e = tk->sents[s].tok_end;
    if (e - b > 6 || e == b || is_word(tk, e - 1, ".") || !(tk->toks[b].flags & TALLY_TF_CAP))
        return 0;
    for (size_t k = 0; k < ARRAY_LEN(open); k++)
        if (is_word(tk, b, open[k]))
            return 1;
    return 0;
}

/* Is sentence s one of a story's own, after a list of other stories: a sentence
 * that ends as one, of some length (a linked headline has no full stop)? */
static int story_again(const tally_tokens *tk, size_t s) {
    size_t b = tk->sents[s].tok_start, e = tk->sents[s].tok_end;
    while (e > b && (is_word(tk, e - 1, "\"") || is_word(tk, e - 1, "\u201d") || is_word(tk, e - 1, "'")))
        e--;
    return e - b >= 8 && (is_word(tk, e - 1, ".") || is_word(tk, e - 1, "!") || is_word(tk, e - 1, "?"));
}

/* A key for sentence s told again word for word (a page repeats its headline, lede
 * and photo captions): the hash of its folded words past an "Image 2 of 8", or 0
 * for a sentence too short to tell a repeat from a common phrase. */
static uint64_t repeat_key(const tally_tokens *tk, size_t s) {
    size_t b = tk->sents[s].tok_start, e = tk->sents[s].tok_end;
    if (e - b > 4 && (is_word(tk, b, "image") || is_word(tk, b, "photo")) && is_word(tk, b + 2, "of") &&
        tk->toks[b + 1].kind == TALLY_TOK_NUM && tk->toks[b + 3].kind == TALLY_TOK_NUM)
        b += 4;
    if (e - b < 10)
        return 0;
    uint64_t h = 1469598103934665603ull;
    for (size_t i = b; i < e; i++) {
        tally_span w = tally_tokens_fold(tk, i);
        h = (h ^ tally_hash(w.p, w.len)) * 1099511628211ull;
    }
    return h | 1;
}

/* The keys of the sentences read so far: an open-addressing set, twice the
 * article's sentences in slots, so each sentence costs one probe or a few. */
typedef struct {
    uint64_t *slot; /* 0: empty */
    size_t mask;
} key_set;

/* Has sentence s been told before in the article? Adds its key to *ks (allocated on
 * first use). */
static int told_before(tally_arena *a, const tally_tokens *tk, size_t s, key_set *ks) {
    uint64_t k = repeat_key(tk, s);
    if (!k)
        return 0;
    if (!ks->slot) {
        size_t n = 16;
        while (n < 2 * tk->nsents)
            n *= 2;
        ks->slot = tally_arena_alloc(a, n * sizeof *ks->slot);
        ks->mask = n - 1;
    }
    size_t i = (size_t)(k ^ (k >> 32)) & ks->mask;
    for (; ks->slot[i]; i = (i + 1) & ks->mask)
        if (ks->slot[i] == k)
            return 1;
    ks->slot[i] = k;
    return 0;
}

/* The places of the article (c->places): the dateline's city is where the report
 * was filed, not where anything happened: it is kept last, out of every sentence,
 * as the place of last resort (c->dateline_place). */
static void find_places(coder *c, const tally_coder *cfg) {
    const tally_tokens *tk = c->tk;
    tally_article *art = c->art;
    c->nplaces = tally_places_find(c->a, cfg ? cfg->gazetteer : NULL, tk, &c->places);
    size_t kept = 0;
    tally_place dl_place;
    int has_dl_place = 0;
    size_t dl_end = SIZE_MAX; /* the end of the last dateline place: "WICHITA, Kan. (AP)" */
    c->dateline_tail = -1;
    for (size_t i = 0; i < c->nplaces; i++) {
        size_t t0 = c->places[i].tok_start;
        int in_dl = (t0 >= art->dateline_start && t0 < art->dateline_end) || undated_dateline(tk, &c->places[i]);
        if (!in_dl && has_dl_place && c->dateline_tail < 0 && t0 == dl_end + 1 && is_word(tk, dl_end, ","))
            c->dateline_tail = (int)kept; /* kept in its sentence, but it names the dateline's */
        if (in_dl) {
            dl_end = c->places[i].tok_end;
            if (!has_dl_place && place_rank(&c->places[i]) >= 3) {
                dl_place = c->places[i]; /* kept aside: the place of last resort */
                has_dl_place = 1;
            }
            continue;
        }
        c->places[kept++] = c->places[i];
    }
    c->nplaces = kept;
    c->ntext_places = kept;
    c->sent_place = tally_arena_alloc(c->a, (tk->nsents + 1) * sizeof *c->sent_place);
    for (size_t s = 0, i = 0; s <= tk->nsents; s++) {
        while (i < kept && c->places[i].sentence < s)
            i++;
        c->sent_place[s] = (uint32_t)i;
    }
    if (has_dl_place) {
        c->places[c->nplaces] = dl_place; /* after the others: no sentence scan finds it */
        c->places[c->nplaces].sentence = UINT32_MAX;
        c->dateline_place = (int)c->nplaces;
        c->nplaces++;
    }
}

/* Read sentence s into c->si[s]: its paragraph and release, numbers, dates (not the
 * report's own), dictionary matches, speaker, and who its dead were. */
static void read_sentence(coder *c, size_t s) {
    tally_arena *a = c->a;
    const tally_tokens *tk = c->tk;
    const tally_article *art = c->art;
    sentence_info *si = &c->si[s];
    si->anchor = art->date;
    si->para = s == 0 ? 0
                      : c->si[s - 1].para + ((tk->toks[tk->sents[s].tok_start].flags & TALLY_TF_PARA) ? 1 : 0);
    si->part = s == 0 ? 0 : c->si[s - 1].part + (separator(tk, s - 1) ? 1 : 0);
    si->nnums = tally_numbers_find(a, tk, s, &si->nums);
    si->ndates = tally_dates_find(a, tk, s, art->date, &si->dates);
    scan_matches(c, s, si);
    drop_date_words(c, si);
    tally_claims_speaker(c, s, si);
    if (si->anchor.y != art->date.y || si->anchor.m != art->date.m || si->anchor.d != art->date.d)
        si->ndates = tally_dates_find(a, tk, s, si->anchor, &si->dates);
    {
        size_t kd = 0;
        for (size_t d = 0; d < si->ndates; d++)
            if (!(si->dates[d].tok_start < art->dateline_end) && !report_date(c, &si->dates[d]))
                si->dates[kd++] = si->dates[d];
        si->ndates = kd;
    }
    /* who the dead were: a people noun next to a casualty word ("individuals assessed
       to be enemy combatants"), not the speaker ("a hospital official said") */
    for (size_t i = 0; i < si->nm; i++) {
        const match *pm = &si->m[i];
        if (pm->e->section != DICT_PERSON || !victims_of(pm->e))
            continue;
        size_t lo = pm->start > 8 ? pm->start - 8 : 0;
        if (find_section(si, DICT_CASUALTY, lo > tk->sents[s].tok_start ? lo : tk->sents[s].tok_start,
                         pm->end + 8) &&
            !(si->by && strstr(si->by, words_of(a, tk, pm->start, pm->end))))
            si->victims = victims_of(pm->e);
    }
}

/* The incidents to output, into art->incidents: releases merged, each incident
 * settled (or left out) and finished. */
static void output_incidents(coder *c, tally_article *art) {
    /* releases pasted one after another: a later one's account of an incident told
       before joins it */
    tally_assemble_merge_releases(c);
    tally_assemble_join_undated(c);
    tally_date_expr named_d;
    const tally_dict_entry *named_e = NULL;
    int named = tally_assemble_named_day(c, &named_d, &named_e);
    size_t keep = 0;
    art->incidents = tally_arena_alloc(c->a, (c->ninc + 1) * sizeof *art->incidents);
    for (size_t i = 0; i < c->ninc; i++) {
        if (!tally_assemble_settle(c, i, named ? &named_d : NULL, named_e))
            continue;
        tally_finish_incident(c, &c->inc[i], &art->incidents[keep]);
        keep++;
    }
    art->nincidents = keep;
}

void tally_incidents_code(tally_arena *a, const tally_coder *cfg, tally_article *art) {
    coder c;
    memset(&c, 0, sizeof c);
    c.a = a;
    c.c = cfg;
    c.art = art;
    c.tk = &art->tk;
    c.dateline_place = -1;
    const tally_tokens *tk = c.tk;
    size_t ns = tk->nsents;
    art->incidents = NULL;
    art->nincidents = 0;
    if (!ns)
        return;
    find_places(&c, cfg);
    c.place_tok = tally_arena_alloc(a, tk->ntoks + 1);
    c.who_tok = tally_arena_alloc(a, tk->ntoks + 1);
    for (size_t i = 0; i < c.nplaces; i++) {
        /* the places the text tells as places ("from Pontiac", a country, a
           province): a town's name alone may be a person's ("Jackson was shot") */
        const tally_place *pl = &c.places[i];
        size_t t0 = pl->tok_start;
        int told = pl->kind == TALLY_PLACE_COUNTRY || pl->kind == TALLY_PLACE_ADMIN1 ||
                   (t0 > 0 && (tk->toks[t0 - 1].lex & LEX_P_CUE));
        for (size_t k = t0; told && k < pl->tok_end && k < tk->ntoks; k++)
            c.place_tok[k] = 1;
    }
    c.setting = setting_country(&c);
    c.si = tally_arena_alloc(a, ns * sizeof *c.si);
    int cur = -1; /* the incident the last sentences were about */
    int links = 0;  /* in a list of other stories' headlines */
    key_set told = {NULL, 0}; /* the sentences read so far (told_before) */
    for (size_t s = 0; s < ns; s++) {
        read_sentence(&c, s);
        sentence_info *si = &c.si[s];
        links = other_stories(tk, s) || (links && !story_again(tk, s));
        if (links)
            continue; /* their headlines tell of other incidents */
        if (told_before(a, tk, s, &told))
            continue; /* the same words again tell of nothing new */
        tally_recognized rc;
        tally_recognize_sentence(a, tk, s, si->nums, si->nnums, c.place_tok, si->tags, &rc);
        tally_figures_drop_ages(si, &rc);
        si->acts = rc.acts, si->nacts = rc.nacts;
        for (size_t p = 0; p < rc.npeople; p++) {
            for (size_t k = rc.people[p].home_start; k < rc.people[p].home_end; k++)
                c.who_tok[k] = WHO_HOME;
            for (size_t k = rc.people[p].start; rc.people[p].kind == TALLY_PPL_NAME && k <= rc.people[p].head; k++)
                c.who_tok[k] = WHO_NAME;
        }
        figure *figs;
        size_t nf = tally_figures_find(&c, s, si, &figs);
        tally_figures_recognized(&c, s, &rc, &figs, &nf);
        cur = tally_assemble_sentence(&c, s, figs, nf, cur);
    }
    output_incidents(&c, art);
    tally_claims_military(&c, art);
}
