/* figures.c: the casualty figures of a sentence: numbers and people that count
 * those killed, injured or detained, what kind of people they are, and which one
 * person a figure of one is. */
#include "figures.h"

#include <string.h>

/* Does a place found in the text start at token i? */
static int is_place_tok(const coder *c, size_t i) {
    size_t lo = 0, hi = c->ntext_places; /* in text order: the last starting at or before i */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->places[mid].tok_start <= i)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo > 0 && i < c->places[lo - 1].tok_end)
        return 1;
    for (size_t k = c->ntext_places; k < c->nplaces; k++) /* the dateline's */
        if (c->places[k].tok_start <= i && i < c->places[k].tok_end)
            return 1;
    return 0;
}

/* Is token i a determiner that opens a noun phrase of one person? */
static int is_det(const tally_tokens *tk, size_t i) {
    return is_word(tk, i, "a") || is_word(tk, i, "an") || is_word(tk, i, "the") || is_word(tk, i, "one") ||
           is_word(tk, i, "another") || is_word(tk, i, "his") || is_word(tk, i, "her") ||
           is_word(tk, i, "their") || is_word(tk, i, "its");
}

/* Append figure f to the arena array *figs of *nf figures (*cap allocated). */
static void add_figure(coder *c, figure **figs, size_t *nf, size_t *cap, const figure *f) {
    grow(c->a, (void **)figs, cap, *nf, sizeof **figs);
    (*figs)[(*nf)++] = *f;
}

/* A noun's head for telling counts of the same people from counts of others:
 * the folded word without a plural s (insurgents and insurgent agree). */
static uint32_t head_of(const tally_tokens *tk, size_t i) {
    static const char *generic[] = {"individual", "individuals", "people", "person", "persons", "men",
                                    "man", "others", "member", "members", "suspect", "suspects", "those"};
    for (size_t k = 0; k < ARRAY_LEN(generic); k++)
        if (is_word(tk, i, generic[k]))
            return 0;
    /* "one of the insurgents": some of those counted already */
    if (i >= 2 && is_word(tk, i - 1, "the") && is_word(tk, i - 2, "of"))
        return 0;
    tally_span w = tally_tokens_fold(tk, i);
    if (w.len > 3 && w.p[w.len - 1] == 's')
        w.len--;
    return tally_hash(w.p, w.len) | 1;
}

/* Does the counted noun (its last token i) name those who did it? 1: always
 * ("attackers", "the bomber"); 2: fighters told of before ("the gunmen", "12 of the
 * insurgents"), the attackers when an armed group did it; 0: no. */
static uint8_t attackers_of(const tally_tokens *tk, size_t start, size_t i) {
    static const char *always[] = {"attacker", "attackers", "assailant", "assailants", "bomber", "bombers",
                                   "hijacker", "hijackers", "kidnapper", "kidnappers"};
    static const char *fighters[] = {"gunman", "gunmen", "militant", "militants", "insurgent", "insurgents",
                                     "fighter", "fighters", "terrorist", "terrorists"};
    for (size_t k = 0; k < ARRAY_LEN(always); k++)
        if (is_word(tk, i, always[k]))
            return 1;
    int fighter = 0;
    for (size_t k = 0; k < ARRAY_LEN(fighters); k++)
        fighter |= is_word(tk, i, fighters[k]);
    if (!fighter)
        return 0;
    for (size_t k = start; k < i; k++)
        if (is_word(tk, k, "the") || is_word(tk, k, "all"))
            return 2;
    return 0;
}

/* People listed one by one after a figure f, from token k on (", his wife and a
 * neighbour"): one figure of one person each. The numbers in such a list are
 * counted on their own ("and their three children"), and "and one other
 * insurgent" is a number too. */
static void list_after(coder *c, const sentence_info *si, size_t s, size_t k, const figure *f, figure **figs,
                       size_t *nf, size_t *cap) {
    const tally_tokens *tk = c->tk;
    size_t e = tk->sents[s].tok_end;
    while (k + 2 < e && (is_word(tk, k, ",") || is_word(tk, k, "and"))) {
        size_t d2 = k + 1;
        if (is_word(tk, d2, "and"))
            d2++;
        if (d2 >= e || !is_det(tk, d2) || is_word(tk, d2, "the") || is_word(tk, d2, "one"))
            break;
        const match *n2 = NULL;
        for (size_t q = d2 + 1; q < e && q < d2 + 4 && !n2; q++) {
            if (tk->toks[q].kind == TALLY_TOK_NUM || (tk->toks[q].lex & LEX_NUMWORD) || is_clause_break(tk, q))
                break;
            const match *m = match_at(si, q, M_NOUN);
            if (m && m->e->section == DICT_PERSON)
                n2 = m;
        }
        if (!n2 || tally_recognize_plural(tally_tokens_fold(tk, n2->end - 1)) ||
            (n2->end < e && (match_at(si, n2->end, 1u << DICT_SPEECH) || is_word(tk, n2->end, "who"))))
            break; /* ", a police officer said": the speaker, not one more victim */
        figure g = *f;
        g.start = (uint32_t)d2;
        g.end = n2->end;
        g.lo = g.hi = 1;
        g.singular = 1;
        g.definite = 0; /* another person of the list */
        g.vague = g.anaphor = g.other = 0;
        g.head = head_of(tk, n2->end - 1);
        g.victims = victims_of(n2->e);
        g.words = words_of(c->a, tk, d2, n2->end);
        add_figure(c, figs, nf, cap, &g);
        k = n2->end;
    }
}

/* A figure of the people counted last (c->people_*), told again at tokens [start,
 * end) of sentence s ("them", "the insurgents") with the casualty word cas; none
 * when a figure of the sentence already covers token k. Returns 1 and *made. */
static int people_figure(coder *c, size_t s, size_t start, size_t end, size_t k, const match *cas, figure **figs,
                         size_t *nf, size_t *cap, figure *made) {
    for (size_t f = 0; f < *nf; f++)
        if ((*figs)[f].start <= k && k < (*figs)[f].end)
            return 0;
    memset(made, 0, sizeof *made);
    made->sent = (uint32_t)s;
    made->start = (uint32_t)start;
    made->end = (uint32_t)end;
    made->lo = c->people_lo;
    made->hi = c->people_hi;
    made->what = (uint8_t)what_of(cas->e);
    made->victims = c->people_victims;
    made->head = c->people_head;
    made->words = words_of(c->a, c->tk, start, end);
    add_figure(c, figs, nf, cap, made);
    return 1;
}

/* The search for one sentence's figures: the sentence, the figures found so far
 * and the casualty words they took. */
typedef struct {
    coder *c;
    size_t s;                /* the sentence */
    const sentence_info *si; /* its matches, numbers and dates */
    const tally_tokens *tk;
    size_t b, e;             /* its tokens */
    figure *figs;            /* the figures found so far (arena) */
    size_t nf, cap;
    uint8_t used_cas[512];   /* casualty matches already given a figure */
} fig_search;

/* What one number of the sentence counts, found step by step (number_figure). */
typedef struct {
    const tally_number *num;
    size_t j;           /* the token after the number's words */
    const match *noun;  /* the counted people's noun, or NULL */
    const match *cas;   /* the casualty word: what befell them; NULL while not found */
    size_t noun_end;    /* past a second count ("12 protesters and six policemen"), 0 none */
    int subset;         /* a part of a figure: "including two women" */
    int later;          /* "two of the wounded later died": dead on top of the others */
    int counts_things;  /* the word after the number names no one ("several grenades") */
    int shared_verb;    /* the verb of the object before it ("and three associates") */
} num_count;

/* Is token tok inside one of the sentence's dates (March 7, 3 days ago)? */
static int in_date(const sentence_info *si, size_t tok) {
    int in = 0;
    for (size_t d = 0; d < si->ndates; d++)
        if (tok >= si->dates[d].tok_start && tok < si->dates[d].tok_end)
            in = 1;
    return in;
}

/* Is the number a part of a figure ("including two women", "the dead included four
 * men")? Looks back to the clause's start for the cue. */
static int part_before(const fig_search *fs, const tally_number *num) {
    const tally_tokens *tk = fs->tk;
    size_t b = fs->b;
    int subset = 0; /* "among them a teacher and his two sons": back to the clause's start */
    for (size_t k = num->tok_start; k > b && k + 9 > num->tok_start; k--) {
        if (is_word(tk, k - 1, "including") || is_word(tk, k - 1, "included") ||
            is_word(tk, k - 1, "among") || is_word(tk, k - 1, "of")) {
            subset = !is_word(tk, k - 1, "of") || k + 1 < num->tok_start;
            if (is_word(tk, k - 1, "of") && k + 1 < num->tok_start)
                subset = 0; /* "of" only right before: "two of the wounded" */
            break;
        }
        if (match_at(fs->si, k - 1, M_CAS) || is_clause_break(tk, k - 1) || is_word(tk, k - 1, "-") ||
            tk->toks[k - 1].kind == TALLY_TOK_NUM)
            break; /* "-including two women- and five others": the dash closes the part;
                      "among rebels at 35 and said 18": another figure before it */
    }
    return subset;
}

/* What does the number count? Looks right for the noun and a casualty word; sets
 * nc->noun, nc->cas and nc->noun_end. Returns 1 when it counts things, not people. */
static int count_right(const fig_search *fs, num_count *nc) {
    const tally_tokens *tk = fs->tk;
    const sentence_info *si = fs->si;
    size_t e = fs->e, j = nc->j;
    const match *noun = NULL, *cas = NULL;
    int nonperson = 0;
    size_t coord = 0, noun_end_override = 0; /* "and six policemen": the verb after them */
    for (size_t k = j; k < e && k < j + 9 + coord; k++) {
        const match *m = match_at(si, k, M_CAS);
        if (!m)
            m = match_at(si, k, M_NOUN);
        if (!m)
            m = match_at(si, k, M_TRIG);
        if (noun && (is_word(tk, k, "and") || is_word(tk, k, ",")) && k + 1 < e &&
            (tk->toks[k + 1].kind == TALLY_TOK_NUM || (tk->toks[k + 1].lex & LEX_NUMWORD)) &&
            !is_word(tk, k + 1, "a")) {
            /* "12 protesters and six policemen were injured": step over the next count */
            size_t q = k + 2;
            while (q < e && q < k + 6 && !match_at(si, q, M_NOUN) && !match_at(si, q, M_CAS))
                q++;
            const match *n2 = q < e ? match_at(si, q, M_NOUN) : NULL;
            if (n2 && n2->e->section == DICT_PERSON) {
                coord = n2->end - j;
                k = n2->end - 1;
                noun_end_override = n2->end;
                continue;
            }
        }
        if (tk->toks[k].kind == TALLY_TOK_NUM || is_clause_break(tk, k) || (!noun && is_word(tk, k, ",")))
            break; /* "rose to 11, a hospital official said": the official is not counted */
        if (m && (m->e->section == DICT_NONPERSON || m->e->section == DICT_TRIGGER) && !noun &&
            m->end < e && match_at(si, m->end, M_NOUN) &&
            match_at(si, m->end, M_NOUN)->e->section == DICT_PERSON) {
            k = m->end - 1; /* "IED facilitators", "weapons dealers": people */
            continue;
        }
        if (m && m->e->section == DICT_NONPERSON && !noun) {
            nonperson = 1;
            break;
        }
        if (m && m->e->section == DICT_PERSON && !noun) {
            noun = m;
            k = m->end - 1;
            continue;
        }
        if (m && m->e->section == DICT_CASUALTY) {
            /* "five people were killed", "eight detained", "25 dead": not "killing", and
               not "two insurgents and detained": the verb of another object */
            tally_span w = tally_tokens_fold(tk, k);
            size_t before = noun_end_override ? noun_end_override : noun ? noun->end : j;
            int aux = k == before;
            if ((is_word(tk, k, "died") || is_word(tk, k, "perished")) && k <= before + 2) {
                aux = 1; /* "three civilians also died": no auxiliary, an adverb at most */
                for (size_t q = before; q < k; q++)
                    aux &= is_word(tk, q, "also") || is_word(tk, q, "later") || is_word(tk, q, "all") ||
                            is_word(tk, q, "reportedly") || is_word(tk, q, "subsequently") ||
                            is_word(tk, q, "both");
            }
            for (size_t q = before; q < k; q++)
                if (is_word(tk, q, "were") || is_word(tk, q, "was") || is_word(tk, q, "been") ||
                    is_word(tk, q, "are") || is_word(tk, q, "is") || is_word(tk, q, "being") ||
                    is_word(tk, q, "had") || is_word(tk, q, "have"))
                    aux = 1;
            for (size_t q = before; q < k; q++)
                if (is_word(tk, q, "and") || is_word(tk, q, "or") || is_word(tk, q, "who") ||
                    is_word(tk, q, "which") || is_word(tk, q, "that"))
                    aux = 0;
            if (!(w.len > 3 && memcmp(w.p + w.len - 3, "ing", 3) == 0) && aux)
                cas = m;
            for (size_t q = before; q < k && cas; q++)
                if (is_word(tk, q, "among"))
                    nc->subset = 1; /* "43 officers were among the dead": a part of them */
            break;
        }
        if (m && m->e->section == DICT_TRIGGER)
            break;
        if (!noun && k > j + 4)
            break;
        if (noun && k > (noun_end_override ? noun_end_override : noun->end) + 4)
            break;
    }
    nc->noun = noun;
    nc->cas = cas;
    nc->noun_end = noun_end_override;
    return nonperson;
}

/* People counted, whatever befell them: "them" or "the insurgents" may point back to
 * them later, so they become c->people_*. */
static void note_people(const fig_search *fs, const num_count *nc) {
    const tally_tokens *tk = fs->tk;
    const tally_number *num = nc->num;
    coder *c = fs->c;
    size_t e = fs->e, j = nc->j;
    const match *counted = nc->noun;
    for (size_t q = j; !counted && q < e && q < j + 4; q++) { /* "three additional wounded insurgents" */
        const match *m = match_at(fs->si, q, M_NOUN);
        if (m && m->e->section == DICT_PERSON)
            counted = m;
        if (tk->toks[q].kind != TALLY_TOK_WORD || is_clause_break(tk, q))
            break;
    }
    if (counted && !nc->subset && tally_recognize_plural(tally_tokens_fold(tk, counted->end - 1))) {
        c->people_lo = num->qual == TALLY_Q_MORE_THAN && num->lo == num->hi ? num->lo + 1 : num->lo;
        c->people_hi = num->qual == TALLY_Q_MORE_THAN && num->lo == num->hi ? num->hi + 1 : num->hi;
        c->people_sent = (uint32_t)fs->s;
        c->people_head = head_of(tk, counted->end - 1);
        c->people_victims = victims_of(counted->e);
    }
}

/* "two of the wounded later died (of their wounds)": dead on top of the others. */
static void later_died(const fig_search *fs, num_count *nc) {
    const tally_tokens *tk = fs->tk;
    const sentence_info *si = fs->si;
    size_t e = fs->e, j = nc->j;
    if (!nc->cas && !nc->noun && j + 3 < e && is_word(tk, j, "of") && is_word(tk, j + 1, "the")) {
        const match *w = match_at(si, j + 2, M_CAS);
        if (w && what_of(w->e) == WHAT_INJURED)
            for (size_t q = w->end; q < e && q < w->end + 4 && !nc->cas; q++) {
                const match *m = match_at(si, q, M_CAS);
                if (m && what_of(m->e) == WHAT_KILLED)
                    nc->cas = m, nc->later = 1;
                else if (is_word(tk, q, "succumbed"))
                    break;
            }
    }
}

/* Does a word after a number with no noun say it counts something else ("seized
 * several grenades")? Then no verb to its left makes it a figure. */
static int counts_things(const fig_search *fs, const num_count *nc) {
    const tally_tokens *tk = fs->tk;
    size_t e = fs->e, j = nc->j;
    return !nc->noun && j < e && tk->toks[j].kind == TALLY_TOK_WORD && !is_word(tk, j, "and") &&
           !is_word(tk, j, "of") && !is_word(tk, j, "others") && !is_word(tk, j, "more") &&
           !match_at(fs->si, j, M_CAS) && !is_word(tk, j, "on") && !is_word(tk, j, "in") &&
           !is_word(tk, j, "during") && !is_word(tk, j, "at") && !is_word(tk, j, "near") &&
           !is_word(tk, j, "when") && !is_word(tk, j, "after") && !is_word(tk, j, "while") &&
           !is_word(tk, j, "including") && !is_word(tk, j, "as") && !is_word(tk, j, "with");
}

/* The casualty word left of the number: "killing at least five", "wounded another
 * 74", "arrested two". */
static void verb_before(const fig_search *fs, num_count *nc) {
    const tally_tokens *tk = fs->tk;
    const sentence_info *si = fs->si;
    size_t b = fs->b;
    if (nc->cas || nc->counts_things)
        return;
    size_t k = nc->num->tok_start;
    size_t lim = k > b + 4 ? k - 4 : b;
    while (k > lim) {
        k--;
        const match *m = match_ending(si, k, M_CAS); /* "killing", "shot dead" */
        if (!m && is_word(tk, k, "of") && k > b)
            m = match_ending(si, k - 1, M_CAS); /* "the detention of several" */
        if (m && (object_verb(tk, m->start) || is_word(tk, m->end - 1, "toll") || is_word(tk, m->end, "of"))) {
            nc->cas = m;
            break;
        }
        if (!(is_word(tk, k, "another") || is_word(tk, k, "a") || is_word(tk, k, "an") || is_word(tk, k, "put") ||
              is_word(tk, k, "the") || is_word(tk, k, "rose") || is_word(tk, k, "to") ||
              is_word(tk, k, "at") || is_word(tk, k, "reached") || is_word(tk, k, "climbed") ||
              is_word(tk, k, "stood") || is_word(tk, k, "some") || is_word(tk, k, "an") ||
              is_word(tk, k, "additional") || is_word(tk, k, "further") || is_word(tk, k, "\"") ||
              is_word(tk, k, "all")))
            break;
    }
}

/* "several insurgents opened fire on the force and were killed": the second verb of
 * the same subject. */
static void second_verb(const fig_search *fs, num_count *nc) {
    const tally_tokens *tk = fs->tk;
    size_t e = fs->e;
    const match *noun = nc->noun;
    if (nc->cas || !noun)
        return;
    for (size_t q = noun->end; q + 2 < e && q < noun->end + 16 && !nc->cas; q++) {
        if (tk->toks[q].kind == TALLY_TOK_NUM || is_clause_break(tk, q) || is_word(tk, q, ",") ||
            is_word(tk, q, "who") || is_word(tk, q, "which") || is_word(tk, q, "that"))
            break;
        if (is_word(tk, q, "and") && (is_word(tk, q + 1, "were") || is_word(tk, q + 1, "was"))) {
            size_t v = q + 2 + ((is_word(tk, q + 2, "all") || is_word(tk, q + 2, "later")) ? 1 : 0);
            const match *m = v < e ? match_at(fs->si, v, M_CAS) : NULL;
            if (m && object_verb(tk, m->start))
                nc->cas = m;
            break;
        }
    }
}

/* "also killed in the strike were 13 fighters": the participle first, the counted
 * people after "were". */
static void participle_first(const fig_search *fs, num_count *nc) {
    const tally_tokens *tk = fs->tk;
    const tally_number *num = nc->num;
    size_t b = fs->b;
    if (nc->cas || !nc->noun || num->tok_start <= b + 1 ||
        !(is_word(tk, num->tok_start - 1, "were") || is_word(tk, num->tok_start - 1, "was")))
        return;
    size_t lim = num->tok_start > b + 10 ? num->tok_start - 10 : b;
    for (size_t q = num->tok_start - 1; q > lim && !nc->cas; q--) {
        const match *m = match_ending(fs->si, q - 1, M_CAS);
        if (m && object_verb(tk, m->start) &&
            (m->start == b || is_word(tk, m->start - 1, "also") || is_word(tk, m->start - 1, ",") ||
             is_word(tk, m->start - 1, "among")))
            nc->cas = m;
        if (is_clause_break(tk, q - 1) || tk->toks[q - 1].kind == TALLY_TOK_NUM)
            break;
    }
}

/* "the death toll from Tuesday's bombing rose to 11", "put the toll among rebels at
 * 35": the toll named further back. */
static void toll_before(const fig_search *fs, num_count *nc) {
    const tally_tokens *tk = fs->tk;
    const sentence_info *si = fs->si;
    const tally_number *num = nc->num;
    size_t b = fs->b;
    if (nc->cas || nc->counts_things || num->tok_start <= b + 1)
        return;
    size_t k = num->tok_start;
    if (is_word(tk, k - 1, "to") || is_word(tk, k - 1, "at"))
        k--;
    if (k > b && (is_word(tk, k - 1, "rose") || is_word(tk, k - 1, "risen") || is_word(tk, k - 1, "climbed") ||
                  is_word(tk, k - 1, "reached") || is_word(tk, k - 1, "stood") || is_word(tk, k - 1, "jumped") ||
                  is_word(tk, k - 1, "increased") || is_word(tk, k - 1, "stands") || is_word(tk, k - 1, "rises"))) {
        size_t lim = k > b + 16 ? k - 16 : b;
        for (size_t q = k - 1; q > lim && !nc->cas; q--) {
            const match *m = match_ending(si, q - 1, M_CAS);
            if (m && is_word(tk, m->end - 1, "toll"))
                nc->cas = m;
            if (is_clause_break(tk, q - 1))
                break;
        }
    }
    /* "put the toll among rebels at 35": the toll a few words before "at" */
    size_t at = num->num_tok; /* the number's own token: "at" may lead its words */
    if (at > b + 1 && is_word(tk, at - 1, "at")) {
        size_t lim = at > b + 7 ? at - 7 : b;
        for (size_t q = at - 1; q > lim && !nc->cas; q--) {
            const match *m = match_ending(si, q - 1, M_CAS);
            if (m && is_word(tk, m->end - 1, "toll") && m->start > b &&
                (is_word(tk, m->start - 1, "the") || is_word(tk, m->start - 1, "its"))) {
                nc->cas = m;
                nc->subset = 0; /* "among rebels" says whose toll, not a part of it */
            }
            if (is_clause_break(tk, q - 1) || is_word(tk, q - 1, ","))
                break;
        }
    }
}

/* "the dead included four women", "among the wounded were two boys": a part of the
 * dead or wounded. */
static void part_of_dead(const fig_search *fs, num_count *nc) {
    const tally_tokens *tk = fs->tk;
    const tally_number *num = nc->num;
    size_t b = fs->b;
    if (nc->cas || !nc->noun || num->tok_start <= b + 2 ||
        !(is_word(tk, num->tok_start - 1, "included") || is_word(tk, num->tok_start - 1, "include") ||
          is_word(tk, num->tok_start - 1, "were")))
        return;
    size_t lim = num->tok_start > b + 5 ? num->tok_start - 5 : b;
    for (size_t q = num->tok_start - 1; q > lim && !nc->cas; q--) {
        const match *m = match_ending(fs->si, q - 1, M_CAS);
        if (m && m->start > b && (is_word(tk, m->start - 1, "the") || is_word(tk, m->start - 1, "those")) &&
            (is_word(tk, num->tok_start - 1, "were") ? m->start > b + 1 && is_word(tk, m->start - 2, "among")
                                                     : 1))
            nc->cas = m, nc->subset = 1;
        if (is_clause_break(tk, q - 1) || is_word(tk, q - 1, ","))
            break;
    }
}

/* "detained the leader along with three associates", "captured a facilitator and
 * several associates": the number shares the verb of the object before it. */
static void shared_verb_before(const fig_search *fs, num_count *nc) {
    const tally_tokens *tk = fs->tk;
    size_t b = fs->b;
    size_t before_num = nc->num->tok_start; /* "and their three children": past the possessive */
    if (before_num > b + 1 && (is_word(tk, before_num - 1, "their") || is_word(tk, before_num - 1, "his") ||
                               is_word(tk, before_num - 1, "her")))
        before_num--;
    if (nc->cas || before_num <= b ||
        !(is_word(tk, before_num - 1, "and") || is_word(tk, before_num - 1, "with")))
        return;
    nc->shared_verb = 1;
    size_t lim = before_num > b + 14 ? before_num - 14 : b;
    for (size_t k = before_num - 1; k > lim; k--) {
        if (tk->toks[k - 1].kind == TALLY_TOK_NUM || is_clause_break(tk, k - 1))
            break;
        const match *m = match_at(fs->si, k - 1, M_CAS);
        if (m && object_verb(tk, k - 1)) {
            nc->cas = m;
            break;
        }
    }
    if (nc->cas && !nc->noun)
        nc->cas = NULL; /* the number must count people: "and three associates" */
}

/* "three passengers were killed or wounded": no count of either. */
static int either_or(const fig_search *fs, const match *cas) {
    const tally_tokens *tk = fs->tk;
    if (cas->end + 1 < fs->e && is_word(tk, cas->end, "or") && match_at(fs->si, cas->end + 1, M_CAS))
        return 1;
    if (cas->start > fs->b + 1 && is_word(tk, cas->start - 1, "or") && match_ending(fs->si, cas->start - 2, M_CAS))
        return 1;
    return 0;
}

/* Add the figure of a number whose noun and casualty word were found, and the people
 * listed after it ("killed 3 soldiers and a civilian"). */
static void add_number_figure(fig_search *fs, num_count *nc) {
    const tally_tokens *tk = fs->tk;
    const tally_number *num = nc->num;
    const match *noun = nc->noun, *cas = nc->cas;
    size_t b = fs->b, e = fs->e;
    figure f;
    memset(&f, 0, sizeof f);
    f.sent = (uint32_t)fs->s;
    f.start = num->tok_start;
    f.end = noun ? noun->end : num->tok_end;
    f.lo = num->lo;
    f.hi = num->hi;
    if (num->qual == TALLY_Q_MORE_THAN && num->lo == num->hi)
        f.lo = f.hi = num->lo + 1; /* "more than 30": at least 31 */
    f.anaphor = is_word(tk, num->num_tok, "both"); /* "both men": people already told of */
    if (num->tok_end + 1 < e && is_word(tk, num->tok_end, "of") &&
        (is_word(tk, num->tok_end + 1, "them") || is_word(tk, num->tok_end + 1, "whom")))
        nc->subset = 1; /* "one of them": a part of people already counted */
    f.part = (uint8_t)nc->subset; /* women and children among the victims */
    f.later = (uint8_t)nc->later;
    f.what = (uint8_t)what_of(cas->e);
    f.victims = noun ? victims_of(noun->e) : TALLY_VICTIMS_NONE;
    f.vague = num->qual == TALLY_Q_VAGUE;
    for (size_t q = num->tok_end; q < f.end; q++)
        if (is_word(tk, q, "other"))
            f.other = 1;
    f.attackers = noun ? attackers_of(tk, num->tok_start > b ? num->tok_start - 1 : b, noun->end - 1) : 0;
    f.words = words_of(fs->c->a, tk, num->tok_start, f.end);
    f.head = noun ? head_of(tk, noun->end - 1) : 0;
    if ((size_t)(cas - fs->si->m) < sizeof fs->used_cas && !nc->shared_verb)
        fs->used_cas[cas - fs->si->m] = 1;
    add_figure(fs->c, &fs->figs, &fs->nf, &fs->cap, &f);
    /* "killed 3 soldiers and a civilian": one more person after the counted ones
       (not ", a hospital official said") */
    if (noun && cas->start < num->tok_start && is_word(tk, noun->end, "and"))
        list_after(fs->c, fs->si, fs->s, noun->end, &f, &fs->figs, &fs->nf, &fs->cap);
}

/* The figure a number gives when it counts people something befell: what it counts
 * (a noun to its right), then the casualty word, right of it, left of it or
 * elsewhere in its clause, each step only while none is found. */
static void number_figure(fig_search *fs, const tally_number *num) {
    if (num->kind != TALLY_NUM_COUNT || num->lo <= 0 || num->lo > 10000000)
        return;
    if (in_date(fs->si, num->num_tok)) /* March 7, 3 days ago */
        return;
    num_count nc;
    memset(&nc, 0, sizeof nc);
    nc.num = num;
    nc.j = num->tok_end;
    /* a part of a figure: "including two women", "the dead included four men" */
    nc.subset = part_before(fs, num);
    if (count_right(fs, &nc))
        return;
    note_people(fs, &nc);
    later_died(fs, &nc);
    nc.counts_things = counts_things(fs, &nc);
    verb_before(fs, &nc);
    second_verb(fs, &nc);
    participle_first(fs, &nc);
    toll_before(fs, &nc);
    part_of_dead(fs, &nc);
    shared_verb_before(fs, &nc);
    if (!nc.cas || either_or(fs, nc.cas))
        return;
    add_number_figure(fs, &nc);
}

/* The one person after a casualty verb or noun: "killed the Taliban leader", "the
 * arrest of a leader", "killed Taliban leader, Hamid, ...". Returns 1 and sets *noun
 * and *det, the token the figure's words start at. */
static int object_after(const fig_search *fs, const match *cas, int noun_form, const match **noun, size_t *det) {
    const tally_tokens *tk = fs->tk;
    const sentence_info *si = fs->si;
    size_t e = fs->e;
    size_t k = cas->end + (noun_form ? 1 : 0);
    if (k < e && is_det(tk, k)) {
        *det = k;
        for (size_t q = k + 1; q < e && q < k + 12; q++) {
            if (is_word(tk, q, "(") || is_word(tk, q, ")"))
                continue; /* "a senior Islamic Movement of Uzbekistan (IMU) leader" */
            if (tk->toks[q].kind == TALLY_TOK_NUM || is_clause_break(tk, q) || is_word(tk, q, ","))
                break;
            const match *m = match_at(si, q, M_NOUN);
            if (m && m->e->section == DICT_PERSON) {
                *noun = m; /* the head: "a weapons dealer", "an IED facilitator" */
                if (!match_at(si, m->end, M_NOUN))
                    break;
            }
        }
        return *noun != NULL;
    }
    /* "killed Taliban leader, Hamid, ...": no article, the man named after it */
    for (size_t q = k; q < e && q < k + 6 && !*noun; q++) {
        const match *m = match_at(si, q, M_NOUN);
        if (m && m->e->section == DICT_PERSON && !match_at(si, m->end, M_NOUN) && m->end + 2 < e &&
            is_word(tk, m->end, ",") && (tk->toks[m->end + 1].flags & TALLY_TF_CAP) &&
            !(tk->toks[m->end + 1].lex & LEX_DICT) && is_word(tk, m->end + 2, ","))
            *noun = m;
        if (tk->toks[q].kind != TALLY_TOK_WORD || is_clause_break(tk, q))
            break;
    }
    *det = k; /* the figure's words start after the verb */
    return *noun != NULL;
}

/* The one person before a passive or intransitive casualty word: "a contractor was
 * killed", "the man died". Returns 1 and sets *noun and *det (its determiner). */
static int subject_before(const fig_search *fs, const match *cas, const match **noun, size_t *det) {
    const tally_tokens *tk = fs->tk;
    size_t b = fs->b;
    size_t k = cas->start;
    size_t lim = k > b + 14 ? k - 14 : b;
    while (k > lim) {
        k--;
        const match *m = match_at(fs->si, k, M_NOUN);
        if (m && m->e->section == DICT_PERSON && !*noun)
            *noun = m;
        if (*noun && is_det(tk, k)) {
            *det = k;
            return 1;
        }
        if ((tk->toks[k].kind == TALLY_TOK_NUM && !(tk->toks[k].flags & TALLY_TF_HYPHEN)) ||
            is_clause_break(tk, k))
            break;
    }
    return 0;
}

/* "killed Rashid and his driver": a person's name right after the verb is a figure
 * of one, and so is each person listed after him. */
static void named_victim(fig_search *fs, const match *cas) {
    const tally_tokens *tk = fs->tk;
    size_t k = cas->end;
    if (k + 1 < fs->e && (tk->toks[k].flags & TALLY_TF_CAP) && !(tk->toks[k].flags & TALLY_TF_UPPER) &&
        tk->toks[k].kind == TALLY_TOK_WORD && !(tk->toks[k].lex & (LEX_DICT | LEX_MONTH | LEX_WEEKDAY)) &&
        !is_place_tok(fs->c, k) && !tally_recognize_plural(tally_tokens_fold(tk, k)) && /* not "Yazidis" */
        (is_word(tk, k + 1, "and") || is_word(tk, k + 1, ",") || is_word(tk, k + 1, ".") ||
         is_word(tk, k + 1, "on") || is_word(tk, k + 1, "in"))) {
        figure f;
        memset(&f, 0, sizeof f);
        f.sent = (uint32_t)fs->s;
        f.start = (uint32_t)k;
        f.end = (uint32_t)k + 1;
        f.lo = f.hi = 1;
        f.definite = 1; /* a named man: maybe the one the report is about */
        f.what = WHAT_KILLED;
        f.singular = 1;
        f.words = words_of(fs->c->a, tk, k, k + 1);
        add_figure(fs->c, &fs->figs, &fs->nf, &fs->cap, &f);
        list_after(fs->c, fs->si, fs->s, k + 1, &f, &fs->figs, &fs->nf, &fs->cap); /* "and his associate" */
    }
}

/* The figure of one person that casualty match mi befell, when no number took it:
 * "killed the Taliban leader", "a contractor was killed", "killed Rashid". */
static void singular_figure(fig_search *fs, size_t mi) {
    const tally_tokens *tk = fs->tk;
    const sentence_info *si = fs->si;
    size_t b = fs->b, e = fs->e;
    const match *cas = &si->m[mi];
    if (cas->e->section != DICT_CASUALTY || (mi < sizeof fs->used_cas && fs->used_cas[mi]))
        return;
    int what = what_of(cas->e);
    if (what == WHAT_INJURED)
        return;
    const match *noun = NULL;
    size_t det = 0;
    int ok = 0;
    int noun_form = cas->end < e && is_word(tk, cas->end, "of"); /* "the arrest of a leader" */
    int intrans = is_word(tk, cas->start, "died") || is_word(tk, cas->start, "dies") ||
                  is_word(tk, cas->start, "perished"); /* no object: "a policeman died" */
    if ((object_verb(tk, cas->start) || noun_form) && !intrans && !is_word(tk, cas->start - 1, "was") &&
        !is_word(tk, cas->start - 1, "were") && !is_word(tk, cas->start - 1, "been")) {
        ok = object_after(fs, cas, noun_form, &noun, &det); /* object to the right: a/an/the ... noun */
    } else if (is_word(tk, cas->start - 1, "was") ||
               (intrans && cas->start > b && match_ending(si, cas->start - 1, M_NOUN)) ||
               (is_word(tk, cas->start - 2, "was") &&
                (is_word(tk, cas->start - 1, "reportedly") || is_word(tk, cas->start - 1, "also") ||
                 is_word(tk, cas->start - 1, "later")))) {
        ok = subject_before(fs, cas, &noun, &det); /* subject to the left: a/an/the ... noun was killed */
    }
    if (!ok && object_verb(tk, cas->start) && !noun_form && what == WHAT_KILLED) {
        named_victim(fs, cas);
        return;
    }
    if (!ok || !noun || tally_recognize_plural(tally_tokens_fold(tk, noun->end - 1)))
        return;
    figure f;
    memset(&f, 0, sizeof f);
    f.sent = (uint32_t)fs->s;
    f.start = (uint32_t)det;
    f.end = noun->end;
    f.lo = f.hi = 1;
    f.definite = !(is_word(tk, det, "a") || is_word(tk, det, "an") || is_word(tk, det, "one") ||
                   is_word(tk, det, "another"));
    f.what = (uint8_t)what;
    f.victims = victims_of(noun->e);
    f.singular = 1;
    f.head = head_of(tk, noun->end - 1);
    f.attackers = attackers_of(tk, det, noun->end - 1);
    f.words = words_of(fs->c->a, tk, det, noun->end);
    add_figure(fs->c, &fs->figs, &fs->nf, &fs->cap, &f);
    /* a list after an object: "killing a man, his wife and their three children" */
    if (det > cas->start)
        list_after(fs->c, si, fs->s, noun->end, &f, &fs->figs, &fs->nf, &fs->cap);
}

/* "the armed militants, one of them the commander, were all killed", "they were
 * detained": the people just counted (c->people_*), as the subject. */
static void counted_subject(fig_search *fs) {
    const tally_tokens *tk = fs->tk;
    const sentence_info *si = fs->si;
    coder *c = fs->c;
    size_t b = fs->b, s = fs->s;
    for (size_t mi = 0; mi < si->nm; mi++) {
        const match *cas = &si->m[mi];
        if (cas->e->section != DICT_CASUALTY || what_of(cas->e) == WHAT_INJURED || !c->people_lo ||
            s > c->people_sent + 3 || cas->start < b + 2)
            continue;
        size_t k = cas->start - 1;
        if ((is_word(tk, k, "all") || is_word(tk, k, "both")) && k > b)
            k--;
        if (!is_word(tk, k, "were") || k == b)
            continue;
        k--;
        if (is_word(tk, k, ",")) { /* past an aside between commas */
            while (k > b && !is_word(tk, k - 1, ","))
                k--;
            if (k <= b + 1)
                continue;
            k -= 2;
        }
        const match *noun = match_ending(si, k, M_NOUN);
        int they = is_word(tk, k, "they") && k == b;
        size_t the = 0; /* the token of "the" + 1 */
        if (noun && noun->e->section == DICT_PERSON && tally_recognize_plural(tally_tokens_fold(tk, k)) &&
            head_of(tk, k) == c->people_head)
            for (size_t q = noun->start; q-- > b && q + 3 >= noun->start && !the;)
                if (is_word(tk, q, "the"))
                    the = q + 1;
        if (!they && !the)
            continue;
        /* the whole subject: its people are the dead */
        figure f;
        people_figure(c, s, they ? k : the - 1, k + 1, k, cas, &fs->figs, &fs->nf, &fs->cap, &f);
    }
}

/* "engaged and killed them", "detained the insurgents": the people just counted
 * (c->people_*), as the object. */
static void counted_object(fig_search *fs) {
    const tally_tokens *tk = fs->tk;
    const sentence_info *si = fs->si;
    coder *c = fs->c;
    size_t e = fs->e, s = fs->s;
    for (size_t mi = 0; mi < si->nm; mi++) {
        const match *cas = &si->m[mi];
        if (cas->e->section != DICT_CASUALTY || !object_verb(tk, cas->start) || what_of(cas->e) == WHAT_INJURED ||
            !c->people_lo || s > c->people_sent + 3 || cas->end >= e)
            continue;
        size_t k = cas->end, end = 0;
        const match *noun = NULL;
        if (is_word(tk, k, "them"))
            end = k + 1;
        else if (is_word(tk, k, "the") && (noun = match_at(si, k + 1, M_NOUN)) && noun->e->section == DICT_PERSON &&
                 tally_recognize_plural(tally_tokens_fold(tk, noun->end - 1)) &&
                 head_of(tk, noun->end - 1) == c->people_head)
            end = noun->end;
        if (!end || (end < e && (is_word(tk, end, "of") || is_word(tk, end, "who"))))
            continue; /* "the insurgents who ...": someone else, maybe */
        figure f;
        if (people_figure(c, s, k, end, k, cas, &fs->figs, &fs->nf, &fs->cap, &f))
            list_after(c, si, s, end, &f, &fs->figs, &fs->nf, &fs->cap); /* "them along with one other" */
    }
}

/* The figures of sentence s: numbers that count people killed, injured or detained. */
size_t tally_figures_find(coder *c, size_t s, sentence_info *si, figure **out) {
    fig_search fs;
    memset(&fs, 0, sizeof fs);
    fs.c = c;
    fs.s = s;
    fs.si = si;
    fs.tk = c->tk;
    fs.b = c->tk->sents[s].tok_start;
    fs.e = c->tk->sents[s].tok_end;
    for (size_t n = 0; n < si->nnums; n++)
        number_figure(&fs, &si->nums[n]);
    /* singular people: "killed the Taliban leader", "a contractor was killed" */
    for (size_t mi = 0; mi < si->nm; mi++)
        singular_figure(&fs, mi);
    counted_subject(&fs);
    counted_object(&fs);
    *out = fs.figs;
    return fs.nf;
}

/* Does a figure of the sentence already cover tokens [start, end)? */
static int figure_covers(const figure *figs, size_t nf, size_t start, size_t end) {
    for (size_t f = 0; f < nf; f++)
        if (figs[f].start < end && start < figs[f].end)
            return 1;
    return 0;
}

/* Does entity e fit a person told as p (head hash, name hash, age)? */
static int ent_fits(const person_ent *e, uint32_t head, int16_t age) {
    if (e->age >= 0 && age >= 0 && e->age != age)
        return 0;
    return (head && e->head == head) || (age >= 0 && e->age == age);
}

/* The person a one-person group of sentence s stands for, 1 + an index into
 * c->ents (0 when the table is full). A name is the person of that name, else the
 * latest unnamed person of an earlier sentence ("a man ... identified as Jane Roe");
 * a pronoun the latest person; "the boy", "the 17-year-old" the latest of that
 * noun or age, and "the victim" the latest person; "a man" someone new, unless the
 * same noun and age were told before (a headline and its story). */
/* Can pronoun p stand for entity e? Not "her" for "her boyfriend" (someone of
 * hers), not "he" for a woman; with strict, "she" only for a woman. */
static int pronoun_fits(const tally_tokens *tk, const tally_people *p, const person_ent *e, int strict) {
    int he = is_word(tk, p->head, "he") || is_word(tk, p->head, "him") || is_word(tk, p->head, "his") ||
             is_word(tk, p->head, "himself");
    if ((he && (e->woman || e->poss == 1)) || (!he && e->poss == 2))
        return 0;
    return !strict || he || e->woman;
}

static uint16_t person_of(coder *c, size_t s, const tally_people *p, size_t sent_start) {
    const tally_tokens *tk = c->tk;
    uint32_t head = p->noun ? head_of(tk, p->head) : 0, name = 0;
    if (p->kind == TALLY_PPL_NAME) {
        tally_span w = tally_tokens_fold(tk, p->head);
        name = tally_hash(w.p, w.len) | 1;
    }
    int found = -1;
    int another = is_word(tk, p->start, "another") || is_word(tk, p->start, "second");
    for (size_t k = c->nents; k-- > 0 && found < 0 && !another;) {
        const person_ent *e = &c->ents[k];
        if (e->sent + 10 < s)
            break;
        switch (p->kind) {
        case TALLY_PPL_NAME:
            if (e->name == name || (!e->name && k < sent_start && (e->age < 0 || p->age < 0 || e->age == p->age)))
                found = (int)k;
            break;
        case TALLY_PPL_PRONOUN:
            if (pronoun_fits(tk, p, e, 1))
                found = (int)k;
            break;
        case TALLY_PPL_DEF:
            if (ent_fits(e, head, p->age) || (!head && p->age < 0))
                found = (int)k;
            break;
        default: /* "a student" again ("College student killed ... A 19-year-old student was killed") */
            if (head && ent_fits(e, head, p->age) && (e->age == p->age || e->age < 0 || p->age < 0))
                found = (int)k;
        }
    }
    for (size_t k = c->nents; k-- > 0 && found < 0 && p->kind == TALLY_PPL_PRONOUN;)
        if (c->ents[k].sent + 10 >= s && pronoun_fits(tk, p, &c->ents[k], 0))
            found = (int)k; /* no woman told of: "she" is whoever else fits */
    if (found < 0) {
        if (c->nents == ARRAY_LEN(c->ents))
            return 0;
        found = (int)c->nents++;
        memset(&c->ents[found], 0, sizeof c->ents[found]);
        c->ents[found].age = -1;
    }
    person_ent *e = &c->ents[found];
    if (head && !e->head)
        e->head = head;
    if (name && !e->name)
        e->name = name;
    if (p->age >= 0 && e->age < 0)
        e->age = p->age;
    e->woman |= p->woman;
    if (p->kind == TALLY_PPL_DEF && p->start < p->head)
        e->poss = is_word(tk, p->start, "his") ? 1 : is_word(tk, p->start, "her") ? 2 : e->poss;
    e->sent = (uint32_t)s;
    return (uint16_t)(found + 1);
}

/* Does an older figure of the sentence already count one person the same way, when
 * p is someone told of before ("The teen ... where he was killed": he is the teen)? */
static int told_of_one(const figure *figs, size_t given, const tally_people *p, int what) {
    if (p->kind != TALLY_PPL_PRONOUN && p->kind != TALLY_PPL_DEF && p->kind != TALLY_PPL_NAME)
        return 0;
    for (size_t f = 0; f < given; f++)
        if (figs[f].singular && figs[f].what == what)
            return 1;
    return 0;
}

/* A group told with no count ("them", "the insurgents", "his associates") is the
 * people counted just before (within three sentences): "them" any, a noun the same
 * noun. Sets its count. */
static void people_told_before(const coder *c, size_t s, tally_people *p) {
    const tally_tokens *tk = c->tk;
    if (p->kind != TALLY_PPL_GROUP || !c->people_lo || s > c->people_sent + 3)
        return;
    int pronoun = !p->noun;
    int definite = p->start < p->head && (is_word(tk, p->start, "the") || is_word(tk, p->start, "his") ||
                                          is_word(tk, p->start, "their") || is_word(tk, p->start, "all"));
    if (!pronoun && !(definite && p->noun && head_of(tk, p->head) == c->people_head))
        return;
    if (is_word(tk, p->end, "who") || is_word(tk, p->end, "of") || is_word(tk, p->end, "that"))
        return; /* "the gunmen who fled": maybe others */
    p->lo = c->people_lo, p->hi = c->people_hi;
    p->kind = TALLY_PPL_COUNTED;
    p->partitive = 1; /* told before: no new count for "them" to point to */
}

/* The figures the recognizer's acts give, for people no figure of the sentence
 * counts yet: "a 13-year-old was shot", "the man died", "the death of Jane Roe". A
 * group told without a count ("residents were hurt") counts nobody. */
void tally_figures_recognized(coder *c, size_t s, const tally_recognized *rc, figure **figs, size_t *nf) {
    const tally_tokens *tk = c->tk;
    size_t cap = *nf;
    static const uint8_t what[] = {WHAT_KILLED, WHAT_INJURED, WHAT_DETAINED, WHAT_SHOT};
    size_t given = *nf;
    uint16_t *ent = tally_arena_alloc(c->a, (rc->npeople + 1) * sizeof *ent);
    size_t sent_start = c->nents;
    for (size_t i = 0; i < rc->npeople; i++) {
        const tally_people *p = &rc->people[i];
        if (p->lo == 1 && p->hi == 1 && !p->vague && !p->plural)
            ent[i] = person_of(c, s, p, sent_start);
    }
    tally_people *ppl = tally_arena_alloc(c->a, (rc->npeople + 1) * sizeof *ppl);
    for (size_t i = 0; i < rc->npeople; i++)
        ppl[i] = rc->people[i];
    for (size_t i = 0; i < rc->npeople; i++)
        people_told_before(c, s, &ppl[i]);
    for (size_t i = 0; i < rc->npeople; i++)
        if (ppl[i].kind == TALLY_PPL_COUNTED && ppl[i].plural && !ppl[i].partitive && ppl[i].lo > 1) {
            c->people_lo = ppl[i].lo, c->people_hi = ppl[i].hi; /* "them" may point back to them */
            c->people_sent = (uint32_t)s;
            c->people_head = ppl[i].noun ? head_of(tk, ppl[i].head) : 0;
            c->people_victims = victims_of(ppl[i].noun);
        }
    for (size_t i = 0; i < rc->nacts; i++) {
        const tally_act *act = &rc->acts[i];
        if (act->negated || act->either || act->irrealis)
            continue;
        for (size_t j = 0; j < act->npatients; j++) {
            const tally_people *p = &ppl[act->patients[j]];
            if (act->form != TALLY_FORM_ACTIVE)
                for (size_t f = 0; f < given; f++) /* "and one person has died": its own verb */
                    if ((*figs)[f].start < p->end && p->start < (*figs)[f].end &&
                        (what[act->what] != WHAT_SHOT || (act->form == TALLY_FORM_NOMINAL && (*figs)[f].what == WHAT_INJURED)))
                        (*figs)[f].what = what[act->what]; /* "four people had gunshot wounds": hurt, maybe dead */
            if (p->lo <= 0 || figure_covers(*figs, given, p->start, p->end) ||
                figure_covers(*figs, given, act->start, act->end) || told_of_one(*figs, given, p, what[act->what]))
                continue;
            figure f;
            memset(&f, 0, sizeof f);
            f.sent = (uint32_t)s;
            f.start = p->start;
            f.end = p->end;
            f.lo = p->lo;
            f.hi = p->hi;
            f.what = what[act->what];
            f.vague = p->vague;
            f.singular = p->kind != TALLY_PPL_COUNTED;
            f.definite = p->kind == TALLY_PPL_DEF || p->kind == TALLY_PPL_PRONOUN || p->kind == TALLY_PPL_NAME;
            f.victims = p->role == TALLY_PROLE_CIVILIAN ? TALLY_VICTIMS_CIVILIANS
                        : p->role ? TALLY_VICTIMS_COMBATANTS : TALLY_VICTIMS_NONE;
            f.head = p->noun ? head_of(tk, p->head) : 0;
            f.attackers = p->noun ? attackers_of(tk, p->start, p->head) : 0;
            for (size_t q = p->start; q < p->head; q++)
                f.other |= is_word(tk, q, "other");
            f.another = is_word(tk, p->start, "another") || is_word(tk, p->start + 1, "second") ||
                        is_word(tk, p->start + 1, "third");
            for (size_t k = p->end; k < act->start && k < p->end + 3; k++)
                f.another |= is_word(tk, k, "also"); /* "a 19-year-old was also shot": someone else */
            f.anaphor = is_word(tk, p->start, "both"); /* "both boys": people already told of */
            f.words = words_of(c->a, tk, p->start, p->end);
            f.entity = ent[act->patients[j]];
            f.told = 1;
            f.part = act->part; /* "among the dead were": at least they */
            /* "then turned the gun on himself": the one who did it died on top of those
               he killed, not another count of them */
            f.later = act->form == TALLY_FORM_REFLEXIVE && act->what == TALLY_ACT_KILLED;
            add_figure(c, figs, nf, &cap, &f);
        }
    }
}

/* Numbers that give a person's age ("Jane Roe, 24", "a 12 year-old boy") count
 * nobody: drop them from the sentence's numbers. */
void tally_figures_drop_ages(sentence_info *si, const tally_recognized *rc) {
    size_t k = 0;
    for (size_t n = 0; n < si->nnums; n++) {
        int age = 0;
        for (size_t p = 0; p < rc->npeople && !age; p++) {
            const tally_people *pp = &rc->people[p];
            age = pp->age >= 0 && si->nums[n].num_tok >= pp->start && si->nums[n].num_tok < pp->end &&
                  (si->nums[n].num_tok > pp->head || si->nums[n].lo == pp->age) &&
                  !(pp->kind == TALLY_PPL_COUNTED && si->nums[n].tok_start == pp->start);
        }
        if (!age)
            si->nums[k++] = si->nums[n];
    }
    si->nnums = k;
}
