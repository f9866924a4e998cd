/* textsplit.c -- cutting text into runs of one language and into segments
 * small enough to stream (see textsplit.h), and repairing invalid UTF-8.
 * Code points are decoded with utf8proc, never by hand. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "textsplit.h"
#include "tts.h"

/* A segment ends at the first clause end after SOFT bytes, and anywhere
 * (a space if there is one) after HARD bytes: eSpeak streams within a
 * segment anyway; the limits only keep memory flat for huge texts. */
enum { SEG_SOFT = 300, SEG_HARD = 2000 };

enum cls { C_NEUTRAL, C_ZH, C_OTHER };

static bool is_han(utf8proc_int32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F) ||
           c == 0x3007;                                   /* 〇 */
}

static enum cls classify(utf8proc_int32_t c)
{
    if (is_han(c))
        return C_ZH;
    if (c < 0x80)
        return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ? C_OTHER : C_NEUTRAL;
    if (c >= 0xFF10 && c <= 0xFF19)                        /* fullwidth digits */
        return C_NEUTRAL;
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
        return C_OTHER;
    default:
        return C_NEUTRAL;
    }
}

static bool is_clause_end(utf8proc_int32_t c)
{
    return c == '.' || c == '!' || c == '?' || c == ';' || c == '\n' ||
           c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == 0xFF1B;  /* 。！？； */
}

/* ---- UTF-8 repair (public in tts.h) -------------------------------------- */

char *tts_text_clean(const char *text, size_t len, size_t *nbad)
{
    static const char repl[] = "\xEF\xBF\xBD";             /* U+FFFD */
    size_t bad = 0;
    char *out = malloc(len * 3 + 1);                       /* worst case: all bad */
    if (!out)
        return NULL;
    size_t o = 0, i = 0;
    while (i < len) {
        utf8proc_int32_t c;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)text + i,
                                              (utf8proc_ssize_t)(len - i), &c);
        if (n <= 0 || c == 0) {
            memcpy(out + o, repl, 3);
            o += 3;
            i++;
            bad++;
            continue;
        }
        memcpy(out + o, text + i, (size_t)n);
        o += (size_t)n;
        i += (size_t)n;
    }
    out[o] = '\0';
    if (nbad)
        *nbad = bad;
    return out;
}

/* ---- the splitter -------------------------------------------------------- */

struct tts_split {
    const char *text;
    size_t len, pos;
    tts_lang first_lang;
    char *seg;              /* the current rewritten segment */
    char *buf;              /* the current raw segment, fullwidth folded */
    size_t buf_cap;
};

int tts_split_new(tts_split_t **out, const char *text, size_t len, tts_lang first_lang)
{
    tts_split_t *s = calloc(1, sizeof *s);
    *out = s;
    if (!s)
        return -1;
    s->text = text;
    s->len = len;
    s->first_lang = first_lang;
    return 0;
}

void tts_split_free(tts_split_t *s)
{
    if (!s)
        return;
    free(s->seg);
    free(s->buf);
    free(s);
}

/* Decode the code point at i (the text was cleaned, but stay safe). */
static size_t next_cp(const tts_split_t *s, size_t i, utf8proc_int32_t *c)
{
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s->text + i,
                                          (utf8proc_ssize_t)(s->len - i), c);
    if (n <= 0) {
        *c = ' ';
        return 1;
    }
    return (size_t)n;
}

/* Where the segment starting at s->pos ends, and its language. */
static size_t find_end(const tts_split_t *s, tts_lang *lang)
{
    enum cls run = C_NEUTRAL;
    size_t i = s->pos, last_space = 0;
    while (i < s->len) {
        utf8proc_int32_t c;
        size_t n = next_cp(s, i, &c);
        enum cls k = classify(c);
        if (k != C_NEUTRAL) {
            if (run == C_NEUTRAL)
                run = k;
            else if (k != run)
                break;                                    /* the other language starts */
        }
        size_t used = i + n - s->pos;
        if (c == ' ' || c == '\n')
            last_space = i + n;
        i += n;
        if (used >= SEG_SOFT && is_clause_end(c))
            break;
        if (used >= SEG_HARD) {
            if (last_space > s->pos)
                i = last_space;
            break;
        }
    }
    if (run == C_NEUTRAL)
        *lang = s->first_lang;
    else
        *lang = run == C_ZH ? TTS_LANG_ZH : TTS_LANG_OTHER;
    return i;
}

bool tts_split_next(tts_split_t *s, struct tts_segment *seg)
{
    while (s->pos < s->len) {
        tts_lang lang;
        size_t end = find_end(s, &lang);
        size_t start = s->pos, n = end - start;
        s->pos = end;

        /* fold fullwidth digits and letters (１２３ＡＢ) to ASCII so the
         * number rules below see them */
        if (n + 1 > s->buf_cap) {
            char *nb = realloc(s->buf, n + 1);
            if (!nb)
                return false;
            s->buf = nb;
            s->buf_cap = n + 1;
        }
        size_t o = 0;
        bool speakable = false;
        for (size_t i = start; i < end;) {
            utf8proc_int32_t c;
            size_t k = next_cp(s, i, &c);
            if ((c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) ||
                (c >= 0xFF41 && c <= 0xFF5A)) {
                s->buf[o++] = (char)(c - 0xFEE0);
            } else {
                memcpy(s->buf + o, s->text + i, k);
                o += k;
            }
            if (c != 0xFFFD && (classify(c) != C_NEUTRAL || (c >= '0' && c <= '9') ||
                                (c >= 0xFF10 && c <= 0xFF19)))
                speakable = true;
            i += k;
        }
        s->buf[o] = '\0';
        if (!speakable)
            continue;                                     /* only spaces/punctuation */

        free(s->seg);
        s->seg = tts_numbers(s->buf, o, lang);
        if (!s->seg)
            return false;
        seg->lang = lang;
        seg->text = s->seg;
        seg->src_off = start;
        seg->src_len = n;
        return true;
    }
    return false;
}
