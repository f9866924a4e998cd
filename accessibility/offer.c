/* offer.c -- what to offer for the text typed so far (complete.h).
 *
 * Back-off over context length: first the places in the corpus that follow
 * the last four tokens typed, then three, ... then none (only when part of
 * a word is typed, or nothing would ever match). At each place three cuts
 * are offered -- the rest of the word (for Chinese: the next four
 * characters), the rest of the phrase (through the next punctuation mark)
 * and the rest of the sentence -- because which is right depends on how
 * far the trainee's answer follows the knowledge base's wording.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "complete_int.h"

void pool_add(struct pool *p, const char *s, size_t len, int k, double w)
{
    if (len == 0)
        return;
    for (size_t i = 0; i < p->n; i++)
        if (p->c[i].len == len && memcmp(p->c[i].s, s, len) == 0) {
            if (k > p->c[i].k)
                p->c[i].k = k;
            p->c[i].score += w;
            return;
        }
    if (p->n < MAX_CAND)
        p->c[p->n++] = (struct cand){s, len, k, w};
}


static int cand_cmp(const void *a, const void *b)
{
    const struct cand *x = a, *y = b;
    if (x->k != y->k)
        return y->k - x->k;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    return x->len < y->len ? 1 : x->len > y->len ? -1 : 0;
}

/* Offer the cuts of text t from byte `from` (inside token i). */
static void cuts(struct pool *p, const struct ctext *t, size_t i, size_t from, int k,
                 double w)
{
    const struct ctok *tk = t->t;
    size_t end;
    /* the word, or four CJK characters */
    if (tk[i].cls == CTOK_WORD) {
        end = tk[i].off + tk[i].len;
    } else {
        size_t j = i;
        while (j + 1 < t->n && j < i + 3 && tk[j + 1].cls == CTOK_CJK)
            j++;
        end = tk[j].off + tk[j].len;
    }
    if (end > from)
        pool_add(p, t->s + from, end - from, k, w);
    /* the phrase: through the next punctuation mark */
    size_t j = i;
    while (j + 1 < t->n && j < i + PHRASE_TOKENS && tk[j].cls != CTOK_PUNCT &&
           tk[j].cls != CTOK_SENTENCE)
        j++;
    size_t pend = tk[j].off + tk[j].len;
    if (pend > end)
        pool_add(p, t->s + from, pend - from, k, w);
    /* the sentence */
    j = i;
    while (j + 1 < t->n && j < i + SENTENCE_TOKENS && tk[j].cls != CTOK_SENTENCE)
        j++;
    size_t send = tk[j].off + tk[j].len;
    if (send > pend)
        pool_add(p, t->s + from, send - from, k, w * 0.9);
}


bool ctx_match(const a11y_complete_t *c, const struct ctext *t, size_t i,
                      const int *ctx, size_t nctx, int k)
{
    (void)c;
    for (int d = 1; d <= k; d++) {
        int want = ctx[nctx - (size_t)d];
        if (want == CTX_BOS) {
            if (i != (size_t)d - 1)     /* the start of the text */
                return false;
            continue;
        }
        if ((size_t)d > i || t->t[i - (size_t)d].id != want)
            return false;
    }
    return true;
}

bool walk_next(struct walk *w, const struct ctext **t, size_t *i)
{
    const a11y_complete_t *c = w->c;
    if (w->last == CTX_BOS) {
        while (w->o < c->ntexts) {
            *t = &c->texts[w->o++];
            *i = 0;
            if ((*t)->n > 0 && !(*t)->hidden)
                return true;
        }
        return false;
    }
    if (w->last < 0)
        return false;
    const struct cid *e = &c->ids[w->last];
    while (w->o < e->nocc) {
        const struct cocc *oc = &e->occ[w->o++];
        *t = &c->texts[oc->text];
        *i = oc->tok + 1;
        if (*i < (*t)->n && !(*t)->hidden)
            return true;
    }
    return false;
}

/* Split typed into context ids and the partial word at its end. */
size_t typed_context(const a11y_complete_t *c, const char *typed, int *ctx,
                            char *prefix, size_t plen, bool *partial_cjk)
{
    size_t len = strlen(typed);
    struct ctok tok[MAX_TYPED_TOKENS];
    size_t n = ctok_split(typed, len, tok, MAX_TYPED_TOKENS);
    if (n > MAX_TYPED_TOKENS)
        n = MAX_TYPED_TOKENS;   /* a very long answer: only its start is seen */
    prefix[0] = '\0';
    *partial_cjk = false;
    if (n && tok[n - 1].cls == CTOK_WORD && tok[n - 1].off + tok[n - 1].len == len) {
        size_t l = tok[n - 1].len < plen - 1 ? tok[n - 1].len : plen - 1;
        for (size_t i = 0; i < l; i++) {
            char ch = typed[tok[n - 1].off + i];
            prefix[i] = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
        }
        prefix[l] = '\0';
        n--;
    }
    if (n && tok[n - 1].cls == CTOK_CJK && tok[n - 1].off + tok[n - 1].len == len)
        *partial_cjk = true;
    size_t start = n > MAX_CTX ? n - MAX_CTX : 0, m = 0;
    if (start == 0)
        ctx[m++] = CTX_BOS;     /* the answer's start is context too */
    for (size_t i = start; i < n; i++) {
        char buf[256];
        size_t l = tok[i].len < sizeof buf - 1 ? tok[i].len : sizeof buf - 1;
        for (size_t j = 0; j < l; j++) {
            char ch = typed[tok[i].off + j];
            buf[j] = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
        }
        buf[l] = '\0';
        ctx[m++] = cmp_find(c, buf);
    }
    return m;
}

/* A snippet abbreviation at the end of typed: a '/' after the start, a
 * space or any non-ASCII character (Chinese punctuation), then name
 * characters to the end. */
size_t snippet_offers(const a11y_complete_t *c, const char *typed,
                      struct a11y_completion *out, size_t max, bool *handled)
{
    size_t len = strlen(typed), s = len;
    while (s > 0 && ((typed[s - 1] >= 'a' && typed[s - 1] <= 'z') ||
                     (typed[s - 1] >= 'A' && typed[s - 1] <= 'Z') ||
                     (typed[s - 1] >= '0' && typed[s - 1] <= '9') || typed[s - 1] == '-' ||
                     typed[s - 1] == '_'))
        s--;
    *handled = false;
    if (s == 0 || typed[s - 1] != '/' || s == len)
        return 0;
    s--;
    if (s > 0 && typed[s - 1] != ' ' && typed[s - 1] != '\t' && (unsigned char)typed[s - 1] < 0x80)
        return 0;
    const char *ab = typed + s;
    size_t n = 0;
    const char *exact = a11y_complete_snippet_get(c, ab);
    for (size_t i = 0; i < c->nsnip && n < max; i++) {
        if (exact ? strcmp(c->snip[i].abbrev, ab) != 0
                  : strncmp(c->snip[i].abbrev, ab, len - s) != 0)
            continue;
        out[n].insert = strdup(c->snip[i].text);
        if (!out[n].insert)
            break;
        out[n].erase = len - s;
        out[n].context = -1;
        n++;
    }
    *handled = n > 0;
    return n;
}

size_t a11y_complete_offer(const a11y_complete_t *c, const char *typed,
                           struct a11y_completion *out, size_t max)
{
    if (!c || !typed || !out || max == 0)
        return 0;
    if (max > A11Y_COMPLETE_MAX)
        max = A11Y_COMPLETE_MAX;
    bool handled;
    size_t n = snippet_offers(c, typed, out, max, &handled);
    if (handled)
        return n;

    int ctx[MAX_CTX + 1];
    char prefix[256];
    bool partial_cjk;
    size_t nctx = typed_context(c, typed, ctx, prefix, sizeof prefix, &partial_cjk);
    size_t plen = strlen(prefix);
    struct pool *p = calloc(1, sizeof *p);
    if (!p)
        return 0;
    int kmax = (int)nctx;
    for (int k = kmax; k >= 0; k--) {
        if (k == 0 && plen == 0)
            break;      /* no context, no prefix: anything at all is noise */
        if (k > 0 && ctx[nctx - 1] == CTX_UNKNOWN)
            continue;
        double w = (double)((k + 1) * (k + 1));
        if (k > 0) {
            struct walk wk = {c, ctx[nctx - 1], 0};
            const struct ctext *t;
            size_t i;
            while (walk_next(&wk, &t, &i)) {
                if (!ctx_match(c, t, i, ctx, nctx, k))
                    continue;
                const struct ctok *tk = &t->t[i];
                if (plen && (tk->cls != CTOK_WORD ||
                             strncmp(c->ids[tk->id].name, prefix, plen) != 0))
                    continue;
                cuts(p, t, i, tk->off + plen, k, t->own ? 2 * w : w);
            }
        } else {
            for (size_t id = 0; id < c->nids; id++) {
                const struct cid *e = &c->ids[id];
                if (e->cls != CTOK_WORD || strncmp(e->name, prefix, plen) != 0)
                    continue;
                for (size_t o = 0; o < e->nocc; o++) {
                    const struct ctext *t = &c->texts[e->occ[o].text];
                    if (t->hidden)
                        continue;
                    cuts(p, t, e->occ[o].tok, t->t[e->occ[o].tok].off + plen, 0,
                         t->own ? 2 * w : w);
                }
            }
        }
        if (p->n >= max)
            break;
    }
    qsort(p->c, p->n, sizeof p->c[0], cand_cmp);
    for (size_t i = 0; i < p->n && n < max; i++) {
        out[n].insert = strndup(p->c[i].s, p->c[i].len);
        if (!out[n].insert)
            break;
        out[n].erase = 0;
        out[n].context = p->c[i].k;
        n++;
    }
    free(p);
    return n;
}

/* ---- the baseline ------------------------------------------------------- */

static int word_cmp(const void *a, const void *b)
{
    const struct cand *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    return x->len < y->len ? -1 : x->len > y->len;
}

size_t a11y_complete_words(const a11y_complete_t *c, const char *typed,
                           struct a11y_completion *out, size_t max)
{
    if (!c || !typed || !out || max == 0)
        return 0;
    if (max > A11Y_COMPLETE_MAX)
        max = A11Y_COMPLETE_MAX;
    int ctx[MAX_CTX + 1];
    char prefix[256];
    bool partial_cjk;
    size_t nctx = typed_context(c, typed, ctx, prefix, sizeof prefix, &partial_cjk);
    size_t plen = strlen(prefix);
    struct pool *p = calloc(1, sizeof *p);
    if (!p)
        return 0;
    if (plen) {
        /* an English word from the word list, most frequent first */
        for (size_t id = 0; id < c->nids; id++) {
            const struct cid *e = &c->ids[id];
            size_t l = strlen(e->name);
            if (e->cls == CTOK_WORD && l > plen && strncmp(e->name, prefix, plen) == 0 &&
                p->n < MAX_CAND)
                p->c[p->n++] = (struct cand){e->name + plen, l - plen, 0, (double)e->freq};
        }
    } else if (partial_cjk && nctx && ctx[nctx - 1] >= 0) {
        /* Chinese has no spaces: the "word list" is the corpus's two- and
         * three-character sequences, completed from the last character */
        const struct cid *e = &c->ids[ctx[nctx - 1]];
        for (size_t o = 0; o < e->nocc; o++) {
            const struct ctext *t = &c->texts[e->occ[o].text];
            size_t i = e->occ[o].tok + 1;
            if (t->hidden)
                continue;
            for (size_t j = i; j < t->n && j < i + 2 && t->t[j].cls == CTOK_CJK; j++)
                pool_add(p, t->s + t->t[i].off, t->t[j].off + t->t[j].len - t->t[i].off,
                         0, 1.0);
        }
    }
    qsort(p->c, p->n, sizeof p->c[0], word_cmp);
    size_t n = 0;
    for (size_t i = 0; i < p->n && n < max; i++) {
        /* an English word comes with the space after it, as in word
         * prediction (and as the phrase engine's automatic offer does) */
        bool space = plen > 0;
        out[n].insert = malloc(p->c[i].len + 2);
        if (!out[n].insert)
            break;
        memcpy(out[n].insert, p->c[i].s, p->c[i].len);
        memcpy(out[n].insert + p->c[i].len, " ", space ? 2 : 1);
        if (!space)
            out[n].insert[p->c[i].len] = '\0';
        out[n].erase = 0;
        out[n].context = 0;
        n++;
    }
    free(p);
    return n;
}
