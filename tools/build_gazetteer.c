/* build_gazetteer.c: turns GeoNames cities500, the country/admin tables that
 * tools/gazetteer_sources.js flattens, and data/places-extra.tsv into the one
 * binary file tally maps at start (format in src/gazetteer.h).
 * usage: build_gazetteer SRCDIR EXTRA.tsv OUT.bin */
#include "gazetteer.h"
#include "tally.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- growing arrays and an interned string pool ------------------------------------------ */
typedef struct {
    char *p;
    size_t len, cap;
    uint32_t *slots; /* open addressing: offset+1, 0 empty */
    size_t nslots, nused;
} pool;

static uint64_t hash(const char *s) {
    uint64_t h = 1469598103934665603ull;
    while (*s)
        h = (h ^ (unsigned char)*s++) * 1099511628211ull;
    return h;
}

static uint32_t pool_add(pool *P, const char *s) {
    if (P->nused * 2 >= P->nslots) {
        size_t n = P->nslots ? P->nslots * 2 : 1 << 16;
        uint32_t *ns = calloc(n, sizeof *ns);
        for (size_t i = 0; i < P->nslots; i++) {
            if (!P->slots[i])
                continue;
            size_t j = hash(P->p + P->slots[i] - 1) & (n - 1);
            while (ns[j])
                j = (j + 1) & (n - 1);
            ns[j] = P->slots[i];
        }
        free(P->slots);
        P->slots = ns;
        P->nslots = n;
    }
    size_t j = hash(s) & (P->nslots - 1);
    while (P->slots[j]) {
        if (strcmp(P->p + P->slots[j] - 1, s) == 0)
            return P->slots[j] - 1;
        j = (j + 1) & (P->nslots - 1);
    }
    size_t n = strlen(s) + 1;
    if (P->len + n > P->cap) {
        P->cap = (P->len + n) * 2;
        P->p = xrealloc(P->p, P->cap);
    }
    uint32_t off = (uint32_t)P->len;
    memcpy(P->p + P->len, s, n);
    P->len += n;
    P->slots[j] = off + 1;
    P->nused++;
    return off;
}

static gz_entry *entries;
static size_t nentries, capentries;
static gz_key *keys;
static size_t nkeys, capkeys;
static gz_country countries[600];
static size_t ncountries;
static gz_admin1 *admin1s;
static size_t nadmin1, capadmin1;
static char **admin1_codes; /* "CC.xx" per admin1 */
static pool P;

static size_t new_entry(void) {
    if (nentries == capentries) {
        capentries = capentries ? capentries * 2 : 1 << 16;
        entries = xrealloc(entries, capentries * sizeof *entries);
    }
    memset(&entries[nentries], 0, sizeof *entries);
    entries[nentries].country = GZ_NONE;
    entries[nentries].admin1 = GZ_NONE;
    return nentries++;
}

/* Index name under entry e (flags GZ_KEY_*): fold it as the article text is folded. */
static void add_name(size_t e, const char *name, uint32_t flags) {
    if (!name || !*name)
        return;
    tally_arena *a = tally_arena_new();
    tally_text *t = tally_text_new(a, name, strlen(name));
    for (size_t i = 0; i < t->fold_len; i++)
        if ((unsigned char)t->fold[i] >= 0x80) { /* Latin-script names only */
            tally_arena_free(a);
            return;
        }
    char key[256];
    size_t n = tally_gazetteer_key(t->fold, t->fold_len, key, sizeof key);
    tally_arena_free(a);
    if (n < 2)
        return;
    uint32_t off = pool_add(&P, key);
    for (size_t i = nkeys; i > 0 && i + 8 > nkeys; i--) /* same entry, same key: once */
        if (keys[i - 1].key == off && (keys[i - 1].entry & GZ_KEY_ENTRY) == e)
            return;
    if (nkeys == capkeys) {
        capkeys = capkeys ? capkeys * 2 : 1 << 20;
        keys = xrealloc(keys, capkeys * sizeof *keys);
    }
    keys[nkeys].key = off;
    keys[nkeys].entry = (uint32_t)e | flags;
    nkeys++;
}

/* Split line in place on tabs into at most max fields; returns how many. */
static size_t split(char *line, char **f, size_t max, char sep) {
    size_t n = 0;
    f[n++] = line;
    for (char *p = line; *p && n < max; p++)
        if (*p == sep) {
            *p = 0;
            f[n++] = p + 1;
        }
    return n;
}

static FILE *open_in(const char *dir, const char *name) {
    char path[1024];
    if (dir)
        snprintf(path, sizeof path, "%s/%s", dir, name);
    else
        snprintf(path, sizeof path, "%s", name);
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "build_gazetteer: cannot read %s\n", path);
        exit(1);
    }
    return f;
}

static void chomp(char *s) {
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = 0;
}

static int find_country(const char *cc2) {
    for (size_t i = 0; i < ncountries; i++)
        if (countries[i].cc2[0] == cc2[0] && countries[i].cc2[1] == cc2[1])
            return (int)i;
    return -1;
}

/* Admin1 by "CC.xx" code: a small open-addressing map. */
static uint32_t *a1map;
static size_t a1slots;
static int find_admin1(const char *code) {
    if (!a1map)
        return -1;
    size_t j = hash(code) & (a1slots - 1);
    while (a1map[j]) {
        if (strcmp(admin1_codes[a1map[j] - 1], code) == 0)
            return (int)a1map[j] - 1;
        j = (j + 1) & (a1slots - 1);
    }
    return -1;
}

static void set_point(size_t e, double lat, double lon) {
    entries[e].lat_e5 = (int32_t)lround(lat * 1e5);
    entries[e].lon_e5 = (int32_t)lround(lon * 1e5);
}

static void set_fcode(size_t e, const char *fc) {
    memset(entries[e].fcode, 0, sizeof entries[e].fcode);
    strncpy(entries[e].fcode, fc, sizeof entries[e].fcode - 1);
}

/* Names in a '|' (or ',') list, each indexed under e. Codes (all capitals, up to
 * four letters: airport and postal codes) are left out unless they have dots. */
static void add_names_codes(size_t e, char *list, char sep, uint32_t flags, int codes) {
    char *f[4096];
    if (!list || !*list)
        return;
    size_t n = split(list, f, 4096, sep);
    for (size_t i = 0; i < n; i++) {
        const char *s = f[i];
        size_t len = strlen(s), up = 0, dig = 0;
        for (size_t k = 0; k < len; k++) {
            up += is_upper((unsigned char)s[k]);
            dig += is_digit((unsigned char)s[k]);
        }
        if (dig)
            continue;
        uint32_t fl = flags;
        if (strchr(s, '.') && len <= 6)
            fl |= GZ_KEY_ABBR;
        else if (up == len && len <= 4) {
            if (!codes)
                continue;
            fl |= GZ_KEY_ABBR;
        }
        add_name(e, s, fl);
    }
}

static void add_names(size_t e, char *list, char sep, uint32_t flags) {
    add_names_codes(e, list, sep, flags, 0);
}

static double rad(double d) { return d * M_PI / 180; }
static double km(double la1, double lo1, double la2, double lo2) {
    double h = pow(sin(rad(la2 - la1) / 2), 2) + cos(rad(la1)) * cos(rad(la2)) * pow(sin(rad(lo2 - lo1) / 2), 2);
    return 2 * 6371 * asin(sqrt(h < 1 ? h : 1));
}

static char line[1 << 20];

static void read_countries(const char *dir) {
    FILE *f = open_in(dir, "countries.tsv");
    while (fgets(line, sizeof line, f)) {
        chomp(line);
        char *c[9];
        if (split(line, c, 9, '\t') < 8 || strlen(c[0]) != 2 || strlen(c[1]) != 3 ||
            ncountries >= ARRAY_LEN(countries))
            continue;
        size_t e = new_entry();
        gz_country *C = &countries[ncountries];
        memcpy(C->cc2, c[0], 2);
        memcpy(C->cc3, c[1], 3);
        C->cc3[3] = 0;
        C->entry = (uint32_t)e;
        entries[e].country = (uint16_t)ncountries;
        entries[e].kind = TALLY_PLACE_COUNTRY;
        entries[e].name = pool_add(&P, c[2]);
        entries[e].radius_km = 250;
        set_fcode(e, "PCLI");
        set_point(e, atof(c[3]), atof(c[4]));
        double area = atof(c[7]); /* km2: how the press weighs one country against another */
        entries[e].population = area > 0 && area < 4e9 ? (uint32_t)area : 0;
        add_name(e, c[2], 0);
        add_names(e, c[5], '|', GZ_KEY_ALT);
        char *d[32];
        size_t nd = *c[6] ? split(c[6], d, 32, '|') : 0;
        for (size_t i = 0; i < nd; i++) {
            add_name(e, d[i], GZ_KEY_DEMONYM);
            size_t l = strlen(d[i]);
            if (l > 3 && (d[i][l - 1] == 'n' || d[i][l - 1] == 'i')) { /* Afghans, Iraqis */
                char pl[128];
                snprintf(pl, sizeof pl, "%ss", d[i]);
                add_name(e, pl, GZ_KEY_DEMONYM);
            }
        }
        ncountries++;
    }
    fclose(f);
}

static void read_admin1(const char *dir) {
    FILE *f = open_in(dir, "admin1.tsv");
    a1slots = 1 << 14;
    a1map = calloc(a1slots, sizeof *a1map);
    while (fgets(line, sizeof line, f)) {
        chomp(line);
        char *c[8];
        if (split(line, c, 8, '\t') < 6 || strlen(c[0]) < 4 || c[0][2] != '.')
            continue;
        int ci = find_country(c[0]);
        if (ci < 0 || find_admin1(c[0]) >= 0)
            continue;
        if (nadmin1 == capadmin1) {
            capadmin1 = capadmin1 ? capadmin1 * 2 : 4096;
            admin1s = xrealloc(admin1s, capadmin1 * sizeof *admin1s);
            admin1_codes = xrealloc(admin1_codes, capadmin1 * sizeof *admin1_codes);
        }
        size_t e = new_entry();
        gz_admin1 *A = &admin1s[nadmin1];
        memset(A, 0, sizeof *A);
        A->code = pool_add(&P, c[0]);
        A->entry = (uint32_t)e;
        A->country = (uint16_t)ci;
        admin1_codes[nadmin1] = strdup(c[0]);
        size_t j = hash(c[0]) & (a1slots - 1);
        while (a1map[j])
            j = (j + 1) & (a1slots - 1);
        a1map[j] = (uint32_t)nadmin1 + 1;
        entries[e].country = (uint16_t)ci;
        entries[e].admin1 = (uint16_t)nadmin1;
        entries[e].kind = TALLY_PLACE_ADMIN1;
        entries[e].geonameid = (uint32_t)atol(c[2]);
        entries[e].name = pool_add(&P, c[1]);
        entries[e].radius_km = 100;
        set_fcode(e, "ADM1");
        if (*c[3] && *c[4])
            set_point(e, atof(c[3]), atof(c[4]));
        else
            entries[e].lat_e5 = INT32_MIN; /* from its towns, below */
        add_name(e, c[1], 0);
        add_names(e, c[5], '|', GZ_KEY_ALT);
        nadmin1++;
    }
    fclose(f);
}

/* Admin2 units by "CC.A1.A2", and their entries. */
static char **a2codes;
static size_t *a2entry;
static size_t na2;
static uint32_t *a2map;
static size_t a2slots;
static long find_admin2(const char *code) {
    size_t j = hash(code) & (a2slots - 1);
    while (a2map[j]) {
        if (strcmp(a2codes[a2map[j] - 1], code) == 0)
            return (long)a2entry[a2map[j] - 1];
        j = (j + 1) & (a2slots - 1);
    }
    return -1;
}

static void read_admin2(const char *dir) {
    FILE *f = open_in(dir, "admin2.tsv");
    a2slots = 1 << 17;
    a2map = calloc(a2slots, sizeof *a2map);
    size_t cap = 0;
    while (fgets(line, sizeof line, f)) {
        chomp(line);
        char *c[3];
        if (split(line, c, 3, '\t') < 2)
            continue;
        char *dot = strchr(c[0], '.');
        dot = dot ? strchr(dot + 1, '.') : NULL;
        if (!dot)
            continue;
        char a1[64];
        snprintf(a1, sizeof a1, "%.*s", (int)(dot - c[0]), c[0]);
        int ai = find_admin1(a1);
        if (ai < 0)
            continue;
        if (na2 == cap) {
            cap = cap ? cap * 2 : 1 << 16;
            a2codes = xrealloc(a2codes, cap * sizeof *a2codes);
            a2entry = xrealloc(a2entry, cap * sizeof *a2entry);
        }
        size_t e = new_entry();
        entries[e].country = admin1s[ai].country;
        entries[e].admin1 = (uint16_t)ai;
        entries[e].kind = TALLY_PLACE_ADMIN2;
        entries[e].name = pool_add(&P, c[1]);
        entries[e].radius_km = 30;
        entries[e].lat_e5 = INT32_MIN;
        set_fcode(e, "ADM2");
        add_name(e, c[1], 0);
        a2codes[na2] = strdup(c[0]);
        a2entry[na2] = e;
        size_t j = hash(c[0]) & (a2slots - 1);
        while (a2map[j])
            j = (j + 1) & (a2slots - 1);
        a2map[j] = (uint32_t)na2 + 1;
        na2++;
    }
    fclose(f);
}

static void read_cities(const char *dir) {
    FILE *f = open_in(dir, "cities500.txt");
    while (fgets(line, sizeof line, f)) {
        chomp(line);
        char *c[20];
        if (split(line, c, 20, '\t') < 15)
            continue;
        int ci = find_country(c[8]);
        if (ci < 0)
            continue;
        size_t e = new_entry();
        entries[e].geonameid = (uint32_t)atol(c[0]);
        entries[e].country = (uint16_t)ci;
        char code[64];
        snprintf(code, sizeof code, "%s.%s", c[8], c[10]);
        int ai = find_admin1(code);
        if (ai >= 0)
            entries[e].admin1 = (uint16_t)ai;
        entries[e].kind = TALLY_PLACE_CITY;
        entries[e].name = pool_add(&P, c[1]);
        set_fcode(e, c[7]);
        set_point(e, atof(c[4]), atof(c[5]));
        long pop = atol(c[14]);
        entries[e].population = pop > 0 ? (uint32_t)pop : 0;
        add_name(e, c[1], 0);
        add_name(e, c[2], 0);
        add_names(e, c[3], ',', GZ_KEY_ALT);
    }
    fclose(f);
}

/* Admin points that the sources lack: the mean of their towns. */
static void admin_points(const char *dir) {
    double *sla = calloc(nentries, sizeof *sla), *slo = calloc(nentries, sizeof *slo);
    uint32_t *nm = calloc(nentries, sizeof *nm);
    FILE *f = open_in(dir, "cities500.txt");
    while (fgets(line, sizeof line, f)) {
        chomp(line);
        char *c[20];
        if (split(line, c, 20, '\t') < 15)
            continue;
        double la = atof(c[4]), lo = atof(c[5]);
        char code[96];
        snprintf(code, sizeof code, "%s.%s", c[8], c[10]);
        int ai = find_admin1(code);
        if (ai >= 0) {
            size_t e = admin1s[ai].entry;
            sla[e] += la, slo[e] += lo, nm[e]++;
        }
        snprintf(code, sizeof code, "%s.%s.%s", c[8], c[10], c[11]);
        long e2 = find_admin2(code);
        if (e2 >= 0)
            sla[e2] += la, slo[e2] += lo, nm[e2]++;
    }
    fclose(f);
    for (size_t e = 0; e < nentries; e++)
        if (entries[e].lat_e5 == INT32_MIN) {
            if (nm[e])
                set_point(e, sla[e] / nm[e], slo[e] / nm[e]);
            else
                entries[e].lat_e5 = INT32_MIN; /* no point: dropped from the keys below */
        }
    free(sla);
    free(slo);
    free(nm);
}

static long find_geonameid(uint32_t id) {
    for (size_t e = 0; e < nentries; e++)
        if (entries[e].geonameid == id && entries[e].kind == TALLY_PLACE_CITY)
            return (long)e;
    return -1;
}

/* data/places-extra.tsv: kind, name, alternate names, lat, lon, radius km, parent, feature. */
static void read_extra(const char *path) {
    FILE *f = open_in(NULL, path);
    size_t lineno = 0;
    int bad = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        chomp(line);
        if (!line[0] || line[0] == '#')
            continue;
        char *c[10];
        if (split(line, c, 10, '\t') < 8) {
            fprintf(stderr, "%s:%zu: want 8 tab-separated fields\n", path, lineno);
            bad = 1;
            continue;
        }
        const char *kind = c[0], *parent = c[6];
        if (strcmp(kind, "alias") == 0 || strcmp(kind, "spelling") == 0) {
            long e = -1;
            if (strlen(parent) == 2 && find_country(parent) >= 0)
                e = countries[find_country(parent)].entry;
            else if (strchr(parent, '.') && find_admin1(parent) >= 0)
                e = admin1s[find_admin1(parent)].entry;
            else if (is_digit((unsigned char)parent[0]))
                e = find_geonameid((uint32_t)atol(parent));
            if (e < 0) {
                fprintf(stderr, "%s:%zu: alias target '%s' not in the gazetteer\n", path, lineno, parent);
                bad = 1;
                continue;
            }
            /* a spelling ranks as the place's own name: it outranks another place that
               has it only among its alternates */
            uint32_t flag = strcmp(kind, "spelling") == 0 ? 0 : GZ_KEY_ALT;
            add_names_codes((size_t)e, c[1], '|', flag, 1);
            add_names_codes((size_t)e, c[2], '|', flag, 1);
            continue;
        }
        if (strcmp(kind, "point") == 0) { /* a better point for a country */
            int ci = find_country(parent);
            if (ci < 0 || strlen(parent) != 2) {
                fprintf(stderr, "%s:%zu: point: no country '%s'\n", path, lineno, parent);
                bad = 1;
                continue;
            }
            set_point(countries[ci].entry, atof(c[3]), atof(c[4]));
            continue;
        }
        size_t e = new_entry();
        entries[e].name = pool_add(&P, c[1]);
        set_point(e, atof(c[3]), atof(c[4]));
        long r = atol(c[5]);
        entries[e].radius_km = (uint8_t)(r > 255 ? 255 : r < 0 ? 0 : r);
        set_fcode(e, c[7]);
        if (strcmp(kind, "district") == 0) {
            entries[e].kind = TALLY_PLACE_DISTRICT;
            long p = find_geonameid((uint32_t)atol(parent));
            if (p < 0) {
                fprintf(stderr, "%s:%zu: parent city %s not in the gazetteer\n", path, lineno, parent);
                bad = 1;
                continue;
            }
            entries[e].country = entries[p].country;
            entries[e].admin1 = entries[p].admin1;
            entries[e].population = entries[p].population / 10;
            double d = km(atof(c[3]), atof(c[4]), entries[p].lat_e5 / 1e5, entries[p].lon_e5 / 1e5);
            if (d > 30 + r) {
                fprintf(stderr, "%s:%zu: %s is %.0f km from its parent city %s; check the point\n",
                        path, lineno, c[1], d, P.p + entries[p].name);
                bad = 1;
            }
        } else {
            entries[e].kind = strcmp(kind, "continent") == 0 ? TALLY_PLACE_CONTINENT : TALLY_PLACE_OTHER;
            int ci = strlen(parent) == 2 ? find_country(parent) : -1;
            if (ci >= 0)
                entries[e].country = (uint16_t)ci;
        }
        add_name(e, c[1], 0);
        add_names(e, c[2], '|', GZ_KEY_ALT);
    }
    fclose(f);
    if (bad)
        exit(1);
}

/* Sort order of the places under one key: the likelier reading first. */
static double rank(uint32_t ent) {
    const gz_entry *e = &entries[ent & GZ_KEY_ENTRY];
    static const double base[] = {0, 9e9, 8e9, 1e3, 0, 1e4, 7e9, 0, 0};
    double r = base[e->kind < 9 ? e->kind : 0] + e->population;
    if (e->kind == TALLY_PLACE_COUNTRY)
        r += e->population * 100.0; /* area */
    if (ent & GZ_KEY_ALT)
        r *= 0.5;
    return r;
}

static int cmp_key(const void *a, const void *b) {
    const gz_key *x = a, *y = b;
    int c = x->key == y->key ? 0 : strcmp(P.p + x->key, P.p + y->key);
    if (c)
        return c;
    double rx = rank(x->entry), ry = rank(y->entry);
    return rx > ry ? -1 : rx < ry ? 1 : (x->entry > y->entry) - (x->entry < y->entry);
}

static void put(FILE *f, const void *p, size_t n, size_t *off) {
    if (n && fwrite(p, 1, n, f) != n) {
        perror("build_gazetteer: write");
        exit(1);
    }
    *off += n;
    static const char zero[8] = {0};
    size_t pad = (8 - *off % 8) % 8;
    if (pad && fwrite(zero, 1, pad, f) != pad)
        exit(1);
    *off += pad;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: build_gazetteer SRCDIR EXTRA.tsv OUT.bin\n");
        return 2;
    }
    pool_add(&P, ""); /* offset 0 is the empty string */
    read_countries(argv[1]);
    read_admin1(argv[1]);
    read_admin2(argv[1]);
    read_cities(argv[1]);
    admin_points(argv[1]);
    read_extra(argv[2]);
    /* keys of places without a point go; so do duplicates */
    size_t o = 0;
    for (size_t i = 0; i < nkeys; i++)
        if (entries[keys[i].entry & GZ_KEY_ENTRY].lat_e5 != INT32_MIN)
            keys[o++] = keys[i];
    nkeys = o;
    for (size_t e = 0; e < nentries; e++)
        if (entries[e].lat_e5 == INT32_MIN)
            entries[e].lat_e5 = 0;
    qsort(keys, nkeys, sizeof *keys, cmp_key);
    o = 0;
    for (size_t i = 0; i < nkeys; i++) {
        if (o && keys[o - 1].key == keys[i].key &&
            (keys[o - 1].entry & GZ_KEY_ENTRY) == (keys[i].entry & GZ_KEY_ENTRY))
            continue;
        keys[o++] = keys[i];
    }
    nkeys = o;
    char tmp[1100];
    snprintf(tmp, sizeof tmp, "%s.tmp", argv[3]);
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        perror(tmp);
        return 1;
    }
    gz_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, GZ_MAGIC, 8);
    h.version = GZ_VERSION;
    h.nentries = (uint32_t)nentries;
    h.nkeys = (uint32_t)nkeys;
    h.ncountries = (uint32_t)ncountries;
    h.nadmin1 = (uint32_t)nadmin1;
    h.strings_len = (uint32_t)P.len;
    size_t off = 0;
    put(f, &h, sizeof h, &off);
    h.off_entries = (uint32_t)off;
    put(f, entries, nentries * sizeof *entries, &off);
    h.off_keys = (uint32_t)off;
    put(f, keys, nkeys * sizeof *keys, &off);
    h.off_countries = (uint32_t)off;
    put(f, countries, ncountries * sizeof *countries, &off);
    h.off_admin1 = (uint32_t)off;
    put(f, admin1s, nadmin1 * sizeof *admin1s, &off);
    size_t nslots;
    gz_slot *slots = tally_gazetteer_index(keys, nkeys, P.p, &nslots);
    h.off_slots = (uint32_t)off;
    h.nslots = (uint32_t)nslots;
    put(f, slots, nslots * sizeof *slots, &off);
    free(slots);
    h.off_strings = (uint32_t)off;
    put(f, P.p, P.len, &off);
    h.file_len = (uint32_t)off;
    if (fseek(f, 0, SEEK_SET) != 0 || fwrite(&h, sizeof h, 1, f) != 1 || fclose(f) != 0) {
        perror(tmp);
        return 1;
    }
    if (rename(tmp, argv[3]) != 0) {
        perror(argv[3]);
        return 1;
    }
    fprintf(stderr, "build_gazetteer: %zu places, %zu names, %zu countries, %zu admin1, %zu hash slots, %.1f MB -> %s\n",
            nentries, nkeys, ncountries, nadmin1, nslots, off / 1e6, argv[3]);
    return 0;
}
