/* finish.c: an incident's output record: its event, date and place as shown, its
 * claims, and its counts: figures add up per source and give a range across
 * sources; who the dead were, and whether the sources disagree. */
#include "finish.h"
#include "claims.h"

#include <string.h>

/* A range with no figure in it. */
static tally_range no_range(void) {
    tally_range r = {-1, -1};
    return r;
}

/* Widen range r to take [lo, hi] in. */
static void widen(tally_range *r, int64_t lo, int64_t hi) {
    if (r->min < 0 || lo < r->min)
        r->min = lo;
    if (r->max < 0 || hi > r->max)
        r->max = hi;
}

/* The name to show: the words of the mention when the gazetteer's name only
 * wraps them in an admin word or transliteration marks (Nahiyat Ali ash Sharqi). */
static const char *display_name(coder *c, const tally_place *p) {
    const char *name = p->loc.name, *text = p->loc.text;
    if (!name || !text)
        return name;
    if (c->tk->toks[p->tok_start].flags & TALLY_TF_UPPER)
        return name; /* BAQUBA: the gazetteer's spelling reads better */
    if (place_rank(p) >= 4)
        return text; /* a town or district as the report spells it (Nad-e Ali, not Hukumat-e Nad 'Ali) */
    tally_text *tn = tally_text_new(c->a, name, strlen(name));
    tally_text *tt = tally_text_new(c->a, text, strlen(text));
    if (tt->fold_len >= 3 && tt->fold_len < tn->fold_len && strstr(tn->fold, tt->fold))
        return text;
    return name;
}

/* Is figure f from a later release than the one that first told incident b? */
static int restated(const coder *c, const building *b, const figure *f) {
    return c->si[f->sent].part > c->si[b->first_sent].part;
}

/* Does incident b have figures of kind w from the release that first told it? */
int tally_finish_has_own(const coder *c, const building *b, int w) {
    for (size_t f = 0; f < b->nfigs; f++)
        if (!restated(c, b, &b->figs[f]) && b->figs[f].what == w)
            return 1;
    return 0;
}

/* Is figure f a part ("including two children") of a figure its sentence gives
 * ("killing five people")? Then it adds nothing to the count. */
static int covered(const building *b, size_t f) {
    const figure *fg = &b->figs[f];
    for (size_t k = 0; k < f && fg->entity; k++)
        if (b->figs[k].entity == fg->entity &&
            (b->figs[k].what == fg->what || (b->figs[k].what == WHAT_KILLED && fg->what == WHAT_SHOT)))
            return 1; /* one person told of again ("the insurgent ... he was shot and killed") */
    if (!fg->part)
        return 0;
    for (size_t k = 0; k < b->nfigs; k++)
        if (k != f && !b->figs[k].part && b->figs[k].sent == fg->sent && b->figs[k].what == fg->what)
            return 1;
    return 0;
}

/* Those shot and not killed are the injured: "five people were shot, one fatally"
 * is one dead and four injured; "a man was shot ... he died" is one dead. */
static void shot_injured(tally_incident *out, tally_range shot) {
    if (shot.min < 0)
        return;
    int64_t k_lo = out->fatalities.min < 0 ? 0 : out->fatalities.min;
    int64_t k_hi = out->fatalities.max < 0 ? 0 : out->fatalities.max;
    int64_t lo = shot.min - k_hi, hi = shot.max - k_lo;
    if (hi <= 0)
        return; /* all of them died: nobody is left injured */
    if (lo < 0)
        lo = 0;
    widen(&out->injured, lo, hi);
}

/* The people one sentence tells of one by one: each counts once, and one who died
 * is not also injured. A sentence that tells of more of them than the figures give
 * ("a man shot his son and then himself") raises the figures to its count. Across
 * sentences the figures' own rules decide (a headline and its story tell of one
 * man twice). */
static void people_counts(const building *b, tally_incident *out) {
    int64_t kmax = 0, imax = 0;
    uint64_t dead = 0, hurt = 0; /* over the whole incident: those who died, those hit */
    for (size_t f = 0; f < b->nfigs; f++) {
        const figure *fg = &b->figs[f];
        if (fg->entity && fg->entity <= 64 && fg->what == WHAT_KILLED)
            dead |= 1ull << (fg->entity - 1);
        else if (fg->entity && fg->entity <= 64 && (fg->what == WHAT_INJURED || fg->what == WHAT_SHOT) && fg->another)
            hurt |= 1ull << (fg->entity - 1);
    }
    for (size_t f = 0; f < b->nfigs; f++) {
        uint64_t killed = 0, hit = 0;
        size_t sent = b->figs[f].sent;
        if (f > 0 && b->figs[f - 1].sent == sent)
            continue; /* the sentence was counted at its first figure */
        for (size_t g = f; g < b->nfigs && b->figs[g].sent == sent; g++) {
            const figure *fg = &b->figs[g];
            if (!fg->entity || fg->entity > 64)
                continue;
            uint64_t bit = 1ull << (fg->entity - 1);
            if (fg->what == WHAT_KILLED)
                killed |= bit;
            else if (fg->what == WHAT_INJURED || fg->what == WHAT_SHOT)
                hit |= bit;
        }
        /* one hit here who died anywhere in the incident is no injured */
        int64_t k = __builtin_popcountll(killed), i = __builtin_popcountll(hit & ~killed & ~dead);
        kmax = k > kmax ? k : kmax;
        imax = i > imax ? i : imax;
    }
    if (kmax > 1 && kmax > out->fatalities.max)
        out->fatalities.min = out->fatalities.max = kmax;
    if (imax > 1 && imax > out->injured.max)
        out->injured.min = out->injured.max = imax;
    /* someone else hit, told as another, whom no sentence tells dead is injured,
       whoever else died ("a teen was killed ... another teen was shot in the foot") */
    int64_t alive = __builtin_popcountll(hurt & ~dead);
    if (alive > 0 && (out->injured.max < 0 || alive > out->injured.max)) {
        if (out->injured.min < 0 || out->injured.min > alive)
            out->injured.min = alive;
        out->injured.max = alive;
    }
}

/* What one source (a speaker, or nobody named) has said of an incident's figures. */
typedef struct {
    const char *by;
    int64_t lo[WHAT_N], hi[WHAT_N];   /* the source's total */
    int64_t elo[WHAT_N], ehi[WHAT_N]; /* its explicit figure (-1 none) */
    int64_t sing[WHAT_N], add[WHAT_N]; /* people named one by one; figures told as additional */
    uint32_t heads[WHAT_N][8];         /* the kinds of people counted so far */
    int nheads[WHAT_N];
    int64_t seen[WHAT_N][8];
    int nseen[WHAT_N];
    uint8_t counted[WHAT_N];           /* a figure beyond "the leader" was given */
    uint8_t vseen[WHAT_N];             /* the kinds of victims counted (1 << TALLY_VICTIMS_*) */
    uint8_t any;                       /* the source gave some figure already */
    uint8_t victims;
} src;

/* An incident's figures summed over its sentences, source by source. */
typedef struct {
    src srcs[16];
    size_t nsrc;
    int armed_group;                            /* the perpetrators are rebels or a militia */
    int64_t att_lo, att_hi;                     /* the attackers' own dead (-1 none) */
    int64_t extra_lo[WHAT_N], extra_hi[WHAT_N]; /* "three more", by a second source */
    uint8_t vict_seen;                          /* who the dead were, by the claims (1 << TALLY_VICTIMS_*) */
    const char *vict_by[4];                     /* the first source of each account */
    int counts[WHAT_N];                         /* some source gave a count of the kind */
} sums;

/* The figures of one kind in one sentence, as its source tells them. */
typedef struct {
    int64_t elo, ehi;  /* the explicit figures added up (-1 none) */
    int64_t sg, sgdef; /* people told one by one; those of them told with "the" */
    uint32_t heads[8]; /* the kinds of people counted */
    int nh, nfig;      /* heads; figures that count */
    int besides;       /* "three other insurgents": someone besides them too */
    int parts;         /* figures that are a part of the dead ("including four women") */
    int later;         /* "two of the wounded later died" */
    int among;         /* people told one by one apart from the count's list ("Jane Roe
                          was killed in a shooting that killed three"): among them */
    uint8_t vict;      /* the kinds of victims (1 << TALLY_VICTIMS_*) */
} kind_figs;

/* The incident's event, date, place and actors, and empty ranges for its counts. */
static void finish_what_where(coder *c, building *b, tally_incident *out) {
    memset(out, 0, sizeof *out);
    const tally_dict_entry *t = b->trig;
    out->event_type = S(t, "event");
    out->sub_event_type = S(t, "sub");
    out->method = S(t, "method");
    out->cameo = S(t, "cameo");
    out->tally = b->tally;
    if (b->has_date) {
        out->date = b->date;
        out->date_text = b->date_text;
    } else if (c->art->date.y && !b->tally) {
        /* told with no day of its own: the report's day, the way field coders date it
           (or its month, when the report gives no day) */
        out->date.start = out->date.end = c->art->date;
        out->date.precision = c->art->date.d ? TALLY_PREC_DAY : TALLY_PREC_MONTH;
    }
    if (b->place_idx >= 0) {
        out->location = c->places[b->place_idx].loc;
        out->location.name = display_name(c, &c->places[b->place_idx]);
        if (b->near && out->location.precision == 1)
            out->location.precision = 2;
        out->has_location = 1;
    } else if (c->setting) {
        out->location.country = c->setting;
        out->location.precision = 0;
        out->has_location = 1;
    }
    out->nactors = b->nactors;
    out->actors = tally_arena_alloc(c->a, (b->nactors + 1) * sizeof *out->actors);
    memcpy(out->actors, b->actors, b->nactors * sizeof *out->actors);
    out->fatalities = out->injured = out->detained = out->civ_killed = no_range();
    out->women = out->children = -1;
    /* claims: one per (sentence) with its figures */
    out->claims = tally_arena_alloc(c->a, (b->nsents + 1) * sizeof *out->claims);
}

/* The claim of sentence s: who says so and its figures, which add up within the
 * sentence ("a leader and two others"). Returns 1 when it gives some figure. */
static int sentence_claim(const coder *c, const building *b, size_t s, const tally_incident *out, tally_claim *cl) {
    const sentence_info *si = &c->si[s];
    memset(cl, 0, sizeof *cl);
    cl->by = tally_claims_same_speaker(out, si->by);
    cl->via = si->via;
    cl->sentence = (uint32_t)s;
    cl->fatalities = cl->injured = cl->detained = no_range();
    cl->hedged = si->hedged;
    int any = 0;
    for (size_t f = 0; f < b->nfigs; f++) {
        const figure *fg = &b->figs[f];
        if (fg->sent != s || covered(b, f))
            continue;
        tally_range shot = no_range();
        tally_range *r = fg->what == WHAT_KILLED    ? &cl->fatalities
                         : fg->what == WHAT_INJURED ? &cl->injured
                         : fg->what == WHAT_SHOT    ? &shot
                                                    : &cl->detained;
        /* within a sentence, figures of one kind add up: "a leader and two others" */
        if (r->min < 0)
            *r = (tally_range){fg->lo, fg->hi};
        else
            r->min += fg->lo, r->max += fg->hi;
        if (!cl->words)
            cl->words = fg->words;
        if (fg->victims && fg->what == WHAT_KILLED)
            cl->victims = fg->victims;
        any = 1;
    }
    return any;
}

/* The source that says by (NULL: nobody named), added when new; -1 when the table
 * is full. */
static int source_of(sums *sm, const char *by) {
    size_t q = 0;
    for (; q < sm->nsrc; q++)
        if ((sm->srcs[q].by == NULL && by == NULL) || (sm->srcs[q].by && by && strcmp(sm->srcs[q].by, by) == 0))
            break;
    if (q == sm->nsrc) {
        if (sm->nsrc == ARRAY_LEN(sm->srcs))
            return -1;
        memset(&sm->srcs[sm->nsrc], 0, sizeof sm->srcs[sm->nsrc]);
        sm->srcs[sm->nsrc].by = by;
        for (int w = 0; w < WHAT_N; w++)
            sm->srcs[sm->nsrc].lo[w] = sm->srcs[sm->nsrc].hi[w] = sm->srcs[sm->nsrc].elo[w] =
                sm->srcs[sm->nsrc].ehi[w] = -1;
        sm->nsrc++;
    }
    return (int)q;
}

/* Does sentence s tell its figures as more than those told ("also", "another",
 * "two more")? */
static int additive_words(const tally_tokens *tk, size_t s) {
    int additive = 0;
    for (size_t i = tk->sents[s].tok_start; i < tk->sents[s].tok_end; i++)
        if (is_word(tk, i, "also") || is_word(tk, i, "additional") || is_word(tk, i, "another") ||
            is_word(tk, i, "separate") || is_word(tk, i, "separately") ||
            (is_word(tk, i, "more") && i > 0 &&
             (tk->toks[i - 1].kind == TALLY_TOK_NUM || (tk->toks[i - 1].lex & (LEX_NUMWORD | LEX_VAGUE)))))
            additive = 1;
    return additive;
}

/* Is singular figure f one of a counted figure of its sentence and kind, told in a
 * clause that holds it ("Jane Roe was killed in a shooting that killed three", "one
 * of three people killed")? Not when they are joined ("a policeman and three
 * civilians", "captured a leader and detained two") or of other kinds of victims. */
static int among_count(const tally_tokens *tk, const building *b, size_t f) {
    const figure *fg = &b->figs[f];
    static const char *const holds[] = {"that", "which", "in", "of", "among"};
    for (size_t g = 0; g < b->nfigs; g++) {
        const figure *o = &b->figs[g];
        if (g == f || o->sent != fg->sent || o->what != fg->what || o->singular || o->lo < 2 ||
            (o->victims && fg->victims && o->victims != fg->victims))
            continue;
        size_t from = fg->end <= o->start ? fg->end : o->end, to = fg->end <= o->start ? o->start : fg->start;
        int held = 0, joined = 0;
        for (size_t k = from; k < to; k++) {
            joined |= is_word(tk, k, "and") || is_word(tk, k, "also") || is_word(tk, k, "other");
            for (size_t z = 0; z < ARRAY_LEN(holds); z++)
                held |= is_word(tk, k, holds[z]);
        }
        if (held && !joined)
            return 1;
    }
    return 0;
}

/* The figures of kind w in sentence s into *kf: explicit figures and people told one
 * by one; the attackers' own dead go to sm->att_*. */
static void kind_figures(const coder *c, const building *b, size_t s, int w, sums *sm, kind_figs *kf) {
    memset(kf, 0, sizeof *kf);
    kf->elo = kf->ehi = -1;
    for (size_t f = 0; f < b->nfigs; f++) {
        const figure *fg = &b->figs[f];
        if (fg->sent != s || fg->what != w || covered(b, f))
            continue;
        if (restated(c, b, fg) && tally_finish_has_own(c, b, w))
            continue; /* a later release told it again */
        kf->parts += fg->part;
        kf->later |= fg->later;
        if (fg->victims)
            kf->vict |= (uint8_t)(1u << fg->victims);
        if (w == WHAT_KILLED && (fg->attackers == 1 || (fg->attackers == 2 && sm->armed_group))) {
            if (fg->lo > sm->att_lo)
                sm->att_lo = fg->lo, sm->att_hi = fg->hi;
            continue;
        }
        if (fg->anaphor) {
            int other = 0;
            for (size_t f2 = 0; f2 < b->nfigs; f2++)
                if (f2 != f && b->figs[f2].sent == s && b->figs[f2].what == w)
                    other = 1;
            if (other)
                continue;
        }
        if (fg->head && kf->nh < 8 && !fg->anaphor && !(fg->singular && fg->definite))
            kf->heads[kf->nh++] = fg->head; /* "the facilitator" again says nothing of the others */
        kf->nfig++;
        kf->besides |= fg->other;
        if (fg->singular) {
            kf->sg += 1;
            kf->sgdef += fg->definite;
            kf->among += !fg->another && among_count(c->tk, b, f);
        } else if (kf->elo < 0) {
            kf->elo = fg->lo, kf->ehi = fg->hi;
        } else {
            kf->elo += fg->lo, kf->ehi += fg->hi;
        }
    }
}

/* Add the figures of kind w in sentence s to source q's total: a new total, more on
 * top of it ("two more"), a larger total, or the same figure told again. */
static void kind_sum(const coder *c, const building *b, size_t s, sums *sm, size_t q, int w, int additive) {
    kind_figs kfs;
    kind_figures(c, b, s, w, sm, &kfs);
    const kind_figs *kf = &kfs;
    int64_t elo = kf->elo, ehi = kf->ehi, sg = kf->sg, sgdef = kf->sgdef;
    int nh = kf->nh, nfig = kf->nfig, besides = kf->besides, parts = kf->parts, later = kf->later;
    if (elo < 0 && !sg)
        return;
    src *sr = &sm->srcs[q];
    /* "several other insurgents were killed", the source's first word on any
       figure: the one they are other than (the strike's target) died as well */
    int other_fate = 0; /* "killing a man and injuring three others": others than him */
    for (size_t f = 0; f < b->nfigs; f++)
        other_fate |= b->figs[f].sent == s && b->figs[f].what != w;
    if (besides && nfig == 1 && !sr->any && elo >= 0 && !other_fate)
        elo += 1, ehi += 1;
    if ((elo >= 0 || sg > sgdef) && parts < nfig)
        sr->counted[w] = 1; /* a part ("the dead included ...") is no count */
    /* the sentence's own total: its figures and the people it names one by one;
       "the leader" again, once the source has counted, is someone counted */
    int64_t named = sr->elo[w] >= 0 && !besides ? sg - sgdef : sg; /* "the leader and three other": all four */
    if (elo >= 1 && !besides && !additive && kf->among)
        named -= kf->among < named ? kf->among : named; /* one of the count, told apart from it */
    int64_t tlo = (elo < 0 ? 0 : elo) + named, thi = (ehi < 0 ? 0 : ehi) + named;
    if (elo < 0 && sg == sgdef && (sr->elo[w] >= 0 || sr->add[w] > 0) && !additive)
        return; /* "the leader" again: someone already counted */
    /* people of another kind than the source counted so far are more people
       ("arrested a leader ... detained four suspected insurgents") */
    int fresh_heads = nh > 0 && sr->elo[w] >= 0;
    for (int h = 0; h < nh && fresh_heads; h++)
        for (int z = 0; z < sr->nheads[w]; z++)
            if (sr->heads[w][z] == kf->heads[h])
                fresh_heads = 0;
    if (sr->nheads[w] == 0 && sr->elo[w] >= 0)
        fresh_heads = 0; /* nothing to compare with */
    if (besides && sgdef)
        fresh_heads = 0; /* "the leader and three other suspects": a whole new total */
    for (int h = 0; h < nh; h++)
        if (sr->nheads[w] < 8)
            sr->heads[w][sr->nheads[w]++] = kf->heads[h];
    /* a second source telling of more dead ("hospital officials said three more
       died"): more on top of the count, not another count of the same dead */
    if ((additive || besides || later) && sr->elo[w] < 0 && sr->add[w] == 0) {
        int other_counts = 0;
        for (size_t q2 = 0; q2 < sm->nsrc; q2++)
            other_counts |= &sm->srcs[q2] != sr && sm->srcs[q2].elo[w] >= 0;
        if (other_counts) {
            sm->extra_lo[w] += tlo, sm->extra_hi[w] += thi;
            return;
        }
    }
    /* civilians after fighters (or the other way) are other people, even in equal number */
    int other_kind = kf->vict && sr->vseen[w] && !(kf->vict & sr->vseen[w]);
    sr->vseen[w] |= kf->vict;
    /* "two more were detained", people of another kind, "one other suspect" */
    int more = (additive || fresh_heads || later || other_kind || (besides && nfig == 1)) && sr->elo[w] >= 0;
    if (parts == nfig && sr->elo[w] >= 0) {
        /* "the dead included four women": at least that many, nothing on top */
        if (tlo > sr->elo[w])
            sr->elo[w] = tlo, sr->ehi[w] = thi;
        return;
    }
    int dup = 0; /* the same figure told again */
    for (int z = 0; z < sr->nseen[w] && !additive && !besides && !other_kind; z++)
        if (sr->seen[w][z] == thi)
            dup = 1;
    if (dup)
        return;
    if (sr->nseen[w] < 8)
        sr->seen[w][sr->nseen[w]++] = thi;
    if (more) {
        sr->add[w] += tlo; /* "two more were also detained" */
    } else if (sr->elo[w] < 0) {
        sr->elo[w] = tlo, sr->ehi[w] = thi;
    } else {
        /* another total from the same source: the larger one stands */
        if (tlo > sr->elo[w])
            sr->elo[w] = tlo;
        if (thi > sr->ehi[w])
            sr->ehi[w] = thi;
    }
}

/* Sentence s of the incident: its claim goes to out->claims, its figures to its
 * source's totals, kind by kind. */
static void sum_sentence(coder *c, const building *b, size_t s, tally_incident *out, sums *sm) {
    const sentence_info *si = &c->si[s];
    tally_claim cl;
    int any = sentence_claim(c, b, s, out, &cl);
    if (!cl.victims && si->victims)
        cl.victims = si->victims;
    if (!any && !cl.victims)
        return;
    /* who the dead were: claims with a death figure, or saying it without one */
    if (cl.victims && (cl.fatalities.min >= 0 || !any)) {
        sm->vict_seen |= (uint8_t)(1u << cl.victims);
        if (!sm->vict_by[cl.victims])
            sm->vict_by[cl.victims] = cl.by ? cl.by : "";
    }
    out->claims[out->nclaims++] = cl;
    /* per source */
    int q = source_of(sm, cl.by);
    if (q < 0)
        return;
    /* the sentence's explicit figures and its singular victims, per kind */
    int additive = additive_words(c->tk, s);
    for (int w = 0; w < WHAT_N; w++)
        kind_sum(c, b, s, sm, (size_t)q, w, additive);
    sm->srcs[q].any = 1;
}

/* The incident's counts from the sources' totals: per source its largest total plus
 * what it reports in addition; across sources the range. */
static void combine_sources(sums *sm, tally_incident *out) {
    for (size_t q = 0; q < sm->nsrc; q++)
        for (int w = 0; w < WHAT_N; w++) {
            src *sr = &sm->srcs[q];
            if (sr->elo[w] < 0)
                continue;
            sr->lo[w] = sr->elo[w] + sr->add[w];
            sr->hi[w] = sr->ehi[w] + sr->add[w];
        }
    /* a source that only says "the commander was killed" tells of one person, not a
       total: it stands only when no source gives a count */
    tally_range shot = no_range();
    tally_range *outs[WHAT_N] = {&out->fatalities, &out->injured, &out->detained, &shot};
    for (int w = 0; w < WHAT_N; w++) {
        for (size_t q = 0; q < sm->nsrc; q++)
            sm->counts[w] |= sm->srcs[q].lo[w] >= 0 && sm->srcs[q].counted[w];
        for (size_t q = 0; q < sm->nsrc; q++)
            if (sm->srcs[q].lo[w] >= 0 && (sm->srcs[q].counted[w] || !sm->counts[w]))
                widen(outs[w], sm->srcs[q].lo[w], sm->srcs[q].hi[w]);
    }
    for (int w = 0; w < WHAT_N; w++)
        if (sm->extra_hi[w] > 0 && outs[w]->min >= 0)
            outs[w]->min += sm->extra_lo[w], outs[w]->max += sm->extra_hi[w];
    if (sm->att_lo >= 0) {
        if (out->fatalities.min < 0)
            out->fatalities = (tally_range){sm->att_lo, sm->att_hi};
        else
            out->fatalities.min += sm->att_lo, out->fatalities.max += sm->att_hi;
    }
    shot_injured(out, shot);
}

/* Contested: the sources disagree on the count or on who the dead were. */
static int contested(const sums *sm) {
    int64_t kmin = -1, kmax = -1;
    for (size_t q = 0; q < sm->nsrc; q++)
        if (sm->srcs[q].lo[WHAT_KILLED] >= 0 && (sm->srcs[q].counted[WHAT_KILLED] || !sm->counts[WHAT_KILLED])) {
            if (kmin < 0 || sm->srcs[q].hi[WHAT_KILLED] < kmin)
                kmin = sm->srcs[q].hi[WHAT_KILLED];
            if (sm->srcs[q].lo[WHAT_KILLED] > kmax)
                kmax = sm->srcs[q].lo[WHAT_KILLED];
        }
    return (kmin >= 0 && kmin != kmax && sm->nsrc > 1) ||
           ((sm->vict_seen & (1u << TALLY_VICTIMS_CIVILIANS)) && (sm->vict_seen & (1u << TALLY_VICTIMS_COMBATANTS)) &&
            strcmp(sm->vict_by[TALLY_VICTIMS_CIVILIANS], sm->vict_by[TALLY_VICTIMS_COMBATANTS]) != 0);
}

/* Women and children among the dead, and the civilian part ("including two women"). */
static void women_children(const coder *c, const building *b, tally_incident *out) {
    const tally_tokens *tk = c->tk;
    for (size_t k = 0; k < b->nsents; k++) {
        size_t s = b->sents[k];
        const sentence_info *si = &c->si[s];
        for (size_t n = 0; n < si->nnums; n++) {
            const tally_number *num = &si->nums[n];
            if (num->kind != TALLY_NUM_COUNT)
                continue;
            size_t j = num->tok_end;
            int inc = 0;
            for (size_t q = num->tok_start; q > tk->sents[s].tok_start && q + 6 > num->tok_start; q--)
                if (is_word(tk, q - 1, "including") || is_word(tk, q - 1, "included") || is_word(tk, q - 1, "among"))
                    inc = 1;
            if (!inc)
                continue;
            for (size_t q = j; q < j + 3 && q < tk->sents[s].tok_end; q++) {
                if (is_word(tk, q, "women") || is_word(tk, q, "woman"))
                    out->women = (int)(out->women < 0 ? num->lo : out->women + num->lo);
                else if (is_word(tk, q, "children") || is_word(tk, q, "child") || is_word(tk, q, "boys") ||
                         is_word(tk, q, "girls"))
                    out->children = (int)(out->children < 0 ? num->lo : out->children + num->lo);
                else if (is_word(tk, q, "civilians"))
                    widen(&out->civ_killed, num->lo, num->hi);
                else
                    continue;
                break;
            }
        }
    }
}

/* The civilians killed by the claims that say the dead were civilians, and the
 * incident's evidence: its sentences. */
static void civilians_evidence(coder *c, const building *b, tally_incident *out) {
    const tally_tokens *tk = c->tk;
    for (size_t k = 0; k < out->nclaims; k++)
        if (out->claims[k].victims == TALLY_VICTIMS_CIVILIANS && out->claims[k].fatalities.min >= 0)
            widen(&out->civ_killed, out->claims[k].fatalities.min, out->claims[k].fatalities.max);
    out->nevidence = b->nsents;
    out->evidence = tally_arena_alloc(c->a, (b->nsents + 1) * sizeof *out->evidence);
    for (size_t k = 0; k < b->nsents; k++) {
        out->evidence[k].sentence = b->sents[k];
        out->evidence[k].start = tk->sents[b->sents[k]].start;
        out->evidence[k].end = tk->sents[b->sents[k]].end;
    }
}

/* Per source, figures of one kind add up over the sentences (each distinct figure
 * once); across sources they give the range (the Iraq Body Count rule). */
static void finish(coder *c, building *b, tally_incident *out) {
    finish_what_where(c, b, out);
    sums sm;
    memset(&sm, 0, sizeof sm);
    /* the attackers' own dead add to their victims: not another count of the same dead */
    for (size_t k = 0; k < b->nactors; k++)
        if (b->actors[k].role == TALLY_ROLE_PERPETRATOR && b->actors[k].kind &&
            (strstr(b->actors[k].kind, "rebel") || strstr(b->actors[k].kind, "militia")))
            sm.armed_group = 1;
    sm.att_lo = sm.att_hi = -1;
    for (size_t k = 0; k < b->nsents; k++)
        sum_sentence(c, b, b->sents[k], out, &sm);
    combine_sources(&sm, out);
    people_counts(b, out);
    out->contested = contested(&sm);
    women_children(c, b, out);
    civilians_evidence(c, b, out);
}

/* What the figures say happened when no event word said it: armed men killed are a
 * clash, civilians or unknown people an attack, people detained an arrest; and an
 * arrest where people died is a raid. */
static void event_from_figures(const building *b, tally_incident *out) {
    if (!out->event_type) {
        int what = b->nfigs ? b->figs[0].what : WHAT_KILLED;
        int fighters = b->nfigs && b->figs[0].victims == TALLY_VICTIMS_COMBATANTS;
        if (what == WHAT_DETAINED) {
            out->event_type = "Strategic developments", out->sub_event_type = "Arrests";
            out->method = "detention", out->cameo = "173";
        } else if (fighters) {
            out->event_type = "Battles", out->sub_event_type = "Armed clash";
            out->method = "clash", out->cameo = "190";
        } else {
            out->event_type = "Violence against civilians", out->sub_event_type = "Attack";
            out->method = "killing", out->cameo = "180";
        }
    }
    /* an arrest with nobody killed is an arrest; one where people died is a raid */
    if (out->sub_event_type && strcmp(out->sub_event_type, "Arrests") == 0 && out->fatalities.min > 0) {
        out->event_type = "Battles";
        out->sub_event_type = "Armed clash";
        out->cameo = "190";
    }
}

void tally_finish_incident(coder *c, building *b, tally_incident *out) {
    finish(c, b, out);
    event_from_figures(b, out);
}
