/* wordnet_dict.c: writes the people nouns and violent-act verbs of WordNet 3.0 as a
 * dictionary (build time), which dictc compiles together with data/.
 * usage: wordnet_dict [-v] WORDNET_DIR OUT.dict [DATA.dict...]
 *   WORDNET_DIR  Debian's wordnet-base (/usr/share/wordnet): data, index and exc files
 *                of nouns and verbs, index and exc of adjectives and adverbs, cntlist.rev
 *   DATA.dict    the project's dictionaries: a phrase they define wins (see below)
 *   -v           list every form left out, and why, on stderr
 * Exit 1 with a message when a WordNet file is missing or is not WordNet 3.0.
 *
 * What goes in:
 * - [person]: each noun lemma whose FIRST sense (the first offset in index.noun, the
 *   sense SemCor tags most) is below person.n.01 through hypernyms (@). The first-sense
 *   rule is what keeps "shot" (an act), "head" (a body part) and "deer" out although
 *   some later sense of each is a person. The first sense is that of the word in lower
 *   case (first_sense): a capitalised word filed under the same lemma is a name (Barber,
 *   the composer, comes before barber). Left out: instances (@i: Einstein is an instance
 *   of physicist, no noun to count people with), words WordNet only capitalises (Marine,
 *   Democrat: names of groups; data/ lists the ones the press counts people by), lemmas
 *   with digits or of more than 4 words. Each comes with its plural. Attributes by the
 *   hypernyms of that first sense (NOUN_ROOTS), and woman=1 by its words too.
 * - [casualty]: each verb lemma whose first sense is kill.v.01, injure.v.01 (= wound)
 *   or arrest.v.01, kidnap.v.01, capture.v.03 (catching someone), or below one through
 *   hypernyms (the troponyms: strangle, behead, stab, abduct), with its inflected forms;
 *   and the nouns WordNet derives (+) from such a lemma whose first sense is that very
 *   act (noun.act: strangulation, abduction, massacre), with noun=1; the nouns of the
 *   doers (murderer) are people, not acts. Multiword verbs keep their words
 *   ("mow down": "mowed down").
 * A form is left out (-v lists them) when:
 * - SemCor tags its spelling more often as another part of speech than as ours (cntlist,
 *   through morphy's rules: see keep): "major", "general", "private" are adjectives more
 *   often than officers; "stone", "stones" nouns more often than verbs of stoning; "off"
 *   (to kill, in slang) an adverb; "judge", "witness" verbs more often than people. This
 *   is the filter for common words coming through; it keeps never-tagged verbs
 *   (assassinate, slay, abduct, lynch), which a tagsense_cnt > 0 rule would lose while
 *   they are unambiguous.
 * - an act's form is spelled like a name of WordNet (an instance): Shanghai, Burke.
 *   People nouns spelled like names stay (aides, guest, barber, chandler): the text's
 *   case, which the recognizer sees, tells the surname.
 * - data/ defines the phrase in the same section, or in the section the same matcher
 *   reads with it: [act] for [casualty] (recognize.c reads both as one), [nonperson]
 *   for [person] (incidents.c matches both at once). The project's words override
 *   WordNet's; checked here so that the counts below are of what is really added.
 * - its verb is on STOP (do in, run over, execute), with its reasons.
 * Every line carries src=wordnet; the counts go in a comment at the top of the output
 * and on stderr. */
#include "dict.h"
#include "util.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- strings to numbers: an open-addressing hash map ------------------------------- */
typedef struct {
    const char *key; /* NUL-terminated; owned by the caller, outlives the map */
    size_t val;      /* the caller's number */
} smap_slot;

typedef struct {
    smap_slot *v; /* slots, NULL key = empty */
    size_t cap;   /* slots, a power of two */
    size_t n;     /* keys */
} smap;

static uint32_t str_hash(const char *s) { return tally_hash(s, strlen(s)); }

static smap_slot *smap_find(const smap *m, const char *key) {
    if (!m->cap)
        return NULL;
    for (size_t i = str_hash(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1))
        if (!m->v[i].key || strcmp(m->v[i].key, key) == 0)
            return &m->v[i];
}

/* The number of key, or NULL when absent. */
static size_t *smap_get(const smap *m, const char *key) {
    smap_slot *s = smap_find(m, key);
    return s && s->key ? &s->val : NULL;
}

/* The number of key, added as 0 when absent; *added tells which (may be NULL). */
static size_t *smap_put(smap *m, const char *key, int *added) {
    if ((m->n + 1) * 2 > m->cap) {
        smap old = *m;
        m->cap = m->cap ? m->cap * 2 : 1024;
        m->v = xmalloc(m->cap * sizeof *m->v);
        memset(m->v, 0, m->cap * sizeof *m->v);
        m->n = 0;
        for (size_t i = 0; i < old.cap; i++)
            if (old.v[i].key)
                *smap_put(m, old.v[i].key, NULL) = old.v[i].val;
        free(old.v);
    }
    smap_slot *s = smap_find(m, key);
    if (added)
        *added = !s->key;
    if (!s->key) {
        s->key = key;
        s->val = 0;
        m->n++;
    }
    return &s->val;
}

static void smap_free(smap *m) { free(m->v); }

/* ---- the WordNet files -------------------------------------------------------------- */
static const char *wn_dir;
static tally_arena *A; /* strings made here; freed at the end */
static char *held[16]; /* the files read, which the tables point into */
static size_t nheld;

/* The whole of path, NUL-terminated (caller frees), or NULL when it cannot be read. */
static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = xmalloc((size_t)(n > 0 ? n : 0) + 1);
    size_t got = fread(buf, 1, (size_t)(n > 0 ? n : 0), f);
    fclose(f);
    buf[got] = 0;
    if (len)
        *len = got;
    return buf;
}

/* The whole of WORDNET_DIR/name, held until the end, or exit with a message saying
 * what to install. */
static char *read_wn(const char *name) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", wn_dir, name);
    char *buf = read_file(path, NULL);
    if (!buf) {
        fprintf(stderr,
                "wordnet_dict: %s: cannot read it: wordnet-base is not installed: run "
                "scripts/install-deps "
                "(Debian package wordnet-base)\n",
                path);
        exit(1);
    }
    assert(nheld < ARRAY_LEN(held));
    return held[nheld++] = buf;
}

/* The next line of *p, NUL-terminated in place, or NULL at the end. */
static char *next_line(char **p) {
    char *s = *p;
    if (!*s)
        return NULL;
    char *nl = strchr(s, '\n');
    if (nl) {
        *nl = 0;
        *p = nl + 1;
    } else {
        *p = s + strlen(s);
    }
    return s;
}

/* The next space-separated field of *p, NUL-terminated in place, or "" at the end. */
static char *next_field(char **p) {
    char *s = *p;
    while (*s == ' ')
        s++;
    char *e = s;
    while (*e && *e != ' ')
        e++;
    if (*e)
        *e++ = 0;
    *p = e;
    return s;
}

enum { P_HYPER = 1, P_INSTANCE = 2, P_DERIV = 3 };

typedef struct {
    uint32_t off;     /* target synset offset */
    uint8_t sym;      /* P_* */
    char pos;         /* target's part of speech: n, v, a, s, r */
    uint8_t src, dst; /* source and target word numbers of a lexical pointer, from 1 */
} wn_ptr;

typedef struct {
    uint32_t off;       /* byte offset in the data file: the synset's id */
    uint8_t lex;        /* lexicographer file: 4 noun.act, 18 noun.person */
    uint8_t nwords;     /* words in words */
    uint8_t inst;       /* has an instance hypernym: a proper name */
    const char **words; /* as written: case kept, '_' between words */
    const char *gloss;  /* the definition and examples */
    wn_ptr *ptrs;       /* the pointers kept (P_*) */
    uint16_t nptrs;     /* entries in ptrs */
} synset;

typedef struct {
    const char *lemma; /* lower case, '_' between words */
    uint32_t *senses;  /* synset indexes, most frequent sense first */
    uint16_t nsenses;  /* entries in senses */
} lemma_entry;

/* One part of speech: its synsets and its index. */
typedef struct {
    char pos;         /* n or v */
    synset *syn;      /* in file order, which is offset order */
    size_t nsyn;      /* synsets */
    lemma_entry *lem; /* in index order (alphabetical) */
    size_t nlem;      /* lemmas */
    smap index;       /* lemma -> entry in lem */
} wn_db;

static size_t syn_of(const wn_db *db, uint32_t off) {
    size_t lo = 0, hi = db->nsyn;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (db->syn[mid].off < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == db->nsyn || db->syn[lo].off != off) {
        fprintf(stderr, "wordnet_dict: %s/data.%s: no synset at offset %08u: is it WordNet 3.0?\n",
                wn_dir, db->pos == 'n' ? "noun" : "verb", off);
        exit(1);
    }
    return lo;
}

/* Read data.POS: each line "offset lex_filenum ss_type w_cnt (word lex_id)... p_cnt
 * (symbol offset pos source/target)... [frames] | gloss", w_cnt and lex_id in hex. */
static void load_data(wn_db *db, const char *name) {
    char *buf = read_wn(name), *p = buf, *line;
    size_t cap = 0;
    while ((line = next_line(&p))) {
        if (line[0] == ' ' || !line[0])
            continue; /* the licence */
        char *bar = strstr(line, " | ");
        if (bar)
            *bar = 0;
        if (db->nsyn == cap) {
            cap = cap ? cap * 2 : 1 << 16;
            db->syn = xrealloc(db->syn, cap * sizeof *db->syn);
        }
        synset *s = &db->syn[db->nsyn++];
        memset(s, 0, sizeof *s);
        s->gloss = bar ? bar + 3 : "";
        s->off = (uint32_t)strtoul(next_field(&line), NULL, 10);
        s->lex = (uint8_t)strtoul(next_field(&line), NULL, 10);
        next_field(&line); /* ss_type */
        s->nwords = (uint8_t)strtoul(next_field(&line), NULL, 16);
        s->words = tally_arena_alloc(A, s->nwords * sizeof *s->words);
        for (size_t i = 0; i < s->nwords; i++) {
            s->words[i] = next_field(&line);
            next_field(&line); /* lex_id */
        }
        size_t np = strtoul(next_field(&line), NULL, 10);
        s->ptrs = tally_arena_alloc(A, np * sizeof *s->ptrs);
        for (size_t i = 0; i < np; i++) {
            const char *sym = next_field(&line);
            uint32_t off = (uint32_t)strtoul(next_field(&line), NULL, 10);
            const char *pos = next_field(&line);
            unsigned st = (unsigned)strtoul(next_field(&line), NULL, 16);
            uint8_t k = strcmp(sym, "@") == 0    ? P_HYPER
                        : strcmp(sym, "@i") == 0 ? P_INSTANCE
                        : strcmp(sym, "+") == 0  ? P_DERIV
                                                 : 0;
            if (k == P_INSTANCE)
                s->inst = 1;
            if (k)
                s->ptrs[s->nptrs++] =
                    (wn_ptr){off, k, pos[0], (uint8_t)(st >> 8), (uint8_t)(st & 0xff)};
        }
    }
}

/* Read index.POS: "lemma pos synset_cnt p_cnt [symbol]... sense_cnt tagsense_cnt
 * offset..." with the offsets in order of frequency. db may be a lemma set only
 * (db->syn NULL): adjectives and adverbs. */
static void load_index(wn_db *db, const char *name) {
    char *buf = read_wn(name), *p = buf, *line;
    size_t cap = 0;
    while ((line = next_line(&p))) {
        if (line[0] == ' ' || !line[0])
            continue;
        if (db->nlem == cap) {
            cap = cap ? cap * 2 : 1 << 15;
            db->lem = xrealloc(db->lem, cap * sizeof *db->lem);
        }
        lemma_entry *e = &db->lem[db->nlem];
        memset(e, 0, sizeof *e);
        e->lemma = next_field(&line);
        next_field(&line); /* pos */
        size_t n = strtoul(next_field(&line), NULL, 10);
        size_t np = strtoul(next_field(&line), NULL, 10);
        for (size_t i = 0; i < np; i++)
            next_field(&line);
        next_field(&line); /* sense_cnt, the same as synset_cnt */
        next_field(&line); /* tagsense_cnt: see the head comment on why it is not used */
        if (db->syn) {
            e->senses = tally_arena_alloc(A, n * sizeof *e->senses);
            for (size_t i = 0; i < n; i++)
                e->senses[i] = (uint32_t)syn_of(db, (uint32_t)strtoul(next_field(&line), NULL, 10));
            e->nsenses = (uint16_t)n;
        }
        *smap_put(&db->index, e->lemma, NULL) = db->nlem++;
    }
}

static const lemma_entry *lemma_of(const wn_db *db, const char *lemma) {
    size_t *k = smap_get(&db->index, lemma);
    return k ? &db->lem[*k] : NULL;
}

/* The synset of lemma's sense (from 1), or exit naming it: the roots below must exist. */
static size_t sense_of(const wn_db *db, const char *lemma, int sense) {
    const lemma_entry *e = lemma_of(db, lemma);
    if (!e || sense > e->nsenses) {
        fprintf(stderr, "wordnet_dict: %s/index.%s has no %s sense %d: is it WordNet 3.0?\n",
                wn_dir, db->pos == 'n' ? "noun" : "verb", lemma, sense);
        exit(1);
    }
    return e->senses[sense - 1];
}

/* ---- exception lists and SemCor counts ---------------------------------------------- */
/* An exc file's pairs "inflected base": the irregular forms of each base, and the bases
 * of each form. */
typedef struct {
    const char **form, **base; /* pair i */
    size_t n;
    smap by_form, by_base; /* -> first pair; pairs of one key are chained in next */
    size_t *next_form, *next_base;
} exc_list;

#define NONE ((size_t)-1)

static void chain(smap *m, size_t *next, const char *key, size_t i) {
    int added;
    size_t *head = smap_put(m, key, &added);
    next[i] = added ? NONE : *head;
    *head = i;
}

static void load_exc(exc_list *x, const char *name) {
    char *buf = read_wn(name), *p = buf, *line;
    size_t cap = 0;
    while ((line = next_line(&p))) {
        const char *f = next_field(&line), *b = next_field(&line);
        if (!*f || !*b)
            continue;
        if (x->n == cap) {
            cap = cap ? cap * 2 : 4096;
            x->form = xrealloc(x->form, cap * sizeof *x->form);
            x->base = xrealloc(x->base, cap * sizeof *x->base);
            x->next_form = xrealloc(x->next_form, cap * sizeof *x->next_form);
            x->next_base = xrealloc(x->next_base, cap * sizeof *x->next_base);
        }
        x->form[x->n] = f;
        x->base[x->n] = b;
        chain(&x->by_form, x->next_form, f, x->n);
        chain(&x->by_base, x->next_base, b, x->n);
        x->n++;
    }
}

static size_t exc_first(const smap *m, const char *key) {
    size_t *k = smap_get(m, key);
    return k ? *k : NONE;
}

static smap semcor; /* "lemma%p" (p: n v a r) -> times SemCor tags the lemma so */

/* cntlist.rev: "lemma%ss_type:lex_filenum:lex_id:head:head_id sense_number tag_cnt". */
static void load_counts(void) {
    static const char POS[] = "?nvars";
    char *buf = read_wn("cntlist.rev"), *p = buf, *line;
    while ((line = next_line(&p))) {
        char *key = next_field(&line);
        next_field(&line);
        size_t cnt = strtoul(next_field(&line), NULL, 10);
        char *pct = strchr(key, '%');
        if (!pct || pct[1] < '1' || pct[1] > '5')
            continue;
        pct[1] = POS[pct[1] - '0'] == 's' ? 'a' : POS[pct[1] - '0'];
        pct[2] = 0;
        *smap_put(&semcor, key, NULL) += cnt;
    }
}

static size_t semcor_count(const char *lemma, char pos) {
    char key[256];
    snprintf(key, sizeof key, "%s%%%c", lemma, pos);
    size_t *c = smap_get(&semcor, key);
    return c ? *c : 0;
}

/* ---- the roots, found by lemma and sense in the index at run time ------------------- */
enum {
    R_PERSON = 1,    /* person.n.01: a noun to count people with */
    R_SECURITY = 2,  /* role=security: soldiers, officers, policemen, sheriffs */
    R_ARMED = 4,     /* role=armed: who does the violence */
    R_COMBATANT = 8, /* victims=combatants: a party to an armed conflict */
    R_CHILD = 16,    /* child=1 */
    R_WOMAN = 32,    /* woman=1 */
    R_KILLED = 64,   /* what=killed */
    R_INJURED = 128, /* what=injured */
    R_DETAINED = 256 /* what=detained */
};

typedef struct {
    const char *lemma; /* looked up in index.noun or index.verb */
    int sense;         /* from 1: the synset meant */
    unsigned bits;     /* R_* given to it and to everything below it */
} root;

/* Guards (guard.n.01) are no security role: below them WordNet has bodyguards, prison
 * and crossing guards, watchmen and lookouts, most of them civilian jobs; data/ says
 * "guards" are combatants where the press means the armed ones. Criminals, murderers
 * (gunman is under murderer), attackers and killers are armed but not combatants: in
 * local news they are the perpetrators of a crime, not a party to a war. */
static const root NOUN_ROOTS[] = {
    {"person", 1, R_PERSON}, /* below it: not someone, somebody, soul themselves */
    {"serviceman", 1, R_SECURITY | R_COMBATANT}, /* military man: soldiers, officers, marines */
    {"lawman", 1, R_SECURITY | R_COMBATANT},     /* law enforcement agent: policemen, sheriffs */
    {"terrorist", 1, R_ARMED | R_COMBATANT},
    {"insurgent", 1, R_ARMED | R_COMBATANT}, /* rebel, insurrectionist */
    {"guerrilla", 1, R_ARMED | R_COMBATANT},
    {"combatant", 1, R_ARMED | R_COMBATANT}, /* fighter, belligerent */
    {"criminal", 1, R_ARMED},                /* murderers, gunmen, kidnappers, robbers */
    {"attacker", 1, R_ARMED},                /* assailant, aggressor */
    {"killer", 1, R_ARMED},
    {"juvenile", 1, R_CHILD}, /* children, teenagers, youths */
    {"child", 1, R_CHILD},    /* the age sense, not the offspring */
    {"infant", 1, R_CHILD},   /* baby: WordNet puts it under offspring */
    {"female", 2, R_WOMAN},   /* female person: women, girls */
    {"woman", 1, R_WOMAN},
    {"girl", 1, R_WOMAN},
};

/* injure.v.01 is wound.v.01 (one synset). The first sense of "hurt" is "be the source of
 * pain", so WordNet gives no "hurt" (data/ does). capture.v.03 is catching someone after
 * a chase; the first sense of "capture" itself is "succeed in representing", so its
 * forms come from data/, while the verbs below capture.v.03 (lasso, rope) come here. */
static const root VERB_ROOTS[] = {
    {"kill", 1, R_KILLED},      {"injure", 1, R_INJURED},
    {"arrest", 1, R_DETAINED}, /* take into custody: collar, nab, apprehend */
    {"kidnap", 1, R_DETAINED}, /* abduct, snatch */
    {"capture", 3, R_DETAINED},
};

/* The only stoplist: verbs whose first sense in WordNet (the Brown corpus's) is not
 * what police and military reports mean by them, which the rules below cannot see
 * (SemCor counts lemmas, not phrases, nor genres). Their derived nouns go with them. */
static const char *const STOP[] = {
    "do_in",    /* "what they were doing in Kabul": a verb and a preposition */
    "run_over", /* "ran over the bridge", "run over budget" */
    "execute",  /* "executing a search warrant", "the execution of IED attacks"; data/
                   has "executed" for the death penalty */
    NULL};

/* bits[s] for every synset: the bits of its roots, through hypernym (@) pointers
 * (never @i: an instance is not a kind). */
static unsigned closure_of(const wn_db *db, unsigned *bits, uint8_t *done, size_t s) {
    if (done[s])
        return bits[s];
    done[s] = 1; /* a cycle would stop here; WordNet 3.0 has none */
    const synset *y = &db->syn[s];
    for (size_t i = 0; i < y->nptrs; i++)
        if (y->ptrs[i].sym == P_HYPER && y->ptrs[i].pos == db->pos)
            bits[s] |= closure_of(db, bits, done, syn_of(db, y->ptrs[i].off));
    return bits[s];
}

static unsigned *closure(const wn_db *db, const root *roots, size_t nroots) {
    unsigned *bits = xmalloc(db->nsyn * sizeof *bits);
    uint8_t *done = xmalloc(db->nsyn);
    memset(bits, 0, db->nsyn * sizeof *bits);
    memset(done, 0, db->nsyn);
    for (size_t i = 0; i < nroots; i++)
        bits[sense_of(db, roots[i].lemma, roots[i].sense)] |= roots[i].bits;
    for (size_t s = 0; s < db->nsyn; s++)
        closure_of(db, bits, done, s);
    free(done);
    return bits;
}

/* ---- morphology ---------------------------------------------------------------------- */
static wn_db nouns = {.pos = 'n'}, verbs = {.pos = 'v'}, adjs = {.pos = 'a'}, advs = {.pos = 'r'};
static exc_list noun_exc, verb_exc, adj_exc;

typedef struct {
    const char *v[64]; /* forms, '_' between words */
    size_t n;
} forms;

static void add_form(forms *f, const char *s) {
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->v[i], s) == 0)
            return;
    if (f->n < ARRAY_LEN(f->v))
        f->v[f->n++] = s;
}

static int vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

static int ends(const char *w, const char *suf) {
    size_t l = strlen(w), k = strlen(suf);
    return l >= k && strcmp(w + l - k, suf) == 0;
}

/* Does w take -es rather than -s (boxes, watches)? */
static int sibilant(const char *w) {
    return ends(w, "s") || ends(w, "x") || ends(w, "z") || ends(w, "ch") || ends(w, "sh");
}

/* A copy of w in lower case, in the arena. */
static char *lower_dup(const char *w) {
    char *s = tally_arena_strndup(A, w, strlen(w));
    for (char *c = s; *c; c++)
        *c = (char)to_lower((unsigned char)*c);
    return s;
}

/* w with its last `drop` bytes replaced by add, in the arena. */
static const char *respell(const char *w, size_t drop, const char *add) {
    size_t l = strlen(w) - drop, k = strlen(add);
    char *s = tally_arena_alloc(A, l + k + 1);
    memcpy(s, w, l);
    memcpy(s + l, add, k + 1);
    return s;
}

/* A one-syllable word ending consonant-vowel-consonant doubles its last letter before
 * -ed and -ing (stab, stabbed); w, x, y never double. Longer words that double (compel)
 * are in verb.exc. */
static int doubles(const char *w) {
    size_t l = strlen(w), groups = 0;
    if (l < 3 || vowel(w[l - 1]) || strchr("wxy", w[l - 1]) || !vowel(w[l - 2]) || vowel(w[l - 3]))
        return 0;
    for (size_t i = 0; i < l; i++)
        if (vowel(w[i]) && (i == 0 || !vowel(w[i - 1])))
            groups++;
    return groups == 1;
}

/* Regular English plural of one word: s/x/z/ch/sh -> es, consonant + y -> ies, -man
 * -> -men (the rule morphy reverses, which is why noun.exc does not list policemen),
 * else s. */
static const char *plural(const char *w) {
    static const char *const not_man[] = {"human",  "shaman",  "talisman", "caiman",
                                          "cayman", "ottoman", "dolman",   NULL};
    size_t l = strlen(w);
    if (ends(w, "man")) {
        size_t i = 0;
        while (not_man[i] && strcmp(not_man[i], w) != 0)
            i++;
        if (!not_man[i])
            return respell(w, 3, "men");
    }
    if (sibilant(w))
        return respell(w, 0, "es");
    if (l > 1 && w[l - 1] == 'y' && !vowel(w[l - 2]))
        return respell(w, 1, "ies");
    return respell(w, 0, "s");
}

/* The word of a compound that takes the plural: the one before a preposition
 * (guard_of_honor, mother-in-law), else the last; [*b, *e) in lemma. */
static void head_word(const char *lemma, size_t *b, size_t *e) {
    static const char *const PREP[] = {"of",   "in",   "at", "for", "on", "to",
                                       "from", "with", "de", "du",  NULL};
    size_t l = strlen(lemma), start = 0;
    *b = 0, *e = l;
    for (size_t i = 0; i <= l; i++) {
        if (lemma[i] && lemma[i] != '_' && lemma[i] != '-')
            continue;
        for (size_t k = 0; start && PREP[k]; k++)
            if (i - start == strlen(PREP[k]) && memcmp(lemma + start, PREP[k], i - start) == 0)
                return; /* the word before, already in [*b, *e) */
        *b = start, *e = i;
        start = i + 1;
    }
}

/* The plural forms of a noun lemma: noun.exc's for the lemma, else the plural of its
 * head word (noun.exc's, or the regular one) in place. */
static void noun_plurals(const char *lemma, forms *out) {
    size_t k = exc_first(&noun_exc.by_base, lemma);
    if (k != NONE) {
        for (; k != NONE; k = noun_exc.next_base[k])
            add_form(out, noun_exc.form[k]);
        return;
    }
    size_t b, e;
    head_word(lemma, &b, &e);
    const char *head = tally_arena_strndup(A, lemma + b, e - b);
    forms hp = {0};
    for (k = exc_first(&noun_exc.by_base, head); k != NONE; k = noun_exc.next_base[k])
        add_form(&hp, noun_exc.form[k]);
    if (!hp.n)
        add_form(&hp, plural(head));
    for (size_t i = 0; i < hp.n; i++) {
        size_t hl = strlen(hp.v[i]), tl = strlen(lemma + e);
        char *s = tally_arena_alloc(A, b + hl + tl + 1);
        memcpy(s, lemma, b);
        memcpy(s + b, hp.v[i], hl);
        memcpy(s + b + hl, lemma + e, tl + 1);
        add_form(out, s);
    }
}

/* The forms of one verb word by slot: -s, past and participle (slew, slain), -ing.
 * verb.exc gives the irregular ones; the regular ones fill the slots it leaves empty
 * (slay: slays, slaying). A participle in -n alone leaves the past regular (mow:
 * mown, mowed). A regular past that morphy reads as another verb is no form of this
 * one (put: not "putted", which is putt's). */
typedef struct {
    forms s, past, ing;
} verb_slots;

static size_t bases(const char *f, char pos, const char **out, size_t max);

static void verb_word_slots(const char *w, verb_slots *v, int check) {
    int simple_past = 0;
    for (size_t k = exc_first(&verb_exc.by_base, w); k != NONE; k = verb_exc.next_base[k]) {
        const char *f = verb_exc.form[k];
        if (ends(f, "ing"))
            add_form(&v->ing, f);
        else if (ends(f, "s") && !ends(f, "ss"))
            add_form(&v->s, f);
        else {
            add_form(&v->past, f);
            simple_past |= !ends(f, "n");
        }
    }
    size_t l = strlen(w);
    int cy = l > 1 && w[l - 1] == 'y' && !vowel(w[l - 2]);
    char dbl[2] = {w[l - 1], 0};
    if (!v->s.n)
        add_form(&v->s, sibilant(w) || (ends(w, "o") && l > 1 && !vowel(w[l - 2]))
                            ? respell(w, 0, "es")
                        : cy ? respell(w, 1, "ies")
                             : respell(w, 0, "s"));
    if (!simple_past) {
        const char *ed = ends(w, "e") ? respell(w, 0, "d")
                         : cy         ? respell(w, 1, "ied")
                         : doubles(w) ? respell(respell(w, 0, dbl), 0, "ed")
                                      : respell(w, 0, "ed");
        const char *b[8];
        size_t nb = check ? bases(ed, 'v', b, ARRAY_LEN(b)) : 0, own = 0;
        for (size_t i = 0; i < nb; i++)
            own |= strcmp(b[i], w) == 0;
        if (own || !nb)
            add_form(&v->past, ed);
    }
    if (!v->ing.n)
        add_form(&v->ing,
                 ends(w, "ie") ? respell(w, 2, "ying")
                 : ends(w, "e") && !ends(w, "ee") && !ends(w, "oe") && !ends(w, "ye") && l > 2
                     ? respell(w, 1, "ing")
                 : doubles(w) ? respell(respell(w, 0, dbl), 0, "ing")
                              : respell(w, 0, "ing"));
}

static const char *join3(const char *a, const char *b, const char *c) {
    size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
    char *s = tally_arena_alloc(A, la + lb + lc + 1);
    memcpy(s, a, la);
    memcpy(s + la, b, lb);
    memcpy(s + la + lb, c, lc + 1);
    return s;
}

/* A verb lemma and its forms. verb.exc may list a multiword verb whole (bog_down);
 * else its first word is inflected (mow_down: mowed_down), or both verbs of a pair
 * alike (draw_and_quarter: drawn_and_quartered). */
static void verb_forms(const char *lemma, forms *out) {
    add_form(out, lemma);
    const char *us = strchr(lemma, '_'), *and = strstr(lemma, "_and_");
    if (us && exc_first(&verb_exc.by_base, lemma) != NONE) {
        for (size_t k = exc_first(&verb_exc.by_base, lemma); k != NONE; k = verb_exc.next_base[k])
            add_form(out, verb_exc.form[k]);
        return;
    }
    verb_slots x = {0}, y = {0};
    verb_word_slots(us ? tally_arena_strndup(A, lemma, (size_t)(us - lemma)) : lemma, &x, 1);
    if (and&&!strchr(and+5, '_'))
        verb_word_slots(and+5, &y, 1);
    const forms *xs[3] = {&x.s, &x.past, &x.ing}, *ys[3] = {&y.s, &y.past, &y.ing};
    for (size_t slot = 0; slot < 3; slot++)
        for (size_t i = 0; i < xs[slot]->n; i++) {
            const forms *yf = ys[slot];
            if (!us)
                add_form(out, xs[slot]->v[i]);
            else if (yf->n)
                add_form(out, join3(xs[slot]->v[i], "_and_", yf->v[i < yf->n ? i : yf->n - 1]));
            else if (!and)
                add_form(out, join3(xs[slot]->v[i], us, ""));
        }
}

/* Is f a form of lemma b of part of speech pos, by the generators above? */
static int form_of(const char *f, const char *b, char pos) {
    if (pos == 'n') {
        forms pl = {0};
        noun_plurals(b, &pl);
        for (size_t i = 0; i < pl.n; i++)
            if (strcmp(pl.v[i], f) == 0)
                return 1;
        return 0;
    }
    verb_slots v = {0};
    verb_word_slots(b, &v, 0);
    const forms *slots[3] = {&v.s, &v.past, &v.ing};
    for (size_t k = 0; k < 3; k++)
        for (size_t i = 0; i < slots[k]->n; i++)
            if (strcmp(slots[k]->v[i], f) == 0)
                return 1;
    return 0;
}

/* The lemmas of part of speech pos whose form the spelling f is: f itself, its exc
 * entries, and for nouns and verbs the stems of WordNet's detachment rules of which
 * the generators above make f (policemen: policeman; putted: putt; but aides is no
 * form of aid). Adjectives take no -er/-est: owner, stranger and foreigner are people
 * far more often than comparatives. Returns how many it put in out. */
static size_t bases(const char *f, char pos, const char **out, size_t max) {
    static const char *const NOUN_RULES[] = {"s",   "",    "ses",  "s",  "xes",  "x",
                                             "zes", "z",   "ches", "ch", "shes", "sh",
                                             "men", "man", "ies",  "y",  NULL};
    static const char *const VERB_RULES[] = {"s", "",   "ies", "y",   "es", "e",   "es", "",  "ed",
                                             "e", "ed", "",    "ing", "e",  "ing", "",   NULL};
    const wn_db *db = pos == 'n' ? &nouns : pos == 'v' ? &verbs : pos == 'a' ? &adjs : &advs;
    const exc_list *x = pos == 'n'   ? &noun_exc
                        : pos == 'v' ? &verb_exc
                        : pos == 'a' ? &adj_exc
                                     : NULL;
    const char *const *rules = pos == 'n' ? NOUN_RULES : pos == 'v' ? VERB_RULES : NULL;
    size_t n = 0;
    if (lemma_of(db, f) && n < max)
        out[n++] = f;
    for (size_t k = x ? exc_first(&x->by_form, f) : NONE; k != NONE && n < max; k = x->next_form[k])
        if (lemma_of(db, x->base[k]))
            out[n++] = x->base[k];
    for (size_t r = 0; rules && rules[r] && n < max; r += 2) {
        if (!ends(f, rules[r]) || strlen(f) <= strlen(rules[r]))
            continue;
        const char *b = respell(f, strlen(rules[r]), rules[r + 1]);
        if (!lemma_of(db, b) || !form_of(f, b, pos))
            continue;
        size_t k = 0;
        while (k < n && strcmp(out[k], b) != 0)
            k++;
        if (k == n)
            out[n++] = b;
    }
    return n;
}

/* How SemCor reads the spelling f as a word of part of speech pos: the times it tags
 * the most tagged of the lemmas morphy finds for f, or -1 when f is no word of pos;
 * *exact tells whether f is that lemma itself. */
static long reading(const char *f, char pos, int *exact) {
    const char *b[16];
    size_t n = bases(f, pos, b, ARRAY_LEN(b));
    long best = -1;
    *exact = 0;
    for (size_t i = 0; i < n; i++) {
        long c = (long)semcor_count(b[i], pos);
        if (c > best || (c == best && b[i] == f))
            best = c, *exact = b[i] == f;
    }
    return best;
}

/* ---- the output ---------------------------------------------------------------------- */
static int verbose;
static smap taken; /* "G:phrase" (G: the section group) -> 1 data/ defines it, 2 written */
static size_t n_data_dropped, n_pos_dropped, n_name_dropped, n_stop_dropped;
static smap names; /* lower-cased words of instances (Shanghai, Burke): proper names */

/* The group a section's phrases are compared in: [act] and [casualty] are read as one
 * by recognize.c, [nonperson] and [person] by incidents.c. */
static int group_of(int section) {
    return section == DICT_ACT ? DICT_CASUALTY : section == DICT_NONPERSON ? DICT_PERSON : section;
}

/* The phrase as the dictionary parser folds and splits it (dict.c phrase_tokens), so
 * that it compares with data/'s phrases; NULL when it is no phrase of 1-8 tokens. */
static const char *folded(const char *form) {
    char *s = tally_arena_strndup(A, form, strlen(form));
    for (char *c = s; *c; c++)
        if (*c == '_')
            *c = ' ';
    tally_arena *a = tally_arena_new();
    tally_text *t = tally_text_new(a, s, strlen(s));
    tally_tokens tk;
    tally_tokens_split(a, t, &tk);
    const char *out = NULL;
    if (tk.ntoks && tk.ntoks <= DICT_MAX_TOKS) {
        tally_buf b = {0};
        for (size_t i = 0; i < tk.ntoks; i++) {
            if (i)
                tally_buf_put(&b, " ", 1);
            tally_buf_put(&b, t->fold + tk.toks[i].fstart, tk.toks[i].flen);
        }
        out = tally_arena_strndup(A, b.p, b.len);
        tally_buf_free(&b);
    }
    tally_arena_free(a);
    return out;
}

static const char *group_key(int section, const char *phrase) {
    size_t l = strlen(phrase);
    char *k = tally_arena_alloc(A, l + 3);
    k[0] = (char)('A' + group_of(section));
    k[1] = ':';
    memcpy(k + 2, phrase, l + 1);
    return k;
}

#define POS_NAME(p)                                                                                \
    ((p) == 'n' ? "a noun" : (p) == 'v' ? "a verb" : (p) == 'a' ? "an adjective" : "an adverb")

static void data_phrase(void *ctx, const tally_dict_entry *e) {
    (void)ctx;
    *smap_put(&taken, group_key(e->section, e->phrase), NULL) = 1;
}

static void data_error(void *ctx, const char *file, uint32_t line, const char *msg) {
    (void)ctx;
    (void)file;
    (void)line;
    (void)msg; /* dictc reports data/'s bad lines; here they only define nothing */
}

static void load_data_dicts(char **files, int n) {
    for (int i = 0; i < n; i++) {
        size_t len;
        char *buf = read_file(files[i], &len);
        if (!buf) {
            perror(files[i]);
            exit(1);
        }
        tally_dict_parse(A, files[i], buf, len, data_phrase, data_error, NULL);
        free(buf); /* the phrases are copied into the arena */
    }
}

/* Keep form f of lemma (part of speech pos, SemCor count own) for section: when it is
 * not taken yet (by data/ or an earlier line), is no proper name (acts only: text is
 * folded to lower case before matching, so "Shanghai" would read as the verb), and
 * SemCor reads the spelling as pos at least as often as as any other part of speech
 * (on a tie, the reading where it is the lemma itself: "offing" is a noun, not the verb
 * "off"; but a participle that WordNet also lists as an adjective, "assassinated",
 * means the act either way). A plural of people is not weighed against verbs: the
 * verb's -s form it would be (he witnesses, she volunteers) is rare in reports, which
 * tell in the past. Returns its folded phrase, or NULL. */
static const char *keep(const char *f, const char *lemma, char pos, size_t own, int section) {
    const char *ph = folded(f);
    if (!ph)
        return NULL;
    const char *key = group_key(section, ph);
    size_t *t = smap_get(&taken, key);
    if (t) {
        if (*t == 1) {
            n_data_dropped++;
            if (verbose)
                fprintf(stderr, "wordnet_dict: %s [%s]: data/ defines it\n", ph,
                        tally_dict_section_name(section));
        }
        return NULL;
    }
    if (section == DICT_CASUALTY && smap_get(&names, f)) {
        n_name_dropped++;
        if (verbose)
            fprintf(stderr, "wordnet_dict: %s [%s]: the name of a place or person\n", ph,
                    tally_dict_section_name(section));
        return NULL;
    }
    static const char POS[] = "nvar";
    int exact = 0, own_exact = strcmp(f, lemma) == 0;
    for (size_t i = 0; i < 4; i++) {
        if (POS[i] == pos || (section == DICT_PERSON && POS[i] == 'v' && !own_exact))
            continue;
        long r = reading(f, POS[i], &exact);
        if (r > (long)own || (r == (long)own && exact && !own_exact && POS[i] != 'a')) {
            n_pos_dropped++;
            if (verbose)
                fprintf(stderr,
                        "wordnet_dict: %s [%s]: SemCor reads it as %s %ld times, as %s %zu\n", ph,
                        tally_dict_section_name(section), POS_NAME(POS[i]), r, POS_NAME(pos), own);
            return NULL;
        }
    }
    *smap_put(&taken, key, NULL) = 2;
    return ph;
}

/* A lemma WordNet may give: lower case letters, '-', '\'', '.', at most 4 words. */
static int usable(const char *lemma) {
    size_t words = 1;
    for (const char *c = lemma; *c; c++) {
        if (*c == '_')
            words++;
        else if (is_digit(*c) || (!is_alpha(*c) && !strchr("-'.", *c)))
            return 0;
    }
    return words <= 4;
}

/* The first sense of a lemma: the first synset in index order in which it is written in
 * lower case, as the lemma is. The index files a capitalised word under the same lemma
 * ("Barber", the composer, before "barber"; "Rebel", a Confederate soldier, before
 * "rebel"): that is another word, a name. NONE when every sense is capitalised. */
static size_t first_sense(const wn_db *db, const lemma_entry *e) {
    for (size_t k = 0; k < e->nsenses; k++) {
        const synset *y = &db->syn[e->senses[k]];
        for (size_t i = 0; i < y->nwords; i++)
            if (strcmp(y->words[i], e->lemma) == 0)
                return e->senses[k];
    }
    return NONE;
}

/* Is the lemma of a woman by its words, where WordNet does not put it below female
 * (mother, actress, nun, policewoman are below parent, actor, religious, policeman)?
 * Its head word is woman or girl (spokeswoman, schoolgirl), or its gloss defines it as
 * one: "a woman who has given birth", "a female actor", "an adult female ...". */
static int female_words(const char *lemma, const char *gloss) {
    static const char *const GENUS[] = {"woman", "women", "female", "girl", NULL};
    size_t b, e;
    head_word(lemma, &b, &e);
    if ((e - b >= 5 && memcmp(lemma + e - 5, "woman", 5) == 0) ||
        (e - b >= 4 && memcmp(lemma + e - 4, "girl", 4) == 0))
        return 1;
    if (*gloss == '(') { /* a domain: "(Roman Catholic Church) a woman ..." */
        const char *c = strchr(gloss, ')');
        gloss = c ? c + 1 : gloss;
        while (*gloss == ' ')
            gloss++;
    }
    if (strncmp(gloss, "a ", 2) == 0)
        gloss += 2;
    else if (strncmp(gloss, "an ", 3) == 0)
        gloss += 3;
    else
        return 0;
    for (int word = 0; word < 2; word++) { /* the genus, maybe after one adjective */
        size_t l = strcspn(gloss, " ;,.:");
        for (size_t i = 0; GENUS[i]; i++)
            if (l == strlen(GENUS[i]) && memcmp(gloss, GENUS[i], l) == 0)
                return 1;
        if (gloss[l] != ' ')
            return 0;
        gloss += l + 1;
    }
    return 0;
}

typedef struct {
    size_t lemmas, forms; /* lines written, phrases on them */
} count;

/* Write the forms of one lemma that keep() keeps as a line of section with attrs, and
 * count them in c. */
static void write_lemma(tally_buf *b, const char *lemma, const forms *f, char pos, int section,
                        const char *attrs, count *c) {
    size_t n = 0, own = semcor_count(lemma, pos);
    for (size_t k = 0; k < f->n; k++) {
        const char *ph = keep(f->v[k], lemma, pos, own, section);
        if (ph)
            tally_buf_printf(b, "%s%s", n++ ? " | " : "", ph);
    }
    if (!n)
        return;
    tally_buf_printf(b, "  %s src=wordnet\n", attrs);
    c->lemmas++;
    c->forms += n;
}

static count person_count;

static void write_people(tally_buf *b, const unsigned *bits) {
    size_t person = sense_of(&nouns, "person", 1); /* below it, not it: someone, somebody, soul */
    tally_buf_puts(b, "\n[person]\n");
    for (size_t i = 0; i < nouns.nlem; i++) {
        const lemma_entry *e = &nouns.lem[i];
        size_t s = first_sense(&nouns, e);
        if (s == NONE || !(bits[s] & R_PERSON) || s == person || nouns.syn[s].inst ||
            !usable(e->lemma))
            continue;
        const synset *y = &nouns.syn[s];
        forms f = {0};
        add_form(&f, e->lemma);
        noun_plurals(e->lemma, &f);
        unsigned r = bits[s] | (female_words(e->lemma, y->gloss) ? R_WOMAN : 0);
        char attrs[128];
        snprintf(attrs, sizeof attrs, "role=%s%s%s%s",
                 r & R_SECURITY ? "security"
                 : r & R_ARMED  ? "armed"
                                : "unknown",
                 r & R_COMBATANT ? " victims=combatants" : "", r & R_CHILD ? " child=1" : "",
                 r & R_WOMAN ? " woman=1" : "");
        write_lemma(b, e->lemma, &f, 'n', DICT_PERSON, attrs, &person_count);
    }
}

static count act_count[3]; /* killed, injured, detained */
static const char *const WHAT[3] = {"killed", "injured", "detained"};

static int what_of(unsigned bits) {
    return bits & R_KILLED ? 0 : bits & R_INJURED ? 1 : bits & R_DETAINED ? 2 : -1;
}

static int stopped(const char *lemma) {
    for (size_t i = 0; STOP[i]; i++)
        if (strcmp(STOP[i], lemma) == 0)
            return 1;
    return 0;
}

/* The verb lemmas whose first sense is an act, with their forms. */
static void write_verbs(tally_buf *b, const unsigned *bits) {
    for (size_t i = 0; i < verbs.nlem; i++) {
        const lemma_entry *e = &verbs.lem[i];
        size_t s = first_sense(&verbs, e);
        int what = s == NONE ? -1 : what_of(bits[s]);
        if (what < 0 || !usable(e->lemma))
            continue;
        if (stopped(e->lemma)) {
            n_stop_dropped++;
            if (verbose)
                fprintf(stderr, "wordnet_dict: %s: on the stoplist\n", e->lemma);
            continue;
        }
        forms f = {0};
        verb_forms(e->lemma, &f);
        char attrs[64];
        snprintf(attrs, sizeof attrs, "what=%s", WHAT[what]);
        write_lemma(b, e->lemma, &f, 'v', DICT_CASUALTY, attrs, &act_count[what]);
    }
}

/* The nouns of the acts: derived (+) from a verb lemma written above (the pointer's
 * source word), whose first sense is the pointer's target and an act (noun.act). */
static void write_act_nouns(tally_buf *b, const unsigned *bits) {
    smap seen = {0};
    for (size_t i = 0; i < verbs.nlem; i++) {
        const lemma_entry *e = &verbs.lem[i];
        size_t first = first_sense(&verbs, e);
        int what = first == NONE ? -1 : what_of(bits[first]);
        if (what < 0 || !usable(e->lemma) || stopped(e->lemma))
            continue;
        for (size_t s = 0; s < e->nsenses; s++) {
            const synset *y = &verbs.syn[e->senses[s]];
            if (what_of(bits[e->senses[s]]) != what)
                continue;
            for (size_t p = 0; p < y->nptrs; p++) {
                const wn_ptr *q = &y->ptrs[p];
                if (q->sym != P_DERIV || q->pos != 'n' || !q->src || q->src > y->nwords ||
                    strcmp(y->words[q->src - 1], e->lemma) != 0)
                    continue;
                size_t t = syn_of(&nouns, q->off);
                const synset *ny = &nouns.syn[t];
                if (!q->dst || q->dst > ny->nwords || ny->lex != 4)
                    continue;
                const char *nl = lower_dup(ny->words[q->dst - 1]);
                const lemma_entry *ne = lemma_of(&nouns, nl);
                int added;
                if (!ne || first_sense(&nouns, ne) != t || !usable(nl))
                    continue;
                smap_put(&seen, ne->lemma, &added);
                if (!added)
                    continue;
                forms f = {0};
                add_form(&f, ne->lemma);
                noun_plurals(ne->lemma, &f);
                char attrs[64];
                snprintf(attrs, sizeof attrs, "what=%s noun=1", WHAT[what]);
                write_lemma(b, ne->lemma, &f, 'n', DICT_CASUALTY, attrs, &act_count[what]);
            }
        }
    }
    smap_free(&seen);
}

static void free_db(wn_db *db) {
    free(db->syn);
    free(db->lem);
    smap_free(&db->index);
}

static void free_exc(exc_list *x) {
    free(x->form);
    free(x->base);
    free(x->next_form);
    free(x->next_base);
    smap_free(&x->by_form);
    smap_free(&x->by_base);
}

static void free_all(void) {
    free_db(&nouns), free_db(&verbs), free_db(&adjs), free_db(&advs);
    free_exc(&noun_exc), free_exc(&verb_exc), free_exc(&adj_exc);
    smap_free(&semcor), smap_free(&taken), smap_free(&names);
    for (size_t i = 0; i < nheld; i++)
        free(held[i]);
    tally_arena_free(A);
}

int main(int argc, char **argv) {
    int a = 1;
    if (a < argc && strcmp(argv[a], "-v") == 0)
        verbose = 1, a++;
    if (argc - a < 2) {
        fprintf(stderr, "usage: wordnet_dict [-v] WORDNET_DIR OUT.dict [DATA.dict...]\n");
        return 2;
    }
    wn_dir = argv[a];
    const char *out = argv[a + 1];
    A = tally_arena_new();
    load_data_dicts(argv + a + 2, argc - a - 2);

    load_data(&nouns, "data.noun");
    load_data(&verbs, "data.verb");
    load_index(&nouns, "index.noun");
    load_index(&verbs, "index.verb");
    load_index(&adjs, "index.adj");
    load_index(&advs, "index.adv");
    load_exc(&noun_exc, "noun.exc");
    load_exc(&verb_exc, "verb.exc");
    load_exc(&adj_exc, "adj.exc");
    load_counts();
    for (size_t i = 0; i < nouns.nsyn; i++)
        for (size_t k = 0; nouns.syn[i].inst && k < nouns.syn[i].nwords; k++)
            smap_put(&names, lower_dup(nouns.syn[i].words[k]), NULL);

    unsigned *nbits = closure(&nouns, NOUN_ROOTS, ARRAY_LEN(NOUN_ROOTS));
    unsigned *vbits = closure(&verbs, VERB_ROOTS, ARRAY_LEN(VERB_ROOTS));
    tally_buf body = {0};
    tally_buf_puts(&body, "");
    write_people(&body, nbits);
    tally_buf_puts(&body, "\n[casualty]\n");
    write_verbs(&body, vbits);
    write_act_nouns(&body, vbits);

    char summary[1024];
    snprintf(summary, sizeof summary,
             "%zu person lemmas (%zu forms); acts: killed %zu lemmas (%zu forms), injured %zu "
             "(%zu), detained %zu "
             "(%zu); left out: %zu forms data/ defines, %zu read more often as another part of "
             "speech, %zu "
             "names, %zu stoplisted verbs",
             person_count.lemmas, person_count.forms, act_count[0].lemmas, act_count[0].forms,
             act_count[1].lemmas, act_count[1].forms, act_count[2].lemmas, act_count[2].forms,
             n_data_dropped, n_pos_dropped, n_name_dropped, n_stop_dropped);
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", out);
    FILE *f = fopen(tmp, "w");
    if (!f) {
        perror(tmp);
        return 1;
    }
    fprintf(f,
            "# Generated by tools/wordnet_dict from WordNet 3.0 (%s): do not edit.\n"
            "# WordNet 3.0, Princeton University (WordNet licence), from Debian's wordnet-base.\n"
            "# %s\n",
            wn_dir, summary);
    fwrite(body.p, 1, body.len, f);
    if (fclose(f) != 0 || rename(tmp, out) != 0) {
        perror(out);
        return 1;
    }
    fprintf(stderr, "wordnet_dict: %s\n", summary);
    tally_buf_free(&body);
    free(nbits);
    free(vbits);
    free_all();
    return 0;
}
