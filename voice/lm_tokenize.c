/* lm_tokenize.c -- English text to recogniser words for the domain model
 * (lm.h: lm_tokenize).
 *
 * Numbers are written the way a trainee says them, because the model must
 * predict what is spoken: "48 hours" -> forty eight hours, "199 yuan" -> one
 * hundred ninety nine yuan, "3.5" -> three point five. Spelled digit by
 * digit ("four eight hours") the domain model taught the decoder word
 * sequences nobody says. Identifiers stay digit by digit: a digit run glued
 * to letters (TB20260318001, SF1234567890), after '#', of five or more
 * digits (phone, tracking and order numbers: also how kefu's speech reads
 * them, voice/textsplit_num.c) or with a leading zero.
 */
#include <stdlib.h>
#include <string.h>

#include "lm.h"

static const char *const digit_words[10] = {
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
static const char *const teen_words[10] = {
    "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
    "seventeen", "eighteen", "nineteen"};
static const char *const tens_words[10] = {
    NULL, NULL, "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};

struct toks {
    char *buf;                  /* words, NUL-separated */
    size_t len, cap;
    size_t *offs;
    size_t n, capn;
};

static int toks_push(struct toks *t, const char *w, size_t wl)
{
    if (t->len + wl + 1 > t->cap) {
        size_t cap = (t->cap + wl + 1) * 2;
        char *b = realloc(t->buf, cap);
        if (!b)
            return -1;
        t->buf = b;
        t->cap = cap;
    }
    if (t->n == t->capn) {
        size_t capn = t->capn ? t->capn * 2 : 32;
        size_t *o = realloc(t->offs, capn * sizeof *o);
        if (!o)
            return -1;
        t->offs = o;
        t->capn = capn;
    }
    memcpy(t->buf + t->len, w, wl);
    t->buf[t->len + wl] = '\0';
    t->offs[t->n++] = t->len;
    t->len += wl + 1;
    return 0;
}

static int push(struct toks *t, const char *w) { return toks_push(t, w, strlen(w)); }

/* Hand the sentence to fn; 1 stop, 0 go on, -1 out of memory. */
static int toks_flush(struct toks *t, lm_sentence_fn fn, void *arg, int *count)
{
    int rc = 0;
    if (t->n) {
        const char **w = malloc(t->n * sizeof *w);
        if (!w)
            return -1;
        for (size_t i = 0; i < t->n; i++)
            w[i] = t->buf + t->offs[i];
        (*count)++;
        rc = fn(arg, w, t->n) ? 1 : 0;
        free(w);
    }
    t->n = 0;
    t->len = 0;
    return rc;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* 0..9999 as words: "one thousand two hundred thirty four". */
static int push_cardinal(struct toks *t, int v)
{
    int rc = 0;
    if (v == 0)
        return push(t, "zero");
    if (v >= 1000) {
        rc |= push(t, digit_words[v / 1000]);
        rc |= push(t, "thousand");
        v %= 1000;
    }
    if (v >= 100) {
        rc |= push(t, digit_words[v / 100]);
        rc |= push(t, "hundred");
        v %= 100;
    }
    if (v >= 20) {
        rc |= push(t, tens_words[v / 10]);
        v %= 10;
        if (v)
            rc |= push(t, digit_words[v]);
    } else if (v >= 10) {
        rc |= push(t, teen_words[v - 10]);
    } else if (v > 0) {
        rc |= push(t, digit_words[v]);
    }
    return rc ? -1 : 0;
}

/* The number starting at text[i] (a digit); returns the index after it, or
 * (size_t)-1 out of memory. Commas between digit groups ("1,200") belong to
 * the number; a point between digits is said "point". */
static size_t push_number(struct toks *t, const char *text, size_t i)
{
    char digits[32];
    size_t nd = 0, j = i;
    int glued = i > 0 && (is_letter(text[i - 1]) || text[i - 1] == '#');
    while (is_digit(text[j]) || (text[j] == ',' && is_digit(text[j + 1]) && j > i)) {
        if (text[j] != ',' && nd < sizeof digits)
            digits[nd++] = text[j];
        j++;
    }
    if (glued || nd >= 5 || (nd > 1 && digits[0] == '0')) {
        for (size_t k = 0; k < nd; k++)
            if (push(t, digit_words[digits[k] - '0']) < 0)
                return (size_t)-1;
    } else {
        int v = 0;
        for (size_t k = 0; k < nd; k++)
            v = v * 10 + (digits[k] - '0');
        if (push_cardinal(t, v) < 0)
            return (size_t)-1;
    }
    if (text[j] == '.' && is_digit(text[j + 1])) {         /* 3.5, 12.50 */
        if (push(t, "point") < 0)
            return (size_t)-1;
        for (j++; is_digit(text[j]); j++)
            if (push(t, digit_words[text[j] - '0']) < 0)
                return (size_t)-1;
    }
    return j;
}

int lm_tokenize(const char *text, lm_sentence_fn fn, void *arg)
{
    struct toks t = {0};
    char word[64];
    size_t wl = 0;
    int count = 0, rc = 0;
    for (size_t i = 0;; i++) {
        const char *p = text + i;
        unsigned char c = (unsigned char)*p;
        int letter = is_letter((char)c);
        int apos = c == '\'' && wl > 0 && is_letter(p[1]);
        if ((letter || apos) && wl < sizeof word - 1) {
            word[wl++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
            continue;
        }
        if (letter || apos)
            continue;                   /* absurdly long word: truncated */
        if (wl && toks_push(&t, word, wl) < 0)
            goto nomem;
        wl = 0;
        if (is_digit((char)c)) {
            size_t j = push_number(&t, text, i);
            if (j == (size_t)-1)
                goto nomem;
            i = j - 1;
            continue;
        }
        const char *extra = NULL;
        if (c == '&')
            extra = "and";
        else if (c == '%')
            extra = "percent";
        if (extra && push(&t, extra) < 0)
            goto nomem;
        if (c == '\0' || c == '.' || c == '!' || c == '?' || c == ';' || c == ':'
            || c == '\n') {
            rc = toks_flush(&t, fn, arg, &count);
            if (rc < 0)
                goto nomem;
            if (rc > 0 || c == '\0')
                break;
        }
    }
    free(t.buf);
    free(t.offs);
    return count;
nomem:
    free(t.buf);
    free(t.offs);
    return -1;
}
