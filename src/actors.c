/* actors.c: actor mentions and their CAMEO codes, shared by the event coder and the
 * incident coder: dated codes, country + agent composition, and the words that join
 * an actor to its agent. */
#include "actors.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const MODIFIERS[] = {"former", "senior", "top", "first", "new", "deputy", "chief",
                                        "foreign", "local", "state", "national", "security", "military",
                                        "ethnic", "armed", "opposition", "federal", "regional", "provincial",
                                        "radical", "young", "angry", "official", "main", "acting", NULL};

static int is(const char *w, size_t len, const char *s) {
    return strlen(s) == len && memcmp(w, s, len) == 0;
}

int tally_actors_modifier(const char *w, size_t len, int cap) {
    if (is(w, len, "'s"))
        return 1;
    if (!len || !is_alpha((unsigned char)w[0]))
        return 0;
    if (cap)
        return 1;
    for (const char *const *m = MODIFIERS; *m; m++)
        if (is(w, len, *m))
            return 1;
    return 0;
}

int tally_actors_of(const char *w, size_t len) {
    return is(w, len, "of") || is(w, len, "in") || is(w, len, "from");
}

int tally_actors_country(const char *c) {
    if (strlen(c) < 3 || !is_alpha((unsigned char)c[0]) || !is_alpha((unsigned char)c[1]) ||
        !is_alpha((unsigned char)c[2]))
        return 0;
    static const char *const NOT[] = {"IGO", "NGO", "IMG", "MNC", "REB", "GOV", "MIL", "CVL",
                                      "COP", "UAF", "INS", "OPP", "MED", "BUS", NULL};
    for (const char *const *n = NOT; *n; n++)
        if (strncasecmp(c, *n, 3) == 0)
            return 0;
    return 1;
}

const char *tally_actors_entry_code(const tally_dict_entry *e, int32_t d, char *buf, size_t cap) {
    const char *dated = tally_dict_attr(e, "dated");
    if (dated && d) {
        for (const char *p = dated; *p;) {
            const char *c = p;
            while (*p && *p != ':')
                p++;
            size_t cl = (size_t)(p - c);
            long from = 0, to = 0;
            if (*p == ':')
                from = strtol(p + 1, (char **)&p, 10);
            if (*p == ':')
                to = strtol(p + 1, (char **)&p, 10);
            if ((!from || d >= from) && (!to || d <= to) && cl < cap) {
                memcpy(buf, c, cl);
                buf[cl] = 0;
                return buf;
            }
            while (*p && *p != ';')
                p++;
            if (*p == ';')
                p++;
        }
    }
    return tally_dict_attr(e, "code");
}

void tally_actors_compose(char *buf, size_t cap, const char *agent) {
    size_t n = agent ? strlen(agent) : 0, have = strlen(buf);
    if (n > 3 && memcmp(agent, "---", 3) == 0) {
        /* the role is told already: USAGOV and "government" */
        for (size_t k = 3; k + 3 <= have; k += 3)
            if (memcmp(buf + k, agent + 3, 3) == 0)
                return;
        if (have + n - 3 < cap)
            memcpy(buf + have, agent + 3, n - 3 + 1);
    } else if (n > 3 && memcmp(agent + n - 3, "---", 3) == 0 && have + n - 3 < cap) {
        memmove(buf + n - 3, buf, have + 1);
        memcpy(buf, agent, n - 3);
    }
}

/* ---- finding mentions ---- */

/* A mention being built: its actor's code and the agents joined to it. */
typedef struct {
    uint32_t start, end;
    const tally_dict_entry *actor, *agent[4];
    size_t nagent;
    char code[32]; /* the actor's code on the date, "" for an agent alone */
} pending;

/* "US" the country, not "us" the pronoun: the folded forms are the same. */
static int pronoun_us(const tally_tokens *tk, size_t i) {
    return tally_tokens_is(tk, i, "us") && !(tk->toks[i].flags & TALLY_TF_UPPER);
}

/* The actor or agent entry of one word at token i: the whole token, or its stem
 * before a possessive "'s" ("Iraq's government"). Returns tokens matched (0, 1...). */
static size_t match_at(const tally_tokens *tk, size_t i, size_t end, const tally_dict_entry **e) {
    unsigned mask = 1u << DICT_ACTOR | 1u << DICT_AGENT;
    size_t k = tally_dict_match(tk, i, end, mask, e);
    if (k)
        return k;
    tally_span w = tally_tokens_fold(tk, i);
    if (w.len < 3 || w.p[w.len - 2] != '\'' || w.p[w.len - 1] != 's')
        return 0;
    const tally_dict_entry *const *v;
    size_t nb = tally_dict_bucket(tally_hash(w.p, w.len - 2), &v);
    for (size_t b = 0; b < nb; b++)
        if ((mask & (1u << v[b]->section)) && v[b]->ntoks == 1 &&
            tally_dict_word_is(v[b], 0, w.p, w.len - 2)) {
            *e = v[b];
            return 1;
        }
    return 0;
}

/* May tokens [from, to) stand between an actor and its agent? */
static int only_modifiers(const tally_tokens *tk, size_t from, size_t to) {
    if (to - from > 3)
        return 0;
    for (size_t k = from; k < to; k++) {
        tally_span w = tally_tokens_fold(tk, k);
        if (!tally_actors_modifier(w.p, w.len, tk->toks[k].flags & TALLY_TF_CAP))
            return 0;
    }
    return 1;
}

/* Does e join the pending mention p before it (which ends gap tokens before e)? */
static int joins(const tally_tokens *tk, const pending *p, const tally_dict_entry *e, size_t start) {
    if (e->section == DICT_AGENT)
        return only_modifiers(tk, p->end, start) && p->nagent < ARRAY_LEN(p->agent);
    if (p->actor)
        return 0;
    size_t gap = start - p->end;
    if (gap == 0)
        return 1;
    tally_span w = tally_tokens_fold(tk, p->end);
    return gap <= 2 && tally_actors_of(w.p, w.len) && (gap == 1 || tally_tokens_is(tk, p->end + 1, "the"));
}

/* The finished mention of p: its code composed, its kind and head entry. */
static tally_actor_mention finish(tally_arena *a, const pending *p, const char *country) {
    tally_actor_mention m = {p->start, p->end, NULL, NULL, NULL, 0};
    char buf[64];
    buf[0] = 0;
    if (p->actor && p->code[0])
        strcpy(buf, p->code);
    else if (!p->actor)
        snprintf(buf, sizeof buf, "%.3s", country ? country : "---");
    for (size_t i = 0; i < p->nagent; i++)
        tally_actors_compose(buf, sizeof buf, tally_dict_attr(p->agent[i], "code"));
    if (buf[0] || p->nagent)
        m.code = tally_arena_strndup(a, buf, strlen(buf));
    m.kind = p->actor ? tally_dict_attr(p->actor, "kind") : NULL;
    for (size_t i = 0; i < p->nagent && !m.kind; i++)
        m.kind = tally_dict_attr(p->agent[i], "kind");
    m.e = p->nagent ? p->agent[p->nagent - 1] : p->actor;
    m.country = !p->nagent && p->actor && (tally_dict_attr(p->actor, "demonym") || strlen(p->code) == 3);
    return m;
}

size_t tally_actors_find(tally_arena *a, const tally_tokens *tk, size_t s, int32_t date,
                         const char *country, tally_actor_mention **out) {
    size_t b = tk->sents[s].tok_start, e = tk->sents[s].tok_end, n = 0, np = 0;
    pending *p = tally_arena_alloc(a, (e - b + 1) * sizeof *p);
    for (size_t i = b; i < e;) {
        const tally_dict_entry *en;
        size_t k = match_at(tk, i, e, &en);
        if (!k || pronoun_us(tk, i)) {
            i += k ? k : 1;
            continue;
        }
        pending *q = np ? &p[np - 1] : NULL;
        if (!q || !joins(tk, q, en, i)) {
            q = &p[np++];
            memset(q, 0, sizeof *q);
            q->start = (uint32_t)i;
        }
        if (en->section == DICT_AGENT) {
            q->agent[q->nagent++] = en;
        } else {
            char cb[32];
            const char *c = tally_actors_entry_code(en, date, cb, sizeof cb);
            q->actor = en;
            if (c && strlen(c) < sizeof q->code)
                strcpy(q->code, c);
        }
        q->end = (uint32_t)(i + k);
        i += k;
    }
    tally_actor_mention *m = tally_arena_alloc(a, (np + 1) * sizeof *m);
    for (size_t i = 0; i < np; i++)
        m[n++] = finish(a, &p[i], country);
    *out = m;
    return n;
}
