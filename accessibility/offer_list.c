/* offer_list.c -- the list of offers kept in view (complete.h,
 * a11y_complete_list; input.offer_list): up to nine numbered continuations,
 * a digit takes one.
 *
 * With a list in view a wrong guess costs nothing but a glance, so the
 * list holds the most probable candidates, not only the one the engine is
 * sure of:
 *  - the automatic offer (offer_auto.c) when it is a phrase (more than one
 *    word): the corpus's consensus continuation, first;
 *  - the words that complete the letters typed, or the next word after a
 *    space, by the same interpolated back-off votes as the automatic
 *    offer (the corpus's contexts of 3..0 words and the general English
 *    model): P(word) = its share of the votes;
 *  - when the letters typed may already be a whole word (or the answer
 *    ends with a punctuation mark), the next word with the space before
 *    it, P = P(the word is whole) * P(next word);
 *  - a word carries the space after it when that is worth it: the corpus's
 *    share of its places followed by another word (not a mark) must reach
 *    letters / (letters + 1), where taking the word without the space
 *    saves as much on average (exactly what comes next or nothing: a word
 *    with a space before a comma is no use). Tuning set, list of 5: 60.0%
 *    against 52.8% with a space after every word and 55.4% with none;
 *    a word only the general model knows: LIST_GEN_SPACE;
 *  - the most probable first (tuning set, list of 5: 60.8% against 60.0%
 *    ranked by keys expected to be saved, P * (characters - 1)).
 * Chinese: the character n-gram's pieces with the most IME keys expected
 * to be saved (offer_cjk.c, cjk_pieces). A snippet abbreviation gives its
 * expansion. Nothing is listed while the answer ends with a digit, so that
 * a number is typed digit after digit (complete.h), nor after a word of
 * capitals ("TB"), the start of an order or tracking number.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "complete_int.h"

#define LIST_GEN_SPACE 0.85     /* a general-model word: followed by a word */
#define LIST_MIN_WHOLE 0.05     /* the letters typed are a whole word at least this likely */
enum { LIST_ITEMS = 96, SPACE_PLACES = 64 };

struct litem {
    char *ins;
    double p;           /* how likely it is what comes next */
};

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* The share of the corpus's places of word id that another word follows
 * (after a space), not a punctuation mark or the end. */
static double space_share(const a11y_complete_t *c, int id)
{
    if (id < 0)
        return LIST_GEN_SPACE;
    const struct cid *e = &c->ids[id];
    size_t seen = 0, words = 0;
    for (size_t o = 0; o < e->nocc && seen < SPACE_PLACES; o++) {
        const struct ctext *t = &c->texts[e->occ[o].text];
        size_t i = e->occ[o].tok;
        seen++;
        if (i + 1 < t->n && t->t[i + 1].cls == CTOK_WORD &&
            t->t[i + 1].off > t->t[i].off + t->t[i].len)
            words++;
    }
    return seen ? (double)words / (double)seen : LIST_GEN_SPACE;
}

static void add_item(struct litem *it, size_t *n, char *ins, double p)
{
    if (!ins)
        return;
    for (size_t i = 0; i < *n; i++)
        if (strcmp(it[i].ins, ins) == 0) {
            it[i].p += p;       /* the same text by two ways */
            free(ins);
            return;
        }
    if (*n == LIST_ITEMS || p <= 0) {
        free(ins);
        return;
    }
    it[(*n)++] = (struct litem){ins, p};
}

/* The words for the letters typed (prefix) after text[0..) -- or after
 * text + " " when lead -- each with P = share * weight. */
static void word_items(const a11y_complete_t *c, const char *text, bool lead, double weight,
                       struct litem *it, size_t *n, double *whole)
{
    size_t tl = strlen(text);
    char *t = malloc(tl + 2);
    struct wvote *v = malloc(WV_MAX * sizeof *v);
    if (!t || !v)
        goto out;
    memcpy(t, text, tl + 1);
    if (lead)
        memcpy(t + tl, " ", 2);
    int ctx[MAX_CTX + 1];
    char prefix[256];
    bool partial_cjk;
    size_t nctx = typed_context(c, t, ctx, prefix, sizeof prefix, &partial_cjk);
    size_t plen = strlen(prefix);
    if (partial_cjk || (!plen && t[strlen(t) - 1] != ' '))
        goto out;
    double wsum = 0;
    size_t nv = word_votes(c, t, ctx, nctx, prefix, plen, v, &wsum);
    if (wsum <= 0)
        goto out;
    for (size_t m = 0; m < nv; m++) {
        double p = weight * v[m].score / wsum;
        size_t wl = strlen(v[m].name);
        if (wl == plen) {
            if (whole)
                *whole += p;
            continue;
        }
        /* the rest of the word as the corpus spells it, or the general
         * model's (lower case) */
        const char *src = v[m].name;
        if (v[m].id >= 0 && c->ids[v[m].id].nocc) {
            const struct cocc *oc = &c->ids[v[m].id].occ[0];
            const struct ctext *tx = &c->texts[oc->text];
            src = tx->s + tx->t[oc->tok].off;
        }
        size_t rest = wl - plen;
        double sp = space_share(c, v[m].id);
        bool space = sp >= (double)rest / (double)(rest + 1);
        char *ins = malloc(rest + 3);
        if (!ins)
            break;
        size_t k = 0;
        if (lead)
            ins[k++] = ' ';
        memcpy(ins + k, src + plen, rest);
        k += rest;
        if (space)
            ins[k++] = ' ';
        ins[k] = '\0';
        if (!plen) {
            offer_fix_case(c, t, ins);
            char *w = ins + (lead ? 1 : 0);
            if ((strcmp(v[m].name, "i") == 0 || strncmp(v[m].name, "i'", 2) == 0) && w[0] == 'i')
                w[0] = 'I';
        }
        add_item(it, n, ins, p);
    }
out:
    free(v);
    free(t);
}

/* Does typed end with a word of two or more capital letters and nothing
 * else ("TB", "SF")? That is how order and tracking numbers begin
 * (TB20260318001, SF1234567890), and a digit comes next: with a list in
 * view that digit would take an offer ("TB" + 2 gave "TB the"), so none
 * is listed, as after a digit. A word in capitals ("OK", "USB") loses its
 * list; its few letters are typed. */
static bool code_prefix(const char *typed, size_t len)
{
    size_t i = len;
    while (i > 0 && typed[i - 1] >= 'A' && typed[i - 1] <= 'Z')
        i--;
    return len - i >= 2 && (i == 0 || !latin_word_byte((unsigned char)typed[i - 1]));
}

static int item_cmp(const void *a, const void *b)
{
    const struct litem *x = a, *y = b;
    return x->p < y->p ? 1 : x->p > y->p ? -1 : strcmp(x->ins, y->ins);
}

size_t a11y_complete_list(const a11y_complete_t *c, const char *typed,
                          struct a11y_completion *out, size_t max)
{
    if (!c || !typed || !out || max == 0)
        return 0;
    if (max > A11Y_COMPLETE_MAX)
        max = A11Y_COMPLETE_MAX;
    size_t len = strlen(typed);
    if (len == 0 || (typed[len - 1] >= '0' && typed[len - 1] <= '9'))
        return 0;
    bool handled;
    size_t n = snippet_offers(c, typed, out, max, &handled);
    if (handled)
        return n;
    if (code_prefix(typed, len))
        return 0;

    int ctx[MAX_CTX + 1];
    char prefix[256];
    bool partial_cjk;
    size_t nctx = typed_context(c, typed, ctx, prefix, sizeof prefix, &partial_cjk);
    if (partial_cjk || (nctx && ctx[nctx - 1] >= 0 && c->ids[ctx[nctx - 1]].cls != CTOK_WORD &&
                        (unsigned char)typed[len - 1] >= 0x80)) {
        /* Chinese (after a character or a Chinese punctuation mark) */
        const char *s[A11Y_COMPLETE_MAX];
        size_t sl[A11Y_COMPLETE_MAX];
        size_t m = cjk_pieces(c, ctx, nctx, s, sl, max);
        for (size_t i = 0; i < m; i++) {
            out[n].insert = strndup(s[i], sl[i]);
            if (!out[n].insert)
                break;
            out[n].erase = 0;
            out[n++].context = (int)nctx;
        }
        return n;
    }

    struct litem *it = malloc(LIST_ITEMS * sizeof *it);
    if (!it)
        return 0;
    size_t ni = 0;
    size_t plen = strlen(prefix);
    char last = typed[len - 1];
    if (plen) {
        double whole = 0;
        word_items(c, typed, false, 1.0, it, &ni, &whole);
        if (whole >= LIST_MIN_WHOLE && latin_word_byte((unsigned char)last))
            word_items(c, typed, true, whole, it, &ni, NULL);
    } else if (last == ' ') {
        word_items(c, typed, false, 1.0, it, &ni, NULL);
    } else if (strchr(",.!?;:", last)) {
        word_items(c, typed, true, 1.0, it, &ni, NULL);
    }
    qsort(it, ni, sizeof *it, item_cmp);
    /* the phrase the corpus agrees on, first when it is more than a word */
    struct a11y_completion a;
    if (a11y_complete_auto(c, typed, 2, &a)) {
        size_t i = 0, il = strlen(a.insert);
        while (i < il && a.insert[i] == ' ')
            i++;
        const char *sp = memchr(a.insert + i, ' ', il - i);
        if (sp && (size_t)(sp - a.insert) + 1 < il) {
            out[n] = a;
            out[n++].erase = 0;
        } else {
            a11y_completion_clear(&a);
        }
    }
    for (size_t i = 0; i < ni; i++) {
        bool dup = false;
        for (size_t j = 0; j < n && !dup; j++)
            dup = strcmp(out[j].insert, it[i].ins) == 0;
        if (n < max && !dup && utf8_chars(it[i].ins) >= 2) {
            out[n] = (struct a11y_completion){it[i].ins, 0, (int)nctx};
            n++;
        } else {
            free(it[i].ins);
        }
    }
    free(it);
    return n;
}
