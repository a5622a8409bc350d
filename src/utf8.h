/* utf8.h: tally's one UTF-8 decoder, encoder and validator (RFC 3629), shared by the
 * text layer, the JSON reader and writer, and the server. */
#ifndef TALLY_UTF8_H
#define TALLY_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define TALLY_UTF8_REPLACEMENT 0xFFFD /* U+FFFD, what an invalid byte becomes in text */

/** Decode the code point at p[0..n). Sets *cp and returns the bytes it takes (1-4);
 * returns 0, *cp untouched, when no valid sequence starts there: n == 0, a byte that
 * cannot start one (80-BF, C0, C1, F5-FF), a sequence cut short by the end or by a
 * byte that is no continuation, an overlong form, a surrogate (U+D800-DFFF) or a value
 * past U+10FFFF. What an invalid byte becomes is the caller's choice: the text layer
 * and the JSON writer make that one byte U+FFFD and go on at the next; the server
 * refuses the request. Never reads past p[n - 1]. */
size_t tally_utf8_decode(const unsigned char *p, size_t n, int32_t *cp);

/** Write cp as UTF-8 into out, which has room for 4 bytes; returns the bytes written
 * (1-4). A value that is no scalar value (negative, a surrogate, past U+10FFFF) is
 * written as U+FFFD, so the result is always valid UTF-8. No NUL is added. */
size_t tally_utf8_encode(int32_t cp, char *out);

/** The length of the longest valid UTF-8 prefix of p[0..len): len when all of it is
 * valid (the empty string is). NUL bytes count as valid (U+0000). */
size_t tally_utf8_validate(const char *p, size_t len);

/** The number of ASCII bytes (below 0x80) at the start of p[0..len), read a word at a
 * time: the fast path of every scan above. */
size_t tally_utf8_ascii(const unsigned char *p, size_t len);

#endif
