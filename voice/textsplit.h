/* textsplit.h -- turning text into what eSpeak NG should read, piece by
 * piece (private to voice/; tests use it directly).
 *
 * 1. Runs: Chinese (Han characters) and everything else are spoken with
 *    different voices, so text is cut into runs of one language. Digits,
 *    spaces and punctuation have no language of their own and stay with the
 *    run before them (at the very start, with the run after them).
 * 2. Segments: a run is further cut at clause ends once it is a few hundred
 *    bytes long, so a 1 MB text is streamed in small pieces.
 * 3. Numbers: order, phone and tracking numbers (5 or more digits in a row,
 *    ids such as TB20260215001, 138-0013-8000) are spelled digit by digit;
 *    amounts (¥12.50, 12.5元, $3), decimals and quantities are read as
 *    numbers -- in Chinese with our own numerals, because eSpeak NG 1.51's
 *    cmn voice reads 12345 as "十二千..." and drops decimal points.
 */
#ifndef KEFU_TEXTSPLIT_H
#define KEFU_TEXTSPLIT_H

#include <stdbool.h>
#include <stddef.h>

typedef enum { TTS_LANG_OTHER = 0, TTS_LANG_ZH = 1 } tts_lang;

struct tts_segment {
    tts_lang lang;
    const char *text;   /* rewritten for speech, NUL-terminated; borrowed:
                           valid until the next tts_split_next() */
    size_t src_off;     /* where it came from in the input (bytes) */
    size_t src_len;
};

typedef struct tts_split tts_split_t;

/* text must be valid UTF-8 (see tts_text_clean) and outlive the splitter;
 * first_lang is used for text with no letters at all ("12345"). */
int tts_split_new(tts_split_t **out, const char *text, size_t len, tts_lang first_lang);
/* The next segment: true, or false at the end (or out of memory). */
bool tts_split_next(tts_split_t *s, struct tts_segment *seg);
void tts_split_free(tts_split_t *s);              /* NULL is a no-op */

/* Rewrite the numbers of one run for speech. Caller frees; NULL: no memory. */
char *tts_numbers(const char *text, size_t len, tts_lang lang);

/* Chinese numerals for n ("一万二千三百四十五"); buf of at least 128 bytes. */
void tts_zh_numeral(unsigned long long n, char *buf, size_t cap);

#endif
