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

enum { MAX_CTX = 4, MAX_CAND = 64, MAX_TYPED_TOKENS = 512, PHRASE_TOKENS = 12,
       SENTENCE_TOKENS = 40 };

struct cand {
    const char *s;      /* slice of a corpus text */
    size_t len;
    int k;              /* longest context it followed */
    double score;
};

struct pool {
    struct cand c[MAX_CAND];
    size_t n;
};

static void pool_add(struct pool *p, const char *s, size_t len, int k, double w)
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

enum { CTX_UNKNOWN = -1, CTX_BOS = -2 };    /* context ids that are not tokens */

static bool ctx_match(const a11y_complete_t *c, const struct ctext *t, size_t i,
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

/* The places in the corpus that follow the last context token: after each
 * occurrence of it, or the start of every text when it is the start of the
 * answer. */
struct walk {
    const a11y_complete_t *c;
    int last;
    size_t o;
};

static bool walk_next(struct walk *w, const struct ctext **t, size_t *i)
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
static size_t typed_context(const a11y_complete_t *c, const char *typed, int *ctx,
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
static size_t snippet_offers(const a11y_complete_t *c, const char *typed,
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

/* ---- the automatic offer ------------------------------------------------ */

struct cont {
    const char *s;      /* continuation, to the end of its sentence */
    size_t len;
    size_t phrase;      /* bytes to the end of its first phrase */
    double w;
};

/* The byte lengths of the token ends in a continuation of t from token i. */
static size_t sentence_from(const struct ctext *t, size_t i, size_t from, size_t *phrase)
{
    size_t j = i, ph = 0;
    for (; j < t->n && j < i + SENTENCE_TOKENS; j++) {
        size_t end = t->t[j].off + t->t[j].len;
        if (!ph && (t->t[j].cls == CTOK_PUNCT || t->t[j].cls == CTOK_SENTENCE))
            ph = end - from;
        if (t->t[j].cls == CTOK_SENTENCE) {
            j++;
            break;
        }
    }
    size_t end = t->t[j - 1].off + t->t[j - 1].len;
    *phrase = ph ? ph : end - from;
    return end - from;
}

/* Is byte n of s the end of a token (so an offer never stops mid-word)? */
static bool token_end(const char *s, size_t len, size_t n)
{
    if (n == 0 || n > len)
        return false;
    if (n == len)
        return true;
    unsigned char a = (unsigned char)s[n - 1], b = (unsigned char)s[n];
    bool aw = (a >= 'a' && a <= 'z') || (a >= 'A' && a <= 'Z') || (a >= '0' && a <= '9') || a == '\'';
    bool bw = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '\'';
    return (b & 0xC0) != 0x80 && !(aw && bw) && b != ' ';
}

/* Consensus continuation of the places (t, i, from) in conts: the
 * token-aligned prefix with the most characters expected to be right --
 * its share of the places' weight (smoothed: one unseen place more)
 * times its length in characters raised to CONS_LEN_POW (< 1: a long
 * guess is less sure than its count says). Past the first phrase only
 * when two or more places agree; at least half the weight must agree.
 * Length in bytes, 0 if none. */
#define CONS_SMOOTH 1.0
#define CONS_LEN_POW 0.7
#define CJK_MIN_COUNT 1
#define CJK_SHARE 20
#define CJK_LONG_MIN 3
#define CJK_PIECE 2
#define CJK_CTX 2
#define CJK_LEN_POW 1.0
#define NEXT_WORD_SHARE 1000
#ifndef CONS_MIN_SHARE
#define CONS_MIN_SHARE 2.0
#endif
static size_t consensus(const struct cont *conts, size_t m, double total, const char **out)
{
    size_t best = 0;
    double best_score = 0;
    unsigned char alive[MAX_CAND];
    *out = NULL;
    for (size_t a = 0; a < m; a++) {
        /* a continuation that an earlier one equals gives the same answer */
        bool dup = false;
        for (size_t b = 0; b < a && !dup; b++)
            dup = conts[b].len == conts[a].len && memcmp(conts[b].s, conts[a].s, conts[a].len) == 0;
        if (dup)
            continue;
        for (size_t b = 0; b < m; b++)
            alive[b] = 1;
        size_t prev = 0, chars = 0;
        for (size_t n = 1; n <= conts[a].len; n++) {
            chars += ((unsigned char)conts[a].s[n - 1] & 0xC0) != 0x80;
            if (!token_end(conts[a].s, conts[a].len, n))
                continue;
            double sup = 0;
            size_t cnt = 0;
            for (size_t b = 0; b < m; b++) {
                if (alive[b] && (conts[b].len < n ||
                                 memcmp(conts[b].s + prev, conts[a].s + prev, n - prev) != 0))
                    alive[b] = 0;
                if (alive[b]) {
                    sup += conts[b].w;
                    cnt++;
                }
            }
            prev = n;
            if (sup * CONS_MIN_SHARE < total || (n > conts[a].phrase && cnt < 2))
                break;
            double score = sup / (total + CONS_SMOOTH) * pow((double)chars, CONS_LEN_POW);
            if (score > best_score) {
                best_score = score;
                best = n;
                *out = conts[a].s;
            }
        }
    }
    return best;
}

static void cont_add(struct cont *conts, size_t *m, double *total, const struct ctext *t,
                     size_t i, size_t from)
{
    if (*m >= MAX_CAND || t->hidden)
        return;
    size_t phrase, len = sentence_from(t, i, from, &phrase);
    const char *brace = memchr(t->s + from, '{', len);
    if (brace) {        /* a {placeholder}: offer only what comes before */
        len = (size_t)(brace - (t->s + from));
        if (phrase > len)
            phrase = len;
    }
    if (len == 0)
        return;
    double w = t->own ? 2.0 : 1.0;
    conts[(*m)++] = (struct cont){t->s + from, len, phrase, w};
    *total += w;
}

/* The most likely word starting with prefix after the context: the
 * longest context (k >= 0 tokens) with any such word, then the most
 * frequent word there. Fills conts with the places that word occurs (for
 * what may follow it) and returns the word's id, or -1. */
/* The most likely word starting with prefix after the context: the
 * contexts of 3, 2, 1 and (with a prefix) 0 tokens each vote with the
 * share of their places that continue with the word, weighted by
 * BW_WEIGHT^k (interpolated back-off: a long context the corpus knows
 * counts most, but one odd place in it does not outvote the rest).
 * *share: the winner's share of the votes. Returns its id, or -1. */
#define BW_WEIGHT 4.0
enum { BW_MAX = 256 };
static int best_word(const a11y_complete_t *c, const int *ctx, size_t nctx, const char *prefix,
                     size_t plen, double *share)
{
    int ids[BW_MAX];
    double score[BW_MAX];
    size_t nid = 0;
    double wsum = 0;
    *share = 1.0;
    for (int k = nctx < 3 ? (int)nctx : 3; k >= (plen ? 0 : 1); k--) {
        if (k > 0 && ctx[nctx - 1] == CTX_UNKNOWN)
            continue;
        int kid[BW_MAX];
        double kcnt[BW_MAX], all = 0;
        size_t kn = 0;
        if (k == 0) {
            for (size_t id = 0; id < c->nids && kn < BW_MAX; id++) {
                const struct cid *e = &c->ids[id];
                if (e->cls == CTOK_WORD && strlen(e->name) > plen &&
                    strncmp(e->name, prefix, plen) == 0) {
                    kid[kn] = (int)id;
                    kcnt[kn++] = (double)e->freq;
                    all += (double)e->freq;
                }
            }
        } else {
            struct walk wk = {c, ctx[nctx - 1], 0};
            const struct ctext *t;
            size_t i;
            while (walk_next(&wk, &t, &i)) {
                if (!ctx_match(c, t, i, ctx, nctx, k))
                    continue;
                const struct ctok *tk = &t->t[i];
                if (tk->cls != CTOK_WORD ||
                    (plen && strncmp(c->ids[tk->id].name, prefix, plen) != 0))
                    continue;
                size_t j = 0;
                while (j < kn && kid[j] != tk->id)
                    j++;
                if (j == kn) {
                    if (kn == BW_MAX)
                        continue;
                    kid[kn] = tk->id;
                    kcnt[kn++] = 0;
                }
                double w = t->own ? 2 : 1;
                kcnt[j] += w;
                all += w;
            }
        }
        if (all <= 0)
            continue;
        double wk = pow(BW_WEIGHT, k);
        wsum += wk;
        for (size_t j = 0; j < kn; j++) {
            size_t m = 0;
            while (m < nid && ids[m] != kid[j])
                m++;
            if (m == nid) {
                if (nid == BW_MAX)
                    continue;
                ids[nid] = kid[j];
                score[nid++] = 0;
            }
            score[m] += wk * kcnt[j] / all;
        }
    }
    int best = -1;
    double bs = 0;
    for (size_t m = 0; m < nid; m++)
        if (score[m] > bs || (score[m] == bs && best >= 0 &&
                              c->ids[ids[m]].freq > c->ids[best].freq)) {
            best = ids[m];
            bs = score[m];
        }
    if (best >= 0 && wsum > 0)
        *share = bs / wsum;
    return best;
}

bool a11y_complete_auto(const a11y_complete_t *c, const char *typed, int min_ctx,
                        struct a11y_completion *out)
{
    memset(out, 0, sizeof *out);
    if (!c || !typed || !*typed)
        return false;
    int ctx[MAX_CTX + 1];
    char prefix[256];
    bool partial_cjk;
    size_t nctx = typed_context(c, typed, ctx, prefix, sizeof prefix, &partial_cjk);
    size_t plen = strlen(prefix);
    struct cont *conts = malloc(MAX_CAND * sizeof *conts);
    if (!conts)
        return false;
    size_t m = 0, best = 0;
    double total = 0;
    const char *bs = NULL;
    /* 1. A long context the corpus knows: what half of its places agree on
     * (the longest context with places; Chinese: see below). */
    for (int k = (int)nctx; k >= min_ctx && k > 0 && !bs; k--) {
        if (ctx[nctx - 1] == CTX_UNKNOWN)
            break;
        m = 0;
        total = 0;
        struct walk wk = {c, ctx[nctx - 1], 0};
        const struct ctext *t;
        size_t i;
        while (m < MAX_CAND && walk_next(&wk, &t, &i)) {
            if (!ctx_match(c, t, i, ctx, nctx, k))
                continue;
            const struct ctok *tk = &t->t[i];
            if (plen && (tk->cls != CTOK_WORD || strncmp(c->ids[tk->id].name, prefix, plen) != 0))
                continue;
            cont_add(conts, &m, &total, t, i, tk->off + plen);
        }
        if (m == 0)
            continue;
        best = consensus(conts, m, total, &bs);
        if (bs && best < 2)
            bs = NULL;
        if (bs && partial_cjk) {
            /* Chinese: a long offer that is wrong saves nothing (the
             * accept-word key takes four characters), while one or two
             * characters are often right and worth several pinyin keys
             * each: a phrase only when most places, and at least
             * CJK_LONG_MIN, agree -- else a shorter context may have them */
            size_t agree = 0;
            for (size_t b = 0; b < m; b++)
                agree += conts[b].len >= best && memcmp(conts[b].s, bs, best) == 0;
            if (agree < CJK_LONG_MIN || agree * 3 < m * 2) {
                bs = NULL;
                continue;
            }
        }
        break;      /* the longest context with places decides */
    }
    /* 2. Otherwise the most likely word for the letters typed (or, after a
     * space, the next word when a quarter of the places agree on it), and what follows
     * it when its places agree. */
    size_t tlen = strlen(typed);
    bool after_space = tlen && typed[tlen - 1] == ' ' && !partial_cjk;
    double share = 0;
    int w = !bs && (plen || after_space) ? best_word(c, ctx, nctx, prefix, plen, &share) : -1;
    if (w >= 0 && !plen && share * NEXT_WORD_SHARE < 1.0)
        w = -1;
    if (w >= 0) {
        const struct cid *e = &c->ids[w];
        m = 0;
        total = 0;
        for (size_t o = 0; o < e->nocc && m < MAX_CAND; o++) {
            const struct ctext *t = &c->texts[e->occ[o].text];
            cont_add(conts, &m, &total, t, e->occ[o].tok, t->t[e->occ[o].tok].off + plen);
        }
        size_t wl = strlen(e->name) - plen;
        best = consensus(conts, m, total, &bs);
        if (best < wl || !bs) {
            /* the word alone, as the corpus spells it */
            const struct ctext *t = &c->texts[e->occ[0].text];
            bs = t->s + t->t[e->occ[0].tok].off + plen;
            best = wl;
        } else if (m < 2 || best > wl) {
            /* past the word only when two or more places agree */
            size_t agree = 0;
            for (size_t b = 0; b < m; b++)
                agree += conts[b].len >= best && memcmp(conts[b].s, bs, best) == 0;
            if (agree < 2)
                best = wl;
        }
    }
    /* 3. Chinese, where nothing is "partly typed": the two characters that
     * most often follow the last one or two, when they are a clear
     * favourite (at least twice, and a third of the places). */
    if (!bs && partial_cjk && nctx && ctx[nctx - 1] >= 0) {
        for (int k = nctx > CJK_CTX ? CJK_CTX : (int)nctx; k >= 1 && !bs; k--) {
            struct pool *pl = calloc(1, sizeof *pl);
            if (!pl)
                break;
            struct walk wk = {c, ctx[nctx - 1], 0};
            const struct ctext *t;
            size_t i, seen = 0;
            while (walk_next(&wk, &t, &i)) {
                if (!ctx_match(c, t, i, ctx, nctx, k) || t->t[i].cls != CTOK_CJK)
                    continue;
                seen++;
                double w = t->own ? 2.0 : 1.0;
                /* one to CJK_PIECE characters, each weighted by its length
                 * (what it saves when right); one character is worth it:
                 * with pinyin input a character costs several keys */
                for (size_t j = i; j < t->n && j < i + CJK_PIECE && t->t[j].cls == CTOK_CJK; j++)
                    pool_add(pl, t->s + t->t[i].off, t->t[j].off + t->t[j].len - t->t[i].off,
                             k, w * pow((double)(j - i + 1), CJK_LEN_POW) / 2);
            }
            size_t top = 0;
            for (size_t j = 1; j < pl->n; j++)
                if (pl->c[j].score > pl->c[top].score)
                    top = j;
            if (pl->n && pl->c[top].score >= CJK_MIN_COUNT && pl->c[top].score * CJK_SHARE >= (double)seen) {
                bs = pl->c[top].s;
                best = pl->c[top].len;
            }
            free(pl);
        }
    }
    if (bs)
        while (best > 0 && bs[best - 1] == ' ')
            best--;
    /* an offer ending with a whole English word takes the space after it,
     * as word prediction does: one key less per word. Before punctuation
     * the accept-word key takes the word without the space. */
    bool space = false;
    if (bs && best > 0) {
        unsigned char last = (unsigned char)bs[best - 1];
        space = (last >= 'a' && last <= 'z') || (last >= 'A' && last <= 'Z') ||
                (last >= '0' && last <= '9') || last == '\'';
    }
    free(conts);
    /* Two characters or more: less is not worth a line on screen and a key. */
    size_t chars = 0;
    for (size_t i = 0; bs && i < best; i++)
        chars += ((unsigned char)bs[i] & 0xC0) != 0x80;
    if (!bs || best == 0 || (chars < 2 && (unsigned char)bs[0] < 0x80))
        return false;
    out->insert = malloc(best + 2);
    if (out->insert) {
        memcpy(out->insert, bs, best);
        out->insert[best] = ' ';
        out->insert[best + space] = '\0';
    }
    out->context = (int)nctx;
    return out->insert != NULL;
}

size_t a11y_offer_word(const char *insert)
{
    size_t n = strlen(insert), i = 0;
    while (i < n && insert[i] == ' ')
        i++;
    if (i < n && (unsigned char)insert[i] >= 0x80) {
        /* Chinese: up to the first punctuation mark or four characters */
        int chars = 0;
        while (i < n && chars < 4) {
            size_t j = i + 1;
            while (j < n && ((unsigned char)insert[j] & 0xC0) == 0x80)
                j++;
            i = j;
            chars++;
        }
        return i;
    }
    while (i < n && insert[i] != ' ')
        i++;
    return i;
}
