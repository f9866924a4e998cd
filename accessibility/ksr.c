/* ksr.c -- keystroke savings: type a target answer with the engine's help,
 * counting every key a person would press (complete.h).
 *
 * The keystroke model, stated once (docs/accessibility.md):
 *  - a character typed is one key; a Chinese character is one key too, as
 *    if the IME committed it with a single keystroke (the per-character
 *    model), unless acc->cjk_keys says what it costs (the pinyin model of
 *    tests/bench: its pinyin letters + 1 to commit it);
 *  - Tab (list the offers) is one key, the digit that chooses is one more;
 *    Escape is one more when the list was useless and the next character
 *    to type is a digit (it would otherwise choose);
 *  - a completion is taken only if it is exactly what comes next in the
 *    target, and only if it saves more than the keys it costs;
 *  - the list in view (A11Y_KSR_LIST): one key, the digit, takes an offer;
 *    a digit 1..n typed while n offers are listed costs an Escape before it.
 */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "complete_int.h"

static long count_chars(const char *s, size_t len)
{
    long n = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            n++;
    return n;
}

static bool cjk_at(const char *s, size_t len, size_t pos, size_t *k)
{
    int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate((const uint8_t *)s + pos, (utf8proc_ssize_t)(len - pos), &cp);
    *k = n > 0 ? (size_t)n : 1;
    return n > 0 && ((cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                     (cp >= 0x20000 && cp <= 0x2FFFF));
}

/* Length (bytes) of the current Latin word ending at pos, in characters. */
static int word_typed(const char *s, size_t pos)
{
    int n = 0;
    while (pos > 0 && latin_word_byte((unsigned char)s[pos - 1])) {
        pos--;
        n++;
    }
    return n;
}

/* Keys to type the character at s[0..k) under acc's cost model. */
static long char_keys(const struct a11y_ksr *acc, const char *s, size_t len, size_t pos,
                      size_t *k)
{
    bool cjk = cjk_at(s, len, pos, k);
    if (cjk && acc->cjk_keys) {
        long n = acc->cjk_keys(acc->cjk_keys_arg, s + pos, *k);
        return n > 0 ? n : 1;
    }
    return 1;
}

/* Keys to type s[from..to) character by character. */
static long span_keys(const struct a11y_ksr *acc, const char *s, size_t from, size_t to)
{
    long n = 0;
    size_t k;
    for (size_t i = from; i < to; i += k)
        n += char_keys(acc, s, to, i, &k);
    return n;
}

/* The best useful offer: the longest that the target continues with. Returns
 * the new position, or pos if none. */
static size_t best_offer(const a11y_complete_t *c, const char *target, size_t len,
                         size_t pos, a11y_ksr_engine engine, size_t max_shown)
{
    struct a11y_completion offers[A11Y_COMPLETE_MAX];
    char *typed = strndup(target, pos);
    if (!typed)
        return pos;
    size_t n = engine == A11Y_KSR_WORDS ? a11y_complete_words(c, typed, offers, max_shown)
                                        : a11y_complete_offer(c, typed, offers, max_shown);
    size_t best = pos;
    for (size_t i = 0; i < n; i++) {
        size_t il = strlen(offers[i].insert);
        if (offers[i].erase <= pos) {
            size_t base = pos - offers[i].erase;
            if (base + il <= len && base + il > best &&
                memcmp(target + base, offers[i].insert, il) == 0)
                best = base + il;
        }
        a11y_completion_clear(&offers[i]);
    }
    free(typed);
    return best;
}

/* The list in view at pos (none at the start and after a digit, the
 * prompt's rule): the longest useful offer in *next (pos if none); returns
 * how many offers are listed. */
static size_t list_at(const a11y_complete_t *c, const char *target, size_t len, size_t pos,
                      a11y_ksr_engine engine, size_t max_shown, const struct a11y_ksr *acc,
                      size_t *next)
{
    *next = pos;
    if (pos == 0 || (target[pos - 1] >= '0' && target[pos - 1] <= '9'))
        return 0;
    struct a11y_completion offers[A11Y_COMPLETE_MAX];
    char *typed = strndup(target, pos);
    if (!typed)
        return 0;
    if (max_shown > A11Y_COMPLETE_MAX)
        max_shown = A11Y_COMPLETE_MAX;
    size_t n = acc->list ? acc->list(acc->list_arg, typed, offers, max_shown)
               : engine == A11Y_KSR_WORDS ? a11y_complete_words(c, typed, offers, max_shown)
                                          : a11y_complete_list(c, typed, offers, max_shown);
    for (size_t i = 0; i < n; i++) {
        size_t il = strlen(offers[i].insert);
        if (offers[i].erase <= pos) {
            size_t base = pos - offers[i].erase;
            if (base + il <= len && base + il > *next &&
                memcmp(target + base, offers[i].insert, il) == 0 &&
                span_keys(acc, target, pos, base + il) > 1)
                *next = base + il;
        }
        a11y_completion_clear(&offers[i]);
    }
    free(typed);
    return n;
}

void a11y_ksr_type(const a11y_complete_t *c, const char *target, a11y_ksr_engine engine,
                   a11y_ksr_policy policy, size_t max_shown, struct a11y_ksr *acc)
{
    size_t len = strlen(target);
    while (len && (target[len - 1] == '\n' || target[len - 1] == '\r'))
        len--;
    if (len == 0)
        return;
    acc->chars += count_chars(target, len);
    acc->keys_unaided += span_keys(acc, target, 0, len);
    acc->texts++;
    size_t pos = 0;
    int cjk_since = 0;          /* Chinese characters typed since the last offer */
    size_t tried_word_at = (size_t)-1;
    while (pos < len) {
        size_t k;
        bool prev_cjk = false;
        if (pos > 0) {
            size_t p = pos - 1;
            while (p > 0 && ((unsigned char)target[p] & 0xC0) == 0x80)
                p--;
            prev_cjk = cjk_at(target, len, p, &k);
        }
        if (policy == A11Y_KSR_LIST) {
            size_t next;
            size_t shown = list_at(c, target, len, pos, engine, max_shown, acc, &next);
            if (next > pos) {
                acc->keys_choose++;         /* the digit */
                acc->choices++;
                if (acc->trace)
                    acc->trace(acc->trace_arg, target + pos, next - pos, true);
                pos = next;
                continue;
            }
            if (target[pos] >= '1' && target[pos] <= '9' && (size_t)(target[pos] - '0') <= shown)
                acc->keys_choose++;         /* Escape: the digit would choose */
            acc->keys_typed += char_keys(acc, target, len, pos, &k);
            if (acc->trace)
                acc->trace(acc->trace_arg, target + pos, k, false);
            pos += k;
            continue;
        }
        if (policy == A11Y_KSR_AUTO) {
            /* the offer on screen, taken with one Tab when it is right */
            struct a11y_completion a;
            char *typed = strndup(target, pos);
            bool shown = false;
            if (typed && acc->offer) {
                memset(&a, 0, sizeof a);
                shown = acc->offer(acc->offer_arg, typed, &a.insert) && a.insert;
            } else if (typed && engine == A11Y_KSR_WORDS)
                shown = a11y_complete_words(c, typed, &a, 1) == 1;
            else if (typed)
                shown = a11y_complete_auto(c, typed, 2, &a);
            free(typed);
            if (shown) {
                size_t il = strlen(a.insert);
                bool right = pos + il <= len && memcmp(target + pos, a.insert, il) == 0 &&
                             span_keys(acc, target, pos, pos + il) > 1;
                if (!right) {
                    /* the accept-word key takes the offer up to its first word's end */
                    il = a11y_offer_word(a.insert);
                    right = il > 0 && pos + il <= len && memcmp(target + pos, a.insert, il) == 0 &&
                            span_keys(acc, target, pos, pos + il) > 1;
                }
                a11y_completion_clear(&a);
                if (right) {
                    acc->keys_choose++;
                    acc->choices++;
                    if (acc->trace)
                        acc->trace(acc->trace_arg, target + pos, il, true);
                    pos += il;
                    continue;
                }
            }
            acc->keys_typed += char_keys(acc, target, len, pos, &k);
            if (acc->trace)
                acc->trace(acc->trace_arg, target + pos, k, false);
            pos += k;
            continue;
        }
        bool tab;
        if (policy == A11Y_KSR_ORACLE) {
            tab = pos > 0;
        } else if (prev_cjk) {
            tab = cjk_since >= 2;
        } else {
            int w = word_typed(target, pos);
            tab = w == 1 && tried_word_at != pos - 1;
        }
        if (tab) {
            size_t next = best_offer(c, target, len, pos, engine, max_shown);
            long gain = next > pos ? span_keys(acc, target, pos, next) : 0;
            long cost = 2;      /* Tab and a digit */
            if (policy == A11Y_KSR_ORACLE) {
                if (gain > cost) {
                    acc->keys_choose += cost;
                    acc->choices++;
                    pos = next;
                    continue;
                }
            } else {
                acc->keys_choose++;         /* the Tab, useful or not */
                cjk_since = 0;
                tried_word_at = pos - 1;
                if (gain > 1) {
                    acc->keys_choose++;     /* the digit */
                    acc->choices++;
                    pos = next;
                    continue;
                }
                if (target[pos] >= '0' && target[pos] <= '9')
                    acc->keys_choose++;     /* Escape, or the digit would choose */
            }
        }
        bool cjk = cjk_at(target, len, pos, &k);
        acc->keys_typed += char_keys(acc, target, len, pos, &k);
        pos += k;
        if (cjk)
            cjk_since++;
    }
}

double a11y_ksr_value(const struct a11y_ksr *k)
{
    if (!k || k->chars == 0)
        return 0.0;
    return 1.0 - (double)(k->keys_typed + k->keys_choose) / (double)k->chars;
}

double a11y_ksr_saved(const struct a11y_ksr *k)
{
    if (!k || k->keys_unaided == 0)
        return 0.0;
    return 1.0 - (double)(k->keys_typed + k->keys_choose) / (double)k->keys_unaided;
}
