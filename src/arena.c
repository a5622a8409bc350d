/* arena.c: per-article bump allocator, and the one place that handles out of memory. */
#include "tally.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *xmalloc(size_t len) {
    void *p = malloc(len ? len : 1);
    if (!p) {
        fprintf(stderr, "tally: out of memory (%zu bytes)\n", len);
        abort();
    }
    return p;
}

void *xrealloc(void *p, size_t len) {
    void *q = realloc(p, len ? len : 1);
    if (!q) {
        fprintf(stderr, "tally: out of memory (%zu bytes)\n", len);
        abort();
    }
    return q;
}

typedef struct block {
    struct block *next; /* older block */
    size_t cap, used;   /* bytes in data, bytes handed out */
    _Alignas(16) char data[];
} block;

struct tally_arena {
    block *head; /* newest block */
#ifdef TALLY_SANITIZE
    void **objs; /* sanitizer builds: one malloc per object so ASan sees bounds */
    size_t nobjs, capobjs;
#endif
};

#define BLOCK_MIN (64 * 1024)

tally_arena *tally_arena_new(void) {
    tally_arena *a = xmalloc(sizeof *a);
    memset(a, 0, sizeof *a);
    return a;
}

static void free_blocks(block *b, block *keep) {
    while (b && b != keep) {
        block *n = b->next;
        free(b);
        b = n;
    }
}

void tally_arena_reset(tally_arena *a) {
    if (!a)
        return;
#ifdef TALLY_SANITIZE
    for (size_t i = 0; i < a->nobjs; i++)
        free(a->objs[i]);
    a->nobjs = 0;
#endif
    block *last = a->head;
    while (last && last->next)
        last = last->next;
    free_blocks(a->head, last);
    a->head = last;
    if (last) {
        last->next = NULL;
        last->used = 0;
    }
}

void tally_arena_free(tally_arena *a) {
    if (!a)
        return;
#ifdef TALLY_SANITIZE
    for (size_t i = 0; i < a->nobjs; i++)
        free(a->objs[i]);
    free(a->objs);
#endif
    free_blocks(a->head, NULL);
    free(a);
}

void *tally_arena_alloc(tally_arena *a, size_t len) {
    void *p = tally_arena_alloc_raw(a, len);
    memset(p, 0, len);
    return p;
}

void *tally_arena_alloc_raw(tally_arena *a, size_t len) {
#ifdef TALLY_SANITIZE
    if (a->nobjs == a->capobjs) {
        a->capobjs = a->capobjs ? a->capobjs * 2 : 64;
        a->objs = xrealloc(a->objs, a->capobjs * sizeof *a->objs);
    }
    void *o = xmalloc(len);
    a->objs[a->nobjs++] = o;
    return o;
#else
    len = (len + 15) & ~(size_t)15;
    block *b = a->head;
    if (!b || b->cap - b->used < len) {
        size_t cap = len > BLOCK_MIN ? len : BLOCK_MIN;
        if (b && b->cap * 2 > cap && b->cap < 16 * 1024 * 1024)
            cap = b->cap * 2 > len ? b->cap * 2 : len;
        block *nb = xmalloc(sizeof *nb + cap);
        nb->cap = cap;
        nb->used = 0;
        nb->next = b;
        a->head = b = nb;
    }
    void *p = b->data + b->used;
    b->used += len;
    return p;
#endif
}

char *tally_arena_strndup(tally_arena *a, const char *p, size_t len) {
    char *s = tally_arena_alloc_raw(a, len + 1);
    if (len)
        memcpy(s, p, len);
    s[len] = 0;
    return s;
}
