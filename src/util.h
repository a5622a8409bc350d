/* util.h: the few helpers every module shares (allocation that aborts, ASCII tests). */
#ifndef TALLY_UTIL_H
#define TALLY_UTIL_H

#include <stddef.h>

/** malloc that aborts with a message on out of memory; caller frees. */
void *xmalloc(size_t len);
/** realloc that aborts on out of memory. */
void *xrealloc(void *p, size_t len);

static inline int is_digit(int c) { return c >= '0' && c <= '9'; }
static inline int is_alpha(int c) { return (c | 32) >= 'a' && (c | 32) <= 'z'; }
static inline int is_upper(int c) { return c >= 'A' && c <= 'Z'; }
static inline int is_space(int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
static inline int to_lower(int c) { return is_upper(c) ? c + 32 : c; }

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
